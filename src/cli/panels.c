/* panels.c - the tool: time-of-day small multiples (`panels: time-of-day`
 * in a spec, and the location pack's time-of-day page).  One small map
 * per time band, each from its own run of the pipeline (variant.c): the
 * concern layers narrowed to the band, then protected, so a band's counts
 * are suppressed and rounded on their own.  The count classes are the
 * policy's bands (csm_anonymise_band), the same for every panel, so one
 * legend serves them all. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define NBAND CLI_NBAND
#define NLOG 16 /* concern layers whose filters are told about */

/* In the order of a day, the weekend last (the csm_band names). */
static const csm_band band_order[NBAND] = {
    CSM_BAND_MORNING, CSM_BAND_SCHOOL_DAY, CSM_BAND_AFTER_SCHOOL,
    CSM_BAND_EVENING, CSM_BAND_NIGHT,      CSM_BAND_WEEKEND};
static const char *const band_heading[NBAND] = {
    "Morning, 06:00\xe2\x80\x93"
    "08:30",
    "School day, 08:30\xe2\x80\x93"
    "15:00",
    "After school, 15:00\xe2\x80\x93"
    "18:00",
    "Evening, 18:00\xe2\x80\x93"
    "22:00",
    "Night, 22:00\xe2\x80\x93"
    "06:00",
    "Weekend, Saturday and Sunday"};

csm_band cli_panels_band(size_t k)
{
    return band_order[k < NBAND ? k : 0];
}

/* What each band's when: filter kept and left out, per layer, so that the
 * page says it once (prepare.c would say it once per band). */
typedef struct band_log {
    size_t k, n; /* the band being loaded; layers seen */
    struct {
        char *name;
        size_t kept[NBAND], unknown[NBAND];
    } l[NLOG];
} band_log;

static int log_when(void *arg, const csm_layer_spec *ls,
                    const csm_when_stats *st)
{
    band_log *g = arg;
    size_t i;

    if (ls->kind != CSM_KIND_CONCERN || !ls->when.bands)
        return 0; /* not split by band: prepare.c tells as usual */
    for (i = 0; i < g->n && strcmp(g->l[i].name, ls->name); i++)
        ;
    if (i == g->n) {
        if (i == NLOG || !(g->l[i].name = csm_strdup(ls->name)))
            return 0; /* prepare.c tells it, band by band */
        g->n++;
    }
    g->l[i].kept[g->k] = st->kept;
    g->l[i].unknown[g->k] = st->unknown;
    return 1;
}

/* Once per page: rows with no time band are on no map (the data lacks
 * it, not the filter); an empty weekend map says why; empty bands only
 * with --verbose, since the page shows them. */
static void tell(band_log *g)
{
    char empty[128];
    size_t i, k, none, len;

    for (i = 0; i < g->n; i++) {
        none = 0;
        empty[0] = '\0';
        for (k = 0, len = 0; k < NBAND; k++) {
            if (band_order[k] != CSM_BAND_WEEKEND && g->l[i].unknown[k] > none)
                none = g->l[i].unknown[k];
            if (!g->l[i].kept[k] && len + 32 < sizeof empty)
                len += (size_t)snprintf(empty + len, sizeof empty - len, "%s%s",
                                        len ? ", " : "",
                                        csm_analyse_band_name(band_order[k]));
        }
        k = NBAND - 1; /* the weekend */
        if (none)
            fprintf(stderr,
                    "csmap: note: time-of-day panels: layer '%s': %zu rows "
                    "without a time band are in no panel\n",
                    g->l[i].name, none);
        if (!g->l[i].kept[k] && g->l[i].unknown[k] > none)
            fprintf(stderr,
                    "csmap: note: time-of-day panels: layer '%s': the "
                    "weekend map is empty: no row is recorded as weekend "
                    "and %zu rows have no day\n",
                    g->l[i].name, g->l[i].unknown[k] - none);
        if (empty[0])
            cli_note("time-of-day panels: layer '%s': no rows in: %s",
                     g->l[i].name, empty);
        free(g->l[i].name);
    }
    g->n = 0;
}

/* Areas or cells not shown on a band's map, over its counted layers. */
static size_t hidden(const cli_variant *v)
{
    size_t i, n = 0;

    for (i = 0; i < v->spec->nlayer; i++)
        n += v->stats[i].cells_suppressed;
    return n;
}

/* Every concern layer that can tell the time of day (a time: field, or a
 * date: that may hold times) keeps only band *arg; its own months and
 * days stay, its own bands give way to the panel's. */
static int by_band(csm_spec *spec, const void *arg, csm_error *err)
{
    csm_band b = *(const csm_band *)arg;
    size_t i, n = 0;

    for (i = 0; i < spec->nlayer; i++) {
        csm_layer_spec *ls = &spec->layer[i];
        if (ls->kind != CSM_KIND_CONCERN || (!ls->time && !ls->date))
            continue;
        ls->when.bands = 1u << b;
        n++;
    }
    if (!n)
        return csm_fail(err, CSM_EUSAGE,
                        "%s: panels: time-of-day needs a concern layer with "
                        "a time: field (or a date: holding times)",
                        spec->path);
    return CSM_OK;
}

