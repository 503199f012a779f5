/* test_safety.c - safety maps (analyse/safety.c): what one area may show
 * (respondent minimum, option counts 1-4 hidden with the next lowest), and
 * the aggregation of ratings per area, by area id or by point, counting
 * distinct young people. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- one area ---------------------------------------------------------- */

static void area(long r, long a, long g, long resp, long sr, long sa, long sg,
                 int majority, int few)
{
    const long count[CSM_RATINGS] = {r, a, g};
    long shown[CSM_RATINGS];
    csm_policy pol;
    int m, f;

    csm_policy_defaults(&pol);
    csm_analyse_safety_area(count, resp, &pol, shown, &m, &f);
    assert_int_equal(shown[CSM_RED], sr);
    assert_int_equal(shown[CSM_AMBER], sa);
    assert_int_equal(shown[CSM_GREEN], sg);
    assert_int_equal(m, majority);
    assert_int_equal(f, few);
}

static void under_ten_respondents_shows_nothing(void **state)
{
    (void)state;
    area(9, 0, 0, 9, -1, -1, -1, -1, 1);
    area(0, 0, 0, 0, -1, -1, -1, -1, 1);
    area(10, 0, 0, 10, 10, 0, 0, CSM_RED, 0);
    /* ratings are many, young people few: still too few */
    area(8, 8, 8, 9, -1, -1, -1, -1, 1);
}

static void counts_one_to_four_hide_the_next_lowest_too(void **state)
{
    (void)state;
    /* amber 3 hidden; red 12 is the next lowest, hidden too */
    area(12, 3, 20, 35, -1, -1, 20, CSM_GREEN, 0);
    /* two small counts hide each other: nothing more to hide */
    area(2, 1, 20, 23, -1, -1, 20, CSM_GREEN, 0);
    /* the next lowest may be a zero: hiding it keeps the pair unknown */
    area(12, 3, 0, 15, 12, -1, -1, CSM_RED, 0);
    /* ties: the later option goes */
    area(3, 8, 8, 19, -1, 8, -1, -1, 0);
    /* 5 is shown; nothing hidden */
    area(5, 5, 5, 15, 5, 5, 5, -1, 0);
    area(4, 4, 4, 12, -1, -1, -1, -1, 0);
    /* zeros alone hide nothing */
    area(0, 0, 11, 11, 0, 0, 11, CSM_GREEN, 0);
}

static void majority_means_over_half(void **state)
{
    (void)state;
    area(10, 5, 5, 20, 10, 5, 5, -1, 0); /* half is not over half */
    area(11, 5, 5, 21, 11, 5, 5, CSM_RED, 0);
    area(6, 16, 8, 30, 6, 16, 8, CSM_AMBER, 0);
}

static void a_stricter_policy_raises_the_minimums(void **state)
{
    const long count[CSM_RATINGS] = {6, 6, 0};
    long shown[CSM_RATINGS];
    csm_policy pol;
    int m, f;

    (void)state;
    csm_policy_defaults(&pol);
    assert_int_equal(pol.safety_min_respondents, 10);
    assert_int_equal(pol.safety_min_option, 5);
    pol.safety_min_respondents = 15;
    csm_analyse_safety_area(count, 12, &pol, shown, &m, &f);
    assert_int_equal(f, 1);
    pol.safety_min_respondents = 10;
    pol.safety_min_option = 7; /* 6 is now small: both hidden */
    csm_analyse_safety_area(count, 12, &pol, shown, &m, &f);
    assert_int_equal(shown[0], -1);
    assert_int_equal(shown[1], -1);
    assert_int_equal(shown[2], 0);
}

static void ratings_read_in_any_case(void **state)
{
    (void)state;
    assert_int_equal(csm_analyse_rating("red"), CSM_RED);
    assert_int_equal(csm_analyse_rating(" Amber "), CSM_AMBER);
    assert_int_equal(csm_analyse_rating("G"), CSM_GREEN);
    assert_int_equal(csm_analyse_rating("greenish"), -1);
    assert_int_equal(csm_analyse_rating("red amber"), -1);
    assert_int_equal(csm_analyse_rating(NULL), -1);
}

