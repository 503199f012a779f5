/* legs.c - compose: the geometry of drawing routes.  Routes that share a
 * leg are drawn side by side, not on top of each other: a segment two
 * routes share (the same two vertices, either way round) gives each its
 * own lane, in route order, across the width of the bundle; then each
 * route's line is offset into its lanes on paper, so the gap is the same
 * at any scale.  Also: clipping a line to a box, and width classes for a
 * weight such as linked referrals.  Pure C. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

/* Vertices are the same when equal to the centimetre (after projection
 * the same input vertex may differ in the last bits). */
#define KEY_PER_M 100.0
/* Where a route bends sharply, a mitred corner further than this many
 * offsets from the vertex is cut off (bevelled) instead. */
#define MITRE_LIMIT 3.0

csm_xy compose_view_xy(const compose_view *v, csm_xy w)
{
    return (csm_xy){v->ox + w.x * v->s, v->oy - w.y * v->s};
}

/* One segment of one route, keyed by its end points in a fixed order. */
typedef struct seg {
    long long k[4];
    size_t route, index; /* index: the segment's number within its route */
    int forward;         /* 1: the route runs from k[0..1] to k[2..3] */
} seg;

static int by_seg(const void *pa, const void *pb)
{
    const seg *a = pa, *b = pb;
    int i;

    for (i = 0; i < 4; i++)
        if (a->k[i] != b->k[i])
            return a->k[i] < b->k[i] ? -1 : 1;
    if (a->route != b->route)
        return a->route < b->route ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

static size_t nsegs(const csm_geom *g)
{
    size_t r, n = 0;

    for (r = 0; r < g->npart; r++)
        if (g->part[r + 1] - g->part[r] > 1)
            n += g->part[r + 1] - g->part[r] - 1;
    return n;
}

static void make_seg(seg *s, csm_xy a, csm_xy b, size_t route, size_t index)
{
    long long ka[2] = {llround(a.x * KEY_PER_M), llround(a.y * KEY_PER_M)};
    long long kb[2] = {llround(b.x * KEY_PER_M), llround(b.y * KEY_PER_M)};

    s->forward = ka[0] < kb[0] || (ka[0] == kb[0] && ka[1] <= kb[1]);
    s->k[0] = s->forward ? ka[0] : kb[0];
    s->k[1] = s->forward ? ka[1] : kb[1];
    s->k[2] = s->forward ? kb[0] : ka[0];
    s->k[3] = s->forward ? kb[1] : ka[1];
    s->route = route;
    s->index = index;
}

/* A group of equal segments: lanes across the bundle in route order, as
 * seen by the group's first route; each route's offset is to its own
 * left, so one running the other way takes the negated offset. */
static void lanes(const seg *g, size_t n, const double *width, double **off)
{
    double total = 0.0, cum = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        if (i == 0 || g[i].route != g[i - 1].route)
            total += width[g[i].route];
    for (i = 0; i < n; i++) {
        double d;
        if (i > 0 && g[i].route != g[i - 1].route)
            cum += width[g[i - 1].route];
        d = -total / 2 + cum + width[g[i].route] / 2;
        off[g[i].route][g[i].index] = g[i].forward == g[0].forward ? d : -d;
    }
}

/* off[r][i]: the offset in mm of segment i of route r. */
static int segment_offsets(const csm_geom *const *lines, const double *width,
                           size_t n, double **off, csm_error *err)
{
    size_t total = 0, r, p, i, k = 0, a, b;
    seg *all;

    for (r = 0; r < n; r++)
        total += nsegs(lines[r]);
    if (!(all = malloc((total + 1) * sizeof *all)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (r = 0; r < n; r++) {
        const csm_geom *g = lines[r];
        size_t idx = 0;
        for (p = 0; p < g->npart; p++)
            for (i = g->part[p]; i + 1 < g->part[p + 1]; i++)
                make_seg(&all[k++], g->pt[i], g->pt[i + 1], r, idx++);
    }
    qsort(all, total, sizeof *all, by_seg);
    for (a = 0; a < total; a = b) {
        for (b = a + 1;
             b < total && !memcmp(all[a].k, all[b].k, sizeof all[a].k); b++)
            ;
        lanes(all + a, b - a, width, off);
    }
    free(all);
    return CSM_OK;
}

/* Where the offset lines of two consecutive segments meet: a mitre, or
 * both ends (a bevel, or a step where a lane changes on a straight). */
static size_t corner(csm_xy p, csm_xy u1, double d1, csm_xy u2, double d2,
                     csm_xy *out)
{
    csm_xy a = {p.x - u1.y * d1, p.y + u1.x * d1};
    csm_xy b = {p.x - u2.y * d2, p.y + u2.x * d2};
    double cr = u1.x * u2.y - u1.y * u2.x, t;
    double lim = MITRE_LIMIT * fmax(fmax(fabs(d1), fabs(d2)), 0.1);

    if (fabs(cr) > 1e-9) {
        /* a + t u1 = b + s u2 */
        t = ((b.x - a.x) * u2.y - (b.y - a.y) * u2.x) / cr;
        out[0] = (csm_xy){a.x + t * u1.x, a.y + t * u1.y};
        if (hypot(out[0].x - p.x, out[0].y - p.y) <= lim)
            return 1;
    } else if (fabs(d1 - d2) < 1e-9) {
        out[0] = a;
        return 1;
    }
    out[0] = a;
    out[1] = b;
    return 2;
}

/* One part (page points q[0..m-1], m >= 2, no repeats) offset segment by
 * segment by d[0..m-2] to its left. */
static int offset_part(const csm_xy *q, size_t m, const double *d,
                       csm_geom *out, csm_error *err)
{
    csm_xy *buf = malloc(2 * m * sizeof *buf), u, v;
    size_t i, k = 0;
    double len;
    int rc;

    if (!buf)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    len = hypot(q[1].x - q[0].x, q[1].y - q[0].y);
    u = (csm_xy){(q[1].x - q[0].x) / len, (q[1].y - q[0].y) / len};
    buf[k++] = (csm_xy){q[0].x - u.y * d[0], q[0].y + u.x * d[0]};
    for (i = 1; i + 1 < m; i++) {
        len = hypot(q[i + 1].x - q[i].x, q[i + 1].y - q[i].y);
        v = (csm_xy){(q[i + 1].x - q[i].x) / len, (q[i + 1].y - q[i].y) / len};
        k += corner(q[i], u, d[i - 1], v, d[i], buf + k);
        u = v;
    }
    buf[k++] =
        (csm_xy){q[m - 1].x - u.y * d[m - 2], q[m - 1].y + u.x * d[m - 2]};
    rc = csm_geom_add_part(out, buf, k, err);
    free(buf);
    return rc;
}

/* Route r on paper, offset into its lanes. */
static int offset_route(const csm_geom *g, const double *off,
                        const compose_view *v, csm_geom *out, csm_error *err)
{
    size_t p, i, m, s = 0, max = 0;
    csm_xy *q;
    double *d;
    int rc = CSM_OK;

    for (p = 0; p < g->npart; p++)
        if (g->part[p + 1] - g->part[p] > max)
            max = g->part[p + 1] - g->part[p];
    q = malloc((max + 1) * sizeof *q);
    d = malloc((max + 1) * sizeof *d);
    if (!q || !d)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (p = 0; p < g->npart && !rc; p++) {
        /* segments that vanish on paper carry no direction: skipped */
        for (m = 0, i = g->part[p]; i < g->part[p + 1]; i++) {
            csm_xy pt = compose_view_xy(v, g->pt[i]);
            if (i > g->part[p])
                s++; /* segment i-1 .. i */
            if (m > 0 && hypot(pt.x - q[m - 1].x, pt.y - q[m - 1].y) < 1e-6)
                continue;
            if (m > 0)
                d[m - 1] = off[s - 1];
            q[m++] = pt;
        }
        if (m >= 2)
            rc = offset_part(q, m, d, out, err);
    }
    free(q);
    free(d);
    return rc;
}

int compose_offset_lines(const csm_geom *const *lines, const double *width_mm,
                         size_t n, const compose_view *v, csm_geom *out,
                         csm_error *err)
{
    double **off = calloc(n + 1, sizeof *off);
    size_t r;
    int rc = CSM_OK;

    for (r = 0; r < n; r++)
        csm_geom_init(&out[r], CSM_GEOM_LINE);
    if (!off)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (r = 0; r < n && !rc; r++)
        if (!(off[r] = calloc(nsegs(lines[r]) + 1, sizeof **off)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = segment_offsets(lines, width_mm, n, off, err);
    for (r = 0; r < n && !rc; r++)
        rc = offset_route(lines[r], off[r], v, &out[r], err);
    for (r = 0; r < n; r++) {
        free(off[r]);
        if (rc)
            csm_geom_release(&out[r]);
    }
    free(off);
    return rc;
}

/* ---- clipping ------------------------------------------------------- */

/* Liang-Barsky: the part of segment a-b inside box, as t0 <= t1 (also
 * frameclip.c's). */
int compose_clip_seg(csm_xy a, csm_xy b, const csm_box *box, double *t0,
                     double *t1)
{
    double p[4] = {a.x - b.x, b.x - a.x, a.y - b.y, b.y - a.y};
    double q[4] = {a.x - box->minx, box->maxx - a.x, a.y - box->miny,
                   box->maxy - a.y};
    int i;

    *t0 = 0.0;
    *t1 = 1.0;
    for (i = 0; i < 4; i++) {
        double r;
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return 0;
            continue;
        }
        r = q[i] / p[i];
        if (p[i] < 0.0 && r > *t0)
            *t0 = r;
        else if (p[i] > 0.0 && r < *t1)
            *t1 = r;
    }
    return *t0 <= *t1;
}

int compose_line_hits(const csm_geom *g, const csm_box *b, double pad)
{
    csm_box box = compose_grow(*b, pad);
    size_t p, i;
    double t0, t1;

    for (p = 0; p < g->npart; p++)
        for (i = g->part[p]; i + 1 < g->part[p + 1]; i++)
            if (compose_clip_seg(g->pt[i], g->pt[i + 1], &box, &t0, &t1))
                return 1;
    return 0;
}

static csm_xy lerp(csm_xy a, csm_xy b, double t)
{
    if (t <= 0.0)
        return a;
    if (t >= 1.0)
        return b;
    return (csm_xy){a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
}

/* The parts of line g inside box (out fresh); new points only where a
 * segment crosses the box's edge.  keep_tail: a part, once in the box,
 * runs on to its end uncut, so arrowheads spaced back from each part's
 * end (render/path.c) stay where they were. */
int compose_clip_line_tail(const csm_geom *g, const csm_box *box,
                           int keep_tail, csm_geom *out, csm_error *err)
{
    size_t p, i, k, max = 0;
    csm_xy *buf;
    int rc = CSM_OK;

    csm_geom_init(out, CSM_GEOM_LINE);
    for (p = 0; p < g->npart; p++)
        if (g->part[p + 1] - g->part[p] > max)
            max = g->part[p + 1] - g->part[p];
    if (!(buf = malloc((max + 2) * sizeof *buf)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (p = 0; p < g->npart && !rc; p++) {
        for (k = 0, i = g->part[p]; i + 1 < g->part[p + 1] && !rc; i++) {
            double t0, t1;
            csm_xy a = g->pt[i], b = g->pt[i + 1];
            if (keep_tail && k > 0) {
                buf[k++] = b;
                continue;
            }
            if (!compose_clip_seg(a, b, box, &t0, &t1)) {
                if (k >= 2)
                    rc = csm_geom_add_part(out, buf, k, err);
                k = 0;
                continue;
            }
            if (k == 0)
                buf[k++] = lerp(a, b, t0);
            buf[k++] = keep_tail ? b : lerp(a, b, t1);
            if (t1 < 1.0 && !keep_tail) { /* leaves the box: a part ends */
                if (k >= 2)
                    rc = csm_geom_add_part(out, buf, k, err);
                k = 0;
            }
        }
        if (!rc && k >= 2)
            rc = csm_geom_add_part(out, buf, k, err);
    }
    free(buf);
    if (rc)
        csm_geom_release(out);
    return rc;
}

int compose_clip_line(const csm_geom *g, const csm_box *box, csm_geom *out,
                      csm_error *err)
{
    return compose_clip_line_tail(g, box, 0, out, err);
}

/* ---- width classes ---------------------------------------------------- */

static double nice_step(double raw, int counts)
{
    static const double m[] = {1.0, 2.0, 5.0};
    double e = pow(10.0, floor(log10(raw)));
    int i;

    for (;; e *= 10.0)
        for (i = 0; i < 3; i++)
            if (m[i] * e >= raw && (!counts || m[i] * e >= 5.0))
                return m[i] * e;
}

static int all_counts(const double *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (v[i] != floor(v[i]))
            return 0;
    return 1;
}

size_t compose_weight_classes(const double *v, size_t n, const char *unit,
                              compose_wclass *out)
{
    double lo = INFINITY, hi = -INFINITY, step, base;
    int counts = all_counts(v, n);
    size_t i, k;

    for (i = 0; i < n; i++) {
        lo = fmin(lo, v[i]);
        hi = fmax(hi, v[i]);
    }
    if (n == 0)
        return 0;
    /* counts in bands at least 5 wide (1-4, 5-9, ...): a width on a map
     * should not be a way to read an exact small number */
    step = nice_step(fmax((hi - lo) / COMPOSE_MAX_WCLASS, 1e-9), counts);
    while (floor(hi / step) - floor(lo / step) >= COMPOSE_MAX_WCLASS)
        step = nice_step(step * 1.01, counts);
    base = floor(lo / step) * step;
    k = (size_t)(floor(hi / step) - floor(lo / step)) + 1;
    for (i = 0; i < k; i++) {
        compose_wclass *c = &out[i];
        c->lo = base + (double)i * step;
        c->hi = c->lo + step;
        if (counts)
            snprintf(c->label, sizeof c->label, "%.0f\xe2\x80\x93%.0f %s",
                     i == 0 && c->lo == 0.0 && lo >= 1.0 ? 1.0 : c->lo,
                     c->hi - 1.0, unit);
        else
            snprintf(c->label, sizeof c->label, "%g to %g %s", c->lo, c->hi,
                     unit);
    }
    return k;
}

size_t compose_weight_class(const compose_wclass *cls, size_t n, double v)
{
    size_t i;

    for (i = 0; i + 1 < n && v >= cls[i + 1].lo; i++)
        ;
    return i;
}

double compose_weight_factor(size_t i, size_t n)
{
    /* thin enough to see the side-by-side bundle, thick enough to tell
     * the classes apart; the arrowheads grow with the line */
    return n < 2 ? 1.0 : 0.6 + 1.1 * (double)i / (double)(n - 1);
}
