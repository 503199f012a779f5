/* cmd_render.c - `csmap render SPEC -o OUT`: the whole pipeline on one
 * screen (read -> project -> anonymise -> compose -> render -> write). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char render_usage[] =
    "usage: csmap render SPEC.yaml -o OUT.pdf|OUT.svg|OUT.png [options]\n"
    "\n"
    "Draw the map that SPEC.yaml describes.  The output is written to a\n"
    "temporary file and renamed, so a half-written map never exists.\n"
    "OUT.json beside it (e.g. map.pdf.json) records the inputs by SHA-256,\n"
    "the policy and what protection did: no value, no key.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   the map; its extension picks PDF, SVG or PNG\n"
    "  --dpi N             PNG resolution (default 300)\n"
    "  --style FILE|NAME   style instead of the spec's (e.g. greyscale)\n"
    "  --date YYYY-MM-DD   the date printed on the map (default: the spec's)\n"
    "  --key FILE          key for donut displacement (csmap keygen)\n"
    "  --hotspots FILE.tif also write the hotspot surface as a GeoTIFF\n"
    "  --compare PERIODS   compare equal periods side by side, with a change\n"
    "                      map and table: 2026-01..2026-03,2026-04..2026-06\n"
    "  --verbose           report what was read and placed\n";

struct render_opt {
    const char *spec;
    const char *output;
    const char *style;
    const char *date;
    const char *key;
    const char *hotspots; /* GeoTIFF of the hotspot surface, or NULL */
    const char *compare;  /* --compare periods, or NULL (compare.c) */
    double dpi;
    int format;
};

static int parse_args(int argc, char **argv, struct render_opt *o)
{
    int i, r;
    const char *v;

    memset(o, 0, sizeof *o);
    o->dpi = 300.0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(render_usage, stdout);
            return -1;
        }
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            cli_verbose = 1;
            continue;
        }
        if ((r = cli_opt(argc, argv, &i, "-o", &v)) ||
            (r = cli_opt(argc, argv, &i, "--output", &v))) {
            if (r < 0)
                return cli_usage("render", "-o needs a file name");
            o->output = v;
        } else if ((r = cli_opt(argc, argv, &i, "--dpi", &v))) {
            char *end;
            if (r < 0)
                return cli_usage("render", "--dpi needs a number");
            o->dpi = strtod(v, &end);
            if (*end || o->dpi < 36 || o->dpi > 1200)
                return cli_usage("render", "--dpi must be 36 to 1200");
        } else if ((r = cli_opt(argc, argv, &i, "--style", &v))) {
            if (r < 0)
                return cli_usage("render", "--style needs a file or name");
            o->style = v;
        } else if ((r = cli_opt(argc, argv, &i, "--key", &v))) {
            if (r < 0)
                return cli_usage("render", "--key needs a key file");
            o->key = v;
        } else if ((r = cli_opt(argc, argv, &i, "--hotspots", &v))) {
            if (r < 0)
                return cli_usage("render", "--hotspots needs a .tif file");
            o->hotspots = v;
        } else if ((r = cli_opt(argc, argv, &i, "--compare", &v))) {
            if (r < 0)
                return cli_usage("render", "--compare needs periods, e.g. "
                                           "2026-01..2026-03,2026-04..2026-06");
            o->compare = v;
        } else if ((r = cli_opt(argc, argv, &i, "--date", &v))) {
            if (r < 0 || !cli_date_ok(v))
                return cli_usage("render", "--date takes YYYY-MM-DD or "
                                           "YYYY-MM");
            o->date = v;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("render", "unknown option '%s'", a);
        } else if (!o->spec) {
            o->spec = a;
        } else {
            return cli_usage("render", "one SPEC at a time ('%s' too)", a);
        }
    }
    if (!o->spec)
        return cli_usage("render", "no SPEC.yaml given");
    if (!o->output)
        return cli_usage("render", "no output given: add -o map.pdf");
    o->format = csm_format_from_path(o->output);
    if (o->format < 0)
        return cli_usage("render", "cannot tell the format of '%s': use "
                                   ".pdf, .svg or .png", o->output);
    return 0;
}

