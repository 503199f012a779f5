/* test_profile.c - the figures of area profiles (csmap atlas): the panel's
 * rules (distinct children, rounding, suppression, incidents only beside
 * shown children, secondary suppression of breakdowns, dominance) and the
 * differencing audit (PRIVACY.md section 9 test 8), checked on hand-made
 * cases and, by brute force, on many generated overlapping layouts. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SUBJ, CAT, MONTH, BAND, NFIELD };

static uint64_t rng_state;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static csm_layer *points(void)
{
    const char *f[NFIELD] = {"subject", "harm", "month", "band"};
    csm_layer *l = csm_layer_new("concerns", f, NFIELD);

    assert_non_null(l);
    return l;
}

/* One incident of child 'subj' at (x, y). */
static void add(csm_layer *l, double x, double y, int subj, const char *cat,
                const char *month, const char *band)
{
    csm_feature f;
    csm_xy p = {x, y};
    char s[32];

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
    f.val = calloc(NFIELD, sizeof *f.val);
    snprintf(s, sizeof s, "S-%04d", subj);
    f.val[SUBJ] = strdup(s);
    f.val[CAT] = cat ? strdup(cat) : NULL;
    f.val[MONTH] = month ? strdup(month) : NULL;
    f.val[BAND] = band ? strdup(band) : NULL;
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

static csm_layer *areas(void)
{
    const char *f[] = {"name"};
    csm_layer *l = csm_layer_new("areas", f, 1);

    assert_non_null(l);
    return l;
}

static void add_box(csm_layer *l, double x0, double y0, double x1, double y1)
{
    csm_xy r[5] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
    csm_feature f;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&f.geom, r, 5, NULL), 0);
    f.val = calloc(1, sizeof *f.val);
    f.val[0] = strdup("area");
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

static csm_profiles *run(const csm_layer *pts, const csm_layer *ar)
{
    static const char *const order[] = {"SYV", "CCE"};
    csm_profile_opts o = {SUBJ, CAT, MONTH, BAND, order, 2, NULL, 0, 0};
    csm_profiles *p = NULL;
    csm_policy pol;
    csm_error err = {0, ""};

    csm_policy_defaults(&pol);
    assert_int_equal(csm_anonymise_profiles(pts, ar, &o, &pol, &p, &err), 0);
    assert_non_null(p);
    return p;
}

/* Every printable figure is 0, hidden, or a multiple of 5 of at least 10. */
static void check_shown(long v)
{
    if (v != 0 && v != -1 && !(v >= 10 && v % 5 == 0))
        fail_msg("figure %ld breaks the policy", v);
}

static void check_figs(const csm_profiles *p, const csm_profile_figs *f)
{
    size_t k;

    check_shown(f->children);
    check_shown(f->incidents);
    if (f->children <= 0)
        assert_true(f->incidents == f->children);
    for (k = 0; k < p->ncat; k++) {
        check_shown(f->cat_children[k]);
        check_shown(f->cat_incidents[k]);
    }
    for (k = 0; k < p->nmonth; k++)
        check_shown(f->month[k]);
    for (k = 0; k < p->nband; k++)
        check_shown(f->band[k]);
}

/* ---- the panel's rules -------------------------------------------------- */

