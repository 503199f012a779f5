/* project.c - stage 2: reproject a layer in place with PROJ (x always
 * east), refusing coordinates outside the map CRS's area of use, which
 * is how a wrong crs: or swapped x/y columns show themselves. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

#include "csmap.h"

#define AREA_MARGIN_DEG 1.0 /* slack around a CRS's area of use */
#define CHUNK 4096          /* points per lon/lat check batch */
/* Same CRS for our purpose: the data are x-east whatever the axis order. */
#define SAME PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS

/* PROJ's last error, kept from its log instead of going to stderr. */
typedef struct plog {
    char msg[160];
} plog;

static void keep_log(void *data, int level, const char *msg)
{
    plog *lg = data;
    const char *p;

    if (level != PJ_LOG_ERROR)
        return;
    if ((p = strstr(msg, ": ")) != NULL && strncmp(msg, "proj_", 5) == 0)
        msg = p + 2; /* "proj_create: crs not found" */
    snprintf(lg->msg, sizeof lg->msg, "%s", msg);
}

/* A context that reports to 'lg'; NULL on out-of-memory. */
static PJ_CONTEXT *context_new(plog *lg)
{
    PJ_CONTEXT *ctx = proj_context_create();

    lg->msg[0] = '\0';
    if (ctx) {
        proj_log_func(ctx, lg, keep_log);
        proj_log_level(ctx, PJ_LOG_ERROR); /* we report, not PROJ */
    }
    return ctx;
}

/* What one call of csm_project_layers makes once and shares between its
 * layers: one context, the map CRS, and per distinct source CRS string its
 * operations.  Everything here is destroyed before the call returns. */
typedef struct src_ops {
    char *def;   /* the layer's crs: string, as given */
    PJ *src;
    PJ *to_dst;  /* NULL when it is the map CRS */
    PJ *to_ll;   /* src -> lon/lat degrees; NULL when not needed */
    int check_after; /* dst is WGS 84: check the transformed points */
} src_ops;

typedef struct shared {
    PJ_CONTEXT *ctx;
    plog log;
    PJ *dst;     /* the map CRS, made by the first layer to need it */
    PJ *ll;      /* EPSG:4326, likewise */
    int check;   /* dst has a known area of use */
    double w, s, e, n;
    src_ops *ops;
    size_t nops, cap;
} shared;

/* One layer's view of the shared handles (it owns none of them). */
typedef struct run {
    PJ_CONTEXT *ctx;
    plog *log;
    const csm_layer *layer;
    PJ *src, *dst;   /* the two CRSs */
    PJ *to_dst;      /* NULL when they are the same CRS */
    PJ *to_ll;       /* src -> lon/lat degrees; NULL when src is WGS 84 */
    int check;       /* dst has a known area of use */
    int check_after; /* dst is WGS 84: check the transformed points */
    double w, s, e, n;
    char src_label[96], dst_label[96];
} run;

static const char *who(const csm_layer *l)
{
    return l->name && *l->name ? l->name : "(unnamed)";
}

static const char *proj_msg(PJ_CONTEXT *ctx, const plog *lg)
{
    int e = proj_context_errno(ctx);

    if (lg->msg[0])
        return lg->msg;
    return e ? proj_context_errno_string(ctx, e) : "not a CRS PROJ knows";
}

/* "EPSG:27700", "OGC:CRS84", "IGNF:LAMB93": an authority and a code. */
static int is_auth_code(const char *s)
{
    size_t a = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                         "_0123456789");
    size_t c;

    if (a == 0 || s[a] != ':')
        return 0;
    c = strspn(s + a + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                          "_.-0123456789");
    return c > 0 && s[a + 1 + c] == '\0';
}

/* PROJ would also take a bare name and guess ("foo" finds Amersfoort), so
 * only definitions that say what they are get through. */
static int is_definition(const char *s)
{
    return is_auth_code(s) || s[0] == '+' || s[0] == '{' || strchr(s, '[') ||
           strncmp(s, "urn:", 4) == 0 || strncmp(s, "http://", 7) == 0 ||
           strncmp(s, "https://", 8) == 0;
}

/* A CRS from "EPSG:n", WKT, PROJJSON or a PROJ string; a PROJ string
 * without +type=crs would be an operation, so we add it.  NULL when not
 * a CRS. */
