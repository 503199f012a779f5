/* anonymise.h - private to src/anonymise/: the counting engine shared by
 * area and grid aggregation, the area spatial index, subject interning and
 * a radix sort.  Tests include it to check internals against brute force. */
#ifndef CSM_ANONYMISE_H
#define CSM_ANONYMISE_H

#include <stdint.h>

#include "csmap.h"

#define AGG_NONE UINT32_MAX /* record without category / outside */

/* Sort n 64-bit keys ascending (LSD radix, 16-bit digits). */
int sort_u64(uint64_t *a, size_t n, csm_error *err);

/* Dense ids for the distinct non-empty values of field f: id[i] for
 * feature i.  *nid gets the number of distinct values.  'what' names the
 * field's role for the message on an empty value, e.g. "a subject id".
 * When 'unique', a repeated value is an error.  *rep (optional) gets, per
 * id, the index of the first feature holding it. */
int intern_field(const csm_layer *l, int f, const char *what, int unique,
                 uint32_t **id, size_t *nid, size_t **rep, csm_error *err);

/* ---- the counting engine -------------------------------------------- */

enum agg_why {
    AGG_SHOWN = 0, /* a count (0 or >= min) */
    AGG_SMALL,     /* 1..min-1 subjects */
    AGG_DOMINANT,  /* one subject has more than the dominance share */
    AGG_SECONDARY  /* suppressed to protect another */
};

/* One located incident: its cell, subject and category (AGG_NONE). */
typedef struct agg_in {
    size_t n;
    const uint32_t *cell;
    const uint32_t *subj;
    const uint32_t *cat; /* NULL: no categories */
    const uint32_t *loc; /* counting records: each one's location, the
                            contributor the dominance rule weighs; NULL:
                            the subject is */
    size_t ncell, ncat, nsubj, nloc;
} agg_in;

typedef struct agg_res {
    size_t ncell, ncat;
    long *exact;             /* ncell: distinct subjects */
    long *shown;             /* ncell: what the map shows, -1 suppressed */
    unsigned char *why;      /* ncell: enum agg_why */
    long *cat_exact;         /* ncell * ncat */
    long *cat_shown;         /* ncell * ncat, -1 suppressed */
    unsigned char *cat_why;  /* ncell * ncat */
    unsigned char *cat_used; /* ncat: shown in at least one cell */
    long total_exact;        /* distinct subjects over all cells */
    long total_shown;        /* -1 suppressed */
} agg_res;

/* Apply the policy's rules (see csm_anonymise_areas) to 'in'. */
int agg_count(const agg_in *in, const csm_policy *pol, agg_res *res,
              csm_error *err);
void agg_res_release(agg_res *res);

/* Secondary suppression over n cells under one shown margin: while
 * exactly one cell is hidden, or the hidden ones are all ones, suppress
 * the smallest shown (> 0) cell.  visible (NULL: all) marks the cells a
 * reader sees as blanks; the others are pooled into one hidden cell,
 * safe alone when it holds pool_min or more.  Returns 1 when only
 * suppressing the margin itself protects them. */
int agg_secondary(const long *exact, long *shown, unsigned char *why,
                  const unsigned char *visible, long pool_min, size_t n);

/* Fill stats from res (cells, shown, zero, suppressed, secondary, ...). */
void agg_stats(const agg_res *res, csm_agg_stats *stats);

/* The cell of each of n vertices into cell[] (AGG_NONE: outside every
 * cell), and the number of cells into *ncell. */
typedef int (*agg_locate_fn)(void *ctx, const csm_xy *v, size_t n,
                             uint32_t *cell, size_t *ncell, csm_error *err);
/* What areas and grid share: the subjects of 'points', their categories
 * (*catname and *ncat, for agg_layer; free with agg_free_names), each
 * vertex's cell by 'locate', the records in cells, then agg_count into
 * res (for the caller to release, also after a failure) and the stats
 * into st (st->subjects too). */
int agg_tally(const csm_layer *points, const csm_agg_opts *opts,
              const csm_policy *pol, agg_locate_fn locate, void *ctx,
              agg_res *res, char ***catname, size_t *ncat, csm_agg_stats *st,
              csm_error *err);

/* Field values for cell c: "children", "band", then one per used
 * category (in index order).  val must have room for 2 + used cats. */
int agg_values(const agg_res *res, size_t c, const csm_policy *pol, char **val,
               csm_error *err);

/* Categories of field f of 'points' as dense ids sorted by code (AGG_NONE
 * when empty); *names gets the codes, trimmed, as first written (free with
 * agg_free_names).  At most 64 codes of at most 40 characters. */
int intern_categories(const csm_layer *points, int f, uint32_t **id,
                      size_t *ncat, char ***names, csm_error *err);
void agg_free_names(char **names, size_t n);

/* Every vertex of the point features in order, checked (points only,
 * finite); *n gets their number.  Fills stats->rows, points and empty. */
int agg_vertices(const csm_layer *points, csm_xy **out, size_t *n,
                 csm_agg_stats *stats, csm_error *err);
/* Records for agg_count: vertex v (in agg_vertices order) is in cell
 * vcell[v] (AGG_NONE: outside, counted in stats->outside), with its
 * feature's subject and category. */
