/* change_rows.c - the tool's period comparison: the change between
 * periods, worked out only from shown values and only where both periods
 * show a count (a change next to one known figure would give away the
 * other), as the change map's layer and classes and the change table's
 * rows.  compare.c draws them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

#define DASH "\xe2\x80\x94"  /* em dash: not shown */
#define MINUS "\xe2\x88\x92" /* minus sign */
#define NDASH "\xe2\x80\x93"

static const char *const month3[12] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};

/* "Jan–Mar 2026", "Nov 2025–Jan 2026", "Feb 2026". */

void compare_period_head(const csm_period *p, char *buf, size_t n)
{
    int a = p->from_month, b = p->to_month;

    if (a == b)
        snprintf(buf, n, "%s %d", month3[a % 12], a / 12);
    else if (a / 12 == b / 12)
        snprintf(buf, n, "%s" NDASH "%s %d", month3[a % 12], month3[b % 12],
                 b / 12);
    else
        snprintf(buf, n, "%s %d" NDASH "%s %d", month3[a % 12], a / 12,
                 month3[b % 12], b / 12);
}

/* ---- the change: cells, values, classes ---------------------------- */

static long shown_value(const csm_layer *l, size_t i, int f)
{
    const char *s = csm_layer_value(l, i, f);
    char *end;
    long v;

    if (!s || !*s)
        return -1;
    v = strtol(s, &end, 10);
    return *end || v < 0 ? -1 : v;
}

static csm_xy centre(const csm_geom *g)
{
    csm_box b;

    csm_geom_bounds(g, &b);
    return (csm_xy){round((b.minx + b.maxx) / 2.0),
                    round((b.miny + b.maxy) / 2.0)};
}

/* The name of area i: the area layer's label (public), else its id. */
static char *area_name(const cli_variant *v, int li, size_t i)
{
    const csm_layer_spec *ls = &v->spec->layer[li];
    const csm_layer *al = NULL;
    const csm_layer_spec *as = NULL;
    const char *s = NULL;
    char buf[64];
    size_t k;

    for (k = 0; k < v->spec->nlayer; k++)
        if (ls->protect_areas &&
            !strcmp(v->spec->layer[k].name, ls->protect_areas)) {
            al = v->layers[k];
            as = &v->spec->layer[k];
        }
    if (al && i < al->n) {
        s = csm_layer_value(al, i, csm_layer_field(al, as->label));
        if (!s || !*s)
            s = csm_layer_value(al, i, csm_layer_field(al, as->id));
    }
    if (!s || !*s) {
        snprintf(buf, sizeof buf, "Area %zu", i + 1);
        s = buf;
    }
    return csm_strdup(s);
}

static int find_cell(change *ch, csm_xy key)
{
    size_t i;

    for (i = 0; i < ch->n; i++)
        if (ch->cell[i].key.x == key.x && ch->cell[i].key.y == key.y)
            return (int)i;
    return -1;
}

