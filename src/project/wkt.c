/* wkt.c - project: a CRS as the WKT a Shapefile's .prj carries.  ESRI
 * WKT is what ArcGIS reads; GDAL and QGIS read it too.  A PROJ context
 * lives only inside the call (STYLE.md section 5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <proj.h>

#include "csmap.h"

/* PROJ's last error goes here instead of stderr: libcsmap never prints. */
static void quiet(void *data, int level, const char *msg)
{
    (void)data;
    (void)level;
    (void)msg;
}

/* A PROJ string without +type=crs is an operation, not a CRS. */
static PJ *crs_from(PJ_CONTEXT *ctx, const char *crs)
{
    char *tmp = NULL;
    PJ *p;

    if (crs[0] == '+' && !strstr(crs, "+type=crs")) {
        size_t n = strlen(crs) + sizeof " +type=crs";
        if (!(tmp = malloc(n)))
            return NULL;
        snprintf(tmp, n, "%s +type=crs", crs);
        crs = tmp;
    }
    p = proj_create(ctx, crs);
    free(tmp);
    if (p && !proj_is_crs(p)) {
        proj_destroy(p);
        p = NULL;
    }
    return p;
}

int csm_project_wkt(const char *crs, char **out, csm_error *err)
{
    const char *const opts[] = {"MULTILINE=NO", NULL};
    PJ_CONTEXT *ctx;
    PJ *pj = NULL;
    const char *wkt = NULL;
    int rc = CSM_OK;

    *out = NULL;
    if (!(ctx = proj_context_create()))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    proj_log_func(ctx, NULL, quiet);
    pj = crs_from(ctx, crs);
    if (pj) {
        wkt = proj_as_wkt(ctx, pj, PJ_WKT1_ESRI, opts);
        if (!wkt) /* no ESRI name for it: GDAL's WKT1 is read everywhere */
            wkt = proj_as_wkt(ctx, pj, PJ_WKT1_GDAL, opts);
    }
    if (!wkt)
        rc = csm_fail(err, CSM_ECRS, "cannot write CRS '%.60s%s' as WKT", crs,
                      strlen(crs) > 60 ? "..." : "");
    else if (!(*out = csm_strdup(wkt)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    proj_destroy(pj);
    proj_context_destroy(ctx);
    return rc;
}
