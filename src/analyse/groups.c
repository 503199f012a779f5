/* groups.c - analyse: the two tables behind peer groups.  The groups
 * table gives each group's size band and harm codes (one row per group,
 * or one per person with a pseudonymous member id); the associations
 * table links groups to places in the spec's other layers.  Input ids
 * only find rows: messages name rows and per-map labels, never an id or
 * a value. */
#include <assert.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyse/analyse.h"

/* ---- the groups table ------------------------------------------------ */

static const csm_layer *sort_layer; /* qsort has no context argument */
static int sort_field;

static int by_value_then_row(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    const char *va = csm_layer_value(sort_layer, a, sort_field);
    const char *vb = csm_layer_value(sort_layer, b, sort_field);
    int c = strcmp(va ? va : "", vb ? vb : "");

    return c ? c : (a > b) - (a < b);
}

static void sort_rows(const csm_layer *l, int f, size_t *idx, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        idx[i] = i;
    sort_layer = l;
    sort_field = f;
    qsort(idx, n, sizeof *idx, by_value_then_row);
}

/* Distinct subjects among rows idx[0..n-1] (per-person tables). */
static int count_members(pg_ctx *p, const size_t *idx, size_t n, int fsub,
                         long *count)
{
    const csm_layer *t = p->groups;
    size_t *s = malloc(n * sizeof *s), i;

    if (!s)
        return csm_fail(p->err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        s[i] = idx[i];
        if (!csm_layer_value(t, idx[i], fsub)) {
            long row = t->feat[idx[i]].row;
            free(s);
            return csm_fail(p->err, CSM_EDATA, "row %ld: no subject id in '%s'",
                            row, t->field[fsub]);
        }
    }
    sort_layer = t;
    sort_field = fsub;
    qsort(s, n, sizeof *s, by_value_then_row);
    *count = n > 0;
    for (i = 1; i < n; i++)
        *count += strcmp(csm_layer_value(t, s[i], fsub),
                         csm_layer_value(t, s[i - 1], fsub)) != 0;
    free(s);
    return CSM_OK;
}

/* One group from its rows idx[0..n-1] (all with the same id). */
static int make_group(pg_ctx *p, const size_t *idx, size_t n, pg_group *g)
{
    const csm_layer *t = p->groups;
    int fid = csm_layer_field(t, p->ls->id);
    int fsize = csm_layer_field(t, p->ls->size);
    int fcat = csm_layer_field(t, p->ls->category);
    int fsub = csm_layer_field(t, p->ls->subject);
    long members = 0;
    size_t i;
    int rc;

    memset(g, 0, sizeof *g);
    g->id = csm_layer_value(t, idx[0], fid);
    g->row = t->feat[idx[0]].row;
    g->label = -1;
    if (n > 1 && fsub < 0)
        return csm_fail(p->err, CSM_EDATA,
                        "row %ld repeats the group of row %ld: give one row "
                        "per group, or name a pseudonymous member id with "
                        "subject: for one row per person",
                        t->feat[idx[1]].row, g->row);
    for (i = 0; i < n; i++) {
        const char *v = csm_layer_value(t, idx[i], fcat);
        if (v && analyse_codes_merge(g->codes, sizeof g->codes, v))
            return csm_fail(p->err, CSM_EDATA,
                            "row %ld: '%s' holds something that is not a "
                            "harm code: use CCE, CSE, CL, SYV, TRAF, MISS, "
                            "CUCK, HSB, ONLINE or OTHER",
                            t->feat[idx[i]].row, t->field[fcat]);
        v = csm_layer_value(t, idx[i], fsize);
        if (v && !(g->band = csm_analyse_parse_band(v)))
            return csm_fail(p->err, CSM_EDATA,
                            "row %ld: '%s' is not a group size: use a count "
                            "or a band (under 5, 5-9, 10+)",
                            t->feat[idx[i]].row, t->field[fsize]);
    }
    if (fsub < 0)
        return CSM_OK;
    if ((rc = count_members(p, idx, n, fsub, &members)))
        return rc;
    g->band = csm_analyse_size_band(members); /* counted beats written */
    return CSM_OK;
}

static int by_row(const void *pa, const void *pb)
{
    const pg_group *a = pa, *b = pb;

    return (a->row > b->row) - (a->row < b->row);
}

static const pg_group *cmp_groups; /* qsort has no context argument */

static int by_group_id(const void *pa, const void *pb)
{
    return strcmp(cmp_groups[*(const size_t *)pa].id,
                  cmp_groups[*(const size_t *)pb].id);
}

