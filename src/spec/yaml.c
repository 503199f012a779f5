/* yaml.c - spec stage: load a YAML file with libfyaml, quietly, and read
 * checked values from it with messages that point at FILE:LINE:COL. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "spec/spec.h"

/* libfyaml would print to stderr; libcsmap never prints. */
static void quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

static int syntax_error(const char *path, struct fy_diag *diag, csm_error *err)
{
    struct fy_diag_error *e;
    void *it = NULL;

    while ((e = fy_diag_errors_iterate(diag, &it)))
        if (e->type >= FYET_ERROR && e->msg)
            return csm_fail(err, CSM_EDATA, "%s:%d:%d: %s", path, e->line,
                            e->column, e->msg);
    return csm_fail(err, CSM_EDATA, "%s:1:1: empty file (expected keys)", path);
}

static struct fy_document *parse(FILE *fp, struct fy_diag *diag)
{
    struct fy_parse_cfg pc;

    memset(&pc, 0, sizeof pc);
    /* resolve aliases so *refs read like the values they name */
    pc.flags = FYPCF_QUIET | FYPCF_RESOLVE_DOCUMENT;
    pc.diag = diag;
    return fy_document_build_from_fp(&pc, fp);
}

int y_load(const char *path, struct fy_document **out, csm_error *err)
{
    struct fy_diag_cfg dc;
    struct fy_diag *diag = NULL;
    struct fy_document *fyd = NULL;
    struct fy_node *root;
    struct stat st;
    FILE *fp;
    int rc = 0;

    *out = NULL;
    fp = fopen(path, "r");
    if (!fp)
        return csm_fail(err, CSM_EIO, "cannot open '%s': %s", path,
                        strerror(errno));
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        rc = csm_fail(err, CSM_EIO, "cannot open '%s': %s", path,
                      strerror(EISDIR));
        goto out;
    }
    fy_diag_cfg_default(&dc);
    dc.fp = NULL;
    dc.output_fn = quiet;
    dc.colorize = false;
    diag = fy_diag_create(&dc);
    if (!diag) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory reading '%s'", path);
        goto out;
    }
    fy_diag_set_collect_errors(diag, true);
    fyd = parse(fp, diag);
    if (!fyd || fy_diag_got_error(diag) || !fy_document_root(fyd)) {
        rc = syntax_error(path, diag, err);
        goto out;
    }
    root = fy_document_root(fyd);
    if (!fy_node_is_mapping(root)) {
        ycx c = {path, err};
        rc = y_fail(&c, root, "expected keys at top level, not a %s",
                    fy_node_is_sequence(root) ? "list" : "single value");
        goto out;
    }
    *out = fyd;
    fyd = NULL;
out:
    if (fyd)
        fy_document_destroy(fyd);
    if (diag)
        fy_diag_destroy(diag);
    fclose(fp);
    return rc;
}

void y_pos(struct fy_node *n, struct fy_node *fallback, int *line, int *col)
{
    const struct fy_mark *m = NULL;
    struct fy_token *t;
    struct fy_node_pair *p;
    struct fy_node *item;
    void *it = NULL;

    *line = *col = 0;
    if (n && fy_node_is_scalar(n)) {
        t = fy_node_get_scalar_token(n);
        m = t ? fy_token_start_mark(t) : NULL;
    } else if (n && fy_node_is_mapping(n)) {
        if ((p = fy_node_mapping_iterate(n, &it))) {
            y_pos(fy_node_pair_key(p), fallback, line, col);
            return;
        }
    } else if (n && (item = fy_node_sequence_iterate(n, &it))) {
        y_pos(item, fallback, line, col);
        return;
    }
    if (m) {
        *line = m->line + 1;
        *col = m->column + 1;
    } else if (fallback && fallback != n) {
        y_pos(fallback, NULL, line, col);
    }
}

int y_fail(const ycx *c, struct fy_node *at, const char *fmt, ...)
{
    char msg[sizeof c->err->msg];
    va_list ap;
    int line, col;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    y_pos(at, NULL, &line, &col);
    if (line > 0)
        return csm_fail(c->err, CSM_EDATA, "%s:%d:%d: %s", c->path, line, col,
                        msg);
    return csm_fail(c->err, CSM_EDATA, "%s: %s", c->path, msg);
}

int y_is_null(struct fy_node *v)
{
    const char *s;

    if (!v || fy_node_is_null(v))
        return 1;
    if (!fy_node_is_scalar(v) || fy_node_get_style(v) != FYNS_PLAIN)
        return 0;
    s = fy_node_get_scalar0(v);
    return !s || !*s || !strcmp(s, "~") || !strcmp(s, "null") ||
           !strcmp(s, "Null") || !strcmp(s, "NULL");
}

