/* test_routes.c - county-lines routes: stops read in order and checked
 * (missing, ambiguous, not a hub), shared legs drawn apart, weight
 * classes, shortest paths on a hand-made network and, when ../shared is
 * there, on real roads from Liverpool to Manchester; then a whole page:
 * inset, "to Metropolis" and the legend's width classes. */
#include "check.h"
#include "analyse/routes.h"
#include "compose/compose.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- fixtures ------------------------------------------------------- */

static csm_layer *layer(const char *name, const char *f0, const char *f1)
{
    const char *fields[2] = {f0, f1};
    csm_layer *l = csm_layer_new(name, fields, f1 ? 2 : 1);

    assert_non_null(l);
    return l;
}

static void add(csm_layer *l, csm_geom_type type, const csm_xy *pt, size_t n,
                const char *v0, const char *v1)
{
    csm_feature f;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, type);
    if (n)
        assert_int_equal(csm_geom_add_part(&f.geom, pt, n, NULL), 0);
    f.val = calloc(2, sizeof *f.val);
    assert_non_null(f.val);
    f.val[0] = csm_strdup(v0);
    if (l->nfield > 1)
        f.val[1] = csm_strdup(v1);
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

static void add_point(csm_layer *l, double x, double y, const char *id,
                      const char *name)
{
    csm_xy p = {x, y};
    add(l, CSM_GEOM_POINT, &p, 1, id, name);
}

/* Hubs H1..H3 in a row, and an area "Metropolis" far to the south. */
static void make_hubs(csm_layer **hubs, csm_layer **areas)
{
    csm_xy sq[5] = {
        {0, -50000}, {2000, -50000}, {2000, -48000}, {0, -48000}, {0, -50000}};

    *hubs = layer("hubs", "id", "name");
    add_point(*hubs, 0, 0, "H1", "North station");
    add_point(*hubs, 1000, 0, "H2", "Bus station");
    add_point(*hubs, 2000, 500, "H3", "Castle Hill");
    *areas = layer("cities", "id", "name");
    add(*areas, CSM_GEOM_POLYGON, sq, 5, "C1", "Metropolis");
}

/* ---- stops ------------------------------------------------------------ */

static void stops_in_order(void **state)
{
    csm_layer *hubs, *areas;
    analyse_hubs hb[2];
    csm_xy *pt = NULL;
    const char **name = NULL;
    size_t n = 0;
    csm_error err;

    (void)state;
    make_hubs(&hubs, &areas);
    hb[0] = (analyse_hubs){areas, "cities", 0, 1};
    hb[1] = (analyse_hubs){hubs, "hubs", 0, 1};
    assert_int_equal(analyse_stops(" metropolis ; h2;Castle Hill ", hb, 2, &pt,
                                   &name, &n, &err),
                     0);
    assert_int_equal(n, 3);
    assert_near(pt[0].x, 1000, 1e-9); /* the area's centroid */
    assert_near(pt[0].y, -49000, 1e-9);
    assert_near(pt[1].x, 1000, 1e-9);
    assert_near(pt[2].y, 500, 1e-9);
    assert_string_equal(name[0], "Metropolis");
    assert_string_equal(name[1], "Bus station");
    assert_string_equal(name[2], "Castle Hill");
    free(pt);
    free(name);
    csm_layer_free(hubs);
    csm_layer_free(areas);
}

