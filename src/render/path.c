/* path.c - render: PATH items.  Polygons are filled even-odd, hatched and
 * outlined; lines get a casing, the line and direction arrowheads. */
#include <math.h>

#include "render/render.h"

#define HATCH_MM 2.0      /* hatch spacing when the symbol gives none */
#define HATCH_MIN_MM 0.25 /* closer than this is a grey fill, and slow */
#define HATCH_LINE_MM 0.2
#define ARROW_EVERY_MM 30.0
#define STROKE_MM 0.25 /* a stroke colour without a width */

static void add_part(cairo_t *cr, const csm_geom *g, size_t i, int close)
{
    size_t k;

    for (k = g->part[i]; k < g->part[i + 1]; k++) {
        if (k == g->part[i])
            cairo_move_to(cr, g->pt[k].x, g->pt[k].y);
        else
            cairo_line_to(cr, g->pt[k].x, g->pt[k].y);
    }
    if (close && g->part[i + 1] > g->part[i])
        cairo_close_path(cr);
}

static void add_geom(cairo_t *cr, const csm_geom *g)
{
    size_t i;

    cairo_new_path(cr);
    for (i = 0; i < g->npart; i++)
        add_part(cr, g, i, g->type == CSM_GEOM_POLYGON);
}

/* cairo puts itself in an error state for a dash of zeros or negative
 * lengths; such a dash in a style is drawn solid instead. */
static int set_dash(cairo_t *cr, const csm_symbol *s)
{
    double sum = 0;
    int i, n = s->ndash < CSM_MAX_DASH ? s->ndash : CSM_MAX_DASH;

    for (i = 0; i < n; i++) {
        if (!(s->dash_mm[i] >= 0))
            n = 0;
        else
            sum += s->dash_mm[i];
    }
    if (n > 0 && sum > 0) {
        cairo_set_dash(cr, s->dash_mm, n, 0);
        return 1;
    }
    cairo_set_dash(cr, NULL, 0, 0);
    return 0;
}

/* Stroke the current path with sym's stroke, if it has one. */
static void outline(cairo_t *cr, const csm_symbol *s)
{
    if (!csm_render_colour(cr, s->stroke)) {
        cairo_new_path(cr);
        return;
    }
    cairo_set_line_width(cr, s->stroke_mm > 0 ? s->stroke_mm : STROKE_MM);
    /* round caps would lengthen every dash */
    if (set_dash(cr, s))
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    else
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
}

/* Hatch lines sit on a grid fixed to the page, not to the polygon, so the
 * hatching of neighbouring polygons of one class reads as continuous.
 * Only the part of the grid over the polygon and the clip is drawn. */
static void hatch_lines(cairo_t *cr, csm_hatch h, double s, csm_box b)
{
    double d = s * sqrt(2.0); /* diagonal lines: step in x + y */
    double c;

    if (h == CSM_HATCH_DIAGONAL || h == CSM_HATCH_CROSS) /* "/": x+y=c */
        for (c = ceil((b.minx + b.miny) / d) * d; c <= b.maxx + b.maxy;
             c += d) {
            cairo_move_to(cr, c - b.maxy, b.maxy);
            cairo_line_to(cr, c - b.miny, b.miny);
        }
    if (h == CSM_HATCH_BACKDIAGONAL || h == CSM_HATCH_CROSS) /* x-y=c */
        for (c = ceil((b.minx - b.maxy) / d) * d; c <= b.maxx - b.miny;
             c += d) {
            cairo_move_to(cr, c + b.miny, b.miny);
            cairo_line_to(cr, c + b.maxy, b.maxy);
        }
    if (h == CSM_HATCH_HORIZONTAL)
        for (c = ceil(b.miny / s) * s; c <= b.maxy; c += s) {
            cairo_move_to(cr, b.minx, c);
            cairo_line_to(cr, b.maxx, c);
        }
    if (h == CSM_HATCH_VERTICAL)
        for (c = ceil(b.minx / s) * s; c <= b.maxx; c += s) {
            cairo_move_to(cr, c, b.miny);
            cairo_line_to(cr, c, b.maxy);
        }
}

/* Dots on a staggered grid: every other row shifted by half a step. */
static void hatch_dots(cairo_t *cr, double s, csm_box b)
{
    double r = fmin(0.25, s * 0.15), x, y;
    long row;

    for (row = (long)ceil(b.miny / s); row * s <= b.maxy; row++) {
        double off = (row % 2) ? s / 2 : 0;

        y = row * s;
        for (x = ceil((b.minx - off) / s) * s + off; x <= b.maxx; x += s) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, r, 0, 2 * CSM_PI);
        }
    }
}

