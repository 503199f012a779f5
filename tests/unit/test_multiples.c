/* test_multiples.c - period comparison and small multiples: periods as
 * written (spec/compare.c: equal lengths, no overlap, messages naming both
 * periods), the compare: and panels: keys, and a page of small multiples
 * (compose/multiples.c, change.c) built in C with a fake measure: every
 * map at one size, one legend, the table's hidden cells hatched. */
#include "check.h"
#include "csmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int month(int y, int m)
{
    return y * 12 + m - 1;
}

static void periods_parse_and_print(void **state)
{
    csm_compare_spec c;
    csm_error err = {0, ""};
    char buf[64];

    (void)state;
    memset(&c, 0, sizeof c);
    assert_int_equal(
        csm_compare_parse("2026-01..2026-03, 2026-04..2026-06", &c, &err), 0);
    assert_int_equal(c.nperiod, 2);
    assert_int_equal(c.period[0].from_month, month(2026, 1));
    assert_int_equal(c.period[1].to_month, month(2026, 6));
    csm_period_text(&c.period[1], 0, buf, sizeof buf);
    assert_string_equal(buf, "2026-04..2026-06");
    csm_period_text(&c.period[0], 1, buf, sizeof buf);
    assert_string_equal(buf, "Jan 2026 to Mar 2026");
    assert_int_equal(csm_compare_parse("2025-12,2026-01,2026-02", &c, &err), 0);
    assert_int_equal(c.nperiod, 3);
    csm_period_text(&c.period[0], 1, buf, sizeof buf);
    assert_string_equal(buf, "Dec 2025");
}

static void periods_refused(void **state)
{
    csm_compare_spec c;
    csm_error err = {0, ""};

    (void)state;
    memset(&c, 0, sizeof c);
    assert_int_equal(
        csm_compare_parse("2026-01..2026-03,2026-04..2026-07", &c, &err),
        CSM_EUSAGE);
    assert_string_equal(err.msg, "compare: periods differ in length: "
                                 "2026-01..2026-03 is 3 months, "
                                 "2026-04..2026-07 is 4 months");
    assert_null(strchr(err.msg, '\n'));
    assert_int_equal(
        csm_compare_parse("2026-01..2026-03,2026-03..2026-05", &c, &err),
        CSM_EUSAGE);
    assert_non_null(strstr(err.msg, "overlap"));
    assert_int_equal(csm_compare_parse("2026-01..2026-03", &c, &err),
                     CSM_EUSAGE);
    assert_non_null(strstr(err.msg, "at least two"));
    assert_int_equal(csm_compare_parse("2026-03..2026-01,2026-05", &c, &err),
                     CSM_EUSAGE);
    assert_non_null(strstr(err.msg, "ends before it starts"));
    assert_int_equal(csm_compare_parse("Q1,Q2", &c, &err), CSM_EUSAGE);
    assert_non_null(strstr(err.msg, "is not a period"));
    assert_int_equal(
        csm_compare_parse("2026-01,2026-02,2026-03,2026-04,2026-05,2026-06,"
                          "2026-07",
                          &c, &err),
        CSM_EUSAGE);
    assert_non_null(strstr(err.msg, "at most"));
}

/* Load a spec of one dated concern layer plus 'extra'; the error or "". */
static int spec_case(const char *extra, csm_spec **out, char *msg, size_t n)
{
    char dir[] = "/tmp/csm-multi-XXXXXX", path[64], text[1024];
    csm_error err = {0, ""};
    FILE *fp;
    int rc;

    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/spec.yaml", dir);
    snprintf(text, sizeof text,
             "title: t\nlayers:\n  - name: c\n    source: c.csv\n"
             "    kind: concern\n    date: month\n    time: band\n%s",
             extra);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    rc = csm_spec_load(path, out, &err);
    unlink(path);
    rmdir(dir);
    snprintf(msg, n, "%s", err.msg);
    return rc;
}

static void spec_keys(void **state)
{
    csm_spec *s = NULL;
    char msg[256];

    (void)state;
    assert_int_equal(spec_case("compare:\n  periods: [2026-01..2026-03, "
                               "2026-04..2026-06]\n  layer: c\n",
                               &s, msg, sizeof msg),
                     0);
    assert_int_equal(s->compare.nperiod, 2);
    assert_string_equal(s->compare.layer, "c");
    assert_int_equal(s->panels, CSM_PANELS_NONE);
    csm_spec_free(s);
    assert_int_equal(spec_case("panels: time-of-day\n", &s, msg, sizeof msg),
                     0);
    assert_int_equal(s->panels, CSM_PANELS_TIME_OF_DAY);
    csm_spec_free(s);
    assert_int_not_equal(spec_case("compare:\n  periods: [2026-01..2026-03, "
                                   "2026-04..2026-07]\n",
                                   &s, msg, sizeof msg),
                         0);
    assert_null(s);
    assert_non_null(strstr(msg, "spec.yaml:9:13:"));
    assert_non_null(strstr(msg, "2026-04..2026-07 is 4 months"));
    assert_int_not_equal(spec_case("compare: {periods: [2026-01, 2026-02], "
                                   "layer: d}\n",
                                   &s, msg, sizeof msg),
                         0);
    assert_non_null(strstr(msg, "layer 'd' is not a layer of the spec"));
    assert_int_not_equal(spec_case("panels: time-of-day\ncompare: {periods: "
                                   "[2026-01, 2026-02]}\n",
                                   &s, msg, sizeof msg),
                         0);
    assert_non_null(strstr(msg, "cannot both be given"));
    assert_int_not_equal(spec_case("panels: by-month\n", &s, msg, sizeof msg),
                         0);
    assert_non_null(strstr(msg, "time-of-day"));
    assert_int_not_equal(spec_case("compare: {period: [2026-01, 2026-02]}\n",
                                   &s, msg, sizeof msg),
                         0);
    assert_non_null(strstr(msg, "did you mean 'periods'"));
}

