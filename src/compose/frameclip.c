/* frameclip.c - compose: a map's lines and areas cut to its frame before
 * they reach the page, so a page carries kilometres of road only as far as
 * the reader can see them (issue 5: "layers clipped to the page frame").
 * The cut lies a margin outside the frame, wider than any casing, cap or
 * arrowhead, so the CLIP item still makes the edge and no cut end shows. */
#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "compose/compose.h"

/* Beyond the widest stroke: the cut is this far outside the frame. */
#define PAD_MM 2.0
/* A cut ring smaller than this (mm^2) is flat: a ring that only grazed
 * the box, folded onto its edge. */
#define FLAT_MM2 1e-6

static int box_inside(const csm_box *a, const csm_box *b)
{
    return a->minx >= b->minx && a->maxx <= b->maxx && a->miny >= b->miny &&
           a->maxy <= b->maxy;
}

double compose_frame_margin(const csm_symbol *s)
{
    double w = fmax(fmax(s->stroke_mm, s->casing_mm), 0.0);
    double m = PAD_MM + w;

    /* render/path.c draws an arrowhead of this size every so often along
     * each part; the one it leaves out near a cut start must lie outside */
    if (s->arrows)
        m += 2.0 * fmax(fmax(2.0, 3.0 * s->stroke_mm), 2.0 * s->casing_mm);
    return m;
}

/* compose_clip_polygon, without the rings that shrink to nothing (a ring
 * that only grazes the box leaves a flat ring along its edge). */
static int clip_areas(const csm_geom *g, const csm_box *box, csm_geom *out,
                      csm_error *err)
{
    csm_geom all;
    size_t r;
    int rc;

    if ((rc = compose_clip_polygon(g, box, &all, err)))
        return rc;
    csm_geom_init(out, CSM_GEOM_POLYGON);
    for (r = 0; r < all.npart && !rc; r++)
        if (fabs(csm_geom_ring_area(&all, r)) > FLAT_MM2)
            rc = csm_geom_add_part(out, all.pt + all.part[r],
                                   all.part[r + 1] - all.part[r], err);
    csm_geom_release(&all);
    if (rc)
        csm_geom_release(out);
    return rc;
}

int compose_clip_to_frame(const csm_geom *g, const csm_symbol *sym,
                          const csm_box *frame, csm_geom *out, int *whole,
                          csm_error *err)
{
    csm_box box = compose_grow(*frame, compose_frame_margin(sym)), b;

    *whole = 0;
    csm_geom_init(out, g->type);
    csm_geom_bounds(g, &b);
    if (csm_box_is_empty(&b) || !csm_box_overlaps(&b, &box))
        return CSM_OK;
    if (box_inside(&b, &box) ||
        (g->type != CSM_GEOM_LINE && g->type != CSM_GEOM_POLYGON)) {
        *whole = 1;
        return CSM_OK;
    }
    if (g->type == CSM_GEOM_LINE)
        return compose_clip_line_tail(g, &box, sym->arrows, out, err);
    return clip_areas(g, &box, out, err);
}

int compose_add_framed(compose_ctx *c, const csm_item *it, const csm_box *frame,
                       csm_error *err)
{
    csm_item cut = *it;
    int whole, rc;

    assert(it->type == CSM_ITEM_PATH);
    rc = compose_clip_to_frame(&it->geom, &it->sym, frame, &cut.geom, &whole,
                               err);
    if (rc)
        return rc;
    if (whole)
        rc = csm_page_add(c->page, it, err);
    else if (cut.geom.npart > 0)
        rc = csm_page_add(c->page, &cut, err); /* copies the geometry */
    csm_geom_release(&cut.geom);
    return rc;
}
