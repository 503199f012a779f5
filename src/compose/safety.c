/* safety.c - compose: a safety map (csm_analyse_safety's areas) drawn as
 * a fill per area by the rating over half gave, and on each area a bar of
 * the shares of red, amber and green, in that order, hidden counts grey
 * at the end.  An area with too few respondents gets its hatching and the
 * words "too few responses" instead of a bar.  Bars and words go in the
 * collision index, so area names are placed around them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose/compose.h"

#define BAR_W_MM 12.0
#define BAR_H_MM 2.4
#define BAR_GAP_MM 2.2   /* from the area's anchor down: room for its name */
#define BAR_HATCH_MM 0.9 /* patterns must still read in a small bar */
#define FEW_PT 6.5

static const char *const segment[] = {"red", "amber", "green", "hidden"};

/* Index of class 'v' in the layer's classes (l->nval: none). */
static size_t class_index(const compose_lyr *l, const char *v)
{
    size_t i;

    for (i = 0; v && i < l->nval; i++)
        if (!strcasecmp(l->val[i], v))
            return i;
    return l->nval;
}

static int fill_area(compose_ctx *c, size_t li, size_t fi, int fres,
                     csm_error *err)
{
    const csm_layer *layer = c->layers[li];
    compose_lyr *l = &c->lyr[li];
    size_t k = class_index(l, csm_layer_value(layer, fi, fres));
    csm_item it;
    csm_box b;
    int rc;

    csm_geom_bounds(&layer->feat[fi].geom, &b);
    if (layer->feat[fi].geom.type != CSM_GEOM_POLYGON || csm_box_is_empty(&b) ||
        !csm_box_overlaps(&b, &c->ext))
        return CSM_OK;
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = l->sym[k];
    if ((rc = compose_geom_to_page(c, &layer->feat[fi].geom, &it.geom, err)))
        return rc;
    rc = compose_add_framed(c, &it, &c->frame, err);
    csm_geom_release(&it.geom);
    l->drawn[k] = CSM_GEOM_POLYGON;
    return rc;
}

/* Where the bar or words go: under the anchor of the part of the area in
 * the frame; *found 0 when none of it is. */
static int spot(compose_ctx *c, const csm_geom *g, csm_xy *at, int *found,
                csm_error *err)
{
    csm_geom pg, cl;
    int rc;

    *found = 0;
    csm_geom_init(&cl, CSM_GEOM_POLYGON);
    if ((rc = compose_geom_to_page(c, g, &pg, err)))
        return rc;
    rc = compose_clip_polygon(&pg, &c->frame, &cl, err);
    csm_geom_release(&pg);
    if (rc)
        return rc;
    if (cl.npart > 0) {
        *at = csm_geom_anchor(&cl);
        at->y += BAR_GAP_MM;
        *found = 1;
    }
    csm_geom_release(&cl);
    return CSM_OK;
}

static int few_words(compose_ctx *c, csm_xy at, csm_error *err)
{
    const char *text = "too few responses";
    double w, h;
    csm_item it;
    csm_box b;
    int rc;

    compose_measure(c, text, FEW_PT, 0, 0.0, &w, &h);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = (char *)text;
    it.at = (csm_xy){at.x - w / 2, at.y};
    it.size_pt = FEW_PT;
    it.italic = 1;
    it.colour = compose_grey(0.15);
    it.halo = 1;
    it.halo_colour = compose_grey(1.0);
    it.halo_mm = 0.5;
    b = (csm_box){at.x - w / 2, at.y, at.x + w / 2, at.y + h};
    if (!(rc = csm_page_add(c->page, &it, err)))
        rc = compose_index_add(&c->ix, &b, err);
    return rc;
}

/* A bar segment looks like its class's fill, opaque, with finer hatching
 * (greyscale styles tell the ratings apart by pattern). */
static csm_symbol segment_symbol(const csm_symbol *cls)
{
    csm_symbol s = *cls;

    s.fill.a = s.fill.a > 0 ? 1.0 : 0.0;
    s.hatch_mm = fmin(s.hatch_mm > 0 ? s.hatch_mm : BAR_HATCH_MM, BAR_HATCH_MM);
    s.stroke = compose_grey(0.0);
    s.stroke_mm = 0.12;
    s.ndash = 0;
    return s;
}

