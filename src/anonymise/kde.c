/* kde.c - anonymise: hotspots, a kernel density surface of points that
 * are ALREADY protected (snapped or displaced), shown only where it cannot
 * point at one child (PRIVACY.md section 4; rows 21-26).
 *
 * The KDE of a lone point is one kernel centred exactly on it, and a
 * transparent low end only draws a circle round it (section 4.2).  So the
 * rule is about contributors, not density: a cell is shown only when at
 * least kde_min_count distinct subjects have a point within the bandwidth
 * of its centre (sdcSpatial's min_count on the smoothing window), and no
 * single subject makes up more than the dominance share of its density
 * (one child's repeated missing episodes must not make a hotspot).  What
 * is shown is a class, at most kde_classes of them, never a value. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"
#include "anonymise/ptindex.h"

#define PI 3.14159265358979323846
#define MAX_CELLS 16777216.0 /* 2^24: a 4096 x 4096 surface */
#define GAUSS_REACH 3.0      /* Gaussian kernels are cut at 3 bandwidths */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/* R's quantile(type = 7) of sorted s[0..n-1]. */
static double quantile7(const double *s, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);

    if (lo + 1 >= n)
        return s[n - 1];
    return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

/* MASS::bandwidth.nrd, the rule of thumb sfhotspot uses: 4 x 1.06 x
 * min(sd, IQR / 1.34) x n^(-1/5).  It sorts v. */
static double nrd(double *v, size_t n)
{
    double mean = 0, ss = 0, sd, iqr;
    size_t i;

    if (n < 2)
        return 0.0;
    for (i = 0; i < n; i++)
        mean += v[i];
    mean /= (double)n;
    for (i = 0; i < n; i++)
        ss += (v[i] - mean) * (v[i] - mean);
    sd = sqrt(ss / (double)(n - 1));
    qsort(v, n, sizeof *v, cmp_double);
    iqr = quantile7(v, n, 0.75) - quantile7(v, n, 0.25);
    return 4.0 * 1.06 * fmin(sd, iqr / 1.34) * pow((double)n, -0.2);
}

double csm_anonymise_kde_bandwidth(const csm_xy *p, size_t n, double r_min_m,
                                   const csm_policy *pol)
{
    double *v = malloc((n + 1) * sizeof *v), bx = 0, by = 0, h;
    size_t i;

    if (v) {
        for (i = 0; i < n; i++)
            v[i] = p[i].x;
        bx = nrd(v, n);
        for (i = 0; i < n; i++)
            v[i] = p[i].y;
        by = nrd(v, n);
        free(v);
    }
    /* sfhotspot means to average x and y but calls mean(bx, by), which R
     * reads as mean(bx, trim = by): we take the real mean */
    h = fmax((bx + by) / 2.0, fmax(2.0 * r_min_m, pol->kde_bandwidth_min_m));
    return ceil(h / 10.0 - 1e-9) * 10.0; /* whole tens of metres, never less */
}

double csm_anonymise_kde_cell(const csm_box *b, const csm_policy *pol)
{
    double side = fmin(b->maxx - b->minx, b->maxy - b->miny), cell;

    if (csm_box_is_empty(b) || !(side > 0))
        side = 0;
    cell = 100.0 * round(side / 50.0 / 100.0); /* sfhotspot: 50 across */
    return fmax(cell, pol->kde_cell_min_m);
}

/* The kernel's weight at squared distance d2 for bandwidth h. */
static double kernel(csm_kernel k, double d2, double h)
{
    double u2 = d2 / (h * h);

    if (k == CSM_KERNEL_GAUSSIAN)
        return exp(-0.5 * u2) / (2.0 * PI * h * h);
    return u2 < 1.0 ? 3.0 / (PI * h * h) * (1 - u2) * (1 - u2) : 0.0;
}

/* One surface being computed. */
typedef struct kde {
    const csm_policy *pol;
    const csm_xy *p;
    const uint32_t *subj;
    double h, h2, reach2;
    /* per cell, reset by stamping with the cell's number */
    size_t cell;
    size_t *seen, *near; /* per subject: last cell weighed / counted */
    double *w;           /* per subject: weight in this cell */
    uint32_t *touched;
    size_t ntouched, nnear;
    double total;
} kde;

static int weigh(void *arg, size_t i, double d2)
{
    kde *k = arg;
    uint32_t s = k->subj[i];
    double w = kernel(k->pol->kde_kernel, d2, k->h);

    if (k->seen[s] != k->cell) {
        k->seen[s] = k->cell;
        k->w[s] = 0;
        k->touched[k->ntouched++] = s;
    }
    k->w[s] += w;
    k->total += w;
    if (d2 < k->h2 && k->near[s] != k->cell) { /* within the bandwidth */
        k->near[s] = k->cell;
        k->nnear++;
    }
    return 0;
}

