/* atlaskeys.c - spec stage: the top-level atlas: mapping, read by `csmap
 * atlas` (one profile page per area of a coverage layer).  Everything
 * here can also come from the command line; the spec keeps what belongs
 * with the atlas rather than with one run: its caveats and review date.
 *
 *   atlas:
 *     by: wards                     # the coverage layer (kind area)
 *     name: WD22NM                  # field naming each area
 *     population: children_0_17    # field: rate per 1,000 when given
 *     population_label: children aged 0-17
 *     concerns: concerns            # the layer the figures count
 *     comparator: All wards         # heading of the comparator column
 *     margin_m: 200                 # around each area
 *     review: 2027-05-20
 *     caveats: ["...", "..."] */
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

static const char *const atlas_keys[] = {
    "by",       "name",       "where",    "population", "population_label",
    "concerns", "comparator", "margin_m", "review",     "caveats",
    NULL};

static int nomem(const ycx *c)
{
    return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
}

static int caveats(const ycx *c, struct fy_node *m, csm_atlas_spec *a)
{
    struct fy_node *k, *v = y_get(m, "caveats", &k), *item;
    void *it = NULL;
    const char *t;
    size_t n;
    int rc;

    if (!v)
        return 0;
    if ((rc = y_want_seq(c, v, k, "caveats", "in atlas")))
        return rc;
    n = (size_t)fy_node_sequence_item_count(v);
    if (!(a->caveats = calloc(n + 1, sizeof *a->caveats)))
        return nomem(c);
    while ((item = fy_node_sequence_iterate(v, &it))) {
        if (!fy_node_is_scalar(item) || !(t = fy_node_get_scalar0(item)))
            return y_fail(c, item,
                          "'caveats' in atlas must be a list of "
                          "strings");
        if (!(a->caveats[a->ncaveats++] = csm_strdup(t)))
            return nomem(c);
    }
    return 0;
}

static int date_shape(const char *s)
{
    size_t n = strlen(s), i;

    if (n != 7 && n != 10)
        return 0;
    for (i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    i = (size_t)(s[5] - '0') * 10 + (size_t)(s[6] - '0');
    return i >= 1 && i <= 12;
}

/* by: and concerns: must name layers of the spec. */
static int check_layer(const ycx *c, struct fy_node *m, const csm_spec *s,
                       const char *key, const char *name)
{
    const char **names;
    const char *best;
    struct fy_node *k;
    size_t i;
    int rc;

    if (!name)
        return 0;
    for (i = 0; i < s->nlayer; i++)
        if (!strcmp(s->layer[i].name, name))
            return 0;
    if (!(names = malloc((s->nlayer + 1) * sizeof *names)))
        return nomem(c);
    for (i = 0; i < s->nlayer; i++)
        names[i] = s->layer[i].name;
    best = y_suggest(name, names, (int)s->nlayer);
    if (best)
        rc = y_fail(c, y_get(m, key, &k),
                    "no layer '%.40s' for %s in atlas "
                    "(did you mean '%.40s'?)",
                    name, key, best);
    else
        rc = y_fail(c, y_get(m, key, &k), "no layer '%.40s' for %s in atlas",
                    name, key);
    free(names);
    return rc;
}

int y_atlas(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *m = y_get(root, "atlas", &k);
    csm_atlas_spec *a = &s->atlas;
    const char *w = "in atlas";
    int line, col, rc;

    if (!m)
        return 0;
    y_pos(m, k, &line, &col);
    a->line = line;
    rc = y_want_map(c, m, k, "atlas", "at top level");
    if (!rc)
        rc = y_check_keys(c, m, atlas_keys, 0, NULL, NULL, w);
    if (!rc)
        rc = y_str(c, m, "by", w, &a->by);
    if (!rc)
        rc = y_str(c, m, "name", w, &a->name);
    if (!rc)
        rc = y_str(c, m, "where", w, &a->where);
    if (!rc)
        rc = y_str(c, m, "population", w, &a->population);
    if (!rc)
        rc = y_str(c, m, "population_label", w, &a->population_label);
    if (!rc)
        rc = y_str(c, m, "concerns", w, &a->concerns);
    if (!rc)
        rc = y_str(c, m, "comparator", w, &a->comparator);
    if (!rc)
        rc = y_str(c, m, "review", w, &a->review);
    if (!rc && a->review && !date_shape(a->review))
        rc = y_fail(c, y_get(m, "review", &k),
                    "bad date '%.40s' for review "
                    "in atlas (expected YYYY-MM-DD or YYYY-MM)",
                    a->review);
    if (!rc)
        rc = y_num(c, m, "margin_m", w, 0.0, &a->margin_m, NULL);
    if (!rc)
        rc = caveats(c, m, a);
    if (!rc)
        rc = check_layer(c, m, s, "by", a->by);
    if (!rc)
        rc = check_layer(c, m, s, "concerns", a->concerns);
    return rc;
}

void y_atlas_free(csm_spec *s)
{
    csm_atlas_spec *a = &s->atlas;
    size_t i;

    free(a->by);
    free(a->name);
    free(a->where);
    free(a->population);
    free(a->population_label);
    free(a->concerns);
    free(a->comparator);
    free(a->review);
    for (i = 0; i < a->ncaveats; i++)
        free(a->caveats[i]);
    free(a->caveats);
    memset(a, 0, sizeof *a);
}
