/* test_donut.c - keyed donut displacement (PRIVACY.md rows 11-17 and
 * section 9 tests 4, 5 and 10): distances, isotropy, area-uniform radii,
 * determinism, the averaging attack across keys and within one release
 * (one subject at one place is one point), containment and refusals. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TWO_PI 6.283185307179586

static unsigned char key_a[CSM_KEY_BYTES], key_b[CSM_KEY_BYTES];

static void fixed_key(unsigned char *k, int seed)
{
    int i;
    for (i = 0; i < CSM_KEY_BYTES; i++)
        k[i] = (unsigned char)(seed * 31 + i * 7 + 1);
}

/* n points on a 1 km lattice (BNG-like), subject s<i / 3> (three rows
 * per subject, so ordinals matter). */
static csm_layer *points(size_t n)
{
    const char *f[] = {"subject", "id"};
    csm_layer *l = csm_layer_new("concerns", f, 2);
    size_t i;
    char buf[32];

    for (i = 0; i < n; i++) {
        csm_feature ft;
        csm_xy p = {400000.0 + (double)(i % 100) * 1000.0 + 0.37,
                    300000.0 + (double)(i / 100) * 1000.0 + 0.61};
        memset(&ft, 0, sizeof ft);
        csm_geom_init(&ft.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&ft.geom, &p, 1, NULL), 0);
        ft.val = calloc(2, sizeof *ft.val);
        snprintf(buf, sizeof buf, "s%zu", i / 3);
        ft.val[0] = strdup(buf);
        snprintf(buf, sizeof buf, "r%zu", i);
        ft.val[1] = strdup(buf);
        ft.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    return l;
}

static csm_policy no_containment(void)
{
    csm_policy p;
    csm_policy_defaults(&p);
    p.containment = 0;
    return p;
}

static csm_donut_opts opts(double r_min, double r_max)
{
    csm_donut_opts o = {0, -1, r_min, r_max, NULL, 0, NULL};
    return o;
}

static void displacement_within_the_donut_and_quantised(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(100, 250);
    csm_layer *l = points(10000), *t = points(10000);
    csm_donut_stats st;
    double dmin = 1e9, dmax = 0;
    size_t i;

    (void)state;
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, NULL), 0);
    assert_int_equal(st.displaced, 10000);
    assert_int_equal(st.dropped, 0);
    for (i = 0; i < l->n; i++) {
        csm_xy p = l->feat[i].geom.pt[0], q = t->feat[i].geom.pt[0];
        double d = hypot(p.x - q.x, p.y - q.y);
        if (d < dmin)
            dmin = d;
        if (d > dmax)
            dmax = d;
        assert_near(p.x, round(p.x), 0); /* 1 m grid */
        assert_near(p.y, round(p.y), 0);
    }
    assert_true(dmin >= 100 && dmax <= 250);
    assert_true(dmin < 102 && dmax > 248); /* the whole ring is used */
    csm_layer_free(l);
    csm_layer_free(t);
}

/* Angles: chi-square over 16 sectors of 10,000 points, fixed key.
 * p > 0.001 for 15 degrees of freedom is chi2 < 37.70.  Radii: area
 * uniform, so half the points fall inside the radius that halves the
 * ring's area; 10,000 points give a standard error of 0.005. */
static void angles_uniform_radii_area_uniform(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(200, 400);
    csm_layer *l = points(10000), *t = points(10000);
    csm_donut_stats st;
    double chi2 = 0, e = 10000.0 / 16, rmid2 = (200.0 * 200 + 400.0 * 400) / 2;
    long sector[16] = {0}, inner = 0;
    size_t i;

    (void)state;
    assert_int_equal(csm_anonymise_donut(l, &o, key_b, &pol, &st, NULL), 0);
    for (i = 0; i < l->n; i++) {
        double dx = l->feat[i].geom.pt[0].x - t->feat[i].geom.pt[0].x;
        double dy = l->feat[i].geom.pt[0].y - t->feat[i].geom.pt[0].y;
        double a = atan2(dy, dx);
        int s = (int)floor((a < 0 ? a + TWO_PI : a) / TWO_PI * 16);
        sector[s > 15 ? 15 : s]++;
        inner += dx * dx + dy * dy < rmid2;
    }
    for (i = 0; i < 16; i++)
        chi2 += (sector[i] - e) * (sector[i] - e) / e;
    assert_true(chi2 < 37.70);
    assert_true(labs(inner - 5000) < 300);
    csm_layer_free(l);
    csm_layer_free(t);
}

