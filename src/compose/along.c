/* along.c - compose: placing text turned along a route (its name) or set
 * at the frame's edge ("to Metropolis").  The collision index holds
 * upright boxes, so turned text is entered as a chain of small boxes
 * along it; the routes themselves are tested against the text's true
 * turned rectangle, so a name can sit close beside its own line. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

#define PI 3.14159265358979323846
#define HALO_MM 0.6 /* as labels.c */
#define MAX_CHUNK 24
#define DEDUPE_MM 40.0      /* the same name again this close says nothing */
#define LINE_GAP_MM 0.3     /* between text and any route's line */
#define STRAIGHT_MM 1.2     /* a name sits on a stretch this straight */
#define EDGE_GAP_MM 1.5     /* "to Metropolis" from the frame's edge */
#define MARK_DEDUPE_MM 30.0 /* one mark for routes leaving together */
#define MAX_CAND 200

/* The text's upright boxes: square-ish pieces along its axis. */
static int chunks(csm_xy c, double ang_deg, double w, double h, csm_box *out)
{
    double r = ang_deg * PI / 180.0, cs = cos(r), sn = sin(r);
    int n = (int)ceil(w / fmax(h, 0.5)), i;
    double len, ex, ey;

    if (n < 1)
        n = 1;
    if (n > MAX_CHUNK)
        n = MAX_CHUNK;
    len = w / n;
    ex = fabs(cs) * len / 2 + fabs(sn) * h / 2 + HALO_MM / 2;
    ey = fabs(sn) * len / 2 + fabs(cs) * h / 2 + HALO_MM / 2;
    for (i = 0; i < n; i++) {
        double t = -w / 2 + (i + 0.5) * len;
        csm_xy m = {c.x + cs * t, c.y + sn * t};
        out[i] = (csm_box){m.x - ex, m.y - ey, m.x + ex, m.y + ey};
    }
    return n;
}

/* Does segment a-b come within pad of the w x h rectangle centred on c,
 * turned by ang?  (Liang-Barsky in the rectangle's own frame.) */
static int seg_hits(csm_xy a, csm_xy b, csm_xy c, double ang_deg, double w,
                    double h, double pad)
{
    double r = ang_deg * PI / 180.0, cs = cos(r), sn = sin(r);
    csm_xy p = {(a.x - c.x) * cs + (a.y - c.y) * sn,
                -(a.x - c.x) * sn + (a.y - c.y) * cs};
    csm_xy q = {(b.x - c.x) * cs + (b.y - c.y) * sn,
                -(b.x - c.x) * sn + (b.y - c.y) * cs};
    double hw = w / 2 + pad, hh = h / 2 + pad, t0 = 0.0, t1 = 1.0;
    double dp[4] = {p.x - q.x, q.x - p.x, p.y - q.y, q.y - p.y};
    double dq[4] = {p.x + hw, hw - p.x, p.y + hh, hh - p.y};
    int i;

    for (i = 0; i < 4; i++) {
        if (dp[i] == 0.0) {
            if (dq[i] < 0.0)
                return 0;
            continue;
        }
        if (dp[i] < 0.0)
            t0 = fmax(t0, dq[i] / dp[i]);
        else
            t1 = fmin(t1, dq[i] / dp[i]);
    }
    return t0 <= t1;
}

static int over_routes(const compose_routes *R, csm_xy c, double ang, double w,
                       double h)
{
    size_t k, p, i;

    for (k = 0; k < R->n; k++) {
        const csm_geom *g = &R->page[k];
        double pad = R->r[k].lane_mm / 2 + LINE_GAP_MM;
        for (p = 0; p < g->npart; p++)
            for (i = g->part[p]; i + 1 < g->part[p + 1]; i++)
                if (seg_hits(g->pt[i], g->pt[i + 1], c, ang, w, h, pad))
                    return 1;
    }
    return 0;
}

static int clear(const compose_ctx *c, const csm_box *b, int n)
{
    int i;

    for (i = 0; i < n; i++)
        if (b[i].minx < c->frame.minx || b[i].maxx > c->frame.maxx ||
            b[i].miny < c->frame.miny || b[i].maxy > c->frame.maxy ||
            compose_index_hits(&c->ix, &b[i]))
            return 0;
    return 1;
}

/* A text already placed this close (names: anywhere near this spot;
 * marks: routes leaving the map together). */
static int repeated(const compose_routes *R, const char *text, csm_xy a,
                    double within)
{
    size_t k;

    for (k = 0; k < R->nplaced; k++)
        if (!strcmp(R->placed_text[k], text) &&
            hypot(R->placed[k].x - a.x, R->placed[k].y - a.y) < within)
            return 1;
    return 0;
}

