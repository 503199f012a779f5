/* test_when.c - time filters (analyse/when.c): months from/to, time-of-day
 * bands (night crosses midnight), days of the week from a day field or a
 * full date, "weekend", rows lacking what the filter needs, and errors
 * that name the row but never the value. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { DATE, TIME, DAY, NF };

/* Rows of (date, time, day); NULL: empty. */
static csm_layer *rows(const char *const (*v)[NF], size_t n)
{
    static const char *const fields[NF] = {"date", "time_band", "weekday"};
    csm_error err = {0, ""};
    csm_layer *l = csm_layer_new("concerns", fields, NF);
    csm_xy p = {0, 0};
    size_t i, k;

    assert_non_null(l);
    for (i = 0; i < n; i++) {
        csm_feature f;
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, &err), 0);
        f.val = calloc(NF, sizeof *f.val);
        for (k = 0; k < NF; k++)
            f.val[k] = v[i][k] ? strdup(v[i][k]) : NULL;
        f.row = (long)i + 2; /* as a CSV's data rows are numbered */
        assert_int_equal(csm_layer_add(l, &f, &err), 0);
    }
    return l;
}

static const csm_when_fields all = {DATE, TIME, DAY};

/* Which of the n rows survive, as a string of their row numbers. */
static void kept(const csm_layer *l, char *buf, size_t n)
{
    size_t i, o = 0;

    buf[0] = '\0';
    for (i = 0; i < l->n; i++)
        o += (size_t)snprintf(buf + o, n - o, "%s%ld", i ? " " : "",
                              l->feat[i].row);
}

static int month(int y, int m)
{
    return y * 12 + m - 1;
}

static void bands_have_their_edges(void **state)
{
    static const struct {
        int h, m;
        csm_band b;
    } t[] = {{0, 0, CSM_BAND_NIGHT},         {5, 59, CSM_BAND_NIGHT},
             {6, 0, CSM_BAND_MORNING},       {8, 29, CSM_BAND_MORNING},
             {8, 30, CSM_BAND_SCHOOL_DAY},   {14, 59, CSM_BAND_SCHOOL_DAY},
             {15, 0, CSM_BAND_AFTER_SCHOOL}, {17, 59, CSM_BAND_AFTER_SCHOOL},
             {18, 0, CSM_BAND_EVENING},      {21, 59, CSM_BAND_EVENING},
             {22, 0, CSM_BAND_NIGHT},        {23, 59, CSM_BAND_NIGHT}};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof t / sizeof *t; i++)
        assert_int_equal(csm_analyse_band_of(t[i].h * 60 + t[i].m), t[i].b);
    assert_int_equal(csm_analyse_band_parse("After-School"),
                     CSM_BAND_AFTER_SCHOOL);
    assert_int_equal(csm_analyse_band_parse("school_day"), CSM_BAND_SCHOOL_DAY);
    assert_int_equal(csm_analyse_band_parse(" NIGHT "), CSM_BAND_NIGHT);
    assert_int_equal(csm_analyse_band_parse("lunchtime"), -1);
    assert_string_equal(csm_analyse_band_name(CSM_BAND_WEEKEND), "weekend");
    assert_int_equal(csm_analyse_day_parse("Mon"), 0);
    assert_int_equal(csm_analyse_day_parse("thurs"), 3);
    assert_int_equal(csm_analyse_day_parse("SUNDAY"), 6);
    assert_int_equal(csm_analyse_day_parse("7"), 6);
    assert_int_equal(csm_analyse_day_parse("mo"), -1);
    assert_int_equal(csm_analyse_day_parse("8"), -1);
}

static void months_from_to_are_inclusive(void **state)
{
    static const char *const v[][NF] = {
        {"2026-05", NULL, NULL},          {"2026-06-01", NULL, NULL},
        {"2026-11-30T23:10", NULL, NULL}, {"2026-12", NULL, NULL},
        {NULL, "evening", NULL},          {"15/07/2026", NULL, NULL},
        {"2026/08/02", NULL, NULL}};
    csm_layer *l = rows(v, 7);
    csm_when w = {month(2026, 6), month(2026, 11), 0, 0};
    csm_when_stats st;
    csm_error err = {0, ""};
    char buf[64];

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    kept(l, buf, sizeof buf);
    assert_string_equal(buf, "3 4 7 8");
    assert_int_equal(st.rows, 7);
    assert_int_equal(st.kept, 4);
    assert_int_equal(st.unknown, 1); /* no date: cannot be placed */
    csm_layer_free(l);
}

static void night_crosses_midnight(void **state)
{
    static const char *const v[][NF] = {{NULL, "23:30", NULL},
                                        {NULL, "01:15", NULL},
                                        {NULL, "21:59", NULL},
                                        {NULL, "night", NULL},
                                        {NULL, "06:00", NULL},
                                        {NULL, "5:59", NULL},
                                        {"2026-06-03T22:45:00", NULL, NULL},
                                        {NULL, "22:00:00", NULL}};
    csm_layer *l = rows(v, 8);
    csm_when w = {0, 0, 1u << CSM_BAND_NIGHT, 0};
    csm_when_stats st;
    csm_error err = {0, ""};
    char buf[64];

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    kept(l, buf, sizeof buf);
    assert_string_equal(buf, "2 3 5 7 8 9");
    assert_int_equal(st.unknown, 0);
    csm_layer_free(l);
}

