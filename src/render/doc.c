/* doc.c - render: many pages into one PDF (an atlas), page by page.  Each
 * page is drawn and shown as it comes, and cairo hands the bytes to the
 * caller's sink as it goes, so memory holds one page, not the atlas.
 * Bookmarks (the PDF outline) let a reader jump to an area. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "render/render.h"

struct csm_doc {
    cairo_surface_t *s;
    csm_sink_fn sink;
    void *ctx;
    int sink_failed;
    int npage;
};

static cairo_status_t on_write(void *closure, const unsigned char *data,
                               unsigned int n)
{
    csm_doc *d = closure;

    if (d->sink_failed || d->sink(d->ctx, data, n)) {
        d->sink_failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

static int status(csm_doc *d, csm_error *err)
{
    cairo_status_t st = cairo_surface_status(d->s);

    if (d->sink_failed)
        return csm_fail(err, CSM_EIO, "cannot write the PDF");
    if (st == CAIRO_STATUS_NO_MEMORY)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (st)
        return csm_fail(err, CSM_ERENDER, "cannot render: %s",
                        cairo_status_to_string(st));
    return CSM_OK;
}

int csm_render_doc_new(const char *title, const char *date, csm_sink_fn sink,
                       void *ctx, csm_doc **out, csm_error *err)
{
    csm_doc *d = calloc(1, sizeof *d);
    csm_page meta;
    int rc;

    *out = NULL;
    if (!d)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    d->sink = sink;
    d->ctx = ctx;
    /* the size is set again for every page before it is drawn */
    d->s = cairo_pdf_surface_create_for_stream(on_write, d, 595.0, 842.0);
    memset(&meta, 0, sizeof meta);
    meta.title = (char *)title;
    meta.date = (char *)date;
    csm_render_pdf_metadata(d->s, &meta);
    if ((rc = status(d, err))) {
        csm_render_doc_free(d);
        return rc;
    }
    *out = d;
    return CSM_OK;
}

int csm_render_doc_add(csm_doc *d, const csm_page *page, const char *bookmark,
                       csm_error *err)
{
    char link[32];
    int st;

    cairo_pdf_surface_set_size(d->s, page->width_mm * CSM_PT_PER_MM,
                               page->height_mm * CSM_PT_PER_MM);
    st = csm_render_draw(d->s, page, CSM_PT_PER_MM);
    if (!st)
        cairo_surface_show_page(d->s);
    d->npage++;
    if (!st && bookmark && *bookmark) {
        snprintf(link, sizeof link, "page=%d", d->npage);
        cairo_pdf_surface_add_outline(d->s, CAIRO_PDF_OUTLINE_ROOT, bookmark,
                                      link, 0);
    }
    return status(d, err);
}

void csm_render_doc_free(csm_doc *d)
{
    if (!d)
        return;
    /* finishing flushes to the sink; an abandoned document's bytes go
     * nowhere (the caller throws its temporary file away) */
    d->sink_failed = 1;
    cairo_surface_destroy(d->s);
    free(d);
}

int csm_render_doc_finish(csm_doc *d, csm_error *err)
{
    int rc;

    if (d->npage == 0) {
        csm_render_doc_free(d);
        return csm_fail(err, CSM_EUSAGE, "no pages to write");
    }
    cairo_surface_finish(d->s); /* fonts and the outline are written here */
    rc = status(d, err);
    cairo_surface_destroy(d->s);
    free(d);
    return rc;
}

static int to_buf(void *ctx, const void *data, size_t n)
{
    return csm_buf_append(ctx, data, n, NULL);
}

int csm_render_pages(const csm_page *const *pages, size_t n, csm_format fmt,
                     double dpi, csm_buf *out, csm_error *err)
{
    csm_doc *d;
    size_t i;
    int rc;

    assert(pages && n > 0);
    if (n == 1)
        return csm_render_page(pages[0], fmt, dpi, out, err);
    csm_buf_init(out);
    if (fmt != CSM_FORMAT_PDF)
        return csm_fail(err, CSM_EUSAGE, "only a PDF can hold several pages");
    rc = csm_render_doc_new(pages[0]->title, pages[0]->date, to_buf, out, &d,
                            err);
    for (i = 0; i < n && !rc; i++)
        if ((rc = csm_render_doc_add(d, pages[i], NULL, err)))
            csm_render_doc_free(d);
    if (!rc)
        rc = csm_render_doc_finish(d, err);
    if (rc)
        csm_buf_release(out);
    return rc;
}
