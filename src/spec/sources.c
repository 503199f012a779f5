/* sources.c - spec stage: what a layer reads - a source that never holds
 * a password, and field names that may list alternatives, because open
 * data renames its columns with every vintage (WD13NM, WD22NM, ...). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec/spec.h"

/* 1 when 'key', then optional spaces and '=', appears in s (any case):
 * "password=..." in a libpq (or ODBC "PWD=") connection string. */
static int has_key(const char *s, const char *key)
{
    size_t n = strlen(key);

    for (; *s; s++) {
        const char *e = s + n;
        if (strncasecmp(s, key, n) != 0)
            continue;
        while (*e == ' ')
            e++;
        if (*e == '=')
            return 1;
    }
    return 0;
}

/* "scheme://user:secret@host": a password in the authority part. */
static int uri_password(const char *s)
{
    const char *a = strstr(s, "://"), *at, *colon;

    if (!a)
        return 0;
    a += 3;
    at = a + strcspn(a, "/?#");
    for (colon = a; colon < at && *colon != ':' && *colon != '@'; colon++)
        ;
    return colon < at && *colon == ':' &&
           memchr(colon, '@', (size_t)(at - colon));
}

int y_source_check(const ycx *c, struct fy_node *at, const char *source,
                   const char *where)
{
    /* never repeat the source: it holds the secret */
    if (has_key(source, "password") || has_key(source, "pwd") ||
        uri_password(source))
        return y_fail(c, at,
                      "the source %s holds a password: keep it in "
                      "~/.pgpass, PGPASSFILE or a pg_service.conf service "
                      "(source: PG:service=NAME), never in a spec",
                      where);
    return 0;
}

/* Append 'name' to the list being built in *out, '|' between names. */
static int join(const ycx *c, char **out, const char *name)
{
    size_t had = *out ? strlen(*out) : 0, n = strlen(name);
    char *p = realloc(*out, had + n + 2);

    if (!p)
        return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'",
                        c->path);
    if (had)
        p[had++] = '|';
    memcpy(p + had, name, n + 1);
    *out = p;
    return 0;
}

int y_field(const ycx *c, struct fy_node *map, const char *key,
            const char *where, char **out)
{
    struct fy_node *k, *v = y_get(map, key, &k), *item;
    char *list = NULL;
    void *it = NULL;
    int rc = 0;

    if (!v || !fy_node_is_sequence(v))
        return y_str(c, map, key, where, out);
    while (!rc && (item = fy_node_sequence_iterate(v, &it))) {
        const char *s =
            fy_node_is_scalar(item) ? fy_node_get_scalar0(item) : NULL;
        if (!s || !*s)
            rc = y_fail(c, item,
                        "'%s' %s must list field names (the first the "
                        "source has is used)",
                        key, where);
        else
            rc = join(c, &list, s);
    }
    if (!rc && !list)
        rc = y_fail(c, k, "'%s' %s is an empty list: name a field", key, where);
    if (rc) {
        free(list);
        return rc;
    }
    free(*out);
    *out = list;
    return 0;
}