static void same_inputs_and_key_same_output(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(0, 0); /* policy r_min 50, r_max 100 */
    csm_layer *a = points(2000), *b = points(2000), *c = points(2000);
    csm_donut_stats st;
    size_t i, same = 0;

    (void)state;
    assert_int_equal(csm_anonymise_donut(a, &o, key_a, &pol, &st, NULL), 0);
    assert_int_equal(csm_anonymise_donut(b, &o, key_a, &pol, &st, NULL), 0);
    assert_int_equal(csm_anonymise_donut(c, &o, key_b, &pol, &st, NULL), 0);
    for (i = 0; i < a->n; i++) {
        assert_memory_equal(a->feat[i].geom.pt, b->feat[i].geom.pt,
                            sizeof(csm_xy));
        same +=
            memcmp(a->feat[i].geom.pt, c->feat[i].geom.pt, sizeof(csm_xy)) == 0;
    }
    assert_true(same < 10); /* another key, another release */
    /* the policy version is part of the input too */
    snprintf(pol.version, sizeof pol.version, "%s", "team-2027");
    csm_layer_free(c);
    c = points(2000);
    assert_int_equal(csm_anonymise_donut(c, &o, key_a, &pol, &st, NULL), 0);
    for (i = 0, same = 0; i < a->n; i++)
        same +=
            memcmp(a->feat[i].geom.pt, c->feat[i].geom.pt, sizeof(csm_xy)) == 0;
    assert_true(same < 10);
    csm_layer_free(a);
    csm_layer_free(b);
    csm_layer_free(c);
}

/* The averaging attack (Cassa et al. 2008, PRIVACY.md 9 test 5).
 *
 * With ONE key, repeated runs give the same point, so averaging them is
 * the single output and the error stays >= r_min: this is the defence.
 *
 * With M = 10 independent keys the average of 10 displacement vectors
 * converges on the truth: each has uniform angle and E[r^2] = (r_min^2 +
 * r_max^2) / 2 = 2.5 r_min^2 (r_max = 2 r_min), so each coordinate of the
 * mean has variance 2.5 r_min^2 / 2 / 10 = 0.125 r_min^2, and the mean
 * error is Rayleigh: 0.354 r_min x sqrt(pi / 2) = 0.44 r_min, with a
 * standard deviation of 0.23 r_min per point, 0.007 r_min over 1,000
 * points.  No mask keeps r_min against 10 independent releases; the test
 * pins the error to the theory (>= 0.3 r_min, <= 0.6 r_min: 19 standard
 * errors either side), which catches a correlated or biased generator,
 * and the documented rule is that a new key is a new release. */
