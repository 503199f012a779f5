/* layers.c - spec stage: the entries of a spec's layers: list, each checked
 * key by key, with the kind's defaults (a concern is pseudonymised unless
 * it says otherwise; lon/lat columns imply EPSG:4326). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

static const char *const layer_keys[] = {
    "name",        "source", "layer",    "x",          "y",
    "lon",         "lat",    "crs",      "where",      "kind",
    "sensitivity", "label",  "category", "date",       "subject",
    "id",          "legend", "style",    "categories", "protect",
    "size",        "associations",           "buffer_m",
    "stops",       "hubs",   "follow",   "weight",     "from",
    "to",          "time",   "day",      "when",       "areas",
    "area_id",     "rating", "use",      "sql",        "accept_warnings",
    NULL};
static const char *const no_keys[] = {NULL};
static const char *const protect_keys[] = {
    "method", "areas",   "cell_m",  "key",         "points", "catchment",
    "addresses", "hotspot", "bandwidth_m", "count", "unit", NULL};
/* in enum csm_protect_method order, from CSM_PROTECT_AREA */
static const char *const protect_names[] = {"area", "grid", "hex", "snap",
                                            "donut"};
static const char *const sens_names[] = {"public", "aggregate", "pseudonymised",
                                         "personal"};

static int nomem(const ycx *c)
{
    return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
}

static int read_fields(const ycx *c, struct fy_node *m, const char *where,
                       csm_layer_spec *ls)
{
    struct fy_node *k;
    int rc = y_str(c, m, "layer", where, &ls->layer);

    if (!rc)
        rc = y_str(c, m, "sql", where, &ls->sql);
    if (!rc && ls->layer && ls->sql)
        rc = y_fail(c, y_get(m, "sql", &k) ? k : m,
                    "'layer' and 'sql' %s: give one of them", where);
    if (!rc)
        rc = y_str(c, m, "crs", where, &ls->crs);
    if (!rc)
        rc = y_str(c, m, "where", where, &ls->where);
    /* field names: one, or a list of alternatives (sources.c) */
    if (!rc)
        rc = y_field(c, m, "label", where, &ls->label);
    if (!rc)
        rc = y_field(c, m, "category", where, &ls->category);
    if (!rc)
        rc = y_field(c, m, "date", where, &ls->date);
    if (!rc)
        rc = y_field(c, m, "subject", where, &ls->subject);
    if (!rc)
        rc = y_field(c, m, "id", where, &ls->id);
    if (!rc)
        rc = y_str(c, m, "legend", where, &ls->legend);
    return rc;
}

/* x/y, or lon/lat (stored in x/y with lonlat set), in pairs. */
static int read_coords(const ycx *c, struct fy_node *m, const char *where,
                       csm_layer_spec *ls)
{
    struct fy_node *k;
    char *lon = NULL, *lat = NULL;
    int rc = y_str(c, m, "x", where, &ls->x);

    if (!rc)
        rc = y_str(c, m, "y", where, &ls->y);
    if (!rc)
        rc = y_str(c, m, "lon", where, &lon);
    if (!rc)
        rc = y_str(c, m, "lat", where, &lat);
    if (rc)
        goto out;
    if (!ls->x != !ls->y) {
        y_get(m, ls->x ? "x" : "y", &k);
        rc = y_fail(c, k, "'%s' %s needs '%s' too", ls->x ? "x" : "y", where,
                    ls->x ? "y" : "x");
    } else if (!lon != !lat) {
        y_get(m, lon ? "lon" : "lat", &k);
        rc = y_fail(c, k, "'%s' %s needs '%s' too", lon ? "lon" : "lat", where,
                    lon ? "lat" : "lon");
    } else if (lon && ls->x) {
        y_get(m, "lon", &k);
        rc = y_fail(c, k, "'x'/'y' and 'lon'/'lat' %s: give one pair", where);
    }
    if (rc || !lon)
        goto out;
    ls->x = lon;
    ls->y = lat;
    lon = lat = NULL;
    ls->lonlat = 1;
    if (!ls->crs && !(ls->crs = csm_strdup("EPSG:4326")))
        rc = nomem(c);
out:
    free(lon);
    free(lat);
    return rc;
}

