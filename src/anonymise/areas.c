/* areas.c - anonymise: counts of distinct subjects per area polygon (wards,
 * LSOAs, neighbourhoods), with the policy's suppression and rounding.  The
 * output is a new polygon layer: every area, counted or not, so that a
 * blank area reads as "suppressed" or "none", never as missing. */
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

static int same_crs(const csm_layer *a, const csm_layer *b, csm_error *err)
{
    if (a->crs && b->crs && strcmp(a->crs, b->crs) != 0)
        return csm_fail(err, CSM_ECRS,
                        "layers '%s' and '%s' are in different CRSs; "
                        "project both into the map's CRS first",
                        a->name, b->name);
    return CSM_OK;
}

static int build(const csm_layer *areas, const csm_agg_opts *o,
                 const csm_policy *pol, const agg_res *res, char **cat,
                 const char *name, csm_layer **out, csm_error *err)
{
    const char *idf = o->area_field >= 0 ? areas->field[o->area_field] : NULL;
    csm_layer *l = NULL;
    size_t k;
    int rc;

    if ((rc = agg_layer(name, idf, res, cat, &l, err)))
        return rc;
    if (areas->crs && (rc = csm_layer_set_crs(l, areas->crs, err)))
        goto out;
    for (k = 0; k < areas->n && !rc; k++) {
        csm_geom g;
        if ((rc = csm_geom_copy(&g, &areas->feat[k].geom, err)))
            break;
        rc = agg_add(l, &g, idf != NULL,
                     csm_layer_value(areas, k, o->area_field), res, k, pol,
                     areas->feat[k].row, err);
    }
out:
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    return rc;
}

typedef struct area_ctx {
    const area_index *ix;
    size_t n; /* areas */
} area_ctx;

/* agg_locate_fn: the area holding each vertex. */
static int locate(void *ctx, const csm_xy *v, size_t n, uint32_t *cell,
                  size_t *ncell, csm_error *err)
{
    const area_ctx *a = ctx;

    *ncell = a->n;
    return area_index_find_all(a->ix, v, n, cell, err);
}

int csm_anonymise_areas(const csm_layer *points, const csm_layer *areas,
                        const csm_agg_opts *o, const csm_policy *pol,
                        csm_layer **out, csm_agg_stats *st, csm_error *err)
{
    char **catname = NULL;
    size_t ncat = 0;
    area_index *ix = NULL;
    area_ctx a;
    agg_res res;
    int rc;

    *out = NULL;
    memset(st, 0, sizeof *st);
    if ((rc = agg_check(points, o, pol, err)))
        return rc;
    if (o->area_field >= 0 && (size_t)o->area_field >= areas->nfield)
        return csm_fail(err, CSM_EUSAGE, "layer '%s': no such area field",
                        areas->name);
    if ((rc = same_crs(points, areas, err)))
        return rc;
    if ((rc = area_index_new(areas, &ix, err)))
        return rc;
    a.ix = ix;
    a.n = areas->n;
    rc = agg_tally(points, o, pol, locate, &a, &res, &catname, &ncat, st, err);
    if (!rc)
        rc = build(areas, o, pol, &res, catname, points->name, out, err);
    if (rc)
        memset(st, 0, sizeof *st);
    agg_res_release(&res);
    agg_free_names(catname, ncat);
    area_index_free(ix);
    return rc;
}
