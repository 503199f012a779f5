/* ogr.c - write: a protected layer -> GeoPackage, GeoJSON or CSV through
 * GDAL/OGR.  STYLE.md keeps GDAL in read/ and analyse/geos.c; writing
 * vectors is the same library doing the reverse job, so it lives here in
 * write/, beside shapelib's shp.c, and its handles never leave this file.
 * The file is built under a temporary name and renamed, as maps are. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "write/write.h"

/* GeoPackage stamps the clock into gpkg_contents unless told a date: a
 * fixed one keeps exports byte-identical and the clock out of them. */
#define FIXED_DATE "2000-01-01T00:00:00.000Z"

typedef struct job {
    const csm_layer *layer;
    csm_vformat fmt;
    int gtype, multi;
    int *is_int; /* per field */
    char *tmp;   /* the temporary file */
} job;

static const char *driver_name(csm_vformat fmt)
{
    return fmt == CSM_VFORMAT_GPKG      ? "GPKG"
           : fmt == CSM_VFORMAT_GEOJSON ? "GeoJSON"
                                        : "CSV";
}

static const char *ext_of(csm_vformat fmt)
{
    return fmt == CSM_VFORMAT_GPKG      ? ".gpkg"
           : fmt == CSM_VFORMAT_GEOJSON ? ".geojson"
                                        : ".csv";
}

static OGRwkbGeometryType wkb_type(const job *j)
{
    switch (j->gtype) {
    case CSM_GEOM_POINT:
        return j->multi ? wkbMultiPoint : wkbPoint;
    case CSM_GEOM_LINE:
        return j->multi ? wkbMultiLineString : wkbLineString;
    case CSM_GEOM_POLYGON:
        return j->multi ? wkbMultiPolygon : wkbPolygon;
    default:
        return wkbNone;
    }
}

static OGRGeometryH ring_of(const csm_geom *g, size_t k, OGRwkbGeometryType t)
{
    OGRGeometryH r = OGR_G_CreateGeometry(t);
    size_t i;

    if (!r)
        return NULL;
    for (i = g->part[k]; i < g->part[k + 1]; i++)
        OGR_G_AddPoint_2D(r, g->pt[i].x, g->pt[i].y);
    return r;
}

/* Rings in even-odd form -> polygons with their holes. */
static OGRGeometryH polygons_of(const csm_geom *g, int multi)
{
    OGRGeometryH out = NULL, poly;
    long *shell = malloc((g->npart ? g->npart : 1) * sizeof *shell);
    size_t i, k;

    if (!shell)
        return NULL;
    wr_rings(g, shell);
    out = multi ? OGR_G_CreateGeometry(wkbMultiPolygon) : NULL;
    for (i = 0; i < g->npart; i++) {
        if (shell[i] >= 0 || g->part[i + 1] == g->part[i])
            continue;
        poly = OGR_G_CreateGeometry(wkbPolygon);
        OGR_G_AddGeometryDirectly(poly, ring_of(g, i, wkbLinearRing));
        for (k = 0; k < g->npart; k++)
            if (shell[k] == (long)i)
                OGR_G_AddGeometryDirectly(poly, ring_of(g, k, wkbLinearRing));
        OGR_G_CloseRings(poly);
        if (!multi) {
            out = poly; /* the layer is single: this is the only shell */
            break;
        }
        OGR_G_AddGeometryDirectly(out, poly);
    }
    free(shell);
    return out;
}

static OGRGeometryH geom_of(const csm_geom *g, int multi)
{
    OGRGeometryH out = NULL;
    size_t k;

    if (g->type == CSM_GEOM_NONE || g->npart == 0)
        return NULL;
    if (g->type == CSM_GEOM_POLYGON)
        return polygons_of(g, multi);
    if (!multi)
        return g->type == CSM_GEOM_POINT ? ring_of(g, 0, wkbPoint)
                                         : ring_of(g, 0, wkbLineString);
    out = OGR_G_CreateGeometry(g->type == CSM_GEOM_POINT ? wkbMultiPoint
                                                         : wkbMultiLineString);
    for (k = 0; out && k < g->npart; k++)
        OGR_G_AddGeometryDirectly(
            out, ring_of(g, k,
                         g->type == CSM_GEOM_POINT ? wkbPoint : wkbLineString));
    return out;
}

