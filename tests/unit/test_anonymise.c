/* test_anonymise.c - aggregation to areas and grids (PRIVACY.md rows 2-7,
 * section 9 tests 6, 7 and 10), dates to month, the gate and the
 * statement.  Property tests run over many generated datasets with a
 * fixed-seed generator and check every output against brute force. */
#include "check.h"
#include "csmap.h"
#include "anonymise/anonymise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- fixtures ------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rnd(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double unif(void)
{
    return (double)(rnd() >> 11) * (1.0 / 9007199254740992.0);
}

static long pick(long n)
{
    return (long)(rnd() % (uint64_t)n);
}

static csm_layer *points_layer(void)
{
    const char *f[] = {"subject", "category"};
    csm_layer *l = csm_layer_new("concerns", f, 2);
    assert_non_null(l);
    return l;
}

static void add_point(csm_layer *l, double x, double y, const char *subj,
                      const char *cat)
{
    const char *v[] = {subj, cat};
    check_add_point(l, x, y, v, 2);
}

static void add_ring(csm_layer *l, const csm_xy *r, size_t n, const char *name)
{
    csm_feature f;

    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POLYGON);
    assert_int_equal(csm_geom_add_part(&f.geom, r, n, NULL), 0);
    f.val = calloc(1, sizeof *f.val);
    f.val[0] = strdup(name);
    f.row = (long)l->n + 1;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
}

/* g x g squares of side s from (x0, y0), named A0, A1, ... */
static csm_layer *square_areas(int g, double s, double x0, double y0)
{
    const char *f[] = {"name"};
    csm_layer *l = csm_layer_new("areas", f, 1);
    int i, j;
    char name[16];

    for (j = 0; j < g; j++)
        for (i = 0; i < g; i++) {
            csm_xy r[5] = {{x0 + i * s, y0 + j * s},
                           {x0 + (i + 1) * s, y0 + j * s},
                           {x0 + (i + 1) * s, y0 + (j + 1) * s},
                           {x0 + i * s, y0 + (j + 1) * s},
                           {x0 + i * s, y0 + j * s}};
            snprintf(name, sizeof name, "A%d", j * g + i);
            add_ring(l, r, 5, name);
        }
    return l;
}

static long value(const csm_layer *l, size_t i, const char *field)
{
    const char *v = csm_layer_value(l, i, csm_layer_field(l, field));
    return v ? atol(v) : -1;
}

static csm_agg_opts opts_default(void)
{
    csm_agg_opts o = {0, 1, 0, 0};
    return o;
}

/* ---- rules ---------------------------------------------------------- */

static void shown_counts_round_and_never_below_the_floor(void **state)
{
    csm_policy p;
    char b[32];
    long c;

    (void)state;
    csm_policy_defaults(&p);
    assert_int_equal(csm_anonymise_shown(0, &p), 0);
    for (c = 1; c < 8; c++)
        assert_int_equal(csm_anonymise_shown(c, &p), -1);
    assert_int_equal(csm_anonymise_shown(8, &p), 10);
    assert_int_equal(csm_anonymise_shown(9, &p), 10);
    assert_int_equal(csm_anonymise_shown(12, &p), 10);
    assert_int_equal(csm_anonymise_shown(13, &p), 15);
    assert_int_equal(csm_anonymise_shown(102, &p), 100);
    for (c = 8; c < 1000; c++) {
        long s = csm_anonymise_shown(c, &p);
        assert_true(s >= 10 && s % 5 == 0 && labs(s - c) <= 2 + (c < 10));
    }
    p.min_count = 6; /* 6 -> nearest 5 is 5, below the minimum: 10 */
    assert_int_equal(csm_anonymise_shown(6, &p), 10);
    p.round_base = 1;
    p.single_release = 1;
    assert_int_equal(csm_anonymise_shown(6, &p), 6);
    assert_int_equal(csm_anonymise_shown(5, &p), -1);

    csm_policy_defaults(&p);
    csm_anonymise_band(-1, &p, b, sizeof b);
    assert_string_equal(b, "suppressed");
    csm_anonymise_band(0, &p, b, sizeof b);
    assert_string_equal(b, "none");
    csm_anonymise_band(10, &p, b, sizeof b);
    assert_string_equal(b, "10-19");
    csm_anonymise_band(20, &p, b, sizeof b);
    assert_string_equal(b, "20-49");
    csm_anonymise_band(95, &p, b, sizeof b);
    assert_string_equal(b, "50-99");
    csm_anonymise_band(100, &p, b, sizeof b);
    assert_string_equal(b, "100+");
    p.min_count = 22; /* smallest shown 25: the first band starts there */
    csm_anonymise_band(25, &p, b, sizeof b);
    assert_string_equal(b, "25-49");
}

