/* render.h - render: what the drawing files share.  Private to src/render/;
 * the only place outside cairo's and pango's own headers that names them.
 *
 * Every drawing function works in page millimetres (origin top-left, y
 * down) on a cairo_t whose matrix maps mm to the output's device units,
 * and leaves the cairo_t's state as it found it.  None of them checks
 * cairo's status: render.c does that once, after the last item. */
#ifndef CSM_RENDER_H
#define CSM_RENDER_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "csmap.h"

#define CSM_PT_PER_MM (72.0 / 25.4)
#define CSM_MM_PER_PT (25.4 / 72.0)
#define CSM_PI 3.14159265358979323846

/* The family csm_render_measure() lays text out in, and the page's
 * font when page->font is NULL. */
#define CSM_RENDER_FONT "DejaVu Sans"

/* Make 'c' the source and return 1, or return 0 when it is "none"
 * (alpha 0) and nothing should be painted with it. */
int csm_render_colour(cairo_t *cr, csm_rgba c);

/* path.c: a PATH item (polygon fill, hatch, outline; line casing, line,
 * arrowheads; points as symbols). */
void csm_render_path(cairo_t *cr, const csm_item *it);

/* raster.c: a RASTER item, its image stretched over it->box, unsmoothed. */
void csm_render_raster(cairo_t *cr, const csm_item *it);
/* raster.c: when the page has a RASTER item, mark every <image> of the
 * SVG in 'svg' to be drawn with square pixels, never smoothed. */
int csm_render_svg_pixelated(const csm_page *page, csm_buf *svg,
                             csm_error *err);

/* symbol.c: sym->shape centred on 'at', sym->size_mm across. */
void csm_render_symbol(cairo_t *cr, const csm_symbol *sym, csm_xy at);

/* text.c: a pango context that lays text out the same way whatever the
 * output: 72 units per inch (so 1 unit = 1 pt), no hinting, unrounded
 * glyph positions, fixed language.  It is never tied to a cairo_t's
 * matrix, so a layout measures the same at every dpi.  Caller unrefs. */
PangoContext *csm_render_text_context(void);

/* Set up 'layout' for 'text' in family 'font' (NULL: CSM_RENDER_FONT).
 * width_mm > 0 wraps at that width and aligns within it. */
void csm_render_text_layout(PangoLayout *layout, const char *font,
                            const char *text, double size_pt, int bold,
                            int italic, double width_mm, csm_align align);

/* A TEXT item, laid out with 'layout' (from csm_render_text_context()),
 * its layout box's top-left at it->at. */
void csm_render_text(cairo_t *cr, PangoLayout *layout, const char *font,
                     const csm_item *it);

/* render.c, shared with doc.c: draw every item of 'page' on a new
 * cairo_t of surface 's' (device units per mm: 'scale') and return
 * cairo's status; and the PDF metadata of a page (title and its date,
 * never the clock). */
int csm_render_draw(cairo_surface_t *s, const csm_page *page, double scale);
void csm_render_pdf_metadata(cairo_surface_t *s, const csm_page *page);

/* png.c: encode an RGB24 image surface as an 8-bit RGB PNG carrying
 * 'dpi' in pHYs and nothing else (no time, no text).  Appends to 'out'. */
int csm_render_png(cairo_surface_t *img, double dpi, csm_buf *out,
                   csm_error *err);

#endif /* CSM_RENDER_H */
