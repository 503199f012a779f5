/* compare.c - the tool: period comparison (`compare:` in a spec, or
 * render's --compare).  The same map for each period, side by side at one
 * extent and scale, then a change map and a change table.
 *
 * Each period is its own run of the pipeline (variant.c): the concern
 * layers filtered by their date: field to the period, then protected
 * (aggregated, small counts suppressed, dominance, rounding) on their
 * own.  The change is worked out only from shown values, and only where
 * both periods show a count: a suppressed side makes the change "not
 * shown" (hatched on the map, "—" in the table), since a change next to
 * one known figure would give away the other.  Periods are equally long
 * and disjoint (csm_compare_check), so no period nests in another and
 * no count can be had by subtracting one from another (PRIVACY.md
 * section 8 row 8, section 9 test 8). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

/* The layer whose change is mapped: compare's layer:, else the first
 * concern layer with a date. */
static int compared_layer(const csm_spec *spec, csm_error *err)
{
    size_t i;

    for (i = 0; i < spec->nlayer; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        if (spec->compare.layer ? !strcmp(ls->name, spec->compare.layer)
                                : ls->kind == CSM_KIND_CONCERN && ls->date)
            break;
    }
    if (i == spec->nlayer)
        return -csm_fail(err, CSM_EUSAGE,
                         "%s: compare needs a concern layer with a date: "
                         "field",
                         spec->path);
    if (spec->layer[i].protect != CSM_PROTECT_AREA &&
        spec->layer[i].protect != CSM_PROTECT_GRID &&
        spec->layer[i].protect != CSM_PROTECT_HEX)
        return -csm_fail(err, CSM_EUSAGE,
                         "%s: compare: layer '%s' must be counted (protect: "
                         "method area, grid or hex) to map its change",
                         spec->path, spec->layer[i].name);
    return (int)i;
}

/* Every concern layer with a date keeps only the period's months (the
 * period replaces its own from/to; its bands and days stay). */
static int by_period(csm_spec *spec, const void *arg, csm_error *err)
{
    const csm_period *p = arg;
    size_t i;
    int li = compared_layer(spec, err);

    if (li < 0)
        return -li;
    for (i = 0; i < spec->nlayer; i++) {
        csm_layer_spec *ls = &spec->layer[i];
        if ((ls->kind != CSM_KIND_CONCERN || !ls->date) && (int)i != li)
            continue;
        ls->when.from_month = p->from_month;
        ls->when.to_month = p->to_month;
    }
    return CSM_OK;
}

/* ---- the pages -------------------------------------------------------- */

typedef struct cmp {
    const csm_compare_spec *cs;
    cli_variant v[CSM_MAX_PERIODS];
    char head[CSM_MAX_PERIODS][64];
    csm_spec chspec;          /* the last period's, its layers copied */
    csm_layer_spec *chls;     /* chspec.layer */
    csm_layer **chlayers;     /* the last period's, change and empties */
    csm_layer *empty, *delta; /* owned */
    change ch;
    ctable table;
    char *stmt, *sub, *chead;
} cmp;

