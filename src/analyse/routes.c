/* routes.c - analyse: county-lines routes ready to draw.  A route layer
 * read as lines is only checked; one read as rows of ordered stops
 * ("Metropolis; H4; H1") gets a line through the hubs the stops name,
 * straight or along a network (network.c).  Endpoints are transport hubs
 * or area centroids, never addresses (PRIVACY.md section 7), so stops may
 * only name features of hub and area layers.  Route names and stops may
 * appear in messages: they name lines and public places, not children. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyse/routes.h"

#define MAX_STOPS 64

/* ---- stops ---------------------------------------------------------- */

static char *trim(char *s)
{
    char *e;

    while (*s == ' ' || *s == '\t')
        s++;
    e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static int names_stop(const csm_layer *l, size_t i, int f, const char *stop)
{
    const char *v = csm_layer_value(l, i, f);

    return v && !strcasecmp(v, stop);
}

/* "'hubs' or 'cities'" for messages. */
static void hub_names(const analyse_hubs *hubs, size_t nhubs, char *buf,
                      size_t n)
{
    size_t i, k = 0;

    buf[0] = '\0';
    for (i = 0; i < nhubs && k + 8 < n; i++)
        k += (size_t)snprintf(buf + k, n - k, "%s'%.32s'",
                              i == 0           ? ""
                              : i + 1 == nhubs ? " or "
                                               : ", ",
                              hubs[i].name);
}

/* A stop as a message may show it.  Stops name hubs and areas, but a
 * stop that matches nothing may be what must never be a route's end: an
 * address ("12 Acacia Avenue"), a phone number, an e-mail.  Text with a
 * digit and a space, an '@' or a long run of digits is withheld. */
static void shown_stop(const char *stop, char *buf, size_t n)
{
    int digit = 0, space = 0, at = 0, run = 0, longrun = 0;
    const char *p;

    for (p = stop; *p; p++) {
        run = (*p >= '0' && *p <= '9') ? run + 1 : 0;
        digit |= run > 0;
        longrun |= run >= 6;
        space |= *p == ' ';
        at |= *p == '@';
    }
    if ((digit && space) || at || longrun)
        snprintf(buf, n,
                 "(withheld: it reads like an address or personal "
                 "data, and route ends are hubs or areas)");
    else
        snprintf(buf, n, "'%.40s'", stop);
}

/* One stop: exactly one feature of the hubs must answer to it. */
static int find_stop(const analyse_hubs *hubs, size_t nhubs, const char *stop,
                     size_t number, csm_xy *pt, const char **name,
                     csm_error *err)
{
    char where[160], list[96], shown[96];
    size_t h, i, hits = 0, k = 0;

    shown_stop(stop, shown, sizeof shown);
    for (h = 0; h < nhubs; h++) {
        const analyse_hubs *hb = &hubs[h];
        for (i = 0; i < hb->layer->n; i++) {
            if (!names_stop(hb->layer, i, hb->id_field, stop) &&
                !names_stop(hb->layer, i, hb->label_field, stop))
                continue;
            if (hits < 3 && k + 40 < sizeof where)
                k += (size_t)snprintf(where + k, sizeof where - k,
                                      "%s'%.32s' row %ld", hits ? ", " : "",
                                      hb->name, hb->layer->feat[i].row);
            if (hits++ == 0) {
                const char *lab =
                    csm_layer_value(hb->layer, i, hb->label_field);
                *name = lab ? lab : csm_layer_value(hb->layer, i, hb->id_field);
                if (hb->layer->feat[i].geom.npt == 0)
                    return csm_fail(err, CSM_EDATA,
                                    "stop %zu %s names '%.32s' row %ld, "
                                    "which has no geometry",
                                    number, shown, hb->name,
                                    hb->layer->feat[i].row);
                *pt = csm_geom_anchor(&hb->layer->feat[i].geom);
            }
        }
    }
    if (hits == 1)
        return CSM_OK;
    if (hits == 0) {
        hub_names(hubs, nhubs, list, sizeof list);
        return csm_fail(err, CSM_EDATA,
                        "stop %zu %s matches no feature of %s by id or "
                        "name: check the spelling",
                        number, shown, list);
    }
    return csm_fail(err, CSM_EDATA,
                    "stop %zu %s matches %zu features (%s%s): name it "
                    "by its id",
                    number, shown, hits, where, hits > 3 ? ", ..." : "");
}

int analyse_stops(const char *stops, const analyse_hubs *hubs, size_t nhubs,
                  csm_xy **pts, const char ***names, size_t *n, csm_error *err)
{
    char *copy = csm_strdup(stops ? stops : ""), *tok, *next;
    size_t k = 0;
    int rc = CSM_OK;

    *pts = NULL;
    *names = NULL;
    *n = 0;
    *pts = malloc(MAX_STOPS * sizeof **pts);
    *names = malloc(MAX_STOPS * sizeof **names);
    if (!copy || !*pts || !*names)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (tok = copy; !rc && tok; tok = next) {
        if ((next = strchr(tok, ';')))
            *next++ = '\0';
        tok = trim(tok);
        if (k == MAX_STOPS)
            rc = csm_fail(err, CSM_EDATA,
                          "more than %d stops: split the "
                          "route",
                          MAX_STOPS);
        else if (!*tok && (next || k > 0))
            rc = csm_fail(err, CSM_EDATA,
                          "stop %zu is empty: separate stops with one ';'",
                          k + 1);
        else if (*tok) {
            rc = find_stop(hubs, nhubs, tok, k + 1, &(*pts)[k], &(*names)[k],
                           err);
            k++;
        }
    }
    if (!rc && k < 2)
        rc = csm_fail(err, CSM_EDATA,
                      "%s: a route needs its origin and destination, "
                      "separated by ';'",
                      k ? "only one stop" : "no stops");
    free(copy);
    if (rc) {
        free(*pts);
        free(*names);
        *pts = NULL;
        *names = NULL;
        return rc;
    }
    *n = k;
    return CSM_OK;
}

/* ---- lines ---------------------------------------------------------- */

/* Append p to the buffer unless it repeats the last point. */
static int push(csm_xy **buf, size_t *n, size_t *cap, csm_xy p)
{
    if (*n > 0 && (*buf)[*n - 1].x == p.x && (*buf)[*n - 1].y == p.y)
        return 0;
    if (*n == *cap) {
        size_t c = *cap ? 2 * *cap : 64;
        csm_xy *b = realloc(*buf, c * sizeof *b);
        if (!b)
            return -1;
        *buf = b;
        *cap = c;
    }
    (*buf)[(*n)++] = p;
    return 0;
}

int analyse_route_line(const csm_xy *pts, size_t n, const csm_network *net,
                       csm_geom *out, size_t *bad_leg, csm_error *err)
{
    csm_xy *buf = NULL;
    size_t nb = 0, cap = 0, i, j;
    int rc = CSM_OK;

    assert(n >= 2);
    csm_geom_init(out, CSM_GEOM_LINE);
    for (i = 0; i + 1 < n && !rc; i++) {
        csm_geom leg;
        if (!net) {
            if (push(&buf, &nb, &cap, pts[i]) ||
                push(&buf, &nb, &cap, pts[i + 1]))
                rc = csm_fail(err, CSM_ENOMEM, "out of memory");
            continue;
        }
        if ((rc = csm_analyse_path(net, pts[i], pts[i + 1], &leg, err))) {
            *bad_leg = i;
            break;
        }
        for (j = 0; j < leg.npt && !rc; j++)
            if (push(&buf, &nb, &cap, leg.pt[j]))
                rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        csm_geom_release(&leg);
    }
    if (!rc && nb < 2) { /* every stop in one place: still a line */
        csm_xy two[2] = {pts[0], pts[0]};
        rc = csm_geom_add_part(out, two, 2, err);
    } else if (!rc) {
        rc = csm_geom_add_part(out, buf, nb, err);
    }
    free(buf);
    if (rc)
        csm_geom_release(out);
    return rc;
}

/* ---- the spec's route layers ---------------------------------------- */

static int layer_index(const csm_spec *spec, const char *name)
{
    size_t i;

    for (i = 0; i < spec->nlayer; i++)
        if (!strcmp(spec->layer[i].name, name))
            return (int)i;
    return -1;
}

/* Weights set line widths: each must be a number, so no route is drawn
 * in a class it does not belong to. */
static int check_weight(const csm_layer_spec *ls, const csm_layer *l,
                        csm_error *err)
{
    int f = csm_layer_field(l, ls->weight);
    size_t i;

    for (i = 0; ls->weight && i < l->n; i++) {
        const char *v = csm_layer_value(l, i, f);
        char *end = NULL;
        double d = v ? strtod(v, &end) : NAN;
        while (end && *end == ' ')
            end++;
        if (!v || *end || !isfinite(d) || d < 0.0)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: weight '%s' is empty or "
                            "not a number: give a count such as 12",
                            ls->name, l->feat[i].row, ls->weight);
    }
    return CSM_OK;
}