static char **layer_options(const job *j, const csm_write_opts *opt)
{
    char **lco = NULL;

    if (opt->description && j->fmt != CSM_VFORMAT_CSV)
        lco = CSLSetNameValue(lco, "DESCRIPTION", opt->description);
    if (j->fmt == CSM_VFORMAT_CSV)
        lco = CSLSetNameValue(
            lco, "GEOMETRY",
            j->gtype == CSM_GEOM_POINT && !j->multi ? "AS_XY" : "AS_WKT");
    return lco;
}

static int make_fields(job *j, OGRLayerH lyr, csm_error *err)
{
    size_t f;

    for (f = 0; f < j->layer->nfield; f++) {
        OGRFieldDefnH fd;
        OGRErr e;
        j->is_int[f] = wr_int_field(j->layer, f);
        fd = OGR_Fld_Create(j->layer->field[f],
                            j->is_int[f] ? OFTInteger : OFTString);
        e = OGR_L_CreateField(lyr, fd, TRUE);
        OGR_Fld_Destroy(fd);
        if (e != OGRERR_NONE)
            return csm_fail(err, CSM_EIO, "cannot add field '%s': %s",
                            j->layer->field[f], CPLGetLastErrorMsg());
    }
    return CSM_OK;
}

static int put_feature(job *j, OGRLayerH lyr, size_t i, csm_error *err)
{
    const csm_feature *ft = &j->layer->feat[i];
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(lyr));
    OGRGeometryH g = geom_of(&ft->geom, j->multi);
    size_t k;
    int rc = CSM_OK;

    if (!f || (!g && ft->geom.npart > 0 && ft->geom.type != CSM_GEOM_NONE)) {
        if (f)
            OGR_F_Destroy(f);
        OGR_G_DestroyGeometry(g);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    if (g)
        OGR_F_SetGeometryDirectly(f, g);
    for (k = 0; k < j->layer->nfield; k++) {
        const char *v = csm_layer_value(j->layer, i, (int)k);
        if (!v || !*v)
            OGR_F_SetFieldNull(f, (int)k);
        else if (j->is_int[k])
            OGR_F_SetFieldInteger(f, (int)k, atoi(v));
        else
            OGR_F_SetFieldString(f, (int)k, v);
    }
    /* never GDAL's text here: it may quote the feature's values */
    if (OGR_L_CreateFeature(lyr, f) != OGRERR_NONE)
        rc = csm_fail(err, CSM_EIO, "cannot write feature %zu", i + 1);
    OGR_F_Destroy(f);
    return rc;
}

static OGRSpatialReferenceH srs_of(const csm_layer *l)
{
    OGRSpatialReferenceH srs;

    if (!l->crs)
        return NULL;
    srs = OSRNewSpatialReference(NULL);
    if (srs && OSRSetFromUserInput(srs, l->crs) != OGRERR_NONE) {
        OSRDestroySpatialReference(srs);
        return NULL;
    }
    if (srs) /* our x is east, whatever the EPSG axis order */
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

/* Build the whole file at j->tmp. */
static int build(job *j, const char *name, const csm_write_opts *opt,
                 csm_error *err)
{
    GDALDriverH drv = GDALGetDriverByName(driver_name(j->fmt));
    GDALDatasetH ds = NULL;
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH lyr;
    char **lco = NULL;
    size_t i;
    int rc = CSM_OK, tx = 0;

    if (!drv)
        return csm_fail(err, CSM_EIO, "GDAL has no %s driver",
                        driver_name(j->fmt));
    ds = GDALCreate(drv, j->tmp, 0, 0, 0, GDT_Unknown, NULL);
    if (!ds)
        return csm_fail(err, CSM_EIO, "cannot create '%s': %s", j->tmp,
                        CPLGetLastErrorMsg());
    srs = srs_of(j->layer);
    lco = layer_options(j, opt);
    lyr = GDALDatasetCreateLayer(ds, name, srs, wkb_type(j), lco);
    if (!lyr)
        rc = csm_fail(err, CSM_EIO, "cannot create layer '%s': %s", name,
                      CPLGetLastErrorMsg());
    if (!rc)
        rc = make_fields(j, lyr, err);
    /* one transaction: a GeoPackage commits once, not per feature */
    if (!rc)
        tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    for (i = 0; !rc && i < j->layer->n; i++)
        rc = put_feature(j, lyr, i, err);
    if (tx && !rc && GDALDatasetCommitTransaction(ds) != OGRERR_NONE)
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", j->tmp,
                      CPLGetLastErrorMsg());
    else if (tx && rc)
        GDALDatasetRollbackTransaction(ds);
    CPLErrorReset();
    GDALClose(ds); /* flushes GeoJSON and CSV */
    if (!rc && CPLGetLastErrorType() >= CE_Failure)
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", j->tmp,
                      CPLGetLastErrorMsg());
    CSLDestroy(lco);
    if (srs)
        OSRDestroySpatialReference(srs);
    return rc;
}

