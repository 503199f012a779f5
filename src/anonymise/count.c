/* count.c - anonymise: the counting rules shared by area and grid
 * aggregation (PRIVACY.md rows 2-6): distinct subjects per cell and per
 * category, small-number suppression, dominance, rounding, secondary
 * suppression.
 *
 * Distinct counting sorts 64-bit keys (cell << 32 | subject) and walks the
 * runs: one run is one subject in one cell, its length that subject's
 * incidents there.  No hash sets, and the same answer on every machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

long csm_anonymise_shown(long count, const csm_policy *pol)
{
    long b = pol->round_base > 0 ? pol->round_base : 1;
    long r, lo;

    if (count <= 0)
        return 0;
    if (count < pol->min_count)
        return -1;
    r = (count + b / 2) / b * b;
    lo = (pol->min_count + b - 1) / b * b; /* never shown below this */
    return r < lo ? lo : r;
}

void csm_anonymise_band(long shown, const csm_policy *pol, char *buf, size_t n)
{
    static const long edge[] = {20, 50, 100};
    long lo = csm_anonymise_shown(pol->min_count, pol), from = lo, to = -1;
    size_t i;

    if (shown < 0) {
        snprintf(buf, n, "suppressed");
        return;
    }
    if (shown == 0) {
        snprintf(buf, n, "none");
        return;
    }
    /* bands start at lo, then at each edge above it */
    for (i = 0; i < sizeof edge / sizeof *edge; i++) {
        if (edge[i] <= lo)
            continue;
        if (shown < edge[i]) {
            to = edge[i] - 1;
            break;
        }
        from = edge[i];
    }
    if (to < 0)
        snprintf(buf, n, "%ld+", from);
    else
        snprintf(buf, n, "%ld-%ld", from, to);
}

/* Distinct subjects, incidents and the largest subject's incidents per
 * group, from keys sorted as group << 32 | subject. */
static void runs(const uint64_t *key, size_t n, long *distinct, long *incid,
                 long *maxrun)
{
    size_t i = 0, j;

    while (i < n) {
        uint64_t g = key[i] >> 32;
        for (j = i + 1; j < n && key[j] == key[i]; j++)
            ;
        distinct[g]++;
        incid[g] += (long)(j - i);
        if ((long)(j - i) > maxrun[g])
            maxrun[g] = (long)(j - i);
        i = j;
    }
}

static void classify(long distinct, long incid, long maxrun,
                     const csm_policy *pol, long *shown, unsigned char *why)
{
    *why = AGG_SHOWN;
    if (distinct == 0) {
        *shown = 0;
    } else if (distinct < pol->min_count) {
        *shown = -1;
        *why = AGG_SMALL;
    } else if ((double)maxrun > pol->dominance * (double)incid) {
        *shown = -1;
        *why = AGG_DOMINANT;
    } else {
        *shown = csm_anonymise_shown(distinct, pol);
    }
}

int agg_secondary(const long *exact, long *shown, unsigned char *why,
                  const unsigned char *visible, long pool_min, size_t n)
{
    for (;;) {
        long m = 0, sum = 0, pool = 0;
        size_t i, best = n;

        for (i = 0; i < n; i++)
            if (shown[i] < 0 && exact[i] > 0) {
                if (visible && !visible[i]) {
                    pool += exact[i];
                    continue;
                }
                m++;
                sum += exact[i];
            }
        /* Blanks without a column are one hidden cell to the reader: the
         * shown total minus the shown cells ("other types").  Alone, it is
         * safe only when it could have been shown itself. */
        if (pool > 0) {
            if (m == 0 && pool >= pool_min)
                return 0;
            m++;
            sum += pool;
        }
        /* Safe when nothing is hidden, or when two or more cells are and
         * their sum does not pin each to 1. */
        if (m == 0 || (m >= 2 && sum > m))
            return 0;
        for (i = 0; i < n; i++)
            if (shown[i] > 0 && (best == n || exact[i] < exact[best]))
                best = i;
        if (best == n)
            return 1; /* nothing left to hide it behind: drop the margin */
        shown[best] = -1;
        why[best] = AGG_SECONDARY;
    }
}

