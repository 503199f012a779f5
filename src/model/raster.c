/* raster.c - model: a grid of class numbers in the map's CRS (a hotspot
 * surface), and the colours its classes are drawn and exported in.  Plain
 * data: anonymise/ fills it, compose/ draws it, write/ exports it. */
#include <stdlib.h>

#include "csmap.h"

csm_raster *csm_raster_new(size_t nx, size_t ny, double x0, double y1,
                           double cell_m, const char *crs)
{
    csm_raster *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    r->nx = nx;
    r->ny = ny;
    r->x0 = x0;
    r->y1 = y1;
    r->cell_m = cell_m;
    /* nx * ny + 1: a 0 x 0 raster still has an array to free */
    if (nx && ny > ((size_t)-1 - 1) / nx) {
        free(r);
        return NULL;
    }
    r->cls = calloc(nx * ny + 1, 1);
    r->crs = crs ? csm_strdup(crs) : NULL;
    if (!r->cls || (crs && !r->crs)) {
        csm_raster_free(r);
        return NULL;
    }
    return r;
}

void csm_raster_free(csm_raster *r)
{
    if (!r)
        return;
    free(r->cls);
    free(r->crs);
    free(r);
}

/* Only drawn cells: the whole grid spans every point's bandwidth, so an
 * extent taken from it would reach out to a lone point nothing shows. */
void csm_raster_bounds(const csm_raster *r, csm_box *out)
{
    size_t row, col;

    csm_box_empty(out);
    for (row = 0; row < r->ny; row++)
        for (col = 0; col < r->nx; col++)
            if (r->cls[row * r->nx + col]) {
                double x = r->x0 + (double)col * r->cell_m;
                double y = r->y1 - (double)row * r->cell_m;
                csm_box_add(out, (csm_xy){x, y});
                csm_box_add(out, (csm_xy){x + r->cell_m, y - r->cell_m});
            }
}

/* Yellow through red to maroon, after ColorBrewer's YlOrRd (Brewer,
 * colorbrewer2.org), re-tuned so that greyscale lightness (Rec. 601 luma)
 * falls in even steps from 0.83 to 0.12: the classes keep their order and
 * stay apart on a photocopy, and the palest is still darker than a
 * neighbourhood's grey fill. */
static const double ramp[7][3] = {{0xFD, 0xD2, 0x6E}, {0xFB, 0xA6, 0x4A},
                                  {0xF5, 0x7C, 0x38}, {0xE8, 0x4F, 0x2B},
                                  {0xCF, 0x2A, 0x27}, {0xA0, 0x10, 0x25},
                                  {0x5E, 0x00, 0x1F}};

csm_rgba csm_raster_colour(int k, int n)
{
    csm_rgba c = {0, 0, 0, 0};
    double t, f;
    int i;

    if (n < 1 || k < 1 || k > n)
        return c;
    /* class k of n at t along the ramp, first and last always used; a
     * straight line between entries keeps the lightness steps even */
    t = n == 1 ? 3.0 : 6.0 * (k - 1) / (n - 1);
    i = t >= 6.0 ? 5 : (int)t;
    f = t - i;
    c.r = ((1 - f) * ramp[i][0] + f * ramp[i + 1][0]) / 255.0;
    c.g = ((1 - f) * ramp[i][1] + f * ramp[i + 1][1]) / 255.0;
    c.b = ((1 - f) * ramp[i][2] + f * ramp[i + 1][2]) / 255.0;
    c.a = 1.0;
    return c;
}
