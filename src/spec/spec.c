/* spec.c - spec stage: a map spec (YAML) -> csm_spec.  Every key in
 * doc/DESIGN.md, checked; defaults filled; relative paths resolved against
 * the spec's folder.  Layers are read in layer.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spec/spec.h"

static const char *const top_keys[] = {
    "title", "subtitle", "marking", "date",  "statement", "owner",  "sources",
    "page",  "crs",      "extent",  "style", "policy",    "layers",
    "annotations", "atlas", "compare", "panels", NULL};
static const char *const page_keys[] = {"size", "orientation", "margin_mm",
                                        NULL};
static const char *const extent_keys[] = {"layer", "where", "box", "margin_m",
                                          NULL};
static const char *const page_sizes[] = {"A4", "A3", "A2"};
static const char *const orientations[] = {"portrait", "landscape"};

static int nomem(const ycx *c)
{
    return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
}

static int digits(const char *s, int n)
{
    int i, v = 0;

    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* YYYY-MM-DD or YYYY-MM, a real day of a real month. */
static int valid_date(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t n = strlen(s);
    int y, m, d;

    if ((n != 7 && n != 10) || s[4] != '-' || (n == 10 && s[7] != '-'))
        return 0;
    y = digits(s, 4);
    m = digits(s + 5, 2);
    if (y < 0 || m < 1 || m > 12)
        return 0;
    if (n == 7)
        return 1;
    d = digits(s + 8, 2);
    if (d < 1 || d > mdays[m - 1])
        return 0;
    return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

static int read_sources(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v = y_get(root, "sources", &k), *item;
    void *it = NULL;
    const char *t;
    size_t n;

    if (!v)
        return 0;
    if (fy_node_is_mapping(v))
        return y_fail(c, k,
                      "'sources' at top level must be a list of "
                      "strings, not a mapping");
    n = fy_node_is_sequence(v) ? (size_t)fy_node_sequence_item_count(v) : 1;
    s->sources = calloc(n + 1, sizeof *s->sources);
    if (!s->sources)
        return nomem(c);
    if (fy_node_is_scalar(v)) { /* one line needs no list */
        if (!(s->sources[s->nsources++] = csm_strdup(fy_node_get_scalar0(v))))
            return nomem(c);
        return 0;
    }
    while ((item = fy_node_sequence_iterate(v, &it))) {
        if (!fy_node_is_scalar(item) || !(t = fy_node_get_scalar0(item)))
            return y_fail(c, item,
                          "'sources' at top level must be a list "
                          "of strings");
        if (!(s->sources[s->nsources++] = csm_strdup(t)))
            return nomem(c);
    }
    return 0;
}

static int read_page(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v = y_get(root, "page", &k);
    int size = CSM_PAGE_A4, rc;

    if (!v)
        return 0;
    rc = y_want_map(c, v, k, "page", "at top level");
    if (!rc)
        rc = y_check_keys(c, v, page_keys, 0, NULL, NULL, "in page");
    if (!rc)
        rc = y_enum(c, v, "size", "in page", page_sizes, 3, &size, NULL);
    if (!rc)
        rc = y_enum(c, v, "orientation", "in page", orientations, 2,
                    &s->landscape, NULL);
    if (!rc)
        rc = y_num(c, v, "margin_mm", "in page", 0.0, &s->margin_mm, NULL);
    s->page_size = (csm_page_size)size;
    return rc;
}

static int read_box(const ycx *c, struct fy_node *k, struct fy_node *v,
                    csm_box *b)
{
    double d[4];
    struct fy_node *item;
    void *it = NULL;
    int n = 0;

    if (!fy_node_is_sequence(v) || fy_node_sequence_item_count(v) != 4)
        goto bad;
    while ((item = fy_node_sequence_iterate(v, &it)))
        if (y_scalar_num(item, &d[n++]))
            goto bad;
    if (d[0] >= d[2] || d[1] >= d[3])
        return y_fail(c, k,
                      "'box' in extent must have minx < maxx and "
                      "miny < maxy");
    b->minx = d[0];
    b->miny = d[1];
    b->maxx = d[2];
    b->maxy = d[3];
    return 0;
bad:
    return y_fail(c, k,
                  "'box' in extent must be 4 numbers: [minx, miny, "
                  "maxx, maxy]");
}

static int read_extent(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v = y_get(root, "extent", &k), *bk, *box;
    int rc;

    if (!v)
        return 0;
    rc = y_want_map(c, v, k, "extent", "at top level");
    if (!rc)
        rc = y_check_keys(c, v, extent_keys, 0, NULL, NULL, "in extent");
    if (!rc)
        rc = y_str(c, v, "layer", "in extent", &s->extent_layer);
    if (!rc)
        rc = y_str(c, v, "where", "in extent", &s->extent_where);
    if (!rc)
        rc = y_num(c, v, "margin_m", "in extent", 0.0, &s->extent_margin_m,
                   NULL);
    if (rc)
        return rc;
    box = y_get(v, "box", &bk);
    if (box && s->extent_layer)
        return y_fail(c, k, "'extent' takes 'layer' or 'box', not both");
    if (s->extent_where && !s->extent_layer)
        return y_fail(c, k, "'where' in extent needs 'layer'");
    if (box) {
        s->extent_mode = CSM_EXTENT_BOX;
        return read_box(c, bk, box, &s->extent_box);
    }
    if (!s->extent_layer)
        return y_fail(c, k, "'extent' needs 'layer' or 'box'");
    s->extent_mode = CSM_EXTENT_LAYER;
    return 0;
}

/* style: a bare name is a shipped style; anything else a path. */
static int read_style(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v;
    char *name = NULL;
    size_t n;
    int rc;

    rc = y_str(c, root, "style", "at top level", &name);
    if (rc)
        return rc;
    v = y_get(root, "style", &k);
    n = name ? strlen(name) : 0;
    if (!name ||
        (!strchr(name, '/') && (n < 5 || strcmp(name + n - 5, ".yaml")) &&
         (n < 4 || strcmp(name + n - 4, ".yml")))) {
        size_t len = strlen(csm_data_dir()) + n + 32;
        if ((s->style = malloc(len)))
            snprintf(s->style, len, "%s/styles/%s.yaml", csm_data_dir(),
                     name ? name : "default");
        if (s->style && name && access(s->style, R_OK))
            rc = y_fail(c, v, "unknown style '%.40s' (no file '%s')", name,
                        s->style);
    } else {
        s->style = y_resolve(s->dir, name);
        if (s->style && access(s->style, R_OK))
            rc = y_fail(c, v, "cannot open style '%s': %s", s->style,
                        strerror(errno));
    }
    free(name);
    return !rc && !s->style ? nomem(c) : rc;
}

static int read_policy(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k;
    char *rel = NULL;
    int rc = y_str(c, root, "policy", "at top level", &rel);

    if (rc || !rel)
        return rc;
    s->policy = y_resolve(s->dir, rel);
    free(rel);
    if (!s->policy)
        return nomem(c);
    if (access(s->policy, R_OK))
        return y_fail(c, y_get(root, "policy", &k),
                      "cannot open policy '%s': %s", s->policy,
                      strerror(errno));
    return 0;
}

static int read_strings(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v;
    int rc;

    rc = y_str(c, root, "title", "at top level", &s->title);
    if (!rc && (!s->title || !*s->title))
        return y_fail(c, s->title ? y_get(root, "title", &k) : root,
                      "missing 'title' at top level");
    if (!rc)
        rc = y_str(c, root, "subtitle", "at top level", &s->subtitle);
    if (!rc)
        rc = y_str(c, root, "marking", "at top level", &s->marking);
    if (!rc)
        rc = y_str(c, root, "date", "at top level", &s->date);
    if (!rc && s->date && !valid_date(s->date))
        return y_fail(c, y_get(root, "date", &k),
                      "bad date '%.40s' at top level (expected YYYY-MM-DD "
                      "or YYYY-MM)",
                      s->date);
    if (!rc)
        rc = y_str(c, root, "statement", "at top level", &s->statement);
    if (!rc)
        rc = y_str(c, root, "owner", "at top level", &s->owner);
    if (!rc)
        rc = y_str(c, root, "crs", "at top level", &s->crs);
    if (!rc && s->crs && !*s->crs) {
        v = y_get(root, "crs", &k);
        return y_fail(c, v, "'crs' at top level must not be empty");
    }
    return rc;
}

/* extent: layer must name one of the layers. */
static int check_extent_layer(const ycx *c, struct fy_node *root,
                              const csm_spec *s)
{
    struct fy_node *k, *v;
    const char **names;
    const char *best;
    size_t i;
    int rc;

    if (s->extent_mode != CSM_EXTENT_LAYER)
        return 0;
    for (i = 0; i < s->nlayer; i++)
        if (!strcmp(s->layer[i].name, s->extent_layer))
            return 0;
    names = malloc((s->nlayer + 1) * sizeof *names);
    if (!names)
        return nomem(c);
    for (i = 0; i < s->nlayer; i++)
        names[i] = s->layer[i].name;
    best = y_suggest(s->extent_layer, names, (int)s->nlayer);
    v = y_get(y_get(root, "extent", &k), "layer", &k);
    if (best)
        rc = y_fail(c, v,
                    "no layer '%.40s' for extent (did you mean "
                    "'%.40s'?)",
                    s->extent_layer, best);
    else
        rc = y_fail(c, v, "no layer '%.40s' for extent", s->extent_layer);
    free(names);
    return rc;
}

/* The folder of 'path' ("." when it has none). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *d;

    if (!slash)
        return csm_strdup(".");
    if (slash == path)
        return csm_strdup("/");
    d = malloc((size_t)(slash - path) + 1);
    if (d) {
        memcpy(d, path, (size_t)(slash - path));
        d[slash - path] = '\0';
    }
    return d;
}

static int read_spec(const ycx *c, struct fy_node *root, csm_spec *s)
{
    int rc;

    s->margin_mm = 10.0;
    s->path = csm_strdup(c->path);
    s->dir = folder_of(c->path);
    if (!s->path || !s->dir)
        return nomem(c);
    rc = y_check_keys(c, root, top_keys, 0, page_keys, "page", "at top level");
    if (!rc)
        rc = read_strings(c, root, s);
    if (!rc)
        rc = read_sources(c, root, s);
    if (!rc)
        rc = read_page(c, root, s);
    if (!rc)
        rc = read_extent(c, root, s);
    if (!rc)
        rc = read_style(c, root, s);
    if (!rc)
        rc = read_policy(c, root, s);
    if (!rc)
        rc = y_layers(c, root, s);
    if (!rc)
        rc = check_extent_layer(c, root, s);
    if (!rc)
        rc = y_annotations(c, root, s); /* overlays.c */
    if (!rc)
        rc = y_atlas(c, root, s); /* atlaskeys.c */
    if (!rc)
        rc = y_compare(c, root, s); /* compare.c */
    if (!rc && !s->marking && !(s->marking = csm_strdup("OFFICIAL-SENSITIVE")))
        rc = nomem(c);
    if (!rc && !s->crs && !(s->crs = csm_strdup("EPSG:27700")))
        rc = nomem(c);
    return rc;
}

