/* profile.h - private to src/anonymise/: the state csm_anonymise_profiles()
 * shares between counting (profile.c) and protecting (audit.c).
 *
 * A "cell" is one figure of one area: cell = area * nf + figure, where
 * area narea is every area together (the comparator) and figure 0 is all
 * children, then one per category, month and time band. */
#ifndef CSM_ANONYMISE_PROFILE_H
#define CSM_ANONYMISE_PROFILE_H

#include <stdint.h>

#include "anonymise/anonymise.h"

enum { PROF_AUDIT = AGG_SECONDARY + 1 }; /* why: hidden by the audit */

typedef struct prof_ctx {
    const csm_policy *pol;
    size_t narea; /* areas counted; narea itself is "all" */
    size_t ncat, nmonth, nband;
    size_t nf;          /* 1 + ncat + nmonth + nband */
    size_t ncell;       /* (narea + 1) * nf */
    long *exact;        /* distinct subjects per cell */
    long *incid;        /* incidents per cell */
    long *maxrun;       /* the largest subject's incidents per cell */
    long *shown;        /* what may be printed: -1 hidden */
    unsigned char *why; /* enum agg_why, or PROF_AUDIT */
    uint64_t *key;      /* sorted, unique: cell << 32 | subject */
    size_t nkey;
    size_t *start;  /* ncell + 1: each cell's run in key */
    uint64_t *pair; /* a << 32 | b (a < b): areas sharing a
                       location, sorted, unique */
    size_t npair;
    csm_profile_audit audit;
} prof_ctx;

/* The first figure of each group, and the group's size. */
#define PROF_CAT(x) ((size_t)1)
#define PROF_MONTH(x) (1 + (x)->ncat)
#define PROF_BAND(x) (1 + (x)->ncat + (x)->nmonth)

/* member.c: the areas holding a point (they may overlap). */
#define PROF_MAX_MEMBER 64 /* areas one point may lie in */
typedef struct prof_areas prof_areas;
/* Index the polygons of 'areas' (borrowed: keep it unchanged meanwhile;
 * every feature must be a usable polygon: csm_anonymise_area_problem). */
int prof_areas_new(const csm_layer *areas, prof_areas **out, csm_error *err);
void prof_areas_free(prof_areas *pa);
/* The areas holding p, ascending, into in[PROF_MAX_MEMBER]; how many. */
size_t prof_member(const prof_areas *pa, csm_xy p, uint32_t *in);

/* Hide what must be hidden: secondary suppression under every margin
 * (an area's children over its categories, months and bands; all areas'
 * over each figure), then the differencing audit, repeated until nothing
 * changes.  Fills x->audit. */
int prof_protect(prof_ctx *x, csm_error *err);

#endif