/* The layers a route layer's stops may name: hubs and areas only. */
static int find_hubs(const csm_spec *spec, csm_layer *const *layers, size_t li,
                     analyse_hubs *hubs, csm_error *err)
{
    const csm_layer_spec *ls = &spec->layer[li];
    size_t k;

    for (k = 0; k < ls->nhubs; k++) {
        int j = layer_index(spec, ls->hubs[k]);
        const csm_layer_spec *hs = j >= 0 ? &spec->layer[j] : NULL;
        if (!hs || (size_t)j == li)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': hubs names '%s', which is not "
                            "another layer of the spec",
                            ls->name, ls->hubs[k]);
        if (hs->kind != CSM_KIND_HUB && hs->kind != CSM_KIND_AREA)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': hubs names '%s' (kind %s): route "
                            "stops are transport hubs (kind hub) or area "
                            "centroids (kind area), never addresses",
                            ls->name, hs->name, csm_kind_name(hs->kind));
        hubs[k].layer = layers[j];
        hubs[k].name = hs->name;
        hubs[k].id_field = csm_layer_field(layers[j], hs->id);
        hubs[k].label_field = csm_layer_field(layers[j], hs->label);
        if (hubs[k].id_field < 0 && hubs[k].label_field < 0)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': hubs layer '%s' has neither id: nor "
                            "label: for the stops to name",
                            ls->name, hs->name);
    }
    return CSM_OK;
}