int agg_collect(const csm_layer *points, const uint32_t *subj,
                const uint32_t *cat, const uint32_t *vcell, uint32_t **cell_out,
                uint32_t **subj_out, uint32_t **cat_out, size_t *n_out,
                csm_agg_stats *stats, csm_error *err);

/* records.c: the subject of each feature of 'points' - a dense id of its
 * subject field, or with opts->count_records its own row (*nsubj = n) -
 * and, counting records, a dense id of its location in *loc (else NULL;
 * *nloc distinct locations). */
int agg_subjects(const csm_layer *points, const csm_agg_opts *opts,
                 uint32_t **subj, size_t *nsubj, uint32_t **loc, size_t *nloc,
                 csm_error *err);
/* The locations of the records agg_collect keeps, in its order (*out
 * NULL when loc is). */
int agg_collect_loc(const csm_layer *points, const uint32_t *loc,
                    const uint32_t *vcell, uint32_t **out, csm_error *err);

/* Shared set-up and output fields for areas and grid. */
int agg_check(const csm_layer *points, const csm_agg_opts *opts,
              const csm_policy *pol, csm_error *err);
/* A new empty output layer: [id_field], "children", "band", used cats. */
int agg_layer(const char *name, const char *id_field, const agg_res *res,
              char *const *catname, csm_layer **out, csm_error *err);
/* Append cell c's feature; takes ownership of *geom even on failure. */
int agg_add(csm_layer *out, csm_geom *geom, int has_id, const char *id,
            const agg_res *res, size_t c, const csm_policy *pol, long row,
            csm_error *err);

/* ---- the area index ------------------------------------------------- */

typedef struct area_index area_index;

/* Index the polygons of 'areas' (borrowed: keep it unchanged while the
 * index lives).  Non-polygon features are an error naming the row. */
int area_index_new(const csm_layer *areas, area_index **out, csm_error *err);
void area_index_free(area_index *ix);
/* The first feature (in layer order) whose polygon contains p, or -1.
 * Same answer as csm_geom_contains over the features in order. */
long area_index_find(const area_index *ix, csm_xy p);
/* csm_geom_contains(areas feature 'i', p), through the index. */
int area_index_contains(const area_index *ix, size_t i, csm_xy p);
/* A permutation of n points (n < 2^32) in the index's grid-cell order:
 * looking points up in it keeps their polygons in the cache. */
int area_index_order(const area_index *ix, const csm_xy *p, size_t n,
                     size_t *order, csm_error *err);
/* area_index_find for n points (AGG_NONE: none), in grid order. */
int area_index_find_all(const area_index *ix, const csm_xy *p, size_t n,
                        uint32_t *out, csm_error *err);

/* ---- spatial k (kcheck.c) ------------------------------------------ */

/* For donut masking: the spatial k of every feature i of l not yet
 * dropped, its true point l->feat[i] and released point moved[i], against
 * 'addresses'; sets drop[i] = 2 where k < floor_k.  Summary of the k
 * checked (before the drop) in *sum. */
int kcheck_drop(const csm_layer *addresses, const csm_layer *l,
                const csm_xy *moved, unsigned char *drop, long floor_k,
                csm_k_summary *sum, csm_error *err);

/* ---- dates (month.c) ------------------------------------------------ */

/* Month 1..12 when s starts with a month's name, its first three letters
 * or "Sept" (any case), with its length in *len; else 0. */
int month_name(const char *s, size_t *len);
int days_in_month(int year, int month);

/* ---- personal data (pii.c) ------------------------------------------ */

/* What personal data 's' looks like it holds ("a full postcode"), or
 * NULL.  Day-precision dates are looked for only when day_dates. */
const char *pii_find(const char *s, int day_dates);
/* The same with only the detectors of real identifiers (NHS number,
 * NINO, UPN, phone, e-mail), for pseudonymous-id fields. */
const char *pii_find_ident(const char *s);

/* ---- free-text hints (hints.c, gazetteer.c) ------------------------- */

/* A word of free text: s[0..n-1], not terminated. */
typedef struct hint_word {
    const char *s;
    size_t n;
} hint_word;
/* The words of t, at most max: an ASCII letter, then letters,
 * apostrophes, hyphens or non-ASCII bytes.  Returns how many. */
size_t hint_split(const char *t, hint_word *w, size_t max);
/* Lower-cased copy of w in buf, less a trailing "'s"; 0 when it does not
 * fit in cap bytes. */
int hint_lower(hint_word w, char *buf, size_t cap);
/* 1 when a (b.s NULL) is a one-word place name of g, or a then b are two
 * adjacent words of one; g may be NULL (0). */
int gazetteer_has(const csm_gazetteer *g, hint_word a, hint_word b);

/* ---- grid cells ----------------------------------------------------- */

/* The cell of p: integer column/row (square) or axial q/r (hex). */
void grid_cell(csm_xy p, double cell_m, int hex, long *i, long *j);
/* Closed ring of the cell (5 points for squares, 7 for hexagons). */
size_t grid_ring(long i, long j, double cell_m, int hex, csm_xy *ring);
/* Hexagon circumradius for cell_m (same area as a cell_m square). */
double grid_hex_radius(double cell_m);

#endif
