/* routekeys.c - spec stage: a route layer's own keys.  Routes come as
 * lines, or as rows of ordered stops naming features of hub layers:
 *
 *   stops: stops                    # field: "Metropolis; H4; H1"
 *   hubs: [cities, hubs]            # layers the stops name (one or a list)
 *   follow: rail                    # legs follow these lines (optional)
 *   weight: referrals               # or {field: referrals, label: ...}
 *   from: from                      # fields naming the far ends
 *   to: to
 *
 * Only structure is checked here; whether the named layers exist and are
 * hubs or areas is for analyse/routes.c, which has them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

static const char *const route_keys[] = {"stops",  "hubs", "follow",
                                         "weight", "from", "to"};
static const char *const weight_keys[] = {"field", "label", NULL};

static int nomem(const ycx *c)
{
    return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
}

/* A route key on another kind is a mistake worth naming. */
static int only_for_routes(const ycx *c, struct fy_node *m, const char *where)
{
    struct fy_node *k;
    size_t i;

    for (i = 0; i < sizeof route_keys / sizeof *route_keys; i++)
        if (y_get(m, route_keys[i], &k) || k)
            return y_fail(c, k, "'%s' %s is for kind route", route_keys[i],
                          where);
    return 0;
}

/* 'key' as one layer name or a list of them, into a new array. */
static int names(const ycx *c, struct fy_node *m, const char *key,
                 const char *where, char ***out, size_t *n)
{
    struct fy_node *k, *v = y_get(m, key, &k), *item;
    void *it = NULL;
    char *one = NULL;
    int rc;

    if (!v)
        return 0;
    if (!fy_node_is_sequence(v)) {
        if ((rc = y_str(c, m, key, where, &one)))
            return rc;
        if (!(*out = calloc(1, sizeof **out))) {
            free(one);
            return nomem(c);
        }
        (*out)[(*n)++] = one;
        return 0;
    }
    if (!(*out =
              calloc((size_t)fy_node_sequence_item_count(v) + 1, sizeof **out)))
        return nomem(c);
    while ((item = fy_node_sequence_iterate(v, &it))) {
        const char *s =
            fy_node_is_scalar(item) ? fy_node_get_scalar0(item) : NULL;
        if (!s || !*s)
            return y_fail(c, item, "'%s' %s must list layer names", key, where);
        if (!((*out)[*n] = csm_strdup(s)))
            return nomem(c);
        (*n)++;
    }
    if (*n == 0)
        return y_fail(c, k, "'%s' %s is an empty list: name a layer", key,
                      where);
    return 0;
}

/* weight: FIELD, or weight: {field: FIELD, label: "linked referrals"} */
static int weight(const ycx *c, struct fy_node *m, const char *where,
                  csm_layer_spec *ls)
{
    struct fy_node *k, *v = y_get(m, "weight", &k);
    char in[96];
    int rc;

    if (!v || !fy_node_is_mapping(v))
        return y_str(c, m, "weight", where, &ls->weight);
    snprintf(in, sizeof in, "in weight of %s", where + 3); /* "layer 'x'" */
    rc = y_check_keys(c, v, weight_keys, 0, NULL, NULL, in);
    if (!rc)
        rc = y_str(c, v, "field", in, &ls->weight);
    if (!rc)
        rc = y_str(c, v, "label", in, &ls->weight_label);
    if (!rc && !ls->weight)
        rc = y_fail(c, v,
                    "missing 'field' %s: the column holding the "
                    "number (e.g. referrals)",
                    in);
    return rc;
}

int y_route(const ycx *c, struct fy_node *m, const char *where,
            csm_layer_spec *ls)
{
    struct fy_node *k;
    int rc;

    if (ls->kind != CSM_KIND_ROUTE)
        return only_for_routes(c, m, where);
    rc = y_str(c, m, "stops", where, &ls->stops);
    if (!rc)
        rc = names(c, m, "hubs", where, &ls->hubs, &ls->nhubs);
    if (!rc)
        rc = names(c, m, "follow", where, &ls->follow, &ls->nfollow);
    if (!rc)
        rc = weight(c, m, where, ls);
    if (!rc)
        rc = y_str(c, m, "from", where, &ls->from);
    if (!rc)
        rc = y_str(c, m, "to", where, &ls->to);
    if (rc)
        return rc;
    if (ls->stops && !ls->nhubs)
        return y_fail(c, y_get(m, "stops", &k) ? k : m,
                      "'stops' %s needs 'hubs': the layers whose features "
                      "the stops name (transport hubs or areas)",
                      where);
    if (!ls->stops && (ls->nhubs || ls->nfollow)) {
        const char *key = ls->nhubs ? "hubs" : "follow";
        y_get(m, key, &k);
        return y_fail(c, k ? k : m,
                      "'%s' %s needs 'stops': the field listing each "
                      "route's stops, e.g. \"Metropolis; H4; H1\"",
                      key, where);
    }
    return 0;
}

static void free_names(char **v, size_t n)
{
    size_t i;

    for (i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

void y_route_release(csm_layer_spec *ls)
{
    free(ls->stops);
    free_names(ls->hubs, ls->nhubs);
    free_names(ls->follow, ls->nfollow);
    free(ls->weight);
    free(ls->weight_label);
    free(ls->from);
    free(ls->to);
}
