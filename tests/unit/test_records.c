/* test_records.c - counting by record (csm_agg_opts.count_records,
 * csm_profile_opts.count_records): rows that are not children (police.uk
 * crimes) counted as rows under the policy's minimum and rounding, the
 * dominance rule weighing each distinct location, the subject field
 * ignored; and the statement that says what was counted. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static csm_layer *points_layer(void)
{
    const char *f[] = {"subject", "category", "month"};
    csm_layer *l = csm_layer_new("crime", f, 3);
    assert_non_null(l);
    return l;
}

static void add_point(csm_layer *l, double x, double y, const char *subj,
                      const char *cat)
{
    const char *v[] = {subj, cat, "2018-12"};
    check_add_point(l, x, y, v, 3);
}

/* Three 1 km squares side by side, named A0..A2. */
static csm_layer *areas3(void)
{
    const char *f[] = {"name"};
    csm_layer *l = csm_layer_new("areas", f, 1);
    int i;

    for (i = 0; i < 3; i++) {
        csm_xy r[5] = {{i * 1000.0, 0},
                       {(i + 1) * 1000.0, 0},
                       {(i + 1) * 1000.0, 1000},
                       {i * 1000.0, 1000},
                       {i * 1000.0, 0}};
        csm_feature ft;
        char name[8];
        memset(&ft, 0, sizeof ft);
        csm_geom_init(&ft.geom, CSM_GEOM_POLYGON);
        assert_int_equal(csm_geom_add_part(&ft.geom, r, 5, NULL), 0);
        snprintf(name, sizeof name, "A%d", i);
        ft.val = calloc(1, sizeof *ft.val);
        ft.val[0] = strdup(name);
        ft.row = i + 1;
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    return l;
}

/* A0: 12 rows of ONE subject on 12 points; A1: 20 rows, 15 on one point;
 * A2: 3 rows. */
static csm_layer *crimes(void)
{
    csm_layer *l = points_layer();
    int i;

    for (i = 0; i < 12; i++)
        add_point(l, 50.0 + 70 * i, 500, "same", i % 2 ? "CCE" : "SYV");
    for (i = 0; i < 20; i++)
        add_point(l, i < 15 ? 1500.0 : 1100.0 + 10 * i, 500, NULL, "OTHER");
    for (i = 0; i < 3; i++)
        add_point(l, 2500.0 + 10 * i, 500, NULL, "CCE");
    return l;
}

static long value(const csm_layer *l, size_t i, const char *field)
{
    const char *v = csm_layer_value(l, i, csm_layer_field(l, field));
    return v ? atol(v) : -1;
}

static void areas_count_rows_and_weigh_locations(void **state)
{
    csm_layer *pts = crimes(), *ar = areas3(), *out = NULL;
    csm_agg_opts o = {-1, 1, 0, 1};
    csm_agg_stats st;
    csm_policy pol;
    csm_error err = {0, ""};

    (void)state;
    csm_policy_defaults(&pol);
    assert_int_equal(csm_anonymise_areas(pts, ar, &o, &pol, &out, &st, &err),
                     0);
    assert_int_equal(out->n, 3);
    /* 12 rows of one subject count 12: rows, not children (rounded) */
    assert_int_equal(value(out, 0, "children"), 10);
    /* 15 of 20 on one point: over the dominance share, not shown; then
     * A2's 3 hide too, and the total with them */
    assert_int_equal(value(out, 1, "children"), -1);
    assert_int_equal(value(out, 2, "children"), -1);
    assert_int_equal(st.shown, 1);
    assert_int_equal(st.suppressed, 2);
    assert_int_equal(st.subjects, 35);
    csm_layer_free(out);
    /* counted by subject, A0 is one child: not shown */
    o.subject_field = 0;
    o.count_records = 0;
    for (size_t i = 12; i < pts->n; i++) /* every row needs a subject */
        if (!pts->feat[i].val[0])
            pts->feat[i].val[0] = strdup(i < 32 ? "other" : "third");
    assert_int_equal(csm_anonymise_areas(pts, ar, &o, &pol, &out, &st, &err),
                     0);
    assert_int_equal(value(out, 0, "children"), -1);
    csm_layer_free(out);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void spread_rows_are_shown(void **state)
{
    csm_layer *pts = points_layer(), *ar = areas3(), *out = NULL;
    csm_agg_opts o = {-1, -1, -1, 1};
    csm_agg_stats st;
    csm_policy pol;
    csm_error err = {0, ""};
    int i;

    (void)state;
    csm_policy_defaults(&pol);
    /* 2 rows on each of 10 points in each area: no place dominates */
    for (i = 0; i < 60; i++)
        add_point(pts, (i % 30) * 100.0 + 50, 500, NULL, NULL);
    assert_int_equal(csm_anonymise_areas(pts, ar, &o, &pol, &out, &st, &err),
                     0);
    for (i = 0; i < 3; i++)
        assert_int_equal(value(out, (size_t)i, "children"), 20);
    assert_int_equal(st.total, 60);
    csm_layer_free(out);
    /* and squares */
    assert_int_equal(
        csm_anonymise_grid(pts, 1000, 0, &o, &pol, &out, &st, &err), 0);
    assert_int_equal(st.shown, 3);
    assert_int_equal(st.total, 60);
    csm_layer_free(out);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void profiles_count_rows(void **state)
{
    csm_layer *pts = crimes(), *ar = areas3();
    csm_profile_opts o = {-1, 1, 2, -1, NULL, 0, NULL, 0, 1};
    csm_profiles *p = NULL;
    csm_policy pol;
    csm_error err = {0, ""};

    (void)state;
    csm_policy_defaults(&pol);
    assert_int_equal(csm_anonymise_profiles(pts, ar, &o, &pol, &p, &err), 0);
    assert_int_equal(p->area[0].children, 10); /* 12 rows */
    assert_int_equal(p->area[1].children, -1); /* one place dominates */
    assert_int_equal(p->area[2].children, -1); /* 3 */
    csm_profiles_free(p);
    /* without count_records a subject field is required */
    o.count_records = 0;
    assert_int_not_equal(csm_anonymise_profiles(pts, ar, &o, &pol, &p, &err),
                         0);
    assert_null(p);
    csm_layer_free(pts);
    csm_layer_free(ar);
}

static void statement_names_the_unit(void **state)
{
    csm_policy pol;
    char b[256];

    (void)state;
    csm_policy_defaults(&pol);
    csm_anonymise_statement_records(CSM_PROTECT_AREA, &pol, 0, "crimes", b,
                                    sizeof b);
    assert_string_equal(b, "Counts of crimes under 8 suppressed, others "
                           "rounded to 5; crimes aggregated to areas; "
                           "dates to month");
    csm_anonymise_statement_records(CSM_PROTECT_GRID, &pol, 1000, NULL, b,
                                    sizeof b);
    assert_string_equal(b, "Counts of records under 8 suppressed, others "
                           "rounded to 5; records aggregated to 1000 m "
                           "squares; dates to month");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(areas_count_rows_and_weigh_locations),
        cmocka_unit_test(spread_rows_are_shown),
        cmocka_unit_test(profiles_count_rows),
        cmocka_unit_test(statement_names_the_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
