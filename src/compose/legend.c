/* legend.c - compose: the legend panel lists exactly what was drawn, in
 * spec order: a layer that drew classes gets a subheading and one row per
 * drawn class (in the style's order, "Other" last); any other layer one
 * row.  Nothing for what is not on the map.  Then the scale statement.
 * When a long legend would overflow the panel, everything shrinks a step
 * at a time (never below 60%) rather than running off the page; if it
 * still does not fit, the rows that would run past the panel are left
 * out and a last line says how many ("+3 more: use a larger page"), so
 * nothing is drawn outside the box. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compose/compose.h"

#define PAD_MM 2.0
#define SWATCH_W_MM 8.0
#define SWATCH_H_MM 5.0
#define TEXT_X_MM 10.0 /* from the panel's inner edge to a row's text */

typedef struct pass {
    compose_ctx *c;
    double f;     /* shrink factor for text and gaps */
    int draw;     /* 0: only measure */
    double x, y;  /* next row's top-left */
    double width; /* inner width of the panel */
    const compose_lyr *lyr; /* the layer whose rows are being listed */
    double limit;  /* drawing: nothing may end below this (0: no limit) */
    int cut;       /* something did not fit: leave out the rest */
    size_t hidden; /* rows left out */
} pass;

/* Drawing, and the next h mm would run past the limit: leave it out, and
 * everything after it. */
static int cut(pass *p, double h)
{
    if (p->draw && p->limit > 0.0 && (p->cut || p->y + h > p->limit))
        p->cut = 1;
    return p->draw && p->cut;
}

static const char *const paper_name[] = {"A4", "A3", "A2"};

