/* test_kcheck.c - spatial k per displaced point (PRIVACY.md section 2.2
 * definition 2, row 10, section 9 test 3): the definition on a hand-built
 * address grid, the distribution summary, and donut masking that drops
 * every point an address layer says is under the policy's k. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Address points on a lattice: x0 + i * step, y0 + j * step. */
static csm_layer *grid(double x0, double y0, int nx, int ny, double step)
{
    csm_layer *l = csm_layer_new("addresses", NULL, 0);
    int i, j;

    for (j = 0; j < ny; j++)
        for (i = 0; i < nx; i++) {
            csm_feature ft;
            csm_xy p = {x0 + i * step, y0 + j * step};
            memset(&ft, 0, sizeof ft);
            csm_geom_init(&ft.geom, CSM_GEOM_POINT);
            assert_int_equal(csm_geom_add_part(&ft.geom, &p, 1, NULL), 0);
            ft.row = (long)(j * nx + i) + 1;
            assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
        }
    return l;
}

static void k_counts_addresses_strictly_closer(void **state)
{
    /* homes every 10 m on [0, 100]^2; the child lives at (50, 50) and is
     * shown 30 m east, at (80, 50).  Homes strictly within 30 m of the
     * dot: lattice offsets (a, b) with a^2 + b^2 < 9 and a <= 2 (the grid
     * ends at x = 100): 5 + 2 x 5 + 2 x 5 = 25.  The true home, exactly
     * 30 m away, does not count; k = 26. */
    csm_layer *a = grid(0, 0, 11, 11, 10);
    csm_xy truth[3] = {{50, 50}, {50, 50}, {0, 0}};
    csm_xy shown[3] = {{80, 50}, {50, 50}, {-1000, 0}};
    long k[3];

    (void)state;
    assert_int_equal(csm_anonymise_spatial_k(a, truth, shown, 3, k, NULL), 0);
    assert_int_equal(k[0], 26);
    assert_int_equal(k[1], 1); /* not moved: the nearest home is the home */
    /* 1 km west of the corner home: nothing is closer than it */
    assert_int_equal(k[2], 1);
    csm_layer_free(a);
}

static void k_matches_brute_force(void **state)
{
    csm_layer *a = grid(400000, 300000, 60, 40, 17);
    csm_xy truth[200], shown[200];
    long k[200];
    size_t i, j;

    (void)state;
    for (i = 0; i < 200; i++) {
        double ang = (double)i * 2.399963, r = 40 + (double)(i % 37) * 9;
        truth[i] = (csm_xy){400000 + (double)(i * 37 % 1000),
                            300000 + (double)(i * 53 % 680)};
        shown[i] =
            (csm_xy){truth[i].x + r * cos(ang), truth[i].y + r * sin(ang)};
    }
    assert_int_equal(csm_anonymise_spatial_k(a, truth, shown, 200, k, NULL), 0);
    for (i = 0; i < 200; i++) {
        double d2 = (truth[i].x - shown[i].x) * (truth[i].x - shown[i].x) +
                    (truth[i].y - shown[i].y) * (truth[i].y - shown[i].y);
        long want = 1;
        for (j = 0; j < a->n; j++) {
            csm_xy p = a->feat[j].geom.pt[0];
            want += (p.x - shown[i].x) * (p.x - shown[i].x) +
                        (p.y - shown[i].y) * (p.y - shown[i].y) <
                    d2;
        }
        assert_int_equal(k[i], want);
    }
    csm_layer_free(a);
}

static void summary(void **state)
{
    long k[20];
    csm_k_summary s;
    int i;

    (void)state;
    for (i = 0; i < 20; i++)
        k[i] = 100 - 5 * i; /* 5 .. 100 */
    csm_anonymise_k_summary(k, 20, 30, &s);
    assert_int_equal(s.n, 20);
    assert_int_equal(s.min, 5);
    assert_int_equal(s.p5, 5);      /* nearest rank: the 1st of 20 */
    assert_int_equal(s.median, 50); /* the lower of 50 and 55 */
    assert_int_equal(s.below, 5);   /* 5, 10, 15, 20, 25 */
    csm_anonymise_k_summary(k, 0, 30, &s);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.below, 0);
}