static void secondary_suppression_rule(void **state)
{
    long exact[4] = {3, 12, 30, 0}, shown[4] = {-1, 10, 30, 0};
    unsigned char why[4] = {AGG_SMALL, 0, 0, 0};

    (void)state;
    /* one suppressed: the next smallest shown joins it */
    assert_int_equal(agg_secondary(exact, shown, why, NULL, 0, 4), 0);
    assert_int_equal(shown[1], -1);
    assert_int_equal(why[1], AGG_SECONDARY);
    assert_int_equal(shown[2], 30);
    assert_int_equal(shown[3], 0); /* zeros are never used to hide */
    {
        /* two suppressed ones (sum 2) pin each other: a third joins */
        long e2[3] = {1, 1, 40}, s2[3] = {-1, -1, 40};
        unsigned char w2[3] = {AGG_SMALL, AGG_SMALL, 0};
        assert_int_equal(agg_secondary(e2, s2, w2, NULL, 0, 3), 0);
        assert_int_equal(s2[2], -1);
    }
    {
        /* nothing to hide behind: the margin itself must go */
        long e3[2] = {5, 0}, s3[2] = {-1, 0};
        unsigned char w3[2] = {AGG_SMALL, 0};
        assert_int_equal(agg_secondary(e3, s3, w3, NULL, 0, 2), 1);
    }
}

/* ---- areas: fixed cases --------------------------------------------- */

static void counts_distinct_children_not_rows(void **state)
{
    csm_layer *a = square_areas(2, 1000, 0, 0), *p = points_layer(), *out;
    csm_agg_opts o = opts_default();
    csm_agg_stats st;
    csm_policy pol;
    char id[32];
    int i, k;

    (void)state;
    csm_policy_defaults(&pol);
    /* area A0: 7 children with 5 incidents each (35 rows): suppressed */
    for (i = 0; i < 7; i++)
        for (k = 0; k < 5; k++) {
            snprintf(id, sizeof id, "c%d", i);
            add_point(p, 100 + i * 10, 100 + k, id, "CCE");
        }
    /* area A1: 9 children, one incident each: shown as 10 */
    for (i = 0; i < 9; i++) {
        snprintf(id, sizeof id, "d%d", i);
        add_point(p, 1500 + i, 500, id, "CCE");
    }
    /* A3 is empty; one point outside every area */
    add_point(p, 5000, 5000, "e0", "CCE");
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, NULL), 0);
    assert_int_equal(out->n, 4);
    assert_string_equal(out->field[0], "name");
    assert_string_equal(out->field[1], "children");
    assert_string_equal(out->field[2], "band");
    assert_int_equal(value(out, 0, "children"), -1);
    assert_string_equal(csm_layer_value(out, 0, 2), "suppressed");
    /* A1 would be recoverable from a shown total minus A1: the total is
     * 16 children, A0 is suppressed, so A1 is suppressed as well or the
     * total is; here A1 is the only other non-empty area */
    assert_true(value(out, 1, "children") == -1 || st.total == -1);
    assert_int_equal(value(out, 2, "children"), 0);
    assert_string_equal(csm_layer_value(out, 2, 2), "none");
    assert_int_equal(st.rows, 45);
    assert_int_equal(st.subjects, 17);
    assert_int_equal(st.outside, 1);
    assert_int_equal(st.zero, 2);
    assert_string_equal(csm_layer_value(out, 1, 0), "A1");
    csm_layer_free(out);
    csm_layer_free(p);
    csm_layer_free(a);
}

static void canaries_never_show(void **state)
{
    csm_layer *a = square_areas(3, 1000, 0, 0), *p = points_layer(), *out;
    csm_agg_opts o = opts_default();
    csm_agg_stats st;
    csm_policy pol;
    char id[32];
    int i, k;

    (void)state;
    csm_policy_defaults(&pol);
    /* busy areas so that totals are shown */
    for (k = 2; k < 9; k++)
        for (i = 0; i < 30; i++) {
            snprintf(id, sizeof id, "b%d-%d", k, i);
            add_point(p, (k % 3) * 1000 + 50 + i * 20, (k / 3) * 1000 + 500, id,
                      "CCE");
        }
    /* A0: one child with 20 missing episodes at one place */
    for (i = 0; i < 20; i++)
        add_point(p, 300, 300, "lone", "MISS");
    /* A1: 12 children, but one of them has 20 of the 31 incidents */
    for (i = 0; i < 11; i++) {
        snprintf(id, sizeof id, "m%d", i);
        add_point(p, 1300 + i * 10, 300, id, "CCE");
    }
    for (i = 0; i < 20; i++)
        add_point(p, 1700, 700, "heavy", "CCE");
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, NULL), 0);
    assert_int_equal(value(out, 0, "children"), -1);
    assert_int_equal(value(out, 1, "children"), -1); /* dominance */
    assert_string_equal(csm_layer_value(out, 1, 2), "suppressed");
    assert_int_equal(csm_layer_field(out, "MISS"), -1); /* never shown */
    assert_true(st.suppressed >= 2);
    csm_layer_free(out);
    csm_layer_free(p);
    csm_layer_free(a);
}

