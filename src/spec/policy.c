/* policy.c - spec: the privacy policy (PRIVACY.md section 8), its defaults,
 * its limits, and loading a local policy file with libfyaml.
 *
 * A local policy may only be stricter than the limits: a looser value is
 * refused with the key, the value and the limit.  Policy values are not
 * about a child, so messages may print them. */
#include <libfyaml.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csmap.h"

/* The four categories PRIVACY.md row 5 makes aggregate-only, always. */
static const char *const must_aggregate[] = {"CSE", "HSB", "TRAF", "CUCK"};
#define NMUST (sizeof must_aggregate / sizeof *must_aggregate)

void csm_policy_defaults(csm_policy *pol)
{
    size_t i;

    memset(pol, 0, sizeof *pol);
    snprintf(pol->version, sizeof pol->version, "%s", "csmap-default-1");
    pol->min_count = 8;
    pol->round_base = 5;
    pol->single_release = 0;
    pol->dominance = 0.5;
    pol->cell_m = 500.0;
    pol->snap_min_addresses = 30;
    pol->k = 30;
    pol->donut_r_min_m = 50.0;
    pol->donut_r_max_factor = 2.0;
    pol->max_displacement_m = 2000.0;
    pol->containment = 1;
    pol->safety_min_respondents = 10;
    pol->safety_min_option = 5;
    pol->kde_kernel = CSM_KERNEL_QUARTIC;
    pol->kde_bandwidth_min_m = 200.0;
    pol->kde_cell_min_m = 50.0;
    pol->kde_min_count = 8;
    pol->kde_classes = 5;
    for (i = 0; i < NMUST; i++)
        snprintf(pol->aggregate_only[i], CSM_POLICY_CODE_LEN, "%s",
                 must_aggregate[i]);
    pol->naggregate_only = NMUST;
}

/* ------------------------------------------------------------------ */
/* The keys: one table drives parsing, limit checks and suggestions.   */

enum ktype { K_INT, K_NUM, K_BOOL, K_TEXT, K_KERNEL, K_CODES };

/* dir > 0: the value must be >= limit (raise it); dir < 0: <= limit
 * (lower it); dir == 0: no limit beyond 'lo'.  'lo' is a validity floor
 * (exclusive when lo_open). */
typedef struct key {
    const char *name;
    enum ktype type;
    size_t off;
    int dir;
    double limit;
    double lo;
    int lo_open;
} key;

#define OFF(f) offsetof(csm_policy, f)

static const key keys[] = {
    {"version", K_TEXT, OFF(version), 0, 0, 0, 0},
    {"min_count", K_INT, OFF(min_count), 1, 6, 1, 0},
    {"round_base", K_INT, OFF(round_base), 1, 5, 1, 0}, /* see base_ok */
    {"single_release", K_BOOL, OFF(single_release), 0, 0, 0, 0},
    {"dominance", K_NUM, OFF(dominance), -1, 0.95, 0, 1},
    {"cell_m", K_NUM, OFF(cell_m), 1, 250, 0, 1},
    {"snap_min_addresses", K_INT, OFF(snap_min_addresses), 1, 8, 1, 0},
    {"k", K_INT, OFF(k), 1, 8, 1, 0},
    {"donut_r_min_m", K_NUM, OFF(donut_r_min_m), 1, 50, 0, 1},
    {"donut_r_max_factor", K_NUM, OFF(donut_r_max_factor), -1, 3, 1, 1},
    {"max_displacement_m", K_NUM, OFF(max_displacement_m), -1, 20000, 0, 1},
    {"containment", K_BOOL, OFF(containment), 0, 0, 0, 0},
    {"safety_min_respondents", K_INT, OFF(safety_min_respondents), 1, 10, 1, 0},
    {"safety_min_option", K_INT, OFF(safety_min_option), 1, 5, 1, 0},
    {"kde_kernel", K_KERNEL, OFF(kde_kernel), 0, 0, 0, 0},
    {"kde_bandwidth_min_m", K_NUM, OFF(kde_bandwidth_min_m), 1, 200, 0, 1},
    {"kde_cell_min_m", K_NUM, OFF(kde_cell_min_m), 1, 50, 0, 1},
    {"kde_min_count", K_INT, OFF(kde_min_count), 1, 6, 1, 0},
    {"kde_classes", K_INT, OFF(kde_classes), -1, 7, 2, 0},
    {"aggregate_only", K_CODES, OFF(aggregate_only), 0, 0, 0, 0},
};
#define NKEYS (sizeof keys / sizeof *keys)