static void averaging_attack(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(100, 200);
    csm_layer *t = points(1000);
    double *sx = calloc(t->n, sizeof *sx), *sy = calloc(t->n, sizeof *sy);
    double err_one = 0, err_ten = 0;
    unsigned char k[CSM_KEY_BYTES];
    csm_donut_stats st;
    size_t i;
    int m;

    (void)state;
    for (m = 0; m < 10; m++) {
        csm_layer *l = points(1000);
        fixed_key(k, 100 + m);
        assert_int_equal(csm_anonymise_donut(l, &o, k, &pol, &st, NULL), 0);
        for (i = 0; i < l->n; i++) {
            sx[i] += l->feat[i].geom.pt[0].x / 10;
            sy[i] += l->feat[i].geom.pt[0].y / 10;
        }
        csm_layer_free(l);
    }
    for (i = 0; i < t->n; i++)
        err_ten += hypot(sx[i] - t->feat[i].geom.pt[0].x,
                         sy[i] - t->feat[i].geom.pt[0].y) /
                   (double)t->n;
    assert_true(err_ten >= 0.3 * 100 && err_ten <= 0.6 * 100);
    /* the same key ten times: the average is the one output */
    memset(sx, 0, t->n * sizeof *sx);
    memset(sy, 0, t->n * sizeof *sy);
    for (m = 0; m < 10; m++) {
        csm_layer *l = points(1000);
        assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, NULL), 0);
        for (i = 0; i < l->n; i++) {
            sx[i] += l->feat[i].geom.pt[0].x / 10;
            sy[i] += l->feat[i].geom.pt[0].y / 10;
        }
        csm_layer_free(l);
    }
    for (i = 0; i < t->n; i++) {
        double d = hypot(sx[i] - t->feat[i].geom.pt[0].x,
                         sy[i] - t->feat[i].geom.pt[0].y);
        assert_true(d >= 100 - 1e-6);
        err_one += d / (double)t->n;
    }
    assert_true(err_one >= 100);
    free(sx);
    free(sy);
    csm_layer_free(t);
}

/* PRIVACY.md 6.2 / 9 test 10 canary: one child with 20 missing episodes
 * at one flat.  Each incident moved separately would scatter 20 points
 * whose mean lands ~25 m from the flat (r 100-200 m); keyed on subject +
 * place they are one released point, at least r_min from the truth. */
static void one_subject_one_place_one_point(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(100, 200);
    csm_layer *l = NULL;
    csm_xy flat = {412345.2, 303210.8}, p0;
    csm_donut_stats st;
    size_t i, distinct = 0;
    int with_ids;

    (void)state;
    for (with_ids = 0; with_ids < 2; with_ids++) {
        l = points(60);
        for (i = 0; i < 60; i++)
            if (i < 20) { /* subject "child", rows spread through layer */
                free(l->feat[i * 3].val[0]);
                l->feat[i * 3].val[0] = strdup(i % 2 ? " CHILD " : "child");
                l->feat[i * 3].geom.pt[0] = flat;
            }
        o.record_field = with_ids ? 1 : -1; /* record ids never split */
        assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, NULL), 0);
        assert_int_equal(st.displaced, 60);
        p0 = l->feat[0].geom.pt[0];
        for (i = 0, distinct = 1; i < 20; i++)
            if (memcmp(&l->feat[i * 3].geom.pt[0], &p0, sizeof p0) != 0)
                distinct++;
        assert_int_equal(distinct, 1);
        assert_true(hypot(p0.x - flat.x, p0.y - flat.y) >= 100);
        assert_true(hypot(p0.x - flat.x, p0.y - flat.y) <= 200);
        csm_layer_free(l);
    }
    /* the same subject somewhere else moves independently */
    l = points(6);
    l->feat[0].geom.pt[0] = flat;
    l->feat[1].geom.pt[0] = (csm_xy){flat.x + 1000, flat.y};
    o.record_field = -1;
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, NULL), 0);
    assert_true(fabs(l->feat[1].geom.pt[0].x - 1000 - l->feat[0].geom.pt[0].x) +
                    fabs(l->feat[1].geom.pt[0].y - l->feat[0].geom.pt[0].y) >
                0);
    csm_layer_free(l);
}

/* Different subjects at one place (siblings, two children at one home)
 * get independent positions; over 200 pairs no two coincide, and their
 * offsets are not correlated (mean offset difference ~ the ring). */