/* ---- aggregation --------------------------------------------------------- */

/* Three 100 m squares side by side, ids A1..A3 (fields id, name). */
static csm_layer *squares(void)
{
    static const char *const fields[] = {"id", "name"};
    csm_error err = {0, ""};
    csm_layer *l = csm_layer_new("areas", fields, 2);
    int i;

    assert_non_null(l);
    assert_int_equal(csm_layer_set_crs(l, "EPSG:27700", &err), 0);
    for (i = 0; i < 3; i++) {
        double x = 100.0 * i;
        csm_xy r[5] = {{x, 0}, {x + 100, 0}, {x + 100, 100}, {x, 100}, {x, 0}};
        char id[8], name[16];
        csm_feature f;
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
        assert_int_equal(csm_geom_add_part(&f.geom, r, 5, &err), 0);
        snprintf(id, sizeof id, "A%d", i + 1);
        snprintf(name, sizeof name, "Area %d", i + 1);
        f.val = calloc(2, sizeof *f.val);
        f.val[0] = strdup(id);
        f.val[1] = strdup(name);
        f.row = i + 1;
        assert_int_equal(csm_layer_add(l, &f, &err), 0);
    }
    return l;
}

enum { RESP, AREA, RATING };

/* Survey rows (respondent, area id, rating); at x, 50 when x >= 0. */
static void add_row(csm_layer *l, const char *resp, const char *area_id,
                    const char *rating, double x)
{
    csm_error err = {0, ""};
    csm_feature f;
    csm_xy p = {x, 50};

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, x >= 0 ? CSM_GEOM_POINT : CSM_GEOM_NONE);
    if (x >= 0)
        assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, &err), 0);
    f.val = calloc(3, sizeof *f.val);
    f.val[RESP] = resp ? strdup(resp) : NULL;
    f.val[AREA] = area_id ? strdup(area_id) : NULL;
    f.val[RATING] = strdup(rating);
    f.row = (long)l->n + 2;
    assert_int_equal(csm_layer_add(l, &f, &err), 0);
}

static csm_layer *survey(void)
{
    static const char *const fields[] = {"respondent_id", "area_id", "rating"};
    csm_layer *l = csm_layer_new("safety", fields, 3);
    char id[16];
    int i;

    assert_non_null(l);
    /* A1: 14 young people, 9 red, 2 amber, 3 green; Y-000 rates it twice
     * (red both times) and Y-001 gives red and green (both count) */
    for (i = 0; i < 14; i++) {
        snprintf(id, sizeof id, "Y-%03d", i);
        add_row(l, id, "A1", i < 9 ? "red" : i < 11 ? "amber" : "green", 50);
    }
    add_row(l, "Y-000", "A1", "red", 50);
    add_row(l, "Y-001", "A1", "green", 50);
    /* A2: 6 young people, many ratings: too few */
    for (i = 0; i < 12; i++) {
        snprintf(id, sizeof id, "Y-%03d", 100 + i % 6);
        add_row(l, id, "A2", i % 2 ? "amber" : "Red", 150);
    }
    /* an area the layer does not have */
    add_row(l, "Y-200", "A9", "green", 999);
    return l;
}

static void check_out(const csm_layer *out)
{
    int f = csm_layer_field(out, "result");
    size_t i, k;

    assert_int_equal(out->n, 3);
    assert_int_equal(out->nfield, 5);
    assert_string_equal(csm_layer_value(out, 0, f), "red");
    /* red 9, amber 2 (hidden), green 4 -> green is the next lowest */
    assert_string_equal(csm_layer_value(out, 0, 1), "9");
    assert_null(csm_layer_value(out, 0, 2));
    assert_null(csm_layer_value(out, 0, 3));
    assert_string_equal(csm_layer_value(out, 0, 4), "6");
    assert_string_equal(csm_layer_value(out, 1, f), "few");
    for (k = 1; k <= 4; k++)
        assert_null(csm_layer_value(out, 1, (int)k));
    assert_string_equal(csm_layer_value(out, 2, f), "few"); /* nobody */
    assert_int_equal(out->feat[1].geom.type, CSM_GEOM_POLYGON);
    assert_string_equal(out->crs, "EPSG:27700");
    for (i = 0; i < out->n; i++) /* no respondent id anywhere */
        for (k = 0; k < out->nfield; k++) {
            const char *v = csm_layer_value(out, i, (int)k);
            assert_true(!v || !strstr(v, "Y-"));
        }
}

