/* test_kde.c - hotspot surfaces (PRIVACY.md section 4, rows 21-26, and
 * section 9 test 9): the lone-point canary shows nothing, a cell shows
 * only with enough distinct subjects within the bandwidth and no dominant
 * one (checked against brute force), at most the policy's classes, the
 * bandwidth and cell rules, and no peak where one child's incidents
 * were. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265358979323846

/* A point layer of (x, y, subject) rows. */
typedef struct row {
    double x, y;
    int subj;
} row;

static csm_layer *layer_of(const row *r, size_t n)
{
    const char *f[] = {"subject", "id"};
    csm_layer *l = csm_layer_new("concerns", f, 2);
    char buf[32];
    size_t i;

    for (i = 0; i < n; i++) {
        csm_feature ft;
        csm_xy p = {r[i].x, r[i].y};
        memset(&ft, 0, sizeof ft);
        csm_geom_init(&ft.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&ft.geom, &p, 1, NULL), 0);
        ft.val = calloc(2, sizeof *ft.val);
        snprintf(buf, sizeof buf, "S-%04d", r[i].subj);
        ft.val[0] = strdup(buf);
        snprintf(buf, sizeof buf, "R%zu", i);
        ft.val[1] = strdup(buf);
        ft.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &ft, NULL), 0);
    }
    assert_int_equal(csm_layer_set_crs(l, "EPSG:27700", NULL), 0);
    return l;
}

static csm_kde_opts opts(double bandwidth_m, double cell_m)
{
    csm_kde_opts o = {0, 0.0, bandwidth_m, cell_m};
    return o;
}

