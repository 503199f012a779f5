/* provenance.c - write: the sidecar record beside every map and export
 * (PRIVACY.md row 30): which files, by SHA-256, and which policy made it,
 * what protection did, counts only.  Researchers need "exactly which data
 * and settings made each map" (MISSION.md); partner agencies need the
 * method and its strength.  Kerckhoffs: publish the method, keep the key,
 * so the record has no field for a key, a seed or a point's radius.
 * Pure C; the same struct gives the same bytes (no clock). */
#include <stdio.h>
#include <string.h>

#include "csmap.h"

static const char *method_name(int m)
{
    static const char *const names[] = {"none", "area", "grid",
                                        "hex",  "snap", "donut"};

    return m >= 0 && m <= CSM_PROTECT_DONUT ? names[m] : "unknown";
}

/* A JSON string: quotes, backslashes and control characters escaped,
 * UTF-8 passed through; NULL is null. */
static int jstr(csm_buf *b, const char *s, csm_error *err)
{
    const unsigned char *p = (const unsigned char *)s;
    char esc[8];
    int rc;

    if (!s)
        return csm_buf_append(b, "null", 4, err);
    rc = csm_buf_append(b, "\"", 1, err);
    for (; !rc && *p; p++) {
        const unsigned char *run = p;
        while (*p && *p != '"' && *p != '\\' && *p >= 0x20 && *p != 0x7f)
            p++;
        if (p > run)
            rc = csm_buf_append(b, run, (size_t)(p - run), err);
        if (rc || !*p)
            break;
        if (*p == '"' || *p == '\\')
            snprintf(esc, sizeof esc, "\\%c", *p);
        else if (*p == '\n')
            snprintf(esc, sizeof esc, "\\n");
        else if (*p == '\t')
            snprintf(esc, sizeof esc, "\\t");
        else
            snprintf(esc, sizeof esc, "\\u%04x", *p);
        rc = csm_buf_append(b, esc, strlen(esc), err);
    }
    if (!rc)
        rc = csm_buf_append(b, "\"", 1, err);
    return rc;
}

/* "<indent>"key": " then a string. */
static int kstr(csm_buf *b, const char *ind, const char *key, const char *v,
                int comma, csm_error *err)
{
    int rc = csm_buf_printf(b, err, "%s\"%s\": ", ind, key);

    if (!rc)
        rc = jstr(b, v, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "%s\n", comma ? "," : "");
    return rc;
}

static int knum(csm_buf *b, const char *ind, const char *key, double v,
                int comma, csm_error *err)
{
    /* %.15g: 0.5 prints as 0.5, 500 as 500, the same on every run */
    return csm_buf_printf(b, err, "%s\"%s\": %.15g%s\n", ind, key, v,
                          comma ? "," : "");
}

static int kbool(csm_buf *b, const char *ind, const char *key, int v, int comma,
                 csm_error *err)
{
    return csm_buf_printf(b, err, "%s\"%s\": %s%s\n", ind, key,
                          v ? "true" : "false", comma ? "," : "");
}

