/* layout.c - compose: paper sizes, where the frame, legend panel and
 * marginalia go, the world extent shown, and the world -> page transform. */
#include <string.h>
#include <strings.h>

#include "compose/compose.h"

void csm_compose_paper(csm_page_size size, int landscape, double *w_mm,
                       double *h_mm)
{
    double w = 210.0, h = 297.0;

    if (size == CSM_PAGE_A3) {
        w = 297.0;
        h = 420.0;
    } else if (size == CSM_PAGE_A2) {
        w = 420.0;
        h = 594.0;
    }
    *w_mm = landscape ? h : w;
    *h_mm = landscape ? w : h;
}

/* The legend panel: a quarter of the width, but never so narrow that class
 * names wrap word by word (portrait A4) nor so wide it wastes map (A2). */
static double panel_width(double content_w)
{
    double w = 0.25 * content_w;

    if (w < 50.0)
        w = 50.0;
    if (w > 90.0)
        w = 90.0;
    return w;
}

int compose_layout(compose_ctx *c, csm_error *err)
{
    const csm_spec *sp = c->spec;
    /* 0 is "unset" (a spec built in C); printers cannot reach the edge */
    double m = sp->margin_mm > 0.0 ? sp->margin_mm : 10.0;
    double g = COMPOSE_GAP_MM, pw;
    csm_page *p = c->page;
    int rc;

    c->text_scale = sp->page_size == CSM_PAGE_A4 ? 1.0 : 1.2;
    c->content = (csm_box){m, m, p->width_mm - m, p->height_mm - m};
    if ((rc = compose_margin_sizes(c, err)))
        return rc;
    pw = panel_width(c->content.maxx - c->content.minx);
    c->frame.minx = c->content.minx;
    c->frame.maxx = c->content.maxx - pw - g;
    c->frame.miny = c->content.miny + c->banner_mm + g;
    if (c->title_mm > 0.0)
        c->frame.miny += c->title_mm + g;
    c->frame.maxy = c->content.maxy - c->banner_mm - g - c->footer_mm - g;
    if (c->frame.maxx - c->frame.minx < 40.0 ||
        c->frame.maxy - c->frame.miny < 40.0)
        return csm_fail(err, CSM_EUSAGE,
                        "page too small: the title, legend and footer leave "
                        "a %.0f x %.0f mm map frame",
                        c->frame.maxx - c->frame.minx,
                        c->frame.maxy - c->frame.miny);
    c->panel = (csm_box){c->frame.maxx + g, c->frame.miny, c->content.maxx,
                         c->frame.maxy};
    p->frame = c->frame;
    return CSM_OK;
}

/* Maps are drawn in metres; a geographic CRS would make the scale bar a
 * lie.  Without PROJ here we know the common ones by name; the CLI checks
 * the rest with csm_project_check(). */
static int is_geographic(const char *crs)
{
    static const char *const geo[] = {
        "EPSG:4326", "EPSG:4258", "EPSG:4269", "EPSG:4277", "EPSG:4167",
        "EPSG:4283", "EPSG:7844", "EPSG:4617", "OGC:CRS84", "CRS:84"};
    size_t i;

    if (!crs)
        return 0;
    while (*crs == ' ' || *crs == '\n' || *crs == '\t')
        crs++;
    for (i = 0; i < sizeof geo / sizeof geo[0]; i++)
        if (!strcasecmp(crs, geo[i]))
            return 1;
    return !strncasecmp(crs, "GEOGCS[", 7) ||
           !strncasecmp(crs, "GEOGCRS[", 8) || strstr(crs, "+proj=longlat") ||
           strstr(crs, "+proj=latlong") || strstr(crs, "+proj=lonlat");
}

static int layer_index(const csm_spec *sp, const char *name)
{
    size_t i;

    for (i = 0; name && i < sp->nlayer; i++)
        if (sp->layer[i].name && !strcmp(sp->layer[i].name, name))
            return (int)i;
    return -1;
}

/* The data extent before margins: spec->extent_mode decides.  A layer
 * extent with a 'where' is the CLI's to resolve: it reads the matching
 * features and hands compose their bounds as an explicit box. */
static int data_extent(const compose_ctx *c, csm_box *ext, csm_error *err)
{
    const csm_spec *sp = c->spec;
    size_t i;
    int j;

    csm_box_empty(ext);
    if (sp->extent_mode == CSM_EXTENT_BOX) {
        *ext = sp->extent_box;
        if (csm_box_is_empty(ext) && sp->extent_layer && sp->extent_where)
            return csm_fail(err, CSM_EDATA,
                            "extent: no features of layer '%s' match 'where'",
                            sp->extent_layer);
        if (csm_box_is_empty(ext))
            return csm_fail(err, CSM_EDATA, "extent: the box is empty");
        return CSM_OK;
    }
    if (sp->extent_mode == CSM_EXTENT_LAYER) {
        if ((j = layer_index(sp, sp->extent_layer)) < 0)
            return csm_fail(err, CSM_EDATA, "extent: no layer '%s' in the spec",
                            sp->extent_layer ? sp->extent_layer : "");
        csm_layer_bounds(c->layers[j], ext);
        if (csm_box_is_empty(ext))
            return csm_fail(err, CSM_EDATA,
                            "extent: layer '%s' has no features",
                            sp->extent_layer);
        return CSM_OK;
    }
    for (i = 0; i < sp->nlayer; i++) {
        csm_box b;
        csm_layer_bounds(c->layers[i], &b);
        csm_box_union(ext, &b);
    }
    if (csm_box_is_empty(ext))
        return csm_fail(err, CSM_EDATA,
                        "nothing to draw: every layer is empty");
    return CSM_OK;
}

int compose_extent(compose_ctx *c, csm_error *err)
{
    double fw = c->frame.maxx - c->frame.minx;
    double fh = c->frame.maxy - c->frame.miny;
    double ew, eh, d;
    csm_box e;
    int rc;

    if (is_geographic(c->spec->crs))
        return csm_fail(err, CSM_ECRS,
                        "crs '%s' is in degrees: maps need a projected crs in "
                        "metres (e.g. EPSG:27700)",
                        c->spec->crs);
    if ((rc = data_extent(c, &e, err)))
        return rc;
    if (c->spec->extent_margin_m > 0.0)
        e = compose_grow(e, c->spec->extent_margin_m);
    ew = e.maxx - e.minx;
    eh = e.maxy - e.miny;
    if (ew <= 0.0 && eh <= 0.0) { /* one point: show its neighbourhood */
        e = compose_grow(e, 250.0);
        ew = eh = 500.0;
    }
    /* grow, centred, to the frame's shape: never crop what was asked for */
    if (ew * fh < eh * fw) {
        d = (eh * fw / fh - ew) / 2.0;
        e.minx -= d;
        e.maxx += d;
    } else {
        d = (ew * fh / fw - eh) / 2.0;
        e.miny -= d;
        e.maxy += d;
    }
    c->ext = e;
    c->page->extent = e;
    c->s = fw / (e.maxx - e.minx);
    c->page->scale = 1000.0 / c->s;
    return CSM_OK;
}

csm_xy compose_to_page(const compose_ctx *c, csm_xy w)
{
    csm_xy p;

    p.x = c->frame.minx + (w.x - c->ext.minx) * c->s;
    p.y = c->frame.maxy - (w.y - c->ext.miny) * c->s;
    return p;
}