/* xorshift: the same "random" data on every machine */
static unsigned long long rng = 88172645463325252ULL;
static double uniform(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static csm_xy centre(const csm_raster *r, size_t c)
{
    csm_xy p = {r->x0 + ((double)(c % r->nx) + 0.5) * r->cell_m,
                r->y1 - ((double)(c / r->nx) + 0.5) * r->cell_m};
    return p;
}

/* 30 subjects around (400000, 300000), one point each, within 300 m. */
static size_t cluster(row *r, int first_subj)
{
    size_t i;

    for (i = 0; i < 30; i++) {
        double a = 2 * PI * uniform(), d = 300 * sqrt(uniform());
        r[i].x = 400000 + d * cos(a);
        r[i].y = 300000 + d * sin(a);
        r[i].subj = first_subj + (int)i;
    }
    return 30;
}

static void lone_point_canary_shows_nothing(void **state)
{
    csm_policy pol;
    csm_kde_opts o = opts(0, 0);
    csm_kde_stats st;
    csm_raster *r = NULL;
    row rows[31];
    size_t n = cluster(rows, 1), c, near = 0;
    csm_layer *l;
    csm_box b;

    (void)state;
    csm_policy_defaults(&pol);
    /* the canary: one child alone, 5 km from anyone */
    rows[n++] = (row){405000, 305000, 999};
    l = layer_of(rows, n);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_true(st.shown > 0); /* the cluster is a hotspot */
    for (c = 0; c < r->nx * r->ny; c++) {
        csm_xy p = centre(r, c);
        if (hypot(p.x - 405000, p.y - 305000) <= 2 * st.bandwidth_m) {
            near++;
            assert_int_equal(r->cls[c], 0);
        }
    }
    assert_true(near > 0);
    /* nor does the extent a map takes from the surface reach out to it */
    csm_raster_bounds(r, &b);
    assert_true(!csm_box_is_empty(&b) && b.maxx < 401000 && b.maxy < 301000);
    csm_raster_free(r);
    csm_layer_free(l);

    /* alone in the layer: nothing at all, whatever the bandwidth */
    l = layer_of(&rows[30], 1);
    o = opts(5000, 0);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_int_equal(st.shown, 0);
    assert_int_equal(r->nclass, 0);
    for (c = 0; c < r->nx * r->ny; c++)
        assert_int_equal(r->cls[c], 0);
    csm_raster_free(r);
    csm_layer_free(l);
}

/* Seven children with many reports each at one place: not enough; an
 * eighth makes the place a hotspot. */
static void needs_min_distinct_subjects(void **state)
{
    csm_policy pol;
    csm_kde_opts o = opts(400, 100);
    csm_kde_stats st;
    csm_raster *r = NULL;
    row rows[64];
    size_t i, n = 0;
    csm_layer *l;

    (void)state;
    csm_policy_defaults(&pol);
    pol.dominance = 0.95; /* here: only the count rule */
    for (i = 0; i < 7 * 6; i++)
        rows[n++] = (row){400000 + (double)(i % 6) * 20,
                          300000 + (double)(i % 7) * 20, (int)(i % 7)};
    l = layer_of(rows, n);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_int_equal(st.subjects, 7);
    assert_int_equal(st.shown, 0);
    assert_true(st.few > 0);
    csm_raster_free(r);
    csm_layer_free(l);

    rows[n++] = (row){400050, 300050, 7};
    l = layer_of(rows, n);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_true(st.shown > 0);
    csm_raster_free(r);
    csm_layer_free(l);
}

/* What the rule says, the slow way, for one cell centre. */
static int brute_shown(const row *rows, size_t n, csm_xy c, double h,
                       const csm_policy *pol)
{
    double w[200] = {0}, total = 0, top = 0;
    int near[200] = {0}, count = 0;
    size_t i;

    for (i = 0; i < n; i++) {
        double d2 = (rows[i].x - c.x) * (rows[i].x - c.x) +
                    (rows[i].y - c.y) * (rows[i].y - c.y);
        double u2 = d2 / (h * h), k;
        if (pol->kde_kernel == CSM_KERNEL_GAUSSIAN)
            k = d2 < 9 * h * h ? exp(-0.5 * u2) / (2 * PI * h * h) : 0;
        else
            k = u2 < 1 ? 3 / (PI * h * h) * (1 - u2) * (1 - u2) : 0;
        w[rows[i].subj] += k;
        total += k;
        if (d2 < h * h && !near[rows[i].subj]++)
            count++;
    }
    for (i = 0; i < 200; i++)
        top = w[i] > top ? w[i] : top;
    return total > 0 && count >= pol->kde_min_count &&
           top <= pol->dominance * total;
}

static void check_against_brute_force(csm_kernel kernel)
{
    csm_policy pol;
    csm_kde_opts o = opts(350, 100);
    csm_kde_stats st;
    csm_raster *r = NULL;
    row rows[400];
    size_t i, c, shown = 0;
    csm_layer *l;

    csm_policy_defaults(&pol);
    pol.kde_kernel = kernel;
    /* 150 subjects over 3 km, some with several reports; a dense corner */
    for (i = 0; i < 400; i++) {
        double s = i < 100 ? 600 : 3000;
        rows[i].x = 400000 + s * uniform();
        rows[i].y = 300000 + s * uniform();
        rows[i].subj = (int)(uniform() * 150);
    }
    l = layer_of(rows, 400);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    for (c = 0; c < r->nx * r->ny; c++) {
        int want = brute_shown(rows, 400, centre(r, c), 350, &pol);
        if (want != (r->cls[c] != 0))
            fail_msg("cell %zu: shown %d, rule says %d", c, r->cls[c] != 0,
                     want);
        shown += want;
    }
    assert_int_equal(shown, st.shown);
    assert_true(st.shown > 20 && st.few > 0);
    csm_raster_free(r);
    csm_layer_free(l);
}

static void cells_follow_the_rule_quartic(void **state)
{
    (void)state;
    check_against_brute_force(CSM_KERNEL_QUARTIC);
}

static void cells_follow_the_rule_gaussian(void **state)
{
    (void)state;
    check_against_brute_force(CSM_KERNEL_GAUSSIAN);
}

static void at_most_the_policy_classes(void **state)
{
    csm_policy pol;
    csm_kde_opts o = opts(300, 50);
    csm_kde_stats st;
    csm_raster *r = NULL;
    row rows[1000];
    size_t i, c, per[8] = {0};
    csm_layer *l;
    int k;

    (void)state;
    csm_policy_defaults(&pol);
    for (i = 0; i < 1000; i++) { /* a gradient: denser to the west */
        rows[i].x = 400000 + 4000 * uniform() * uniform();
        rows[i].y = 300000 + 2000 * uniform();
        rows[i].subj = (int)i;
    }
    l = layer_of(rows, 1000);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_int_equal(r->nclass, 5);
    assert_int_equal(st.nclass, 5);
    for (c = 0; c < r->nx * r->ny; c++) {
        assert_true(r->cls[c] <= 5);
        per[r->cls[c]]++;
    }
    for (k = 1; k <= 5; k++) /* quantiles: each class about a fifth */
        assert_true(per[k] > st.shown / 10 && per[k] < st.shown * 3 / 10);
    csm_raster_free(r);

    pol.kde_classes = 3;
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_int_equal(r->nclass, 3);
    for (c = 0; c < r->nx * r->ny; c++)
        assert_true(r->cls[c] <= 3);
    csm_raster_free(r);
    pol.kde_classes = 8; /* the limit is 7 */
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL),
                     CSM_EPRIVACY);
    assert_null(r);
    csm_layer_free(l);
}