static void failing_categories_merge_into_the_total(void **state)
{
    csm_layer *a = square_areas(1, 1000, 0, 0), *p = points_layer(), *out;
    csm_agg_opts o = opts_default();
    csm_agg_stats st;
    csm_policy pol;
    char id[32];
    int i;

    (void)state;
    csm_policy_defaults(&pol);
    for (i = 0; i < 40; i++) { /* 30 CCE, 6 CSE, 4 SYV */
        snprintf(id, sizeof id, "k%d", i);
        add_point(p, 10 + i, 10, id, i < 30 ? "CCE" : i < 36 ? "CSE" : "SYV");
    }
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, NULL), 0);
    assert_int_equal(value(out, 0, "children"), 40);
    /* CSE and SYV fail (two suppressed): not even a column for them;
     * CCE passes and is shown */
    assert_int_equal(value(out, 0, "CCE"), 30);
    assert_int_equal(csm_layer_field(out, "CSE"), -1);
    assert_int_equal(csm_layer_field(out, "SYV"), -1);
    assert_int_equal(st.categories, 1);
    csm_layer_free(out);
    /* one failing category next to two passing: the smaller one hides it */
    csm_layer_free(p);
    p = points_layer();
    for (i = 0; i < 45; i++) { /* 25 CCE, 15 CL, 5 CSE */
        snprintf(id, sizeof id, "k%d", i);
        add_point(p, 10 + i, 10, id, i < 25 ? "CCE" : i < 40 ? "CL" : "CSE");
    }
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, NULL), 0);
    assert_int_equal(value(out, 0, "children"), 45);
    assert_int_equal(value(out, 0, "CCE"), 25);
    assert_int_equal(csm_layer_field(out, "CL"), -1); /* secondary */
    csm_layer_free(out);
    /* a category cannot take an output field's name */
    csm_layer_free(p);
    p = points_layer();
    for (i = 0; i < 20; i++) {
        snprintf(id, sizeof id, "k%d", i);
        add_point(p, 10 + i, 10, id, "band");
    }
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, NULL),
                     CSM_EDATA);
    assert_null(out);
    csm_layer_free(p);
    csm_layer_free(a);
}

static void errors_name_layer_field_row_never_values(void **state)
{
    csm_layer *a = square_areas(1, 1000, 0, 0), *p = points_layer(), *out;
    csm_agg_opts o = opts_default();
    csm_agg_stats st;
    csm_policy pol;
    csm_error err = {0};

    (void)state;
    csm_policy_defaults(&pol);
    add_point(p, 10, 10, "Jordan-canary", "CCE");
    add_point(p, 20, 10, NULL, "CCE");
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, &err),
                     CSM_EDATA);
    assert_null(out);
    assert_string_equal(err.msg, "layer 'concerns', field 'subject', row 2: "
                                 "no subject id; every row needs one");
    o.subject_field = -1;
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, &err),
                     CSM_EUSAGE);
    assert_non_null(strstr(err.msg, "distinct children"));
    o = opts_default();
    pol.min_count = 3;
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, &err),
                     CSM_EPRIVACY);
    csm_policy_defaults(&pol);
    csm_layer_set_crs(p, "EPSG:27700", NULL);
    csm_layer_set_crs(a, "EPSG:4326", NULL);
    assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, &err),
                     CSM_ECRS);
    assert_null(strstr(err.msg, "Jordan"));
    /* areas must be polygons; the points layer must hold points */
    assert_int_equal(csm_anonymise_areas(p, p, &o, &pol, &out, &st, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "not a polygon"));
    csm_layer_set_crs(a, "EPSG:27700", NULL);
    o.category_field = -1;
    assert_int_equal(csm_anonymise_areas(a, a, &o, &pol, &out, &st, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "not a point"));
    csm_layer_free(p);
    csm_layer_free(a);
}

/* ---- areas: property tests over generated datasets ------------------- */

typedef struct truth {
    long distinct, incid, maxrun;
} truth;

/* Brute force: distinct subjects, incidents and the largest subject's
 * incidents for area k (cat NULL: all categories). */
