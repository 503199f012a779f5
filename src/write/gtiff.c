/* gtiff.c - write: a hotspot surface -> GeoTIFF through GDAL.  STYLE.md
 * keeps GDAL in read/ (and analyse/geos.c); but a GeoTIFF is only worth
 * making if every GIS opens it, and GDAL's GTiff driver is the reference
 * writer of GeoTIFF georeferencing, so writing it is GDAL's job here in
 * write/ (as ogr.c is for vector exports).  Its handles never leave this
 * file.  The file is built in GDAL's in-memory filesystem and handed to
 * csm_write_file, so it lands atomically like a map and no temporary file
 * is ever on disk. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal.h>
#include <ogr_srs_api.h>

#include "csmap.h"

/* The CRS as WKT for GDALSetProjection, or NULL (CPLFree it). */
static char *wkt_of(const char *crs)
{
    OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
    char *wkt = NULL;

    if (srs && OSRSetFromUserInput(srs, crs) == OGRERR_NONE)
        OSRExportToWkt(srs, &wkt);
    if (srs)
        OSRDestroySpatialReference(srs);
    return wkt;
}

/* Class colours, so a GIS shows the map's classes; 0 is transparent. */
static void colours(GDALRasterBandH band, int nclass)
{
    GDALColorTableH ct = GDALCreateColorTable(GPI_RGB);
    int k;

    for (k = 0; k <= nclass; k++) {
        csm_rgba c = csm_raster_colour(k, nclass);
        GDALColorEntry e = {(short)lround(c.r * 255), (short)lround(c.g * 255),
                            (short)lround(c.b * 255), (short)lround(c.a * 255)};
        GDALSetColorEntry(ct, k, &e);
    }
    GDALSetRasterColorTable(band, ct);
    GDALDestroyColorTable(ct);
}

/* Build the GeoTIFF at the /vsimem/ path 'mem'. */
static int build(const char *mem, const char *path, const csm_raster *r,
                 csm_error *err)
{
    GDALDriverH drv = GDALGetDriverByName("GTiff");
    char **co = NULL;
    GDALDatasetH ds;
    GDALRasterBandH band;
    double gt[6] = {r->x0, r->cell_m, 0, r->y1, 0, -r->cell_m};
    char *wkt = NULL;
    int rc = CSM_OK;

    if (!drv)
        return csm_fail(err, CSM_EIO,
                        "cannot write '%s': GDAL has no "
                        "GeoTIFF driver",
                        path);
    co = CSLSetNameValue(co, "COMPRESS", "DEFLATE");
    ds = GDALCreate(drv, mem, (int)r->nx, (int)r->ny, 1, GDT_Byte, co);
    CSLDestroy(co);
    if (!ds)
        return csm_fail(err, CSM_EIO, "cannot write '%s': %s", path,
                        CPLGetLastErrorMsg());
    band = GDALGetRasterBand(ds, 1);
    GDALSetGeoTransform(ds, gt);
    if (r->crs && !(wkt = wkt_of(r->crs)))
        rc = csm_fail(err, CSM_ECRS, "cannot write '%s': unknown crs '%s'",
                      path, r->crs);
    if (wkt)
        GDALSetProjection(ds, wkt);
    CPLFree(wkt);
    GDALSetRasterNoDataValue(band, 0);
    colours(band, r->nclass);
    if (!rc &&
        GDALRasterIO(band, GF_Write, 0, 0, (int)r->nx, (int)r->ny, r->cls,
                     (int)r->nx, (int)r->ny, GDT_Byte, 0, 0) != CE_None)
        rc = csm_fail(err, CSM_EIO, "cannot write '%s': %s", path,
                      CPLGetLastErrorMsg());
    GDALClose(ds);
    return rc;
}

int csm_write_gtiff(const char *path, const csm_raster *r, csm_error *err)
{
    char mem[64];
    vsi_l_offset len = 0;
    GByte *data;
    csm_buf bytes;
    int rc;

    if (!r->nx || !r->ny || r->nx > 65535 || r->ny > 65535)
        return csm_fail(err, CSM_EDATA,
                        "cannot write '%s': the hotspot "
                        "surface is empty",
                        path);
    /* a name unique to this call: the pointer, not a path or user */
    snprintf(mem, sizeof mem, "/vsimem/csmap-%p.tif", (const void *)r);
    CPLPushErrorHandler(CPLQuietErrorHandler); /* we report, not GDAL */
    rc = build(mem, path, r, err);
    if (!rc && !(data = VSIGetMemFileBuffer(mem, &len, FALSE)))
        rc = csm_fail(err, CSM_EIO, "cannot write '%s'", path);
    if (!rc) {
        bytes.data = data; /* borrowed for the write: not released */
        bytes.len = bytes.cap = (size_t)len;
        rc = csm_write_file(path, &bytes, err);
    }
    VSIUnlink(mem);
    CPLPopErrorHandler();
    return rc;
}
