/* labels.c - compose: greedy label placement.  Highest priority first
 * (then spec layer order, then feature order, so the same inputs give the
 * same map); each label takes the first candidate position that lies
 * inside the frame and clear of every symbol, furniture box and label
 * already placed, or is dropped.  Never two labels on one spot. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

#define GAP_MM 0.8     /* between a point symbol and its label */
#define HALO_MM 0.6    /* halo width: half of it lies outside the text box */
#define DEDUPE_MM 40.0 /* the same name again this close says nothing new */
#define MAXCAND (3 * COMPOSE_MAX_ANCHOR)

typedef struct placed {
    size_t layer;
    const char *text;
    csm_xy centre;
} placed;

static int by_priority(const void *pa, const void *pb)
{
    const compose_label *a = pa, *b = pb;

    if (a->priority != b->priority)
        return a->priority > b->priority ? -1 : 1;
    if (a->layer != b->layer)
        return a->layer < b->layer ? -1 : 1;
    if (a->feat != b->feat)
        return a->feat < b->feat ? -1 : 1;
    return 0;
}

static csm_box at(double x, double y, double w, double h)
{
    return (csm_box){x, y, x + w, y + h};
}

/* Candidate boxes around a point symbol of radius rad: right, left, top,
 * bottom, then the four diagonals.  Diagonals clear the symbol's square
 * box (what the index holds), not just its circle. */
static int point_candidates(csm_xy p, double rad, double w, double h,
                            csm_box *out)
{
    double r = rad + GAP_MM, d = rad + GAP_MM * 0.75;

    out[0] = at(p.x + r, p.y - h / 2, w, h);
    out[1] = at(p.x - r - w, p.y - h / 2, w, h);
    out[2] = at(p.x - w / 2, p.y - r - h, w, h);
    out[3] = at(p.x - w / 2, p.y + r, w, h);
    out[4] = at(p.x + d, p.y - d - h, w, h);
    out[5] = at(p.x - d - w, p.y - d - h, w, h);
    out[6] = at(p.x + d, p.y + d, w, h);
    out[7] = at(p.x - d - w, p.y + d, w, h);
    return 8;
}

/* Areas: centred on the anchor, then nudged up, down, left, right, then a
 * whole line below or above.
 * Lines: centred on each anchor, then just above and below the line. */
static int shape_candidates(const compose_label *lb, const csm_xy *anchor,
                            int nanchor, double w, double h, csm_box *out)
{
    int per = lb->type == CSM_GEOM_POLYGON ? 7 : 3, i, n = 0;

    for (i = 0; i < nanchor && n + per <= MAXCAND; i++) {
        csm_xy p = anchor[i];
        out[n++] = at(p.x - w / 2, p.y - h / 2, w, h);
        out[n++] = at(p.x - w / 2, p.y - h - 1.0, w, h);
        out[n++] = at(p.x - w / 2, p.y + 1.0, w, h);
        if (lb->type == CSM_GEOM_POLYGON) {
            out[n++] = at(p.x - w, p.y - h / 2, w, h);
            out[n++] = at(p.x, p.y - h / 2, w, h);
            /* a line further down or up: room for a second label (a count
             * under an area's name) */
            out[n++] = at(p.x - w / 2, p.y + h, w, h);
            out[n++] = at(p.x - w / 2, p.y - 2 * h, w, h);
        }
    }
    return n;
}

static int inside(const csm_box *b, const csm_box *frame)
{
    return b->minx >= frame->minx && b->maxx <= frame->maxx &&
           b->miny >= frame->miny && b->maxy <= frame->maxy;
}

/* Keep only anchors not within DEDUPE_MM of the same text already placed
 * for the same layer. */
