/* geom.c - model: plain geometry shared by every stage (shapelib-shaped:
 * one vertex array, parts as offsets), plus boxes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

void csm_box_empty(csm_box *b)
{
    b->minx = b->miny = HUGE_VAL;
    b->maxx = b->maxy = -HUGE_VAL;
}

int csm_box_is_empty(const csm_box *b)
{
    return b->minx > b->maxx || b->miny > b->maxy;
}

void csm_box_add(csm_box *b, csm_xy p)
{
    if (p.x < b->minx)
        b->minx = p.x;
    if (p.x > b->maxx)
        b->maxx = p.x;
    if (p.y < b->miny)
        b->miny = p.y;
    if (p.y > b->maxy)
        b->maxy = p.y;
}

void csm_box_union(csm_box *b, const csm_box *o)
{
    if (csm_box_is_empty(o))
        return;
    csm_box_add(b, (csm_xy){o->minx, o->miny});
    csm_box_add(b, (csm_xy){o->maxx, o->maxy});
}

int csm_box_overlaps(const csm_box *a, const csm_box *b)
{
    return !(a->maxx < b->minx || b->maxx < a->minx || a->maxy < b->miny ||
             b->maxy < a->miny);
}

void csm_geom_init(csm_geom *g, csm_geom_type type)
{
    g->type = type;
    g->npart = 0;
    g->part = NULL;
    g->npt = 0;
    g->pt = NULL;
}

void csm_geom_release(csm_geom *g)
{
    if (!g)
        return;
    free(g->part);
    free(g->pt);
    csm_geom_init(g, CSM_GEOM_NONE);
}

int csm_geom_add_part(csm_geom *g, const csm_xy *pts, size_t n,
                      csm_error *err)
{
    size_t *part = realloc(g->part, (g->npart + 2) * sizeof *part);
    csm_xy *pt;

    if (!part)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    g->part = part;
    pt = realloc(g->pt, (g->npt + n + 1) * sizeof *pt);
    if (!pt)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    g->pt = pt;
    if (n)
        memcpy(g->pt + g->npt, pts, n * sizeof *pts);
    g->part[g->npart] = g->npt;
    g->npt += n;
    g->npart++;
    g->part[g->npart] = g->npt;
    return CSM_OK;
}

int csm_geom_copy(csm_geom *dst, const csm_geom *src, csm_error *err)
{
    size_t i;
    int rc = CSM_OK;

    csm_geom_init(dst, src->type);
    for (i = 0; i < src->npart && !rc; i++)
        rc = csm_geom_add_part(dst, src->pt + src->part[i],
                               src->part[i + 1] - src->part[i], err);
    if (rc)
        csm_geom_release(dst);
    return rc;
}

void csm_geom_bounds(const csm_geom *g, csm_box *out)
{
    size_t i;

    csm_box_empty(out);
    for (i = 0; i < g->npt; i++)
        csm_box_add(out, g->pt[i]);
}

double csm_geom_ring_area(const csm_geom *g, size_t i)
{
    const csm_xy *p = g->pt + g->part[i];
    size_t n = g->part[i + 1] - g->part[i];
    double a = 0.0;
    size_t k;

    for (k = 0; k < n; k++) {
        const csm_xy *q = &p[(k + 1) % n];
        /* relative to the first vertex, to keep precision at BNG scale */
        a += (p[k].x - p[0].x) * (q->y - p[0].y) -
             (q->x - p[0].x) * (p[k].y - p[0].y);
    }
    return a / 2.0;
}

int csm_geom_contains(const csm_geom *g, csm_xy p)
{
    int in = 0;
    size_t r, i, j;

    if (g->type != CSM_GEOM_POLYGON)
        return 0;
    for (r = 0; r < g->npart; r++) {
        size_t a = g->part[r], b = g->part[r + 1];
        for (i = a, j = b - 1; i < b; j = i++) {
            const csm_xy *u = &g->pt[i], *v = &g->pt[j];
            if ((u->y > p.y) != (v->y > p.y) &&
                p.x < (v->x - u->x) * (p.y - u->y) / (v->y - u->y) + u->x)
                in = !in;
        }
    }
    return in;
}

