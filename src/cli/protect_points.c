/* protect_points.c - the tool's side of the point methods: snapping to a
 * layer of public points, the spatial k check of displaced points against
 * an address layer, and hotspot surfaces drawn instead of the protected
 * points (protect.c calls these; anonymise/ does the work).
 *
 * Snap points and addresses are reference layers: a spec names them like
 * any layer, they are read and projected with the rest, and then emptied
 * before anything is drawn.  An address layer is a list of homes; it has
 * no place on a map about children. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int index_of(const csm_spec *spec, const char *name)
{
    size_t i;

    for (i = 0; name && i < spec->nlayer; i++)
        if (!strcmp(spec->layer[i].name, name))
            return (int)i;
    return -1;
}

/* The public layer 'name' that layer i's protect: names as 'role'. */
static int reference(const csm_spec *spec, csm_layer **layers, size_t i,
                     const char *name, const char *role, const csm_layer **out,
                     csm_error *err)
{
    int j = index_of(spec, name);

    *out = NULL;
    if (j < 0 || (size_t)j == i || !layers[j])
        return csm_fail(err, CSM_EDATA,
                        "protect: %s names layer '%s', "
                        "which the spec does not define",
                        role, name ? name : "");
    if (spec->layer[j].sensitivity >= CSM_SENS_PSEUDONYMISED)
        return csm_fail(err, CSM_EDATA,
                        "protect: %s layer '%s' is itself "
                        "sensitive",
                        role, name);
    *out = layers[j];
    return CSM_OK;
}

size_t cli_reference_fields(const csm_spec *spec, const csm_layer_spec *ls,
                            const char **f, size_t n, size_t max)
{
    size_t i, j;

    for (i = 0; i < spec->nlayer && n < max; i++) {
        const char *c = spec->layer[i].protect_catchment;
        if (!c || !spec->layer[i].protect_points ||
            strcmp(spec->layer[i].protect_points, ls->name))
            continue;
        for (j = 0; j < n && strcmp(f[j], c); j++)
            ;
        if (j == n)
            f[n++] = c;
    }
    return n;
}

/* 1 when feature fi of layer l (spec ls) is a sensitive premises or any
 * place people live, by its category or label (PRIVACY.md row 32). */
static int premises(const csm_layer_spec *ls, const csm_layer *l, size_t fi)
{
    return csm_analyse_residential(
        csm_layer_value(l, fi, csm_layer_field(l, ls->category)),
        csm_layer_value(l, fi, csm_layer_field(l, ls->label)));
}

