/* test_messy.c - the read and project stages against files as teams hold
 * them (tests/data/messy, see its README): mixed CRSs, invalid polygons,
 * rows without coordinates or far away, BOMs, CRLF, quoted newlines,
 * duplicate columns, Windows-1252 text.  Every warning and error names
 * rows, never values. */
#include "check.h"
#include "csmap.h"

#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>

#define D "tests/data/messy/"

static csm_read_opts opts(const char *name, const char *const *f, size_t n)
{
    csm_read_opts o;

    memset(&o, 0, sizeof o);
    o.name = name;
    o.fields = f;
    o.nfield = n;
    return o;
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

static void crs84_with_old_crs_member_lands_in_place(void **state)
{
    const char *f[] = {"WD22NM|WD13NM", "WD22CD|wd13cd"};
    csm_read_opts o = opts("wards", f, 2);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "crs84.geojson", &o, &l, &err), 0);
    assert_string_equal(l->crs, "EPSG:4326"); /* GDAL: CRS84 is lon/lat */
    /* each field is named after the alternative found */
    assert_string_equal(l->field[0], "WD13NM");
    assert_string_equal(l->field[1], "wd13cd");
    assert_int_equal(csm_layer_field(l, "WD22NM|WD13NM"), 0);
    assert_int_equal(csm_layer_field(l, "WD22CD|wd13cd"), 1);
    assert_int_equal(csm_layer_field(l, "WD13NM"), 0);
    assert_string_equal(csm_layer_value(l, 0, 0), "Tamsin Ward");
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    /* the corner was made with cs2cs from 334500,389500 */
    assert_near(l->feat[0].geom.pt[0].x, 334500.0, 0.5);
    assert_near(l->feat[0].geom.pt[0].y, 389500.0, 0.5);
    assert_int_equal(l->notes.nwarn, 0);
    csm_layer_free(l);
}

static void prj_without_epsg_code_lands_in_place(void **state)
{
    const char *f[] = {"code"};
    csm_read_opts o = opts("lsoa", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "bng_noepsg/areas.shp", &o, &l, &err), 0);
    assert_has(l->crs, "Council_Grid"); /* WKT: no EPSG code matched */
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    /* through WGS 84 with the .prj's TOWGS84 and back: within metres */
    assert_near(l->feat[0].geom.pt[0].x, 334500.0, 5.0);
    assert_near(l->feat[0].geom.pt[0].y, 389500.0, 5.0);
    csm_layer_free(l);
}

static void police_csv_bom_crlf_quotes_and_gaps(void **state)
{
    const char *f[] = {"Crime ID", "Location", "Crime type"};
    csm_read_opts o = opts("police", f, 3);
    csm_layer *l = NULL;
    csm_error err;
    size_t i;

    (void)state;
    o.x = "Longitude";
    o.y = "Latitude";
    o.crs = "EPSG:4326";
    assert_int_equal(csm_read_layer(D "police_messy.csv", &o, &l, &err), 0);
    /* the BOM is not part of the first column's name */
    assert_int_equal(csm_layer_field(l, "Crime ID"), 0);
    assert_int_equal(l->notes.rows, 7);
    assert_int_equal(l->n, 5);
    assert_int_equal(l->notes.no_coords, 2);
    assert_string_equal(csm_layer_value(l, 1, 1),
                        "On or near Orrel Vale, Upper");
    assert_null(csm_layer_value(l, 1, 0)); /* an empty id stays a row */
    assert_has(csm_layer_value(l, 2, 1), "\"The Wend\"");
    assert_has(csm_layer_value(l, 2, 1), "back lane");
    assert_int_equal(l->feat[2].row, 4);
    assert_int_equal(l->notes.nwarn, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'police': skipped 2 of 7 rows with no "
                        "coordinates ('Longitude' or 'Latitude' is empty or "
                        "not a number): rows 3 and 6");
    /* null island is hundreds of km outside British National Grid */
    assert_int_equal(csm_project_layer(l, "EPSG:27700", &err), 0);
    assert_int_equal(l->n, 4);
    assert_int_equal(l->notes.outside, 1);
    assert_int_equal(l->notes.nwarn, 2);
    assert_string_equal(l->notes.warn[1],
                        "layer 'police': skipped 1 of 5 rows whose "
                        "coordinates are outside the area of use of "
                        "EPSG:27700 (OSGB36 / British National Grid): row 5");
    for (i = 0; i < l->notes.nwarn; i++) {
        assert_lacks(l->notes.warn[i], "c0ffee");
        assert_lacks(l->notes.warn[i], "Nowhere");
        assert_lacks(l->notes.warn[i], "n/a");
    }
    csm_layer_free(l);
}

