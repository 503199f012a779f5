/* records.c - anonymise: what a count counts.  Distinct subjects (the
 * subject field: a child counts once however many records he has), or,
 * for layers whose rows are not children (police.uk crimes, already
 * anonymised by the police), the rows themselves: each row is its own
 * subject.  A row has no contributor to dominate a count, so the
 * dominance rule then takes each distinct location as one: an area whose
 * crimes nearly all sit on one anonymous map point is not shown. */
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

typedef struct loc_ref {
    csm_xy p;
    size_t i;
} loc_ref;

static int by_xy(const void *a, const void *b)
{
    const loc_ref *x = a, *y = b;

    if (x->p.x != y->p.x)
        return x->p.x < y->p.x ? -1 : 1;
    if (x->p.y != y->p.y)
        return x->p.y < y->p.y ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Dense ids of the features' first points: equal coordinates, one id. */
static int locations(const csm_layer *pts, uint32_t *loc, size_t *nloc,
                     csm_error *err)
{
    loc_ref *r = malloc((pts->n + 1) * sizeof *r);
    size_t i, m = 0, id = 0;

    if (!r)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < pts->n; i++) {
        loc[i] = 0;
        if (pts->feat[i].geom.npt) {
            r[m].p = pts->feat[i].geom.pt[0];
            r[m++].i = i;
        }
    }
    qsort(r, m, sizeof *r, by_xy);
    for (i = 0; i < m; i++) {
        if (i > 0 && (r[i].p.x != r[i - 1].p.x || r[i].p.y != r[i - 1].p.y))
            id++;
        loc[r[i].i] = (uint32_t)id;
    }
    *nloc = m ? id + 1 : 0;
    free(r);
    return CSM_OK;
}

int agg_subjects(const csm_layer *pts, const csm_agg_opts *o, uint32_t **subj,
                 size_t *nsubj, uint32_t **loc, size_t *nloc, csm_error *err)
{
    size_t i;
    int rc;

    *subj = *loc = NULL;
    *nsubj = *nloc = 0;
    if (!o->count_records)
        return intern_field(pts, o->subject_field, "subject id", 0, subj, nsubj,
                            NULL, err);
    if (pts->n >= AGG_NONE)
        return csm_fail(err, CSM_EDATA, "layer '%s': too many rows", pts->name);
    *subj = malloc((pts->n + 1) * sizeof **subj);
    *loc = malloc((pts->n + 1) * sizeof **loc);
    if (!*subj || !*loc)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else
        rc = locations(pts, *loc, nloc, err);
    if (rc) {
        free(*subj);
        free(*loc);
        *subj = *loc = NULL;
        *nloc = 0;
        return rc;
    }
    for (i = 0; i < pts->n; i++)
        (*subj)[i] = (uint32_t)i;
    *nsubj = pts->n;
    return CSM_OK;
}

int agg_collect_loc(const csm_layer *pts, const uint32_t *loc,
                    const uint32_t *vcell, uint32_t **out, csm_error *err)
{
    size_t i, k, v = 0, m = 0, nv = 0;

    *out = NULL;
    if (!loc)
        return CSM_OK;
    for (i = 0; i < pts->n; i++)
        nv += pts->feat[i].geom.npt;
    if (!(*out = malloc((nv + 1) * sizeof **out)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < pts->n; i++)
        for (k = 0; k < pts->feat[i].geom.npt; k++, v++)
            if (vcell[v] != AGG_NONE)
                (*out)[m++] = loc[i];
    return CSM_OK;
}