static void bandwidth_rule(void **state)
{
    csm_policy pol;
    csm_xy p[5];
    size_t i;

    (void)state;
    csm_policy_defaults(&pol);
    for (i = 0; i < 5; i++)
        p[i] =
            (csm_xy){400000 + 1000.0 * (double)i, 300000 + 1000.0 * (double)i};
    /* by hand: sd 1581.1, IQR 2000 / 1.34 = 1492.5; 4 x 1.06 x 1492.5 x
     * 5^-0.2 = 4586.6, up to 4590 */
    assert_near(csm_anonymise_kde_bandwidth(p, 5, 0, &pol), 4590, 1e-9);
    for (i = 0; i < 5; i++) /* tight: the floors decide */
        p[i] = (csm_xy){400000 + (double)i, 300000 - (double)i};
    assert_near(csm_anonymise_kde_bandwidth(p, 5, 0, &pol), 200, 1e-9);
    assert_near(csm_anonymise_kde_bandwidth(p, 5, 150, &pol), 300, 1e-9);
    assert_near(csm_anonymise_kde_bandwidth(p, 1, 0, &pol), 200, 1e-9);
    pol.kde_bandwidth_min_m = 450;
    assert_near(csm_anonymise_kde_bandwidth(p, 5, 150, &pol), 450, 1e-9);
}

static void cell_rule(void **state)
{
    csm_policy pol;
    csm_box b = {407850, 393350, 414100, 398650}; /* Northbridge */

    (void)state;
    csm_policy_defaults(&pol);
    assert_near(csm_anonymise_kde_cell(&b, &pol), 100, 1e-9); /* 5300/50 */
    b = (csm_box){0, 0, 30000, 20000};
    assert_near(csm_anonymise_kde_cell(&b, &pol), 400, 1e-9);
    b = (csm_box){0, 0, 7600, 9000}; /* 152 m: to the nearest 100 */
    assert_near(csm_anonymise_kde_cell(&b, &pol), 200, 1e-9);
    b = (csm_box){0, 0, 1000, 1000}; /* 20 m: the floor */
    assert_near(csm_anonymise_kde_cell(&b, &pol), 50, 1e-9);
    pol.kde_cell_min_m = 150;
    assert_near(csm_anonymise_kde_cell(&b, &pol), 150, 1e-9);
}

static void overrides_never_below_the_floors(void **state)
{
    csm_policy pol;
    csm_kde_opts o = opts(0, 0);
    csm_kde_stats st;
    csm_raster *r = NULL;
    csm_error err = {0, ""};
    row rows[30];
    csm_layer *l;

    (void)state;
    csm_policy_defaults(&pol);
    l = layer_of(rows, cluster(rows, 1));
    o.bandwidth_m = 150;
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, &err),
                     CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "bandwidth of 150 m is below"));
    o.bandwidth_m = 250;
    o.r_min_m = 200; /* the kernel must span the donut: 2 x r_min */
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL),
                     CSM_EPRIVACY);
    o = opts(0, 40);
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL),
                     CSM_EPRIVACY);
    assert_null(r);
    o = opts(0, 0); /* the rules: a whole-10 m bandwidth, 50 m cells */
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_true(st.bandwidth_m >= 200);
    assert_near(st.cell_m, 50, 1e-9);
    /* the grid is aligned to the CRS origin */
    assert_near(r->x0 / r->cell_m, round(r->x0 / r->cell_m), 1e-9);
    assert_near(r->y1 / r->cell_m, round(r->y1 / r->cell_m), 1e-9);
    csm_raster_free(r);
    csm_layer_free(l);
}

/* One child with 20 missing episodes at one flat, displaced by the donut
 * among 30 other children: enough children lie within the bandwidth of
 * the flat for the count rule, but cells where that one child dominates
 * are not shown, so no peak of the surface sits within r_min of it. */