static int add_cell(change *ch, const csm_feature *ft, csm_xy key, char *name,
                    csm_error *err)
{
    ccell *nc = realloc(ch->cell, (ch->n + 1) * sizeof *nc);
    size_t p;

    if (!nc || !name) {
        free(name);
        if (nc)
            ch->cell = nc;
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    ch->cell = nc;
    nc[ch->n].ft = ft;
    nc[ch->n].key = key;
    nc[ch->n].name = name;
    for (p = 0; p < CSM_MAX_PERIODS; p++)
        nc[ch->n].v[p] = -1;
    ch->n++;
    return CSM_OK;
}

/* Gather the shown values of every cell in every period. */
int compare_gather(change *ch, const cli_variant *v, size_t np, int li,
                   csm_error *err)
{
    size_t p, i;
    int rc = CSM_OK, k;

    memset(ch, 0, sizeof *ch);
    ch->np = np;
    ch->li = li;
    ch->area = v[0].spec->layer[li].protect == CSM_PROTECT_AREA;
    ch->base = v[0].pol.round_base;
    ch->min = v[0].pol.min_count;
    for (p = 0; p < np && !rc; p++) {
        const csm_layer *l = v[p].layers[li];
        int f = csm_layer_field(l, "children");
        for (i = 0; i < l->n && !rc; i++) {
            csm_xy key =
                ch->area ? (csm_xy){(double)i, 0.0} : centre(&l->feat[i].geom);
            if ((k = find_cell(ch, key)) < 0) {
                char buf[64];
                snprintf(buf, sizeof buf, "E %.0f, N %.0f", key.x, key.y);
                rc = add_cell(
                    ch, &l->feat[i], key,
                    ch->area ? area_name(&v[p], li, i) : csm_strdup(buf), err);
                k = (int)ch->n - 1;
            }
            if (!rc)
                ch->cell[k].v[p] = shown_value(l, i, f);
        }
    }
    /* grid cells are absent when zero or suppressed alike: not shown */
    return rc;
}

void compare_change_free(change *ch)
{
    size_t i;

    for (i = 0; i < ch->n; i++)
        free(ch->cell[i].name);
    free(ch->cell);
    memset(ch, 0, sizeof *ch);
}

/* The change classes, by the rounding base b: 4b or more either way is
 * "big".  Up is red and plain, down blue and hatched, so a greyscale
 * copy still tells them apart; not shown is white, cross-hatched. */
enum { C_UP2, C_UP1, C_SAME, C_DOWN1, C_DOWN2, C_HIDDEN, NCLASS };
static const char *const class_value[NCLASS] = {
    "up-more", "up", "same", "down", "down-more", "not-shown"};

static int class_of(const ccell *c, size_t a, size_t b, long base, long *d)
{
    if (c->v[a] < 0 || c->v[b] < 0)
        return C_HIDDEN;
    *d = c->v[b] - c->v[a];
    if (*d >= 4 * base)
        return C_UP2;
    if (*d > 0)
        return C_UP1;
    if (*d == 0)
        return C_SAME;
    return *d > -4 * base ? C_DOWN1 : C_DOWN2;
}

static csm_rgba hex(unsigned v, double a)
{
    return (csm_rgba){((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0,
                      (v & 255) / 255.0, a};
}

int compare_classes(csm_layer_spec *ls, const change *ch, const char *from,
                    const char *to, csm_error *err)
{
    static const unsigned fill[NCLASS] = {0xb2182b, 0xef8a62, 0xf2f2f2,
                                          0x67a9cf, 0x2166ac, 0xffffff};
    char lab[NCLASS][96], legend[200];
    csm_class *cls = calloc(NCLASS, sizeof *cls);
    long b = ch->base > 0 ? ch->base : 1;
    size_t k;

    if (!cls)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    snprintf(lab[C_UP2], sizeof lab[0], "Up by %ld or more", 4 * b);
    snprintf(lab[C_UP1], sizeof lab[0], "Up by %ld to %ld", b, 3 * b);
    snprintf(lab[C_SAME], sizeof lab[0], "No change");
    snprintf(lab[C_DOWN1], sizeof lab[0], "Down by %ld to %ld", b, 3 * b);
    snprintf(lab[C_DOWN2], sizeof lab[0], "Down by %ld or more", 4 * b);
    snprintf(lab[C_HIDDEN], sizeof lab[0],
             "Not shown: under %ld or hidden in a period", ch->min);
    for (k = 0; k < NCLASS; k++) {
        csm_symbol *s = &cls[k].sym;
        cls[k].value = csm_strdup(class_value[k]);
        cls[k].label = csm_strdup(lab[k]);
        s->set = CSM_SET_FILL | CSM_SET_STROKE | CSM_SET_STROKE_MM |
                 CSM_SET_HATCH | CSM_SET_HATCH_COLOUR | CSM_SET_HATCH_MM;
        s->fill = hex(fill[k], k == C_HIDDEN ? 0.85 : 0.8);
        s->stroke = hex(0x555555, 1.0);
        s->stroke_mm = 0.2;
        s->hatch = k == C_DOWN1 || k == C_DOWN2 ? CSM_HATCH_VERTICAL
                   : k == C_HIDDEN              ? CSM_HATCH_CROSS
                                                : CSM_HATCH_NONE;
        s->hatch_colour =
            k == C_HIDDEN ? hex(0x8c8c8c, 1.0) : hex(0xffffff, 0.9);
        s->hatch_mm = k == C_HIDDEN ? 1.2 : 1.0;
        if (!cls[k].value || !cls[k].label) {
            for (;; k--) {
                free(cls[k].value);
                free(cls[k].label);
                if (!k)
                    break;
            }
            free(cls);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
    }
    snprintf(legend, sizeof legend, "Change in distinct children, %s to %s",
             from, to);
    ls->cls = cls;
    ls->ncls = NCLASS;
    ls->legend = csm_strdup(legend);
    ls->name = csm_strdup("change");
    ls->label = csm_strdup("label");
    ls->category = csm_strdup("change");
    ls->sym.set = 0;
    ls->protect = CSM_PROTECT_NONE;
    if (!ls->legend || !ls->name || !ls->label || !ls->category)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

void compare_classes_free(csm_layer_spec *ls)
{
    size_t k;

    for (k = 0; ls->cls && k < ls->ncls; k++) {
        free(ls->cls[k].value);
        free(ls->cls[k].label);
    }
    free(ls->cls);
    free(ls->legend);
    free(ls->name);
    free(ls->label);
    free(ls->category);
}

static void change_text(long d, int cls, char *buf, size_t n)
{
    if (cls == C_HIDDEN)
        snprintf(buf, n, DASH);
    else if (d > 0)
        snprintf(buf, n, "+%ld", d);
    else if (d < 0)
        snprintf(buf, n, MINUS "%ld", -d);
    else
        snprintf(buf, n, "0");
}

/* The change layer: each cell's polygon, its class and its change as a
 * label (none where not shown). */
int compare_layer(const change *ch, size_t a, size_t b, csm_layer **out,
                  csm_error *err)
{
    static const char *const fields[2] = {"change", "label"};
    csm_layer *l = csm_layer_new("change", fields, 2);
    size_t i;
    int rc = CSM_OK;

    *out = NULL;
    if (!l)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < ch->n && !rc; i++) {
        csm_feature ft;
        char txt[32];
        long d = 0;
        int k = class_of(&ch->cell[i], a, b, ch->base, &d);
        memset(&ft, 0, sizeof ft);
        change_text(d, k, txt, sizeof txt);
        ft.row = (long)i + 1;
        ft.val = calloc(2, sizeof *ft.val);
        if (!ft.val || !(ft.val[0] = csm_strdup(class_value[k])) ||
            !(ft.val[1] = csm_strdup(k == C_HIDDEN ? "" : txt)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        if (!rc)
            rc = csm_geom_copy(&ft.geom, &ch->cell[i].ft->geom, err);
        if (!rc)
            rc = csm_layer_add(l, &ft, err);
        else if (ft.val) {
            free(ft.val[0]);
            free(ft.val[1]);
            free(ft.val);
        }
    }
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    return rc;
}

/* ---- the table ------------------------------------------------------ */

static const char *keep(ctable *ct, const char *s)
{
    char *d = csm_strdup(s);

    if (!d)
        return NULL;
    ct->text[ct->ntext++] = d;
    return d;
}

static void count_text(long v, char *buf, size_t n)
{
    if (v < 0)
        snprintf(buf, n, DASH);
    else
        snprintf(buf, n, "%ld", v);
}

int compare_table(ctable *ct, const change *ch, const csm_period *per,
                  csm_error *err)
{
    size_t np = ch->np, ncol = np + 2, i, p, j;
    const char **head = calloc(ncol, sizeof *head);
    const char **cell = calloc(ch->n * ncol + 1, sizeof *cell);
    char buf[160], note[400];
    int ok = 1;

    memset(ct, 0, sizeof *ct);
    ct->text = calloc((ch->n + 1) * ncol + 8, sizeof *ct->text);
    if (!head || !cell || !ct->text) {
        free(head);
        free(cell);
        free(ct->text);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    ct->t.head = head;
    ct->t.cell = cell;
    ct->t.ncol = ncol;
    ct->t.nrow = ch->n;
    ok &= !!(head[0] = keep(ct, ch->area ? "Area" : "Grid cell (centre)"));
    for (p = 0; p < np; p++) {
        compare_period_head(&per[p], buf, sizeof buf);
        ok &= !!(head[p + 1] = keep(ct, buf));
    }
    ok &= !!(head[np + 1] = keep(ct, "Change"));
    for (i = 0; i < ch->n && ok; i++) {
        long d = 0;
        int k = class_of(&ch->cell[i], 0, np - 1, ch->base, &d);
        j = i * ncol;
        cell[j] = ch->cell[i].name;
        for (p = 0; p < np; p++) {
            count_text(ch->cell[i].v[p], buf, sizeof buf);
            ok &= !!(cell[j + p + 1] = keep(ct, buf));
        }
        change_text(d, k, buf, sizeof buf);
        ok &= !!(cell[j + np + 1] = keep(ct, buf));
    }
    snprintf(buf, sizeof buf,
             "Distinct children by %s, each period "
             "protected on its own",
             ch->area ? "area" : "grid cell");
    ok &= !!(ct->t.title = keep(ct, buf));
    snprintf(note, sizeof note,
             DASH " not shown: fewer than %ld children, "
                  "or hidden so that another figure cannot be worked out; a "
                  "change is shown only where both periods are shown.  Counts "
                  "rounded to %ld.%s",
             ch->min, ch->base,
             ch->area ? ""
                      : "  Grid cells with no count in a period are "
                        "not shown in it.");
    ok &= !!(ct->t.note = keep(ct, note));
    if (!ok)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

void compare_table_free(ctable *ct)
{
    size_t i;

    for (i = 0; i < ct->ntext; i++)
        free(ct->text[i]);
    free(ct->text);
    free((void *)ct->t.head);
    free((void *)ct->t.cell);
    memset(ct, 0, sizeof *ct);
}
