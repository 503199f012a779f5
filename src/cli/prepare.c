/* prepare.c - the tool's step between reading and protecting: each
 * layer's when: filter, its categories mapped onto codes, and every safety
 * map aggregated onto its areas.  The library counts; the tool tells the
 * user what matched nothing (category labels and counts, never a row's
 * other values). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_NOTES 8 /* unmatched category values listed one by one */

static void note(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Unlike cli_note, always shown: the map may not be what was meant. */
static void note(const char *fmt, ...)
{
    va_list ap;

    fputs("csmap: note: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_find_layer(const csm_spec *spec, const char *name)
{
    size_t i;

    for (i = 0; name && i < spec->nlayer; i++)
        if (!strcmp(spec->layer[i].name, name))
            return (int)i;
    return -1;
}

/* The legend says which part of the data the map shows. */
static int when_legend(csm_layer_spec *ls, const csm_style *style,
                       csm_error *err)
{
    const char *base = ls->legend ? ls->legend : style->kind[ls->kind].legend;
    char text[256], *lg;

    csm_analyse_when_text(&ls->when, text, sizeof text);
    if (!(lg = malloc(strlen(base ? base : ls->name) + strlen(text) + 4)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    sprintf(lg, "%s (%s)", base ? base : ls->name, text);
    free(ls->legend);
    ls->legend = lg;
    return CSM_OK;
}

cli_when_fn cli_when_hook;
void *cli_when_arg;

static int filter(csm_layer_spec *ls, const csm_style *style, csm_layer *l,
                  csm_error *err)
{
    csm_when_fields f;
    csm_when_stats st;
    char text[256];
    int rc, told;

    f.date = csm_layer_field(l, ls->date);
    f.time = csm_layer_field(l, ls->time);
    f.day = csm_layer_field(l, ls->day);
    if ((rc = csm_analyse_when(l, &ls->when, &f, &st, err)))
        return rc;
    told = cli_when_hook && cli_when_hook(cli_when_arg, ls, &st);
    if (st.rows == st.kept)
        return rc;
    csm_analyse_when_text(&ls->when, text, sizeof text);
    cli_note("layer '%s': when (%s) keeps %zu of %zu rows", ls->name, text,
             st.kept, st.rows);
    if (told) /* the caller tells the user, once */
        return when_legend(ls, style, err);
    if (st.unknown)
        note("layer '%s': %zu rows left out: they lack the date, time or day "
             "its when: filter needs",
             ls->name, st.unknown);
    if (st.kept == 0)
        note("layer '%s': no rows match its when: filter (%s)", ls->name, text);
    return when_legend(ls, style, err);
}

static int categories(const csm_layer_spec *ls, const csm_style *style,
                      csm_layer *l, csm_error *err)
{
    csm_category_report rep;
    size_t i;
    int rc = csm_analyse_categories(l, csm_layer_field(l, ls->category), ls,
                                    style, &rep, err);

    if (rc || !rep.nothing)
        goto out;
    if (!ls->ncls && !style->kind[ls->kind].ncls && !csm_vocab_kind(ls->kind))
        goto out; /* nothing to map onto: every value draws the same */
    if (rep.free_text) {
        note("layer '%s': %zu of %zu rows have a category that is no code "
             "or class (not listed: they look like free text, not "
             "categories); check its category: field",
             ls->name, rep.nothing, rep.rows);
        goto out;
    }
    for (i = 0; i < rep.nvalue && i < MAX_NOTES; i++)
        note("layer '%s': category '%s' (%zu row%s) is no code or class: "
             "drawn as not categorised; map it under categories:",
             ls->name, rep.value[i].value, rep.value[i].rows,
             rep.value[i].rows == 1 ? "" : "s");
    if (rep.nvalue > MAX_NOTES)
        note("layer '%s': and %zu more categories that are no code or class",
             ls->name, rep.nvalue - MAX_NOTES);
out:
    csm_analyse_report_release(&rep);
    return rc;
}

/* Legend labels that carry the policy's numbers (a spec's own win). */
static int safety_labels(csm_layer_spec *ls, const csm_policy *pol,
                         csm_error *err)
{
    static const char *const value[2] = {"few", "hidden"};
    char text[2][128];
    csm_class *cls;
    size_t i, n = ls->ncls;

    snprintf(text[0], sizeof text[0],
             "Too few responses: under %d young people",
             pol->safety_min_respondents);
    snprintf(text[1], sizeof text[1],
             "Bar, grey: ratings hidden (under %d, or hiding such a count)",
             pol->safety_min_option);
    if (!(cls = realloc(ls->cls, (n + 2) * sizeof *cls)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    ls->cls = cls;
    for (i = 0; i < 2; i++) {
        size_t j;
        for (j = 0; j < n && strcmp(cls[j].value, value[i]); j++)
            ;
        if (j < n)
            continue;
        memset(&cls[ls->ncls], 0, sizeof *cls);
        cls[ls->ncls].value = csm_strdup(value[i]);
        cls[ls->ncls].label = csm_strdup(text[i]);
        if (!cls[ls->ncls++].value || !cls[ls->ncls - 1].label)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    return CSM_OK;
}

/* Names of fields the raw rows had: nothing downstream may look for them
 * in the aggregate (dates, ids). */
static void forget_fields(csm_layer_spec *ls)
{
    char **f[] = {&ls->label, &ls->category, &ls->date,   &ls->subject, &ls->id,
                  &ls->time,  &ls->day,      &ls->rating, &ls->area_id};
    size_t i;

    for (i = 0; i < sizeof f / sizeof *f; i++) {
        free(*f[i]);
        *f[i] = NULL;
    }
}

static int safety(csm_spec *spec, csm_layer **layers, size_t i,
                  const csm_policy *pol, csm_error *err)
{
    csm_layer_spec *ls = &spec->layer[i];
    int a = cli_find_layer(spec, ls->areas);
    csm_safety_opts o;
    csm_safety_stats st;
    csm_scan_opts so;
    csm_layer *out = NULL;
    size_t j;
    int rc;

    if (a < 0 || (size_t)a == i || !layers[a])
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': areas names layer '%s', "
                        "which the spec does not define as an area layer",
                        ls->name, ls->areas);
    for (j = 0; j < layers[a]->n; j++)
        if (layers[a]->feat[j].geom.type != CSM_GEOM_POLYGON)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': areas layer '%s' "
                            "has a feature that is not a polygon (row %ld): "
                            "ratings are shown per area",
                            ls->name, ls->areas, layers[a]->feat[j].row);
    if (spec->layer[a].sensitivity >= CSM_SENS_PSEUDONYMISED)
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': areas layer '%s' is "
                        "itself sensitive",
                        ls->name, ls->areas);
    memset(&o, 0, sizeof o);
    o.respondent_field = csm_layer_field(layers[i], ls->subject);
    o.rating_field = csm_layer_field(layers[i], ls->rating);
    o.area_field = csm_layer_field(layers[i], ls->area_id);
    o.area_id_field = csm_layer_field(layers[a], spec->layer[a].id);
    if (ls->area_id && o.area_id_field < 0)
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': area_id needs layer '%s' "
                        "to name its id field with id:",
                        ls->name, ls->areas);
    /* the raw answers are checked for personal data like any input */
    memset(&so, 0, sizeof so);
    so.date_field = csm_layer_field(layers[i], ls->date);
    so.id_name = ls->subject;
    rc = csm_anonymise_scan(layers[i], &so, err);
    if (!rc)
        rc = csm_analyse_safety(layers[i], layers[a], &o, pol, &out, &st, err);
    if (rc)
        return rc;
    cli_note("layer '%s': %zu ratings by %zu young people over %zu areas: "
             "%zu shown, %zu with too few responses, %zu counts hidden",
             ls->name, st.rows, st.respondents, st.areas, st.shown, st.few,
             st.hidden);
    if (st.unmatched)
        note("layer '%s': %zu ratings are of no area of '%s' (left out)",
             ls->name, st.unmatched, ls->areas);
    csm_layer_free(layers[i]);
    layers[i] = out;
    forget_fields(ls);
    ls->sensitivity = CSM_SENS_AGGREGATE; /* what is left is the aggregate */
    return safety_labels(ls, pol, err);
}

int cli_prepare_layers(csm_spec *spec, const csm_style *style,
                       csm_layer **layers, csm_error *err)
{
    csm_policy pol;
    size_t i;
    int rc = CSM_OK;

    for (i = 0; i < spec->nlayer && !rc; i++) {
        csm_layer_spec *ls = &spec->layer[i];
        if (!layers[i])
            continue; /* built later from other layers (peer groups) */
        rc = filter(ls, style, layers[i], err);
        if (!rc && ls->kind != CSM_KIND_SAFETY_MAP)
            rc = categories(ls, style, layers[i], err);
        if (rc)
            csm_error_prefix(err, "%s:%d", spec->path, ls->line);
    }
    csm_policy_defaults(&pol);
    if (!rc && spec->policy)
        rc = csm_policy_load(spec->policy, &pol, err);
    for (i = 0; i < spec->nlayer && !rc; i++)
        if (spec->layer[i].kind == CSM_KIND_SAFETY_MAP) {
            rc = safety(spec, layers, i, &pol, err);
            if (rc)
                csm_error_prefix(err, "%s:%d", spec->path, spec->layer[i].line);
        }
    return rc;
}

int cli_safety_statement(csm_spec *spec, csm_error *err)
{
    csm_policy pol;
    csm_error perr = {0, ""};
    char line[256], *s;
    size_t i, n;

    for (i = 0; i < spec->nlayer; i++)
        if (spec->layer[i].kind == CSM_KIND_SAFETY_MAP)
            break;
    if (i == spec->nlayer)
        return CSM_OK;
    if (!spec->policy || csm_policy_load(spec->policy, &pol, &perr))
        csm_policy_defaults(&pol); /* loaded once already: cannot fail */
    snprintf(line, sizeof line,
             "Safety ratings shown only for areas rated by %d or more young "
             "people; counts under %d hidden, with the next lowest",
             pol.safety_min_respondents, pol.safety_min_option);
    n = (spec->statement ? strlen(spec->statement) + 2 : 0) + strlen(line) + 1;
    if (!(s = malloc(n)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    snprintf(s, n, "%s%s%s", spec->statement ? spec->statement : "",
             spec->statement ? "; " : "", line);
    free(spec->statement);
    spec->statement = s;
    return CSM_OK;
}
