/* marginalia.c - compose: what sits around the map: the protective marking
 * at the very top and bottom of the page, the title block, and the footer
 * (date, sources, anonymisation statement) every output must carry. */
#include <string.h>

#include "compose/compose.h"

#define BANNER_MIN_MM 6.5
#define BANNER_PT 10.0
#define TITLE_PT 18.0
#define SUBTITLE_PT 11.0
#define FOOTER_PT 7.0
#define LINE_GAP_MM 0.8
#define NFOOTER 3

const char *compose_marking(const csm_spec *spec)
{
    /* every output carries a marking: unset means the spec's default */
    return spec->marking && *spec->marking ? spec->marking
                                           : "OFFICIAL-SENSITIVE";
}

/* Footer line k as text, in b (reset first). */
static int footer_line(const compose_ctx *c, int k, csm_buf *b, csm_error *err)
{
    const csm_spec *sp = c->spec;
    size_t i;
    int rc = CSM_OK;

    b->len = 0;
    if (k == 0) {
        rc = csm_buf_printf(b, err, "Date: %s",
                            c->date && *c->date ? c->date : "not given");
        if (!rc && sp->owner && *sp->owner)
            rc = csm_buf_printf(b, err, "    Owner: %s", sp->owner);
    } else if (k == 1) {
        rc = csm_buf_printf(b, err, "Sources: %s",
                            sp->nsources ? "" : "not given");
        for (i = 0; i < sp->nsources && !rc; i++)
            rc = csm_buf_printf(b, err, "%s%s", i ? "; " : "",
                                sp->sources[i] ? sp->sources[i] : "");
    } else {
        rc = csm_buf_printf(b, err, "Anonymisation: %s",
                            sp->statement && *sp->statement
                                ? sp->statement
                                : "no personal or pseudonymised data shown");
    }
    return rc;
}

int compose_margin_sizes(compose_ctx *c, csm_error *err)
{
    const csm_spec *sp = c->spec;
    double cw = c->content.maxx - c->content.minx, ts = c->text_scale, w, h;
    csm_buf b;
    int k, rc = CSM_OK;

    compose_measure(c, compose_marking(sp), BANNER_PT * ts, 1, cw - 4.0, &w,
                    &h);
    c->banner_mm = h + 2.0 > BANNER_MIN_MM ? h + 2.0 : BANNER_MIN_MM;
    compose_measure(c, sp->title, TITLE_PT * ts, 1, cw, &w, &c->title_mm);
    if (sp->subtitle && *sp->subtitle) {
        compose_measure(c, sp->subtitle, SUBTITLE_PT * ts, 0, cw, &w, &h);
        c->title_mm += LINE_GAP_MM + h;
    }
    csm_buf_init(&b);
    c->footer_mm = 0.0;
    for (k = 0; k < NFOOTER && !rc; k++) {
        if (!(rc = footer_line(c, k, &b, err))) {
            compose_measure(c, (const char *)b.data, FOOTER_PT * ts, 0, cw, &w,
                            &h);
            c->footer_mm += (k ? LINE_GAP_MM : 0.0) + h;
        }
    }
    csm_buf_release(&b);
    return rc;
}

/* A band across the content width with the marking centred in it: white
 * bold on black, which survives any photocopier. */
static int banner(compose_ctx *c, double y, csm_error *err)
{
    double cw = c->content.maxx - c->content.minx, w, h;
    csm_box band = {c->content.minx, y, c->content.maxx, y + c->banner_mm};
    csm_rgba none = {0, 0, 0, 0};
    const char *m = compose_marking(c->spec);
    int rc;

    compose_measure(c, m, BANNER_PT * c->text_scale, 1, cw - 4.0, &w, &h);
    rc = compose_rect(c, &band, compose_grey(0.0), none, 0.0, err);
    if (!rc)
        rc = compose_text(
            c, m, (csm_xy){band.minx + 2.0, y + (c->banner_mm - h) / 2.0},
            BANNER_PT * c->text_scale, 1, cw - 4.0, CSM_ALIGN_CENTRE, err);
    if (!rc) /* compose_text writes black; this one is white on black */
        c->page->item[c->page->n - 1].colour = compose_grey(1.0);
    return rc;
}

static int title_block(compose_ctx *c, csm_error *err)
{
    const csm_spec *sp = c->spec;
    double cw = c->content.maxx - c->content.minx, ts = c->text_scale, w, h;
    double y = c->content.miny + c->banner_mm + COMPOSE_GAP_MM;
    int rc = CSM_OK;

    if (sp->title && *sp->title) {
        compose_measure(c, sp->title, TITLE_PT * ts, 1, cw, &w, &h);
        rc = compose_text(c, sp->title, (csm_xy){c->content.minx, y},
                          TITLE_PT * ts, 1, cw, CSM_ALIGN_LEFT, err);
        y += h + LINE_GAP_MM;
    }
    if (!rc && sp->subtitle && *sp->subtitle)
        rc = compose_text(c, sp->subtitle, (csm_xy){c->content.minx, y},
                          SUBTITLE_PT * ts, 0, cw, CSM_ALIGN_LEFT, err);
    return rc;
}

static int footer(compose_ctx *c, csm_error *err)
{
    double cw = c->content.maxx - c->content.minx, ts = c->text_scale, w, h;
    double y = c->footer_y > 0.0 ? c->footer_y
                                 : c->frame.maxy + COMPOSE_GAP_MM;
    csm_buf b;
    int k, rc = CSM_OK;

    csm_buf_init(&b);
    for (k = 0; k < NFOOTER && !rc; k++) {
        if ((rc = footer_line(c, k, &b, err)))
            break;
        compose_measure(c, (const char *)b.data, FOOTER_PT * ts, 0, cw, &w, &h);
        rc = compose_text(c, (const char *)b.data, (csm_xy){c->content.minx, y},
                          FOOTER_PT * ts, 0, cw, CSM_ALIGN_LEFT, err);
        y += h + LINE_GAP_MM;
    }
    csm_buf_release(&b);
    return rc;
}

int compose_marginalia(compose_ctx *c, csm_error *err)
{
    int rc;

    rc = banner(c, c->content.miny, err);
    if (!rc)
        rc = banner(c, c->content.maxy - c->banner_mm, err);
    if (!rc)
        rc = title_block(c, err);
    if (!rc)
        rc = footer(c, err);
    return rc;
}