static void every_row_without_coordinates_is_an_error(void **state)
{
    csm_read_opts o = opts("schools", NULL, 0);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.x = "easting";
    o.y = "northing";
    assert_int_equal(csm_read_layer(D "nocoords_all.csv", &o, &l, &err),
                     CSM_EDATA);
    assert_null(l);
    assert_string_equal(err.msg, "layer 'schools', row 1: no coordinates "
                                 "('easting' or 'northing' is empty or not a "
                                 "number), and so has every other row");
}

static void windows_1252_csv_is_read_with_one_warning(void **state)
{
    const char *f[] = {"EstablishmentName"};
    csm_read_opts o = opts("schools", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.x = "Easting";
    o.y = "Northing";
    o.crs = "EPSG:27700";
    assert_int_equal(csm_read_layer(D "gias_cp1252.csv", &o, &l, &err), 0);
    assert_string_equal(csm_layer_value(l, 0, 0), "Ros\xc3\xa9"
                                                  "bank Primary School");
    assert_string_equal(csm_layer_value(l, 1, 0),
                        "St Bride\xe2\x80\x99s Academy");
    assert_int_equal(l->notes.recoded, 2);
    assert_int_equal(l->notes.nwarn, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'schools': text that is not UTF-8 read as "
                        "Windows-1252 (save the file as UTF-8 to be sure): "
                        "rows 1 and 2");
    csm_layer_free(l);
}

static void shapefile_code_pages(void **state)
{
    const char *f[] = {"name"};
    csm_read_opts o = opts("places", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    /* a .cpg says CP1252: GDAL recodes, nothing to warn about */
    assert_int_equal(csm_read_layer(D "shp_cpg/places.shp", &o, &l, &err), 0);
    assert_string_equal(csm_layer_value(l, 0, 0), "Caf\xc3\xa9 Quillon");
    assert_string_equal(csm_layer_value(l, 1, 0), "St Bride\xe2\x80\x99s Yard");
    assert_int_equal(l->notes.nwarn, 0);
    csm_layer_free(l);
    /* the same DBF without a .cpg or code page byte: GDAL passes the
     * bytes through, which are not UTF-8 */
    assert_int_equal(csm_read_layer(D "shp_raw/places.shp", &o, &l, &err), 0);
    assert_string_equal(csm_layer_value(l, 0, 0), "Caf\xc3\xa9 Quillon");
    assert_string_equal(csm_layer_value(l, 1, 0), "St Bride\xe2\x80\x99s Yard");
    assert_int_equal(l->notes.recoded, 2);
    assert_int_equal(l->notes.nwarn, 1);
    assert_has(l->notes.warn[0], "rows 1 and 2");
    csm_layer_free(l);
    /* told it is Latin-1, GDAL turns the apostrophe into a control
     * character, which no one types: read as Windows-1252 too */
    CPLSetConfigOption("SHAPE_ENCODING", "ISO-8859-1");
    assert_int_equal(csm_read_layer(D "shp_raw/places.shp", &o, &l, &err), 0);
    CPLSetConfigOption("SHAPE_ENCODING", NULL);
    assert_string_equal(csm_layer_value(l, 0, 0), "Caf\xc3\xa9 Quillon");
    assert_string_equal(csm_layer_value(l, 1, 0), "St Bride\xe2\x80\x99s Yard");
    assert_int_equal(l->notes.recoded, 1);
    assert_has(l->notes.warn[0], ": row 2");
    csm_layer_free(l);
}

static void duplicate_columns_are_refused_only_when_named(void **state)
{
    const char *f[] = {"name"}, *g[] = {"id"};
    csm_read_opts o = opts("courts", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    o.x = "easting";
    o.y = "northing";
    o.crs = "EPSG:27700";
    assert_int_equal(csm_read_layer(D "dupcols.csv", &o, &l, &err), CSM_EDATA);
    assert_string_equal(err.msg, "layer 'courts': 'tests/data/messy/"
                                 "dupcols.csv' has 2 columns called 'name' (2 "
                                 "and 3): rename one so the spec can name it");
    assert_lacks(err.msg, "Larch");
    o.fields = g;
    assert_int_equal(csm_read_layer(D "dupcols.csv", &o, &l, &err), 0);
    assert_int_equal(l->n, 1);
    csm_layer_free(l);
}

static void missing_alternatives_are_listed(void **state)
{
    const char *f[] = {"WD24NM|WD23NM|label"};
    csm_read_opts o = opts("wards", f, 1);
    csm_layer *l = NULL;
    csm_error err;

    (void)state;
    assert_int_equal(csm_read_layer(D "crs84.geojson", &o, &l, &err),
                     CSM_EDATA);
    assert_string_equal(err.msg, "layer 'wards': no field 'WD24NM', 'WD23NM' "
                                 "or 'label' in 'tests/data/messy/"
                                 "crs84.geojson' (fields: WD13CD, WD13NM)");
}

static double area_of(const csm_geom *g)
{
    double a = 0;
    size_t i;

    for (i = 0; i < g->npart; i++) {
        double r = csm_geom_ring_area(g, i);
        a += r < 0 ? -r : r;
    }
    return a;
}

static void invalid_polygons_are_repaired_with_one_warning(void **state)
{
    const char *f[] = {"code"};
    csm_read_opts o = opts("msoa", f, 1);
    csm_layer *l = NULL;
    csm_error err;
    csm_xy overlap = {336750, 390750}, lobe = {335500, 390200};

    (void)state;
    assert_int_equal(csm_read_layer(D "invalid.geojson", &o, &l, &err), 0);
    assert_int_equal(l->n, 3); /* a Polygon / MultiPolygon mix is fine */
    assert_int_equal(l->notes.repaired, 2);
    assert_int_equal(l->notes.nwarn, 1);
    assert_string_equal(l->notes.warn[0],
                        "layer 'msoa': repaired 2 invalid polygons "
                        "(self-intersecting or badly nested rings) for "
                        "drawing and counting: rows 1 and 2");
    /* the bow tie is two triangles of 250,000 m2 each */
    assert_near(area_of(&l->feat[0].geom), 500000.0, 1.0);
    assert_true(csm_geom_contains(&l->feat[0].geom, lobe));
    /* overlapping parts are one area: even-odd filling would have left
     * the overlap out of the drawing and of every count */
    assert_true(csm_geom_contains(&l->feat[1].geom, overlap));
    assert_near(area_of(&l->feat[1].geom), 1750000.0, 1.0);
    assert_int_equal(l->feat[2].geom.npart, 1);
    csm_layer_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crs84_with_old_crs_member_lands_in_place),
        cmocka_unit_test(prj_without_epsg_code_lands_in_place),
        cmocka_unit_test(police_csv_bom_crlf_quotes_and_gaps),
        cmocka_unit_test(every_row_without_coordinates_is_an_error),
        cmocka_unit_test(windows_1252_csv_is_read_with_one_warning),
        cmocka_unit_test(shapefile_code_pages),
        cmocka_unit_test(duplicate_columns_are_refused_only_when_named),
        cmocka_unit_test(missing_alternatives_are_listed),
        cmocka_unit_test(invalid_polygons_are_repaired_with_one_warning),
    };

    csm_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