/* A --style value: a file path, or a bare name from the data dir. */
char *cli_style_path(const char *s)
{
    char buf[4096];

    if (strchr(s, '/') || strstr(s, ".yaml") || strstr(s, ".yml"))
        return csm_strdup(s);
    snprintf(buf, sizeof buf, "%s/styles/%s.yaml", csm_data_dir(), s);
    return csm_strdup(buf);
}

/* The fields a layer carries past the read stage: only those it names. */
static size_t named_fields(const csm_layer_spec *ls, const char **f)
{
    const char *all[] = {ls->label, ls->category, ls->date, ls->subject,
                         ls->id,    ls->stops,    ls->weight, ls->from,
                         ls->to,    ls->time,     ls->day,    ls->rating,
                         ls->area_id};
    size_t n = 0, i, j;

    for (i = 0; i < sizeof all / sizeof *all; i++) {
        if (!all[i])
            continue;
        for (j = 0; j < n && strcmp(f[j], all[i]); j++)
            ;
        if (j == n)
            f[n++] = all[i];
    }
    return n;
}

void cli_read_opts(const csm_layer_spec *ls, const char *where,
                   csm_read_opts *ro)
{
    memset(ro, 0, sizeof *ro);
    ro->layer = ls->layer;
    ro->sql = ls->sql;
    ro->x = ls->x;
    ro->y = ls->y;
    ro->crs = ls->crs;
    ro->where = where;
    ro->name = ls->name;
}

/* Read one layer of the spec, not yet projected; errors say where in the
 * spec the layer is declared. */
static int read_raw(const csm_spec *spec, const csm_layer_spec *ls,
                    const char *where, csm_layer **out, csm_error *err)
{
    const char *fields[16];
    csm_read_opts ro;
    int rc, table;

    cli_read_opts(ls, where, &ro);
    ro.fields = fields;
    ro.nfield = named_fields(ls, fields);
    /* a snap catchment another layer's protect: needs (protect_points.c) */
    ro.nfield = cli_reference_fields(spec, ls, fields, ro.nfield, 16);
    /* routes given as stops are a table: their lines come from the hubs,
     * already in the map's crs (csm_analyse_routes); so are safety ratings
     * keyed by an area id (prepare.c) */
    table = ls->stops || (ls->kind == CSM_KIND_SAFETY_MAP && ls->area_id);
    rc = table ? csm_read_table(ls->source, &ro, out, err)
               : csm_read_layer(ls->source, &ro, out, err);
    if (!rc && table)
        rc = csm_layer_set_crs(*out, spec->crs, err);
    if (!rc && (*out)->n == 0)
        rc = csm_fail(err, CSM_EDATA,
                      "layer '%s': no features%s: check its source%s",
                      ls->name, where ? " match its where" : "",
                      where ? " and where" : " and layer");
    if (rc) {
        /* say where in the spec the layer is declared */
        csm_error_prefix(err, "%s:%d", spec->path, ls->line);
        csm_layer_free(*out);
        *out = NULL;
    }
    return rc;
}

static int read_one(const csm_spec *spec, const csm_layer_spec *ls,
                    const char *where, csm_layer **out, csm_error *err)
{
    int rc = read_raw(spec, ls, where, out, err);

    if (!rc && (rc = csm_project_layer(*out, spec->crs, err)) != CSM_OK) {
        csm_error_prefix(err, "%s:%d", spec->path, ls->line);
        csm_layer_free(*out);
        *out = NULL;
    }
    return rc;
}

/* Project layers[0..n-1] (those read) with one call, so PROJ sets up each
 * CRS once.  On failure the layer that failed and those after it are
 * freed, as if read one at a time, and the error names its spec line;
 * *done is how many layers (from 0) are ready either way. */
