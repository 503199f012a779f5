/* table.c - stage 1 for tables without geometry: the rows of a CSV, a
 * GeoPackage or PostGIS attribute table -> a csm_layer whose features have
 * empty geometry (peer groups and their associations with places).  Only
 * the fields asked for are kept, as for layers; and a caller may ask what
 * columns a table has without reading one value. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>

#include "read/read.h"

/* What messages call the table: the spec's layer name, else GDAL's. */
static const char *who_of(const csm_read_opts *opt, OGRLayerH lyr)
{
    return opt && opt->name ? opt->name : OGR_L_GetName(lyr);
}

static int open_table(const char *path, const char *shown, const char *name,
                      const char *who, GDALDatasetH *ds, OGRLayerH *lyr,
                      csm_error *err)
{
    int rc = csm_read_open(path, shown, NULL, ds, err);

    if (rc) {
        if (who)
            csm_error_prefix(err, "layer '%s'", who);
        return rc;
    }
    *lyr = name ? GDALDatasetGetLayerByName(*ds, name)
                : GDALDatasetGetLayer(*ds, 0);
    if (*lyr)
        return CSM_OK;
    if (name)
        return csm_fail(err, CSM_EDATA, "no table '%s' in '%s'", name, shown);
    return csm_fail(err, CSM_EDATA, "'%s' has no tables", shown);
}

static int map_fields(const csm_read_opts *opt, const char *who,
                      const char *shown, OGRLayerH lyr, int *idx,
                      csm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    char have[160];
    size_t i;

    for (i = 0; i < opt->nfield; i++) {
        assert(opt->fields[i]);
        if ((idx[i] = OGR_FD_GetFieldIndex(defn, opt->fields[i])) >= 0)
            continue;
        csm_read_field_list(defn, have, sizeof have);
        return csm_fail(err, CSM_EDATA,
                        "layer '%s': no column '%s' in '%s' (columns: %s)", who,
                        opt->fields[i], shown, have);
    }
    return CSM_OK;
}

static int set_filter(const char *path, const char *shown, const char *who,
                      const char *where, OGRLayerH lyr, csm_error *err)
{
    char msg[160];

    if (!where)
        return CSM_OK;
    CPLErrorReset();
    if (OGR_L_SetAttributeFilter(lyr, where) == OGRERR_NONE)
        return CSM_OK;
    csm_read_gdal_msg(path, shown, msg, sizeof msg);
    return csm_fail(err, CSM_EDATA, "layer '%s': bad where '%s': %s", who,
                    where, msg);
}

/* One row's named values, as text; NULL for null or empty. */
static int read_row(OGRFeatureH f, const int *idx, size_t nf, long row,
                    csm_layer *layer, csm_error *err)
{
    csm_feature feat;
    size_t i;

    memset(&feat, 0, sizeof feat);
    csm_geom_init(&feat.geom, CSM_GEOM_NONE);
    feat.row = row;
    if (!(feat.val = calloc(nf ? nf : 1, sizeof *feat.val)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < nf; i++) {
        const char *s;
        if (!OGR_F_IsFieldSetAndNotNull(f, idx[i]))
            continue;
        s = OGR_F_GetFieldAsString(f, idx[i]);
        if (*s && !(feat.val[i] = csm_strdup(s))) {
            while (i > 0)
                free(feat.val[--i]);
            free(feat.val);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
    }
    return csm_layer_add(layer, &feat, err); /* owns feat, even failing */
}

/* CSV rows are numbered as a spreadsheet shows data rows (GDAL's FID);
 * elsewhere FIDs may be ids from the data, so the read position is used. */
static int copy_rows(OGRLayerH lyr, int is_csv, const int *idx, const char *who,
                     const char *path, const char *shown, csm_layer *layer,
                     csm_error *err)
{
    OGRFeatureH f;
    long pos = 0, row;
    char msg[160];
    int rc = CSM_OK;

    OGR_L_ResetReading(lyr);
    while (!rc) {
        CPLErrorReset();
        f = OGR_L_GetNextFeature(lyr);
        row = f && is_csv && OGR_F_GetFID(f) >= 0 ? (long)OGR_F_GetFID(f)
                                                  : pos + 1;
        if (CPLGetLastErrorType() == CE_Failure) {
            csm_read_gdal_msg(path, shown, msg, sizeof msg);
            rc = csm_fail(err, CSM_EDATA,
                          "layer '%s', row %ld: cannot read "
                          "'%s': %s",
                          who, row, shown, msg);
        } else if (f) {
            rc = read_row(f, idx, layer->nfield, row, layer, err);
        }
        if (!f)
            break;
        OGR_F_Destroy(f);
        pos++;
    }
    return rc;
}

int csm_read_table(const char *path, const csm_read_opts *opt, csm_layer **out,
                   csm_error *err)
{
    char shown[CSM_READ_SHOWN];
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    csm_layer *layer = NULL;
    const char *who = opt->name;
    int *idx = NULL, rc;

    assert(path && opt && out);
    *out = NULL;
    csm_read_shown(path, shown, sizeof shown);
    csm_init();
    CPLPushErrorHandler(CPLQuietErrorHandler); /* we report, not GDAL */
    rc = open_table(path, shown, opt->layer, who, &ds, &lyr, err);
    if (!rc) {
        who = who_of(opt, lyr);
        if (!(idx = calloc(opt->nfield + 1, sizeof *idx)) ||
            !(layer = csm_layer_new(who, opt->fields, opt->nfield)) ||
            !(layer->source = csm_strdup(shown)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    if (!rc)
        rc = map_fields(opt, who, shown, lyr, idx, err);
    if (!rc)
        rc = set_filter(path, shown, who, opt->where, lyr, err);
    if (!rc)
        rc = copy_rows(
            lyr,
            !strcmp(GDALGetDriverShortName(GDALGetDatasetDriver(ds)), "CSV"),
            idx, who, path, shown, layer, err);
    if (rc)
        csm_layer_free(layer);
    else
        *out = layer;
    free(idx);
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return rc;
}

int csm_read_columns(const char *path, const char *name, csm_layer **out,
                     csm_error *err)
{
    char shown[CSM_READ_SHOWN];
    GDALDatasetH ds = NULL;
    OGRLayerH lyr = NULL;
    OGRFeatureDefnH defn;
    const char **cols = NULL;
    int rc, i, n = 0;

    assert(path && out);
    *out = NULL;
    csm_read_shown(path, shown, sizeof shown);
    csm_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    rc = open_table(path, shown, name, NULL, &ds, &lyr, err);
    if (!rc) {
        defn = OGR_L_GetLayerDefn(lyr);
        n = OGR_FD_GetFieldCount(defn);
        if (!(cols = calloc((size_t)n + 1, sizeof *cols)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        for (i = 0; !rc && i < n; i++)
            cols[i] = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
    }
    if (!rc && !(*out = csm_layer_new(OGR_L_GetName(lyr), cols, (size_t)n)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    free(cols);
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return rc;
}
