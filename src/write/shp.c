/* shp.c - write: a protected layer -> Shapefile through shapelib, the
 * format every partner agency's GIS opens.  Five parts (.shp .shx .dbf
 * .prj .cpg) are written under a temporary stem, then renamed one by one
 * with the .shp last, since that is the file a GIS opens: it never finds
 * a .shp beside half-written parts.  A failure removes every temporary. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <shapefil.h>

#include "write/write.h"

#define DBF_NAME 10  /* bytes in a field name */
#define DBF_TEXT 254 /* bytes in a text value */

static const char *const parts[] = {".prj", ".cpg", ".dbf",
                                    ".shx", ".shp", NULL};

/* shapelib reports through a hook with no user data, and its closing
 * functions return nothing: a failed write is remembered here. */
static _Thread_local int write_failed;
static SAOffset (*std_write)(void *, SAOffset, SAOffset, SAFile);
static int (*std_close)(SAFile);

static SAOffset checked_write(void *p, SAOffset size, SAOffset n, SAFile f)
{
    SAOffset k = std_write(p, size, n, f);

    if (k != n)
        write_failed = 1;
    return k;
}

static int checked_close(SAFile f)
{
    int rc = std_close(f);

    if (rc != 0)
        write_failed = 1;
    return rc;
}

static void quiet(const char *msg)
{
    (void)msg; /* we report from return values; libcsmap never prints */
}

static void hooks_init(SAHooks *h)
{
    SASetupDefaultHooks(h);
    std_write = h->FWrite;
    std_close = h->FClose;
    h->FWrite = checked_write;
    h->FClose = checked_close;
    h->Error = quiet;
}

static int shp_type(const csm_layer *l)
{
    int multi, t = wr_geom_type(l, &multi);

    switch (t) {
    case CSM_GEOM_POINT:
        return multi ? SHPT_MULTIPOINT : SHPT_POINT;
    case CSM_GEOM_LINE:
        return SHPT_ARC;
    case CSM_GEOM_POLYGON:
        return SHPT_POLYGON;
    default:
        return SHPT_POINT; /* an empty layer: any type will do */
    }
}

/* Field names cut to 10 bytes (never inside a UTF-8 character) and made
 * unique with a number: "children", "incidents_1" -> "incidents_", ... */
static void dbf_name(const csm_layer *l, size_t f, char (*done)[DBF_NAME + 1],
                     char *out)
{
    size_t n = strlen(l->field[f]), k, i;
    int suffix = 1, clash, m;
    char num[12];

    if (n > DBF_NAME)
        n = DBF_NAME;
    while (n > 0 && ((unsigned char)l->field[f][n] & 0xC0) == 0x80)
        n--;
    memcpy(out, l->field[f], n);
    out[n] = '\0';
    for (;;) {
        for (clash = 0, i = 0; i < f && !clash; i++)
            clash = strcasecmp(done[i], out) == 0;
        if (!clash)
            return;
        m = snprintf(num, sizeof num, "_%d", ++suffix);
        k = n + (size_t)m > DBF_NAME ? DBF_NAME - (size_t)m : n;
        while (k > 0 && ((unsigned char)l->field[f][k] & 0xC0) == 0x80)
            k--;
        memcpy(out, l->field[f], k);
        memcpy(out + k, num, (size_t)m + 1);
    }
}

/* Text: the longest value.  Integers: at least 9 digits, so a GIS can
 * edit the counts, and at most 10, which GDAL still reads as 32-bit. */
static int width_of(const csm_layer *l, size_t f, int is_int)
{
    size_t i, w = is_int ? 9 : 1;

    for (i = 0; i < l->n; i++) {
        const char *v = csm_layer_value(l, i, (int)f);
        if (v && strlen(v) > w)
            w = strlen(v);
    }
    if (is_int)
        return w > 10 ? 10 : (int)w;
    return w > DBF_TEXT ? DBF_TEXT : (int)w;
}

