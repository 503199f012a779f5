/* multiples.h - compose: the parts of a page of small multiples that
 * multiples.c and change.c share (private to compose/). */
#ifndef CSM_COMPOSE_MULTIPLES_H
#define CSM_COMPOSE_MULTIPLES_H

#include "compose/compose.h"

/* The smallest and the preferred text size of a table, in points. */
#define TABLE_PT_MAX 7.5
#define TABLE_PT_MIN 5.5

/* The height table t needs in a box w mm wide at size pt, its rows
 * flowing into as many side-by-side blocks as fit; < 0 when not even one
 * block fits. */
double compose_table_height(const compose_ctx *c, const csm_table *t, double w,
                            double pt);
/* Draw t in box b at size pt (as measured above): title, blocks of rows
 * each under the header; a cell "—" on a hatched grey ground. */
int compose_table(compose_ctx *c, const csm_table *t, const csm_box *b,
                  double pt, csm_error *err);

#endif
