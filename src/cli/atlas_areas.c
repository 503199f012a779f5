/* atlas_areas.c - `csmap atlas`, step 1 continued: which pages, in what
 * order and under what file names; the public counts of places in each
 * area; the texts every page shares; and the hash that lets --resume
 * trust a page made earlier.  Slices for --shard are taken from the same
 * sorted list in every shard, so every shard names and numbers alike. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "atlas.h"

static int by_name(const void *pa, const void *pb)
{
    const atlas_area *a = pa, *b = pb;
    int c = strcasecmp(a->name, b->name);

    if (!c)
        c = strcmp(a->name, b->name);
    return c ? c : (a->feat > b->feat) - (a->feat < b->feat);
}

/* "007-mill-lane-estate": the number keeps names unique and files in
 * page order; the rest is the name in lower-case ASCII. */
static void slugify(const char *name, size_t ordinal, int width, char *out,
                    size_t n)
{
    size_t o = (size_t)snprintf(out, n, "%0*zu", width, ordinal + 1);
    int dash = 1;

    for (; *name && o + 2 < n && o < 60; name++) {
        unsigned char ch = (unsigned char)*name;
        if (ch < 0x80 && isalnum(ch)) {
            if (dash)
                out[o++] = '-';
            out[o++] = (char)tolower(ch);
            dash = 0;
        } else if (ch < 0x80 || (ch & 0xc0) == 0xc0) {
            dash = 1; /* one dash per run of anything else */
        }
    }
    out[o] = '\0';
}

/* Point features of l with a point inside g. */
static long points_in(const csm_layer *l, const csm_geom *g)
{
    size_t i, v;
    long n = 0;

    for (i = 0; i < l->n; i++) {
        const csm_geom *p = &l->feat[i].geom;
        if (p->type != CSM_GEOM_POINT)
            continue;
        for (v = 0; v < p->npt; v++)
            if (csm_geom_contains(g, p->pt[v])) {
                n++;
                break;
            }
    }
    return n;
}

/* Schools and transport hubs: public places, counted as they are. */
static long places(const atlas *A, csm_kind kind, const csm_geom *g)
{
    size_t i;
    long n = -1;

    for (i = 0; i < A->spec->nlayer; i++)
        if (A->spec->layer[i].kind == kind && A->layers[i])
            n = (n < 0 ? 0 : n) + points_in(A->layers[i], g);
    return n;
}

/* The same over every usable area, each place once. */
static long places_all(const atlas *A, csm_kind kind)
{
    size_t i, j, k, v;
    long n = -1;

    for (i = 0; i < A->spec->nlayer; i++) {
        const csm_layer *l = A->layers[i];
        if (A->spec->layer[i].kind != kind || !l)
            continue;
        n = n < 0 ? 0 : n;
        for (j = 0; j < l->n; j++) {
            const csm_geom *p = &l->feat[j].geom;
            int in = 0;
            for (k = 0; k < A->cov->n && !in && p->type == CSM_GEOM_POINT; k++)
                for (v = 0; v < p->npt && !in; v++)
                    in = !csm_anonymise_area_problem(&A->cov->feat[k].geom) &&
                         csm_geom_contains(&A->cov->feat[k].geom, p->pt[v]);
            n += in;
        }
    }
    return n;
}