struct fy_node *y_get(struct fy_node *map, const char *key,
                      struct fy_node **keyp)
{
    struct fy_node_pair *p;
    struct fy_node *k;
    const char *s;
    void *it = NULL;

    if (keyp)
        *keyp = NULL;
    while (map && (p = fy_node_mapping_iterate(map, &it))) {
        k = fy_node_pair_key(p);
        if (!fy_node_is_scalar(k) || !(s = fy_node_get_scalar0(k)) ||
            strcmp(s, key))
            continue;
        if (keyp)
            *keyp = k;
        return y_is_null(fy_node_pair_value(p)) ? NULL : fy_node_pair_value(p);
    }
    return NULL;
}

/* Edit distance, ignoring case; long words count as far apart. */
static int distance(const char *a, const char *b)
{
    int row[2][48], i, j, na = (int)strlen(a), nb = (int)strlen(b);
    int *prev = row[0], *cur = row[1], *t;

    if (na >= 48 || nb >= 48)
        return 99;
    for (j = 0; j <= nb; j++)
        prev[j] = j;
    for (i = 1; i <= na; i++) {
        cur[0] = i;
        for (j = 1; j <= nb; j++) {
            int sub = prev[j - 1] + (tolower((unsigned char)a[i - 1]) !=
                                     tolower((unsigned char)b[j - 1]));
            int del = prev[j] + 1, ins = cur[j - 1] + 1;
            cur[j] =
                sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
        t = prev;
        prev = cur;
        cur = t;
    }
    return prev[nb];
}

static int shares_prefix(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b), n = na < nb ? na : nb;

    return n >= 3 && !strncasecmp(a, b, n);
}

/* Fold names[0..n-1] into the running best suggestion. */
static void suggest_from(const char *word, const char *const *names, int n,
                         const char **best, int *bestd)
{
    int i, d;

    for (i = 0; i < n && names[i]; i++) {
        d = distance(word, names[i]);
        if (d > 2 || d >= (int)strlen(word))
            d = shares_prefix(word, names[i]) ? 3 : 99;
        if (d < *bestd) {
            *bestd = d;
            *best = names[i];
        }
    }
}

const char *y_suggest(const char *word, const char *const *names, int n)
{
    const char *best = NULL;
    int bestd = 99;

    suggest_from(word, names, n, &best, &bestd);
    return best;
}

