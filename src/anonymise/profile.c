/* profile.c - anonymise: the figures of area profiles (csmap atlas).  For
 * every area of a coverage layer, and for all of them together: distinct
 * children and incidents, per harm category, per month and per time band,
 * under the policy's rules (rows 2-6) and the differencing audit (row 8,
 * audit.c).  Only shown values leave this file.
 *
 * Unlike csm_anonymise_areas, a point counts in EVERY area holding it:
 * school catchments and wards overlap, and a profile of an area must count
 * what happened in it.  That is exactly why the audit exists.
 *
 * Counting sorts 64-bit keys (cell << 32 | subject), as count.c does; the
 * sorted unique keys then give each cell's set of subjects for the audit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anonymise/profile.h"

#define MAX_MONTHS 240 /* twenty years of monthly bars is not a chart */

/* Dense ids per feature, and the display order of categories and bands. */
typedef struct prep {
    uint32_t *subj, *cat, *band; /* per feature; AGG_NONE: none */
    uint32_t *loc;               /* counting records: each one's location
                                    (the dominance rule's contributor) */
    size_t nloc;
    int *month; /* per feature: year * 12 + month - 1, -1 */
    size_t nsubj, ncat, nband;
    char **catname, **bandname; /* sorted by code (intern_categories) */
    size_t *catpos, *bandpos;   /* code id -> display position */
    int m0, m1;                 /* first and last month counted */
} prep;

/* Display order: codes named in 'order' first (as given), then the rest
 * as sorted.  pos[code id] = its place. */
static int order_codes(char **name, size_t n, const char *const *order,
                       size_t norder, size_t **pos, csm_error *err)
{
    size_t i, j, next = 0;

    if (!(*pos = malloc((n + 1) * sizeof **pos)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n; i++)
        (*pos)[i] = (size_t)-1;
    for (j = 0; j < norder; j++)
        for (i = 0; i < n; i++)
            if ((*pos)[i] == (size_t)-1 && !strcasecmp(name[i], order[j]))
                (*pos)[i] = next++;
    for (i = 0; i < n; i++)
        if ((*pos)[i] == (size_t)-1)
            (*pos)[i] = next++;
    return CSM_OK;
}

static int month_key(const char *s)
{
    int y, m;

    if (!s || strlen(s) != 7 || s[4] != '-')
        return -2;
    for (y = 0; y < 7; y++)
        if (y != 4 && (s[y] < '0' || s[y] > '9'))
            return -2;
    y = atoi(s);
    m = (s[5] - '0') * 10 + (s[6] - '0');
    return m >= 1 && m <= 12 ? y * 12 + m - 1 : -2;
}

static int prep_months(const csm_layer *pts, int f, prep *pr, csm_error *err)
{
    size_t i;

    if (!(pr->month = malloc((pts->n + 1) * sizeof *pr->month)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < pts->n; i++) {
        const char *v = f >= 0 ? csm_layer_value(pts, i, f) : NULL;
        pr->month[i] = v ? month_key(v) : -1;
        if (pr->month[i] == -2)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', field '%s', row %ld: not a month "
                            "(YYYY-MM); reduce dates to months first",
                            pts->name, pts->field[f], pts->feat[i].row);
    }
    return CSM_OK;
}

static int prep_fields(const csm_layer *pts, const csm_profile_opts *o,
                       prep *pr, csm_error *err)
{
    int rc;

    csm_agg_opts ao;

    memset(pr, 0, sizeof *pr);
    memset(&ao, 0, sizeof ao);
    pr->m0 = -1;
    ao.subject_field = o->subject_field;
    ao.count_records = o->count_records;
    rc =
        agg_subjects(pts, &ao, &pr->subj, &pr->nsubj, &pr->loc, &pr->nloc, err);
    if (!rc && o->category_field >= 0)
        rc = intern_categories(pts, o->category_field, &pr->cat, &pr->ncat,
                               &pr->catname, err);
    if (!rc && o->band_field >= 0)
        rc = intern_categories(pts, o->band_field, &pr->band, &pr->nband,
                               &pr->bandname, err);
    if (!rc)
        rc = order_codes(pr->catname, pr->ncat, o->cat_order, o->ncat_order,
                         &pr->catpos, err);
    if (!rc)
        rc = order_codes(pr->bandname, pr->nband, o->band_order, o->nband_order,
                         &pr->bandpos, err);
    if (!rc)
        rc = prep_months(pts, o->month_field, pr, err);
    return rc;
}

static void prep_release(prep *pr)
{
    free(pr->subj);
    free(pr->loc);
    free(pr->cat);
    free(pr->band);
    free(pr->month);
    agg_free_names(pr->catname, pr->ncat);
    agg_free_names(pr->bandname, pr->nband);
    free(pr->catpos);
    free(pr->bandpos);
}

typedef struct u64vec {
    uint64_t *v;
    size_t n, cap;
} u64vec;

static int push(u64vec *a, uint64_t k)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 4096;
        uint64_t *p = realloc(a->v, cap * sizeof *p);
        if (!p)
            return -1;
        a->v = p;
        a->cap = cap;
    }
    a->v[a->n++] = k;
    return 0;
}

