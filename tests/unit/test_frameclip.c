/* test_frameclip.c - map geometry cut to the frame before it reaches the
 * page (compose/frameclip.c): a road kilometres long and a county-sized
 * area with a hole come out with every vertex within the frame grown by
 * the symbol's margin, the area filled the same inside the frame; what
 * lies inside is left alone, what lies outside is dropped. */
#include "check.h"
#include "compose/compose.h"
#include "csmap.h"

#include <string.h>

static const csm_box frame = {20.0, 30.0, 300.0, 200.0};

static csm_symbol road(void)
{
    csm_symbol s;

    memset(&s, 0, sizeof s);
    s.stroke = (csm_rgba){0.6, 0.6, 0.6, 1.0};
    s.stroke_mm = 0.8;
    s.casing = (csm_rgba){1.0, 1.0, 1.0, 1.0};
    s.casing_mm = 1.4;
    return s;
}

static void page_ctx(compose_ctx *c)
{
    memset(c, 0, sizeof *c);
    c->page = csm_page_new(420.0, 297.0);
    assert_non_null(c->page);
}

static void all_within(const csm_geom *g, const csm_box *b)
{
    size_t i;

    for (i = 0; i < g->npt; i++) {
        assert_true(g->pt[i].x >= b->minx - 1e-9);
        assert_true(g->pt[i].x <= b->maxx + 1e-9);
        assert_true(g->pt[i].y >= b->miny - 1e-9);
        assert_true(g->pt[i].y <= b->maxy + 1e-9);
    }
}

/* A road 20 km long at 1:25,000 (800 mm of paper), in and out of the
 * frame twice: two parts, both ending on the grown box's edge. */
static void long_line_is_cut(void **state)
{
    csm_xy pt[] = {{-5000.0, 100.0}, {-2000.0, 110.0}, {100.0, 120.0},
                   {250.0, 120.0},   {800.0, 1000.0},  {200.0, 180.0},
                   {150.0, 190.0},   {150.0, 5000.0}};
    compose_ctx c;
    csm_item it;
    csm_box box;
    const csm_item *got;

    (void)state;
    page_ctx(&c);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = road();
    csm_geom_init(&it.geom, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&it.geom, pt, 8, NULL), 0);
    assert_int_equal(compose_add_framed(&c, &it, &frame, NULL), 0);
    assert_int_equal(c.page->n, 1);
    got = &c.page->item[0];
    box = compose_grow(frame, compose_frame_margin(&it.sym));
    assert_true(compose_frame_margin(&it.sym) > it.sym.casing_mm);
    assert_int_equal(got->geom.type, CSM_GEOM_LINE);
    assert_int_equal(got->geom.npart, 2);
    all_within(&got->geom, &box);
    assert_near(got->geom.pt[0].x, box.minx, 1e-9); /* enters on the left */
    assert_near(got->geom.pt[got->geom.npt - 1].y, box.maxy, 1e-9);
    assert_int_equal(got->sym.casing_mm == it.sym.casing_mm, 1);
    csm_geom_release(&it.geom);
    csm_page_free(c.page);
}

/* An area far bigger than the frame, with a hole across the frame's
 * right edge: cut as a polygon, so inside the frame every point is filled
 * (even-odd) exactly as before and the hole stays a hole. */
