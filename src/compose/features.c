/* features.c - compose: the spec's layers become display-list items in
 * spec order (first = bottom).  Records which (layer, class) pairs were
 * drawn, for the legend, and what wants a label, for labels.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose/compose.h"

/* Label priority when the style does not give one.  Locations of concern
 * are never labelled: a name there could point at a child. */
static const int kind_priority[CSM_KIND_COUNT] = {
    [CSM_KIND_AREA] = 30,       [CSM_KIND_SCHOOL] = 50,
    [CSM_KIND_HUB] = 60,        [CSM_KIND_ROUTE] = 40,
    [CSM_KIND_CONCERN] = 25,    [CSM_KIND_PROTECTIVE] = 45,
    [CSM_KIND_ANNOTATION] = 70, [CSM_KIND_BASE] = 20};

/* Vertices closer than this on paper add bytes, not detail. */
#define THIN_MM 0.05

void compose_lyr_release(compose_lyr *l)
{
    free(l->val);
    free(l->sym);
    free(l->drawn);
    memset(l, 0, sizeof *l);
}

static int has_value(const compose_lyr *l, const char *v)
{
    size_t i;

    for (i = 0; i < l->nval; i++)
        if (!strcasecmp(l->val[i], v)) /* one legend row, as resolve does */
            return 1;
    return 0;
}

/* The layer's classes in legend order: the style's, then the layer's own
 * new ones; each resolved once, plus the "no class" symbol at [nval]. */
static int lyr_init(compose_ctx *c, size_t i, csm_error *err)
{
    const csm_layer_spec *ls = &c->spec->layer[i];
    const csm_style_kind *k = &c->style->kind[ls->kind];
    compose_lyr *l = &c->lyr[i];
    size_t n = k->ncls + ls->ncls, j;
    const char *label;

    l->val = calloc(n + 1, sizeof *l->val);
    l->sym = calloc(n + 1, sizeof *l->sym);
    l->drawn = calloc(n + 1, sizeof *l->drawn);
    if (!l->val || !l->sym || !l->drawn)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (j = 0; j < k->ncls; j++)
        if (k->cls[j].value && !has_value(l, k->cls[j].value))
            l->val[l->nval++] = k->cls[j].value;
    for (j = 0; j < ls->ncls; j++) /* VALUE: CODE rows draw as CODE */
        if (ls->cls[j].value && !ls->cls[j].code &&
            !has_value(l, ls->cls[j].value))
            l->val[l->nval++] = ls->cls[j].value;
    for (j = 0; j < l->nval; j++)
        l->sym[j] = csm_style_resolve(c->style, ls, l->val[j], &label);
    l->sym[l->nval] = csm_style_resolve(c->style, ls, NULL, &label);
    return CSM_OK;
}

/* As csm_style_resolve matches: exactly first, then ignoring case. */
static size_t class_of(const compose_lyr *l, const char *cat)
{
    size_t i;

    if (!cat)
        return l->nval;
    for (i = 0; i < l->nval; i++)
        if (!strcmp(l->val[i], cat))
            return i;
    for (i = 0; i < l->nval; i++)
        if (!strcasecmp(l->val[i], cat))
            return i;
    return l->nval;
}

static int in_box(csm_xy p, const csm_box *b)
{
    return p.x >= b->minx && p.x <= b->maxx && p.y >= b->miny && p.y <= b->maxy;
}

