/* inset.c - compose: an overview map for routes that run off the page.
 * A county line from a city fifty kilometres away leaves a town map at
 * its edge; the inset, at the foot of the legend panel, shows every route
 * whole, with the main map's frame as a rectangle and the far ends named,
 * so the meeting sees where the lines come from. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

#define CAPTION_PT 7.0
#define NAME_PT 6.5
#define PAD_MM 2.0
#define DOT_MM 1.6
/* Routes in the inset: thinner than on the map, never hairlines. */
#define INSET_WIDTH 0.4
#define INSET_MIN_MM 0.35

/* Every route's extent, or empty when there are none. */
static void route_bounds(const compose_ctx *c, csm_box *b)
{
    size_t i, j;

    csm_box_empty(b);
    for (i = 0; i < c->spec->nlayer; i++)
        if (c->spec->layer[i].kind == CSM_KIND_ROUTE)
            for (j = 0; j < c->layers[i]->n; j++) {
                csm_box g;
                if (c->layers[i]->feat[j].geom.type != CSM_GEOM_LINE)
                    continue;
                csm_geom_bounds(&c->layers[i]->feat[j].geom, &g);
                csm_box_union(b, &g);
            }
}

static int inside(const csm_box *a, const csm_box *b)
{
    return a->minx >= b->minx && a->maxx <= b->maxx && a->miny >= b->miny &&
           a->maxy <= b->maxy;
}

int compose_inset_layout(compose_ctx *c, csm_error *err)
{
    double pw = c->panel.maxx - c->panel.minx;
    double ph = c->panel.maxy - c->panel.miny, h, legend_h, cap_w, cap_h, low;
    csm_box rb;
    int rc;

    csm_box_empty(&c->inset);
    route_bounds(c, &rb);
    if (csm_box_is_empty(&rb) || inside(&rb, &c->ext))
        return CSM_OK;
    csm_box_union(&rb, &c->ext);
    if ((rc = compose_legend_height(c, &legend_h, err)))
        return rc;
    compose_measure(c, "Whole routes", CAPTION_PT * c->text_scale, 1, 0.0,
                    &cap_w, &cap_h);
    /* the routes' shape at the panel's width, within reason, in what the
     * legend leaves; never so small it says nothing (the legend then
     * shrinks a little) */
    h = pw * (rb.maxy - rb.miny) / fmax(rb.maxx - rb.minx, 1.0);
    h = fmin(fmax(h, 0.6 * pw), 1.2 * pw) + cap_h * 3 + PAD_MM * 2;
    low = 0.5 * pw + cap_h * 3 + PAD_MM * 2;
    h = fmin(h, fmax(ph - legend_h - COMPOSE_GAP_MM, low));
    h = fmin(h, 0.6 * ph);
    /* no overview where the legend would not fit above it even shrunk as
     * far as it goes: the legend and its scale come first */
    if ((rc =
             compose_legend_height_at(c, COMPOSE_LEGEND_MIN_F, &legend_h, err)))
        return rc;
    if (legend_h > ph - h - COMPOSE_GAP_MM)
        return CSM_OK;
    c->inset = (csm_box){c->panel.minx, c->panel.maxy - h, c->panel.maxx,
                         c->panel.maxy};
    c->panel.maxy = c->inset.miny - COMPOSE_GAP_MM;
    return CSM_OK;
}

/* The transform that fits world box w into page box p, centred. */
static compose_view fit(const csm_box *w, const csm_box *p)
{
    double sx = (p->maxx - p->minx) / fmax(w->maxx - w->minx, 1.0);
    double sy = (p->maxy - p->miny) / fmax(w->maxy - w->miny, 1.0);
    compose_view v;

    v.s = fmin(sx, sy);
    v.ox = (p->minx + p->maxx) / 2 - (w->minx + w->maxx) / 2 * v.s;
    v.oy = (p->miny + p->maxy) / 2 + (w->miny + w->maxy) / 2 * v.s;
    return v;
}

/* The inset being drawn: its transform, map box and routes on paper. */
typedef struct inset {
    compose_view v;
    csm_box map;        /* where the overview is drawn, inside the border */
    csm_geom *page;     /* each route in the inset, in its lane */
    const char **named; /* far ends already named */
    size_t nnamed;
} inset;