static void ratings_aggregate_by_area_id(void **state)
{
    csm_layer *rows = survey(), *areas = squares(), *out = NULL;
    csm_safety_opts o = {RESP, RATING, AREA, 0};
    csm_safety_stats st;
    csm_policy pol;
    csm_error err = {0, ""};

    (void)state;
    csm_policy_defaults(&pol);
    if (csm_analyse_safety(rows, areas, &o, &pol, &out, &st, &err))
        fail_msg("%s", err.msg);
    check_out(out);
    assert_int_equal(st.rows, 29);
    assert_int_equal(st.respondents, 21);
    assert_int_equal(st.areas, 3);
    assert_int_equal(st.shown, 1);
    assert_int_equal(st.few, 2);
    assert_int_equal(st.hidden, 2);
    assert_int_equal(st.unmatched, 1);
    csm_layer_free(out);
    csm_layer_free(rows);
    csm_layer_free(areas);
}

static void ratings_aggregate_by_point(void **state)
{
    csm_layer *rows = survey(), *areas = squares(), *out = NULL;
    csm_safety_opts o = {RESP, RATING, -1, -1};
    csm_safety_stats st;
    csm_policy pol;
    csm_error err = {0, ""};

    (void)state;
    csm_policy_defaults(&pol);
    if (csm_analyse_safety(rows, areas, &o, &pol, &out, &st, &err))
        fail_msg("%s", err.msg);
    check_out(out);
    assert_int_equal(st.unmatched, 1); /* the point at x 999 */
    csm_layer_free(out);
    csm_layer_free(rows);
    csm_layer_free(areas);
}

static void bad_rows_are_errors_without_values(void **state)
{
    csm_layer *rows = survey(), *areas = squares(), *out = NULL;
    csm_safety_opts o = {RESP, RATING, AREA, 0};
    csm_safety_stats st;
    csm_policy pol;
    csm_error err = {0, ""};

    (void)state;
    csm_policy_defaults(&pol);
    add_row(rows, "Y-300", "A1", "purple", 50);
    assert_int_equal(csm_analyse_safety(rows, areas, &o, &pol, &out, &st, &err),
                     CSM_EDATA);
    assert_string_equal(err.msg, "layer 'safety', field 'rating', row 31: "
                                 "the rating must be red, amber or green");
    assert_null(out);
    csm_layer_free(rows);

    rows = survey();
    add_row(rows, NULL, "A1", "red", 50);
    assert_int_equal(csm_analyse_safety(rows, areas, &o, &pol, &out, &st, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "field 'respondent_id', row 31: no "
                                    "respondent id"));
    csm_layer_free(rows);

    rows = survey();
    free(areas->feat[2].val[0]);
    areas->feat[2].val[0] = strdup("A1"); /* two areas called A1 */
    assert_int_equal(csm_analyse_safety(rows, areas, &o, &pol, &out, &st, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "layer 'areas', field 'id', row 3"));
    csm_layer_free(rows);
    csm_layer_free(areas);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(under_ten_respondents_shows_nothing),
        cmocka_unit_test(counts_one_to_four_hide_the_next_lowest_too),
        cmocka_unit_test(majority_means_over_half),
        cmocka_unit_test(a_stricter_policy_raises_the_minimums),
        cmocka_unit_test(ratings_read_in_any_case),
        cmocka_unit_test(ratings_aggregate_by_area_id),
        cmocka_unit_test(ratings_aggregate_by_point),
        cmocka_unit_test(bad_rows_are_errors_without_values),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
