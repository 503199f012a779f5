/* spec.h - private to src/spec/: reading YAML with libfyaml and turning
 * its nodes into checked values, with messages that name the file, line,
 * column and key.  libfyaml's types go no further than this folder. */
#ifndef CSM_SPEC_PRIVATE_H
#define CSM_SPEC_PRIVATE_H

#include <libfyaml.h>

#include "csmap.h"

/* Where we are, for messages: the file and the error to fill. */
typedef struct ycx {
    const char *path;
    csm_error *err;
} ycx;

/* Parse 'path' into a document whose root is a mapping.  libfyaml's
 * diagnostics are collected, never printed: a syntax error becomes
 * CSM_EDATA "FILE:LINE:COL: <reason>"; a missing file CSM_EIO. */
int y_load(const char *path, struct fy_document **out, csm_error *err);

/* 1-based line and column of a node: a scalar's own position, a
 * collection's first entry; 'fallback' (may be NULL) when it has none. */
void y_pos(struct fy_node *n, struct fy_node *fallback, int *line, int *col);

/* Fail with CSM_EDATA "FILE:LINE:COL: <fmt...>" at node 'at'. */
int y_fail(const ycx *c, struct fy_node *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The value of 'key' in 'map' (NULL when absent or null); *keyp gets the
 * key node, for messages (NULL when absent). */
struct fy_node *y_get(struct fy_node *map, const char *key,
                      struct fy_node **keyp);

/* 1 when the value is absent or YAML null (empty, ~, null). */
int y_is_null(struct fy_node *v);

/* Every key of 'map' must be in 'keys' (NULL-terminated), or be a symbol
 * key when 'symbols' is set.  A key found in 'nested' (may be NULL) gets
 * the hint "('KEY' belongs under 'NEST')"; otherwise a near miss gets
 * "(did you mean 'KEY'?)".  'where' reads like "in layer 'schools'". */
int y_check_keys(const ycx *c, struct fy_node *map, const char *const *keys,
                 int symbols, const char *const *nested, const char *nest,
                 const char *where);

/* Require 'v' to be a mapping (a sequence, a scalar). */
int y_want_map(const ycx *c, struct fy_node *v, struct fy_node *key,
               const char *name, const char *where);
int y_want_seq(const ycx *c, struct fy_node *v, struct fy_node *key,
               const char *name, const char *where);

/* Typed getters for 'key' of 'map'.  Absent or null: return 0 and leave
 * *out alone (set *found to 0 where there is one).  Wrong type or value:
 * a message naming the key, 'where' and what is allowed. */
int y_str(const ycx *c, struct fy_node *map, const char *key, const char *where,
          char **out);
int y_num(const ycx *c, struct fy_node *map, const char *key, const char *where,
          double lo, double *out, int *found);
int y_bool(const ycx *c, struct fy_node *map, const char *key,
           const char *where, int *out, int *found);
/* One of names[0..n-1]; *out is its index. */
int y_enum(const ycx *c, struct fy_node *map, const char *key,
           const char *where, const char *const *names, int n, int *out,
           int *found);

/* A scalar as a number (no units, finite). */
int y_scalar_num(struct fy_node *v, double *out);

/* Closest name within edit distance 2 (or sharing a 3+ letter prefix),
 * ignoring case; NULL when none is close. */
const char *y_suggest(const char *word, const char *const *names, int n);

/* symbols.c: the symbol keys shared by styles, layer overrides and
 * categories (NULL-terminated), and their reader: sets sym fields and the
 * matching CSM_SET_* bits for every symbol key present in 'map'. */
extern const char *const y_symbol_keys[];
int y_symbol(const ycx *c, struct fy_node *map, const char *where,
             csm_symbol *sym);

/* Read a categories: mapping {VALUE: {label: ..., <symbol keys>}} (or
 * VALUE: CODE, kept in cls->code) into a new array.  'owner' reads like
 * "layer 'x'". */
int y_classes(const ycx *c, struct fy_node *v, struct fy_node *key,
              const char *owner, csm_class **out, size_t *nout);
void y_classes_free(csm_class *cls, size_t n);

/* when.c: a layer's time: and day: fields and its when: {from, to, time,
 * days} filter, checked against the fields the layer names.  safety.c:
 * the safety-map keys areas:, area_id: and rating: (kind safety-map needs
 * areas, rating and subject; other kinds may not have them).  'where'
 * reads "in layer 'x'". */
int y_when(const ycx *c, struct fy_node *m, const char *where,
           csm_layer_spec *ls);
int y_safety(const ycx *c, struct fy_node *m, const char *where,
             csm_layer_spec *ls);

/* layers.c: read the layers: list into s->layer (s->dir set); release one
 * entry's strings and classes. */
int y_layers(const ycx *c, struct fy_node *root, csm_spec *s);
void y_layer_release(csm_layer_spec *ls);

/* protect.c: the point methods' protect: keys (points, catchment,
 * addresses, hotspot, bandwidth_m) of protect map 'v'; ls->protect is
 * already set. */
int y_protect_points(const ycx *c, struct fy_node *v, const char *where,
                     csm_layer_spec *ls);

/* overlays.c: a layer's peer-group keys (size, associations, buffer_m;
 * kind peer-group needs id and associations, other kinds may not have
 * them), and the top-level annotations: list (after the layers, whose
 * names it must use); free the list. */
int y_peer_group(const ycx *c, struct fy_node *m, const char *dir,
                 const char *where, csm_layer_spec *ls);
int y_annotations(const ycx *c, struct fy_node *root, csm_spec *s);
void y_annotations_free(csm_spec *s);
/* overlays.c: a layer's accept_warnings: {FIELD: [names, vehicles]}
 * (after its fields and route keys: FIELD must be its label, category,
 * from or to); a blocking kind is refused by name.  Release it. */
int y_accept_layer(const ycx *c, struct fy_node *m, const char *where,
                   csm_layer_spec *ls);
void y_accept_release(csm_layer_spec *ls);

/* atlaskeys.c: the top-level atlas: mapping into s->atlas (after the
 * layers, whose names it checks); release it. */
int y_atlas(const ycx *c, struct fy_node *root, csm_spec *s);
void y_atlas_free(csm_spec *s);

/* compare.c: the top-level compare: mapping and panels: key (after the
 * layers, whose names compare's layer: must use); release them. */
int y_compare(const ycx *c, struct fy_node *root, csm_spec *s);
void y_compare_free(csm_spec *s);

/* routekeys.c: a layer's route keys (stops, hubs, follow, weight, from,
 * to; kind route only; stops needs hubs); release them. */
int y_route(const ycx *c, struct fy_node *m, const char *where,
            csm_layer_spec *ls);
void y_route_release(csm_layer_spec *ls);

/* layers.c: check a layer definition's keys (use.c) as a layer's would
 * be read; 'name' is the definition's name, for messages. */
int y_layer_check(const ycx *c, struct fy_node *m, const char *name,
                  const char *where);

/* use.c: when layer mapping 'm' has `use: NAME`, load the definition
 * csm_data_dir()/layers/NAME.yaml, check it (its errors name its own file)
 * and copy into 'm' every key it gives that 'm' does not (a layer's own
 * x/y/lon/lat drop the definition's x/y/lon/lat/crs).  An unknown NAME
 * is an error at the use: value, with a "did you mean". */
int y_use(const ycx *c, struct fy_node *m, const char *where);

/* sources.c: refuse a source holding a password (password=, pwd= or
 * user:secret@ in a URI), without repeating the source. */
int y_source_check(const ycx *c, struct fy_node *at, const char *source,
                   const char *where);
/* sources.c: a field-name key given as one name or a list of
 * alternatives, stored joined by '|' ("WD22NM|WD13NM"); as y_str
 * otherwise. */
int y_field(const ycx *c, struct fy_node *map, const char *key,
            const char *where, char **out);

/* Join 'rel' to 'dir' unless it is absolute, PG:..., or a URL; a new
 * string, NULL on ENOMEM. */
char *y_resolve(const char *dir, const char *rel);

#endif