/* Points in a dense west (homes every 10 m) and a sparse east (every
 * 100 m), displaced 100 to 200 m: the west passes k 30, the east fails
 * and its points are removed, every survivor checked again by its id. */
static void donut_drops_points_under_k(void **state)
{
    const char *f[] = {"subject", "id"};
    csm_layer *a = grid(0, 0, 200, 200, 10),
              *sparse = grid(2000, 0, 20, 20, 100);
    csm_layer *l = csm_layer_new("concerns", f, 2);
    csm_xy truth[40];
    unsigned char key[CSM_KEY_BYTES];
    csm_donut_opts o = {0, 1, 100, 200, NULL, 0, NULL};
    csm_donut_stats st;
    csm_policy pol;
    size_t i, j;

    (void)state;
    /* one address layer: both lattices */
    for (i = 0; i < sparse->n; i++) {
        csm_feature ft = sparse->feat[i];
        sparse->feat[i].val = NULL;
        memset(&sparse->feat[i].geom, 0, sizeof ft.geom);
        assert_int_equal(csm_layer_add(a, &ft, NULL), 0);
    }
    csm_layer_free(sparse);
    for (i = 0; i < CSM_KEY_BYTES; i++)
        key[i] = (unsigned char)(i + 1);
    for (i = 0; i < 40; i++) {
        csm_feature ft;
        char buf[16];
        truth[i] = (csm_xy){i < 20 ? 500 + 50.0 * (double)i
                                   : 2500 + 50.0 * (double)(i - 20),
                            1000};
        memset(&ft, 0, sizeof ft);
        csm_geom_init(&ft.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&ft.geom, &truth[i], 1, NULL), 0);
        ft.val = calloc(2, sizeof *ft.val);
        snprintf(buf, sizeof buf, "S%zu", i);
        ft.val[0] = strdup(buf);
        snprintf(buf, sizeof buf, "%zu", i);
        ft.val[1] = strdup(buf);
        ft.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    csm_policy_defaults(&pol);
    pol.containment = 0;
    o.addresses = a;
    assert_int_equal(csm_anonymise_donut(l, &o, key, &pol, &st, NULL), 0);
    assert_int_equal(st.k.n, 40);
    assert_int_equal(st.below_k, 20); /* the whole sparse east */
    assert_int_equal(st.displaced, 20);
    assert_int_equal(st.k.below, 20);
    assert_true(st.k.min < 30 && st.k.p5 < 30);
    for (i = 0; i < l->n; i++) {
        csm_xy p = l->feat[i].geom.pt[0];
        long k;
        j = (size_t)atoi(l->feat[i].val[1]);
        assert_true(j < 20);
        assert_int_equal(csm_anonymise_spatial_k(a, &truth[j], &p, 1, &k, NULL),
                         0);
        assert_true(k >= pol.k);
    }
    csm_layer_free(l);
    csm_layer_free(a);
}

static void refusals(void **state)
{
    csm_layer *a = grid(0, 0, 2, 2, 10);
    csm_xy t = {0, 0}, s = {5, 5};
    csm_error err = {0, ""};
    long k;
    csm_xy line[2] = {{0, 0}, {10, 10}};

    (void)state;
    csm_geom_release(&a->feat[2].geom);
    csm_geom_init(&a->feat[2].geom, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&a->feat[2].geom, line, 2, NULL), 0);
    assert_int_equal(csm_anonymise_spatial_k(a, &t, &s, 1, &k, &err),
                     CSM_EDATA);
    assert_string_equal(err.msg, "layer 'addresses', row 3: not a point "
                                 "(addresses must be points)");
    csm_layer_free(a);
    a = csm_layer_new("addresses", NULL, 0);
    assert_int_equal(csm_anonymise_spatial_k(a, &t, &s, 1, &k, NULL),
                     CSM_EDATA);
    csm_layer_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(k_counts_addresses_strictly_closer),
        cmocka_unit_test(k_matches_brute_force),
        cmocka_unit_test(summary),
        cmocka_unit_test(donut_drops_points_under_k),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
