/* items.c - compose: small helpers that append display-list items (text,
 * rectangles, paths, symbols) to the page, all in page millimetres. */
#include <string.h>

#include "compose/compose.h"

void compose_measure(const compose_ctx *c, const char *text, double size_pt,
                     int bold, double width_mm, double *w_mm, double *h_mm)
{
    *w_mm = *h_mm = 0.0;
    if (text && *text)
        c->measure(text, size_pt, bold, width_mm, w_mm, h_mm);
}

csm_rgba compose_grey(double level)
{
    csm_rgba g = {level, level, level, 1.0};
    return g;
}

csm_box compose_grow(csm_box b, double d)
{
    b.minx -= d;
    b.miny -= d;
    b.maxx += d;
    b.maxy += d;
    return b;
}

int compose_text(compose_ctx *c, const char *text, csm_xy at, double size_pt,
                 int bold, double width_mm, csm_align align, csm_error *err)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = (char *)text; /* csm_page_add copies it */
    it.at = at;
    it.size_pt = size_pt;
    it.bold = bold;
    it.colour = compose_grey(0.0);
    it.align = align;
    it.width_mm = width_mm;
    return csm_page_add(c->page, &it, err);
}

int compose_path(compose_ctx *c, csm_geom_type type, const csm_xy *pt, size_t n,
                 const csm_symbol *sym, csm_error *err)
{
    csm_item it;
    int rc;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = *sym;
    csm_geom_init(&it.geom, type);
    rc = csm_geom_add_part(&it.geom, pt, n, err);
    if (!rc)
        rc = csm_page_add(c->page, &it, err);
    csm_geom_release(&it.geom);
    return rc;
}

int compose_rect(compose_ctx *c, const csm_box *b, csm_rgba fill,
                 csm_rgba stroke, double stroke_mm, csm_error *err)
{
    csm_xy r[5] = {{b->minx, b->miny},
                   {b->maxx, b->miny},
                   {b->maxx, b->maxy},
                   {b->minx, b->maxy},
                   {b->minx, b->miny}};
    csm_symbol sym;

    memset(&sym, 0, sizeof sym);
    sym.fill = fill;
    sym.stroke = stroke;
    sym.stroke_mm = stroke_mm;
    return compose_path(c, CSM_GEOM_POLYGON, r, 5, &sym, err);
}

int compose_symbol(compose_ctx *c, csm_xy at, const csm_symbol *sym,
                   csm_error *err)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_SYMBOL;
    it.sym = *sym;
    it.at = at;
    return csm_page_add(c->page, &it, err);
}