/* Density at c when the cell may be shown, else a negative reason. */
static double cell_value(kde *k, const pt_index *ix, csm_xy c,
                         csm_kde_stats *st)
{
    double top = 0;
    size_t t;

    k->ntouched = k->nnear = 0;
    k->total = 0;
    pt_index_within(ix, c, k->reach2, weigh, k);
    if (!(k->total > 0))
        return -1;
    st->cells++;
    if (k->nnear < (size_t)k->pol->kde_min_count) {
        st->few++;
        return -1;
    }
    for (t = 0; t < k->ntouched; t++)
        top = fmax(top, k->w[k->touched[t]]);
    if (top > k->pol->dominance * k->total) {
        st->dominated++;
        return -1;
    }
    st->shown++;
    return k->total;
}

/* Quantile classes of the shown cells: class c holds about the c-th
 * n-th of them, equal densities always share a class. */
static int classify(csm_raster *r, const double *dens, size_t nshown,
                    int nclass, csm_error *err)
{
    double *s = malloc((nshown + 1) * sizeof *s);
    size_t i, m = 0, ncell = r->nx * r->ny;

    if (!s)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < ncell; i++)
        if (dens[i] >= 0)
            s[m++] = dens[i];
    qsort(s, m, sizeof *s, cmp_double);
    r->nclass = 0;
    for (i = 0; i < ncell; i++) {
        size_t lo = 0, hi = m;
        int c;
        if (!(dens[i] >= 0))
            continue;
        while (lo < hi) { /* first equal value: ties share a class */
            size_t mid = lo + (hi - lo) / 2;
            if (s[mid] < dens[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        c = 1 + (int)((double)lo * nclass / (double)m);
        r->cls[i] = (unsigned char)(c > nclass ? nclass : c);
        if (r->cls[i] > r->nclass)
            r->nclass = r->cls[i];
    }
    free(s);
    return CSM_OK;
}

/* Every vertex of the point features with its subject's dense id. */
static int vertices(const csm_layer *l, const uint32_t *id, csm_xy **p,
                    uint32_t **subj, size_t *n, csm_error *err)
{
    size_t i, k, m = 0;

    for (i = 0; i < l->n; i++) {
        const csm_geom *g = &l->feat[i].geom;
        if (g->npt && g->type != CSM_GEOM_POINT)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s', row %ld: hotspots need points",
                            l->name, l->feat[i].row);
        for (k = 0; k < g->npt; k++)
            if (!isfinite(g->pt[k].x) || !isfinite(g->pt[k].y))
                return csm_fail(err, CSM_EDATA,
                                "layer '%s', row %ld: coordinates are not "
                                "numbers",
                                l->name, l->feat[i].row);
        m += g->npt;
    }
    *p = malloc((m + 1) * sizeof **p);
    *subj = malloc((m + 1) * sizeof **subj);
    if (!*p || !*subj)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0, m = 0; i < l->n; i++)
        for (k = 0; k < l->feat[i].geom.npt; k++) {
            (*p)[m] = l->feat[i].geom.pt[k];
            (*subj)[m++] = id[i];
        }
    *n = m;
    return CSM_OK;
}

/* Bandwidth and cell: the policy's rules, or the caller's, never finer
 * than the policy's floors. */
static int parameters(const csm_layer *l, const csm_xy *p, size_t n,
                      const csm_kde_opts *o, const csm_policy *pol,
                      csm_kde_stats *st, csm_error *err)
{
    double floor_h = fmax(2.0 * o->r_min_m, pol->kde_bandwidth_min_m);
    csm_box b;
    size_t i;

    if (o->bandwidth_m > 0 && o->bandwidth_m < floor_h)
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s': a hotspot bandwidth of %g m is below "
                        "the floor of %g m (2 x r_min, and the policy's "
                        "kde_bandwidth_min_m)",
                        l->name, o->bandwidth_m, floor_h);
    if (o->cell_m > 0 && o->cell_m < pol->kde_cell_min_m)
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s': a hotspot cell of %g m is below the "
                        "policy's kde_cell_min_m %g m",
                        l->name, o->cell_m, pol->kde_cell_min_m);
    st->bandwidth_m = o->bandwidth_m > 0
                          ? o->bandwidth_m
                          : csm_anonymise_kde_bandwidth(p, n, o->r_min_m, pol);
    csm_box_empty(&b);
    for (i = 0; i < n; i++)
        csm_box_add(&b, p[i]);
    st->cell_m = o->cell_m > 0 ? o->cell_m : csm_anonymise_kde_cell(&b, pol);
    return CSM_OK;
}

/* The surface's grid: whole cells from the CRS origin (so surfaces of the
 * same cell size nest), covering every point's bandwidth. */
