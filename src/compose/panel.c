/* panel.c - compose: an area profile's statistics panel.  One fixed table
 * for every area, so places compare at a glance: the area's children and
 * incidents in two columns and the comparator's (all areas) in the next
 * two.  Every number is a
 * shown value from the protection stage, printed as it is; a hidden one is
 * "*", and the notes say why without saying which reason applied. */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compose/compose.h"

#define PAD_MM 2.0
#define VALUE_W_MM 13.0 /* each of the four value columns */
#define NCOL 4
#define ROW_GAP_MM 0.6

typedef struct tab {
    compose_ctx *c;
    const profile_state *st;
    csm_box box;
    double f;  /* shrink factor */
    int draw;  /* 0: only measure */
    double y;  /* next row's top */
    double pt; /* body text size before shrinking */
} tab;

void compose_count_text(long shown, char *buf, size_t n)
{
    char digits[32];
    size_t len, i, o = 0;

    if (shown < 0) {
        snprintf(buf, n, "*");
        return;
    }
    snprintf(digits, sizeof digits, "%ld", shown);
    len = strlen(digits);
    for (i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

void compose_rate_text(long shown, double population, char *buf, size_t n)
{
    if (shown < 0)
        snprintf(buf, n, "*");
    else if (!(population > 0.0))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f", 1000.0 * (double)shown / population);
}

static double width(const tab *t)
{
    return t->box.maxx - t->box.minx - 2 * PAD_MM;
}

static int text(tab *t, const char *s, double x, double w, double pt, int bold,
                csm_align al, double *h, csm_error *err)
{
    double tw;

    compose_measure(t->c, s, pt * t->f, bold, w, &tw, h);
    if (!t->draw)
        return CSM_OK;
    return compose_text(t->c, s, (csm_xy){x, t->y}, pt * t->f, bold, w, al,
                        err);
}

/* A label and up to four values (this area's children and incidents,
 * then all areas'); NULL leaves a cell empty.  Column names are a size
 * smaller, so that "All neighbourhoods" keeps its words whole. */
static int row(tab *t, const char *label, const char *const v[NCOL], int bold,
               csm_error *err)
{
    double x = t->box.minx + PAD_MM, vw = VALUE_W_MM * t->f;
    double lw = width(t) - NCOL * vw, h, hmax;
    double vpt = bold ? 0.85 * t->pt : t->pt;
    int k, rc;

    rc = text(t, label, x, lw - 1.0, t->pt, bold, CSM_ALIGN_LEFT, &hmax, err);
    for (k = 0; k < NCOL && !rc; k++)
        if (v[k]) {
            rc = text(t, v[k], x + lw + k * vw, vw, vpt, bold, CSM_ALIGN_RIGHT,
                      &h, err);
            hmax = fmax(hmax, h);
        }
    t->y += hmax + ROW_GAP_MM * t->f;
    return rc;
}

/* The two-level head: area and comparator over their two columns each. */
static int head(tab *t, const char *whole, csm_error *err)
{
    static const char *const sub[NCOL] = {"Children", "Incidents", "Children",
                                          "Incidents"};
    const char *unit = t->st->pp->unit; /* rows counted: one column each */
    char u[48];
    const char *usub[NCOL] = {u, NULL, u, NULL};
    double x = t->box.minx + PAD_MM, vw = VALUE_W_MM * t->f;
    double lw = width(t) - NCOL * vw, h1, h2, h3;
    int rc;

    rc = text(t, "Figures", x, lw - 1.0, t->pt, 1, CSM_ALIGN_LEFT, &h1, err);
    if (!rc)
        rc = text(t, "This area", x + lw, 2 * vw, 0.85 * t->pt, 1,
                  CSM_ALIGN_CENTRE, &h2, err);
    if (!rc)
        rc = text(t, whole, x + lw + 2 * vw, 2 * vw, 0.85 * t->pt, 1,
                  CSM_ALIGN_CENTRE, &h3, err);
    t->y += fmax(h1, fmax(h2, h3)) + 0.2 * t->f;
    snprintf(u, sizeof u, "%s", unit ? unit : "");
    u[0] = (char)toupper((unsigned char)u[0]);
    return rc ? rc : row(t, "", unit ? usub : sub, 1, err);
}

static int counts(tab *t, const char *label, long ac, long ai, long wc, long wi,
                  csm_error *err)
{
    char s[NCOL][32];
    const char *v[NCOL] = {s[0], s[1], s[2], s[3]};

    compose_count_text(ac, s[0], sizeof s[0]);
    compose_count_text(ai, s[1], sizeof s[1]);
    compose_count_text(wc, s[2], sizeof s[2]);
    compose_count_text(wi, s[3], sizeof s[3]);
    if (ai == LONG_MIN || t->st->pp->unit) /* places; or rows, counted once */
        v[1] = v[3] = NULL;
    return row(t, label, v, 0, err);
}

static int heading(tab *t, const char *s, csm_error *err)
{
    static const char *const none[NCOL] = {NULL, NULL, NULL, NULL};

    t->y += 0.8 * t->f;
    return row(t, s, none, 1, err);
}

static int places(tab *t, const csm_profile_page *pp, csm_error *err)
{
    int rc = CSM_OK;

    if (pp->schools < 0 && pp->hubs < 0)
        return CSM_OK;
    rc = heading(t, "Places (public data)", err);
    if (!rc && pp->schools >= 0)
        rc = counts(t, "Schools", pp->schools, LONG_MIN, pp->whole_schools,
                    LONG_MIN, err);
    if (!rc && pp->hubs >= 0)
        rc = counts(t, "Transport hubs", pp->hubs, LONG_MIN, pp->whole_hubs,
                    LONG_MIN, err);
    return rc;
}

static int notes(tab *t, csm_error *err)
{
    const csm_profile_page *pp = t->st->pp;
    char s[512];
    double h;
    int rc;

    if (pp->unit)
        snprintf(s, sizeof s,
                 "* Not shown: fewer than %d %s, or hidden so that no other "
                 "figure can be worked out from it, or where most of them "
                 "are at one place. Figures are %s (records, not people), "
                 "rounded to the nearest %d.%s%s%s",
                 pp->min_count, pp->unit, pp->unit,
                 pp->round_base > 0 ? pp->round_base : 1,
                 pp->period ? " Period: " : "", pp->period ? pp->period : "",
                 pp->period ? "." : "");
    else
        snprintf(s, sizeof s,
                 "* Not shown: fewer than %d children, or hidden so that no "
                 "other figure can be worked out from it. Children are "
                 "distinct children with at least one recorded concern, "
                 "rounded to the nearest %d; a child may count under several "
                 "categories, months and times of day.%s%s%s",
                 pp->min_count, pp->round_base > 0 ? pp->round_base : 1,
                 pp->period ? " Period: " : "", pp->period ? pp->period : "",
                 pp->period ? "." : "");
    t->y += 1.0 * t->f;
    rc = text(t, s, t->box.minx + PAD_MM, width(t), t->pt * 0.85, 0,
              CSM_ALIGN_LEFT, &h, err);
    t->y += h;
    return rc;
}

static int figures(tab *t, csm_error *err)
{
    const csm_profile_page *pp = t->st->pp;
    const csm_profiles *pr = pp->prof;
    const csm_profile_figs *a = &pr->area[pp->index], *w = &pr->whole;
    char ra[32], rw[32], lab[160];
    const char *v[NCOL] = {ra, NULL, rw, NULL};
    size_t k;
    int rc;

    rc = head(t, pp->whole_name ? pp->whole_name : "All areas", err);
    if (!rc)
        rc = counts(t, pp->unit ? "All types" : "Children with concerns, all "
                                                "harm types",
                    a->children, a->incidents, w->children, w->incidents, err);
    if (!rc && pp->population > 0.0) {
        compose_rate_text(a->children, pp->population, ra, sizeof ra);
        compose_rate_text(w->children, pp->whole_population, rw, sizeof rw);
        snprintf(lab, sizeof lab, "%s per 1,000 %s",
                 pp->unit ? pp->unit : "Children with concerns",
                 pp->population_label ? pp->population_label : "children");
        lab[0] = (char)toupper((unsigned char)lab[0]);
        rc = row(t, lab, v, 0, err);
    }
    if (!rc && pr->ncat)
        rc = heading(t, pp->unit ? "By category" : "By harm category", err);
    for (k = 0; k < pr->ncat && !rc; k++)
        rc = counts(t,
                    pp->cat_label && pp->cat_label[k] ? pp->cat_label[k]
                                                      : pr->cat[k],
                    a->cat_children[k], a->cat_incidents[k], w->cat_children[k],
                    w->cat_incidents[k], err);
    if (!rc)
        rc = places(t, pp, err);
    if (!rc)
        rc = notes(t, err);
    return rc;
}

int compose_panel(compose_ctx *c, const profile_state *st, csm_error *err)
{
    tab t;
    int rc;

    memset(&t, 0, sizeof t);
    t.c = c;
    t.st = st;
    t.box = st->stats;
    t.pt = 7.5 * c->text_scale;
    for (t.f = 1.0;; t.f *= 0.92) {
        t.y = t.box.miny + PAD_MM;
        if ((rc = figures(&t, err)))
            return rc;
        if (t.y + PAD_MM <= t.box.maxy || t.f < 0.6)
            break;
    }
    t.draw = 1;
    t.y = t.box.miny + PAD_MM;
    if ((rc = compose_border(c, &t.box, 0.3, err)))
        return rc;
    return figures(&t, err);
}
