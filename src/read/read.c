/* read.c - stage 1: any vector source GDAL opens -> csm_layer, keeping
 * only the fields the spec names (data minimisation starts here). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "read/read.h"

/* Row numbers collected for one summary warning per layer. */
typedef struct rows {
    long *row;
    size_t n, cap;
} rows;

static int rows_add(rows *r, long row, csm_error *err)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        long *p = realloc(r->row, cap * sizeof *p);
        if (!p)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        r->row = p;
        r->cap = cap;
    }
    r->row[r->n++] = row;
    return CSM_OK;
}

typedef struct reader {
    const char *path;
    const csm_read_opts *opt;
    char shown[CSM_READ_SHOWN]; /* path as messages show it */
    const char *who;            /* layer name for messages, or NULL */
    int is_csv, is_shp;
    int swap; /* data axes are north, east */
    int *idx; /* source field index of each opt->fields[i] */
    char **names; /* the alternative found for each opt->fields[i] */
    OGRLayerH result; /* opt->sql's result set, released before closing */
    csm_read_scratch scratch;
    rows empty, fixed, recoded; /* rows skipped, repaired, recoded */
} reader;

/* Fail with "layer 'L': <msg>" (no prefix before the layer is known). */
static int fail_layer(const reader *r, csm_error *err, int code,
                      const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail_layer(const reader *r, csm_error *err, int code,
                      const char *fmt, ...)
{
    char msg[sizeof err->msg];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!r->who)
        return csm_fail(err, code, "%s", msg);
    return csm_fail(err, code, "layer '%s': %s", r->who, msg);
}

static void prefix_row(const reader *r, long row, csm_error *err)
{
    csm_error_prefix(err, "layer '%s', row %ld", r->who, row);
}

/* Space left in a message for a list of names, after 'used' bytes. */
static size_t list_room(size_t used)
{
    size_t cap = sizeof(((csm_error *)0)->msg);

    return used + 24 < cap ? cap - used : 24;
}

static int open_source(reader *r, GDALDatasetH *ds, csm_error *err)
{
    char xo[128], yo[128], keep[] = "KEEP_GEOM_COLUMNS=NO";
    char *oo[] = {xo, yo, keep, NULL};
    const char *drv;
    int rc;

    if (!r->opt->x != !r->opt->y)
        return fail_layer(r, err, CSM_EUSAGE, "x: and y: go together");
    /* CSV point layers: GDAL builds points from the named columns */
    snprintf(xo, sizeof xo, "X_POSSIBLE_NAMES=%s", r->opt->x ? r->opt->x : "");
    snprintf(yo, sizeof yo, "Y_POSSIBLE_NAMES=%s", r->opt->y ? r->opt->y : "");
    rc = csm_read_open(r->path, r->shown, r->opt->x ? oo : NULL, ds, err);
    if (rc) {
        if (r->who)
            csm_error_prefix(err, "layer '%s'", r->who);
        return rc;
    }
    drv = GDALGetDriverShortName(GDALGetDatasetDriver(*ds));
    r->is_csv = strcmp(drv, "CSV") == 0;
    r->is_shp = strcmp(drv, "ESRI Shapefile") == 0;
    if (r->opt->x && !r->is_csv)
        return fail_layer(r, err, CSM_EDATA,
                          "x:/y: name CSV columns, but '%s' is %s", r->shown,
                          drv);
    return CSM_OK;
}

/* A query instead of a layer (a PostGIS view of a partnership's tables).
 * The query is not repeated in messages: it may hold values. */
