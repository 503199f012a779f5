/* geos.c - stage 6's geometry operations, GEOS through OGR: the soft hull
 * drawn round the places a peer group uses.  OGR handles live and die in
 * each function; only csm_geom crosses the boundary. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <cpl_error.h>
#include <ogr_api.h>

#include "csmap.h"

/* Segments per quarter circle of a buffer: 8 looks round on paper at any
 * scale a map uses, and keeps a hull under a few hundred vertices. */
#define QUADSEGS 8

static int ogr_fail(csm_error *err, const char *what)
{
    const char *msg = CPLGetLastErrorMsg();

    return csm_fail(err, CSM_EDATA, "cannot build %s: %s", what,
                    msg && *msg ? msg : "GEOS failed");
}

/* Every vertex of every geometry, as one multipoint: the convex hull of
 * the vertices is the hull of the shapes. */
static OGRGeometryH vertices(const csm_geom *geoms, size_t n)
{
    OGRGeometryH mp = OGR_G_CreateGeometry(wkbMultiPoint);
    size_t i, j;

    for (i = 0; mp && i < n; i++)
        for (j = 0; j < geoms[i].npt; j++) {
            OGRGeometryH p = OGR_G_CreateGeometry(wkbPoint);
            if (!p) {
                OGR_G_DestroyGeometry(mp);
                return NULL;
            }
            OGR_G_SetPoint_2D(p, 0, geoms[i].pt[j].x, geoms[i].pt[j].y);
            OGR_G_AddGeometryDirectly(mp, p);
        }
    return mp;
}

static int add_ring(OGRGeometryH ring, csm_geom *out, csm_error *err)
{
    int i, n = OGR_G_GetPointCount(ring);
    csm_xy *pt;
    int rc;

    if (n < 4)
        return CSM_OK; /* a collapsed ring draws nothing */
    if (!(pt = malloc((size_t)n * sizeof *pt)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n; i++) {
        pt[i].x = OGR_G_GetX(ring, i);
        pt[i].y = OGR_G_GetY(ring, i);
    }
    rc = csm_geom_add_part(out, pt, (size_t)n, err);
    free(pt);
    return rc;
}

/* A polygon or multipolygon's rings into out (even-odd, as csm_geom). */
static int from_ogr(OGRGeometryH g, csm_geom *out, csm_error *err)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int i, rc = CSM_OK;

    if (t == wkbPolygon) {
        for (i = 0; i < OGR_G_GetGeometryCount(g) && !rc; i++)
            rc = add_ring(OGR_G_GetGeometryRef(g, i), out, err);
        return rc;
    }
    if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (i = 0; i < OGR_G_GetGeometryCount(g) && !rc; i++)
            rc = from_ogr(OGR_G_GetGeometryRef(g, i), out, err);
        return rc;
    }
    return CSM_OK; /* points or lines left over: nothing to fill */
}

int csm_analyse_hull(const csm_geom *geoms, size_t n, double buffer_m,
                     csm_geom *out, csm_error *err)
{
    OGRGeometryH mp = NULL, hull = NULL, soft = NULL;
    int rc = CSM_OK;

    assert(out && (geoms || n == 0));
    csm_geom_init(out, CSM_GEOM_POLYGON);
    CPLPushErrorHandler(CPLQuietErrorHandler);
    CPLErrorReset();
    if (!(mp = vertices(geoms, n)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else if (OGR_G_IsEmpty(mp))
        rc = csm_fail(err, CSM_EDATA, "cannot build a hull: no places");
    else if (!(hull = OGR_G_ConvexHull(mp)))
        rc = ogr_fail(err, "a convex hull");
    /* one place gives a point, two a line: the buffer rounds them all */
    else if (!(soft = OGR_G_Buffer(hull, buffer_m > 0.0 ? buffer_m : 0.0,
                                   QUADSEGS)))
        rc = ogr_fail(err, "a buffer");
    else
        rc = from_ogr(soft, out, err);
    if (!rc && out->npart == 0)
        rc = csm_fail(err, CSM_EDATA,
                      "cannot build a hull: the places have no area (give "
                      "buffer_m above 0)");
    if (rc)
        csm_geom_release(out);
    if (rc)
        csm_geom_init(out, CSM_GEOM_POLYGON);
    OGR_G_DestroyGeometry(soft);
    OGR_G_DestroyGeometry(hull);
    OGR_G_DestroyGeometry(mp);
    CPLPopErrorHandler();
    return rc;
}
