/* test_spec.c - map specs and styles from YAML: every key, the defaults,
 * path resolution, the exact error messages, and the symbol merge order.
 * Run from the repository root (fixtures in tests/data/spec/). */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DIR "tests/data/spec"

/* ---- helpers ---------------------------------------------------------- */

static char tmpdir[64];
static char tmppath[96];

static int make_tmpdir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/csm-spec-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(tmppath, sizeof tmppath, "%s/spec.yaml", tmpdir);
    return 0;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    unlink(tmppath);
    return rmdir(tmpdir);
}

static void write_text(const char *text)
{
    FILE *fp = fopen(tmppath, "w");

    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

/* Load 'text' as a spec; expect failure with "TMP:<msg>". */
static void spec_fails(const char *text, int code, const char *msg)
{
    char want[512];
    csm_error err = {0, ""};
    csm_spec *s = (csm_spec *)&err; /* must come back NULL */

    write_text(text);
    assert_int_equal(csm_spec_load(tmppath, &s, &err), code);
    assert_null(s);
    assert_int_equal(err.code, code);
    snprintf(want, sizeof want, "%s:%s", tmppath, msg);
    assert_string_equal(err.msg, want);
}

static void style_fails(const char *text, const char *msg)
{
    char want[512];
    csm_error err = {0, ""};
    csm_style *st = (csm_style *)&err;

    write_text(text);
    assert_int_equal(csm_style_load(tmppath, &st, &err), CSM_EDATA);
    assert_null(st);
    snprintf(want, sizeof want, "%s:%s", tmppath, msg);
    assert_string_equal(err.msg, want);
}

static int same_colour(csm_rgba c, unsigned hex)
{
    csm_rgba w = {((hex >> 24) & 0xff) / 255.0, ((hex >> 16) & 0xff) / 255.0,
                  ((hex >> 8) & 0xff) / 255.0, (hex & 0xff) / 255.0};
    return fabs(c.r - w.r) < 1e-9 && fabs(c.g - w.g) < 1e-9 &&
           fabs(c.b - w.b) < 1e-9 && fabs(c.a - w.a) < 1e-9;
}

static csm_spec *load_spec(const char *path)
{
    csm_error err = {0, ""};
    csm_spec *s = NULL;

    if (csm_spec_load(path, &s, &err))
        fail_msg("%s", err.msg);
    return s;
}

static csm_style *load_style(const char *path)
{
    csm_error err = {0, ""};
    csm_style *st = NULL;

    if (csm_style_load(path, &st, &err))
        fail_msg("%s", err.msg);
    return st;
}

/* ---- specs that load --------------------------------------------------- */

static void full_spec_loads_every_key(void **state)
{
    csm_spec *s = load_spec(DIR "/full.yaml");
    const csm_layer_spec *l;

    (void)state;
    assert_string_equal(s->path, DIR "/full.yaml");
    assert_string_equal(s->dir, DIR);
    assert_string_equal(s->title, "Northbridge town centre");
    assert_string_equal(s->subtitle, "Locations of concern, January to March");
    assert_string_equal(s->marking, "OFFICIAL");
    assert_string_equal(s->date, "2024-03-31");
    assert_string_equal(s->statement, "Points snapped to a 250 m grid");
    assert_string_equal(s->owner, "Northbridge Contextual Safeguarding Team");
    assert_int_equal(s->nsources, 2);
    assert_string_equal(s->sources[0],
                        "Schools: Get Information About Schools");
    assert_string_equal(s->sources[1], "Contains OS data (c) Crown copyright");
    assert_int_equal(s->page_size, CSM_PAGE_A3);
    assert_int_equal(s->landscape, 1);
    assert_near(s->margin_mm, 12.5, 1e-12);
    assert_string_equal(s->crs, "EPSG:27700");
    assert_int_equal(s->extent_mode, CSM_EXTENT_LAYER);
    assert_string_equal(s->extent_layer, "areas");
    assert_string_equal(s->extent_where, "ward = 'Central'");
    assert_near(s->extent_margin_m, 200.0, 1e-12);
    assert_int_equal(s->nlayer, 3);

    l = &s->layer[0];
    assert_string_equal(l->name, "areas");
    assert_string_equal(l->layer, "wards");
    assert_int_equal(l->kind, CSM_KIND_AREA);
    assert_int_equal(l->sensitivity, CSM_SENS_PUBLIC);
    assert_string_equal(l->label, "ward");
    assert_string_equal(l->legend, "Wards");
    assert_int_equal(l->line, 23);
    assert_int_equal(l->sym.set, 0);

    l = &s->layer[1];
    assert_string_equal(l->x, "easting");
    assert_string_equal(l->y, "northing");
    assert_int_equal(l->lonlat, 0);
    assert_string_equal(l->crs, "EPSG:27700");
    assert_string_equal(l->where, "phase = 'Secondary'");
    assert_int_equal(l->kind, CSM_KIND_SCHOOL);
    assert_string_equal(l->label, "school_name");
    assert_string_equal(l->id, "urn");
    assert_int_equal(l->line, 29);
    assert_int_equal(l->sym.set, CSM_SET_FILL | CSM_SET_SIZE_MM | CSM_SET_DASH |
                                     CSM_SET_LABEL_BOLD |
                                     CSM_SET_LABEL_PRIORITY);
    assert_true(same_colour(l->sym.fill, 0x112233ffu));
    assert_near(l->sym.size_mm, 5.0, 1e-12);
    assert_int_equal(l->sym.ndash, 2);
    assert_near(l->sym.dash_mm[1], 1.5, 1e-12);
    assert_int_equal(l->sym.label_bold, 1);
    assert_int_equal(l->sym.label_priority, 80);

    l = &s->layer[2];
    assert_int_equal(l->kind, CSM_KIND_CONCERN);
    assert_int_equal(l->sensitivity, CSM_SENS_PSEUDONYMISED);
    assert_int_equal(l->lonlat, 1);
    assert_string_equal(l->x, "longitude");
    assert_string_equal(l->y, "latitude");
    assert_string_equal(l->crs, "EPSG:4326");
    assert_string_equal(l->category, "harm");
    assert_string_equal(l->date, "month");
    assert_string_equal(l->subject, "peer_group");
    assert_int_equal(l->ncls, 2);
    assert_string_equal(l->cls[0].value, "CCE");
    assert_string_equal(l->cls[0].label, "Exploitation (local wording)");
    assert_int_equal(l->cls[0].sym.set, 0);
    assert_string_equal(l->cls[1].value, "OTHER");
    assert_string_equal(l->cls[1].label, "Anything else");
    assert_int_equal(l->cls[1].sym.shape, CSM_SHAPE_STAR);
    assert_int_equal(l->cls[1].sym.hatch, CSM_HATCH_DOTS);
    assert_true(same_colour(l->cls[1].sym.fill, 0xaabbcc80u));
    csm_spec_free(s);
}

static void relative_paths_resolve_against_the_spec(void **state)
{
    csm_spec *s = load_spec(DIR "/full.yaml");

    (void)state;
    assert_string_equal(s->layer[0].source, DIR "/layers/areas.geojson");
    assert_string_equal(s->layer[1].source, "/data/schools.csv");
    assert_string_equal(s->layer[2].source, "PG:dbname=csmap");
    assert_string_equal(s->style, DIR "/partial-style.yaml");
    assert_string_equal(s->policy, DIR "/policy.yaml");
    csm_spec_free(s);
}

static void defaults_are_filled_in(void **state)
{
    char style[512];
    csm_spec *s = load_spec(DIR "/minimal.yaml");

    (void)state;
    assert_string_equal(s->marking, "OFFICIAL-SENSITIVE");
    assert_null(s->subtitle);
    assert_null(s->date);
    assert_null(s->statement);
    assert_int_equal(s->nsources, 0);
    assert_int_equal(s->page_size, CSM_PAGE_A4);
    assert_int_equal(s->landscape, 0);
    assert_near(s->margin_mm, 10.0, 1e-12);
    assert_string_equal(s->crs, "EPSG:27700");
    assert_int_equal(s->extent_mode, CSM_EXTENT_ALL);
    assert_near(s->extent_margin_m, 0.0, 1e-12);
    snprintf(style, sizeof style, "%s/styles/default.yaml", csm_data_dir());
    assert_string_equal(s->style, style);
    assert_null(s->policy);
    assert_int_equal(s->nlayer, 2);
    assert_int_equal(s->layer[0].sensitivity, CSM_SENS_PSEUDONYMISED);
    assert_null(s->layer[0].crs);
    assert_int_equal(s->layer[0].lonlat, 0);
    assert_string_equal(s->layer[0].source, DIR "/cases.csv");
    assert_int_equal(s->layer[1].sensitivity, CSM_SENS_PUBLIC);
    assert_null(s->layer[1].layer);
    assert_int_equal(s->layer[1].line, 8);
    csm_spec_free(s);
}

static void bare_style_name_is_looked_up_in_the_data_dir(void **state)
{
    char want[512];
    csm_spec *s;

    (void)state;
    write_text("title: t\nstyle: greyscale\n");
    s = load_spec(tmppath);
    snprintf(want, sizeof want, "%s/styles/greyscale.yaml", csm_data_dir());
    assert_string_equal(s->style, want);
    csm_spec_free(s);
}

static void extent_box_reads_four_numbers(void **state)
{
    csm_spec *s;

    (void)state;
    write_text("title: t\nextent: {box: [1, 2, 3.5, 4], margin_m: 50}\n");
    s = load_spec(tmppath);
    assert_int_equal(s->extent_mode, CSM_EXTENT_BOX);
    assert_near(s->extent_box.minx, 1.0, 0);
    assert_near(s->extent_box.miny, 2.0, 0);
    assert_near(s->extent_box.maxx, 3.5, 0);
    assert_near(s->extent_box.maxy, 4.0, 0);
    assert_near(s->extent_margin_m, 50.0, 0);
    csm_spec_free(s);
}

/* ---- specs that fail, message by message -------------------------------- */

static void missing_file_is_eio(void **state)
{
    csm_error err = {0, ""};
    csm_spec *s = NULL;

    (void)state;
    assert_int_equal(csm_spec_load(DIR "/nope.yaml", &s, &err), CSM_EIO);
    assert_null(s);
    assert_string_equal(err.msg, "cannot open '" DIR
                                 "/nope.yaml': No such file or directory");
}

static void syntax_error_names_line_and_column(void **state)
{
    csm_error err = {0, ""};
    csm_spec *s = NULL;

    (void)state;
    assert_int_equal(csm_spec_load(DIR "/syntax.yaml", &s, &err), CSM_EDATA);
    assert_null(s);
    assert_string_equal(err.msg, DIR "/syntax.yaml:5:1: flow sequence "
                                     "without a closing bracket");
    spec_fails("title: a\ntitle: b\n", CSM_EDATA, "2:1: duplicate key");
    spec_fails("", CSM_EDATA, "1:1: empty file (expected keys)");
    spec_fails("- a\n- b\n", CSM_EDATA,
               "1:3: expected keys at top level, not a list");
}

static void unknown_key_suggests_the_nearest(void **state)
{
    csm_error err = {0, ""};
    csm_spec *s = NULL;

    (void)state;
    assert_int_equal(csm_spec_load(DIR "/unknown-key.yaml", &s, &err),
                     CSM_EDATA);
    assert_string_equal(err.msg, DIR "/unknown-key.yaml:6:5: unknown key "
                                     "'lable' in layer 'schools' (did you "
                                     "mean 'label'?)");
    spec_fails("titel: t\n", CSM_EDATA,
               "1:1: unknown key 'titel' at top level (did you mean "
               "'title'?)");
    spec_fails("title: t\npage: {size: A4, orient: portrait}\n", CSM_EDATA,
               "2:18: unknown key 'orient' in page (did you mean "
               "'orientation'?)");
    spec_fails("title: t\nmargin_mm: 5\n", CSM_EDATA,
               "2:1: unknown key 'margin_mm' at top level ('margin_mm' "
               "belongs under 'page')");
    spec_fails("title: t\nlayers:\n  - {name: a, source: a, kind: area, "
               "fill: \"#000000\"}\n",
               CSM_EDATA,
               "3:38: unknown key 'fill' in layer 'a' ('fill' belongs "
               "under 'style')");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    style: {fil: \"#000000\"}\n",
               CSM_EDATA,
               "6:13: unknown key 'fil' in style of layer 'a' (did you mean "
               "'fill'?)");
    spec_fails("title: t\nzzzzzz: 1\n", CSM_EDATA,
               "2:1: unknown key 'zzzzzz' at top level");
}

static void bad_values_list_what_is_allowed(void **state)
{
    (void)state;
    spec_fails("title: t\nlayers:\n  - {name: a, source: a, kind: skool}\n",
               CSM_EDATA,
               "3:32: bad kind 'skool' in layer 'a' (expected area, school, "
               "hub, route, concern, protective, annotation, base, peer-group or safety-map)");
    spec_fails("title: t\npage:\n  size: A5\n", CSM_EDATA,
               "3:9: bad size 'A5' in page (expected A4, A3 or A2)");
    spec_fails("title: t\npage: {orientation: sideways}\n", CSM_EDATA,
               "2:21: bad orientation 'sideways' in page (expected "
               "portrait or landscape)");
    spec_fails("title: t\nlayers:\n  - {name: a, source: a, kind: area, "
               "sensitivity: secret}\n",
               CSM_EDATA,
               "3:51: bad sensitivity 'secret' in layer 'a' (expected "
               "public, aggregate, pseudonymised or personal)");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    style:\n      fill: \"#12345\"\n",
               CSM_EDATA,
               "7:14: bad colour '#12345' for 'fill' in style of layer 'a' "
               "(expected #RRGGBB, #RRGGBBAA or none)");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    style:\n      fill: #123456\n",
               CSM_EDATA,
               "7:7: no value for 'fill' in style of layer 'a' (quote "
               "colours: fill: \"#RRGGBB\")");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    style: {shape: blob}\n",
               CSM_EDATA,
               "6:20: bad shape 'blob' in style of layer 'a' (expected none, "
               "circle, square, triangle, diamond, star, cross, school, "
               "hub or shield)");
    spec_fails("title: t\npage: {margin_mm: wide}\n", CSM_EDATA,
               "2:19: 'margin_mm' in page must be a number, not 'wide'");
    spec_fails("title: t\npage: {margin_mm: -1}\n", CSM_EDATA,
               "2:19: 'margin_mm' in page must be at least 0");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    label: {a: b}\n",
               CSM_EDATA,
               "6:5: 'label' in layer 'a' must be a string, not a mapping");
    spec_fails("title: t\ndate: 2024-13-01\n", CSM_EDATA,
               "2:7: bad date '2024-13-01' at top level (expected "
               "YYYY-MM-DD or YYYY-MM)");
    spec_fails("title: t\ndate: 2023-02-29\n", CSM_EDATA,
               "2:7: bad date '2023-02-29' at top level (expected "
               "YYYY-MM-DD or YYYY-MM)");
    spec_fails("title: t\nextent: {box: [1, 2, 3]}\n", CSM_EDATA,
               "2:10: 'box' in extent must be 4 numbers: [minx, miny, maxx, "
               "maxy]");
    spec_fails("title: t\nextent: {box: [3, 2, 1, 4]}\n", CSM_EDATA,
               "2:10: 'box' in extent must have minx < maxx and miny < "
               "maxy");
    spec_fails("title: t\nlayers:\n  - {name: a, source: a, kind: area, "
               "style: {dash: [1, x]}}\n",
               CSM_EDATA,
               "3:46: 'dash' in style of layer 'a' must be a list of up to 4 "
               "lengths in mm, e.g. [2, 1], or none");
}