void agg_res_release(agg_res *r)
{
    free(r->exact);
    free(r->shown);
    free(r->why);
    free(r->cat_exact);
    free(r->cat_shown);
    free(r->cat_why);
    free(r->cat_used);
    memset(r, 0, sizeof *r);
}

static int res_alloc(agg_res *r, size_t ncell, size_t ncat)
{
    size_t m = ncell * ncat;

    memset(r, 0, sizeof *r);
    r->ncell = ncell;
    r->ncat = ncat;
    r->exact = calloc(ncell + 1, sizeof *r->exact);
    r->shown = calloc(ncell + 1, sizeof *r->shown);
    r->why = calloc(ncell + 1, 1);
    r->cat_exact = calloc(m + 1, sizeof *r->cat_exact);
    r->cat_shown = calloc(m + 1, sizeof *r->cat_shown);
    r->cat_why = calloc(m + 1, 1);
    r->cat_used = calloc(ncat + 1, 1);
    return r->exact && r->shown && r->why && r->cat_exact && r->cat_shown &&
           r->cat_why && r->cat_used;
}

/* The keys of one grouping, group << 32 | id[i] (the subject, or the
 * location), leaving out records whose group is AGG_NONE; *m keys. */
static void group_keys(const agg_in *in, int by_cat, const uint32_t *id,
                       uint64_t *key, size_t *m)
{
    size_t i;

    *m = 0;
    for (i = 0; i < in->n; i++) {
        uint64_t g = in->cell[i];
        if (in->cell[i] == AGG_NONE)
            continue;
        if (by_cat) {
            if (in->cat[i] == AGG_NONE)
                continue;
            g = g * in->ncat + in->cat[i];
        }
        key[(*m)++] = g << 32 | id[i];
    }
}

/* Count one grouping: distinct subjects per group; the dominance rule
 * weighs each subject's records, or each location's (in->loc). */
static int count_groups(const agg_in *in, int by_cat, size_t ngroup,
                        const csm_policy *pol, long *exact, long *shown,
                        unsigned char *why, csm_error *err)
{
    uint64_t *key = malloc((in->n + 1) * sizeof *key);
    long *incid = calloc(ngroup + 1, sizeof *incid);
    long *maxrun = calloc(ngroup + 1, sizeof *maxrun);
    long *scratch = in->loc ? calloc(2 * ngroup + 1, sizeof *scratch) : NULL;
    size_t i, m = 0;
    int rc = CSM_OK;

    if (!key || !incid || !maxrun || (in->loc && !scratch)) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    group_keys(in, by_cat, in->subj, key, &m);
    if ((rc = sort_u64(key, m, err)))
        goto out;
    runs(key, m, exact, incid, maxrun);
    if (in->loc) { /* the same records by location: the largest share */
        group_keys(in, by_cat, in->loc, key, &m);
        if ((rc = sort_u64(key, m, err)))
            goto out;
        memset(maxrun, 0, ngroup * sizeof *maxrun);
        runs(key, m, scratch, scratch + ngroup, maxrun);
    }
    for (i = 0; i < ngroup; i++)
        classify(exact[i], incid[i], maxrun[i], pol, &shown[i], &why[i]);
out:
    free(key);
    free(incid);
    free(maxrun);
    free(scratch);
    return rc;
}

