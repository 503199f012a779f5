/* test_peergroups.c - analyse: peer groups from tables built in C.  The
 * hull holds its places, labels follow the table and never show an id,
 * sizes print only as bands, and a group at a sensitive place is refused
 * by its label. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixtures ------------------------------------------------------- */

static csm_layer *table(const char *name, const char *const *fields, size_t nf,
                        const char *const *rows, size_t nrow)
{
    csm_layer *l = csm_layer_new(name, fields, nf);
    size_t i, j;

    assert_non_null(l);
    l->source = csm_strdup(name);
    for (i = 0; i < nrow; i++) {
        csm_feature f;
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_NONE);
        f.row = (long)i + 1;
        f.val = calloc(nf, sizeof *f.val);
        for (j = 0; j < nf; j++)
            f.val[j] = rows[i * nf + j] ? csm_strdup(rows[i * nf + j]) : NULL;
        assert_int_equal(csm_layer_add(l, &f, NULL), CSM_OK);
    }
    return l;
}

static void add_point(csm_layer *l, double x, double y, const char *id,
                      const char *name, const char *type)
{
    csm_feature f;
    csm_xy p = {x, y};

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), CSM_OK);
    f.row = (long)l->n + 1;
    f.val = calloc(3, sizeof *f.val);
    f.val[0] = id ? csm_strdup(id) : NULL;
    f.val[1] = name ? csm_strdup(name) : NULL;
    f.val[2] = type ? csm_strdup(type) : NULL;
    assert_int_equal(csm_layer_add(l, &f, NULL), CSM_OK);
}

enum { L_SCHOOLS, L_HUBS, L_CONCERNS, L_HOMES, L_GROUPS, NL };

typedef struct world {
    csm_spec spec;
    csm_layer_spec ls[NL];
    csm_layer *layer[NL];
} world;

static const char *const place_fields[] = {"id", "name", "type"};

static void world_init(world *w)
{
    static const char *const names[NL] = {"schools", "hubs", "concerns",
                                          "homes", "groups"};
    static const csm_kind kinds[NL] = {CSM_KIND_SCHOOL, CSM_KIND_HUB,
                                       CSM_KIND_CONCERN, CSM_KIND_PROTECTIVE,
                                       CSM_KIND_PEER_GROUP};
    size_t i;

    memset(w, 0, sizeof *w);
    for (i = 0; i < NL; i++) {
        w->ls[i].name = (char *)names[i];
        w->ls[i].kind = kinds[i];
        w->ls[i].id = (char *)"id";
        w->ls[i].label = (char *)"name";
        w->ls[i].category = (char *)"type";
        if (i != L_GROUPS)
            w->layer[i] = csm_layer_new(names[i], place_fields, 3);
    }
    w->ls[L_CONCERNS].sensitivity = CSM_SENS_PSEUDONYMISED;
    w->ls[L_GROUPS].label = NULL;
    w->ls[L_GROUPS].id = (char *)"gid";
    w->ls[L_GROUPS].size = (char *)"size";
    w->ls[L_GROUPS].category = (char *)"codes";
    w->spec.crs = (char *)"EPSG:27700";
    w->spec.nlayer = NL;
    w->spec.layer = w->ls;
    add_point(w->layer[L_SCHOOLS], 1000, 1000, "S1", "Alpha Academy", NULL);
    add_point(w->layer[L_SCHOOLS], 2000, 1000, "S2", "Beta Primary", NULL);
    add_point(w->layer[L_HUBS], 1500, 1800, "H1", "Central station", "rail");
    add_point(w->layer[L_HUBS], 3000, 3000, "H2", "Outer bus stops", "bus");
    add_point(w->layer[L_CONCERNS], 1200, 1200, "R1", NULL, "CCE");
    add_point(w->layer[L_HOMES], 2500, 2500, "P1", "Oak Lodge",
              "children's home");
    add_point(w->layer[L_HOMES], 2600, 2600, "P2", "Hill youth club",
              "youth club");
}

static void world_release(world *w)
{
    size_t i;

    for (i = 0; i < NL; i++)
        csm_layer_free(w->layer[i]);
}

