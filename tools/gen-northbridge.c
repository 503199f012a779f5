/* gen-northbridge.c - writes the fictional demo town "Northbridge".
 *
 * Standalone (libc and libm only): the demo and benchmark data must not
 * depend on the library they exercise.  One fixed-seed PRNG drives every
 * choice and coordinates are whole metres of British National Grid
 * (EPSG:27700), so every run writes identical bytes.  Northbridge,
 * Metropolis and every name, place and record are invented; the town sits
 * on empty Pennine moorland, where no real town is.
 *
 *   gen-northbridge [-o DIR] [-n AREAS] [-p POINTS] [-s SEED]
 *
 * No -n/-p: the 25-neighbourhood demo town with 600 concern records and
 * a safety survey (400 young people's red/amber/green ratings of areas).
 * -n or -p: benchmark mode: AREAS neighbourhoods, POINTS concern records,
 * ten main roads and points.csv (POINTS public points, categories a-f).
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifdef __clang__ /* no fused multiply-add: same bytes on every CPU */
#pragma STDC FP_CONTRACT OFF
#endif

#define PI 3.14159265358979323846
#define CENTRE_E 411000.0 /* Bleaklow moor, SK 11 96: no settlement */
#define CENTRE_N 396000.0
#define CELL_M 1000.0 /* grid cell before merging: areas of 1-2 km2 */
#define JIT_M 150.0   /* vertex jitter: < 20% of a cell keeps rings simple */
#define WIG_M 40.0    /* edge wiggle, so borders do not look ruled */
#define KW 2          /* wiggle points per edge */
#define EDGE_M 200.0  /* jitter + wiggle < this: the box inset is in town */

typedef struct xy {
    double x, y;
} xy;

typedef struct area {
    char id[16], name[64];
    int n; /* ring vertices, closed: ring[n - 1] == ring[0] */
    xy *ring;
} area;

typedef struct line {
    int n;
    xy *p;
} line;

static uint64_t rng = 0x4e6f727468627267u; /* "Northbrg" */
static double X0, Y0, X1, Y1, CX, CY;      /* the town's box before jitter */
static int R, C;                           /* grid rows and columns */
static xy *V, *HE, *VE; /* grid vertices; wiggle points of edges */
static area *A;
static int NA;
static line rail, river, road[10];
static int nroad;
static xy hub[5], park_c[4], hot[5]; /* hub[0..4] fixed by the design */
static const int hot_w[5] = {25, 20, 15, 20, 8};

/* splitmix64: tiny, well mixed, and the same on every platform. */
static double rnd(void)
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return (double)((z ^ (z >> 31)) >> 11) / 9007199254740992.0;
}

static double uni(double a, double b)
{
    return a + (b - a) * rnd();
}

/* Every coordinate is rounded once, when made: areas then share exactly
 * the same vertices and the files hold whole metres. */
static xy whole(double x, double y)
{
    xy p = {round(x), round(y)};
    return p;
}

/* Uniform in a box.  Never pass two random draws as arguments of one call:
 * C leaves their order to the compiler (gcc and clang differ). */
static xy uni_xy(double x0, double y0, double x1, double y1)
{
    double x = uni(x0, x1), y = uni(y0, y1);
    return whole(x, y);
}

static double gauss(void) /* Box-Muller */
{
    double u = 1.0 - rnd();
    return sqrt(-2.0 * log(u)) * cos(2.0 * PI * rnd());
}

static int pick(const int *w, int n) /* index i with probability w[i]/sum */
{
    int i, sum = 0, r;
    for (i = 0; i < n; i++)
        sum += w[i];
    r = (int)(rnd() * sum);
    for (i = 0; r >= w[i]; i++)
        r -= w[i];
    return i;
}

static void die(const char *what, const char *path)
{
    fprintf(stderr, "gen-northbridge: %s '%s': %s\n", what, path,
            strerror(errno));
    exit(1);
}

static void *xalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        die("out of memory for", "data");
    return p;
}

static int in_town(xy p) /* inside the inset box, hence inside the union */
{
    return p.x > X0 + EDGE_M && p.x < X1 - EDGE_M && p.y > Y0 + EDGE_M &&
           p.y < Y1 - EDGE_M;
}

static xy anywhere(void)
{
    return uni_xy(X0 + EDGE_M, Y0 + EDGE_M, X1 - EDGE_M, Y1 - EDGE_M);
}

static int inside(const area *a, xy p) /* even-odd ray crossing */
{
    int i, in = 0;
    for (i = 0; i + 1 < a->n; i++) {
        xy u = a->ring[i], v = a->ring[i + 1];
        if ((u.y > p.y) != (v.y > p.y) &&
            p.x < u.x + (p.y - u.y) * (v.x - u.x) / (v.y - u.y))
            in = !in;
    }
    return in;
}

static area *area_at(xy p)
{
    int i;
    for (i = 0; i < NA; i++)
        if (inside(&A[i], p))
            return &A[i];
    return NULL;
}

