/* style.c - spec stage: a style file (YAML) -> csm_style, and the rule
 * that picks a feature's symbol: kind, layer override, style class, layer
 * class.  Built-in defaults per kind come first, so a style file may give
 * only what it changes. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec/spec.h"

#define SET_ALL 0xffffu

static const char *const style_keys[] = {"name", "font", "kinds", NULL};
static const char *const kind_keys[] = {"legend", "categories", NULL};

/* Okabe-Ito colours, legible on A4; colours as 0xRRGGBBAA. */
static const struct kind_default {
    const char *legend;
    unsigned fill, stroke;
    double stroke_mm;
    csm_shape shape;
    double size_mm;
    unsigned casing;
    double casing_mm;
    int arrows;
    double label_pt;
    int label_bold, label_priority;
} defaults[CSM_KIND_COUNT] = {
    {"Neighbourhoods", 0xf2f2f2ffu, 0x808080ffu, 0.4, CSM_SHAPE_NONE, 0, 0, 0,
     0, 8, 0, 40},
    {"Schools", 0x0072b2ffu, 0xffffffffu, 0.3, CSM_SHAPE_SCHOOL, 4, 0, 0, 0, 7,
     0, 70},
    {"Transport hubs", 0xd55e00ffu, 0xffffffffu, 0.3, CSM_SHAPE_HUB, 4, 0, 0, 0,
     7, 0, 60},
    {"County-lines routes", 0, 0xcc79a7ffu, 1.2, CSM_SHAPE_NONE, 0, 0xffffffffu,
     2.0, 1, 7, 0, 30},
    /* grey, smaller: a value mapped to no harm code must not pass for one */
    {"Locations of concern", 0x999999ffu, 0x000000ffu, 0.25, CSM_SHAPE_CIRCLE,
     2.6, 0, 0, 0, 7, 0, 20},
    {"Protective places", 0x009e73ffu, 0xffffffffu, 0.3, CSM_SHAPE_SHIELD, 4, 0,
     0, 0, 7, 0, 50},
    {"Annotations", 0xf0e442ffu, 0x000000ffu, 0.3, CSM_SHAPE_DIAMOND, 3.5, 0, 0,
     0, 8, 1, 90},
    {"Base map", 0xebebebffu, 0xb3b3b3ffu, 0.3, CSM_SHAPE_NONE, 0, 0, 0, 0, 6,
     0, 10},
    {"Peer groups", 0x00000000u, 0x333333ffu, 0.6, CSM_SHAPE_NONE, 0, 0, 0, 0,
     8, 1, 55},
    {"Safety mapping", 0xf2f2f2ffu, 0x808080ffu, 0.4, CSM_SHAPE_NONE, 0, 0, 0,
     0, 7, 0, 35},
};

static csm_rgba rgba(unsigned hex)
{
    csm_rgba c;

    c.r = ((hex >> 24) & 0xff) / 255.0;
    c.g = ((hex >> 16) & 0xff) / 255.0;
    c.b = ((hex >> 8) & 0xff) / 255.0;
    c.a = (hex & 0xff) / 255.0;
    return c;
}

static void default_symbol(csm_kind k, csm_symbol *s)
{
    const struct kind_default *d = &defaults[k];

    memset(s, 0, sizeof *s);
    s->set = SET_ALL;
    s->fill = rgba(d->fill);
    s->stroke = rgba(d->stroke);
    s->stroke_mm = d->stroke_mm;
    s->hatch = CSM_HATCH_NONE;
    s->hatch_colour = rgba(0x000000ffu);
    s->hatch_mm = 2.0;
    s->shape = d->shape;
    s->size_mm = d->size_mm;
    s->casing = rgba(d->casing);
    s->casing_mm = d->casing_mm;
    s->arrows = d->arrows;
    s->label_pt = d->label_pt;
    s->label_colour = rgba(0x1a1a1affu);
    s->label_bold = d->label_bold;
    s->label_priority = d->label_priority;
}

static int nomem(const ycx *c)
{
    return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
}