static int routes(compose_ctx *c, inset *in, csm_error *err)
{
    const compose_routes *R = c->routes;
    const csm_geom **lines = calloc(R->n + 1, sizeof *lines);
    double *lane = calloc(R->n + 1, sizeof *lane);
    size_t i;
    int rc = CSM_OK;

    if (!lines || !lane)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; !rc && i < R->n; i++) {
        lines[i] = R->r[i].world;
        lane[i] = fmax(R->r[i].lane_mm * INSET_WIDTH, INSET_MIN_MM + 0.3);
    }
    if (!rc)
        rc = compose_offset_lines(lines, lane, R->n, &in->v, in->page, err);
    for (i = 0; !rc && i < R->n; i++) {
        csm_item it;
        memset(&it, 0, sizeof it);
        it.type = CSM_ITEM_PATH;
        it.sym = R->r[i].sym;
        it.sym.stroke_mm =
            fmax(R->r[i].sym.stroke_mm * INSET_WIDTH, INSET_MIN_MM);
        it.sym.casing_mm =
            it.sym.casing_mm > 0.0 ? it.sym.stroke_mm + 0.3 : 0.0;
        it.geom = in->page[i]; /* copied by csm_page_add */
        rc = csm_page_add(c->page, &it, err);
    }
    free(lines);
    free(lane);
    return rc;
}

/* Where a far end's name goes: beside its dot, clear of the routes and
 * inside the inset; failing that, inside it at least. */
static csm_xy name_place(const compose_routes *R, const inset *in, csm_xy p,
                         double tw, double th)
{
    const double g = DOT_MM * 0.8;
    /* beside, then above and below, then further off */
    const double ys[7] = {-th / 2, -g - th,     g,         -g - 2 * th,
                          g + th,  -g - 3 * th, g + 2 * th};
    const double xs[3] = {g, -g - tw, -tw / 2};
    int pass, i, j;
    size_t k;

    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < 7; i++)
            for (j = 0; j < 3; j++) {
                csm_box b = {p.x + xs[j], p.y + ys[i], p.x + xs[j] + tw,
                             p.y + ys[i] + th};
                int hit = b.minx < in->map.minx || b.maxx > in->map.maxx ||
                          b.miny < in->map.miny || b.maxy > in->map.maxy;
                for (k = 0; k < R->n && !hit && pass == 0; k++)
                    hit = compose_line_hits(&in->page[k], &b, 0.3);
                if (!hit)
                    return (csm_xy){b.minx, b.miny};
            }
    return (csm_xy){p.x + g, p.y - th / 2};
}

/* A far end off the main map: a dot and its name, once per name. */
static int far_end(compose_ctx *c, inset *in, csm_xy w, const char *name,
                   csm_error *err)
{
    csm_symbol dot;
    csm_item it;
    csm_xy p;
    double tw, th;
    size_t i;
    int rc;

    if (!name || (w.x >= c->ext.minx && w.x <= c->ext.maxx &&
                  w.y >= c->ext.miny && w.y <= c->ext.maxy))
        return CSM_OK;
    for (i = 0; i < in->nnamed; i++)
        if (!strcmp(in->named[i], name))
            return CSM_OK;
    in->named[in->nnamed++] = name;
    p = compose_view_xy(&in->v, w);
    memset(&dot, 0, sizeof dot);
    dot.shape = CSM_SHAPE_CIRCLE;
    dot.size_mm = DOT_MM;
    dot.fill = compose_grey(0.0);
    dot.stroke = compose_grey(1.0);
    dot.stroke_mm = 0.25;
    if ((rc = compose_symbol(c, p, &dot, err)))
        return rc;
    compose_measure(c, name, NAME_PT, 1, 0.0, &tw, &th);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = (char *)name;
    it.at = name_place(c->routes, in, p, tw, th);
    it.size_pt = NAME_PT;
    it.bold = 1;
    it.colour = compose_grey(0.0);
    it.halo = 1;
    it.halo_colour = compose_grey(1.0);
    it.halo_mm = 0.5;
    return csm_page_add(c->page, &it, err);
}

static int clip(compose_ctx *c, csm_item_type type, const csm_box *b,
                csm_error *err)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = type;
    it.box = *b;
    return csm_page_add(c->page, &it, err);
}