static void no_peak_where_one_child_was(void **state)
{
    unsigned char key[CSM_KEY_BYTES];
    csm_policy pol;
    csm_donut_opts d = {0, -1, 100, 200, NULL, 0, NULL};
    csm_donut_stats ds;
    csm_kde_opts o = opts(0, 50);
    csm_kde_stats st;
    csm_raster *r = NULL;
    row rows[60];
    size_t i, c, n = 0;
    csm_layer *l;

    (void)state;
    for (i = 0; i < CSM_KEY_BYTES; i++)
        key[i] = (unsigned char)(7 * i + 3);
    csm_policy_defaults(&pol);
    pol.containment = 0;
    for (i = 0; i < 20; i++)
        rows[n++] = (row){400000, 300000, 1};
    for (i = 0; i < 30; i++) { /* others, 150 to 700 m away */
        double a = 2 * PI * uniform(), dist = 150 + 550 * sqrt(uniform());
        rows[n++] =
            (row){400000 + dist * cos(a), 300000 + dist * sin(a), 2 + (int)i};
    }
    l = layer_of(rows, n);
    assert_int_equal(csm_anonymise_donut(l, &d, key, &pol, &ds, NULL), 0);
    o.r_min_m = 100;
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, NULL), 0);
    assert_true(st.dominated > 0 && st.shown > 0);
    for (c = 0; c < r->nx * r->ny; c++) {
        csm_xy p = centre(r, c);
        long col = (long)(c % r->nx), rw = (long)(c / r->nx), dc, dr;
        int peak = r->cls[c] != 0;
        for (dr = -1; dr <= 1 && peak; dr++)
            for (dc = -1; dc <= 1; dc++) {
                long cc = col + dc, rr = rw + dr;
                if (cc >= 0 && rr >= 0 && cc < (long)r->nx &&
                    rr < (long)r->ny &&
                    r->cls[rr * (long)r->nx + cc] > r->cls[c])
                    peak = 0;
            }
        if (peak && hypot(p.x - 400000, p.y - 300000) < 100)
            fail_msg("a peak within r_min of the flat, cell %zu", c);
    }
    csm_raster_free(r);
    csm_layer_free(l);
}

static void colours_darken_class_by_class(void **state)
{
    int n, k;

    (void)state;
    for (n = 1; n <= 7; n++)
        for (k = 2; k <= n; k++) {
            csm_rgba a = csm_raster_colour(k - 1, n),
                     b = csm_raster_colour(k, n);
            double la = 0.2126 * a.r + 0.7152 * a.g + 0.0722 * a.b;
            double lb = 0.2126 * b.r + 0.7152 * b.g + 0.0722 * b.b;
            assert_true(la - lb > 0.05); /* apart in a greyscale copy */
        }
    assert_near(csm_raster_colour(0, 5).a, 0, 0);
    assert_near(csm_raster_colour(6, 5).a, 0, 0);
}

static void refusals(void **state)
{
    csm_policy pol;
    csm_kde_opts o = opts(0, 0);
    csm_kde_stats st;
    csm_raster *r = NULL;
    csm_error err = {0, ""};
    row rows[30];
    csm_layer *l;

    (void)state;
    csm_policy_defaults(&pol);
    l = layer_of(rows, cluster(rows, 1));
    o.subject_field = -1; /* distinct children need their ids */
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, &err),
                     CSM_EUSAGE);
    o.subject_field = 0;
    free(l->feat[3].val[0]);
    l->feat[3].val[0] = NULL;
    assert_int_equal(csm_anonymise_hotspots(l, &o, &pol, &r, &st, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "row 4"));
    assert_null(strstr(err.msg, "S-0")); /* never a value */
    assert_null(r);
    csm_layer_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lone_point_canary_shows_nothing),
        cmocka_unit_test(needs_min_distinct_subjects),
        cmocka_unit_test(cells_follow_the_rule_quartic),
        cmocka_unit_test(cells_follow_the_rule_gaussian),
        cmocka_unit_test(at_most_the_policy_classes),
        cmocka_unit_test(bandwidth_rule),
        cmocka_unit_test(cell_rule),
        cmocka_unit_test(overrides_never_below_the_floors),
        cmocka_unit_test(no_peak_where_one_child_was),
        cmocka_unit_test(colours_darken_class_by_class),
        cmocka_unit_test(refusals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
