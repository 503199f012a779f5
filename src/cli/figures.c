/* figures.c - the figures of every area, as the atlas and the pack count
 * them (figures.h): the counted layer read again as rows with the fields
 * the figures need, its times made bands, counted and audited over the
 * whole coverage layer; the counts layer a map draws from them; their
 * labels and headings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"

int cli_figures_read(const csm_spec *spec, const csm_layer_spec *ls,
                     const char *where, const char *const *f, size_t nf,
                     csm_layer **out, csm_error *err)
{
    csm_read_opts ro;
    int rc;

    cli_read_opts(ls, where, &ro);
    ro.fields = f;
    ro.nfield = nf;
    rc = csm_read_layer(ls->source, &ro, out, err);
    if (!rc)
        rc = csm_project_layer(*out, spec->crs, err);
    if (rc) {
        csm_error_prefix(err, "%s:%d", spec->path, ls->line);
        csm_layer_free(*out);
        *out = NULL;
    }
    return rc;
}

/* "after school", "After-School" or "16:40" as a band name, else NULL. */
static const char *band_of(const char *v)
{
    int b = csm_analyse_band_parse(v), h, m;
    char rest;

    if (b < 0 && v && sscanf(v, "%d:%d%c", &h, &m, &rest) == 2 && h >= 0 &&
        h < 24 && m >= 0 && m < 60)
        b = (int)csm_analyse_band_of(h * 60 + m);
    return b < 0 ? NULL : csm_analyse_band_name((csm_band)b);
}

int cli_figures_bands(csm_layer *l, int field, csm_error *err)
{
    size_t i;

    for (i = 0; field >= 0 && i < l->n; i++) {
        const char *b = band_of(l->feat[i].val[field]);
        char *s = b ? csm_strdup(b) : NULL;
        if (b && !s)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        free(l->feat[i].val[field]);
        l->feat[i].val[field] = s;
    }
    return CSM_OK;
}