/* Distinct subjects over every located record, and the map margin. */
static int count_total(const agg_in *in, const csm_policy *pol, agg_res *r,
                       csm_error *err)
{
    long *per = calloc(in->nsubj + 1, sizeof *per);
    long *at = in->loc ? calloc(in->nloc + 1, sizeof *at) : NULL;
    long incid = 0, maxrun = 0;
    unsigned char why;
    size_t i;

    if (!per || (in->loc && !at)) {
        free(per);
        free(at);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    r->total_exact = 0;
    for (i = 0; i < in->n; i++) {
        long *run = in->loc ? &at[in->loc[i]] : &per[in->subj[i]];
        if (in->cell[i] == AGG_NONE)
            continue;
        if (per[in->subj[i]]++ == 0)
            r->total_exact++;
        if (in->loc)
            ++*run;
        if (*run > maxrun)
            maxrun = *run;
        incid++;
    }
    classify(r->total_exact, incid, maxrun, pol, &r->total_shown, &why);
    free(per);
    free(at);
    return CSM_OK;
}

/* Which categories get a column: shown (> 0) in some shown cell. */
static int used_categories(agg_res *r)
{
    size_t c, k, changed = 0;

    for (k = 0; k < r->ncat; k++) {
        unsigned char u = 0;
        for (c = 0; c < r->ncell && !u; c++)
            u = r->shown[c] > 0 && r->cat_shown[c * r->ncat + k] > 0;
        changed += u != r->cat_used[k];
        r->cat_used[k] = u;
    }
    return changed != 0;
}

/* Secondary suppression under every shown margin: each shown cell's total
 * over its categories, then the map total over the cells.  Suppressing
 * can remove a category's last shown cell, and with it its column, whose
 * blanks then protect nothing: repeat until nothing changes. */
static void secondary_all(agg_res *r, long min_count)
{
    size_t c, k, ncat = r->ncat;

    if (ncat)
        used_categories(r);
    do {
        for (c = 0; c < r->ncell; c++)
            if (ncat && r->shown[c] > 0 &&
                agg_secondary(r->cat_exact + c * ncat, r->cat_shown + c * ncat,
                              r->cat_why + c * ncat, r->cat_used, min_count,
                              ncat)) {
                r->shown[c] = -1;
                r->why[c] = AGG_SECONDARY;
            }
        if (r->total_shown >= 0 &&
            agg_secondary(r->exact, r->shown, r->why, NULL, 0, r->ncell))
            r->total_shown = -1;
        /* a suppressed cell shows no breakdown at all */
        for (c = 0; c < r->ncell; c++)
            for (k = 0; k < ncat; k++)
                if (r->shown[c] < 0 && r->cat_shown[c * ncat + k] >= 0) {
                    r->cat_shown[c * ncat + k] = -1;
                    r->cat_why[c * ncat + k] = AGG_SECONDARY;
                }
    } while (ncat && used_categories(r));
}

int agg_count(const agg_in *in, const csm_policy *pol, agg_res *r,
              csm_error *err)
{
    size_t ncat = in->cat ? in->ncat : 0;
    int rc;

    if (in->ncell >= AGG_NONE || (ncat && in->ncell > (AGG_NONE - 1) / ncat))
        return csm_fail(err, CSM_EUSAGE, "too many cells to count");
    if (!res_alloc(r, in->ncell, ncat)) {
        agg_res_release(r);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    rc = count_groups(in, 0, in->ncell, pol, r->exact, r->shown, r->why, err);
    if (!rc && ncat)
        rc = count_groups(in, 1, in->ncell * ncat, pol, r->cat_exact,
                          r->cat_shown, r->cat_why, err);
    if (!rc)
        rc = count_total(in, pol, r, err);
    if (rc) {
        agg_res_release(r);
        return rc;
    }
    secondary_all(r, pol->min_count);
    return CSM_OK;
}

int agg_tally(const csm_layer *points, const csm_agg_opts *o,
              const csm_policy *pol, agg_locate_fn locate, void *ctx,
              agg_res *res, char ***catname, size_t *ncat, csm_agg_stats *st,
              csm_error *err)
{
    uint32_t *subj = NULL, *cat = NULL, *r_cell = NULL, *r_subj = NULL,
             *r_cat = NULL, *vcell = NULL, *loc = NULL, *r_loc = NULL;
    size_t nsubj = 0, n = 0, nv = 0, nloc = 0, ncell = 0;
    csm_xy *v = NULL;
    agg_in in;
    int rc;

    *catname = NULL;
    *ncat = 0;
    memset(res, 0, sizeof *res);
    rc = agg_subjects(points, o, &subj, &nsubj, &loc, &nloc, err);
    if (!rc && o->category_field >= 0)
        rc = intern_categories(points, o->category_field, &cat, ncat, catname,
                               err);
    if (!rc)
        rc = agg_vertices(points, &v, &nv, st, err);
    if (!rc && !(vcell = malloc((nv + 1) * sizeof *vcell)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = locate(ctx, v, nv, vcell, &ncell, err);
    if (!rc)
        rc = agg_collect(points, subj, cat, vcell, &r_cell, &r_subj, &r_cat, &n,
                         st, err);
    if (!rc)
        rc = agg_collect_loc(points, loc, vcell, &r_loc, err);
    if (!rc) {
        in.loc = r_loc;
        in.nloc = nloc;
        in.n = n;
        in.cell = r_cell;
        in.subj = r_subj;
        in.cat = cat ? r_cat : NULL;
        in.ncell = ncell;
        in.ncat = *ncat;
        in.nsubj = nsubj;
        rc = agg_count(&in, pol, res, err);
    }
    if (!rc) {
        agg_stats(res, st);
        st->subjects = nsubj;
    } else {
        agg_free_names(*catname, *ncat);
        *catname = NULL;
        *ncat = 0;
    }
    free(v);
    free(vcell);
    free(subj);
    free(loc);
    free(r_loc);
    free(cat);
    free(r_cell);
    free(r_subj);
    free(r_cat);
    return rc;
}

void agg_stats(const agg_res *r, csm_agg_stats *s)
{
    size_t c, k;

    s->cells = r->ncell;
    s->shown = s->zero = s->suppressed = s->secondary = 0;
    for (c = 0; c < r->ncell; c++) {
        if (r->shown[c] > 0)
            s->shown++;
        else if (r->shown[c] == 0)
            s->zero++;
        else if (r->why[c] == AGG_SECONDARY)
            s->secondary++;
        else
            s->suppressed++;
    }
    s->categories = 0;
    for (k = 0; k < r->ncat; k++)
        s->categories += r->cat_used[k];
    s->total = r->total_shown;
}

static int put_count(char **slot, long shown, csm_error *err)
{
    char buf[32];

    if (shown < 0)
        return CSM_OK; /* suppressed: empty */
    snprintf(buf, sizeof buf, "%ld", shown);
    if (!(*slot = csm_strdup(buf)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

int agg_values(const agg_res *r, size_t c, const csm_policy *pol, char **val,
               csm_error *err)
{
    char band[32];
    size_t k, v = 2;
    int rc;

    if ((rc = put_count(&val[0], r->shown[c], err)))
        return rc;
    csm_anonymise_band(r->shown[c], pol, band, sizeof band);
    if (!(val[1] = csm_strdup(band)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < r->ncat; k++)
        if (r->cat_used[k] &&
            (rc = put_count(&val[v++], r->cat_shown[c * r->ncat + k], err)))
            return rc;
    return CSM_OK;
}

int csm_anonymise_statement_records(int method, const csm_policy *pol,
                                    double cell_m, const char *unit, char *buf,
                                    size_t n)
{
    char counts[160], where[96];

    if (!unit)
        unit = "records";
    if (pol->round_base > 1)
        snprintf(counts, sizeof counts,
                 "Counts of %s under %d suppressed, others rounded to %d", unit,
                 pol->min_count, pol->round_base);
    else
        snprintf(counts, sizeof counts,
                 "Counts of %s under %d suppressed (single release, not "
                 "rounded)",
                 unit, pol->min_count);
    if (cell_m <= 0)
        cell_m = pol->cell_m;
    if (method == CSM_PROTECT_GRID)
        snprintf(where, sizeof where, "%g m squares", cell_m);
    else if (method == CSM_PROTECT_HEX)
        snprintf(where, sizeof where, "hexagons the size of %g m squares",
                 cell_m);
    else
        snprintf(where, sizeof where, "areas");
    return snprintf(buf, n, "%s; %s aggregated to %s; dates to month", counts,
                    unit, where);
}