static void two_subjects_one_place_two_points(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(100, 200);
    csm_layer *l = points(400);
    csm_donut_stats st;
    size_t i, same = 0;
    char buf[32];

    (void)state;
    for (i = 0; i < 400; i++) {
        /* pair i / 2: two subjects at one point */
        l->feat[i].geom.pt[0] =
            (csm_xy){420000.0 + (double)(i / 2) * 1000.0, 310000.0};
        free(l->feat[i].val[0]);
        snprintf(buf, sizeof buf, "sib%zu", i);
        l->feat[i].val[0] = strdup(buf);
    }
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, NULL), 0);
    assert_int_equal(st.displaced, 400);
    for (i = 0; i < 400; i += 2) {
        csm_xy a = l->feat[i].geom.pt[0], b = l->feat[i + 1].geom.pt[0];
        csm_xy t = {420000.0 + (double)(i / 2) * 1000.0, 310000.0};
        same += a.x == b.x && a.y == b.y;
        assert_true(hypot(a.x - t.x, a.y - t.y) >= 100);
        assert_true(hypot(b.x - t.x, b.y - t.y) >= 100);
    }
    assert_true(same == 0);
    csm_layer_free(l);
}

static void record_pseudonyms(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o = opts(100, 200);
    csm_layer *a = points(30), *b = points(30), *c = points(30);
    csm_donut_stats st;
    csm_error err = {0};
    size_t i;

    (void)state;
    /* rows of one subject at one place share one point */
    for (i = 0; i < 3; i++)
        a->feat[i].geom.pt[0] = (csm_xy){400000, 300000};
    assert_int_equal(csm_anonymise_donut(a, &o, key_a, &pol, &st, NULL), 0);
    assert_memory_equal(a->feat[0].geom.pt, a->feat[1].geom.pt, sizeof(csm_xy));
    assert_memory_equal(a->feat[0].geom.pt, a->feat[2].geom.pt, sizeof(csm_xy));
    /* a record id does not change the seed: same output as without;
     * repeated ids are refused */
    o.record_field = 1;
    for (i = 0; i < 3; i++)
        b->feat[i].geom.pt[0] = (csm_xy){400000, 300000};
    assert_int_equal(csm_anonymise_donut(b, &o, key_a, &pol, &st, NULL), 0);
    for (i = 0; i < 30; i++)
        assert_memory_equal(a->feat[i].geom.pt, b->feat[i].geom.pt,
                            sizeof(csm_xy));
    free(b->feat[5].val[1]);
    b->feat[5].val[1] = strdup("r7");
    assert_int_equal(csm_anonymise_donut(b, &o, key_a, &pol, &st, &err),
                     CSM_EDATA);
    assert_string_equal(err.msg, "layer 'concerns', field 'id', row 8: the "
                                 "same id as row 6; record ids must be "
                                 "unique");
    /* record ids and no subject field: one place, one point */
    o.subject_field = -1;
    for (i = 0; i < 3; i++)
        c->feat[i * 5].geom.pt[0] = (csm_xy){400000, 300000};
    assert_int_equal(csm_anonymise_donut(c, &o, key_a, &pol, &st, NULL), 0);
    assert_memory_equal(c->feat[0].geom.pt, c->feat[5].geom.pt, sizeof(csm_xy));
    assert_memory_equal(c->feat[0].geom.pt, c->feat[10].geom.pt,
                        sizeof(csm_xy));
    assert_true(hypot(c->feat[0].geom.pt[0].x - 400000,
                      c->feat[0].geom.pt[0].y - 300000) >= 100);
    csm_layer_free(a);
    csm_layer_free(b);
    csm_layer_free(c);
}

static csm_layer *squares(double x0, double y0, int g, double s)
{
    const char *f[] = {"name"};
    csm_layer *l = csm_layer_new("areas", f, 1);
    int i, j;

    for (j = 0; j < g; j++)
        for (i = 0; i < g; i++) {
            csm_xy r[5] = {{x0 + i * s, y0 + j * s},
                           {x0 + (i + 1) * s, y0 + j * s},
                           {x0 + (i + 1) * s, y0 + (j + 1) * s},
                           {x0 + i * s, y0 + (j + 1) * s},
                           {x0 + i * s, y0 + j * s}};
            csm_feature ft;
            memset(&ft, 0, sizeof ft);
            csm_geom_init(&ft.geom, CSM_GEOM_POLYGON);
            assert_int_equal(csm_geom_add_part(&ft.geom, r, 5, NULL), 0);
            ft.val = calloc(1, sizeof *ft.val);
            ft.val[0] = strdup("a");
            ft.row = (long)l->n + 1;
            assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
        }
    return l;
}