static const char *const group_fields[] = {"gid", "size", "codes"};
static const char *const assoc_fields[] = {"group", "layer", "place"};

/* Two groups, table order "zeta" then "alpha": labels must follow the
 * table, not the ids' sort order. */
static const char *const groups2[] = {"zeta-secret-id",  "7",  "cce;cl",
                                      "alpha-secret-id", "12", "SYV"};
static const char *const assoc2[] = {
    "alpha-secret-id", "hubs",    "H2",            /* */
    "zeta-secret-id",  "schools", "Alpha Academy", /* */
    "zeta-secret-id",  "hubs",    "H1",            /* */
    "zeta-secret-id",  "schools", "S2",            /* */
    "alpha-secret-id", "schools", "S2"};

static int run(world *w, const char *const *grows, size_t ng,
               const char *const *arows, size_t na, csm_layer **out,
               csm_error *err)
{
    csm_layer *g = table("groups.csv", group_fields, 3, grows, ng);
    csm_layer *a = table("places.csv", assoc_fields, 3, arows, na);
    int rc =
        csm_analyse_peer_groups(&w->spec, L_GROUPS, w->layer, g, a, out, err);

    csm_layer_free(g);
    csm_layer_free(a);
    return rc;
}

static const char *value(const csm_layer *l, size_t i, const char *field)
{
    return csm_layer_value(l, i, csm_layer_field(l, field));
}

/* ---- hulls ---------------------------------------------------------- */

static void hull_contains_its_places(void **state)
{
    csm_geom g[3];
    csm_geom hull;
    csm_xy pts[] = {{0, 0}, {1000, 200}, {400, 900}};
    csm_xy sq[] = {{2000, 0}, {2300, 0}, {2300, 300}, {2000, 300}, {2000, 0}};
    size_t i, k;

    (void)state;
    for (i = 0; i < 2; i++) {
        csm_geom_init(&g[i], CSM_GEOM_POINT);
        csm_geom_add_part(&g[i], &pts[i], 1, NULL);
    }
    csm_geom_init(&g[2], CSM_GEOM_POLYGON);
    csm_geom_add_part(&g[2], sq, 5, NULL);
    assert_int_equal(csm_analyse_hull(g, 3, 100.0, &hull, NULL), CSM_OK);
    assert_int_equal(hull.type, CSM_GEOM_POLYGON);
    assert_true(hull.npart >= 1);
    for (i = 0; i < 3; i++)
        for (k = 0; k < g[i].npt; k++)
            assert_true(csm_geom_contains(&hull, g[i].pt[k]));
    /* soft: the buffer reaches past each place, but not much further */
    assert_true(csm_geom_contains(&hull, (csm_xy){-90, 0}));
    assert_false(csm_geom_contains(&hull, (csm_xy){-110, 0}));
    assert_true(csm_geom_contains(&hull, (csm_xy){2390, 150}));
    assert_false(csm_geom_contains(&hull, (csm_xy){2500, 500}));
    for (i = 0; i < 3; i++)
        csm_geom_release(&g[i]);
    csm_geom_release(&hull);
}

static void one_place_gives_a_disc(void **state)
{
    csm_geom g, hull;
    csm_xy p = {500, 500};
    double area = 0.0;
    size_t r;

    (void)state;
    csm_geom_init(&g, CSM_GEOM_POINT);
    csm_geom_add_part(&g, &p, 1, NULL);
    assert_int_equal(csm_analyse_hull(&g, 1, 150.0, &hull, NULL), CSM_OK);
    for (r = 0; r < hull.npart; r++)
        area += fabs(csm_geom_ring_area(&hull, r));
    assert_near(area, 3.14159265 * 150.0 * 150.0, 0.02 * area);
    csm_geom_release(&g);
    csm_geom_release(&hull);
}

static void hull_of_nothing_fails(void **state)
{
    csm_geom hull;
    csm_error err = {0, ""};

    (void)state;
    assert_int_equal(csm_analyse_hull(NULL, 0, 100.0, &hull, &err), CSM_EDATA);
    assert_int_equal(hull.npart, 0);
}