/* The caption: what the inset is, and its scale. */
static int caption(compose_ctx *c, const compose_view *v, double *h,
                   csm_error *err)
{
    char scale[32], line[96];
    double w, h2;
    int rc;

    compose_scale_text(1000.0 / v->s, scale, sizeof scale);
    snprintf(line, sizeof line, "Whole routes, 1:%s; the box is this map",
             scale);
    compose_measure(c, "Whole routes", CAPTION_PT * c->text_scale, 1, 0.0, &w,
                    h);
    rc = compose_text(c, "Whole routes",
                      (csm_xy){c->inset.minx + PAD_MM, c->inset.miny + PAD_MM},
                      CAPTION_PT * c->text_scale, 1, 0.0, CSM_ALIGN_LEFT, err);
    compose_measure(c, line, CAPTION_PT, 0,
                    c->inset.maxx - c->inset.minx - 2 * PAD_MM, &w, &h2);
    if (!rc)
        rc = compose_text(
            c, line,
            (csm_xy){c->inset.minx + PAD_MM, c->inset.maxy - PAD_MM - h2},
            CAPTION_PT, 0, c->inset.maxx - c->inset.minx - 2 * PAD_MM,
            CSM_ALIGN_LEFT, err);
    *h += h2;
    return rc;
}

/* The main map's frame, as a grey box the routes run into. */
static int frame_box(compose_ctx *c, const inset *in, int outline,
                     csm_error *err)
{
    csm_xy a = compose_view_xy(&in->v, (csm_xy){c->ext.minx, c->ext.miny});
    csm_xy b = compose_view_xy(&in->v, (csm_xy){c->ext.maxx, c->ext.maxy});
    csm_box f = {a.x, b.y, b.x, a.y};

    if (outline)
        return compose_rect(c, &f, (csm_rgba){0, 0, 0, 0}, compose_grey(0.0),
                            0.4, err);
    return compose_rect(c, &f, compose_grey(0.88), compose_grey(0.88), 0.0,
                        err);
}

static int draw(compose_ctx *c, inset *in, csm_error *err)
{
    const compose_routes *R = c->routes;
    size_t i;
    int rc;

    if ((rc = clip(c, CSM_ITEM_CLIP, &in->map, err)) ||
        (rc = frame_box(c, in, 0, err)) || (rc = routes(c, in, err)) ||
        (rc = frame_box(c, in, 1, err)))
        return rc;
    for (i = 0; i < R->n && !rc; i++) {
        const csm_geom *g = R->r[i].world;
        if (g->npt == 0)
            continue;
        rc = far_end(c, in, g->pt[0], R->r[i].from, err);
        if (!rc)
            rc = far_end(c, in, g->pt[g->npt - 1], R->r[i].to, err);
    }
    return rc ? rc : clip(c, CSM_ITEM_UNCLIP, &in->map, err);
}

int compose_inset(compose_ctx *c, csm_error *err)
{
    const compose_routes *R = c->routes;
    csm_box world;
    inset in;
    double cap_w, cap_h;
    size_t i;
    int rc;

    if (csm_box_is_empty(&c->inset) || !R || R->n == 0)
        return CSM_OK;
    memset(&in, 0, sizeof in);
    compose_measure(c, "Whole routes", CAPTION_PT * c->text_scale, 1, 0.0,
                    &cap_w, &cap_h);
    route_bounds(c, &world);
    csm_box_union(&world, &c->ext);
    /* under the caption; its second line comes out of the map's foot */
    in.map =
        (csm_box){c->inset.minx + PAD_MM, c->inset.miny + PAD_MM + cap_h + 1.0,
                  c->inset.maxx - PAD_MM, c->inset.maxy - PAD_MM - 2 * cap_h};
    world = compose_grow(
        world, 0.04 * fmax(world.maxx - world.minx, world.maxy - world.miny));
    in.v = fit(&world, &in.map);
    in.page = calloc(R->n + 1, sizeof *in.page);
    in.named = calloc(2 * R->n + 1, sizeof *in.named);
    if (!in.page || !in.named)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else if (!(rc = compose_rect(c, &c->inset, compose_grey(1.0),
                                 compose_grey(0.0), 0.3, err)) &&
             !(rc = caption(c, &in.v, &cap_h, err)))
        rc = draw(c, &in, err);
    for (i = 0; in.page && i < R->n; i++)
        csm_geom_release(&in.page[i]);
    free(in.page);
    free(in.named);
    return rc;
}
