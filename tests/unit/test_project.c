/* test_project.c - reprojection with PROJ on layers built in C.  Expected
 * numbers come from cs2cs (PROJ 9.1, no grids):
 *     echo "49 -2" | cs2cs -f %.4f EPSG:4326 EPSG:27700
 *     400000.0000  -100000.0000
 *     echo "51.5 -0.1" | cs2cs -f %.4f EPSG:4326 EPSG:27700
 *     531979.2927  179606.9085                                       */
#include "check.h"
#include "csmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A layer 'name' in 'crs' with one point feature per (x, y) pair. */
static csm_layer *points(const char *name, const char *crs, const double *xy,
                         size_t n)
{
    csm_layer *l = csm_layer_new(name, NULL, 0);
    size_t i;

    assert_non_null(l);
    assert_int_equal(csm_layer_set_crs(l, crs, NULL), 0);
    for (i = 0; i < n; i++) {
        csm_feature f;
        csm_xy p = {xy[2 * i], xy[2 * i + 1]};
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
        f.val = calloc(1, sizeof *f.val);
        f.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    }
    return l;
}

static void assert_lacks(const char *s, const char *part)
{
    if (strstr(s, part))
        fail_msg("'%s' contains '%s'", s, part);
}

static void wgs84_to_british_national_grid(void **state)
{
    const double xy[] = {-2.0, 49.0, -0.1, 51.5};
    csm_layer *l = points("halts", "EPSG:4326", xy, 2);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    assert_string_equal(l->crs, "EPSG:27700");
    /* the true origin of the grid; x is east although EPSG:4326 is lat, lon */
    assert_near(l->feat[0].geom.pt[0].x, 400000.0, 0.01);
    assert_near(l->feat[0].geom.pt[0].y, -100000.0, 0.01);
    assert_near(l->feat[1].geom.pt[0].x, 531979.2927, 0.01);
    assert_near(l->feat[1].geom.pt[0].y, 179606.9085, 0.01);
    csm_layer_free(l);
}

static void british_national_grid_to_wgs84(void **state)
{
    const double xy[] = {531979.2927, 179606.9085};
    csm_layer *l = points("halts", "EPSG:27700", xy, 1);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:4326", &err), 0);
    assert_near(l->feat[0].geom.pt[0].x, -0.1, 1e-6); /* lon first */
    assert_near(l->feat[0].geom.pt[0].y, 51.5, 1e-6);
    csm_layer_free(l);
}

static void lines_and_all_parts_are_transformed(void **state)
{
    csm_xy a[2] = {{-2.0, 49.0}, {-0.1, 51.5}}, b[1] = {{-2.0, 49.0}};
    csm_layer *l = csm_layer_new("routes", NULL, 0);
    csm_feature f;
    csm_error err;

    (void)state;
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&f.geom, b, 1, NULL), 0);
    assert_int_equal(csm_geom_add_part(&f.geom, a, 2, NULL), 0);
    f.val = calloc(1, sizeof *f.val);
    f.row = 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    assert_int_equal(csm_layer_set_crs(l, "EPSG:4326", NULL), 0);
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    assert_near(l->feat[0].geom.pt[0].x, 400000.0, 0.01);
    assert_near(l->feat[0].geom.pt[1].x, 400000.0, 0.01);
    assert_near(l->feat[0].geom.pt[2].y, 179606.9085, 0.01);
    csm_layer_free(l);
}

static void same_crs_is_left_alone(void **state)
{
    const double xy[] = {531234.5, 181234.25};
    csm_layer *l = points("schools", "EPSG:27700", xy, 1);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    assert_true(l->feat[0].geom.pt[0].x == 531234.5);
    assert_true(l->feat[0].geom.pt[0].y == 181234.25);
    assert_string_equal(l->crs, "EPSG:27700");
    csm_layer_free(l);
}

static void layer_without_crs_is_refused(void **state)
{
    const double xy[] = {531234.0, 181234.0};
    csm_layer *l = points("schools", NULL, xy, 1);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), CSM_ECRS);
    assert_string_equal(err.msg, "layer 'schools' has no CRS: add crs: to "
                                 "its spec (e.g. crs: EPSG:27700)");
    csm_layer_free(l);
}

static void unknown_crs_is_named(void **state)
{
    const double xy[] = {531234.0, 181234.0};
    csm_layer *l = points("schools", "EPSG:999999", xy, 1);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), CSM_ECRS);
    assert_string_equal(err.msg, "layer 'schools': unknown CRS "
                                 "'EPSG:999999': crs not found");
    assert_int_equal(csm_layer_set_crs(l, "EPSG:27700", NULL), 0);
    assert_int_equal(csm_project_layer(l, "EPSG:2770O", &err), CSM_ECRS);
    if (strncmp(err.msg, "layer 'schools': unknown map CRS 'EPSG:2770O': ", 47))
        fail_msg("got '%s'", err.msg);
    /* PROJ would guess a CRS from any name ("foo" finds Amersfoort) */
    assert_int_equal(csm_project_layer(l, "foo", &err), CSM_ECRS);
    assert_string_equal(err.msg, "layer 'schools': unknown map CRS 'foo': "
                                 "give EPSG:n, WKT or a PROJ string");
    assert_near(l->feat[0].geom.pt[0].x, 531234.0, 0); /* untouched */
    csm_layer_free(l);
}

