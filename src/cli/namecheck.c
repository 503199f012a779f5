/* namecheck.c - warn of free text that may hold a person's name or a
 * vehicle registration (PRIVACY.md 5.2 and row 29): callouts, and the
 * text columns every layer carries (label, category, from, to).  These
 * warn, they do not block: no pattern finds names reliably, and a wrong
 * refusal would stop a map for a place called "Jordan Hill".  The map's
 * own place names (the labels of its public layers) are the gazetteer
 * that tells "Ashgrove Park" from "Tyler Brookes".  A warning names the
 * spec line and callout number, or the layer, field and rows - never the
 * text.  A column or callout a person has checked may be accepted
 * (accept_warnings:): its warnings are silenced, and one line says how
 * many were accepted, again without values.  Blocking kinds are never
 * accepted (the spec refuses them, spec/overlays.c).
 *
 * Findings are kept for the whole run, by layer, field and kind (rows
 * as distinct source rows) or by callout and kind: a comparison or the
 * time-of-day panels load the spec once per period or band, and each
 * finding is still told once (cli_warn_hold), a row never twice; the
 * sidecar records what was accepted (cli_warn_accepted). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_ROWS 64

static const unsigned kinds[] = {CSM_WARN_NAMES, CSM_WARN_VEHICLES};

/* One kind in one column of a layer, or in one callout, for the run. */
typedef struct finding {
    char *layer, *field; /* a column; NULL for a callout */
    int in_callouts;     /* the column is an annotation layer's (wording) */
    size_t callout;      /* the callout's number, from 1; 0: a column */
    char *path;          /* a callout's spec and line, for messages */
    int line;
    unsigned kind;
    int accepted;
    long *rows;          /* a column: distinct rows found, ascending */
    unsigned char *told; /* per row: printed already */
    size_t nrow, cap;
    int hit, hit_told;   /* a callout: found, printed */
    const char *what;    /* a callout's name hint (static text) */
    int counted;         /* its place's accepted line is printed */
} finding;

static struct {
    finding *f;
    size_t n, cap;
    int hold;                 /* cli_warn_hold depth */
    csm_prov_accept *acc;     /* cli_warn_accepted's list */
    int option;               /* accepted by --accept-warnings */
} W;

static int nomem(csm_error *err)
{
    return csm_fail(err, CSM_ENOMEM, "out of memory");
}

static int same_place(const finding *a, const finding *b)
{
    if (a->callout || b->callout)
        return a->callout == b->callout;
    return !strcmp(a->layer, b->layer) && !strcmp(a->field, b->field);
}

/* The finding of 'kind' in a column (layer, field) or a callout (number
 * from 1), made when new. */
static finding *find(const char *layer, const char *field, size_t callout,
                     unsigned kind, csm_error *err)
{
    finding key, *f;
    size_t i;

    memset(&key, 0, sizeof key);
    key.layer = (char *)layer;
    key.field = (char *)field;
    key.callout = callout;
    for (i = 0; i < W.n; i++)
        if (W.f[i].kind == kind && same_place(&W.f[i], &key))
            return &W.f[i];
    if (W.n == W.cap) {
        size_t cap = W.cap ? 2 * W.cap : 16;
        finding *p = realloc(W.f, cap * sizeof *p);
        if (!p) {
            nomem(err);
            return NULL;
        }
        W.f = p;
        W.cap = cap;
    }
    f = &W.f[W.n];
    memset(f, 0, sizeof *f);
    f->callout = callout;
    f->kind = kind;
    if (!callout && (!(f->layer = csm_strdup(layer)) ||
                     !(f->field = csm_strdup(field)))) {
        free(f->layer);
        free(f->field);
        nomem(err);
        return NULL;
    }
    W.n++;
    return f;
}