/* ---- bands and labels ----------------------------------------------- */

static void sizes_print_only_as_bands(void **state)
{
    (void)state;
    assert_null(csm_analyse_size_band(0));
    assert_string_equal(csm_analyse_size_band(1), "under 5");
    assert_string_equal(csm_analyse_size_band(4), "under 5");
    assert_string_equal(csm_analyse_size_band(5), "5\xe2\x80\x93"
                                                  "9");
    assert_string_equal(csm_analyse_size_band(9), "5\xe2\x80\x93"
                                                  "9");
    assert_string_equal(csm_analyse_size_band(10), "10+");
    assert_string_equal(csm_analyse_size_band(250), "10+");
    assert_string_equal(csm_analyse_parse_band("3"), "under 5");
    assert_string_equal(csm_analyse_parse_band("Under 5"), "under 5");
    assert_string_equal(csm_analyse_parse_band("<5"), "under 5");
    assert_string_equal(csm_analyse_parse_band("5-9"), "5\xe2\x80\x93"
                                                       "9");
    assert_string_equal(csm_analyse_parse_band("5\xe2\x80\x93"
                                               "9"),
                        "5\xe2\x80\x93"
                        "9");
    assert_string_equal(csm_analyse_parse_band("10+"), "10+");
    assert_string_equal(csm_analyse_parse_band(" 10 or more "), "10+");
    assert_string_equal(csm_analyse_parse_band("17"), "10+");
    assert_null(csm_analyse_parse_band("0"));
    assert_null(csm_analyse_parse_band("six"));
    assert_null(csm_analyse_parse_band(""));
    assert_null(csm_analyse_parse_band(NULL));
}

static void labels_count_like_columns(void **state)
{
    char b[32];

    (void)state;
    csm_analyse_group_label(0, b, sizeof b);
    assert_string_equal(b, "Group A");
    csm_analyse_group_label(25, b, sizeof b);
    assert_string_equal(b, "Group Z");
    csm_analyse_group_label(26, b, sizeof b);
    assert_string_equal(b, "Group AA");
    csm_analyse_group_label(27, b, sizeof b);
    assert_string_equal(b, "Group AB");
    csm_analyse_group_label(701, b, sizeof b);
    assert_string_equal(b, "Group ZZ");
    csm_analyse_group_label(702, b, sizeof b);
    assert_string_equal(b, "Group AAA");
}

static void homes_are_residential(void **state)
{
    (void)state;
    assert_true(csm_analyse_residential("children's home", NULL));
    assert_true(csm_analyse_residential("Supported accommodation", NULL));
    assert_true(csm_analyse_residential("foster placement", NULL));
    assert_true(csm_analyse_residential("refuge", NULL));
    assert_true(csm_analyse_residential("residential", NULL));
    assert_true(csm_analyse_residential(NULL, "Oak Lodge Children\xe2\x80\x99s "
                                              "Home"));
    assert_true(csm_analyse_residential(NULL, "Northgate Hostel"));
    assert_false(csm_analyse_residential("youth club", "Riverside Youth Club"));
    assert_false(
        csm_analyse_residential("family hub", "Kiln Green Family Hub"));
    assert_false(csm_analyse_residential("rail", "Northbridge station"));
    assert_false(csm_analyse_residential(NULL, "Homebase car park"));
    assert_false(csm_analyse_residential(NULL, NULL));
}

/* ---- groups --------------------------------------------------------- */

