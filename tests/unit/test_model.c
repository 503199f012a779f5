/* test_model.c - geometry, layers and pages built in C. */
#include "check.h"
#include "csmap.h"

#include <stdlib.h>
#include <string.h>

static void square(csm_geom *g, double x0, double y0, double s)
{
    csm_xy r[5] = {{x0, y0}, {x0 + s, y0}, {x0 + s, y0 + s}, {x0, y0 + s},
                   {x0, y0}};
    csm_geom_init(g, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(g, r, 5, NULL), 0);
}

static void polygon_area_contains_and_anchor(void **state)
{
    csm_geom g;
    csm_xy a;

    (void)state;
    square(&g, 400000.0, 300000.0, 100.0);
    assert_near(csm_geom_ring_area(&g, 0), 10000.0, 1e-6);
    assert_true(csm_geom_contains(&g, (csm_xy){400050.0, 300050.0}));
    assert_false(csm_geom_contains(&g, (csm_xy){400150.0, 300050.0}));
    a = csm_geom_anchor(&g);
    assert_near(a.x, 400050.0, 1e-6);
    assert_near(a.y, 300050.0, 1e-6);
    csm_geom_release(&g);
}

static void anchor_of_u_shape_lies_inside(void **state)
{
    /* a U whose centroid falls in the notch */
    csm_xy u[9] = {{0, 0}, {30, 0}, {30, 30}, {20, 30}, {20, 10},
                   {10, 10}, {10, 30}, {0, 30}, {0, 0}};
    csm_geom g;
    csm_xy a;

    (void)state;
    csm_geom_init(&g, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&g, u, 9, NULL), 0);
    a = csm_geom_anchor(&g);
    assert_true(csm_geom_contains(&g, a));
    csm_geom_release(&g);
}

static void hole_is_outside(void **state)
{
    csm_geom g;
    csm_xy hole[5] = {{40, 40}, {60, 40}, {60, 60}, {40, 60}, {40, 40}};

    (void)state;
    square(&g, 0, 0, 100);
    assert_int_equal(csm_geom_add_part(&g, hole, 5, NULL), 0);
    assert_false(csm_geom_contains(&g, (csm_xy){50, 50}));
    assert_true(csm_geom_contains(&g, (csm_xy){20, 50}));
    csm_geom_release(&g);
}

static void line_length_and_middle(void **state)
{
    csm_xy l[3] = {{0, 0}, {30, 0}, {30, 40}};
    csm_geom g;
    csm_xy m;

    (void)state;
    csm_geom_init(&g, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&g, l, 3, NULL), 0);
    assert_near(csm_geom_length(&g), 70.0, 1e-9);
    m = csm_geom_anchor(&g);
    assert_near(m.x, 30.0, 1e-9);
    assert_near(m.y, 5.0, 1e-9);
    csm_geom_release(&g);
}

static void layer_keeps_named_fields_and_removes(void **state)
{
    const char *fields[] = {"name", "kind"};
    csm_layer *l = csm_layer_new("schools", fields, 2);
    csm_feature f;
    csm_box b;
    int i;

    (void)state;
    assert_non_null(l);
    for (i = 0; i < 3; i++) {
        csm_xy p = {i * 10.0, i * 5.0};
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
        f.val = calloc(2, sizeof *f.val);
        f.val[0] = csm_strdup(i == 1 ? "B" : "A");
        f.row = i + 1;
        assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    }
    assert_int_equal(csm_layer_field(l, "kind"), 1);
    assert_int_equal(csm_layer_field(l, "nope"), -1);
    assert_string_equal(csm_layer_value(l, 1, 0), "B");
    assert_null(csm_layer_value(l, 1, 1));
    csm_layer_bounds(l, &b);
    assert_near(b.maxx, 20.0, 0);
    assert_near(b.maxy, 10.0, 0);
    csm_layer_remove(l, 0);
    assert_int_equal(l->n, 2);
    assert_int_equal(l->feat[0].row, 2);
    csm_layer_free(l);
}

static void error_prefix_and_one_line(void **state)
{
    csm_error err;

    (void)state;
    csm_error_clear(&err);
    assert_int_equal(csm_fail(&err, CSM_EDATA, "bad\nrow %d", 3), CSM_EDATA);
    csm_error_prefix(&err, "layer '%s'", "schools");
    assert_string_equal(err.msg, "layer 'schools': bad row 3");
}

static void page_copies_items(void **state)
{
    csm_page *p = csm_page_new(297, 210);
    csm_item it;
    char text[] = "hello";

    (void)state;
    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_TEXT;
    it.text = text;
    assert_int_equal(csm_page_add(p, &it, NULL), 0);
    text[0] = 'j';
    assert_string_equal(p->item[0].text, "hello");
    csm_page_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(polygon_area_contains_and_anchor),
        cmocka_unit_test(anchor_of_u_shape_lies_inside),
        cmocka_unit_test(hole_is_outside),
        cmocka_unit_test(line_length_and_middle),
        cmocka_unit_test(layer_keeps_named_fields_and_removes),
        cmocka_unit_test(error_prefix_and_one_line),
        cmocka_unit_test(page_copies_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
