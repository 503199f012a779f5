/* layer.c - write: a protected layer -> a file partner agencies open
 * (GeoPackage, GeoJSON, CSV through OGR in ogr.c; Shapefile through
 * shapelib in shp.c).  What every format shares lives here: the format
 * by extension, temporary names, integer columns and polygon rings. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "write/write.h"

#define TMP_TRIES 100

int csm_vformat_from_path(const char *path)
{
    static const struct {
        const char *ext;
        csm_vformat fmt;
    } ext[] = {{".gpkg", CSM_VFORMAT_GPKG},
               {".geojson", CSM_VFORMAT_GEOJSON},
               {".csv", CSM_VFORMAT_CSV},
               {".shp", CSM_VFORMAT_SHP}};
    const char *dot = path ? strrchr(path, '.') : NULL;
    size_t i;

    if (!dot || strchr(dot, '/'))
        return -1;
    for (i = 0; i < sizeof ext / sizeof *ext; i++)
        if (strcasecmp(dot, ext[i].ext) == 0)
            return (int)ext[i].fmt;
    return -1;
}

char *wr_stem(const char *path)
{
    const char *dot = strrchr(path, '.');
    size_t n = dot && !strchr(dot, '/') ? (size_t)(dot - path) : strlen(path);
    char *s = malloc(n + 1);

    if (s) {
        memcpy(s, path, n);
        s[n] = '\0';
    }
    return s;
}

static int taken(const char *stem, const char *const *exts)
{
    char buf[4200];
    struct stat st;

    for (; *exts; exts++) {
        snprintf(buf, sizeof buf, "%s%s", stem, *exts);
        if (lstat(buf, &st) == 0 || errno != ENOENT)
            return 1;
    }
    return 0;
}

/* The temporaries are made by GDAL and shapelib, which cannot open
 * exclusively; a name with our pid that nothing holds is the next best,
 * in a folder the user chose for the export. */
char *wr_temp_stem(const char *stem, const char *const *exts)
{
    size_t n = strlen(stem) + 48;
    char *t;
    int i;

    if (n > 4000) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    if (!(t = malloc(n)))
        return NULL;
    for (i = 0; i < TMP_TRIES; i++) {
        if (i == 0)
            snprintf(t, n, "%s.tmp.%ld", stem, (long)getpid());
        else
            snprintf(t, n, "%s.tmp.%ld.%d", stem, (long)getpid(), i);
        if (!taken(t, exts))
            return t;
    }
    free(t);
    errno = EEXIST;
    return NULL;
}

int wr_int_field(const csm_layer *l, size_t f)
{
    size_t i, any = 0;

    for (i = 0; i < l->n; i++) {
        const char *v = csm_layer_value(l, i, (int)f), *p;
        size_t nd;
        if (!v || !*v)
            continue;
        p = v + (*v == '-');
        nd = strspn(p, "0123456789");
        /* 9 digits always fit in 32 bits; "007" would lose its zeros */
        if (nd == 0 || nd > 9 || p[nd] || (p[0] == '0' && nd > 1))
            return 0;
        any = 1;
    }
    return (int)any;
}

static size_t outer_rings(const csm_geom *g)
{
    long shell[64];
    size_t i, n = 0;

    if (g->npart > 64) /* a rare big feature: multi is always safe */
        return 2;
    wr_rings(g, shell);
    for (i = 0; i < g->npart; i++)
        n += shell[i] < 0;
    return n;
}

int wr_geom_type(const csm_layer *l, int *multi)
{
    int t = CSM_GEOM_NONE;
    size_t i;

    *multi = 0;
    for (i = 0; i < l->n; i++) {
        const csm_geom *g = &l->feat[i].geom;
        if (g->type == CSM_GEOM_NONE || g->npart == 0)
            continue;
        if (t != CSM_GEOM_NONE && t != (int)g->type)
            return -1;
        t = (int)g->type;
        if (g->type == CSM_GEOM_POLYGON ? outer_rings(g) > 1 : g->npart > 1)
            *multi = 1;
    }
    return t;
}

/* Crossing test of p against ring k alone. */
static int in_ring(const csm_geom *g, size_t k, csm_xy p)
{
    const csm_xy *v = g->pt + g->part[k];
    size_t n = g->part[k + 1] - g->part[k], i, j;
    int in = 0;

    for (i = 0, j = n ? n - 1 : 0; i < n; j = i++)
        if ((v[i].y > p.y) != (v[j].y > p.y) &&
            p.x <
                (v[j].x - v[i].x) * (p.y - v[i].y) / (v[j].y - v[i].y) + v[i].x)
            in = !in;
    return in;
}

static double ring_abs_area(const csm_geom *g, size_t k)
{
    double a = csm_geom_ring_area(g, k);

    return a < 0 ? -a : a;
}

void wr_rings(const csm_geom *g, long *shell)
{
    size_t i, j;

    for (i = 0; i < g->npart; i++) {
        long depth = 0, best = -1;
        csm_xy p;
        if (g->part[i + 1] == g->part[i]) {
            shell[i] = -1;
            continue;
        }
        p = g->pt[g->part[i]];
        for (j = 0; j < g->npart; j++)
            if (j != i && g->part[j + 1] > g->part[j] && in_ring(g, j, p))
                depth++;
        if (depth % 2 == 0) {
            shell[i] = -1;
            continue;
        }
        /* a hole belongs to the smallest ring around it */
        for (j = 0; j < g->npart; j++)
            if (j != i && g->part[j + 1] > g->part[j] && in_ring(g, j, p) &&
                (best < 0 ||
                 ring_abs_area(g, j) < ring_abs_area(g, (size_t)best)))
                best = (long)j;
        shell[i] = best;
    }
    /* a hole's innermost container may itself be a hole (odd depth) only
     * when rings cross; treat such a ring as outer rather than lose it */
    for (i = 0; i < g->npart; i++)
        if (shell[i] >= 0 && shell[shell[i]] >= 0)
            shell[i] = -1;
}

void wr_sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir;
    int fd;

    if (!slash) {
        fd = open(".", O_RDONLY | O_CLOEXEC);
    } else {
        dir =
            slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
        if (!dir)
            return;
        fd = open(dir, O_RDONLY | O_CLOEXEC);
        free(dir);
    }
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

int wr_sync_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC), rc, e;

    if (fd < 0)
        return -1;
    rc = fsync(fd);
    e = errno;
    close(fd);
    errno = e;
    return rc;
}

int csm_write_layer(const char *path, const csm_layer *layer,
                    const csm_write_opts *opt, csm_error *err)
{
    static const csm_write_opts none = {NULL, NULL};
    int fmt = csm_vformat_from_path(path), multi;

    if (fmt < 0)
        return csm_fail(err, CSM_EUSAGE,
                        "cannot tell the format of '%s': "
                        "use .gpkg, .shp, .geojson or .csv",
                        path);
    if (wr_geom_type(layer, &multi) < 0)
        return csm_fail(err, CSM_EDATA,
                        "layer '%s' mixes points, lines "
                        "and polygons: one file holds one type",
                        layer->name ? layer->name : "?");
    if (fmt == CSM_VFORMAT_SHP)
        return wr_shp(path, layer, opt ? opt : &none, err);
    return wr_ogr(path, (csm_vformat)fmt, layer, opt ? opt : &none, err);
}