static int project_read(const csm_spec *spec, csm_layer **layers, size_t n,
                        size_t *done, csm_error *err)
{
    csm_layer **todo = malloc((n ? n : 1) * sizeof *todo);
    uintptr_t *crs = malloc((n ? n : 1) * sizeof *crs);
    size_t i, m = 0, bad;
    int rc;

    *done = 0;
    if (!todo || !crs) {
        free(todo);
        free(crs);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (i = 0; i < n; i++)
        if (layers[i]) {
            crs[m] = (uintptr_t)layers[i]->crs; /* a projected one changes */
            todo[m++] = layers[i];
        }
    rc = csm_project_layers(todo, m, spec->crs, err);
    *done = n;
    for (i = 0, bad = 0; rc && i < n; i++) {
        if (!layers[i])
            continue;
        if ((uintptr_t)layers[i]->crs == crs[bad++] && *done == n) {
            csm_error_prefix(err, "%s:%d", spec->path, spec->layer[i].line);
            *done = i;
        }
        if (i >= *done) {
            csm_layer_free(layers[i]);
            layers[i] = NULL;
        }
    }
    free(crs);
    free(todo);
    return rc;
}

/* read -> anonymise gate, for every layer of the spec; then project all
 * that were read at once.  Messages come in the order they did when each
 * layer was projected as soon as it was read. */
static int read_layers(const csm_spec *spec, csm_layer **layers,
                       csm_error *err)
{
    csm_error rerr = {0, ""};
    size_t i, done;
    int rc = CSM_OK, prc;

    for (i = 0; i < spec->nlayer && !rc; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        /* a safety map's protection is its own aggregation (prepare.c) */
        if (ls->kind != CSM_KIND_SAFETY_MAP)
            rc = csm_anonymise_gate(ls, &rerr);
        if (!rc && ls->kind == CSM_KIND_PEER_GROUP)
            continue; /* built from the other layers below (groups.c) */
        if (!rc)
            rc = read_raw(spec, ls, ls->where, &layers[i], &rerr);
    }
    /* layers[0..i-1] are read; a failure was layer i-1's */
    prc = project_read(spec, layers, rc ? i - 1 : i, &done, err);
    for (i = 0; i < done; i++) {
        if (!layers[i])
            continue;
        cli_warnings(layers[i]);
        cli_note("layer '%s': %zu features", spec->layer[i].name,
                 layers[i]->n);
    }
    if (prc)
        return prc; /* an earlier layer's failure comes first */
    if (rc) {
        if (err)
            *err = rerr;
        return rc;
    }
    return cli_peer_groups(spec, layers, err);
}

int cli_load_layers(csm_spec *spec, const csm_style *style,
                    csm_layer **layers, const char *key, csm_policy *pol,
                    csm_prov_layer *stats, csm_error *err)
{
    int rc = read_layers(spec, layers, err);

    if (!rc)
        rc = csm_analyse_routes(spec, layers, err); /* stops -> lines */
    if (!rc)
        rc = cli_prepare_layers(spec, style, layers, err); /* when, codes */
    if (!rc)
        rc = cli_protect_report(spec, layers, key, pol, stats, err);
    if (!rc)
        rc = cli_safety_statement(spec, err);
    return rc;
}

/* OUT.json beside the map: inputs by hash, policy, counts (sidecar.c).
 * A map is not left without its record. */
static int record(const struct render_opt *o, const csm_spec *spec,
                  const csm_page *page, const csm_policy *pol,
                  csm_prov_layer *stats, csm_error *err)
{
    csm_provenance p;
    size_t i;
    int rc = CSM_OK, any = 0;

    memset(&p, 0, sizeof p);
    p.command = "render";
    p.spec = cli_given_path(o->spec, NULL);
    p.marking = spec->marking;
    p.date = page->date;
    p.statement = spec->statement;
    p.sources = (const char *const *)spec->sources;
    p.nsources = spec->nsources;
    p.layer = stats;
    p.nlayer = spec->nlayer;
    for (i = 0; !rc && i < spec->nlayer; i++) {
        rc = cli_sidecar_layer(&spec->layer[i], spec->dir, &stats[i], err);
        any |= stats[i].method != CSM_PROTECT_NONE;
    }
    p.pol = any ? pol : NULL;
    if (!rc)
        rc = csm_digest_file(o->spec, p.spec_sha256, err);
    if (!rc)
        rc = cli_sidecar_policy(spec, &p, err);
    if (!rc)
        rc = cli_sidecar_write(o->output, &p, err);
    if (!rc && o->hotspots) /* the GeoTIFF is an export: it gets one too */
        rc = cli_sidecar_write(o->hotspots, &p, err);
    if (rc)
        unlink(o->output);
    return rc;
}

/* An extent given as a where-filtered layer becomes an explicit box. */
int cli_resolve_extent(csm_spec *spec, csm_error *err)
{
    const csm_layer_spec *ls = NULL;
    csm_layer *sub = NULL;
    size_t i;
    int rc;

    if (spec->extent_mode != CSM_EXTENT_LAYER || !spec->extent_where)
        return CSM_OK;
    for (i = 0; i < spec->nlayer; i++)
        if (!strcmp(spec->layer[i].name, spec->extent_layer))
            ls = &spec->layer[i];
    if (!ls)
        return csm_fail(err, CSM_EDATA, "%s: extent names layer '%s', "
                        "which the spec does not define", spec->path,
                        spec->extent_layer);
    rc = read_one(spec, ls, spec->extent_where, &sub, err);
    if (rc) {
        csm_error_prefix(err, "extent");
        return rc;
    }
    csm_layer_bounds(sub, &spec->extent_box);
    spec->extent_mode = CSM_EXTENT_BOX;
    csm_layer_free(sub);
    return CSM_OK;
}

int cmd_render(int argc, char **argv)
{
    struct render_opt opt;
    csm_error err = {0, ""};
    csm_spec *spec = NULL;
    csm_style *style = NULL;
    csm_layer **layers = NULL;
    csm_page *page = NULL;
    csm_prov_layer *stats = NULL;
    csm_policy pol;
    csm_buf bytes;
    char *sty = NULL;
    size_t i;
    int rc = parse_args(argc, argv, &opt);

    if (rc)
        return rc < 0 ? CLI_OK : rc;
    csm_buf_init(&bytes);
    rc = csm_spec_load(opt.spec, &spec, &err);
    if (!rc && (opt.compare || spec->compare.nperiod || spec->panels)) {
        /* small multiples: each period or band its own run (compare.c,
         * panels.c) */
        if (opt.hotspots)
            rc = csm_fail(&err, CSM_EUSAGE, "--hotspots draws one map: not "
                          "with compare or panels");
        else if (opt.compare || spec->compare.nperiod)
            rc = cli_compare_render(opt.spec, opt.style, opt.compare, opt.key,
                                    opt.date, opt.output, opt.format, opt.dpi,
                                    &err);
        else
            rc = cli_panels_render(opt.spec, opt.style, opt.key, opt.date,
                                   opt.output, opt.format, opt.dpi, &err);
        csm_spec_free(spec);
        return rc ? cli_error(&err) : CLI_OK;
    }
    if (!rc && !(sty = opt.style ? cli_style_path(opt.style)
                                 : csm_strdup(spec->style)))
        rc = csm_fail(&err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = csm_style_load(sty, &style, &err);
    if (!rc && !(layers = calloc(spec->nlayer + 1, sizeof *layers)))
        rc = csm_fail(&err, CSM_ENOMEM, "out of memory");
    if (!rc && !(stats = calloc(spec->nlayer + 1, sizeof *stats)))
        rc = csm_fail(&err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = cli_load_layers(spec, style, layers, opt.key, &pol, stats,
                             &err);
    if (!rc)
        rc = cli_resolve_extent(spec, &err);
    if (!rc)
        rc = csm_compose_page(spec, style, layers, opt.date,
                              csm_render_measure, &page, &err);
    if (!rc)
        rc = csm_render_page(page, (csm_format)opt.format, opt.dpi, &bytes,
                             &err);
    if (!rc && opt.hotspots) /* first: a refused --hotspots leaves no map */
        rc = cli_write_hotspots(spec, layers, opt.hotspots, &err);
    if (!rc)
        rc = csm_write_file(opt.output, &bytes, &err);
    if (!rc)
        rc = record(&opt, spec, page, &pol, stats, &err);
    if (!rc) {
        cli_note("labels placed %zu, dropped %zu; scale 1:%.0f",
                 page->labels_placed, page->labels_dropped, page->scale);
        /* the page geometry, so tests can find a map position on paper */
        cli_note("frame %.3f %.3f %.3f %.3f mm, extent %.0f %.0f %.0f %.0f m",
                 page->frame.minx, page->frame.miny, page->frame.maxx,
                 page->frame.maxy, page->extent.minx, page->extent.miny,
                 page->extent.maxx, page->extent.maxy);
        cli_note("wrote '%s'", opt.output);
    }

    for (i = 0; layers && i < spec->nlayer; i++)
        csm_layer_free(layers[i]);
    free(layers);
    free(stats);
    csm_page_free(page);
    csm_buf_release(&bytes);
    csm_style_free(style);
    csm_spec_free(spec);
    free(sty);
    return rc ? cli_error(&err) : CLI_OK;
}