/* Field keys may list alternatives; `use:` takes a shipped definition's
 * keys as defaults; a source never holds a password. */
static void field_lists_definitions_and_sources(void **state)
{
    csm_spec *s;
    const csm_layer_spec *ls;

    (void)state;
    setenv("CSMAP_DATADIR", ".", 1); /* tests run from the top of the tree */
    write_text("title: t\nlayers:\n  - name: w\n    source: w.geojson\n"
               "    kind: area\n    label: [WD22NM, WD13NM, name]\n"
               "    id: WD13CD\n");
    s = load_spec(tmppath);
    assert_string_equal(s->layer[0].label, "WD22NM|WD13NM|name");
    assert_string_equal(s->layer[0].id, "WD13CD");
    csm_spec_free(s);
    write_text("title: t\nlayers:\n  - name: s\n    use: uk/gias-schools\n"
               "    source: s.csv\n    legend: Mine\n    where: ~\n"
               "    x: X\n    y: Y\n");
    s = load_spec(tmppath);
    ls = &s->layer[0];
    assert_int_equal(ls->kind, CSM_KIND_SCHOOL);
    assert_string_equal(ls->label, "EstablishmentName|Establishment name");
    assert_string_equal(ls->legend, "Mine"); /* the layer's own keys win */
    assert_null(ls->where);                  /* ~ drops the definition's */
    assert_string_equal(ls->x, "X");
    assert_null(ls->crs); /* coordinates and their CRS go together */
    assert_true(ls->ncls > 0);
    csm_spec_free(s);
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    label: []\n",
               CSM_EDATA, "6:5: 'label' in layer 'a' is an empty list: name "
                          "a field");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: a\n    kind: "
               "area\n    layer: t\n    sql: SELECT 1\n",
               CSM_EDATA, "7:5: 'layer' and 'sql' in layer 'a': give one of "
                          "them");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: PG:dbname=x "
               "PASSWORD = hunter2\n    kind: area\n",
               CSM_EDATA,
               "4:13: the source in layer 'a' holds a password: keep it in "
               "~/.pgpass, PGPASSFILE or a pg_service.conf service (source: "
               "PG:service=NAME), never in a spec");
    spec_fails("title: t\nlayers:\n  - name: a\n    source: "
               "\"PG:postgresql://ann:hunter2@db/cases\"\n    kind: area\n",
               CSM_EDATA,
               "4:14: the source in layer 'a' holds a password: keep it in "
               "~/.pgpass, PGPASSFILE or a pg_service.conf service (source: "
               "PG:service=NAME), never in a spec");
    spec_fails("title: t\nlayers:\n  - name: a\n    use: uk/gias-school\n"
               "    source: a\n",
               CSM_EDATA,
               "4:10: unknown layer definition 'uk/gias-school' in layer 'a' "
               "(did you mean 'uk/gias-schools'?): see ./layers/");
    spec_fails("title: t\nlayers:\n  - name: a\n    use: ../../etc/passwd\n"
               "    source: a\n",
               CSM_EDATA,
               "4:10: 'use' in layer 'a' must name a layer definition such "
               "as uk/gias-schools (lower-case words and '/')");
    unsetenv("CSMAP_DATADIR");
}

