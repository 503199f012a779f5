/* member.c - anonymise: which areas hold a point.  Areas of a coverage
 * layer may overlap (school catchments, wards and the estates inside
 * them), so a point may lie in several, and an area profile counts it in
 * each.  A coarse grid of the areas' boxes finds the candidates;
 * area_index_contains (spindex.c) decides, so the answer is exactly
 * csm_geom_contains's, edges included. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/profile.h"

/* A coarse grid of area boxes: which areas might hold a point. */
typedef struct agrid {
    csm_box all;
    size_t gx, gy;
    size_t *off; /* gx * gy + 1 */
    uint32_t *idx;
} agrid;

struct prof_areas {
    agrid grid;
    area_index *ix;
};

const char *csm_anonymise_area_problem(const csm_geom *g)
{
    double area = 0.0;
    size_t i;

    if (g->npt == 0)
        return "it has no geometry";
    if (g->type != CSM_GEOM_POLYGON)
        return "it is not a polygon";
    for (i = 0; i < g->npt; i++)
        if (!isfinite(g->pt[i].x) || !isfinite(g->pt[i].y))
            return "a coordinate is not a number";
    for (i = 0; i < g->npart; i++) {
        if (g->part[i + 1] - g->part[i] < 4)
            return "a ring has fewer than 4 points";
        area += fabs(csm_geom_ring_area(g, i));
    }
    if (!(area > 0.0))
        return "its rings enclose no area";
    return NULL;
}

static size_t gcell(double v, double lo, double hi, size_t n)
{
    double f = hi > lo ? (v - lo) / (hi - lo) : 0.0;
    size_t c = f <= 0.0 ? 0 : (size_t)(f * (double)n);

    return c >= n ? n - 1 : c;
}

static int build(agrid *gr, const csm_layer *areas, csm_error *err)
{
    size_t k, x, y, n = areas->n, *fill;

    memset(gr, 0, sizeof *gr);
    csm_layer_bounds(areas, &gr->all);
    gr->gx = gr->gy = (size_t)sqrt((double)n) + 1;
    gr->off = calloc(gr->gx * gr->gy + 2, sizeof *gr->off);
    fill = calloc(gr->gx * gr->gy + 1, sizeof *fill);
    if (!gr->off || !fill) {
        free(fill);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (int pass = 0; pass < 2; pass++) {
        for (k = 0; k < n; k++) {
            csm_box b;
            csm_geom_bounds(&areas->feat[k].geom, &b);
            size_t x0 = gcell(b.minx, gr->all.minx, gr->all.maxx, gr->gx);
            size_t x1 = gcell(b.maxx, gr->all.minx, gr->all.maxx, gr->gx);
            size_t y0 = gcell(b.miny, gr->all.miny, gr->all.maxy, gr->gy);
            size_t y1 = gcell(b.maxy, gr->all.miny, gr->all.maxy, gr->gy);
            for (y = y0; y <= y1; y++)
                for (x = x0; x <= x1; x++) {
                    size_t c = y * gr->gx + x;
                    if (pass == 0)
                        gr->off[c + 1]++;
                    else
                        gr->idx[fill[c]++] = (uint32_t)k;
                }
        }
        if (pass == 0) {
            for (k = 0; k < gr->gx * gr->gy; k++)
                gr->off[k + 1] += gr->off[k];
            memcpy(fill, gr->off, gr->gx * gr->gy * sizeof *fill);
            if (!(gr->idx = malloc((gr->off[gr->gx * gr->gy] + 1) *
                                   sizeof *gr->idx))) {
                free(fill);
                return csm_fail(err, CSM_ENOMEM, "out of memory");
            }
        }
    }
    free(fill);
    return CSM_OK;
}

size_t prof_member(const prof_areas *pa, csm_xy p, uint32_t *in)
{
    const agrid *gr = &pa->grid;
    const area_index *ix = pa->ix;
    size_t c, e, n = 0, i;

    if (csm_box_is_empty(&gr->all) || p.x < gr->all.minx ||
        p.x > gr->all.maxx || p.y < gr->all.miny || p.y > gr->all.maxy)
        return 0;
    c = gcell(p.y, gr->all.miny, gr->all.maxy, gr->gy) * gr->gx +
        gcell(p.x, gr->all.minx, gr->all.maxx, gr->gx);
    for (e = gr->off[c]; e < gr->off[c + 1] && n < PROF_MAX_MEMBER; e++) {
        uint32_t k = gr->idx[e];
        if (!area_index_contains(ix, k, p))
            continue;
        for (i = n++; i > 0 && in[i - 1] > k; i--) /* keep them sorted */
            in[i] = in[i - 1];
        in[i] = k;
    }
    return n;
}

int prof_areas_new(const csm_layer *areas, prof_areas **out, csm_error *err)
{
    prof_areas *pa = calloc(1, sizeof *pa);
    int rc;

    *out = NULL;
    if (!pa)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = area_index_new(areas, &pa->ix, err);
    if (!rc)
        rc = build(&pa->grid, areas, err);
    if (rc) {
        prof_areas_free(pa);
        return rc;
    }
    *out = pa;
    return CSM_OK;
}

void prof_areas_free(prof_areas *pa)
{
    if (!pa)
        return;
    free(pa->grid.off);
    free(pa->grid.idx);
    area_index_free(pa->ix);
    free(pa);
}
