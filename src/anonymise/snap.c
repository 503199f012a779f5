/* snap.c - anonymise: snapping to public anonymous points, as police.uk
 * does (PRIVACY.md section 1, rows 9, 15 and 16).
 *
 * Each point moves to its nearest public snap point, and its true
 * location is dropped.  The dot then stands for every home in that snap
 * point's catchment, so the catchment must hold at least the policy's
 * minimum of addresses (definition 3 of section 2.2).  A point whose
 * nearest snap point is too small, or too far, is removed from the point
 * layer: it still counts in area aggregates made from the raw layer, and
 * is never moved to a centroid or a mean centre, which would make a false
 * cluster (MaskMyPy's suppression does; row 16 rejects it).
 *
 * Sensitive premises (children's homes, refuges, foster and supported
 * housing: row 32) are never targets; the caller marks them, and points
 * go to the nearest other snap point or are dropped.  With an address
 * layer, each target's catchment is also counted from the addresses
 * themselves (the homes nearer it than any other target) and the smaller
 * of that and the layer's own figure is used: a published catchment may
 * be stale, and the stricter reading wins. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/ptindex.h"

static int one_point(const csm_layer *l, size_t i, const char *what,
                     csm_error *err)
{
    const csm_geom *g = &l->feat[i].geom;

    if (g->type != CSM_GEOM_POINT || g->npt != 1 || !isfinite(g->pt[0].x) ||
        !isfinite(g->pt[0].y))
        return csm_fail(err, CSM_EDATA,
                        "layer '%s', row %ld: %s needs one point per feature",
                        l->name, l->feat[i].row, what);
    return CSM_OK;
}

/* The snap points' locations and catchment counts, checked; a target
 * without a catchment field (addresses only) starts at LONG_MAX. */
static int targets_of(const csm_layer *t, int f, csm_xy **xy, long **count,
                      csm_error *err)
{
    size_t i;
    int rc = CSM_OK;

    *xy = malloc((t->n + 1) * sizeof **xy);
    *count = malloc((t->n + 1) * sizeof **count);
    if (!*xy || !*count)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < t->n && !rc; i++) {
        const char *v = f >= 0 ? csm_layer_value(t, i, f) : NULL;
        char *end;
        long c = LONG_MAX;

        if ((rc = one_point(t, i, "a snap-point layer", err)))
            break;
        errno = 0;
        if (f >= 0)
            c = v ? strtol(v, &end, 10) : -1;
        if (f >= 0 && (!v || errno || end == v || *end || c < 0))
            /* public data, but errors never print values */
            rc = csm_fail(err, CSM_EDATA,
                          "layer '%s', field '%s', row %ld: the catchment "
                          "must be a whole number of addresses",
                          t->name, t->field[f], t->feat[i].row);
        (*xy)[i] = t->feat[i].geom.pt[0];
        (*count)[i] = c;
    }
    return rc;
}

/* Count, for each usable target, the addresses whose nearest usable
 * target it is (2.2 definition 3), and keep the smaller of that and the
 * published count.  'use' maps index positions to target numbers. */
static int count_catchments(const csm_layer *a, const pt_index *ix,
                            const size_t *use, long *count, size_t nt,
                            csm_error *err)
{
    long *homes = calloc(nt + 1, sizeof *homes);
    size_t i, k;

    if (!homes)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < a->n; i++) {
        const csm_geom *g = &a->feat[i].geom;
        if (g->npt && g->type != CSM_GEOM_POINT) {
            free(homes);
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: not a point (addresses "
                            "must be points)",
                            a->name, a->feat[i].row);
        }
        for (k = 0; k < g->npt; k++) {
            long s;
            if (!isfinite(g->pt[k].x) || !isfinite(g->pt[k].y))
                continue;
            s = pt_index_nearest(ix, g->pt[k], INFINITY, NULL);
            if (s >= 0)
                homes[use[s]]++;
        }
    }
    for (i = 0; i < nt; i++)
        if (homes[i] < count[i])
            count[i] = homes[i];
    free(homes);
    return CSM_OK;
}

static int check(const csm_layer *l, const csm_layer *t, const csm_snap_opts *o,
                 const csm_policy *pol, double *max_m, csm_error *err)
{
    size_t i;
    int rc;

    if ((rc = csm_policy_check(pol, err)))
        return rc;
    if ((o->catchment_field < 0 && !o->addresses) ||
        (o->catchment_field >= 0 && (size_t)o->catchment_field >= t->nfield))
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': snapping needs the field of catchment "
                        "address counts, or an address layer",
                        t->name);
    *max_m = o->max_m > 0 ? o->max_m : pol->max_displacement_m;
    if (*max_m > pol->max_displacement_m)
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s': a snap distance of %g m exceeds the "
                        "policy's max_displacement_m %g m",
                        l->name, *max_m, pol->max_displacement_m);
    for (i = 0; i < l->n; i++)
        if ((rc = one_point(l, i, "snapping", err)))
            return rc;
    return CSM_OK;
}

int csm_anonymise_snap(csm_layer *l, const csm_layer *t, const csm_snap_opts *o,
                       const csm_policy *pol, csm_snap_stats *st,
                       csm_error *err)
{
    csm_xy *xy = NULL, *ok = NULL;
    long *count = NULL, *to = NULL;
    size_t *use = NULL;
    pt_index *ix = NULL;
    size_t i, kept = 0, k, nuse = 0;
    double max_m = 0;
    int rc;

    memset(st, 0, sizeof *st);
    if ((rc = check(l, t, o, pol, &max_m, err)) ||
        (rc = targets_of(t, o->catchment_field, &xy, &count, err)))
        goto out;
    ok = malloc((t->n + 1) * sizeof *ok);
    use = malloc((t->n + 1) * sizeof *use);
    to = malloc((l->n + 1) * sizeof *to);
    if (!ok || !use || !to) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    /* sensitive premises leave the index: no point can land on them, nor
     * do their homes count towards another target's catchment */
    for (i = 0; i < t->n; i++) {
        if (o->exclude && o->exclude[i]) {
            st->excluded++;
            continue;
        }
        ok[nuse] = xy[i];
        use[nuse++] = i;
    }
    if ((rc = pt_index_new(ok, nuse, 0.0, &ix, err)))
        goto out;
    if (o->addresses &&
        (rc = count_catchments(o->addresses, ix, use, count, t->n, err)))
        goto out;
    /* decide every point first: on failure the layer is unchanged */
    for (i = 0; i < l->n; i++) {
        long s = nuse ? pt_index_nearest(ix, l->feat[i].geom.pt[0], max_m, NULL)
                      : -1;
        if (s >= 0)
            s = (long)use[s];
        if (s < 0)
            st->far++;
        else if (count[s] < pol->snap_min_addresses)
            st->small++, s = -1;
        to[i] = s;
    }
    for (i = 0; i < l->n; i++) {
        csm_feature *f = &l->feat[i];
        if (to[i] < 0) { /* removed, never moved anywhere else */
            csm_geom_release(&f->geom);
            if (f->val)
                for (k = 0; k < l->nfield; k++)
                    free(f->val[k]);
            free(f->val);
            continue;
        }
        f->geom.pt[0] = xy[to[i]];
        l->feat[kept++] = *f;
    }
    st->rows = l->n;
    st->snapped = kept;
    st->targets = t->n;
    l->n = kept;
out:
    pt_index_free(ix);
    free(xy);
    free(ok);
    free(use);
    free(count);
    free(to);
    return rc;
}