static int run_sql(reader *r, GDALDatasetH ds, OGRLayerH *lyr, csm_error *err)
{
    char msg[160];

    CPLErrorReset();
    *lyr = r->result = GDALDatasetExecuteSQL(ds, r->opt->sql, NULL, NULL);
    if (*lyr) {
        if (!r->who)
            r->who = "sql";
        return CSM_OK;
    }
    if (CPLGetLastErrorType() == CE_None)
        return fail_layer(r, err, CSM_EDATA,
                          "its sql: gives no rows and no columns in '%s'",
                          r->shown);
    csm_read_gdal_msg(r->path, r->shown, msg, sizeof msg);
    return fail_layer(r, err, CSM_EDATA, "its sql: failed in '%s': %s",
                      r->shown, msg);
}

static int pick_layer(reader *r, GDALDatasetH ds, OGRLayerH *lyr,
                      csm_error *err)
{
    const char *name = r->opt->layer;
    char list[256];
    size_t k = 0;
    int i, n = GDALDatasetGetLayerCount(ds);

    if (r->opt->sql)
        return run_sql(r, ds, lyr, err);
    *lyr =
        name ? GDALDatasetGetLayerByName(ds, name) : GDALDatasetGetLayer(ds, 0);
    if (*lyr) {
        if (!r->who)
            r->who = OGR_L_GetName(*lyr);
        return CSM_OK;
    }
    if (!name)
        return fail_layer(r, err, CSM_EDATA, "'%s' has no layers", r->shown);
    list[0] = '\0';
    for (i = 0; i < n && k + 32 < list_room(strlen(r->shown) + 40); i++)
        k += (size_t)snprintf(list + k, sizeof list - k, "%s%s", i ? ", " : "",
                              OGR_L_GetName(GDALDatasetGetLayer(ds, i)));
    if (i < n)
        snprintf(list + k, sizeof list - k, ", ...");
    return fail_layer(r, err, CSM_EDATA, "no layer '%s' in '%s' (layers: %s)",
                      name, r->shown, n ? list : "none");
}

static int check_csv(reader *r, OGRLayerH lyr, csm_error *err)
{
    csm_read_fieldctx fc;

    if (!r->is_csv)
        return CSM_OK;
    fc.who = r->who;
    fc.shown = r->shown;
    fc.is_csv = 1;
    return csm_read_check_csv(&fc, r->path, lyr, r->opt, err);
}

static int map_fields(reader *r, OGRLayerH lyr, csm_error *err)
{
    csm_read_fieldctx fc;

    fc.who = r->who;
    fc.shown = r->shown;
    fc.is_csv = r->is_csv;
    return csm_read_fields(&fc, OGR_L_GetLayerDefn(lyr), r->opt, &r->idx,
                           &r->names, err);
}

static int set_filter(reader *r, OGRLayerH lyr, csm_error *err)
{
    char msg[160];

    if (!r->opt->where)
        return CSM_OK;
    CPLErrorReset();
    if (OGR_L_SetAttributeFilter(lyr, r->opt->where) == OGRERR_NONE)
        return CSM_OK;
    csm_read_gdal_msg(r->path, r->shown, msg, sizeof msg);
    return fail_layer(r, err, CSM_EDATA, "bad where '%s': %s", r->opt->where,
                      msg);
}

/* The row number messages give, so a person can find the record:
 * CSV - GDAL's FID, the 1-based data row (header not counted);
 * Shapefile - FID + 1, the 1-based record number;
 * others - the 1-based position in read order (among the rows matching
 * where:, when one is set), because their FIDs can be ids taken from
 * the data, which a message must never show. */
static long row_of(const reader *r, OGRFeatureH f, long pos)
{
    GIntBig fid = f ? OGR_F_GetFID(f) : OGRNullFID;

    if (r->is_csv && fid >= 0)
        return (long)fid;
    if (r->is_shp && fid >= 0)
        return (long)fid + 1;
    return pos;
}

/* A source without a geometry column at all cannot be drawn. */
static int no_geometry_column(const reader *r, OGRLayerH lyr, csm_error *err)
{
    char cols[256];

    csm_read_field_list(OGR_L_GetLayerDefn(lyr), cols,
                        list_room(strlen(r->who) + strlen(r->shown) + 40));
    return fail_layer(r, err, CSM_EDATA, "'%s' has no geometry (fields: %s)",
                      r->shown, cols);
}

