/* layer.c - model: a layer of features carrying only the fields a spec
 * names (data minimisation happens at read time). */
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

static void feature_release(csm_feature *f, size_t nfield)
{
    size_t i;

    csm_geom_release(&f->geom);
    if (f->val)
        for (i = 0; i < nfield; i++)
            free(f->val[i]);
    free(f->val);
    f->val = NULL;
}

csm_layer *csm_layer_new(const char *name, const char *const *fields,
                         size_t nfield)
{
    csm_layer *l = calloc(1, sizeof *l);
    size_t i;

    if (!l)
        return NULL;
    l->name = csm_strdup(name ? name : "");
    l->field = calloc(nfield ? nfield : 1, sizeof *l->field);
    if (!l->name || !l->field) {
        csm_layer_free(l);
        return NULL;
    }
    for (i = 0; i < nfield; i++) {
        l->field[i] = csm_strdup(fields[i]);
        if (!l->field[i]) {
            csm_layer_free(l);
            return NULL;
        }
        l->nfield++;
    }
    return l;
}

void csm_layer_free(csm_layer *l)
{
    size_t i;

    if (!l)
        return;
    for (i = 0; i < l->n; i++)
        feature_release(&l->feat[i], l->nfield);
    free(l->feat);
    if (l->field)
        for (i = 0; i < l->nfield; i++)
            free(l->field[i]);
    free(l->field);
    free(l->name);
    free(l->source);
    free(l->crs);
    for (i = 0; i < l->notes.nwarn; i++)
        free(l->notes.warn[i]);
    free(l->notes.warn);
    csm_raster_free(l->raster);
    free(l);
}

int csm_layer_add(csm_layer *l, csm_feature *f, csm_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        csm_feature *p = realloc(l->feat, cap * sizeof *p);
        if (!p) {
            feature_release(f, l->nfield);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
        l->feat = p;
        l->cap = cap;
    }
    l->feat[l->n++] = *f;
    memset(f, 0, sizeof *f);
    return CSM_OK;
}

int csm_layer_field(const csm_layer *l, const char *name)
{
    size_t i;

    if (!name)
        return -1;
    for (i = 0; i < l->nfield; i++)
        if (strcmp(l->field[i], name) == 0)
            return (int)i;
    /* "A|B|C": the read stage named the field after the one it found */
    for (;;) {
        size_t len = strcspn(name, "|");
        for (i = 0; i < l->nfield; i++)
            if (strlen(l->field[i]) == len && !strncmp(l->field[i], name, len))
                return (int)i;
        if (!name[len])
            return -1;
        name += len + 1;
    }
}

const char *csm_layer_value(const csm_layer *l, size_t i, int f)
{
    if (f < 0 || (size_t)f >= l->nfield || i >= l->n || !l->feat[i].val)
        return NULL;
    return l->feat[i].val[f];
}

int csm_layer_set_crs(csm_layer *l, const char *crs, csm_error *err)
{
    char *c = NULL;

    if (crs && !(c = csm_strdup(crs)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    free(l->crs);
    l->crs = c;
    return CSM_OK;
}

void csm_layer_bounds(const csm_layer *l, csm_box *out)
{
    size_t i;

    csm_box_empty(out);
    for (i = 0; i < l->n; i++) {
        csm_box b;
        csm_geom_bounds(&l->feat[i].geom, &b);
        csm_box_union(out, &b);
    }
    if (l->raster) { /* a hotspot surface: only where it shows */
        csm_box b;
        csm_raster_bounds(l->raster, &b);
        csm_box_union(out, &b);
    }
}

void csm_layer_remove(csm_layer *l, size_t i)
{
    if (i >= l->n)
        return;
    feature_release(&l->feat[i], l->nfield);
    memmove(&l->feat[i], &l->feat[i + 1], (l->n - i - 1) * sizeof *l->feat);
    l->n--;
}

void csm_layer_keep(csm_layer *l, const unsigned char *keep)
{
    size_t i, k = 0;

    for (i = 0; i < l->n; i++) {
        if (keep[i])
            l->feat[k++] = l->feat[i];
        else
            feature_release(&l->feat[i], l->nfield);
    }
    l->n = k;
}
