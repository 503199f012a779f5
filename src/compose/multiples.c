/* multiples.c - compose: a page of small multiples.  The same map drawn
 * several times (once per period, once per time band, and a change map),
 * every copy at one extent and one scale so the eye compares like with
 * like, under one set of marginalia and beside one legend.
 *
 *   +--------------------------------------------+
 *   | marking, title, subtitle                   |
 *   | heading A    heading B    heading C | leg- |
 *   | [map A]      [map B]      [map C]   | end  |
 *   | table (rows flow into blocks)       |      |
 *   | footer (date, sources, statement), marking |
 *   +--------------------------------------------+
 *
 * Each map is composed by the map page's own steps (features, scale bar,
 * labels, border) in a compose_ctx of its own, writing onto the shared
 * page; what each drew is merged by layer name and class value into the
 * page's context, whose legend step then lists everything once. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose/multiples.h"

#define HEAD_PT 9.0
#define INDEX_CELL_MM 5.0

/* Every map's layers, matched by name: maps[0]'s first. */
typedef struct merged {
    csm_layer_spec *ls; /* shallow copies: strings stay the maps' */
    csm_layer **layers;
    size_t n;
} merged;

static int merge_layers(const csm_multiples_page *mp, merged *m, csm_error *err)
{
    size_t k, i, j, total = 0;

    for (k = 0; k < mp->nmap; k++)
        total += mp->map[k].spec->nlayer;
    m->n = 0;
    m->ls = calloc(total + 1, sizeof *m->ls);
    m->layers = calloc(total + 1, sizeof *m->layers);
    if (!m->ls || !m->layers)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < mp->nmap; k++) {
        const csm_spec *sp = mp->map[k].spec;
        for (i = 0; i < sp->nlayer; i++) {
            for (j = 0; j < m->n && strcmp(m->ls[j].name, sp->layer[i].name);
                 j++)
                ;
            if (j < m->n)
                continue;
            m->ls[m->n] = sp->layer[i];
            m->layers[m->n++] = mp->map[k].layers[i];
        }
    }
    return CSM_OK;
}

static int layer_named(const csm_spec *sp, const char *name)
{
    size_t i;

    for (i = 0; name && i < sp->nlayer; i++)
        if (!strcmp(sp->layer[i].name, name))
            return (int)i;
    return -1;
}

/* What every map shows, in the map crs, margins included. */
static int world_extent(const csm_spec *sp, const csm_multiples_page *mp,
                        csm_box *e, csm_error *err)
{
    size_t k, i;
    int j;

    csm_box_empty(e);
    if (mp->extent) {
        *e = *mp->extent;
        if (csm_box_is_empty(e))
            return csm_fail(err, CSM_EDATA, "extent: the box is empty");
        return CSM_OK;
    }
    if (sp->extent_mode == CSM_EXTENT_BOX) {
        *e = sp->extent_box;
    } else if (sp->extent_mode == CSM_EXTENT_LAYER) {
        const csm_spec *ms = mp->map[0].spec;
        if ((j = layer_named(ms, sp->extent_layer)) < 0)
            return csm_fail(err, CSM_EDATA,
                            "extent: no layer '%s' in the "
                            "spec",
                            sp->extent_layer ? sp->extent_layer : "");
        csm_layer_bounds(mp->map[0].layers[j], e);
    } else {
        for (k = 0; k < mp->nmap; k++)
            for (i = 0; i < mp->map[k].spec->nlayer; i++) {
                csm_box b;
                csm_layer_bounds(mp->map[k].layers[i], &b);
                csm_box_union(e, &b);
            }
    }
    if (csm_box_is_empty(e))
        return csm_fail(err, CSM_EDATA,
                        "nothing to draw: every layer is "
                        "empty");
    if (sp->extent_margin_m > 0.0)
        *e = compose_grow(*e, sp->extent_margin_m);
    if (e->maxx - e->minx <= 0.0 || e->maxy - e->miny <= 0.0)
        *e = compose_grow(*e, 250.0); /* one point: its neighbourhood */
    return CSM_OK;
}

/* Where the maps and the table go: a grid of frames (each under a
 * heading hh tall), every frame the extent's shape; the table under the
 * grid, or in the free cells of its last row. */
typedef struct plan {
    int cols, rows;
    double fw, fh, s; /* each frame; page mm per world metre */
    double pt;        /* table text size */
    csm_box table;    /* empty: no table */
} plan;

#define GRID_GAP_MM (COMPOSE_GAP_MM + 1.0)

