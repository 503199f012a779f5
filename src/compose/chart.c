/* chart.c - compose: an area profile's small charts, as page items (so
 * render/ needs nothing new): children per month, per harm category and
 * per time of day.  They show what the table may show and no more: a
 * hidden figure is a hatched bar as tall as the minimum count, the same
 * for every hidden figure, so its height says nothing about its value.
 * Grey bars and hatching survive a greyscale photocopy. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

#define GAP_MM 2.5
#define KEY_MM 4.0

typedef struct chart {
    const char *title;
    size_t n;
    const long *v;            /* shown values */
    const char *const *label; /* n labels under the bars */
} chart;

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr",
                                           "May", "Jun", "Jul", "Aug",
                                           "Sep", "Oct", "Nov", "Dec"};

static csm_symbol bar_symbol(int hidden)
{
    csm_symbol s;

    memset(&s, 0, sizeof s);
    s.stroke = compose_grey(0.3);
    s.stroke_mm = 0.15;
    if (hidden) {
        s.fill = compose_grey(1.0);
        s.hatch = CSM_HATCH_DIAGONAL;
        s.hatch_colour = compose_grey(0.3);
        s.hatch_mm = 0.8;
    } else {
        s.fill = compose_grey(0.45);
    }
    return s;
}

static int bar(compose_ctx *c, double x0, double x1, double base, double top,
               int hidden, csm_error *err)
{
    csm_xy r[5] = {{x0, top}, {x1, top}, {x1, base}, {x0, base}, {x0, top}};
    csm_symbol s = bar_symbol(hidden);

    return compose_path(c, CSM_GEOM_POLYGON, r, 5, &s, err);
}

static int draw(compose_ctx *c, const chart *ch, csm_box b, long min_count,
                csm_error *err)
{
    double ts = c->text_scale, tpt = 7.0 * ts, lpt = 5.5 * ts, w, th, lh = 0;
    double slot = (b.maxx - b.minx) / (double)ch->n, base, vh, top, scale;
    long max = min_count;
    size_t i;
    int rc;

    compose_measure(c, ch->title, tpt, 1, b.maxx - b.minx, &w, &th);
    rc = compose_text(c, ch->title, (csm_xy){b.minx, b.miny}, tpt, 1,
                      b.maxx - b.minx, CSM_ALIGN_LEFT, err);
    for (i = 0; i < ch->n; i++) {
        double h;
        compose_measure(c, ch->label[i], lpt, 0, slot, &w, &h);
        lh = fmax(lh, h);
        if (ch->v[i] > max)
            max = ch->v[i];
    }
    compose_measure(c, "0", lpt, 0, 0.0, &w, &vh);
    base = b.maxy - lh - 0.5;
    top = b.miny + th + 0.8 + vh;
    if (base - top < 3.0)
        return rc; /* no room for bars: the title says what is missing */
    scale = (base - top) / (double)max;
    for (i = 0; i < ch->n && !rc; i++) {
        double x = b.minx + i * slot, h = ch->v[i] < 0 ? min_count : ch->v[i];
        char num[32];
        if (ch->v[i] != 0)
            rc = bar(c, x + 0.15 * slot, x + 0.85 * slot, base,
                     base - h * scale, ch->v[i] < 0, err);
        if (!rc && ch->v[i] >= 0) {
            compose_count_text(ch->v[i], num, sizeof num);
            rc = compose_text(c, num, (csm_xy){x, base - h * scale - vh}, lpt,
                              0, slot, CSM_ALIGN_CENTRE, err);
        }
        if (!rc)
            rc = compose_text(c, ch->label[i], (csm_xy){x, base + 0.5}, lpt, 0,
                              slot, CSM_ALIGN_CENTRE, err);
    }
    if (!rc) {
        csm_xy l[2] = {{b.minx, base}, {b.maxx, base}};
        csm_symbol s;
        memset(&s, 0, sizeof s);
        s.stroke = compose_grey(0.2);
        s.stroke_mm = 0.25;
        rc = compose_path(c, CSM_GEOM_LINE, l, 2, &s, err);
    }
    return rc;
}