/* ---- neighbourhoods: a jittered grid, so the areas tile exactly ---- */

#define VX(i, j) V[(j) * (C + 1) + (i)]
#define HW(i, j, k) HE[((j)*C + (i)) * KW + (k)]         /* v(i,j)-v(i+1,j) */
#define VW(i, j, k) VE[((j) * (C + 1) + (i)) * KW + (k)] /* v(i,j)-v(i,j+1) */

static void build_grid(void)
{
    int i, j, k;
    V = xalloc(sizeof *V * (size_t)(C + 1) * (R + 1));
    HE = xalloc(sizeof *HE * (size_t)C * (R + 1) * KW);
    VE = xalloc(sizeof *VE * (size_t)(C + 1) * R * KW);
    for (j = 0; j <= R; j++)
        for (i = 0; i <= C; i++)
            VX(i, j) = uni_xy(X0 + i * CELL_M - JIT_M, Y0 + j * CELL_M - JIT_M,
                              X0 + i * CELL_M + JIT_M, Y0 + j * CELL_M + JIT_M);
    /* Each edge's wiggle is made once and used by both areas beside it. */
    for (j = 0; j <= R; j++)
        for (i = 0; i < C; i++)
            for (k = 0; k < KW; k++) {
                xy a = VX(i, j), b = VX(i + 1, j);
                double t = (k + 1.0) / (KW + 1);
                HW(i, j, k) = whole(a.x + (b.x - a.x) * t,
                                    a.y + (b.y - a.y) * t + uni(-WIG_M, WIG_M));
            }
    for (j = 0; j < R; j++)
        for (i = 0; i <= C; i++)
            for (k = 0; k < KW; k++) {
                xy a = VX(i, j), b = VX(i, j + 1);
                double t = (k + 1.0) / (KW + 1);
                VW(i, j, k) = whole(a.x + (b.x - a.x) * t + uni(-WIG_M, WIG_M),
                                    a.y + (b.y - a.y) * t);
            }
}

/* The area of row j spanning columns c0..c1, counter-clockwise (RFC 7946):
 * bottom west to east, right side up, top east to west, left side down. */
static void make_area(area *a, int j, int c0, int c1)
{
    int i, k, n = 0;
    xy *r = xalloc(sizeof *r * (size_t)((2 * (c1 - c0) + 2) * (KW + 1) + 1));
    for (i = c0; i < c1; i++) {
        r[n++] = VX(i, j);
        for (k = 0; k < KW; k++)
            r[n++] = HW(i, j, k);
    }
    r[n++] = VX(c1, j);
    for (k = 0; k < KW; k++)
        r[n++] = VW(c1, j, k);
    for (i = c1; i > c0; i--) {
        r[n++] = VX(i, j + 1);
        for (k = KW - 1; k >= 0; k--)
            r[n++] = HW(i - 1, j + 1, k);
    }
    r[n++] = VX(c0, j + 1);
    for (k = KW - 1; k >= 0; k--)
        r[n++] = VW(c0, j, k);
    r[n++] = r[0];
    a->ring = r;
    a->n = n;
}

/* R*C cells is a little more than n: remove shared vertical edges until n
 * areas remain, preferring to join single cells so sizes vary naturally
 * without long strips. */
static void build_areas(int n)
{
    unsigned char *cut = xalloc((size_t)R * (C + 1));
    int i, j, c0, tries, excess = R * C - n, digits = 2;
    memset(cut, 1, (size_t)R * (C + 1));
    for (tries = 0; excess > 0 && C > 1 && tries < 1000000; tries++) {
        j = (int)(rnd() * R);
        i = 1 + (int)(rnd() * (C - 1));
        if (!cut[j * (C + 1) + i] ||
            (tries < 500000 &&
             !(cut[j * (C + 1) + i - 1] && cut[j * (C + 1) + i + 1])))
            continue;
        cut[j * (C + 1) + i] = 0;
        excess--;
    }
    A = xalloc(sizeof *A * (size_t)R * C);
    for (i = n; i >= 100; i /= 10) /* N01..N25, N001..N999, ... */
        digits++;
    for (j = R - 1; j >= 0; j--) /* ids row by row from the north-west */
        for (c0 = 0, i = 1; i <= C; i++)
            if (cut[j * (C + 1) + i]) {
                snprintf(A[NA].id, sizeof A[NA].id, "N%0*d",
                         digits & 7, /* <= 7: n <= 1e6 */
                         NA + 1);
                make_area(&A[NA++], j, c0, i);
                c0 = i;
            }
    free(cut);
}

/* ---- lines: a wave along a straight axis never crosses itself ---- */