/* The keys of one incident in area a (narea: all areas): cell << 32 | s,
 * s its subject, or (loc) its location. */
static int push_incident(const prof_ctx *x, const prep *pr, size_t i, size_t a,
                         int loc, u64vec *keys)
{
    uint64_t s = loc ? pr->loc[i] : pr->subj[i], base = (uint64_t)a * x->nf;
    int bad = push(keys, base << 32 | s);

    if (pr->cat && pr->cat[i] != AGG_NONE)
        bad |= push(keys, (base + 1 + pr->catpos[pr->cat[i]]) << 32 | s);
    if (pr->month[i] >= 0 && x->nmonth)
        bad |= push(keys,
                    (base + PROF_MONTH(x) + (uint64_t)(pr->month[i] - pr->m0))
                            << 32 |
                        s);
    if (pr->band && pr->band[i] != AGG_NONE)
        bad |= push(keys,
                    (base + PROF_BAND(x) + pr->bandpos[pr->band[i]]) << 32 | s);
    return bad;
}

/* Walk every point: pass 0 finds the months counted, pass 1 the keys and
 * the pairs of areas that share a location. */
static int collect(prof_ctx *x, const csm_layer *pts, const prof_areas *pa,
                   prep *pr, int pass, u64vec *keys, u64vec *lkeys,
                   u64vec *pairs, csm_error *err)
{
    uint32_t in[PROF_MAX_MEMBER];
    size_t i, v, j, k, n;

    for (i = 0; i < pts->n; i++) {
        const csm_geom *g = &pts->feat[i].geom;
        if (g->npt && g->type != CSM_GEOM_POINT)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: not a "
                            "point",
                            pts->name, pts->feat[i].row);
        for (v = 0; v < g->npt; v++) {
            if (!isfinite(g->pt[v].x) || !isfinite(g->pt[v].y))
                return csm_fail(err, CSM_EDATA,
                                "layer '%s', row %ld: a "
                                "coordinate is not a number",
                                pts->name, pts->feat[i].row);
            if (!(n = prof_member(pa, g->pt[v], in)))
                continue;
            if (pass == 0) {
                if (pr->month[i] >= 0 && (pr->m0 < 0 || pr->month[i] < pr->m0))
                    pr->m0 = pr->month[i];
                if (pr->month[i] > pr->m1)
                    pr->m1 = pr->month[i];
                continue;
            }
            int bad = push_incident(x, pr, i, x->narea, 0, keys);
            for (j = 0; j < n; j++)
                bad |= push_incident(x, pr, i, in[j], 0, keys);
            if (pr->loc) {
                bad |= push_incident(x, pr, i, x->narea, 1, lkeys);
                for (j = 0; j < n; j++)
                    bad |= push_incident(x, pr, i, in[j], 1, lkeys);
            }
            for (j = 0; j < n; j++)
                for (k = j + 1; k < n; k++)
                    bad |= push(pairs, (uint64_t)in[j] << 32 | in[k]);
            if (bad)
                return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
    }
    return CSM_OK;
}