static void bad_stops(void **state)
{
    static const struct {
        const char *stops, *msg;
    } cases[] = {
        {"H1; H9", "stop 2 'H9' matches no feature of 'cities' or 'hubs'"},
        {"H1; Castle Hill", "stop 2 'Castle Hill' matches 2 features "
                            "('cities' row 2, 'hubs' row 3)"},
        {"H1;;H2", "stop 2 is empty"},
        /* an address is never a route's end, nor printed */
        {"H1; 12 Acacia Avenue", "stop 2 (withheld: it reads like an "
                                 "address or personal data"},
        {"H1; someone@example.org", "stop 2 (withheld"},
        {"H1", "only one stop"},
        {"", "no stops"},
    };
    csm_layer *hubs, *areas;
    analyse_hubs hb[2];
    csm_xy *pt = (csm_xy *)1;
    const char **name = (const char **)1;
    size_t n = 9, i;
    csm_error err;

    (void)state;
    make_hubs(&hubs, &areas);
    add_point(areas, 5, 5, "C2", "Castle Hill"); /* also an area's name */
    hb[0] = (analyse_hubs){areas, "cities", 0, 1};
    hb[1] = (analyse_hubs){hubs, "hubs", 0, 1};
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        csm_error_clear(&err);
        assert_int_equal(
            analyse_stops(cases[i].stops, hb, 2, &pt, &name, &n, &err),
            CSM_EDATA);
        if (!strstr(err.msg, cases[i].msg))
            fail_msg("'%s' gave '%s'", cases[i].stops, err.msg);
        assert_null(strstr(err.msg, "Acacia"));
        assert_null(strstr(err.msg, "someone"));
        assert_null(pt);
        assert_null(name);
        assert_int_equal(n, 0);
    }
    csm_layer_free(hubs);
    csm_layer_free(areas);
}

/* A spec of hubs, a school layer and a route table, built in C. */
typedef struct specfx {
    csm_spec spec;
    csm_layer_spec ls[3];
    csm_layer *layer[3];
    char *hubnames[1];
} specfx;

static void make_spec(specfx *fx, const char *stops)
{
    csm_layer *areas;

    memset(fx, 0, sizeof *fx);
    fx->spec.path = (char *)"t.yaml";
    fx->spec.nlayer = 3;
    fx->spec.layer = fx->ls;
    fx->ls[0] = (csm_layer_spec){.name = (char *)"hubs",
                                 .kind = CSM_KIND_HUB,
                                 .id = (char *)"id",
                                 .label = (char *)"name"};
    fx->ls[1] = (csm_layer_spec){.name = (char *)"schools",
                                 .kind = CSM_KIND_SCHOOL,
                                 .id = (char *)"id",
                                 .label = (char *)"name"};
    fx->hubnames[0] = (char *)"hubs";
    fx->ls[2] = (csm_layer_spec){.name = (char *)"lines",
                                 .kind = CSM_KIND_ROUTE,
                                 .label = (char *)"name",
                                 .stops = (char *)"stops",
                                 .hubs = fx->hubnames,
                                 .nhubs = 1,
                                 .line = 12};
    make_hubs(&fx->layer[0], &areas);
    csm_layer_free(areas);
    fx->layer[1] = layer("schools", "id", "name");
    add_point(fx->layer[1], 500, 500, "S1", "Oak Primary");
    fx->layer[2] = layer("lines", "name", "stops");
    add(fx->layer[2], CSM_GEOM_NONE, NULL, 0, "Line A", "H1; H2; H3");
    add(fx->layer[2], CSM_GEOM_NONE, NULL, 0, "Line B", stops);
}

static void free_spec(specfx *fx)
{
    size_t i;

    for (i = 0; i < 3; i++)
        csm_layer_free(fx->layer[i]);
}

static void routes_from_stops(void **state)
{
    specfx fx;
    csm_error err;
    const csm_layer *l;
    int ff, ft;

    (void)state;
    make_spec(&fx, "H3;H1");
    assert_int_equal(csm_analyse_routes(&fx.spec, fx.layer, &err), 0);
    l = fx.layer[2];
    assert_int_equal(l->feat[0].geom.type, CSM_GEOM_LINE);
    assert_int_equal(l->feat[0].geom.npt, 3);
    assert_near(l->feat[0].geom.pt[2].x, 2000, 1e-9);
    assert_int_equal(l->feat[1].geom.npt, 2);
    ff = csm_layer_field(l, CSM_ROUTE_FROM);
    ft = csm_layer_field(l, CSM_ROUTE_TO);
    assert_string_equal(csm_layer_value(l, 1, ff), "Castle Hill");
    assert_string_equal(csm_layer_value(l, 1, ft), "North station");
    assert_string_equal(csm_layer_value(l, 1, 0), "Line B");
    free_spec(&fx);
}

