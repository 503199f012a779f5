/* render.c - stage 7: draw a csm_page (compose's display list, in mm) into
 * memory as PDF, SVG or PNG.  Same page, same bytes: no clock, path or
 * user name reaches the output. */
#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>

#include "render/render.h"

#define PNG_DPI 300.0
#define PNG_MAX_PX 32767 /* cairo's limit for an image side */

typedef struct sink {
    csm_buf *out;
    int failed; /* out of memory while cairo wrote */
} sink;

static cairo_status_t on_write(void *closure, const unsigned char *data,
                               unsigned int n)
{
    sink *s = closure;

    if (csm_buf_append(s->out, data, n, NULL)) {
        s->failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

int csm_format_from_path(const char *path)
{
    const char *dot = path ? strrchr(path, '.') : NULL;

    if (!dot || strchr(dot, '/'))
        return -1;
    if (strcasecmp(dot, ".pdf") == 0)
        return CSM_FORMAT_PDF;
    if (strcasecmp(dot, ".svg") == 0)
        return CSM_FORMAT_SVG;
    if (strcasecmp(dot, ".png") == 0)
        return CSM_FORMAT_PNG;
    return -1;
}

int csm_render_colour(cairo_t *cr, csm_rgba c)
{
    if (!(c.a > 0))
        return 0;
    cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a);
    return 1;
}

/* "2026-11-20" -> "2026-11-20T00:00:00Z", "2026-11" -> the 1st of the
 * month; anything else -> "", for which cairo writes no date at all.
 * Left alone, cairo 1.16 would write the clock as /CreationDate. */
static void iso_date(const char *date, char *iso, size_t n)
{
    static const char shape[] = "dddd-dd-dd";
    size_t len = date ? strlen(date) : 0, i;

    iso[0] = '\0';
    if (len != 7 && len != 10)
        return;
    for (i = 0; i < len; i++)
        if (shape[i] == 'd' ? !isdigit((unsigned char)date[i]) : date[i] != '-')
            return;
    snprintf(iso, n, "%.*s%sT00:00:00Z", (int)len, date, len == 7 ? "-01" : "");
}

void csm_render_pdf_metadata(cairo_surface_t *s, const csm_page *page)
{
    char iso[32];

    iso_date(page->date, iso, sizeof iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
                                   "csmap " CSM_VERSION);
    if (page->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                       page->title);
}

/* The surface for 'fmt', and the scale from mm to its device units.  PNG
 * is NULL (with *err set) when the image would be too large for cairo. */
static cairo_surface_t *open_surface(const csm_page *page, csm_format fmt,
                                     double dpi, sink *snk, double *scale,
                                     csm_error *err)
{
    cairo_surface_t *s;
    double w_px, h_px;

    switch (fmt) {
    case CSM_FORMAT_PDF:
        *scale = CSM_PT_PER_MM;
        s = cairo_pdf_surface_create_for_stream(
            on_write, snk, page->width_mm * *scale, page->height_mm * *scale);
        csm_render_pdf_metadata(s, page);
        return s;
    case CSM_FORMAT_SVG:
        /* In points, not mm: cairo writes glyph outlines rounded to 1/64
         * of a user unit, and 1/64 mm would show on large text. */
        *scale = CSM_PT_PER_MM;
        s = cairo_svg_surface_create_for_stream(
            on_write, snk, page->width_mm * *scale, page->height_mm * *scale);
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        return s;
    default:
        *scale = dpi / 25.4;
        w_px = floor(page->width_mm * *scale + 0.5);
        h_px = floor(page->height_mm * *scale + 0.5);
        if (!(w_px >= 1 && h_px >= 1 && w_px <= PNG_MAX_PX &&
              h_px <= PNG_MAX_PX)) {
            csm_fail(err, CSM_ERENDER,
                     "cannot render: %.0f x %.0f pixels is too large for "
                     "a PNG at %g dpi",
                     w_px, h_px, dpi);
            return NULL;
        }
        return cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)w_px,
                                          (int)h_px);
    }
}

