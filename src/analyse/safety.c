/* safety.c - analyse: young people's red/amber/green ratings of places,
 * aggregated per area under PRIVACY.md section 8 row 20: nothing for an
 * area with fewer distinct respondents than the policy's minimum; option
 * counts 1-4 hidden, with the next-lowest option hidden too, so that no
 * hidden count follows from the others.  Respondent ids are interned here
 * and go no further.  Pure C. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csmap.h"

static const char *const option_name[CSM_RATINGS] = {"red", "amber", "green"};

int csm_analyse_rating(const char *s)
{
    char w[8];
    size_t n = 0;
    int k;

    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    while (s[n] && !isspace((unsigned char)s[n]) && n < sizeof w - 1) {
        w[n] = s[n];
        n++;
    }
    w[n] = '\0';
    while (isspace((unsigned char)s[n]))
        n++;
    if (s[n])
        return -1;
    for (k = 0; k < CSM_RATINGS; k++)
        if (!strcasecmp(w, option_name[k]) ||
            (n == 1 && tolower((unsigned char)w[0]) == option_name[k][0]))
            return k;
    return -1;
}

void csm_analyse_safety_area(const long count[CSM_RATINGS], long respondents,
                             const csm_policy *pol, long shown[CSM_RATINGS],
                             int *majority, int *few)
{
    long total = 0;
    int k, hidden = 0, next = -1;

    *majority = -1;
    *few = respondents < pol->safety_min_respondents;
    for (k = 0; k < CSM_RATINGS; k++) {
        total += count[k];
        shown[k] = -1;
    }
    if (*few)
        return;
    for (k = 0; k < CSM_RATINGS; k++) {
        int small = count[k] >= 1 && count[k] < pol->safety_min_option;
        shown[k] = small ? -1 : count[k];
        hidden += small;
    }
    /* one hidden count would be the total less the others: hide the next
     * lowest as well (a zero too: hiding it leaves the pair unknown) */
    for (k = 0; hidden == 1 && k < CSM_RATINGS; k++)
        if (shown[k] >= 0 && (next < 0 || count[k] <= count[next]))
            next = k;
    if (next >= 0)
        shown[next] = -1;
    for (k = 0; k < CSM_RATINGS; k++)
        if (2 * count[k] > total && shown[k] >= 0)
            *majority = k; /* over half is never a hidden option */
}

/* ---- the aggregation -------------------------------------------------- */

typedef struct sref {
    const char *s;
    size_t i;
} sref;

static int by_str(const void *a, const void *b)
{
    const sref *x = a, *y = b;
    int c = strcmp(x->s, y->s);

    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int by_str_only(const void *a, const void *b)
{
    return strcmp(((const sref *)a)->s, ((const sref *)b)->s);
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

    return (x > y) - (x < y);
}

static int field_fail(const csm_layer *l, int f, long row, const char *what,
                      csm_error *err)
{
    return csm_fail(err, CSM_EDATA, "layer '%s', field '%s', row %ld: %s",
                    l->name ? l->name : "?", l->field[f], row, what);
}

/* Dense respondent ids, in id order (which never reaches the output). */
static int respondents(const csm_layer *rows, int f, uint32_t *id, size_t *nid,
                       csm_error *err)
{
    sref *r = malloc((rows->n + 1) * sizeof *r);
    size_t i, n = 0;
    int rc = CSM_OK;

    if (!r)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < rows->n && !rc; i++) {
        r[i].s = csm_layer_value(rows, i, f);
        r[i].i = i;
        if (!r[i].s)
            rc = field_fail(rows, f, rows->feat[i].row,
                            "no respondent id: every rating needs the "
                            "respondent's pseudonymous id",
                            err);
    }
    if (!rc) {
        qsort(r, rows->n, sizeof *r, by_str);
        for (i = 0; i < rows->n; i++) {
            if (i > 0 && strcmp(r[i].s, r[i - 1].s))
                n++;
            id[r[i].i] = (uint32_t)n;
        }
        *nid = rows->n ? n + 1 : 0;
    }
    free(r);
    return rc;
}

/* The area each row rates: by id, or the first area holding its point;
 * SIZE_MAX when none. */
static int locate(const csm_layer *rows, const csm_layer *areas,
                  const csm_safety_opts *o, size_t *at, csm_error *err)
{
    sref *a = malloc((areas->n + 1) * sizeof *a), key, *hit;
    size_t i, j, n = 0;

    if (!a)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; o->area_field >= 0 && i < areas->n; i++)
        if ((a[n].s = csm_layer_value(areas, i, o->area_id_field))) {
            a[n++].i = i;
        }
    qsort(a, n, sizeof *a, by_str);
    for (i = 1; i < n; i++)
        if (!strcmp(a[i].s, a[i - 1].s)) {
            long row = areas->feat[a[i].i].row;
            free(a);
            return field_fail(areas, o->area_id_field, row,
                              "this id is also another area's: each rated "
                              "area needs its own id",
                              err);
        }
    for (i = 0; i < rows->n; i++) {
        const csm_geom *g = &rows->feat[i].geom;
        at[i] = SIZE_MAX;
        if (o->area_field >= 0) {
            key.s = csm_layer_value(rows, i, o->area_field);
            key.i = 0;
            hit = key.s ? bsearch(&key, a, n, sizeof *a, by_str_only) : NULL;
            at[i] = hit ? hit->i : SIZE_MAX;
            continue;
        }
        for (j = 0; g->npt > 0 && j < areas->n && at[i] == SIZE_MAX; j++)
            if (areas->feat[j].geom.type == CSM_GEOM_POLYGON &&
                csm_geom_contains(&areas->feat[j].geom, g->pt[0]))
                at[i] = j;
    }
    free(a);
    return CSM_OK;
}