static int policy_values(csm_buf *b, const csm_provenance *p, csm_error *err)
{
    const csm_policy *q = p->pol;
    const char *I = "    ";
    size_t k;
    int rc = csm_buf_printf(b, err, "  \"policy\": {\n");

    if (!rc)
        rc = kstr(b, I, "file", p->policy, 1, err);
    if (!rc)
        rc = kstr(b, I, "sha256", p->policy ? p->policy_sha256 : NULL, 1, err);
    if (!rc)
        rc = kstr(b, I, "version", q->version, 1, err);
    if (!rc)
        rc = knum(b, I, "min_count", q->min_count, 1, err);
    if (!rc)
        rc = knum(b, I, "round_base", q->round_base, 1, err);
    if (!rc)
        rc = kbool(b, I, "single_release", q->single_release, 1, err);
    if (!rc)
        rc = knum(b, I, "dominance", q->dominance, 1, err);
    if (!rc)
        rc = knum(b, I, "cell_m", q->cell_m, 1, err);
    if (!rc)
        rc = knum(b, I, "snap_min_addresses", q->snap_min_addresses, 1, err);
    if (!rc)
        rc = knum(b, I, "k", q->k, 1, err);
    if (!rc)
        rc = knum(b, I, "donut_r_min_m", q->donut_r_min_m, 1, err);
    if (!rc)
        rc = knum(b, I, "donut_r_max_factor", q->donut_r_max_factor, 1, err);
    if (!rc)
        rc = knum(b, I, "max_displacement_m", q->max_displacement_m, 1, err);
    if (!rc)
        rc = kbool(b, I, "containment", q->containment, 1, err);
    if (!rc)
        rc = knum(b, I, "safety_min_respondents", q->safety_min_respondents, 1,
                  err);
    if (!rc)
        rc = knum(b, I, "safety_min_option", q->safety_min_option, 1, err);
    if (!rc)
        rc = kstr(b, I, "kde_kernel",
                  q->kde_kernel == CSM_KERNEL_GAUSSIAN ? "gaussian" : "quartic",
                  1, err);
    if (!rc)
        rc = knum(b, I, "kde_bandwidth_min_m", q->kde_bandwidth_min_m, 1, err);
    if (!rc)
        rc = knum(b, I, "kde_cell_min_m", q->kde_cell_min_m, 1, err);
    if (!rc)
        rc = knum(b, I, "kde_min_count", q->kde_min_count, 1, err);
    if (!rc)
        rc = knum(b, I, "kde_classes", q->kde_classes, 1, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "%s\"aggregate_only\": [", I);
    for (k = 0; !rc && k < q->naggregate_only; k++) {
        if (k)
            rc = csm_buf_append(b, ", ", 2, err);
        if (!rc)
            rc = jstr(b, q->aggregate_only[k], err);
    }
    if (!rc)
        rc = csm_buf_printf(b, err, "]\n  },\n");
    return rc;
}

static int layer_source(csm_buf *b, const csm_prov_layer *l, csm_error *err)
{
    const char *I = "        ";
    int rc = csm_buf_printf(b, err, "      \"source\": {\n");

    if (!rc && l->pg) /* the table and its query, never the connection */
        rc = kstr(b, I, "table", l->source, 1, err);
    else if (!rc)
        rc = kstr(b, I, "file", l->source, 1, err);
    if (!rc)
        rc = kstr(b, I, l->pg ? "query_sha256" : "sha256",
                  l->sha256[0] ? l->sha256 : NULL, 0, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "      },\n");
    return rc;
}

/* What reading skipped or put right: counts only, never a row's values
 * (the warnings printed at the time name the rows). */
static int layer_read(csm_buf *b, const csm_prov_layer *l, csm_error *err)
{
    return csm_buf_printf(b, err,
                          "      \"read\": {\n"
                          "        \"skipped_no_coordinates\": %zu,\n"
                          "        \"skipped_outside_map_area\": %zu,\n"
                          "        \"polygons_repaired\": %zu,\n"
                          "        \"values_recoded_from_windows_1252\": %zu\n"
                          "      },\n",
                          l->no_coords, l->outside, l->repaired, l->recoded);
}

static int layer_protection(csm_buf *b, const csm_prov_layer *l, csm_error *err)
{
    const char *I = "        ";
    int agg = l->method == CSM_PROTECT_AREA || l->method == CSM_PROTECT_GRID ||
              l->method == CSM_PROTECT_HEX;
    int rc;

    if (l->method == CSM_PROTECT_NONE)
        return csm_buf_printf(b, err, "      \"protection\": null\n");
    rc = csm_buf_printf(b, err, "      \"protection\": {\n");
    if (!rc && l->areas)
        rc = kstr(b, I, "areas", l->areas, 1, err);
    if (!rc && (l->method == CSM_PROTECT_GRID || l->method == CSM_PROTECT_HEX))
        rc = knum(b, I, "cell_m", l->cell_m, 1, err);
    if (!rc && agg && l->counted)
        rc = kstr(b, I, "counted", l->counted, 1, err);
    if (!rc && agg)
        rc = knum(b, I, "cells", (double)l->cells, 1, err);
    if (!rc && agg)
        rc = knum(b, I, "cells_shown", (double)l->cells_shown, 1, err);
    if (!rc && agg)
        rc =
            knum(b, I, "cells_suppressed", (double)l->cells_suppressed, 1, err);
    if (!rc && l->quantised_m > 0)
        rc = knum(b, I, "quantised_m", l->quantised_m, 1, err);
    if (!rc) /* last: every member above may then end with a comma */
        rc = kstr(b, I, "method", method_name(l->method), 0, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "      }\n");
    return rc;
}