static void counts_distinct_children_rounded(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    add_box(ar, 100, 0, 200, 100);
    for (i = 0; i < 13; i++) { /* 13 children, 3 incidents each */
        add(pts, 10, 10, i, "CCE", "2026-01", "evening");
        add(pts, 20, 10, i, "CCE", "2026-03", "evening");
        add(pts, 30, 10, i, "CCE", "2026-03", "night");
    }
    for (i = 100; i < 112; i++) /* 12 others in the second area */
        add(pts, 150, 50, i, "SYV", "2026-02", "night");
    p = run(pts, ar);
    assert_int_equal(p->area[0].children, 15);  /* 13 -> 15 */
    assert_int_equal(p->area[0].incidents, 40); /* 39 -> 40 */
    assert_int_equal(p->area[1].children, 10);  /* 12 -> 10 */
    assert_int_equal(p->whole.children, 25);
    /* every month from the first to the last, February included */
    assert_int_equal(p->nmonth, 3);
    assert_string_equal(p->month[1], "2026-02");
    assert_int_equal(p->area[0].month[1], 0);
    /* codes in the order asked for: SYV then CCE */
    assert_int_equal(p->ncat, 2);
    assert_string_equal(p->cat[0], "SYV");
    assert_string_equal(p->cat[1], "CCE");
    assert_int_equal(p->area[0].cat_children[1], 15);
    assert_int_equal(p->area[0].cat_children[0], 0);
    check_figs(p, &p->area[0]);
    check_figs(p, &p->whole);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void small_counts_hide_incidents_too(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    for (i = 0; i < 5; i++) /* 5 children, 40 incidents: still 5 */
        for (int k = 0; k < 8; k++)
            add(pts, 50, 50, i, "MISS", "2026-01", NULL);
    p = run(pts, ar);
    assert_int_equal(p->area[0].children, -1);
    assert_int_equal(p->area[0].incidents, -1);
    assert_int_equal(p->area[0].cat_children[0], -1);
    assert_int_equal(p->whole.children, -1);
    assert_int_equal(p->nband, 0);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void one_child_dominating_is_hidden(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    for (i = 0; i < 10; i++)
        add(pts, 50, 50, i, "MISS", "2026-01", NULL);
    for (i = 0; i < 20; i++) /* one child, 20 missing episodes */
        add(pts, 50, 50, 0, "MISS", "2026-01", NULL);
    p = run(pts, ar);
    assert_int_equal(p->area[0].children, -1);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void a_lone_hidden_category_takes_another_with_it(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    add_box(ar, 200, 0, 300, 100); /* elsewhere, so the whole differs */
    for (i = 0; i < 16; i++)
        add(pts, 50, 50, i, "CCE", NULL, NULL);
    for (i = 16; i < 19; i++)
        add(pts, 50, 50, i, "CSE", NULL, NULL);
    for (i = 30; i < 60; i++)
        add(pts, 250, 50, i, "SYV", NULL, NULL);
    p = run(pts, ar);
    /* SYV, CCE, CSE: CSE (3) is hidden; alone it could be read off the
     * total (19 - 16), so CCE is hidden too */
    assert_int_equal(p->area[0].children, 20);
    assert_string_equal(p->cat[1], "CCE");
    assert_int_equal(p->area[0].cat_children[1], -1);
    assert_int_equal(p->area[0].cat_children[2], -1);
    assert_true(p->audit.secondary >= 1);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void invalid_areas_count_nowhere(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_feature f;
    csm_xy line[2] = {{0, 0}, {100, 100}};
    csm_profiles *p;
    const char *why;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&f.geom, line, 2, NULL), 0);
    f.val = calloc(1, sizeof *f.val);
    f.row = 2;
    assert_int_equal(csm_layer_add(ar, &f, NULL), 0);
    why = csm_anonymise_area_problem(&ar->feat[1].geom);
    assert_non_null(why);
    assert_string_equal(why, "it is not a polygon");
    assert_null(csm_anonymise_area_problem(&ar->feat[0].geom));
    for (i = 0; i < 10; i++)
        add(pts, 50, 50, i, "CCE", "2026-05", "night");
    p = run(pts, ar);
    assert_int_equal(p->area[0].children, 10);
    assert_int_equal(p->area[1].children, -1);
    assert_int_equal(p->area[1].band[0], -1);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void bad_rows_are_named_not_shown(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profile_opts o = {SUBJ, CAT, MONTH, BAND, NULL, 0, NULL, 0, 0};
    csm_profiles *p = NULL;
    csm_policy pol;
    csm_error err = {0, ""};

    (void)state;
    csm_policy_defaults(&pol);
    add_box(ar, 0, 0, 100, 100);
    add(pts, 50, 50, 1, "CCE", "14/03/2026", NULL);
    assert_int_equal(csm_anonymise_profiles(pts, ar, &o, &pol, &p, &err),
                     CSM_EDATA);
    assert_null(p);
    assert_non_null(strstr(err.msg, "row 1"));
    assert_null(strstr(err.msg, "14/03"));
    assert_null(strstr(err.msg, "S-0001"));
    csm_layer_free(pts);
    csm_layer_free(ar);
}

/* ---- the differencing audit -----------------------------------------------
 */

static void overlapping_areas_hide_a_small_difference(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);   /* A */
    add_box(ar, 50, 0, 150, 100);  /* B overlaps A on x 50..100 */
    add_box(ar, 500, 0, 600, 100); /* C apart, so the whole is bigger */
    for (i = 0; i < 20; i++)       /* 20 children in A and B both */
        add(pts, 75, 50, i, NULL, NULL, NULL);
    for (i = 20; i < 23; i++) /* 3 more only in A: A - B reveals 3 */
        add(pts, 25, 50, i, NULL, NULL, NULL);
    for (i = 40; i < 70; i++)
        add(pts, 550, 50, i, NULL, NULL, NULL);
    p = run(pts, ar);
    assert_int_equal(p->audit.pairs, 1);
    /* 23 and 20 round to 25 and 20, but A - B would be 3: the smaller
     * hides, and the comparator (a margin over A, B and C) with it */
    assert_int_equal(p->area[0].children, 25);
    assert_int_equal(p->area[1].children, -1);
    assert_int_equal(p->area[2].children, 30);
    assert_int_equal(p->whole.children, -1);
    assert_true(p->audit.suppressed >= 1);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void overlaps_with_safe_pieces_show_both(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    add_box(ar, 50, 0, 150, 100);
    add_box(ar, 500, 0, 600, 100);
    for (i = 0; i < 10; i++) /* A only, both, B only: 10 each */
        add(pts, 25, 50, i, NULL, NULL, NULL);
    for (i = 10; i < 20; i++)
        add(pts, 75, 50, i, NULL, NULL, NULL);
    for (i = 20; i < 30; i++)
        add(pts, 125, 50, i, NULL, NULL, NULL);
    for (i = 40; i < 70; i++)
        add(pts, 550, 50, i, NULL, NULL, NULL);
    p = run(pts, ar);
    assert_int_equal(p->area[0].children, 20);
    assert_int_equal(p->area[1].children, 20);
    assert_int_equal(p->audit.suppressed, 0);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void the_whole_hides_rather_than_an_area(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    add_box(ar, 100, 0, 200, 100);
    for (i = 0; i < 30; i++)
        add(pts, 50, 50, i, NULL, NULL, NULL);
    for (i = 30; i < 33; i++) /* all areas - the first would be 3 */
        add(pts, 150, 50, i, NULL, NULL, NULL);
    p = run(pts, ar);
    assert_int_equal(p->area[0].children, 30);
    assert_int_equal(p->area[1].children, -1);
    assert_int_equal(p->whole.children, -1);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void a_month_close_to_its_period_is_hidden(void **state)
{
    csm_layer *pts = points(), *ar = areas();
    csm_profiles *p;
    int i;

    (void)state;
    add_box(ar, 0, 0, 100, 100);
    add_box(ar, 500, 0, 600, 100);
    for (i = 0; i < 20; i++) /* 20 in March; 2 of them, and 2 more, in May */
        add(pts, 50, 50, i, NULL, "2026-03", NULL);
    add(pts, 50, 50, 0, NULL, "2026-05", NULL);
    add(pts, 50, 50, 1, NULL, "2026-05", NULL);
    add(pts, 50, 50, 20, NULL, "2026-05", NULL);
    add(pts, 50, 50, 21, NULL, "2026-05", NULL);
    for (i = 40; i < 70; i++)
        add(pts, 550, 50, i, NULL, "2026-04", NULL);
    p = run(pts, ar);
    /* the period has 22 children, March 20: the difference is 2 */
    assert_int_equal(p->area[0].children, 20);
    assert_int_equal(p->area[0].month[0], -1);
    csm_profiles_free(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

/* Brute force over generated layouts: for every two shown figures a
 * reader could subtract (areas sharing a location, each area and the
 * whole, an area and its months), the children in each piece are none or
 * at least the minimum; every figure is printable. */
static void check_pieces(const unsigned char *a, const unsigned char *b,
                         size_t n, const char *what)
{
    long only_a = 0, only_b = 0, both = 0;
    size_t s;

    for (s = 0; s < n; s++) {
        only_a += a[s] && !b[s];
        only_b += b[s] && !a[s];
        both += a[s] && b[s];
    }
    if ((only_a > 0 && only_a < 8) || (only_b > 0 && only_b < 8) ||
        (both > 0 && both < 8))
        fail_msg("%s: pieces %ld, %ld, %ld reveal a small number", what, only_a,
                 only_b, both);
}

static void audit_holds_on_generated_layouts(void **state)
{
    enum { NA = 6, NS = 90, NM = 4 };
    int round;

    (void)state;
    rng_state = 20261120;
    for (round = 0; round < 60; round++) {
        csm_layer *pts = points(), *ar = areas();
        /* [NA + 1][NM + 1][NS]: area (NA: whole), month (0: all) */
        static unsigned char in[NA + 1][NM + 1][NS];
        unsigned char shared[NA][NA];
        csm_profiles *p;
        size_t a, b, m, k, n = 80 + rnd() % 300;
        double x0[NA], y0[NA], w[NA];
        char month[8];

        memset(in, 0, sizeof in);
        memset(shared, 0, sizeof shared);
        for (a = 0; a < NA; a++) {
            x0[a] = (double)(rnd() % 600);
            y0[a] = (double)(rnd() % 600);
            w[a] = 150.0 + (double)(rnd() % 350);
            add_box(ar, x0[a], y0[a], x0[a] + w[a], y0[a] + w[a]);
        }
        for (k = 0; k < n; k++) {
            double x = (double)(rnd() % 1000) + 0.5;
            double y = (double)(rnd() % 1000) + 0.5;
            int s = (int)(rnd() % NS), mo = (int)(rnd() % NM);
            int any = 0;
            snprintf(month, sizeof month, "2026-%02d", mo + 1);
            add(pts, x, y, s, NULL, month, NULL);
            for (a = 0; a < NA; a++) {
                int inside = x > x0[a] && x < x0[a] + w[a] && y > y0[a] &&
                             y < y0[a] + w[a];
                if (!inside)
                    continue;
                any = 1;
                in[a][0][s] = in[a][mo + 1][s] = 1;
                for (b = 0; b < a; b++)
                    if (x > x0[b] && x < x0[b] + w[b] && y > y0[b] &&
                        y < y0[b] + w[b])
                        shared[b][a] = 1;
            }
            if (any)
                in[NA][0][s] = in[NA][mo + 1][s] = 1;
        }
        p = run(pts, ar);
        for (a = 0; a < NA; a++) {
            const csm_profile_figs *fa = &p->area[a];
            check_figs(p, fa);
            for (b = a + 1; b < NA; b++)
                if (shared[a][b] && fa->children > 0 && p->area[b].children > 0)
                    check_pieces(in[a][0], in[b][0], NS, "two areas");
            if (fa->children > 0 && p->whole.children > 0)
                check_pieces(in[a][0], in[NA][0], NS, "area and whole");
            for (m = 0; m < p->nmonth && m < NM; m++) {
                int mo = atoi(p->month[m] + 5);
                if (fa->children > 0 && fa->month[m] > 0)
                    check_pieces(in[a][0], in[a][mo], NS, "period, month");
            }
        }
        check_figs(p, &p->whole);
        csm_profiles_free(p);
        csm_layer_free(pts);
        csm_layer_free(ar);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(counts_distinct_children_rounded),
        cmocka_unit_test(small_counts_hide_incidents_too),
        cmocka_unit_test(one_child_dominating_is_hidden),
        cmocka_unit_test(a_lone_hidden_category_takes_another_with_it),
        cmocka_unit_test(invalid_areas_count_nowhere),
        cmocka_unit_test(bad_rows_are_named_not_shown),
        cmocka_unit_test(overlapping_areas_hide_a_small_difference),
        cmocka_unit_test(overlaps_with_safe_pieces_show_both),
        cmocka_unit_test(the_whole_hides_rather_than_an_area),
        cmocka_unit_test(a_month_close_to_its_period_is_hidden),
        cmocka_unit_test(audit_holds_on_generated_layouts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