static long area_of(const csm_layer *a, csm_xy p)
{
    size_t k;
    for (k = 0; k < a->n; k++)
        if (csm_geom_contains(&a->feat[k].geom, p))
            return (long)k;
    return -1;
}

static void containment_keeps_points_in_their_area(void **state)
{
    csm_policy pol;
    csm_layer *a = squares(399500, 299500, 10, 1000), *l = points(1000),
              *t = points(1000);
    csm_donut_opts o = opts(150, 300);
    csm_donut_stats st;
    csm_error err = {0};
    size_t i, j;

    (void)state;
    csm_policy_defaults(&pol);
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EUSAGE); /* the policy wants an area layer */
    o.areas = a;
    /* some points start near an edge, some outside every area */
    for (i = 0; i < 50; i++)
        l->feat[i].geom.pt[0].x = t->feat[i].geom.pt[0].x += 480;
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err), 0);
    assert_int_equal(st.rows, 1000);
    assert_int_equal(st.displaced + st.dropped, 1000);
    assert_int_equal(st.uncontained, 900); /* the grid covers 10 x 10 */
    /* match survivors to their true points through the record id */
    for (i = 0; i < l->n; i++) {
        long r = atol(csm_layer_value(l, i, 1) + 1);
        csm_xy p = l->feat[i].geom.pt[0], q = t->feat[r].geom.pt[0];
        double d = hypot(p.x - q.x, p.y - q.y);
        assert_true(d >= 150 && d <= 300);
        if (area_of(a, q) >= 0)
            assert_int_equal(area_of(a, p), area_of(a, q));
    }
    (void)j;
    csm_layer_free(a);
    csm_layer_free(l);
    csm_layer_free(t);
}

static void refusals(void **state)
{
    csm_policy pol = no_containment();
    csm_donut_opts o;
    csm_layer *l = points(10);
    unsigned char zero[CSM_KEY_BYTES] = {0};
    csm_donut_stats st;
    csm_error err = {0};

    (void)state;
    o = opts(40, 80);
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "r_min 40 m is below"));
    o = opts(100, 350);
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EUSAGE);
    o = opts(100, 100);
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EUSAGE);
    o = opts(1000, 2500);
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "max_displacement_m"));
    o = opts(100, 200);
    assert_int_equal(csm_anonymise_donut(l, &o, zero, &pol, &st, &err),
                     CSM_EUSAGE);
    o.subject_field = -1;
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EUSAGE);
    o.subject_field = 0;
    free(l->feat[3].val[0]);
    l->feat[3].val[0] = NULL;
    assert_int_equal(csm_anonymise_donut(l, &o, key_a, &pol, &st, &err),
                     CSM_EDATA);
    assert_string_equal(err.msg, "layer 'concerns', field 'subject', row 4: "
                                 "no subject id; every row needs one");
    /* on failure nothing moved */
    assert_near(l->feat[0].geom.pt[0].x, 400000.37, 1e-9);
    csm_layer_free(l);
}

static void keygen_gives_fresh_keys(void **state)
{
    unsigned char a[CSM_KEY_BYTES], b[CSM_KEY_BYTES];

    (void)state;
    assert_int_equal(csm_keygen(a, NULL), 0);
    assert_int_equal(csm_keygen(b, NULL), 0);
    assert_true(memcmp(a, b, sizeof a) != 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(displacement_within_the_donut_and_quantised),
        cmocka_unit_test(angles_uniform_radii_area_uniform),
        cmocka_unit_test(same_inputs_and_key_same_output),
        cmocka_unit_test(averaging_attack),
        cmocka_unit_test(one_subject_one_place_one_point),
        cmocka_unit_test(two_subjects_one_place_two_points),
        cmocka_unit_test(record_pseudonyms),
        cmocka_unit_test(containment_keeps_points_in_their_area),
        cmocka_unit_test(refusals),
        cmocka_unit_test(keygen_gives_fresh_keys),
    };
    fixed_key(key_a, 1);
    fixed_key(key_b, 2);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
