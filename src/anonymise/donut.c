/* donut.c - anonymise: keyed donut displacement (PRIVACY.md rows 11-17).
 *
 * Every point moves between r_min and r_max in a direction that is uniform
 * on the circle, with the radius uniform by area (so the masked points do
 * not bunch near r_min).  Every random choice comes from
 * HMAC-SHA-256(key, "donut" | subject pseudonym | true location quantised
 * to 1 m | policy version | attempt) (libsodium): the same data and key
 * give the same map, so an intruder who collects many copies of a map
 * learns nothing by averaging them (Cassa et al. 2008); a new key is a new
 * release.  The seed names the subject and the place, never the row or a
 * record id: a child with 20 incidents at one flat is ONE released point,
 * not 20 independent ones whose average would land near the flat (the
 * same attack inside a single release, PRIVACY.md 6.2 canaries). */
#include <ctype.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anonymise/anonymise.h"

#define TWO_PI 6.28318530717958647692
#define DEFAULT_TRIES 32
#define MAX_THREADS 8
#define MIN_PER_THREAD 20000 /* fewer points: one thread is quicker */
/* |coordinate| above this (metres) is refused: quantising it to a 64-bit
 * integer would overflow */
#define MAX_COORD 1e15

int csm_keygen(unsigned char key[CSM_KEY_BYTES], csm_error *err)
{
    if (sodium_init() < 0)
        return csm_fail(err, CSM_EIO, "cannot start libsodium");
    randombytes_buf(key, CSM_KEY_BYTES);
    return CSM_OK;
}

/* 53 random bits as a double in [0, 1). */
static double unit(const unsigned char *b)
{
    uint64_t v = 0;
    int k;

    for (k = 0; k < 8; k++)
        v = v << 8 | b[k];
    return (double)(v >> 11) * (1.0 / 9007199254740992.0);
}

typedef struct mask {
    crypto_auth_hmacsha256_state base; /* keyed, "donut" absorbed */
    const char *version;
    double r_min, r_max;
} mask;

/* The offset for (seed, attempt).  The seed is a tag byte, the subject
 * (no NUL inside), a NUL and two fixed-width integers (seed()), so no two
 * different (subject, place) pairs give the same bytes. */
static void offset(const mask *m, const unsigned char *id, size_t idlen,
                   uint32_t attempt, double *dx, double *dy)
{
    crypto_auth_hmacsha256_state st;
    unsigned char mac[crypto_auth_hmacsha256_BYTES], n[4];
    double a, r;

    n[0] = (unsigned char)(attempt >> 24);
    n[1] = (unsigned char)(attempt >> 16);
    n[2] = (unsigned char)(attempt >> 8);
    n[3] = (unsigned char)attempt;
    st = m->base; /* the key's padding blocks are hashed once per run */
    crypto_auth_hmacsha256_update(&st, id, idlen);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)m->version,
                                  strlen(m->version) + 1);
    crypto_auth_hmacsha256_update(&st, n, sizeof n);
    crypto_auth_hmacsha256_final(&st, mac);
    a = TWO_PI * unit(mac);
    r = sqrt(unit(mac + 8) * (m->r_max * m->r_max - m->r_min * m->r_min) +
             m->r_min * m->r_min);
    *dx = r * cos(a);
    *dy = r * sin(a);
    sodium_memzero(&st, sizeof st);
}

static int check(const csm_layer *l, const csm_donut_opts *o,
                 const unsigned char *key, const csm_policy *pol, mask *m,
                 csm_error *err)
{
    size_t i, zero = 0;
    int rc;

    if ((rc = csm_policy_check(pol, err)))
        return rc;
    for (i = 0; i < CSM_KEY_BYTES; i++)
        zero += key[i] == 0;
    if (zero == CSM_KEY_BYTES)
        return csm_fail(err, CSM_EUSAGE,
                        "the masking key is all zeros; "
                        "make one with 'csmap keygen'");
    if ((o->record_field < 0 && o->subject_field < 0) ||
        (o->subject_field >= 0 && (size_t)o->subject_field >= l->nfield) ||
        (o->record_field >= 0 && (size_t)o->record_field >= l->nfield))
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': donut masking needs the subject-id or "
                        "record-id field",
                        l->name);
    m->r_min = o->r_min_m > 0 ? o->r_min_m : pol->donut_r_min_m;
    m->r_max = o->r_max_m > 0 ? o->r_max_m : m->r_min * pol->donut_r_max_factor;
    if (!(m->r_min >= pol->donut_r_min_m))
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s': r_min %g m is below the policy's "
                        "donut_r_min_m %g m",
                        l->name, m->r_min, pol->donut_r_min_m);
    if (!(m->r_max > m->r_min) || m->r_max > 3.0 * m->r_min)
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': r_max %g m must be more than r_min %g m "
                        "and at most 3 x r_min",
                        l->name, m->r_max, m->r_min);
    if (m->r_max > pol->max_displacement_m)
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s': r_max %g m exceeds the policy's "
                        "max_displacement_m %g m",
                        l->name, m->r_max, pol->max_displacement_m);
    if (pol->containment && !o->areas)
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': the policy keeps displaced points in "
                        "their area: give an area layer, or set "
                        "containment: false in the policy",
                        l->name);
    for (i = 0; i < l->n; i++) {
        const csm_geom *g = &l->feat[i].geom;
        if (g->type != CSM_GEOM_POINT || g->npt != 1 || !isfinite(g->pt[0].x) ||
            !isfinite(g->pt[0].y))
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: donut masking needs one "
                            "point per feature",
                            l->name, l->feat[i].row);
        if (fabs(g->pt[0].x) > MAX_COORD || fabs(g->pt[0].y) > MAX_COORD)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: coordinates out of range "
                            "for donut masking",
                            l->name, l->feat[i].row);
    }
    crypto_auth_hmacsha256_init(&m->base, key, CSM_KEY_BYTES);
    crypto_auth_hmacsha256_update(&m->base, (const unsigned char *)"donut", 6);
    m->version = pol->version;
    return CSM_OK;
}