static void draw_items(cairo_t *cr, const csm_page *page, PangoLayout *layout)
{
    int depth = 0;
    size_t i;

    for (i = 0; i < page->n; i++) {
        const csm_item *it = &page->item[i];
        const csm_box *b = &it->box;

        switch (it->type) {
        case CSM_ITEM_PATH:
            csm_render_path(cr, it);
            break;
        case CSM_ITEM_SYMBOL:
            csm_render_symbol(cr, &it->sym, it->at);
            break;
        case CSM_ITEM_TEXT:
            csm_render_text(cr, layout, page->font, it);
            break;
        case CSM_ITEM_CLIP: /* an empty box clips everything away */
            cairo_save(cr);
            cairo_new_path(cr);
            cairo_rectangle(cr, b->minx, b->miny, fmax(0, b->maxx - b->minx),
                            fmax(0, b->maxy - b->miny));
            cairo_clip(cr);
            depth++;
            break;
        case CSM_ITEM_RASTER:
            csm_render_raster(cr, it);
            break;
        case CSM_ITEM_UNCLIP:
            if (depth > 0) {
                cairo_restore(cr);
                depth--;
            }
            break;
        }
    }
    while (depth-- > 0)
        cairo_restore(cr);
}

/* cairo names the SVG's top group after a process-wide surface counter
 * (id="surface17"), so the second map a process draws would differ from
 * the first.  Number such ids from 1 in order of appearance instead. */
static int renumber_svg_ids(csm_buf *svg, csm_error *err)
{
    static const char key[] = "surface";
    const size_t klen = sizeof key - 1;
    const char *text = (const char *)svg->data, *end = text + svg->len;
    const char *run = text, *p = text;
    unsigned long seen[16];
    size_t nseen = 0, k;
    csm_buf out;
    int rc = CSM_OK;

    csm_buf_init(&out);
    while (!rc && (p = memchr(p, 's', (size_t)(end - p))) != NULL) {
        char *after;
        unsigned long id;

        if (p == text || (p[-1] != '"' && p[-1] != '#') ||
            (size_t)(end - p) <= klen || memcmp(p, key, klen) != 0 ||
            !isdigit((unsigned char)p[klen])) {
            p++;
            continue;
        }
        id = strtoul(p + klen, &after, 10);
        for (k = 0; k < nseen && seen[k] != id; k++)
            ;
        if (k == nseen && nseen < sizeof seen / sizeof *seen)
            seen[nseen++] = id;
        rc = csm_buf_append(&out, run, (size_t)(p - run), err);
        if (!rc)
            rc = csm_buf_printf(&out, err, "%s%zu", key, k + 1);
        run = p = after;
    }
    if (!rc)
        rc = csm_buf_append(&out, run, (size_t)(end - run), err);
    if (rc) {
        csm_buf_release(&out);
        return rc;
    }
    csm_buf_release(svg);
    *svg = out;
    return CSM_OK;
}

/* Draw, then check cairo's status once: cairo stops drawing at its first
 * error and keeps it. */
int csm_render_draw(cairo_surface_t *s, const csm_page *page, double scale)
{
    cairo_t *cr = cairo_create(s);
    PangoContext *ctx = csm_render_text_context();
    PangoLayout *layout = pango_layout_new(ctx);
    cairo_status_t st;

    cairo_scale(cr, scale, scale);
    if (cairo_surface_get_type(s) == CAIRO_SURFACE_TYPE_IMAGE) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
    }
    draw_items(cr, page, layout);
    g_object_unref(layout);
    g_object_unref(ctx);
    st = cairo_status(cr);
    cairo_destroy(cr);
    return (int)st;
}

int csm_render_page(const csm_page *page, csm_format fmt, double dpi,
                    csm_buf *out, csm_error *err)
{
    sink snk = {out, 0};
    cairo_surface_t *s;
    double scale;
    int st, rc = CSM_OK;

    assert((unsigned)fmt <= CSM_FORMAT_PNG);
    csm_buf_init(out);
    if (dpi <= 0)
        dpi = PNG_DPI;
    s = open_surface(page, fmt, dpi, &snk, &scale, err);
    if (!s)
        return err ? err->code : CSM_ERENDER;
    st = cairo_surface_status(s);
    if (!st)
        st = csm_render_draw(s, page, scale);
    if (!st && fmt == CSM_FORMAT_PNG)
        rc = csm_render_png(s, dpi, out, err);
    cairo_surface_finish(s); /* PDF and SVG are written here */
    if (!st && !rc)
        st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (!rc && (snk.failed || st == CAIRO_STATUS_NO_MEMORY))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else if (!rc && st)
        rc = csm_fail(err, CSM_ERENDER, "cannot render: %s",
                      cairo_status_to_string((cairo_status_t)st));
    if (!rc && fmt == CSM_FORMAT_SVG)
        rc = renumber_svg_ids(out, err);
    if (!rc && fmt == CSM_FORMAT_SVG)
        rc = csm_render_svg_pixelated(page, out, err); /* raster.c */
    if (rc)
        csm_buf_release(out);
    return rc;
}