static void labels_follow_the_table_never_the_id(void **state)
{
    world w;
    csm_layer *out = NULL;
    csm_error err = {0, ""};
    size_t i, j;

    (void)state;
    world_init(&w);
    assert_int_equal(run(&w, groups2, 2, assoc2, 5, &out, &err), CSM_OK);
    /* zeta: hull + links; alpha: hull + links */
    assert_int_equal(out->n, 4);
    assert_string_equal(value(out, 0, "group"), "Group A");
    assert_string_equal(value(out, 0, "part"), "hull");
    assert_string_equal(value(out, 0, "band"), "5\xe2\x80\x93"
                                               "9");
    assert_string_equal(value(out, 0, "codes"), "CCE, CL");
    assert_string_equal(value(out, 0, "legend"), "Group A: 5\xe2\x80\x93"
                                                 "9 young people; CCE, CL");
    assert_string_equal(value(out, 1, "part"), "links");
    assert_int_equal(out->feat[1].geom.npart, 2); /* three places */
    assert_string_equal(value(out, 2, "group"), "Group B");
    assert_string_equal(value(out, 2, "band"), "10+");
    for (i = 0; i < out->n; i++)
        for (j = 0; j < out->nfield; j++) {
            const char *v = csm_layer_value(out, i, (int)j);
            assert_true(!v || !strstr(v, "secret"));
        }
    /* the hull holds the group's places (3 of them) */
    assert_true(csm_geom_contains(&out->feat[0].geom, (csm_xy){1000, 1000}));
    assert_true(csm_geom_contains(&out->feat[0].geom, (csm_xy){1500, 1800}));
    assert_true(csm_geom_contains(&out->feat[0].geom, (csm_xy){2000, 1000}));
    assert_false(csm_geom_contains(&out->feat[0].geom, (csm_xy){3000, 3000}));
    csm_layer_free(out);
    world_release(&w);
}

static void labels_are_stable(void **state)
{
    static const char *const swapped[] = {
        "zeta-secret-id",  "schools", "S2", /* */
        "alpha-secret-id", "schools", "S2", /* */
        "zeta-secret-id",  "hubs",    "H1", /* */
        "alpha-secret-id", "hubs",    "H2", /* */
        "zeta-secret-id",  "schools", "S1"};
    world w;
    csm_layer *a = NULL, *b = NULL, *c = NULL;
    size_t i;

    (void)state;
    world_init(&w);
    assert_int_equal(run(&w, groups2, 2, assoc2, 5, &a, NULL), CSM_OK);
    assert_int_equal(run(&w, groups2, 2, assoc2, 5, &b, NULL), CSM_OK);
    assert_int_equal(run(&w, groups2, 2, swapped, 5, &c, NULL), CSM_OK);
    assert_int_equal(a->n, b->n);
    for (i = 0; i < a->n; i++) {
        assert_string_equal(value(a, i, "group"), value(b, i, "group"));
        assert_int_equal(a->feat[i].geom.npt, b->feat[i].geom.npt);
        assert_memory_equal(a->feat[i].geom.pt, b->feat[i].geom.pt,
                            a->feat[i].geom.npt * sizeof(csm_xy));
    }
    /* associations in another order: the same group gets the same label */
    assert_string_equal(value(c, 0, "group"), "Group A");
    assert_string_equal(value(c, 0, "codes"), "CCE, CL");
    csm_layer_free(a);
    csm_layer_free(b);
    csm_layer_free(c);
    world_release(&w);
}

static void a_sensitive_place_is_refused_by_label(void **state)
{
    static const char *const to_concern[] = {
        "zeta-secret-id",  "schools",  "S1", /* */
        "alpha-secret-id", "concerns", "R1"};
    static const char *const to_home[] = {
        "zeta-secret-id",  "schools", "S1", /* */
        "alpha-secret-id", "homes",   "P1"};
    static const char *const to_club[] = {
        "zeta-secret-id",  "schools", "S1", /* */
        "alpha-secret-id", "homes",   "Hill youth club"};
    world w;
    csm_layer *out = NULL;
    csm_error err = {0, ""};

    (void)state;
    world_init(&w);
    assert_int_equal(run(&w, groups2, 2, to_concern, 2, &out, &err),
                     CSM_EPRIVACY);
    assert_null(out);
    assert_non_null(strstr(err.msg, "Group B"));
    assert_non_null(strstr(err.msg, "row 2"));
    assert_non_null(strstr(err.msg, "concerns"));
    assert_null(strstr(err.msg, "secret"));
    assert_null(strstr(err.msg, "R1"));
    assert_int_equal(run(&w, groups2, 2, to_home, 2, &out, &err), CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "Group B"));
    assert_null(strstr(err.msg, "secret"));
    assert_null(strstr(err.msg, "Oak Lodge"));
    assert_null(strstr(err.msg, "P1"));
    assert_int_equal(run(&w, groups2, 2, to_club, 2, &out, NULL), CSM_OK);
    csm_layer_free(out);
    world_release(&w);
}