int cli_figures_count(const csm_spec *spec, const csm_layer_spec *ls,
                      const csm_layer *rows, const csm_layer *cov,
                      const csm_policy *pol, int count_records,
                      csm_profiles **out, csm_error *err)
{
    const char *bandorder[CSM_BAND_COUNT];
    const char **catorder;
    const csm_vocab *v;
    csm_profile_opts o;
    size_t nv, i;
    int rc;

    for (i = 0; i < CSM_BAND_COUNT; i++)
        bandorder[i] = csm_analyse_band_name((csm_band)i);
    v = csm_vocab_harm(&nv);
    if (!(catorder = calloc(nv + 1, sizeof *catorder)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < nv; i++)
        catorder[i] = v[i].code;
    memset(&o, 0, sizeof o);
    o.subject_field = csm_layer_field(rows, ls->subject);
    o.category_field = csm_layer_field(rows, ls->category);
    o.month_field = csm_layer_field(rows, ls->date);
    o.band_field = csm_layer_field(rows, ls->time);
    o.cat_order = catorder;
    o.ncat_order = nv;
    o.band_order = bandorder;
    o.nband_order = CSM_BAND_COUNT;
    o.count_records = count_records; /* rows, not children */
    rc = csm_anonymise_profiles(rows, cov, &o, pol, out, err);
    if (rc)
        csm_error_prefix(err, "%s:%d", spec->path, ls->line);
    free(catorder);
    return rc;
}

/* The figures' shown value of area k (see cli_figures_layer). */
static long area_value(const csm_profiles *prof, size_t k, int band,
                       long none_v)
{
    if (band == -1)
        return prof->area[k].children;
    return band < 0 ? none_v : prof->area[k].band[band];
}

int cli_figures_layer(const char *name, const csm_layer *cov,
                      const csm_profiles *prof, int band, long none_v,
                      const csm_policy *pol, csm_prov_layer *ps,
                      csm_layer **out, csm_error *err)
{
    static const char *const f[2] = {"children", "band"};
    csm_layer *l = csm_layer_new(name, f, 2);
    size_t k;
    int rc = l ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    *out = NULL;
    if (!rc && cov->crs)
        rc = csm_layer_set_crs(l, cov->crs, err);
    ps->cells = ps->cells_shown = ps->cells_suppressed = 0;
    for (k = 0; !rc && k < cov->n; k++) {
        long shown = area_value(prof, k, band, none_v);
        char num[32], cls[32];
        csm_feature ft;
        if (csm_anonymise_area_problem(&cov->feat[k].geom))
            continue;
        memset(&ft, 0, sizeof ft);
        ft.row = cov->feat[k].row;
        snprintf(num, sizeof num, "%ld", shown);
        csm_anonymise_band(shown, pol, cls, sizeof cls);
        if (!(ft.val = calloc(2, sizeof *ft.val)) ||
            (shown >= 0 && !(ft.val[0] = csm_strdup(num))) ||
            !(ft.val[1] = csm_strdup(cls)) ||
            csm_geom_copy(&ft.geom, &cov->feat[k].geom, err)) {
            if (ft.val) {
                free(ft.val[0]);
                free(ft.val[1]);
            }
            free(ft.val);
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
            break;
        }
        ps->cells++;
        ps->cells_shown += shown > 0;
        ps->cells_suppressed += shown < 0;
        rc = csm_layer_add(l, &ft, err);
    }
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    return rc;
}

static char *code_label(const csm_style *style, const csm_layer_spec *ls,
                        const char *code)
{
    const char *label = NULL;
    const csm_vocab *v;
    size_t n;

    csm_style_resolve(style, ls, code, &label);
    if (!label && (v = csm_vocab_find(csm_vocab_harm(&n), n, code)))
        label = v->label;
    return csm_strdup(label ? label : code);
}

int cli_figures_labels(const csm_style *style, const csm_layer_spec *ls,
                       const csm_profiles *prof, char ***cat_label,
                       char ***band_label, csm_error *err)
{
    size_t k;

    *cat_label = calloc(prof->ncat + 1, sizeof **cat_label);
    *band_label = calloc(prof->nband + 1, sizeof **band_label);
    if (!*cat_label || !*band_label)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < prof->ncat; k++)
        if (!((*cat_label)[k] = code_label(style, ls, prof->cat[k])))
            return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (k = 0; k < prof->nband; k++)
        if (!((*band_label)[k] = csm_strdup(prof->band[k])))
            return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

char *cli_figures_comparator(const csm_spec *spec, const csm_layer_spec *cov)
{
    const char *what = cov->legend ? cov->legend : cov->name;
    char *s;

    if (spec->atlas.comparator) /* "All of Northbridge" */
        return csm_strdup(spec->atlas.comparator);
    if ((s = malloc(strlen(what) + 8))) {
        sprintf(s, "All %s", what); /* "All neighbourhoods" */
        s[4] = (char)tolower((unsigned char)s[4]);
    }
    return s;
}

int cli_figures_others(const csm_spec *spec, size_t ci)
{
    size_t i;

    for (i = 0; i < spec->nlayer; i++)
        if (i != ci && (spec->layer[i].sensitivity >= CSM_SENS_PSEUDONYMISED ||
                        spec->layer[i].kind == CSM_KIND_SAFETY_MAP))
            return 1;
    return 0;
}

double cli_figures_population(const csm_layer *cov, size_t k, int fp)
{
    const char *s = fp >= 0 ? csm_layer_value(cov, k, fp) : NULL;
    char *end;
    double v;

    if (!s)
        return 0.0;
    v = strtod(s, &end);
    return end != s && v > 0.0 ? v : 0.0;
}

double cli_figures_whole_population(const csm_layer *cov, int fp)
{
    double whole = 0.0, pop;
    size_t k;

    for (k = 0; k < cov->n; k++) {
        if (csm_anonymise_area_problem(&cov->feat[k].geom))
            continue;
        if (!((pop = cli_figures_population(cov, k, fp)) > 0.0))
            return 0.0;
        whole += pop;
    }
    return whole;
}

void cli_figures_rates(csm_profile_page *pp, double pop, double whole,
                       const char *label)
{
    pp->population = whole > 0.0 ? pop : 0.0;
    pp->whole_population = whole > 0.0 ? whole : 0.0;
    pp->population_label = label;
}

static const char *const month_name[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

/* The months the figures cover: "March 2026", or "January 2026 to
 * October 2026"; empty when there are none. */
void cli_figures_period(const csm_profiles *p, char *buf, size_t n)
{
    int y0, m0, y1, m1;

    buf[0] = '\0';
    if (!p->nmonth || sscanf(p->month[0], "%d-%d", &y0, &m0) != 2 ||
        sscanf(p->month[p->nmonth - 1], "%d-%d", &y1, &m1) != 2 || m0 < 1 ||
        m0 > 12 || m1 < 1 || m1 > 12)
        return;
    if (p->nmonth == 1)
        snprintf(buf, n, "%s %d", month_name[m0 - 1], y0);
    else
        snprintf(buf, n, "%s %d to %s %d", month_name[m0 - 1], y0,
                 month_name[m1 - 1], y1);
}