int analyse_read_groups(pg_ctx *p)
{
    const csm_layer *t = p->groups;
    int fid = csm_layer_field(t, p->ls->id);
    size_t *idx, i, j, n = t->n;
    int rc = CSM_OK;

    if (fid < 0)
        return csm_fail(p->err, CSM_EUSAGE, "the groups table has no id");
    idx = malloc((n + 1) * sizeof *idx);
    p->g = calloc(n + 1, sizeof *p->g);
    p->by_id = calloc(n + 1, sizeof *p->by_id);
    if (!idx || !p->g || !p->by_id)
        rc = csm_fail(p->err, CSM_ENOMEM, "out of memory");
    for (i = 0; !rc && i < n; i++)
        if (!csm_layer_value(t, i, fid))
            rc = csm_fail(p->err, CSM_EDATA, "row %ld: no group id in '%s'",
                          t->feat[i].row, t->field[fid]);
    if (!rc)
        sort_rows(t, fid, idx, n);
    for (i = 0; !rc && i < n; i = j) {
        for (j = i + 1; j < n && !strcmp(csm_layer_value(t, idx[j], fid),
                                         csm_layer_value(t, idx[i], fid));
             j++)
            ;
        rc = make_group(p, idx + i, j - i, &p->g[p->ng++]);
    }
    free(idx);
    if (rc)
        return rc;
    qsort(p->g, p->ng, sizeof *p->g, by_row); /* labels follow the table */
    for (i = 0; i < p->ng; i++)
        p->by_id[i] = i;
    cmp_groups = p->g;
    qsort(p->by_id, p->ng, sizeof *p->by_id, by_group_id);
    return CSM_OK;
}

