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

#define assert_near(a, b, eps)                                              \
    do {                                                                    \
        double a_ = (a), b_ = (b);                                          \
        if (!(fabs(a_ - b_) <= (eps)))                                      \
            fail_msg("%s = %.9g, expected %.9g (+/- %g)", #a, a_, b_,       \
                     (double)(eps));                                        \
    } while (0)

#endif
