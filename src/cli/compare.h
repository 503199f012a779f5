/* compare.h - the tool's period comparison, private to compare.c and
 * change_rows.c: the change between the first and last period of each
 * cell (area or grid cell) of the compared layer, as a layer for the
 * change map and as the change table's rows. */
#ifndef CSM_CLI_COMPARE_H
#define CSM_CLI_COMPARE_H

#include "cli.h"

/* One cell of the compared layer (an area, or a grid cell) across the
 * periods. */
typedef struct ccell {
    const csm_feature *ft;   /* its geometry, from the first period having it */
    csm_xy key;              /* grid cells: the centre of its box */
    char *name;              /* table text */
    long v[CSM_MAX_PERIODS]; /* shown value; -1 not shown */
} ccell;

typedef struct change {
    ccell *cell;
    size_t n;
    size_t np;
    int li;   /* the compared layer */
    int area; /* 1: area method (cells in the areas' order) */
    long base, min;
} change;

/* The table with the strings it owns. */
typedef struct ctable {
    csm_table t;
    char **text;
    size_t ntext;
} ctable;

/* "Jan–Mar 2026", "Nov 2025–Jan 2026", "Feb 2026". */
void compare_period_head(const csm_period *p, char *buf, size_t n);
/* The shown values of every cell of layer li in every period v[0..np-1]
 * (read from the protected layers' "children": never a raw count). */
int compare_gather(change *ch, const cli_variant *v, size_t np, int li,
                   csm_error *err);
void compare_change_free(change *ch);
/* Layer spec ls (a shallow copy) made the change layer's: its name,
 * fields, legend "Change ... from to to" and classes, new strings that
 * compare_classes_free frees. */
int compare_classes(csm_layer_spec *ls, const change *ch, const char *from,
                    const char *to, csm_error *err);
void compare_classes_free(csm_layer_spec *ls);
/* The change from period a to b of every cell, as polygons with fields
 * "change" (class) and "label" ("+10"; none where not shown). */
int compare_layer(const change *ch, size_t a, size_t b, csm_layer **out,
                  csm_error *err);
/* The change table: area, each period, change (first to last). */
int compare_table(ctable *ct, const change *ch, const csm_period *per,
                  csm_error *err);
void compare_table_free(ctable *ct);

#endif