static long find_group(const pg_ctx *p, const char *id)
{
    size_t lo = 0, hi = p->ng;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(p->g[p->by_id[mid]].id, id);
        if (c == 0)
            return (long)p->by_id[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* ---- the associations ------------------------------------------------ */

static int assoc_fail(const pg_ctx *p, int code, long row, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* "'group_places.csv', row 7: <msg>" - the row, never its values. */
static int assoc_fail(const pg_ctx *p, int code, long row, const char *fmt, ...)
{
    char msg[sizeof p->err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return csm_fail(p->err, code, "'%s', row %ld: %s", p->assoc->source, row,
                    msg);
}

static long spec_layer(const pg_ctx *p, const char *name)
{
    size_t i;

    for (i = 0; name && i < p->spec->nlayer; i++)
        if (!strcmp(p->spec->layer[i].name, name))
            return (long)i;
    return -1;
}

static int no_such_layer(const pg_ctx *p, long row)
{
    char names[160];
    size_t i, k = 0;

    names[0] = '\0';
    for (i = 0; i < p->spec->nlayer && k + 44 < sizeof names; i++)
        if (i != p->li)
            k += (size_t)snprintf(names + k, sizeof names - k, "%s%.40s",
                                  k ? ", " : "", p->spec->layer[i].name);
    return assoc_fail(p, CSM_EDATA, row,
                      "column 'layer' names no layer of the spec (layers: "
                      "%s%s)",
                      names, i < p->spec->nlayer ? ", ..." : "");
}

/* Resolve each row to (group, spec layer); the feature comes later. */
int analyse_read_links(pg_ctx *p)
{
    const csm_layer *t = p->assoc;
    int fg = csm_layer_field(t, "group"), fl = csm_layer_field(t, "layer");
    size_t i;

    if (fg < 0 || fl < 0 || csm_layer_field(t, "place") < 0)
        return csm_fail(p->err, CSM_EUSAGE,
                        "the associations need columns group, layer, place");
    if (!(p->a = calloc(t->n + 1, sizeof *p->a)))
        return csm_fail(p->err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < t->n; i++) {
        const char *gid = csm_layer_value(t, i, fg);
        long row = t->feat[i].row, g, l;
        if (!gid)
            return assoc_fail(p, CSM_EDATA, row, "no group in column 'group'");
        if ((g = find_group(p, gid)) < 0) {
            if (p->ls->where)
                continue; /* a group the layer's where: left out */
            return assoc_fail(p, CSM_EDATA, row,
                              "its group is not in the groups table '%s'",
                              p->groups->source);
        }
        l = spec_layer(p, csm_layer_value(t, i, fl));
        if (l < 0 || (size_t)l == p->li)
            return no_such_layer(p, row);
        p->a[p->na].group = (size_t)g;
        p->a[p->na].layer = (size_t)l;
        p->a[p->na].tab = i;
        p->a[p->na].row = row;
        p->na++;
        if (p->g[g].label < 0)
            p->g[g].label = 0; /* has a place: numbered below */
    }
    return CSM_OK;
}

void analyse_number_groups(pg_ctx *p)
{
    size_t i;
    int k = 0;

    for (i = 0; i < p->ng; i++)
        if (p->g[i].label >= 0)
            p->g[i].label = k++;
}

/* Refuse a link to a sensitive layer: the group is named by its label. */
static int check_layer(const pg_ctx *p, const pg_link *a)
{
    const csm_layer_spec *pl = &p->spec->layer[a->layer];
    char label[32];
    const char *why = NULL;

    csm_analyse_group_label((size_t)p->g[a->group].label, label, sizeof label);
    if (pl->kind == CSM_KIND_CONCERN)
        why = "holds locations of concern";
    else if (pl->sensitivity >= CSM_SENS_PSEUDONYMISED)
        why = pl->sensitivity == CSM_SENS_PERSONAL ? "is marked personal"
                                                   : "is marked pseudonymised";
    else if (pl->kind == CSM_KIND_SAFETY_MAP)
        why = "holds young people's own ratings";
    if (why)
        return assoc_fail(p, CSM_EPRIVACY, a->row,
                          "%s would link to layer '%.40s', which %s: groups "
                          "may link only to public, non-residential places; "
                          "remove the row",
                          label, pl->name, why);
    if (pl->kind == CSM_KIND_ROUTE || pl->kind == CSM_KIND_ANNOTATION ||
        pl->kind == CSM_KIND_PEER_GROUP)
        return assoc_fail(p, CSM_EDATA, a->row,
                          "layer '%.40s' is a %s, not a place: link groups to "
                          "schools, hubs, areas, parks or protective places",
                          pl->name, csm_kind_name(pl->kind));
    return CSM_OK;
}

/* The one feature of the link's layer whose id (else name) is 'place'. */
static int find_place(pg_ctx *p, pg_link *a, const char *place)
{
    const csm_layer_spec *pl = &p->spec->layer[a->layer];
    const csm_layer *l = p->layers[a->layer];
    int fid = csm_layer_field(l, pl->id), flab = csm_layer_field(l, pl->label);
    size_t i, n = 0, pass;

    if (fid < 0 && flab < 0)
        return assoc_fail(p, CSM_EDATA, a->row,
                          "layer '%.40s' has no id: or label: to match places "
                          "against: add id: (its id column) to that layer",
                          pl->name);
    /* ids first, then names exactly, then names ignoring case */
    for (pass = 0; pass < 3 && n == 0; pass++)
        for (i = 0; i < l->n; i++) {
            const char *v = csm_layer_value(l, i, pass == 0 ? fid : flab);
            if (v && (pass == 2 ? !strcasecmp(v, place) : !strcmp(v, place)))
                if (n++ == 0)
                    a->feat = i;
        }
    if (n == 1)
        return CSM_OK;
    if (n == 0)
        return assoc_fail(p, CSM_EDATA, a->row,
                          "no feature of layer '%.40s' has that id or name "
                          "(column 'place')",
                          pl->name);
    return assoc_fail(p, CSM_EDATA, a->row,
                      "column 'place' matches %zu features of layer '%.40s': "
                      "use an id",
                      n, pl->name);
}

static int check_place(const pg_ctx *p, const pg_link *a)
{
    const csm_layer_spec *pl = &p->spec->layer[a->layer];
    const csm_layer *l = p->layers[a->layer];
    char label[32];

    if (!csm_analyse_residential(
            csm_layer_value(l, a->feat, csm_layer_field(l, pl->category)),
            csm_layer_value(l, a->feat, csm_layer_field(l, pl->label))))
        return CSM_OK;
    csm_analyse_group_label((size_t)p->g[a->group].label, label, sizeof label);
    return assoc_fail(p, CSM_EPRIVACY, a->row,
                      "%s would link to a home in layer '%.40s' (care, "
                      "foster, refuge or supported housing): groups may link "
                      "only to public, non-residential places; remove the "
                      "row",
                      label, pl->name);
}

int analyse_resolve_links(pg_ctx *p)
{
    int fp = csm_layer_field(p->assoc, "place");
    size_t i;
    int rc = CSM_OK;

    for (i = 0; i < p->na && !rc; i++) {
        pg_link *a = &p->a[i];
        const char *place = csm_layer_value(p->assoc, a->tab, fp);
        if ((rc = check_layer(p, a)))
            break;
        if (!place)
            rc = assoc_fail(p, CSM_EDATA, a->row, "no place in column 'place'");
        if (!rc)
            rc = find_place(p, a, place);
        if (!rc)
            rc = check_place(p, a);
    }
    return rc;
}
