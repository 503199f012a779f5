/* cli.h - the csmap tool: shared helpers of the subcommands.  The tool
 * sees only include/csmap.h, as curl's tool sees only libcurl. */
#ifndef CSM_CLI_H
#define CSM_CLI_H

#include "csmap.h"

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

extern int cli_verbose;

/* "csmap: error: <msg>" on stderr; returns CLI_FAILED (CLI_USAGE for
 * CSM_EUSAGE). */
int cli_error(const csm_error *err);
/* "csmap: warning: <line>" on stderr for each of the layer's warnings
 * (rows skipped, polygons repaired: layer->notes); always printed. */
void cli_warnings(const csm_layer *layer);
/* "csmap: <cmd>: <msg>" usage complaint; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Progress and notes, only with --verbose. */
void cli_note(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* If argv[*i] is "--name" or "--name=V", take the value (from the next
 * argument in the first case) into *val and return 1; 0 if not this option;
 * -1 if the value is missing. */
int cli_opt(int argc, char **argv, int *i, const char *name,
            const char **val);
/* options.c: if argv[*i] is one of the n options name[] (cli_opt), its
 * value into *slot[k] and 1; 0 if none of them; a usage complaint for
 * 'cmd' (CLI_USAGE) if the value is missing, or is not a date for
 * "--date". */
int cli_opt_slots(int argc, char **argv, int *i, const char *cmd,
                  const char *const *name, const char **const *slot,
                  size_t n);
/* 1 when s is a --date value: YYYY-MM-DD or YYYY-MM. */
int cli_date_ok(const char *s);

/* Scan every layer for personal data, reduce dates to month, and replace
 * each pseudonymised or personal layer by its protected form (the method
 * its spec names); sets spec->statement.  key_path (may be NULL) overrides
 * the spec's donut key. */
int cli_protect_layers(csm_spec *spec, csm_layer **layers,
                       const char *key_path, csm_error *err);
/* The same, also giving the policy applied (pol, may be NULL) and, per
 * spec layer, rows read and dropped, method and cell counts (stats:
 * spec->nlayer zeroed entries, may be NULL), for provenance and check. */
int cli_protect_report(csm_spec *spec, csm_layer **layers,
                       const char *key_path, csm_policy *pol,
                       csm_prov_layer *stats, csm_error *err);

/* Turn layer spec ls into the look of a counts layer (fields "children"
 * and "band" as csm_anonymise_areas makes them): labels are the shown
 * counts, classes the bands, legend "...: distinct children" (protect.c;
 * atlas pages draw their own counts the same way). */
int cli_as_counts(csm_layer_spec *ls, const csm_policy *pol, csm_error *err);

/* The point methods (protect_points.c).  Layer i is protected in place:
 * snapped onto the public points its protect: names (*dropped grows by
 * the points removed), or replaced by its hotspot surface (a layer with a
 * raster and no features; its statement clause is appended to 'stmt').
 * Snap points and addresses are reference layers: read like any other,
 * named by a protect:, and emptied once protection is done so they are
 * never drawn.  cli_reference_fields adds to f[0..n-1] (at most max) the fields
 * layer ls must carry for another layer's protect: (a snap catchment)
 * and returns the new count. */
int cli_snap_layer(csm_spec *spec, csm_layer **layers, size_t i,
                   const csm_policy *pol, size_t *dropped, csm_error *err);
int cli_donut_addresses(const csm_spec *spec, csm_layer **layers, size_t i,
                        const csm_layer **out, csm_error *err);
void cli_note_k(const char *name, const csm_donut_stats *st, long k);
/* Append the spatial k clause to the statement 'stmt' (n bytes). */
void cli_k_statement(const csm_policy *pol, char *stmt, size_t n);
int cli_hotspot_layer(csm_spec *spec, csm_layer **layers, size_t i,
                      const csm_policy *pol, double r_min_m, char *stmt,
                      size_t n, csm_error *err);
int cli_hide_reference_layers(const csm_spec *spec, csm_layer **layers,
                              csm_error *err);
size_t cli_reference_fields(const csm_spec *spec, const csm_layer_spec *ls,
                            const char **f, size_t n, size_t max);
/* PRIVACY.md row 19: after snap or donut, a layer with fewer than the
 * policy's minimum of distinct children shows nothing (*dropped grows by
 * the points removed; a warning names the layer).  Row 32: features of a
 * public school, hub, protective or concern layer that are children's
 * homes, refuges or other homes (by category or label) are removed, with
 * a warning naming the layer and rows. */
int cli_layer_minimum(const csm_spec *spec, csm_layer **layers, size_t i,
                      const csm_policy *pol, size_t *dropped, csm_error *err);
int cli_drop_premises(const csm_spec *spec, csm_layer **layers, size_t i,
                      csm_error *err);
/* Warn (never block, never quote) of free text that looks as if it holds
 * a person's name or a vehicle registration (PRIVACY.md row 29): the
 * spec's annotations and the text columns of every layer read (before
 * protection), the labels of its public layers being the gazetteer;
 * columns and callouts under accept_warnings: are counted instead
 * (namecheck.c).  Fails only for want of memory. */
int cli_warn_free_text(const csm_spec *spec, csm_layer *const *layers,
                       csm_error *err);
/* The findings are kept for the run (by layer, field and kind, rows as
 * distinct source rows, or by callout and kind), and each is printed
 * once: between cli_warn_hold() and the matching cli_warn_release() -
 * around the loads of a comparison's periods or the panels' bands -
 * nothing is printed, then the union once, a row never twice. */
void cli_warn_hold(void);
/* csmap anonymise: warnings point to --accept-warnings, not the spec. */
void cli_warn_by_option(void);
void cli_warn_release(void);
/* The run's accepted warnings so far, per column or callout, for the
 * sidecar (cli_sidecar_write adds them); *out stays valid until the next
 * call.  Fails only for want of memory. */
int cli_warn_accepted(const csm_prov_accept **out, size_t *n,
                      csm_error *err);
/* Write the spec's one hotspot surface as a GeoTIFF (render --hotspots). */
int cli_write_hotspots(const csm_spec *spec, csm_layer *const *layers,
                       const char *path, csm_error *err);

/* Everything render does before laying out (cmd_render.c): gate, read
 * and project every layer, build routes and peer groups, prepare, protect
 * (cli_protect_report, with pol and stats), safety statements.  check
 * runs exactly this.  layers has spec->nlayer zeroed entries. */
int cli_load_layers(csm_spec *spec, const csm_style *style,
                    csm_layer **layers, const char *key, csm_policy *pol,
                    csm_prov_layer *stats, csm_error *err);
/* The read options layer ls of a spec gives (its layer:, sql:, x:, y:,
 * crs:, name) with the filter 'where'; no fields yet (cmd_render.c). */
void cli_read_opts(const csm_layer_spec *ls, const char *where,
                   csm_read_opts *ro);

/* Provenance sidecars (sidecar.c).  A path as the record shows it: 'path'
 * less its leading 'dir/' (the spec's folder) when it has one, else as
 * given; an absolute path only by its file name, so no folder or user
 * name is recorded. */
const char *cli_given_path(const char *path, const char *dir);
/* Fill pl's name, kind, sensitivity, source and SHA-256 from ls (a file's
 * bytes; for a database, its table and a hash of the query). */
int cli_sidecar_layer(const csm_layer_spec *ls, const char *dir,
                      csm_prov_layer *pl, csm_error *err);
/* Fill p's policy file and hash from spec->policy (none: NULL). */
int cli_sidecar_policy(const csm_spec *spec, csm_provenance *p,
                       csm_error *err);
/* Write p as JSON to "<output>.json", atomically; p->output is set to
 * output's file name, and p->accepted, when not set, to the run's
 * accepted warnings (cli_warn_accepted). */
int cli_sidecar_write(const char *output, csm_provenance *p, csm_error *err);

/* Build every peer-group layer from its groups and associations tables
 * and the layers already read (groups.c); layers[i] of each becomes its
 * hulls and links. */
int cli_peer_groups(const csm_spec *spec, csm_layer **layers, csm_error *err);

/* After reading, before protecting (prepare.c): each layer's when:
 * filter, its category values mapped onto codes (notes on stderr name the
 * values that match nothing), and each safety map aggregated onto its
 * areas (the aggregate replaces the answers, as protection does). */
int cli_prepare_layers(csm_spec *spec, const csm_style *style,
                       csm_layer **layers, csm_error *err);
/* The index of the spec's layer called 'name', or -1 (none, or NULL). */
int cli_find_layer(const csm_spec *spec, const char *name);
/* After protecting: the safety maps' line of the anonymisation statement. */
int cli_safety_statement(csm_spec *spec, csm_error *err);

/* csmap anonymise's last steps (export.c).  Refuse a category field that
 * is not a short list of codes (free text would leave beside points). */
int cli_export_codes(const csm_layer *l, const char *field, csm_error *err);
/* The layer as it leaves: donut points keep only category and date;
 * counts layers are taken over from *protected_; then coordinates to 1 m
 * and a personal-data scan of every attribute. */
int cli_export_layer(const csm_layer_spec *ls, csm_layer **protected_,
                     csm_layer **out, csm_error *err);
/* Write it (a .prj for Shapefiles; the marking and statement as the
 * layer's description in GeoPackage, GeoJSON and PostGIS).  With a
 * table, path is a PG: connection and the table is created or replaced
 * (csm_write_pg). */
int cli_export_write(const char *path, const char *table,
                     const csm_spec *spec, const csm_layer *l,
                     csm_error *err);
/* Remove an export (every part of a Shapefile). */
void cli_export_remove(const char *path);

/* cmd_render.c: a --style value as a path (a bare name: the data dir's
 * styles/NAME.yaml; a new string, NULL on ENOMEM); a where-filtered
 * layer extent read and made an explicit box. */
char *cli_style_path(const char *s);
int cli_resolve_extent(csm_spec *spec, csm_error *err);

/* prepare.c: while cli_when_hook is set, each when: filter calls it with
 * what it kept and left out (counts only); when it returns 1 the filter
 * prints no notes, so a caller running one spec once per band (panels.c)
 * says it once. */
typedef int (*cli_when_fn)(void *arg, const csm_layer_spec *ls,
                           const csm_when_stats *st);
extern cli_when_fn cli_when_hook;
extern void *cli_when_arg;

/* One run of the pipeline on a fresh copy of a spec (variant.c): the
 * spec loaded from 'path', edit(spec, arg) changing it (a when: filter),
 * then cli_load_layers; compare and panels make one per period or band,
 * so each is protected on its own.  cli_variant_release frees it. */
typedef struct cli_variant {
    csm_spec *spec;
    csm_layer **layers; /* spec->nlayer */
    csm_prov_layer *stats;
    csm_policy pol;
} cli_variant;
typedef int (*cli_edit_fn)(csm_spec *spec, const void *arg, csm_error *err);
int cli_variant_load(const char *path, const csm_style *style,
                     const char *key, cli_edit_fn edit, const void *arg,
                     cli_variant *v, csm_error *err);
void cli_variant_release(cli_variant *v);
/* Write pages[0..n-1] to output (several pages: PDF only) and the
 * sidecar from variants v[0..nv-1] (per layer: v[0]'s rows, every
 * variant's cells summed); names[0..nv-1] (or NULL) name the variants in
 * the record: time bands when 'bands' is set, else periods. */
int cli_variant_write(const char *output, const char *spec_path,
                      csm_page *const *pages, size_t n, int format,
                      double dpi, const char *statement,
                      const cli_variant *v, size_t nv,
                      const char *const *names, int bands, csm_error *err);

/* Time-of-day small multiples (panels.c), for `panels: time-of-day` in a
 * spec and for csmap pack.  One page holding a small map per time band
 * (morning, school day, after school, evening, night, weekend: the
 * csm_band order).  For each band the spec is loaded afresh from
 * o->spec_path, every concern layer with a time: or date: field gets
 * that band in its when: (its own months and days kept), and the whole
 * pipeline runs (cli_load_layers: read, filter, protect), so each panel
 * is protected on its own.  Every panel shows the same extent at the
 * same scale; the count classes are the policy's bands, shared; one
 * legend; the statement in the footer.  o->extent (NULL: the spec's
 * extent, or all layers of every panel) is a box in the spec's crs,
 * shown with no added margin.  Paper: the spec's page:.  On success
 * *out is a new page for the caller to csm_page_free() and, when
 * statement is not NULL, *statement a new string (the protection
 * statement of the panels) to free(); on failure *out is NULL. */
typedef struct cli_panels_opts {
    const char *spec_path;  /* required */
    const csm_style *style; /* borrowed; NULL: the spec's own style */
    const char *key;        /* donut key file, or NULL */
    const char *date;       /* overrides the spec's date, or NULL */
    const csm_box *extent;  /* NULL: the spec's extent */
    const char *title;      /* NULL: the spec's title */
    const char *subtitle;   /* NULL: "Children with concerns by time of
                               day" */
    /* Called on each band's run once its layers are protected, before
     * the page is composed (NULL: none): csmap pack puts the figures' own
     * counts per area and band in (pack_figs.c). */
    int (*adjust)(void *arg, csm_band band, cli_variant *v, csm_error *err);
    void *adjust_arg;
    const char *band_note; /* the statement's last clause; NULL: "each time
                              band counted and protected on its own" */
    int numbered;          /* 1: CSM_PAGE_TOKEN in the bottom banner */
    size_t *cells_hidden;  /* NULL, or CLI_NBAND counts set: per band, the
                              areas or cells not shown (every counted
                              layer) */
} cli_panels_opts;
#define CLI_NBAND 6
/* Band k (0..CLI_NBAND-1) of the page, in its order. */
csm_band cli_panels_band(size_t k);
int cli_time_panels_page(const cli_panels_opts *o, csm_page **out,
                         char **statement, csm_error *err);

/* Period comparison (compare.c): `compare:` in a spec or render's
 * --compare (periods, NULL: the spec's).  Writes the page (two pages,
 * PDF only, for more than three periods) to 'output' and its provenance
 * sidecar.  Unequal or overlapping periods are refused before anything
 * is read or written. */
int cli_compare_render(const char *spec_path, const char *style_path,
                       const char *periods, const char *key,
                       const char *date, const char *output, int format,
                       double dpi, csm_error *err);
/* `panels: time-of-day` in a spec: the panels page to 'output' and its
 * provenance sidecar (panels.c). */
int cli_panels_render(const char *spec_path, const char *style_path,
                      const char *key, const char *date, const char *output,
                      int format, double dpi, csm_error *err);

int cmd_render(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_anonymise(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_atlas(int argc, char **argv);
int cmd_pack(int argc, char **argv);

#endif