static PJ *crs_new(PJ_CONTEXT *ctx, const char *def)
{
    char *tmp = NULL;
    PJ *p;

    if (!is_definition(def))
        return NULL;
    if (def[0] == '+' && !strstr(def, "+type=crs")) {
        size_t n = strlen(def) + sizeof " +type=crs";
        if (!(tmp = malloc(n)))
            return NULL;
        snprintf(tmp, n, "%s +type=crs", def);
        def = tmp;
    }
    p = proj_create(ctx, def);
    free(tmp);
    if (p && !proj_is_crs(p)) {
        proj_destroy(p);
        p = NULL;
    }
    return p;
}

/* "EPSG:27700 (OSGB36 / British National Grid)"; a long WKT definition
 * is shown by its name only. */
static void crs_label(const char *def, const PJ *pj, char *out, size_t n)
{
    const char *name = pj ? proj_get_name(pj) : NULL;
    int brief = strlen(def) <= 48 && !strpbrk(def, "[{\n");

    if (name && strcmp(name, "unknown") == 0)
        name = NULL;
    if (brief && name && strcmp(name, def) != 0)
        snprintf(out, n, "%s (%s)", def, name);
    else if (brief || !name)
        snprintf(out, n, "%.*s%s", 48, def, strlen(def) > 48 ? "..." : "");
    else
        snprintf(out, n, "%s", name);
}

static const char *why_unknown(PJ_CONTEXT *ctx, const plog *lg, const char *def)
{
    if (!is_definition(def))
        return "give EPSG:n, WKT or a PROJ string";
    return proj_msg(ctx, lg);
}

static int unknown_crs(run *r, const char *what, const char *def,
                       csm_error *err)
{
    return csm_fail(err, CSM_ECRS, "layer '%s': unknown %s '%.60s%s': %s",
                    who(r->layer), what, def, strlen(def) > 60 ? "..." : "",
                    why_unknown(r->ctx, r->log, def));
}

/* A transformation between two CRSs, x east on both sides. */
static PJ *op_new(PJ_CONTEXT *ctx, const PJ *from, const PJ *to)
{
    PJ *op = proj_create_crs_to_crs_from_pj(ctx, from, to, NULL, NULL);
    PJ *norm;

    if (!op)
        return NULL;
    norm = proj_normalize_for_visualization(ctx, op);
    proj_destroy(op);
    return norm;
}

static int no_op(run *r, const char *to, csm_error *err)
{
    return csm_fail(err, CSM_ECRS,
                    "layer '%s': no transformation from %s to %s: %s",
                    who(r->layer), r->src_label, to, proj_msg(r->ctx, r->log));
}

/* Lon/lat for the area check of a layer already in the map CRS: that
 * CRS's own, in its datum (within a few hundred metres of WGS 84, well
 * inside the 1 degree slack), which costs PROJ no search of its database
 * (some 20 ms for EPSG:4326).  NULL, and no trace in r's log, when it has
 * no geographic CRS in degrees. */
static PJ *own_ll_new(run *r)
{
    PJ *g = proj_crs_get_geodetic_crs(r->ctx, r->src), *cs = NULL, *op = NULL;
    PJ_TYPE t = g ? proj_get_type(g) : PJ_TYPE_UNKNOWN;
    const char *unit = NULL;

    if (t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS)
        cs = proj_crs_get_coordinate_system(r->ctx, g);
    if (cs && proj_cs_get_axis_count(r->ctx, cs) >= 2 &&
        proj_cs_get_axis_info(r->ctx, cs, 0, NULL, NULL, NULL, NULL, &unit,
                              NULL, NULL) &&
        unit && strcmp(unit, "degree") == 0)
        op = op_new(r->ctx, r->src, g);
    proj_destroy(cs);
    proj_destroy(g);
    if (!op) {
        r->log->msg[0] = '\0';
        proj_errno_reset(r->src);
    }
    return op;
}

/* The entry for 'def', new and empty when no layer has used it yet (*made
 * says which); NULL on out-of-memory. */
