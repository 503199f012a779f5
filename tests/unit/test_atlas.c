/* test_atlas.c - the library parts of csmap atlas that are not counting:
 * a page as bytes and back (model/pagefile.c), the profile page, cover
 * and index (compose/profile.c, panel.c, chart.c, front.c) with a fake
 * measuring function, and several pages as one PDF (render/doc.c). */
#include "check.h"
#include "csmap.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static size_t count_text(const csm_page *p, const char *text)
{
    size_t i, n = 0;

    for (i = 0; i < p->n; i++)
        n += p->item[i].type == CSM_ITEM_TEXT && p->item[i].text &&
             strstr(p->item[i].text, text) != NULL;
    return n;
}

/* ---- a page as bytes ----------------------------------------------------- */

static csm_page *sample_page(void)
{
    csm_page *p = csm_page_new(210.0, 297.0);
    csm_xy ring[4] = {{1.5, 2.25}, {30, 2}, {15, 40.125}, {1.5, 2.25}};
    csm_item it;

    assert_non_null(p);
    p->font = strdup("DejaVu Sans");
    p->title = strdup("A title");
    p->date = NULL; /* absent and empty must stay apart */
    p->scale = 12345.678;
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym.fill = (csm_rgba){0.1, 0.2, 0.3, 0.4};
    it.sym.hatch = CSM_HATCH_CROSS;
    csm_geom_init(&it.geom, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&it.geom, ring, 4, NULL), 0);
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    csm_geom_release(&it.geom);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = (char *)CSM_PAGE_TOKEN;
    it.at = (csm_xy){5, 6};
    it.size_pt = 8.5;
    it.align = CSM_ALIGN_RIGHT;
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    it.text = (char *)"";
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_CLIP;
    it.box = (csm_box){1, 2, 3, 4};
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    memset(&it, 0, sizeof it); /* a hotspot surface: its pixels travel too */
    it.type = CSM_ITEM_RASTER;
    it.box = (csm_box){10, 10, 30, 20};
    it.img_w = 2;
    it.img_h = 1;
    it.rgba = (unsigned char *)"\x10\x20\x30\xff\x00\x00\x00\x00";
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    return p;
}

static void pages_survive_bytes_exactly(void **state)
{
    csm_page *p = sample_page(), *q = NULL;
    csm_buf a, b;
    size_t i;

    (void)state;
    csm_buf_init(&a);
    csm_buf_init(&b);
    assert_int_equal(csm_page_encode(p, &a, NULL), 0);
    assert_int_equal(csm_page_decode(a.data, a.len, &q, NULL), 0);
    assert_int_equal(q->n, p->n);
    assert_string_equal(q->title, "A title");
    assert_null(q->date);
    assert_near(q->scale, 12345.678, 0);
    assert_int_equal(q->item[0].geom.npt, 4);
    assert_near(q->item[0].geom.pt[2].y, 40.125, 0);
    assert_near(q->item[0].sym.fill.b, 0.3, 0);
    assert_int_equal(q->item[0].sym.hatch, CSM_HATCH_CROSS);
    assert_string_equal(q->item[1].text, CSM_PAGE_TOKEN);
    assert_string_equal(q->item[2].text, "");
    assert_null(q->item[3].text);
    assert_near(q->item[3].box.maxy, 4.0, 0);
    assert_null(q->item[3].rgba);
    assert_int_equal(q->item[4].img_w, 2);
    assert_memory_equal(q->item[4].rgba, "\x10\x20\x30\xff\0\0\0\0", 8);
    /* and again: the same bytes */
    assert_int_equal(csm_page_encode(q, &b, NULL), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.data, b.data, a.len);
    /* a damaged or cut copy is refused, never misread */
    csm_page_free(q);
    q = NULL;
    for (i = 0; i < a.len; i += 7) {
        csm_error err = {0, ""};
        assert_int_equal(csm_page_decode(a.data, i, &q, &err), CSM_EDATA);
        assert_null(q);
    }
    a.data[0] ^= 1;
    assert_int_equal(csm_page_decode(a.data, a.len, &q, NULL), CSM_EDATA);
    csm_buf_release(&a);
    csm_buf_release(&b);
    csm_page_free(p);
}

static void the_page_token_is_filled(void **state)
{
    csm_page *p = sample_page();

    (void)state;
    assert_int_equal(csm_page_fill(p, CSM_PAGE_TOKEN, "Page 3 of 9", NULL), 0);
    assert_string_equal(p->item[1].text, "Page 3 of 9");
    assert_string_equal(p->item[2].text, "");
    assert_int_equal(count_text(p, CSM_PAGE_TOKEN), 0);
    csm_page_free(p);
}

/* ---- the profile page ---------------------------------------------------- */

typedef struct fixture {
    csm_style style;
    csm_spec spec;
    csm_layer_spec ls[2];
    csm_layer *layer[2];
    csm_layer *pts;
    csm_profiles *prof;
} fixture;

