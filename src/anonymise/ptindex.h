/* ptindex.h - private to src/anonymise/: a uniform-grid index of points,
 * for the point methods' neighbour questions (nearest snap point, addresses
 * nearer than a distance, subjects within a bandwidth). */
#ifndef CSM_PTINDEX_H
#define CSM_PTINDEX_H

#include "csmap.h"

typedef struct pt_index pt_index;

/* Index p[0..n-1] (borrowed: keep it unchanged while the index lives) in
 * square buckets of about cell_m (0: chosen so a bucket holds a few
 * points).  Points must be finite. */
int pt_index_new(const csm_xy *p, size_t n, double cell_m, pt_index **out,
                 csm_error *err);
void pt_index_free(pt_index *ix);

/* The point nearest q no farther than max_d (inclusive), the lowest index
 * among equals; -1 when there is none.  *d (optional) gets its distance. */
long pt_index_nearest(const pt_index *ix, csm_xy q, double max_d, double *d);

/* Called for each point i strictly within the radius, with its squared
 * distance; a non-zero return stops the walk. */
typedef int (*pt_visit_fn)(void *arg, size_t i, double d2);

/* Visit every point whose squared distance to q is below r2, bucket by
 * bucket (a fixed order).  Returns what stopped it, or 0. */
int pt_index_within(const pt_index *ix, csm_xy q, double r2, pt_visit_fn fn,
                    void *arg);

/* How many points lie strictly closer to q than sqrt(r2). */
size_t pt_index_count_within(const pt_index *ix, csm_xy q, double r2);

#endif