static int read_kind(const ycx *c, struct fy_node *k, struct fy_node *v,
                     csm_style *s)
{
    char where[64], owner[48];
    const char *name = fy_node_is_scalar(k) ? fy_node_get_scalar0(k) : NULL;
    const char *best;
    csm_style_kind *sk;
    csm_symbol sym;
    int i, rc;

    for (i = 0; name && i < CSM_KIND_COUNT; i++)
        if (!strcmp(name, csm_kind_name((csm_kind)i)))
            break;
    if (!name || i == CSM_KIND_COUNT) {
        const char *kn[CSM_KIND_COUNT];
        for (i = 0; i < CSM_KIND_COUNT; i++)
            kn[i] = csm_kind_name((csm_kind)i);
        best = name ? y_suggest(name, kn, CSM_KIND_COUNT) : NULL;
        if (best)
            return y_fail(c, k,
                          "unknown kind '%.40s' in kinds (did you "
                          "mean '%s'?)",
                          name, best);
        return y_fail(c, k,
                      "unknown kind '%.40s' in kinds (expected area, "
                      "school, hub, route, concern, protective, annotation "
                      "or base)",
                      name ? name : "?");
    }
    if (y_is_null(v))
        return 0;
    sk = &s->kind[i];
    snprintf(where, sizeof where, "in kind '%s'", name);
    snprintf(owner, sizeof owner, "kind '%s'", name);
    memset(&sym, 0, sizeof sym);
    rc = y_want_map(c, v, k, name, "in kinds");
    if (!rc)
        rc = y_check_keys(c, v, kind_keys, 1, NULL, NULL, where);
    if (!rc)
        rc = y_str(c, v, "legend", where, &sk->legend);
    if (!rc)
        rc = y_symbol(c, v, where, &sym);
    if (!rc)
        csm_symbol_merge(&sk->sym, &sym);
    if (!rc && (v = y_get(v, "categories", &k))) {
        y_classes_free(sk->cls, sk->ncls);
        sk->cls = NULL;
        sk->ncls = 0;
        rc = y_classes(c, v, k, owner, &sk->cls, &sk->ncls);
        for (i = 0; !rc && (size_t)i < sk->ncls; i++)
            if (sk->cls[i].code && !sk->cls[i].label) {
                /* in a style, VALUE: "text" names the class (mapping
                 * values onto codes is a spec's business) */
                sk->cls[i].label = sk->cls[i].code;
                sk->cls[i].code = NULL;
            }
    }
    return rc;
}

/* The built-in vocabulary as the classes of kind k (concern: the harm
 * codes; safety-map: its classes), so a style that gives no categories
 * still draws each code in its own colour and shape. */
static int seed_classes(csm_style_kind *sk, csm_kind k)
{
    const csm_vocab *v = NULL;
    size_t n = 0, i;

    if (k == CSM_KIND_CONCERN)
        v = csm_vocab_harm(&n);
    else if (k == CSM_KIND_SAFETY_MAP)
        v = csm_vocab_safety(&n);
    if (n == 0)
        return 0;
    if (!(sk->cls = calloc(n, sizeof *sk->cls)))
        return -1;
    for (i = 0; i < n; i++) {
        csm_class *cl = &sk->cls[sk->ncls++];
        if (!(cl->value = csm_strdup(v[i].code)) ||
            !(cl->label = csm_strdup(v[i].label)))
            return -1;
        cl->sym.set = CSM_SET_FILL | CSM_SET_HATCH;
        cl->sym.fill = rgba(v[i].fill);
        cl->sym.hatch = v[i].hatch;
        if (v[i].shape != CSM_SHAPE_NONE) {
            cl->sym.shape = v[i].shape;
            cl->sym.set |= CSM_SET_SHAPE;
        }
    }
    return 0;
}