static int in_list(const char *s, const char *const *list)
{
    for (; list && *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

static int unknown_key(const ycx *c, struct fy_node *k, const char *s,
                       const char *const *keys, int symbols,
                       const char *const *nested, const char *nest,
                       const char *where)
{
    const char *best = NULL;
    int bestd = 99;

    if (in_list(s, nested))
        return y_fail(c, k, "unknown key '%s' %s ('%s' belongs under '%s')", s,
                      where, s, nest);
    suggest_from(s, keys, 1 << 30, &best, &bestd);
    if (symbols)
        suggest_from(s, y_symbol_keys, 1 << 30, &best, &bestd);
    if (best)
        return y_fail(c, k, "unknown key '%s' %s (did you mean '%s'?)", s,
                      where, best);
    return y_fail(c, k, "unknown key '%s' %s", s, where);
}

int y_check_keys(const ycx *c, struct fy_node *map, const char *const *keys,
                 int symbols, const char *const *nested, const char *nest,
                 const char *where)
{
    struct fy_node_pair *p;
    struct fy_node *k;
    const char *s;
    void *it = NULL;

    while ((p = fy_node_mapping_iterate(map, &it))) {
        k = fy_node_pair_key(p);
        if (!fy_node_is_scalar(k) || !(s = fy_node_get_scalar0(k)))
            return y_fail(c, k, "keys %s must be plain words", where);
        if (in_list(s, keys) || (symbols && in_list(s, y_symbol_keys)))
            continue;
        return unknown_key(c, k, s, keys, symbols, nested, nest, where);
    }
    return 0;
}

static const char *type_name(struct fy_node *v)
{
    return fy_node_is_sequence(v)  ? "a list"
           : fy_node_is_mapping(v) ? "a mapping"
                                   : "a single value";
}

int y_want_map(const ycx *c, struct fy_node *v, struct fy_node *key,
               const char *name, const char *where)
{
    if (fy_node_is_mapping(v))
        return 0;
    return y_fail(c, key ? key : v, "'%s' %s must be a mapping of keys, not %s",
                  name, where, type_name(v));
}

int y_want_seq(const ycx *c, struct fy_node *v, struct fy_node *key,
               const char *name, const char *where)
{
    if (fy_node_is_sequence(v))
        return 0;
    return y_fail(c, key ? key : v, "'%s' %s must be a list, not %s", name,
                  where, type_name(v));
}

/* The scalar value of 'key', or NULL with *rc set when it is not one. */
static const char *scalar(const ycx *c, struct fy_node *map, const char *key,
                          const char *where, const char *what,
                          struct fy_node **vp, int *rc)
{
    struct fy_node *k, *v = y_get(map, key, &k);
    const char *s;

    *rc = 0;
    *vp = v;
    if (!v)
        return NULL;
    if (!fy_node_is_scalar(v)) {
        *rc = y_fail(c, k, "'%s' %s must be %s, not %s", key, where, what,
                     type_name(v));
        return NULL;
    }
    s = fy_node_get_scalar0(v);
    if (!s)
        *rc =
            csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
    return s;
}

int y_str(const ycx *c, struct fy_node *map, const char *key, const char *where,
          char **out)
{
    struct fy_node *v;
    const char *s;
    char *d;
    int rc;

    s = scalar(c, map, key, where, "a string", &v, &rc);
    if (!s)
        return rc;
    d = csm_strdup(s);
    if (!d)
        return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'",
                        c->path);
    free(*out);
    *out = d;
    return 0;
}

int y_scalar_num(struct fy_node *v, double *out)
{
    const char *s = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    char *end;
    double d;

    if (!s || !*s)
        return -1;
    errno = 0;
    d = strtod(s, &end);
    while (*end == ' ')
        end++;
    if (*end || errno || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

int y_num(const ycx *c, struct fy_node *map, const char *key, const char *where,
          double lo, double *out, int *found)
{
    struct fy_node *v;
    const char *s;
    double d;
    int rc;

    if (found)
        *found = 0;
    s = scalar(c, map, key, where, "a number", &v, &rc);
    if (!s)
        return rc;
    if (y_scalar_num(v, &d))
        return y_fail(c, v, "'%s' %s must be a number, not '%.40s'", key, where,
                      s);
    if (d < lo)
        return y_fail(c, v, "'%s' %s must be at least %g", key, where, lo);
    *out = d;
    if (found)
        *found = 1;
    return 0;
}

int y_bool(const ycx *c, struct fy_node *map, const char *key,
           const char *where, int *out, int *found)
{
    static const char *const yes[] = {"true", "yes", "on", NULL};
    static const char *const no[] = {"false", "no", "off", NULL};
    struct fy_node *v;
    const char *s;
    int rc, i;

    if (found)
        *found = 0;
    s = scalar(c, map, key, where, "true or false", &v, &rc);
    if (!s)
        return rc;
    for (i = 0; yes[i]; i++) {
        if (!strcasecmp(s, yes[i]) || !strcasecmp(s, no[i])) {
            *out = !strcasecmp(s, yes[i]);
            if (found)
                *found = 1;
            return 0;
        }
    }
    return y_fail(c, v, "'%s' %s must be true or false, not '%.40s'", key,
                  where, s);
}

int y_enum(const ycx *c, struct fy_node *map, const char *key,
           const char *where, const char *const *names, int n, int *out,
           int *found)
{
    char list[160];
    struct fy_node *v;
    const char *s;
    size_t len = 0;
    int rc, i;

    if (found)
        *found = 0;
    s = scalar(c, map, key, where, "a word", &v, &rc);
    if (!s)
        return rc;
    for (i = 0; i < n; i++) {
        if (!strcasecmp(s, names[i])) {
            *out = i;
            if (found)
                *found = 1;
            return 0;
        }
    }
    list[0] = '\0';
    for (i = 0; i < n && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
                                i == 0       ? ""
                                : i == n - 1 ? " or "
                                             : ", ",
                                names[i]);
    return y_fail(c, v, "bad %s '%.40s' %s (expected %s)", key, s, where, list);
}

char *y_resolve(const char *dir, const char *rel)
{
    size_t nd, nr;
    char *p;

    if (rel[0] == '/' || !strncmp(rel, "PG:", 3) || strstr(rel, "://") ||
        !dir || !*dir || !strcmp(dir, "."))
        return csm_strdup(rel);
    nd = strlen(dir);
    nr = strlen(rel);
    p = malloc(nd + nr + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, nd);
    p[nd] = '/';
    memcpy(p + nd + 1, rel, nr + 1);
    return p;
}
