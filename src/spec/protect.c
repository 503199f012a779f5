/* protect.c - spec stage: the protect: keys of the point methods.
 *
 *   protect: {method: snap, points: LAYER, catchment: FIELD,
 *             addresses: LAYER}   (either or both of the last two)
 *   protect: {method: donut, key: FILE, addresses: LAYER}
 *   protect: {method: donut|snap, ..., hotspot: true, bandwidth_m: M,
 *             cell_m: M}
 *   protect: {method: area|grid|hex, ..., count: records, unit: crimes}
 *
 * A hotspot surface is an option of a point method, not a method of its
 * own: kernel density may only ever see points that were already snapped
 * or displaced (PRIVACY.md 4.3), and a spec that cannot say otherwise
 * cannot get it wrong.  Whether the named layers exist and what they hold
 * is for the protection step, which has them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

/* A key that means nothing for this method is a mistake worth naming. */
static int only_for(const ycx *c, struct fy_node *v, const char *key, int ok,
                    const char *methods, const char *where)
{
    struct fy_node *k;

    if (ok || !(y_get(v, key, &k) || k))
        return 0;
    return y_fail(c, k, "'%s' %s is for method %s", key, where, methods);
}

/* count: subjects (the default) | records, and unit: what a record is.
 * Rows are counted only where rows are not children: a child with ten
 * records would count ten times, and pass a minimum meant for ten
 * children.  So a personal or pseudonymised layer may never say so. */
static int y_protect_count(const ycx *c, struct fy_node *v, const char *where,
                           csm_layer_spec *ls)
{
    static const char *const counts[] = {"subjects", "records"};
    int agg = ls->protect == CSM_PROTECT_AREA ||
              ls->protect == CSM_PROTECT_GRID || ls->protect == CSM_PROTECT_HEX;
    struct fy_node *k;
    int which = 0, found = 0, rc;

    rc = only_for(c, v, "count", agg, "area, grid or hex", where);
    if (!rc)
        rc = y_enum(c, v, "count", where, counts, 2, &which, &found);
    if (rc)
        return rc;
    ls->protect_records = which == 1;
    if (ls->protect_records && ls->sensitivity >= CSM_SENS_PSEUDONYMISED)
        return y_fail(c, y_get(v, "count", &k),
                      "'count: records' %s: the layer is %s, and its counts "
                      "must be of distinct children (subject:): counting "
                      "rows would count a child with several records "
                      "several times",
                      where, csm_sensitivity_name(ls->sensitivity));
    if ((rc = y_str(c, v, "unit", where, &ls->protect_unit)))
        return rc;
    if (ls->protect_unit && !ls->protect_records)
        return y_fail(c, y_get(v, "unit", &k),
                      "'unit' %s needs count: records (counts of distinct "
                      "subjects are of children)",
                      where);
    if (ls->protect_unit &&
        (!*ls->protect_unit || strlen(ls->protect_unit) > 40))
        return y_fail(c, y_get(v, "unit", &k),
                      "'unit' %s must be 1 to 40 characters, e.g. crimes",
                      where);
    return 0;
}

int y_protect_points(const ycx *c, struct fy_node *v, const char *where,
                     csm_layer_spec *ls)
{
    int snap = ls->protect == CSM_PROTECT_SNAP;
    int donut = ls->protect == CSM_PROTECT_DONUT;
    int found = 0, rc;

    rc = only_for(c, v, "points", snap, "snap", where);
    if (!rc)
        rc = only_for(c, v, "catchment", snap, "snap", where);
    if (!rc)
        rc = only_for(c, v, "addresses", donut || snap, "donut or snap", where);
    if (!rc)
        rc = only_for(c, v, "hotspot", snap || donut,
                      "snap or donut (a "
                      "hotspot surface is drawn only from snapped or "
                      "displaced points)",
                      where);
    if (!rc)
        rc = y_str(c, v, "points", where, &ls->protect_points);
    if (!rc)
        rc = y_str(c, v, "catchment", where, &ls->protect_catchment);
    if (!rc)
        rc = y_str(c, v, "addresses", where, &ls->protect_addresses);
    if (!rc)
        rc = y_bool(c, v, "hotspot", where, &ls->protect_hotspot, &found);
    if (!rc)
        rc = y_num(c, v, "bandwidth_m", where, 1.0, &ls->protect_bandwidth_m,
                   &found);
    if (!rc && found && !ls->protect_hotspot)
        rc = y_fail(c, v, "'bandwidth_m' %s needs hotspot: true", where);
    if (!rc && snap &&
        (!ls->protect_points ||
         (!ls->protect_catchment && !ls->protect_addresses)))
        rc = y_fail(c, v,
                    "method snap %s needs 'points': the name of a layer of "
                    "public snap points, and 'catchment': its field of "
                    "address counts (or 'addresses': a layer of address "
                    "points to count them from)",
                    where);
    if (!rc)
        rc = y_protect_count(c, v, where, ls);
    return rc;
}