static void classify(prof_ctx *x, size_t c)
{
    const csm_policy *pol = x->pol;

    x->why[c] = AGG_SHOWN;
    if (x->exact[c] == 0) {
        x->shown[c] = 0;
    } else if (x->exact[c] < pol->min_count) {
        x->shown[c] = -1;
        x->why[c] = AGG_SMALL;
    } else if ((double)x->maxrun[c] > pol->dominance * (double)x->incid[c]) {
        x->shown[c] = -1; /* one child's incidents would be the figure */
        x->why[c] = AGG_DOMINANT;
    } else {
        x->shown[c] = csm_anonymise_shown(x->exact[c], pol);
    }
}

/* The largest location's records per cell, from the sorted location
 * keys (counting records: rows have no subject to dominate). */
static void loc_maxrun(prof_ctx *x, const u64vec *lkeys)
{
    size_t i = 0, j, c;

    for (c = 0; c < x->ncell; c++)
        x->maxrun[c] = 0;
    while (i < lkeys->n) {
        c = (size_t)(lkeys->v[i] >> 32);
        for (j = i + 1; j < lkeys->n && lkeys->v[j] == lkeys->v[i]; j++)
            ;
        if ((long)(j - i) > x->maxrun[c])
            x->maxrun[c] = (long)(j - i);
        i = j;
    }
}

/* Counts per cell from the sorted keys, then the keys made unique with
 * each cell's run recorded: exact[c] == start[c + 1] - start[c]. */
static int count(prof_ctx *x, u64vec *keys, const u64vec *lkeys, csm_error *err)
{
    size_t i = 0, j, u = 0, c;

    x->exact = calloc(x->ncell + 1, sizeof *x->exact);
    x->incid = calloc(x->ncell + 1, sizeof *x->incid);
    x->maxrun = calloc(x->ncell + 1, sizeof *x->maxrun);
    x->shown = calloc(x->ncell + 1, sizeof *x->shown);
    x->why = calloc(x->ncell + 1, 1);
    x->start = calloc(x->ncell + 2, sizeof *x->start);
    if (!x->exact || !x->incid || !x->maxrun || !x->shown || !x->why ||
        !x->start)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    while (i < keys->n) {
        c = (size_t)(keys->v[i] >> 32);
        for (j = i + 1; j < keys->n && keys->v[j] == keys->v[i]; j++)
            ;
        x->exact[c]++;
        x->incid[c] += (long)(j - i);
        if ((long)(j - i) > x->maxrun[c])
            x->maxrun[c] = (long)(j - i);
        keys->v[u++] = keys->v[i];
        i = j;
    }
    keys->n = u;
    if (lkeys)
        loc_maxrun(x, lkeys);
    for (c = 0; c < x->ncell; c++) {
        x->start[c + 1] = x->start[c] + (size_t)x->exact[c];
        classify(x, c);
    }
    x->key = keys->v;
    x->nkey = keys->n;
    keys->v = NULL;
    return CSM_OK;
}

static void unique(u64vec *a)
{
    size_t i, u = 0;

    for (i = 0; i < a->n; i++)
        if (u == 0 || a->v[u - 1] != a->v[i])
            a->v[u++] = a->v[i];
    a->n = u;
}