static int add_fields(DBFHandle dbf, const csm_layer *l, int *is_int,
                      csm_error *err)
{
    char(*done)[DBF_NAME + 1] = calloc(l->nfield + 1, sizeof *done);
    size_t f;
    int rc = CSM_OK;

    if (!done)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (f = 0; f < l->nfield && !rc; f++) {
        is_int[f] = wr_int_field(l, f);
        dbf_name(l, f, done, done[f]);
        if (DBFAddField(dbf, done[f], is_int[f] ? FTInteger : FTString,
                        width_of(l, f, is_int[f]), 0) < 0)
            rc = csm_fail(err, CSM_EIO, "cannot add field '%s'", l->field[f]);
    }
    /* a .dbf with no field is refused by some readers: number the rows */
    if (!rc && l->nfield == 0 && DBFAddField(dbf, "fid", FTInteger, 9, 0) < 0)
        rc = csm_fail(err, CSM_EIO, "cannot add field 'fid'");
    free(done);
    return rc;
}

static SHPObject *shape_of(SHPHandle shp, int type, const csm_geom *g,
                           int *parts_buf)
{
    SHPObject *o;
    double *x, *y;
    size_t i;

    if (g->type == CSM_GEOM_NONE || g->npt == 0)
        return SHPCreateSimpleObject(SHPT_NULL, 0, NULL, NULL, NULL);
    x = malloc(g->npt * sizeof *x);
    y = malloc(g->npt * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return NULL;
    }
    for (i = 0; i < g->npt; i++) {
        x[i] = g->pt[i].x;
        y[i] = g->pt[i].y;
    }
    for (i = 0; i < g->npart; i++)
        parts_buf[i] = (int)g->part[i];
    o = SHPCreateObject(type, -1, type == SHPT_POINT ? 0 : (int)g->npart,
                        parts_buf, NULL, type == SHPT_POINT ? 1 : (int)g->npt,
                        x, y, NULL, NULL);
    free(x);
    free(y);
    /* outer rings clockwise, holes anticlockwise, as the format says */
    if (o && type == SHPT_POLYGON)
        SHPRewindObject(shp, o);
    return o;
}

static int put_record(SHPHandle shp, DBFHandle dbf, int type,
                      const csm_layer *l, size_t i, const int *is_int,
                      csm_error *err)
{
    const csm_geom *g = &l->feat[i].geom;
    int *pb = malloc((g->npart + 1) * sizeof *pb);
    SHPObject *o = pb ? shape_of(shp, type, g, pb) : NULL;
    int id, ok = 1;
    size_t f;

    free(pb);
    if (!o)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    id = SHPWriteObject(shp, -1, o);
    SHPDestroyObject(o);
    if (id < 0)
        return csm_fail(err, CSM_EIO, "cannot write feature %zu", i + 1);
    for (f = 0; f < l->nfield && ok; f++) {
        const char *v = csm_layer_value(l, i, (int)f);
        if (!v || !*v)
            ok = DBFWriteNULLAttribute(dbf, id, (int)f);
        else if (is_int[f])
            ok = DBFWriteIntegerAttribute(dbf, id, (int)f, atoi(v));
        else
            ok = DBFWriteStringAttribute(dbf, id, (int)f, v);
    }
    if (ok && l->nfield == 0)
        ok = DBFWriteIntegerAttribute(dbf, id, 0, id + 1);
    /* a FALSE here can be a value cut at 254 bytes: say where, not what */
    return ok ? CSM_OK
              : csm_fail(err, CSM_EIO,
                         "cannot write the attributes of "
                         "feature %zu",
                         i + 1);
}

static int put_text(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    size_t n = strlen(text);
    int rc;

    if (fd < 0)
        return -1;
    rc = write(fd, text, n) == (ssize_t)n && fsync(fd) == 0 ? 0 : -1;
    if (close(fd))
        rc = -1;
    return rc;
}

