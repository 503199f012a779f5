/* info.c - read stage: what a source holds, for `csmap info` (layers,
 * geometry, counts, CRS, extent, fields), never a record's value. */
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>

#include "read/read.h"

static int put_crs(OGRSpatialReferenceH srs, csm_buf *b, csm_error *err)
{
    char *crs = NULL;
    const char *name;
    int rc;

    if (!srs)
        return csm_buf_printf(b, err,
                              "  crs: none (add crs: to the "
                              "layer's spec)\n");
    if ((rc = csm_read_srs(srs, &crs, err)) != CSM_OK)
        return rc;
    name = OSRGetName(srs);
    if (!strchr(crs, '[')) /* an authority code, not WKT */
        rc = csm_buf_printf(b, err, "  crs: %s (%s)\n", crs,
                            name ? name : "unnamed");
    else
        rc = csm_buf_printf(b, err, "  crs: %s (no EPSG code)\n",
                            name ? name : "unnamed");
    free(crs);
    return rc;
}

/* The extent, rounded outward (to 1 km, or 0.01 degree) so that no
 * corner is the exact position of a record. */
static int put_extent(OGRLayerH lyr, OGRSpatialReferenceH srs, csm_buf *b,
                      csm_error *err)
{
    OGREnvelope e;
    int deg;
    double step;

    if (OGR_L_GetGeomType(lyr) == wkbNone ||
        OGR_L_GetExtent(lyr, &e, 1) != OGRERR_NONE)
        return CSM_OK;
    deg = srs ? OSRIsGeographic(srs)
              : fabs(e.MinX) <= 180 && fabs(e.MaxX) <= 180 &&
                    fabs(e.MinY) <= 90 && fabs(e.MaxY) <= 90;
    step = deg ? 0.01 : 1000.0;
    return csm_buf_printf(
        b, err,
        "  extent: %.*f, %.*f - %.*f, %.*f (rounded out to "
        "%s)\n",
        deg ? 2 : 0, floor(e.MinX / step) * step, deg ? 2 : 0,
        floor(e.MinY / step) * step, deg ? 2 : 0, ceil(e.MaxX / step) * step,
        deg ? 2 : 0, ceil(e.MaxY / step) * step, deg ? "0.01 degree" : "1 km");
}

static int put_fields(OGRLayerH lyr, int is_csv, csm_buf *b, csm_error *err)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(lyr);
    int i, n = OGR_FD_GetFieldCount(defn), rc;

    rc = csm_buf_printf(b, err, "  %s:", is_csv ? "columns" : "fields");
    for (i = 0; i < n && !rc; i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        rc = csm_buf_printf(b, err, "%s %s (%s)", i ? "," : "",
                            OGR_Fld_GetNameRef(fd),
                            OGR_GetFieldTypeName(OGR_Fld_GetType(fd)));
    }
    if (!rc)
        rc = csm_buf_printf(b, err, "%s\n", n ? "" : " none");
    return rc;
}

static int put_layer(OGRLayerH lyr, int is_csv, csm_buf *b, csm_error *err)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(lyr);
    OGRwkbGeometryType t = OGR_L_GetGeomType(lyr);
    GIntBig n = OGR_L_GetFeatureCount(lyr, 1);
    int rc;

    rc = csm_buf_printf(b, err, "layer '%s': %s, %lld feature%s\n",
                        OGR_L_GetName(lyr),
                        t == wkbNone ? "no geometry" : OGRGeometryTypeToName(t),
                        (long long)n, n == 1 ? "" : "s");
    if (!rc && t == wkbNone && is_csv)
        rc = csm_buf_printf(b, err,
                            "  (name its coordinate columns with "
                            "x:/y: or lon:/lat:)\n");
    if (!rc && t != wkbNone)
        rc = put_crs(srs, b, err);
    if (!rc)
        rc = put_extent(lyr, srs, b, err);
    if (!rc)
        rc = put_fields(lyr, is_csv, b, err);
    return rc;
}

int csm_read_info(const char *path, csm_buf *report, csm_error *err)
{
    char shown[CSM_READ_SHOWN];
    GDALDatasetH ds = NULL;
    const char *drv;
    int i, n, is_csv, rc;

    assert(path && report);
    csm_read_shown(path, shown, sizeof shown);
    csm_init();
    CPLPushErrorHandler(CPLQuietErrorHandler);
    rc = csm_read_open(path, shown, NULL, &ds, err);
    if (rc)
        goto out;
    drv = GDALGetDriverShortName(GDALGetDatasetDriver(ds));
    is_csv = strcmp(drv, "CSV") == 0;
    n = GDALDatasetGetLayerCount(ds);
    rc = csm_buf_printf(report, err, "source '%s' (%s), %d layer%s\n", shown,
                        drv, n, n == 1 ? "" : "s");
    for (i = 0; i < n && !rc; i++)
        rc = put_layer(GDALDatasetGetLayer(ds, i), is_csv, report, err);
out:
    if (ds)
        GDALClose(ds);
    CPLPopErrorHandler();
    return rc;
}