static void route_errors_name_row_and_route(void **state)
{
    specfx fx;
    csm_error err;

    (void)state;
    make_spec(&fx, "H1; Oak Primary");
    assert_int_equal(csm_analyse_routes(&fx.spec, fx.layer, &err), CSM_EDATA);
    assert_string_equal(err.msg,
                        "t.yaml:12: layer 'lines', row 2 ('Line B'): stop 2 "
                        "'Oak Primary' matches no feature of 'hubs' by id or "
                        "name: check the spelling");
    /* unchanged on failure: still a table */
    assert_int_equal(fx.layer[2]->feat[0].geom.npt, 0);
    assert_int_equal(fx.layer[2]->nfield, 2);
    fx.hubnames[0] = (char *)"schools"; /* schools are never route ends */
    assert_int_equal(csm_analyse_routes(&fx.spec, fx.layer, &err), CSM_EDATA);
    assert_non_null(strstr(err.msg, "never addresses"));
    free_spec(&fx);
}

static void weight_must_be_a_number(void **state)
{
    specfx fx;
    csm_error err;

    (void)state;
    make_spec(&fx, "H1;H2");
    fx.ls[2].weight = (char *)"stops"; /* text, not a number */
    assert_int_equal(csm_analyse_routes(&fx.spec, fx.layer, &err), CSM_EDATA);
    assert_non_null(strstr(err.msg, "row 1: weight 'stops' is empty or not"));
    assert_null(strstr(err.msg, "H1")); /* a weight's value is not shown */
    free_spec(&fx);
}

/* ---- shared legs ------------------------------------------------------ */

static double dist_to_line(csm_xy p, const csm_geom *g)
{
    double best = 1e300;
    size_t i;

    for (i = 0; i + 1 < g->npt; i++) {
        csm_xy a = g->pt[i], b = g->pt[i + 1];
        double dx = b.x - a.x, dy = b.y - a.y, L = dx * dx + dy * dy;
        double t = L > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / L : 0;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        best = fmin(best, hypot(a.x + t * dx - p.x, a.y + t * dy - p.y));
    }
    return best;
}

static void shared_legs_side_by_side(void **state)
{
    /* A and B share the leg (0,0)-(100,0); B runs it the other way;
     * C shares nothing */
    csm_xy a[3] = {{0, 0}, {100, 0}, {200, 80}};
    csm_xy b[3] = {{200, -80}, {100, 0}, {0, 0}};
    csm_xy c[2] = {{0, 50}, {100, 50}};
    csm_geom g[3], out[3];
    const csm_geom *lines[3] = {&g[0], &g[1], &g[2]};
    double width[3] = {2.0, 3.0, 2.0};
    compose_view v = {1.0, 0.0, 0.0}; /* page = (x, -y) */
    csm_error err;
    csm_xy mid = {50, 0};
    size_t i;

    (void)state;
    for (i = 0; i < 3; i++)
        csm_geom_init(&g[i], CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&g[0], a, 3, NULL), 0);
    assert_int_equal(csm_geom_add_part(&g[1], b, 3, NULL), 0);
    assert_int_equal(csm_geom_add_part(&g[2], c, 2, NULL), 0);
    assert_int_equal(compose_offset_lines(lines, width, 3, &v, out, &err), 0);
    /* across the bundle of 5 mm: A's centre 1 mm from one edge, B's
     * 1.5 mm from the other, so 2.5 mm apart, on opposite sides */
    assert_near(dist_to_line(mid, &out[0]), 1.5, 1e-6);
    assert_near(dist_to_line(mid, &out[1]), 1.0, 1e-6);
    assert_near(dist_to_line((csm_xy){50, -1.5}, &out[0]) +
                    dist_to_line((csm_xy){50, -1.5}, &out[1]),
                2.5, 1e-6);
    assert_true(out[0].pt[0].y * out[1].pt[out[1].npt - 1].y < 0);
    /* beyond the shared leg each is back on its own centreline */
    assert_near(dist_to_line((csm_xy){200, -80}, &out[0]), 0.0, 1e-6);
    assert_near(out[1].pt[0].x, 200, 1e-6);
    /* alone, C is not moved */
    assert_near(out[2].pt[0].y, -50, 1e-9);
    assert_near(out[2].pt[1].y, -50, 1e-9);
    for (i = 0; i < 3; i++) {
        csm_geom_release(&g[i]);
        csm_geom_release(&out[i]);
    }
}

