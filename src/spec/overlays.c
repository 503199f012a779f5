/* overlays.c - spec stage: the keys of the safeguarding overlays that are
 * more than a layer's look: a peer-group layer's tables, the callouts
 * of the top-level annotations: list, and the accept_warnings: of layers
 * and callouts (PRIVACY.md row 29).  Only structure is checked here;
 * whether a place exists, a harm code is known or a text is safe to print
 * is for later stages, which have the data and the style. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spec/spec.h"

static const char *const note_keys[] = {
    "text", "category", "layer", "id", "name", "accept_warnings", NULL};

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

/* ---- accept_warnings: (PRIVACY.md row 29) ------------------------------
 * Only warn-level kinds may be accepted: a column a person has read and
 * found to hold no one's name (shop names, say) can be passed, but a
 * postcode or an NHS number blocks whatever anyone says. */

static const struct {
    const char *name;
    unsigned kind;
} warn_kinds[] = {{"names", CSM_WARN_NAMES}, {"vehicles", CSM_WARN_VEHICLES}};

/* Beginnings of the names of blocking kinds, to refuse them by name. */
static const char *const block_stems[] = {
    "address",  "birth", "chi",    "coord",     "date",  "dob",      "e-mail",
    "email",    "grid",  "handle", "insurance", "lat",   "location", "mobile",
    "national", "nhs",   "ni",     "nino",      "phone", "postcode", "pupil",
    "social",   "tel",   "upn",    "what3words"};

int csm_warn_kind(const char *name)
{
    size_t i;

    for (i = 0; i < sizeof warn_kinds / sizeof *warn_kinds; i++)
        if (!strcmp(name, warn_kinds[i].name))
            return (int)warn_kinds[i].kind;
    for (i = 0; i < sizeof block_stems / sizeof *block_stems; i++)
        if (!strncasecmp(name, block_stems[i], strlen(block_stems[i])))
            return 0;
    return -1;
}

static int accept_kind(const ycx *c, struct fy_node *v, const char *where,
                       unsigned *kinds)
{
    const char *t = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    int k;

    if (!t)
        return y_fail(c, v,
                      "'accept_warnings' %s: a kind is a name (names or "
                      "vehicles), not %s",
                      where, fy_node_is_sequence(v) ? "a list" : "keys");
    if ((k = csm_warn_kind(t)) > 0) {
        *kinds |= (unsigned)k;
        return 0;
    }
    if (k == 0)
        return y_fail(c, v,
                      "'accept_warnings' %s: '%.40s' is a blocking "
                      "kind and cannot be accepted (PRIVACY.md row "
                      "29): remove such values or drop the field; "
                      "only names and vehicles (warnings) can be",
                      where, t);
    return y_fail(c, v,
                  "'accept_warnings' %s: unknown kind '%.40s' (expected "
                  "names or vehicles)",
                  where, t);
}

/* One kind, or a list of them, into *kinds. */
static int accept_kinds(const ycx *c, struct fy_node *v, const char *where,
                        unsigned *kinds)
{
    struct fy_node *item;
    void *it = NULL;
    int rc = 0;

    if (!fy_node_is_sequence(v))
        return accept_kind(c, v, where, kinds);
    while (!rc && (item = fy_node_sequence_iterate(v, &it)))
        rc = accept_kind(c, item, where, kinds);
    if (!rc && !*kinds)
        rc = y_fail(c, v,
                    "'accept_warnings' %s: an empty list accepts "
                    "nothing: name the kinds (names, vehicles)",
                    where);
    return rc;
}

/* 1 when 'name' is one of the alternatives "a|b" of field key 'f'. */
static int names_field(const char *f, const char *name)
{
    size_t n = strlen(name);

    while (f) {
        if (!strncmp(f, name, n) && (f[n] == '|' || !f[n]))
            return 1;
        f = strchr(f, '|');
        f = f ? f + 1 : NULL;
    }
    return 0;
}

int y_accept_layer(const ycx *c, struct fy_node *m, const char *where,
                   csm_layer_spec *ls)
{
    struct fy_node *k, *v = y_get(m, "accept_warnings", &k);
    struct fy_node_pair *pair;
    void *it = NULL;
    int rc;

    if (!v)
        return 0;
    if ((rc = y_want_map(c, v, k, "accept_warnings", where)))
        return rc;
    ls->accept =
        calloc((size_t)fy_node_mapping_item_count(v) + 1, sizeof *ls->accept);
    if (!ls->accept)
        return nomem(c);
    while ((pair = fy_node_mapping_iterate(v, &it))) {
        struct fy_node *kn = fy_node_pair_key(pair);
        struct fy_node *vn = fy_node_pair_value(pair);
        const char *f =
            kn && fy_node_is_scalar(kn) ? fy_node_get_scalar0(kn) : NULL;
        csm_accept *a = &ls->accept[ls->naccept];

        /* the free-text columns the warnings are looked for in */
        if (!f || !(names_field(ls->label, f) || names_field(ls->category, f) ||
                    names_field(ls->from, f) || names_field(ls->to, f)))
            return y_fail(c, kn ? kn : v,
                          "'accept_warnings' %s: '%.40s' is not a column "
                          "the layer reads as text (its label, category, "
                          "from or to)",
                          where, f ? f : "?");
        if (!vn)
            return y_fail(c, kn,
                          "'accept_warnings' %s: name the kinds "
                          "accepted for '%.40s' (names, vehicles)",
                          where, f);
        if (!(a->field = csm_strdup(f)))
            return nomem(c);
        ls->naccept++;
        if ((rc = accept_kinds(c, vn, where, &a->kinds)))
            return rc;
    }
    return 0;
}

void y_accept_release(csm_layer_spec *ls)
{
    size_t i;

    for (i = 0; i < ls->naccept; i++)
        free(ls->accept[i].field);
    free(ls->accept);
    ls->accept = NULL;
    ls->naccept = 0;
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
    struct fy_node *k, *v;
    int col, rc;

    snprintf(where, sizeof where, "in annotations entry %zu", idx);
    y_pos(item, NULL, &a->line, &col);
    if (!fy_node_is_mapping(item))
        return y_fail(c, item,
                      "annotations entry %zu must be keys (text, category, "
                      "layer, id, name or accept_warnings), not %s",
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
    if (!rc && (v = y_get(item, "accept_warnings", &k)))
        rc = accept_kinds(c, v, where, &a->accept);
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
