/* test_callouts.c - compose: callout placement over many random layouts
 * (fixed seed): callouts stay in the frame, never overlap each other, a
 * symbol or any callout's feature, and their leaders cross no other
 * callout;
 * and through csm_compose_page: a callout on a sensitive place points at
 * its area, and personal data in a callout is refused unprinted. */
#include "check.h"
#include "compose/compose.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Roughly DejaVu Sans: half an em per character, 1.2 em per line. */
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

/* A fixed-seed generator, so every run tests the same layouts. */
static unsigned long long seed = 0x5eedc0ffeeULL;

static double uniform(double lo, double hi)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * (double)(seed >> 11) / 9007199254740992.0;
}

static int overlap(const csm_box *a, const csm_box *b)
{
    return a->minx < b->maxx && b->minx < a->maxx && a->miny < b->maxy &&
           b->miny < a->maxy;
}

static int strictly_in(csm_xy p, const csm_box *b)
{
    return p.x > b->minx + 1e-6 && p.x < b->maxx - 1e-6 &&
           p.y > b->miny + 1e-6 && p.y < b->maxy - 1e-6;
}

/* The leader, sampled finely, must not enter box b. */
static int leader_enters(const compose_callout *co, const csm_box *b)
{
    double t;

    for (t = 0.0; t <= 1.0; t += 0.002) {
        csm_xy p = {co->leader[0].x + t * (co->leader[1].x - co->leader[0].x),
                    co->leader[0].y + t * (co->leader[1].y - co->leader[0].y)};
        if (strictly_in(p, b))
            return 1;
    }
    return 0;
}

#define LAYOUTS 300
#define MAXOBS 40
#define MAXCO 8

/* One random layout; 0 when its callouts found no room. */
static int one_layout(int layout)
{
    static const char text[] = "callout";
    compose_ctx c;
    compose_callout co[MAXCO];
    csm_box obs[MAXOBS + MAXCO];
    size_t nobs = (size_t)uniform(10, MAXOBS), nco = (size_t)uniform(1, MAXCO);
    int symbols = layout % 2; /* targets are symbols in the index, or areas */
    size_t i, j;

    memset(&c, 0, sizeof c);
    c.frame = (csm_box){10, 20, 230, 170};
    assert_int_equal(compose_index_init(&c.ix, &c.frame, 5.0, NULL), CSM_OK);
    for (i = 0; i < nobs; i++) {
        double x = uniform(c.frame.minx, c.frame.maxx - 4);
        double y = uniform(c.frame.miny, c.frame.maxy - 4);
        double s = uniform(2, 4);
        obs[i] = (csm_box){x, y, x + s, y + s};
        assert_int_equal(compose_index_add(&c.ix, &obs[i], NULL), CSM_OK);
    }
    memset(co, 0, sizeof co);
    for (i = 0; i < nco; i++) {
        double k = uniform(1.5, 3.0);
        co[i].text = text;
        co[i].target = (csm_xy){uniform(c.frame.minx + 5, c.frame.maxx - 5),
                                uniform(c.frame.miny + 5, c.frame.maxy - 5)};
        co[i].keep = (csm_box){co[i].target.x - k, co[i].target.y - k,
                               co[i].target.x + k, co[i].target.y + k};
        co[i].w = uniform(15, 45);
        co[i].h = uniform(6, 16);
        if (symbols) {
            obs[nobs++] = co[i].keep;
            assert_int_equal(compose_index_add(&c.ix, &co[i].keep, NULL),
                             CSM_OK);
        }
    }
    if (compose_callouts_place(&c, co, nco, NULL, NULL) != CSM_OK) {
        compose_index_release(&c.ix);
        return 0; /* a crowded corner: refused with a message, not drawn */
    }
    for (i = 0; i < nco; i++) {
        const csm_box *b = &co[i].box;
        assert_near(b->maxx - b->minx, co[i].w, 1e-9);
        assert_near(b->maxy - b->miny, co[i].h, 1e-9);
        if (b->minx < c.frame.minx || b->maxx > c.frame.maxx ||
            b->miny < c.frame.miny || b->maxy > c.frame.maxy)
            fail_msg("layout %d: callout %zu leaves the frame", layout, i);
        if (overlap(b, &co[i].keep))
            fail_msg("layout %d: callout %zu covers its feature", layout, i);
        for (j = 0; j < nobs; j++)
            if (overlap(b, &obs[j]))
                fail_msg("layout %d: callout %zu covers symbol %zu", layout, i,
                         j);
        for (j = 0; j < nco; j++) {
            if (j == i)
                continue;
            if (overlap(b, &co[j].keep))
                fail_msg("layout %d: callout %zu covers callout %zu's "
                         "feature",
                         layout, i, j);
            if (overlap(b, &co[j].box))
                fail_msg("layout %d: callouts %zu and %zu overlap", layout, i,
                         j);
            if (leader_enters(&co[i], &co[j].box))
                fail_msg("layout %d: leader %zu crosses callout %zu", layout, i,
                         j);
        }
        /* the leader runs from the box's edge to the feature's */
        assert_true(co[i].leader[0].x >= b->minx - 1e-9 &&
                    co[i].leader[0].x <= b->maxx + 1e-9 &&
                    co[i].leader[0].y >= b->miny - 1e-9 &&
                    co[i].leader[0].y <= b->maxy + 1e-9);
        assert_false(strictly_in(co[i].leader[1], &co[i].keep));
    }
    compose_index_release(&c.ix);
    return 1;
}

