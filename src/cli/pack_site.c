/* pack_site.c - `csmap pack`, step 1: the site.  --place LAYER:ID names a
 * public place of the spec (a station, a school, a park, a
 * neighbourhood); its id may be printed, since the place is public.  A
 * layer about people is never a site: its ids are pseudonyms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

/* Reference data another layer's protect: names (snap points, address
 * points): used to protect, emptied, never drawn. */
static int reference(const csm_spec *spec, const char *name)
{
    size_t i;

    for (i = 0; i < spec->nlayer; i++)
        if ((spec->layer[i].protect_points &&
             !strcmp(spec->layer[i].protect_points, name)) ||
            (spec->layer[i].protect_addresses &&
             !strcmp(spec->layer[i].protect_addresses, name)))
            return 1;
    return 0;
}

/* A layer that may hold a site: public, and of a kind that is a place. */
static int place_kind(const csm_spec *spec, const csm_layer_spec *ls)
{
    if (ls->sensitivity != CSM_SENS_PUBLIC || reference(spec, ls->name))
        return 0;
    switch (ls->kind) {
    case CSM_KIND_AREA:
    case CSM_KIND_SCHOOL:
    case CSM_KIND_HUB:
    case CSM_KIND_PROTECTIVE:
    case CSM_KIND_BASE:
        return 1;
    default:
        return 0;
    }
}

/* "hubs, schools, protective": the layers a site may come from. */
static void place_layers(const csm_spec *spec, char *buf, size_t n)
{
    size_t i, len = 0;

    buf[0] = '\0';
    for (i = 0; i < spec->nlayer && len + 1 < n; i++)
        if (place_kind(spec, &spec->layer[i]))
            len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "",
                                    spec->layer[i].name);
    if (!buf[0])
        snprintf(buf, n, "none: add a layer of hubs, schools or places");
}

int pack_place_check(pack *P, csm_error *err)
{
    const char *arg = P->opt->place, *colon = strchr(arg, ':');
    const csm_spec *sp = P->spec;
    const csm_layer_spec *ls;
    char names[160];
    int i;

    if (!colon || colon == arg || !colon[1])
        return csm_fail(err, CSM_EUSAGE,
                        "%s: --place takes LAYER:ID, a layer of the spec and "
                        "a feature's id (e.g. hubs:H1)",
                        sp->path);
    P->place_layer = malloc((size_t)(colon - arg) + 1);
    P->place_id = csm_strdup(colon + 1);
    if (!P->place_layer || !P->place_id)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    memcpy(P->place_layer, arg, (size_t)(colon - arg));
    P->place_layer[colon - arg] = '\0';
    place_layers(sp, names, sizeof names);
    if ((i = cli_find_layer(sp, P->place_layer)) < 0)
        return csm_fail(err, CSM_EUSAGE,
                        "%s: --place names layer '%s', which the spec does "
                        "not define; sites can come from: %s",
                        sp->path, P->place_layer, names);
    ls = &sp->layer[i];
    if (!place_kind(sp, ls))
        return csm_fail(err, CSM_EUSAGE,
                        "%s:%d: --place: layer '%s' is %s %s, not a public "
                        "place; sites can come from: %s",
                        sp->path, ls->line, ls->name,
                        csm_sensitivity_name(ls->sensitivity),
                        csm_kind_name(ls->kind), names);
    if (!ls->id && !ls->label)
        return csm_fail(err, CSM_EUSAGE,
                        "%s:%d: --place: layer '%s' has no id: or label: "
                        "field to find the site by; add one to the layer",
                        sp->path, ls->line, ls->name);
    P->li = (size_t)i;
    return CSM_OK;
}

/* The feature whose field f equals the id, or -1. */
static long match(const csm_layer *l, int f, const char *id)
{
    size_t k;

    for (k = 0; f >= 0 && k < l->n; k++) {
        const char *v = csm_layer_value(l, k, f);
        if (v && !strcmp(v, id))
            return (long)k;
    }
    return -1;
}

int pack_place_find(pack *P, csm_error *err)
{
    const csm_spec *sp = P->spec;
    const csm_layer_spec *ls = &sp->layer[P->li];
    const csm_layer *l = P->layers[P->li];
    int fid = csm_layer_field(l, ls->id), flab = csm_layer_field(l, ls->label);
    long k = match(l, fid, P->place_id);
    const csm_geom *g;
    const char *name;

    if (k < 0) /* a place people know by name: "Northbridge station" */
        k = match(l, flab, P->place_id);
    if (k < 0)
        /* the id is not repeated: a mistyped one could be anything */
        return csm_fail(err, CSM_EUSAGE,
                        "%s:%d: --place: no feature of layer '%s' has the "
                        "%s given; check it against the layer's field%s %s%s%s",
                        sp->path, ls->line, ls->name,
                        ls->id && ls->label ? "id or label" : "id",
                        ls->id && ls->label ? "s" : "",
                        ls->id ? ls->id : ls->label,
                        ls->id && ls->label ? " and " : "",
                        ls->id && ls->label ? ls->label : "");
    g = &l->feat[k].geom;
    if ((g->type != CSM_GEOM_POINT && g->type != CSM_GEOM_POLYGON) ||
        g->npt == 0 || (g->type == CSM_GEOM_POINT && g->npart != 1))
        return csm_fail(err, CSM_EUSAGE,
                        "%s:%d: --place: feature '%s' of layer '%s' is %s, "
                        "not a point or an area; a site must be one place",
                        sp->path, ls->line, P->place_id, ls->name,
                        g->type == CSM_GEOM_LINE    ? "a line"
                        : g->type == CSM_GEOM_POINT ? "several points"
                                                    : "empty");
    P->fi = (size_t)k;
    name = csm_layer_value(l, (size_t)k, flab);
    if (!(P->site_name = csm_strdup(name ? name : P->place_id)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}