static int read_kind(const ycx *c, struct fy_node *m, const char *where,
                     csm_layer_spec *ls)
{
    const char *kind_names[CSM_KIND_COUNT];
    int kind = 0, sens = 0, found, rc, k;

    for (k = 0; k < CSM_KIND_COUNT; k++)
        kind_names[k] = csm_kind_name((csm_kind)k);
    rc = y_enum(c, m, "kind", where, kind_names, CSM_KIND_COUNT, &kind, &found);
    if (!rc && !found)
        return y_fail(c, m,
                      "missing 'kind' %s (expected area, school, hub, "
                      "route, concern, protective, annotation, base, "
                      "peer-group or safety-map)",
                      where);
    ls->kind = (csm_kind)kind;
    if (!rc)
        rc = y_enum(c, m, "sensitivity", where, sens_names, 4, &sens, &found);
    if (!rc)
        ls->sensitivity = found ? (csm_sensitivity)sens
                          : ls->kind == CSM_KIND_CONCERN ||
                                    ls->kind == CSM_KIND_SAFETY_MAP
                              ? CSM_SENS_PSEUDONYMISED
                              : CSM_SENS_PUBLIC;
    return rc;
}

static int read_look(const ycx *c, struct fy_node *m, csm_layer_spec *ls)
{
    char where[96], owner[80], in[96];
    struct fy_node *k, *v = y_get(m, "style", &k);
    int rc = 0;

    snprintf(where, sizeof where, "in style of layer '%.40s'", ls->name);
    snprintf(owner, sizeof owner, "layer '%.40s'", ls->name);
    snprintf(in, sizeof in, "in layer '%.40s'", ls->name);
    if (v) {
        rc = y_want_map(c, v, k, "style", in);
        if (!rc)
            rc = y_check_keys(c, v, no_keys, 1, NULL, NULL, where);
        if (!rc)
            rc = y_symbol(c, v, where, &ls->sym);
    }
    if (!rc) {
        v = y_get(m, "categories", &k);
        rc = y_classes(c, v, k, owner, &ls->cls, &ls->ncls);
    }
    return rc;
}

/* protect: {method: area|grid|hex|snap|donut, areas: LAYER, cell_m: M} */
static int read_protect(const ycx *c, struct fy_node *m, const char *dir,
                        csm_layer_spec *ls)
{
    char where[96], *key = NULL;
    struct fy_node *k, *v = y_get(m, "protect", &k);
    int method = 0, found = 0, rc;

    if (!v)
        return 0;
    snprintf(where, sizeof where, "in protect of layer '%.40s'", ls->name);
    rc = y_want_map(c, v, k, "protect", where);
    if (!rc)
        rc = y_check_keys(c, v, protect_keys, 0, NULL, NULL, where);
    if (!rc)
        rc = y_enum(c, v, "method", where, protect_names, 5, &method, &found);
    if (!rc && !found)
        return y_fail(c, v,
                      "missing 'method' %s (expected area, grid, hex, snap "
                      "or donut)",
                      where);
    if (!rc)
        ls->protect = CSM_PROTECT_AREA + method;
    if (!rc)
        rc = y_str(c, v, "areas", where, &ls->protect_areas);
    if (!rc)
        rc = y_num(c, v, "cell_m", where, 1.0, &ls->protect_cell_m, &found);
    if (!rc)
        rc = y_str(c, v, "key", where, &key);
    if (!rc && key && !(ls->protect_key = y_resolve(dir, key)))
        rc = csm_fail(c->err, CSM_ENOMEM, "out of memory");
    free(key);
    if (!rc)
        rc = y_protect_points(c, v, where, ls); /* protect.c */
    if (!rc && ls->protect == CSM_PROTECT_AREA && !ls->protect_areas)
        rc = y_fail(c, v,
                    "method area %s needs 'areas': the name of an area "
                    "layer",
                    where);
    return rc;
}

