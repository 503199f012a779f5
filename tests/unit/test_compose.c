/* test_compose.c - compose with data, spec and style built in C and a fake
 * measuring function (no pango): paper, scale bar, transform, legend,
 * labels, marginalia and errors. */
#include "check.h"
#include "compose/compose.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixtures ------------------------------------------------------- */

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

static const csm_rgba black = {0, 0, 0, 1}, grey = {0.6, 0.6, 0.6, 1},
                      white = {1, 1, 1, 1};

enum { AREAS, SCHOOLS, CONCERNS, HUBS, ROUTES, NL };

typedef struct fixture {
    csm_style style;
    csm_class concern_cls[2];
    csm_spec spec;
    csm_layer_spec ls[NL];
    csm_layer *layer[NL];
    char *sources[2];
} fixture;

static void make_style(fixture *fx)
{
    csm_style *st = &fx->style;
    csm_symbol *s;

    memset(st, 0, sizeof *st);
    st->font = (char *)"DejaVu Sans";
    s = &st->kind[CSM_KIND_AREA].sym;
    s->fill = grey;
    s->stroke = black;
    s->stroke_mm = 0.3;
    st->kind[CSM_KIND_AREA].legend = (char *)"Neighbourhoods";
    s = &st->kind[CSM_KIND_SCHOOL].sym;
    s->shape = CSM_SHAPE_SCHOOL;
    s->size_mm = 4.0;
    s->fill = white;
    s->stroke = black;
    st->kind[CSM_KIND_SCHOOL].legend = (char *)"Schools";
    s = &st->kind[CSM_KIND_HUB].sym;
    s->shape = CSM_SHAPE_HUB;
    s->size_mm = 4.0;
    st->kind[CSM_KIND_HUB].legend = (char *)"Transport hubs";
    s = &st->kind[CSM_KIND_ROUTE].sym;
    s->stroke = black;
    s->stroke_mm = 0.8;
    s->arrows = 1;
    st->kind[CSM_KIND_ROUTE].legend = (char *)"County-lines routes";
    s = &st->kind[CSM_KIND_CONCERN].sym;
    s->shape = CSM_SHAPE_CIRCLE;
    s->size_mm = 3.0;
    s->fill = grey;
    st->kind[CSM_KIND_CONCERN].legend = (char *)"Locations of concern";
    memset(fx->concern_cls, 0, sizeof fx->concern_cls);
    fx->concern_cls[0].value = (char *)"cce";
    fx->concern_cls[0].label = (char *)"Child criminal exploitation";
    fx->concern_cls[0].sym.set = CSM_SET_SHAPE;
    fx->concern_cls[0].sym.shape = CSM_SHAPE_TRIANGLE;
    fx->concern_cls[1].value = (char *)"cse";
    fx->concern_cls[1].label = (char *)"Child sexual exploitation";
    fx->concern_cls[1].sym.set = CSM_SET_SHAPE;
    fx->concern_cls[1].sym.shape = CSM_SHAPE_DIAMOND;
    st->kind[CSM_KIND_CONCERN].ncls = 2;
    st->kind[CSM_KIND_CONCERN].cls = fx->concern_cls;
}

static csm_layer *new_layer(const char *name)
{
    const char *fields[] = {"name", "cat"};
    csm_layer *l = csm_layer_new(name, fields, 2);

    assert_non_null(l);
    return l;
}

static void add(csm_layer *l, csm_geom_type type, const csm_xy *pt, size_t n,
                const char *name, const char *cat)
{
    csm_feature f;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, type);
    assert_int_equal(csm_geom_add_part(&f.geom, pt, n, NULL), 0);
    f.val = calloc(2, sizeof *f.val);
    assert_non_null(f.val);
    f.val[0] = csm_strdup(name);
    f.val[1] = csm_strdup(cat);
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

static void add_point(csm_layer *l, double x, double y, const char *name,
                      const char *cat)
{
    csm_xy p = {x, y};
    add(l, CSM_GEOM_POINT, &p, 1, name, cat);
}

