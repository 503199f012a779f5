/* intern.c - anonymise: plumbing for aggregation - a radix sort, dense ids
 * for subject and category values, collecting located points, and the
 * output layer's fields.  Messages name layer, field and row only. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anonymise/anonymise.h"

#define MAX_CATEGORIES 64
#define MAX_CODE_LEN 40

int sort_u64(uint64_t *a, size_t n, csm_error *err)
{
    uint64_t *tmp, *src = a, *dst;
    size_t *cnt;
    int pass;

    if (n < 2)
        return CSM_OK;
    tmp = malloc(n * sizeof *tmp);
    cnt = malloc(65536 * sizeof *cnt);
    if (!tmp || !cnt) {
        free(tmp);
        free(cnt);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    dst = tmp;
    for (pass = 0; pass < 4; pass++) {
        int shift = 16 * pass;
        size_t i, sum = 0;

        memset(cnt, 0, 65536 * sizeof *cnt);
        for (i = 0; i < n; i++)
            cnt[(src[i] >> shift) & 0xffff]++;
        if (cnt[(src[0] >> shift) & 0xffff] == n)
            continue; /* every key has the same digit here */
        for (i = 0; i < 65536; i++) {
            size_t c = cnt[i];
            cnt[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            dst[cnt[(src[i] >> shift) & 0xffff]++] = src[i];
        {
            uint64_t *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
    free(tmp);
    free(cnt);
    return CSM_OK;
}

/* Values compare trimmed and without regard to ASCII case: "ab12 " and
 * "AB12" are one subject.  Over-merging can only lower a count (safe);
 * splitting one child in two could raise it past the minimum. */
static void span(const char *s, const char **b, size_t *n)
{
    size_t len;

    while (*s && isspace((unsigned char)*s))
        s++;
    len = strlen(s);
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    *b = s;
    *n = len;
}

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 14695981039346656037ULL;
    size_t i;

    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)tolower((unsigned char)s[i])) *
            1099511628211ULL;
    return h;
}

static int same(const char *a, size_t na, const char *b, size_t nb)
{
    return na == nb && strncasecmp(a, b, na) == 0;
}

int intern_field(const csm_layer *l, int f, const char *what, int unique,
                 uint32_t **id_out, size_t *nid, size_t **rep_out,
                 csm_error *err)
{
    size_t cap = 16, mask, i, n = 0;
    uint32_t *slot = NULL, *id = NULL;
    uint64_t *h = NULL;
    size_t *rep = NULL, *len_of = NULL;
    const char **str = NULL;
    int rc = CSM_OK;

    *id_out = NULL;
    *nid = 0;
    if (rep_out)
        *rep_out = NULL;
    while (cap < 2 * l->n + 2)
        cap *= 2;
    mask = cap - 1;
    slot = calloc(cap, sizeof *slot);
    id = malloc((l->n + 1) * sizeof *id);
    h = malloc((l->n + 1) * sizeof *h);
    rep = malloc((l->n + 1) * sizeof *rep);
    str = malloc((l->n + 1) * sizeof *str);
    len_of = malloc((l->n + 1) * sizeof *len_of);
    if (!slot || !id || !h || !rep || !str || !len_of) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    for (i = 0; i < l->n; i++) {
        const char *s = csm_layer_value(l, i, f), *b;
        size_t len, pos;
        uint64_t hv;

        span(s ? s : "", &b, &len);
        if (!len) {
            if (what) {
                rc = csm_fail(err, CSM_EDATA,
                              "layer '%s', field '%s', row %ld: no %s; "
                              "every row needs one",
                              l->name, l->field[f], l->feat[i].row, what);
                goto out;
            }
            id[i] = AGG_NONE;
            continue;
        }
        hv = hash(b, len);
        for (pos = hv & mask; slot[pos]; pos = (pos + 1) & mask) {
            uint32_t k = slot[pos] - 1;
            if (h[k] == hv && same(b, len, str[k], len_of[k]))
                break;
        }
        if (slot[pos]) {
            if (unique) {
                rc = csm_fail(err, CSM_EDATA,
                              "layer '%s', field '%s', row %ld: the same "
                              "id as row %ld; record ids must be unique",
                              l->name, l->field[f], l->feat[i].row,
                              l->feat[rep[slot[pos] - 1]].row);
                goto out;
            }
            id[i] = slot[pos] - 1;
        } else {
            h[n] = hv;
            rep[n] = i;
            str[n] = b;
            len_of[n] = len;
            id[i] = (uint32_t)n;
            slot[pos] = (uint32_t)++n;
        }
    }
    *id_out = id;
    id = NULL;
    *nid = n;
    if (rep_out) {
        *rep_out = rep;
        rep = NULL;
    }
out:
    free(slot);
    free(id);
    free(h);
    free(rep);
    free(str);
    free(len_of);
    return rc;
}

