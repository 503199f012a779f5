/* text.c - render: text with pango, laid out identically for measuring
 * (compose places labels with csm_render_measure) and for drawing, at any
 * dpi and in any format. */
#include <math.h>

#include "render/render.h"

/* One font map for the process: its font cache is what makes measuring
 * thousands of labels cheap.  It lives until exit (tests/lsan.supp).
 * Like pango's own default font map, it is not for use from several
 * threads at once: render and measure from one thread. */
static PangoFontMap *font_map(void)
{
    static PangoFontMap *map;

    if (!map)
        map = pango_cairo_font_map_new();
    return map;
}

PangoContext *csm_render_text_context(void)
{
    PangoContext *ctx = pango_font_map_create_context(font_map());
    cairo_font_options_t *fo = cairo_font_options_create();

    /* Hinting would snap outlines and advances to the device grid, so a
     * label would be wider at 96 dpi than at 300 dpi or in the PDF. */
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(ctx, 72.0); /* 1 unit = 1 pt */
    pango_context_set_round_glyph_positions(ctx, FALSE);
    /* The locale would otherwise pick the language, and with it the
     * fontconfig fallbacks and line breaking: same input, same map. */
    pango_context_set_language(ctx, pango_language_from_string("en-gb"));
    pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
    return ctx;
}

/* pango warns on stderr about invalid UTF-8, and libcsmap never prints:
 * repair it first (each bad byte becomes U+FFFD). */
static void set_text(PangoLayout *layout, const char *text)
{
    gchar *fixed;

    if (!text)
        text = "";
    if (g_utf8_validate(text, -1, NULL)) {
        pango_layout_set_text(layout, text, -1);
        return;
    }
    fixed = g_utf8_make_valid(text, -1);
    pango_layout_set_text(layout, fixed, -1);
    g_free(fixed);
}

void csm_render_text_layout(PangoLayout *layout, const char *font,
                            const char *text, double size_pt, int bold,
                            int italic, double width_mm, csm_align align)
{
    static const PangoAlignment palign[] = {
        PANGO_ALIGN_LEFT, PANGO_ALIGN_CENTER, PANGO_ALIGN_RIGHT};
    PangoFontDescription *fd = pango_font_description_new();

    pango_font_description_set_family(fd, font ? font : CSM_RENDER_FONT);
    pango_font_description_set_size(fd, (gint)lround(size_pt * PANGO_SCALE));
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, italic ? PANGO_STYLE_ITALIC
                                                : PANGO_STYLE_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    set_text(layout, text);
    if (width_mm > 0) {
        pango_layout_set_width(
            layout, (int)lround(width_mm * CSM_PT_PER_MM * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    } else {
        pango_layout_set_width(layout, -1);
    }
    pango_layout_set_alignment(layout, (unsigned)align < 3 ? palign[align]
                                                           : PANGO_ALIGN_LEFT);
}

void csm_render_text(cairo_t *cr, PangoLayout *layout, const char *font,
                     const csm_item *it)
{
    static const csm_rgba white = {1, 1, 1, 1}, black = {0, 0, 0, 1};

    if (!it->text || !*it->text)
        return;
    csm_render_text_layout(layout, font, it->text, it->size_pt, it->bold,
                           it->italic, it->width_mm, it->align);
    cairo_save(cr);
    cairo_new_path(cr);
    cairo_translate(cr, it->at.x, it->at.y);
    if (it->angle_deg != 0.0) /* y is down: positive turns clockwise */
        cairo_rotate(cr, it->angle_deg * 3.14159265358979323846 / 180.0);
    cairo_scale(cr, CSM_MM_PER_PT, CSM_MM_PER_PT); /* the layout is in pt */
    if (it->halo) {
        double halo_mm = it->halo_mm > 0 ? it->halo_mm : 0.6;

        cairo_move_to(cr, 0, 0);
        pango_cairo_layout_path(cr, layout);
        csm_render_colour(cr, it->halo_colour.a > 0 ? it->halo_colour : white);
        cairo_set_line_width(cr, halo_mm * CSM_PT_PER_MM);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(cr);
    }
    /* A label nobody can see is a mistake, not a style: no colour is
     * black. */
    csm_render_colour(cr, it->colour.a > 0 ? it->colour : black);
    cairo_move_to(cr, 0, 0);
    pango_cairo_show_layout(cr, layout);
    cairo_new_path(cr); /* drop the current point: paths are not state */
    cairo_restore(cr);
}

/* The layout is kept between calls: label placement measures thousands
 * of candidates, and a new context per call would dominate.  Not
 * thread-safe, like the rest of the measuring path. */
void csm_render_measure(const char *text, double size_pt, int bold,
                        double width_mm, double *w_mm, double *h_mm)
{
    static PangoLayout *layout;
    PangoRectangle logical;

    if (!layout) {
        PangoContext *ctx = csm_render_text_context();

        layout = pango_layout_new(ctx); /* holds its own reference */
        g_object_unref(ctx);
    }
    csm_render_text_layout(layout, CSM_RENDER_FONT, text, size_pt, bold, 0,
                           width_mm, CSM_ALIGN_LEFT);
    pango_layout_get_extents(layout, NULL, &logical);
    *w_mm = (double)logical.width / PANGO_SCALE * CSM_MM_PER_PT;
    *h_mm = (double)logical.height / PANGO_SCALE * CSM_MM_PER_PT;
}