/* GeoPackage's SQLite may leave these beside the file after a failure. */
static void remove_temp(const char *tmp)
{
    static const char *const side[] = {"", "-journal", "-wal", "-shm"};
    char buf[4200];
    size_t i;

    for (i = 0; i < sizeof side / sizeof *side; i++) {
        snprintf(buf, sizeof buf, "%s%s", tmp, side[i]);
        unlink(buf);
    }
}

/* The layer's name in the file: the layer's own, else the file's stem. */
static char *name_for(const char *path, const csm_layer *l)
{
    const char *base = strrchr(path, '/');
    char *stem;

    if (l->name && *l->name)
        return csm_strdup(l->name);
    stem = wr_stem(base ? base + 1 : path);
    return stem;
}

int wr_ogr(const char *path, csm_vformat fmt, const csm_layer *layer,
           const csm_write_opts *opt, csm_error *err)
{
    const char *const exts[] = {ext_of(fmt), NULL};
    char *stem = wr_stem(path), *tstem = NULL, *name = name_for(path, layer);
    char *old_date = NULL;
    job j;
    int rc = CSM_OK, e;

    memset(&j, 0, sizeof j);
    j.layer = layer;
    j.fmt = fmt;
    j.gtype = wr_geom_type(layer, &j.multi);
    j.is_int = calloc(layer->nfield + 1, sizeof *j.is_int);
    if (!stem || !name || !j.is_int) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    if (!(tstem = wr_temp_stem(stem, exts))) {
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", path,
                      strerror(errno));
        goto out;
    }
    /* the extension stays last: the CSV driver makes a folder otherwise */
    j.tmp = malloc(strlen(tstem) + 16);
    if (!j.tmp) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    sprintf(j.tmp, "%s%s", tstem, ext_of(fmt));
    csm_init();
    if (CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL))
        old_date =
            csm_strdup(CPLGetThreadLocalConfigOption("OGR_CURRENT_DATE", NULL));
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", FIXED_DATE);
    CPLPushErrorHandler(CPLQuietErrorHandler); /* we report, not GDAL */
    rc = build(&j, name, opt, err);
    CPLPopErrorHandler();
    CPLSetThreadLocalConfigOption("OGR_CURRENT_DATE", old_date);
    if (!rc && (wr_sync_file(j.tmp) || rename(j.tmp, path))) {
        e = errno;
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", path, strerror(e));
    }
    if (rc)
        remove_temp(j.tmp);
    else
        wr_sync_folder(path);
out:
    free(old_date);
    free(j.tmp);
    free(j.is_int);
    free(tstem);
    free(stem);
    free(name);
    return rc;
}

/* --- PostGIS: a table for partner agencies ------------------------------ */

/* A plain lower-case identifier: quoted as it is, never laundered. */
static int pg_table_ok(const char *t)
{
    size_t i, n = strlen(t);

    if (n == 0 || n > 40 || !((t[0] >= 'a' && t[0] <= 'z') || t[0] == '_'))
        return 0;
    for (i = 0; i < n; i++)
        if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9') ||
              t[i] == '_'))
            return 0;
    return 1;
}

/* GDAL's last message, one line, or "" when it might hold the connection
 * string or a password: messages never show either. */
