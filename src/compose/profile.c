/* profile.c - compose: one page of an atlas, an area profile.  The map of
 * the area (the same steps as a map page, compose.c) with its neighbours
 * muted and the area outlined, then the statistics panel and the charts
 * (panel.c, chart.c) where a map page has nothing.
 *
 *   portrait                          landscape
 *   +-------------------------+       +-----------+------+---------+
 *   | marking, title          |       | marking, title              |
 *   | map frame      | legend |       | map frame | leg- | figures |
 *   |                |        |       |           | end  |---------|
 *   |----------------+--------|       |           |      | charts  |
 *   | figures    | charts     |       |-----------+------+---------|
 *   | footer, marking         |       | footer, marking             |
 *   +-------------------------+       +-----------------------------+ */
#include <math.h>
#include <string.h>

#include "compose/compose.h"

/* What muting leaves of everything outside the area: enough to read the
 * neighbours, little enough that the eye goes to the area. */
#define MUTE_ALPHA 0.55

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int profile_layout(compose_ctx *c, csm_error *err)
{
    profile_state *st = c->user;
    const csm_spec *sp = c->spec;
    double m = sp->margin_mm > 0.0 ? sp->margin_mm : 10.0;
    double g = COMPOSE_GAP_MM, top, bottom, w, h, x;
    csm_page *p = c->page;
    int rc;

    c->text_scale = sp->page_size == CSM_PAGE_A4 ? 1.0 : 1.2;
    c->content = (csm_box){m, m, p->width_mm - m, p->height_mm - m};
    if ((rc = compose_margin_sizes(c, err)))
        return rc;
    top = c->content.miny + c->banner_mm + g + c->title_mm + g;
    bottom = c->content.maxy - c->banner_mm - g - c->footer_mm - g;
    c->footer_y = bottom + g;
    w = c->content.maxx - c->content.minx;
    h = bottom - top;
    if (!sp->landscape) {
        double pw = clamp(0.27 * w, 50.0, 80.0), mh = 0.62 * h;
        c->frame =
            (csm_box){c->content.minx, top, c->content.maxx - pw - g, top + mh};
        c->panel = (csm_box){c->frame.maxx + g, top, c->content.maxx, top + mh};
        st->stats = (csm_box){c->content.minx, top + mh + g,
                              c->content.minx + 0.52 * (w - g), bottom};
        st->charts = (csm_box){st->stats.maxx + g, top + mh + g,
                               c->content.maxx, bottom};
    } else {
        double pw = clamp(0.17 * w, 45.0, 70.0), fw = 0.5 * w;
        c->frame =
            (csm_box){c->content.minx, top, c->content.minx + fw, bottom};
        c->panel =
            (csm_box){c->frame.maxx + g, top, c->frame.maxx + g + pw, bottom};
        x = c->panel.maxx + g;
        st->stats = (csm_box){x, top, c->content.maxx, top + 0.56 * h};
        st->charts = (csm_box){x, st->stats.maxy + g, c->content.maxx, bottom};
    }
    if (c->frame.maxx - c->frame.minx < 40.0 ||
        c->frame.maxy - c->frame.miny < 40.0 ||
        st->charts.maxy - st->charts.miny < 30.0)
        return csm_fail(err, CSM_EUSAGE,
                        "page too small for an area profile: use A4 or "
                        "larger");
    p->frame = c->frame;
    return CSM_OK;
}

/* Everything outside the area under a white veil (the frame's rectangle
 * and the area's rings, filled even-odd, leave the area clear), then the
 * area's outline, white under black so it reads on any fill. */
