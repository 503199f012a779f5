/* read.h - read stage internals shared by the files of src/read/ only.
 * GDAL handles never leave this folder: other stages get csm_layer. */
#ifndef CSM_READ_H
#define CSM_READ_H

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "csmap.h"

/* Longest source name we print: paths are cut, connection strings are
 * replaced (see csm_read_shown). */
#define CSM_READ_SHOWN 160

/* How 'path' appears in messages and layer->source: the path itself, or
 * for a PostgreSQL connection string "PG:(connection) dbname=x" (and
 * service=y when given) - never a password or any other option. */
void csm_read_shown(const char *path, char *out, size_t n);

/* GDAL's last error message, fit for a csm_error: one line; the raw path
 * replaced by 'shown'; passwords and any quoted text that is not the path
 * removed, because GDAL quotes field values in some messages. */
void csm_read_gdal_msg(const char *path, const char *shown, char *out,
                       size_t n);

/* Open 'path' read-only as a vector dataset with GDAL open options 'oo'
 * (may be NULL).  A plain path is checked first so a missing file says
 * "cannot open 'x': No such file or directory".  Call under
 * CPLQuietErrorHandler. */
int csm_read_open(const char *path, const char *shown, char **oo,
                  GDALDatasetH *out, csm_error *err);

/* A CRS string for 'srs': "AUTH:code" (usually "EPSG:n") when the CRS is
 * identifiable, else WKT2.  *out is NULL for a NULL srs, otherwise a new
 * string for the caller to free(). */
int csm_read_srs(OGRSpatialReferenceH srs, char **out, csm_error *err);

/* 1 when the data's first axis is the CRS's north/south axis, so x and y
 * must be swapped to put east first. */
int csm_read_srs_swaps(OGRSpatialReferenceH srs);

/* The field names of 'defn', comma separated, cut with ", ..." to fit. */
void csm_read_field_list(OGRFeatureDefnH defn, char *out, size_t n);

/* Scratch space for csm_read_geom, reused across features. */
typedef struct csm_read_scratch {
    csm_xy *pt;
    size_t cap;
} csm_read_scratch;

/* Convert 'g' (any OGR geometry; curves are linearised, Z and M dropped)
 * into 'out', which must be fresh (csm_geom_init).  Empty parts are
 * skipped, so an empty geometry gives out->npart == 0 and no error.  A
 * collection mixing points, lines and polygons is CSM_EDATA; the message
 * has no layer or row (the caller adds them).  On failure 'out' is
 * released. */
int csm_read_geom(OGRGeometryH g, int swap_xy, csm_read_scratch *s,
                  csm_geom *out, csm_error *err);

/* fields.c: resolving the fields a layer carries. */
typedef struct csm_read_fieldctx {
    const char *who;   /* layer name for messages */
    const char *shown; /* source as messages show it */
    int is_csv;        /* "columns" rather than "fields" */
} csm_read_fieldctx;

/* For each opt->fields[i] ("A|B|C": the first the source has, matched
 * ignoring case as GDAL does): its index in 'defn' in (*idx)[i], and the
 * alternative found in (*names)[i] (new strings).  A field the source
 * lacks, or has twice, is CSM_EDATA naming the layer, source and fields.
 * Free with free(*idx) and csm_read_fields_free(*names, opt->nfield). */
int csm_read_fields(const csm_read_fieldctx *fc, OGRFeatureDefnH defn,
                    const csm_read_opts *opt, int **idx, char ***names,
                    csm_error *err);
void csm_read_fields_free(char **names, size_t n);

/* csv.c: a CSV layer 'lyr' must have geometry - from opt->x/y columns
 * that exist, or a WKT column; otherwise CSM_EDATA listing its columns
 * ('path' is reopened to find which of x/y is missing). */
int csm_read_check_csv(const csm_read_fieldctx *fc, const char *path,
                       OGRLayerH lyr, const csm_read_opts *opt,
                       csm_error *err);

/* Field i of 'f' as new UTF-8 text in *out, or NULL when null or empty;
 * dates and times in ISO 8601.  Text that is not UTF-8 is read as
 * Windows-1252 and *recoded is set to 1. */
int csm_read_value(OGRFeatureH f, int i, char **out, int *recoded,
                   csm_error *err);

/* fix.c: when 'g' is an invalid polygon or multipolygon, a new valid
 * polygonal geometry (GEOS make-valid; collapsed parts dropped) for the
 * caller to OGR_G_DestroyGeometry(); NULL when 'g' is valid, not
 * polygonal, or cannot be repaired. */
OGRGeometryH csm_read_fix_polygon(OGRGeometryH g);

#endif