/* The spec's own style, or the one given on the command line. */
static int load_style(const char *spec_path, const char *style_path,
                      csm_style **out, csm_error *err)
{
    csm_spec *spec = NULL;
    char *sty = NULL;
    int rc = CSM_OK;

    *out = NULL;
    if (!style_path)
        rc = csm_spec_load(spec_path, &spec, err);
    if (!rc && !(sty = style_path ? cli_style_path(style_path)
                                  : csm_strdup(spec->style)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = csm_style_load(sty, out, err);
    free(sty);
    csm_spec_free(spec);
    return rc;
}

/* The panels and their page; v[0..NBAND-1] are loaded on success (the
 * caller releases them) and released on failure. */
static int build(const cli_panels_opts *o, const csm_style *style,
                 cli_variant *v, csm_page **out, char **stmt, csm_error *err)
{
    const char *note = o->band_note ? o->band_note
                                    : "each time band counted and "
                                      "protected on its own";
    csm_multiple mu[NBAND];
    csm_multiples_page mp;
    band_log g;
    char sub[512];
    const csm_spec *sp;
    size_t k, n;
    int rc = CSM_OK;

    *out = NULL;
    *stmt = NULL;
    memset(&g, 0, sizeof g);
    cli_when_hook = log_when;
    cli_when_arg = &g;
    cli_warn_hold(); /* each warning once, not once per band */
    for (k = 0; k < NBAND && !rc; k++) {
        g.k = k;
        rc = cli_variant_load(o->spec_path, style, o->key, by_band,
                              &band_order[k], &v[k], err);
        if (!rc && o->adjust)
            rc = o->adjust(o->adjust_arg, band_order[k], &v[k], err);
        mu[k].heading = band_heading[k];
        mu[k].spec = v[k].spec;
        mu[k].layers = v[k].layers;
    }
    cli_when_hook = NULL;
    cli_when_arg = NULL;
    cli_warn_release();
    if (!rc)
        tell(&g);
    for (k = 0; k < g.n; k++)
        free(g.l[k].name);
    if (rc) {
        for (k = 0; k < NBAND; k++)
            cli_variant_release(&v[k]);
        return rc;
    }
    for (k = 0; o->cells_hidden && k < NBAND; k++)
        o->cells_hidden[k] = hidden(&v[k]);
    sp = v[0].spec;
    n = strlen(sp->statement ? sp->statement : "") + strlen(note) + 4;
    if (!(*stmt = malloc(n)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    else
        snprintf(*stmt, n, "%s%s%s", sp->statement ? sp->statement : "",
                 sp->statement ? "; " : "", note);
    snprintf(sub, sizeof sub, "%s%sby time of day, one map per band",
             o->subtitle    ? o->subtitle
             : sp->subtitle ? sp->subtitle
                            : "",
             o->subtitle || sp->subtitle ? ": " : "");
    if (sub[0] >= 'a' && sub[0] <= 'z')
        sub[0] = (char)(sub[0] - 'a' + 'A');
    memset(&mp, 0, sizeof mp);
    mp.title = o->title;
    mp.subtitle = sub;
    mp.statement = *stmt;
    mp.map = mu;
    mp.nmap = NBAND;
    mp.extent = o->extent;
    mp.numbered = o->numbered;
    if (!rc)
        rc = csm_compose_multiples(sp, style, &mp, o->date, csm_render_measure,
                                   out, err);
    if (rc) {
        free(*stmt);
        *stmt = NULL;
        for (k = 0; k < NBAND; k++)
            cli_variant_release(&v[k]);
    }
    return rc;
}

int cli_time_panels_page(const cli_panels_opts *o, csm_page **out,
                         char **statement, csm_error *err)
{
    cli_variant v[NBAND];
    csm_style *own = NULL;
    char *stmt = NULL;
    size_t k;
    int rc = CSM_OK;

    *out = NULL;
    if (statement)
        *statement = NULL;
    memset(v, 0, sizeof v);
    if (!o->style)
        rc = load_style(o->spec_path, NULL, &own, err);
    if (!rc)
        rc = build(o, o->style ? o->style : own, v, out, &stmt, err);
    for (k = 0; !rc && k < NBAND; k++)
        cli_variant_release(&v[k]);
    if (!rc && statement)
        *statement = stmt;
    else
        free(stmt);
    csm_style_free(own);
    return rc;
}

int cli_panels_render(const char *spec_path, const char *style_path,
                      const char *key, const char *date, const char *output,
                      int format, double dpi, csm_error *err)
{
    cli_variant v[NBAND];
    cli_panels_opts o;
    csm_style *style = NULL;
    csm_page *page = NULL;
    const char *name[NBAND];
    char *stmt = NULL;
    size_t k;
    int rc;

    for (k = 0; k < NBAND; k++)
        name[k] = csm_analyse_band_name(band_order[k]);
    memset(v, 0, sizeof v);
    memset(&o, 0, sizeof o);
    o.spec_path = spec_path;
    o.key = key;
    o.date = date;
    rc = load_style(spec_path, style_path, &style, err);
    if (!rc)
        rc = build(&o, style, v, &page, &stmt, err);
    if (!rc) {
        rc = cli_variant_write(output, spec_path, &page, 1, format, dpi, stmt,
                               v, NBAND, name, 1, err);
        for (k = 0; k < NBAND; k++)
            cli_variant_release(&v[k]);
    }
    if (!rc) /* as render's */
        cli_note("labels placed %zu, dropped %zu; scale 1:%.0f; "
                 "frame %.3f %.3f %.3f %.3f mm, extent %.0f %.0f %.0f %.0f m",
                 page->labels_placed, page->labels_dropped, page->scale,
                 page->frame.minx, page->frame.miny, page->frame.maxx,
                 page->frame.maxy, page->extent.minx, page->extent.miny,
                 page->extent.maxx, page->extent.maxy);
    if (!rc)
        cli_note("wrote '%s': %d time-of-day panels", output, NBAND);
    free(stmt);
    csm_page_free(page);
    csm_style_free(style);
    return rc;
}
