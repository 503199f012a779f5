/* overlays.c - spec stage: the keys of the safeguarding overlays that are
 * more than a layer's look: a peer-group layer's tables and the callouts
 * of the top-level annotations: list.  Only structure is checked here;
 * whether a place exists, a harm code is known or a text is safe to print
 * is for later stages, which have the data and the style. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

static const char *const note_keys[] = {"text", "category", "layer",
                                        "id",   "name",     NULL};

/* Callouts are read around a table: a paragraph is a report, not a note. */
#define NOTE_MAX_CHARS 200

static int nomem(const ycx *c)
{
    return csm_fail(c->err, CSM_ENOMEM, "out of memory reading '%s'", c->path);
}

/* A peer-group key on another kind is a mistake worth naming. */
static int only_for_groups(const ycx *c, struct fy_node *m, const char *where)
{
    static const char *const keys[] = {"size", "associations", "buffer_m"};
    struct fy_node *k;
    size_t i;

    for (i = 0; i < sizeof keys / sizeof *keys; i++)
        if (y_get(m, keys[i], &k) || k)
            return y_fail(c, k, "'%s' %s is for kind peer-group", keys[i],
                          where);
    return 0;
}

int y_peer_group(const ycx *c, struct fy_node *m, const char *dir,
                 const char *where, csm_layer_spec *ls)
{
    struct fy_node *k;
    char *assoc = NULL;
    int rc;

    if (ls->kind != CSM_KIND_PEER_GROUP)
        return only_for_groups(c, m, where);
    /* labels are assigned per map ("Group A"); a column could hold a
     * nickname or a child's name, so none is ever drawn */
    if (ls->label)
        return y_fail(c, y_get(m, "label", &k),
                      "'label' %s: peer groups are labelled Group A, "
                      "Group B, ... on each map, never from the data",
                      where);
    rc = y_str(c, m, "size", where, &ls->size);
    if (!rc)
        rc = y_str(c, m, "associations", where, &assoc);
    if (!rc)
        rc = y_num(c, m, "buffer_m", where, 0.0, &ls->buffer_m, NULL);
    if (!rc && assoc && !(ls->associations = y_resolve(dir, assoc)))
        rc = nomem(c);
    free(assoc);
    if (rc)
        return rc;
    if (!ls->id)
        return y_fail(c, m,
                      "missing 'id' %s: name the column holding the "
                      "pseudonymous group id",
                      where);
    if (!ls->associations)
        return y_fail(c, m,
                      "missing 'associations' %s: the table linking groups "
                      "to places (columns group, layer, place)",
                      where);
    return 0;
}

static int layer_named(const csm_spec *s, const char *name)
{
    size_t i;

    for (i = 0; i < s->nlayer; i++)
        if (!strcmp(s->layer[i].name, name))
            return 1;
    return 0;
}

static int check_layer(const ycx *c, struct fy_node *item, const char *where,
                       const csm_spec *s, const char *name)
{
    const char **names;
    const char *best;
    struct fy_node *k, *v = y_get(item, "layer", &k);
    size_t i;

    if (layer_named(s, name))
        return 0;
    if (!(names = malloc((s->nlayer + 1) * sizeof *names)))
        return nomem(c);
    for (i = 0; i < s->nlayer; i++)
        names[i] = s->layer[i].name;
    best = y_suggest(name, names, (int)s->nlayer);
    free(names);
    if (best)
        return y_fail(c, v, "no layer '%.40s' %s (did you mean '%.40s'?)", name,
                      where, best);
    return y_fail(c, v, "no layer '%.40s' %s", name, where);
}

static int read_note(const ycx *c, struct fy_node *item, size_t idx,
                     const csm_spec *s, csm_annotation *a)
{
    char where[48];
    struct fy_node *k;
    int col, rc;

    snprintf(where, sizeof where, "in annotations entry %zu", idx);
    y_pos(item, NULL, &a->line, &col);
    if (!fy_node_is_mapping(item))
        return y_fail(c, item,
                      "annotations entry %zu must be keys (text, category, "
                      "layer, id or name), not %s",
                      idx, fy_node_is_sequence(item) ? "a list" : "a value");
    rc = y_check_keys(c, item, note_keys, 0, NULL, NULL, where);
    if (!rc)
        rc = y_str(c, item, "text", where, &a->text);
    if (!rc)
        rc = y_str(c, item, "category", where, &a->category);
    if (!rc)
        rc = y_str(c, item, "layer", where, &a->layer);
    if (!rc)
        rc = y_str(c, item, "id", where, &a->id);
    if (!rc)
        rc = y_str(c, item, "name", where, &a->name);
    if (rc)
        return rc;
    if (!a->text || !*a->text)
        return y_fail(c, a->text ? y_get(item, "text", &k) : item,
                      "missing 'text' %s", where);
    if (strlen(a->text) > NOTE_MAX_CHARS)
        return y_fail(c, y_get(item, "text", &k),
                      "'text' %s is longer than %d characters: a callout "
                      "must fit beside the map",
                      where, NOTE_MAX_CHARS);
    if (!a->layer)
        return y_fail(c, item,
                      "missing 'layer' %s: pin the callout to a feature "
                      "with layer: and id: or name:",
                      where);
    if (!a->id == !a->name)
        return y_fail(c, item,
                      "%s needs one of 'id' or 'name' to say which feature "
                      "of layer '%.40s' it is pinned to",
                      where, a->layer);
    return check_layer(c, item, where, s, a->layer);
}

int y_annotations(const ycx *c, struct fy_node *root, csm_spec *s)
{
    struct fy_node *k, *v = y_get(root, "annotations", &k), *item;
    void *it = NULL;
    int rc;

    if (!v)
        return 0;
    rc = y_want_seq(c, v, k, "annotations", "at top level");
    if (rc)
        return rc;
    s->annotation = calloc((size_t)fy_node_sequence_item_count(v) + 1,
                           sizeof *s->annotation);
    if (!s->annotation)
        return nomem(c);
    while ((item = fy_node_sequence_iterate(v, &it))) {
        csm_annotation *a = &s->annotation[s->nannotation++];
        if ((rc = read_note(c, item, s->nannotation, s, a)))
            return rc;
    }
    return 0;
}

void y_annotations_free(csm_spec *s)
{
    size_t i;

    for (i = 0; i < s->nannotation; i++) {
        csm_annotation *a = &s->annotation[i];
        free(a->text);
        free(a->category);
        free(a->layer);
        free(a->id);
        free(a->name);
    }
    free(s->annotation);
    s->annotation = NULL;
    s->nannotation = 0;
}
