/* check.h - small helpers for the cmocka unit tests (cmocka 1.1.5 has no
 * float comparison). */
#ifndef CSM_CHECK_H
#define CSM_CHECK_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

#define assert_near(a, b, eps)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                      \
            fail_msg("%s = %.9g, expected %.9g (+/- %g)", #a, a_, b_,       \
                     (double)(eps));                                        \
    } while (0)

/* Append a point feature at (x, y) to l with its first n field values
 * copied from val (NULL stays NULL, the rest of the fields are NULL). */
static inline void check_add_point(csm_layer *l, double x, double y,
                                   const char *const *val, size_t n)
{
    csm_feature f;
    csm_xy p = {x, y};
    size_t i;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
    f.val = calloc(l->nfield, sizeof *f.val);
    assert_non_null(f.val);
    for (i = 0; i < n && i < l->nfield; i++)
        f.val[i] = val[i] ? strdup(val[i]) : NULL;
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

#endif