static void put64(unsigned char *b, int64_t v)
{
    uint64_t u = (uint64_t)v;
    int k;

    for (k = 7; k >= 0; k--, u >>= 8)
        b[k] = (unsigned char)u;
}

/* The seed of feature i (p its true point):
 *   'S' | subject id, trimmed and ASCII lower-cased (the identity that
 *         intern_field counts children by) | NUL, or 'P' alone when the
 *         layer has no subject field (record ids only: every record at
 *         one place then shares one released point)
 *   | round(x) | round(y) as 64-bit big-endian integers.
 * The record id and the row's position never enter: repeat incidents of
 * one subject at one place share their released point.  Returns the
 * length, 0 when out of memory. */
static size_t seed(const csm_layer *l, const csm_donut_opts *o, size_t i,
                   csm_xy p, unsigned char **buf, size_t *cap)
{
    const char *v =
        o->subject_field >= 0 ? csm_layer_value(l, i, o->subject_field) : NULL;
    size_t len = 0, n;

    if (v) {
        while (*v && isspace((unsigned char)*v))
            v++;
        len = strlen(v);
        while (len && isspace((unsigned char)v[len - 1]))
            len--;
    }
    n = 1 + len + 1 + 16;
    if (n > *cap) {
        unsigned char *b = realloc(*buf, n);
        if (!b)
            return 0;
        *buf = b;
        *cap = n;
    }
    n = 0;
    if (o->subject_field >= 0) {
        size_t k;
        (*buf)[n++] = 'S';
        for (k = 0; k < len; k++)
            (*buf)[n++] = (unsigned char)tolower((unsigned char)v[k]);
        (*buf)[n++] = 0;
    } else {
        (*buf)[n++] = 'P';
    }
    put64(*buf + n, (int64_t)llround(p.x));
    put64(*buf + n + 8, (int64_t)llround(p.y));
    return n + 16;
}

/* Every row has a subject id (not only spaces), as intern_field demands
 * of counted layers, with its message; without building its table, which
 * the mask has no use for (the seed is the id itself). */
static int every_subject(const csm_layer *l, int f, csm_error *err)
{
    size_t i;

    for (i = 0; i < l->n; i++) {
        const char *v = csm_layer_value(l, i, f);
        while (v && *v && isspace((unsigned char)*v))
            v++;
        if (!v || !*v)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', field '%s', row %ld: no subject id; "
                            "every row needs one",
                            l->name, l->field[f], l->feat[i].row);
    }
    return CSM_OK;
}

/* Displace feature i's point: the first attempt that lands in
 * [r_min, r_max] after rounding and stays in 'area' (when >= 0). */
static int place(const mask *m, const area_index *ix, long area, int tries,
                 const unsigned char *id, size_t idlen, csm_xy *p)
{
    uint32_t t;

    for (t = 0; t < (uint32_t)tries; t++) {
        double dx, dy, d;
        csm_xy q;

        offset(m, id, idlen, t, &dx, &dy);
        q.x = round(p->x + dx); /* quantised to 1 m */
        q.y = round(p->y + dy);
        d = hypot(q.x - p->x, q.y - p->y);
        if (d < m->r_min || d > m->r_max)
            continue;
        if (area >= 0 && !area_index_contains(ix, (size_t)area, q))
            continue;
        *p = q;
        return 1;
    }
    return 0;
}

/* A slice order[from..to) of the points, for one thread.  Each point's
 * offset depends on its own seed alone, so slices give the same result
 * in any number of threads. */
typedef struct slice {
    const csm_layer *l;
    const csm_donut_opts *o;
    const mask *m;
    const area_index *ix;
    const size_t *order;
    csm_xy *moved;
    unsigned char *drop;
    size_t from, to, uncontained;
    int tries, nomem;
} slice;

