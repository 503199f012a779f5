/* write.h - write stage internals shared by the files of src/write/ only:
 * temporary names, column types and polygon rings for the vector
 * writers.  GDAL and shapelib handles never leave ogr.c and shp.c. */
#ifndef CSM_WRITE_H
#define CSM_WRITE_H

#include "csmap.h"

/* "<stem>.tmp.<pid>[.<n>]" beside stem, such that stem + each of exts
 * (a NULL-terminated list, e.g. ".shp", ".dbf") names no existing file.
 * A new string for the caller to free(), or NULL (errno set). */
char *wr_temp_stem(const char *stem, const char *const *exts);

/* path without its last extension (a new string), or NULL on ENOMEM. */
char *wr_stem(const char *path);

/* 1 when every non-empty value of field f is a whole number that fits in
 * 32 bits, written plainly ("-12", "0"; not "007" or "+3"), and at least
 * one is non-empty: then the field is written as an integer. */
int wr_int_field(const csm_layer *l, size_t f);

/* The geometry type shared by every feature with geometry (NONE when
 * there are none), and in *multi whether any feature needs a multi type
 * (several points, lines or outer rings).  -1: types are mixed. */
int wr_geom_type(const csm_layer *l, int *multi);

/* Which ring of polygon g each ring is a hole of: shell[i] = -1 for an
 * outer ring (even depth in the even-odd nesting), else the index of the
 * innermost ring around it.  shell has g->npart entries. */
void wr_rings(const csm_geom *g, long *shell);

/* Make the renames into a folder survive a crash (best effort). */
void wr_sync_folder(const char *path);

/* fsync the file at 'path'; 0 or -1 with errno. */
int wr_sync_file(const char *path);

int wr_ogr(const char *path, csm_vformat fmt, const csm_layer *layer,
           const csm_write_opts *opt, csm_error *err);
int wr_shp(const char *path, const csm_layer *layer, const csm_write_opts *opt,
           csm_error *err);

#endif
