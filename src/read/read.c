/* read.c - stage 1: any vector source GDAL opens -> csm_layer, keeping
 * only the fields the spec names (data minimisation starts here). */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "read/read.h"

typedef struct reader {
    const char *path;
    const csm_read_opts *opt;
    char shown[CSM_READ_SHOWN]; /* path as messages show it */
    const char *who;            /* layer name for messages, or NULL */
    int is_csv, is_shp;
    int swap; /* data axes are north, east */
    int *idx; /* source field index of each opt->fields[i] */
    csm_read_scratch scratch;
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

static int pick_layer(reader *r, GDALDatasetH ds, OGRLayerH *lyr,
                      csm_error *err)
{
    const char *name = r->opt->layer;
    char list[256];
    size_t k = 0;
    int i, n = GDALDatasetGetLayerCount(ds);

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

/* A hint for a CSV without geometry: the first familiar coordinate pair. */
static void guess_xy(OGRFeatureDefnH defn, char *out, size_t n)
{
    static const char *const pairs[][4] = {
        {"easting", "northing", "x", "y"},
        {"x", "y", "x", "y"},
        {"longitude", "latitude", "lon", "lat"},
        {"lon", "lat", "lon", "lat"},
        {"lng", "lat", "lon", "lat"},
        {"long", "lat", "lon", "lat"}};
    size_t i;

    out[0] = '\0';
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        int a = OGR_FD_GetFieldIndex(defn, pairs[i][0]);
        int b = OGR_FD_GetFieldIndex(defn, pairs[i][1]);
        if (a >= 0 && b >= 0) {
            snprintf(out, n, " (e.g. %s: %s, %s: %s)", pairs[i][2],
                     OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, a)),
                     pairs[i][3],
                     OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, b)));
            return;
        }
    }
}

/* The CSV's missing coordinate column, and all its columns.  GDAL drops
 * a found x/y column even when its partner is absent, so the file is
 * opened again without options to see every column. */
static int missing_column(reader *r, csm_error *err)
{
    const char *allow[] = {"CSV", NULL};
    GDALDatasetH ds;
    OGRFeatureDefnH defn;
    const char *missing;
    char cols[256];
    int rc;

    ds = GDALOpenEx(r->path, GDAL_OF_VECTOR | GDAL_OF_READONLY, allow, NULL,
                    NULL);
    if (!ds || GDALDatasetGetLayerCount(ds) < 1) {
        if (ds)
            GDALClose(ds);
        return fail_layer(r, err, CSM_EDATA,
                          "'%s' has no column '%s' or '%s': set x:/y: to the "
                          "coordinate columns",
                          r->shown, r->opt->x, r->opt->y);
    }
    defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(ds, 0));
    /* matched case-insensitively, as GDAL matches */
    missing = OGR_FD_GetFieldIndex(defn, r->opt->x) < 0 ? r->opt->x : r->opt->y;
    csm_read_field_list(
        defn, cols,
        list_room(strlen(r->who) + strlen(r->shown) + strlen(missing) + 90));
    rc = fail_layer(r, err, CSM_EDATA,
                    "'%s' has no column '%s' (columns: %s): set x:/y: to the "
                    "coordinate columns",
                    r->shown, missing, cols);
    GDALClose(ds);
    return rc;
}

/* A CSV must have geometry: from x/y columns that exist, or a WKT column. */
static int check_csv(reader *r, OGRLayerH lyr, csm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    char cols[256], hint[96];

    if (!r->is_csv || OGR_FD_GetGeomFieldCount(defn) > 0)
        return CSM_OK;
    if (r->opt->x)
        return missing_column(r, err);
    guess_xy(defn, hint, sizeof hint);
    csm_read_field_list(
        defn, cols,
        list_room(strlen(r->who) + strlen(r->shown) + strlen(hint) + 110));
    return fail_layer(r, err, CSM_EDATA,
                      "'%s' has no geometry (columns: %s): set x:/y: (or "
                      "lon:/lat:) to its coordinate columns%s",
                      r->shown, cols, hint);
}

static int map_fields(reader *r, OGRLayerH lyr, csm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    char have[256];
    size_t i;

    r->idx = calloc(r->opt->nfield ? r->opt->nfield : 1, sizeof *r->idx);
    if (!r->idx)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < r->opt->nfield; i++) {
        const char *f = r->opt->fields[i];
        assert(f);
        if ((r->idx[i] = OGR_FD_GetFieldIndex(defn, f)) >= 0)
            continue;
        csm_read_field_list(
            defn, have,
            list_room(strlen(r->who) + strlen(r->shown) + strlen(f) + 40));
        return fail_layer(r, err, CSM_EDATA, "no field '%s' in '%s' (%s: %s)",
                          f, r->shown, r->is_csv ? "columns" : "fields", have);
    }
    return CSM_OK;
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