static int by_name(const void *a, const void *b)
{
    const char *const *x = a, *const *y = b;
    return strcasecmp(*x, *y);
}

int intern_categories(const csm_layer *p, int f, uint32_t **id, size_t *ncat,
                      char ***names_out, csm_error *err)
{
    uint32_t *raw = NULL, *rank = NULL;
    size_t *rep = NULL, n = 0, i, k;
    char **names = NULL, **sorted = NULL;
    int rc;

    *id = NULL;
    *ncat = 0;
    *names_out = NULL;
    if ((rc = intern_field(p, f, NULL, 0, &raw, &n, &rep, err)))
        return rc;
    if (n > MAX_CATEGORIES) {
        rc = csm_fail(err, CSM_EDATA,
                      "layer '%s', field '%s': more than %d categories; "
                      "use a field of category codes",
                      p->name, p->field[f], MAX_CATEGORIES);
        goto out;
    }
    names = calloc(n + 1, sizeof *names);
    sorted = calloc(n + 1, sizeof *sorted);
    rank = calloc(n + 1, sizeof *rank);
    if (!names || !sorted || !rank) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    for (k = 0; k < n; k++) {
        const char *b;
        size_t len;
        span(csm_layer_value(p, rep[k], f), &b, &len);
        if (len > MAX_CODE_LEN) {
            rc = csm_fail(err, CSM_EDATA,
                          "layer '%s', field '%s', row %ld: a category "
                          "longer than %d characters; use a code",
                          p->name, p->field[f], p->feat[rep[k]].row,
                          MAX_CODE_LEN);
            goto out;
        }
        if (!(names[k] = malloc(len + 1))) {
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
            goto out;
        }
        memcpy(names[k], b, len);
        names[k][len] = '\0';
        sorted[k] = names[k];
    }
    qsort(sorted, n, sizeof *sorted, by_name);
    for (k = 0; k < n; k++)
        for (i = 0; i < n; i++)
            if (sorted[i] == names[k])
                rank[k] = (uint32_t)i;
    for (i = 0; i < p->n; i++)
        if (raw[i] != AGG_NONE)
            raw[i] = rank[raw[i]];
    *id = raw;
    raw = NULL;
    *ncat = n;
    *names_out = sorted;
    sorted = NULL;
    free(names); /* the strings now belong to *names_out */
    names = NULL;
out:
    if (names)
        for (k = 0; k < n; k++)
            free(names[k]);
    free(names);
    free(sorted);
    free(rank);
    free(rep);
    free(raw);
    return rc;
}

void agg_free_names(char **names, size_t n)
{
    size_t k;

    if (names)
        for (k = 0; k < n; k++)
            free(names[k]);
    free(names);
}