static int find_network(const csm_spec *spec, csm_layer *const *layers,
                        size_t li, csm_network **net, csm_error *err)
{
    const csm_layer_spec *ls = &spec->layer[li];
    const csm_layer **lines;
    size_t k;
    int rc = CSM_OK;

    *net = NULL;
    if (!ls->nfollow)
        return CSM_OK;
    if (!(lines = calloc(ls->nfollow, sizeof *lines)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < ls->nfollow && !rc; k++) {
        int j = layer_index(spec, ls->follow[k]);
        if (j < 0 || (size_t)j == li)
            rc = csm_fail(err, CSM_EDATA,
                          "layer '%s': follow names '%s', which is not "
                          "another layer of the spec",
                          ls->name, ls->follow[k]);
        else
            lines[k] = layers[j];
    }
    if (!rc && (rc = csm_analyse_network(lines, ls->nfollow, net, err)))
        csm_error_prefix(err, "layer '%s': follow", ls->name);
    free(lines);
    return rc;
}

/* "layer 'lines', row 2 ('Line D'): " before a message about one route. */
static void prefix_route(csm_error *err, const csm_layer *l, size_t i,
                         int fname)
{
    const char *name = csm_layer_value(l, i, fname);

    if (name)
        csm_error_prefix(err, "layer '%s', row %ld ('%.40s')", l->name,
                         l->feat[i].row, name);
    else
        csm_error_prefix(err, "layer '%s', row %ld", l->name, l->feat[i].row);
}

/* Row i's line, and the names of its two ends (borrowed). */
static int build_row(const csm_layer_spec *ls, const csm_layer *l, size_t i,
                     const analyse_hubs *hubs, const csm_network *net,
                     csm_geom *g, const char **from, const char **to,
                     csm_error *err)
{
    const char *stops = csm_layer_value(l, i, csm_layer_field(l, ls->stops));
    const char **names = NULL;
    csm_xy *pts = NULL;
    size_t n = 0, bad = 0;
    int rc;

    csm_geom_init(g, CSM_GEOM_LINE);
    if (!stops)
        return csm_fail(err, CSM_EDATA,
                        "no stops: list them in field '%s', e.g. "
                        "\"Metropolis; H4; H1\"",
                        ls->stops);
    rc = analyse_stops(stops, hubs, ls->nhubs, &pts, &names, &n, err);
    if (!rc && (rc = analyse_route_line(pts, n, net, g, &bad, err)) &&
        rc == CSM_EDATA)
        rc = csm_fail(err, CSM_EDATA,
                      "no path along '%s'%s from stop %zu '%.32s' to stop "
                      "%zu '%.32s': join the network there or leave out "
                      "follow:",
                      ls->follow[0], ls->nfollow > 1 ? " and the rest" : "",
                      bad + 1, names[bad] ? names[bad] : "", bad + 2,
                      names[bad + 1] ? names[bad + 1] : "");
    if (!rc) {
        *from = names[0];
        *to = names[n - 1];
    }
    free(pts);
    free(names);
    return rc;
}

/* Give every feature of l its new line and two more values; all is
 * allocated before anything changes, so a failure leaves l as it was. */
static int commit(csm_layer *l, csm_geom *geoms, const char **from,
                  const char **to, csm_error *err)
{
    size_t nf = l->nfield + 2, i;
    char **field = calloc(nf, sizeof *field), ***val;
    int rc = CSM_OK;

    val = calloc(l->n + 1, sizeof *val);
    if (!field || !val || !(field[nf - 2] = csm_strdup(CSM_ROUTE_FROM)) ||
        !(field[nf - 1] = csm_strdup(CSM_ROUTE_TO)))
        rc = CSM_ENOMEM;
    for (i = 0; i < l->n && !rc; i++)
        if (!(val[i] = calloc(nf, sizeof **val)) ||
            (from[i] && !(val[i][nf - 2] = csm_strdup(from[i]))) ||
            (to[i] && !(val[i][nf - 1] = csm_strdup(to[i]))))
            rc = CSM_ENOMEM;
    if (rc) {
        for (i = 0; val && i < l->n; i++)
            if (val[i]) {
                free(val[i][nf - 2]);
                free(val[i][nf - 1]);
                free(val[i]);
            }
        if (field) {
            free(field[nf - 2]);
            free(field[nf - 1]);
        }
        free(field);
        free(val);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    memcpy(field, l->field, l->nfield * sizeof *field);
    free(l->field);
    l->field = field;
    for (i = 0; i < l->n; i++) {
        memcpy(val[i], l->feat[i].val, l->nfield * sizeof **val);
        free(l->feat[i].val);
        l->feat[i].val = val[i];
        csm_geom_release(&l->feat[i].geom);
        l->feat[i].geom = geoms[i];
        csm_geom_init(&geoms[i], CSM_GEOM_NONE);
    }
    l->nfield = nf;
    free(val);
    return CSM_OK;
}

static int build_layer(const csm_spec *spec, csm_layer **layers, size_t li,
                       csm_error *err)
{
    const csm_layer_spec *ls = &spec->layer[li];
    csm_layer *l = layers[li];
    analyse_hubs *hubs = calloc(ls->nhubs + 1, sizeof *hubs);
    csm_geom *geoms = calloc(l->n + 1, sizeof *geoms);
    const char **from = calloc(l->n + 1, sizeof *from);
    const char **to = calloc(l->n + 1, sizeof *to);
    csm_network *net = NULL;
    int fname = csm_layer_field(l, ls->label);
    size_t i;
    int rc = CSM_OK;

    if (!hubs || !geoms || !from || !to)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = find_hubs(spec, layers, li, hubs, err);
    if (!rc)
        rc = find_network(spec, layers, li, &net, err);
    for (i = 0; i < l->n && !rc; i++)
        if ((rc = build_row(ls, l, i, hubs, net, &geoms[i], &from[i], &to[i],
                            err)))
            prefix_route(err, l, i, fname);
    if (!rc)
        rc = commit(l, geoms, from, to, err);
    for (i = 0; geoms && i < l->n; i++)
        csm_geom_release(&geoms[i]);
    csm_analyse_network_free(net);
    free(hubs);
    free(geoms);
    free(from);
    free(to);
    return rc;
}

int csm_analyse_routes(const csm_spec *spec, csm_layer **layers, csm_error *err)
{
    size_t i;
    int rc = CSM_OK;

    assert(spec && layers);
    for (i = 0; i < spec->nlayer && !rc; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        if (ls->kind != CSM_KIND_ROUTE || !layers[i])
            continue;
        rc = check_weight(ls, layers[i], err);
        if (!rc && ls->stops)
            rc = build_layer(spec, layers, i, err);
        if (rc)
            csm_error_prefix(err, "%s:%d", spec->path ? spec->path : "spec",
                             ls->line);
    }
    return rc;
}