static truth brute(const csm_layer *p, const csm_layer *a, size_t k,
                   const char *cat)
{
    truth t = {0, 0, 0};
    size_t i, j, m;

    for (i = 0; i < p->n; i++) {
        long first = -1, n = 0;
        if (cat && strcmp(csm_layer_value(p, i, 1), cat) != 0)
            continue;
        for (m = 0; m < a->n; m++)
            if (csm_geom_contains(&a->feat[m].geom, p->feat[i].geom.pt[0]))
                break;
        if (m != k)
            continue;
        t.incid++;
        /* is i the first row of its subject in this cell? and its count */
        for (j = 0; j < p->n; j++) {
            size_t mm;
            if (strcmp(csm_layer_value(p, j, 0), csm_layer_value(p, i, 0)) ||
                (cat && strcmp(csm_layer_value(p, j, 1), cat)))
                continue;
            for (mm = 0; mm < a->n; mm++)
                if (csm_geom_contains(&a->feat[mm].geom, p->feat[j].geom.pt[0]))
                    break;
            if (mm != k)
                continue;
            if (first < 0)
                first = (long)j;
            n++;
        }
        if (first == (long)i) {
            t.distinct++;
            if (n > t.maxrun)
                t.maxrun = n;
        }
    }
    return t;
}

static const char *const cats[] = {"CCE", "CSE", "SYV", "MISS", "CL"};

static csm_layer *random_points(const csm_layer *a, double extent)
{
    csm_layer *p = points_layer();
    long ns = 5 + pick(160), s, i;
    char id[24];

    for (s = 0; s < ns; s++) {
        long home = pick((long)a->n), n = 1 + (pick(4) == 0 ? pick(12) : 0);
        const char *c = cats[pick(5)];
        csm_box b;
        csm_geom_bounds(&a->feat[home].geom, &b);
        snprintf(id, sizeof id, "s%ld", s);
        for (i = 0; i < n; i++) {
            double x, y;
            if (pick(10) < 8) {
                x = b.minx + unif() * (b.maxx - b.minx);
                y = b.miny + unif() * (b.maxy - b.miny);
            } else {
                x = unif() * extent * 1.1;
                y = unif() * extent * 1.1;
            }
            add_point(p, x, y, id, pick(5) ? c : cats[pick(5)]);
        }
    }
    if (pick(3) == 0) /* a heavy subject somewhere */
        for (i = 0; i < 25; i++)
            add_point(p, unif() * extent, unif() * extent, "heavy", "CCE");
    return p;
}

static void random_policy(csm_policy *pol)
{
    csm_policy_defaults(pol);
    switch (pick(4)) {
    case 1:
        pol->min_count = 6 + (int)pick(5);
        pol->round_base = 10;
        break;
    case 2:
        pol->min_count = 6;
        pol->round_base = 1 + (int)pick(3);
        pol->single_release = 1;
        break;
    case 3:
        pol->dominance = 0.3;
        break;
    }
}

/* A margin protects its cells: none suppressed, or at least two whose
 * exact sum is more than their number (else each is pinned to 1). */
static void margin_safe(long nblank, long blank_sum)
{
    if (nblank == 1)
        fail_msg("a lone suppressed cell under a shown margin");
    if (nblank >= 2 && blank_sum <= nblank)
        fail_msg("suppressed cells pinned by their margin");
}

static void check_area(const csm_layer *p, const csm_layer *a,
                       const csm_layer *out, size_t k, const csm_policy *pol)
{
    truth t = brute(p, a, k, NULL);
    long v = value(out, k, "children");
    size_t f, c;
    char band[32];
    long nblank = 0, blank_sum = 0, pool = 0;

    csm_anonymise_band(v, pol, band, sizeof band);
    assert_string_equal(csm_layer_value(out, k, 2), band);
    if (v == 0)
        assert_int_equal(t.distinct, 0);
    if (v > 0) {
        assert_true(v >= pol->min_count && v % pol->round_base == 0);
        assert_int_equal(v, csm_anonymise_shown(t.distinct, pol));
        assert_true(t.maxrun <= pol->dominance * t.incid);
    }
    if (v < 0)
        assert_true(t.distinct > 0);
    for (f = 3; f < out->nfield; f++) {
        const char *s = csm_layer_value(out, k, (int)f);
        truth ct = brute(p, a, k, out->field[f]);
        if (v < 0) {
            assert_null(s); /* no breakdown of a suppressed area */
            continue;
        }
        if (!s) {
            assert_true(ct.distinct > 0);
            nblank++;
            blank_sum += ct.distinct;
            continue;
        }
        assert_true(atol(s) == 0 || (atol(s) >= pol->min_count &&
                                     atol(s) % pol->round_base == 0));
        assert_int_equal(atol(s), csm_anonymise_shown(ct.distinct, pol));
    }
    /* Categories with no column are merged into the total: to a reader
     * they are one hidden cell, the total minus the shown categories,
     * which must not be a small count on its own. */
    for (c = 0; c < sizeof cats / sizeof *cats; c++)
        if (csm_layer_field(out, cats[c]) < 0)
            pool += brute(p, a, k, cats[c]).distinct;
    if (v > 0 && pool > 0) {
        if (nblank == 0 && pool >= pol->min_count)
            return;
        nblank++;
        blank_sum += pool;
    }
    if (v > 0)
        margin_safe(nblank, blank_sum);
}

