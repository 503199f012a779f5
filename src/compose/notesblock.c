/* notesblock.c - compose: a page to write on.  A location-assessment
 * conference fills in what it saw and agreed by hand, so the pack ends
 * with ruled blocks under printed headings ("Observations", "Actions",
 * ...), some split into columns ("Action | Who | By when").  The page
 * carries the marking banners, title and footer like every other. */
#include <math.h>
#include <string.h>

#include "compose/compose.h"

#define HEAD_PT 11.0
#define CAPTION_PT 7.5
#define RULE_MM 8.0 /* between ruled lines: room for handwriting */

typedef struct notes_ctx {
    compose_ctx c;
    csm_spec sp; /* what marginalia.c reads */
    csm_style style;
} notes_ctx;

static int notes_init(notes_ctx *x, const csm_spec *spec,
                      const csm_notes_page *np, const char *date,
                      csm_measure_fn measure, csm_error *err)
{
    double w, h, m = spec->margin_mm > 0.0 ? spec->margin_mm : 10.0;

    memset(x, 0, sizeof *x);
    x->sp = *spec;
    x->sp.title = (char *)np->title;
    x->sp.subtitle = (char *)np->subtitle;
    x->style.font = np->font ? (char *)np->font : (char *)"DejaVu Sans";
    x->c.spec = &x->sp;
    x->c.style = &x->style;
    x->c.measure = measure;
    x->c.date = date && *date ? date : spec->date;
    csm_compose_paper(spec->page_size, spec->landscape, &w, &h);
    if (!(x->c.page = csm_page_new(w, h)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    x->c.page->font = csm_strdup(x->style.font);
    x->c.page->title = csm_strdup(np->title ? np->title : "");
    x->c.page->date = x->c.date ? csm_strdup(x->c.date) : NULL;
    if (!x->c.page->font || !x->c.page->title ||
        (x->c.date && !x->c.page->date))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    x->c.text_scale = spec->page_size == CSM_PAGE_A4 ? 1.0 : 1.2;
    x->c.content = (csm_box){m, m, w - m, h - m};
    return compose_margin_sizes(&x->c, err);
}

static int rule(compose_ctx *c, double x0, double y0, double x1, double y1,
                double grey, double width_mm, csm_error *err)
{
    csm_xy pt[2] = {{x0, y0}, {x1, y1}};
    csm_symbol sym;

    memset(&sym, 0, sizeof sym);
    sym.stroke = compose_grey(grey);
    sym.stroke_mm = width_mm;
    return compose_path(c, CSM_GEOM_LINE, pt, 2, &sym, err);
}

/* Column captions of a block: "Action|Who|By when" -> up to 8 columns,
 * the first twice as wide as the others. */
static size_t columns(const char *spec, char cap[8][48], double *frac)
{
    size_t n = 0, k, total;
    const char *p = spec;

    while (p && *p && n < 8) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len > 47)
            len = 47;
        memcpy(cap[n], p, len);
        cap[n++][len] = '\0';
        p = bar ? bar + 1 : NULL;
    }
    total = n ? n + 1 : 0;
    for (k = 0; k < n; k++)
        frac[k] = (k == 0 ? 2.0 : 1.0) / (double)total;
    return n;
}