static void big_polygon_is_cut(void **state)
{
    csm_xy outer[] = {{-9000.0, -9000.0},
                      {9000.0, -9000.0},
                      {9000.0, 9000.0},
                      {-9000.0, 9000.0},
                      {-9000.0, -9000.0}};
    csm_xy hole[] = {{250.0, 60.0},
                     {250.0, 120.0},
                     {900.0, 120.0},
                     {900.0, 60.0},
                     {250.0, 60.0}};
    compose_ctx c;
    csm_item it;
    csm_box box;
    const csm_item *got;
    double x, y;

    (void)state;
    page_ctx(&c);
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = road();
    it.sym.fill = (csm_rgba){0.9, 0.5, 0.2, 1.0};
    csm_geom_init(&it.geom, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&it.geom, outer, 5, NULL), 0);
    assert_int_equal(csm_geom_add_part(&it.geom, hole, 5, NULL), 0);
    assert_int_equal(compose_add_framed(&c, &it, &frame, NULL), 0);
    assert_int_equal(c.page->n, 1);
    got = &c.page->item[0];
    box = compose_grow(frame, compose_frame_margin(&it.sym));
    assert_int_equal(got->geom.type, CSM_GEOM_POLYGON);
    assert_int_equal(got->geom.npart, 2); /* the hole kept */
    all_within(&got->geom, &box);
    for (y = frame.miny; y <= frame.maxy; y += 3.7)
        for (x = frame.minx; x <= frame.maxx; x += 3.7)
            assert_int_equal(csm_geom_contains(&got->geom, (csm_xy){x, y}),
                             csm_geom_contains(&it.geom, (csm_xy){x, y}));
    assert_false(csm_geom_contains(&got->geom, (csm_xy){280.0, 90.0}));
    csm_geom_release(&it.geom);
    csm_page_free(c.page);
}

/* Inside: the item as it was.  Outside: nothing.  A ring that only
 * wraps round a corner of the box leaves no flat ring behind. */
static void inside_kept_outside_dropped(void **state)
{
    csm_xy in[] = {{50.0, 50.0}, {60.0, 70.0}, {80.0, 60.0}};
    csm_xy out[] = {{500.0, 50.0}, {600.0, 70.0}};
    csm_xy corner[] = {{-50.0, -50.0}, {500.0, -50.0}, {500.0, 20.0},
                       {10.0, 20.0},   {10.0, 500.0},  {-50.0, 500.0},
                       {-50.0, -50.0}};
    csm_symbol s = road();
    csm_geom g, cut;
    int whole;

    (void)state;
    csm_geom_init(&g, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&g, in, 3, NULL), 0);
    assert_int_equal(compose_clip_to_frame(&g, &s, &frame, &cut, &whole, NULL),
                     0);
    assert_int_equal(whole, 1);
    csm_geom_release(&cut);
    csm_geom_release(&g);

    csm_geom_init(&g, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&g, out, 2, NULL), 0);
    assert_int_equal(compose_clip_to_frame(&g, &s, &frame, &cut, &whole, NULL),
                     0);
    assert_int_equal(whole, 0);
    assert_int_equal(cut.npart, 0);
    csm_geom_release(&cut);
    csm_geom_release(&g);

    csm_geom_init(&g, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&g, corner, 7, NULL), 0);
    assert_int_equal(compose_clip_to_frame(&g, &s, &frame, &cut, &whole, NULL),
                     0);
    assert_int_equal(whole, 0);
    assert_int_equal(cut.npart, 0);
    csm_geom_release(&cut);
    csm_geom_release(&g);
}

/* Arrowheads are spaced back from each part's end: a line with arrows is
 * cut only where it first enters, and runs on to its own end. */
static void arrows_keep_the_tail(void **state)
{
    csm_xy pt[] = {{-900.0, 100.0}, {100.0, 100.0}, {2000.0, 100.0}};
    csm_symbol s = road();
    csm_geom g, cut;
    int whole;

    (void)state;
    s.arrows = 1;
    csm_geom_init(&g, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&g, pt, 3, NULL), 0);
    assert_int_equal(compose_clip_to_frame(&g, &s, &frame, &cut, &whole, NULL),
                     0);
    assert_int_equal(whole, 0);
    assert_int_equal(cut.npart, 1);
    assert_near(cut.pt[0].x, frame.minx - compose_frame_margin(&s), 1e-9);
    assert_near(cut.pt[cut.npt - 1].x, 2000.0, 0.0);
    csm_geom_release(&cut);
    csm_geom_release(&g);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_line_is_cut),
        cmocka_unit_test(big_polygon_is_cut),
        cmocka_unit_test(inside_kept_outside_dropped),
        cmocka_unit_test(arrows_keep_the_tail),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