static int pick(atlas *A, const unsigned char *keep, csm_error *err)
{
    const csm_layer *cov = A->cov;
    int fn = 0, fp = cov->nfield > 1 ? 1 : -1;
    size_t k;
    char buf[64];

    if (!(A->area = calloc(cov->n + 1, sizeof *A->area)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    /* the comparator's rate needs every area's population */
    A->whole_pop = cli_figures_whole_population(cov, fp);
    for (k = 0; k < cov->n; k++) {
        const char *name = csm_layer_value(cov, k, fn);
        const char *problem = csm_anonymise_area_problem(&cov->feat[k].geom);
        double pop = cli_figures_population(cov, k, fp);
        atlas_area *a;
        if (keep && !keep[k])
            continue;
        a = &A->area[A->narea++];
        a->feat = k;
        a->problem = problem;
        a->population = pop;
        snprintf(buf, sizeof buf, "row %ld", cov->feat[k].row);
        if (!(a->name = csm_strdup(name && *name ? name : buf)))
            return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    return CSM_OK;
}

int atlas_areas(atlas *A, const unsigned char *keep, csm_error *err)
{
    const atlas_opt *o = A->opt;
    size_t i;
    int width = 3, rc;

    if ((rc = pick(A, keep, err)))
        return rc;
    qsort(A->area, A->narea, sizeof *A->area, by_name);
    for (i = A->narea; i >= 1000; i /= 10)
        width++;
    for (i = 0; i < A->narea; i++) {
        atlas_area *a = &A->area[i];
        const csm_geom *g = &A->cov->feat[a->feat].geom;
        slugify(a->name, i, width, a->slug, sizeof a->slug);
        a->mine = (int)(i % (size_t)o->shard_n) == o->shard_k - 1;
        a->schools = a->problem ? -1 : places(A, CSM_KIND_SCHOOL, g);
        a->hubs = a->problem ? -1 : places(A, CSM_KIND_HUB, g);
    }
    A->whole_schools = places_all(A, CSM_KIND_SCHOOL);
    A->whole_hubs = places_all(A, CSM_KIND_HUB);
    return CSM_OK;
}

/* --- texts every page shares ------------------------------------------- */

const char *atlas_unit(const atlas *A)
{
    const csm_layer_spec *ls = &A->spec->layer[A->ci];

    if (!ls->protect_records)
        return NULL;
    return ls->protect_unit ? ls->protect_unit : "records";
}

/* The statement: the figures' method, the audit, then any other sensitive
 * layer's clause; every page's footer carries it. */
static int statement(atlas *A, csm_error *err)
{
    char line[512];
    csm_buf b;
    int rc;

    if (atlas_unit(A))
        csm_anonymise_statement_records(CSM_PROTECT_AREA, &A->pol, 0.0,
                                        atlas_unit(A), line, sizeof line);
    else
        csm_anonymise_statement(CSM_PROTECT_AREA, &A->pol, 0.0, line,
                                sizeof line);
    csm_buf_init(&b);
    rc = csm_buf_printf(&b, err,
                        "%s; areas and periods that overlap checked so that "
                        "no figure reveals fewer than %d %s by "
                        "subtraction",
                        line, A->pol.min_count,
                        atlas_unit(A) ? atlas_unit(A) : "children");
    if (!rc && cli_figures_others(A->spec, A->ci) && A->spec->statement &&
        *A->spec->statement)
        rc = csm_buf_printf(&b, err, "; %s", A->spec->statement);
    if (!rc && !(A->statement = csm_strdup((const char *)b.data)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    csm_buf_release(&b);
    if (!rc) {
        free(A->spec->statement);
        if (!(A->spec->statement = csm_strdup(A->statement)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    return rc;
}

int atlas_strings(atlas *A, csm_error *err)
{
    int rc;

    cli_figures_period(A->prof, A->period, sizeof A->period);
    A->comparator = cli_figures_comparator(A->spec, &A->spec->layer[A->by]);
    A->subtitle = csm_strdup(A->spec->title);
    if (!A->comparator || !A->subtitle)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = cli_figures_labels(A->style, &A->spec->layer[A->ci], A->prof,
                            &A->cat_label, &A->band_label, err);
    return rc ? rc : statement(A, err);
}

/* --- what a page depends on -------------------------------------------- */

static int hash_file(csm_buf *b, const char *what, const char *path,
                     csm_error *err)
{
    char hex[CSM_SHA256_HEX];
    int rc;

    if (!path)
        return csm_buf_printf(b, err, "%s -\n", what);
    if ((rc = csm_digest_file(path, hex, err)))
        return rc;
    return csm_buf_printf(b, err, "%s %s\n", what, hex);
}

/* Every input's SHA-256 and every setting that changes a page.  Not the
 * shard or the number of workers: every way of making a page gives the
 * same page. */
int atlas_hash(atlas *A, csm_error *err)
{
    const atlas_opt *o = A->opt;
    const csm_spec *sp = A->spec;
    csm_buf b;
    size_t i;
    int rc;

    csm_buf_init(&b);
    rc = csm_buf_printf(&b, err, "csmap atlas %s\n", csm_version());
    if (!rc)
        rc = hash_file(&b, "spec", o->spec, err);
    if (!rc)
        rc = hash_file(&b, "style", A->style->path, err);
    if (!rc)
        rc = hash_file(&b, "policy", sp->policy, err);
    for (i = 0; !rc && i < sp->nlayer; i++) {
        const csm_layer_spec *ls = &sp->layer[i];
        csm_prov_layer pl;
        memset(&pl, 0, sizeof pl);
        rc = cli_sidecar_layer(ls, sp->dir, &pl, err);
        if (!rc)
            rc = csm_buf_printf(&b, err, "layer %s %s\n", ls->name,
                                pl.sha256[0] ? pl.sha256 : ls->source);
        if (!rc && ls->associations)
            rc = hash_file(&b, "associations", ls->associations, err);
        if (!rc && ls->protect_key)
            rc = hash_file(&b, "key", ls->protect_key, err);
    }
    if (!rc && o->key)
        rc = hash_file(&b, "key", o->key, err);
    if (!rc)
        rc = csm_buf_printf(&b, err,
                            "format %d dpi %g date %s by %s name %s where %s "
                            "population %s\n",
                            o->to_dir ? o->format : -1, o->dpi,
                            o->date    ? o->date
                            : sp->date ? sp->date
                                       : "-",
                            sp->layer[A->by].name, o->name ? o->name : "-",
                            o->where ? o->where : "-",
                            o->population ? o->population : "-");
    if (!rc)
        rc = csm_digest_text((const char *)b.data, A->hash, err);
    csm_buf_release(&b);
    return rc;
}
