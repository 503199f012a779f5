/* pack.c - compose: the site page of a location pack (csmap pack).  A map
 * page (the same steps as compose.c) whose extent is the site and its
 * surroundings at large scale, with the site picked out: its outline or a
 * ring round its symbol, white under black so it reads on any fill and in
 * a greyscale copy, a dashed circle at the radius the pack is about, and
 * the site's own name placed first, larger and bold. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compose/compose.h"

#define RING_MM 7.0     /* diameter of the ring round a point site */
#define CIRCLE_STEPS 96 /* vertices of the radius circle */
#define SITE_PT 10.0    /* the site's name */
#define PI 3.14159265358979323846

typedef struct site_state {
    const csm_site_page *sp;
} site_state;

static int outline(compose_ctx *c, const csm_geom *pg, csm_error *err)
{
    csm_item it;
    int rc;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.geom = *pg; /* csm_page_add copies it */
    it.sym.stroke = (csm_rgba){1, 1, 1, 0.9};
    it.sym.stroke_mm = 1.8;
    rc = csm_page_add(c->page, &it, err);
    it.sym.stroke = compose_grey(0.0);
    it.sym.stroke_mm = 0.8;
    if (!rc)
        rc = csm_page_add(c->page, &it, err);
    return rc;
}

/* The dashed circle radius_m round the site's anchor, and what it is. */
static int radius_circle(compose_ctx *c, csm_xy centre, double r_m,
                         csm_error *err)
{
    csm_xy pt[CIRCLE_STEPS + 1], top;
    csm_symbol sym;
    char text[64], len[32];
    double w, h, pt_size = 7.0 * c->text_scale;
    csm_box b;
    int i, rc;

    for (i = 0; i <= CIRCLE_STEPS; i++) {
        double a = 2.0 * PI * (double)(i % CIRCLE_STEPS) / CIRCLE_STEPS;
        pt[i] = compose_to_page(
            c, (csm_xy){centre.x + r_m * cos(a), centre.y + r_m * sin(a)});
    }
    memset(&sym, 0, sizeof sym);
    sym.stroke = compose_grey(0.15);
    sym.stroke_mm = 0.45;
    sym.dash_mm[0] = 2.0;
    sym.dash_mm[1] = 1.2;
    sym.ndash = 2;
    rc = compose_path(c, CSM_GEOM_LINE, pt, CIRCLE_STEPS + 1, &sym, err);
    /* "400 m" just inside the circle's top, where it is found first */
    compose_length_text(r_m, len, sizeof len);
    snprintf(text, sizeof text, "%s from the site", len);
    compose_measure(c, text, pt_size, 0, 0.0, &w, &h);
    top = compose_to_page(c, (csm_xy){centre.x, centre.y + r_m});
    b = (csm_box){top.x - w / 2, top.y + 0.8, top.x + w / 2, top.y + 0.8 + h};
    if (!rc && b.miny > c->frame.miny + 1.0) {
        rc = compose_text(c, text, (csm_xy){b.minx, b.miny}, pt_size, 0, 0.0,
                          CSM_ALIGN_LEFT, err);
        if (!rc) {
            csm_item *it = &c->page->item[c->page->n - 1];
            it->halo = 1;
            it->halo_colour = compose_grey(1.0);
            it->halo_mm = 0.6;
            it->colour = compose_grey(0.15);
            b = compose_grow(b, 0.4);
            rc = compose_index_add(&c->ix, &b, err);
        }
    }
    return rc;
}

/* The site's own label goes first, larger and bold, clear of its ring; a
 * site whose layer has no label gets one with its name. */
static int site_label(compose_ctx *c, const csm_site_page *sp, csm_xy at,
                      double ring_mm, csm_error *err)
{
    compose_label lb;
    size_t i;
    int found = 0;

    for (i = 0; i < c->nlab; i++) {
        compose_label *l = &c->lab[i];
        if (l->layer != sp->layer || l->feat != sp->feat)
            continue;
        l->text = sp->name;
        l->priority = 1000000;
        l->sym.label_pt = SITE_PT * c->text_scale;
        l->sym.label_bold = 1;
        l->sym.label_colour = compose_grey(0.0);
        if (l->type == CSM_GEOM_POINT)
            l->radius_mm = ring_mm / 2.0;
        found = 1;
    }
    if (found || !sp->name || !*sp->name)
        return CSM_OK;
    memset(&lb, 0, sizeof lb);
    lb.text = sp->name;
    lb.priority = 1000000;
    lb.layer = sp->layer;
    lb.feat = sp->feat;
    lb.type = CSM_GEOM_POINT; /* beside the ring or the anchor */
    lb.radius_mm = ring_mm / 2.0;
    lb.sym.label_pt = SITE_PT * c->text_scale;
    lb.sym.label_bold = 1;
    lb.sym.label_colour = compose_grey(0.0);
    lb.anchor[0] = at;
    lb.nanchor = 1;
    return compose_push_label(c, &lb, err);
}