static void clip_line_to_box(void **state)
{
    csm_xy p[3] = {{-10, 5}, {5, 5}, {5, 20}};
    csm_box b = {0, 0, 10, 10};
    csm_geom g, out;

    (void)state;
    csm_geom_init(&g, CSM_GEOM_LINE);
    assert_int_equal(csm_geom_add_part(&g, p, 3, NULL), 0);
    assert_int_equal(compose_clip_line(&g, &b, &out, NULL), 0);
    assert_int_equal(out.npart, 1);
    assert_int_equal(out.npt, 3);
    assert_near(out.pt[0].x, 0, 1e-9);
    assert_near(out.pt[2].y, 10, 1e-9);
    assert_true(compose_line_hits(&g, &(csm_box){4, 12, 6, 14}, 0.0));
    assert_false(compose_line_hits(&g, &(csm_box){7, 12, 9, 14}, 0.5));
    csm_geom_release(&g);
    csm_geom_release(&out);
}

/* ---- weight classes --------------------------------------------------- */

static void weight_classes(void **state)
{
    double small[] = {1, 3, 4}, two[] = {9, 14}, many[40], frac[] = {0.2, 0.9};
    compose_wclass cls[COMPOSE_MAX_WCLASS];
    size_t n, i;

    (void)state;
    n = compose_weight_classes(small, 3, "referrals", cls);
    assert_int_equal(n, 1);
    assert_string_equal(cls[0].label, "1\xe2\x80\x93"
                                      "4 referrals");
    n = compose_weight_classes(two, 2, "referrals", cls);
    assert_int_equal(n, 2);
    assert_string_equal(cls[0].label, "5\xe2\x80\x93"
                                      "9 referrals");
    assert_string_equal(cls[1].label, "10\xe2\x80\x93"
                                      "14 referrals");
    assert_int_equal(compose_weight_class(cls, n, 9), 0);
    assert_int_equal(compose_weight_class(cls, n, 10), 1);
    for (i = 0; i < 40; i++)
        many[i] = (double)i + 1;
    n = compose_weight_classes(many, 40, "referrals", cls);
    assert_true(n >= 2 && n <= COMPOSE_MAX_WCLASS);
    assert_int_equal(compose_weight_class(cls, n, 1), 0);
    assert_int_equal(compose_weight_class(cls, n, 40), n - 1);
    for (i = 1; i < n; i++) {
        assert_near(cls[i].lo, cls[i - 1].hi, 1e-9);
        assert_true(compose_weight_factor(i, n) >
                    compose_weight_factor(i - 1, n));
    }
    n = compose_weight_classes(frac, 2, "tonnes", cls);
    assert_true(n >= 1 && n <= COMPOSE_MAX_WCLASS);
    assert_int_equal(compose_weight_class(cls, n, 0.9), n - 1);
}

/* ---- shortest paths --------------------------------------------------- */

/* A ladder: two rails joined by rungs; the lower rail is shorter to walk
 * because the upper one zigzags.  And an island nobody can reach. */
static csm_layer *ladder(void)
{
    csm_xy lower[3] = {{0, 0}, {500, 0}, {1000, 0}};
    csm_xy upper[4] = {{0, 100}, {300, 400}, {700, 400}, {1000, 100}};
    csm_xy rung1[2] = {{0, 0}, {0, 100}}, rung2[2] = {{1000, 0}, {1000, 100}};
    csm_xy island[2] = {{5000, 5000}, {5100, 5000}};
    csm_layer *l = layer("roads", "id", NULL);

    add(l, CSM_GEOM_LINE, lower, 3, "a", NULL);
    add(l, CSM_GEOM_LINE, upper, 4, "b", NULL);
    add(l, CSM_GEOM_LINE, rung1, 2, "c", NULL);
    add(l, CSM_GEOM_LINE, rung2, 2, "d", NULL);
    add(l, CSM_GEOM_LINE, island, 2, "e", NULL);
    return l;
}