/* Distinct (area, respondent, rating) and (area, respondent) pairs as
 * counts per area: a respondent counts once per option and once per area
 * however often they rated it. */
static int tally(const size_t *at, const uint32_t *who, const int *rating,
                 size_t n, size_t nresp, size_t nareas, long *count, long *resp,
                 csm_error *err)
{
    uint64_t *k = malloc((n + 1) * sizeof *k);
    size_t i, m = 0;

    if (!k)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n; i++)
        if (at[i] != SIZE_MAX)
            k[m++] = ((uint64_t)at[i] * nresp + who[i]) * CSM_RATINGS +
                     (uint64_t)rating[i];
    qsort(k, m, sizeof *k, by_u64);
    for (i = 0; i < m; i++) {
        uint64_t pair = k[i] / CSM_RATINGS, area = pair / nresp;
        if (i > 0 && k[i] == k[i - 1])
            continue;
        count[area * CSM_RATINGS + k[i] % CSM_RATINGS]++;
        if (i == 0 || pair != k[i - 1] / CSM_RATINGS)
            resp[area]++;
    }
    (void)nareas;
    free(k);
    return CSM_OK;
}

/* Read every rating, or fail naming the row. */
static int ratings(const csm_layer *rows, int f, int *rating, csm_error *err)
{
    size_t i;

    for (i = 0; i < rows->n; i++)
        if ((rating[i] = csm_analyse_rating(csm_layer_value(rows, i, f))) < 0)
            return field_fail(rows, f, rows->feat[i].row,
                              "the rating must be red, amber or green", err);
    return CSM_OK;
}

static char *count_text(long v)
{
    char buf[24];

    if (v < 0)
        return NULL;
    snprintf(buf, sizeof buf, "%ld", v);
    return csm_strdup(buf);
}

/* One output area: its polygon and what it shows. */
static int add_area(csm_layer *out, const csm_feature *area, const long *count,
                    long resp, const csm_policy *pol, csm_safety_stats *st,
                    csm_error *err)
{
    csm_feature ft;
    long shown[CSM_RATINGS], hidden = 0;
    int majority, few, k, rc;

    memset(&ft, 0, sizeof ft);
    csm_analyse_safety_area(count, resp, pol, shown, &majority, &few);
    st->few += few;
    st->shown += !few;
    if ((rc = csm_geom_copy(&ft.geom, &area->geom, err)))
        return rc;
    ft.row = area->row;
    if (!(ft.val = calloc(2 + CSM_RATINGS, sizeof *ft.val)))
        goto nomem;
    ft.val[0] = csm_strdup(few            ? "few"
                           : majority < 0 ? "mixed"
                                          : option_name[majority]);
    if (!ft.val[0])
        goto nomem;
    for (k = 0; k < CSM_RATINGS; k++) {
        st->hidden += !few && shown[k] < 0;
        hidden += !few && shown[k] < 0 ? count[k] : 0;
        if (shown[k] >= 0 && !(ft.val[1 + k] = count_text(shown[k])))
            goto nomem;
    }
    /* the hidden options together: never fewer than two, so their sum
     * says no more than the total would */
    if (hidden > 0 && !(ft.val[1 + CSM_RATINGS] = count_text(hidden)))
        goto nomem;
    return csm_layer_add(out, &ft, err); /* owns ft, even failing */
nomem:
    csm_geom_release(&ft.geom);
    if (ft.val)
        for (k = 0; k <= CSM_RATINGS + 1; k++)
            free(ft.val[k]);
    free(ft.val);
    return csm_fail(err, CSM_ENOMEM, "out of memory");
}

int csm_analyse_safety(const csm_layer *rows, const csm_layer *areas,
                       const csm_safety_opts *o, const csm_policy *pol,
                       csm_layer **out, csm_safety_stats *st, csm_error *err)
{
    static const char *const fields[] = {"result", "red", "amber", "green",
                                         "hidden"};
    uint32_t *who = calloc(rows->n + 1, sizeof *who);
    int *rating = calloc(rows->n + 1, sizeof *rating);
    size_t *at = calloc(rows->n + 1, sizeof *at), nresp = 0, i;
    long *count = calloc(areas->n * CSM_RATINGS + 1, sizeof *count);
    long *resp = calloc(areas->n + 1, sizeof *resp);
    csm_layer *l = NULL;
    int rc;

    *out = NULL;
    memset(st, 0, sizeof *st);
    st->rows = rows->n;
    st->areas = areas->n;
    if (!who || !rating || !at || !count || !resp)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else
        rc = ratings(rows, o->rating_field, rating, err);
    if (!rc)
        rc = respondents(rows, o->respondent_field, who, &nresp, err);
    if (!rc)
        rc = locate(rows, areas, o, at, err);
    for (i = 0; !rc && i < rows->n; i++)
        st->unmatched += at[i] == SIZE_MAX;
    st->respondents = nresp;
    if (!rc)
        rc = tally(at, who, rating, rows->n, nresp ? nresp : 1, areas->n, count,
                   resp, err);
    if (!rc && !(l = csm_layer_new(rows->name, fields, 5)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc && areas->crs)
        rc = csm_layer_set_crs(l, areas->crs, err);
    for (i = 0; !rc && i < areas->n; i++)
        rc = add_area(l, &areas->feat[i], count + i * CSM_RATINGS, resp[i], pol,
                      st, err);
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    free(who);
    free(rating);
    free(at);
    free(count);
    free(resp);
    return rc;
}