/* g in page mm, dropping vertices within THIN_MM of the last one kept. */
int compose_geom_to_page(const compose_ctx *c, const csm_geom *g,
                         csm_geom *out, csm_error *err)
{
    size_t r, i, n, max = 0;
    csm_xy *buf;
    int rc = CSM_OK;

    csm_geom_init(out, g->type);
    for (r = 0; r < g->npart; r++)
        if (g->part[r + 1] - g->part[r] > max)
            max = g->part[r + 1] - g->part[r];
    if (!(buf = malloc((max + 1) * sizeof *buf)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (r = 0; r < g->npart && !rc; r++) {
        size_t a = g->part[r], b = g->part[r + 1];
        for (n = 0, i = a; i < b; i++) {
            csm_xy p = compose_to_page(c, g->pt[i]);
            if (n > 0 && i + 1 < b && fabs(p.x - buf[n - 1].x) < THIN_MM &&
                fabs(p.y - buf[n - 1].y) < THIN_MM)
                continue;
            buf[n++] = p;
        }
        rc = csm_geom_add_part(out, buf, n, err);
    }
    free(buf);
    if (rc)
        csm_geom_release(out);
    return rc;
}

int compose_push_label(compose_ctx *c, const compose_label *lb,
                       csm_error *err)
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

/* Points: one symbol per part inside the extent; the first is labelled. */
static int draw_points(compose_ctx *c, const csm_geom *g, const csm_symbol *sym,
                       compose_label *lb, int *drew, csm_error *err)
{
    double size = sym->size_mm > 0.0 ? sym->size_mm : 3.0;
    csm_symbol s = *sym;
    size_t i;
    int rc = CSM_OK;

    if (c->map_scale > 0.0 && c->map_scale < 1.0) /* a small multiple */
        size = fmax(size * c->map_scale, fmin(size, COMPOSE_SYMBOL_MM_MIN));
    s.size_mm = size;
    lb->radius_mm = sym->shape != CSM_SHAPE_NONE ? size / 2.0 : 0.0;
    for (i = 0; i < g->npart && !rc; i++) {
        csm_xy p;
        csm_box b;
        if (g->part[i + 1] == g->part[i] || !in_box(g->pt[g->part[i]], &c->ext))
            continue;
        p = compose_to_page(c, g->pt[g->part[i]]);
        if (lb->nanchor == 0)
            lb->anchor[lb->nanchor++] = p;
        if (sym->shape == CSM_SHAPE_NONE)
            continue; /* text only (annotations): nothing to avoid or list */
        b = (csm_box){p.x - size / 2, p.y - size / 2, p.x + size / 2,
                      p.y + size / 2};
        if (!(rc = compose_symbol(c, p, &s, err)))
            rc = compose_index_add(&c->ix, &b, err);
        *drew = 1;
    }
    return rc;
}

/* The point a fraction t of the way along the line p[0..n-1]. */
static csm_xy along(const csm_xy *p, size_t n, double t)
{
    double len = 0.0, run = 0.0, goal, d;
    size_t i;

    for (i = 1; i < n; i++)
        len += hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    goal = t * len;
    for (i = 1; i < n; i++) {
        d = hypot(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
        if (run + d >= goal && d > 0.0) {
            double f = (goal - run) / d;
            return (csm_xy){p[i - 1].x + f * (p[i].x - p[i - 1].x),
                            p[i - 1].y + f * (p[i].y - p[i - 1].y)};
        }
        run += d;
    }
    return p[n - 1];
}

/* Where a line or area label may sit: anchors inside the frame.  Lines:
 * the middle of each part first, then a third of the way from each end. */
static int shape_anchors(compose_ctx *c, const csm_geom *pg, compose_label *lb,
                         csm_error *err)
{
    static const double at[] = {0.5, 0.3, 0.7};
    csm_box bb;
    csm_geom cl;
    size_t r, k;
    int rc;

    if (pg->type == CSM_GEOM_LINE) {
        for (k = 0; k < 3; k++)
            for (r = 0; r < pg->npart && lb->nanchor < COMPOSE_MAX_ANCHOR;
                 r++) {
                size_t n = pg->part[r + 1] - pg->part[r];
                csm_xy a;
                if (n < 2)
                    continue;
                a = along(pg->pt + pg->part[r], n, at[k]);
                if (in_box(a, &c->frame))
                    lb->anchor[lb->nanchor++] = a;
            }
        return CSM_OK;
    }
    csm_geom_bounds(pg, &bb);
    if (in_box((csm_xy){bb.minx, bb.miny}, &c->frame) &&
        in_box((csm_xy){bb.maxx, bb.maxy}, &c->frame)) {
        lb->anchor[lb->nanchor++] = csm_geom_anchor(pg);
        return CSM_OK;
    }
    if ((rc = compose_clip_polygon(pg, &c->frame, &cl, err)))
        return rc;
    if (cl.npart > 0)
        lb->anchor[lb->nanchor++] = csm_geom_anchor(&cl);
    csm_geom_release(&cl);
    return CSM_OK;
}

static int draw_shape(compose_ctx *c, const csm_geom *g, const csm_symbol *sym,
                      compose_label *lb, int *drew, csm_error *err)
{
    csm_item it;
    int rc;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = *sym;
    if ((rc = compose_geom_to_page(c, g, &it.geom, err)))
        return rc;
    /* cut to the frame (frameclip.c); labels from the whole shape */
    rc = compose_add_framed(c, &it, &c->frame, err);
    if (!rc && lb->text)
        rc = shape_anchors(c, &it.geom, lb, err);
    csm_geom_release(&it.geom);
    *drew = 1;
    return rc;
}

static int label_priority(const csm_layer_spec *ls, const csm_symbol *sym,
                          csm_geom_type type)
{
    /* a label beside a concern point could name a place a child was; a
     * protected area count (polygons) is the figure the map exists for */
    if (ls->kind == CSM_KIND_CONCERN && type != CSM_GEOM_POLYGON)
        return 0;
    if (sym->set & CSM_SET_LABEL_PRIORITY)
        return sym->label_priority;
    return kind_priority[ls->kind];
}

static int draw_feature(compose_ctx *c, size_t li, size_t fi, int fcat,
                        int flab, csm_error *err)
{
    const csm_layer *layer = c->layers[li];
    const csm_geom *g = &layer->feat[fi].geom;
    compose_lyr *l = &c->lyr[li];
    size_t k;
    compose_label lb;
    csm_box b;
    int drew = 0, rc;

    csm_geom_bounds(g, &b);
    if (csm_box_is_empty(&b) || !csm_box_overlaps(&b, &c->ext))
        return CSM_OK;
    k = class_of(l, csm_layer_value(layer, fi, fcat));
    memset(&lb, 0, sizeof lb);
    lb.sym = l->sym[k];
    lb.priority = label_priority(&c->spec->layer[li], &l->sym[k], g->type);
    lb.text = lb.priority > 0 ? csm_layer_value(layer, fi, flab) : NULL;
    lb.layer = li;
    lb.feat = fi;
    lb.type = g->type;
    if (g->type == CSM_GEOM_POINT)
        rc = draw_points(c, g, &l->sym[k], &lb, &drew, err);
    else if (g->type == CSM_GEOM_LINE || g->type == CSM_GEOM_POLYGON)
        rc = draw_shape(c, g, &l->sym[k], &lb, &drew, err);
    else
        return CSM_OK;
    if (drew && !l->drawn[k])
        l->drawn[k] = (unsigned char)g->type;
    if (!rc && lb.text && *lb.text)
        rc = compose_push_label(c, &lb, err);
    return rc;
}

int compose_features(compose_ctx *c, csm_error *err)
{
    const csm_spec *sp = c->spec;
    size_t i, j;
    int rc = CSM_OK;

    for (i = 0; i < sp->nlayer && !rc; i++) {
        const csm_layer *layer = c->layers[i];
        int fcat = csm_layer_field(layer, sp->layer[i].category);
        int flab = csm_layer_field(layer, sp->layer[i].label);
        if (sp->layer[i].kind == CSM_KIND_PEER_GROUP) {
            rc = compose_groups(c, i, err); /* groups.c */
            continue;
        }
        if ((rc = lyr_init(c, i, err)))
            break;
        if (layer->raster && (rc = compose_raster(c, i, err))) /* raster.c */
            break;
        if (sp->layer[i].kind == CSM_KIND_ANNOTATION)
            continue; /* callouts, placed by callouts.c */
        if (sp->layer[i].kind == CSM_KIND_SAFETY_MAP) {
            rc = compose_safety(c, i, err); /* safety.c */
            continue;
        }
        if (sp->layer[i].kind == CSM_KIND_ROUTE)
            rc = compose_routes_draw(c, i, err); /* routelines.c */
        for (j = 0; j < layer->n && !rc &&
                    sp->layer[i].kind != CSM_KIND_ROUTE;
             j++)
            rc = draw_feature(c, i, j, fcat, flab, err);
        if (rc)
            csm_error_prefix(err, "layer '%s'", sp->layer[i].name);
    }
    return rc;
}