static int site_decorate(compose_ctx *c, csm_error *err)
{
    const csm_site_page *sp = ((const site_state *)c->user)->sp;
    const csm_geom *g = sp->site;
    csm_xy a = csm_geom_anchor(g), p = compose_to_page(c, a);
    double ring = RING_MM * (c->text_scale > 1.0 ? 1.15 : 1.0);
    csm_symbol sym;
    csm_geom pg;
    csm_box b;
    int rc = CSM_OK;

    if (sp->radius_m > 0.0 && g->type == CSM_GEOM_POINT)
        rc = radius_circle(c, a, sp->radius_m, err);
    if (!rc && g->type == CSM_GEOM_POLYGON) {
        if (!(rc = compose_geom_to_page(c, g, &pg, err))) {
            rc = outline(c, &pg, err);
            csm_geom_release(&pg);
        }
    } else if (!rc) {
        memset(&sym, 0, sizeof sym);
        sym.shape = CSM_SHAPE_CIRCLE;
        sym.size_mm = ring;
        sym.stroke = (csm_rgba){1, 1, 1, 0.9};
        sym.stroke_mm = 1.6;
        rc = compose_symbol(c, p, &sym, err);
        sym.stroke = compose_grey(0.0);
        sym.stroke_mm = 0.7;
        if (!rc)
            rc = compose_symbol(c, p, &sym, err);
        b = (csm_box){p.x - ring / 2, p.y - ring / 2, p.x + ring / 2,
                      p.y + ring / 2};
        if (!rc)
            rc = compose_index_add(&c->ix, &b, err);
    }
    if (!rc)
        rc = site_label(c, sp, p, g->type == CSM_GEOM_POINT ? ring : 0.0, err);
    return rc;
}

/* The site's box grown by the radius: the surroundings, not the town. */
static void site_extent(const csm_site_page *sp, csm_spec *s)
{
    csm_box b;

    csm_geom_bounds(sp->site, &b);
    s->extent_mode = CSM_EXTENT_BOX;
    s->extent_box = b;
    /* a little beyond the radius, so its circle is not cut by the frame */
    s->extent_margin_m = (sp->radius_m > 0.0 ? sp->radius_m : 400.0) * 1.08;
    s->extent_layer = NULL;
    s->extent_where = NULL;
}

int csm_compose_site(const csm_spec *spec, const csm_style *style,
                     csm_layer *const *layers, const csm_site_page *sp,
                     const char *date, csm_measure_fn measure, csm_page **out,
                     csm_error *err)
{
    csm_spec s = *spec; /* a shallow copy: title and extent change */
    site_state st;
    compose_ctx c;
    double w, h;
    int rc;

    *out = NULL;
    if (sp->site->npt == 0 || (sp->site->type != CSM_GEOM_POINT &&
                               sp->site->type != CSM_GEOM_POLYGON))
        return csm_fail(err, CSM_EDATA, "site '%s': not a point or an area",
                        sp->name ? sp->name : "");
    s.title = (char *)(sp->title ? sp->title : sp->name);
    s.subtitle = (char *)sp->subtitle;
    site_extent(sp, &s);
    st.sp = sp;
    rc = compose_init(&c, &s, style, layers, date, measure, err);
    c.decorate = site_decorate;
    c.user = &st;
    if (!rc)
        rc = compose_run(&c, err);
    if (!rc)
        rc = compose_page_token(&c, c.content.maxy - c.banner_mm,
                                c.content.maxx - c.content.minx, &w, &h, err);
    if (!rc) {
        *out = c.page;
        c.page = NULL;
    }
    compose_release(&c);
    return rc;
}