static void add_square(csm_layer *l, double x, double y, double s,
                       const char *name)
{
    csm_xy r[5] = {{x, y}, {x + s, y}, {x + s, y + s}, {x, y + s}, {x, y}};
    csm_feature f;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&f.geom, r, 5, NULL), 0);
    f.val = calloc(1, sizeof *f.val);
    f.val[0] = strdup(name);
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

static void add_incident(csm_layer *l, double x, double y, int subj,
                         const char *cat, const char *month)
{
    csm_feature f;
    csm_xy p = {x, y};
    char s[16];

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
    f.val = calloc(3, sizeof *f.val);
    snprintf(s, sizeof s, "S-%05d", subj);
    f.val[0] = strdup(s);
    f.val[1] = strdup(cat);
    f.val[2] = strdup(month);
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

static void make_fixture(fixture *fx)
{
    const char *af[] = {"name"}, *pf[] = {"subject", "harm", "month"};
    csm_profile_opts o = {0, 1, 2, -1, NULL, 0, NULL, 0, 0};
    csm_policy pol;
    int i;

    memset(fx, 0, sizeof *fx);
    fx->style.font = (char *)"DejaVu Sans";
    fx->style.kind[CSM_KIND_AREA].sym.stroke = (csm_rgba){0, 0, 0, 1};
    fx->style.kind[CSM_KIND_AREA].sym.stroke_mm = 0.3;
    fx->spec.title = (char *)"Northbridge profiles";
    fx->spec.marking = (char *)"OFFICIAL-SENSITIVE";
    fx->spec.statement = (char *)"Counts under 8 suppressed";
    fx->spec.crs = (char *)"EPSG:27700";
    fx->spec.page_size = CSM_PAGE_A4;
    fx->spec.margin_mm = 10.0;
    fx->spec.nlayer = 1;
    fx->spec.layer = fx->ls;
    fx->ls[0].name = (char *)"areas";
    fx->ls[0].kind = CSM_KIND_AREA;
    fx->ls[0].label = (char *)"name";
    fx->layer[0] = csm_layer_new("areas", af, 1);
    add_square(fx->layer[0], 400000, 390000, 1000, "Mill Lane");
    add_square(fx->layer[0], 401000, 390000, 1000, "Kiln Green");
    fx->pts = csm_layer_new("concerns", pf, 3);
    for (i = 0; i < 13; i++)
        add_incident(fx->pts, 400500, 390500, i, "CCE",
                     i % 2 ? "2026-01" : "2026-02");
    for (i = 20; i < 23; i++)
        add_incident(fx->pts, 401500, 390500, i, "CSE", "2026-02");
    csm_policy_defaults(&pol);
    assert_int_equal(csm_anonymise_profiles(fx->pts, fx->layer[0], &o, &pol,
                                            &fx->prof, NULL),
                     0);
}

static void free_fixture(fixture *fx)
{
    csm_layer_free(fx->layer[0]);
    csm_layer_free(fx->pts);
    csm_profiles_free(fx->prof);
}

static void fill(fixture *fx, size_t k, csm_profile_page *pp)
{
    memset(pp, 0, sizeof *pp);
    pp->name = fx->layer[0]->feat[k].val[0];
    pp->subtitle = "Northbridge profiles";
    pp->area = &fx->layer[0]->feat[k].geom;
    pp->prof = fx->prof;
    pp->index = k;
    pp->whole_name = "All areas";
    pp->schools = pp->hubs = -1;
    pp->population = 1000.0;
    pp->whole_population = 2500.0;
    pp->min_count = 8;
    pp->round_base = 5;
    pp->period = "January 2026 to February 2026";
}

/* Every whole number printed is 0, or a multiple of 5 of at least 10. */
static void only_shown_numbers(const csm_page *p)
{
    size_t i;

    for (i = 0; i < p->n; i++) {
        const char *t = p->item[i].text, *c;
        long v;
        if (p->item[i].type != CSM_ITEM_TEXT || !t || !*t)
            continue;
        for (c = t; *c && (isdigit((unsigned char)*c) || *c == ','); c++)
            ;
        if (*c)
            continue; /* not a bare count */
        v = atol(t);
        if (v != 0 && !(v >= 10 && v % 5 == 0))
            fail_msg("the page prints %s", t);
    }
}

static void profile_pages_print_only_shown_figures(void **state)
{
    fixture fx;
    csm_profile_page pp;
    csm_page *page = NULL;
    csm_error err = {0, ""};
    size_t k;

    (void)state;
    make_fixture(&fx);
    for (k = 0; k < 2; k++) {
        fill(&fx, k, &pp);
        assert_int_equal(csm_compose_profile(&fx.spec, &fx.style, fx.layer, &pp,
                                             "2026-11-20", fake_measure, &page,
                                             &err),
                         0);
        only_shown_numbers(page);
        assert_int_equal(count_text(page, "OFFICIAL-SENSITIVE"), 2);
        assert_int_equal(count_text(page, CSM_PAGE_TOKEN), 1);
        assert_int_equal(count_text(page, pp.name), 1 + 1); /* title, label */
        assert_true(count_text(page, "Counts under 8 suppressed") >= 1);
        assert_int_equal(count_text(page, "S-0"), 0);
        assert_true(count_text(page, "Hatched: not shown") == 1);
        csm_page_free(page);
        page = NULL;
    }
    /* Kiln Green: 3 children, hidden everywhere: no number but zeros */
    assert_int_equal(fx.prof->area[1].children, -1);
    free_fixture(&fx);
}

static void profile_refuses_an_area_that_is_not_a_polygon(void **state)
{
    fixture fx;
    csm_profile_page pp;
    csm_page *page = NULL;
    csm_geom line;
    csm_xy l[2] = {{400000, 390000}, {401000, 391000}};
    csm_error err = {0, ""};

    (void)state;
    make_fixture(&fx);
    fill(&fx, 0, &pp);
    csm_geom_init(&line, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&line, l, 2, NULL), 0);
    pp.area = &line;
    assert_int_equal(csm_compose_profile(&fx.spec, &fx.style, fx.layer, &pp,
                                         NULL, fake_measure, &page, &err),
                     CSM_EDATA);
    assert_null(page);
    assert_non_null(strstr(err.msg, "Mill Lane"));
    csm_geom_release(&line);
    free_fixture(&fx);
}