static int count_all(prof_ctx *x, const csm_layer *pts, const csm_layer *view,
                     prep *pr, csm_error *err)
{
    u64vec keys = {0}, lkeys = {0}, pairs = {0};
    prof_areas *pa = NULL;
    int rc;

    rc = prof_areas_new(view, &pa, err);
    if (!rc)
        rc = collect(x, pts, pa, pr, 0, NULL, NULL, NULL, err);
    if (!rc && pr->m0 >= 0 && pr->m1 - pr->m0 >= MAX_MONTHS)
        rc = csm_fail(err, CSM_EDATA,
                      "layer '%s': more than %d months of "
                      "records; filter the period",
                      pts->name, MAX_MONTHS);
    if (!rc) {
        x->nmonth = pr->m0 >= 0 ? (size_t)(pr->m1 - pr->m0 + 1) : 0;
        x->nf = 1 + x->ncat + x->nmonth + x->nband;
        x->ncell = (x->narea + 1) * x->nf;
        if (x->ncell >= (size_t)UINT32_MAX)
            rc = csm_fail(err, CSM_EUSAGE, "too many areas and figures");
    }
    if (!rc)
        rc = collect(x, pts, pa, pr, 1, &keys, &lkeys, &pairs, err);
    if (!rc)
        rc = sort_u64(keys.v, keys.n, err);
    if (!rc)
        rc = sort_u64(lkeys.v, lkeys.n, err);
    if (!rc)
        rc = sort_u64(pairs.v, pairs.n, err);
    if (!rc)
        rc = count(x, &keys, pr->loc ? &lkeys : NULL, err);
    if (!rc) {
        unique(&pairs);
        x->pair = pairs.v;
        x->npair = pairs.n;
        pairs.v = NULL;
    }
    free(keys.v);
    free(lkeys.v);
    free(pairs.v);
    prof_areas_free(pa);
    return rc;
}

static void ctx_release(prof_ctx *x)
{
    free(x->exact);
    free(x->incid);
    free(x->maxrun);
    free(x->shown);
    free(x->why);
    free(x->key);
    free(x->start);
    free(x->pair);
}

void csm_profiles_free(csm_profiles *p)
{
    if (!p)
        return;
    agg_free_names(p->cat, p->ncat);
    agg_free_names(p->month, p->nmonth);
    agg_free_names(p->band, p->nband);
    free(p->area);
    free(p->block);
    free(p);
}

/* Incidents may show only where the children behind them do. */
static long incidents(const prof_ctx *x, size_t c)
{
    return x->shown[c] > 0 ? csm_anonymise_shown(x->incid[c], x->pol)
                           : x->shown[c];
}

/* Figures of cell row a (-1 everywhere when a is (size_t)-1). */
static void fill_figs(const prof_ctx *x, size_t a, csm_profile_figs *f,
                      long *mem)
{
    size_t k, nf = x->nf;
    const size_t b = a * nf;

    f->cat_children = mem + 2;
    f->cat_incidents = f->cat_children + x->ncat;
    f->month = f->cat_incidents + x->ncat;
    f->band = f->month + x->nmonth;
    if (a == (size_t)-1) {
        for (k = 0; k < 2 + 2 * x->ncat + x->nmonth + x->nband; k++)
            mem[k] = -1;
        f->children = f->incidents = -1;
        return;
    }
    f->children = x->shown[b];
    f->incidents = incidents(x, b);
    for (k = 0; k < x->ncat; k++) {
        f->cat_children[k] = x->shown[b + 1 + k];
        f->cat_incidents[k] = incidents(x, b + 1 + k);
    }
    for (k = 0; k < x->nmonth; k++)
        f->month[k] = x->shown[b + PROF_MONTH(x) + k];
    for (k = 0; k < x->nband; k++)
        f->band[k] = x->shown[b + PROF_BAND(x) + k];
}

static int names_of(char **src, const size_t *pos, size_t n, char ***out)
{
    size_t k;

    if (!(*out = calloc(n + 1, sizeof **out)))
        return -1;
    for (k = 0; k < n; k++)
        if (!((*out)[pos[k]] = csm_strdup(src[k])))
            return -1;
    return 0;
}