static line wavy(xy mid, double deg, double amp_m, double wave_m, double step_m)
{
    line l;
    double a = deg * PI / 180, dx = cos(a), dy = sin(a), ph = uni(0, 2 * PI);
    double ph2 = uni(0, 2 * PI), half;
    int i;
    half = hypot(mid.x - CX, mid.y - CY) + hypot(X1 - X0, Y1 - Y0) / 2 + 1000;
    half = ceil(half / step_m) * step_m; /* vertex n/2: s = 0, by 'mid' */
    l.n = (int)(2 * half / step_m) + 1;
    l.p = xalloc(sizeof *l.p * (size_t)l.n);
    for (i = 0; i < l.n; i++) {
        double s = -half + i * step_m;
        double o = amp_m * sin(2 * PI * s / wave_m + ph) +
                   amp_m / 3 * sin(2 * PI * s * 2.7 / wave_m + ph2);
        l.p[i] = whole(mid.x + s * dx - o * dy, mid.y + s * dy + o * dx);
    }
    return l;
}

static double dist(xy a, xy b)
{
    return hypot(a.x - b.x, a.y - b.y);
}

static int near_line(xy p, const line *l, double d) /* any segment */
{
    int i;
    for (i = 0; i + 1 < l->n; i++) {
        xy a = l->p[i], b = l->p[i + 1], q;
        double len2 = (b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y);
        double t = ((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) /
                   (len2 > 0 ? len2 : 1);
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        q.x = a.x + t * (b.x - a.x), q.y = a.y + t * (b.y - a.y);
        if (dist(p, q) < d)
            return 1;
    }
    return 0;
}

static void build_lines(int bench)
{
    int i;
    xy c = {CX, CY};
    xy rmid = {CX + 200, CY - 250}, wmid = {CX, CY + 700};
    rail = wavy(rmid, 35, 120, 5000, 200);
    river = wavy(wmid, -8, 250, 2600, 80);
    nroad = bench ? 10 : 4;
    for (i = 0; i < nroad; i++) {
        double off = i ? uni(-0.3, 0.3) * fmin(X1 - X0, Y1 - Y0) : 0;
        double deg = 100 + i * 180.0 / nroad + uni(-10, 10);
        xy m = {CX - off * sin(deg * PI / 180), CY + off * cos(deg * PI / 180)};
        road[i] = wavy(i ? m : c, deg, 25, 700, 250);
    }
    /* Stations are rail vertices, so they lie on the line exactly. */
    hub[0] = rail.p[rail.n / 2];
    hub[2] = rail.p[rail.n / 2 + 10];
    hub[3] = rail.p[rail.n / 2 - 12];
    hub[4] = road[0].p[road[0].n / 2 - 4];
}

/* Names follow the geography where a point says where they belong. */
static const char *const area_name[25] = {
    "Northbridge Central", "Station Quarter", "Castle Hill",  "Riverside",
    "Upper Northbridge",   "Westmoor",        "Eastholme",    "Lowfield",
    "Mill Lane Estate",    "Ashgrove",        "Canal Basin",  "Brookfield",
    "Highfield Park",      "Kiln Green",      "Ropewalk",     "Foxley Estate",
    "Hollins Cross",       "Larkrise",        "Oakmere Rise", "Quarry Bank",
    "Tanners Row",         "Weavers Court",   "Bridgefoot",   "Pennyfold",
    "Sorrel Hill"};

static void name_areas(void)
{
    xy sp[8] = {{0, 0}};
    int used[25] = {0}, pool[25], np = 0, q = 0, i;
    sp[0] = whole(CX, CY);
    sp[2] = hub[2];
    sp[3] = river.p[river.n / 2 - 19];
    sp[4] = whole(CX, Y1 - 400);
    sp[5] = whole(X0 + 400, CY);
    sp[6] = whole(X1 - 400, CY);
    sp[7] = whole(CX, Y0 + 400);
    for (i = 0; i < 8; i++) {
        area *a = NULL;
        int k, n = i == 1 ? 21 : 1;
        /* Station Quarter: the station's area or the next one along the
         * line (the centre may have taken the station's). */
        for (k = 0; k < n && (!a || a->name[0]); k++) {
            xy p = i == 1 ? rail.p[rail.n / 2 + (k % 2 ? k / 2 + 1 : -k / 2)]
                          : sp[i];
            a = in_town(p) ? area_at(p) : NULL;
        }
        if (a && !a->name[0]) {
            snprintf(a->name, sizeof a->name, "%s", area_name[i]);
            used[i] = 1;
        }
    }
    for (i = 0; i < 25; i++)
        if (!used[i])
            pool[np++] = i;
    for (i = 0; i < NA; i++) /* bench towns reuse names: "Ashgrove 2" */
        if (!A[i].name[0]) {
            if (q < np)
                snprintf(A[i].name, sizeof A[i].name, "%s", area_name[pool[q]]);
            else
                snprintf(A[i].name, sizeof A[i].name, "%s %d",
                         area_name[(q - np) % 25], (q - np) / 25 + 2);
            q++;
        }
}

/* A point in the named area (any area when NULL or absent), at least
 * 'gap_m' from the 'nav' points before it; the gap shrinks if crowded. */
static xy place(const char *in, const xy *avoid, int nav, double gap_m)
{
    area *a = NULL;
    int i, tries;
    xy p, lo = {X1, Y1}, hi = {X0, Y0};
    for (i = 0; in && i < NA; i++)
        if (!strcmp(A[i].name, in))
            a = &A[i];
    for (i = 0; a && i < a->n; i++) { /* the area's box, to sample in */
        lo.x = fmin(lo.x, a->ring[i].x), lo.y = fmin(lo.y, a->ring[i].y);
        hi.x = fmax(hi.x, a->ring[i].x), hi.y = fmax(hi.y, a->ring[i].y);
    }
    for (tries = 0;; tries++) {
        int ok = 1;
        if (tries % 50 == 49)
            gap_m *= 0.8;
        if (tries == 1000) /* a tiny town: the area may lie outside */
            a = NULL;
        p = a ? uni_xy(lo.x, lo.y, hi.x, hi.y) : anywhere();
        if (a && (!in_town(p) || !inside(a, p)))
            continue;
        for (i = 0; ok && i < nav; i++)
            ok = dist(p, avoid[i]) >= gap_m;
        if (ok)
            return p;
    }
}

/* ---- output ---- */

static const char *outdir = ".";

static FILE *out_open(const char *name)
{
    char path[4096];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", outdir, name);
    if (!(f = fopen(path, "w")))
        die("cannot write", path);
    return f;
}

static void out_close(FILE *f, const char *name)
{
    if (ferror(f) | fclose(f))
        die("cannot write", name);
}

/* The "crs" member is how GDAL learns that the file is not WGS84. */
static FILE *gj_open(const char *file, const char *layer)
{
    FILE *f = out_open(file);
    fprintf(f,
            "{\"type\": \"FeatureCollection\", \"name\": \"%s\",\n"
            "\"crs\": {\"type\": \"name\", \"properties\": "
            "{\"name\": \"urn:ogc:def:crs:EPSG::27700\"}},\n\"features\": [\n",
            layer);
    return f;
}

static void gj_feature(FILE *f, int first, const char *props, int poly,
                       const xy *p, int n)
{
    int i;
    fprintf(f,
            "%s{\"type\": \"Feature\", \"properties\": {%s}, \"geometry\": "
            "{\"type\": \"%s\", \"coordinates\": %s",
            first ? "" : ",\n", props, poly ? "Polygon" : "LineString",
            poly ? "[[" : "[");
    for (i = 0; i < n; i++)
        fprintf(f, "%s[%.0f, %.0f]", i ? ", " : "", p[i].x, p[i].y);
    fprintf(f, "%s}}", poly ? "]]" : "]");
}

static double ring_area(const area *a) /* shoelace, m2 */
{
    double s = 0;
    int i;
    for (i = 0; i + 1 < a->n; i++)
        s += a->ring[i].x * a->ring[i + 1].y - a->ring[i + 1].x * a->ring[i].y;
    return s / 2;
}

static void write_areas(void)
{
    FILE *f = gj_open("neighbourhoods.geojson", "neighbourhoods");
    char props[256];
    int i;
    for (i = 0; i < NA; i++) {
        /* 300-1100 children per km2: a market town's mix of estates */
        long pop = lround(ring_area(&A[i]) / 1e6 * uni(300, 1100));
        snprintf(props, sizeof props,
                 "\"id\": \"%s\", \"name\": \"%s\", \"population_0_17\": %ld",
                 A[i].id, A[i].name, pop);
        gj_feature(f, i == 0, props, 1, A[i].ring, A[i].n);
    }
    fputs("\n]}\n", f);
    out_close(f, "neighbourhoods.geojson");
}

static void write_base(int bench)
{
    static const char *const parks[4] = {"Memorial Park", "Ashgrove Fields",
                                         "Riverside Rec", "Quarry Bank Woods"};
    static const char *const roads[4] = {"High Street", "Castle Road",
                                         "Mill Lane", "Northbridge Bypass"};
    FILE *f = gj_open("base.geojson", "base");
    char props[256];
    xy ring[15];
    int i, k;
    for (i = 0; i < 4; i++) {
        double r = uni(180, 300);
        /* Memorial Park is near the centre: one of the concern hotspots. */
        int tries = 0;
        do { /* off the rail, river and High Street, unless the town is tiny */
            double a = uni(0, 2 * PI), d = uni(700, 1200);
            park_c[i] = i ? place(NULL, park_c, i, 1500)
                          : whole(CX + d * cos(a), CY + d * sin(a));
        } while (++tries < 200 && (near_line(park_c[i], &rail, r + 100) ||
                                   near_line(park_c[i], &river, r + 100) ||
                                   near_line(park_c[i], &road[0], r + 60)));
        for (k = 0; k < 14; k++) { /* star-shaped around its centre: simple */
            double a = 2 * PI * k / 14, rr = r * uni(0.8, 1.2);
            ring[k] =
                whole(park_c[i].x + rr * cos(a), park_c[i].y + rr * sin(a));
        }
        ring[14] = ring[0];
        snprintf(props, sizeof props, "\"class\": \"park\", \"name\": \"%s\"",
                 parks[i]);
        gj_feature(f, i == 0, props, 1, ring, 15);
    }
    gj_feature(f, 0, "\"class\": \"river\", \"name\": \"River Wendle\"", 0,
               river.p, river.n);
    gj_feature(f, 0,
               "\"class\": \"rail\", \"name\": \"Metropolis to Northbridge "
               "railway\"",
               0, rail.p, rail.n);
    for (i = 0; i < nroad; i++) {
        if (bench)
            snprintf(props, sizeof props,
                     "\"class\": \"main road\", \"name\": \"Road %d\"", i + 1);
        else
            snprintf(props, sizeof props,
                     "\"class\": \"main road\", \"name\": \"%s\"", roads[i]);
        gj_feature(f, 0, props, 0, road[i].p, road[i].n);
    }
    fputs("\n]}\n", f);
    out_close(f, "base.geojson");
}

static void write_places(int bench)
{
    static const char *const school[10][3] = {
        {"Northbridge Academy", "Secondary", NULL},
        {"Highfield Park High School", "Secondary", "Highfield Park"},
        {"St Aidan's Primary", "Primary", NULL},
        {"Riverside Primary", "Primary", "Riverside"},
        {"Ashgrove Infant and Junior School", "Primary", "Ashgrove"},
        {"Mill Lane Primary", "Primary", "Mill Lane Estate"},
        {"Larkrise Primary", "Primary", "Larkrise"},
        {"Oakmere Church of England Primary", "Primary", "Oakmere Rise"},
        {"Hollins Cross School", "Special", "Hollins Cross"},
        {"The Bridge Learning Centre", "Alternative provision", NULL}};
    static const char *const prot[6][3] = {
        {"Riverside Youth Club", "youth club", "Riverside"},
        {"Northbridge Library safe space", "safe space", "Northbridge Central"},
        {"Castle Hill Boxing Club", "sports club", "Castle Hill"},
        {"Ashgrove Community Centre", "community centre", "Ashgrove"},
        {"Station Quarter detached youth work base", "detached youth work",
         "Station Quarter"},
        {"Kiln Green Family Hub", "family hub", "Kiln Green"}};
    static const char *const hubs[5][2] = {
        {"Northbridge station", "rail"},
        {"Northbridge bus station", "bus"},
        {"Castle Hill interchange", "interchange"},
        {"Northbridge Parkway", "rail"},
        {"Market Street bus stops", "bus"}};
    int ns = bench ? (NA * 2 / 5 > 10 ? NA * 2 / 5 : 10) : 10;
    int nh = bench && NA / 5 > 5 ? NA / 5 : 5;
    int npr = bench && NA / 4 > 6 ? NA / 4 : 6, i;
    xy *pt = xalloc(sizeof *pt * (size_t)(ns > npr ? ns : npr));
    FILE *f = out_open("schools.csv");
    fputs("urn,name,phase,easting,northing\n", f);
    for (i = 0; i < ns; i++) {
        pt[i] = place(i < 10 ? school[i][2] : NULL, pt, i, 700);
        /* 9xxxxx: outside the range of real URNs */
        if (i < 10)
            fprintf(f, "%d,%s,%s,%.0f,%.0f\n", 910000 + (int)(rnd() * 89999),
                    school[i][0], school[i][1], pt[i].x, pt[i].y);
        else
            fprintf(f, "%d,School %d,%s,%.0f,%.0f\n", 900000 + i, i + 1,
                    school[i % 10][1], pt[i].x, pt[i].y);
    }
    out_close(f, "schools.csv");
    f = out_open("hubs.csv");
    fputs("id,name,type,easting,northing\n", f);
    for (i = 0; i < nh; i++) {
        xy p = i < 5 ? hub[i] : anywhere();
        if (i < 5)
            fprintf(f, "H%d,%s,%s,%.0f,%.0f\n", i + 1, hubs[i][0], hubs[i][1],
                    p.x, p.y);
        else
            fprintf(f, "H%d,Bus stop %d,bus,%.0f,%.0f\n", i + 1, i + 1, p.x,
                    p.y);
    }
    out_close(f, "hubs.csv");
    f = out_open("protective.csv");
    fputs("id,name,type,easting,northing\n", f);
    for (i = 0; i < npr; i++) {
        pt[i] = place(i < 6 ? prot[i][2] : NULL, pt, i, 500);
        fprintf(f, "P%d,%s,%s,%.0f,%.0f\n", i + 1,
                i < 6 ? prot[i][0] : "Youth provision", prot[i % 6][1], pt[i].x,
                pt[i].y);
    }
    out_close(f, "protective.csv");
    free(pt);
}

/* ---- concerns: pseudonymous subjects, clustered where harm happens ---- */

static const char *const harm[10] = {"CCE",  "CSE",  "CL",  "SYV",    "TRAF",
                                     "MISS", "CUCK", "HSB", "ONLINE", "OTHER"};
static const int harm_w[10] = {20, 8, 10, 18, 3, 17, 5, 5, 7, 7};
/* Free text per harm: the words before and after the fake name. */
static const char *const note[10][2] = {
    {"", " seen carrying packages for older youths"},
    {"", " picked up by an unknown adult in a car"},
    {"", " found on a train without explanation"},
    {"", " in a fight with a group from another estate"},
    {"", " believed moved between towns by adults"},
    {"", " missing overnight and found next morning"},
    {"Adults using a flat linked to ", ""},
    {"School reports harmful sexual behaviour by ", ""},
    {"", " asked online to meet in person"},
    {"Youth worker worried about ", " out late"}};
/* Invented names only.  The notes column must never reach an output;
 * tests grep every output for these, "Jordan Testcase" above all. */
static const char *const fake[10] = {
    "Jordan Testcase", "Kai Fictitious", "Riley Madeup",   "Alex Placeholder",
    "Sam Notreal",     "Casey Invented", "Morgan Pretend", "Taylor Sample",
    "Robin Fakename",  "Jamie Dummyname"};
static const char *const band[5] = {"school day", "after school", "evening",
                                    "night", "weekend"};

typedef struct rec {
    int idx, subj, harm, month, band;
    xy p;
} rec;

static int by_month(const void *a, const void *b)
{
    const rec *x = a, *y = b;
    if (x->month != y->month)
        return x->month - y->month;
    return x->idx - y->idx;
}

/* Distinct, random-looking 24-bit codes: xorshifts and odd multipliers
 * are bijections, so no two subjects can share an id. */
static uint32_t subject_code(uint32_t k)
{
    uint32_t x = (k + 0x2545f4u) & 0xffffffu;
    x = ((x ^ (x >> 12)) * 0x9e3779u) & 0xffffffu;
    x = ((x ^ (x >> 11)) * 0x5bd1e9u) & 0xffffffu;
    return x ^ (x >> 12);
}

static xy near_hotspot(int h, double sigma_m)
{
    xy p;
    int tries = 0;
    do {
        double dx = sigma_m * gauss(), dy = sigma_m * gauss();
        p = whole(hot[h].x + dx, hot[h].y + dy);
    } while (!in_town(p) && ++tries < 100);
    return in_town(p) ? p : anywhere(); /* tiny towns: hotspot outside */
}

static void write_concerns(int nrec)
{
    static const int month_w[10] = {8, 8, 9, 10, 10, 11, 12, 12, 10, 10};
    static const int band_w[5] = {12, 28, 28, 14, 18};
    static const int miss_w[5] = {4, 16, 30, 35, 15}; /* missing: nights */
    int ns = nrec * 3 / 10 > 0 ? nrec * 3 / 10 : 1, i;
    int *pref = xalloc(sizeof *pref * (size_t)ns * 2), *sharm = pref + ns;
    rec *r = xalloc(sizeof *r * (size_t)nrec);
    FILE *f;
    hot[0] = hub[0], hot[1] = hub[1], hot[2] = park_c[0], hot[4] = hub[2];
    hot[3] = road[0].p[road[0].n / 2 + 2]; /* the takeaways on High Street */
    for (i = 0; i < ns; i++) {
        pref[i] = pick(hot_w, 5);
        sharm[i] = pick(harm_w, 10);
    }
    for (i = 0; i < nrec; i++) {
        /* Everyone once, then a few subjects many times (repeat missing
         * episodes, one child's exploitation over months). */
        int s = i < ns ? i : (int)(ns * pow(rnd(), 2.2));
        r[i].idx = i;
        r[i].subj = s;
        r[i].harm = rnd() < 0.6 ? sharm[s] : pick(harm_w, 10);
        if (rnd() < 0.75) {
            int h = rnd() < 0.6 ? pref[s] : pick(hot_w, 5);
            r[i].p = near_hotspot(h, uni(60, 160));
        } else
            r[i].p = anywhere();
        r[i].month = pick(month_w, 10);
        r[i].band = pick(r[i].harm == 5 ? miss_w : band_w, 5);
    }
    qsort(r, (size_t)nrec, sizeof *r, by_month);
    f = out_open("concerns.csv");
    fputs("record_id,subject_id,harm,month,time_band,easting,northing,notes\n",
          f);
    for (i = 0; i < nrec; i++) {
        fprintf(f, "R%05d,S-%06X,%s,2026-%02d,%s,%.0f,%.0f,\"", i + 1,
                (unsigned)subject_code((uint32_t)r[i].subj), harm[r[i].harm],
                r[i].month + 1, band[r[i].band], r[i].p.x, r[i].p.y);
        fprintf(f, "%s%s%s\"\n", note[r[i].harm][0], fake[r[i].subj % 10],
                note[r[i].harm][1]);
    }
    out_close(f, "concerns.csv");
    free(r);
    free(pref);
}

/* ---- county lines: Metropolis to Northbridge, digitised that way ---- */

static int leg(xy *out, int n, xy from, xy to, double step_m)
{
    int i, k = (int)(dist(from, to) / step_m);
    double ux = (to.x - from.x) / dist(from, to),
           uy = (to.y - from.y) / dist(from, to);
    for (i = 1; i < k; i++) {
        double o = uni(-1500, 1500), t = (double)i / k;
        out[n++] = whole(from.x + (to.x - from.x) * t - o * uy,
                         from.y + (to.y - from.y) * t + o * ux);
    }
    return n;
}

static void write_routes(void)
{
    xy a[128], b[128];
    int na = 0, nb, i, is = rail.n / 2;
    FILE *f = gj_open("routes.geojson", "routes");
    a[na++] = whole(CX - 6000, CY - 49000); /* Metropolis, ~49 km SSW */
    na = leg(a, na, a[0], rail.p[0], 5000);
    /* Line B shares line A's first legs, as real lines share motorways. */
    nb = 5 < na ? 5 : na;
    memcpy(b, a, sizeof *a * (size_t)nb);
    for (i = 0; i <= is && na < 120; i++) /* A: by rail to the station */
        a[na++] = rail.p[i];
    a[na++] = hot[3];
    nb = leg(b, nb, b[nb - 1], road[0].p[0], 5000);
    b[nb++] = road[0].p[0];
    b[nb++] = hub[4];
    b[nb++] = hub[1];
    b[nb++] = hub[2];
    b[nb++] = park_c[0];
    gj_feature(f, 1,
               "\"id\": \"CL1\", \"name\": \"Metropolis line A\", \"from\": "
               "\"Metropolis\", \"to\": \"Northbridge\", \"referrals\": 14",
               0, a, na);
    gj_feature(f, 0,
               "\"id\": \"CL2\", \"name\": \"Metropolis line B\", \"from\": "
               "\"Metropolis\", \"to\": \"Northbridge\", \"referrals\": 9",
               0, b, nb);
    fputs("\n]}\n", f);
    out_close(f, "routes.geojson");
}

static void write_points(int np) /* bench only: public points, a-f */
{
    FILE *f = out_open("points.csv");
    int i;
    fputs("id,category,easting,northing\n", f);
    for (i = 0; i < np; i++) {
        int c = (int)(rnd() * 6);
        xy p = rnd() < 0.5 ? near_hotspot(pick(hot_w, 5), 300) : anywhere();
        fprintf(f, "%d,%c,%.0f,%.0f\n", i + 1, 'a' + c, p.x, p.y);
    }
    out_close(f, "points.csv");
}

/* ---- safety survey: young people's red/amber/green ratings of areas ---- */

#define NRESP 400 /* respondents */
#define NTHIN 3   /* areas rated by fewer than 10: shown as too few */

static double area_dist(const area *a) /* ring's mean vertex to the centre */
{
    double sx = 0, sy = 0;
    int i;
    for (i = 0; i + 1 < a->n; i++)
        sx += a->ring[i].x, sy += a->ring[i].y;
    return hypot(sx / (a->n - 1) - CX, sy / (a->n - 1) - CY);
}

static int named(const area *a, const char *const *names, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (!strcmp(a->name, names[i]))
            return 1;
    return 0;
}

/* How young people see each area: 0 feels unsafe (the concern hotspots),
 * 1 "not sure", 2 safe (protective places), 3 mixed. */
static void survey_profiles(int *prof, int *thin)
{
    static const char *const calm[] = {"Riverside", "Ashgrove", "Kiln Green",
                                       "Highfield Park", "Larkrise"};
    static const char *const unsure[] = {"Canal Basin", "Mill Lane Estate",
                                         "Foxley Estate"};
    int i, k, h;
    for (i = 0; i < NA; i++) {
        prof[i] = named(&A[i], unsure, 3) ? 1 : named(&A[i], calm, 5) ? 2 : 3;
        thin[i] = 0;
    }
    for (h = 0; h < 5; h++) {
        area *a = in_town(hot[h]) ? area_at(hot[h]) : NULL;
        if (a)
            prof[a - A] = 0;
    }
    for (k = 0; k < NTHIN; k++) { /* the outermost quiet areas */
        int best = -1;
        for (i = 0; i < NA; i++)
            if (!thin[i] && prof[i] == 3 &&
                (best < 0 || area_dist(&A[i]) > area_dist(&A[best])))
                best = i;
        if (best >= 0)
            thin[best] = k + 1;
    }
}

static int rate(int prof, int when)
{
    static const int w[4][3] = {
        {62, 24, 14}, {18, 60, 22}, {8, 24, 68}, {34, 33, 33}};
    int x[3] = {w[prof][0], w[prof][1], w[prof][2]};
    if (when == 3) /* at night everywhere feels less safe */
        x[0] += 15, x[2] -= x[2] > 10 ? 10 : 0;
    return pick(x, 3);
}

static void write_survey(void)
{
    static const char *const rating[3] = {"red", "amber", "green"};
    static const char *const tod[4] = {"school day", "after school", "evening",
                                       "night"};
    static const int tod_w[4] = {20, 35, 30, 15}, nk_w[4] = {25, 35, 25, 15};
    static const int thin_n[NTHIN] = {4, 7, 9};
    uint64_t saved = rng;
    int *prof = xalloc(sizeof *prof * (size_t)NA * 2), *thin = prof + NA;
    int(*rated)[4] = xalloc(sizeof *rated * NRESP);
    int *nr = xalloc(sizeof *nr * NRESP);
    int r, k, i, t;
    FILE *f;
    /* its own stream: adding the survey changed no other file */
    rng = 0x5361666574794d70u; /* "SafetyMp" */
    survey_profiles(prof, thin);
    for (r = 0; r < NRESP; r++) { /* 1-4 areas each, never a thin one */
        int want = 1 + pick(nk_w, 4);
        while (nr[r] < want) {
            int a = rnd() < 0.45 && nr[r] > 0
                        ? (int)(area_at(hot[pick(hot_w, 5)]) - A)
                        : (int)(rnd() * NA),
                dup = 0;
            for (k = 0; k < nr[r]; k++)
                dup |= rated[r][k] == a;
            if (!dup && !thin[a])
                rated[r][nr[r]++] = a;
        }
    }
    for (t = 0; t < NTHIN; t++) /* a few young people each, no more */
        for (i = 0; i < NA; i++)
            if (thin[i] == t + 1)
                for (k = 0, r = (int)(rnd() * NRESP); k < thin_n[t];
                     r = (r + 37) % NRESP)
                    if (nr[r] < 4)
                        rated[r][nr[r]++] = i, k++;
    f = out_open("safety_survey.csv");
    fputs("respondent_id,area_id,rating,time_of_day\n", f);
    for (r = 0; r < NRESP; r++)
        for (k = 0; k < nr[r]; k++) {
            int a = rated[r][k], b = pick(tod_w, 4), again = rnd() < 0.12;
            /* a bijection of r, so ids never repeat; Y- is not S- */
            unsigned id = (unsigned)subject_code((uint32_t)r ^ 0x5a5a5au);
            fprintf(f, "Y-%06X,%s,%s,%s\n", id, A[a].id,
                    rating[rate(prof[a], b)], tod[b]);
            if (again) /* the same place, rated again for the night */
                fprintf(f, "Y-%06X,%s,%s,night\n", id, A[a].id,
                        rating[rate(prof[a], 3)]);
        }
    out_close(f, "safety_survey.csv");
    free(prof);
    free(rated);
    free(nr);
    rng = saved;
}

static void mkdirs(const char *dir) /* mkdir -p */
{
    char path[4096];
    size_t i;
    snprintf(path, sizeof path, "%s", dir);
    for (i = 1; i <= strlen(path); i++)
        if (path[i] == '/' || path[i] == '\0') {
            char c = path[i];
            path[i] = '\0';
            if (mkdir(path, 0777) && errno != EEXIST)
                die("cannot create", path);
            path[i] = c;
        }
}

static int usage(void)
{
    fputs("usage: gen-northbridge [-o DIR] [-n AREAS] [-p POINTS] [-s SEED]\n",
          stderr);
    return 2;
}

int main(int argc, char **argv)
{
    int n = 25, np = 600, bench = 0, i;
    for (i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        char *end = NULL;
        long x = v ? strtol(v, &end, 10) : 0;
        if (!v || o[0] != '-' || !o[1] || o[2])
            return usage();
        i++;
        if (o[1] == 'o')
            outdir = v;
        else if (o[1] == 's')
            rng ^= (uint64_t)strtoull(v, NULL, 0);
        else if ((o[1] == 'n' || o[1] == 'p') && *end == '\0' && x >= 1 &&
                 x <= 1000000) {
            *(o[1] == 'n' ? &n : &np) = (int)x;
            bench = 1;
        } else
            return usage();
    }
    /* Near-square 1 km cells, about 20% more than needed, 6:5 wide. */
    R = (int)lround(sqrt(n));
    R = R < 1 ? 1 : R;
    C = (int)ceil(1.2 * n / R);
    C = C < 2 ? 2 : C;
    CX = CENTRE_E, CY = CENTRE_N;
    X0 = CX - C * CELL_M / 2, X1 = CX + C * CELL_M / 2;
    Y0 = CY - R * CELL_M / 2, Y1 = CY + R * CELL_M / 2;
    mkdirs(outdir);
    build_grid();
    build_areas(n);
    build_lines(bench);
    name_areas();
    hub[1] = place("Northbridge Central", hub, 1, 400); /* the bus station */
    write_areas();
    write_base(bench);
    write_places(bench);
    write_concerns(np);
    write_routes();
    if (bench)
        write_points(np);
    else
        write_survey();
    return 0;
}
