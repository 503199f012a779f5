/* csv.c - read stage: a CSV must say where its points are.  When it does
 * not, the message lists its columns (names, never values) and suggests
 * the familiar coordinate pair it has. */
#include <stdio.h>
#include <string.h>

#include "read/read.h"

/* Space left in a message for a list of names, after 'used' bytes. */
static size_t room(size_t used)
{
    size_t cap = sizeof(((csm_error *)0)->msg);

    return used + 24 < cap ? cap - used : 24;
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
static int missing_column(const csm_read_fieldctx *fc, const char *path,
                          const csm_read_opts *opt, csm_error *err)
{
    const char *allow[] = {"CSV", NULL};
    GDALDatasetH ds;
    OGRFeatureDefnH defn;
    const char *missing;
    char cols[256];
    int rc;

    ds = GDALOpenEx(path, GDAL_OF_VECTOR | GDAL_OF_READONLY, allow, NULL, NULL);
    if (!ds || GDALDatasetGetLayerCount(ds) < 1) {
        if (ds)
            GDALClose(ds);
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': '%s' has no column '%s' or '%s': set "
                        "x:/y: to the coordinate columns",
                        fc->who, fc->shown, opt->x, opt->y);
    }
    defn = OGR_L_GetLayerDefn(GDALDatasetGetLayer(ds, 0));
    /* matched case-insensitively, as GDAL matches */
    missing = OGR_FD_GetFieldIndex(defn, opt->x) < 0 ? opt->x : opt->y;
    csm_read_field_list(
        defn, cols,
        room(strlen(fc->who) + strlen(fc->shown) + strlen(missing) + 90));
    rc = csm_fail(err, CSM_EDATA,
                  "layer '%s': '%s' has no column '%s' (columns: %s): set "
                  "x:/y: to the coordinate columns",
                  fc->who, fc->shown, missing, cols);
    GDALClose(ds);
    return rc;
}

int csm_read_check_csv(const csm_read_fieldctx *fc, const char *path,
                       OGRLayerH lyr, const csm_read_opts *opt, csm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    char cols[256], hint[96];

    if (OGR_FD_GetGeomFieldCount(defn) > 0)
        return CSM_OK;
    if (opt->x)
        return missing_column(fc, path, opt, err);
    guess_xy(defn, hint, sizeof hint);
    csm_read_field_list(
        defn, cols,
        room(strlen(fc->who) + strlen(fc->shown) + strlen(hint) + 110));
    return csm_fail(err, CSM_EDATA,
                    "layer '%s': '%s' has no geometry (columns: %s): set "
                    "x:/y: (or lon:/lat:) to its coordinate columns%s",
                    fc->who, fc->shown, cols, hint);
}