static double get_num(const csm_policy *pol, const key *k)
{
    const char *p = (const char *)pol + k->off;

    if (k->type == K_INT || k->type == K_BOOL)
        return *(const int *)(const void *)p;
    return *(const double *)(const void *)p;
}

static void fmt_num(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.15g", v);
}

/* Check one key of 'pol'; on failure write the reason (no prefix) to
 * msg and return the error code. */
static int check_key(const csm_policy *pol, const key *k, char *msg, size_t n)
{
    char v[32], l[32];
    double x;
    size_t i, j;

    if (k->type == K_TEXT) {
        if (!pol->version[0]) {
            snprintf(msg, n, "version must not be empty");
            return CSM_EDATA;
        }
        return CSM_OK;
    }
    if (k->type == K_KERNEL) {
        if (pol->kde_kernel != CSM_KERNEL_QUARTIC &&
            pol->kde_kernel != CSM_KERNEL_GAUSSIAN) {
            snprintf(msg, n, "kde_kernel must be quartic or gaussian");
            return CSM_EDATA;
        }
        return CSM_OK;
    }
    if (k->type == K_CODES) {
        for (i = 0; i < NMUST; i++) {
            for (j = 0; j < pol->naggregate_only; j++)
                if (strcasecmp(pol->aggregate_only[j], must_aggregate[i]) == 0)
                    break;
            if (j == pol->naggregate_only) {
                snprintf(msg, n,
                         "aggregate_only lacks '%s', which the limit "
                         "requires: add it",
                         must_aggregate[i]);
                return CSM_EPRIVACY;
            }
        }
        return CSM_OK;
    }
    if (k->type == K_BOOL)
        return CSM_OK;
    x = get_num(pol, k);
    fmt_num(v, sizeof v, x);
    fmt_num(l, sizeof l, k->lo);
    if (!isfinite(x) || (k->lo_open ? x <= k->lo : x < k->lo)) {
        snprintf(msg, n, "%s %s must be %s %s", k->name, v,
                 k->lo_open ? "more than" : "at least", l);
        return CSM_EDATA;
    }
    fmt_num(l, sizeof l, k->limit);
    if (k->off == OFF(round_base)) {
        /* row 3: rounding below 5 only for a single release */
        if (x < k->limit && !pol->single_release) {
            snprintf(msg, n,
                     "round_base %s is looser than the limit %s (lower "
                     "values need single_release: true): raise it",
                     v, l);
            return CSM_EPRIVACY;
        }
        return CSM_OK;
    }
    if ((k->dir > 0 && x < k->limit) || (k->dir < 0 && x > k->limit)) {
        snprintf(msg, n, "%s %s is looser than the limit %s: %s it", k->name, v,
                 l, k->dir > 0 ? "raise" : "lower");
        return CSM_EPRIVACY;
    }
    return CSM_OK;
}