/* An empty five-layer spec over BNG-like coordinates, A3 landscape. */
static void make_fixture(fixture *fx)
{
    static const char *names[NL] = {"areas", "schools", "concerns", "hubs",
                                    "routes"};
    static const csm_kind kinds[NL] = {CSM_KIND_AREA, CSM_KIND_SCHOOL,
                                       CSM_KIND_CONCERN, CSM_KIND_HUB,
                                       CSM_KIND_ROUTE};
    size_t i;

    memset(fx, 0, sizeof *fx);
    make_style(fx);
    fx->spec.title = (char *)"Northbridge town centre";
    fx->spec.subtitle = (char *)"Strategy meeting, spring";
    fx->spec.marking = (char *)"OFFICIAL-SENSITIVE";
    fx->spec.crs = (char *)"EPSG:27700";
    fx->spec.page_size = CSM_PAGE_A3;
    fx->spec.landscape = 1;
    fx->spec.margin_mm = 10.0;
    fx->sources[0] = (char *)"OS Open Data";
    fx->sources[1] = (char *)"Northbridge Council";
    fx->spec.sources = fx->sources;
    fx->spec.nsources = 2;
    fx->spec.nlayer = NL;
    fx->spec.layer = fx->ls;
    for (i = 0; i < NL; i++) {
        fx->ls[i].name = (char *)names[i];
        fx->ls[i].kind = kinds[i];
        fx->ls[i].label = (char *)"name";
        fx->ls[i].category = (char *)"cat";
        fx->layer[i] = new_layer(names[i]);
    }
}

static void free_fixture(fixture *fx)
{
    size_t i;

    for (i = 0; i < NL; i++)
        csm_layer_free(fx->layer[i]);
}

static int compose(fixture *fx, const char *date, csm_page **page,
                   csm_error *err)
{
    csm_error_clear(err);
    return csm_compose_page(&fx->spec, &fx->style, fx->layer, date,
                            fake_measure, page, err);
}

static csm_box text_box(const csm_item *it)
{
    double w, h;

    fake_measure(it->text, it->size_pt, it->bold, it->width_mm, &w, &h);
    if (it->width_mm > 0.0)
        w = it->width_mm;
    return (csm_box){it->at.x, it->at.y, it->at.x + w, it->at.y + h};
}

static int overlap(const csm_box *a, const csm_box *b)
{
    const double eps = 1e-9;

    return a->minx < b->maxx - eps && b->minx < a->maxx - eps &&
           a->miny < b->maxy - eps && b->miny < a->maxy - eps;
}

static int inside(const csm_box *a, const csm_box *b)
{
    const double eps = 1e-9;

    return a->minx >= b->minx - eps && a->maxx <= b->maxx + eps &&
           a->miny >= b->miny - eps && a->maxy <= b->maxy + eps;
}

static size_t count_text(const csm_page *p, const char *text)
{
    size_t i, n = 0;

    for (i = 0; i < p->n; i++)
        if (p->item[i].type == CSM_ITEM_TEXT && !strcmp(p->item[i].text, text))
            n++;
    return n;
}

static const csm_item *find_text(const csm_page *p, const char *text)
{
    size_t i;

    for (i = 0; i < p->n; i++)
        if (p->item[i].type == CSM_ITEM_TEXT && !strcmp(p->item[i].text, text))
            return &p->item[i];
    return NULL;
}

/* A deterministic generator for the property tests. */
static unsigned long long seed_state;

static double uniform(void)
{
    seed_state = seed_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(seed_state >> 11) / 9007199254740992.0;
}

/* ---- tests ---------------------------------------------------------- */

static void paper_sizes(void **state)
{
    double w, h;

    (void)state;
    csm_compose_paper(CSM_PAGE_A4, 0, &w, &h);
    assert_near(w, 210, 0);
    assert_near(h, 297, 0);
    csm_compose_paper(CSM_PAGE_A4, 1, &w, &h);
    assert_near(w, 297, 0);
    assert_near(h, 210, 0);
    csm_compose_paper(CSM_PAGE_A3, 0, &w, &h);
    assert_near(w, 297, 0);
    assert_near(h, 420, 0);
    csm_compose_paper(CSM_PAGE_A2, 1, &w, &h);
    assert_near(w, 594, 0);
    assert_near(h, 420, 0);
}

static void nice_lengths(void **state)
{
    (void)state;
    assert_near(csm_compose_nice_length(1234), 1000, 0);
    assert_near(csm_compose_nice_length(2500), 2000, 0);
    assert_near(csm_compose_nice_length(999), 500, 0);
    assert_near(csm_compose_nice_length(5000), 5000, 0);
    assert_near(csm_compose_nice_length(1000), 1000, 0);
    assert_near(csm_compose_nice_length(100), 100, 0);
    assert_near(csm_compose_nice_length(7), 5, 0);
    assert_near(csm_compose_nice_length(0.3), 0.2, 1e-12);
    assert_near(csm_compose_nice_length(0), 0, 0);
}

