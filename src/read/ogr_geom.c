/* ogr_geom.c - read stage: OGR geometries into plain csm_geom (points,
 * lines or polygon rings; curves linearised; Z and M dropped). */
#include <stdlib.h>

#include "read/read.h"

static const char *kind_name(csm_geom_type t)
{
    return t == CSM_GEOM_POINT  ? "points"
           : t == CSM_GEOM_LINE ? "lines"
                                : "polygons";
}

/* Every part of one geometry must be of one kind: the model draws a
 * feature as points, lines or polygons, never a mixture. */
static int set_kind(csm_geom *out, csm_geom_type t, csm_error *err)
{
    if (out->type == CSM_GEOM_NONE || out->type == t) {
        out->type = t;
        return CSM_OK;
    }
    return csm_fail(err, CSM_EDATA, "geometry collection mixes %s and %s",
                    kind_name(out->type), kind_name(t));
}

static int reserve(csm_read_scratch *s, size_t n, csm_error *err)
{
    csm_xy *p;
    size_t cap = s->cap ? s->cap : 256;

    if (n <= s->cap)
        return CSM_OK;
    while (cap < n)
        cap *= 2;
    if (!(p = realloc(s->pt, cap * sizeof *p)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    s->pt = p;
    s->cap = cap;
    return CSM_OK;
}

/* One point, line string or ring as one part; empty ones are skipped. */
static int add_simple(OGRGeometryH g, csm_geom_type t, int swap,
                      csm_read_scratch *s, csm_geom *out, csm_error *err)
{
    int n = OGR_G_GetPointCount(g), i, rc;

    if (n <= 0 || OGR_G_IsEmpty(g))
        return CSM_OK;
    if ((rc = set_kind(out, t, err)) || (rc = reserve(s, (size_t)n, err)))
        return rc;
    OGR_G_GetPoints(g, &s->pt[0].x, (int)sizeof(csm_xy), &s->pt[0].y,
                    (int)sizeof(csm_xy), NULL, 0);
    if (swap)
        for (i = 0; i < n; i++) {
            double x = s->pt[i].x;
            s->pt[i].x = s->pt[i].y;
            s->pt[i].y = x;
        }
    return csm_geom_add_part(out, s->pt, (size_t)n, err);
}

static int add_geom(OGRGeometryH g, int swap, csm_read_scratch *s,
                    csm_geom *out, csm_error *err)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int i, n, rc = CSM_OK;

    switch (t) {
    case wkbPoint:
        return add_simple(g, CSM_GEOM_POINT, swap, s, out, err);
    case wkbLineString:
    case wkbLinearRing:
        return add_simple(g, CSM_GEOM_LINE, swap, s, out, err);
    case wkbPolygon:
    case wkbTriangle:
        n = OGR_G_GetGeometryCount(g); /* rings */
        for (i = 0; i < n && !rc; i++)
            rc = add_simple(OGR_G_GetGeometryRef(g, i), CSM_GEOM_POLYGON, swap,
                            s, out, err);
        return rc;
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
    case wkbPolyhedralSurface:
    case wkbTIN:
        n = OGR_G_GetGeometryCount(g);
        for (i = 0; i < n && !rc; i++)
            rc = add_geom(OGR_G_GetGeometryRef(g, i), swap, s, out, err);
        return rc;
    default:
        return csm_fail(err, CSM_EDATA, "unsupported geometry type %s",
                        OGRGeometryTypeToName(t));
    }
}

int csm_read_geom(OGRGeometryH g, int swap_xy, csm_read_scratch *s,
                  csm_geom *out, csm_error *err)
{
    OGRGeometryH lin = NULL;
    int rc;

    csm_geom_init(out, CSM_GEOM_NONE);
    if (!g)
        return CSM_OK;
    if (OGR_G_HasCurveGeometry(g, 0)) {
        /* curve types (even holding only straight parts) become linear ones;
         * arcs get vertices about 4 degrees apart (GDAL's default) */
        if (!(lin = OGR_G_GetLinearGeometry(g, 0.0, NULL)))
            return csm_fail(err, CSM_EDATA, "cannot linearise a curve");
        g = lin;
    }
    rc = add_geom(g, swap_xy, s, out, err);
    if (lin)
        OGR_G_DestroyGeometry(lin);
    if (rc)
        csm_geom_release(out);
    return rc;
}