static void required_and_unique_keys(void **state)
{
    (void)state;
    spec_fails("subtitle: s\n", CSM_EDATA, "1:1: missing 'title' at top level");
    spec_fails("title: t\nlayers:\n  - {source: a, kind: area}\n", CSM_EDATA,
               "3:6: missing 'name' in layers entry 1");
    spec_fails("title: t\nlayers:\n  - {name: a, kind: area}\n", CSM_EDATA,
               "3:6: missing 'source' in layer 'a'");
    spec_fails("title: t\nlayers:\n  - {name: a, source: a}\n", CSM_EDATA,
               "3:6: missing 'kind' in layer 'a' (expected area, school, "
               "hub, route, concern, protective, annotation, base, peer-group or safety-map)");
    spec_fails("title: t\nlayers:\n  - {name: a, source: a, kind: area}\n"
               "  - {name: a, source: b, kind: base}\n",
               CSM_EDATA, "4:12: duplicate layer name 'a' (first at line 3)");
    spec_fails("title: t\nlayers:\n  - {name: a, source: a, kind: area, "
               "lon: x}\n",
               CSM_EDATA, "3:38: 'lon' in layer 'a' needs 'lat' too");
    spec_fails("title: t\nextent: {layer: ares}\nlayers:\n  - {name: areas, "
               "source: a, kind: area}\n",
               CSM_EDATA,
               "2:17: no layer 'ares' for extent (did you mean 'areas'?)");
    spec_fails("title: t\nextent: {layer: a, box: [0, 0, 1, 1]}\n", CSM_EDATA,
               "2:1: 'extent' takes 'layer' or 'box', not both");
    spec_fails("title: t\nlayers: {a: 1}\n", CSM_EDATA,
               "2:1: 'layers' at top level must be a list, not a mapping");
}