/* Add source row 'row' to f's rows unless it is there already. */
static int add_row(finding *f, long row, csm_error *err)
{
    size_t lo = 0, hi = f->nrow, mid;

    while (lo < hi) {
        mid = lo + (hi - lo) / 2;
        if (f->rows[mid] < row)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < f->nrow && f->rows[lo] == row)
        return CSM_OK;
    if (f->nrow == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        long *r = realloc(f->rows, cap * sizeof *r);
        unsigned char *t;
        if (!r)
            return nomem(err);
        f->rows = r;
        if (!(t = realloc(f->told, cap)))
            return nomem(err);
        f->told = t;
        f->cap = cap;
    }
    memmove(f->rows + lo + 1, f->rows + lo, (f->nrow - lo) * sizeof *f->rows);
    memmove(f->told + lo + 1, f->told + lo, f->nrow - lo);
    f->rows[lo] = row;
    f->told[lo] = 0;
    f->nrow++;
    return CSM_OK;
}

/* "2 suspected names", "1 vehicle registration" */
static void accepted_text(unsigned kind, size_t n, char *out, size_t size)
{
    snprintf(out, size, "%zu %s%s", n,
             kind == CSM_WARN_NAMES ? "suspected name" : "vehicle registration",
             n == 1 ? "" : "s");
}

static const char *kind_text(unsigned kind)
{
    return kind == CSM_WARN_NAMES ? "a person's name"
                                  : "a vehicle registration";
}

/* A column's rows not yet printed, as "rows 2 and 5" or "rows 3, 9,
 * ... and 40 more"; all are marked printed.  0: none new. */
static int new_rows(finding *f, char *list, size_t size)
{
    long few[MAX_ROWS], *rows;
    size_t k, n = 0;

    for (k = 0; k < f->nrow; k++)
        n += !f->told[k];
    if (!n)
        return 0;
    /* every row, for the count; short of memory, the first ones */
    rows = n > MAX_ROWS ? malloc(n * sizeof *rows) : NULL;
    if (!rows)
        rows = few, n = n < MAX_ROWS ? n : MAX_ROWS;
    for (k = 0, n = 0; k < f->nrow; k++)
        if (!f->told[k]) {
            if (rows != few || n < MAX_ROWS)
                rows[n++] = f->rows[k];
            f->told[k] = 1;
        }
    csm_rows_text(rows, n, list, size);
    if (rows != few)
        free(rows);
    return 1;
}

static void tell_column(finding *f)
{
    char list[160];

    if (!new_rows(f, list, sizeof list))
        return;
    if (f->in_callouts)
        fprintf(stderr,
                "csmap: warning: layer '%s', field '%s', %s: callout "
                "text may hold %s: check it before the map is shared "
                "(callouts are printed as written)\n",
                f->layer, f->field, list, kind_text(f->kind));
    else
        fprintf(stderr,
                "csmap: warning: layer '%s', field '%s', %s: may hold "
                "%s: check the column before %s is shared "
                "(%s once checked)\n",
                f->layer, f->field, list, kind_text(f->kind), W.option ? "the export" : "the map",
                W.option ? "--accept-warnings" : "accept_warnings:");
}

static void tell_callout(finding *f)
{
    if (!f->hit || f->hit_told)
        return;
    f->hit_told = 1;
    if (f->kind == CSM_WARN_NAMES)
        fprintf(stderr,
                "csmap: warning: %s:%d: annotation %zu: its text may "
                "hold a person's name (%s): check it before the map "
                "is shared (callouts are printed as written)\n",
                f->path, f->line, f->callout, f->what);
    else
        fprintf(stderr,
                "csmap: warning: %s:%d: annotation %zu: its text may "
                "hold a vehicle registration: check it before the map "
                "is shared (callouts are printed as written)\n",
                f->path, f->line, f->callout);
}

/* The findings of the place of W.f[first]: a warning per kind with rows
 * (or a callout hit) not yet printed, then, once, one line of counts of
 * the kinds accepted. */