/* The largest frames for n maps in cols columns in w x h mm. */
static double grid_scale(size_t n, int cols, double w, double h, double hh,
                         double ew, double eh)
{
    int rows = ((int)n + cols - 1) / cols;
    double cw = (w - (cols - 1) * GRID_GAP_MM) / cols;
    double ch = (h - (rows - 1) * GRID_GAP_MM) / rows - hh;

    if (cw <= 0.0 || ch <= 0.0)
        return 0.0;
    return fmin(cw / ew, ch / eh);
}

/* The largest text size (not under TABLE_PT_MIN) at which t fits in
 * w x h mm; 0 when none does. */
static double table_pt(const compose_ctx *c, const csm_table *t, double w,
                       double h)
{
    double pt, th;

    for (pt = TABLE_PT_MAX; pt >= TABLE_PT_MIN - 1e-9; pt -= 0.5) {
        th = compose_table_height(c, t, w, pt);
        if (th > 0.0 && th <= h)
            return pt;
    }
    return 0.0;
}

/* grid_scale, no larger than mp->scale asks */
static double capped(const csm_multiples_page *mp, double s)
{
    return mp->scale > 0.0 ? fmin(s, 1000.0 / mp->scale) : s;
}

static void best_plan(const compose_ctx *c, const csm_multiples_page *mp,
                      const csm_box *body, double hh, double ew, double eh,
                      plan *best)
{
    double w = body->maxx - body->minx, h = body->maxy - body->miny;
    const csm_table *t = mp->table;
    size_t n = mp->nmap;
    int cols;

    memset(best, 0, sizeof *best);
    csm_box_empty(&best->table);
    for (cols = 1; cols <= (int)n + (t != NULL); cols++) {
        plan p;
        double th, f;
        memset(&p, 0, sizeof p);
        csm_box_empty(&p.table);
        p.cols = cols;
        if (!t) {
            p.rows = ((int)n + cols - 1) / cols;
            p.s = capped(mp, grid_scale(n, cols, w, h, hh, ew, eh));
        } else if ((size_t)cols * (((int)n + cols) / cols) > n &&
                   cols <= (int)n + 1) {
            /* the table in the last row's free cells */
            int rows = ((int)n + 1 + cols - 1) / cols, free_;
            double cw, fh;
            p.s = capped(mp, grid_scale(n + 1, cols, w, h, hh, ew, eh));
            p.rows = rows;
            free_ = cols * rows - (int)n;
            cw = (w - (cols - 1) * GRID_GAP_MM) / cols;
            fh = p.s * eh + hh;
            p.table.minx = body->minx + (cols - free_) * (cw + GRID_GAP_MM) +
                           (cw - p.s * ew) / 2.0; /* under a frame's edge */
            p.table.maxx = body->maxx;
            p.table.miny = body->miny + (rows - 1) * (fh + GRID_GAP_MM);
            p.table.maxy = p.table.miny + fh;
            if (!(p.pt = table_pt(c, t, p.table.maxx - p.table.minx, fh)))
                p.s = 0.0;
            if (p.s > best->s * 1.0001)
                *best = p;
            /* and the table under the grid */
            memset(&p, 0, sizeof p);
            p.cols = cols;
        }
        if (t) { /* under the grid: the most map that leaves it room */
            p.rows = ((int)n + cols - 1) / cols;
            for (f = 0.8; f >= 0.35; f -= 0.05) {
                double gh;
                p.s = capped(mp, grid_scale(n, cols, w, f * h, hh, ew, eh));
                gh = p.rows * (p.s * eh + hh) + (p.rows - 1) * GRID_GAP_MM;
                th = h - gh - GRID_GAP_MM;
                if (p.s > 0.0 && (p.pt = table_pt(c, t, w, th)) > 0.0) {
                    p.table =
                        (csm_box){body->minx, body->miny + gh + GRID_GAP_MM,
                                  body->maxx, body->maxy};
                    break;
                }
                p.s = 0.0;
            }
        }
        if (p.s > best->s * 1.0001) /* fewer columns win a tie */
            *best = p;
    }
    best->fw = best->s * ew;
    best->fh = best->s * eh;
}

/* Take into the page's context m what map context c drew (by layer name
 * and class value), and the harm codes it keyed. */