void compose_scale_text(double n, char *buf, size_t size)
{
    char digits[32];
    long long v;
    size_t len, i, o = 0;

    if (n >= 1000.0) {
        double unit = pow(10.0, floor(log10(n)) - 2.0);
        n = round(n / unit) * unit;
    }
    v = llround(n);
    snprintf(digits, sizeof digits, "%lld", v);
    len = strlen(digits);
    for (i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
}

static int text(pass *p, const char *s, double pt, int bold, double indent,
                double *h, csm_error *err)
{
    double w;

    compose_measure(p->c, s, pt * p->f, bold, p->width - indent, &w, h);
    if (!p->draw || cut(p, *h))
        return CSM_OK;
    return compose_text(p->c, s, (csm_xy){p->x + indent, p->y}, pt * p->f, bold,
                        p->width - indent, CSM_ALIGN_LEFT, err);
}

static int swatch(pass *p, int type, const csm_symbol *sym, double cy,
                  csm_error *err)
{
    double x = p->x;
    csm_symbol s = *sym;

    double sh = SWATCH_H_MM * p->f; /* shrinks with the text */

    if (type == COMPOSE_SWATCH_BAR) /* a safety map's bar (safety.c) */
        return compose_safety_swatch(p->c, p->lyr, x, cy, SWATCH_W_MM,
                                     sh * 0.6, err);
    if (type == CSM_GEOM_POLYGON) {
        csm_xy r[5] = {{x, cy - sh / 2},
                       {x + SWATCH_W_MM, cy - sh / 2},
                       {x + SWATCH_W_MM, cy + sh / 2},
                       {x, cy + sh / 2},
                       {x, cy - sh / 2}};
        return compose_path(p->c, CSM_GEOM_POLYGON, r, 5, &s, err);
    }
    if (type == CSM_GEOM_LINE) {
        csm_xy l[2] = {{x, cy}, {x + SWATCH_W_MM, cy}};
        return compose_path(p->c, CSM_GEOM_LINE, l, 2, &s, err);
    }
    if (!(s.size_mm > 0.0))
        s.size_mm = 3.0; /* as drawn on the map (features.c) */
    if (s.size_mm > 6.0)
        s.size_mm = 6.0;
    if (s.size_mm > sh)
        s.size_mm = sh;
    return compose_symbol(p->c, (csm_xy){x + SWATCH_W_MM / 2, cy}, &s, err);
}

/* One row: swatch, then its text wrapped beside it. */
static int row(pass *p, int type, const csm_symbol *sym, const char *label,
               csm_error *err)
{
    double tw, th, h;
    int rc = CSM_OK;

    compose_measure(p->c, label, 8.0 * p->c->text_scale * p->f, 0,
                    p->width - TEXT_X_MM, &tw, &th);
    h = fmax(SWATCH_H_MM * p->f, th);
    if (cut(p, h)) {
        p->hidden++;
        return CSM_OK;
    }
    if (p->draw) {
        double y = p->y;
        rc = swatch(p, type, sym, y + h / 2, err);
        p->y = y + (h - th) / 2;
        if (!rc)
            rc = text(p, label, 8.0 * p->c->text_scale, 0, TEXT_X_MM, &th, err);
        p->y = y;
        p->c->page->nlegend++;
    }
    p->y += h + 1.2 * p->f;
    return rc;
}

static const char *layer_heading(const compose_ctx *c, size_t i)
{
    const csm_layer_spec *ls = &c->spec->layer[i];
    const char *k = c->style->kind[ls->kind].legend;

    return ls->legend ? ls->legend : k ? k : ls->name;
}

static int layer_rows(pass *p, size_t i, csm_error *err)
{
    const compose_ctx *c = p->c;
    const compose_lyr *l = &c->lyr[i];
    double ts = c->text_scale, h;
    size_t j, ncls = 0;
    int rc = CSM_OK, other = 0;

    p->lyr = l;
    for (j = 0; j < l->nval; j++)
        ncls += l->drawn[j] != 0;
    if (ncls == 0) /* one row: the layer's own symbol and name */
        return row(p, l->drawn[l->nval], &l->sym[l->nval], layer_heading(c, i),
                   err);
    rc = text(p, layer_heading(c, i), 8.5 * ts, 1, 0.0, &h, err);
    p->y += h + 1.0 * p->f;
    for (j = 0; j < l->nval && !rc; j++) {
        const char *label = NULL;
        if (!l->drawn[j])
            continue;
        csm_style_resolve(c->style, &c->spec->layer[i], l->val[j], &label);
        label = label ? label : l->val[j];
        other |= !strcmp(label, "Other"); /* the style has its own "Other" */
        rc = row(p, l->drawn[j], &l->sym[j], label, err);
    }
    /* harm codes have their own OTHER: a value mapped to no code is not it */
    other |= csm_vocab_kind(c->spec->layer[i].kind);
    if (!rc && l->drawn[l->nval])
        rc = row(p, l->drawn[l->nval], &l->sym[l->nval],
                 other ? "Not categorised" : "Other", err);
    return rc;
}

/* The key to the harm codes on callouts and peer groups: each code's
 * badge, as the callouts draw it, and its name. */
static int code_rows(pass *p, csm_error *err)
{
    compose_ctx *c = p->c;
    char line[96];
    double h;
    size_t i;
    int rc;

    rc = text(p, "Harm codes", 8.5 * c->text_scale, 1, 0.0, &h, err);
    p->y += h + 1.0 * p->f;
    for (i = 0; i < c->ncode && !rc; i++) {
        csm_symbol sym;
        const char *label = NULL;
        if (!compose_code(c, c->code[i], &sym, &label))
            continue;
        sym.size_mm = 3.0; /* as the badges are drawn (notes.c) */
        snprintf(line, sizeof line, "%s: %s", c->code[i], label);
        rc = row(p, CSM_GEOM_POINT, &sym, line, err);
    }
    p->y += 1.5 * p->f;
    return rc;
}

static int legend_pass(pass *p, csm_error *err)
{
    compose_ctx *c = p->c;
    char scale[32], line[64];
    size_t i, j;
    double h;
    int rc;

    rc = text(p, "Legend", 11.0 * c->text_scale, 1, 0.0, &h, err);
    p->y += h + 2.0 * p->f;
    for (i = 0; i < c->spec->nlayer && !rc; i++) {
        for (j = 0; j <= c->lyr[i].nval && !c->lyr[i].drawn[j]; j++)
            ;
        if (j > c->lyr[i].nval)
            continue; /* nothing of this layer is on the map */
        rc = layer_rows(p, i, err);
        p->y += 1.5 * p->f;
    }
    if (!rc && c->ncode) /* the badges of callouts, the codes of groups */
        rc = code_rows(p, err);
    compose_scale_text(c->page->scale, scale, sizeof scale);
    snprintf(
        line, sizeof line, "Scale 1:%s at %s", scale,
        paper_name[c->spec->page_size <= CSM_PAGE_A2 ? c->spec->page_size : 0]);
    if (!rc)
        rc = text(p, line, 8.0 * c->text_scale, 0, 0.0, &h, err);
    p->y += h;
    if (!rc && p->hidden) { /* at the limit, kept free for this line */
        snprintf(line, sizeof line, "+%zu more: use a larger page", p->hidden);
        p->cut = 0;
        p->y = p->limit;
        p->limit = 0.0;
        rc = text(p, line, 8.0 * c->text_scale, 1, 0.0, &h, err);
    }
    return rc;
}

int compose_legend(compose_ctx *c, csm_error *err)
{
    pass p;
    double end;
    int rc;

    memset(&p, 0, sizeof p);
    p.c = c;
    p.width = c->panel.maxx - c->panel.minx - 2 * PAD_MM;
    for (p.f = 1.0;; p.f *= 0.9) {
        p.x = c->panel.minx + PAD_MM;
        p.y = c->panel.miny + PAD_MM;
        if ((rc = legend_pass(&p, err)))
            return rc;
        if (p.y + PAD_MM <= c->panel.maxy || p.f < 0.6)
            break;
    }
    p.draw = 1;
    end = p.y + PAD_MM;
    p.x = c->panel.minx + PAD_MM;
    p.y = c->panel.miny + PAD_MM;
    if (end > c->panel.maxy) { /* too long even at the smallest: cut */
        double w, h;
        compose_measure(c, "+9 more", 8.0 * c->text_scale * p.f, 1, p.width,
                        &w, &h);
        p.limit = c->panel.maxy - PAD_MM - h - 1.0 * p.f;
    }
    if ((rc = compose_border(c, &c->panel, 0.3, err)))
        return rc;
    return legend_pass(&p, err);
}

int compose_legend_height(compose_ctx *c, double *h_mm, csm_error *err)
{
    return compose_legend_height_at(c, 1.0, h_mm, err);
}

int compose_legend_height_at(compose_ctx *c, double f, double *h_mm,
                             csm_error *err)
{
    pass p;
    int rc;

    memset(&p, 0, sizeof p);
    p.c = c;
    p.f = f;
    p.width = c->panel.maxx - c->panel.minx - 2 * PAD_MM;
    p.x = c->panel.minx + PAD_MM;
    p.y = c->panel.miny + PAD_MM;
    rc = legend_pass(&p, err); /* draw 0: measures only */
    *h_mm = p.y + PAD_MM - c->panel.miny;
    return rc;
}
