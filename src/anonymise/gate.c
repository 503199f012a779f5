/* gate.c - anonymise: what may reach a map at all.  Sensitive layers need
 * a protection method, aggregate-only categories never become points, and
 * every map states how it was protected (PRIVACY.md rows 1, 5 and 30). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anonymise/anonymise.h"

/* A peer-group layer is protected by how it is built (groups drawn only as
 * hulls round public places, sizes in bands, labels per map, ids never
 * shown; analyse/groups.c), not by protect:, and its tables may hold only
 * pseudonymous ids (cli/groups.c refuses personal columns). */
static int peer_group_gate(const csm_layer_spec *ls, const char *name,
                           csm_error *err)
{
    if (ls->sensitivity == CSM_SENS_PERSONAL)
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s' is marked personal: peer-group tables "
                        "may hold only pseudonymous group and member ids, "
                        "never names or other personal data; pseudonymise "
                        "them and remove sensitivity:",
                        name);
    if (ls->sensitivity == CSM_SENS_PSEUDONYMISED ||
        ls->protect > CSM_PROTECT_NONE)
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s' is a peer group: it takes no %s, as "
                        "its hulls round public places, size bands and "
                        "per-map labels are its protection and its ids are "
                        "pseudonymous by rule; remove it",
                        name,
                        ls->sensitivity == CSM_SENS_PSEUDONYMISED
                            ? "'sensitivity: pseudonymised'"
                            : "protect:");
    return CSM_OK;
}

int csm_anonymise_gate(const csm_layer_spec *ls, csm_error *err)
{
    const char *name = ls->name ? ls->name : "?";

    if (ls->kind == CSM_KIND_PEER_GROUP)
        return peer_group_gate(ls, name, err);
    if (ls->sensitivity != CSM_SENS_PSEUDONYMISED &&
        ls->sensitivity != CSM_SENS_PERSONAL)
        return CSM_OK;
    if (ls->protect <= CSM_PROTECT_NONE || ls->protect > CSM_PROTECT_DONUT)
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s' is marked %s: it must be protected "
                        "before it is drawn; add protect: {method: area, "
                        "areas: neighbourhoods} (or grid, hex) to its spec",
                        name, csm_sensitivity_name(ls->sensitivity));
    if (ls->protect == CSM_PROTECT_AREA && !ls->protect_areas)
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': protect method area needs 'areas:', the "
                        "name of an area layer",
                        name);
    return CSM_OK;
}

/* Long names that mean an aggregate-only code (compared ignoring case,
 * spaces, dashes, slashes and underscores). */
static const struct {
    const char *name, *code;
} alias[] = {
    {"childsexualexploitation", "CSE"},
    {"sexualexploitation", "CSE"},
    {"harmfulsexualbehaviour", "HSB"},
    {"harmfulsexualbehavior", "HSB"},
    {"trafficking", "TRAF"},
    {"humantrafficking", "TRAF"},
    {"modernslavery", "TRAF"},
    {"traffickingmodernslavery", "TRAF"},
    {"cuckooing", "CUCK"},
};

static void squash(const char *in, char *out, size_t n)
{
    size_t i = 0;

    for (; *in && i + 1 < n; in++)
        if (isalnum((unsigned char)*in))
            out[i++] = (char)tolower((unsigned char)*in);
    out[i] = '\0';
}

int csm_anonymise_is_aggregate_only(const csm_policy *pol, const char *cat)
{
    char sq[64], code[64];
    size_t k;

    if (!cat)
        return 0;
    squash(cat, sq, sizeof sq);
    if (!sq[0])
        return 0;
    for (k = 0; k < pol->naggregate_only; k++) {
        squash(pol->aggregate_only[k], code, sizeof code);
        if (strcmp(sq, code) == 0)
            return 1;
    }
    for (k = 0; k < sizeof alias / sizeof *alias; k++)
        if (strcmp(sq, alias[k].name) == 0)
            return 1; /* the four codes are always in the policy */
    return 0;
}

void csm_anonymise_drop_aggregate_only(csm_layer *l, int f,
                                       const csm_policy *pol, size_t *removed)
{
    size_t i, kept = 0, k;

    *removed = 0;
    if (f < 0 || (size_t)f >= l->nfield)
        return;
    /* one pass, keeping order: O(n) where csm_layer_remove would be n^2 */
    for (i = 0; i < l->n; i++) {
        csm_feature *ft = &l->feat[i];
        if (csm_anonymise_is_aggregate_only(pol, csm_layer_value(l, i, f))) {
            csm_geom_release(&ft->geom);
            if (ft->val)
                for (k = 0; k < l->nfield; k++)
                    free(ft->val[k]);
            free(ft->val);
            (*removed)++;
            continue;
        }
        l->feat[kept++] = *ft;
    }
    l->n = kept;
}

int csm_anonymise_layer_minimum(csm_layer *l, int subject_field,
                                const csm_policy *pol, size_t *subjects,
                                size_t *removed, csm_error *err)
{
    uint32_t *ids = NULL;
    size_t nid = l->n, i, k;
    int rc = CSM_OK;

    *subjects = 0;
    *removed = 0;
    /* without a subject field each row is taken for a child of its own:
     * the most the layer could hold, so the test can only be lenient
     * there - the spec should name the subject */
    if (subject_field >= 0 && l->n &&
        (rc = intern_field(l, subject_field, "subject id", 0, &ids, &nid, NULL,
                           err)))
        return rc;
    free(ids);
    *subjects = nid;
    if (!l->n || nid >= (size_t)pol->min_count)
        return CSM_OK;
    /* too few children for any point of theirs to be shown (row 19):
     * nothing, never the few */
    for (i = 0; i < l->n; i++) {
        csm_feature *ft = &l->feat[i];
        csm_geom_release(&ft->geom);
        if (ft->val)
            for (k = 0; k < l->nfield; k++)
                free(ft->val[k]);
        free(ft->val);
    }
    *removed = l->n;
    l->n = 0;
    return CSM_OK;
}

int csm_anonymise_statement(int method, const csm_policy *pol, double cell_m,
                            char *buf, size_t n)
{
    char counts[128], where[128];

    if (pol->round_base > 1)
        snprintf(counts, sizeof counts,
                 "Counts of distinct children under %d suppressed, others "
                 "rounded to %d",
                 pol->min_count, pol->round_base);
    else
        snprintf(counts, sizeof counts,
                 "Counts of distinct children under %d suppressed (single "
                 "release, not rounded)",
                 pol->min_count);
    if (cell_m <= 0)
        cell_m = pol->cell_m;
    switch (method) {
    case CSM_PROTECT_AREA:
        return snprintf(buf, n,
                        "%s; locations aggregated to areas; dates to "
                        "month",
                        counts);
    case CSM_PROTECT_GRID:
        snprintf(where, sizeof where, "%g m squares", cell_m);
        break;
    case CSM_PROTECT_HEX:
        snprintf(where, sizeof where, "hexagons the size of %g m squares",
                 cell_m);
        break;
    case CSM_PROTECT_SNAP:
        return snprintf(buf, n,
                        "Locations snapped to public points with at least %d "
                        "homes per point; %s; dates to month",
                        pol->snap_min_addresses,
                        "sensitive categories shown only in area counts");
    case CSM_PROTECT_DONUT:
        return snprintf(buf, n,
                        "Locations moved in a random direction by a keyed "
                        "donut mask; sensitive categories shown only in "
                        "area counts; dates to month");
    default:
        return snprintf(buf, n, "No personal data shown");
    }
    return snprintf(buf, n, "%s; locations aggregated to %s; dates to month",
                    counts, where);
}
