/* protect.c - the tool's protection step: every sensitive layer of a spec
 * goes through the method its spec names (anonymise/), after the personal
 * data scan and the reduction of dates to month, before anything draws it.
 * What comes out replaces the raw layer, so nothing later can see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* What a count of this layer counts, plural: "children", or the rows'
 * unit ("crimes") when it counts records. */
static const char *counted(const csm_layer_spec *ls)
{
    if (!ls->protect_records)
        return "children";
    return ls->protect_unit ? ls->protect_unit : "records";
}

/* One class of the count bands: value and legend text (copied). */
static int add_class(csm_class *cls, size_t *n, const char *value,
                     const char *label)
{
    csm_class *c = &cls[*n];

    c->value = csm_strdup(value);
    c->label = csm_strdup(label);
    (*n)++; /* freed by the caller either way */
    return c->value && c->label ? 0 : -1;
}

/* Names of the count bands csm_anonymise_band() gives, with legend text:
 * "suppressed" and "none", and when rows are counted every band ("10 to
 * 19 crimes"), since the style's say children.  They go first; the
 * layer's own classes follow (an atlas still names its categories by
 * them), matching no band, so never drawn. */
static int band_classes(csm_layer_spec *ls, const csm_policy *pol,
                        csm_error *err)
{
    static const long edge[] = {0, 20, 50, 100};
    char label[96], band[32], prev[32] = "";
    csm_class *cls;
    size_t i, n = 0;
    int bad;

    cls = calloc(2 + sizeof edge / sizeof *edge + ls->ncls, sizeof *cls);
    if (!cls)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    /* secondary suppression hides some counts of 8 or more too */
    snprintf(label, sizeof label,
             "Not shown: fewer than %d %s, or to protect another count",
             pol->min_count, counted(ls));
    bad = add_class(cls, &n, "suppressed", label);
    bad |= add_class(cls, &n, "none", "None recorded");
    for (i = 0; ls->protect_records && i < sizeof edge / sizeof *edge; i++) {
        long lo = csm_anonymise_shown(pol->min_count, pol);
        long from = edge[i] > lo ? edge[i] : lo, to;
        char *dash;
        csm_anonymise_band(from, pol, band, sizeof band);
        if (!strcmp(band, prev))
            continue;
        snprintf(prev, sizeof prev, "%s", band);
        if ((dash = strchr(band, '-')) && (to = atol(dash + 1)) > 0)
            snprintf(label, sizeof label, "%ld to %ld %s", from, to,
                     counted(ls));
        else
            snprintf(label, sizeof label, "%ld or more %s", from,
                     counted(ls));
        bad |= add_class(cls, &n, band, label);
    }
    if (bad) {
        for (i = 0; i < n; i++) {
            free(cls[i].value);
            free(cls[i].label);
        }
        free(cls);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    if (ls->ncls) /* moved, not copied */
        memcpy(cls + n, ls->cls, ls->ncls * sizeof *cls);
    free(ls->cls);
    ls->cls = cls;
    ls->ncls += n;
    return CSM_OK;
}

/* After aggregation the layer is polygons with "children" and "band":
 * draw by band, label with the shown count. */
int cli_as_counts(csm_layer_spec *ls, const csm_policy *pol,
                  csm_error *err)
{
    char *label = csm_strdup("children"), *cat = csm_strdup("band");
    char legend[128];
    char *lg;

    if (ls->protect_records)
        snprintf(legend, sizeof legend, "%s: number of %s",
                 ls->legend ? ls->legend : "Locations of concern",
                 counted(ls));
    else
        snprintf(legend, sizeof legend, "%s: distinct children",
                 ls->legend ? ls->legend : "Locations of concern");
    lg = csm_strdup(legend);
    if (!label || !cat || !lg) {
        free(label);
        free(cat);
        free(lg);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    free(ls->label);
    free(ls->category);
    free(ls->legend);
    ls->label = label;
    ls->category = cat;
    ls->legend = lg;
    return band_classes(ls, pol, err);
}

static int read_key(const char *path, unsigned char key[CSM_KEY_BYTES],
                    csm_error *err)
{
    FILE *f = fopen(path, "rb");
    size_t n;
    int extra;

    if (!f)
        return csm_fail(err, CSM_EIO, "cannot open key '%s': make one with "
                        "'csmap keygen FILE'", path);
    n = fread(key, 1, CSM_KEY_BYTES, f);
    extra = fgetc(f);
    fclose(f);
    if (n != CSM_KEY_BYTES || extra != EOF)
        return csm_fail(err, CSM_EDATA, "key '%s' is not a %d-byte key "
                        "file from 'csmap keygen'", path, CSM_KEY_BYTES);
    return CSM_OK;
}

static int aggregate(csm_spec *spec, csm_layer **layers, size_t i,
                     const csm_policy *pol, csm_prov_layer *pl,
                     csm_error *err)
{
    csm_layer_spec *ls = &spec->layer[i];
    csm_layer *out = NULL;
    csm_agg_opts o;
    csm_agg_stats st;
    int rc;

    o.subject_field = csm_layer_field(layers[i], ls->subject);
    o.category_field = csm_layer_field(layers[i], ls->category);
    o.area_field = -1;
    o.count_records = ls->protect_records;
    if (ls->protect_records && ls->sensitivity >= CSM_SENS_PSEUDONYMISED)
        return csm_fail(err, CSM_EPRIVACY, "layer '%s': count: records is "
                        "refused for a %s layer: its counts must be of "
                        "distinct children (subject:)", ls->name,
                        csm_sensitivity_name(ls->sensitivity));
    if (!ls->protect_records && !ls->subject)
        return csm_fail(err, CSM_EUSAGE, "layer '%s': counting needs its "
                        "subject: field (counts are of distinct children); "
                        "a layer whose rows are not children, such as "
                        "police.uk crimes, may say count: records in its "
                        "protect:", ls->name);
    if (ls->protect == CSM_PROTECT_AREA) {
        int a = cli_find_layer(spec, ls->protect_areas);
        if (a < 0 || (size_t)a == i)
            return csm_fail(err, CSM_EDATA, "protect: areas names layer "
                            "'%s', which the spec does not define",
                            ls->protect_areas);
        if (spec->layer[a].sensitivity >= CSM_SENS_PSEUDONYMISED)
            return csm_fail(err, CSM_EDATA, "protect: areas layer '%s' is "
                            "itself sensitive", ls->protect_areas);
        o.area_field = csm_layer_field(layers[a], spec->layer[a].id);
        rc = csm_anonymise_areas(layers[i], layers[a], &o, pol, &out, &st,
                                 err);
    } else {
        rc = csm_anonymise_grid(layers[i], ls->protect_cell_m > 0
                                               ? ls->protect_cell_m
                                               : pol->cell_m,
                                ls->protect == CSM_PROTECT_HEX, &o, pol, &out,
                                &st, err);
    }
    if (rc)
        return rc;
    /* provenance: counts of cells, never what is in them */
    pl->areas = ls->protect == CSM_PROTECT_AREA ? ls->protect_areas : NULL;
    pl->cell_m = ls->protect_cell_m > 0 ? ls->protect_cell_m : pol->cell_m;
    pl->rows_dropped += st.outside + st.empty;
    pl->cells = st.cells;
    pl->cells_shown = st.shown;
    pl->cells_suppressed = st.suppressed + st.secondary;
    pl->counted = ls->protect_records ? counted(ls) : "distinct subjects";
    cli_note("layer '%s': %zu rows aggregated into %zu cells, %zu shown, "
             "%zu suppressed, %zu hidden to protect others",
             ls->name, st.rows, st.cells, st.shown, st.suppressed,
             st.secondary);
    rc = cli_as_counts(ls, pol, err);
    if (rc) {
        csm_layer_free(out);
        return rc;
    }
    csm_layer_free(layers[i]);
    layers[i] = out;
    return CSM_OK;
}

static int displace(csm_spec *spec, csm_layer **layers, size_t i,
                    const csm_policy *pol, const char *key_path,
                    csm_prov_layer *pl, csm_error *err)
{
    csm_layer_spec *ls = &spec->layer[i];
    unsigned char key[CSM_KEY_BYTES];
    csm_donut_opts o;
    csm_donut_stats st;
    size_t dropped = 0;
    int a, rc;

    if (!key_path)
        return csm_fail(err, CSM_EUSAGE, "layer '%s': the donut method "
                        "needs a key: add key: FILE to its protect: or "
                        "pass --key FILE", ls->name);
    rc = read_key(key_path, key, err);
    if (rc)
        return rc;
    memset(&o, 0, sizeof o);
    o.subject_field = csm_layer_field(layers[i], ls->subject);
    o.record_field = csm_layer_field(layers[i], ls->id);
    a = cli_find_layer(spec, ls->protect_areas);
    o.areas = a >= 0 ? layers[a] : NULL;
    rc = cli_donut_addresses(spec, layers, i, &o.addresses, err); /* k */
    /* aggregate-only harms (CSE, HSB, ...) never become points */
    csm_anonymise_drop_aggregate_only(
        layers[i], csm_layer_field(layers[i], ls->category), pol, &dropped);
    if (!rc)
        rc = csm_anonymise_donut(layers[i], &o, key, pol, &st, err);
    memset(key, 0, sizeof key);
    if (!rc) {
        pl->areas = o.areas ? ls->protect_areas : NULL;
        /* one figure: the aggregate-only count alone would show how many
         * CSE, HSB, trafficking or cuckooing rows there were */
        pl->rows_dropped += st.dropped + st.below_k + dropped;
    }
    if (!rc)
        cli_note("layer '%s': %zu points displaced, %zu dropped to the "
                 "aggregate, %zu aggregate-only removed",
                 ls->name, st.displaced, st.dropped, dropped);
    if (!rc)
        cli_note_k(ls->name, &st, pol->k); /* protect_points.c */
    return rc;
}

/* The personal-data scan of every carried field; the date field may hold
 * days (it is reduced to month next). */
static int scan(const csm_layer_spec *ls, csm_layer *layer, csm_error *err)
{
    csm_scan_opts so;

    memset(&so, 0, sizeof so);
    so.date_field = csm_layer_field(layer, ls->date);
    so.place_names = ls->sensitivity < CSM_SENS_PSEUDONYMISED;
    so.id_name = ls->subject;
    return csm_anonymise_scan(layer, &so, err);
}

int cli_protect_layers(csm_spec *spec, csm_layer **layers,
                       const char *key_path, csm_error *err)
{
    return cli_protect_report(spec, layers, key_path, NULL, NULL, err);
}

int cli_protect_report(csm_spec *spec, csm_layer **layers,
                       const char *key_path, csm_policy *pol_out,
                       csm_prov_layer *stats, csm_error *err)
{
    csm_policy pol;
    csm_prov_layer scratch;
    csm_buf stmt;
    size_t i;
    int rc = CSM_OK;

    csm_buf_init(&stmt);
    if (spec->policy)
        rc = csm_policy_load(spec->policy, &pol, err);
    else
        csm_policy_defaults(&pol);
    if (!rc) /* warn only, on the raw text: namecheck.c */
        rc = cli_warn_free_text(spec, layers, err);
    for (i = 0; i < spec->nlayer && !rc; i++) {
        csm_layer_spec *ls = &spec->layer[i];
        csm_prov_layer *pl = stats ? &stats[i] : &scratch;
        char line[256], extra[512] = "";
        if (layers[i]) { /* rows the source gave, and those read skipped */
            const csm_layer_notes *nt = &layers[i]->notes;
            pl->rows_read = nt->rows ? nt->rows : layers[i]->n;
            pl->rows_dropped = nt->no_coords + nt->outside;
            pl->no_coords = nt->no_coords; /* counts, for the sidecar */
            pl->outside = nt->outside;
            pl->repaired = nt->repaired;
            pl->recoded = nt->recoded;
        }
        rc = scan(ls, layers[i], err);
        if (!rc && ls->date)
            rc = csm_anonymise_month(layers[i],
                                     csm_layer_field(layers[i], ls->date),
                                     err);
        if (!rc && ls->sensitivity < CSM_SENS_PSEUDONYMISED &&
            ls->protect == CSM_PROTECT_NONE) /* row 32: protect_points.c */
            rc = cli_drop_premises(spec, layers, i, err);
        /* a public or aggregate layer is protected only when it asks to
         * be counted per area or cell (police.uk crimes per LSOA) */
        if (rc || (ls->sensitivity < CSM_SENS_PSEUDONYMISED &&
                   ls->protect != CSM_PROTECT_AREA &&
                   ls->protect != CSM_PROTECT_GRID &&
                   ls->protect != CSM_PROTECT_HEX))
            continue;
        if (ls->protect == CSM_PROTECT_DONUT)
            rc = displace(spec, layers, i, &pol,
                          key_path ? key_path : ls->protect_key, pl, err);
        else if (ls->protect == CSM_PROTECT_AREA ||
                 ls->protect == CSM_PROTECT_GRID ||
                 ls->protect == CSM_PROTECT_HEX)
            rc = aggregate(spec, layers, i, &pol, pl, err);
        else if (ls->protect == CSM_PROTECT_SNAP) /* protect_points.c */
            rc = cli_snap_layer(spec, layers, i, &pol, &pl->rows_dropped,
                                err);
        else
            rc = csm_fail(err, CSM_EUSAGE, "layer '%s': protection method "
                          "not available for maps yet: use area, grid, hex "
                          "or donut", ls->name);
        if (!rc && (ls->protect == CSM_PROTECT_SNAP ||
                    ls->protect == CSM_PROTECT_DONUT)) /* row 19 */
            rc = cli_layer_minimum(spec, layers, i, &pol, &pl->rows_dropped,
                                   err);
        if (!rc && ls->protect_addresses &&
            ls->protect == CSM_PROTECT_DONUT) /* protect_points.c */
            cli_k_statement(&pol, extra, sizeof extra);
        if (!rc && ls->protect_hotspot) /* the surface of what was moved */
            rc = cli_hotspot_layer(spec, layers, i, &pol,
                                   ls->protect == CSM_PROTECT_DONUT
                                       ? pol.donut_r_min_m
                                       : 0.0,
                                   extra, sizeof extra, err);
        if (rc) {
            if (spec->path) /* csmap anonymise has no spec file */
                csm_error_prefix(err, "%s:%d", spec->path, ls->line);
            break;
        }
        pl->method = ls->protect;
        if (ls->protect_records)
            csm_anonymise_statement_records(ls->protect, &pol,
                                            ls->protect_cell_m, counted(ls),
                                            line, sizeof line);
        else
            csm_anonymise_statement(ls->protect, &pol, ls->protect_cell_m,
                                    line, sizeof line);
        rc = csm_buf_printf(&stmt, err, "%s%s%s%s", stmt.len ? "; " : "",
                            line, extra[0] ? "; " : "", extra);
    }
    if (!rc) /* snap points and addresses are never drawn */
        rc = cli_hide_reference_layers(spec, layers, err);
    if (!rc && pol_out)
        *pol_out = pol;
    if (!rc && stmt.len) {
        free(spec->statement);
        spec->statement = csm_strdup((const char *)stmt.data);
        if (!spec->statement)
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    csm_buf_release(&stmt);
    return rc;
}
