/* test_read.c - the read stage on tiny fictional fixtures in
 * tests/data/read/ (run from the top of the tree, as make unit does). */
#include "check.h"
#include "csmap.h"
#include "read/read.h"

#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#define D "tests/data/read/"

static int setup(void **state)
{
    (void)state;
    csm_init();
    return 0;
}

static csm_read_opts opts(const char *name, const char *const *fields,
                          size_t nfield)
{
    csm_read_opts o;

    memset(&o, 0, sizeof o);
    o.name = name;
    o.fields = fields;
    o.nfield = nfield;
    return o;
}

/* Read that must fail with 'code'; the message is left in err. */
static void read_fails(const char *path, const csm_read_opts *o, int code,
                       csm_error *err)
{
    csm_layer *l = (csm_layer *)1;

    csm_error_clear(err);
    assert_int_equal(csm_read_layer(path, o, &l, err), code);
    assert_int_equal(err->code, code);
    assert_null(l);
}

static void assert_has(const char *s, const char *part)
{
    if (!strstr(s, part))
        fail_msg("'%s' lacks '%s'", s, part);
}

static void assert_lacks(const char *s, const char *part)
{
    if (strstr(s, part))
        fail_msg("'%s' contains '%s'", s, part);
}

static void geojson_keeps_only_named_fields(void **state)
{
    const char *f[] = {"name", "opened"};
    csm_read_opts o = opts("places", f, 2);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "places.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 4);
    assert_int_equal(l->nfield, 2);
    assert_int_equal(csm_layer_field(l, "note"), -1);
    assert_int_equal(csm_layer_field(l, "kind"), -1);
    assert_string_equal(l->name, "places");
    assert_string_equal(l->source, D "places.geojson");
    assert_string_equal(l->crs, "EPSG:27700");
    assert_string_equal(csm_layer_value(l, 0, 0), "Quillfeather Youth Club");
    assert_string_equal(csm_layer_value(l, 0, 1), "2019-04-01"); /* ISO */
    assert_null(csm_layer_value(l, 1, 1));                       /* null */
    assert_int_equal(l->feat[0].row, 1);
    assert_int_equal(l->feat[3].row, 4);
    /* a 3D point loses Z */
    assert_int_equal(l->feat[1].geom.type, CSM_GEOM_POINT);
    assert_int_equal(l->feat[1].geom.npt, 1);
    assert_near(l->feat[1].geom.pt[0].x, 531200.0, 1e-9);
    assert_near(l->feat[1].geom.pt[0].y, 181200.0, 1e-9);
    /* a multilinestring is one line geometry of two parts */
    assert_int_equal(l->feat[2].geom.type, CSM_GEOM_LINE);
    assert_int_equal(l->feat[2].geom.npart, 2);
    /* a polygon with a hole is two rings */
    assert_int_equal(l->feat[3].geom.type, CSM_GEOM_POLYGON);
    assert_int_equal(l->feat[3].geom.npart, 2);
    assert_int_equal(l->feat[3].geom.npt, 10);
    csm_layer_free(l);
}

static void missing_field_lists_fields(void **state)
{
    const char *f[] = {"name", "nmae"};
    csm_read_opts o = opts("places", f, 2);
    csm_error err;

    (void)state;
    read_fails(D "places.geojson", &o, CSM_EDATA, &err);
    assert_string_equal(err.msg,
                        "layer 'places': no field 'nmae' in "
                        "'tests/data/read/places.geojson' (fields: name, "
                        "kind, opened, note)");
}