static void several_bands_and_unknown_times(void **state)
{
    static const char *const v[][NF] = {
        {NULL, "after school", NULL}, {NULL, "16:05", NULL},
        {NULL, "evening", NULL},      {NULL, "school day", NULL},
        {NULL, NULL, NULL},           {NULL, "weekend", NULL}};
    csm_layer *l = rows(v, 6);
    csm_when w = {0, 0, 1u << CSM_BAND_AFTER_SCHOOL | 1u << CSM_BAND_EVENING,
                  0};
    csm_when_stats st;
    csm_error err = {0, ""};
    char buf[64];

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    kept(l, buf, sizeof buf);
    assert_string_equal(buf, "2 3 4");
    assert_int_equal(st.unknown, 1);
    csm_layer_free(l);
}

static void days_from_a_field_or_a_date(void **state)
{
    static const char *const v[][NF] = {
        {NULL, NULL, "Saturday"},   {NULL, NULL, "sun"},
        {"2026-06-13", NULL, NULL},   /* a Saturday */
        {"2026-06-15", NULL, NULL},   /* a Monday */
        {NULL, "weekend", NULL},      /* one of the two */
        {"2026-06", NULL, NULL},      /* no day in a month */
        {"13/06/2026", NULL, "Mon"}}; /* the day field wins */
    csm_layer *l = rows(v, 7);
    csm_when w = {0, 0, 0, 1u << 5 | 1u << 6};
    csm_when_stats st;
    csm_error err = {0, ""};
    char buf[64];

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    kept(l, buf, sizeof buf);
    assert_string_equal(buf, "2 3 4 6");
    assert_int_equal(st.unknown, 1);
    csm_layer_free(l);

    /* Saturdays only: a "weekend" row may be a Sunday, so it is unknown */
    l = rows(v, 7);
    w.days = 1u << 5;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    kept(l, buf, sizeof buf);
    assert_string_equal(buf, "2 4");
    assert_int_equal(st.unknown, 2);
    csm_layer_free(l);
}

static void weekend_band_matches_weekend_days(void **state)
{
    static const char *const v[][NF] = {{NULL, "weekend", NULL},
                                        {NULL, "evening", "sat"},
                                        {"2026-06-14", "evening", NULL},
                                        {"2026-06-16", "evening", NULL},
                                        {NULL, "evening", NULL}};
    csm_layer *l = rows(v, 5);
    csm_when w = {0, 0, 1u << CSM_BAND_WEEKEND, 0};
    csm_when_stats st;
    csm_error err = {0, ""};
    char buf[64];

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    kept(l, buf, sizeof buf);
    assert_string_equal(buf, "2 3 4");
    assert_int_equal(st.unknown, 1); /* an evening, maybe at a weekend */
    csm_layer_free(l);
}

static void bad_values_name_the_row_not_the_value(void **state)
{
    static const char *const v[][NF] = {{"2026-06", "evening", "mon"},
                                        {"2026-06", "25:00", "mon"}};
    static const char *const d[][NF] = {{"2026-06", NULL, "Jordan"}};
    static const char *const t[][NF] = {{"31/02/2026", NULL, NULL}};
    csm_layer *l = rows(v, 2);
    csm_when w = {0, 0, 1u << CSM_BAND_EVENING, 0};
    csm_when_stats st;
    csm_error err = {0, ""};

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), CSM_EDATA);
    assert_string_equal(err.msg,
                        "layer 'concerns', field 'time_band', row 3: not a "
                        "time band (school day, after school, evening, "
                        "night, morning, weekend) or HH:MM");
    assert_int_equal(l->n, 2); /* unchanged */
    csm_layer_free(l);

    l = rows(d, 1);
    w.bands = 0;
    w.days = 1;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), CSM_EDATA);
    assert_null(strstr(err.msg, "Jordan"));
    assert_non_null(strstr(err.msg, "field 'weekday', row 2"));
    csm_layer_free(l);

    l = rows(t, 1);
    w.days = 0;
    w.from_month = month(2026, 1);
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), CSM_EDATA);
    assert_non_null(strstr(err.msg, "field 'date', row 2: not a date"));
    assert_null(strstr(err.msg, "31/02"));
    csm_layer_free(l);
}

static void an_empty_filter_keeps_everything(void **state)
{
    static const char *const v[][NF] = {{"garbage", "garbage", "garbage"}};
    csm_layer *l = rows(v, 1);
    csm_when w = {0, 0, 0, 0};
    csm_when_stats st;
    csm_error err = {0, ""};
    char text[128];

    (void)state;
    assert_int_equal(csm_analyse_when(l, &w, &all, &st, &err), 0);
    assert_int_equal(l->n, 1);
    assert_int_equal(csm_analyse_when_text(&w, text, sizeof text), 0);
    assert_string_equal(text, "");
    csm_layer_free(l);
}