/* What a row without geometry lacks, for messages. */
static void what_missing(const reader *r, char *out, size_t n)
{
    if (r->opt->x)
        snprintf(out, n,
                 "no coordinates ('%s' or '%s' is empty or not a number)",
                 r->opt->x, r->opt->y);
    else
        snprintf(out, n, "no geometry");
}

static void free_values(char **val, size_t nf)
{
    size_t i;

    if (val)
        for (i = 0; i < nf; i++)
            free(val[i]);
    free(val);
}

static int read_values(reader *r, OGRFeatureH f, long row, char ***out,
                       csm_error *err)
{
    size_t i, nf = r->opt->nfield;
    int rc = CSM_OK, recoded = 0;

    if (!(*out = calloc(nf ? nf : 1, sizeof **out)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < nf && !rc; i++)
        rc = csm_read_value(f, r->idx[i], &(*out)[i], &recoded, err);
    if (!rc && recoded)
        rc = rows_add(&r->recoded, row, err);
    if (rc) {
        free_values(*out, nf);
        *out = NULL;
    }
    return rc;
}

/* One row into 'layer'; a row without geometry is noted and skipped. */
static int read_feature(reader *r, OGRFeatureH f, long row, csm_layer *layer,
                        csm_error *err)
{
    OGRGeometryH g = OGR_F_GetGeometryRef(f), fixed;
    csm_feature feat;
    int rc;

    memset(&feat, 0, sizeof feat);
    feat.row = row;
    if ((fixed = csm_read_fix_polygon(g)) != NULL &&
        (rc = rows_add(&r->fixed, row, err)) != CSM_OK) {
        OGR_G_DestroyGeometry(fixed);
        return rc;
    }
    rc = csm_read_geom(fixed ? fixed : g, r->swap, &r->scratch, &feat.geom,
                       err);
    if (fixed)
        OGR_G_DestroyGeometry(fixed);
    if (rc) {
        prefix_row(r, row, err);
        return rc;
    }
    if (feat.geom.npart == 0)
        return rows_add(&r->empty, row, err);
    rc = read_values(r, f, row, &feat.val, err);
    if (!rc)
        return csm_layer_add(layer, &feat, err); /* owns feat, even failing */
    csm_geom_release(&feat.geom);
    return rc;
}

static int read_error(const reader *r, long row, csm_error *err)
{
    char msg[160];

    csm_read_gdal_msg(r->path, r->shown, msg, sizeof msg);
    return csm_fail(err, CSM_EDATA,
                    "layer '%s', row %ld: cannot read '%s'%s: %s", r->who, row,
                    r->shown, r->is_shp ? " (truncated or corrupt?)" : "", msg);
}

static int copy_features(reader *r, OGRLayerH lyr, csm_layer *layer,
                         csm_error *err)
{
    OGRFeatureH f;
    long pos = 0;
    int rc = CSM_OK;

    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(lyr)) == 0)
        return no_geometry_column(r, lyr, err);
    OGR_L_ResetReading(lyr);
    while (!rc) {
        CPLErrorReset();
        f = OGR_L_GetNextFeature(lyr);
        /* GDAL reports a short or corrupt file (or a dropped connection)
         * only through its error state: the feature may still come back,
         * without geometry */
        if (CPLGetLastErrorType() == CE_Failure)
            rc = read_error(r, row_of(r, f, pos + 1), err);
        else if (f)
            rc = read_feature(r, f, row_of(r, f, pos + 1), layer, err);
        if (!f)
            break;
        OGR_F_Destroy(f);
        pos++;
    }
    layer->notes.rows = (size_t)pos;
    return rc;
}

/* One warning per kind of fault, naming rows, never values.  Rows without
 * geometry are an error only when no row has any: then the spec, not the
 * data, is likely wrong. */