static void bad_rows_are_named_not_shown(void **state)
{
    static const char *const unknown_group[] = {"nobody-secret", "hubs", "H1"};
    static const char *const unknown_place[] = {"zeta-secret-id", "hubs",
                                                "Nowhere Secret Stop"};
    static const char *const unknown_layer[] = {"zeta-secret-id", "secrets",
                                                "H1"};
    static const char *const bad_codes[] = {"zeta-secret-id", "7",
                                            "CCE, Jordan Testcase"};
    static const char *const repeated[] = {"zeta-secret-id", "7", "CCE",
                                           "zeta-secret-id", "7", "CCE"};
    world w;
    csm_layer *out = NULL;
    csm_error err = {0, ""};

    (void)state;
    world_init(&w);
    assert_int_equal(run(&w, groups2, 2, unknown_group, 1, &out, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "row 1"));
    assert_null(strstr(err.msg, "secret"));
    assert_int_equal(run(&w, groups2, 2, unknown_place, 1, &out, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "layer 'hubs'"));
    assert_null(strstr(err.msg, "Secret"));
    assert_int_equal(run(&w, groups2, 2, unknown_layer, 1, &out, &err),
                     CSM_EDATA);
    assert_null(strstr(err.msg, "secrets"));
    assert_int_equal(run(&w, bad_codes, 1, assoc2 + 3, 1, &out, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "'codes'"));
    assert_null(strstr(err.msg, "Jordan"));
    assert_int_equal(run(&w, repeated, 2, assoc2 + 3, 1, &out, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "subject"));
    assert_null(strstr(err.msg, "secret"));
    world_release(&w);
}

static void per_person_rows_count_distinct_members(void **state)
{
    static const char *const fields[] = {"gid", "member"};
    static const char *const rows[] = {"g-secret", "m1", "g-secret", "m2",
                                       "g-secret", "m2", "g-secret", "m3",
                                       "g-secret", "m4", "g-secret", "m5"};
    static const char *const assoc[] = {"g-secret", "hubs", "H1"};
    world w;
    csm_layer *g, *a, *out = NULL;
    size_t i;

    (void)state;
    world_init(&w);
    w.ls[L_GROUPS].size = NULL;
    w.ls[L_GROUPS].category = NULL;
    w.ls[L_GROUPS].subject = (char *)"member";
    g = table("members.csv", fields, 2, rows, 6);
    a = table("places.csv", assoc_fields, 3, assoc, 1);
    assert_int_equal(
        csm_analyse_peer_groups(&w.spec, L_GROUPS, w.layer, g, a, &out, NULL),
        CSM_OK);
    assert_int_equal(out->n, 1); /* one place: a hull, no links */
    assert_string_equal(value(out, 0, "band"), "5\xe2\x80\x93"
                                               "9");
    for (i = 0; i < out->nfield; i++) {
        const char *v = csm_layer_value(out, 0, (int)i);
        assert_true(!v || (!strstr(v, "m1") && !strstr(v, "secret")));
    }
    csm_layer_free(out);
    csm_layer_free(g);
    csm_layer_free(a);
    world_release(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hull_contains_its_places),
        cmocka_unit_test(one_place_gives_a_disc),
        cmocka_unit_test(hull_of_nothing_fails),
        cmocka_unit_test(sizes_print_only_as_bands),
        cmocka_unit_test(labels_count_like_columns),
        cmocka_unit_test(homes_are_residential),
        cmocka_unit_test(labels_follow_the_table_never_the_id),
        cmocka_unit_test(labels_are_stable),
        cmocka_unit_test(a_sensitive_place_is_refused_by_label),
        cmocka_unit_test(bad_rows_are_named_not_shown),
        cmocka_unit_test(per_person_rows_count_distinct_members),
    };

    csm_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