static void length_and_scale_text(void **state)
{
    char b[32];

    (void)state;
    compose_length_text(500, b, sizeof b);
    assert_string_equal(b, "500 m");
    compose_length_text(1000, b, sizeof b);
    assert_string_equal(b, "1 km");
    compose_length_text(2500, b, sizeof b);
    assert_string_equal(b, "2.5 km");
    compose_scale_text(24873.2, b, sizeof b);
    assert_string_equal(b, "24,900");
    compose_scale_text(1250000, b, sizeof b);
    assert_string_equal(b, "1,250,000");
    compose_scale_text(640.4, b, sizeof b);
    assert_string_equal(b, "640");
}

/* A square area as the extent: the extent grows to the frame's shape,
 * centred, and its corners land on the frame's corners. */
static void transform_fills_frame(void **state)
{
    csm_xy sq[5] = {{400000, 300000},
                    {402000, 300000},
                    {402000, 302000},
                    {400000, 302000},
                    {400000, 300000}};
    fixture fx;
    csm_page *p = NULL;
    csm_error err;
    const csm_item *it = NULL;
    double s, fw, fh, ew, eh;
    size_t i;

    (void)state;
    make_fixture(&fx);
    add(fx.layer[AREAS], CSM_GEOM_POLYGON, sq, 5, "Centre", NULL);
    fx.spec.extent_mode = CSM_EXTENT_LAYER;
    fx.spec.extent_layer = (char *)"areas";
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    fw = p->frame.maxx - p->frame.minx;
    fh = p->frame.maxy - p->frame.miny;
    ew = p->extent.maxx - p->extent.minx;
    eh = p->extent.maxy - p->extent.miny;
    s = 1000.0 / p->scale;
    assert_near(ew * s, fw, 1e-9);
    assert_near(eh * s, fh, 1e-9);
    /* centred on the square, which keeps its full height (landscape) */
    assert_near((p->extent.minx + p->extent.maxx) / 2, 401000, 1e-6);
    assert_near((p->extent.miny + p->extent.maxy) / 2, 301000, 1e-6);
    assert_near(eh, 2000, 1e-6);
    for (i = 0; i < p->n && !it; i++)
        if (p->item[i].type == CSM_ITEM_PATH &&
            p->item[i].geom.type == CSM_GEOM_POLYGON &&
            p->item[i].geom.npt == 5 && p->item[i].sym.fill.r == 0.6)
            it = &p->item[i];
    assert_non_null(it);
    /* the square's top-left corner (400000, 302000) is on the frame's top
     * edge; its bottom on the bottom edge */
    assert_near(it->geom.pt[3].y, p->frame.miny, 1e-9);
    assert_near(it->geom.pt[0].y, p->frame.maxy, 1e-9);
    assert_near(it->geom.pt[0].x, p->frame.minx + (400000 - p->extent.minx) * s,
                1e-9);
    assert_near(it->geom.pt[1].x - it->geom.pt[0].x, 2000 * s, 1e-9);
    csm_page_free(p);
    free_fixture(&fx);
}

/* The scale bar is true at the printed size and says how long it is. */
static void scale_bar_is_true(void **state)
{
    fixture fx;
    csm_page *p = NULL;
    csm_error err;
    double s, len_m, minx = 1e9, maxx = -1e9;
    char want[32];
    size_t i, nseg = 0;

    (void)state;
    make_fixture(&fx);
    add_point(fx.layer[SCHOOLS], 400000, 300000, "A", NULL);
    add_point(fx.layer[SCHOOLS], 403700, 301900, "B", NULL);
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    s = 1000.0 / p->scale;
    len_m = csm_compose_nice_length(0.2 * (p->frame.maxx - p->frame.minx) / s);
    for (i = 0; i < p->n; i++) {
        const csm_item *it = &p->item[i];
        csm_box b;
        if (it->type != CSM_ITEM_PATH || it->geom.type != CSM_GEOM_POLYGON)
            continue;
        csm_geom_bounds(&it->geom, &b);
        if (fabs(b.maxy - b.miny - 1.5) > 1e-9 || it->sym.fill.a != 1.0)
            continue;
        nseg++;
        minx = fmin(minx, b.minx);
        maxx = fmax(maxx, b.maxx);
    }
    assert_true(nseg == 2 || nseg == 4);
    assert_near(maxx - minx, len_m * s, 1e-9);
    assert_true(minx > p->frame.minx && maxx < p->frame.maxx);
    compose_length_text(len_m, want, sizeof want);
    assert_non_null(find_text(p, want));
    assert_non_null(find_text(p, "0"));
    assert_non_null(find_text(p, "N"));
    assert_non_null(find_text(p, "Grid north"));
    csm_page_free(p);
    free_fixture(&fx);
}

