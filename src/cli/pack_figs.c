/* pack_figs.c - `csmap pack`, the figures: the protected statistics of
 * the area holding the site, beside the whole coverage layer, counted and
 * audited over every area at once by csm_anonymise_profiles exactly as
 * `csmap atlas` counts them, so a pack and an atlas of the same data show
 * the same figures for that area (no new difference to subtract).  The
 * area is the polygon of the coverage layer that holds the site: the
 * counted layer's protect: areas, else atlas: by, else the spec's first
 * area layer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

/* Which layer is counted, over which areas; 0 with P->why when none. */
static int pick(pack *P)
{
    const csm_spec *sp = P->spec;
    int c = cli_find_layer(sp, sp->atlas.concerns), b;
    size_t i;

    for (i = 0; c < 0 && i < sp->nlayer; i++)
        if (sp->layer[i].kind == CSM_KIND_CONCERN &&
            sp->layer[i].sensitivity >= CSM_SENS_PSEUDONYMISED)
            c = (int)i;
    if (c < 0 || !sp->layer[c].subject) {
        P->why = "the spec has no concern layer with a subject: field to "
                 "count";
        return 0;
    }
    b = sp->layer[c].protect == CSM_PROTECT_AREA
            ? cli_find_layer(sp, sp->layer[c].protect_areas)
            : cli_find_layer(sp, sp->atlas.by);
    for (i = 0; b < 0 && i < sp->nlayer; i++)
        if (sp->layer[i].kind == CSM_KIND_AREA)
            b = (int)i;
    if (b < 0 || sp->layer[b].kind != CSM_KIND_AREA) {
        P->why = "the spec has no area layer to count in";
        return 0;
    }
    P->ci = (size_t)c;
    P->by = (size_t)b;
    return 1;
}

/* The area of the coverage layer holding the site's anchor. */
static int holding(pack *P)
{
    const csm_layer *cov = P->layers[P->by];
    csm_xy a = csm_geom_anchor(&P->layers[P->li]->feat[P->fi].geom);
    size_t k;

    for (k = 0; k < cov->n; k++)
        if (cov->feat[k].geom.type == CSM_GEOM_POLYGON &&
            !csm_anonymise_area_problem(&cov->feat[k].geom) &&
            csm_geom_contains(&cov->feat[k].geom, a)) {
            P->area = k;
            return 1;
        }
    P->why = "the site lies in no area of the coverage layer";
    return 0;
}

/* The counted layer again, as rows with only the fields the figures need,
 * prepared as the map's (when:, codes), scanned, dates to month.  'fresh'
 * is the spec as written: protection has made the map's entry a counts
 * layer's (fields "children" and "band", band classes). */
static int read_rows(pack *P, const csm_spec *fresh, csm_layer **out,
                     csm_error *err)
{
    csm_spec one = *fresh; /* prepare just this layer */
    csm_layer_spec *ls = &fresh->layer[P->ci];
    const char *f[5] = {ls->subject, ls->category, ls->date, ls->time, ls->day};
    csm_scan_opts so;
    size_t nf = 0, k;
    const char *fields[5];
    int rc;

    for (k = 0; k < 5; k++)
        if (f[k])
            fields[nf++] = f[k];
    rc = cli_figures_read(P->spec, ls, ls->where, fields, nf, out, err);
    if (rc)
        return rc;
    one.layer = ls;
    one.nlayer = 1;
    rc = cli_prepare_layers(&one, P->style, out, err);
    memset(&so, 0, sizeof so);
    so.date_field = csm_layer_field(*out, ls->date);
    so.id_name = ls->subject;
    if (!rc && !(rc = csm_anonymise_scan(*out, &so, err)))
        rc = so.date_field >= 0 ? csm_anonymise_month(*out, so.date_field, err)
                                : CSM_OK;
    if (!rc)
        rc = cli_figures_bands(*out, csm_layer_field(*out, ls->time), err);
    if (rc)
        csm_error_prefix(err, "%s:%d", P->spec->path, ls->line);
    return rc;
}

static int count(pack *P, csm_error *err)
{
    csm_spec *fresh = NULL;
    csm_layer *pts = NULL;
    int rc = csm_spec_load(P->opt->spec, &fresh, err);

    if (!rc)
        rc = read_rows(P, fresh, &pts, err);
    if (!rc)
        rc = cli_figures_count(P->spec, &fresh->layer[P->ci], pts,
                               P->layers[P->by], &P->pol, 0, &P->prof, err);
    csm_layer_free(pts);
    csm_spec_free(fresh);
    return rc;
}

/* The populations for the rates, as the atlas reads them: atlas:
 * population, a field of the coverage layer when atlas: by names that
 * layer (or none), read again with the layer's where: (the map's copy
 * has only the fields it draws); the comparator's is the sum over every
 * area that can be drawn.  No field: no rate. */
static int populations(pack *P, csm_error *err)
{
    const csm_spec *sp = P->spec;
    const csm_layer_spec *ls = &sp->layer[P->by];
    const char *f = sp->atlas.population;
    csm_layer *cov = NULL;
    int rc;

    if (!f || (sp->atlas.by && cli_find_layer(sp, sp->atlas.by) != (int)P->by))
        return CSM_OK;
    rc = cli_figures_read(sp, ls, ls->where, &f, 1, &cov, err);
    if (!rc && cov->n != P->layers[P->by]->n)
        rc = csm_fail(err, CSM_EDATA,
                      "%s:%d: layer '%s' gave %zu areas read for its "
                      "population field '%s', %zu for the map",
                      sp->path, ls->line, ls->name, cov->n, f,
                      P->layers[P->by]->n);
    if (!rc) {
        P->whole_pop = cli_figures_whole_population(cov, 0);
        P->population = cli_figures_population(cov, P->area, 0);
    }
    csm_layer_free(cov);
    return rc;
}