static int note_faults(reader *r, csm_layer *layer, csm_error *err)
{
    char list[160], what[160];
    int rc = CSM_OK;

    what_missing(r, what, sizeof what);
    if (r->empty.n && layer->n == 0)
        return csm_fail(err, CSM_EDATA, "layer '%s', row %ld: %s%s", r->who,
                        r->empty.row[0], what,
                        r->empty.n > 1 ? ", and so has every other row" : "");
    layer->notes.no_coords = r->empty.n;
    layer->notes.repaired = r->fixed.n;
    layer->notes.recoded = r->recoded.n;
    if (r->empty.n) {
        csm_rows_text(r->empty.row, r->empty.n, list, sizeof list);
        rc = csm_layer_warn(layer, err, "layer '%s': skipped %zu of %zu rows "
                            "with %s: %s", r->who, r->empty.n,
                            layer->notes.rows, what, list);
    }
    if (!rc && r->fixed.n) {
        csm_rows_text(r->fixed.row, r->fixed.n, list, sizeof list);
        rc = csm_layer_warn(layer, err, "layer '%s': repaired %zu invalid "
                            "polygon%s (self-intersecting or badly nested "
                            "rings) for drawing and counting: %s", r->who,
                            r->fixed.n, r->fixed.n == 1 ? "" : "s", list);
    }
    if (!rc && r->recoded.n) {
        csm_rows_text(r->recoded.row, r->recoded.n, list, sizeof list);
        rc = csm_layer_warn(layer, err, "layer '%s': text that is not UTF-8 "
                            "read as Windows-1252 (save the file as UTF-8 "
                            "to be sure): %s", r->who, list);
    }
    return rc;
}

static int make_layer(reader *r, OGRLayerH lyr, csm_layer **out, csm_error *err)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    char *crs = NULL;
    int rc;

    *out = csm_layer_new(r->who, (const char *const *)r->names,
                         r->opt->nfield);
    if (!*out || !((*out)->source = csm_strdup(r->shown)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    r->swap = csm_read_srs_swaps(srs);
    /* an explicit crs: wins over the source's own */
    if (r->opt->crs)
        return csm_layer_set_crs(*out, r->opt->crs, err);
    if ((rc = csm_read_srs(srs, &crs, err)) != CSM_OK) {
        csm_error_prefix(err, "layer '%s'", r->who);
        return rc;
    }
    (*out)->crs = crs;
    return CSM_OK;
}

int csm_read_layer(const char *path, const csm_read_opts *opt, csm_layer **out,
                   csm_error *err)
{
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    csm_layer *layer = NULL;
    reader r;
    int rc;

    assert(path && opt && out);
    *out = NULL;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.opt = opt;
    r.who = opt->name;
    csm_read_shown(path, r.shown, sizeof r.shown);
    csm_init();
    CPLPushErrorHandler(CPLQuietErrorHandler); /* we report, not GDAL */
    rc = open_source(&r, &ds, err);
    if (!rc)
        rc = pick_layer(&r, ds, &lyr, err);
    if (!rc)
        rc = check_csv(&r, lyr, err);
    if (!rc)
        rc = map_fields(&r, lyr, err);
    if (!rc)
        rc = set_filter(&r, lyr, err);
    if (!rc)
        rc = make_layer(&r, lyr, &layer, err);
    if (!rc)
        rc = copy_features(&r, lyr, layer, err);
    if (!rc)
        rc = note_faults(&r, layer, err);
    if (rc)
        csm_layer_free(layer);
    else
        *out = layer;
    free(r.scratch.pt);
    free(r.idx);
    csm_read_fields_free(r.names, opt->nfield);
    free(r.empty.row);
    free(r.fixed.row);
    free(r.recoded.row);
    if (r.result)
        GDALDatasetReleaseResultSet(ds, r.result);
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return rc;
}