static int absorb(compose_ctx *m, const compose_ctx *c, csm_error *err)
{
    size_t i, v, w, k;
    int j;

    for (i = 0; i < c->spec->nlayer; i++) {
        const compose_lyr *s = &c->lyr[i];
        compose_lyr *d;
        if (!s->drawn || (j = layer_named(m->spec, c->spec->layer[i].name)) < 0)
            continue;
        d = &m->lyr[j];
        if (!d->drawn) {
            d->val = calloc(s->nval + 1, sizeof *d->val);
            d->sym = calloc(s->nval + 1, sizeof *d->sym);
            d->drawn = calloc(s->nval + 1, sizeof *d->drawn);
            if (!d->val || !d->sym || !d->drawn)
                return csm_fail(err, CSM_ENOMEM, "out of memory");
            if (s->nval)
                memcpy(d->val, s->val, s->nval * sizeof *d->val);
            memcpy(d->sym, s->sym, (s->nval + 1) * sizeof *d->sym);
            memcpy(d->drawn, s->drawn, (s->nval + 1) * sizeof *d->drawn);
            d->nval = s->nval;
            continue;
        }
        for (v = 0; v < s->nval; v++) {
            if (!s->drawn[v])
                continue;
            for (w = 0; w < d->nval && strcmp(d->val[w], s->val[v]); w++)
                ;
            if (w == d->nval) { /* a class only this map has: append */
                const char **nv = realloc(d->val, (w + 2) * sizeof *nv);
                csm_symbol *ns;
                unsigned char *nd;
                if (nv)
                    d->val = nv;
                ns = nv ? realloc(d->sym, (w + 2) * sizeof *ns) : NULL;
                if (ns)
                    d->sym = ns;
                nd = ns ? realloc(d->drawn, (w + 2) * sizeof *nd) : NULL;
                if (!nd)
                    return csm_fail(err, CSM_ENOMEM, "out of memory");
                d->drawn = nd;
                d->sym[w + 1] = d->sym[w]; /* "no class" moves down */
                d->drawn[w + 1] = d->drawn[w];
                d->val[w] = s->val[v];
                d->sym[w] = s->sym[v];
                d->drawn[w] = 0;
                d->nval++;
            }
            if (!d->drawn[w])
                d->drawn[w] = s->drawn[v];
        }
        if (s->drawn[s->nval] && !d->drawn[d->nval])
            d->drawn[d->nval] = s->drawn[s->nval];
    }
    for (k = 0; k < c->ncode; k++) {
        for (v = 0; v < m->ncode && strcmp(m->code[v], c->code[k]); v++)
            ;
        if (v == m->ncode && m->ncode < COMPOSE_MAX_CODES)
            m->code[m->ncode++] = c->code[k];
    }
    return CSM_OK;
}

/* One map of the page: the map page's steps inside 'frame', its heading
 * above it. */
static int draw_map(compose_ctx *m, const csm_multiple *mu, const csm_box *e,
                    const csm_box *frame, double hh, int first, csm_error *err)
{
    csm_spec sp = *mu->spec;
    compose_ctx c;
    int rc;

    sp.extent_mode = CSM_EXTENT_BOX;
    sp.extent_box = *e;
    sp.extent_margin_m = 0.0;
    sp.extent_layer = sp.extent_where = NULL;
    rc = compose_init(&c, &sp, m->style, mu->layers, m->date, m->measure, err);
    if (rc) {
        compose_release(&c);
        return rc;
    }
    csm_page_free(c.page);
    c.page = m->page;
    c.text_scale = m->text_scale;
    c.map_scale = m->map_scale;
    c.content = m->content;
    c.frame = *frame;
    if (!(rc = compose_extent(&c, err)))
        rc = compose_index_init(&c.ix, &c.frame, INDEX_CELL_MM, err);
    if (!rc && mu->heading)
        rc = compose_text(&c, mu->heading,
                          (csm_xy){frame->minx, frame->miny - hh},
                          HEAD_PT * m->text_scale, 1, frame->maxx - frame->minx,
                          CSM_ALIGN_LEFT, err);
    if (!rc && !(rc = compose_frame_clip(&c, CSM_ITEM_CLIP, err)))
        rc = compose_features(&c, err);
    if (!rc)
        rc = compose_scalebar(&c, err);
    if (!rc && first)
        rc = compose_north(&c, err);
    if (!rc)
        rc = compose_labels(&c, err);
    if (!rc)
        rc = compose_frame_clip(&c, CSM_ITEM_UNCLIP, err);
    if (!rc)
        rc = compose_border(&c, &c.frame, 0.35, err);
    if (!rc)
        rc = absorb(m, &c, err);
    c.page = NULL; /* the page is m's */
    compose_release(&c);
    return rc;
}

