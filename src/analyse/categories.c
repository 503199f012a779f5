/* categories.c - analyse: a layer's own category values become the codes
 * the map draws.  A spec maps local wording onto the harm vocabulary
 * (`categories: {"Drug supply": CCE}`) or onto a class of the style; this
 * runs right after reading, so the protection stage (aggregate-only codes,
 * per-code counts) and the legend see codes, not local wording.  Pure C. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "csmap.h"

#define MAX_TRACKED 64 /* distinct unmatched values kept for the report */
#define MAX_PRINTED 12 /* more than this looks like free text, not codes */
#define MAX_LEN 40     /* a category label is short */

typedef struct ctx {
    const csm_layer_spec *ls;
    const csm_style_kind *sk;
    const csm_vocab *voc; /* harm codes, or NULL for kinds without them */
    size_t nvoc;
} ctx;

static const csm_class *find(const csm_class *cls, size_t n, const char *v)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (cls[i].value && !strcmp(cls[i].value, v))
            return &cls[i];
    for (i = 0; i < n; i++)
        if (cls[i].value && !strcasecmp(cls[i].value, v))
            return &cls[i];
    return NULL;
}

/* The spelling of the class 'v' names, ignoring case: a class of the
 * layer's own, the style's, or a harm code; NULL when none. */
static const char *known(const ctx *x, const char *v)
{
    const csm_class *cl = find(x->ls->cls, x->ls->ncls, v);
    const csm_vocab *vc;

    if (cl && !cl->code)
        return cl->value;
    if ((cl = find(x->sk->cls, x->sk->ncls, v)))
        return cl->value;
    if ((vc = csm_vocab_find(x->voc, x->nvoc, v)))
        return vc->code;
    return NULL;
}

/* Edit distance up to 2 (or a shared 3-letter prefix): a "did you mean". */
static int close_to(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j;
    int row[64], prev, tmp;

    if (la >= 3 && lb >= 3 && !strncasecmp(a, b, 3))
        return 1;
    if (la > 40 || lb > 40)
        return 0;
    for (j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (i = 1; i <= la; i++) {
        prev = row[0];
        row[0] = (int)i;
        for (j = 1; j <= lb; j++) {
            int cost = strncasecmp(a + i - 1, b + j - 1, 1) != 0;
            int best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            tmp = row[j];
            row[j] = best;
            prev = tmp;
        }
    }
    return row[lb] <= 2;
}

static const char *suggest(const ctx *x, const char *code)
{
    size_t i;

    for (i = 0; i < x->nvoc; i++)
        if (close_to(code, x->voc[i].code))
            return x->voc[i].code;
    for (i = 0; i < x->sk->ncls; i++)
        if (close_to(code, x->sk->cls[i].value))
            return x->sk->cls[i].value;
    return NULL;
}

/* Every VALUE: CODE of the layer must lead to a class in one step. */
static int check_maps(const ctx *x, csm_error *err)
{
    const csm_layer_spec *ls = x->ls;
    const csm_class *to;
    const char *hint;
    size_t i;

    for (i = 0; i < ls->ncls; i++) {
        const csm_class *cl = &ls->cls[i];
        if (!cl->code)
            continue;
        to = find(ls->cls, ls->ncls, cl->code);
        if (to && to->code && to != cl)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': category '%.40s' maps to '%.40s', "
                            "which itself maps to '%.40s': map it straight "
                            "to a code",
                            ls->name, cl->value, cl->code, to->code);
        if (known(x, cl->code))
            continue;
        hint = suggest(x, cl->code);
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': category '%.40s' maps to '%.40s', "
                        "which is no %sclass of the style%s%s%s; a new "
                        "category needs keys: {label: ..., shape: ...}",
                        ls->name, cl->value, cl->code,
                        x->voc ? "harm code or " : "",
                        hint ? " (did you mean '" : "", hint ? hint : "",
                        hint ? "'?)" : "");
    }
    return CSM_OK;
}

/* Where 'v' goes: its target's spelling, or NULL when it matches nothing. */
static const char *target(const ctx *x, const char *v, int *mapped)
{
    const csm_class *cl = find(x->ls->cls, x->ls->ncls, v);

    *mapped = cl && cl->code;
    return *mapped ? known(x, cl->code) : known(x, v);
}

static int count_unmatched(csm_category_report *rep, const char *v)
{
    size_t i;
    csm_category_count *p;

    for (i = 0; i < rep->nvalue; i++)
        if (!strcmp(rep->value[i].value, v)) {
            rep->value[i].rows++;
            return CSM_OK;
        }
    if (rep->nvalue == MAX_TRACKED) {
        rep->free_text = 1; /* far too many to be categories */
        return CSM_OK;
    }
    if (!rep->value && !(rep->value = calloc(MAX_TRACKED, sizeof *p)))
        return -1;
    p = &rep->value[rep->nvalue];
    if (!(p->value = csm_strdup(v)))
        return -1;
    p->rows = 1;
    rep->nvalue++;
    return CSM_OK;
}

/* Values are printed only when they look like a handful of category
 * labels: never a long or one-off text, nor anything personal. */
static void judge(csm_category_report *rep)
{
    size_t i, once = 0;

    for (i = 0; i < rep->nvalue && !rep->free_text; i++) {
        once += rep->value[i].rows == 1;
        if (strlen(rep->value[i].value) > MAX_LEN ||
            csm_anonymise_scan_text(rep->value[i].value, NULL))
            rep->free_text = 1;
    }
    if (rep->nvalue > MAX_PRINTED ||
        (rep->nvalue > 2 && 2 * once > rep->nvalue))
        rep->free_text = 1;
    if (!rep->free_text)
        return;
    for (i = 0; i < rep->nvalue; i++)
        free(rep->value[i].value);
    free(rep->value);
    rep->value = NULL;
    rep->nvalue = 0;
}

static int rewrite(csm_layer *layer, size_t i, int f, const char *to)
{
    char *d;

    if (!strcmp(layer->feat[i].val[f], to))
        return CSM_OK;
    if (!(d = csm_strdup(to)))
        return -1;
    free(layer->feat[i].val[f]);
    layer->feat[i].val[f] = d;
    return CSM_OK;
}

int csm_analyse_categories(csm_layer *layer, int f, const csm_layer_spec *ls,
                           const csm_style *style, csm_category_report *rep,
                           csm_error *err)
{
    ctx x;
    size_t i;
    int rc, mapped;

    memset(rep, 0, sizeof *rep);
    if (f < 0 || (size_t)f >= layer->nfield)
        return CSM_OK;
    x.ls = ls;
    x.sk = &style->kind[ls->kind];
    x.voc = NULL;
    x.nvoc = 0;
    if (csm_vocab_kind(ls->kind))
        x.voc = csm_vocab_harm(&x.nvoc);
    if ((rc = check_maps(&x, err)))
        return rc;
    for (i = 0; i < layer->n && !rc; i++) {
        const char *v = csm_layer_value(layer, i, f), *to;
        if (!v)
            continue;
        rep->rows++;
        to = target(&x, v, &mapped);
        rep->mapped += mapped;
        if (to)
            rc = rewrite(layer, i, f, to);
        else if (++rep->nothing, !rep->free_text)
            rc = count_unmatched(rep, v);
    }
    if (rc) {
        csm_analyse_report_release(rep);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    judge(rep);
    return CSM_OK;
}

void csm_analyse_report_release(csm_category_report *rep)
{
    size_t i;

    for (i = 0; i < rep->nvalue; i++)
        free(rep->value[i].value);
    free(rep->value);
    memset(rep, 0, sizeof *rep);
}