static int change_map(cmp *x, int li, csm_error *err)
{
    const cli_variant *last = &x->v[x->cs->nperiod - 1];
    size_t n = last->spec->nlayer, i, np = x->cs->nperiod;
    static const char *const nofield[1] = {"children"};
    char from[64], to[64], buf[200];
    int rc;

    x->chspec = *last->spec;
    x->chls = calloc(n + 1, sizeof *x->chls);
    x->chlayers = calloc(n + 1, sizeof *x->chlayers);
    x->empty = csm_layer_new("empty", nofield, 1);
    if (!x->chls || !x->chlayers || !x->empty)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    memcpy(x->chls, last->spec->layer, n * sizeof *x->chls);
    for (i = 0; i < n; i++) {
        const csm_layer_spec *ls = &last->spec->layer[i];
        int dated = ls->kind == CSM_KIND_CONCERN && ls->date;
        x->chlayers[i] = dated ? x->empty : last->layers[i];
    }
    x->chspec.layer = x->chls;
    rc = compare_gather(&x->ch, x->v, np, li, err);
    if (!rc)
        rc = compare_layer(&x->ch, 0, np - 1, &x->delta, err);
    if (rc)
        return rc;
    x->chlayers[li] = x->delta;
    compare_period_head(&x->cs->period[0], from, sizeof from);
    compare_period_head(&x->cs->period[np - 1], to, sizeof to);
    /* its own strings from here: change_classes replaces the borrowed
     * ones, and classes_free frees only those */
    x->chls[li].cls = NULL;
    rc = compare_classes(&x->chls[li], &x->ch, from, to, err);
    snprintf(buf, sizeof buf, "Change, %s to %s", from, to);
    if (!rc && !(x->chead = csm_strdup(buf)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    return rc;
}

static void cmp_release(cmp *x, int li)
{
    size_t k;

    if (x->chls && li >= 0 && x->chls[li].cls)
        compare_classes_free(&x->chls[li]);
    free(x->chls);
    free(x->chlayers);
    csm_layer_free(x->empty);
    csm_layer_free(x->delta);
    compare_change_free(&x->ch);
    compare_table_free(&x->table);
    for (k = 0; k < CSM_MAX_PERIODS; k++)
        cli_variant_release(&x->v[k]);
    free(x->stmt);
    free(x->sub);
    free(x->chead);
}

static int texts(cmp *x, csm_error *err)
{
    const csm_spec *sp = x->v[0].spec;
    csm_buf b;
    size_t p;
    int rc;

    csm_buf_init(&b);
    rc = csm_buf_printf(&b, err,
                        "%s%seach period counted and protected on "
                        "its own; a change is shown only where both "
                        "periods are shown",
                        sp->statement ? sp->statement : "",
                        sp->statement ? "; " : "");
    if (!rc && !(x->stmt = csm_strdup((const char *)b.data)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    b.len = 0;
    if (!rc)
        rc = csm_buf_printf(
            &b, err, "Comparing %zu periods of %d month%s: ", x->cs->nperiod,
            x->cs->period[0].to_month - x->cs->period[0].from_month + 1,
            x->cs->period[0].to_month == x->cs->period[0].from_month ? ""
                                                                     : "s");
    for (p = 0; !rc && p < x->cs->nperiod; p++) {
        char t[64];
        csm_period_text(&x->cs->period[p], 1, t, sizeof t);
        rc = csm_buf_printf(&b, err, "%s%s",
                            p == 0                    ? ""
                            : p + 1 == x->cs->nperiod ? " and "
                                                      : ", ",
                            t);
    }
    if (!rc && sp->subtitle)
        rc = csm_buf_printf(&b, err, ". %s", sp->subtitle);
    if (!rc && !(x->sub = csm_strdup((const char *)b.data)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    csm_buf_release(&b);
    return rc;
}

/* The pages: periods and change map on one page with the table when
 * they fit four maps; else the periods first, then the change map and
 * the table. */
static int pages(cmp *x, const csm_style *style, const char *date,
                 csm_page **pg, size_t *npage, csm_error *err)
{
    csm_multiple mu[CSM_MAX_PERIODS + 1];
    csm_multiples_page mp;
    csm_box ext1;
    double scale1;
    size_t np = x->cs->nperiod, p;
    int rc;

    *npage = 0;
    for (p = 0; p < np; p++) {
        compare_period_head(&x->cs->period[p], x->head[p], sizeof x->head[p]);
        mu[p].heading = x->head[p];
        mu[p].spec = x->v[p].spec;
        mu[p].layers = x->v[p].layers;
    }
    mu[np].heading = x->chead;
    mu[np].spec = &x->chspec;
    mu[np].layers = x->chlayers;
    memset(&mp, 0, sizeof mp);
    mp.subtitle = x->sub;
    mp.statement = x->stmt;
    mp.table = &x->table.t;
    if (np + 1 <= 4) {
        mp.map = mu;
        mp.nmap = np + 1;
        rc = csm_compose_multiples(x->v[0].spec, style, &mp, date,
                                   csm_render_measure, &pg[0], err);
        *npage = !rc;
        return rc;
    }
    mp.map = mu;
    mp.nmap = np;
    mp.table = NULL;
    rc = csm_compose_multiples(x->v[0].spec, style, &mp, date,
                               csm_render_measure, &pg[0], err);
    if (rc)
        return rc;
    *npage = 1;
    /* the change map alone on its page: at the periods' extent and scale,
     * not the larger one the free page would allow, so the geography
     * compares; should the table leave it less room, the periods' page is
     * made again at the change map's scale */
    ext1 = pg[0]->extent;
    scale1 = pg[0]->scale;
    mp.map = &mu[np];
    mp.nmap = 1;
    mp.table = &x->table.t;
    mp.extent = &ext1;
    mp.scale = scale1;
    rc = csm_compose_multiples(x->v[0].spec, style, &mp, date,
                               csm_render_measure, &pg[1], err);
    if (rc)
        return rc;
    *npage = 2;
    if (pg[1]->scale > scale1 * (1.0 + 1e-9)) {
        csm_page *again = NULL;
        mp.map = mu;
        mp.nmap = np;
        mp.table = NULL;
        mp.scale = pg[1]->scale;
        rc = csm_compose_multiples(x->v[0].spec, style, &mp, date,
                                   csm_render_measure, &again, err);
        if (rc)
            return rc;
        csm_page_free(pg[0]);
        pg[0] = again;
    }
    return rc;
}

/* The pages and their record, which names the periods compared. */
static int write_out(const cmp *x, const char *output, const char *spec_path,
                     csm_page **pg, size_t np, int format, double dpi,
                     csm_error *err)
{
    char text[CSM_MAX_PERIODS][32];
    const char *name[CSM_MAX_PERIODS];
    size_t p;

    for (p = 0; p < x->cs->nperiod; p++) {
        csm_period_text(&x->cs->period[p], 0, text[p], sizeof text[p]);
        name[p] = text[p];
    }
    return cli_variant_write(output, spec_path, pg, np, format, dpi, x->stmt,
                             x->v, x->cs->nperiod, name, 0, err);
}

int cli_compare_render(const char *spec_path, const char *style_path,
                       const char *periods, const char *key, const char *date,
                       const char *output, int format, double dpi,
                       csm_error *err)
{
    csm_compare_spec cs;
    csm_spec *spec = NULL;
    csm_style *style = NULL;
    csm_page *pg[2] = {NULL, NULL};
    char *sty = NULL;
    size_t np = 0, p;
    int rc, li = -1;
    cmp *x = calloc(1, sizeof *x);

    memset(&cs, 0, sizeof cs);
    if (!x)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = periods ? csm_compare_parse(periods, &cs, err) : CSM_OK;
    if (!rc)
        rc = csm_spec_load(spec_path, &spec, err);
    if (!rc && !periods) {
        cs.nperiod = spec->compare.nperiod;
        memcpy(cs.period, spec->compare.period, sizeof cs.period);
    }
    if (!rc)
        rc = csm_compare_check(&cs, err);
    if (!rc && (li = compared_layer(spec, err)) < 0)
        rc = -li;
    if (!rc && !(sty = style_path ? cli_style_path(style_path)
                                  : csm_strdup(spec->style)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = csm_style_load(sty, &style, err);
    x->cs = &cs;
    cli_warn_hold(); /* each warning once, not once per period */
    for (p = 0; !rc && p < cs.nperiod; p++)
        rc = cli_variant_load(spec_path, style, key, by_period, &cs.period[p],
                              &x->v[p], err);
    cli_warn_release();
    if (!rc)
        rc = change_map(x, li, err);
    if (!rc)
        rc = compare_table(&x->table, &x->ch, cs.period, err);
    if (!rc)
        rc = texts(x, err);
    if (!rc)
        rc = pages(x, style, date, pg, &np, err);
    if (!rc)
        rc = write_out(x, output, spec_path, pg, np, format, dpi, err);
    for (p = 0; !rc && p < np; p++) /* as render's, page by page */
        cli_note("page %zu: labels placed %zu, dropped %zu; scale 1:%.0f; "
                 "frame %.3f %.3f %.3f %.3f mm, extent %.0f %.0f %.0f %.0f m",
                 p + 1, pg[p]->labels_placed, pg[p]->labels_dropped,
                 pg[p]->scale, pg[p]->frame.minx, pg[p]->frame.miny,
                 pg[p]->frame.maxx, pg[p]->frame.maxy, pg[p]->extent.minx,
                 pg[p]->extent.miny, pg[p]->extent.maxx, pg[p]->extent.maxy);
    if (!rc)
        cli_note("wrote '%s': %zu periods, %zu page%s", output, cs.nperiod, np,
                 np == 1 ? "" : "s");
    for (p = 0; p < 2; p++)
        csm_page_free(pg[p]);
    cmp_release(x, li);
    free(x);
    csm_style_free(style);
    csm_spec_free(spec);
    free(sty);
    return rc;
}