double csm_geom_length(const csm_geom *g)
{
    double len = 0.0;
    size_t r, i;

    for (r = 0; r < g->npart; r++)
        for (i = g->part[r] + 1; i < g->part[r + 1]; i++)
            len += hypot(g->pt[i].x - g->pt[i - 1].x,
                         g->pt[i].y - g->pt[i - 1].y);
    return len;
}

/* Centroid of the largest ring (area-weighted). */
static csm_xy ring_centroid(const csm_geom *g, size_t r)
{
    const csm_xy *p = g->pt + g->part[r];
    size_t n = g->part[r + 1] - g->part[r];
    double a = 0.0, cx = 0.0, cy = 0.0;
    size_t k;

    for (k = 0; k < n; k++) {
        double x0 = p[k].x - p[0].x, y0 = p[k].y - p[0].y;
        double x1 = p[(k + 1) % n].x - p[0].x, y1 = p[(k + 1) % n].y - p[0].y;
        double c = x0 * y1 - x1 * y0;
        a += c;
        cx += (x0 + x1) * c;
        cy += (y0 + y1) * c;
    }
    if (fabs(a) < 1e-12)
        return p[0];
    return (csm_xy){p[0].x + cx / (3.0 * a), p[0].y + cy / (3.0 * a)};
}

/* Middle of the widest interior span along the horizontal line y. */
static int widest_span(const csm_geom *g, double y, csm_xy *out)
{
    double xs[512];
    size_t nx = 0, r, i, j;
    double best = -1.0;

    for (r = 0; r < g->npart; r++) {
        size_t a = g->part[r], b = g->part[r + 1];
        for (i = a, j = b - 1; i < b && nx < 512; j = i++) {
            const csm_xy *u = &g->pt[i], *v = &g->pt[j];
            if ((u->y > y) != (v->y > y))
                xs[nx++] = (v->x - u->x) * (y - u->y) / (v->y - u->y) + u->x;
        }
    }
    /* sort crossings (few), then take pairs */
    for (i = 1; i < nx; i++)
        for (j = i; j > 0 && xs[j - 1] > xs[j]; j--) {
            double t = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = t;
        }
    for (i = 0; i + 1 < nx; i += 2)
        if (xs[i + 1] - xs[i] > best) {
            best = xs[i + 1] - xs[i];
            *out = (csm_xy){(xs[i] + xs[i + 1]) / 2.0, y};
        }
    return best > 0.0;
}

csm_xy csm_geom_anchor(const csm_geom *g)
{
    csm_xy c = {0.0, 0.0};
    size_t r, big = 0;
    double area = -1.0;

    if (g->npt == 0)
        return c;
    if (g->type == CSM_GEOM_POINT)
        return g->pt[0];
    if (g->type == CSM_GEOM_LINE) {
        /* the vertex nearest half-way along the first part */
        size_t a = g->part[0], b = g->part[1], i;
        double half = 0.0, run = 0.0;
        for (i = a + 1; i < b; i++)
            half += hypot(g->pt[i].x - g->pt[i - 1].x,
                          g->pt[i].y - g->pt[i - 1].y);
        half /= 2.0;
        for (i = a + 1; i < b; i++) {
            double d = hypot(g->pt[i].x - g->pt[i - 1].x,
                             g->pt[i].y - g->pt[i - 1].y);
            if (run + d >= half && d > 0) {
                double t = (half - run) / d;
                return (csm_xy){g->pt[i - 1].x + t * (g->pt[i].x - g->pt[i - 1].x),
                                g->pt[i - 1].y + t * (g->pt[i].y - g->pt[i - 1].y)};
            }
            run += d;
        }
        return g->pt[a];
    }
    for (r = 0; r < g->npart; r++) {
        double a = fabs(csm_geom_ring_area(g, r));
        if (a > area) {
            area = a;
            big = r;
        }
    }
    c = ring_centroid(g, big);
    if (!csm_geom_contains(g, c)) {
        csm_xy s;
        if (widest_span(g, c.y, &s))
            c = s;
    }
    return c;
}