static void the_filter_reads_as_text(void **state)
{
    csm_when w = {month(2026, 6), month(2026, 11),
                  1u << CSM_BAND_AFTER_SCHOOL | 1u << CSM_BAND_EVENING,
                  1u << 5 | 1u << 6};
    char text[128];

    (void)state;
    csm_analyse_when_text(&w, text, sizeof text);
    assert_string_equal(text, "Jun 2026 to Nov 2026; after school, evening; "
                              "Sat, Sun");
    w.to_month = 0;
    w.bands = 0;
    csm_analyse_when_text(&w, text, sizeof text);
    assert_string_equal(text, "from Jun 2026; Sat, Sun");
    w.from_month = 0;
    w.to_month = month(2026, 3);
    w.days = 0;
    csm_analyse_when_text(&w, text, sizeof text);
    assert_string_equal(text, "until Mar 2026");
}

/* ---- the spec keys (spec/when.c, spec/safety.c) ------------------------ */

/* Load a spec of one layer with the given extra lines; NULL 'want': it
 * loads; else it fails with a message ending in 'want'. */
static void spec_case(const char *extra, const char *want, csm_when *got)
{
    char dir[] = "/tmp/csm-when-XXXXXX", path[64], text[1024];
    csm_error err = {0, ""};
    csm_spec *s = NULL;
    FILE *fp;
    int rc;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/spec.yaml", dir);
    snprintf(text, sizeof text,
             "title: t\nlayers:\n  - name: c\n    source: c.csv\n"
             "    kind: concern\n%s",
             extra);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    rc = csm_spec_load(path, &s, &err);
    unlink(path);
    rmdir(dir);
    if (!want) {
        if (rc)
            fail_msg("%s", err.msg);
        if (got)
            *got = s->layer[0].when;
        csm_spec_free(s);
        return;
    }
    assert_int_equal(rc, CSM_EDATA);
    assert_null(s);
    if (strlen(err.msg) < strlen(want) ||
        strcmp(err.msg + strlen(err.msg) - strlen(want), want))
        fail_msg("got '%s', wanted '...%s'", err.msg, want);
}

static void spec_reads_when_and_checks_it(void **state)
{
    csm_when w;

    (void)state;
    spec_case("    date: d\n    time: t\n    day: w\n    when: {from: "
              "2026-06, to: 2026-11, time: [After School, evening], days: "
              "[sat, sun]}\n",
              NULL, &w);
    assert_int_equal(w.from_month, month(2026, 6));
    assert_int_equal(w.to_month, month(2026, 11));
    assert_int_equal(w.bands,
                     1u << CSM_BAND_AFTER_SCHOOL | 1u << CSM_BAND_EVENING);
    assert_int_equal(w.days, 1u << 5 | 1u << 6);
    spec_case("    day: w\n    when: {days: weekdays}\n", NULL, &w);
    assert_int_equal(w.days, 0x1fu);
    spec_case("    time: t\n    when: {time: [evenin]}\n",
              "7:19: unknown time band 'evenin' in 'time' in when in layer "
              "'c' (did you mean 'evening'?)",
              NULL);
    spec_case("    date: d\n    when: {from: 2026-13}\n",
              "7:18: 'from' in when in layer 'c' must be a month, YYYY-MM "
              "(e.g. 2026-06)",
              NULL);
    spec_case("    date: d\n    when: {from: 2026-11, to: 2026-06}\n",
              "'to' in when in layer 'c' is before 'from'", NULL);
    spec_case("    when: {from: 2026-06}\n",
              "'when' in layer 'c' filters by month: name the layer's date "
              "field with date:",
              NULL);
    spec_case("    when: {days: [sat]}\n",
              "'when' in layer 'c' filters by day: name the layer's day "
              "field with day: (or a full date with date:)",
              NULL);
    spec_case("    when: {hours: [sat]}\n",
              "unknown key 'hours' in when in layer 'c'", NULL);
}

static void spec_safety_keys_belong_to_safety_maps(void **state)
{
    (void)state;
    spec_case("    rating: r\n",
              "6:5: 'rating' in layer 'c' belongs to kind safety-map", NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bands_have_their_edges),
        cmocka_unit_test(months_from_to_are_inclusive),
        cmocka_unit_test(night_crosses_midnight),
        cmocka_unit_test(several_bands_and_unknown_times),
        cmocka_unit_test(days_from_a_field_or_a_date),
        cmocka_unit_test(weekend_band_matches_weekend_days),
        cmocka_unit_test(bad_values_name_the_row_not_the_value),
        cmocka_unit_test(an_empty_filter_keeps_everything),
        cmocka_unit_test(the_filter_reads_as_text),
        cmocka_unit_test(spec_reads_when_and_checks_it),
        cmocka_unit_test(spec_safety_keys_belong_to_safety_maps),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