/* The key under the charts: what a hatched bar means. */
static int key(compose_ctx *c, csm_box b, int min_count, const char *unit,
               csm_error *err)
{
    char s[160];
    double pt = 6.0 * c->text_scale, w, h;
    int rc;

    snprintf(s, sizeof s,
             "Hatched: not shown (fewer than %d %s, or hidden to "
             "protect another figure)",
             min_count, unit ? unit : "children");
    compose_measure(c, s, pt, 0, b.maxx - b.minx - 7.0, &w, &h);
    rc = bar(c, b.minx, b.minx + 5.0, b.maxy - 0.5, b.maxy - 3.0, 1, err);
    if (!rc)
        rc = compose_text(c, s, (csm_xy){b.minx + 7.0, b.maxy - 1.75 - h / 2},
                          pt, 0, b.maxx - b.minx - 7.0, CSM_ALIGN_LEFT, err);
    return rc;
}

/* Month labels: "Jan" .. "Dec", or initials when there are many. */
static void month_labels(const csm_profiles *pr, char (*buf)[8],
                         const char **lab)
{
    size_t k;

    for (k = 0; k < pr->nmonth; k++) {
        int m = atoi(pr->month[k] + 5);
        const char *a = m >= 1 && m <= 12 ? month_abbr[m - 1] : "?";
        snprintf(buf[k], 8, "%.*s", pr->nmonth > 14 ? 1 : 3, a);
        lab[k] = buf[k];
    }
}

int compose_charts(compose_ctx *c, const profile_state *st, csm_error *err)
{
    const csm_profile_page *pp = st->pp;
    const csm_profiles *pr = pp->prof;
    const csm_profile_figs *a = &pr->area[pp->index];
    chart ch[3];
    char t[3][64];
    char(*mbuf)[8] = NULL;
    const char **mlab = NULL;
    size_t n = 0, i;
    csm_box b = st->charts;
    double h;
    int rc = CSM_OK;

    mbuf = calloc(pr->nmonth + 1, sizeof *mbuf);
    mlab = calloc(pr->nmonth + 1, sizeof *mlab);
    if (!mbuf || !mlab) {
        free(mbuf);
        free(mlab);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    month_labels(pr, mbuf, mlab);
    if (pp->unit) { /* rows counted: "Crimes per month" */
        snprintf(t[0], sizeof t[0], "%s per month", pp->unit);
        snprintf(t[1], sizeof t[1], "%s by category", pp->unit);
        snprintf(t[2], sizeof t[2], "%s by time of day", pp->unit);
        for (i = 0; i < 3; i++)
            t[i][0] = (char)toupper((unsigned char)t[i][0]);
    }
    if (pr->nmonth)
        ch[n++] = (chart){pp->unit ? t[0] : "Children with concerns per month",
                          pr->nmonth, a->month, mlab};
    if (pr->ncat)
        ch[n++] = (chart){pp->unit ? t[1] : "Children by harm category",
                          pr->ncat, a->cat_children,
                          (const char *const *)pr->cat};
    if (pr->nband)
        ch[n++] = (chart){pp->unit ? t[2] : "Children by time of day",
                          pr->nband, a->band,
                          pp->band_label ? pp->band_label
                                         : (const char *const *)pr->band};
    h = n ? (b.maxy - b.miny - KEY_MM - GAP_MM * (double)n) / (double)n : 0;
    for (i = 0; i < n && !rc; i++) {
        csm_box cb = {b.minx, b.miny + i * (h + GAP_MM), b.maxx,
                      b.miny + i * (h + GAP_MM) + h};
        rc = draw(c, &ch[i], cb, pp->min_count, err);
    }
    if (!rc && n)
        rc = key(c, b, pp->min_count, pp->unit, err);
    free(mbuf);
    free(mlab);
    return rc;
}