/* One block: heading, captions, then ruled lines down to 'bottom'. */
static int block(compose_ctx *c, const char *heading, const char *cols,
                 double top, double bottom, csm_error *err)
{
    const csm_box *b = &c->content;
    double ts = c->text_scale, cw = b->maxx - b->minx, w, h, y, x;
    double head, last, frac[8];
    char cap[8][48];
    size_t n = columns(cols, cap, frac), k;
    int rc;

    compose_measure(c, heading, HEAD_PT * ts, 1, cw, &w, &h);
    rc = compose_text(c, heading, (csm_xy){b->minx, top}, HEAD_PT * ts, 1, cw,
                      CSM_ALIGN_LEFT, err);
    y = head = top + h + 1.0;
    if (!rc)
        rc = rule(c, b->minx, y, b->maxx, y, 0.0, 0.5, err);
    if (n) {
        double ch = 0.0;
        for (k = 0, x = b->minx; k < n && !rc; k++) {
            compose_measure(c, cap[k], CAPTION_PT * ts, 0, frac[k] * cw - 2.0,
                            &w, &h);
            ch = fmax(ch, h);
            rc = compose_text(c, cap[k], (csm_xy){x + 1.0, y + 0.8},
                              CAPTION_PT * ts, 0, frac[k] * cw - 2.0,
                              CSM_ALIGN_LEFT, err);
            if (!rc)
                c->page->item[c->page->n - 1].colour = compose_grey(0.35);
            x += frac[k] * cw;
        }
        y += ch + 1.6;
    }
    for (last = y, y += RULE_MM; y <= bottom + 0.01 && !rc; y += RULE_MM) {
        rc = rule(c, b->minx, y, b->maxx, y, 0.6, 0.25, err);
        last = y;
    }
    /* columns divide the ruled part, under the captions too */
    for (k = 1, x = b->minx; n && k < n && !rc; k++) {
        x += frac[k - 1] * cw;
        rc = rule(c, x, head, x, last, 0.6, 0.25, err);
    }
    return rc;
}

/* A line of blanks: "Conference date ______    Chair ______". */
static int blanks(compose_ctx *c, const char *const *field, size_t n, double y,
                  double *h_out, csm_error *err)
{
    const csm_box *b = &c->content;
    double cw = b->maxx - b->minx, each = n ? cw / (double)n : cw;
    double ts = c->text_scale, w, h = 0.0, x = b->minx;
    size_t k;
    int rc = CSM_OK;

    for (k = 0; k < n && !rc; k++, x += each) {
        compose_measure(c, field[k], 9.0 * ts, 1, 0.0, &w, &h);
        rc = compose_text(c, field[k], (csm_xy){x, y}, 9.0 * ts, 1, 0.0,
                          CSM_ALIGN_LEFT, err);
        if (!rc && w + 2.0 < each - 4.0)
            rc = rule(c, x + w + 2.0, y + h, x + each - 4.0, y + h, 0.4, 0.3,
                      err);
    }
    *h_out = h;
    return rc;
}

int csm_compose_notes_page(const csm_spec *spec, const csm_notes_page *np,
                           const char *date, csm_measure_fn measure,
                           csm_page **out, csm_error *err)
{
    notes_ctx x;
    compose_ctx *c = &x.c;
    double cw, top, bottom, y, h = 0.0, total = 0.0, avail;
    size_t k;
    int rc;

    *out = NULL;
    rc = notes_init(&x, spec, np, date, measure, err);
    if (rc) {
        csm_page_free(c->page);
        return rc;
    }
    cw = c->content.maxx - c->content.minx;
    top = c->content.miny + c->banner_mm + COMPOSE_GAP_MM + c->title_mm +
          2.0 * COMPOSE_GAP_MM;
    bottom = c->content.maxy - c->banner_mm - COMPOSE_GAP_MM - c->footer_mm -
             COMPOSE_GAP_MM;
    c->footer_y = bottom + COMPOSE_GAP_MM;
    rc = compose_marginalia(c, err);
    if (!rc)
        rc = compose_page_token(c, c->content.maxy - c->banner_mm, cw, &y, &h,
                                err);
    y = top;
    if (!rc && np->nfield) {
        rc = blanks(c, np->field, np->nfield, y, &h, err);
        y += h + 3.0 * COMPOSE_GAP_MM;
    }
    for (k = 0; k < np->nblock; k++)
        total += np->block[k].weight > 0.0 ? np->block[k].weight : 1.0;
    avail = bottom - y - (double)np->nblock * COMPOSE_GAP_MM;
    for (k = 0; k < np->nblock && !rc; k++) {
        const csm_notes_block *bl = &np->block[k];
        double share = (bl->weight > 0.0 ? bl->weight : 1.0) / total;
        double end = y + share * avail;
        rc = block(c, bl->heading, bl->columns, y, end, err);
        y = end + COMPOSE_GAP_MM;
    }
    if (!rc) {
        *out = c->page;
        c->page = NULL;
    }
    csm_page_free(c->page);
    return rc;
}
