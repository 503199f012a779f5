/* audit.c - anonymise: what area profiles must hide beyond small numbers.
 *
 * Secondary suppression (PRIVACY.md section 8 row 4): an area's children
 * are the margin of its categories, its months and its time bands; all
 * areas together are the margin of each figure over the areas.
 *
 * The differencing audit (section 9 test 8): for every two figures a
 * reader could subtract - two areas sharing a location, all areas and one
 * area, an area's whole period and one month (or its children and one
 * category or time band) - the children of each piece (in the first only,
 * in the second only, in both) must be none or at least the minimum.
 * Where a piece is smaller, one of the two figures is hidden: the smaller
 * of two areas, the comparator rather than an area, the month rather than
 * the period.  Hiding can expose something else, so both steps repeat
 * until nothing changes. */
#include <stdlib.h>

#include "anonymise/profile.h"

static void hide(prof_ctx *x, size_t c, unsigned char why)
{
    if (x->shown[c] >= 0) {
        x->shown[c] = -1;
        x->why[c] = why;
    }
}

static size_t hidden(const prof_ctx *x)
{
    size_t c, n = 0;

    for (c = 0; c < x->ncell; c++)
        n += x->shown[c] < 0;
    return n;
}

/* A hidden total hides its whole breakdown. */
static void cascade(prof_ctx *x)
{
    size_t a, f;

    for (a = 0; a <= x->narea; a++)
        if (x->shown[a * x->nf] < 0)
            for (f = 1; f < x->nf; f++)
                hide(x, a * x->nf + f, AGG_SECONDARY);
}

/* Categories, months and bands under each area's children. */
static void secondary_rows(prof_ctx *x)
{
    size_t group[3][2] = {{PROF_CAT(x), x->ncat},
                          {PROF_MONTH(x), x->nmonth},
                          {PROF_BAND(x), x->nband}};
    size_t a, g;

    for (a = 0; a <= x->narea; a++) {
        size_t b = a * x->nf;
        for (g = 0; g < 3 && x->shown[b] > 0; g++) {
            size_t c = b + group[g][0];
            if (group[g][1] && agg_secondary(x->exact + c, x->shown + c,
                                             x->why + c, NULL, 0, group[g][1]))
                hide(x, b, AGG_SECONDARY);
        }
    }
}

/* Each figure over the areas, under all areas' figure.  Where a hidden
 * area figure could be read off the margin, the margin (the comparator)
 * is hidden rather than another area's figure: one figure instead of
 * several, and never the area's own. */
static int secondary_columns(prof_ctx *x, csm_error *err)
{
    size_t n = x->narea, a, f;
    long *ex = malloc((n + 1) * sizeof *ex), *sh = malloc((n + 1) * sizeof *sh);
    unsigned char *why = malloc(n + 1);

    if (!ex || !sh || !why) {
        free(ex);
        free(sh);
        free(why);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (f = 0; f < x->nf; f++) {
        size_t w = x->narea * x->nf + f;
        if (x->shown[w] <= 0)
            continue; /* no margin shown: nothing to recompute */
        for (a = 0; a < n; a++) {
            ex[a] = x->exact[a * x->nf + f];
            sh[a] = x->shown[a * x->nf + f];
            why[a] = x->why[a * x->nf + f];
        }
        if (agg_secondary(ex, sh, why, NULL, 0, n))
            hide(x, w, AGG_SECONDARY);
        for (a = 0; a < n; a++)
            if (sh[a] != x->shown[a * x->nf + f])
                hide(x, w, AGG_SECONDARY);
    }
    free(ex);
    free(sh);
    free(why);
    return CSM_OK;
}

/* Children in both cells: merge their sorted subject runs. */
static long common(const prof_ctx *x, size_t c, size_t d)
{
    size_t i = x->start[c], j = x->start[d];
    long n = 0;

    while (i < x->start[c + 1] && j < x->start[d + 1]) {
        uint32_t s = (uint32_t)x->key[i], t = (uint32_t)x->key[j];
        n += s == t;
        i += s <= t;
        j += t <= s;
    }
    return n;
}

static int small(const prof_ctx *x, long n)
{
    return n > 0 && n < x->pol->min_count;
}

/* Cell cy counts a subset of cx's children (the same records, or fewer):
 * a reader learns cx - cy.  'victim' is the one to hide. */
static int nested(prof_ctx *x, size_t cx, size_t cy, size_t victim)
{
    if (x->shown[cx] <= 0 || x->shown[cy] <= 0)
        return 0;
    x->audit.checked++;
    if (!small(x, x->exact[cx] - x->exact[cy]))
        return 0;
    hide(x, victim, PROF_AUDIT);
    return 1;
}

/* Two areas sharing a location: each piece must be safe. */
static int overlap(prof_ctx *x, size_t ca, size_t cb)
{
    long both;

    if (x->shown[ca] <= 0 || x->shown[cb] <= 0)
        return 0;
    x->audit.checked++;
    both = common(x, ca, cb);
    if (!small(x, x->exact[ca] - both) && !small(x, x->exact[cb] - both) &&
        !small(x, both))
        return 0;
    hide(x, x->exact[ca] < x->exact[cb] ? ca : cb, PROF_AUDIT);
    return 1;
}

static int audit(prof_ctx *x)
{
    size_t nf = x->nf, w = x->narea * nf, p, a, f;
    int changed = 0;

    x->audit.checked = 0;
    for (p = 0; p < x->npair; p++) {
        size_t ia = (size_t)(x->pair[p] >> 32);
        size_t ib = (size_t)(x->pair[p] & 0xffffffffu);
        for (f = 0; f < nf; f++)
            changed |= overlap(x, ia * nf + f, ib * nf + f);
    }
    for (a = 0; a < x->narea; a++)
        for (f = 0; f < nf; f++)
            changed |= nested(x, w + f, a * nf + f, w + f);
    for (a = 0; a <= x->narea; a++)
        for (f = 1; f < nf; f++)
            changed |= nested(x, a * nf, a * nf + f, a * nf + f);
    return changed;
}

int prof_protect(prof_ctx *x, csm_error *err)
{
    size_t before, c;
    int rc = CSM_OK, changed;

    do {
        do { /* secondary suppression until it settles */
            before = hidden(x);
            cascade(x);
            secondary_rows(x);
            if ((rc = secondary_columns(x, err)))
                return rc;
            cascade(x);
        } while (hidden(x) != before);
        changed = audit(x);
    } while (changed);
    x->audit.pairs = x->npair;
    x->audit.suppressed = x->audit.secondary = 0;
    for (c = 0; c < x->ncell; c++) {
        x->audit.suppressed += x->why[c] == PROF_AUDIT;
        x->audit.secondary += x->why[c] == AGG_SECONDARY;
    }
    return rc;
}