static void shortest_path_on_a_ladder(void **state)
{
    csm_layer *l = ladder();
    const csm_layer *ls[1] = {l};
    csm_network *net = NULL;
    csm_geom path;
    csm_error err;

    (void)state;
    assert_int_equal(csm_analyse_network(ls, 1, &net, &err), 0);
    assert_int_equal(csm_analyse_network_nodes(net), 9);
    /* from near the top-left to near the top-right: down the rung, along
     * the straight rail, up again (1200 m), not the zigzag (about 1400) */
    assert_int_equal(csm_analyse_path(net, (csm_xy){-20, 110},
                                      (csm_xy){1020, 110}, &path, &err),
                     0);
    assert_near(path.pt[0].x, -20, 1e-9); /* starts at the stop itself */
    assert_near(path.pt[path.npt - 1].x, 1020, 1e-9);
    assert_near(csm_geom_length(&path), 1200 + 2 * hypot(20, 10), 1e-6);
    assert_near(path.pt[3].x, 500, 1e-9); /* via the lower rail's middle */
    csm_geom_release(&path);
    assert_int_equal(csm_analyse_path(net, (csm_xy){0, 0}, (csm_xy){5100, 5001},
                                      &path, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "no path"));
    assert_int_equal(path.npt, 0);
    csm_analyse_network_free(net);
    csm_layer_free(l);
}

static void following_a_network(void **state)
{
    specfx fx;
    csm_layer *net = ladder();
    csm_layer *layers[4];
    csm_layer_spec ls[4];
    char *follow[1] = {(char *)"roads"};
    csm_error err;

    (void)state;
    make_spec(&fx, "H1;H3");
    memcpy(ls, fx.ls, sizeof fx.ls);
    memcpy(layers, fx.layer, sizeof fx.layer);
    ls[3] = (csm_layer_spec){.name = (char *)"roads", .kind = CSM_KIND_BASE};
    layers[3] = net;
    ls[2].follow = follow;
    ls[2].nfollow = 1;
    fx.spec.layer = ls;
    fx.spec.nlayer = 4;
    assert_int_equal(csm_analyse_routes(&fx.spec, layers, &err), 0);
    /* H1 (0,0) -> H3 (2000,500): along the lower rail, then straight on
     * from its nearest node (1000,100) */
    assert_near(layers[2]->feat[1].geom.pt[1].x, 500, 1e-9);
    assert_true(layers[2]->feat[1].geom.npt >= 4);
    fx.layer[2] = layers[2];
    free_spec(&fx);
    csm_layer_free(net);
}

/* Real roads: Liverpool Lime Street to Manchester Piccadilly. */
static void liverpool_to_manchester(void **state)
{
    static const char *names[] = {"motorway_polyline", "a_road_polyline",
                                  "b_road_polyline"};
    const char *path =
        "../shared/data/real/region/meridian2_roads_liverpool_manchester.gpkg";
    csm_layer *roads[3] = {NULL, NULL, NULL};
    csm_network *net = NULL;
    csm_geom route;
    csm_error err;
    double km;
    size_t i;

    (void)state;
    if (access(path, R_OK) != 0)
        skip();
    for (i = 0; i < 3; i++) {
        csm_read_opts ro;
        memset(&ro, 0, sizeof ro);
        ro.layer = names[i];
        ro.name = names[i];
        if (csm_read_layer(path, &ro, &roads[i], &err))
            fail_msg("%s", err.msg);
    }
    assert_int_equal(
        csm_analyse_network((const csm_layer *const *)roads, 3, &net, &err), 0);
    assert_int_equal(csm_analyse_path(net, (csm_xy){335000, 390600},
                                      (csm_xy){385000, 397800}, &route, &err),
                     0);
    km = csm_geom_length(&route) / 1000.0;
    if (km < 40.0 || km > 60.0)
        fail_msg("Liverpool to Manchester along the roads: %.1f km", km);
    csm_geom_release(&route);
    csm_analyse_network_free(net);
    for (i = 0; i < 3; i++)
        csm_layer_free(roads[i]);
}

/* ---- a whole page ----------------------------------------------------- */

static void fake_measure(const char *text, double size_pt, int bold,
                         double width_mm, double *w_mm, double *h_mm)
{
    double w = 0.5 * size_pt * (double)strlen(text) * 0.35;

    (void)bold;
    if (width_mm > 0.0 && w > width_mm)
        w = width_mm;
    *w_mm = w;
    *h_mm = size_pt * 0.35 * 1.2;
}