/* The legend lists exactly what was drawn: no hubs (all outside the box),
 * no CSE (none in the data), one row for schools, CCE and a value that is
 * no harm code ("Not categorised": the codes have an OTHER of their own). */
static void legend_lists_only_drawn_classes(void **state)
{
    fixture fx;
    csm_page *p = NULL;
    csm_error err;

    (void)state;
    make_fixture(&fx);
    add_point(fx.layer[SCHOOLS], 401000, 301000, "Oak Primary", NULL);
    add_point(fx.layer[CONCERNS], 401200, 301300, NULL, "cce");
    add_point(fx.layer[CONCERNS], 401400, 300800, NULL, "CCE");
    add_point(fx.layer[CONCERNS], 400900, 300500, NULL, "missing");
    add_point(fx.layer[HUBS], 420000, 320000, "Far Station", NULL);
    fx.spec.extent_mode = CSM_EXTENT_BOX;
    fx.spec.extent_box = (csm_box){400000, 300000, 402000, 302000};
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    assert_non_null(find_text(p, "Legend"));
    assert_non_null(find_text(p, "Schools"));
    assert_non_null(find_text(p, "Locations of concern"));
    assert_non_null(find_text(p, "Child criminal exploitation"));
    assert_non_null(find_text(p, "Not categorised"));
    assert_null(find_text(p, "Child sexual exploitation"));
    assert_null(find_text(p, "Transport hubs"));
    assert_null(find_text(p, "Neighbourhoods"));
    assert_null(find_text(p, "County-lines routes"));
    assert_null(find_text(p, "Far Station"));
    assert_int_equal(p->nlegend, 3);
    assert_true(find_text(p, "Not categorised")->at.x > p->frame.maxx);
    csm_page_free(p);
    free_fixture(&fx);
}

/* Property: over 300 random schools no two labels overlap, none covers a
 * symbol or leaves the frame, and each label is placed or counted as
 * dropped. */
static void labels_never_collide(void **state)
{
    fixture fx;
    csm_page *p = NULL;
    csm_error err;
    csm_box lab[400], sym[400], furn[4];
    size_t nlab = 0, nsym = 0, nfurn = 0, i, j;
    char name[64];
    int k;

    (void)state;
    make_fixture(&fx);
    seed_state = 20240501;
    for (k = 0; k < 300; k++) {
        int len = 3 + (int)(uniform() * 14);
        snprintf(name, sizeof name, "%.*s %d", len, "Abcdefghijklmnopqrstu", k);
        add_point(fx.layer[SCHOOLS], 400000 + uniform() * 3000,
                  300000 + uniform() * 2000, name, NULL);
    }
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    for (i = 0; i < p->n; i++) {
        const csm_item *it = &p->item[i];
        if (it->type == CSM_ITEM_TEXT && it->halo)
            lab[nlab++] = text_box(it);
        else if (it->type == CSM_ITEM_SYMBOL &&
                 it->at.x <= p->frame.maxx + 1.0) {
            double r = it->sym.size_mm / 2;
            sym[nsym++] = (csm_box){it->at.x - r, it->at.y - r, it->at.x + r,
                                    it->at.y + r};
        } else if (it->type == CSM_ITEM_PATH && it->sym.fill.a == 1.0 &&
                   it->sym.fill.r == 1.0 && nfurn < 4) {
            csm_box b; /* the scale bar's and north arrow's white boxes */
            csm_geom_bounds(&it->geom, &b);
            if (inside(&b, &p->frame) && b.maxy - b.miny > 1.6)
                furn[nfurn++] = b;
        }
    }
    assert_true(nfurn >= 2); /* the two boxes, the arrow's white half */
    assert_int_equal(nsym, 300);
    assert_int_equal(nlab, p->labels_placed);
    assert_int_equal(p->labels_placed + p->labels_dropped, 300);
    assert_true(p->labels_placed > 50);
    for (i = 0; i < nlab; i++) {
        assert_true(inside(&lab[i], &p->frame));
        for (j = i + 1; j < nlab; j++)
            assert_false(overlap(&lab[i], &lab[j]));
        for (j = 0; j < nsym; j++)
            assert_false(overlap(&lab[i], &sym[j]));
        for (j = 0; j < nfurn; j++)
            assert_false(overlap(&lab[i], &furn[j]));
    }
    csm_page_free(p);
    free_fixture(&fx);
}