static void areas_property_test(void **state)
{
    long seen_shown = 0, seen_small = 0, seen_second = 0, seen_cat = 0,
         seen_total = 0, seen_cat_blank = 0;
    int run;

    (void)state;
    rng_state = 20260314;
    for (run = 0; run < 120; run++) {
        int g = 2 + (int)pick(4);
        csm_layer *a = square_areas(g, 500, 0, 0);
        csm_layer *p = random_points(a, g * 500.0), *out = NULL;
        csm_agg_opts o = opts_default();
        csm_agg_stats st;
        csm_policy pol;
        long nblank = 0, blank_sum = 0, outside = 0;
        size_t k, f, i;

        random_policy(&pol);
        assert_int_equal(csm_anonymise_areas(p, a, &o, &pol, &out, &st, NULL),
                         0);
        assert_int_equal(out->n, a->n);
        for (k = 0; k < out->n; k++) {
            check_area(p, a, out, k, &pol);
            if (value(out, k, "children") < 0) {
                nblank++;
                blank_sum += brute(p, a, k, NULL).distinct;
            }
        }
        if (st.total >= 0)
            margin_safe(nblank, blank_sum);
        /* every category column is shown somewhere */
        for (f = 3; f < out->nfield; f++) {
            int any = 0;
            for (k = 0; k < out->n; k++)
                any |= value(out, k, out->field[f]) > 0;
            assert_true(any);
        }
        for (i = 0; i < p->n; i++) {
            for (k = 0; k < a->n; k++)
                if (csm_geom_contains(&a->feat[k].geom, p->feat[i].geom.pt[0]))
                    break;
            outside += k == a->n;
        }
        assert_int_equal(st.outside, outside);
        assert_int_equal(st.rows, p->n);
        seen_shown += (long)st.shown;
        seen_small += (long)st.suppressed;
        seen_second += (long)st.secondary;
        seen_cat += (long)st.categories;
        seen_total += st.total >= 0;
        for (k = 0; k < out->n; k++)
            for (f = 3; f < out->nfield; f++)
                seen_cat_blank += value(out, k, "children") > 0 &&
                                  !csm_layer_value(out, k, (int)f);
        csm_layer_free(out);
        csm_layer_free(p);
        csm_layer_free(a);
    }
    /* the generated data reach every branch */
    if (getenv("CSM_TEST_VERBOSE"))
        printf("# shown %ld, suppressed %ld, secondary %ld, categories %ld, "
               "totals %ld, category blanks %ld\n",
               seen_shown, seen_small, seen_second, seen_cat, seen_total,
               seen_cat_blank);
    assert_true(seen_shown > 0 && seen_small > 0 && seen_second > 0 &&
                seen_cat > 0 && seen_total > 0 && seen_cat_blank > 0);
}

/* ---- the spatial index ---------------------------------------------- */

/* A random star-shaped polygon around (cx, cy), with a hole sometimes. */
static void star(csm_layer *l, double cx, double cy, double r, int n)
{
    csm_xy ring[64];
    csm_feature *f;
    int i;
    char name[16];

    for (i = 0; i < n; i++) {
        double a = 6.283185307179586 * i / n, rr = r * (0.3 + 0.7 * unif());
        ring[i] = (csm_xy){cx + rr * cos(a), cy + rr * sin(a)};
    }
    ring[n] = ring[0];
    snprintf(name, sizeof name, "P%zu", l->n);
    add_ring(l, ring, (size_t)n + 1, name);
    if (pick(3) == 0) {
        csm_xy hole[5] = {{cx - r * 0.1, cy - r * 0.1},
                          {cx + r * 0.1, cy - r * 0.1},
                          {cx + r * 0.1, cy + r * 0.1},
                          {cx - r * 0.1, cy + r * 0.1},
                          {cx - r * 0.1, cy - r * 0.1}};
        f = &l->feat[l->n - 1];
        assert_int_equal(csm_geom_add_part(&f->geom, hole, 5, NULL), 0);
    }
}

