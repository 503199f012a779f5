/* notes.c - compose: what each callout says and what it points at.  The
 * spec's annotations: list pins a text to a feature by layer and id or
 * name; a layer of kind annotation gives a text per feature, pinned to
 * the feature itself.  A callout pinned to a sensitive place (a location
 * of concern, a pseudonymised or personal layer, a home) points at the
 * area round it instead.  callouts.c places them; this file draws them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose/compose.h"

#define TEXT_PT 7.0  /* at A4; scaled like the other furniture text */
#define WRAP_MM 36.0 /* the body's width at A4 */
#define PAD_MM 1.2   /* inside the box */
#define BADGE_MM 3.0 /* the code's symbol */
#define DOT_MM 0.9   /* where the leader touches its feature */
#define AREA_MM 2.0  /* the spot of an area a callout must not cover */

typedef struct note {
    compose_callout co;
    char what[160]; /* "spec.yaml:40: annotation", for messages */
    double pt, wrap, line_h;
} note;

static int sensitive(const compose_ctx *c, size_t li, size_t fi)
{
    const csm_layer_spec *ls = &c->spec->layer[li];
    const csm_layer *l = c->layers[li];

    if (ls->kind == CSM_KIND_CONCERN ||
        ls->sensitivity >= CSM_SENS_PSEUDONYMISED)
        return 1;
    return csm_analyse_residential(
        csm_layer_value(l, fi, csm_layer_field(l, ls->category)),
        csm_layer_value(l, fi, csm_layer_field(l, ls->label)));
}

/* The public area (first in spec order) holding point p: its layer in
 * *li and feature in *fi; 0 when none does. */
static int area_of(const compose_ctx *c, csm_xy p, size_t *li, size_t *fi)
{
    size_t i, j;

    for (i = 0; i < c->spec->nlayer; i++) {
        const csm_layer *l = c->layers[i];
        if (c->spec->layer[i].kind != CSM_KIND_AREA ||
            c->spec->layer[i].sensitivity >= CSM_SENS_PSEUDONYMISED)
            continue;
        for (j = 0; j < l->n; j++)
            if (l->feat[j].geom.type == CSM_GEOM_POLYGON &&
                csm_geom_contains(&l->feat[j].geom, p)) {
                *li = i;
                *fi = j;
                return 1;
            }
    }
    return 0;
}

/* What a callout must leave visible round its target: a point's symbol,
 * an area's name (its label sits on the anchor), a spot of a line. */
static csm_box keep_box(compose_ctx *c, size_t li, size_t fi, csm_xy at)
{
    const csm_layer_spec *ls = &c->spec->layer[li];
    const csm_geom *g = &c->layers[li]->feat[fi].geom;
    const csm_symbol *s = &c->lyr[li].sym[c->lyr[li].nval];
    const char *name = csm_layer_value(
        c->layers[li], fi, csm_layer_field(c->layers[li], ls->label));
    double hw = AREA_MM, hh = AREA_MM, w, h;

    if (g->type == CSM_GEOM_POINT && s->shape != CSM_SHAPE_NONE)
        hw = hh = (s->size_mm > 0.0 ? s->size_mm : 3.0) / 2 + 0.3;
    else if (g->type == CSM_GEOM_LINE)
        hw = hh = 1.0;
    else if (g->type == CSM_GEOM_POLYGON && name) {
        compose_measure(c, name, s->label_pt > 0.0 ? s->label_pt : 7.0,
                        s->label_bold, 0.0, &w, &h);
        hw = fmax(hw, w / 2 + 0.6);
        hh = fmax(hh, h / 2 + 0.6);
    }
    return (csm_box){at.x - hw, at.y - hh, at.x + hw, at.y + hh};
}

/* Point the callout at feature fi of layer li, or at its area. */
static int pin(compose_ctx *c, size_t li, size_t fi, note *n, csm_error *err)
{
    csm_xy p = csm_geom_anchor(&c->layers[li]->feat[fi].geom);

    if (sensitive(c, li, fi)) {
        if (!area_of(c, p, &li, &fi))
            return csm_fail(err, CSM_EPRIVACY,
                            "%s: it is pinned to a sensitive place that no "
                            "area layer holds: pin it to an area instead",
                            n->what);
        p = csm_geom_anchor(&c->layers[li]->feat[fi].geom);
    }
    if (p.x < c->ext.minx || p.x > c->ext.maxx || p.y < c->ext.miny ||
        p.y > c->ext.maxy)
        return csm_fail(err, CSM_EDATA,
                        "%s: its feature is outside the map: widen the "
                        "extent or remove the callout",
                        n->what);
    n->co.target = compose_to_page(c, p);
    n->co.keep = keep_box(c, li, fi, n->co.target);
    return CSM_OK;
}

