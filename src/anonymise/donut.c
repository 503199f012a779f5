/* donut.c - anonymise: keyed donut displacement (PRIVACY.md rows 11-17).
 *
 * Every point moves between r_min and r_max in a direction that is uniform
 * on the circle, with the radius uniform by area (so the masked points do
 * not bunch near r_min).  Every random choice comes from
 * HMAC-SHA-256(key, "donut" | record pseudonym | policy version | attempt)
 * (libsodium): the same data and key give the same map, so an intruder who
 * collects many copies of a map learns nothing by averaging them (Cassa et
 * al. 2008); a new key is a new release. */
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

#define TWO_PI 6.28318530717958647692
#define DEFAULT_TRIES 32

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

/* The offset for (pseudonym, attempt).  The pseudonym is NUL-separated
 * parts, so "ab" + "1" and "a" + "b1" never collide. */
static void offset(const mask *m, const char *id, size_t idlen,
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
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, idlen);
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
    if ((o->record_field < 0 &&
         (o->subject_field < 0 || (size_t)o->subject_field >= l->nfield)) ||
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
    }
    crypto_auth_hmacsha256_init(&m->base, key, CSM_KEY_BYTES);
    crypto_auth_hmacsha256_update(&m->base, (const unsigned char *)"donut", 6);
    m->version = pol->version;
    return CSM_OK;
}

/* Turn ids[i] (the subject's id) into the row's 1-based ordinal within
 * its subject, in layer order. */
static void ordinal_of_row(uint32_t *ids, uint32_t *seen, size_t i)
{
    ids[i] = ++seen[ids[i]];
}

/* The record pseudonym of feature i: its record id, or its subject id and
 * its ordinal among that subject's rows ("<subject>\0<n>"). */
static size_t pseudonym(const csm_layer *l, const csm_donut_opts *o, size_t i,
                        uint32_t ordinal, char **buf, size_t *cap)
{
    const char *v = csm_layer_value(
        l, i, o->record_field >= 0 ? o->record_field : o->subject_field);
    size_t n = strlen(v) + 16;

    if (n > *cap) {
        char *b = realloc(*buf, n);
        if (!b)
            return 0;
        *buf = b;
        *cap = n;
    }
    if (o->record_field >= 0)
        return (size_t)snprintf(*buf, *cap, "%s", v) + 1;
    n = (size_t)snprintf(*buf, *cap, "%s", v) + 1;
    return n + (size_t)snprintf(*buf + n, *cap - n, "%u", ordinal) + 1;
}

/* Displace feature i's point: the first attempt that lands in
 * [r_min, r_max] after rounding and stays in 'area' (when >= 0). */
static int place(const mask *m, const area_index *ix, long area, int tries,
                 const char *id, size_t idlen, csm_xy *p)
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

int csm_anonymise_donut(csm_layer *l, const csm_donut_opts *o,
                        const unsigned char key[CSM_KEY_BYTES],
                        const csm_policy *pol, csm_donut_stats *st,
                        csm_error *err)
{
    uint32_t *ids = NULL, *seen = NULL;
    size_t nid = 0, i, j, cap = 0, kept = 0, *order = NULL;
    unsigned char *drop = NULL;
    csm_xy *moved = NULL;
    area_index *ix = NULL;
    char *buf = NULL;
    int rc, tries = o->tries > 0 ? o->tries : DEFAULT_TRIES;
    mask m;

    memset(st, 0, sizeof *st);
    memset(&m, 0, sizeof m);
    if (sodium_init() < 0)
        return csm_fail(err, CSM_EIO, "cannot start libsodium");
    if ((rc = check(l, o, key, pol, &m, err)))
        goto out;
    rc = intern_field(l,
                      o->record_field >= 0 ? o->record_field : o->subject_field,
                      o->record_field >= 0 ? "record id" : "subject id",
                      o->record_field >= 0, &ids, &nid, NULL, err);
    if (!rc && o->areas && pol->containment)
        rc = area_index_new(o->areas, &ix, err);
    if (rc)
        goto out;
    seen = calloc(nid + 1, sizeof *seen);
    drop = calloc(l->n + 1, 1);
    moved = malloc((l->n + 1) * sizeof *moved);
    order = malloc((l->n + 1) * sizeof *order);
    if (!seen || !drop || !moved || !order) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    /* ordinals in layer order; then work in the index's grid order, which
     * keeps each area's polygon in the cache (the result is the same in
     * any order) */
    for (i = 0; i < l->n; i++) {
        ordinal_of_row(ids, seen, i);
        moved[i] = l->feat[i].geom.pt[0];
        order[i] = i;
    }
    if (ix && (rc = area_index_order(ix, moved, l->n, order, err)))
        goto out;
    /* compute everything first: on failure the layer is unchanged */
    for (j = 0; j < l->n; j++) {
        size_t r = order[j];
        size_t idlen = pseudonym(l, o, r, ids[r], &buf, &cap);
        long area = ix ? area_index_find(ix, moved[r]) : -1;

        if (!idlen) {
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
            goto out;
        }
        if (ix && area < 0)
            st->uncontained++;
        drop[r] = !place(&m, ix, area, tries, buf, idlen, &moved[r]);
    }
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
    if (buf)
        sodium_memzero(buf, cap);
    free(buf);
    free(ids);
    free(seen);
    free(drop);
    free(moved);
    free(order);
    area_index_free(ix);
    sodium_memzero(&m, sizeof m);
    return rc;
}