static src_ops *from_get(shared *sh, const char *def, int *made)
{
    size_t i;
    src_ops *f;

    *made = 0;
    for (i = 0; i < sh->nops; i++)
        if (strcmp(sh->ops[i].def, def) == 0)
            return &sh->ops[i];
    if (sh->nops == sh->cap) {
        size_t cap = sh->cap ? 2 * sh->cap : 4;
        src_ops *m = realloc(sh->ops, cap * sizeof *m);
        if (!m)
            return NULL;
        sh->ops = m;
        sh->cap = cap;
    }
    f = &sh->ops[sh->nops];
    memset(f, 0, sizeof *f);
    if (!(f->def = csm_strdup(def)))
        return NULL;
    sh->nops++;
    *made = 1;
    return f;
}

static void shared_free(shared *sh)
{
    size_t i;

    for (i = 0; i < sh->nops; i++) {
        proj_destroy(sh->ops[i].to_ll);
        proj_destroy(sh->ops[i].to_dst);
        proj_destroy(sh->ops[i].src);
        free(sh->ops[i].def);
    }
    free(sh->ops);
    proj_destroy(sh->ll);
    proj_destroy(sh->dst);
    if (sh->ctx)
        proj_context_destroy(sh->ctx);
}

/* The same steps, in the same order, as when each layer had a context of
 * its own; a step some earlier layer took for the same CRSs (any failure
 * ends the call) is not taken again. */
static int setup(run *r, shared *sh, const char *dst_crs, csm_error *err)
{
    int made;
    src_ops *f = from_get(sh, r->layer->crs, &made);

    if (!f)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (made && !(f->src = crs_new(r->ctx, r->layer->crs)))
        return unknown_crs(r, "CRS", r->layer->crs, err);
    if (!sh->dst) {
        if (!(sh->dst = crs_new(r->ctx, dst_crs)))
            return unknown_crs(r, "map CRS", dst_crs, err);
        sh->check = proj_get_area_of_use(r->ctx, sh->dst, &sh->w, &sh->s,
                                         &sh->e, &sh->n, NULL) &&
                    sh->w > -1000.0;
    }
    r->src = f->src;
    r->dst = sh->dst;
    crs_label(r->layer->crs, r->src, r->src_label, sizeof r->src_label);
    crs_label(dst_crs, r->dst, r->dst_label, sizeof r->dst_label);
    if (made && !proj_is_equivalent_to_with_ctx(r->ctx, r->src, r->dst, SAME) &&
        !(f->to_dst = op_new(r->ctx, r->src, r->dst)))
        return no_op(r, r->dst_label, err);
    r->to_dst = f->to_dst;
    r->check = sh->check;
    r->w = sh->w;
    r->s = sh->s;
    r->e = sh->e;
    r->n = sh->n;
    if (!r->check)
        return CSM_OK;
    if (!sh->ll && !(sh->ll = crs_new(r->ctx, "EPSG:4326")))
        return unknown_crs(r, "CRS", "EPSG:4326", err);
    if (!made)
        ; /* done for an earlier layer */
    else if (proj_is_equivalent_to_with_ctx(r->ctx, r->src, sh->ll, SAME))
        ; /* the points are lon/lat already */
    else if (proj_is_equivalent_to_with_ctx(r->ctx, r->dst, sh->ll, SAME))
        f->check_after = 1; /* the transformation itself gives lon/lat */
    else if (!f->to_dst && (f->to_ll = own_ll_new(r)) != NULL)
        ; /* the same CRS: its own lon/lat */
    else if (!(f->to_ll = op_new(r->ctx, r->src, sh->ll)))
        return no_op(r, "EPSG:4326", err);
    r->to_ll = f->to_ll;
    r->check_after = f->check_after;
    return CSM_OK;
}

static int in_area(const run *r, csm_xy p)
{
    double m = AREA_MARGIN_DEG;
    /* west > east: the area crosses the antimeridian */
    int lon_ok = r->w <= r->e ? p.x >= r->w - m && p.x <= r->e + m
                              : p.x >= r->w - m || p.x <= r->e + m;

    return lon_ok && p.y >= r->s - m && p.y <= r->n + m;
}

static size_t trans(PJ *op, csm_xy *p, size_t n)
{
    return proj_trans_generic(op, PJ_FWD, &p[0].x, sizeof *p, n, &p[0].y,
                              sizeof *p, n, NULL, 0, 0, NULL, 0, 0);
}

/* Why a vertex is refused (kept per vertex, then per feature). */
enum { GOOD = 0, OUTSIDE = 1, UNTRANSFORMABLE = 2 };

