/* peergroups.c - analyse: peer groups -> drawable features.  Each group
 * becomes a soft hull (the buffered convex hull of its places, geos.c)
 * and the links between its places (a minimum spanning tree: every place
 * reached, no line drawn twice), with a label assigned on this map, its
 * size band and its harm codes.  The tables are read in groups.c. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyse/analyse.h"

#define DEFAULT_BUFFER_M 150.0

static const char *const out_fields[] = {"group", "part", "band", "codes",
                                         "legend"};
enum { F_GROUP, F_PART, F_BAND, F_CODES, F_LEGEND, NF };

/* "Group A: 5–9 young people; CCE, CL" - all the legend says of a group. */
static void legend_text(const pg_group *g, const char *label, char *buf,
                        size_t n)
{
    size_t k = (size_t)snprintf(buf, n, "%s", label);

    if (g->band && k < n)
        k += (size_t)snprintf(buf + k, n - k, ": %s young people", g->band);
    if (g->codes[0] && k < n)
        snprintf(buf + k, n - k, "%s%s", g->band ? "; " : ": ", g->codes);
}

static int add_feature(csm_layer *out, csm_geom *geom, const pg_group *g,
                       const char *label, const char *part, csm_error *err)
{
    char legend[128];
    const char *v[NF];
    csm_feature f;
    size_t i;

    legend_text(g, label, legend, sizeof legend);
    v[F_GROUP] = label;
    v[F_PART] = part;
    v[F_BAND] = g->band;
    v[F_CODES] = g->codes[0] ? g->codes : NULL;
    v[F_LEGEND] = legend;
    memset(&f, 0, sizeof f);
    f.geom = *geom;
    csm_geom_init(geom, geom->type); /* the feature owns it now */
    f.row = g->row;
    if (!(f.val = calloc(NF, sizeof *f.val))) {
        csm_geom_release(&f.geom);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (i = 0; i < NF; i++)
        if (v[i] && !(f.val[i] = csm_strdup(v[i]))) {
            while (i > 0)
                free(f.val[--i]);
            free(f.val);
            csm_geom_release(&f.geom);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
    return csm_layer_add(out, &f, err);
}

/* Whole metres: vector output keeps every coordinate it is given. */
static void round_metres(csm_geom *g)
{
    size_t i;

    for (i = 0; i < g->npt; i++) {
        g->pt[i].x = round(g->pt[i].x);
        g->pt[i].y = round(g->pt[i].y);
    }
}

/* Prim's minimum spanning tree over the places' anchors, one line part
 * per edge; ties go to the lower index, so the same input gives the same
 * lines. */
static int spanning_links(const csm_xy *p, size_t n, csm_geom *out,
                          csm_error *err)
{
    double *best = malloc(n * sizeof *best);
    size_t *from = malloc(n * sizeof *from), i, k;
    unsigned char *in = calloc(n, 1);
    int rc = CSM_OK;

    csm_geom_init(out, CSM_GEOM_LINE);
    if (!best || !from || !in)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; !rc && i < n; i++) {
        best[i] = hypot(p[i].x - p[0].x, p[i].y - p[0].y);
        from[i] = 0;
    }
    if (!rc)
        in[0] = 1;
    for (k = 1; !rc && k < n; k++) {
        size_t j = n;
        csm_xy seg[2];
        for (i = 0; i < n; i++)
            if (!in[i] && (j == n || best[i] < best[j]))
                j = i;
        in[j] = 1;
        seg[0] = p[from[j]];
        seg[1] = p[j];
        if (best[j] > 0.0) /* two places at one spot need no line */
            rc = csm_geom_add_part(out, seg, 2, err);
        for (i = 0; i < n; i++) {
            double d = hypot(p[i].x - p[j].x, p[i].y - p[j].y);
            if (!in[i] && d < best[i]) {
                best[i] = d;
                from[i] = j;
            }
        }
    }
    free(best);
    free(from);
    free(in);
    if (rc)
        csm_geom_release(out);
    return rc;
}

/* The places of group gi, each once, in association order. */
static size_t group_places(const pg_ctx *p, size_t gi, const pg_link **pl)
{
    size_t i, j, n = 0;

    for (i = 0; i < p->na; i++) {
        const pg_link *a = &p->a[i];
        if (a->group != gi)
            continue;
        for (j = 0; j < n; j++)
            if (pl[j]->layer == a->layer && pl[j]->feat == a->feat)
                break;
        if (j == n)
            pl[n++] = a;
    }
    return n;
}

static int build_group(const pg_ctx *p, size_t gi, csm_layer *out,
                       const pg_link **pl, csm_geom *geoms, csm_xy *anchor)
{
    const pg_group *g = &p->g[gi];
    double buf_m = p->ls->buffer_m > 0.0 ? p->ls->buffer_m : DEFAULT_BUFFER_M;
    char label[32];
    csm_geom hull, lines;
    size_t i, n = group_places(p, gi, pl);
    int rc;

    csm_analyse_group_label((size_t)g->label, label, sizeof label);
    for (i = 0; i < n; i++) {
        geoms[i] = p->layers[pl[i]->layer]->feat[pl[i]->feat].geom; /* shared */
        anchor[i] = csm_geom_anchor(&geoms[i]);
    }
    if ((rc = csm_analyse_hull(geoms, n, buf_m, &hull, p->err))) {
        csm_error_prefix(p->err, "%s", label);
        return rc;
    }
    round_metres(&hull);
    if ((rc = add_feature(out, &hull, g, label, "hull", p->err)) || n < 2)
        return rc;
    if ((rc = spanning_links(anchor, n, &lines, p->err)))
        return rc;
    if (lines.npart == 0) {
        csm_geom_release(&lines);
        return CSM_OK;
    }
    return add_feature(out, &lines, g, label, "links", p->err);
}

static int build(pg_ctx *p, csm_layer *out)
{
    const pg_link **pl = calloc(p->na + 1, sizeof *pl);
    csm_geom *geoms = calloc(p->na + 1, sizeof *geoms);
    csm_xy *anchor = calloc(p->na + 1, sizeof *anchor);
    size_t i;
    int rc = CSM_OK;

    if (!pl || !geoms || !anchor)
        rc = csm_fail(p->err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < p->ng && !rc; i++)
        if (p->g[i].label >= 0)
            rc = build_group(p, i, out, pl, geoms, anchor);
    free(pl);
    free(geoms); /* shallow copies: the layers own the vertices */
    free(anchor);
    return rc;
}

int csm_analyse_peer_groups(const csm_spec *spec, size_t li,
                            csm_layer *const *layers, const csm_layer *groups,
                            const csm_layer *assoc, csm_layer **out,
                            csm_error *err)
{
    pg_ctx p;
    csm_layer *l = NULL;
    int rc;

    assert(spec && li < spec->nlayer && layers && groups && assoc && out);
    *out = NULL;
    memset(&p, 0, sizeof p);
    p.spec = spec;
    p.li = li;
    p.ls = &spec->layer[li];
    p.layers = layers;
    p.groups = groups;
    p.assoc = assoc;
    p.err = err;
    rc = analyse_read_groups(&p);
    if (!rc)
        rc = analyse_read_links(&p);
    if (!rc) {
        analyse_number_groups(&p);
        rc = analyse_resolve_links(&p);
    }
    if (!rc && !(l = csm_layer_new(p.ls->name, out_fields, NF)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = csm_layer_set_crs(l, spec->crs, err);
    if (!rc)
        rc = build(&p, l);
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    free(p.g);
    free(p.by_id);
    free(p.a);
    return rc;
}