/* Same inputs, same map. */
static void labels_are_deterministic(void **state)
{
    fixture fx;
    csm_page *a = NULL, *b = NULL;
    csm_error err;
    char name[32];
    size_t i;
    int k;

    (void)state;
    make_fixture(&fx);
    seed_state = 7;
    for (k = 0; k < 120; k++) {
        snprintf(name, sizeof name, "Place %d", k);
        add_point(fx.layer[k % 2 ? SCHOOLS : HUBS], 400000 + uniform() * 2000,
                  300000 + uniform() * 2000, name, NULL);
    }
    assert_int_equal(compose(&fx, NULL, &a, &err), 0);
    assert_int_equal(compose(&fx, NULL, &b, &err), 0);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->labels_placed, b->labels_placed);
    for (i = 0; i < a->n; i++) {
        assert_int_equal(a->item[i].type, b->item[i].type);
        assert_near(a->item[i].at.x, b->item[i].at.x, 0);
        assert_near(a->item[i].at.y, b->item[i].at.y, 0);
    }
    csm_page_free(a);
    csm_page_free(b);
    free_fixture(&fx);
}

/* Concerns are never labelled; a route's name is not repeated close by;
 * a high-priority hub wins a contested spot over a school. */
static void label_rules(void **state)
{
    csm_xy r1[2] = {{400000, 301000}, {401000, 301000}};
    csm_xy r2[2] = {{400000, 301050}, {401000, 301050}};
    fixture fx;
    csm_page *p = NULL;
    csm_error err;

    (void)state;
    make_fixture(&fx);
    add_point(fx.layer[CONCERNS], 400500, 300500, "Secret", "cce");
    add(fx.layer[ROUTES], CSM_GEOM_LINE, r1, 2, "M-line", NULL);
    add(fx.layer[ROUTES], CSM_GEOM_LINE, r2, 2, "M-line", NULL);
    fx.spec.extent_mode = CSM_EXTENT_BOX;
    fx.spec.extent_box = (csm_box){399000, 300000, 402000, 302000};
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    assert_int_equal(count_text(p, "Secret"), 0);
    assert_int_equal(count_text(p, "M-line"), 1);
    assert_int_equal(p->labels_placed, 1);
    assert_int_equal(p->labels_dropped, 0);
    csm_page_free(p);
    free_fixture(&fx);
}

/* Marking top and bottom; date, sources and statement in the footer; no
 * text outside the frame overlaps another or the frame, on two papers. */
static void marginalia_do_not_overlap(void **state)
{
    static const int sizes[][2] = {
        {CSM_PAGE_A4, 0}, {CSM_PAGE_A3, 1}, {CSM_PAGE_A2, 0}};
    fixture fx;
    csm_page *p = NULL;
    csm_error err;
    csm_box box[64];
    size_t i, j, n, k;

    (void)state;
    make_fixture(&fx);
    add_point(fx.layer[SCHOOLS], 400000, 300000, "A", NULL);
    add_point(fx.layer[SCHOOLS], 401000, 301000, "B", NULL);
    fx.spec.title = (char *)"A long title for a multi-agency strategy meeting "
                            "on exploitation around the town centre";
    for (k = 0; k < 3; k++) {
        fx.spec.page_size = (csm_page_size)sizes[k][0];
        fx.spec.landscape = sizes[k][1];
        assert_int_equal(compose(&fx, "2024-05-01", &p, &err), 0);
        assert_int_equal(count_text(p, "OFFICIAL-SENSITIVE"), 2);
        assert_non_null(find_text(p, "Date: 2024-05-01"));
        assert_non_null(
            find_text(p, "Sources: OS Open Data; Northbridge Council"));
        assert_non_null(find_text(
            p, "Anonymisation: no personal or pseudonymised data shown"));
        for (n = 0, i = 0; i < p->n; i++) {
            const csm_item *it = &p->item[i];
            csm_box b;
            if (it->type != CSM_ITEM_TEXT)
                continue;
            b = text_box(it);
            if (inside(&b, &p->frame))
                continue;
            assert_true(b.minx >= 0 && b.maxx <= p->width_mm);
            assert_true(b.miny >= 0 && b.maxy <= p->height_mm);
            if (b.maxx > p->frame.maxx && b.miny >= p->frame.miny &&
                b.maxy <= p->frame.maxy)
                continue; /* the legend panel: checked by its own rows */
            assert_false(overlap(&b, &p->frame));
            assert_true(n < 64);
            box[n++] = b;
        }
        assert_true(n >= 7); /* 2 banners, title, subtitle, 3 footer */
        for (i = 0; i < n; i++)
            for (j = i + 1; j < n; j++)
                assert_false(overlap(&box[i], &box[j]));
        assert_true(find_text(p, "OFFICIAL-SENSITIVE")->at.y < 20);
        csm_page_free(p);
        p = NULL;
    }
    fx.spec.date = (char *)"2024-04";
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    assert_non_null(find_text(p, "Date: 2024-04"));
    assert_string_equal(p->date, "2024-04");
    csm_page_free(p);
    fx.spec.date = NULL;
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    assert_non_null(find_text(p, "Date: not given"));
    csm_page_free(p);
    free_fixture(&fx);
}