static void bad_style_name_is_reported(void **state)
{
    char want[512];

    (void)state;
    snprintf(want, sizeof want,
             "2:8: unknown style 'greyscal' (no file "
             "'%s/styles/greyscal.yaml')",
             csm_data_dir());
    spec_fails("title: t\nstyle: greyscal\n", CSM_EDATA, want);
    snprintf(want, sizeof want,
             "2:8: cannot open style '%s/./nope.yaml': No such file or "
             "directory",
             tmpdir);
    spec_fails("title: t\nstyle: ./nope.yaml\n", CSM_EDATA, want);
}

/* ---- styles ------------------------------------------------------------- */

static void style_merges_over_builtin_defaults(void **state)
{
    csm_style *st = load_style(DIR "/partial-style.yaml");

    (void)state;
    assert_string_equal(st->name, "partial-style");
    assert_string_equal(st->font, "DejaVu Sans");
    assert_string_equal(st->kind[CSM_KIND_SCHOOL].legend, "Secondary schools");
    assert_true(same_colour(st->kind[CSM_KIND_SCHOOL].sym.fill, 0x000000ffu));
    /* untouched keys keep the built-in defaults */
    assert_int_equal(st->kind[CSM_KIND_SCHOOL].sym.shape, CSM_SHAPE_SCHOOL);
    assert_near(st->kind[CSM_KIND_SCHOOL].sym.size_mm, 4.0, 1e-12);
    assert_string_equal(st->kind[CSM_KIND_HUB].legend, "Transport hubs");
    assert_int_equal(st->kind[CSM_KIND_HUB].sym.shape, CSM_SHAPE_HUB);
    assert_int_equal(st->kind[CSM_KIND_ROUTE].sym.arrows, 1);
    assert_near(st->kind[CSM_KIND_CONCERN].sym.size_mm, 5.0, 1e-12);
    assert_int_equal(st->kind[CSM_KIND_CONCERN].ncls, 2);
    csm_style_free(st);
}

