/* pack_pages.c - `csmap pack`, the pages: the cover, the site and its
 * surroundings, the time of day, the figures of the area holding the
 * site, and a page for notes.  Every page carries the marking at top and
 * bottom, the date, the sources and the statement, and "Page k of n". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pack.h"

/* Public places of one kind in polygon g (g NULL: all of them). */
static long places(const pack *P, csm_kind kind, const csm_geom *g)
{
    long n = 0, any = 0;
    size_t i, k;

    for (i = 0; i < P->spec->nlayer; i++) {
        const csm_layer *l = P->layers[i];
        if (P->spec->layer[i].kind != kind || !l)
            continue;
        any = 1;
        for (k = 0; k < l->n; k++)
            n += !g || csm_geom_contains(g, csm_geom_anchor(&l->feat[k].geom));
    }
    return any ? n : -1;
}

/* "400 m", "1.5 km". */
static void length_text(double m, char *buf, size_t n)
{
    if (m >= 1000.0)
        snprintf(buf, n, "%g km", m / 1000.0);
    else
        snprintf(buf, n, "%.0f m", m);
}

static int cover(const pack *P, const char *date, size_t npage, int panels,
                 const char *why_none, csm_page **out, csm_error *err)
{
    const csm_spec *sp = P->spec;
    const char *cav[12];
    char title[256], sub[384], contents[512], c1[384], c2[384], len[32];
    char stmt[1024];
    csm_front f;
    size_t nc = 0, i, pg = 2;

    length_text(P->opt->radius_m, len, sizeof len);
    snprintf(title, sizeof title, "Location pack: %s", P->site_name);
    snprintf(sub, sizeof sub, "%s%sSite: %s, layer '%s' %s%s%s", sp->title,
             sp->title && *sp->title ? ". " : "", P->site_name, P->place_layer,
             P->place_id, P->figs ? ", in " : "", P->figs ? P->area_name : "");
    snprintf(contents, sizeof contents,
             "the site and its surroundings within %s (page %zu)", len, pg);
    if (panels) {
        pg++;
        snprintf(contents + strlen(contents),
                 sizeof contents - strlen(contents), "; time of day (page %zu)",
                 pg);
    }
    if (P->figs) {
        pg++;
        snprintf(contents + strlen(contents),
                 sizeof contents - strlen(contents),
                 "; figures for %s (page %zu)", P->area_name, pg);
    }
    snprintf(contents + strlen(contents), sizeof contents - strlen(contents),
             "; notes for the conference (page %zu)", npage);
    if (P->figs)
        snprintf(c1, sizeof c1,
                 "The figures are for %s, the area of layer '%s' holding the "
                 "site, beside %s; an incident counts where it happened.",
                 P->area_name, sp->layer[P->by].name, P->comparator);
    else
        snprintf(c1, sizeof c1, "No figures: %s.", P->why ? P->why : "none");
    cav[nc++] = c1;
    snprintf(c2, sizeof c2,
             "The maps draw every layer as csmap render does: sensitive "
             "layers only after protection, never a record's own location.");
    cav[nc++] = c2;
    if (!panels && why_none && *why_none)
        cav[nc++] = why_none;
    for (i = 0; i < sp->atlas.ncaveats && nc < 12; i++)
        cav[nc++] = sp->atlas.caveats[i];
    memset(&f, 0, sizeof f);
    f.title = title;
    f.subtitle = sub;
    f.marking = sp->marking;
    f.date = date;
    f.owner = sp->owner;
    f.review = sp->atlas.review;
    f.period = P->figs && P->period[0] ? P->period : NULL;
    f.contents_label = "Contents";
    f.contents = contents;
    /* the time-of-day page protects each band on its own, unless its
     * counts are the figures' */
    snprintf(stmt, sizeof stmt, "%s%s%s", sp->statement ? sp->statement : "",
             panels ? ". Time of day: " : "",
             !panels          ? ""
             : P->band_counts ? "each band's counts per area are the "
                                "figures' own, audited with them"
                              : "each band counted and protected on its own");
    f.statement = stmt;
    f.sources = (const char *const *)sp->sources;
    f.nsources = sp->nsources;
    f.caveats = cav;
    f.ncaveats = nc;
    f.page_size = sp->page_size;
    f.landscape = sp->landscape;
    f.margin_mm = sp->margin_mm;
    f.font = P->style->font;
    return csm_compose_cover(&f, csm_render_measure, out, err);
}

static int site(const pack *P, const char *date, csm_page **out, csm_error *err)
{
    char title[256], sub[256], len[32];
    csm_site_page s;

    length_text(P->opt->radius_m, len, sizeof len);
    snprintf(title, sizeof title, "%s and its surroundings", P->site_name);
    memset(&s, 0, sizeof s);
    s.site = &P->layers[P->li]->feat[P->fi].geom;
    if (s.site->type == CSM_GEOM_POINT)
        snprintf(sub, sizeof sub,
                 "Site: layer '%s' %s, ringed; dashed circle: %s from it",
                 P->place_layer, P->place_id, len);
    else
        snprintf(sub, sizeof sub,
                 "Site: layer '%s' %s, outlined; shown with %s round it",
                 P->place_layer, P->place_id, len);
    s.name = P->site_name;
    s.title = title;
    s.subtitle = sub;
    s.layer = P->li;
    s.feat = P->fi;
    s.radius_m = P->opt->radius_m;
    return csm_compose_site(P->spec, P->style, P->layers, &s, date,
                            csm_render_measure, out, err);
}

