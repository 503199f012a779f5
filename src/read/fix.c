/* fix.c - read stage: invalid polygons as boundary files really hold them
 * (self-intersecting rings, badly nested holes) made valid with GEOS
 * through OGR, so that fills and point-in-polygon counts are right. */
#include <stddef.h>

#include "read/read.h"

static int is_polygonal(OGRwkbGeometryType t)
{
    t = wkbFlatten(t);
    return t == wkbPolygon || t == wkbMultiPolygon;
}

/* Add every polygon of 'g' (a polygon, multipolygon or collection) to
 * 'multi'; points and lines left by collapsed rings are dropped, as they
 * have no area to draw or to count in. */
static void add_polygons(OGRGeometryH multi, OGRGeometryH g)
{
    OGRwkbGeometryType t = wkbFlatten(OGR_G_GetGeometryType(g));
    int i, n;

    if (t == wkbPolygon) {
        OGR_G_AddGeometry(multi, g);
        return;
    }
    if (t != wkbMultiPolygon && t != wkbGeometryCollection)
        return;
    n = OGR_G_GetGeometryCount(g);
    for (i = 0; i < n; i++)
        add_polygons(multi, OGR_G_GetGeometryRef(g, i));
}

OGRGeometryH csm_read_fix_polygon(OGRGeometryH g)
{
    /* STRUCTURE (GEOS 3.10+) rebuilds areas from the rings' structure
     * and drops collapsed parts; LINEWORK is the fallback elsewhere */
    const char *structure[] = {"METHOD=STRUCTURE", NULL};
    OGRGeometryH valid, multi;

    if (!g || !is_polygonal(OGR_G_GetGeometryType(g)) || OGR_G_IsEmpty(g) ||
        OGR_G_IsValid(g))
        return NULL;
    valid = OGR_G_MakeValidEx(g, (char **)structure);
    if (!valid)
        valid = OGR_G_MakeValid(g);
    if (!valid)
        return NULL;
    if (is_polygonal(OGR_G_GetGeometryType(valid)))
        return valid;
    multi = OGR_G_CreateGeometry(wkbMultiPolygon);
    if (multi)
        add_polygons(multi, valid);
    OGR_G_DestroyGeometry(valid);
    return multi;
}
