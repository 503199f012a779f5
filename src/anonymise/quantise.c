/* quantise.c - anonymise: round exported coordinates to a grid (1 m), so a
 * file shared with partner agencies holds no more precision than its
 * protection meant.  Vector files keep every digit they are given, and an
 * intruder reads them, not the picture (PRIVACY.md section 7, row 31). */
#include <math.h>

#include "csmap.h"

void csm_anonymise_quantise(csm_layer *layer, double step_m)
{
    size_t i, k;

    if (!layer || !(step_m > 0))
        return;
    for (i = 0; i < layer->n; i++) {
        csm_geom *g = &layer->feat[i].geom;
        for (k = 0; k < g->npt; k++) {
            /* + 0.0 turns -0 into 0, so the same point prints the same */
            g->pt[k].x = round(g->pt[k].x / step_m) * step_m + 0.0;
            g->pt[k].y = round(g->pt[k].y / step_m) * step_m + 0.0;
        }
    }
}
