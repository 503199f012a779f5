/* kcheck.c - anonymise: spatial k of a released point against a layer of
 * real addresses (PRIVACY.md section 2.2, definition 2; row 10).
 *
 * An intruder who sees a displaced dot guesses "the nearest home", then
 * the next nearest, and so on.  k is the rank of the true home in that
 * list: 1 + the addresses strictly closer to the dot than the true point
 * is (MaskMyPy's _calculate_k).  Density-based estimates of k are
 * optimistic where homes cluster (Allshouse et al. 2010), so csmap counts
 * real addresses, point by point. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"
#include "anonymise/ptindex.h"

/* Every vertex of the layer's point features, one address each. */
static int address_points(const csm_layer *a, csm_xy **out, size_t *n,
                          csm_error *err)
{
    size_t i, k, m = 0;
    csm_xy *p;

    *out = NULL;
    *n = 0;
    for (i = 0; i < a->n; i++) {
        const csm_geom *g = &a->feat[i].geom;
        if (g->npt && g->type != CSM_GEOM_POINT)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: not a point (addresses "
                            "must be points)",
                            a->name, a->feat[i].row);
        for (k = 0; k < g->npt; k++)
            if (!isfinite(g->pt[k].x) || !isfinite(g->pt[k].y))
                return csm_fail(err, CSM_EDATA,
                                "layer '%s', row %ld: coordinates are not "
                                "numbers",
                                a->name, a->feat[i].row);
        m += g->npt;
    }
    if (!(p = malloc((m + 1) * sizeof *p)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0, m = 0; i < a->n; i++)
        for (k = 0; k < a->feat[i].geom.npt; k++)
            p[m++] = a->feat[i].geom.pt[k];
    *out = p;
    *n = m;
    return CSM_OK;
}

int csm_anonymise_spatial_k(const csm_layer *addresses, const csm_xy *truth,
                            const csm_xy *shown, size_t n, long *k,
                            csm_error *err)
{
    pt_index *ix = NULL;
    csm_xy *a = NULL;
    size_t na, i;
    int rc;

    if ((rc = address_points(addresses, &a, &na, err)))
        return rc;
    if (!na) {
        free(a);
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': no address points to check spatial k "
                        "against",
                        addresses->name);
    }
    if (!(rc = pt_index_new(a, na, 0.0, &ix, err)))
        for (i = 0; i < n; i++) {
            double dx = truth[i].x - shown[i].x, dy = truth[i].y - shown[i].y;
            /* strictly closer: an address as far as the truth (the true
             * home itself, say) does not hide it */
            k[i] = 1 +
                   (long)pt_index_count_within(ix, shown[i], dx * dx + dy * dy);
        }
    pt_index_free(ix);
    free(a);
    return rc;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;

    return (x > y) - (x < y);
}

void csm_anonymise_k_summary(const long *k, size_t n, long floor_k,
                             csm_k_summary *out)
{
    long *s;
    size_t i, r;

    memset(out, 0, sizeof *out);
    out->n = n;
    if (!n)
        return;
    for (i = 0; i < n; i++)
        out->below += k[i] < floor_k;
    if (!(s = malloc(n * sizeof *s))) { /* the minimum needs no copy */
        out->min = k[0];
        for (i = 1; i < n; i++)
            out->min = k[i] < out->min ? k[i] : out->min;
        out->p5 = out->median = out->min;
        return;
    }
    memcpy(s, k, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_long);
    out->min = s[0];
    /* nearest rank, and the lower median: never flattering */
    r = (n * 5 + 99) / 100;
    out->p5 = s[r ? r - 1 : 0];
    out->median = s[(n - 1) / 2];
    free(s);
}

int kcheck_drop(const csm_layer *addresses, const csm_layer *l,
                const csm_xy *moved, unsigned char *drop, long floor_k,
                csm_k_summary *sum, csm_error *err)
{
    size_t i, m = 0;
    csm_xy *truth = malloc((l->n + 1) * sizeof *truth);
    csm_xy *shown = malloc((l->n + 1) * sizeof *shown);
    long *k = malloc((l->n + 1) * sizeof *k);
    int rc;

    if (!truth || !shown || !k) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < l->n; i++)
        if (!drop[i]) {
            truth[m] = l->feat[i].geom.pt[0];
            shown[m++] = moved[i];
        }
    if ((rc = csm_anonymise_spatial_k(addresses, truth, shown, m, k, err)))
        goto out;
    csm_anonymise_k_summary(k, m, floor_k, sum);
    for (i = 0, m = 0; i < l->n; i++)
        if (!drop[i] && k[m++] < floor_k)
            drop[i] = 2; /* removed for k, not for containment */
out:
    free(truth);
    free(shown);
    free(k);
    return rc;
}