/* ISO 8601 text for date and time fields (OGR's own text is 2024/03/01). */
static void iso_time(OGRFeatureH f, int i, OGRFieldType t, char *out, size_t n)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float sec = 0;
    size_t k = 0;

    OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &sec, &tz);
    if (t != OFTTime)
        k += (size_t)snprintf(out, n, "%04d-%02d-%02d", y, mo, d);
    if (t == OFTDate)
        return;
    k += (size_t)snprintf(out + k, n - k, "%s%02d:%02d:%02d",
                          t == OFTDateTime ? "T" : "", h, mi, (int)sec);
    if (tz == 100)
        snprintf(out + k, n - k, "Z");
    else if (tz > 1) /* 100 + quarter hours from UTC */
        snprintf(out + k, n - k, "%c%02d:%02d", tz > 100 ? '+' : '-',
                 abs(tz - 100) / 4, abs(tz - 100) % 4 * 15);
}

/* A field's value as new text, or NULL when null or empty. */
static int field_text(OGRFeatureH f, int i, char **out, csm_error *err)
{
    OGRFieldType t;
    char buf[48];
    const char *s = buf;

    *out = NULL;
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return CSM_OK;
    t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
    if (t == OFTDate || t == OFTDateTime || t == OFTTime)
        iso_time(f, i, t, buf, sizeof buf);
    else
        s = OGR_F_GetFieldAsString(f, i);
    if (!*s)
        return CSM_OK;
    return (*out = csm_strdup(s)) ? CSM_OK
                                  : csm_fail(err, CSM_ENOMEM, "out of memory");
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

static int no_geometry(const reader *r, OGRLayerH lyr, long row, csm_error *err)
{
    char cols[256];

    if (OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(lyr)) == 0) {
        csm_read_field_list(OGR_L_GetLayerDefn(lyr), cols,
                            list_room(strlen(r->who) + strlen(r->shown) + 40));
        return fail_layer(r, err, CSM_EDATA,
                          "'%s' has no geometry (fields: %s)", r->shown, cols);
    }
    if (r->opt->x)
        return csm_fail(err, CSM_EDATA,
                        "layer '%s', row %ld: no coordinates ('%s' or '%s' "
                        "is empty or not a number)",
                        r->who, row, r->opt->x, r->opt->y);
    return csm_fail(err, CSM_EDATA, "layer '%s', row %ld: no geometry", r->who,
                    row);
}

static int read_feature(reader *r, OGRLayerH lyr, OGRFeatureH f, long row,
                        csm_layer *layer, csm_error *err)
{
    csm_feature feat;
    size_t i, nf = r->opt->nfield;
    int rc;

    memset(&feat, 0, sizeof feat);
    feat.row = row;
    rc = csm_read_geom(OGR_F_GetGeometryRef(f), r->swap, &r->scratch,
                       &feat.geom, err);
    if (rc) {
        prefix_row(r, row, err);
        return rc;
    }
    if (feat.geom.npart == 0)
        rc = no_geometry(r, lyr, row, err);
    else if (!(feat.val = calloc(nf ? nf : 1, sizeof *feat.val)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < nf && !rc; i++)
        rc = field_text(f, r->idx[i], &feat.val[i], err);
    if (!rc)
        return csm_layer_add(layer, &feat, err); /* owns feat, even failing */
    csm_geom_release(&feat.geom);
    if (feat.val)
        for (i = 0; i < nf; i++)
            free(feat.val[i]);
    free(feat.val);
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

    OGR_L_ResetReading(lyr);
    while (!rc) {
        CPLErrorReset();
        f = OGR_L_GetNextFeature(lyr);
        /* GDAL reports a short or corrupt file only through its error
         * state: the feature may still come back, without geometry */
        if (CPLGetLastErrorType() == CE_Failure)
            rc = read_error(r, row_of(r, f, pos + 1), err);
        else if (f)
            rc = read_feature(r, lyr, f, row_of(r, f, pos + 1), layer, err);
        if (!f)
            break;
        OGR_F_Destroy(f);
        pos++;
    }
    return rc;
}

static int make_layer(reader *r, OGRLayerH lyr, csm_layer **out, csm_error *err)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    char *crs = NULL;
    int rc;

    *out = csm_layer_new(r->who, r->opt->fields, r->opt->nfield);
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
    if (rc)
        csm_layer_free(layer);
    else
        *out = layer;
    free(r.scratch.pt);
    free(r.idx);
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return rc;
}