static void index_agrees_with_brute_force(void **state)
{
    int run;

    (void)state;
    rng_state = 77;
    for (run = 0; run < 20; run++) {
        const char *f[] = {"name"};
        csm_layer *a = csm_layer_new("areas", f, 1);
        area_index *ix;
        int i, np = 1 + (int)pick(60);

        for (i = 0; i < np; i++)
            star(a, unif() * 10000, unif() * 10000, 200 + unif() * 2000,
                 3 + (int)pick(60));
        assert_int_equal(area_index_new(a, &ix, NULL), 0);
        for (i = 0; i < 4000; i++) {
            csm_xy q = {unif() * 12000 - 1000, unif() * 12000 - 1000};
            long want = -1;
            size_t k;
            if (i % 10 == 0) /* on a vertex's row: the awkward case */
                q.y = a->feat[pick((long)a->n)].geom.pt[0].y;
            for (k = 0; k < a->n; k++)
                if (csm_geom_contains(&a->feat[k].geom, q)) {
                    want = (long)k;
                    break;
                }
            assert_int_equal(area_index_find(ix, q), want);
        }
        area_index_free(ix);
        csm_layer_free(a);
    }
}

/* ---- grids ---------------------------------------------------------- */

static void grid_cells_align_to_origin_and_nest(void **state)
{
    csm_layer *p = points_layer(), *out;
    csm_agg_opts o = opts_default();
    csm_agg_stats st;
    csm_policy pol;
    csm_error err = {0};
    char id[24];
    size_t i, k;

    (void)state;
    csm_policy_defaults(&pol);
    rng_state = 5;
    for (i = 0; i < 3000; i++) {
        snprintf(id, sizeof id, "g%zu", i);
        add_point(p, 431000 + unif() * 4000, 287000 + unif() * 3000, id,
                  cats[pick(2)]);
    }
    assert_int_equal(csm_anonymise_grid(p, 500, 0, &o, &pol, &out, &st, &err),
                     0);
    assert_true(out->n > 0);
    for (i = 0; i < out->n; i++) {
        const csm_geom *g = &out->feat[i].geom;
        long v = value(out, i, "children");
        assert_int_equal(g->npt, 5);
        for (k = 0; k < g->npt; k++) {
            assert_near(fmod(g->pt[k].x, 500.0), 0, 0);
            assert_near(fmod(g->pt[k].y, 500.0), 0, 0);
        }
        assert_true(v >= pol.min_count && v % pol.round_base == 0);
    }
    /* a 1000 m grid's cells are unions of four 500 m cells */
    {
        long i0, j0, i1, j1;
        for (i = 0; i < 200; i++) {
            csm_xy q = {431000 + unif() * 4000, 287000 + unif() * 3000};
            grid_cell(q, 500, 0, &i0, &j0);
            grid_cell(q, 1000, 0, &i1, &j1);
            assert_int_equal(i0 / 2, i1);
            assert_int_equal(j0 / 2, j1);
        }
    }
    csm_layer_free(out);
    assert_int_equal(csm_anonymise_grid(p, 200, 0, &o, &pol, &out, &st, &err),
                     CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "cell 200 m is finer than the policy's "
                                    "cell_m 500 m"));
    assert_null(out);
    csm_layer_free(p);
}

static void hexagons_hold_their_points_and_conserve_totals(void **state)
{
    csm_policy pol;
    double c = 500, R = grid_hex_radius(c);
    int i;

    (void)state;
    rng_state = 11;
    assert_near(3 * sqrt(3) / 2 * R * R, c * c, 1e-6); /* equal area */
    for (i = 0; i < 20000; i++) {
        csm_xy q = {unif() * 20000 - 10000, unif() * 20000 - 10000}, ring[7];
        csm_geom g;
        long qi, qj;
        grid_cell(q, c, 1, &qi, &qj);
        grid_ring(qi, qj, c, 1, ring);
        csm_geom_init(&g, CSM_GEOM_POLYGON);
        assert_int_equal(csm_geom_add_part(&g, ring, 7, NULL), 0);
        assert_true(csm_geom_contains(&g, q));
        csm_geom_release(&g);
    }
    /* dense data, exact counts (single release): sums are conserved */
    csm_policy_defaults(&pol);
    pol.min_count = 6;
    pol.round_base = 1;
    pol.single_release = 1;
    {
        csm_layer *p = points_layer(), *out;
        csm_agg_opts o = opts_default();
        csm_agg_stats st;
        long qi, qj, n = 0, sum = 0;
        char id[24];
        size_t k;
        for (qj = -3; qj <= 3; qj++)
            for (qi = -3; qi <= 3; qi++) {
                csm_xy ring[7], ctr;
                long m = 6 + pick(10);
                grid_ring(qi, qj, c, 1, ring);
                ctr = (csm_xy){(ring[0].x + ring[3].x) / 2,
                               (ring[0].y + ring[3].y) / 2};
                for (k = 0; k < (size_t)m; k++, n++) {
                    double a = unif() * 6.283185307179586, r = unif() * R * 0.8;
                    snprintf(id, sizeof id, "h%ld", n);
                    add_point(p, ctr.x + r * cos(a), ctr.y + r * sin(a), id,
                              "CCE");
                }
            }
        assert_int_equal(csm_anonymise_grid(p, c, 1, &o, &pol, &out, &st, NULL),
                         0);
        assert_int_equal(out->n, 49);
        assert_int_equal(st.suppressed + st.secondary, 0);
        for (k = 0; k < out->n; k++) {
            sum += value(out, k, "children");
            assert_int_equal(out->feat[k].geom.npt, 7);
        }
        assert_int_equal(sum, n);
        assert_int_equal(st.total, n);
        csm_layer_free(out);
        csm_layer_free(p);
    }
}

