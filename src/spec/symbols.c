/* symbols.c - spec stage: the symbol keys (fill, stroke, shape, ...) and
 * categories shared by style files and a spec's per-layer overrides.  Each
 * key read sets its CSM_SET_* bit, so overrides merge field by field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec/spec.h"

const char *const y_symbol_keys[] = {
    "fill",           "stroke",   "stroke_mm", "dash",         "hatch",
    "hatch_colour",   "hatch_mm", "shape",     "size_mm",      "casing",
    "casing_mm",      "arrows",   "label_pt",  "label_colour", "label_bold",
    "label_priority", NULL};

static const char *const shape_names[CSM_SHAPE_COUNT] = {
    "none", "circle", "square", "triangle", "diamond",
    "star", "cross",  "school", "hub",      "shield"};

static const char *const hatch_names[CSM_HATCH_COUNT] = {
    "none",       "diagonal", "backdiagonal", "cross",
    "horizontal", "vertical", "dots"};

static int hex_digit(int ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* "#RRGGBB", "#RRGGBBAA" or "none" (alpha 0). */
static int parse_colour(const char *s, csm_rgba *out)
{
    double v[4] = {0, 0, 0, 1};
    size_t n = strlen(s), i;

    if (!strcasecmp(s, "none")) {
        out->r = out->g = out->b = out->a = 0;
        return 0;
    }
    if (s[0] != '#' || (n != 7 && n != 9))
        return -1;
    for (i = 0; i < (n - 1) / 2; i++) {
        int hi = hex_digit(s[1 + 2 * i]), lo = hex_digit(s[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            return -1;
        v[i] = (hi * 16 + lo) / 255.0;
    }
    out->r = v[0];
    out->g = v[1];
    out->b = v[2];
    out->a = v[3];
    return 0;
}

static int colour(const ycx *c, struct fy_node *map, const char *key,
                  const char *where, csm_rgba *out, unsigned bit, unsigned *set)
{
    struct fy_node *k, *v = y_get(map, key, &k);
    const char *s;

    if (!k)
        return 0;
    /* an unquoted "#0072B2" is a YAML comment, leaving the key empty */
    if (!v)
        return y_fail(c, k,
                      "no value for '%s' %s (quote colours: %s: "
                      "\"#RRGGBB\")",
                      key, where, key);
    s = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    if (!s || parse_colour(s, out))
        return y_fail(c, v,
                      "bad colour '%.40s' for '%s' %s (expected #RRGGBB, "
                      "#RRGGBBAA or none)",
                      s ? s : "(not a string)", key, where);
    *set |= bit;
    return 0;
}

static int number(const ycx *c, struct fy_node *map, const char *key,
                  const char *where, double *out, unsigned bit, unsigned *set)
{
    int found, rc = y_num(c, map, key, where, 0.0, out, &found);

    if (!rc && found)
        *set |= bit;
    return rc;
}

static int dash(const ycx *c, struct fy_node *map, const char *where,
                csm_symbol *sym)
{
    struct fy_node *k, *v = y_get(map, "dash", &k), *item;
    const char *s;
    void *it = NULL;
    int n = 0;

    if (!v)
        return 0;
    s = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    if (s && (!strcasecmp(s, "none") || !strcasecmp(s, "solid"))) {
        sym->ndash = 0;
        sym->set |= CSM_SET_DASH;
        return 0;
    }
    if (!fy_node_is_sequence(v) ||
        fy_node_sequence_item_count(v) > CSM_MAX_DASH)
        goto bad;
    while ((item = fy_node_sequence_iterate(v, &it))) {
        if (y_scalar_num(item, &sym->dash_mm[n]) || sym->dash_mm[n] <= 0)
            goto bad;
        n++;
    }
    sym->ndash = n;
    sym->set |= CSM_SET_DASH;
    return 0;
bad:
    return y_fail(c, k,
                  "'dash' %s must be a list of up to %d lengths in mm, "
                  "e.g. [2, 1], or none",
                  where, CSM_MAX_DASH);
}

static int named(const ycx *c, struct fy_node *map, const char *key,
                 const char *where, const char *const *names, int n, int *out,
                 unsigned bit, unsigned *set)
{
    int found, rc = y_enum(c, map, key, where, names, n, out, &found);

    if (!rc && found)
        *set |= bit;
    return rc;
}

static int flags(const ycx *c, struct fy_node *map, const char *where,
                 csm_symbol *sym)
{
    struct fy_node *k;
    double d = 0;
    int found, rc;

    rc = y_bool(c, map, "arrows", where, &sym->arrows, &found);
    if (!rc && found)
        sym->set |= CSM_SET_ARROWS;
    if (!rc)
        rc = y_bool(c, map, "label_bold", where, &sym->label_bold, &found);
    if (!rc && found)
        sym->set |= CSM_SET_LABEL_BOLD;
    if (!rc)
        rc = y_num(c, map, "label_priority", where, -1e6, &d, &found);
    if (rc || !found)
        return rc;
    if (d != floor(d) || d > 1e6)
        return y_fail(c, y_get(map, "label_priority", &k),
                      "'label_priority' %s must be a whole number", where);
    sym->label_priority = (int)d;
    sym->set |= CSM_SET_LABEL_PRIORITY;
    return 0;
}

int y_symbol(const ycx *c, struct fy_node *map, const char *where,
             csm_symbol *sym)
{
    unsigned *set = &sym->set;
    int shape = sym->shape, hatch = sym->hatch;
    int rc;

    rc = colour(c, map, "fill", where, &sym->fill, CSM_SET_FILL, set);
    if (!rc)
        rc = colour(c, map, "stroke", where, &sym->stroke, CSM_SET_STROKE, set);
    if (!rc)
        rc = number(c, map, "stroke_mm", where, &sym->stroke_mm,
                    CSM_SET_STROKE_MM, set);
    if (!rc)
        rc = dash(c, map, where, sym);
    if (!rc)
        rc = named(c, map, "hatch", where, hatch_names, CSM_HATCH_COUNT, &hatch,
                   CSM_SET_HATCH, set);
    if (!rc)
        rc = colour(c, map, "hatch_colour", where, &sym->hatch_colour,
                    CSM_SET_HATCH_COLOUR, set);
    if (!rc)
        rc = number(c, map, "hatch_mm", where, &sym->hatch_mm, CSM_SET_HATCH_MM,
                    set);
    if (!rc)
        rc = named(c, map, "shape", where, shape_names, CSM_SHAPE_COUNT, &shape,
                   CSM_SET_SHAPE, set);
    if (!rc)
        rc = number(c, map, "size_mm", where, &sym->size_mm, CSM_SET_SIZE_MM,
                    set);
    if (!rc)
        rc = colour(c, map, "casing", where, &sym->casing, CSM_SET_CASING, set);
    if (!rc)
        rc = number(c, map, "casing_mm", where, &sym->casing_mm,
                    CSM_SET_CASING_MM, set);
    if (!rc)
        rc = number(c, map, "label_pt", where, &sym->label_pt, CSM_SET_LABEL_PT,
                    set);
    if (!rc)
        rc = colour(c, map, "label_colour", where, &sym->label_colour,
                    CSM_SET_LABEL_COLOUR, set);
    if (!rc)
        rc = flags(c, map, where, sym);
    sym->shape = (csm_shape)shape;
    sym->hatch = (csm_hatch)hatch;
    return rc;
}

void y_classes_free(csm_class *cls, size_t n)
{
    size_t i;

    for (i = 0; i < n && cls; i++) {
        free(cls[i].value);
        free(cls[i].label);
        free(cls[i].code);
    }
    free(cls);
}

/* One VALUE: {label, <symbol keys>} entry, or VALUE: CODE, which maps the
 * value onto another class (checked once the style is known, by
 * analyse/categories.c; style.c reads a style's scalars as labels). */
static int read_class(const ycx *c, struct fy_node *k, struct fy_node *v,
                      const char *owner, csm_class *cl)
{
    static const char *const class_keys[] = {"label", NULL};
    char where[160];
    const char *s = fy_node_is_scalar(k) ? fy_node_get_scalar0(k) : NULL;
    int rc;

    if (!s || !*s)
        return y_fail(c, k, "categories of %s must be named by a value", owner);
    if (!(cl->value = csm_strdup(s)))
        return csm_fail(c->err, CSM_ENOMEM, "out of memory");
    snprintf(where, sizeof where, "in category '%.40s' of %s", s, owner);
    if (y_is_null(v))
        return 0;
    if (fy_node_is_scalar(v)) {
        if (!(cl->code = csm_strdup(fy_node_get_scalar0(v))))
            return csm_fail(c->err, CSM_ENOMEM, "out of memory");
        return 0;
    }
    if (!fy_node_is_mapping(v))
        return y_fail(c, k,
                      "category '%.40s' of %s must be a code (CCE, ...) or "
                      "keys (label, fill, shape, ...), not a list",
                      s, owner);
    rc = y_check_keys(c, v, class_keys, 1, NULL, NULL, where);
    if (!rc)
        rc = y_str(c, v, "label", where, &cl->label);
    if (!rc)
        rc = y_symbol(c, v, where, &cl->sym);
    return rc;
}

int y_classes(const ycx *c, struct fy_node *v, struct fy_node *key,
              const char *owner, csm_class **out, size_t *nout)
{
    char where[160];
    struct fy_node_pair *p;
    csm_class *cls;
    size_t n = 0;
    void *it = NULL;
    int rc;

    *out = NULL;
    *nout = 0;
    if (!v)
        return 0;
    snprintf(where, sizeof where, "in %s", owner);
    rc = y_want_map(c, v, key, "categories", where);
    if (rc)
        return rc;
    cls = calloc((size_t)fy_node_mapping_item_count(v) + 1, sizeof *cls);
    if (!cls)
        return csm_fail(c->err, CSM_ENOMEM, "out of memory");
    while (!rc && (p = fy_node_mapping_iterate(v, &it)))
        rc = read_class(c, fy_node_pair_key(p), fy_node_pair_value(p), owner,
                        &cls[n++]);
    if (rc) {
        y_classes_free(cls, n);
        return rc;
    }
    *out = cls;
    *nout = n;
    return 0;
}