/* The same text placed within DEDUPE_MM of line g. */
static int near_line(const compose_routes *R, const char *text,
                     const csm_geom *g)
{
    size_t k, i, j;

    for (k = 0; k < R->nplaced; k++) {
        csm_xy p = R->placed[k];
        if (strcmp(R->placed_text[k], text))
            continue;
        for (j = 0; j < g->npart; j++)
            for (i = g->part[j]; i + 1 < g->part[j + 1]; i++) {
                csm_xy a = g->pt[i], b = g->pt[i + 1];
                double dx = b.x - a.x, dy = b.y - a.y, L = dx * dx + dy * dy;
                double t =
                    L > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / L : 0;
                t = fmin(fmax(t, 0.0), 1.0);
                if (hypot(a.x + t * dx - p.x, a.y + t * dy - p.y) < DEDUPE_MM)
                    return 1;
            }
    }
    return 0;
}

static int emit(compose_ctx *c, const compose_label *lb, csm_xy ctr, double ang,
                double w, double h, double size_pt, csm_error *err)
{
    double r = ang * PI / 180.0, cs = cos(r), sn = sin(r);
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = (char *)lb->text; /* csm_page_add copies it */
    /* the top-left corner, turned about the centre */
    it.at = (csm_xy){ctr.x - (w / 2 * cs - h / 2 * sn),
                     ctr.y - (w / 2 * sn + h / 2 * cs)};
    it.angle_deg = ang;
    it.size_pt = size_pt;
    it.bold = lb->sym.label_bold;
    it.colour =
        lb->sym.label_colour.a > 0.0 ? lb->sym.label_colour : compose_grey(0.2);
    it.halo = 1;
    it.halo_colour = compose_grey(1.0);
    it.halo_mm = HALO_MM;
    it.align = CSM_ALIGN_LEFT;
    return csm_page_add(c->page, &it, err);
}

/* A candidate: the text's centre and turn. */
typedef struct cand {
    csm_xy at;
    double ang, cost;
} cand;

static int by_cost(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;

    return a->cost < b->cost ? -1 : a->cost > b->cost;
}

int compose_frame_edge(const csm_box *f, csm_xy q)
{
    double d[4] = {q.x - f->minx, f->maxx - q.x, q.y - f->miny, f->maxy - q.y};
    int e = 0, i;

    for (i = 1; i < 4; i++)
        if (d[i] < d[e])
            e = i;
    return e;
}

/* Marks: just inside the edge the route crosses at q, beside the line,
 * then further along the edge and further in; nearest first. */
static int mark_cands(const csm_box *f, csm_xy q, double w, double h, cand *out)
{
    static const csm_xy inward[4] = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
    int e = compose_frame_edge(f, q), row, k, s, n = 0;
    csm_xy in = inward[e], along = {fabs(in.y), fabs(in.x)};
    double depth = e < 2 ? w : h, span = e < 2 ? h : w;

    for (row = 0; row < 7; row++)
        for (k = 0; k < 13; k++)
            for (s = -1; s <= 1; s += 2) {
                double dd = EDGE_GAP_MM + depth / 2 + row * (h + 1.0);
                double t = s * (span / 2 + 2.5 + k * 4.0);
                out[n].at = (csm_xy){q.x + in.x * dd + along.x * t,
                                     q.y + in.y * dd + along.y * t};
                out[n].ang = 0.0;
                out[n++].cost =
                    fabs(t) + 3.0 * row * (h + 1.0) + (s > 0 ? 0.0 : 0.1);
            }
    qsort(out, (size_t)n, sizeof *out, by_cost);
    return n;
}

static double part_len(const csm_xy *p, size_t n)
{
    double len = 0.0;
    size_t i;

    for (i = 1; i < n; i++)
        len += hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    return len;
}

/* The point at distance t along p[0..n-1]; *seg the vertex after it. */
static csm_xy at_dist(const csm_xy *p, size_t n, double t, size_t *seg)
{
    double run = 0.0, d;
    size_t i;

    for (i = 1; i < n; i++) {
        d = hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
        if (run + d >= t && d > 0.0) {
            *seg = i;
            return (csm_xy){p[i - 1].x + (t - run) / d * (p[i].x - p[i - 1].x),
                            p[i - 1].y + (t - run) / d * (p[i].y - p[i - 1].y)};
        }
        run += d;
    }
    *seg = n;
    return p[n - 1];
}

/* Names: centred on straight stretches of the visible line, the middle
 * first, turned to read along it (never upside down), just clear of the
 * line, or of the bundle it runs in, on either side. */