static void tell_place(size_t first)
{
    finding *f0 = &W.f[first];
    char line[160] = "", part[64];
    size_t i;

    for (i = first; i < W.n; i++) {
        finding *f = &W.f[i];
        if (!same_place(f0, f))
            continue;
        if (f->accepted && !f->counted) {
            accepted_text(f->kind, f->callout ? (size_t)f->hit : f->nrow,
                          part, sizeof part);
            snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s",
                     line[0] ? ", " : "", part);
            f->counted = 1;
        } else if (!f->accepted && f->callout) {
            tell_callout(f);
        } else if (!f->accepted) {
            tell_column(f);
        }
    }
    if (line[0] && f0->callout)
        fprintf(stderr,
                "csmap: %s:%d: annotation %zu: %s accepted "
                "(accept_warnings)\n",
                f0->path, f0->line, f0->callout, line);
    else if (line[0])
        fprintf(stderr,
                "csmap: layer '%s', field '%s': %s accepted (%s)\n",
                f0->layer, f0->field, line,
                W.option ? "--accept-warnings" : "accept_warnings");
}

/* Print what has not been printed, each place in the order first met. */
static void tell_all(void)
{
    size_t i, j;

    for (i = 0; i < W.n; i++) {
        for (j = 0; j < i && !same_place(&W.f[j], &W.f[i]); j++)
            ;
        if (j == i)
            tell_place(i);
    }
}

void cli_warn_by_option(void)
{
    W.option = 1;
}

void cli_warn_hold(void)
{
    W.hold++;
}

void cli_warn_release(void)
{
    if (W.hold > 0 && --W.hold == 0)
        tell_all();
}

int cli_warn_accepted(const csm_prov_accept **out, size_t *n, csm_error *err)
{
    size_t i, j;

    *out = NULL;
    *n = 0;
    free(W.acc);
    if (!(W.acc = calloc(W.n + 1, sizeof *W.acc)))
        return nomem(err);
    for (i = 0; i < W.n; i++) {
        const finding *f = &W.f[i];
        csm_prov_accept *a = NULL;
        if (!f->accepted)
            continue;
        for (j = 0; j < *n && !a; j++)
            if (W.acc[j].callout == f->callout &&
                (f->callout || (!strcmp(W.acc[j].layer, f->layer) &&
                                !strcmp(W.acc[j].field, f->field))))
                a = &W.acc[j];
        if (!a) {
            a = &W.acc[(*n)++];
            a->layer = f->layer;
            a->field = f->field;
            a->callout = f->callout;
        }
        a->kinds |= f->kind;
        if (f->kind == CSM_WARN_NAMES)
            a->names = f->callout ? (size_t)f->hit : f->nrow;
        else
            a->vehicles = f->callout ? (size_t)f->hit : f->nrow;
    }
    *out = W.acc;
    return CSM_OK;
}

/* Layers whose labels name places: public ones that are not callouts. */
static int names_places(const csm_layer_spec *ls)
{
    return ls->sensitivity < CSM_SENS_PSEUDONYMISED &&
           ls->kind != CSM_KIND_ANNOTATION && ls->kind != CSM_KIND_PEER_GROUP &&
           ls->kind != CSM_KIND_SAFETY_MAP;
}

static int add_field(csm_gazetteer *g, const csm_layer *l, int f,
                     csm_error *err)
{
    size_t k;
    int rc = CSM_OK;

    for (k = 0; f >= 0 && k < l->n && !rc; k++)
        rc = csm_gazetteer_add(g, csm_layer_value(l, k, f), err);
    return rc;
}

/* The labels of public layers; a route's far ends are places too. */
static int gazetteer(const csm_spec *spec, csm_layer *const *layers,
                     csm_gazetteer **out, csm_error *err)
{
    size_t i;
    int rc = csm_gazetteer_new(out, err);

    for (i = 0; i < spec->nlayer && !rc; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        const csm_layer *l = layers[i];
        if (!l)
            continue;
        if (names_places(ls))
            rc = add_field(*out, l, csm_layer_field(l, ls->label), err);
        if (!rc && ls->kind == CSM_KIND_ROUTE)
            rc = add_field(*out, l, csm_layer_field(l, ls->from), err);
        if (!rc && ls->kind == CSM_KIND_ROUTE)
            rc = add_field(*out, l, csm_layer_field(l, ls->to), err);
    }
    if (rc) {
        csm_gazetteer_free(*out);
        *out = NULL;
    }
    return rc;
}