static int one_layer(csm_buf *b, const csm_prov_layer *l, int comma,
                     csm_error *err)
{
    const char *I = "      ";
    int rc = csm_buf_printf(b, err, "    {\n");

    if (!rc)
        rc = kstr(b, I, "name", l->name, 1, err);
    if (!rc)
        rc = kstr(b, I, "kind", l->kind, 1, err);
    if (!rc)
        rc = kstr(b, I, "sensitivity", l->sensitivity, 1, err);
    if (!rc)
        rc = layer_source(b, l, err);
    if (!rc)
        rc = knum(b, I, "rows_read", (double)l->rows_read, 1, err);
    if (!rc)
        rc = knum(b, I, "rows_dropped", (double)l->rows_dropped, 1, err);
    if (!rc)
        rc = layer_read(b, l, err);
    if (!rc)
        rc = layer_protection(b, l, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "    }%s\n", comma ? "," : "");
    return rc;
}

static int head(csm_buf *b, const csm_provenance *p, csm_error *err)
{
    const char *I = "  ";
    size_t k;
    int rc = csm_buf_printf(b, err, "{\n");

    if (!rc)
        rc = kstr(b, I, "csmap", csm_version(), 1, err);
    if (!rc)
        rc = kstr(b, I, "command", p->command, 1, err);
    if (!rc)
        rc = kstr(b, I, "output", p->output, 1, err);
    if (!rc && p->spec) {
        rc = csm_buf_printf(b, err, "  \"spec\": {\n");
        if (!rc)
            rc = kstr(b, "    ", "file", p->spec, 1, err);
        if (!rc)
            rc = kstr(b, "    ", "sha256", p->spec_sha256, 0, err);
        if (!rc)
            rc = csm_buf_printf(b, err, "  },\n");
    } else if (!rc) {
        rc = csm_buf_printf(b, err, "  \"spec\": null,\n");
    }
    if (!rc)
        rc = kstr(b, I, "marking", p->marking, 1, err);
    if (!rc)
        rc = kstr(b, I, "date", p->date, 1, err);
    if (!rc)
        rc = kstr(b, I, "statement", p->statement, 1, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "  \"sources\": [");
    for (k = 0; !rc && k < p->nsources; k++) {
        if (k)
            rc = csm_buf_append(b, ", ", 2, err);
        if (!rc)
            rc = jstr(b, p->sources[k], err);
    }
    if (!rc)
        rc = csm_buf_printf(b, err, "],\n");
    return rc;
}

/* An atlas's areas and its differencing audit: counts of figures. */
static int atlas(csm_buf *b, const csm_provenance *p, csm_error *err)
{
    const csm_profile_audit *a = p->audit;

    return csm_buf_printf(
        b, err,
        "  \"atlas\": {\n    \"areas\": %zu,\n    \"audit\": {\n"
        "      \"pairs_of_areas_sharing_locations\": %zu,\n"
        "      \"pairs_of_figures_compared\": %zu,\n"
        "      \"figures_hidden_by_audit\": %zu,\n"
        "      \"figures_hidden_to_protect_others\": %zu\n    }\n  },\n",
        p->areas, a->pairs, a->checked, a->suppressed, a->secondary);
}

/* A list of strings on one line: ["a", "b"]. */
static int strings(csm_buf *b, const char *const *s, size_t n, csm_error *err)
{
    size_t k;
    int rc = csm_buf_append(b, "[", 1, err);

    for (k = 0; !rc && k < n; k++) {
        if (k)
            rc = csm_buf_append(b, ", ", 2, err);
        if (!rc)
            rc = jstr(b, s[k], err);
    }
    if (!rc)
        rc = csm_buf_append(b, "]", 1, err);
    return rc;
}