static void csv_points_from_x_y(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("schools", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.x = "easting";
    o.y = "northing";
    o.crs = "EPSG:27700";
    assert_int_equal(csm_read_layer(D "schools.csv", &o, &l, &err), 0);
    assert_int_equal(l->n, 3);
    assert_string_equal(l->crs, "EPSG:27700");
    assert_int_equal(l->feat[0].geom.type, CSM_GEOM_POINT);
    assert_near(l->feat[0].geom.pt[0].x, 531234.0, 1e-9);
    assert_near(l->feat[0].geom.pt[0].y, 181234.0, 1e-9);
    assert_string_equal(csm_layer_value(l, 2, 0), "Corvid Lane Infants");
    assert_int_equal(l->feat[2].row, 3);
    csm_layer_free(l);
}

static void csv_points_from_lon_lat(void **state)
{
    csm_read_opts o = opts("stops", NULL, 0);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.x = "longitude";
    o.y = "latitude";
    o.crs = "EPSG:4326";
    assert_int_equal(csm_read_layer(D "stops.csv", &o, &l, &err), 0);
    assert_int_equal(l->n, 2);
    assert_int_equal(l->nfield, 0);
    assert_string_equal(l->crs, "EPSG:4326");
    assert_near(l->feat[1].geom.pt[0].x, -0.12, 1e-12);
    assert_near(l->feat[1].geom.pt[0].y, 51.51, 1e-12);
    csm_layer_free(l);
}

static void where_filters_rows(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("places", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.where = "kind = 'park'";
    assert_int_equal(csm_read_layer(D "places.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 1);
    assert_string_equal(csm_layer_value(l, 0, 0), "Marrowby Park");
    csm_layer_free(l);
}

static void sql_reads_a_query(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("parks", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.sql = "SELECT * FROM places WHERE kind = 'park'";
    assert_int_equal(csm_read_layer(D "places.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 1);
    assert_string_equal(csm_layer_value(l, 0, 0), "Marrowby Park");
    csm_layer_free(l);
    /* a failing query is named, never repeated: it may hold values */
    o.sql = "SELECT * FROM nowhere WHERE name = 'Marrowby Park'";
    assert_int_equal(csm_read_layer(D "places.geojson", &o, &l, &err),
                     CSM_EDATA);
    assert_null(l);
    assert_has(err.msg, "layer 'parks': its sql: failed in "
                        "'tests/data/read/places.geojson': ");
    assert_lacks(err.msg, "Marrowby");
}

static void bad_where_names_layer_and_where(void **state)
{
    csm_read_opts o = opts("places", NULL, 0);
    csm_error err;

    (void)state;
    o.where = "kind = = 'park'";
    read_fails(D "places.geojson", &o, CSM_EDATA, &err);
    assert_has(err.msg, "layer 'places': bad where 'kind = = 'park'': ");
}

static void missing_file_says_so(void **state)
{
    csm_read_opts o = opts(NULL, NULL, 0);
    csm_error err;

    (void)state;
    read_fails(D "nope.geojson", &o, CSM_EIO, &err);
    assert_string_equal(err.msg, "cannot open 'tests/data/read/nope.geojson':"
                                 " No such file or directory");
    o.name = "cases";
    read_fails(D "nope.geojson", &o, CSM_EIO, &err);
    assert_string_equal(err.msg,
                        "layer 'cases': cannot open "
                        "'tests/data/read/nope.geojson': No such file or "
                        "directory");
}

static void missing_column_lists_columns_not_values(void **state)
{
    csm_read_opts o = opts("schools", NULL, 0);
    csm_error err;

    (void)state;
    o.x = "Eastings";
    o.y = "northing";
    read_fails(D "schools.csv", &o, CSM_EDATA, &err);
    assert_string_equal(err.msg,
                        "layer 'schools': 'tests/data/read/schools.csv' has "
                        "no column 'Eastings' (columns: ref, name, phase, "
                        "easting, northing): set x:/y: to the coordinate "
                        "columns");
    o.x = "easting";
    o.y = "nothing";
    read_fails(D "schools.csv", &o, CSM_EDATA, &err);
    assert_has(err.msg, "has no column 'nothing' (columns: ref, name, phase,"
                        " easting, northing)");
    assert_lacks(err.msg, "Zephyrine");
    assert_lacks(err.msg, "531234");
    assert_lacks(err.msg, "secondary");
}

static void csv_without_geometry_suggests_columns(void **state)
{
    csm_read_opts o = opts("schools", NULL, 0);
    csm_error err;

    (void)state;
    read_fails(D "nocoords.csv", &o, CSM_EDATA, &err);
    assert_string_equal(err.msg,
                        "layer 'schools': 'tests/data/read/nocoords.csv' has "
                        "no geometry (columns: ref, name, Easting, Northing):"
                        " set x:/y: (or lon:/lat:) to its coordinate columns"
                        " (e.g. x: Easting, y: Northing)");
}

static void csv_row_without_coordinates_is_skipped(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("schools", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.x = "easting";
    o.y = "northing";
    assert_int_equal(csm_read_layer(D "badcoords.csv", &o, &l, &err), 0);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->notes.rows, 2);
    assert_int_equal(l->notes.no_coords, 1);
    assert_int_equal(l->notes.nwarn, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'schools': skipped 1 of 2 rows with no "
                        "coordinates ('easting' or 'northing' is empty or "
                        "not a number): row 2");
    assert_lacks(l->notes.warn[0], "n/a");
    assert_lacks(l->notes.warn[0], "Brindlewood");
    csm_layer_free(l);
}

static void row_without_geometry_is_skipped(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("hubs", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "nogeom.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 1);
    assert_string_equal(l->notes.warn[0], "layer 'hubs': skipped 1 of 2 rows "
                                          "with no geometry: row 2");
    assert_lacks(l->notes.warn[0], "Mossgate");
    csm_layer_free(l);
}

static void collection_of_mixed_kinds_fails(void **state)
{
    csm_read_opts o = opts("yards", NULL, 0);
    csm_error err;

    (void)state;
    read_fails(D "mixed.geojson", &o, CSM_EDATA, &err);
    assert_string_equal(err.msg, "layer 'yards', row 2: geometry collection "
                                 "mixes points and lines");
}

static void shapefile_reads_with_crs(void **state)
{
    const char *f[] = {"kind"};
    csm_read_opts o = opts("places", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "shp/places.shp", &o, &l, &err), 0);
    assert_int_equal(l->n, 2);
    assert_string_equal(l->crs, "EPSG:27700"); /* from an ESRI .prj */
    assert_string_equal(csm_layer_value(l, 1, 0), "park");
    assert_int_equal(l->feat[1].row, 2);
    csm_layer_free(l);
}

static void truncated_shapefile_is_clear(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("places", f, 1);
    csm_error err;

    (void)state;
    read_fails(D "trunc/places.shp", &o, CSM_EDATA, &err);
    assert_has(err.msg, "layer 'places', row 2: cannot read "
                        "'tests/data/read/trunc/places.shp' (truncated or "
                        "corrupt?)");
    assert_lacks(err.msg, "Marrowby");
}

static void empty_layer_is_not_an_error(void **state)
{
    csm_read_opts o = opts("places", NULL, 0);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.where = "kind = 'lighthouse'";
    assert_int_equal(csm_read_layer(D "places.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 0);
    assert_string_equal(l->source, D "places.geojson");
    csm_layer_free(l);
    o.where = NULL;
    assert_int_equal(csm_read_layer(D "empty.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 0);
    assert_string_equal(l->source, D "empty.geojson");
    csm_layer_free(l);
}

static void crs_from_source_or_override(void **state)
{
    csm_read_opts o = opts("halts", NULL, 0);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "wgs84.geojson", &o, &l, &err), 0);
    assert_string_equal(l->crs, "EPSG:4326");
    assert_near(l->feat[0].geom.pt[0].x, -0.1, 1e-12); /* x is east */
    csm_layer_free(l);
    o.crs = "EPSG:4258"; /* explicit crs: wins */
    assert_int_equal(csm_read_layer(D "wgs84.geojson", &o, &l, &err), 0);
    assert_string_equal(l->crs, "EPSG:4258");
    csm_layer_free(l);
}

static void unknown_layer_lists_layers(void **state)
{
    csm_read_opts o = opts("places", NULL, 0);
    csm_error err;

    (void)state;
    o.layer = "plaices";
    read_fails(D "places.geojson", &o, CSM_EDATA, &err);
    assert_string_equal(err.msg, "layer 'places': no layer 'plaices' in "
                                 "'tests/data/read/places.geojson' (layers: "
                                 "places)");
}

static void x_y_need_a_csv(void **state)
{
    csm_read_opts o = opts("places", NULL, 0);
    csm_error err;

    (void)state;
    o.x = "easting";
    o.y = "northing";
    read_fails(D "places.geojson", &o, CSM_EDATA, &err);
    assert_has(err.msg, "x:/y: name CSV columns, but");
}

static void info_reports_layers_not_values(void **state)
{
    csm_buf b;
    csm_error err;
    const char *s;

    (void)state;
    csm_buf_init(&b);
    assert_int_equal(csm_read_info(D "places.geojson", &b, &err), 0);
    s = (const char *)b.data;
    assert_has(s, "source 'tests/data/read/places.geojson' (GeoJSON)");
    assert_has(s, "layer 'places': ");
    assert_has(s, "4 features");
    assert_has(s, "crs: EPSG:27700 (OSGB36 / British National Grid)");
    assert_has(s, "extent: 530000, 180000 - 532000, 182000");
    assert_has(s, "fields: name (String), kind (String), opened (Date), "
                  "note (String)");
    assert_lacks(s, "Quillfeather");
    csm_buf_release(&b);

    csm_buf_init(&b);
    assert_int_equal(csm_read_info(D "schools.csv", &b, &err), 0);
    s = (const char *)b.data;
    assert_has(s, "(CSV)");
    assert_has(s, "no geometry, 3 features");
    assert_has(s, "columns: ref (String), name (String), phase (String), "
                  "easting (String), northing (String)");
    assert_lacks(s, "Zephyrine");
    csm_buf_release(&b);
}

static void info_missing_file(void **state)
{
    csm_buf b;
    csm_error err;

    (void)state;
    csm_buf_init(&b);
    assert_int_equal(csm_read_info(D "nope.gpkg", &b, &err), CSM_EIO);
    assert_string_equal(err.msg, "cannot open 'tests/data/read/nope.gpkg': "
                                 "No such file or directory");
    csm_buf_release(&b);
}

static void pg_connection_never_shows_password(void **state)
{
    const char *conn = "PG:host=/nonexistent-csmap dbname='cases db' "
                       "user=annwyl password=hunter2";
    csm_read_opts o = opts("cases", NULL, 0);
    char shown[CSM_READ_SHOWN];
    csm_error err;
    csm_layer *l = NULL;

    (void)state;
    csm_read_shown(conn, shown, sizeof shown);
    assert_string_equal(shown, "PG:(connection) dbname=cases db");
    csm_read_shown("PG:service=mace password=x", shown, sizeof shown);
    assert_string_equal(shown, "PG:(connection) service=mace");
    csm_read_shown("PG:postgresql://ann:hunter2@db/cases?sslmode=require",
                   shown, sizeof shown);
    assert_string_equal(shown, "PG:(connection) dbname=cases");
    csm_error_clear(&err);
    assert_int_not_equal(csm_read_layer(conn, &o, &l, &err), 0);
    assert_null(l);
    assert_has(err.msg, "PG:(connection) dbname=cases db");
    assert_lacks(err.msg, "hunter2");
    assert_lacks(err.msg, "annwyl");
}

static void gdal_messages_lose_quoted_values(void **state)
{
    char msg[200];

    (void)state;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLError(CE_Failure, CPLE_AppDefined,
             "Value 'Jordan' of field \"name\" can't be read from `%s'.",
             D "x.csv");
    csm_read_gdal_msg(D "x.csv", D "x.csv", msg, sizeof msg);
    assert_string_equal(msg, "Value '...' of field '...' can't be read from "
                             "'tests/data/read/x.csv'");
    CPLError(CE_Failure, CPLE_AppDefined, "connect failed: password=hunter2");
    csm_read_gdal_msg("PG:x", "PG:(connection)", msg, sizeof msg);
    assert_string_equal(msg, "connect failed: password=***");
    CPLErrorReset();
    CPLPopErrorHandler();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(geojson_keeps_only_named_fields),
        cmocka_unit_test(missing_field_lists_fields),
        cmocka_unit_test(csv_points_from_x_y),
        cmocka_unit_test(csv_points_from_lon_lat),
        cmocka_unit_test(where_filters_rows),
        cmocka_unit_test(sql_reads_a_query),
        cmocka_unit_test(bad_where_names_layer_and_where),
        cmocka_unit_test(missing_file_says_so),
        cmocka_unit_test(missing_column_lists_columns_not_values),
        cmocka_unit_test(csv_without_geometry_suggests_columns),
        cmocka_unit_test(csv_row_without_coordinates_is_skipped),
        cmocka_unit_test(row_without_geometry_is_skipped),
        cmocka_unit_test(collection_of_mixed_kinds_fails),
        cmocka_unit_test(shapefile_reads_with_crs),
        cmocka_unit_test(truncated_shapefile_is_clear),
        cmocka_unit_test(empty_layer_is_not_an_error),
        cmocka_unit_test(crs_from_source_or_override),
        cmocka_unit_test(unknown_layer_lists_layers),
        cmocka_unit_test(x_y_need_a_csv),
        cmocka_unit_test(info_reports_layers_not_values),
        cmocka_unit_test(info_missing_file),
        cmocka_unit_test(pg_connection_never_shows_password),
        cmocka_unit_test(gdal_messages_lose_quoted_values),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