int csm_spec_load(const char *path, csm_spec **out, csm_error *err)
{
    struct fy_document *fyd;
    csm_spec *s = NULL;
    ycx c = {path, err};
    int rc;

    *out = NULL;
    rc = y_load(path, &fyd, err);
    if (rc)
        return rc;
    s = calloc(1, sizeof *s);
    if (!s)
        rc = nomem(&c);
    else
        rc = read_spec(&c, fy_document_root(fyd), s);
    fy_document_destroy(fyd);
    if (rc) {
        csm_spec_free(s);
        return rc;
    }
    *out = s;
    return 0;
}

void csm_spec_free(csm_spec *s)
{
    size_t i;

    if (!s)
        return;
    for (i = 0; i < s->nlayer; i++)
        y_layer_release(&s->layer[i]);
    free(s->layer);
    y_annotations_free(s);
    y_atlas_free(s);
    y_compare_free(s);
    for (i = 0; i < s->nsources; i++)
        free(s->sources[i]);
    free(s->sources);
    free(s->path);
    free(s->dir);
    free(s->title);
    free(s->subtitle);
    free(s->marking);
    free(s->date);
    free(s->statement);
    free(s->owner);
    free(s->crs);
    free(s->extent_layer);
    free(s->extent_where);
    free(s->style);
    free(s->policy);
    free(s);
}
