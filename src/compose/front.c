/* front.c - compose: an atlas's front matter.  The cover says what the
 * atlas is, whose it is, when it must be reviewed, how its figures were
 * protected and what they cannot tell; the index lists every area with
 * its page and headline figures.  Both carry the marking at top and
 * bottom like every other page, and the index the usual footer. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compose/compose.h"

#define LABEL_W_MM 32.0 /* the cover's left column */
#define NUM_W_MM 7.0    /* a caveat's number */

typedef struct front_ctx {
    compose_ctx c;
    csm_spec sp; /* what marginalia.c reads, pointing into the csm_front */
    csm_style style;
} front_ctx;

/* A compose context without a map: paper, content box, marginalia. */
static int front_init(front_ctx *x, const csm_front *f, const char *title,
                      const char *subtitle, csm_measure_fn measure,
                      csm_error *err)
{
    double w, h, m = f->margin_mm > 0.0 ? f->margin_mm : 10.0;
    int rc;

    memset(x, 0, sizeof *x);
    x->sp.title = (char *)title;
    x->sp.subtitle = (char *)subtitle;
    x->sp.marking = (char *)f->marking;
    x->sp.owner = (char *)f->owner;
    x->sp.statement = (char *)f->statement;
    x->sp.sources = (char **)f->sources;
    x->sp.nsources = f->nsources;
    x->sp.page_size = f->page_size;
    x->sp.landscape = f->landscape;
    x->style.font = (char *)(f->font ? f->font : "DejaVu Sans");
    x->c.spec = &x->sp;
    x->c.style = &x->style;
    x->c.measure = measure;
    x->c.date = f->date;
    csm_compose_paper(f->page_size, f->landscape, &w, &h);
    if (!(x->c.page = csm_page_new(w, h)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    x->c.page->font = csm_strdup(x->style.font);
    x->c.page->title = csm_strdup(f->title ? f->title : "");
    x->c.page->date = f->date ? csm_strdup(f->date) : NULL;
    if (!x->c.page->font || !x->c.page->title || (f->date && !x->c.page->date))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    x->c.text_scale = f->page_size == CSM_PAGE_A4 ? 1.0 : 1.2;
    x->c.content = (csm_box){m, m, w - m, h - m};
    rc = compose_margin_sizes(&x->c, err);
    return rc;
}

/* Banners, title block (when there is a title), footer from footer_y,
 * and the page number: what every page of an atlas carries. */
static int front_margins(front_ctx *x, double footer_y, csm_error *err)
{
    compose_ctx *c = &x->c;
    double cw = c->content.maxx - c->content.minx, w, h;
    int rc;

    c->footer_y = footer_y;
    rc = compose_marginalia(c, err);
    if (!rc)
        rc = compose_page_token(c, c->content.maxy - c->banner_mm, cw, &w, &h,
                                err);
    return rc;
}

/* Where the footer starts: as low as it fits above the bottom banner. */
static double footer_top(const front_ctx *x)
{
    const compose_ctx *c = &x->c;

    return c->content.maxy - c->banner_mm - COMPOSE_GAP_MM - c->footer_mm;
}

/* --- the cover ---------------------------------------------------------- */

typedef struct flow {
    front_ctx *x;
    double f, y;
    int draw;
} flow;

static int put(flow *fl, const char *s, double x, double w, double pt, int bold,
               double *h, csm_error *err)
{
    double tw;

    compose_measure(&fl->x->c, s, pt * fl->f, bold, w, &tw, h);
    if (!fl->draw || !s || !*s)
        return CSM_OK;
    return compose_text(&fl->x->c, s, (csm_xy){x, fl->y}, pt * fl->f, bold, w,
                        CSM_ALIGN_LEFT, err);
}

/* A line of the facts table: label at the left, value beside it. */
static int fact(flow *fl, const char *label, const char *value, csm_error *err)
{
    const csm_box *b = &fl->x->c.content;
    double lw = LABEL_W_MM * fl->f, h1, h2;
    int rc;

    if (!value || !*value)
        return CSM_OK;
    rc = put(fl, label, b->minx, lw, 9.5, 1, &h1, err);
    if (!rc)
        rc = put(fl, value, b->minx + lw, b->maxx - b->minx - lw, 9.5, 0, &h2,
                 err);
    fl->y += fmax(h1, h2) + 1.5 * fl->f;
    return rc;
}

static int cover_flow(flow *fl, const csm_front *f, csm_error *err)
{
    const csm_box *b = &fl->x->c.content;
    double cw = b->maxx - b->minx, h;
    char num[32];
    size_t i;
    int rc;

    fl->y = b->miny + fl->x->c.banner_mm + 14.0 * fl->f;
    rc = put(fl, f->title, b->minx, cw, 24.0, 1, &h, err);
    fl->y += h + 3.0 * fl->f;
    if (!rc && f->subtitle && *f->subtitle) {
        rc = put(fl, f->subtitle, b->minx, cw, 13.0, 0, &h, err);
        fl->y += h;
    }
    fl->y += 10.0 * fl->f;
    if (!rc)
        rc = fact(fl, "Date", f->date, err);
    if (!rc)
        rc = fact(fl, "Period covered", f->period, err);
    if (!rc)
        rc = fact(fl, f->contents_label ? f->contents_label : "Areas",
                  f->contents, err);
    if (!rc)
        rc = fact(fl, "Owner", f->owner, err);
    if (!rc)
        rc = fact(fl, "Review by", f->review, err);
    for (i = 0; i < f->nsources && !rc; i++)
        rc = fact(fl, i == 0 ? "Sources" : "", f->sources[i], err);
    fl->y += 6.0 * fl->f;
    if (!rc)
        rc = put(fl, "How the figures are protected", b->minx, cw, 12.0, 1, &h,
                 err);
    fl->y += h + 2.0 * fl->f;
    if (!rc)
        rc = put(fl,
                 f->statement && *f->statement ? f->statement
                                               : "No personal or "
                                                 "pseudonymised data "
                                                 "shown",
                 b->minx, cw, 9.5, 0, &h, err);
    fl->y += h + 6.0 * fl->f;
    if (!rc && f->ncaveats)
        rc = put(fl, "Caveats", b->minx, cw, 12.0, 1, &h, err);
    fl->y += h + 2.0 * fl->f;
    for (i = 0; i < f->ncaveats && !rc; i++) {
        double h2;
        snprintf(num, sizeof num, "%zu.", i + 1);
        rc = put(fl, num, b->minx, NUM_W_MM * fl->f, 9.5, 0, &h, err);
        if (!rc)
            rc = put(fl, f->caveats[i], b->minx + NUM_W_MM * fl->f,
                     cw - NUM_W_MM * fl->f, 9.5, 0, &h2, err);
        fl->y += fmax(h, h2) + 2.0 * fl->f;
    }
    return rc;
}

int csm_compose_cover(const csm_front *f, csm_measure_fn measure,
                      csm_page **out, csm_error *err)
{
    front_ctx x;
    flow fl;
    int rc;

    *out = NULL;
    rc = front_init(&x, f, NULL, NULL, measure, err);
    memset(&fl, 0, sizeof fl);
    fl.x = &x;
    /* shrink a step at a time until it fits between the banners */
    for (fl.f = 1.0; !rc; fl.f *= 0.92) {
        rc = cover_flow(&fl, f, err);
        if (fl.y <= footer_top(&x) - 2 * COMPOSE_GAP_MM || fl.f < 0.6)
            break;
    }
    fl.draw = 1;
    if (!rc)
        rc = front_margins(&x, footer_top(&x), err);
    if (!rc)
        rc = cover_flow(&fl, f, err);
    if (!rc) {
        *out = x.c.page;
        x.c.page = NULL;
    }
    csm_page_free(x.c.page);
    return rc;
}

/* --- the index ---------------------------------------------------------- */

#define ROW_PT 8.0
#define ROW_PAD_MM 1.2

typedef struct index_geom {
    double top, bottom; /* the table's rows */
    double row_h;
    double col[5]; /* right edges of page, children, incidents, rate */
} index_geom;

static void index_layout(const front_ctx *x, const csm_front *f, index_geom *g)
{
    const compose_ctx *c = &x->c;
    double w, h, right = c->content.maxx;
    int k;

    compose_measure(c, "Ag", ROW_PT * c->text_scale, 0, 0.0, &w, &h);
    g->row_h = h + ROW_PAD_MM;
    g->top = c->content.miny + c->banner_mm + COMPOSE_GAP_MM + c->title_mm +
             COMPOSE_GAP_MM + 2.0 * g->row_h; /* and the header row */
    g->bottom = c->content.maxy - c->banner_mm - COMPOSE_GAP_MM - c->footer_mm -
                COMPOSE_GAP_MM - g->row_h; /* notes line */
    for (k = f->rate_heading ? 4 : 3; k >= 1; k--) {
        g->col[k] = right;
        right -= 26.0;
    }
    g->col[0] = right; /* the area names end here */
}

size_t csm_compose_index_rows(const csm_front *f, csm_measure_fn measure)
{
    front_ctx x;
    index_geom g;
    size_t n = 1;

    if (!front_init(&x, f, "Index of areas", f->title, measure, NULL)) {
        index_layout(&x, f, &g);
        if (g.bottom - g.top > g.row_h)
            n = (size_t)floor((g.bottom - g.top) / g.row_h);
    }
    csm_page_free(x.c.page);
    return n;
}

static int cells(front_ctx *x, const index_geom *g, double y,
                 const char *const *s, size_t ns, int bold, csm_error *err)
{
    compose_ctx *c = &x->c;
    double left = c->content.minx + 1.0;
    size_t k;
    int rc = CSM_OK;

    for (k = 0; k < ns && !rc; k++) {
        double x0 = k == 0 ? left : g->col[k - 1] + 1.0;
        rc = compose_text(c, s[k], (csm_xy){x0, y}, ROW_PT * c->text_scale,
                          bold, g->col[k] - 1.0 - x0,
                          k == 0 ? CSM_ALIGN_LEFT : CSM_ALIGN_RIGHT, err);
    }
    return rc;
}

static int index_row(front_ctx *x, const index_geom *g, const csm_front *f,
                     const csm_index_row *r, double y, int stripe,
                     csm_error *err)
{
    char page[32], ch[32], inc[32];
    const char *s[5];
    csm_rgba none = {0, 0, 0, 0};
    csm_box band = {x->c.content.minx, y - ROW_PAD_MM / 2, x->c.content.maxx,
                    y + g->row_h - ROW_PAD_MM / 2};
    int rc = CSM_OK;

    if (stripe) /* every other row shaded, so the eye keeps its line */
        rc = compose_rect(&x->c, &band, compose_grey(0.93), none, 0.0, err);
    if (r->page > 0)
        snprintf(page, sizeof page, "%ld", r->page);
    else
        snprintf(page, sizeof page, "not produced");
    compose_count_text(r->children, ch, sizeof ch);
    compose_count_text(r->incidents, inc, sizeof inc);
    s[0] = r->name;
    s[1] = page;
    s[2] = r->page > 0 ? ch : "";
    s[3] = r->page > 0 && !f->unit ? inc : "";
    s[4] = r->page > 0 && r->rate ? r->rate : "";
    return rc ? rc : cells(x, g, y, s, f->rate_heading ? 5 : 4, 0, err);
}

int csm_compose_index(const csm_front *f, const csm_index_row *rows, size_t n,
                      csm_measure_fn measure, csm_page **out, csm_error *err)
{
    char unit[48], note[160];
    const char *head[5] = {f->area_heading ? f->area_heading : "Area", "Page",
                           "Children", "Incidents", f->rate_heading};
    front_ctx x;
    index_geom g;
    double y;
    size_t i;
    int rc;

    *out = NULL;
    snprintf(unit, sizeof unit, "%s", f->unit ? f->unit : "");
    unit[0] = (char)toupper((unsigned char)unit[0]);
    if (f->unit) /* rows counted ("Crimes"): one figure, no incidents */
        head[2] = unit, head[3] = "";
    snprintf(note, sizeof note,
             "%s as shown on each page; * not shown (a small number, or "
             "hidden to protect another figure).",
             f->unit ? unit : "Children and incidents");
    rc = front_init(&x, f, "Index of areas", f->title, measure, err);
    if (!rc) {
        index_layout(&x, f, &g);
        rc = front_margins(&x, footer_top(&x), err);
    }
    y = g.top - 1.5 * g.row_h;
    if (!rc)
        rc = cells(&x, &g, y, head, f->rate_heading ? 5 : 4, 1, err);
    for (i = 0, y = g.top; i < n && !rc; i++, y += g.row_h)
        rc = index_row(&x, &g, f, &rows[i], y, i % 2 == 1, err);
    if (!rc)
        rc = compose_text(
            &x.c,
            note,
            (csm_xy){x.c.content.minx, g.bottom + 1.0}, 6.5 * x.c.text_scale, 0,
            x.c.content.maxx - x.c.content.minx, CSM_ALIGN_LEFT, err);
    if (!rc) {
        *out = x.c.page;
        x.c.page = NULL;
    }
    csm_page_free(x.c.page);
    return rc;
}