static void resolve_merges_in_order_and_returns_label(void **state)
{
    csm_style *st = load_style(DIR "/partial-style.yaml");
    csm_spec *s = load_spec(DIR "/full.yaml");
    const csm_layer_spec *inc = &s->layer[2];
    const char *label = "unset";
    csm_symbol y;

    (void)state;
    /* style class CCE (square, stroke 0.5) over kind (size 5); the layer
     * class has only a label, which wins */
    y = csm_style_resolve(st, inc, "CCE", &label);
    assert_int_equal(y.shape, CSM_SHAPE_SQUARE);
    assert_near(y.stroke_mm, 0.5, 1e-12);
    assert_near(y.size_mm, 5.0, 1e-12);
    assert_true(same_colour(y.fill, 0xe69f00ffu));
    assert_string_equal(label, "Exploitation (local wording)");
    /* layer class OTHER (star, fill) over style class OTHER (label only) */
    y = csm_style_resolve(st, inc, "OTHER", &label);
    assert_int_equal(y.shape, CSM_SHAPE_STAR);
    assert_true(same_colour(y.fill, 0xaabbcc80u));
    assert_string_equal(label, "Anything else");
    /* case differs: still the class */
    y = csm_style_resolve(st, inc, "cce", &label);
    assert_int_equal(y.shape, CSM_SHAPE_SQUARE);
    /* no class: the kind's symbol, no label */
    y = csm_style_resolve(st, inc, "XYZ", &label);
    assert_int_equal(y.shape, CSM_SHAPE_CIRCLE);
    assert_null(label);
    y = csm_style_resolve(st, inc, NULL, &label);
    assert_null(label);
    /* layer override over the kind */
    y = csm_style_resolve(st, &s->layer[1], NULL, NULL);
    assert_true(same_colour(y.fill, 0x112233ffu));
    assert_near(y.size_mm, 5.0, 1e-12);
    assert_int_equal(y.shape, CSM_SHAPE_SCHOOL);
    assert_int_equal(y.ndash, 2);
    csm_style_free(st);
    csm_spec_free(s);
}

