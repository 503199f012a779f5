/* pack.h - `csmap pack`: what its files share.  The steps:
 *
 *   place    (pack_site.c)  --place LAYER:ID checked against the spec,
 *                           then the site found among the layers read
 *   load     (cmd_pack.c)   every layer as `csmap render` has it
 *   figures  (pack_figs.c)  the area holding the site: the counted layer
 *                           read again as rows, counted and audited over
 *                           the whole coverage layer (as an atlas does)
 *   pages    (cmd_pack.c)   cover, site map, time of day, figures, notes
 *                           as one PDF, written atomically, and its record
 */
#ifndef CSM_CLI_PACK_H
#define CSM_CLI_PACK_H

#include "figures.h"

#define PACK_RADIUS_M 300.0 /* the surroundings, when --radius is not given */

typedef struct pack_opt {
    const char *spec, *output, *place, *style, *date, *key;
    double radius_m;
} pack_opt;

typedef struct pack {
    const pack_opt *opt;
    csm_spec *spec;
    csm_style *style;
    csm_layer **layers;     /* the map's layers, protected as render does */
    csm_prov_layer *pstats; /* per spec layer, for the sidecar */
    csm_policy pol;
    /* the site */
    char *place_layer, *place_id; /* --place, split */
    size_t li, fi;                /* its layer and feature */
    char *site_name;              /* its label, else its id */
    /* the figures (pack_figs.c); figs 0: none, 'why' says why */
    int figs;
    const char *why;
    size_t ci, by, area; /* counted layer, coverage layer, its feature */
    char *area_name;
    csm_profiles *prof;
    double population, whole_pop; /* for rates, as the atlas's; 0: none */
    int map_counts; /* 1: the map's counts of the counted layer are the
                       figures' own (area method over the same areas) */
    char **cat_label, **band_label; /* prof->ncat, prof->nband */
    char period[96];
    char *comparator;
    char *statement; /* the pack's: the figures' clause, then the map's */
    /* the time-of-day page (pack_pages.c): made or not, its counts the
     * figures' own or each band's, areas not shown per band */
    int panels, band_counts;
    size_t band_hidden[CLI_NBAND];
} pack;

/* pack_site.c.  Before reading: --place's layer is one of the spec's, a
 * public place with an id or label field.  After: the site's feature
 * (P->fi) and name; a line, or an id no feature has, is an error naming
 * the spec, the layer and what to fix. */
int pack_place_check(pack *P, csm_error *err);
int pack_place_find(pack *P, csm_error *err);

/* pack_figs.c.  Pick the counted and coverage layers, find the area
 * holding the site, count and audit; P->figs stays 0 (with P->why) when
 * the spec has nothing to count or the site lies in no area.  The rates
 * per 1,000 are the atlas's: atlas: population on the coverage layer
 * (when atlas: by names it, or names none), summed for the comparator
 * over every area as the atlas sums it.  When the
 * map draws the counted layer as counts per the same areas, its counts
 * become the figures' own (so no page shows a count another hides). */
int pack_figures(pack *P, csm_error *err);
void pack_figures_release(pack *P);
/* cli_panels_opts.adjust for the time-of-day page: when the map's counts
 * are the figures' own (P->map_counts) and the figures have bands, band
 * 'band' of the counted layer is drawn from the figures' audited value
 * per area and band, so no page shows a count another hides.  arg is
 * the pack. */
int pack_band_counts(void *arg, csm_band band, cli_variant *v, csm_error *err);

/* pack_pages.c: the pages in order into page[0..*n-1] (at most max), each
 * for the caller to csm_page_free() (also after a failure); sets
 * P->panels, P->band_counts and P->band_hidden for the record. */
int pack_pages(pack *P, const char *date, csm_page **page, size_t max,
               size_t *n, csm_error *err);

#endif
