/* spindex.c - anonymise: which area polygon holds a point, fast enough for a
 * million points in 35,000 polygons.
 *
 * Two levels.  A uniform grid over the polygons' bounding boxes lists, per
 * grid cell, the polygons whose box touches it (in layer order, so the
 * first hit is the lowest feature index).  Then each polygon's edges are
 * bucketed into horizontal slabs: the even-odd ray from a point only
 * crosses edges whose y-range spans the point's y, and those all sit in
 * the point's slab.  The test on them is csm_geom_contains's, term for
 * term, so the answer is the same, only cheaper. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

typedef struct poly {
    csm_box box;
    double y0, inv; /* slab of y: floor((y - y0) * inv) */
    uint32_t nslab;
    size_t slab; /* first of nslab + 1 offsets in ix->slab_off */
} poly;

struct area_index {
    const csm_layer *areas;
    poly *poly;
    size_t *slab_off; /* into edge[] (pairs) */
    uint32_t *edge;   /* i, j: the edge pt[i] - pt[j] */
    csm_box all;
    double ginv;
    size_t gnx, gny;
    size_t *cell_off; /* gnx * gny + 1 */
    uint32_t *cell_poly;
};

static long slab_of(const poly *p, double y)
{
    double s = floor((y - p->y0) * p->inv);

    if (!(s >= 0))
        return 0;
    if (s >= p->nslab)
        return (long)p->nslab - 1;
    return (long)s;
}

/* Call fn for each non-horizontal edge of g: (i, j) as in
 * csm_geom_contains, j the vertex before i in its ring. */
#define FOR_EDGES(g, i, j)                                                     \
    for (size_t r_ = 0; r_ < (g)->npart; r_++)                                 \
        for (size_t i = (g)->part[r_], j = (g)->part[r_ + 1] - 1;              \
             i < (g)->part[r_ + 1]; j = i++)                                   \
            if ((g)->pt[i].y != (g)->pt[j].y)

static void set_slabs(poly *p, const csm_geom *g)
{
    csm_geom_bounds(g, &p->box);
    p->nslab = (uint32_t)(g->npt / 4);
    if (p->nslab < 1)
        p->nslab = 1;
    if (p->nslab > 4096)
        p->nslab = 4096;
    p->y0 = p->box.miny;
    p->inv = p->box.maxy > p->box.miny ? p->nslab / (p->box.maxy - p->box.miny)
                                       : 0.0;
}