/* ---- a page of small multiples ---------------------------------------- */

static void fake_measure(const char *text, double size_pt, int bold,
                         double width_mm, double *w_mm, double *h_mm)
{
    double w = 0.5 * size_pt * (double)strlen(text) * 0.35;
    double line = size_pt * 0.35 * 1.2, lines = 1.0;

    (void)bold;
    if (width_mm > 0.0 && w > width_mm) {
        lines = ceil(w / width_mm);
        w = width_mm;
    }
    *w_mm = w;
    *h_mm = line * lines;
}

static csm_layer *square_layer(const char *name, double x0)
{
    const char *fields[] = {"name"};
    csm_layer *l = csm_layer_new(name, fields, 1);
    csm_xy ring[5] = {
        {x0, 0}, {x0 + 1000, 0}, {x0 + 1000, 1000}, {x0, 1000}, {x0, 0}};
    csm_feature f;

    assert_non_null(l);
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&f.geom, ring, 5, NULL), 0);
    f.val = calloc(1, sizeof *f.val);
    f.val[0] = csm_strdup("Ashgrove");
    f.row = 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    return l;
}

static size_t count_text(const csm_page *p, const char *t)
{
    size_t i, n = 0;

    for (i = 0; i < p->n; i++)
        n += p->item[i].type == CSM_ITEM_TEXT && !strcmp(p->item[i].text, t);
    return n;
}

static void multiples_page(void **state)
{
    static const char *const head[3] = {"Area", "Jan", "Feb"};
    static const char *const cells[6] = {"Ashgrove",   "10", "\xe2\x80\x94",
                                         "Brookfield", "0",  "15"};
    csm_style style;
    csm_spec spec;
    csm_layer_spec ls;
    csm_layer *a = square_layer("areas", 0), *b = square_layer("areas", 500);
    csm_multiple mu[3];
    csm_multiples_page mp;
    csm_table t;
    csm_page *page = NULL;
    csm_error err = {0, ""};
    csm_box frame[3];
    size_t i, nf = 0, hatched = 0;

    (void)state;
    memset(&style, 0, sizeof style);
    style.font = (char *)"DejaVu Sans";
    style.kind[CSM_KIND_AREA].sym.fill = (csm_rgba){0.9, 0.9, 0.9, 1};
    style.kind[CSM_KIND_AREA].legend = (char *)"Neighbourhoods";
    memset(&spec, 0, sizeof spec);
    memset(&ls, 0, sizeof ls);
    ls.name = (char *)"areas";
    ls.kind = CSM_KIND_AREA;
    ls.label = (char *)"name";
    spec.title = (char *)"Comparison";
    spec.crs = (char *)"EPSG:27700";
    spec.page_size = CSM_PAGE_A3;
    spec.landscape = 1;
    spec.layer = &ls;
    spec.nlayer = 1;
    for (i = 0; i < 3; i++) {
        mu[i].heading = i == 0 ? "Jan 2026" : i == 1 ? "Feb 2026" : "Change";
        mu[i].spec = &spec;
        mu[i].layers = i == 1 ? &b : &a;
    }
    memset(&t, 0, sizeof t);
    t.ncol = 3;
    t.nrow = 2;
    t.head = head;
    t.cell = cells;
    t.title = "Distinct children by area";
    memset(&mp, 0, sizeof mp);
    mp.map = mu;
    mp.nmap = 3;
    mp.table = &t;
    mp.statement = "Counts protected";
    assert_int_equal(csm_compose_multiples(&spec, &style, &mp, "2026-11-20",
                                           fake_measure, &page, &err),
                     0);
    for (i = 0; i < page->n; i++)
        if (page->item[i].type == CSM_ITEM_CLIP && nf < 3)
            frame[nf++] = page->item[i].box;
    assert_int_equal(nf, 3);
    for (i = 1; i < 3; i++) { /* one size, so one scale */
        assert_near(frame[i].maxx - frame[i].minx,
                    frame[0].maxx - frame[0].minx, 1e-9);
        assert_near(frame[i].maxy - frame[i].miny,
                    frame[0].maxy - frame[0].miny, 1e-9);
        assert_false(csm_box_overlaps(&frame[i], &frame[0]));
    }
    /* both layers' extents together, the same in every frame */
    assert_true(page->extent.minx <= 0.0 && page->extent.maxx >= 1500.0);
    assert_int_equal(count_text(page, "Jan 2026"), 1);
    assert_int_equal(count_text(page, "Change"), 1);
    assert_int_equal(count_text(page, "Legend"), 1);
    assert_int_equal(count_text(page, "Neighbourhoods"), 1);
    assert_int_equal(count_text(page, "Brookfield"), 1);
    assert_int_equal(count_text(page, "Anonymisation: Counts protected"), 1);
    for (i = 0; i + 1 < page->n; i++)
        if (page->item[i].type == CSM_ITEM_PATH &&
            page->item[i].sym.hatch != CSM_HATCH_NONE &&
            page->item[i + 1].type == CSM_ITEM_TEXT &&
            !strcmp(page->item[i + 1].text, "\xe2\x80\x94"))
            hatched++;
    assert_int_equal(hatched, 1);
    csm_page_free(page);
    csm_layer_free(a);
    csm_layer_free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(periods_parse_and_print),
        cmocka_unit_test(periods_refused),
        cmocka_unit_test(spec_keys),
        cmocka_unit_test(multiples_page),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
