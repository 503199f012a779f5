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

int csm_anonymise_areas(const csm_layer *points, const csm_layer *areas,
                        const csm_agg_opts *o, const csm_policy *pol,
                        csm_layer **out, csm_agg_stats *st, csm_error *err)
{
    uint32_t *subj = NULL, *cat = NULL, *rc_cell = NULL, *rc_subj = NULL,
             *rc_cat = NULL, *vcell = NULL, *loc = NULL, *rc_loc = NULL;
    size_t nsubj = 0, ncat = 0, n = 0, nv = 0, nloc = 0;
    csm_xy *v = NULL;
    char **catname = NULL;
    area_index *ix = NULL;
    agg_res res;
    agg_in in;
    int rc;

    *out = NULL;
    memset(st, 0, sizeof *st);
    memset(&res, 0, sizeof res);
    if ((rc = agg_check(points, o, pol, err)))
        return rc;
    if (o->area_field >= 0 && (size_t)o->area_field >= areas->nfield)
        return csm_fail(err, CSM_EUSAGE, "layer '%s': no such area field",
                        areas->name);
    if ((rc = same_crs(points, areas, err)))
        return rc;
    if ((rc = area_index_new(areas, &ix, err)))
        return rc;
    rc = agg_subjects(points, o, &subj, &nsubj, &loc, &nloc, err);
    if (!rc && o->category_field >= 0)
        rc = intern_categories(points, o->category_field, &cat, &ncat, &catname,
                               err);
    if (!rc)
        rc = agg_vertices(points, &v, &nv, st, err);
    if (!rc && !(vcell = malloc((nv + 1) * sizeof *vcell)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = area_index_find_all(ix, v, nv, vcell, err);
    if (!rc)
        rc = agg_collect(points, subj, cat, vcell, &rc_cell, &rc_subj, &rc_cat,
                         &n, st, err);
    if (!rc)
        rc = agg_collect_loc(points, loc, vcell, &rc_loc, err);
    if (rc)
        goto out;
    in.loc = rc_loc;
    in.nloc = nloc;
    in.n = n;
    in.cell = rc_cell;
    in.subj = rc_subj;
    in.cat = cat ? rc_cat : NULL;
    in.ncell = areas->n;
    in.ncat = ncat;
    in.nsubj = nsubj;
    if ((rc = agg_count(&in, pol, &res, err)))
        goto out;
    agg_stats(&res, st);
    st->subjects = nsubj;
    rc = build(areas, o, pol, &res, catname, points->name, out, err);
out:
    if (rc)
        memset(st, 0, sizeof *st);
    agg_res_release(&res);
    free(v);
    free(vcell);
    agg_free_names(catname, ncat);
    free(subj);
    free(loc);
    free(rc_loc);
    free(cat);
    free(rc_cell);
    free(rc_subj);
    free(rc_cat);
    area_index_free(ix);
    return rc;
}