static void swapped_lon_lat_is_outside_area_of_use(void **state)
{
    /* row 2 has latitude and longitude the wrong way round */
    const double xy[] = {-0.1, 51.5, 51.51, -0.12};
    csm_layer *l = points("stops", "EPSG:4326", xy, 2);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    /* skipped, with one warning naming the row, never the coordinates */
    assert_int_equal(l->n, 1);
    assert_int_equal(l->feat[0].row, 1);
    assert_int_equal(l->notes.outside, 1);
    assert_int_equal(l->notes.nwarn, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'stops': skipped 1 of 2 rows whose "
                        "coordinates are outside the area of use of "
                        "EPSG:27700 (OSGB36 / British National Grid): row 2");
    assert_lacks(l->notes.warn[0], "51.5");
    assert_lacks(l->notes.warn[0], "0.12");
    assert_near(l->feat[0].geom.pt[0].x, 531979.2927 - 96.9, 200);
    csm_layer_free(l);
}

static void every_row_outside_is_an_error(void **state)
{
    const double xy[] = {51.5, -0.1, 51.51, -0.12, 53.4, -2.9};
    csm_layer *l = points("stops", "EPSG:4326", xy, 3);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), CSM_ECRS);
    assert_string_equal(err.msg,
                        "layer 'stops', row 1: coordinates outside the area "
                        "of use of EPSG:27700 (OSGB36 / British National "
                        "Grid), and so has every other row: check the "
                        "layer's crs: or x/y columns");
    assert_lacks(err.msg, "51.5");
    /* a failure leaves the layer as it was */
    assert_int_equal(l->n, 3);
    assert_near(l->feat[0].geom.pt[0].x, 51.5, 0);
    assert_string_equal(l->crs, "EPSG:4326");
    assert_int_equal(l->notes.nwarn, 0);
    csm_layer_free(l);
}

static void many_rows_outside_are_listed_briefly(void **state)
{
    double xy[40];
    csm_layer *l;
    csm_error err;
    size_t i;

    (void)state;
    for (i = 0; i < 20; i++) { /* odd rows at null island */
        xy[2 * i] = i % 2 ? -2.9 : 0.0;
        xy[2 * i + 1] = i % 2 ? 53.4 : 0.0;
    }
    l = points("police", "EPSG:4326", xy, 20);
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    assert_int_equal(l->n, 10);
    assert_int_equal(l->notes.outside, 10);
    assert_int_equal(l->notes.nwarn, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'police': skipped 10 of 20 rows whose "
                        "coordinates are outside the area of use of "
                        "EPSG:27700 (OSGB36 / British National Grid): rows "
                        "1, 3, 5, 7, 9, 11, 13, ... and 3 more");
    csm_layer_free(l);
}

static void metres_labelled_degrees_are_caught(void **state)
{
    const double xy[] = {531234.0, 181234.0};
    csm_layer *l = points("schools", "EPSG:4326", xy, 1);
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), CSM_ECRS);
    assert_lacks(err.msg, "531234");
    if (strncmp(err.msg, "layer 'schools', row 1: coordinates ", 36))
        fail_msg("got '%s'", err.msg);
    /* same CRS: nothing to transform, but still checked */
    csm_layer_free(l);
    l = points("schools", "EPSG:27700", (const double[]){-0.1, 51.5e6}, 1);
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), CSM_ECRS);
    if (strncmp(err.msg, "layer 'schools', row 1: coordinates ", 36))
        fail_msg("got '%s'", err.msg);
    csm_layer_free(l);
}

static void untransformable_point_names_row(void **state)
{
    /* the far side of the globe has no orthographic image */
    const double xy[] = {0.0, 0.0, 170.0, 0.0};
    csm_layer *l = points("far", "EPSG:4326", xy, 2);
    csm_error err;

    (void)state;
    assert_int_equal(
        csm_project_layer(l, "+proj=ortho +lat_0=0 +lon_0=0", &err), 0);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'far': skipped 1 of 2 rows whose coordinates "
                        "cannot be transformed: row 2");
    csm_layer_free(l);
}