static void grid_never_draws_suppressed_cells(void **state)
{
    csm_layer *p = points_layer(), *out;
    csm_agg_opts o = opts_default();
    csm_agg_stats st;
    csm_policy pol;
    char id[24];
    int i;

    (void)state;
    csm_policy_defaults(&pol);
    add_point(p, 250, 250, "lone", "CCE"); /* the lone rural child */
    for (i = 0; i < 3; i++)                /* three at one flat */
        add_point(p, 1250, 250, "flat", "CCE");
    for (i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "x%d", i);
        add_point(p, 2250 + i, 250, id, "CCE");
    }
    for (i = 0; i < 30; i++) {
        snprintf(id, sizeof id, "y%d", i);
        add_point(p, 3250 + i, 250, id, "CCE");
    }
    assert_int_equal(csm_anonymise_grid(p, 500, 0, &o, &pol, &out, &st, NULL),
                     0);
    /* the two small cells are suppressed; as each holds one child, the
     * shown total would pin both to 1, so a third cell is hidden too */
    assert_int_equal(out->n, 1);
    assert_true(out->feat[0].geom.pt[0].x >= 2000);
    assert_int_equal(st.suppressed, 2);
    assert_int_equal(st.secondary, 1);
    csm_layer_free(out);
    csm_layer_free(p);
}

/* ---- dates, gate, statement ----------------------------------------- */

static void dates_become_months(void **state)
{
    static const char *const in[][2] = {
        {"2026-03-14", "2026-03"},       {"14/03/2026", "2026-03"},
        {"2026-03-14T10:00", "2026-03"}, {"2026-03-14 23:59:59", "2026-03"},
        {"1/2/2026", "2026-02"},         {"2026-03", "2026-03"},
        {"2026-3", "2026-03"},           {"14 March 2026", "2026-03"},
        {"3rd Dec 2025", "2025-12"},     {"2024/02/29", "2024-02"},
        {" 2026-01-31 ", "2026-01"},     {"31.12.2025", "2025-12"},
    };
    const char *f[] = {"date"};
    csm_layer *l = csm_layer_new("concerns", f, 1);
    csm_error err = {0};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof in / sizeof *in; i++) {
        csm_feature ft;
        memset(&ft, 0, sizeof ft);
        ft.val = calloc(1, sizeof *ft.val);
        ft.val[0] = strdup(in[i][0]);
        ft.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    {
        csm_feature ft;
        memset(&ft, 0, sizeof ft);
        ft.val = calloc(1, sizeof *ft.val); /* empty stays empty */
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    assert_int_equal(csm_anonymise_month(l, 0, &err), 0);
    for (i = 0; i < sizeof in / sizeof *in; i++)
        assert_string_equal(csm_layer_value(l, i, 0), in[i][1]);
    assert_null(csm_layer_value(l, l->n - 1, 0));
    csm_layer_free(l);
}

static void bad_dates_name_the_row_not_the_value(void **state)
{
    static const char *const bad[] = {"2026-02-30",  "13/13/2026",
                                      "soon",        "14/03/26",
                                      "2026-03-14x", "Jordan 2026-03-14"};
    const char *f[] = {"date"};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        csm_layer *l = csm_layer_new("concerns", f, 1);
        csm_error err = {0};
        csm_feature ft;
        int r;
        for (r = 0; r < 2; r++) {
            memset(&ft, 0, sizeof ft);
            ft.val = calloc(1, sizeof *ft.val);
            ft.val[0] = strdup(r == 0 ? "2026-03-14" : bad[i]);
            ft.row = r + 7;
            assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
        }
        assert_int_equal(csm_anonymise_month(l, 0, &err), CSM_EDATA);
        assert_string_equal(err.msg,
                            "layer 'concerns', field 'date', row 8: not a "
                            "date (expected YYYY-MM-DD, DD/MM/YYYY or "
                            "YYYY-MM)");
        /* nothing changed */
        assert_string_equal(csm_layer_value(l, 0, 0), "2026-03-14");
        csm_layer_free(l);
    }
}

