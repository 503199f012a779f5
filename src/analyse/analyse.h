/* analyse.h - private to src/analyse/: helpers shared by the peer-group
 * files.  No GDAL here: only geos.c includes OGR's headers. */
#ifndef CSM_ANALYSE_H
#define CSM_ANALYSE_H

#include "csmap.h"

/* The vocabulary code (a static string) that token[0..len-1] names,
 * ignoring case; NULL when it names none. */
const char *analyse_code(const char *token, size_t len);

/* Codes separated by , ; / | or spaces -> "CCE, CL" in vocabulary order,
 * each once, in out (n bytes).  -1 when a token is not a code. */
int analyse_codes(const char *value, char *out, size_t n);

/* Add the codes of 'more' to the list 'codes' (as analyse_codes wrote
 * it); -1 when a token of 'more' is not a code. */
int analyse_codes_merge(char *codes, size_t n, const char *more);

/* ---- groups.c: the groups and associations tables ------------------ */

typedef struct pg_group {
    const char *id;   /* borrowed from the table: for matching only */
    long row;         /* its first row, for messages */
    const char *band; /* csm_analyse_size_band's, or NULL */
    char codes[64];   /* "CCE, CL" or "" */
    int label;        /* per-map label number, -1 while it has no place */
} pg_group;

typedef struct pg_link { /* one association: a group at a place */
    size_t group, layer, feat;
    size_t tab; /* index in the associations table */
    long row;   /* its row, for messages */
} pg_link;

typedef struct pg_ctx {
    const csm_spec *spec;
    const csm_layer_spec *ls; /* the peer-group layer, spec->layer[li] */
    size_t li;
    csm_layer *const *layers;
    const csm_layer *groups, *assoc;
    pg_group *g; /* in table order (first row) */
    size_t ng;
    size_t *by_id; /* group indexes sorted by id, for binary search */
    pg_link *a;
    size_t na;
    csm_error *err;
} pg_ctx;

/* Steps, in order; each fails with a message naming rows, never values.
 * read_groups fills g, read_links a (group and layer of each row),
 * number_groups labels groups that have a place in table order, and
 * resolve_links finds each place and refuses sensitive ones. */
int analyse_read_groups(pg_ctx *p);
int analyse_read_links(pg_ctx *p);
void analyse_number_groups(pg_ctx *p);
int analyse_resolve_links(pg_ctx *p);

#endif