static void resolve_order_is_kind_layer_styleclass_layerclass(void **state)
{
    csm_style *st = load_style(DIR "/partial-style.yaml");
    csm_layer_spec ls;
    csm_class lc;
    const char *label;
    csm_symbol y;

    (void)state;
    memset(&ls, 0, sizeof ls);
    memset(&lc, 0, sizeof lc);
    ls.kind = CSM_KIND_CONCERN;
    ls.sym.set = CSM_SET_FILL | CSM_SET_STROKE_MM | CSM_SET_SIZE_MM;
    ls.sym.fill = (csm_rgba){1, 0, 0, 1};
    ls.sym.stroke_mm = 9;
    ls.sym.size_mm = 7;
    y = csm_style_resolve(st, &ls, "CCE", &label);
    assert_true(same_colour(y.fill, 0xe69f00ffu)); /* style class > layer */
    assert_near(y.stroke_mm, 0.5, 1e-12);
    assert_near(y.size_mm, 7.0, 1e-12); /* layer > kind */
    assert_string_equal(label, "Child criminal exploitation");
    lc.value = "CCE";
    lc.sym.set = CSM_SET_FILL;
    lc.sym.fill = (csm_rgba){0, 0, 1, 1};
    ls.ncls = 1;
    ls.cls = &lc;
    y = csm_style_resolve(st, &ls, "CCE", &label);
    assert_true(same_colour(y.fill, 0x0000ffffu)); /* layer class last */
    assert_near(y.stroke_mm, 0.5, 1e-12);
    assert_string_equal(label, "Child criminal exploitation");
    csm_style_free(st);
}