/* ---- cover and index ------------------------------------------------------
 */

static void cover_and_index_carry_what_every_page_must(void **state)
{
    const char *src[] = {"Northbridge demo data"};
    const char *cav[] = {"First caveat.", "Second caveat."};
    csm_index_row rows[3] = {{"Ashgrove", 3, 10, 25, "4.5"},
                             {"Bridgefoot", 0, -1, -1, NULL},
                             {"Canal Basin", 4, -1, -1, "*"}};
    csm_front f;
    csm_page *page = NULL;
    size_t per;

    (void)state;
    memset(&f, 0, sizeof f);
    f.title = "Northbridge area profiles";
    f.marking = "OFFICIAL-SENSITIVE";
    f.date = "2026-11-20";
    f.review = "2027-05-20";
    f.statement = "Counts of distinct children under 8 suppressed";
    f.sources = src;
    f.nsources = 1;
    f.caveats = cav;
    f.ncaveats = 2;
    f.rate_heading = "Per 1,000";
    assert_int_equal(csm_compose_cover(&f, fake_measure, &page, NULL), 0);
    assert_int_equal(count_text(page, "OFFICIAL-SENSITIVE"), 2);
    assert_true(count_text(page, f.statement) >= 1);
    assert_int_equal(count_text(page, "2027-05-20"), 1);
    assert_int_equal(count_text(page, "Second caveat."), 1);
    assert_int_equal(count_text(page, "2."), 1);
    assert_int_equal(count_text(page, CSM_PAGE_TOKEN), 1);
    csm_page_free(page);
    per = csm_compose_index_rows(&f, fake_measure);
    assert_true(per >= 30);
    assert_int_equal(csm_compose_index(&f, rows, 3, fake_measure, &page, NULL),
                     0);
    assert_int_equal(count_text(page, "OFFICIAL-SENSITIVE"), 2);
    assert_int_equal(count_text(page, "not produced"), 1);
    assert_int_equal(count_text(page, "Canal Basin"), 1);
    assert_int_equal(count_text(page, "25"), 1);
    csm_page_free(page);
}

/* ---- one PDF --------------------------------------------------------------
 */

static int has(const csm_buf *b, const char *s)
{
    size_t n = strlen(s), i;

    for (i = 0; i + n <= b->len; i++)
        if (!memcmp(b->data + i, s, n))
            return 1;
    return 0;
}

static void pages_become_one_pdf(void **state)
{
    csm_page *p = sample_page(), *q = sample_page();
    const csm_page *two[2];
    csm_buf out;
    csm_error err = {0, ""};

    (void)state;
    q->width_mm = 297.0; /* pages may differ in size */
    q->height_mm = 210.0;
    two[0] = p;
    two[1] = q;
    assert_int_equal(csm_render_pages(two, 2, CSM_FORMAT_PDF, 0, &out, &err),
                     0);
    assert_true(out.len > 100);
    assert_memory_equal(out.data, "%PDF", 4);
    assert_true(has(&out, "/Count 2"));
    csm_buf_release(&out);
    assert_int_equal(csm_render_pages(two, 2, CSM_FORMAT_PNG, 72, &out, &err),
                     CSM_EUSAGE);
    csm_page_free(p);
    csm_page_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pages_survive_bytes_exactly),
        cmocka_unit_test(the_page_token_is_filled),
        cmocka_unit_test(profile_pages_print_only_shown_figures),
        cmocka_unit_test(profile_refuses_an_area_that_is_not_a_polygon),
        cmocka_unit_test(cover_and_index_carry_what_every_page_must),
        cmocka_unit_test(pages_become_one_pdf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