int agg_vertices(const csm_layer *pts, csm_xy **out, size_t *n_out,
                 csm_agg_stats *st, csm_error *err)
{
    size_t i, k, nv = 0;
    csm_xy *v;

    *out = NULL;
    *n_out = 0;
    for (i = 0; i < pts->n; i++) {
        const csm_geom *g = &pts->feat[i].geom;
        if (g->npt && g->type != CSM_GEOM_POINT)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: not a point (only points "
                            "are counted)",
                            pts->name, pts->feat[i].row);
        for (k = 0; k < g->npt; k++)
            if (!isfinite(g->pt[k].x) || !isfinite(g->pt[k].y))
                return csm_fail(err, CSM_EDATA,
                                "layer '%s', row %ld: a coordinate is not a "
                                "number",
                                pts->name, pts->feat[i].row);
        nv += g->npt;
        st->empty += g->npt == 0;
    }
    if (nv >= AGG_NONE)
        return csm_fail(err, CSM_EDATA, "layer '%s': too many points",
                        pts->name);
    if (!(v = malloc((nv + 1) * sizeof *v)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0, nv = 0; i < pts->n; i++)
        for (k = 0; k < pts->feat[i].geom.npt; k++)
            v[nv++] = pts->feat[i].geom.pt[k];
    st->rows = pts->n;
    st->points = nv;
    *out = v;
    *n_out = nv;
    return CSM_OK;
}

int agg_collect(const csm_layer *pts, const uint32_t *subj, const uint32_t *cat,
                const uint32_t *vcell, uint32_t **cell_out, uint32_t **subj_out,
                uint32_t **cat_out, size_t *n_out, csm_agg_stats *st,
                csm_error *err)
{
    size_t i, k, v = 0, m = 0;
    uint32_t *cell, *su, *ca;

    *cell_out = *subj_out = *cat_out = NULL;
    *n_out = 0;
    cell = malloc((st->points + 1) * sizeof *cell);
    su = malloc((st->points + 1) * sizeof *su);
    ca = malloc((st->points + 1) * sizeof *ca);
    if (!cell || !su || !ca) {
        free(cell);
        free(su);
        free(ca);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (i = 0; i < pts->n; i++)
        for (k = 0; k < pts->feat[i].geom.npt; k++, v++) {
            if (vcell[v] == AGG_NONE) {
                st->outside++;
                continue;
            }
            cell[m] = vcell[v];
            su[m] = subj[i];
            ca[m] = cat ? cat[i] : AGG_NONE;
            m++;
        }
    *cell_out = cell;
    *subj_out = su;
    *cat_out = ca;
    *n_out = m;
    return CSM_OK;
}

int agg_check(const csm_layer *pts, const csm_agg_opts *o,
              const csm_policy *pol, csm_error *err)
{
    int rc;

    if ((rc = csm_policy_check(pol, err)))
        return rc;
    if (!o->count_records &&
        (o->subject_field < 0 || (size_t)o->subject_field >= pts->nfield))
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': counting needs the subject-id field "
                        "(counts are of distinct children, not rows)",
                        pts->name);
    if (o->category_field >= 0 && (size_t)o->category_field >= pts->nfield)
        return csm_fail(err, CSM_EUSAGE, "layer '%s': no such category field",
                        pts->name);
    return CSM_OK;
}

int agg_layer(const char *name, const char *id_field, const agg_res *res,
              char *const *catname, csm_layer **out, csm_error *err)
{
    const char **f;
    size_t n = 0, k;

    *out = NULL;
    /* a category becomes a field: it must not take another field's name */
    for (k = 0; k < res->ncat; k++)
        if (res->cat_used[k] &&
            (!strcasecmp(catname[k], "children") ||
             !strcasecmp(catname[k], "band") ||
             (id_field && !strcasecmp(catname[k], id_field))))
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': a category has the name of an "
                            "output field (children, band or the area's "
                            "field); recode the category",
                            name);
    if (!(f = calloc(res->ncat + 3, sizeof *f)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (id_field)
        f[n++] = id_field;
    f[n++] = "children";
    f[n++] = "band";
    for (k = 0; k < res->ncat; k++)
        if (res->cat_used[k])
            f[n++] = catname[k];
    *out = csm_layer_new(name, f, n);
    free(f);
    return *out ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");
}

int agg_add(csm_layer *out, csm_geom *geom, int has_id, const char *id,
            const agg_res *res, size_t c, const csm_policy *pol, long row,
            csm_error *err)
{
    csm_feature f;
    size_t k;
    int rc = CSM_OK;

    memset(&f, 0, sizeof f);
    f.geom = *geom;
    csm_geom_init(geom, CSM_GEOM_NONE);
    f.row = row;
    f.val = calloc(out->nfield + 1, sizeof *f.val);
    if (!f.val)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc && has_id && id && !(f.val[0] = csm_strdup(id)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = agg_values(res, c, pol, f.val + (has_id ? 1 : 0), err);
    if (rc) {
        csm_geom_release(&f.geom);
        if (f.val)
            for (k = 0; k < out->nfield; k++)
                free(f.val[k]);
        free(f.val);
        return rc;
    }
    return csm_layer_add(out, &f, err);
}