static unsigned accepted(const csm_layer_spec *ls, const char *field)
{
    unsigned k = 0;
    size_t i;

    for (i = 0; i < ls->naccept; i++)
        if (!strcmp(ls->accept[i].field, field))
            k |= ls->accept[i].kinds;
    return k;
}

/* One field of one layer: its rows of each kind looked for, kept. */
static int check_field(const csm_layer_spec *ls, const csm_layer *l, int f,
                       unsigned want, const csm_gazetteer *g, csm_error *err)
{
    unsigned ok = accepted(ls, l->field[f]);
    size_t j, k;
    int rc = CSM_OK;

    for (j = 0; j < sizeof kinds / sizeof *kinds && !rc; j++) {
        finding *fd;
        if (!(want & kinds[j]))
            continue;
        if (!(fd = find(ls->name, l->field[f], 0, kinds[j], err)))
            return CSM_ENOMEM;
        fd->accepted |= (ok & kinds[j]) != 0;
        fd->in_callouts = ls->kind == CSM_KIND_ANNOTATION;
        for (k = 0; k < l->n && !rc; k++)
            if (csm_anonymise_warn_text(csm_layer_value(l, k, f), kinds[j], g,
                                        NULL))
                rc = add_row(fd, l->feat[k].row, err);
    }
    return rc;
}

/* The text columns of layer i: label, category, from and to, once each.
 * A public layer's label is itself a place name: only vehicles there. */
static int check_layer(const csm_layer_spec *ls, const csm_layer *l,
                       const csm_gazetteer *g, csm_error *err)
{
    const char *names[4] = {ls->label, ls->category, ls->from, ls->to};
    int seen[4], f, rc = CSM_OK;
    size_t i, j;

    if (!l || ls->kind == CSM_KIND_PEER_GROUP ||
        ls->kind == CSM_KIND_SAFETY_MAP)
        return CSM_OK; /* built by csmap from codes; aggregated answers */
    for (i = 0; i < 4 && !rc; i++) {
        unsigned want = CSM_WARN_NAMES | CSM_WARN_VEHICLES;
        seen[i] = f = csm_layer_field(l, names[i]);
        for (j = 0; j < i && f >= 0; j++)
            if (seen[j] == f)
                f = -1;
        if (f < 0)
            continue;
        if ((i == 0 && names_places(ls)) ||
            (i >= 2 && ls->kind == CSM_KIND_ROUTE))
            want = CSM_WARN_VEHICLES;
        rc = check_field(ls, l, f, want, g, err);
    }
    return rc;
}

static int check_callout(const csm_spec *spec, size_t i,
                         const csm_gazetteer *g, csm_error *err)
{
    const csm_annotation *a = &spec->annotation[i];
    const char *path = spec->path ? spec->path : "spec", *what;
    size_t j;

    for (j = 0; j < sizeof kinds / sizeof *kinds; j++) {
        finding *f = find(NULL, NULL, i + 1, kinds[j], err);
        if (!f)
            return CSM_ENOMEM;
        if (!f->path && !(f->path = csm_strdup(path)))
            return nomem(err);
        f->line = a->line;
        f->accepted |= (a->accept & kinds[j]) != 0;
        if (csm_anonymise_warn_text(a->text, kinds[j], g, &what) && !f->hit) {
            f->hit = 1;
            f->what = what;
        }
    }
    return CSM_OK;
}

int cli_warn_free_text(const csm_spec *spec, csm_layer *const *layers,
                       csm_error *err)
{
    csm_gazetteer *g = NULL;
    size_t i;
    int rc = gazetteer(spec, layers, &g, err);

    for (i = 0; !rc && i < spec->nlayer; i++)
        rc = check_layer(&spec->layer[i], layers[i], g, err);
    for (i = 0; !rc && i < spec->nannotation; i++)
        rc = check_callout(spec, i, g, err);
    csm_gazetteer_free(g);
    if (!rc && !W.hold)
        tell_all();
    return rc;
}