static void pg_msg(const char *conn, char *out, size_t n)
{
    const char *m = CPLGetLastErrorMsg();
    char *p;

    snprintf(out, n, "%s", m ? m : "");
    for (p = out; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    if (strstr(out, conn) || strstr(out, "password=") ||
        strstr(out, "PASSWORD=") || strstr(out, "://"))
        out[0] = '\0';
}

/* Write the layer to <table>_csmap_tmp (replacing any left by a failed
 * run) in one transaction, then in a second one drop <table> and rename
 * the new table (with its indexes and sequence) into its place: readers
 * see the old table or the new one, never a part-written one, and a
 * failure anywhere leaves the old table as it was. */
int csm_write_pg(const char *conn, const char *table, const csm_layer *layer,
                 const csm_write_opts *opt, csm_error *err)
{
    GDALDatasetH ds;
    OGRSpatialReferenceH srs = NULL;
    OGRLayerH lyr, res;
    char **lco = NULL, tmp[64], msg[512], *sql = NULL;
    job j;
    size_t i, n;
    int rc = CSM_OK, tx = 0;

    if (strncmp(conn, "PG:", 3))
        return csm_fail(err, CSM_EUSAGE, "not a PG: connection");
    if (!pg_table_ok(table))
        return csm_fail(err, CSM_EUSAGE,
                        "table '%s': use lower-case letters, digits and _ "
                        "(at most 40, not starting with a digit)",
                        table);
    memset(&j, 0, sizeof j);
    j.layer = layer;
    j.fmt = CSM_VFORMAT_GPKG; /* for the layer options: a description */
    j.gtype = wr_geom_type(layer, &j.multi);
    if (j.gtype < 0)
        return csm_fail(err, CSM_EDATA,
                        "layer '%s' mixes points, lines and polygons: one "
                        "table holds one type",
                        layer->name ? layer->name : "?");
    if (!(j.is_int = calloc(layer->nfield + 1, sizeof *j.is_int)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    snprintf(tmp, sizeof tmp, "%s_csmap_tmp", table);
    csm_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    ds = GDALOpenEx(conn, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
    if (!ds) {
        pg_msg(conn, msg, sizeof msg);
        rc = csm_fail(err, CSM_EIO, "cannot open the PG: connection for "
                      "writing%s%s", *msg ? ": " : "", msg);
        goto out;
    }
    srs = srs_of(layer);
    lco = CSLSetNameValue(lco, "GEOMETRY_NAME", "geom");
    lco = CSLSetNameValue(lco, "OVERWRITE", "YES");
    lco = CSLSetNameValue(lco, "LAUNDER", "NO");
    if (opt && opt->description)
        lco = CSLSetNameValue(lco, "DESCRIPTION", opt->description);
    lyr = GDALDatasetCreateLayer(ds, tmp, srs, wkb_type(&j), lco);
    if (!lyr) {
        pg_msg(conn, msg, sizeof msg);
        rc = csm_fail(err, CSM_EIO, "cannot create table '%s': %s", tmp, msg);
    }
    if (!rc)
        rc = make_fields(&j, lyr, err);
    if (!rc)
        tx = GDALDatasetStartTransaction(ds, FALSE) == OGRERR_NONE;
    for (i = 0; !rc && i < layer->n; i++)
        rc = put_feature(&j, lyr, i, err);
    if (tx && !rc && GDALDatasetCommitTransaction(ds) != OGRERR_NONE) {
        pg_msg(conn, msg, sizeof msg);
        rc = csm_fail(err, CSM_EIO, "cannot write table '%s': %s", tmp, msg);
    } else if (tx && rc) {
        GDALDatasetRollbackTransaction(ds);
    }
    /* one multi-statement query is one transaction in PostgreSQL */
    n = 8 * strlen(table) + 512;
    if (!rc && !(sql = malloc(n)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc) {
        snprintf(sql, n,
                 "BEGIN;"
                 "DROP TABLE IF EXISTS \"%s\";"
                 "ALTER TABLE \"%s\" RENAME TO \"%s\";"
                 "ALTER INDEX IF EXISTS \"%s_geom_geom_idx\" RENAME TO "
                 "\"%s_geom_geom_idx\";"
                 "ALTER INDEX IF EXISTS \"%s_pkey\" RENAME TO \"%s_pkey\";"
                 "ALTER SEQUENCE IF EXISTS \"%s_ogc_fid_seq\" RENAME TO "
                 "\"%s_ogc_fid_seq\";"
                 "COMMIT",
                 table, tmp, table, tmp, table, tmp, table, tmp, table);
        CPLErrorReset();
        res = GDALDatasetExecuteSQL(ds, sql, NULL, NULL);
        if (res)
            GDALDatasetReleaseResultSet(ds, res);
        if (CPLGetLastErrorType() >= CE_Failure) {
            pg_msg(conn, msg, sizeof msg);
            rc = csm_fail(err, CSM_EIO,
                          "cannot replace table '%s' (left as it was): %s",
                          table, msg);
        }
    }
    if (rc && ds) { /* the old table stands; take the new one away */
        CPLErrorReset();
        snprintf(msg, sizeof msg, "DROP TABLE IF EXISTS \"%s\"", tmp);
        res = GDALDatasetExecuteSQL(ds, msg, NULL, NULL);
        if (res)
            GDALDatasetReleaseResultSet(ds, res);
    }
    GDALClose(ds);
out:
    CPLErrorReset();
    CPLPopErrorHandler();
    CSLDestroy(lco);
    if (srs)
        OSRDestroySpatialReference(srs);
    free(sql);
    free(j.is_int);
    return rc;
}
