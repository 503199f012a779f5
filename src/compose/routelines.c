/* routelines.c - compose: county-lines routes on the map.  Direction
 * matters (arrowheads, drawn by render/ for sym.arrows), so does how much
 * a route carries (line width by weight class, at most four, listed in
 * the legend), and many routes share legs (drawn side by side: legs.c).
 * A route's name runs along its line; where a route leaves the frame its
 * far end is named at the edge ("to Metropolis ↓"), so a reader knows
 * where the line goes without the inset. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose/compose.h"

#define MARK_PRIORITY                                                          \
    85 /* above hubs and schools: the mark explains the                        \
          line running off the map */

void compose_routes_free(compose_routes *r)
{
    size_t i;

    if (!r)
        return;
    for (i = 0; r->page && i < r->n; i++)
        csm_geom_release(&r->page[i]);
    free(r->page);
    free(r->r);
    free(r->cls);
    free(r->ncls);
    free(r->first);
    free(r->placed);
    free(r->placed_text);
    for (i = 0; r->mark && i < r->nmark; i++)
        free(r->mark[i]);
    free(r->mark);
    free(r->mark_at);
    free(r);
}

/* "linked_referrals" reads better as "linked referrals". */
static void unit_text(const csm_layer_spec *ls, char *buf, size_t n)
{
    char *p;

    snprintf(buf, n, "%s", ls->weight_label ? ls->weight_label : ls->weight);
    for (p = buf; *p; p++)
        if (*p == '_')
            *p = ' ';
}

static double weight_of(const csm_layer *l, size_t i, int f)
{
    const char *v = csm_layer_value(l, i, f);

    return v ? strtod(v, NULL) : NAN;
}

/* Layer li's weight classes, over every row of every route layer that
 * weighs in the same unit: the same count gets the same width in every
 * layer, and the same route weighs the same on every map of a batch,
 * whatever the frame shows. */
