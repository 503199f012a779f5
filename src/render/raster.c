/* raster.c - render: a RASTER item, an image stretched over its page box.
 * Hotspots are written as pixels, not contours (PRIVACY.md 4.3 item 7),
 * and drawn with the NEAREST filter: each cell stays a flat square, so no
 * smoothing between cells invents a shape the classes do not have (PDF
 * viewers are told not to interpolate, too). */
#include <stdint.h>
#include <string.h>

#include "render/render.h"

/* cairo wants premultiplied ARGB in native-endian 32-bit words. */
static cairo_surface_t *image_of(const csm_item *it)
{
    cairo_surface_t *img;
    unsigned char *data;
    int stride, x, y;

    if (it->img_w > 32767 || it->img_h > 32767)
        return NULL;
    img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, (int)it->img_w,
                                     (int)it->img_h);
    if (cairo_surface_status(img))
        return img; /* render.c reads the status from the cairo_t */
    cairo_surface_flush(img);
    data = cairo_image_surface_get_data(img);
    stride = cairo_image_surface_get_stride(img);
    for (y = 0; y < (int)it->img_h; y++) {
        uint32_t *row = (uint32_t *)(void *)(data + (size_t)y * stride);
        const unsigned char *px = it->rgba + (size_t)y * it->img_w * 4;
        for (x = 0; x < (int)it->img_w; x++, px += 4) {
            uint32_t a = px[3];
            row[x] = a << 24 | (px[0] * a / 255) << 16 |
                     (px[1] * a / 255) << 8 | (px[2] * a / 255);
        }
    }
    cairo_surface_mark_dirty(img);
    return img;
}

void csm_render_raster(cairo_t *cr, const csm_item *it)
{
    const csm_box *b = &it->box;
    cairo_surface_t *img;
    cairo_pattern_t *pat;
    cairo_matrix_t m;

    if (!it->rgba || !it->img_w || !it->img_h || !(b->maxx > b->minx) ||
        !(b->maxy > b->miny))
        return;
    if (!(img = image_of(it)))
        return;
    pat = cairo_pattern_create_for_surface(img);
    cairo_pattern_set_filter(pat, CAIRO_FILTER_NEAREST);
    /* pattern space is pixels: map the page box onto the image */
    cairo_matrix_init_scale(&m, (double)it->img_w / (b->maxx - b->minx),
                            (double)it->img_h / (b->maxy - b->miny));
    cairo_matrix_translate(&m, -b->minx, -b->miny);
    cairo_pattern_set_matrix(pat, &m);
    cairo_save(cr);
    cairo_set_source(cr, pat);
    cairo_new_path(cr);
    cairo_rectangle(cr, b->minx, b->miny, b->maxx - b->minx, b->maxy - b->miny);
    cairo_fill(cr);
    cairo_restore(cr);
    cairo_pattern_destroy(pat);
    cairo_surface_destroy(img);
}

int csm_render_svg_pixelated(const csm_page *page, csm_buf *svg, csm_error *err)
{
    /* cairo 1.16 writes no rendering hint for a NEAREST pattern, and
     * browsers and Inkscape smooth a scaled-up image by default, blurring
     * cells into shapes the classes do not have: ask for square pixels */
    static const char tag[] = "<image ";
    static const char hint[] = "<image image-rendering=\"optimizeSpeed\" "
                               "style=\"image-rendering:pixelated\" ";
    const char *text = (const char *)svg->data, *end = text + svg->len;
    const char *run = text, *p;
    csm_buf out;
    size_t i;
    int rc = CSM_OK;

    for (i = 0; i < page->n && page->item[i].type != CSM_ITEM_RASTER; i++)
        ;
    if (i == page->n)
        return CSM_OK; /* no hotspots: the SVG stays as cairo wrote it */
    csm_buf_init(&out);
    while (!rc && (p = memchr(run, '<', (size_t)(end - run))) != NULL) {
        if ((size_t)(end - p) < sizeof tag - 1 ||
            memcmp(p, tag, sizeof tag - 1) != 0) {
            rc = csm_buf_append(&out, run, (size_t)(p - run) + 1, err);
            run = p + 1;
            continue;
        }
        rc = csm_buf_append(&out, run, (size_t)(p - run), err);
        if (!rc)
            rc = csm_buf_append(&out, hint, sizeof hint - 1, err);
        run = p + sizeof tag - 1;
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