/* The map's counts of the counted layer become the figures' own, when the
 * map counts it in the same areas (render's area method): one audit for
 * every count the pack prints.  The layer spec already looks like counts. */
static int swap_counts(pack *P, csm_error *err)
{
    csm_layer *l;
    int rc =
        cli_figures_layer(P->spec->layer[P->ci].name, P->layers[P->by], P->prof,
                          -1, 0, &P->pol, &P->pstats[P->ci], &l, err);

    if (rc)
        return rc;
    csm_layer_free(P->layers[P->ci]);
    P->layers[P->ci] = l;
    P->map_counts = 1;
    return CSM_OK;
}

/* Does a band's own counts layer show anything (a count or a hidden
 * one) in any area? */
static int any_counted(const csm_layer *l)
{
    int f = csm_layer_field(l, "band");
    size_t k;

    for (k = 0; l && f >= 0 && k < l->n; k++) {
        const char *c = csm_layer_value(l, k, f);
        if (!c || strcmp(c, "none"))
            return 1;
    }
    return 0;
}

int pack_band_counts(void *arg, csm_band band, cli_variant *v, csm_error *err)
{
    const pack *P = arg;
    const char *name = csm_analyse_band_name(band);
    csm_layer *l;
    long none_v;
    size_t j;
    int b = -2, rc;

    if (!P->map_counts || !P->prof->nband || P->ci >= v->spec->nlayer ||
        strcmp(v->spec->layer[P->ci].name, P->spec->layer[P->ci].name))
        return CSM_OK; /* the figures have no bands: each its own */
    for (j = 0; j < P->prof->nband; j++)
        if (!strcmp(P->prof->band[j], name))
            b = (int)j;
    /* a band the figures never met is 0 everywhere by their count; if
     * this band's own run found rows the figures place elsewhere (a
     * weekend told by a date), none of its areas is shown */
    none_v = any_counted(v->layers[P->ci]) ? -1 : 0;
    rc =
        cli_figures_layer(v->spec->layer[P->ci].name, P->layers[P->by], P->prof,
                          b, none_v, &P->pol, &v->stats[P->ci], &l, err);
    if (rc)
        return rc;
    csm_layer_free(v->layers[P->ci]);
    v->layers[P->ci] = l;
    return CSM_OK;
}

static int texts(pack *P, int swapped, csm_error *err)
{
    const csm_profiles *p = P->prof;
    const csm_layer_spec *cv = &P->spec->layer[P->by];
    const char *name;
    int fl = csm_layer_field(P->layers[P->by], cv->label);
    char line[512];
    csm_buf b;
    int rc;

    if (!(P->comparator = cli_figures_comparator(P->spec, cv)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = cli_figures_labels(P->style, &P->spec->layer[P->ci], p, &P->cat_label,
                            &P->band_label, err);
    if (rc)
        return rc;
    name = csm_layer_value(P->layers[P->by], P->area, fl);
    if (!(P->area_name = csm_strdup(name ? name : "the area")))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    cli_figures_period(p, P->period, sizeof P->period);
    csm_anonymise_statement(CSM_PROTECT_AREA, &P->pol, 0.0, line, sizeof line);
    csm_buf_init(&b);
    rc = csm_buf_printf(&b, err,
                        "Figures: %s; areas and periods that overlap "
                        "checked so that no figure reveals fewer than %d "
                        "children by subtraction",
                        line, P->pol.min_count);
    if (!rc && !swapped && P->spec->statement && *P->spec->statement)
        rc = csm_buf_printf(&b, err, ". Map: %s", P->spec->statement);
    if (!rc && !(P->statement = csm_strdup((const char *)b.data)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    csm_buf_release(&b);
    return rc;
}

int pack_figures(pack *P, csm_error *err)
{
    const csm_layer_spec *ls;
    int swapped = 0, rc;

    if (!pick(P) || !holding(P)) {
        P->statement = csm_strdup(P->spec->statement);
        return CSM_OK;
    }
    ls = &P->spec->layer[P->ci];
    rc = count(P, err);
    if (!rc)
        rc = populations(P, err);
    if (!rc && ls->protect == CSM_PROTECT_AREA &&
        cli_find_layer(P->spec, ls->protect_areas) == (int)P->by) {
        rc = swap_counts(P, err);
        swapped = !cli_figures_others(P->spec, P->ci);
    }
    if (!rc)
        rc = texts(P, swapped, err);
    if (!rc)
        P->figs = 1;
    return rc;
}

void pack_figures_release(pack *P)
{
    size_t i;

    for (i = 0; P->cat_label && P->prof && i < P->prof->ncat; i++)
        free(P->cat_label[i]);
    free(P->cat_label);
    for (i = 0; P->band_label && P->prof && i < P->prof->nband; i++)
        free(P->band_label[i]);
    free(P->band_label);
    csm_profiles_free(P->prof);
    free(P->area_name);
    free(P->comparator);
    free(P->statement);
}
