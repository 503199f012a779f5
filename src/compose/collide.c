/* collide.c - compose: the collision index, a uniform grid hash of boxes in
 * page millimetres.  Labels ask it whether a spot is free; with a few
 * thousand symbols a linear scan per candidate would dominate. */
#include <math.h>
#include <stdlib.h>

#include "compose/compose.h"

int compose_index_init(compose_index *ix, const csm_box *area, double cell_mm,
                       csm_error *err)
{
    ix->area = *area;
    ix->cell_mm = cell_mm;
    ix->nx = (int)ceil((area->maxx - area->minx) / cell_mm);
    ix->ny = (int)ceil((area->maxy - area->miny) / cell_mm);
    if (ix->nx < 1)
        ix->nx = 1;
    if (ix->ny < 1)
        ix->ny = 1;
    ix->box = NULL;
    ix->nbox = ix->capbox = 0;
    ix->cell = calloc((size_t)ix->nx * (size_t)ix->ny, sizeof *ix->cell);
    if (!ix->cell)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

void compose_index_release(compose_index *ix)
{
    size_t i;

    if (ix->cell)
        for (i = 0; i < (size_t)ix->nx * (size_t)ix->ny; i++)
            free(ix->cell[i].idx);
    free(ix->cell);
    free(ix->box);
    ix->cell = NULL;
    ix->box = NULL;
    ix->nbox = ix->capbox = 0;
}

static int clamp_cell(double v, double origin, double cell_mm, int n)
{
    double k = floor((v - origin) / cell_mm);

    if (k < 0.0)
        return 0;
    if (k > n - 1)
        return n - 1;
    return (int)k;
}

/* The range of cells box b touches. */
static void cells_of(const compose_index *ix, const csm_box *b, int *x0,
                     int *y0, int *x1, int *y1)
{
    *x0 = clamp_cell(b->minx, ix->area.minx, ix->cell_mm, ix->nx);
    *x1 = clamp_cell(b->maxx, ix->area.minx, ix->cell_mm, ix->nx);
    *y0 = clamp_cell(b->miny, ix->area.miny, ix->cell_mm, ix->ny);
    *y1 = clamp_cell(b->maxy, ix->area.miny, ix->cell_mm, ix->ny);
}

static int cell_push(compose_cell *cl, size_t idx, csm_error *err)
{
    if (cl->n == cl->cap) {
        size_t cap = cl->cap ? cl->cap * 2 : 8;
        size_t *p = realloc(cl->idx, cap * sizeof *p);
        if (!p)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        cl->idx = p;
        cl->cap = cap;
    }
    cl->idx[cl->n++] = idx;
    return CSM_OK;
}

int compose_index_add(compose_index *ix, const csm_box *b, csm_error *err)
{
    int x0, y0, x1, y1, x, y;

    if (ix->nbox == ix->capbox) {
        size_t cap = ix->capbox ? ix->capbox * 2 : 64;
        csm_box *p = realloc(ix->box, cap * sizeof *p);
        if (!p)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        ix->box = p;
        ix->capbox = cap;
    }
    ix->box[ix->nbox] = *b;
    cells_of(ix, b, &x0, &y0, &x1, &y1);
    for (y = y0; y <= y1; y++)
        for (x = x0; x <= x1; x++)
            if (cell_push(&ix->cell[(size_t)y * ix->nx + x], ix->nbox, err))
                return CSM_ENOMEM; /* compose gives up: no half state kept */
    ix->nbox++;
    return CSM_OK;
}

int compose_index_hits(const compose_index *ix, const csm_box *b)
{
    int x0, y0, x1, y1, x, y;
    size_t k;

    cells_of(ix, b, &x0, &y0, &x1, &y1);
    for (y = y0; y <= y1; y++)
        for (x = x0; x <= x1; x++) {
            const compose_cell *cl = &ix->cell[(size_t)y * ix->nx + x];
            for (k = 0; k < cl->n; k++)
                if (csm_box_overlaps(&ix->box[cl->idx[k]], b))
                    return 1;
        }
    return 0;
}