/* A pack's site (a public place: printed on the pack too) and radius. */
static int pack(csm_buf *b, const csm_provenance *p, csm_error *err)
{
    int rc = csm_buf_printf(b, err, "  \"pack\": {\n    \"place\": {\n");

    if (!rc)
        rc = kstr(b, "      ", "layer", p->place_layer, 1, err);
    if (!rc)
        rc = kstr(b, "      ", "id", p->place_id, 0, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "    },\n");
    if (!rc)
        rc = knum(b, "    ", "radius_m", p->radius_m, 0, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "  },\n");
    return rc;
}

/* The periods a comparison shows, the bands time-of-day panels show. */
static int variants(csm_buf *b, const csm_provenance *p, csm_error *err)
{
    size_t k;
    int rc = CSM_OK;

    if (p->nperiods) {
        rc = csm_buf_printf(b, err, "  \"compare\": {\n    \"periods\": ");
        if (!rc)
            rc = strings(b, p->periods, p->nperiods, err);
        if (!rc)
            rc = csm_buf_printf(b, err, "\n  },\n");
    }
    if (rc || !p->nbands)
        return rc;
    rc = csm_buf_printf(b, err, "  \"time_of_day\": {\n    \"bands\": ");
    if (!rc)
        rc = strings(b, p->bands, p->nbands, err);
    if (!rc)
        rc = csm_buf_printf(b, err, ",\n");
    if (!rc && p->band_cells_suppressed) {
        rc = csm_buf_printf(b, err, "    \"cells_suppressed\": [");
        for (k = 0; !rc && k < p->nbands; k++)
            rc = csm_buf_printf(b, err, "%s%zu", k ? ", " : "",
                                p->band_cells_suppressed[k]);
        if (!rc)
            rc = csm_buf_printf(b, err, "],\n");
    }
    if (!rc)
        rc = kstr(b, "    ", "counted",
                  p->bands_counted ? p->bands_counted : "each band on its own",
                  0, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "  },\n");
    return rc;
}

/* Warnings a person accepted (PRIVACY.md row 29: "logged without
 * values"): per column or callout, each kind accepted with how many were
 * found. */
static int accepted(csm_buf *b, const csm_provenance *p, csm_error *err)
{
    size_t k;
    int rc;

    if (!p->naccepted)
        return CSM_OK;
    rc = csm_buf_printf(b, err, "  \"warnings_accepted\": [\n");
    for (k = 0; !rc && k < p->naccepted; k++) {
        const csm_prov_accept *a = &p->accepted[k];
        if (a->field) {
            rc = csm_buf_printf(b, err, "    {\"layer\": ");
            if (!rc)
                rc = jstr(b, a->layer, err);
            if (!rc)
                rc = csm_buf_printf(b, err, ", \"field\": ");
            if (!rc)
                rc = jstr(b, a->field, err);
        } else {
            rc = csm_buf_printf(b, err, "    {\"callout\": %zu", a->callout);
        }
        if (!rc && (a->kinds & CSM_WARN_NAMES))
            rc = csm_buf_printf(b, err, ", \"names\": %zu", a->names);
        if (!rc && (a->kinds & CSM_WARN_VEHICLES))
            rc = csm_buf_printf(b, err, ", \"vehicles\": %zu", a->vehicles);
        if (!rc)
            rc = csm_buf_printf(b, err, "}%s\n",
                                k + 1 < p->naccepted ? "," : "");
    }
    if (!rc)
        rc = csm_buf_printf(b, err, "  ],\n");
    return rc;
}

int csm_provenance_json(const csm_provenance *p, csm_buf *out, csm_error *err)
{
    size_t i;
    int rc = head(out, p, err);

    if (!rc && p->pol)
        rc = policy_values(out, p, err);
    else if (!rc)
        rc = csm_buf_printf(out, err, "  \"policy\": null,\n");
    if (!rc && p->audit) /* csmap atlas */
        rc = atlas(out, p, err);
    if (!rc && p->place_layer) /* csmap pack */
        rc = pack(out, p, err);
    if (!rc)
        rc = variants(out, p, err);
    if (!rc)
        rc = accepted(out, p, err);
    if (!rc)
        rc = csm_buf_printf(out, err, "  \"layers\": [\n");
    for (i = 0; !rc && i < p->nlayer; i++)
        rc = one_layer(out, &p->layer[i], i + 1 < p->nlayer, err);
    if (!rc)
        rc = csm_buf_printf(out, err, "  ]\n}\n");
    return rc;
}
