/* atlas_load.c - `csmap atlas`, step 1: everything read and counted once,
 * in the parent, before any page is made.  The map's layers go through
 * exactly what `csmap render` does (cli_load_layers); the figures come
 * from the counted layer read a second time with the fields they need,
 * prepared the same way (when:, codes), scanned and reduced to months,
 * then csm_anonymise_profiles() and its audit.  The counts drawn on every
 * page's map are those same figures, so a map and its panel never
 * disagree (and no second set of counts escapes the audit). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atlas.h"

/* --by (or atlas: by:) and the counted layer: atlas: concerns:, else the
 * first sensitive concern layer, else the first layer whose protect:
 * counts records (area, grid or hex with count: records). */
static int pick_layers(atlas *A, csm_error *err)
{
    const csm_spec *sp = A->spec;
    const char *by = A->opt->by ? A->opt->by : sp->atlas.by;
    int b = cli_find_layer(sp, by), c = cli_find_layer(sp, sp->atlas.concerns);
    size_t i;

    if (!by)
        return csm_fail(err, CSM_EUSAGE,
                        "atlas: no coverage layer: give "
                        "--by LAYER or atlas: {by: LAYER} in '%s'",
                        sp->path);
    if (b < 0)
        return csm_fail(err, CSM_EUSAGE,
                        "atlas: '%s' names no layer of "
                        "'%s'",
                        by, sp->path);
    if (sp->layer[b].kind != CSM_KIND_AREA)
        return csm_fail(err, CSM_EUSAGE,
                        "atlas: layer '%s' is kind %s: the "
                        "coverage layer must be kind area",
                        by, csm_kind_name(sp->layer[b].kind));
    for (i = 0; c < 0 && i < sp->nlayer; i++)
        if (sp->layer[i].kind == CSM_KIND_CONCERN &&
            sp->layer[i].sensitivity >= CSM_SENS_PSEUDONYMISED)
            c = (int)i;
    for (i = 0; c < 0 && i < sp->nlayer; i++) /* police.uk crimes */
        if (sp->layer[i].protect_records)
            c = (int)i;
    if (c < 0)
        return csm_fail(err, CSM_EUSAGE,
                        "atlas: '%s' has no layer to count: a "
                        "concern layer, or one counted with count: records",
                        sp->path);
    if (!sp->layer[c].subject && !sp->layer[c].protect_records)
        return csm_fail(err, CSM_EDATA,
                        "%s:%d: layer '%s': an atlas counts "
                        "distinct children: name its subject: field (rows "
                        "that are not children, such as police.uk crimes, "
                        "may be counted with count: records in protect:)",
                        sp->path, sp->layer[c].line, sp->layer[c].name);
    A->by = (size_t)b;
    A->ci = (size_t)c;
    return CSM_OK;
}

static const char *name_field(const atlas *A)
{
    const csm_layer_spec *ls = &A->spec->layer[A->by];

    if (A->opt->name)
        return A->opt->name;
    if (A->spec->atlas.name)
        return A->spec->atlas.name;
    return ls->label ? ls->label : ls->id;
}

static const char *population_field(const atlas *A)
{
    return A->opt->population ? A->opt->population : A->spec->atlas.population;
}

/* The same feature read twice: same name, same vertices' bounds.  (Row
 * numbers will not do: a filtered read numbers its rows afresh.) */
static int same_feature(const csm_layer *a, size_t i, const csm_layer *b,
                        size_t j)
{
    const char *na = csm_layer_value(a, i, 0), *nb = csm_layer_value(b, j, 0);
    csm_box ba, bb;

    if ((na == NULL) != (nb == NULL) || (na && strcmp(na, nb)) ||
        a->feat[i].geom.npt != b->feat[j].geom.npt)
        return 0;
    csm_geom_bounds(&a->feat[i].geom, &ba);
    csm_geom_bounds(&b->feat[j].geom, &bb);
    return !memcmp(&ba, &bb, sizeof ba);
}

/* The coverage layer with the fields pages need; then, for --where, which
 * of its features get a page (*keep: one flag per feature, NULL: all). */