/* Mark every vertex that, as lon/lat, is outside the map CRS's area of
 * use ('all' is in the source CRS unless check_after). */
static void check_area(run *r, const csm_xy *all, size_t total,
                       unsigned char *why)
{
    csm_xy ll[CHUNK];
    size_t at, i;

    for (at = 0; at < total; at += CHUNK) {
        size_t m = total - at < CHUNK ? total - at : CHUNK;
        memcpy(ll, all + at, m * sizeof *ll);
        if (r->to_ll && !r->check_after)
            trans(r->to_ll, ll, m);
        for (i = 0; i < m; i++) {
            if (why[at + i])
                continue;
            if (!isfinite(ll[i].x) || !isfinite(ll[i].y))
                why[at + i] = UNTRANSFORMABLE;
            else if (!in_area(r, ll[i]))
                why[at + i] = OUTSIDE;
        }
    }
}

/* Every vertex of the layer, copied in feature order. */
static csm_xy *gather(const csm_layer *l, size_t total)
{
    csm_xy *all = malloc(total * sizeof *all);
    size_t i, k = 0;

    for (i = 0; all && i < l->n; i++) {
        const csm_geom *g = &l->feat[i].geom;
        if (g->npt)
            memcpy(all + k, g->pt, g->npt * sizeof *all);
        k += g->npt;
    }
    return all;
}

static long row_of(const csm_layer *l, size_t i)
{
    return l->feat[i].row > 0 ? l->feat[i].row : (long)i + 1;
}

/* A feature is refused when any of its vertices is: 'keep' per feature,
 * the rows refused in 'rows', the reasons met ORed into *reasons. */
static size_t refuse(const csm_layer *l, const unsigned char *why,
                     unsigned char *keep, long *rows, int *reasons)
{
    size_t i, j, k = 0, n = 0;

    for (i = 0; i < l->n; i++) {
        int w = 0;
        for (j = 0; j < l->feat[i].geom.npt; j++)
            w |= why[k++];
        keep[i] = !w;
        *reasons |= w;
        if (w)
            rows[n++] = row_of(l, i);
    }
    return n;
}

/* "outside the area of use of X", or "cannot be transformed", after
 * "coordinates" (verb: after "whose coordinates", with "are"). */
static void reason_text(const run *r, int reasons, int verb, char *out,
                        size_t n)
{
    if (reasons == UNTRANSFORMABLE)
        snprintf(out, n, "cannot be transformed");
    else
        snprintf(out, n, "%soutside the area of use of %s%s", verb ? "are " : "",
                 r->dst_label,
                 reasons & UNTRANSFORMABLE ? " (or cannot be transformed)" : "");
}

/* Drop refused features with one warning; every feature refused is an
 * error naming the first row (a wrong crs: or swapped columns, most
 * likely), leaving the layer as it was. */
static int drop_refused(run *r, csm_layer *l, const unsigned char *why,
                        unsigned char *keep, csm_error *err)
{
    char what[160], list[160];
    long *rows = malloc((l->n ? l->n : 1) * sizeof *rows);
    int reasons = 0, rc = CSM_OK;
    size_t n;

    if (!rows)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    n = refuse(l, why, keep, rows, &reasons);
    reason_text(r, reasons, n < l->n, what, sizeof what);
    if (n && n == l->n) {
        /* never the coordinates themselves: they may locate a person */
        rc = csm_fail(err, CSM_ECRS,
                      "layer '%s', row %ld: coordinates %s%s: check the "
                      "layer's crs: or x/y columns",
                      who(l), rows[0], what,
                      n > 1 ? ", and so has every other row" : "");
    } else if (n) {
        csm_rows_text(rows, n, list, sizeof list);
        rc = csm_layer_warn(l, err,
                            "layer '%s': skipped %zu of %zu rows whose "
                            "coordinates %s: %s",
                            who(l), n, l->n, what, list);
        l->notes.outside += n;
    }
    free(rows);
    return rc;
}

/* Transform a copy of all vertices, so a failure leaves the layer as it
 * was; then write back those of the features kept. */
