/* furniture.c - compose: what sits inside the map frame besides data: the
 * scale bar (true at the printed size), the north arrow, the frame's
 * border.  Black, white and greys only, so photocopies still read. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compose/compose.h"

#define INSET_MM 3.0 /* from the frame's edge to a furniture box */
#define PAD_MM 1.5   /* inside a furniture box */
#define BAR_H_MM 1.5 /* height of the scale bar's segments */
#define LINE_MM 0.15 /* outlines of furniture */

double csm_compose_nice_length(double max_m)
{
    static const double lead[] = {5.0, 2.0, 1.0};
    double base;
    int i;

    if (!(max_m > 0.0) || !isfinite(max_m))
        return 0.0;
    base = pow(10.0, floor(log10(max_m)));
    if (base * 10.0 <= max_m) /* log10 rounding at exact powers */
        base *= 10.0;
    if (base > max_m)
        base /= 10.0;
    for (i = 0; i < 3; i++)
        if (lead[i] * base <= max_m)
            return lead[i] * base;
    return base;
}

void compose_length_text(double m, char *buf, size_t size)
{
    if (m < 1000.0)
        snprintf(buf, size, "%g m", m);
    else
        snprintf(buf, size, "%g km", m / 1000.0);
}

int compose_border(compose_ctx *c, const csm_box *b, double stroke_mm,
                   csm_error *err)
{
    csm_rgba none = {0, 0, 0, 0};

    return compose_rect(c, b, none, compose_grey(0.0), stroke_mm, err);
}

/* Alternating black and white segments; 1 and 5 lengths split in two
 * (halves stay round: 500 m, 2.5 km), 2 lengths in four. */
static int bar_segments(compose_ctx *c, double x, double y, double len_m,
                        double bar_mm, csm_error *err)
{
    double lead = len_m / pow(10.0, floor(log10(len_m) + 1e-9));
    int nseg = fabs(lead - 2.0) < 1e-6 ? 4 : 2, i, rc = CSM_OK;
    double seg = bar_mm / nseg;

    for (i = 0; i < nseg && !rc; i++) {
        csm_box b = {x + i * seg, y, x + (i + 1) * seg, y + BAR_H_MM};
        if (i == nseg - 1)
            b.maxx = x + bar_mm; /* exact, whatever the rounding */
        rc = compose_rect(c, &b, compose_grey(i % 2 ? 1.0 : 0.0),
                          compose_grey(0.0), LINE_MM, err);
    }
    return rc;
}

int compose_scalebar(compose_ctx *c, csm_error *err)
{
    double fw = c->frame.maxx - c->frame.minx;
    double len_m = csm_compose_nice_length(0.2 * fw / c->s);
    double bar_mm = len_m * c->s; /* true at the printed size */
    double pt = 7.0 * c->text_scale, w0, h0, wt, ht, bx, by;
    char total[32];
    csm_box box;
    int rc;

    if (!(len_m > 0.0))
        return CSM_OK;
    compose_length_text(len_m, total, sizeof total);
    compose_measure(c, "0", pt, 0, 0.0, &w0, &h0);
    compose_measure(c, total, pt, 0, 0.0, &wt, &ht);
    box.minx = c->frame.minx + INSET_MM;
    box.maxy = c->frame.maxy - INSET_MM;
    box.maxx = box.minx + PAD_MM + w0 / 2 + bar_mm + wt / 2 + PAD_MM;
    box.miny = box.maxy - (PAD_MM + BAR_H_MM + 0.8 + ht + PAD_MM);
    bx = box.minx + PAD_MM + w0 / 2;
    by = box.miny + PAD_MM;
    rc = compose_rect(c, &box, compose_grey(1.0), compose_grey(0.0), LINE_MM,
                      err);
    if (!rc)
        rc = bar_segments(c, bx, by, len_m, bar_mm, err);
    if (!rc)
        rc = compose_text(c, "0", (csm_xy){bx - w0 / 2, by + BAR_H_MM + 0.8},
                          pt, 0, 0.0, CSM_ALIGN_LEFT, err);
    if (!rc)
        rc = compose_text(c, total,
                          (csm_xy){bx + bar_mm - wt / 2, by + BAR_H_MM + 0.8},
                          pt, 0, 0.0, CSM_ALIGN_LEFT, err);
    if (!rc)
        rc = compose_index_add(&c->ix, &box, err);
    return rc;
}

/* A split arrowhead (black left half, white right half) under an "N".
 * Maps are always in a projected CRS (compose refuses degrees), so up is
 * grid north, not true north: the caption says so. */
int compose_north(compose_ctx *c, csm_error *err)
{
    const char *cap = "Grid north";
    double ts = c->text_scale, aw = 5.0 * ts, ah = 8.0 * ts;
    double wn, hn, wc, hc, inner, cx, tip, base, notch;
    csm_symbol half;
    csm_box box;
    int rc;

    compose_measure(c, "N", 9.0 * ts, 1, 0.0, &wn, &hn);
    compose_measure(c, cap, 6.0 * ts, 0, 0.0, &wc, &hc);
    inner = fmax(fmax(wn, wc), aw);
    box.maxx = c->frame.maxx - INSET_MM;
    box.minx = box.maxx - inner - 2 * PAD_MM;
    box.miny = c->frame.miny + INSET_MM;
    box.maxy = box.miny + PAD_MM + hn + 0.5 + ah + 0.8 + hc + PAD_MM;
    cx = (box.minx + box.maxx) / 2;
    tip = box.miny + PAD_MM + hn + 0.5;
    base = tip + ah;
    notch = base - ah * 0.25;
    rc = compose_rect(c, &box, compose_grey(1.0), compose_grey(0.0), LINE_MM,
                      err);
    if (!rc)
        rc = compose_text(c, "N", (csm_xy){cx - wn / 2, box.miny + PAD_MM},
                          9.0 * ts, 1, 0.0, CSM_ALIGN_LEFT, err);
    memset(&half, 0, sizeof half);
    half.stroke = compose_grey(0.0);
    half.stroke_mm = 0.2;
    if (!rc) {
        csm_xy l[4] = {{cx, tip}, {cx - aw / 2, base}, {cx, notch}, {cx, tip}};
        half.fill = compose_grey(0.0);
        rc = compose_path(c, CSM_GEOM_POLYGON, l, 4, &half, err);
    }
    if (!rc) {
        csm_xy r[4] = {{cx, tip}, {cx, notch}, {cx + aw / 2, base}, {cx, tip}};
        half.fill = compose_grey(1.0);
        rc = compose_path(c, CSM_GEOM_POLYGON, r, 4, &half, err);
    }
    if (!rc)
        rc = compose_text(c, cap, (csm_xy){cx - wc / 2, base + 0.8}, 6.0 * ts,
                          0, 0.0, CSM_ALIGN_LEFT, err);
    if (!rc)
        rc = compose_index_add(&c->ix, &box, err);
    return rc;
}