/* The text is printed as written: refuse anything personal in it. */
static int words(compose_ctx *c, note *n, const char *text, const char *code,
                 csm_error *err)
{
    const char *what = NULL;

    if (csm_anonymise_scan_text(text, &what))
        return csm_fail(err, CSM_EPRIVACY,
                        "%s: its text looks like %s: remove it (callouts are "
                        "printed as written)",
                        n->what, what ? what : "personal data");
    n->co.text = text;
    if (code && *code &&
        !(n->co.code = compose_code(c, code, &n->co.badge, NULL)))
        return csm_fail(err, CSM_EDATA,
                        "%s: its category is not a harm code: use CCE, CSE, "
                        "CL, SYV, TRAF, MISS, CUCK, HSB, ONLINE or OTHER",
                        n->what);
    compose_note_code(c, n->co.code);
    return CSM_OK;
}

static long layer_index(const compose_ctx *c, const char *name)
{
    size_t i;

    for (i = 0; name && i < c->spec->nlayer; i++)
        if (!strcmp(c->spec->layer[i].name, name))
            return (long)i;
    return -1;
}

/* The feature of the annotation's layer with its id, or its name. */
static int find(compose_ctx *c, const csm_annotation *a, size_t li, size_t *fi,
                const note *n, csm_error *err)
{
    const csm_layer_spec *ls = &c->spec->layer[li];
    const csm_layer *l = c->layers[li];
    int f = csm_layer_field(l, a->id ? ls->id : ls->label);
    const char *want = a->id ? a->id : a->name;
    size_t i, hits = 0, pass;

    if (f < 0 && !a->id) /* a layer whose ids are names (parks) */
        f = csm_layer_field(l, ls->id);
    if (f < 0)
        return csm_fail(err, CSM_EDATA,
                        "%s: layer '%s' has no %s field to find it by: add "
                        "%s: to the layer",
                        n->what, ls->name, a->id ? "id" : "label or id",
                        a->id ? "id" : "label");
    for (pass = 0; pass < 2 && hits == 0; pass++)
        for (i = 0; i < l->n; i++) {
            const char *v = csm_layer_value(l, i, f);
            if (v && (pass ? !strcasecmp(v, want) : !strcmp(v, want)) &&
                hits++ == 0)
                *fi = i;
        }
    if (hits == 1)
        return CSM_OK;
    if (hits == 0)
        return csm_fail(err, CSM_EDATA,
                        "%s: no feature of layer '%s' has that %s", n->what,
                        ls->name, a->id ? "id" : "name");
    return csm_fail(err, CSM_EDATA,
                    "%s: %zu features of layer '%s' have that name: pin it "
                    "by id: instead",
                    n->what, hits, ls->name);
}

static int from_spec(compose_ctx *c, const csm_annotation *a, note *n,
                     csm_error *err)
{
    long li = layer_index(c, a->layer);
    size_t fi = 0;
    int rc;

    snprintf(n->what, sizeof n->what, "%s:%d: annotation", c->spec->path,
             a->line);
    if (li < 0)
        return csm_fail(err, CSM_EDATA, "%s: no layer '%s'", n->what, a->layer);
    if ((rc = words(c, n, a->text, a->category, err)) ||
        (rc = find(c, a, (size_t)li, &fi, n, err)))
        return rc;
    return pin(c, (size_t)li, fi, n, err);
}

/* Box size from the text, as render will lay it out. */
static void measure(compose_ctx *c, note *n)
{
    double tw, th, cw = 0.0, ch = 0.0;

    n->pt = TEXT_PT * c->text_scale;
    n->wrap = WRAP_MM * c->text_scale;
    compose_measure(c, n->co.text, n->pt, 0, n->wrap, &tw, &th);
    n->line_h = 0.0;
    if (n->co.code) {
        compose_measure(c, n->co.code, n->pt, 1, 0.0, &cw, &ch);
        n->line_h = fmax(BADGE_MM, ch);
        cw += BADGE_MM + 1.0;
    }
    n->co.w = fmax(tw, cw) + 2 * PAD_MM;
    n->co.h = th + 2 * PAD_MM + (n->co.code ? n->line_h + 0.6 : 0.0);
}