static int transform_all(run *r, csm_layer *l, csm_error *err)
{
    size_t total = 0, k = 0, i;
    csm_xy *all = NULL;
    unsigned char *why = NULL, *keep = NULL;
    int rc = CSM_OK;

    for (i = 0; i < l->n; i++)
        total += l->feat[i].geom.npt;
    if (total == 0 || (!r->check && !r->to_dst))
        return CSM_OK;
    all = gather(l, total);
    why = calloc(total, 1);
    keep = calloc(l->n, 1);
    if (!all || !why || !keep) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    if (r->check && !r->check_after)
        check_area(r, all, total, why);
    if (r->to_dst) {
        trans(r->to_dst, all, total);
        for (k = 0; k < total; k++)
            if (!why[k] && (!isfinite(all[k].x) || !isfinite(all[k].y)))
                why[k] = UNTRANSFORMABLE;
    }
    if (r->check && r->check_after)
        check_area(r, all, total, why);
    if ((rc = drop_refused(r, l, why, keep, err)) != CSM_OK)
        goto out;
    for (i = 0, k = 0; r->to_dst && i < l->n; i++) {
        csm_geom *g = &l->feat[i].geom;
        if (g->npt && keep[i])
            memcpy(g->pt, all + k, g->npt * sizeof *all);
        k += g->npt;
    }
    csm_layer_keep(l, keep);
out:
    free(keep);
    free(why);
    free(all);
    return rc;
}

int csm_project_layers(csm_layer *const *layers, size_t n,
                       const char *dst_crs, csm_error *err)
{
    shared sh;
    size_t i;
    int rc = CSM_OK;

    assert((layers || n == 0) && dst_crs);
    memset(&sh, 0, sizeof sh);
    for (i = 0; i < n && !rc; i++) {
        csm_layer *layer = layers[i];
        run r;

        assert(layer);
        if (!layer->crs) {
            rc = csm_fail(err, CSM_ECRS,
                          "layer '%s' has no CRS: add crs: to its spec (e.g. "
                          "crs: EPSG:27700)",
                          who(layer));
            break;
        }
        if (!sh.ctx && !(sh.ctx = context_new(&sh.log))) {
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
            break;
        }
        sh.log.msg[0] = '\0'; /* this layer's failure only */
        if (sh.dst)
            proj_errno_reset(sh.dst); /* the context's errno, too */
        memset(&r, 0, sizeof r);
        r.ctx = sh.ctx;
        r.log = &sh.log;
        r.layer = layer;
        rc = setup(&r, &sh, dst_crs, err);
        if (!rc)
            rc = transform_all(&r, layer, err);
        if (!rc)
            rc = csm_layer_set_crs(layer, dst_crs, err);
    }
    shared_free(&sh);
    return rc;
}

int csm_project_layer(csm_layer *layer, const char *dst_crs, csm_error *err)
{
    assert(layer && dst_crs);
    return csm_project_layers(&layer, 1, dst_crs, err);
}

/* Geographic after looking through bound and compound wrappers. */
static int is_geographic(PJ_CONTEXT *ctx, const PJ *crs)
{
    PJ *inner = NULL;
    PJ_TYPE t = proj_get_type(crs);
    int geo;

    if (t == PJ_TYPE_BOUND_CRS)
        inner = proj_get_source_crs(ctx, crs);
    else if (t == PJ_TYPE_COMPOUND_CRS)
        inner = proj_crs_get_sub_crs(ctx, crs, 0);
    if (inner)
        t = proj_get_type(inner);
    geo = t == PJ_TYPE_GEOGRAPHIC_2D_CRS || t == PJ_TYPE_GEOGRAPHIC_3D_CRS ||
          t == PJ_TYPE_GEOGRAPHIC_CRS;
    proj_destroy(inner);
    return geo;
}

int csm_project_check(const char *crs, int *is_geographic_out, csm_error *err)
{
    PJ_CONTEXT *ctx;
    PJ *pj;
    plog lg;
    int rc = CSM_OK;

    assert(crs);
    if (is_geographic_out)
        *is_geographic_out = 0;
    if (!(ctx = context_new(&lg)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!(pj = crs_new(ctx, crs)))
        rc =
            csm_fail(err, CSM_ECRS, "unknown CRS '%.60s%s': %s", crs,
                     strlen(crs) > 60 ? "..." : "", why_unknown(ctx, &lg, crs));
    else if (is_geographic_out)
        *is_geographic_out = is_geographic(ctx, pj);
    proj_destroy(pj);
    proj_context_destroy(ctx);
    return rc;
}