static void style_errors_point_at_the_key(void **state)
{
    (void)state;
    style_fails("kinds:\n  schol: {fill: \"#000000\"}\n",
                "2:3: unknown kind 'schol' in kinds (did you mean "
                "'school'?)");
    style_fails("kinds:\n  school: {fil: \"#000000\"}\n",
                "2:12: unknown key 'fil' in kind 'school' (did you mean "
                "'fill'?)");
    style_fails("kinds:\n  concern:\n    categories:\n      CCE: {shape: "
                "blob}\n",
                "4:20: bad shape 'blob' in category 'CCE' of kind 'concern' "
                "(expected none, circle, square, triangle, diamond, star, "
                "cross, school, hub or shield)");
    style_fails("kinds:\n  base:\n    categories:\n      rail: {hatch: "
                "zigzag}\n",
                "4:21: bad hatch 'zigzag' in category 'rail' of kind 'base' "
                "(expected none, diagonal, backdiagonal, cross, horizontal, "
                "vertical or dots)");
    style_fails("font: [a]\n",
                "1:1: 'font' at top level must be a string, not a list");
    style_fails("kinds:\n  route: {arrows: maybe}\n",
                "2:19: 'arrows' in kind 'route' must be true or false, not "
                "'maybe'");
}

/* The harm vocabulary's classes (the first 10; the count bands of
 * protected aggregates follow them) each have their own shape and fill. */
#define NCODES 10

static void count_distinct_pairs(const csm_style_kind *k)
{
    size_t i, j;

    for (i = 0; i < NCODES; i++) {
        assert_non_null(k->cls[i].label);
        assert_true(k->cls[i].sym.set & CSM_SET_SHAPE);
        for (j = 0; j < i; j++)
            assert_false(k->cls[i].sym.shape == k->cls[j].sym.shape &&
                         !memcmp(&k->cls[i].sym.fill, &k->cls[j].sym.fill,
                                 sizeof(csm_rgba)));
    }
}

