/* grid.c - anonymise: counts of distinct subjects per square or hexagonal
 * cell, aligned to the CRS origin so that a 250 m grid nests in a 500 m
 * one and two maps of the same place share their cells.
 *
 * Squares: cell (i, j) is [i*c, (i+1)*c) x [j*c, (j+1)*c).
 * Hexagons: pointy-top (a vertex up), of the same area as a c x c square
 * (circumradius R = c * sqrt(2 / (3 sqrt 3)), about 0.62 c), so cell_m
 * means the same privacy strength for both; axial coordinates (q, r) with
 * hexagon (0, 0) centred on the origin; a point belongs to the nearest
 * centre (cube rounding). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

#define SQRT3 1.7320508075688772
#define PI 3.14159265358979323846
#define OFFSET 2147483648.0 /* 2^31: signed cell numbers to unsigned */

double grid_hex_radius(double cell_m)
{
    return cell_m * sqrt(2.0 / (3.0 * SQRT3));
}

void grid_cell(csm_xy p, double c, int hex, long *i, long *j)
{
    double R, q, r, s, rq, rr, rs, dq, dr, ds;

    if (!hex) {
        *i = (long)floor(p.x / c);
        *j = (long)floor(p.y / c);
        return;
    }
    R = grid_hex_radius(c);
    q = (SQRT3 / 3.0 * p.x - p.y / 3.0) / R;
    r = (2.0 / 3.0 * p.y) / R;
    s = -q - r;
    rq = round(q);
    rr = round(r);
    rs = round(s);
    dq = fabs(rq - q);
    dr = fabs(rr - r);
    ds = fabs(rs - s);
    if (dq > dr && dq > ds)
        rq = -rr - rs;
    else if (dr > ds)
        rr = -rq - rs;
    *i = (long)rq;
    *j = (long)rr;
}

static double mm(double v)
{
    return round(v * 1000.0) / 1000.0;
}

size_t grid_ring(long i, long j, double c, int hex, csm_xy *ring)
{
    size_t k;

    if (!hex) {
        double x0 = (double)i * c, y0 = (double)j * c;
        double x1 = (double)(i + 1) * c, y1 = (double)(j + 1) * c;
        ring[0] = (csm_xy){x0, y0};
        ring[1] = (csm_xy){x1, y0};
        ring[2] = (csm_xy){x1, y1};
        ring[3] = (csm_xy){x0, y1};
        ring[4] = ring[0];
        return 5;
    } else {
        double R = grid_hex_radius(c);
        double cx = R * SQRT3 * ((double)i + (double)j / 2.0);
        double cy = R * 1.5 * (double)j;
        for (k = 0; k < 6; k++) {
            double a = (60.0 * (double)k - 30.0) * PI / 180.0;
            ring[k] = (csm_xy){mm(cx + R * cos(a)), mm(cy + R * sin(a))};
        }
        ring[6] = ring[0];
        return 7;
    }
}

typedef struct grid_ctx {
    double cell_m;
    int hex;
    uint64_t *key; /* the occupied cells, sorted */
    size_t nkey;
    const char *name; /* the layer, for messages */
} grid_ctx;

static int cell_key(csm_xy p, double c, int hex, uint64_t *key)
{
    long i, j;

    if (fabs(p.x / c) > 1e9 || fabs(p.y / c) > 1e9)
        return -1;
    grid_cell(p, c, hex, &i, &j);
    *key =
        (uint64_t)((double)i + OFFSET) << 32 | (uint64_t)((double)j + OFFSET);
    return 0;
}

/* agg_locate_fn: the cell of every vertex (vcell) and the sorted
 * occupied cells (g->key, *ncell of them). */
static int locate(void *ctx, const csm_xy *v, size_t n, uint32_t *vcell,
                  size_t *ncell, csm_error *err)
{
    grid_ctx *g = ctx;
    uint64_t *vk = malloc((n + 1) * sizeof *vk);
    size_t i, m = 0;
    int rc = CSM_OK;

    g->key = malloc((n + 1) * sizeof *g->key);
    if (!vk || !g->key) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < n; i++)
        if (cell_key(v[i], g->cell_m, g->hex, &vk[i])) {
            rc = csm_fail(err, CSM_EDATA,
                          "layer '%s': coordinates too far from the origin "
                          "for a grid (is the layer projected?)",
                          g->name);
            goto out;
        }
    memcpy(g->key, vk, n * sizeof *vk);
    if ((rc = sort_u64(g->key, n, err)))
        goto out;
    for (i = 0; i < n; i++)
        if (m == 0 || g->key[i] != g->key[m - 1])
            g->key[m++] = g->key[i];
    g->nkey = *ncell = m;
    for (i = 0; i < n; i++) { /* binary search: cells are few and sorted */
        size_t lo = 0, hi = m;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (g->key[mid] < vk[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        vcell[i] = (uint32_t)lo;
    }
out:
    free(vk);
    return rc;
}

static int build(const csm_layer *pts, const grid_ctx *g, const csm_policy *pol,
                 const agg_res *res, char **cat, csm_layer **out,
                 csm_error *err)
{
    csm_layer *l = NULL;
    size_t c;
    int rc;

    if ((rc = agg_layer(pts->name, NULL, res, cat, &l, err)))
        return rc;
    if (pts->crs && (rc = csm_layer_set_crs(l, pts->crs, err)))
        goto out;
    for (c = 0; c < g->nkey && !rc; c++) {
        csm_xy ring[7];
        csm_geom geom;
        long i = (long)((double)(g->key[c] >> 32) - OFFSET);
        long j = (long)((double)(g->key[c] & 0xffffffffu) - OFFSET);
        size_t n;

        if (res->shown[c] <= 0)
            continue; /* nothing is drawn for a suppressed cell */
        n = grid_ring(i, j, g->cell_m, g->hex, ring);
        csm_geom_init(&geom, CSM_GEOM_POLYGON);
        if ((rc = csm_geom_add_part(&geom, ring, n, err))) {
            csm_geom_release(&geom);
            break;
        }
        rc = agg_add(l, &geom, 0, NULL, res, c, pol, (long)(l->n + 1), err);
    }
out:
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    return rc;
}

int csm_anonymise_grid(const csm_layer *points, double cell_m, int hex,
                       const csm_agg_opts *o, const csm_policy *pol,
                       csm_layer **out, csm_agg_stats *st, csm_error *err)
{
    char **catname = NULL;
    size_t ncat = 0;
    grid_ctx g = {cell_m, hex, NULL, 0, NULL};
    agg_res res;
    int rc;

    *out = NULL;
    memset(st, 0, sizeof *st);
    if ((rc = agg_check(points, o, pol, err)))
        return rc;
    if (!(cell_m >= pol->cell_m) || !isfinite(cell_m))
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s': cell %g m is finer than the policy's "
                        "cell_m %g m; use %g m or more",
                        points->name, cell_m, pol->cell_m, pol->cell_m);
    g.name = points->name;
    rc = agg_tally(points, o, pol, locate, &g, &res, &catname, &ncat, st, err);
    if (!rc)
        rc = build(points, &g, pol, &res, catname, out, err);
    if (rc)
        memset(st, 0, sizeof *st);
    agg_res_release(&res);
    agg_free_names(catname, ncat);
    free(g.key);
    return rc;
}
