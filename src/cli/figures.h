/* figures.h - the protected figures of every area of a coverage layer,
 * counted and audited at once by csm_anonymise_profiles, as `csmap atlas`
 * (atlas_load.c, atlas_areas.c) and `csmap pack` (pack_figs.c) both print
 * them: one code, so an atlas and a pack of the same data show the same
 * figures for an area (no new difference to subtract). */
#ifndef CSM_CLI_FIGURES_H
#define CSM_CLI_FIGURES_H

#include "cli.h"

/* Layer ls of 'spec' read from its source with only the fields f[0..nf-1]
 * and the filter 'where', projected to the spec's crs; errors say where
 * in the spec the layer is declared (*out NULL). */
int cli_figures_read(const csm_spec *spec, const csm_layer_spec *ls,
                     const char *where, const char *const *f, size_t nf,
                     csm_layer **out, csm_error *err);
/* Field 'field' of l ("after school", "After-School", "16:40") made a
 * band name, or empty when it is none; field < 0 does nothing. */
int cli_figures_bands(csm_layer *l, int field, csm_error *err);
/* The figures of 'rows' (layer ls of spec, scanned, months, bands) over
 * every area of cov: harm codes in vocabulary order, bands in the day's;
 * distinct subjects, or rows when count_records. */
int cli_figures_count(const csm_spec *spec, const csm_layer_spec *ls,
                      const csm_layer *rows, const csm_layer *cov,
                      const csm_policy *pol, int count_records,
                      csm_profiles **out, csm_error *err);
/* A counts layer like the area method's (fields "children" and "band")
 * called 'name', with the figures' shown value per area of cov: its
 * children (band -1), its children in band 'band' of the figures, or
 * none_v in every area (band -2); ps gets its cells. */
int cli_figures_layer(const char *name, const csm_layer *cov,
                      const csm_profiles *prof, int band, long none_v,
                      const csm_policy *pol, csm_prov_layer *ps,
                      csm_layer **out, csm_error *err);
/* The names of the figures' codes (ls's or the style's class label, else
 * the harm vocabulary's, else the code) and bands: new arrays of
 * prof->ncat and prof->nband strings, for the caller to free (also after
 * a failure). */
int cli_figures_labels(const csm_style *style, const csm_layer_spec *ls,
                       const csm_profiles *prof, char ***cat_label,
                       char ***band_label, csm_error *err);
/* The all-areas column's heading: atlas: comparator, else "All " and the
 * coverage layer's legend or name ("All neighbourhoods"); a new string,
 * NULL on ENOMEM. */
char *cli_figures_comparator(const csm_spec *spec, const csm_layer_spec *cov);
/* 1 when a layer other than the counted one (ci) is protected, so the
 * spec's statement has something to say beside the figures'. */
int cli_figures_others(const csm_spec *spec, size_t ci);
/* Rates per 1,000, as the atlas prints them.  Area k's population: field
 * fp of cov as a positive number, else 0 (fp < 0: none). */
double cli_figures_population(const csm_layer *cov, size_t k, int fp);
/* All areas' population together, for the comparator's rate: the sum
 * over every area of cov that can be drawn, in order, or 0 when any of
 * them has none. */
double cli_figures_whole_population(const csm_layer *cov, int fp);
/* A profile page's rate fields: area population pop, all areas' whole
 * (no rate at all when whole <= 0) and the label ("children aged 0 to
 * 17"); the page computes each rate from its shown count. */
void cli_figures_rates(csm_profile_page *pp, double pop, double whole,
                       const char *label);
/* The months prof covers, "January 2026 to October 2026" (one month:
 * "March 2026"), into buf; empty when none. */
void cli_figures_period(const csm_profiles *prof, char *buf, size_t n);

#endif