static int read_style(const ycx *c, struct fy_node *root, csm_style *s)
{
    struct fy_node_pair *p;
    struct fy_node *k, *v;
    const char *base;
    void *it = NULL;
    size_t n;
    int i, rc;

    if (!(s->path = csm_strdup(c->path)) ||
        !(s->font = csm_strdup("DejaVu Sans")))
        return nomem(c);
    for (i = 0; i < CSM_KIND_COUNT; i++) {
        default_symbol((csm_kind)i, &s->kind[i].sym);
        if (seed_classes(&s->kind[i], (csm_kind)i))
            return nomem(c);
        if (!(s->kind[i].legend = csm_strdup(defaults[i].legend)))
            return nomem(c);
    }
    rc = y_check_keys(c, root, style_keys, 0, NULL, NULL, "at top level");
    if (!rc)
        rc = y_str(c, root, "name", "at top level", &s->name);
    if (!rc)
        rc = y_str(c, root, "font", "at top level", &s->font);
    if (!rc && (v = y_get(root, "kinds", &k))) {
        rc = y_want_map(c, v, k, "kinds", "at top level");
        while (!rc && (p = fy_node_mapping_iterate(v, &it)))
            rc = read_kind(c, fy_node_pair_key(p), fy_node_pair_value(p), s);
    }
    if (rc || s->name)
        return rc;
    /* unnamed: the file's name without folder or extension */
    base = strrchr(c->path, '/');
    base = base ? base + 1 : c->path;
    n = strcspn(base, ".");
    if (!(s->name = malloc(n + 1)))
        return nomem(c);
    memcpy(s->name, base, n);
    s->name[n] = '\0';
    return 0;
}

int csm_style_load(const char *path, csm_style **out, csm_error *err)
{
    struct fy_document *fyd;
    csm_style *s;
    ycx c = {path, err};
    int rc;

    *out = NULL;
    rc = y_load(path, &fyd, err);
    if (rc)
        return rc;
    s = calloc(1, sizeof *s);
    rc = s ? read_style(&c, fy_document_root(fyd), s) : nomem(&c);
    fy_document_destroy(fyd);
    if (rc) {
        csm_style_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void csm_style_free(csm_style *s)
{
    int i;

    if (!s)
        return;
    for (i = 0; i < CSM_KIND_COUNT; i++) {
        free(s->kind[i].legend);
        y_classes_free(s->kind[i].cls, s->kind[i].ncls);
    }
    free(s->path);
    free(s->name);
    free(s->font);
    free(s);
}

/* The class for 'cat': an exact match, else one that differs only in
 * case (data often say "Main Road" where the style says "main road"). */
static const csm_class *find_class(const csm_class *cls, size_t n,
                                   const char *cat)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!strcmp(cls[i].value, cat))
            return &cls[i];
    for (i = 0; i < n; i++)
        if (!strcasecmp(cls[i].value, cat))
            return &cls[i];
    return NULL;
}

csm_symbol csm_style_resolve(const csm_style *style, const csm_layer_spec *ls,
                             const char *cat, const char **label)
{
    const csm_style_kind *k;
    const csm_class *sc = NULL, *lc = NULL;
    csm_symbol sym;

    assert(style && ls && (unsigned)ls->kind < CSM_KIND_COUNT);
    k = &style->kind[ls->kind];
    sym = k->sym;
    csm_symbol_merge(&sym, &ls->sym);
    if (cat) {
        sc = find_class(k->cls, k->ncls, cat);
        lc = find_class(ls->cls, ls->ncls, cat);
    }
    if (lc && lc->code) { /* VALUE: CODE draws as CODE (one step only) */
        cat = lc->code;
        sc = find_class(k->cls, k->ncls, cat);
        lc = find_class(ls->cls, ls->ncls, cat);
        lc = lc && lc->code ? NULL : lc;
    }
    if (sc)
        csm_symbol_merge(&sym, &sc->sym);
    if (lc)
        csm_symbol_merge(&sym, &lc->sym);
    if (label)
        *label = lc && lc->label   ? lc->label
                 : sc && sc->label ? sc->label
                 : lc              ? lc->value
                 : sc              ? sc->value
                                   : NULL;
    return sym;
}
