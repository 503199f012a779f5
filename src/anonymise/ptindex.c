/* ptindex.c - anonymise: a uniform grid of point buckets.  Snapping asks
 * for the nearest public point, the spatial k check for the addresses
 * inside a disc, the hotspot rule for the subjects within a bandwidth:
 * all are "which points are near q", and a grid answers them in time
 * proportional to the points near q, not to every point.  Buckets are
 * one array sorted by cell (a counting sort), as spindex.c does for
 * polygons. */
#include <math.h>
#include <stdlib.h>

#include "anonymise/ptindex.h"

#define MAX_CELLS 4194304.0 /* 2^22 buckets at most */

struct pt_index {
    const csm_xy *p;
    size_t n;
    double x0, y0, cell, inv;
    long nx, ny;
    size_t *off; /* nx * ny + 1 offsets into idx */
    size_t *idx; /* point indexes, bucket by bucket, ascending within */
};

static long col_of(const pt_index *ix, double x)
{
    double c = floor((x - ix->x0) * ix->inv);

    if (!(c >= 0))
        return 0;
    return c >= (double)ix->nx ? ix->nx - 1 : (long)c;
}

static long row_of(const pt_index *ix, double y)
{
    double r = floor((y - ix->y0) * ix->inv);

    if (!(r >= 0))
        return 0;
    return r >= (double)ix->ny ? ix->ny - 1 : (long)r;
}

/* The bucket size: as asked, else about two points per bucket; never so
 * small that the grid passes MAX_CELLS. */
static void size_grid(pt_index *ix, const csm_box *b, double cell)
{
    double w = b->maxx - b->minx, h = b->maxy - b->miny;

    if (!(cell > 0))
        cell = sqrt(fmax(w * h, 1.0) / fmax(ix->n / 2.0, 1.0));
    if (!(cell > 0) || !isfinite(cell))
        cell = 1.0;
    while ((floor(w / cell) + 1) * (floor(h / cell) + 1) > MAX_CELLS)
        cell *= 2;
    ix->cell = cell;
    ix->inv = 1.0 / cell;
    ix->x0 = b->minx;
    ix->y0 = b->miny;
    ix->nx = (long)floor(w / cell) + 1;
    ix->ny = (long)floor(h / cell) + 1;
}

int pt_index_new(const csm_xy *p, size_t n, double cell_m, pt_index **out,
                 csm_error *err)
{
    pt_index *ix = calloc(1, sizeof *ix);
    size_t i, ncell, *fill = NULL;
    csm_box b;

    *out = NULL;
    if (!ix)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    ix->p = p;
    ix->n = n;
    csm_box_empty(&b);
    for (i = 0; i < n; i++)
        csm_box_add(&b, p[i]);
    if (!n)
        b.minx = b.miny = b.maxx = b.maxy = 0.0;
    size_grid(ix, &b, cell_m);
    ncell = (size_t)ix->nx * (size_t)ix->ny;
    ix->off = calloc(ncell + 1, sizeof *ix->off);
    ix->idx = malloc((n + 1) * sizeof *ix->idx);
    fill = malloc((ncell + 1) * sizeof *fill);
    if (!ix->off || !ix->idx || !fill) {
        free(fill);
        pt_index_free(ix);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++)
        ix->off[row_of(ix, p[i].y) * ix->nx + col_of(ix, p[i].x) + 1]++;
    for (i = 0; i < ncell; i++)
        ix->off[i + 1] += ix->off[i];
    for (i = 0; i < ncell; i++)
        fill[i] = ix->off[i];
    for (i = 0; i < n; i++) /* in index order: buckets stay ascending */
        ix->idx[fill[row_of(ix, p[i].y) * ix->nx + col_of(ix, p[i].x)]++] = i;
    free(fill);
    *out = ix;
    return CSM_OK;
}

void pt_index_free(pt_index *ix)
{
    if (!ix)
        return;
    free(ix->off);
    free(ix->idx);
    free(ix);
}