static void no_overlaps_over_many_random_layouts(void **state)
{
    int layout, placed = 0;

    (void)state;
    for (layout = 0; layout < LAYOUTS; layout++)
        placed += one_layout(layout);
    /* up to 8 callouts among 40 symbols on an A5-sized frame: room for
     * them nearly always, and never an overlap when there is */
    if (placed * 100 < LAYOUTS * 99)
        fail_msg("only %d of %d layouts found room", placed, LAYOUTS);
}

static void a_full_frame_fails_with_a_message(void **state)
{
    compose_ctx c;
    compose_callout co;
    csm_error err = {0, ""};
    const char *what[] = {"spec.yaml:9: annotation"};

    (void)state;
    memset(&c, 0, sizeof c);
    c.frame = (csm_box){0, 0, 60, 40};
    assert_int_equal(compose_index_init(&c.ix, &c.frame, 5.0, NULL), CSM_OK);
    assert_int_equal(compose_index_add(&c.ix, &c.frame, NULL), CSM_OK);
    memset(&co, 0, sizeof co);
    co.text = "x";
    co.target = (csm_xy){30, 20};
    co.keep = (csm_box){29, 19, 31, 21};
    co.w = 20;
    co.h = 8;
    assert_int_equal(compose_callouts_place(&c, &co, 1, what, &err), CSM_EDATA);
    assert_non_null(strstr(err.msg, "spec.yaml:9: annotation"));
    compose_index_release(&c.ix);
}

/* ---- through csm_compose_page ---------------------------------------- */

typedef struct page_fx {
    csm_style style;
    csm_spec spec;
    csm_layer_spec ls[2];
    csm_annotation note;
    csm_layer *layer[2];
} page_fx;