int cli_snap_layer(csm_spec *spec, csm_layer **layers, size_t i,
                   const csm_policy *pol, size_t *dropped_out, csm_error *err)
{
    csm_layer_spec *ls = &spec->layer[i];
    const csm_layer *t;
    unsigned char *exclude = NULL;
    csm_snap_opts o;
    csm_snap_stats st;
    size_t dropped = 0, k;
    int rc, j;

    if ((rc =
             reference(spec, layers, i, ls->protect_points, "points", &t, err)))
        return rc;
    memset(&o, 0, sizeof o);
    o.catchment_field = -1;
    if (ls->protect_catchment &&
        (o.catchment_field = csm_layer_field(t, ls->protect_catchment)) < 0)
        return csm_fail(err, CSM_EDATA,
                        "protect: points layer '%s' has no "
                        "field '%s'",
                        ls->protect_points, ls->protect_catchment);
    if (ls->protect_addresses &&
        (rc = reference(spec, layers, i, ls->protect_addresses, "addresses",
                        &o.addresses, err)))
        return rc;
    /* children's homes, refuges, foster and supported housing are never
     * where a point lands (row 32), by the snap points' own type or name */
    j = index_of(spec, ls->protect_points);
    if (!(exclude = calloc(t->n + 1, 1)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < t->n; k++)
        exclude[k] = (unsigned char)premises(&spec->layer[j], t, k);
    o.exclude = exclude;
    /* aggregate-only harms (CSE, HSB, ...) never become points */
    csm_anonymise_drop_aggregate_only(
        layers[i], csm_layer_field(layers[i], ls->category), pol, &dropped);
    rc = csm_anonymise_snap(layers[i], t, &o, pol, &st, err);
    free(exclude);
    if (rc)
        return rc;
    *dropped_out += dropped + st.small + st.far;
    cli_note("layer '%s': %zu points snapped to %zu public points; %zu "
             "whose snap point has under %d homes and %zu with none within "
             "%g m dropped to the aggregate; %zu aggregate-only removed",
             ls->name, st.snapped, st.targets, st.small,
             pol->snap_min_addresses, st.far, pol->max_displacement_m, dropped);
    if (st.excluded)
        cli_note("layer '%s': %zu snap points are sensitive premises "
                 "(children's homes, refuges, foster or supported housing) "
                 "and were never used",
                 ls->protect_points, st.excluded);
    return CSM_OK;
}

int cli_layer_minimum(const csm_spec *spec, csm_layer **layers, size_t i,
                      const csm_policy *pol, size_t *dropped, csm_error *err)
{
    const csm_layer_spec *ls = &spec->layer[i];
    csm_layer *l = layers[i];
    size_t subjects = 0, removed = 0;
    int rc;

    if (!l || l->raster)
        return CSM_OK;
    rc = csm_anonymise_layer_minimum(l, csm_layer_field(l, ls->subject), pol,
                                     &subjects, &removed, err);
    if (rc || !removed)
        return rc;
    *dropped += removed;
    /* always said: a layer the reader expects is missing from the map; a
     * bound, not the number of children */
    fprintf(stderr,
            "csmap: warning: layer '%s': fewer than %d distinct children "
            "left after protection, so none of its points are shown "
            "(policy min_count)\n",
            ls->name, pol->min_count);
    return CSM_OK;
}

int cli_drop_premises(const csm_spec *spec, csm_layer **layers, size_t i,
                      csm_error *err)
{
    const csm_layer_spec *ls = &spec->layer[i];
    csm_layer *l = layers[i];
    long *rows = NULL;
    size_t k, n = 0, kept = 0, f;
    char list[160];

    switch (ls->kind) {
    case CSM_KIND_SCHOOL:
    case CSM_KIND_HUB:
    case CSM_KIND_PROTECTIVE:
    case CSM_KIND_CONCERN:
        break;
    default: /* areas, routes, base maps: not places one can point at */
        return CSM_OK;
    }
    if (!l || !l->n ||
        (csm_layer_field(l, ls->category) < 0 &&
         csm_layer_field(l, ls->label) < 0))
        return CSM_OK;
    if (!(rows = malloc(l->n * sizeof *rows)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < l->n; k++) {
        csm_feature *ft = &l->feat[k];
        if (!premises(ls, l, k)) {
            l->feat[kept++] = *ft;
            continue;
        }
        rows[n++] = ft->row;
        csm_geom_release(&ft->geom);
        if (ft->val)
            for (f = 0; f < l->nfield; f++)
                free(ft->val[f]);
        free(ft->val);
    }
    l->n = kept;
    if (n) {
        /* by row, never by name: the name is what must not be printed */
        csm_rows_text(rows, n, list, sizeof list);
        fprintf(stderr,
                "csmap: warning: layer '%s': %s %s a children's home, "
                "refuge, foster, care or supported housing or other home "
                "by type or name: not drawn or named (PRIVACY.md row 32)\n",
                ls->name, list, n == 1 ? "is" : "are");
    }
    free(rows);
    return CSM_OK;
}

int cli_donut_addresses(const csm_spec *spec, csm_layer **layers, size_t i,
                        const csm_layer **out, csm_error *err)
{
    *out = NULL;
    if (!spec->layer[i].protect_addresses)
        return CSM_OK;
    return reference(spec, layers, i, spec->layer[i].protect_addresses,
                     "addresses", out, err);
}

/* Append "; <clause>" (or the clause, when stmt is empty) to stmt. */
static void add_clause(char *stmt, size_t n, const char *clause)
{
    size_t len = strlen(stmt);

    if (len + 3 < n)
        snprintf(stmt + len, n - len, "%s%s", len ? "; " : "", clause);
}

void cli_k_statement(const csm_policy *pol, char *stmt, size_t n)
{
    char clause[160];

    /* 1 + the homes nearer the dot than the truth: at least k - 1 homes */
    snprintf(clause, sizeof clause,
             "every displaced point checked against an address list: at "
             "least %d homes nearer it than the true place",
             pol->k - 1);
    add_clause(stmt, n, clause);
}

void cli_note_k(const char *name, const csm_donut_stats *st, long k)
{
    if (!st->k.n)
        return;
    /* a distribution only: no point, no coordinate, no radius */
    cli_note("layer '%s': spatial k of %zu displaced points: min %ld, 5th "
             "percentile %ld, median %ld; %zu under k %ld dropped to the "
             "aggregate",
             name, st->k.n, st->k.min, st->k.p5, st->k.median, st->below_k, k);
}

/* Legend classes "1".."n" in the shared ramp (csm_raster_colour), with a
 * thin outline so the palest swatch shows on white paper. */
static int hotspot_classes(csm_layer_spec *ls, int n, csm_error *err)
{
    csm_class *cls = calloc((size_t)n + 1, sizeof *cls);
    char v[16], label[64];
    int k;

    if (!cls)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 1; k <= n; k++) {
        csm_class *c = &cls[k - 1];
        snprintf(v, sizeof v, "%d", k);
        snprintf(label, sizeof label, "Hotspot class %d%s", k,
                 n == 1   ? ""
                 : k == 1 ? " (lowest)"
                 : k == n ? " (highest)"
                          : "");
        c->value = csm_strdup(v);
        c->label = csm_strdup(label);
        c->sym.fill = csm_raster_colour(k, n);
        c->sym.stroke = (csm_rgba){0.45, 0.45, 0.45, 1.0};
        c->sym.stroke_mm = 0.1;
        c->sym.set = CSM_SET_FILL | CSM_SET_STROKE | CSM_SET_STROKE_MM;
        if (!c->value || !c->label) {
            for (; k >= 1; k--) {
                free(cls[k - 1].value);
                free(cls[k - 1].label);
            }
            free(cls);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
    }
    for (k = 0; (size_t)k < ls->ncls; k++) {
        free(ls->cls[k].value);
        free(ls->cls[k].label);
    }
    free(ls->cls);
    ls->cls = cls;
    ls->ncls = (size_t)n;
    return CSM_OK;
}

/* The spec layer now draws a surface: classes, no labels, a heading. */
static int as_hotspots(csm_layer_spec *ls, int nclass, csm_error *err)
{
    char legend[160];
    char *lg;

    snprintf(legend, sizeof legend, "%s: hotspots",
             ls->legend ? ls->legend : "Locations of concern");
    if (!(lg = csm_strdup(legend)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    free(ls->legend);
    free(ls->label);
    free(ls->category);
    ls->legend = lg;
    ls->label = ls->category = NULL;
    return hotspot_classes(ls, nclass, err);
}

int cli_hotspot_layer(csm_spec *spec, csm_layer **layers, size_t i,
                      const csm_policy *pol, double r_min_m, char *stmt,
                      size_t n, csm_error *err)
{
    csm_layer_spec *ls = &spec->layer[i];
    csm_layer *out = NULL;
    csm_raster *r = NULL;
    csm_kde_opts o;
    csm_kde_stats st;
    int rc;

    memset(&o, 0, sizeof o);
    o.subject_field = csm_layer_field(layers[i], ls->subject);
    o.r_min_m = r_min_m;
    o.bandwidth_m = ls->protect_bandwidth_m;
    o.cell_m = ls->protect_cell_m;
    if ((rc = csm_anonymise_hotspots(layers[i], &o, pol, &r, &st, err)))
        return rc;
    /* the points go: what is drawn is the surface, and only it */
    out = csm_layer_new(layers[i]->name, NULL, 0);
    if (!out ||
        (layers[i]->crs && csm_layer_set_crs(out, layers[i]->crs, err))) {
        csm_layer_free(out);
        csm_raster_free(r);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    out->raster = r;
    if ((rc = as_hotspots(ls, r->nclass, err))) {
        csm_layer_free(out);
        return rc;
    }
    csm_layer_free(layers[i]);
    layers[i] = out;
    {
        char clause[320];
        csm_anonymise_kde_statement(&st, pol, clause, sizeof clause);
        add_clause(stmt, n, clause);
    }
    cli_note("layer '%s': hotspots of %zu points, %zu children: bandwidth "
             "%g m, cells %g m; %zu cells shown in %d classes, %zu with "
             "under %d children and %zu dominated by one child not shown",
             ls->name, st.points, st.subjects, st.bandwidth_m, st.cell_m,
             st.shown, st.nclass, st.few, pol->kde_min_count, st.dominated);
    return CSM_OK;
}

int cli_hide_reference_layers(const csm_spec *spec, csm_layer **layers,
                              csm_error *err)
{
    size_t i;

    for (i = 0; i < spec->nlayer; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        const char *names[2] = {ls->protect_points, ls->protect_addresses};
        size_t k;
        for (k = 0; k < 2; k++) {
            int j = index_of(spec, names[k]);
            csm_layer *empty;
            if (j < 0 || !layers[j] || !layers[j]->n)
                continue;
            empty = csm_layer_new(layers[j]->name, NULL, 0);
            if (!empty || (layers[j]->crs &&
                           csm_layer_set_crs(empty, layers[j]->crs, err))) {
                csm_layer_free(empty);
                return csm_fail(err, CSM_ENOMEM, "out of memory");
            }
            csm_layer_free(layers[j]);
            layers[j] = empty;
        }
    }
    return CSM_OK;
}

int cli_write_hotspots(const csm_spec *spec, csm_layer *const *layers,
                       const char *path, csm_error *err)
{
    const csm_raster *r = NULL;
    size_t i, n = 0;
    int rc;

    for (i = 0; i < spec->nlayer; i++)
        if (layers[i] && layers[i]->raster && n++ == 0)
            r = layers[i]->raster;
    if (!r)
        return csm_fail(err, CSM_EUSAGE,
                        "--hotspots: no layer of the spec "
                        "has hotspot: true in its protect:");
    if (n > 1)
        return csm_fail(err, CSM_EUSAGE,
                        "--hotspots: the spec has %zu "
                        "hotspot layers; give one of them hotspot: true",
                        n);
    rc = csm_write_gtiff(path, r, err);
    if (!rc)
        cli_note("wrote '%s'", path);
    return rc;
}