static int read_layer(const ycx *c, struct fy_node *m, size_t idx,
                      const char *dir, csm_layer_spec *ls)
{
    char where[80];
    struct fy_node *k, *v = y_get(m, "name", &k);
    char *source = NULL;
    int col, rc;

    y_pos(m, NULL, &ls->line, &col);
    if (!fy_node_is_mapping(m))
        return y_fail(c, m,
                      "layers entry %zu must be keys (name, source, kind, "
                      "...), not %s",
                      idx, fy_node_is_sequence(m) ? "a list" : "a value");
    if (v && fy_node_is_scalar(v))
        snprintf(where, sizeof where, "in layer '%.40s'",
                 fy_node_get_scalar0(v));
    else
        snprintf(where, sizeof where, "in layers entry %zu", idx);
    rc = y_check_keys(c, m, layer_keys, 0, y_symbol_keys, "style", where);
    if (!rc)
        rc = y_use(c, m, where); /* use.c: a shipped definition's keys */
    if (!rc)
        rc = y_str(c, m, "name", where, &ls->name);
    if (!rc && (!ls->name || !*ls->name))
        return y_fail(c, ls->name ? v : m, "missing 'name' %s", where);
    if (!rc)
        rc = y_str(c, m, "source", where, &source);
    if (!rc && (!source || !*source))
        rc = y_fail(c, source ? y_get(m, "source", &k) : m,
                    "missing 'source' %s", where);
    if (!rc)
        rc = y_source_check(c, y_get(m, "source", &k), source, where);
    if (!rc && !(ls->source = y_resolve(dir, source)))
        rc = nomem(c);
    free(source);
    if (!rc)
        rc = read_fields(c, m, where, ls);
    if (!rc)
        rc = read_coords(c, m, where, ls);
    if (!rc)
        rc = read_kind(c, m, where, ls);
    if (!rc)
        rc = read_look(c, m, ls);
    if (!rc)
        rc = read_protect(c, m, dir, ls);
    if (!rc)
        rc = y_peer_group(c, m, dir, where, ls); /* overlays.c */
    if (!rc)
        rc = y_route(c, m, where, ls); /* routekeys.c */
    if (!rc)
        rc = y_safety(c, m, where, ls); /* safety.c */
    if (!rc && ls->kind == CSM_KIND_PEER_GROUP && y_get(m, "when", &k))
        rc = y_fail(c, k,
                    "'when' %s: a peer-group layer is not filtered by time "
                    "(its tables say who is in a group and where it "
                    "gathers, not when); choose the rows with where:, or "
                    "keep one table per period",
                    where);
    if (!rc)
        rc = y_when(c, m, where, ls); /* when.c */
    if (!rc)
        rc = y_accept_layer(c, m, where, ls); /* overlays.c */
    return rc;
}

int y_layer_check(const ycx *c, struct fy_node *m, const char *name,
                  const char *where)
{
    csm_layer_spec ls;
    int rc;

    memset(&ls, 0, sizeof ls);
    if (!(ls.name = csm_strdup(name)))
        return nomem(c);
    rc = read_fields(c, m, where, &ls);
    if (!rc)
        rc = read_coords(c, m, where, &ls);
    if (!rc)
        rc = read_kind(c, m, where, &ls);
    if (!rc)
        rc = read_look(c, m, &ls);
    y_layer_release(&ls);
    return rc;
}

int y_layers(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v = y_get(root, "layers", &k), *item;
    void *it = NULL;
    size_t j;
    int rc;

    if (!v)
        return 0;
    rc = y_want_seq(c, v, k, "layers", "at top level");
    if (rc)
        return rc;
    s->layer =
        calloc((size_t)fy_node_sequence_item_count(v) + 1, sizeof *s->layer);
    if (!s->layer)
        return nomem(c);
    while ((item = fy_node_sequence_iterate(v, &it))) {
        csm_layer_spec *ls = &s->layer[s->nlayer++];
        rc = read_layer(c, item, s->nlayer, s->dir, ls);
        if (rc)
            return rc;
        for (j = 0; j + 1 < s->nlayer; j++)
            if (!strcmp(s->layer[j].name, ls->name))
                return y_fail(c, y_get(item, "name", &k),
                              "duplicate layer name '%.40s' (first at line "
                              "%d)",
                              ls->name, s->layer[j].line);
    }
    return 0;
}

void y_layer_release(csm_layer_spec *ls)
{
    free(ls->name);
    free(ls->source);
    free(ls->layer);
    free(ls->sql);
    free(ls->x);
    free(ls->y);
    free(ls->crs);
    free(ls->where);
    free(ls->label);
    free(ls->category);
    free(ls->date);
    free(ls->subject);
    free(ls->id);
    free(ls->legend);
    free(ls->protect_areas);
    free(ls->protect_key);
    free(ls->protect_points);
    free(ls->protect_catchment);
    free(ls->protect_addresses);
    free(ls->protect_unit);
    free(ls->size);
    free(ls->associations);
    free(ls->time);
    free(ls->day);
    free(ls->areas);
    free(ls->area_id);
    free(ls->rating);
    y_route_release(ls);
    y_accept_release(ls);
    y_classes_free(ls->cls, ls->ncls);
    memset(ls, 0, sizeof *ls);
}