static int figures(const pack *P, const char *date, csm_page **out,
                   csm_error *err)
{
    const csm_geom *g = &P->layers[P->by]->feat[P->area].geom;
    char title[256], sub[384];
    csm_profile_page pp;

    snprintf(title, sizeof title, "Figures: %s", P->area_name);
    snprintf(sub, sizeof sub, "The area of layer '%s' holding %s, beside %s",
             P->spec->layer[P->by].name, P->site_name, P->comparator);
    memset(&pp, 0, sizeof pp);
    pp.name = title;
    pp.subtitle = sub;
    pp.area = g;
    pp.margin_m = P->spec->atlas.margin_m;
    pp.prof = P->prof;
    pp.index = P->area;
    pp.whole_name = P->comparator;
    pp.cat_label = (const char *const *)P->cat_label;
    pp.band_label = (const char *const *)P->band_label;
    /* rates per 1,000 from the shown counts, as the atlas's */
    cli_figures_rates(&pp, P->population, P->whole_pop,
                      P->spec->atlas.population_label);
    pp.schools = places(P, CSM_KIND_SCHOOL, g);
    pp.hubs = places(P, CSM_KIND_HUB, g);
    pp.whole_schools = places(P, CSM_KIND_SCHOOL, NULL);
    pp.whole_hubs = places(P, CSM_KIND_HUB, NULL);
    pp.period = P->period[0] ? P->period : NULL;
    pp.min_count = P->pol.min_count;
    pp.round_base = P->pol.round_base;
    return csm_compose_profile(P->spec, P->style, P->layers, &pp, date,
                               csm_render_measure, out, err);
}

static int notes(const pack *P, const char *date, csm_page **out,
                 csm_error *err)
{
    static const char *const field[] = {"Date of meeting", "Chair",
                                        "Notes taken by"};
    static const csm_notes_block block[] = {
        {"Attendees and agencies", "Name|Agency and role|Contact", 0.9},
        {"Observations", NULL, 1.3},
        {"Actions", "Action|Who|By when", 1.0}};
    char title[256], sub[256];
    csm_notes_page np;

    snprintf(title, sizeof title, "Notes: %s", P->site_name);
    snprintf(sub, sizeof sub,
             "Location assessment conference. Record what partners see and "
             "agree; no child's name or details on this page");
    memset(&np, 0, sizeof np);
    np.title = title;
    np.subtitle = sub;
    np.field = field;
    np.nfield = sizeof field / sizeof *field;
    np.block = block;
    np.nblock = sizeof block / sizeof *block;
    np.font = P->style->font;
    return csm_compose_notes_page(P->spec, &np, date, csm_render_measure, out,
                                  err);
}

/* The time-of-day maps of the site page's surroundings (panels.c); a
 * spec with nothing to split by time has none: *why says so, and the
 * pack goes on without them. */
static int panels(pack *P, const char *date, csm_page **out, char *why,
                  size_t n, csm_error *err)
{
    const csm_geom *g = &P->layers[P->li]->feat[P->fi].geom;
    double r = P->opt->radius_m * 1.08; /* as the site page */
    char title[256], sub[256], len[32];
    cli_panels_opts o;
    csm_box box;
    char *stmt = NULL;
    int rc;

    csm_geom_bounds(g, &box);
    box = (csm_box){box.minx - r, box.miny - r, box.maxx + r, box.maxy + r};
    length_text(P->opt->radius_m, len, sizeof len);
    snprintf(title, sizeof title, "%s: time of day", P->site_name);
    snprintf(sub, sizeof sub, "Within %s of %s", len, P->site_name);
    memset(&o, 0, sizeof o);
    o.spec_path = P->opt->spec;
    o.style = P->style;
    o.key = P->opt->key;
    o.date = date;
    o.extent = &box;
    o.title = title;
    o.subtitle = sub;
    o.numbered = 1;
    o.cells_hidden = P->band_hidden;
    /* counted in the figures' areas: each band from the figures' own
     * audited values (pack_band_counts), so the two pages agree */
    P->band_counts = P->map_counts && P->prof->nband;
    if (P->band_counts) {
        o.adjust = pack_band_counts;
        o.adjust_arg = P;
        o.band_note = "each time band's counts per area are the figures' "
                      "own, audited with them";
    }
    rc = cli_time_panels_page(&o, out, &stmt, err);
    free(stmt);
    P->panels = *out != NULL;
    if (rc == CSM_EUSAGE) { /* nothing to split by time: no page */
        snprintf(why, n, "No time-of-day maps: %s.", err->msg);
        err->code = CSM_OK;
        err->msg[0] = '\0';
        rc = CSM_OK;
    }
    return rc;
}

int pack_pages(pack *P, const char *date, csm_page **page, size_t max,
               size_t *n, csm_error *err)
{
    csm_page *tod = NULL;
    char why[320] = "";
    size_t total;
    int rc;

    *n = 0;
    if (max < 5)
        return csm_fail(err, CSM_ENOMEM, "too many pages");
    rc = panels(P, date, &tod, why, sizeof why, err);
    total = 3 + (tod != NULL) + (size_t)P->figs;
    if (!rc)
        rc = cover(P, date, total, tod != NULL, why, &page[*n], err);
    if (!rc)
        rc = site(P, date, &page[++*n], err);
    if (!rc && tod) {
        page[++*n] = tod;
        tod = NULL;
    }
    if (!rc && P->figs)
        rc = figures(P, date, &page[++*n], err);
    if (!rc)
        rc = notes(P, date, &page[++*n], err);
    if (!rc)
        ++*n;
    csm_page_free(tod);
    return rc;
}