static int name_cands(const csm_geom *vis, double w, double h, double lane,
                      cand *out)
{
    static const double at[] = {0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9};
    static const double extra[] = {0.0, 2.5, 5.0};
    size_t p, k, sa, sb, i, e;
    int n = 0, side;

    for (k = 0; k < sizeof at / sizeof *at; k++)
        for (p = 0; p < vis->npart; p++) {
            const csm_xy *q = vis->pt + vis->part[p];
            size_t m = vis->part[p + 1] - vis->part[p];
            double len = part_len(q, m), t, dx, dy, d, ang, r;
            csm_xy a, b;
            int bent = 0;
            if (len < w + 4.0)
                continue;
            t = fmin(fmax(at[k] * len, w / 2 + 2), len - w / 2 - 2);
            a = at_dist(q, m, t - w / 2, &sa);
            b = at_dist(q, m, t + w / 2, &sb);
            dx = b.x - a.x;
            dy = b.y - a.y;
            d = hypot(dx, dy);
            if (d < 0.8 * w)
                continue;
            for (i = sa; i < sb && i < m; i++)
                bent |= fabs((q[i].x - a.x) * dy - (q[i].y - a.y) * dx) / d >
                        STRAIGHT_MM;
            if (bent)
                continue;
            ang = atan2(dy, dx) * 180.0 / PI;
            ang += ang > 90.0 ? -180.0 : ang < -90.0 ? 180.0 : 0.0;
            r = ang * PI / 180.0;
            for (e = 0; e < sizeof extra / sizeof *extra; e++)
                for (side = 1; side >= -1 && n < MAX_CAND; side -= 2) {
                    double off = side * (lane / 2 + h / 2 + 0.4 + extra[e]);
                    /* the text's "up" is (sin r, -cos r) */
                    out[n].at = (csm_xy){(a.x + b.x) / 2 + sin(r) * off,
                                         (a.y + b.y) / 2 - cos(r) * off};
                    out[n].ang = ang;
                    out[n++].cost = 0.0;
                }
        }
    return n;
}

static int find_route(const compose_routes *R, const compose_label *lb)
{
    size_t k;

    for (k = 0; k < R->n; k++)
        if (R->r[k].layer == lb->layer && R->r[k].feat == lb->feat)
            return (int)k;
    return -1;
}

static int try_place(compose_ctx *c, const compose_label *lb, const cand *cd,
                     int n, double w, double h, double size_pt, int *done,
                     csm_error *err)
{
    compose_routes *R = c->routes;
    csm_box box[MAX_CHUNK];
    int i, k, nb, rc;

    for (i = 0; i < n; i++) {
        nb = chunks(cd[i].at, cd[i].ang, w, h, box);
        if (!clear(c, box, nb) || over_routes(R, cd[i].at, cd[i].ang, w, h))
            continue;
        if ((rc = emit(c, lb, cd[i].at, cd[i].ang, w, h, size_pt, err)))
            return rc;
        for (k = 0; k < nb; k++)
            if ((rc = compose_index_add(&c->ix, &box[k], err)))
                return rc;
        R->placed[R->nplaced] =
            lb->type == CSM_GEOM_NONE ? lb->anchor[0] : cd[i].at;
        R->placed_text[R->nplaced++] = lb->text;
        *done = 1;
        return CSM_OK;
    }
    return CSM_OK;
}

int compose_routes_place(compose_ctx *c, const compose_label *lb,
                         double size_pt, int *done, csm_error *err)
{
    compose_routes *R = c->routes;
    cand cd[MAX_CAND];
    csm_geom vis;
    double w, h;
    int k = find_route(R, lb), n, named, rc;

    *done = 0;
    if (k < 0)
        return CSM_OK;
    compose_measure(c, lb->text, size_pt, lb->sym.label_bold, 0.0, &w, &h);
    if (lb->type == CSM_GEOM_NONE) { /* "to Metropolis" at the edge */
        if (repeated(R, lb->text, lb->anchor[0], MARK_DEDUPE_MM)) {
            *done = -1;
            return CSM_OK;
        }
        n = mark_cands(&c->frame, lb->anchor[0], w, h, cd);
        return try_place(c, lb, cd, n, w, h, size_pt, done, err);
    }
    rc = compose_clip_line(&R->page[k],
                           &(csm_box){c->frame.minx + 2, c->frame.miny + 2,
                                      c->frame.maxx - 2, c->frame.maxy - 2},
                           &vis, err);
    if (rc)
        return rc;
    n = name_cands(&vis, w, h, R->r[k].lane_mm, cd);
    /* the same name already beside this line (a parallel route of the
     * same name, say) would only say it again: not a drop */
    named = near_line(R, lb->text, &vis);
    csm_geom_release(&vis);
    if (named) {
        *done = -1;
        return CSM_OK;
    }
    return try_place(c, lb, cd, n, w, h, size_pt, done, err);
}
