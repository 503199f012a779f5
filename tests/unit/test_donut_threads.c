/* test_donut_threads.c - donut masking of many points runs in threads
 * (donut.c place_all); every point's offset must still depend on its own
 * seed alone, so a large layer (threaded) and its first 30,000 points
 * (one thread) give the same released points, each in [r_min, r_max]
 * and never at its true place. */
#include "check.h"
#include "csmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static csm_layer *points(size_t n)
{
    const char *f[] = {"subject"};
    csm_layer *l = csm_layer_new("concerns", f, 1);
    size_t i;
    char buf[32];

    for (i = 0; i < n; i++) {
        csm_feature ft;
        csm_xy p = {400000.0 + (double)(i % 1000) * 37.0,
                    300000.0 + (double)(i / 1000) * 41.0};
        memset(&ft, 0, sizeof ft);
        csm_geom_init(&ft.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&ft.geom, &p, 1, NULL), 0);
        ft.val = calloc(1, sizeof *ft.val);
        snprintf(buf, sizeof buf, "S-%06zu", i / 2);
        ft.val[0] = strdup(buf);
        ft.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    return l;
}

static void threads_change_nothing(void **state)
{
    enum { BIG = 120000, SMALL = 30000 };
    csm_layer *big = points(BIG), *small = points(SMALL), *truth;
    csm_donut_opts o;
    csm_donut_stats st;
    csm_policy pol;
    unsigned char key[CSM_KEY_BYTES];
    size_t i;

    (void)state;
    for (i = 0; i < CSM_KEY_BYTES; i++)
        key[i] = (unsigned char)(i * 13 + 5);
    csm_policy_defaults(&pol);
    pol.containment = 0;
    memset(&o, 0, sizeof o);
    o.subject_field = 0;
    o.record_field = -1;
    truth = points(SMALL);
    assert_int_equal(csm_anonymise_donut(big, &o, key, &pol, &st, NULL), 0);
    assert_int_equal(st.displaced, BIG);
    assert_int_equal(csm_anonymise_donut(small, &o, key, &pol, &st, NULL), 0);
    assert_int_equal(st.displaced, SMALL);
    for (i = 0; i < SMALL; i++) {
        csm_xy a = big->feat[i].geom.pt[0], b = small->feat[i].geom.pt[0];
        csm_xy t = truth->feat[i].geom.pt[0];
        double d = hypot(a.x - t.x, a.y - t.y);
        if (a.x != b.x || a.y != b.y)
            fail_msg("point %zu differs between threaded and single runs", i);
        if (d < pol.donut_r_min_m || d > pol.donut_r_min_m * 2)
            fail_msg("point %zu moved %g m, outside [r_min, r_max]", i, d);
    }
    csm_layer_free(truth);
    csm_layer_free(small);
    csm_layer_free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(threads_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