static int bar(compose_ctx *c, size_t li, size_t fi, csm_xy at, csm_error *err)
{
    const csm_layer *layer = c->layers[li];
    compose_lyr *l = &c->lyr[li];
    long v[4], total = 0;
    double x = at.x - BAR_W_MM / 2;
    csm_box b = {at.x - BAR_W_MM / 2, at.y, at.x + BAR_W_MM / 2,
                 at.y + BAR_H_MM};
    size_t s, k, kbar = class_index(l, "bar");
    int rc;

    for (s = 0; s < 4; s++) {
        const char *t =
            csm_layer_value(layer, fi, csm_layer_field(layer, segment[s]));
        v[s] = t ? atol(t) : 0;
        total += v[s] > 0 ? v[s] : 0;
    }
    if (total <= 0)
        return CSM_OK;
    /* a white margin keeps the bar legible over any fill */
    rc = compose_rect(
        c, &(csm_box){b.minx - 0.4, b.miny - 0.4, b.maxx + 0.4, b.maxy + 0.4},
        compose_grey(1.0), compose_grey(1.0), 0.0, err);
    for (s = 0; s < 4 && !rc; s++) {
        double w = BAR_W_MM * (double)v[s] / (double)total;
        csm_symbol sym;
        csm_xy r[5];
        if (v[s] <= 0)
            continue;
        k = class_index(l, segment[s]);
        sym = segment_symbol(&l->sym[k]);
        r[0] = (csm_xy){x, b.miny};
        r[1] = (csm_xy){x + w, b.miny};
        r[2] = (csm_xy){x + w, b.maxy};
        r[3] = (csm_xy){x, b.maxy};
        r[4] = r[0];
        rc = compose_path(c, CSM_GEOM_POLYGON, r, 5, &sym, err);
        if (s == 3 && k < l->nval)
            l->drawn[k] = CSM_GEOM_POLYGON; /* only hidden gets its own row */
        x += w;
    }
    if (!rc && kbar < l->nval)
        l->drawn[kbar] = COMPOSE_SWATCH_BAR;
    if (!rc)
        rc = compose_index_add(&c->ix, &b, err);
    return rc;
}

int compose_safety(compose_ctx *c, size_t li, csm_error *err)
{
    const csm_layer *layer = c->layers[li];
    int fres = csm_layer_field(layer, "result"), rc = CSM_OK, in;
    size_t i;
    csm_xy at;

    /* every fill first: a bar must not be covered by its neighbour */
    for (i = 0; i < layer->n && !rc; i++)
        rc = fill_area(c, li, i, fres, err);
    for (i = 0; i < layer->n && !rc; i++) {
        const char *res = csm_layer_value(layer, i, fres);
        if (layer->feat[i].geom.type != CSM_GEOM_POLYGON)
            continue;
        if ((rc = spot(c, &layer->feat[i].geom, &at, &in, err)) || !in)
            continue;
        if (res && !strcasecmp(res, "few"))
            rc = few_words(c, at, err);
        else
            rc = bar(c, li, i, at, err);
    }
    return rc;
}

/* The legend's swatch for the bar: three equal segments. */
int compose_safety_swatch(compose_ctx *c, const compose_lyr *l, double x,
                          double cy, double w, double h, csm_error *err)
{
    size_t s;
    int rc = CSM_OK;

    for (s = 0; s < 3 && !rc; s++) {
        size_t k = class_index(l, segment[s]);
        csm_symbol sym = segment_symbol(&l->sym[k]);
        double x0 = x + w * (double)s / 3.0, x1 = x + w * (double)(s + 1) / 3.0;
        csm_xy r[5] = {{x0, cy - h / 2},
                       {x1, cy - h / 2},
                       {x1, cy + h / 2},
                       {x0, cy + h / 2},
                       {x0, cy - h / 2}};
        rc = compose_path(c, CSM_GEOM_POLYGON, r, 5, &sym, err);
    }
    return rc;
}