/* Every feature of an annotation layer with a text, pinned to itself. */
static int from_layer(compose_ctx *c, size_t li, note *ns, size_t *n,
                      csm_error *err)
{
    const csm_layer_spec *ls = &c->spec->layer[li];
    const csm_layer *l = c->layers[li];
    int ft = csm_layer_field(l, ls->label),
        fc = csm_layer_field(l, ls->category);
    size_t i;
    int rc = CSM_OK;

    for (i = 0; i < l->n && !rc; i++) {
        const char *text = csm_layer_value(l, i, ft);
        csm_xy p = csm_geom_anchor(&l->feat[i].geom);
        note *nt = &ns[*n];
        if (!text || l->feat[i].geom.npt == 0 || p.x < c->ext.minx ||
            p.x > c->ext.maxx || p.y < c->ext.miny || p.y > c->ext.maxy)
            continue; /* nothing to say here, or not on this map */
        memset(nt, 0, sizeof *nt);
        snprintf(nt->what, sizeof nt->what, "layer '%s', row %ld: annotation",
                 ls->name, l->feat[i].row);
        rc = words(c, nt, text, csm_layer_value(l, i, fc), err);
        if (!rc)
            rc = pin(c, li, i, nt, err);
        (*n)++;
    }
    return rc;
}

static int draw(compose_ctx *c, const note *n, csm_error *err)
{
    const csm_symbol *as = &c->style->kind[CSM_KIND_ANNOTATION].sym;
    csm_rgba ink = as->stroke.a > 0.0 ? as->stroke : compose_grey(0.15);
    csm_rgba paper = {1.0, 1.0, 1.0, 0.95};
    const csm_box *b = &n->co.box;
    double x = b->minx + PAD_MM, y = b->miny + PAD_MM, cw, ch;
    csm_symbol s;
    int rc;

    memset(&s, 0, sizeof s);
    s.stroke = ink;
    s.stroke_mm = 0.3;
    s.casing = compose_grey(1.0);
    s.casing_mm = 0.9; /* the leader stays visible over dark fills */
    rc = compose_path(c, CSM_GEOM_LINE, n->co.leader, 2, &s, err);
    memset(&s, 0, sizeof s);
    s.shape = CSM_SHAPE_CIRCLE;
    s.size_mm = DOT_MM;
    s.fill = ink;
    if (!rc)
        rc = compose_symbol(c, n->co.leader[1], &s, err);
    if (!rc)
        rc = compose_rect(c, b, paper, ink, 0.3, err);
    if (!rc && n->co.code) {
        s = n->co.badge;
        s.size_mm = BADGE_MM;
        rc = compose_symbol(c, (csm_xy){x + BADGE_MM / 2, y + n->line_h / 2},
                            &s, err);
        compose_measure(c, n->co.code, n->pt, 1, 0.0, &cw, &ch);
        if (!rc)
            rc = compose_text(
                c, n->co.code,
                (csm_xy){x + BADGE_MM + 1.0, y + (n->line_h - ch) / 2}, n->pt,
                1, 0.0, CSM_ALIGN_LEFT, err);
        y += n->line_h + 0.6;
    }
    if (!rc)
        rc = compose_text(c, n->co.text, (csm_xy){x, y}, n->pt, 0, n->wrap,
                          CSM_ALIGN_LEFT, err);
    return rc;
}

int compose_callouts(compose_ctx *c, csm_error *err)
{
    const csm_spec *sp = c->spec;
    size_t i, n = 0, max = sp->nannotation;
    note *ns;
    compose_callout *co = NULL;
    const char **what = NULL;
    int rc = CSM_OK;

    for (i = 0; i < sp->nlayer; i++)
        if (sp->layer[i].kind == CSM_KIND_ANNOTATION)
            max += c->layers[i]->n;
    if (max == 0)
        return CSM_OK;
    ns = calloc(max, sizeof *ns);
    co = calloc(max, sizeof *co);
    what = calloc(max, sizeof *what);
    if (!ns || !co || !what)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < sp->nannotation && !rc; i++)
        rc = from_spec(c, &sp->annotation[i], &ns[n++], err);
    for (i = 0; i < sp->nlayer && !rc; i++)
        if (sp->layer[i].kind == CSM_KIND_ANNOTATION)
            rc = from_layer(c, i, ns, &n, err);
    for (i = 0; i < n && !rc; i++) {
        measure(c, &ns[i]);
        co[i] = ns[i].co;
        what[i] = ns[i].what;
    }
    if (!rc)
        rc = compose_callouts_place(c, co, n, what, err);
    for (i = 0; i < n && !rc; i++) {
        ns[i].co = co[i];
        rc = draw(c, &ns[i], err);
    }
    free(ns);
    free(co);
    free(what);
    return rc;
}