static int build(const prof_ctx *x, const prep *pr, const size_t *vi,
                 size_t nareas, csm_profiles **out, csm_error *err)
{
    size_t per = 2 + 2 * x->ncat + x->nmonth + x->nband, a, k;
    csm_profiles *p = calloc(1, sizeof *p);
    int bad;

    if (!p)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    p->narea = nareas;
    p->ncat = x->ncat;
    p->nmonth = x->nmonth;
    p->nband = x->nband;
    p->audit = x->audit;
    p->area = calloc(nareas + 1, sizeof *p->area);
    p->block = calloc((nareas + 1) * per + 1, sizeof *p->block);
    bad = !p->area || !p->block ||
          names_of(pr->catname, pr->catpos, x->ncat, &p->cat) ||
          names_of(pr->bandname, pr->bandpos, x->nband, &p->band) ||
          !(p->month = calloc(x->nmonth + 1, sizeof *p->month));
    for (k = 0; !bad && k < x->nmonth; k++) {
        int m = pr->m0 + (int)k;
        char buf[16];
        snprintf(buf, sizeof buf, "%04d-%02d", m / 12, m % 12 + 1);
        bad = !(p->month[k] = csm_strdup(buf));
    }
    if (bad) {
        csm_profiles_free(p);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (a = 0; a < nareas; a++)
        fill_figs(x, vi[a], &p->area[a], p->block + a * per);
    fill_figs(x, x->narea, &p->whole, p->block + nareas * per);
    *out = p;
    return CSM_OK;
}

/* A view of the usable areas (borrowed features), and where each area
 * of the layer went: vi[k] is its row in the view, or (size_t)-1. */
static int usable(const csm_layer *areas, csm_layer *view, size_t **vi,
                  csm_error *err)
{
    size_t k;

    *view = *areas;
    view->n = 0;
    view->feat = malloc((areas->n + 1) * sizeof *view->feat);
    *vi = malloc((areas->n + 1) * sizeof **vi);
    if (!view->feat || !*vi)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < areas->n; k++) {
        (*vi)[k] = (size_t)-1;
        if (csm_anonymise_area_problem(&areas->feat[k].geom))
            continue;
        (*vi)[k] = view->n;
        view->feat[view->n++] = areas->feat[k];
    }
    return CSM_OK;
}

int csm_anonymise_profiles(const csm_layer *points, const csm_layer *areas,
                           const csm_profile_opts *o, const csm_policy *pol,
                           csm_profiles **out, csm_error *err)
{
    csm_layer view;
    size_t *vi = NULL;
    prof_ctx x;
    prep pr;
    int rc;

    *out = NULL;
    memset(&x, 0, sizeof x);
    memset(&pr, 0, sizeof pr);
    memset(&view, 0, sizeof view);
    if ((rc = csm_policy_check(pol, err)))
        return rc;
    if (!o->count_records &&
        (o->subject_field < 0 || (size_t)o->subject_field >= points->nfield))
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': profiles need a "
                        "subject field",
                        points->name);
    if (points->crs && areas->crs && strcmp(points->crs, areas->crs))
        return csm_fail(err, CSM_ECRS,
                        "layers '%s' and '%s' are in "
                        "different CRSs; project both into the map's CRS "
                        "first",
                        points->name, areas->name);
    x.pol = pol;
    rc = usable(areas, &view, &vi, err);
    if (!rc)
        rc = prep_fields(points, o, &pr, err);
    if (!rc) {
        x.narea = view.n;
        x.ncat = pr.ncat;
        x.nband = pr.nband;
        rc = count_all(&x, points, &view, &pr, err);
    }
    if (!rc)
        rc = prof_protect(&x, err);
    if (!rc)
        rc = build(&x, &pr, vi, areas->n, out, err);
    ctx_release(&x);
    prep_release(&pr);
    free(view.feat);
    free(vi);
    return rc;
}