static void hatch(cairo_t *cr, const csm_geom *g, const csm_symbol *s)
{
    double sp = s->hatch_mm > 0 ? fmax(s->hatch_mm, HATCH_MIN_MM) : HATCH_MM;
    csm_rgba colour = s->hatch_colour.a > 0 ? s->hatch_colour : s->stroke;
    csm_box b;
    double x0, y0, x1, y1;

    if ((unsigned)s->hatch >= CSM_HATCH_COUNT || !colour.a)
        return;
    csm_geom_bounds(g, &b);
    cairo_save(cr);
    add_geom(cr, g);
    cairo_clip(cr);
    cairo_clip_extents(cr, &x0, &y0, &x1, &y1);
    b.minx = fmax(b.minx, x0) - 1;
    b.miny = fmax(b.miny, y0) - 1;
    b.maxx = fmin(b.maxx, x1) + 1;
    b.maxy = fmin(b.maxy, y1) + 1;
    csm_render_colour(cr, colour);
    if (b.minx < b.maxx && b.miny < b.maxy && s->hatch == CSM_HATCH_DOTS) {
        hatch_dots(cr, sp, b);
        cairo_fill(cr);
    } else if (b.minx < b.maxx && b.miny < b.maxy) {
        hatch_lines(cr, s->hatch, sp, b);
        cairo_set_line_width(cr, fmin(HATCH_LINE_MM, sp / 4));
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

static void polygon(cairo_t *cr, const csm_item *it)
{
    const csm_symbol *s = &it->sym;

    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (csm_render_colour(cr, s->fill)) {
        add_geom(cr, &it->geom);
        cairo_fill(cr);
    }
    if (s->hatch != CSM_HATCH_NONE)
        hatch(cr, &it->geom, s);
    add_geom(cr, &it->geom);
    outline(cr, s);
}

/* The point 't' mm along part i (clamped to its ends). */
static csm_xy along(const csm_geom *g, size_t i, double t)
{
    size_t k;
    csm_xy p = g->pt[g->part[i]];

    for (k = g->part[i] + 1; k < g->part[i + 1]; k++) {
        csm_xy q = g->pt[k];
        double seg = hypot(q.x - p.x, q.y - p.y);

        if (t <= seg && seg > 0) {
            p.x += (q.x - p.x) * t / seg;
            p.y += (q.y - p.y) * t / seg;
            return p;
        }
        t -= seg;
        p = q;
    }
    return p;
}

static double part_length(const csm_geom *g, size_t i)
{
    double len = 0;
    size_t k;

    for (k = g->part[i] + 1; k < g->part[i + 1]; k++)
        len += hypot(g->pt[k].x - g->pt[k - 1].x, g->pt[k].y - g->pt[k - 1].y);
    return len;
}

/* A notched arrowhead with its tip at 'tip', pointing along the chord
 * from the line 'size' mm back, so it follows bends. */
static void arrowhead(cairo_t *cr, csm_xy tip, csm_xy back, double size)
{
    double dx = tip.x - back.x, dy = tip.y - back.y, n = hypot(dx, dy);
    double bx, by, w = size * 0.55;

    if (n <= 0)
        return;
    dx /= n;
    dy /= n;
    bx = tip.x - dx * size;
    by = tip.y - dy * size;
    cairo_move_to(cr, tip.x, tip.y);
    cairo_line_to(cr, bx - dy * w, by + dx * w);
    cairo_line_to(cr, bx + dx * size * 0.25, by + dy * size * 0.25);
    cairo_line_to(cr, bx + dy * w, by - dx * w);
    cairo_close_path(cr);
}

/* One arrowhead just short of the end of each part, then one every
 * ARROW_EVERY_MM back towards its start, all pointing the way the line
 * was digitised. */
static void arrows(cairo_t *cr, const csm_geom *g, const csm_symbol *s)
{
    double size = fmax(fmax(2.0, 3.0 * s->stroke_mm), 2.0 * s->casing_mm);
    double t;
    size_t i;

    cairo_new_path(cr);
    for (i = 0; i < g->npart; i++)
        for (t = part_length(g, i) - size * 0.25; t >= size;
             t -= ARROW_EVERY_MM)
            arrowhead(cr, along(g, i, t), along(g, i, t - size), size);
    cairo_set_dash(cr, NULL, 0, 0);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (s->casing_mm > s->stroke_mm && csm_render_colour(cr, s->casing)) {
        cairo_set_line_width(cr, fmax(0.3, s->casing_mm - s->stroke_mm));
        cairo_stroke_preserve(cr);
    }
    if (csm_render_colour(cr, s->stroke))
        cairo_fill(cr);
    cairo_new_path(cr);
}

static void line(cairo_t *cr, const csm_item *it)
{
    const csm_symbol *s = &it->sym;

    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    if (s->casing_mm > 0 && csm_render_colour(cr, s->casing)) {
        add_geom(cr, &it->geom);
        cairo_set_line_width(cr, s->casing_mm);
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
        cairo_stroke(cr);
    }
    add_geom(cr, &it->geom);
    outline(cr, s);
    if (s->arrows)
        arrows(cr, &it->geom, s);
}

void csm_render_path(cairo_t *cr, const csm_item *it)
{
    size_t i;

    cairo_save(cr);
    switch (it->geom.type) {
    case CSM_GEOM_POLYGON:
        polygon(cr, it);
        break;
    case CSM_GEOM_LINE:
        line(cr, it);
        break;
    case CSM_GEOM_POINT:
        for (i = 0; i < it->geom.npt; i++)
            csm_render_symbol(cr, &it->sym, it->geom.pt[i]);
        break;
    default:
        break;
    }
    cairo_restore(cr);
}