int csm_policy_check(const csm_policy *pol, csm_error *err)
{
    char msg[200];
    size_t i;
    int rc;

    for (i = 0; i < NKEYS; i++)
        if ((rc = check_key(pol, &keys[i], msg, sizeof msg)))
            return csm_fail(err, rc, "policy '%s': %s", pol->version, msg);
    return CSM_OK;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

typedef struct loader {
    const char *path;
    csm_error *err;
} loader;

/* "FILE:LINE:COL: " in front of a message about node 'n'. */
static int fail_at(loader *ld, struct fy_node *n, int code, const char *msg)
{
    struct fy_token *t = n ? fy_node_get_scalar_token(n) : NULL;
    const struct fy_mark *m = t ? fy_token_start_mark(t) : NULL;

    if (m)
        return csm_fail(ld->err, code, "%s:%d:%d: %s", ld->path, m->line + 1,
                        m->column + 1, msg);
    return csm_fail(ld->err, code, "%s: %s", ld->path, msg);
}

/* Edit distance, for "did you mean".  Keys are short. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    size_t row[64];

    if (la >= 63 || lb >= 63)
        return 99;
    for (j = 0; j <= lb; j++)
        row[j] = j;
    for (i = 1; i <= la; i++) {
        size_t prev = row[0], cur;
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            cur = row[j];
            row[j] = prev + (a[i - 1] != b[j - 1]);
            if (row[j - 1] + 1 < row[j])
                row[j] = row[j - 1] + 1;
            if (cur + 1 < row[j])
                row[j] = cur + 1;
            prev = cur;
        }
    }
    return row[lb];
}

static const key *find_key(const char *name)
{
    size_t i;

    for (i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].name, name) == 0)
            return &keys[i];
    return NULL;
}

static int unknown_key(loader *ld, struct fy_node *kn, const char *name)
{
    char msg[200];
    const char *best = NULL;
    size_t i, d, bd = 3;

    for (i = 0; i < NKEYS; i++)
        if ((d = distance(name, keys[i].name)) < bd) {
            bd = d;
            best = keys[i].name;
        }
    if (best)
        snprintf(msg, sizeof msg,
                 "unknown key '%.60s' in the policy (did you mean '%s'?)", name,
                 best);
    else
        snprintf(msg, sizeof msg, "unknown key '%.60s' in the policy", name);
    return fail_at(ld, kn, CSM_EDATA, msg);
}

static int parse_bool(const char *s, int *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE") ||
        !strcmp(s, "yes") || !strcmp(s, "on"))
        *out = 1;
    else if (!strcmp(s, "false") || !strcmp(s, "False") ||
             !strcmp(s, "FALSE") || !strcmp(s, "no") || !strcmp(s, "off"))
        *out = 0;
    else
        return -1;
    return 0;
}

static int parse_codes(loader *ld, struct fy_node *vn, csm_policy *pol)
{
    struct fy_node *it;
    void *iter = NULL;
    size_t n = 0;

    if (!fy_node_is_sequence(vn))
        return fail_at(ld, vn, CSM_EDATA,
                       "aggregate_only must be a list of category codes");
    while ((it = fy_node_sequence_iterate(vn, &iter))) {
        const char *s = fy_node_is_scalar(it) ? fy_node_get_scalar0(it) : NULL;
        if (!s || !*s || strlen(s) >= CSM_POLICY_CODE_LEN)
            return fail_at(ld, it, CSM_EDATA,
                           "aggregate_only: each entry must be a category "
                           "code of 1 to 15 characters");
        if (n == CSM_POLICY_MAX_CODES)
            return fail_at(ld, it, CSM_EDATA,
                           "aggregate_only: too many codes (at most 16)");
        snprintf(pol->aggregate_only[n++], CSM_POLICY_CODE_LEN, "%s", s);
    }
    pol->naggregate_only = n;
    return CSM_OK;
}

/* [+-]digits[.digits]: policy numbers, read without strtod so that a
 * locale with a decimal comma cannot change them. */
static int parse_num(const char *s, double *out)
{
    double v = 0, scale = 1; /* exact while under 2^53 and 10^22 */
    int neg = 0, n = 0;

    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (; *s >= '0' && *s <= '9'; s++, n++)
        v = v * 10 + (*s - '0');
    if (*s == '.')
        for (s++; *s >= '0' && *s <= '9'; s++, n++) {
            v = v * 10 + (*s - '0');
            scale *= 10;
        }
    if (!n || *s || n > 15)
        return -1;
    v /= scale; /* one rounding, as strtod would */
    *out = neg ? -v : v;
    return 0;
}

/* Parse the scalar value of key k into pol (no limit check yet). */
static int parse_value(loader *ld, const key *k, struct fy_node *vn,
                       csm_policy *pol)
{
    char msg[200];
    char *p = (char *)pol + k->off, *end;
    const char *s;

    if (k->type == K_CODES)
        return parse_codes(ld, vn, pol);
    s = fy_node_is_scalar(vn) ? fy_node_get_scalar0(vn) : NULL;
    if (!s) {
        snprintf(msg, sizeof msg, "%s must be a single value", k->name);
        return fail_at(ld, vn, CSM_EDATA, msg);
    }
    if (k->type == K_TEXT) {
        if (strlen(s) >= sizeof pol->version) {
            snprintf(msg, sizeof msg, "%s is too long (at most 63 characters)",
                     k->name);
            return fail_at(ld, vn, CSM_EDATA, msg);
        }
        snprintf(pol->version, sizeof pol->version, "%s", s);
        return CSM_OK;
    }
    if (k->type == K_BOOL) {
        if (parse_bool(s, (int *)(void *)p) == 0)
            return CSM_OK;
        snprintf(msg, sizeof msg, "%s must be true or false", k->name);
        return fail_at(ld, vn, CSM_EDATA, msg);
    }
    if (k->type == K_KERNEL) {
        if (!strcmp(s, "quartic"))
            pol->kde_kernel = CSM_KERNEL_QUARTIC;
        else if (!strcmp(s, "gaussian"))
            pol->kde_kernel = CSM_KERNEL_GAUSSIAN;
        else
            return fail_at(ld, vn, CSM_EDATA,
                           "kde_kernel must be quartic or gaussian");
        return CSM_OK;
    }
    if (k->type == K_INT) {
        long v = strtol(s, &end, 10);
        if (end != s && !*end && v >= -1000000 && v <= 1000000) {
            *(int *)(void *)p = (int)v;
            return CSM_OK;
        }
        snprintf(msg, sizeof msg, "%s must be a whole number", k->name);
        return fail_at(ld, vn, CSM_EDATA, msg);
    } else {
        double v;
        if (parse_num(s, &v) == 0) {
            *(double *)(void *)p = v;
            return CSM_OK;
        }
        snprintf(msg, sizeof msg, "%s must be a number", k->name);
        return fail_at(ld, vn, CSM_EDATA, msg);
    }
}

static int load_mapping(loader *ld, struct fy_node *map, csm_policy *pol)
{
    struct fy_node *where[NKEYS] = {0};
    struct fy_node_pair *pair;
    void *iter = NULL;
    char msg[200];
    size_t i;
    int rc;

    while ((pair = fy_node_mapping_iterate(map, &iter))) {
        struct fy_node *kn = fy_node_pair_key(pair);
        struct fy_node *vn = fy_node_pair_value(pair);
        const char *name =
            kn && fy_node_is_scalar(kn) ? fy_node_get_scalar0(kn) : NULL;
        const key *k = name ? find_key(name) : NULL;

        if (!name)
            return fail_at(ld, kn, CSM_EDATA, "policy keys must be names");
        if (!k)
            return unknown_key(ld, kn, name);
        if (!vn)
            return fail_at(ld, kn, CSM_EDATA, "a policy key needs a value");
        if ((rc = parse_value(ld, k, vn, pol)))
            return rc;
        where[k - keys] = kn;
    }
    /* Limits after everything is read: round_base depends on
     * single_release, wherever each appears. */
    for (i = 0; i < NKEYS; i++)
        if ((rc = check_key(pol, &keys[i], msg, sizeof msg)))
            return fail_at(ld, where[i], rc, msg);
    return CSM_OK;
}

static int parse_error(loader *ld, struct fy_diag *diag)
{
    struct fy_diag_error *e;
    void *iter = NULL;

    e = diag ? fy_diag_errors_iterate(diag, &iter) : NULL;
    if (e && e->msg)
        return csm_fail(ld->err, CSM_EDATA, "%s:%d:%d: %s", ld->path, e->line,
                        e->column, e->msg);
    /* no document and no error: an empty file (or only comments) - the
     * defaults, which are the strict end anyway */
    return CSM_OK;
}

int csm_policy_load(const char *path, csm_policy *pol, csm_error *err)
{
    struct fy_parse_cfg cfg;
    struct fy_diag_cfg dcfg;
    struct fy_diag *diag;
    struct fy_document *doc = NULL;
    struct fy_node *root;
    loader ld = {path, err};
    FILE *f;
    int rc;

    csm_policy_defaults(pol);
    /* libfyaml's own message for a missing file is vague; ask first */
    if (!(f = fopen(path, "r")))
        return csm_fail(err, CSM_EIO, "cannot open policy '%s'", path);
    fclose(f);
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    if (!(diag = fy_diag_create(&dcfg)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    fy_diag_set_collect_errors(diag, true);
    memset(&cfg, 0, sizeof cfg);
    cfg.flags = FYPCF_QUIET;
    cfg.diag = diag;
    doc = fy_document_build_from_file(&cfg, path);
    if (!doc) {
        rc = parse_error(&ld, diag);
        goto out;
    }
    root = fy_document_root(doc);
    if (!root) { /* an empty file: the defaults */
        rc = CSM_OK;
        goto out;
    }
    if (!fy_node_is_mapping(root)) {
        rc =
            csm_fail(err, CSM_EDATA, "%s: a policy is a mapping of keys", path);
        goto out;
    }
    /* accept the keys at the top level or under one 'policy:' key */
    {
        struct fy_node *inner =
            fy_node_mapping_lookup_by_string(root, "policy", FY_NT);
        if (inner && fy_node_mapping_item_count(root) == 1 &&
            fy_node_is_mapping(inner))
            root = inner;
    }
    rc = load_mapping(&ld, root, pol);
out:
    if (doc)
        fy_document_destroy(doc);
    fy_diag_destroy(diag);
    if (rc)
        csm_policy_defaults(pol);
    return rc;
}