static const csm_item *find_text(const csm_page *p, const char *prefix)
{
    size_t i;

    for (i = 0; i < p->n; i++)
        if (p->item[i].type == CSM_ITEM_TEXT &&
            !strncmp(p->item[i].text, prefix, strlen(prefix)))
            return &p->item[i];
    return NULL;
}

static void page_with_inset(void **state)
{
    /* two routes from a city 40 km south share their first leg, then
     * split in the town; the map shows only the town */
    csm_xy a[4] = {{0, -40000}, {0, -1000}, {0, 0}, {500, 800}};
    csm_xy b[4] = {{0, -40000}, {0, -1000}, {800, 0}, {1500, 900}};
    const char *fields[4] = {"name", "n", "from", "to"};
    csm_style style;
    csm_spec spec;
    csm_layer_spec ls;
    csm_layer *l = csm_layer_new("routes", fields, 4);
    csm_page *p = NULL;
    csm_error err;
    const char *v[2][4] = {{"Line A", "3", "Metropolis", "Northbridge"},
                           {"Line B", "12", "Metropolis", "Northbridge"}};
    size_t i, j;

    (void)state;
    for (i = 0; i < 2; i++) {
        csm_feature f;
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_LINE);
        assert_int_equal(csm_geom_add_part(&f.geom, i ? b : a, 4, NULL), 0);
        f.val = calloc(4, sizeof *f.val);
        for (j = 0; j < 4; j++)
            f.val[j] = csm_strdup(v[i][j]);
        f.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    }
    memset(&style, 0, sizeof style);
    style.kind[CSM_KIND_ROUTE].sym.stroke = (csm_rgba){0.8, 0.5, 0.7, 1};
    style.kind[CSM_KIND_ROUTE].sym.stroke_mm = 1.2;
    style.kind[CSM_KIND_ROUTE].sym.casing = (csm_rgba){1, 1, 1, 1};
    style.kind[CSM_KIND_ROUTE].sym.casing_mm = 2.0;
    style.kind[CSM_KIND_ROUTE].legend = (char *)"County-lines routes";
    memset(&ls, 0, sizeof ls);
    ls.name = (char *)"routes";
    ls.kind = CSM_KIND_ROUTE;
    ls.label = (char *)"name";
    ls.weight = (char *)"n";
    ls.weight_label = (char *)"referrals";
    ls.from = (char *)"from";
    ls.to = (char *)"to";
    memset(&spec, 0, sizeof spec);
    spec.title = (char *)"Routes";
    spec.crs = (char *)"EPSG:27700";
    spec.page_size = CSM_PAGE_A4;
    spec.landscape = 1;
    spec.nlayer = 1;
    spec.layer = &ls;
    spec.extent_mode = CSM_EXTENT_BOX;
    spec.extent_box = (csm_box){-1500, -1500, 2000, 1500};
    assert_int_equal(
        csm_compose_page(&spec, &style, &l, NULL, fake_measure, &p, &err), 0);
    assert_non_null(find_text(p, "Whole routes"));
    assert_non_null(find_text(p, "Metropolis"));    /* in the inset */
    assert_non_null(find_text(p, "to Metropolis")); /* at the frame edge */
    assert_null(find_text(p, "to Northbridge"));    /* on the map */
    assert_non_null(find_text(p, "1\xe2\x80\x93"
                                 "4 referrals"));
    assert_non_null(find_text(p, "10\xe2\x80\x93"
                                 "14 referrals"));
    assert_null(find_text(p, "5\xe2\x80\x93"
                             "9 referrals")); /* not drawn */
    assert_non_null(find_text(p, "Line A"));
    assert_true(find_text(p, "to Metropolis")->at.y > p->frame.maxy - 10);
    csm_page_free(p);
    csm_layer_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stops_in_order),
        cmocka_unit_test(bad_stops),
        cmocka_unit_test(routes_from_stops),
        cmocka_unit_test(route_errors_name_row_and_route),
        cmocka_unit_test(weight_must_be_a_number),
        cmocka_unit_test(shared_legs_side_by_side),
        cmocka_unit_test(clip_line_to_box),
        cmocka_unit_test(weight_classes),
        cmocka_unit_test(shortest_path_on_a_ladder),
        cmocka_unit_test(following_a_network),
        cmocka_unit_test(liverpool_to_manchester),
        cmocka_unit_test(page_with_inset),
    };

    csm_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
