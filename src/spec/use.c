/* use.c - spec stage: `use: uk/gias-schools` - a layer takes its keys from
 * a shipped definition (csm_data_dir()/layers/uk/gias-schools.yaml) for
 * open data as it is downloaded; any key the layer gives itself wins. */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec/spec.h"

/* What a definition may say: how to read and draw a kind of file, never
 * which file (source), what to call it (name) or how to protect it. */
static const char *const use_keys[] = {
    "layer",  "sql",      "x",          "y",       "lon",
    "lat",    "crs",      "where",      "kind",    "sensitivity",
    "label",  "category", "date",       "subject", "id",
    "legend", "style",    "categories", NULL};

/* Coordinates and their CRS go together: a layer that names its own
 * columns takes none of the definition's. */
static const char *const coord_keys[] = {"x", "y", "lon", "lat", "crs", NULL};

static int in(const char *s, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(s, *list))
            return 1;
    return 0;
}

/* "uk/gias-schools": words of [a-z0-9_-] joined by '/', so a name can
 * never leave the layers/ folder. */
static int valid_name(const char *s)
{
    int word = 0;

    for (; *s; s++) {
        if (*s == '/' && word)
            word = 0;
        else if (islower((unsigned char)*s) || isdigit((unsigned char)*s) ||
                 *s == '-' || *s == '_')
            word = 1;
        else
            return 0;
    }
    return word;
}

/* The closest definition in the same folder, for "did you mean" (names
 * compared without the folder, which they all share). */
static void suggest(const char *dir, const char *name, char *out, size_t n)
{
    const char *slash = strrchr(name, '/'), *names[64], *best;
    int plen = slash ? (int)(slash - name) + 1 : 0, k = 0;
    char folder[4200], own[64][64];
    struct dirent *e;
    DIR *d;

    out[0] = '\0';
    snprintf(folder, sizeof folder, "%s/layers/%.*s", dir, plen, name);
    if (!(d = opendir(folder)))
        return;
    while ((e = readdir(d)) && k < 64) {
        size_t len = strlen(e->d_name);
        if (len <= 5 || len - 5 >= sizeof own[k] ||
            strcmp(e->d_name + len - 5, ".yaml"))
            continue;
        snprintf(own[k], sizeof own[k], "%.*s", (int)len - 5, e->d_name);
        names[k] = own[k];
        k++;
    }
    closedir(d);
    if ((best = y_suggest(name + plen, names, k)))
        snprintf(out, n, " (did you mean '%.*s%s'?)", plen, name, best);
}

static int unknown(const ycx *c, struct fy_node *v, const char *name,
                   const char *where)
{
    const char *dir = csm_data_dir();
    char hint[96];

    if (!valid_name(name))
        return y_fail(c, v,
                      "'use' %s must name a layer definition such as "
                      "uk/gias-schools (lower-case words and '/')",
                      where);
    suggest(dir, name, hint, sizeof hint);
    return y_fail(c, v, "unknown layer definition '%s' %s%s: see %s/layers/",
                  name, where, hint, dir);
}

/* 1 when the layer's own mapping names any coordinate key. */
static int has_coords(struct fy_node *m)
{
    struct fy_node *k;

    return y_get(m, "x", &k) || y_get(m, "y", &k) || y_get(m, "lon", &k) ||
           y_get(m, "lat", &k);
}

/* Copy into 'm' every key of 'def' that 'm' does not give. */
static int merge(const ycx *c, struct fy_node *m, struct fy_node *def)
{
    struct fy_document *doc = fy_node_document(m);
    struct fy_node_pair *p;
    struct fy_node *k, *kc, *vc;
    void *it = NULL;
    int own_coords = has_coords(m);

    while ((p = fy_node_mapping_iterate(def, &it))) {
        const char *key = fy_node_get_scalar0(fy_node_pair_key(p));
        if ((own_coords && in(key, coord_keys)) || y_get(m, key, &k) || k)
            continue;
        kc = fy_node_copy(doc, fy_node_pair_key(p));
        vc = fy_node_copy(doc, fy_node_pair_value(p));
        if (!kc || !vc || fy_node_mapping_append(m, kc, vc) != 0) {
            fy_node_free(kc);
            fy_node_free(vc);
            return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'",
                            c->path);
        }
    }
    return 0;
}

int y_use(const ycx *c, struct fy_node *m, const char *where)
{
    struct fy_node *k, *v = y_get(m, "use", &k);
    struct fy_document *def = NULL;
    char path[4200], *name = NULL, what[96];
    ycx dc;
    int rc;

    if (!v)
        return 0;
    rc = y_str(c, m, "use", where, &name);
    if (rc)
        return rc;
    snprintf(path, sizeof path, "%s/layers/%s.yaml", csm_data_dir(), name);
    if (!valid_name(name) || access(path, R_OK) != 0) {
        rc = unknown(c, v, name, where);
        goto out;
    }
    /* the definition's own mistakes point into its own file */
    dc.path = path;
    dc.err = c->err;
    snprintf(what, sizeof what, "in layer definition '%.40s'", name);
    rc = y_load(path, &def, c->err);
    if (!rc)
        rc = y_check_keys(&dc, fy_document_root(def), use_keys, 0,
                          y_symbol_keys, "style", what);
    if (!rc)
        rc = y_layer_check(&dc, fy_document_root(def), name, what);
    if (!rc)
        rc = merge(c, m, fy_document_root(def));
out:
    if (def)
        fy_document_destroy(def);
    free(name);
    return rc;
}