static void check_knows_geographic_crs(void **state)
{
    int geo = -1;
    csm_error err;

    (void)state;
    assert_int_equal(csm_project_check("EPSG:4326", &geo, &err), 0);
    assert_int_equal(geo, 1);
    assert_int_equal(csm_project_check("EPSG:27700", &geo, &err), 0);
    assert_int_equal(geo, 0);
    assert_int_equal(
        csm_project_check("+proj=longlat +datum=WGS84", &geo, &err), 0);
    assert_int_equal(geo, 1);
    assert_int_equal(csm_project_check("EPSG:29903", NULL, &err), 0);
    assert_int_equal(csm_project_check("British Grid", &geo, &err), CSM_ECRS);
    assert_int_equal(geo, 0);
    assert_string_equal(err.msg, "unknown CRS 'British Grid': give EPSG:n, "
                                 "WKT or a PROJ string");
    assert_int_equal(csm_project_check("OGC:CRS84", &geo, &err), 0);
    assert_int_equal(geo, 1);
    assert_int_equal(csm_project_check("+proj=foo", &geo, &err), CSM_ECRS);
}

static void many_points_in_one_go(void **state)
{
    size_t n = 20000, i;
    double *xy = malloc(2 * n * sizeof *xy);
    csm_layer *l;
    csm_error err;

    (void)state;
    for (i = 0; i < n; i++) {
        xy[2 * i] = -2.0 + (double)(i % 100) * 1e-4;
        xy[2 * i + 1] = 49.0 + (double)(i / 100) * 1e-4;
    }
    l = points("many", "EPSG:4326", xy, n);
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    assert_near(l->feat[0].geom.pt[0].x, 400000.0, 0.01);
    assert_true(l->feat[n - 1].geom.pt[0].y > -100000.0 + 2000.0);
    csm_layer_free(l);
    free(xy);
}

/* Many layers with one call: each as csm_project_layer would, a CRS seen
 * twice set up once; the first failure stops it, the layers before it
 * projected and it as it was. */
static void many_layers_in_one_call(void **state)
{
    const double bng[] = {531979.2927, 179606.9085, 2000000.0, 180000.0};
    const double ll[] = {-0.1, 51.5};
    const double bng2[] = {400000.0, -100000.0};
    csm_layer *l[3], *m[2];
    uintptr_t crs;
    csm_error err;

    (void)state;
    l[0] = points("a", "EPSG:27700", bng, 2);
    l[1] = points("b", "EPSG:4326", ll, 1);
    l[2] = points("c", "EPSG:27700", bng2, 1);
    assert_int_equal(csm_project_layers(l, 3, "EPSG:27700", &err), 0);
    assert_int_equal(l[0]->n, 1); /* 25 degrees east: outside */
    assert_int_equal(l[0]->notes.outside, 1);
    assert_near(l[0]->feat[0].geom.pt[0].x, 531979.2927, 1e-6);
    assert_near(l[1]->feat[0].geom.pt[0].x, 531979.2927, 0.01);
    assert_near(l[1]->feat[0].geom.pt[0].y, 179606.9085, 0.01);
    assert_int_equal(l[2]->n, 1);
    assert_string_equal(l[2]->crs, "EPSG:27700");

    m[0] = points("d", "EPSG:4326", ll, 1);
    m[1] = points("e", NULL, ll, 1);
    crs = (uintptr_t)m[0]->crs; /* a projected layer gets a new one */
    assert_int_equal(csm_project_layers(m, 2, "EPSG:27700", &err), CSM_ECRS);
    assert_string_equal(err.msg, "layer 'e' has no CRS: add crs: to its "
                                 "spec (e.g. crs: EPSG:27700)");
    assert_true((uintptr_t)m[0]->crs != crs);
    assert_near(m[0]->feat[0].geom.pt[0].x, 531979.2927, 0.01);
    assert_true(m[1]->crs == NULL);
    assert_int_equal(csm_project_layers(NULL, 0, "EPSG:27700", &err), 0);
    csm_layer_free(m[1]);
    csm_layer_free(m[0]);
    csm_layer_free(l[2]);
    csm_layer_free(l[1]);
    csm_layer_free(l[0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wgs84_to_british_national_grid),
        cmocka_unit_test(british_national_grid_to_wgs84),
        cmocka_unit_test(lines_and_all_parts_are_transformed),
        cmocka_unit_test(same_crs_is_left_alone),
        cmocka_unit_test(layer_without_crs_is_refused),
        cmocka_unit_test(unknown_crs_is_named),
        cmocka_unit_test(swapped_lon_lat_is_outside_area_of_use),
        cmocka_unit_test(every_row_outside_is_an_error),
        cmocka_unit_test(many_rows_outside_are_listed_briefly),
        cmocka_unit_test(metres_labelled_degrees_are_caught),
        cmocka_unit_test(untransformable_point_names_row),
        cmocka_unit_test(check_knows_geographic_crs),
        cmocka_unit_test(many_points_in_one_go),
        cmocka_unit_test(many_layers_in_one_call),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