static int layer_classes(compose_ctx *c, size_t li, csm_error *err)
{
    const csm_spec *sp = c->spec;
    double *v;
    size_t i, j, n = 0, total = 0;
    char unit[48], other[48];

    if (!sp->layer[li].weight)
        return CSM_OK;
    for (i = 0; i < sp->nlayer; i++)
        total += c->layers[i]->n;
    if (!(v = malloc((total + 1) * sizeof *v)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    unit_text(&sp->layer[li], unit, sizeof unit);
    for (i = 0; i < sp->nlayer; i++) {
        const csm_layer *l = c->layers[i];
        int f = csm_layer_field(l, sp->layer[i].weight);
        if (sp->layer[i].kind != CSM_KIND_ROUTE || f < 0)
            continue;
        unit_text(&sp->layer[i], other, sizeof other);
        if (strcmp(unit, other))
            continue;
        for (j = 0; j < l->n; j++) {
            double w = weight_of(l, j, f);
            if (isfinite(w))
                v[n++] = w;
        }
    }
    c->routes->ncls[li] =
        compose_weight_classes(v, n, unit, c->routes->cls[li]);
    free(v);
    return CSM_OK;
}

/* 'base' drawn for weight class i of n: the line wider or narrower, its
 * casing keeping the same margin. */
static csm_symbol class_symbol(csm_symbol base, size_t i, size_t n)
{
    double stroke = base.stroke_mm > 0.0 ? base.stroke_mm : 0.5;
    double extra = base.casing_mm > stroke ? base.casing_mm - stroke : 0.0;

    base.stroke_mm = stroke * compose_weight_factor(i, n);
    if (extra > 0.0)
        base.casing_mm = base.stroke_mm + extra;
    return base;
}

/* Route r's symbol: its category's, wider or narrower by weight; and the
 * width it takes in a bundle (a casing keeps neighbours apart; without
 * one, leave a gap). */
static void route_symbol(compose_ctx *c, compose_route *r)
{
    const csm_layer_spec *ls = &c->spec->layer[r->layer];
    const csm_layer *l = c->layers[r->layer];
    const compose_routes *R = c->routes;
    const char *cat =
        csm_layer_value(l, r->feat, csm_layer_field(l, ls->category));
    double w = weight_of(l, r->feat, csm_layer_field(l, ls->weight));

    r->sym = csm_style_resolve(c->style, ls, cat, NULL);
    r->wclass = -1;
    if (R->ncls[r->layer] > 0 && isfinite(w)) {
        size_t k = compose_weight_class(R->cls[r->layer], R->ncls[r->layer], w);
        r->wclass = (int)k;
        r->sym = class_symbol(r->sym, k, R->ncls[r->layer]);
    }
    if (!(r->sym.stroke_mm > 0.0))
        r->sym.stroke_mm = 0.5;
    r->lane_mm = r->sym.casing_mm > r->sym.stroke_mm ? r->sym.casing_mm
                                                     : r->sym.stroke_mm + 0.4;
}

static int count_routes(const compose_ctx *c)
{
    size_t i, j;
    int n = 0;

    for (i = 0; i < c->spec->nlayer; i++)
        if (c->spec->layer[i].kind == CSM_KIND_ROUTE)
            for (j = 0; j < c->layers[i]->n; j++)
                if (c->layers[i]->feat[j].geom.type == CSM_GEOM_LINE)
                    n++;
    return n;
}

static compose_view main_view(const compose_ctx *c)
{
    compose_view v;

    v.s = c->s;
    v.ox = c->frame.minx - c->ext.minx * c->s;
    v.oy = c->frame.maxy + c->ext.miny * c->s;
    return v;
}

static int alloc_routes(compose_routes *R, size_t nlayer, csm_error *err)
{
    size_t nl = nlayer + 1;

    R->r = calloc(R->n + 1, sizeof *R->r);
    R->page = calloc(R->n + 1, sizeof *R->page);
    R->cls = calloc(nl, sizeof *R->cls);
    R->ncls = calloc(nl, sizeof *R->ncls);
    R->first = calloc(nl, sizeof *R->first);
    R->placed = calloc(4 * R->n + 1, sizeof *R->placed);
    R->placed_text = calloc(4 * R->n + 1, sizeof *R->placed_text);
    R->mark = calloc(2 * R->n + 1, sizeof *R->mark);
    R->mark_at = calloc(2 * R->n + 1, sizeof *R->mark_at);
    if (!R->r || !R->page || !R->cls || !R->ncls || !R->first || !R->placed ||
        !R->placed_text || !R->mark || !R->mark_at)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

/* The routes of layer i, from R->r[*k] on. */
static void collect(compose_ctx *c, size_t i, size_t *k)
{
    const csm_layer *l = c->layers[i];
    const csm_layer_spec *ls = &c->spec->layer[i];
    int flab = csm_layer_field(l, ls->label);
    int ffrom = csm_layer_field(l, ls->from ? ls->from : CSM_ROUTE_FROM);
    int fto = csm_layer_field(l, ls->to ? ls->to : CSM_ROUTE_TO);
    size_t j;

    for (j = 0; j < l->n; j++) {
        compose_route *r = &c->routes->r[*k];
        if (l->feat[j].geom.type != CSM_GEOM_LINE)
            continue;
        r->layer = i;
        r->feat = j;
        r->world = &l->feat[j].geom;
        r->name = csm_layer_value(l, j, flab);
        r->from = csm_layer_value(l, j, ffrom);
        r->to = csm_layer_value(l, j, fto);
        route_symbol(c, r);
        (*k)++;
    }
}

/* Every route of every route layer, with its symbol, and on paper in its
 * lane. */
static int prepare(compose_ctx *c, csm_error *err)
{
    const csm_spec *sp = c->spec;
    compose_routes *R = calloc(1, sizeof *R);
    compose_view v = main_view(c);
    const csm_geom **lines = NULL;
    double *lane = NULL;
    size_t i, k = 0;
    int rc;

    if (!(c->routes = R))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    R->n = (size_t)count_routes(c);
    rc = alloc_routes(R, sp->nlayer, err);
    for (i = 0; i < sp->nlayer && !rc; i++)
        if (sp->layer[i].kind == CSM_KIND_ROUTE &&
            !(rc = layer_classes(c, i, err)))
            collect(c, i, &k);
    if (!rc && (!(lines = calloc(R->n + 1, sizeof *lines)) ||
                !(lane = calloc(R->n + 1, sizeof *lane))))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; !rc && i < R->n; i++) {
        lines[i] = R->r[i].world;
        lane[i] = R->r[i].lane_mm;
    }
    if (!rc)
        rc = compose_offset_lines(lines, lane, R->n, &v, R->page, err);
    free(lines);
    free(lane);
    return rc;
}

/* Give the legend a row per weight class of layer li, after its category
 * classes and before its "no class" row. */
static int legend_rows(compose_ctx *c, size_t li, csm_error *err)
{
    compose_lyr *l = &c->lyr[li];
    compose_routes *R = c->routes;
    size_t K = R->ncls[li], n = l->nval + K + 1, i;
    const char **val = calloc(n, sizeof *val);
    csm_symbol *sym = calloc(n, sizeof *sym);
    unsigned char *drawn = calloc(n, sizeof *drawn);

    if (!val || !sym || !drawn) {
        free(val);
        free(sym);
        free(drawn);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    memcpy(val, l->val, l->nval * sizeof *val);
    memcpy(sym, l->sym, l->nval * sizeof *sym);
    memcpy(drawn, l->drawn, (l->nval + 1) * sizeof *drawn);
    drawn[n - 1] = l->drawn[l->nval];
    drawn[l->nval] = 0;
    sym[n - 1] = l->sym[l->nval];
    for (i = 0; i < K; i++) {
        val[l->nval + i] = R->cls[li][i].label;
        sym[l->nval + i] = class_symbol(l->sym[l->nval], i, K);
    }
    free(l->val);
    free(l->sym);
    free(l->drawn);
    R->first[li] = l->nval;
    l->val = val;
    l->sym = sym;
    l->drawn = drawn;
    l->nval += K;
    return CSM_OK;
}

/* As features.c matches a category to a legend row. */
static size_t class_row(const compose_lyr *l, size_t nval, const char *cat)
{
    size_t i;

    for (i = 0; cat && i < nval; i++)
        if (!strcmp(l->val[i], cat))
            return i;
    for (i = 0; cat && i < nval; i++)
        if (!strcasecmp(l->val[i], cat))
            return i;
    return l->nval; /* "no class", which is last */
}

static void mark_drawn(compose_ctx *c, const compose_route *r)
{
    const csm_layer_spec *ls = &c->spec->layer[r->layer];
    const csm_layer *lay = c->layers[r->layer];
    compose_lyr *l = &c->lyr[r->layer];
    size_t first = c->routes->first[r->layer];
    size_t k = class_row(
        l, first,
        csm_layer_value(lay, r->feat, csm_layer_field(lay, ls->category)));

    if (r->wclass >= 0) {
        size_t i, K = c->routes->ncls[r->layer];
        int arrows = 1;
        l->drawn[first + (size_t)r->wclass] = CSM_GEOM_LINE;
        /* the direction is shown once, on the thinnest class drawn: on
         * a short swatch a wide line's arrowhead hides its width */
        for (i = first; i < first + K; i++)
            if (l->drawn[i]) {
                l->sym[i].arrows = arrows && r->sym.arrows;
                arrows = 0;
            }
    }
    /* with width classes, "no class" means nothing unless categories
     * were asked for */
    if (r->wclass < 0 || k < first || ls->category)
        l->drawn[k] = CSM_GEOM_LINE;
}

/* ---- labels along the line, and marks at the frame's edge ----------- */

static int push(compose_ctx *c, const compose_label *lb, csm_error *err)
{
    if (lb->nanchor == 0)
        return CSM_OK;
    if (c->nlab == c->caplab) {
        size_t cap = c->caplab ? c->caplab * 2 : 64;
        compose_label *p = realloc(c->lab, cap * sizeof *p);
        if (!p)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        c->lab = p;
        c->caplab = cap;
    }
    c->lab[c->nlab++] = *lb;
    return CSM_OK;
}

/* A route's name goes to the label queue; along.c finds it a place
 * beside the line when its turn comes. */
static int name_label(compose_ctx *c, const compose_route *r,
                      const csm_geom *vis, csm_error *err)
{
    compose_label lb;

    if (!r->name || !*r->name || vis->npt < 2)
        return CSM_OK;
    memset(&lb, 0, sizeof lb);
    lb.sym = r->sym;
    lb.text = r->name;
    lb.layer = r->layer;
    lb.feat = r->feat;
    lb.type = CSM_GEOM_LINE; /* a name */
    lb.along = 1;
    lb.anchor[lb.nanchor++] = vis->pt[0];
    lb.priority =
        r->sym.set & CSM_SET_LABEL_PRIORITY ? r->sym.label_priority : 40;
    return lb.priority > 0 ? push(c, &lb, err) : CSM_OK;
}

static int in_frame(csm_xy p, const csm_box *b)
{
    return p.x >= b->minx && p.x <= b->maxx && p.y >= b->miny && p.y <= b->maxy;
}

/* "to Metropolis ↓" for a route crossing the frame's edge at q; the arrow
 * points off the map.  Placed by along.c, near q. */
static int mark(compose_ctx *c, const compose_route *r, csm_xy q,
                const char *name, csm_error *err)
{
    static const char *const arrow[] = {"\xe2\x86\x90", "\xe2\x86\x92",
                                        "\xe2\x86\x91", "\xe2\x86\x93"};
    compose_routes *R = c->routes;
    int e = compose_frame_edge(&c->frame, q);
    compose_label lb;
    char text[160];

    if (e == 0) /* the left edge: the arrow leads */
        snprintf(text, sizeof text, "%s to %.100s", arrow[e], name);
    else
        snprintf(text, sizeof text, "to %.100s %s", name, arrow[e]);
    if (!(R->mark[R->nmark] = csm_strdup(text)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    R->mark_at[R->nmark] = q;
    memset(&lb, 0, sizeof lb);
    lb.sym = r->sym;
    lb.sym.label_bold = 1;
    lb.text = R->mark[R->nmark++];
    lb.layer = r->layer;
    lb.feat = r->feat;
    lb.type = CSM_GEOM_NONE; /* a mark, not a name */
    lb.along = 1;
    lb.anchor[lb.nanchor++] = q;
    lb.priority = MARK_PRIORITY;
    return push(c, &lb, err);
}

/* A route starting or ending off the map is named where it crosses. */
static int marks(compose_ctx *c, const compose_route *r, const csm_geom *g,
                 const csm_geom *vis, csm_error *err)
{
    int rc = CSM_OK;

    if (g->npt == 0 || vis->npt == 0)
        return CSM_OK;
    if (r->from && !in_frame(g->pt[0], &c->frame))
        rc = mark(c, r, vis->pt[0], r->from, err);
    if (!rc && r->to && !in_frame(g->pt[g->npt - 1], &c->frame))
        rc = mark(c, r, vis->pt[vis->npt - 1], r->to, err);
    return rc;
}

/* Vertices closer than this on paper add bytes, not detail. */
#define THIN_MM 0.05

static void thin(csm_geom *g)
{
    size_t p, i, k = 0, start;

    for (p = 0; p < g->npart; p++) {
        start = k;
        for (i = g->part[p]; i < g->part[p + 1]; i++) {
            if (k > start && i + 1 < g->part[p + 1] &&
                hypot(g->pt[i].x - g->pt[k - 1].x,
                      g->pt[i].y - g->pt[k - 1].y) < THIN_MM)
                continue;
            g->pt[k++] = g->pt[i];
        }
        g->part[p] = start;
    }
    g->part[g->npart] = k;
    g->npt = k;
}

static int draw_route(compose_ctx *c, size_t k, csm_error *err)
{
    compose_routes *R = c->routes;
    const compose_route *r = &R->r[k];
    csm_box wide = compose_grow(c->frame, 3.0);
    csm_box in = compose_grow(c->frame, -2.0);
    csm_geom vis, named;
    csm_item it;
    int rc;

    memset(&it, 0, sizeof it);
    if ((rc = compose_clip_line(&R->page[k], &c->frame, &vis, err)))
        return rc;
    if (vis.npart == 0) { /* not on the map */
        csm_geom_release(&vis);
        return CSM_OK;
    }
    /* a little beyond the frame, so the clip, not the data, ends it */
    it.type = CSM_ITEM_PATH;
    it.sym = r->sym;
    rc = compose_clip_line(&R->page[k], &wide, &it.geom, err);
    if (!rc) {
        thin(&it.geom);
        rc = csm_page_add(c->page, &it, err);
        csm_geom_release(&it.geom);
    }
    if (!rc) {
        mark_drawn(c, r);
        rc = compose_clip_line(&R->page[k], &in, &named, err);
    }
    if (!rc) {
        rc = name_label(c, r, &named, err);
        csm_geom_release(&named);
    }
    if (!rc)
        rc = marks(c, r, &R->page[k], &vis, err);
    csm_geom_release(&vis);
    return rc;
}

int compose_routes_draw(compose_ctx *c, size_t li, csm_error *err)
{
    compose_routes *R = c->routes;
    size_t k;
    int rc = CSM_OK;

    if (!R && (rc = prepare(c, err)))
        return rc;
    R = c->routes;
    if (R->ncls[li] > 0 && (rc = legend_rows(c, li, err)))
        return rc;
    for (k = 0; k < R->n && !rc; k++)
        if (R->r[k].layer == li)
            rc = draw_route(c, k, err);
    return rc;
}