static int fresh_anchors(const compose_label *lb, const placed *pl, size_t npl,
                         csm_xy *out)
{
    int i, n = 0;
    size_t k;

    for (i = 0; i < lb->nanchor; i++) {
        for (k = 0; k < npl; k++)
            if (pl[k].layer == lb->layer && !strcmp(pl[k].text, lb->text) &&
                hypot(pl[k].centre.x - lb->anchor[i].x,
                      pl[k].centre.y - lb->anchor[i].y) < DEDUPE_MM)
                break;
        if (k == npl)
            out[n++] = lb->anchor[i];
    }
    return n;
}

static int emit(compose_ctx *c, const compose_label *lb, const csm_box *b,
                double size_pt, csm_error *err)
{
    csm_item it;
    int rc;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = (char *)lb->text; /* csm_page_add copies it */
    it.at = (csm_xy){b->minx, b->miny};
    it.size_pt = size_pt;
    it.bold = lb->sym.label_bold;
    it.colour =
        lb->sym.label_colour.a > 0.0 ? lb->sym.label_colour : compose_grey(0.2);
    it.halo = 1;
    it.halo_colour = compose_grey(1.0);
    it.halo_mm = HALO_MM;
    it.align = CSM_ALIGN_LEFT;
    if (!(rc = csm_page_add(c->page, &it, err))) {
        csm_box pad = compose_grow(*b, HALO_MM / 2);
        rc = compose_index_add(&c->ix, &pad, err);
    }
    return rc;
}

/* Place one label; *done is 1 placed, 0 dropped, -1 a pointless repeat. */
static int place(compose_ctx *c, const compose_label *lb, placed *pl,
                 size_t *npl, int *done, csm_error *err)
{
    double pt = lb->sym.label_pt > 0.0 ? lb->sym.label_pt : 7.0;
    csm_box cand[MAXCAND];
    csm_xy anchor[COMPOSE_MAX_ANCHOR];
    double w, h;
    int i, n;

    *done = 0;
    if (c->map_scale > 0.0 && c->map_scale < 1.0) /* a small multiple */
        pt = fmax(pt * c->map_scale, fmin(pt, COMPOSE_LABEL_PT_MIN));
    if (lb->along) /* turned along a route, or at the frame's edge */
        return compose_routes_place(c, lb, pt, done, err);
    compose_measure(c, lb->text, pt, lb->sym.label_bold, 0.0, &w, &h);
    if (lb->type == CSM_GEOM_POINT) {
        n = point_candidates(lb->anchor[0], lb->radius_mm, w, h, cand);
    } else {
        int na = fresh_anchors(lb, pl, *npl, anchor);
        if (na == 0) {
            *done = -1;
            return CSM_OK;
        }
        n = shape_candidates(lb, anchor, na, w, h, cand);
    }
    for (i = 0; i < n; i++) {
        csm_box pad = compose_grow(cand[i], HALO_MM / 2);
        if (!inside(&cand[i], &c->frame) || compose_index_hits(&c->ix, &pad))
            continue;
        *done = 1;
        if (lb->type != CSM_GEOM_POINT)
            pl[(*npl)++] = (placed){lb->layer,
                                    lb->text,
                                    {(cand[i].minx + cand[i].maxx) / 2,
                                     (cand[i].miny + cand[i].maxy) / 2}};
        return emit(c, lb, &cand[i], pt, err);
    }
    return CSM_OK;
}

int compose_labels(compose_ctx *c, csm_error *err)
{
    placed *pl = NULL;
    size_t i, npl = 0;
    int rc = CSM_OK, done;

    if (c->nlab == 0)
        return CSM_OK;
    if (!(pl = malloc(c->nlab * sizeof *pl)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    qsort(c->lab, c->nlab, sizeof *c->lab, by_priority);
    for (i = 0; i < c->nlab && !rc; i++) {
        rc = place(c, &c->lab[i], pl, &npl, &done, err);
        if (done > 0)
            c->page->labels_placed++;
        else if (done == 0)
            c->page->labels_dropped++;
    }
    free(pl);
    return rc;
}