static void *place_slice(void *arg)
{
    slice *w = arg;
    unsigned char *buf = NULL;
    size_t cap = 0, j;

    for (j = w->from; j < w->to; j++) {
        size_t r = w->order[j];
        size_t idlen = seed(w->l, w->o, r, w->moved[r], &buf, &cap);
        long area = w->ix ? area_index_find(w->ix, w->moved[r]) : -1;

        if (!idlen) {
            w->nomem = 1;
            break;
        }
        if (w->ix && area < 0)
            w->uncontained++;
        w->drop[r] =
            !place(w->m, w->ix, area, w->tries, buf, idlen, &w->moved[r]);
    }
    if (buf) /* it held a subject id */
        sodium_memzero(buf, cap);
    free(buf);
    return NULL;
}

/* Every point's displacement, in up to MAX_THREADS threads (one per
 * online core) when there are many: a million points are two million
 * SHA-256 blocks.  A thread that cannot start has its slice done here. */
static int place_all(const csm_layer *l, const csm_donut_opts *o, const mask *m,
                     const area_index *ix, int tries, const size_t *order,
                     csm_xy *moved, unsigned char *drop, size_t *uncontained,
                     csm_error *err)
{
    slice w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    int started[MAX_THREADS];
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t nt = l->n < MIN_PER_THREAD * 2 || cores < 2 ? 1
                : cores > MAX_THREADS                  ? MAX_THREADS
                                                       : (size_t)cores;
    size_t t;
    int nomem = 0;

    for (t = 0; t < nt; t++) {
        w[t] = (slice){l,
                       o,
                       m,
                       ix,
                       order,
                       moved,
                       drop,
                       l->n * t / nt,
                       l->n * (t + 1) / nt,
                       0,
                       tries,
                       0};
        started[t] = t + 1 < nt &&
                     pthread_create(&tid[t], NULL, place_slice, &w[t]) == 0;
    }
    for (t = 0; t < nt; t++)
        if (!started[t])
            place_slice(&w[t]);
    for (t = 0; t < nt; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        *uncontained += w[t].uncontained;
        nomem |= w[t].nomem;
    }
    return nomem ? csm_fail(err, CSM_ENOMEM, "out of memory") : CSM_OK;
}

int csm_anonymise_donut(csm_layer *l, const csm_donut_opts *o,
                        const unsigned char key[CSM_KEY_BYTES],
                        const csm_policy *pol, csm_donut_stats *st,
                        csm_error *err)
{
    uint32_t *ids = NULL;
    size_t nid = 0, i, kept = 0, *order = NULL;
    unsigned char *drop = NULL;
    csm_xy *moved = NULL;
    area_index *ix = NULL;
    int rc, tries = o->tries > 0 ? o->tries : DEFAULT_TRIES;
    mask m;

    memset(st, 0, sizeof *st);
    memset(&m, 0, sizeof m);
    if (sodium_init() < 0)
        return csm_fail(err, CSM_EIO, "cannot start libsodium");
    if ((rc = check(l, o, key, pol, &m, err)))
        goto out;
    /* every row needs a subject id (when there is a subject field) and
     * record ids, when given, must be unique; neither id array is used
     * after this: the seed is the subject and the place */
    if (o->subject_field >= 0)
        rc = every_subject(l, o->subject_field, err);
    if (!rc && o->record_field >= 0)
        rc = intern_field(l, o->record_field, "record id", 1, &ids, &nid, NULL,
                          err);
    if (!rc && o->areas && pol->containment)
        rc = area_index_new(o->areas, &ix, err);
    if (rc)
        goto out;
    drop = calloc(l->n + 1, 1);
    moved = malloc((l->n + 1) * sizeof *moved);
    order = malloc((l->n + 1) * sizeof *order);
    if (!drop || !moved || !order) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    /* work in the index's grid order, which keeps each area's polygon in
     * the cache (the result is the same in any order) */
    for (i = 0; i < l->n; i++) {
        moved[i] = l->feat[i].geom.pt[0];
        order[i] = i;
    }
    if (ix && (rc = area_index_order(ix, moved, l->n, order, err)))
        goto out;
    /* compute everything first: on failure the layer is unchanged */
    if ((rc = place_all(l, o, &m, ix, tries, order, moved, drop,
                        &st->uncontained, err)))
        goto out;
    /* spatial k against real addresses (kcheck.c): too few homes nearer
     * the dot than the truth, and the point goes */
    if (o->addresses && (rc = kcheck_drop(o->addresses, l, moved, drop,
                                          pol->k, &st->k, err)))
        goto out;
    for (i = 0; i < l->n; i++) {
        csm_feature *f = &l->feat[i];
        if (drop[i]) {
            size_t k;
            csm_geom_release(&f->geom);
            if (f->val)
                for (k = 0; k < l->nfield; k++)
                    free(f->val[k]);
            free(f->val);
            if (drop[i] == 2)
                st->below_k++;
            else
                st->dropped++;
            continue;
        }
        f->geom.pt[0] = moved[i];
        l->feat[kept++] = *f;
    }
    st->rows = l->n;
    st->displaced = kept;
    l->n = kept;
out:
    free(ids);
    free(drop);
    free(moved);
    free(order);
    area_index_free(ix);
    sodium_memzero(&m, sizeof m);
    return rc;
}