static void gate_refuses_unprotected_sensitive_layers(void **state)
{
    csm_layer_spec ls;
    csm_error err = {0};

    (void)state;
    memset(&ls, 0, sizeof ls);
    ls.name = "concerns";
    ls.sensitivity = CSM_SENS_PSEUDONYMISED;
    assert_int_equal(csm_anonymise_gate(&ls, &err), CSM_EPRIVACY);
    assert_string_equal(err.msg,
                        "layer 'concerns' is marked pseudonymised: it must be "
                        "protected before it is drawn; add protect: {method: "
                        "area, areas: neighbourhoods} (or grid, hex) to its "
                        "spec");
    ls.protect = CSM_PROTECT_GRID;
    assert_int_equal(csm_anonymise_gate(&ls, &err), 0);
    ls.protect = CSM_PROTECT_AREA;
    assert_int_equal(csm_anonymise_gate(&ls, &err), CSM_EUSAGE);
    ls.protect_areas = "wards";
    assert_int_equal(csm_anonymise_gate(&ls, &err), 0);
    ls.protect = 0;
    ls.sensitivity = CSM_SENS_PERSONAL;
    assert_int_equal(csm_anonymise_gate(&ls, &err), CSM_EPRIVACY);
    ls.sensitivity = CSM_SENS_PUBLIC;
    assert_int_equal(csm_anonymise_gate(&ls, &err), 0);
}

static void aggregate_only_categories_never_become_points(void **state)
{
    static const char *const c[] = {"CCE",
                                    "CSE",
                                    "cse",
                                    "Cuckooing",
                                    "MISS",
                                    "TRAF",
                                    "HSB",
                                    "Harmful sexual behaviour",
                                    "Modern slavery",
                                    NULL};
    csm_layer *p = points_layer();
    csm_policy pol;
    size_t i, removed;

    (void)state;
    csm_policy_defaults(&pol);
    for (i = 0; i < sizeof c / sizeof *c; i++)
        add_point(p, (double)i, 0, "s", c[i]);
    csm_anonymise_drop_aggregate_only(p, 1, &pol, &removed);
    assert_int_equal(removed, 7);
    assert_int_equal(p->n, 3);
    assert_string_equal(csm_layer_value(p, 0, 1), "CCE");
    assert_string_equal(csm_layer_value(p, 1, 1), "MISS");
    assert_null(csm_layer_value(p, 2, 1));
    assert_int_equal(p->feat[1].row, 5);
    csm_layer_free(p);
}

static void statement_states_method_and_strength_only(void **state)
{
    csm_policy pol;
    char b[256];

    (void)state;
    csm_policy_defaults(&pol);
    csm_anonymise_statement(CSM_PROTECT_GRID, &pol, 500, b, sizeof b);
    assert_string_equal(b, "Counts of distinct children under 8 suppressed, "
                           "others rounded to 5; locations aggregated to "
                           "500 m squares; dates to month");
    csm_anonymise_statement(CSM_PROTECT_AREA, &pol, 0, b, sizeof b);
    assert_non_null(strstr(b, "aggregated to areas"));
    csm_anonymise_statement(CSM_PROTECT_HEX, &pol, 0, b, sizeof b);
    assert_non_null(strstr(b, "hexagons the size of 500 m squares"));
    csm_anonymise_statement(CSM_PROTECT_DONUT, &pol, 0, b, sizeof b);
    assert_null(strstr(b, "50 m")); /* no radius */
    assert_null(strstr(b, "100 m"));
    assert_non_null(strstr(b, "dates to month"));
    csm_anonymise_statement(CSM_PROTECT_SNAP, &pol, 0, b, sizeof b);
    assert_non_null(strstr(b, "at least 30 homes"));
    pol.round_base = 1;
    pol.single_release = 1;
    csm_anonymise_statement(CSM_PROTECT_AREA, &pol, 0, b, sizeof b);
    assert_non_null(strstr(b, "not rounded"));
    assert_true(csm_anonymise_statement(CSM_PROTECT_GRID, &pol, 500, b, 8) > 8);
    assert_int_equal(strlen(b), 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shown_counts_round_and_never_below_the_floor),
        cmocka_unit_test(secondary_suppression_rule),
        cmocka_unit_test(counts_distinct_children_not_rows),
        cmocka_unit_test(canaries_never_show),
        cmocka_unit_test(failing_categories_merge_into_the_total),
        cmocka_unit_test(errors_name_layer_field_row_never_values),
        cmocka_unit_test(areas_property_test),
        cmocka_unit_test(index_agrees_with_brute_force),
        cmocka_unit_test(grid_cells_align_to_origin_and_nest),
        cmocka_unit_test(hexagons_hold_their_points_and_conserve_totals),
        cmocka_unit_test(grid_never_draws_suppressed_cells),
        cmocka_unit_test(dates_become_months),
        cmocka_unit_test(bad_dates_name_the_row_not_the_value),
        cmocka_unit_test(gate_refuses_unprotected_sensitive_layers),
        cmocka_unit_test(aggregate_only_categories_never_become_points),
        cmocka_unit_test(statement_states_method_and_strength_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