static void shipped_default_style_loads(void **state)
{
    static const char *const codes[] = {"CCE",    "CSE",  "CL",   "SYV",
                                        "TRAF",   "MISS", "CUCK", "HSB",
                                        "ONLINE", "OTHER"};
    csm_style *st = load_style("styles/default.yaml");
    const csm_style_kind *c = &st->kind[CSM_KIND_CONCERN];
    csm_layer_spec ls;
    const char *label;
    size_t i, j;

    (void)state;
    assert_string_equal(st->name, "default");
    assert_string_equal(st->kind[CSM_KIND_AREA].legend, "Neighbourhoods");
    assert_string_equal(st->kind[CSM_KIND_ROUTE].legend, "County-lines routes");
    assert_true(same_colour(st->kind[CSM_KIND_SCHOOL].sym.fill, 0x0072b2ffu));
    assert_int_equal(st->kind[CSM_KIND_PROTECTIVE].sym.shape, CSM_SHAPE_SHIELD);
    assert_true(c->ncls >= NCODES);
    for (i = 0; i < NCODES; i++)
        assert_string_equal(c->cls[i].value, codes[i]);
    count_distinct_pairs(c);
    for (i = 0; i < NCODES; i++) /* distinct colours too */
        for (j = 0; j < i; j++)
            assert_memory_not_equal(&c->cls[i].sym.fill, &c->cls[j].sym.fill,
                                    sizeof(csm_rgba));
    memset(&ls, 0, sizeof ls);
    ls.kind = CSM_KIND_CONCERN;
    csm_style_resolve(st, &ls, "CL", &label);
    assert_string_equal(label, "County lines");
    ls.kind = CSM_KIND_BASE;
    assert_true(csm_style_resolve(st, &ls, "park", &label).hatch ==
                CSM_HATCH_DIAGONAL);
    csm_style_free(st);
}

static int is_grey(csm_rgba c)
{
    return c.a == 0 || (c.r == c.g && c.g == c.b);
}

static void check_grey(const csm_symbol *y)
{
    assert_true(is_grey(y->fill));
    assert_true(is_grey(y->stroke));
    assert_true(is_grey(y->hatch_colour));
    assert_true(is_grey(y->casing));
    assert_true(is_grey(y->label_colour));
}

static void shipped_greyscale_style_has_no_colour(void **state)
{
    csm_style *st = load_style("styles/greyscale.yaml");
    size_t i;
    int k;

    (void)state;
    assert_string_equal(st->name, "greyscale");
    for (k = 0; k < CSM_KIND_COUNT; k++) {
        check_grey(&st->kind[k].sym);
        for (i = 0; i < st->kind[k].ncls; i++)
            check_grey(&st->kind[k].cls[i].sym);
    }
    assert_true(st->kind[CSM_KIND_CONCERN].ncls >= NCODES);
    count_distinct_pairs(&st->kind[CSM_KIND_CONCERN]);
    csm_style_free(st);
}

static void data_dir_follows_the_environment(void **state)
{
    (void)state;
    setenv("CSMAP_DATADIR", "/opt/csmap-data", 1);
    assert_string_equal(csm_data_dir(), "/opt/csmap-data");
    unsetenv("CSMAP_DATADIR");
    assert_non_null(csm_data_dir());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_spec_loads_every_key),
        cmocka_unit_test(relative_paths_resolve_against_the_spec),
        cmocka_unit_test(defaults_are_filled_in),
        cmocka_unit_test(bare_style_name_is_looked_up_in_the_data_dir),
        cmocka_unit_test(extent_box_reads_four_numbers),
        cmocka_unit_test(missing_file_is_eio),
        cmocka_unit_test(syntax_error_names_line_and_column),
        cmocka_unit_test(unknown_key_suggests_the_nearest),
        cmocka_unit_test(bad_values_list_what_is_allowed),
        cmocka_unit_test(field_lists_definitions_and_sources),
        cmocka_unit_test(required_and_unique_keys),
        cmocka_unit_test(bad_style_name_is_reported),
        cmocka_unit_test(style_merges_over_builtin_defaults),
        cmocka_unit_test(resolve_merges_in_order_and_returns_label),
        cmocka_unit_test(resolve_order_is_kind_layer_styleclass_layerclass),
        cmocka_unit_test(style_errors_point_at_the_key),
        cmocka_unit_test(shipped_default_style_loads),
        cmocka_unit_test(shipped_greyscale_style_has_no_colour),
        cmocka_unit_test(data_dir_follows_the_environment),
    };

    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