static int read_coverage(atlas *A, unsigned char **keep, csm_error *err)
{
    const csm_layer_spec *ls = &A->spec->layer[A->by];
    const char *f[2] = {name_field(A), population_field(A)};
    const char *where = A->opt->where ? A->opt->where : A->spec->atlas.where;
    csm_layer *sub = NULL;
    char *both = NULL;
    size_t i, k;
    int rc;

    *keep = NULL;
    if (!f[0])
        return csm_fail(err, CSM_EUSAGE,
                        "atlas: layer '%s' has no label: "
                        "give --name FIELD",
                        ls->name);
    rc =
        cli_figures_read(A->spec, ls, ls->where, f, f[1] ? 2 : 1, &A->cov, err);
    if (rc || !where)
        return rc;
    if (ls->where && (both = malloc(strlen(ls->where) + strlen(where) + 16)))
        sprintf(both, "(%s) AND (%s)", ls->where, where);
    else if (!ls->where)
        both = csm_strdup(where);
    if (!both)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = cli_figures_read(A->spec, ls, both, f, 1, &sub, err);
    free(both);
    if (!rc && sub->n == 0)
        rc = csm_fail(err, CSM_EDATA,
                      "atlas: no area of layer '%s' matches "
                      "--where",
                      ls->name);
    if (!rc && !(*keep = calloc(A->cov->n + 1, 1)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; !rc && i < sub->n; i++)
        for (k = 0; k < A->cov->n; k++)
            if (!(*keep)[k] && same_feature(A->cov, k, sub, i)) {
                (*keep)[k] = 1;
                break;
            }
    csm_layer_free(sub);
    return rc;
}

/* The counted layer as the map pipeline left it (read, prepared, months)
 * scanned again as a layer about people, its times made band names. */
static int ready_counted(atlas *A, csm_error *err)
{
    const csm_layer_spec *ls = &A->spec->layer[A->ci];
    csm_layer *l = A->layers[A->ci];
    csm_scan_opts so;
    int rc;

    memset(&so, 0, sizeof so);
    so.date_field = csm_layer_field(l, ls->date);
    so.id_name = ls->subject;
    rc = csm_anonymise_scan(l, &so, err);
    if (!rc)
        rc = cli_figures_bands(l, csm_layer_field(l, ls->time), err);
    if (rc)
        csm_error_prefix(err, "%s:%d", A->spec->path, ls->line);
    return rc;
}

static int count(atlas *A, csm_error *err)
{
    const csm_layer_spec *ls = &A->spec->layer[A->ci];
    int rc = ready_counted(A, err);

    if (!rc)
        rc = cli_figures_count(A->spec, ls, A->layers[A->ci], A->cov, &A->pol,
                               ls->protect_records, &A->prof, err);
    if (!rc)
        cli_note("atlas: %zu pairs of areas share locations; %zu figures "
                 "hidden by the differencing audit, %zu to protect others",
                 A->prof->audit.pairs, A->prof->audit.suppressed,
                 A->prof->audit.secondary);
    return rc;
}

/* The counted layer on every map becomes the figures' own counts; the
 * sidecar says what was drawn: the coverage layer's counts. */
static int swap_counts(atlas *A, csm_error *err)
{
    csm_layer_spec *ls = &A->spec->layer[A->ci];
    csm_prov_layer *p = &A->pstats[A->ci];
    csm_layer *l;
    int rc = cli_figures_layer(ls->name, A->cov, A->prof, -1, 0, &A->pol, p, &l,
                               err);

    if (!rc && (rc = cli_as_counts(ls, &A->pol, err)) != CSM_OK)
        csm_layer_free(l);
    if (rc)
        return rc;
    p->method = CSM_PROTECT_AREA;
    p->counted = atlas_unit(A) ? atlas_unit(A) : "distinct subjects";
    p->areas = A->spec->layer[A->by].name;
    p->cell_m = 0.0;
    csm_layer_free(A->layers[A->ci]);
    A->layers[A->ci] = l;
    return CSM_OK;
}

/* Every layer as `csmap render` has it, except the counted one: it stays
 * rows (read, when:, codes, months), for the figures; its protection is
 * the atlas's own (count, swap_counts), whatever its protect: says. */
static int load_layers(atlas *A, csm_error *err)
{
    csm_layer_spec *ls = &A->spec->layer[A->ci];
    csm_sensitivity sens = ls->sensitivity;
    int method = ls->protect, rc;

    ls->sensitivity = CSM_SENS_AGGREGATE;
    ls->protect = CSM_PROTECT_NONE;
    rc = cli_load_layers(A->spec, A->style, A->layers, A->opt->key, &A->pol,
                         A->pstats, err);
    ls->sensitivity = sens;
    ls->protect = method;
    return rc;
}

int atlas_begin(atlas *A, const atlas_opt *o, csm_error *err)
{
    char *sty = NULL;
    int rc;

    memset(A, 0, sizeof *A);
    A->opt = o;
    rc = csm_spec_load(o->spec, &A->spec, err);
    if (!rc && !(sty = o->style ? cli_style_path(o->style)
                                : csm_strdup(A->spec->style)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = csm_style_load(sty, &A->style, err);
    free(sty);
    if (!rc)
        rc = pick_layers(A, err);
    if (!rc) /* the files' bytes, not what reading makes of them */
        rc = atlas_hash(A, err);
    return rc;
}

int atlas_load(atlas *A, csm_error *err)
{
    unsigned char *keep = NULL;
    int rc = CSM_OK;

    if (!(A->layers = calloc(A->spec->nlayer + 1, sizeof *A->layers)) ||
        !(A->pstats = calloc(A->spec->nlayer + 1, sizeof *A->pstats)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = load_layers(A, err);
    if (!rc)
        rc = read_coverage(A, &keep, err);
    if (!rc)
        rc = count(A, err);
    if (!rc)
        rc = swap_counts(A, err);
    if (!rc)
        rc = atlas_areas(A, keep, err);
    if (!rc)
        rc = atlas_strings(A, err);
    free(keep);
    return rc;
}

void atlas_release(atlas *A)
{
    size_t i;

    for (i = 0; A->layers && i < A->spec->nlayer; i++)
        csm_layer_free(A->layers[i]);
    free(A->layers);
    free(A->pstats);
    for (i = 0; i < A->narea; i++)
        free(A->area[i].name);
    free(A->area);
    for (i = 0; A->cat_label && A->prof && i < A->prof->ncat; i++)
        free(A->cat_label[i]);
    free(A->cat_label);
    for (i = 0; A->band_label && A->prof && i < A->prof->nband; i++)
        free(A->band_label[i]);
    free(A->band_label);
    csm_profiles_free(A->prof);
    csm_layer_free(A->cov);
    free(A->statement);
    free(A->comparator);
    free(A->subtitle);
    free(A->work);
    csm_style_free(A->style);
    csm_spec_free(A->spec);
    memset(A, 0, sizeof *A);
}