static void empty_extent_is_an_error(void **state)
{
    fixture fx;
    csm_page *p = (csm_page *)&fx; /* must come back NULL */
    csm_error err;

    (void)state;
    make_fixture(&fx);
    assert_int_equal(compose(&fx, NULL, &p, &err), CSM_EDATA);
    assert_null(p);
    assert_string_equal(err.msg, "nothing to draw: every layer is empty");
    add_point(fx.layer[SCHOOLS], 400000, 300000, "A", NULL);
    fx.spec.extent_mode = CSM_EXTENT_LAYER;
    fx.spec.extent_layer = (char *)"hubs";
    assert_int_equal(compose(&fx, NULL, &p, &err), CSM_EDATA);
    assert_string_equal(err.msg, "extent: layer 'hubs' has no features");
    fx.spec.extent_layer = (char *)"nope";
    assert_int_equal(compose(&fx, NULL, &p, &err), CSM_EDATA);
    assert_string_equal(err.msg, "extent: no layer 'nope' in the spec");
    fx.spec.extent_mode = CSM_EXTENT_BOX;
    csm_box_empty(&fx.spec.extent_box);
    assert_int_equal(compose(&fx, NULL, &p, &err), CSM_EDATA);
    fx.spec.extent_mode = CSM_EXTENT_ALL;
    fx.spec.crs = (char *)"EPSG:4326";
    assert_int_equal(compose(&fx, NULL, &p, &err), CSM_ECRS);
    assert_null(p);
    free_fixture(&fx);
}

/* One point alone still makes a map (its neighbourhood). */
static void single_point_map(void **state)
{
    fixture fx;
    csm_page *p = NULL;
    csm_error err;

    (void)state;
    make_fixture(&fx);
    add_point(fx.layer[SCHOOLS], 400000, 300000, "Only", NULL);
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    assert_true(p->scale > 100 && isfinite(p->scale));
    assert_int_equal(p->labels_placed, 1);
    csm_page_free(p);
    free_fixture(&fx);
}

/* An area that runs off the map is labelled on its visible part. */
static void clipped_area_label(void **state)
{
    csm_xy big[5] = {{390000, 290000},
                     {401000, 290000},
                     {401000, 310000},
                     {390000, 310000},
                     {390000, 290000}};
    fixture fx;
    csm_page *p = NULL;
    csm_error err;
    const csm_item *it;
    csm_box b;

    (void)state;
    make_fixture(&fx);
    add(fx.layer[AREAS], CSM_GEOM_POLYGON, big, 5, "Westside", NULL);
    fx.spec.extent_mode = CSM_EXTENT_BOX;
    fx.spec.extent_box = (csm_box){400000, 300000, 402000, 301000};
    assert_int_equal(compose(&fx, NULL, &p, &err), 0);
    it = find_text(p, "Westside");
    assert_non_null(it);
    b = text_box(it);
    assert_true(inside(&b, &p->frame));
    csm_page_free(p);
    free_fixture(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(paper_sizes),
        cmocka_unit_test(nice_lengths),
        cmocka_unit_test(length_and_scale_text),
        cmocka_unit_test(transform_fills_frame),
        cmocka_unit_test(scale_bar_is_true),
        cmocka_unit_test(legend_lists_only_drawn_classes),
        cmocka_unit_test(labels_never_collide),
        cmocka_unit_test(labels_are_deterministic),
        cmocka_unit_test(label_rules),
        cmocka_unit_test(marginalia_do_not_overlap),
        cmocka_unit_test(empty_extent_is_an_error),
        cmocka_unit_test(single_point_map),
        cmocka_unit_test(clipped_area_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
