/* symbol.c - render: point symbols.  Each shape is drawn in a unit frame
 * (radius 1, y down) scaled to the symbol's size, so outlines keep their
 * width in mm whatever the size.  Shapes are sized by eye to weigh about
 * the same as a circle of the same diameter. */
#include <math.h>

#include "render/render.h"

typedef struct pt {
    double x, y;
} pt;

static void polygon(cairo_t *cr, const pt *p, int n)
{
    int i;

    cairo_move_to(cr, p[0].x, p[0].y);
    for (i = 1; i < n; i++)
        cairo_line_to(cr, p[i].x, p[i].y);
    cairo_close_path(cr);
}

static void star(cairo_t *cr)
{
    int i;

    for (i = 0; i < 10; i++) {
        double r = i % 2 ? 0.48 : 1.12;
        double a = -CSM_PI / 2 + i * CSM_PI / 5;

        if (i == 0)
            cairo_move_to(cr, r * cos(a), r * sin(a));
        else
            cairo_line_to(cr, r * cos(a), r * sin(a));
    }
    cairo_close_path(cr);
}

/* A saltire: an X of two bars 0.56 wide, so it still reads at 3 mm. */
static void cross(cairo_t *cr)
{
    static const pt plus[12] = {{0.28, -1.0},  {0.28, -0.28},  {1.0, -0.28},
                                {1.0, 0.28},   {0.28, 0.28},   {0.28, 1.0},
                                {-0.28, 1.0},  {-0.28, 0.28},  {-1.0, 0.28},
                                {-1.0, -0.28}, {-0.28, -0.28}, {-0.28, -1.0}};
    const double c = cos(CSM_PI / 4);
    pt x[12];
    int i;

    for (i = 0; i < 12; i++) {
        x[i].x = c * (plus[i].x - plus[i].y);
        x[i].y = c * (plus[i].x + plus[i].y);
    }
    polygon(cr, x, 12);
}

/* A heater shield: flat top, straight sides, curving to a point. */
static void shield(cairo_t *cr)
{
    cairo_move_to(cr, -0.84, -0.96);
    cairo_line_to(cr, 0.84, -0.96);
    cairo_line_to(cr, 0.84, -0.12);
    cairo_curve_to(cr, 0.84, 0.46, 0.42, 0.82, 0, 1.04);
    cairo_curve_to(cr, -0.42, 0.82, -0.84, 0.46, -0.84, -0.12);
    cairo_close_path(cr);
}

static void rounded_square(cairo_t *cr, double h, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, h - r, -h + r, r, -CSM_PI / 2, 0);
    cairo_arc(cr, h - r, h - r, r, 0, CSM_PI / 2);
    cairo_arc(cr, -h + r, h - r, r, CSM_PI / 2, CSM_PI);
    cairo_arc(cr, -h + r, -h + r, r, CSM_PI, 3 * CSM_PI / 2);
    cairo_close_path(cr);
}

/* The outline of the plain shapes, in the unit frame. */
static void outline(cairo_t *cr, csm_shape shape)
{
    static const pt triangle[3] = {{0, -1.12}, {0.97, 0.56}, {-0.97, 0.56}};
    static const pt diamond[4] = {{0, -1.15}, {1.15, 0}, {0, 1.15}, {-1.15, 0}};

    switch (shape) {
    case CSM_SHAPE_SQUARE:
        cairo_rectangle(cr, -0.88, -0.88, 1.76, 1.76);
        break;
    case CSM_SHAPE_TRIANGLE:
        polygon(cr, triangle, 3);
        break;
    case CSM_SHAPE_DIAMOND:
        polygon(cr, diamond, 4);
        break;
    case CSM_SHAPE_STAR:
        star(cr);
        break;
    case CSM_SHAPE_CROSS:
        cross(cr);
        break;
    case CSM_SHAPE_SHIELD:
        shield(cr);
        break;
    case CSM_SHAPE_SCHOOL:
        rounded_square(cr, 0.92, 0.28);
        break;
    default:
        cairo_arc(cr, 0, 0, 1, 0, 2 * CSM_PI);
        break;
    }
}

/* Dark ink on light fills and on none (the paper), white on dark. */
static csm_rgba contrast(csm_rgba fill)
{
    double lum = 0.2126 * fill.r + 0.7152 * fill.g + 0.0722 * fill.b;
    csm_rgba ink = {1, 1, 1, 1};

    if (!(fill.a > 0) || lum > 0.6)
        ink.r = ink.g = ink.b = 0.15;
    return ink;
}

/* Fill then outline the current path, which is in device space. */
static void paint(cairo_t *cr, csm_rgba fill, csm_rgba stroke, double stroke_mm)
{
    if (csm_render_colour(cr, fill))
        cairo_fill_preserve(cr);
    if (stroke_mm > 0 && csm_render_colour(cr, stroke)) {
        cairo_set_line_width(cr, stroke_mm);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

/* Enter the unit frame to build a path, leave it to paint: cairo keeps
 * paths in device space, so the path survives the restore and strokes
 * in mm. */
static void enter(cairo_t *cr, csm_xy at, double r)
{
    cairo_save(cr);
    cairo_new_path(cr); /* or an arc would join the current point */
    cairo_translate(cr, at.x, at.y);
    cairo_scale(cr, r, r);
}

static void leave(cairo_t *cr)
{
    cairo_restore(cr);
}

/* A school: pediment over four columns on a step, in the badge's ink.
 * Columns rather than a door and a pitched roof, which would read as a
 * house, and no safeguarding map should seem to mark a home. */
static void school_building(cairo_t *cr)
{
    static const pt roof[3] = {{-0.76, -0.26}, {0.76, -0.26}, {0, -0.72}};
    int i;

    polygon(cr, roof, 3);
    for (i = 0; i < 4; i++)
        cairo_rectangle(cr, -0.62 + i * 0.36, -0.16, 0.2, 0.52);
    cairo_rectangle(cr, -0.76, 0.44, 1.52, 0.2);
}

/* A roundel: the ring in the fill colour, the bar across it in the
 * stroke colour (or ink when there is no stroke). */
static void hub(cairo_t *cr, const csm_symbol *s, csm_xy at, double r)
{
    csm_rgba bar = s->stroke.a > 0 ? s->stroke : contrast(s->fill);
    double w = s->stroke_mm > 0 ? s->stroke_mm : 0.15;

    enter(cr, at, r);
    cairo_arc(cr, 0, 0, 0.86, 0, 2 * CSM_PI);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 0.52, 0, 2 * CSM_PI);
    leave(cr);
    paint(cr, s->fill, s->stroke, w);
    enter(cr, at, r);
    cairo_rectangle(cr, -1.04, -0.2, 2.08, 0.4);
    leave(cr);
    paint(cr, bar, contrast(bar), w);
}

void csm_render_symbol(cairo_t *cr, const csm_symbol *sym, csm_xy at)
{
    double r = sym->size_mm / 2;

    if (r <= 0 || sym->shape == CSM_SHAPE_NONE)
        return;
    cairo_save(cr);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (sym->shape == CSM_SHAPE_HUB) {
        hub(cr, sym, at, r);
    } else {
        enter(cr, at, r);
        outline(cr, sym->shape);
        leave(cr);
        paint(cr, sym->fill, sym->stroke, sym->stroke_mm);
    }
    if (sym->shape == CSM_SHAPE_SCHOOL) {
        enter(cr, at, r);
        school_building(cr);
        leave(cr);
        paint(cr, contrast(sym->fill), sym->stroke, 0);
    }
    cairo_restore(cr);
}