static csm_raster *grid_for(const csm_layer *l, const csm_xy *p, size_t n,
                            csm_kde_stats *st)
{
    double h = st->bandwidth_m, x0, y0, x1, y1;
    csm_box b;
    size_t i;

    if (!n)
        return csm_raster_new(0, 0, 0, 0, st->cell_m, l->crs);
    csm_box_empty(&b);
    for (i = 0; i < n; i++)
        csm_box_add(&b, p[i]);
    for (;;) {
        double c = st->cell_m;
        x0 = floor((b.minx - h) / c) * c;
        y0 = floor((b.miny - h) / c) * c;
        x1 = ceil((b.maxx + h) / c) * c;
        y1 = ceil((b.maxy + h) / c) * c;
        if (round((x1 - x0) / c) * round((y1 - y0) / c) <= MAX_CELLS)
            break;
        st->cell_m *= 2; /* a county at 50 m: coarser, never finer */
    }
    return csm_raster_new((size_t)round((x1 - x0) / st->cell_m),
                          (size_t)round((y1 - y0) / st->cell_m), x0, y1,
                          st->cell_m, l->crs);
}

static int surface(kde *k, const pt_index *ix, csm_raster *r, csm_kde_stats *st,
                   csm_error *err)
{
    size_t ncell = r->nx * r->ny, i;
    double *dens = malloc((ncell + 1) * sizeof *dens);
    int rc;

    if (!dens)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < ncell; i++) {
        csm_xy c = {r->x0 + ((double)(i % r->nx) + 0.5) * r->cell_m,
                    r->y1 - ((double)(i / r->nx) + 0.5) * r->cell_m};
        k->cell = i;
        dens[i] = cell_value(k, ix, c, st);
    }
    rc = classify(r, dens, st->shown, k->pol->kde_classes, err);
    st->nclass = r->nclass;
    free(dens);
    return rc;
}

/* The per-subject scratch of one surface, stamped "no cell yet". */
static int kde_init(kde *k, const csm_policy *pol, const csm_xy *p,
                    const uint32_t *subj, size_t nid, double h, csm_error *err)
{
    k->pol = pol;
    k->p = p;
    k->subj = subj;
    k->h = h;
    k->h2 = h * h;
    k->reach2 = pol->kde_kernel == CSM_KERNEL_GAUSSIAN
                    ? k->h2 * GAUSS_REACH * GAUSS_REACH
                    : k->h2;
    k->seen = malloc((nid + 1) * sizeof *k->seen);
    k->near = malloc((nid + 1) * sizeof *k->near);
    k->w = malloc((nid + 1) * sizeof *k->w);
    k->touched = malloc((nid + 1) * sizeof *k->touched);
    if (!k->seen || !k->near || !k->w || !k->touched)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    memset(k->seen, 0xff, (nid + 1) * sizeof *k->seen);
    memset(k->near, 0xff, (nid + 1) * sizeof *k->near);
    return CSM_OK;
}

static void kde_release(kde *k)
{
    free(k->seen);
    free(k->near);
    free(k->w);
    free(k->touched);
}

int csm_anonymise_hotspots(const csm_layer *l, const csm_kde_opts *o,
                           const csm_policy *pol, csm_raster **out,
                           csm_kde_stats *st, csm_error *err)
{
    uint32_t *id = NULL, *subj = NULL;
    size_t nid = 0, n = 0;
    csm_xy *p = NULL;
    pt_index *ix = NULL;
    csm_raster *r = NULL;
    kde k;
    int rc;

    *out = NULL;
    memset(st, 0, sizeof *st);
    memset(&k, 0, sizeof k);
    if ((rc = csm_policy_check(pol, err)))
        return rc;
    if (o->subject_field < 0 || (size_t)o->subject_field >= l->nfield)
        return csm_fail(err, CSM_EUSAGE,
                        "layer '%s': hotspots count distinct subjects: name "
                        "the subject-id field",
                        l->name);
    if ((rc = intern_field(l, o->subject_field, "subject id", 0, &id, &nid,
                           NULL, err)) ||
        (rc = vertices(l, id, &p, &subj, &n, err)) ||
        (rc = parameters(l, p, n, o, pol, st, err)))
        goto out;
    st->points = n;
    st->subjects = nid;
    if (!(r = grid_for(l, p, n, st))) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    if (!(rc = kde_init(&k, pol, p, subj, nid, st->bandwidth_m, err)) &&
        !(rc = pt_index_new(p, n, k.h, &ix, err)))
        rc = surface(&k, ix, r, st, err);
out:
    if (rc)
        csm_raster_free(r);
    else
        *out = r;
    pt_index_free(ix);
    kde_release(&k);
    free(id);
    free(subj);
    free(p);
    return rc;
}

int csm_anonymise_kde_statement(const csm_kde_stats *st, const csm_policy *pol,
                                char *buf, size_t n)
{
    return snprintf(
        buf, n,
        "shown as hotspots: %s kernel density of the protected "
        "points, %g m bandwidth, %g m cells, a cell only where "
        "at least %d children lie within the bandwidth, in %d "
        "classes",
        pol->kde_kernel == CSM_KERNEL_GAUSSIAN ? "Gaussian" : "quartic",
        st->bandwidth_m, st->cell_m, pol->kde_min_count, pol->kde_classes);
}
