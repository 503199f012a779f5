/* change.c - compose: the change table under a comparison's maps.  Rows
 * of text cells (an area, its figure in each period, the change) flow
 * into as many side-by-side blocks as the width holds, each under a copy
 * of the header, so 25 or 60 areas fit under the maps.  A cell that is
 * not shown ("—") sits on a hatched grey ground, as the change map draws
 * "not shown", so it reads on a greyscale photocopy too. */
#include <math.h>
#include <string.h>

#include "compose/multiples.h"

#define CELL_PAD_MM 1.5
#define BLOCK_GAP_MM 5.0
#define NOT_SHOWN "\xe2\x80\x94" /* an em dash */

typedef struct tshape {
    double colw[16]; /* each column's width */
    double block_w, row_h, title_h, note_h;
    size_t nblock, per_block;
} tshape;

static const char *cell(const csm_table *t, size_t r, size_t k)
{
    const char *s = t->cell[r * t->ncol + k];
    return s ? s : "";
}

static int shape(const compose_ctx *c, const csm_table *t, double w, double pt,
                 tshape *s)
{
    double tw, th;
    size_t k, r;

    memset(s, 0, sizeof *s);
    if (t->ncol == 0 || t->ncol > 16)
        return -1;
    for (k = 0; k < t->ncol; k++) {
        compose_measure(c, t->head[k], pt, 1, 0.0, &tw, &th);
        s->colw[k] = tw;
        for (r = 0; r < t->nrow; r++) {
            compose_measure(c, cell(t, r, k), pt, 0, 0.0, &tw, &th);
            s->colw[k] = fmax(s->colw[k], tw);
        }
        s->colw[k] += 2.0 * CELL_PAD_MM;
        s->block_w += s->colw[k];
    }
    compose_measure(c, "Ag", pt, 0, 0.0, &tw, &th);
    s->row_h = th + 0.9;
    if (t->title) {
        compose_measure(c, t->title, pt + 1.5, 1, w, &tw, &th);
        s->title_h = th + 1.2;
    }
    if (t->note) {
        compose_measure(c, t->note, pt - 0.5, 0, w, &tw, &th);
        s->note_h = th + 1.0;
    }
    s->nblock = (size_t)floor((w + BLOCK_GAP_MM) / (s->block_w + BLOCK_GAP_MM));
    if (s->nblock < 1)
        return -1;
    if (s->nblock > t->nrow)
        s->nblock = t->nrow ? t->nrow : 1;
    s->per_block = (t->nrow + s->nblock - 1) / s->nblock;
    /* as few blocks as give that many rows each: no lone short block */
    s->nblock = s->per_block ? (t->nrow + s->per_block - 1) / s->per_block : 1;
    return 0;
}

double compose_table_height(const compose_ctx *c, const csm_table *t, double w,
                            double pt)
{
    tshape s;

    if (shape(c, t, w, pt, &s))
        return -1.0;
    return s.title_h + s.row_h * (double)(1 + s.per_block) + s.note_h + 0.5;
}

/* The ground of a cell that is not shown: light grey, hatched. */
static int not_shown(compose_ctx *c, const csm_box *b, csm_error *err)
{
    csm_xy r[5] = {{b->minx, b->miny},
                   {b->maxx, b->miny},
                   {b->maxx, b->maxy},
                   {b->minx, b->maxy},
                   {b->minx, b->miny}};
    csm_symbol s;

    memset(&s, 0, sizeof s);
    s.fill = compose_grey(0.93);
    s.hatch = CSM_HATCH_DIAGONAL;
    s.hatch_colour = compose_grey(0.6);
    s.hatch_mm = 0.9;
    return compose_path(c, CSM_GEOM_POLYGON, r, 5, &s, err);
}

/* One row of a block at y: a header (bold, on grey) or table row r. */
static int draw_row(compose_ctx *c, const csm_table *t, const tshape *s,
                    double x, double y, long r, double pt, csm_error *err)
{
    csm_rgba none = {0, 0, 0, 0};
    double cx = x, tw, th;
    size_t k;
    int rc = CSM_OK;

    if (r < 0) {
        csm_box b = {x, y, x + s->block_w, y + s->row_h};
        rc = compose_rect(c, &b, compose_grey(0.82), none, 0.0, err);
    } else if (r % 2) {
        csm_box b = {x, y, x + s->block_w, y + s->row_h};
        rc = compose_rect(c, &b, compose_grey(0.95), none, 0.0, err);
    }
    for (k = 0; k < t->ncol && !rc; k++) {
        const char *v = r < 0 ? t->head[k] : cell(t, (size_t)r, k);
        csm_box cb = {cx + 0.3, y + 0.15, cx + s->colw[k] - 0.3,
                      y + s->row_h - 0.15};
        if (r >= 0 && !strcmp(v, NOT_SHOWN))
            rc = not_shown(c, &cb, err);
        compose_measure(c, v, pt, r < 0, 0.0, &tw, &th);
        if (!rc)
            rc = compose_text(
                c, v, (csm_xy){cx + CELL_PAD_MM, y + (s->row_h - th) / 2.0}, pt,
                r < 0, s->colw[k] - 2.0 * CELL_PAD_MM,
                k == 0 ? CSM_ALIGN_LEFT : CSM_ALIGN_RIGHT, err);
        cx += s->colw[k];
    }
    return rc;
}

int compose_table(compose_ctx *c, const csm_table *t, const csm_box *b,
                  double pt, csm_error *err)
{
    double w = b->maxx - b->minx, y = b->miny, x;
    size_t blk, i;
    tshape s;
    int rc = CSM_OK;

    if (shape(c, t, w, pt, &s))
        return csm_fail(err, CSM_EUSAGE,
                        "the change table does not fit: "
                        "use a wider page");
    if (t->title) {
        rc = compose_text(c, t->title, (csm_xy){b->minx, y}, pt + 1.5, 1, w,
                          CSM_ALIGN_LEFT, err);
        y += s.title_h;
    }
    for (blk = 0; blk < s.nblock && !rc; blk++) {
        x = b->minx + (double)blk * (s.block_w + BLOCK_GAP_MM);
        rc = draw_row(c, t, &s, x, y, -1, pt, err);
        for (i = 0; i < s.per_block && !rc; i++) {
            size_t r = blk * s.per_block + i;
            if (r >= t->nrow)
                break;
            rc = draw_row(c, t, &s, x, y + s.row_h * (double)(i + 1), (long)r,
                          pt, err);
        }
    }
    if (!rc && t->note) {
        rc = compose_text(
            c, t->note,
            (csm_xy){b->minx, y + s.row_h * (double)(1 + s.per_block) + 0.5},
            pt - 0.5, 0, w, CSM_ALIGN_LEFT, err);
        if (!rc)
            c->page->item[c->page->n - 1].italic = 1;
    }
    return rc;
}
