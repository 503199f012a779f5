/* raster.c - compose: a layer's hotspot surface becomes one image item,
 * a pixel per cell in the class colours, transparent where no cell may be
 * shown.  Only the cells inside the frame's extent go into the image: a
 * PDF or SVG carries every pixel it embeds, clipped or not, and nothing
 * off the map should travel with it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

/* The class value's index among the layer's classes ("1".."n"), or -1. */
static long class_index(const compose_lyr *l, int cls)
{
    char v[16];
    size_t i;

    snprintf(v, sizeof v, "%d", cls);
    for (i = 0; i < l->nval; i++)
        if (!strcmp(l->val[i], v))
            return (long)i;
    return -1;
}

/* Columns [c0, c1) and rows [r0, r1) of r that overlap the extent. */
static int window(const compose_ctx *c, const csm_raster *r, size_t *c0,
                  size_t *c1, size_t *r0, size_t *r1)
{
    double a = floor((c->ext.minx - r->x0) / r->cell_m);
    double b = ceil((c->ext.maxx - r->x0) / r->cell_m);
    double t = floor((r->y1 - c->ext.maxy) / r->cell_m);
    double u = ceil((r->y1 - c->ext.miny) / r->cell_m);

    a = fmax(a, 0), t = fmax(t, 0);
    b = fmin(b, (double)r->nx), u = fmin(u, (double)r->ny);
    if (!(a < b && t < u))
        return 0;
    *c0 = (size_t)a, *c1 = (size_t)b, *r0 = (size_t)t, *r1 = (size_t)u;
    return 1;
}

/* Fill the image; mark the classes drawn for the legend.  Returns the
 * number of cells painted. */
static size_t paint(compose_lyr *l, const csm_raster *r, size_t c0, size_t c1,
                    size_t r0, size_t r1, unsigned char *px)
{
    long idx[256];
    size_t row, col, n = 0;
    int k;

    for (k = 1; k <= r->nclass && k < 256; k++)
        idx[k] = class_index(l, k);
    for (row = r0; row < r1; row++)
        for (col = c0; col < c1; col++, px += 4) {
            int cls = r->cls[row * r->nx + col];
            csm_rgba f;
            if (!cls || cls > r->nclass)
                continue; /* calloc'd: transparent */
            /* the layer's class symbol, else the shared ramp */
            f = idx[cls] >= 0 ? l->sym[idx[cls]].fill
                              : csm_raster_colour(cls, r->nclass);
            px[0] = (unsigned char)lround(f.r * 255);
            px[1] = (unsigned char)lround(f.g * 255);
            px[2] = (unsigned char)lround(f.b * 255);
            px[3] = (unsigned char)lround(f.a * 255);
            if (idx[cls] >= 0)
                l->drawn[idx[cls]] = CSM_GEOM_POLYGON; /* a swatch */
            n++;
        }
    return n;
}

int compose_raster(compose_ctx *c, size_t li, csm_error *err)
{
    const csm_raster *r = c->layers[li]->raster;
    size_t c0, c1, r0, r1;
    csm_item it;
    csm_xy tl, br;
    int rc;

    if (!r || !r->nclass || !window(c, r, &c0, &c1, &r0, &r1))
        return CSM_OK;
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_RASTER;
    it.img_w = c1 - c0;
    it.img_h = r1 - r0;
    if (!(it.rgba = calloc(it.img_w * it.img_h * 4 + 1, 1)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!paint(&c->lyr[li], r, c0, c1, r0, r1, it.rgba)) {
        free(it.rgba); /* nothing shown in the frame: no item */
        return CSM_OK;
    }
    tl = compose_to_page(c, (csm_xy){r->x0 + (double)c0 * r->cell_m,
                                     r->y1 - (double)r0 * r->cell_m});
    br = compose_to_page(c, (csm_xy){r->x0 + (double)c1 * r->cell_m,
                                     r->y1 - (double)r1 * r->cell_m});
    it.box = (csm_box){tl.x, tl.y, br.x, br.y};
    rc = csm_page_add(c->page, &it, err);
    free(it.rgba);
    return rc;
}