static int lay_out(compose_ctx *m, const csm_multiples_page *mp,
                   const csm_box *e, csm_error *err)
{
    const csm_spec *sp = m->spec;
    double mg = sp->margin_mm > 0.0 ? sp->margin_mm : 10.0;
    double g = COMPOSE_GAP_MM, top, bottom, pw, hh, w, x0, tw;
    csm_page *p = m->page;
    csm_box body;
    plan pl;
    size_t k;
    int rc;

    m->text_scale = sp->page_size == CSM_PAGE_A4 ? 1.0 : 1.2;
    m->content = (csm_box){mg, mg, p->width_mm - mg, p->height_mm - mg};
    if ((rc = compose_margin_sizes(m, err)))
        return rc;
    top = m->content.miny + m->banner_mm + g + m->title_mm + g;
    bottom = m->content.maxy - m->banner_mm - g - m->footer_mm - g;
    m->footer_y = bottom + g;
    w = m->content.maxx - m->content.minx;
    pw = fmin(fmax(0.2 * w, 48.0), 80.0);
    m->panel = (csm_box){m->content.maxx - pw, top, m->content.maxx, bottom};
    body = (csm_box){m->content.minx, top, m->panel.minx - g, bottom};
    compose_measure(m, "Ag", HEAD_PT * m->text_scale, 1, 0.0, &tw, &hh);
    hh += 1.0;
    best_plan(m, mp, &body, hh, e->maxx - e->minx, e->maxy - e->miny, &pl);
    if (pl.fw < 25.0 || pl.fh < 25.0)
        return csm_fail(err, CSM_EUSAGE,
                        "page too small for %zu maps%s: "
                        "use A3 or landscape",
                        mp->nmap, mp->table ? " and the table" : "");
    /* labels and point symbols shrink with the maps: as the frame's side
     * to the side of one map filling the body (see labels.c for the floor) */
    m->map_scale =
        fmin(1.0, sqrt(pl.fw * pl.fh /
                       ((body.maxx - body.minx) * (body.maxy - body.miny))));
    /* the grid centred across the body, unless the table shares a row */
    tw = pl.cols * pl.fw + (pl.cols - 1) * GRID_GAP_MM;
    x0 = body.minx;
    if (!mp->table)
        x0 += (body.maxx - body.minx - tw) / 2.0;
    for (k = 0; k < mp->nmap && !rc; k++) {
        int col = (int)k % pl.cols, row = (int)k / pl.cols;
        double cw =
            mp->table ? (body.maxx - body.minx - (pl.cols - 1) * GRID_GAP_MM) /
                            pl.cols
                      : pl.fw;
        csm_box f;
        f.minx = x0 + col * (cw + GRID_GAP_MM) + (cw - pl.fw) / 2.0;
        f.miny = body.miny + row * (pl.fh + hh + GRID_GAP_MM) + hh;
        f.maxx = f.minx + pl.fw;
        f.maxy = f.miny + pl.fh;
        if (k == 0)
            p->frame = f;
        rc = draw_map(m, &mp->map[k], e, &f, hh, k == 0, err);
    }
    if (!rc && mp->table)
        rc = compose_table(m, mp->table, &pl.table, pl.pt, err);
    return rc;
}

int csm_compose_multiples(const csm_spec *spec, const csm_style *style,
                          const csm_multiples_page *mp, const char *date,
                          csm_measure_fn measure, csm_page **out,
                          csm_error *err)
{
    csm_spec sp = *spec; /* shallow: the page's texts and merged layers */
    merged mg = {NULL, NULL, 0};
    compose_ctx m;
    csm_box e;
    size_t i;
    int rc;

    *out = NULL;
    memset(&m, 0, sizeof m);
    if (mp->nmap == 0)
        return csm_fail(err, CSM_EUSAGE, "no maps to put on the page");
    if ((rc = merge_layers(mp, &mg, err)))
        goto out;
    if (mp->title)
        sp.title = (char *)mp->title;
    if (mp->subtitle)
        sp.subtitle = (char *)mp->subtitle;
    if (mp->statement)
        sp.statement = (char *)mp->statement;
    sp.layer = mg.ls;
    sp.nlayer = mg.n;
    if ((rc = world_extent(spec, mp, &e, err)) ||
        (rc = compose_init(&m, &sp, style, mg.layers, date, measure, err)) ||
        (rc = compose_page_strings(&m, err)) || (rc = lay_out(&m, mp, &e, err)))
        goto out;
    for (i = 0; i < sp.nlayer && !rc; i++)
        if (!m.lyr[i].drawn && !(m.lyr[i].drawn = calloc(1, 1)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = compose_marginalia(&m, err);
    if (!rc && mp->numbered) {
        double w, h;
        rc = compose_page_token(&m, m.content.maxy - m.banner_mm,
                                m.content.maxx - m.content.minx, &w, &h, err);
    }
    if (!rc) {
        m.page->extent = e;
        rc = compose_legend(&m, err);
    }
    if (!rc) {
        *out = m.page;
        m.page = NULL;
    }
out:
    if (m.spec)
        compose_release(&m);
    free(mg.ls);
    free(mg.layers);
    return rc;
}