static void page_fixture(page_fx *fx, const char *text)
{
    static const char *const area_fields[] = {"name"};
    static const char *const home_fields[] = {"name", "type"};
    csm_xy sq[] = {{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}, {0, 0}};
    csm_xy home = {900, 900};
    csm_feature f;

    memset(fx, 0, sizeof *fx);
    fx->style.font = (char *)"DejaVu Sans";
    fx->style.kind[CSM_KIND_PROTECTIVE].sym.shape = CSM_SHAPE_SHIELD;
    fx->style.kind[CSM_KIND_PROTECTIVE].sym.size_mm = 4.0;
    fx->style.kind[CSM_KIND_AREA].sym.label_pt = 8.0;
    fx->ls[0].name = (char *)"areas";
    fx->ls[0].kind = CSM_KIND_AREA;
    fx->ls[0].label = (char *)"name";
    fx->ls[1].name = (char *)"homes";
    fx->ls[1].kind = CSM_KIND_PROTECTIVE;
    fx->ls[1].label = (char *)"name";
    fx->ls[1].category = (char *)"type";
    fx->note.text = (char *)text;
    fx->note.category = (char *)"MISS";
    fx->note.layer = (char *)"homes";
    fx->note.name = (char *)"Oak Lodge";
    fx->note.line = 12;
    fx->spec.title = (char *)"Callouts";
    fx->spec.path = (char *)"t.yaml";
    fx->spec.crs = (char *)"EPSG:27700";
    fx->spec.landscape = 1;
    fx->spec.nlayer = 2;
    fx->spec.layer = fx->ls;
    fx->spec.nannotation = 1;
    fx->spec.annotation = &fx->note;
    fx->layer[0] = csm_layer_new("areas", area_fields, 1);
    fx->layer[1] = csm_layer_new("homes", home_fields, 2);
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
    csm_geom_add_part(&f.geom, sq, 5, NULL);
    f.val = calloc(1, sizeof *f.val);
    f.val[0] = csm_strdup("Big Area");
    assert_int_equal(csm_layer_add(fx->layer[0], &f, NULL), CSM_OK);
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    csm_geom_add_part(&f.geom, &home, 1, NULL);
    f.val = calloc(2, sizeof *f.val);
    f.val[0] = csm_strdup("Oak Lodge");
    f.val[1] = csm_strdup("children's home");
    assert_int_equal(csm_layer_add(fx->layer[1], &f, NULL), CSM_OK);
}

static csm_xy on_page(const csm_page *p, csm_xy w)
{
    double s =
        (p->frame.maxx - p->frame.minx) / (p->extent.maxx - p->extent.minx);

    return (csm_xy){p->frame.minx + (w.x - p->extent.minx) * s,
                    p->frame.maxy - (w.y - p->extent.miny) * s};
}

static void a_sensitive_place_is_pinned_to_its_area(void **state)
{
    page_fx fx;
    csm_page *page = NULL;
    csm_error err = {0, ""};
    csm_xy area, home, dot = {-1, -1};
    size_t i, texts = 0;

    (void)state;
    page_fixture(&fx, "Young people gathering at night");
    assert_int_equal(csm_compose_page(&fx.spec, &fx.style, fx.layer, NULL,
                                      fake_measure, &page, &err),
                     CSM_OK);
    for (i = 0; i < page->n; i++) {
        const csm_item *it = &page->item[i];
        if (it->type == CSM_ITEM_SYMBOL && it->sym.shape == CSM_SHAPE_CIRCLE &&
            it->sym.size_mm < 1.0)
            dot = it->at; /* where the leader ends */
        if (it->type == CSM_ITEM_TEXT && it->text &&
            !strcmp(it->text, "Young people gathering at night"))
            texts++;
    }
    assert_int_equal(texts, 1);
    area = on_page(page, (csm_xy){500, 500});
    home = on_page(page, (csm_xy){900, 900});
    if (hypot(dot.x - area.x, dot.y - area.y) > 12.0)
        fail_msg("the leader ends %.1f mm from the area's middle",
                 hypot(dot.x - area.x, dot.y - area.y));
    assert_true(hypot(dot.x - home.x, dot.y - home.y) > 40.0);
    csm_page_free(page);
    csm_layer_free(fx.layer[0]);
    csm_layer_free(fx.layer[1]);
}

static void personal_data_in_a_callout_is_refused_unprinted(void **state)
{
    page_fx fx;
    csm_page *page = NULL;
    csm_error err = {0, ""};

    (void)state;
    page_fixture(&fx, "Ring 07700 900123 about the boys");
    assert_int_equal(csm_compose_page(&fx.spec, &fx.style, fx.layer, NULL,
                                      fake_measure, &page, &err),
                     CSM_EPRIVACY);
    assert_null(page);
    assert_non_null(strstr(err.msg, "t.yaml:12: annotation"));
    assert_null(strstr(err.msg, "07700"));
    assert_null(strstr(err.msg, "boys"));
    csm_layer_free(fx.layer[0]);
    csm_layer_free(fx.layer[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_overlaps_over_many_random_layouts),
        cmocka_unit_test(a_full_frame_fails_with_a_message),
        cmocka_unit_test(a_sensitive_place_is_pinned_to_its_area),
        cmocka_unit_test(personal_data_in_a_callout_is_refused_unprinted),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
