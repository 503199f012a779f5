/* test_export.c - write stage, vector exports: every format reads back
 * with the fields, values and coordinates it was given; Shapefiles carry
 * .prj and .cpg and cut field names to 10 bytes; failures leave nothing;
 * rings, integer columns, quantising and the .prj's WKT. */
#include "check.h"
#include "csmap.h"
#include "write/write.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void make_dir(char *dir, size_t n)
{
    snprintf(dir, n, "/tmp/csm-export-XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(d);
    while ((e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    closedir(d);
    return n;
}

static void remove_dir(const char *dir)
{
    char cmd[128];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void add_point(csm_layer *l, double x, double y, const char *a,
                      const char *b)
{
    csm_feature f;
    csm_xy p = {x, y};

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
    f.val = calloc(2, sizeof *f.val);
    f.val[0] = a ? strdup(a) : NULL;
    f.val[1] = b ? strdup(b) : NULL;
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

/* Three points: a text field, an integer field with an empty value. */
static csm_layer *points(void)
{
    const char *fields[] = {"harm", "children"};
    csm_layer *l = csm_layer_new("concerns", fields, 2);

    assert_non_null(l);
    assert_int_equal(csm_layer_set_crs(l, "EPSG:27700", NULL), 0);
    add_point(l, 410100, 395100, "CCE", "10");
    add_point(l, 410200, 395250, "MISS", NULL);
    add_point(l, 410300, 395400, "Caf\xc3\xa9 \"quoted\"", "0");
    return l;
}

static csm_layer *read_back(const char *path, const char *f1, const char *f2,
                            const char *x, const char *y)
{
    const char *fields[] = {f1, f2};
    csm_read_opts o;
    csm_layer *l = NULL;
    csm_error err = {0, ""};

    memset(&o, 0, sizeof o);
    o.fields = fields;
    o.nfield = 2;
    o.x = x;
    o.y = y;
    o.crs = x ? "EPSG:27700" : NULL;
    if (csm_read_layer(path, &o, &l, &err))
        fail_msg("reading '%s' back: %s", path, err.msg);
    return l;
}

static void check_points(const csm_layer *l)
{
    assert_int_equal(l->n, 3);
    assert_near(l->feat[1].geom.pt[0].x, 410200, 1e-9);
    assert_near(l->feat[1].geom.pt[0].y, 395250, 1e-9);
    assert_string_equal(csm_layer_value(l, 0, 0), "CCE");
    assert_string_equal(csm_layer_value(l, 2, 0), "Caf\xc3\xa9 \"quoted\"");
    assert_string_equal(csm_layer_value(l, 0, 1), "10");
    assert_null(csm_layer_value(l, 1, 1));
    assert_string_equal(csm_layer_value(l, 2, 1), "0");
}

static void every_format_reads_back(void **state)
{
    static const char *const ext[] = {"gpkg", "geojson", "csv", "shp"};
    csm_layer *l = points(), *back;
    char dir[64], path[128];
    csm_error err = {0, ""};
    size_t i;

    (void)state;
    csm_init();
    make_dir(dir, sizeof dir);
    for (i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/out.%s", dir, ext[i]);
        if (csm_write_layer(path, l, NULL, &err))
            fail_msg("%s: %s", ext[i], err.msg);
        back = i == 2 ? read_back(path, "harm", "children", "X", "Y")
                      : read_back(path, "harm", "children", NULL, NULL);
        check_points(back);
        if (i < 2) { /* the Shapefile has no .prj here: none was given */
            assert_non_null(back->crs);
            assert_string_equal(back->crs, "EPSG:27700");
        }
        csm_layer_free(back);
    }
    /* gpkg, geojson, csv, and .shp .shx .dbf .cpg: no temporary, no .prj
     * (none was given) */
    assert_int_equal(count_entries(dir), 7);
    csm_layer_free(l);
    remove_dir(dir);
}

static void shapefile_has_prj_cpg_and_short_names(void **state)
{
    const char *fields[] = {"incidents_in_total", "incidents_in_area"};
    csm_layer *l = csm_layer_new("x", fields, 2), *back;
    csm_write_opts wo = {NULL, "PROJCS[\"test\"]"};
    char dir[64], path[128], buf[64];
    csm_error err = {0, ""};
    FILE *f;
    size_t n;

    (void)state;
    csm_init();
    make_dir(dir, sizeof dir);
    add_point(l, 1, 2, "5", "6");
    snprintf(path, sizeof path, "%s/x.shp", dir);
    assert_int_equal(csm_write_layer(path, l, &wo, &err), 0);
    snprintf(path, sizeof path, "%s/x.prj", dir);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, "PROJCS[\"test\"]");
    snprintf(path, sizeof path, "%s/x.cpg", dir);
    f = fopen(path, "rb");
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    assert_string_equal(buf, "UTF-8");
    /* both names cut to "incidents_": the second is made unique */
    snprintf(path, sizeof path, "%s/x.shp", dir);
    back = read_back(path, "incidents_", "incident_2", NULL, NULL);
    assert_string_equal(csm_layer_value(back, 0, 0), "5");
    assert_string_equal(csm_layer_value(back, 0, 1), "6");
    csm_layer_free(back);
    /* written again without a WKT: the old .prj goes */
    assert_int_equal(csm_write_layer(path, l, NULL, &err), 0);
    snprintf(path, sizeof path, "%s/x.prj", dir);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_equal(count_entries(dir), 4);
    csm_layer_free(l);
    remove_dir(dir);
}

/* Two squares, the first with a square hole. */
static csm_layer *polygons(void)
{
    static const csm_xy outer[] = {
        {0, 0}, {100, 0}, {100, 100}, {0, 100}, {0, 0}};
    static const csm_xy hole[] = {
        {40, 40}, {60, 40}, {60, 60}, {40, 60}, {40, 40}};
    static const csm_xy other[] = {
        {200, 0}, {300, 0}, {300, 100}, {200, 100}, {200, 0}};
    const char *fields[] = {"children"};
    csm_layer *l = csm_layer_new("cells", fields, 1);
    csm_feature f;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
    csm_geom_add_part(&f.geom, outer, 5, NULL);
    csm_geom_add_part(&f.geom, hole, 5, NULL);
    csm_geom_add_part(&f.geom, other, 5, NULL);
    f.val = calloc(1, sizeof *f.val);
    f.val[0] = strdup("15");
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    csm_layer_set_crs(l, "EPSG:27700", NULL);
    return l;
}

static void rings_find_their_shells(void **state)
{
    csm_layer *l = polygons();
    long shell[3];
    int multi;

    (void)state;
    wr_rings(&l->feat[0].geom, shell);
    assert_int_equal(shell[0], -1);
    assert_int_equal(shell[1], 0);
    assert_int_equal(shell[2], -1);
    assert_int_equal(wr_geom_type(l, &multi), CSM_GEOM_POLYGON);
    assert_int_equal(multi, 1);
    csm_layer_free(l);
}

static void polygons_with_holes_read_back(void **state)
{
    static const char *const ext[] = {"gpkg", "shp", "geojson"};
    csm_layer *l = polygons(), *back;
    const char *fields[] = {"children"};
    char dir[64], path[128];
    csm_error err = {0, ""};
    csm_read_opts o;
    size_t i;

    (void)state;
    csm_init();
    make_dir(dir, sizeof dir);
    memset(&o, 0, sizeof o);
    o.fields = fields;
    o.nfield = 1;
    for (i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/p.%s", dir, ext[i]);
        assert_int_equal(csm_write_layer(path, l, NULL, &err), 0);
        back = NULL;
        if (csm_read_layer(path, &o, &back, &err))
            fail_msg("%s: %s", ext[i], err.msg);
        assert_int_equal(back->n, 1);
        assert_int_equal(back->feat[0].geom.npart, 3);
        /* inside the hole: out; in the solid part and the second: in */
        assert_false(csm_geom_contains(&back->feat[0].geom, (csm_xy){50, 50}));
        assert_true(csm_geom_contains(&back->feat[0].geom, (csm_xy){10, 10}));
        assert_true(csm_geom_contains(&back->feat[0].geom, (csm_xy){250, 50}));
        assert_string_equal(csm_layer_value(back, 0, 0), "15");
        csm_layer_free(back);
    }
    csm_layer_free(l);
    remove_dir(dir);
}

static void failures_leave_nothing(void **state)
{
    csm_layer *l = points();
    char dir[64], path[160];
    csm_error err = {0, ""};
    csm_feature f;
    csm_xy p[2] = {{0, 0}, {1, 1}};

    (void)state;
    csm_init();
    make_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/no/such/out.shp", dir);
    assert_int_equal(csm_write_layer(path, l, NULL, &err), CSM_EIO);
    assert_non_null(strstr(err.msg, "out"));
    snprintf(path, sizeof path, "%s/no/such/out.gpkg", dir);
    assert_int_equal(csm_write_layer(path, l, NULL, &err), CSM_EIO);
    snprintf(path, sizeof path, "%s/out.docx", dir);
    assert_int_equal(csm_write_layer(path, l, NULL, &err), CSM_EUSAGE);
    /* a line among points: one file holds one type */
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_LINE);
    csm_geom_add_part(&f.geom, p, 2, NULL);
    f.val = calloc(2, sizeof *f.val);
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    snprintf(path, sizeof path, "%s/out.gpkg", dir);
    assert_int_equal(csm_write_layer(path, l, NULL, &err), CSM_EDATA);
    assert_int_equal(count_entries(dir), 0);
    csm_layer_free(l);
    remove_dir(dir);
}

static void integer_fields(void **state)
{
    const char *fields[] = {"a"};
    csm_layer *l = csm_layer_new("t", fields, 1);

    (void)state;
    add_point(l, 0, 0, "12", NULL);
    add_point(l, 0, 0, "-3", NULL);
    add_point(l, 0, 0, NULL, NULL);
    assert_true(wr_int_field(l, 0));
    add_point(l, 0, 0, "007", NULL); /* would lose its zeros */
    assert_false(wr_int_field(l, 0));
    csm_layer_free(l);
    l = csm_layer_new("t", fields, 1);
    add_point(l, 0, 0, "1234567890", NULL); /* beyond 32 bits' 9 digits */
    assert_false(wr_int_field(l, 0));
    csm_layer_free(l);
    l = csm_layer_new("t", fields, 1);
    add_point(l, 0, 0, NULL, NULL); /* nothing at all: text */
    assert_false(wr_int_field(l, 0));
    csm_layer_free(l);
}

static void formats_by_extension(void **state)
{
    (void)state;
    assert_int_equal(csm_vformat_from_path("a/b.gpkg"), CSM_VFORMAT_GPKG);
    assert_int_equal(csm_vformat_from_path("b.GeoJSON"), CSM_VFORMAT_GEOJSON);
    assert_int_equal(csm_vformat_from_path("b.csv"), CSM_VFORMAT_CSV);
    assert_int_equal(csm_vformat_from_path("b.SHP"), CSM_VFORMAT_SHP);
    assert_int_equal(csm_vformat_from_path("b.json"), -1); /* sidecars */
    assert_int_equal(csm_vformat_from_path("a.gpkg/b"), -1);
    assert_int_equal(csm_vformat_from_path("PG:dbname=x"), -1);
}

static void quantise_rounds_to_the_metre(void **state)
{
    csm_layer *l = points();

    (void)state;
    l->feat[0].geom.pt[0].x = 410100.49;
    l->feat[0].geom.pt[0].y = 395100.5;
    l->feat[1].geom.pt[0].x = -0.4;
    csm_anonymise_quantise(l, 1.0);
    assert_near(l->feat[0].geom.pt[0].x, 410100, 0);
    assert_near(l->feat[0].geom.pt[0].y, 395101, 0);
    assert_near(l->feat[1].geom.pt[0].x, 0, 0);
    assert_false(signbit(l->feat[1].geom.pt[0].x)); /* 0, not -0 */
    csm_anonymise_quantise(l, 0);                   /* nothing */
    csm_layer_free(l);
}

static void prj_is_esri_wkt(void **state)
{
    char *wkt = NULL;
    csm_error err = {0, ""};

    (void)state;
    assert_int_equal(csm_project_wkt("EPSG:27700", &wkt, &err), 0);
    assert_non_null(strstr(wkt, "PROJCS[\"British_National_Grid\""));
    assert_null(strchr(wkt, '\n'));
    free(wkt);
    assert_int_equal(
        csm_project_wkt("+proj=utm +zone=30 +datum=WGS84", &wkt, &err), 0);
    assert_non_null(strstr(wkt, "PROJCS["));
    free(wkt);
    assert_int_equal(csm_project_wkt("EPSG:99999999", &wkt, &err), CSM_ECRS);
    assert_null(wkt);
    assert_non_null(strstr(err.msg, "EPSG:99999999"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_format_reads_back),
        cmocka_unit_test(shapefile_has_prj_cpg_and_short_names),
        cmocka_unit_test(rings_find_their_shells),
        cmocka_unit_test(polygons_with_holes_read_back),
        cmocka_unit_test(failures_leave_nothing),
        cmocka_unit_test(integer_fields),
        cmocka_unit_test(formats_by_extension),
        cmocka_unit_test(quantise_rounds_to_the_metre),
        cmocka_unit_test(prj_is_esri_wkt),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
