/* cmd_pack.c - `csmap pack SPEC --place LAYER:ID -o FILE.pdf`: a location
 * pack, a few pages about one public place for a location-assessment
 * conference.  The pipeline:
 *
 *   place    --place checked against the spec (pack_site.c)
 *   load     every layer as `csmap render` has it, protected
 *   site     the feature --place names, a point or an area
 *   figures  the area holding it, counted and audited (pack_figs.c)
 *   pages    cover, the site at large scale, [time of day], figures,
 *            notes; numbered, marked, one PDF in memory
 *   write    FILE.pdf atomically, then FILE.pdf.json (no file without
 *            its record) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pack.h"

static const char pack_usage[] =
    "usage: csmap pack SPEC.yaml --place LAYER:ID -o FILE.pdf [options]\n"
    "\n"
    "A location pack for a location-assessment conference: a few pages\n"
    "about one public place (a station, a park, a takeaway): a cover, the\n"
    "site and its surroundings at large scale with the spec's layers\n"
    "protected as render protects them, the time-of-day maps when the\n"
    "build has them, the protected figures of the area holding the site\n"
    "beside the whole, and a ruled page for observations and actions.\n"
    "FILE.pdf.json beside it records inputs, policy and protection.\n"
    "\n"
    "options:\n"
    "  --place LAYER:ID    the site: a feature of a public layer, by its id\n"
    "                      (or its label), e.g. hubs:H1\n"
    "  -o, --output FILE.pdf\n"
    "  --radius M          surroundings shown, in metres (default 300)\n"
    "  --style FILE|NAME, --date YYYY-MM-DD, --key FILE   as for render\n"
    "  --verbose           report what was read and placed\n";

static int valued(int argc, char **argv, int *i, pack_opt *o)
{
    static const char *const name[] = {
        "--place", "-o", "--output", "--style", "--date", "--key", "--radius"};
    const char *radius = NULL;
    const char **const slot[] = {&o->place, &o->output, &o->output, &o->style,
                                 &o->date,  &o->key,    &radius};
    char *end;
    int r = cli_opt_slots(argc, argv, i, "pack", name, slot,
                          sizeof name / sizeof *name);

    if (r == 1 && radius) {
        o->radius_m = strtod(radius, &end);
        if (*end || !(o->radius_m >= 50.0 && o->radius_m <= 5000.0))
            return cli_usage("pack", "--radius takes metres, 50 to 5000");
    }
    return r;
}

static int parse_args(int argc, char **argv, pack_opt *o)
{
    size_t n;
    int i, r;

    memset(o, 0, sizeof *o);
    o->radius_m = PACK_RADIUS_M;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(pack_usage, stdout);
            return -1;
        }
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            cli_verbose = 1;
            continue;
        }
        if ((r = valued(argc, argv, &i, o))) {
            if (r != 1)
                return CLI_USAGE;
            continue;
        }
        if (a[0] == '-' && a[1])
            return cli_usage("pack", "unknown option '%s'", a);
        if (o->spec)
            return cli_usage("pack", "one SPEC at a time ('%s' too)", a);
        o->spec = a;
    }
    if (!o->spec)
        return cli_usage("pack", "no SPEC.yaml given");
    if (!o->place)
        return cli_usage("pack", "no site given: add --place LAYER:ID "
                                 "(e.g. hubs:H1)");
    n = o->output ? strlen(o->output) : 0;
    if (n < 5 || strcmp(o->output + n - 4, ".pdf"))
        return cli_usage("pack", "the pack is one PDF: add -o FILE.pdf");
    return 0;
}

/* Spec, style, the place's layer; then every layer, protected. */
static int load(pack *P, csm_error *err)
{
    char *sty = NULL;
    int rc = csm_spec_load(P->opt->spec, &P->spec, err);

    if (!rc && !(sty = P->opt->style ? cli_style_path(P->opt->style)
                                     : csm_strdup(P->spec->style)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = csm_style_load(sty, &P->style, err);
    free(sty);
    if (!rc)
        rc = pack_place_check(P, err);
    if (!rc && (!(P->layers = calloc(P->spec->nlayer + 1, sizeof *P->layers)) ||
                !(P->pstats = calloc(P->spec->nlayer + 1, sizeof *P->pstats))))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = cli_load_layers(P->spec, P->style, P->layers, P->opt->key, &P->pol,
                             P->pstats, err);
    if (!rc)
        rc = pack_place_find(P, err);
    if (!rc)
        rc = pack_figures(P, err);
    if (!rc && P->statement) { /* every page's footer carries it */
        free(P->spec->statement);
        if (!(P->spec->statement = csm_strdup(P->statement)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    return rc;
}

static void release(pack *P)
{
    size_t i;

    pack_figures_release(P);
    for (i = 0; P->layers && i < P->spec->nlayer; i++)
        csm_layer_free(P->layers[i]);
    free(P->layers);
    free(P->pstats);
    free(P->place_layer);
    free(P->place_id);
    free(P->site_name);
    csm_style_free(P->style);
    csm_spec_free(P->spec);
}

/* FILE.pdf.json: inputs by hash, policy, what protection did. */
static int record(const pack *P, const char *date, csm_error *err)
{
    const csm_spec *spec = P->spec;
    const char *band[CLI_NBAND];
    csm_provenance p;
    size_t i;
    int rc = CSM_OK, any = P->figs;

    memset(&p, 0, sizeof p);
    p.place_layer = P->place_layer; /* a public place, printed on the pack */
    p.place_id = P->place_id;
    p.radius_m = P->opt->radius_m;
    for (i = 0; P->panels && i < CLI_NBAND; i++)
        band[i] = csm_analyse_band_name(cli_panels_band(i));
    if (P->panels) {
        p.bands = band;
        p.nbands = CLI_NBAND;
        p.band_cells_suppressed = P->band_hidden;
        p.bands_counted = P->band_counts ? "the figures' own per area and "
                                           "band, audited with them"
                                         : NULL;
    }
    p.command = "pack";
    p.spec = cli_given_path(P->opt->spec, NULL);
    p.marking = spec->marking ? spec->marking : "OFFICIAL-SENSITIVE";
    p.date = date;
    p.statement = spec->statement;
    p.sources = (const char *const *)spec->sources;
    p.nsources = spec->nsources;
    p.layer = P->pstats;
    p.nlayer = spec->nlayer;
    if (P->figs) {
        p.audit = &P->prof->audit;
        p.areas = P->prof->narea;
    }
    for (i = 0; !rc && i < spec->nlayer; i++) {
        rc = cli_sidecar_layer(&spec->layer[i], spec->dir, &P->pstats[i], err);
        any |= P->pstats[i].method != CSM_PROTECT_NONE;
    }
    p.pol = any ? &P->pol : NULL;
    if (!rc)
        rc = csm_digest_file(P->opt->spec, p.spec_sha256, err);
    if (!rc)
        rc = cli_sidecar_policy(spec, &p, err);
    if (!rc)
        rc = cli_sidecar_write(P->opt->output, &p, err);
    return rc;
}

static int sink(void *ctx, const void *data, size_t n)
{
    csm_error e = {0, ""};

    return csm_buf_append(ctx, data, n, &e);
}

/* Number every page, draw them into one PDF in memory, write it. */
static int write_pdf(const pack *P, csm_page **page, size_t n, csm_error *err)
{
    static const char *const mark[] = {"Cover", "Site", NULL};
    csm_doc *doc = NULL;
    csm_buf bytes;
    char text[64];
    size_t i;
    int rc;

    csm_buf_init(&bytes);
    rc = csm_render_doc_new(page[0]->title, page[0]->date, sink, &bytes, &doc,
                            err);
    for (i = 0; !rc && i < n; i++) {
        snprintf(text, sizeof text, "Page %zu of %zu", i + 1, n);
        rc = csm_page_fill(page[i], CSM_PAGE_TOKEN, text, err);
        if (!rc)
            rc = csm_render_doc_add(doc, page[i],
                                    i < 2 ? mark[i] : page[i]->title, err);
    }
    if (!rc) {
        rc = csm_render_doc_finish(doc, err);
        doc = NULL;
    }
    csm_render_doc_free(doc);
    if (!rc)
        rc = csm_write_file(P->opt->output, &bytes, err);
    csm_buf_release(&bytes);
    return rc;
}

int cmd_pack(int argc, char **argv)
{
    pack_opt opt;
    pack P;
    csm_error err = {0, ""};
    csm_page *page[8] = {NULL};
    const char *date;
    size_t n = 0, i;
    int rc = parse_args(argc, argv, &opt);

    if (rc)
        return rc < 0 ? CLI_OK : rc;
    memset(&P, 0, sizeof P);
    P.opt = &opt;
    rc = load(&P, &err);
    date = opt.date ? opt.date : P.spec ? P.spec->date : NULL;
    if (!rc)
        rc = pack_pages(&P, date, page, sizeof page / sizeof *page, &n, &err);
    if (!rc)
        rc = write_pdf(&P, page, n, &err);
    if (!rc && (rc = record(&P, date, &err)) != CSM_OK)
        unlink(opt.output); /* a pack is not left without its record */
    if (!rc)
        cli_note("wrote '%s': %zu pages", opt.output, n);
    for (i = 0; i < sizeof page / sizeof *page; i++)
        csm_page_free(page[i]);
    release(&P);
    return rc ? cli_error(&err) : CLI_OK;
}