static int build_slabs(area_index *ix, csm_error *err)
{
    const csm_layer *a = ix->areas;
    size_t k, nslabs = 0, nedge = 0;

    for (k = 0; k < a->n; k++) {
        set_slabs(&ix->poly[k], &a->feat[k].geom);
        ix->poly[k].slab = nslabs;
        nslabs += ix->poly[k].nslab + 1;
    }
    if (!(ix->slab_off = calloc(nslabs + 1, sizeof *ix->slab_off)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    /* count the edges per slab, then place them */
    for (k = 0; k < a->n; k++) {
        const csm_geom *g = &a->feat[k].geom;
        poly *p = &ix->poly[k];
        size_t *off = ix->slab_off + p->slab;
        FOR_EDGES(g, i, j)
        {
            long s0 = slab_of(p, fmin(g->pt[i].y, g->pt[j].y));
            long s1 = slab_of(p, fmax(g->pt[i].y, g->pt[j].y));
            for (long s = s0; s <= s1; s++)
                off[s + 1]++;
        }
    }
    for (k = 0; k < nslabs; k++)
        nedge += ix->slab_off[k + 1], ix->slab_off[k + 1] = nedge;
    if (!(ix->edge = malloc((2 * nedge + 2) * sizeof *ix->edge)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    {
        size_t *fill = malloc((nslabs + 1) * sizeof *fill);
        if (!fill)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        memcpy(fill, ix->slab_off, (nslabs + 1) * sizeof *fill);
        for (k = 0; k < a->n; k++) {
            const csm_geom *g = &a->feat[k].geom;
            poly *p = &ix->poly[k];
            FOR_EDGES(g, i, j)
            {
                long s0 = slab_of(p, fmin(g->pt[i].y, g->pt[j].y));
                long s1 = slab_of(p, fmax(g->pt[i].y, g->pt[j].y));
                for (long s = s0; s <= s1; s++) {
                    size_t e = fill[p->slab + s]++;
                    ix->edge[2 * e] = (uint32_t)i;
                    ix->edge[2 * e + 1] = (uint32_t)j;
                }
            }
        }
        free(fill);
    }
    return CSM_OK;
}

static size_t gcol(const area_index *ix, double x)
{
    double c = floor((x - ix->all.minx) * ix->ginv);
    if (!(c >= 0))
        return 0;
    return c >= (double)ix->gnx ? ix->gnx - 1 : (size_t)c;
}

static size_t grow(const area_index *ix, double y)
{
    double c = floor((y - ix->all.miny) * ix->ginv);
    if (!(c >= 0))
        return 0;
    return c >= (double)ix->gny ? ix->gny - 1 : (size_t)c;
}

static int build_grid(area_index *ix, csm_error *err)
{
    const csm_layer *a = ix->areas;
    size_t k, used = 0, ncell, total = 0;
    double w, h, cell;
    size_t *fill;

    csm_box_empty(&ix->all);
    for (k = 0; k < a->n; k++)
        if (!csm_box_is_empty(&ix->poly[k].box)) {
            csm_box_union(&ix->all, &ix->poly[k].box);
            used++;
        }
    if (!used) {
        ix->gnx = ix->gny = 1;
        ix->ginv = 0;
    } else {
        /* about four cells per polygon, at most 2^22 cells */
        double target = fmin(4.0 * used, 4194304.0);
        w = ix->all.maxx - ix->all.minx;
        h = ix->all.maxy - ix->all.miny;
        cell = sqrt(fmax(w * h, 1e-12) / target);
        if (cell < fmax(w, h) / target)
            cell = fmax(w, h) / target;
        if (!(cell > 0))
            cell = 1.0;
        ix->ginv = 1.0 / cell;
        ix->gnx = (size_t)fmin(floor(w / cell) + 1, 4194304.0);
        ix->gny = (size_t)fmin(floor(h / cell) + 1, 4194304.0);
        while (ix->gnx * ix->gny > 8388608) { /* rounding guard */
            ix->ginv /= 2;
            ix->gnx = ix->gnx / 2 + 1;
            ix->gny = ix->gny / 2 + 1;
        }
    }
    ncell = ix->gnx * ix->gny;
    if (!(ix->cell_off = calloc(ncell + 1, sizeof *ix->cell_off)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < a->n; k++) {
        const csm_box *b = &ix->poly[k].box;
        if (csm_box_is_empty(b))
            continue;
        for (size_t y = grow(ix, b->miny); y <= grow(ix, b->maxy); y++)
            for (size_t x = gcol(ix, b->minx); x <= gcol(ix, b->maxx); x++)
                ix->cell_off[y * ix->gnx + x + 1]++;
    }
    for (k = 0; k < ncell; k++)
        total += ix->cell_off[k + 1], ix->cell_off[k + 1] = total;
    ix->cell_poly = malloc((total + 1) * sizeof *ix->cell_poly);
    fill = malloc((ncell + 1) * sizeof *fill);
    if (!ix->cell_poly || !fill) {
        free(fill);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    memcpy(fill, ix->cell_off, (ncell + 1) * sizeof *fill);
    for (k = 0; k < a->n; k++) { /* in layer order: lists stay sorted */
        const csm_box *b = &ix->poly[k].box;
        if (csm_box_is_empty(b))
            continue;
        for (size_t y = grow(ix, b->miny); y <= grow(ix, b->maxy); y++)
            for (size_t x = gcol(ix, b->minx); x <= gcol(ix, b->maxx); x++)
                ix->cell_poly[fill[y * ix->gnx + x]++] = (uint32_t)k;
    }
    free(fill);
    return CSM_OK;
}

int area_index_new(const csm_layer *areas, area_index **out, csm_error *err)
{
    area_index *ix;
    size_t k;
    int rc;

    *out = NULL;
    if (areas->n >= AGG_NONE)
        return csm_fail(err, CSM_EDATA, "layer '%s': too many areas",
                        areas->name);
    for (k = 0; k < areas->n; k++) {
        const csm_geom *g = &areas->feat[k].geom;
        if (g->npt && g->type != CSM_GEOM_POLYGON)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: not a polygon (areas must "
                            "be polygons)",
                            areas->name, areas->feat[k].row);
        if (g->npt >= AGG_NONE)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: too many "
                            "vertices",
                            areas->name, areas->feat[k].row);
    }
    if (!(ix = calloc(1, sizeof *ix)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    ix->areas = areas;
    if (!(ix->poly = calloc(areas->n + 1, sizeof *ix->poly)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else if (!(rc = build_slabs(ix, err)))
        rc = build_grid(ix, err);
    if (rc) {
        area_index_free(ix);
        return rc;
    }
    *out = ix;
    return CSM_OK;
}

void area_index_free(area_index *ix)
{
    if (!ix)
        return;
    free(ix->poly);
    free(ix->slab_off);
    free(ix->edge);
    free(ix->cell_off);
    free(ix->cell_poly);
    free(ix);
}

int area_index_contains(const area_index *ix, size_t k, csm_xy p)
{
    const poly *pl = &ix->poly[k];
    const csm_xy *pt = ix->areas->feat[k].geom.pt;
    size_t s, e, e1;
    int in = 0;

    if (p.x < pl->box.minx || p.x > pl->box.maxx || p.y < pl->box.miny ||
        p.y > pl->box.maxy)
        return 0;
    s = pl->slab + (size_t)slab_of(pl, p.y);
    e1 = ix->slab_off[s + 1];
    for (e = ix->slab_off[s]; e < e1; e++) {
        const csm_xy *u = &pt[ix->edge[2 * e]], *v = &pt[ix->edge[2 * e + 1]];
        if ((u->y > p.y) != (v->y > p.y) &&
            p.x < (v->x - u->x) * (p.y - u->y) / (v->y - u->y) + u->x)
            in = !in;
    }
    return in;
}

long area_index_find(const area_index *ix, csm_xy p)
{
    size_t c, e;

    if (csm_box_is_empty(&ix->all) || p.x < ix->all.minx ||
        p.x > ix->all.maxx || p.y < ix->all.miny || p.y > ix->all.maxy)
        return -1;
    c = grow(ix, p.y) * ix->gnx + gcol(ix, p.x);
    for (e = ix->cell_off[c]; e < ix->cell_off[c + 1]; e++)
        if (area_index_contains(ix, ix->cell_poly[e], p))
            return (long)ix->cell_poly[e];
    return -1;
}

int area_index_order(const area_index *ix, const csm_xy *p, size_t n,
                     size_t *order, csm_error *err)
{
    uint64_t *key = malloc((n + 1) * sizeof *key);
    size_t i;
    int rc;

    if (!key)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        uint64_t c = (uint64_t)grow(ix, p[i].y) * ix->gnx + gcol(ix, p[i].x);
        key[i] = c << 32 | (uint64_t)i;
    }
    if (!(rc = sort_u64(key, n, err)))
        for (i = 0; i < n; i++)
            order[i] = (size_t)(key[i] & 0xffffffffu);
    free(key);
    return rc;
}

int area_index_find_all(const area_index *ix, const csm_xy *p, size_t n,
                        uint32_t *out, csm_error *err)
{
    size_t *order = malloc((n + 1) * sizeof *order), i;
    int rc;

    if (!order)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    /* neighbours in turn: their polygons stay in the cache */
    if (!(rc = area_index_order(ix, p, n, order, err)))
        for (i = 0; i < n; i++) {
            long k = area_index_find(ix, p[order[i]]);
            out[order[i]] = k < 0 ? AGG_NONE : (uint32_t)k;
        }
    free(order);
    return rc;
}