/* .shp, .shx and .dbf under the temporary stem t. */
static int build(const char *t, const csm_layer *l, csm_error *err)
{
    char shppath[4200], dbfpath[4200];
    SAHooks h;
    SHPHandle shp;
    DBFHandle dbf;
    int type = shp_type(l), *is_int;
    size_t i;
    int rc = CSM_OK;

    hooks_init(&h);
    write_failed = 0;
    /* shapelib strips what it takes for an extension: with ".tmp.<pid>"
     * that would be the final name, so the extension is always given */
    snprintf(shppath, sizeof shppath, "%s.shp", t);
    snprintf(dbfpath, sizeof dbfpath, "%s.dbf", t);
    if (!(is_int = calloc(l->nfield + 1, sizeof *is_int)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    shp = SHPCreateLL(shppath, type, &h);
    /* no code page here: we write the .cpg ourselves, as plain "UTF-8" */
    dbf = shp ? DBFCreateLL(dbfpath, NULL, &h) : NULL;
    if (!shp || !dbf)
        rc = csm_fail(err, CSM_EIO, "cannot create '%s.shp': %s", t,
                      strerror(errno));
    if (!rc) {
        DBFSetLastModifiedDate(dbf, 100, 1, 1); /* fixed: never the clock */
        rc = add_fields(dbf, l, is_int, err);
    }
    for (i = 0; !rc && i < l->n; i++)
        rc = put_record(shp, dbf, type, l, i, is_int, err);
    if (dbf)
        DBFClose(dbf);
    if (shp)
        SHPClose(shp);
    if (!rc && write_failed)
        rc = csm_fail(err, CSM_EIO, "cannot write '%s.shp': %s", t,
                      strerror(errno ? errno : EIO));
    free(is_int);
    return rc;
}

static void remove_parts(const char *stem)
{
    char buf[4200];
    size_t i;

    for (i = 0; parts[i]; i++) {
        snprintf(buf, sizeof buf, "%s%s", stem, parts[i]);
        unlink(buf);
    }
}

/* Rename every part into place, the .shp last; a final .prj of an older
 * export is removed when this one has none. */
static int install(const char *t, const char *stem, const char *path,
                   int has_prj, csm_error *err)
{
    char from[4200], to[4200];
    size_t i;

    for (i = 0; parts[i]; i++) {
        snprintf(from, sizeof from, "%s%s", t, parts[i]);
        if (parts[i + 1])
            snprintf(to, sizeof to, "%s%s", stem, parts[i]);
        else
            snprintf(to, sizeof to, "%s", path); /* keeps .shp as given */
        if (i == 0 && !has_prj) {
            unlink(to);
            continue;
        }
        if (wr_sync_file(from) || rename(from, to))
            return csm_fail(err, CSM_EIO, "cannot write '%s': %s", to,
                            strerror(errno));
    }
    wr_sync_folder(path);
    return CSM_OK;
}

int wr_shp(const char *path, const csm_layer *layer, const csm_write_opts *opt,
           csm_error *err)
{
    char *stem = wr_stem(path), *t = NULL, buf[4200];
    int rc = CSM_OK;

    if (!stem)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!(t = wr_temp_stem(stem, parts))) {
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", path,
                      strerror(errno));
        goto out;
    }
    rc = build(t, layer, err);
    snprintf(buf, sizeof buf, "%s.cpg", t);
    if (!rc && put_text(buf, "UTF-8"))
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", buf,
                      strerror(errno));
    snprintf(buf, sizeof buf, "%s.prj", t);
    if (!rc && opt->prj_wkt && put_text(buf, opt->prj_wkt))
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", buf,
                      strerror(errno));
    if (!rc)
        rc = install(t, stem, path, opt->prj_wkt != NULL, err);
    if (rc)
        remove_parts(t);
out:
    free(t);
    free(stem);
    return rc;
}