static int profile_decorate(compose_ctx *c, csm_error *err)
{
    const profile_state *st = c->user;
    const csm_box *f = &c->frame;
    csm_xy ring[5] = {{f->minx, f->miny},
                      {f->maxx, f->miny},
                      {f->maxx, f->maxy},
                      {f->minx, f->maxy},
                      {f->minx, f->miny}};
    csm_geom pg, mask;
    csm_item it;
    size_t r;
    int rc;

    memset(&it, 0, sizeof it);
    csm_geom_init(&mask, CSM_GEOM_POLYGON);
    if ((rc = compose_geom_to_page(c, st->pp->area, &pg, err)))
        return rc;
    rc = csm_geom_add_part(&mask, ring, 5, err);
    for (r = 0; r < pg.npart && !rc; r++)
        rc = csm_geom_add_part(&mask, pg.pt + pg.part[r],
                               pg.part[r + 1] - pg.part[r], err);
    it.type = CSM_ITEM_PATH;
    it.sym.fill = (csm_rgba){1, 1, 1, MUTE_ALPHA};
    it.geom = mask;
    if (!rc)
        rc = csm_page_add(c->page, &it, err);
    memset(&it.sym, 0, sizeof it.sym);
    it.geom = pg;
    it.sym.stroke = (csm_rgba){1, 1, 1, 0.9};
    it.sym.stroke_mm = 1.6;
    if (!rc)
        rc = csm_page_add(c->page, &it, err);
    it.sym.stroke = compose_grey(0.0);
    it.sym.stroke_mm = 0.6;
    if (!rc)
        rc = csm_page_add(c->page, &it, err);
    csm_geom_release(&mask);
    csm_geom_release(&pg);
    return rc;
}

/* The page number, filled in when the atlas is put together, at the
 * right of the bottom banner: white on black like the marking. */
static int page_number(compose_ctx *c, csm_error *err)
{
    double cw = c->content.maxx - c->content.minx, w, h;
    double y = c->content.maxy - c->banner_mm;

    return compose_page_token(c, y, cw, &w, &h, err);
}

int compose_page_token(compose_ctx *c, double band_y, double cw, double *w,
                       double *h, csm_error *err)
{
    double pt = 8.0 * c->text_scale;
    int rc;

    compose_measure(c, "Page 000 of 000", pt, 1, 0.0, w, h);
    rc = compose_text(
        c, CSM_PAGE_TOKEN,
        (csm_xy){c->content.minx + 2.0, band_y + (c->banner_mm - *h) / 2.0}, pt,
        0, cw - 4.0, CSM_ALIGN_RIGHT, err);
    if (!rc)
        c->page->item[c->page->n - 1].colour = compose_grey(1.0);
    return rc;
}

/* The extent: the area with a margin, so the eye sees its surroundings. */
static void area_extent(const csm_profile_page *pp, csm_spec *sp)
{
    csm_box b;
    double side, margin;

    csm_geom_bounds(pp->area, &b);
    side = fmax(b.maxx - b.minx, b.maxy - b.miny);
    margin = pp->margin_m > 0.0 ? pp->margin_m : fmax(0.12 * side, 100.0);
    sp->extent_mode = CSM_EXTENT_BOX;
    sp->extent_box = b;
    sp->extent_margin_m = margin;
    sp->extent_layer = NULL;
    sp->extent_where = NULL;
}

int csm_compose_profile(const csm_spec *spec, const csm_style *style,
                        csm_layer *const *layers, const csm_profile_page *pp,
                        const char *date, csm_measure_fn measure,
                        csm_page **out, csm_error *err)
{
    csm_spec sp = *spec; /* a shallow copy: title and extent change */
    profile_state st;
    compose_ctx c;
    int rc;

    *out = NULL;
    if (pp->area->type != CSM_GEOM_POLYGON || pp->area->npt == 0)
        return csm_fail(err, CSM_EDATA, "area '%s': not a polygon", pp->name);
    sp.title = (char *)pp->name;
    sp.subtitle = (char *)pp->subtitle;
    area_extent(pp, &sp);
    memset(&st, 0, sizeof st);
    st.pp = pp;
    rc = compose_init(&c, &sp, style, layers, date, measure, err);
    c.layout = profile_layout;
    c.decorate = profile_decorate;
    c.user = &st;
    if (!rc)
        rc = compose_run(&c, err);
    if (!rc)
        rc = page_number(&c, err);
    if (!rc)
        rc = compose_panel(&c, &st, err);
    if (!rc)
        rc = compose_charts(&c, &st, err);
    if (!rc) {
        *out = c.page;
        c.page = NULL;
    }
    compose_release(&c);
    return rc;
}