/* Consider bucket (c, r) for the nearest point. */
static void nearest_in(const pt_index *ix, long c, long r, csm_xy q, long *best,
                       double *best2)
{
    size_t k, b;

    if (c < 0 || r < 0 || c >= ix->nx || r >= ix->ny)
        return;
    b = (size_t)r * (size_t)ix->nx + (size_t)c;
    for (k = ix->off[b]; k < ix->off[b + 1]; k++) {
        size_t i = ix->idx[k];
        double dx = ix->p[i].x - q.x, dy = ix->p[i].y - q.y;
        double d2 = dx * dx + dy * dy;
        if (d2 < *best2 || (d2 == *best2 && (*best < 0 || (long)i < *best))) {
            *best = (long)i;
            *best2 = d2;
        }
    }
}

long pt_index_nearest(const pt_index *ix, csm_xy q, double max_d, double *d)
{
    long c0 = col_of(ix, q.x), r0 = row_of(ix, q.y), best = -1, ring, k;
    long span = ix->nx > ix->ny ? ix->nx : ix->ny;
    double best2 = max_d * max_d;

    if (d)
        *d = 0.0;
    if (!ix->n || !(max_d >= 0))
        return -1;
    /* rings of buckets around q's (clamped) bucket: every point of ring
     * 'ring' is at least (ring - 1) buckets away, even when q lies off the
     * grid, so stop once that passes the best distance */
    for (ring = 0; ring <= span; ring++) {
        double gap = (ring - 1) * ix->cell;
        if (ring > 0 && gap > 0 && gap * gap > best2)
            break;
        if (ring == 0) {
            nearest_in(ix, c0, r0, q, &best, &best2);
            continue;
        }
        for (k = -ring; k <= ring; k++) {
            nearest_in(ix, c0 + k, r0 - ring, q, &best, &best2);
            nearest_in(ix, c0 + k, r0 + ring, q, &best, &best2);
        }
        for (k = -ring + 1; k <= ring - 1; k++) {
            nearest_in(ix, c0 - ring, r0 + k, q, &best, &best2);
            nearest_in(ix, c0 + ring, r0 + k, q, &best, &best2);
        }
    }
    if (d && best >= 0)
        *d = sqrt(best2);
    return best;
}

int pt_index_within(const pt_index *ix, csm_xy q, double r2, pt_visit_fn fn,
                    void *arg)
{
    double r = sqrt(r2 > 0 ? r2 : 0);
    long c0, c1, r0, r1, c, row;
    size_t k;
    int stop;

    if (!ix->n || !(r2 > 0))
        return 0;
    if (q.x + r < ix->x0 || q.y + r < ix->y0 ||
        q.x - r > ix->x0 + ix->nx * ix->cell ||
        q.y - r > ix->y0 + ix->ny * ix->cell)
        return 0;
    c0 = col_of(ix, q.x - r);
    c1 = col_of(ix, q.x + r);
    r0 = row_of(ix, q.y - r);
    r1 = row_of(ix, q.y + r);
    for (row = r0; row <= r1; row++)
        for (c = c0; c <= c1; c++) {
            size_t b = (size_t)row * (size_t)ix->nx + (size_t)c;
            for (k = ix->off[b]; k < ix->off[b + 1]; k++) {
                size_t i = ix->idx[k];
                double dx = ix->p[i].x - q.x, dy = ix->p[i].y - q.y;
                double d2 = dx * dx + dy * dy;
                if (d2 < r2 && (stop = fn(arg, i, d2)) != 0)
                    return stop;
            }
        }
    return 0;
}

static int count_one(void *arg, size_t i, double d2)
{
    (void)i;
    (void)d2;
    ++*(size_t *)arg;
    return 0;
}

size_t pt_index_count_within(const pt_index *ix, csm_xy q, double r2)
{
    size_t n = 0;

    pt_index_within(ix, q, r2, count_one, &n);
    return n;
}
