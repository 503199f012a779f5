/* variant.c - the tool: one spec run several times over, once per period
 * (compare.c) or per time band (panels.c).  Each run loads the spec
 * afresh, narrows a when: filter and goes through the whole of render's
 * pipeline up to composing, so each period or band is filtered and
 * protected on its own: suppression and rounding never see another
 * period's rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* prepare.c wrote "LEGEND (when text)" for a filtered layer; the page's
 * one legend speaks for every map, so the variant's own part goes and
 * the spec's own filter (if any) comes back. */
static int restore_legend(csm_layer_spec *ls, const csm_when *orig,
                          csm_error *err)
{
    char now[300], was[300], *at, *lg;
    size_t n;

    if (!ls->legend)
        return CSM_OK;
    now[0] = ' ';
    now[1] = '(';
    csm_analyse_when_text(&ls->when, now + 2, sizeof now - 4);
    strcat(now, ")");
    if (!(at = strstr(ls->legend, now)))
        return CSM_OK;
    was[0] = '\0';
    if (orig->from_month || orig->to_month || orig->bands || orig->days) {
        was[0] = ' ';
        was[1] = '(';
        csm_analyse_when_text(orig, was + 2, sizeof was - 4);
        strcat(was, ")");
    }
    n = strlen(ls->legend) - strlen(now) + strlen(was) + 1;
    if (!(lg = malloc(n)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    snprintf(lg, n, "%.*s%s%s", (int)(at - ls->legend), ls->legend, was,
             at + strlen(now));
    free(ls->legend);
    ls->legend = lg;
    return CSM_OK;
}

int cli_variant_load(const char *path, const csm_style *style, const char *key,
                     cli_edit_fn edit, const void *arg, cli_variant *v,
                     csm_error *err)
{
    csm_when *orig = NULL;
    size_t i;
    int rc;

    memset(v, 0, sizeof *v);
    rc = csm_spec_load(path, &v->spec, err);
    if (!rc && !(orig = calloc(v->spec->nlayer + 1, sizeof *orig)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; !rc && i < v->spec->nlayer; i++)
        orig[i] = v->spec->layer[i].when;
    if (!rc)
        rc = edit(v->spec, arg, err);
    if (!rc && !(v->layers = calloc(v->spec->nlayer + 1, sizeof *v->layers)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc && !(v->stats = calloc(v->spec->nlayer + 1, sizeof *v->stats)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = cli_load_layers(v->spec, style, v->layers, key, &v->pol, v->stats,
                             err);
    if (!rc)
        rc = cli_resolve_extent(v->spec, err);
    for (i = 0; !rc && i < v->spec->nlayer; i++)
        if (memcmp(&orig[i], &v->spec->layer[i].when, sizeof *orig))
            rc = restore_legend(&v->spec->layer[i], &orig[i], err);
    free(orig);
    if (rc)
        cli_variant_release(v);
    return rc;
}

void cli_variant_release(cli_variant *v)
{
    size_t i;

    for (i = 0; v->layers && v->spec && i < v->spec->nlayer; i++)
        csm_layer_free(v->layers[i]);
    free(v->layers);
    free(v->stats);
    csm_spec_free(v->spec);
    memset(v, 0, sizeof *v);
}

/* The sidecar: inputs by hash, the policy, per layer the rows of the
 * first variant (every variant reads the same files) and the cells of
 * all of them together. */
static int record(const char *output, const char *spec_path,
                  const char *statement, const char *date, const cli_variant *v,
                  size_t nv, const char *const *names, int bands,
                  csm_error *err)
{
    const csm_spec *spec = v[0].spec;
    csm_prov_layer *pl = calloc(spec->nlayer + 1, sizeof *pl);
    size_t *hid = calloc(nv + 1, sizeof *hid);
    csm_provenance p;
    size_t i, k;
    int rc = CSM_OK, any = 0;

    if (!pl || !hid) {
        free(pl);
        free(hid);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (k = 0; k < nv; k++) /* what each map left unshown, for the record */
        for (i = 0; i < v[k].spec->nlayer; i++)
            hid[k] += v[k].stats[i].cells_suppressed;
    memcpy(pl, v[0].stats, spec->nlayer * sizeof *pl);
    for (k = 1; k < nv; k++)
        for (i = 0; i < spec->nlayer && i < v[k].spec->nlayer; i++) {
            pl[i].cells += v[k].stats[i].cells;
            pl[i].cells_shown += v[k].stats[i].cells_shown;
            pl[i].cells_suppressed += v[k].stats[i].cells_suppressed;
        }
    memset(&p, 0, sizeof p);
    p.command = "render";
    p.spec = cli_given_path(spec_path, NULL);
    p.marking = spec->marking;
    p.date = date;
    p.statement = statement;
    p.sources = (const char *const *)spec->sources;
    p.nsources = spec->nsources;
    p.layer = pl;
    p.nlayer = spec->nlayer;
    if (names && bands) {
        p.bands = names;
        p.nbands = nv;
        p.band_cells_suppressed = hid;
    } else if (names) {
        p.periods = names;
        p.nperiods = nv;
    }
    for (i = 0; !rc && i < spec->nlayer; i++) {
        rc = cli_sidecar_layer(&spec->layer[i], spec->dir, &pl[i], err);
        any |= pl[i].method != CSM_PROTECT_NONE;
    }
    p.pol = any ? &v[0].pol : NULL;
    if (!rc)
        rc = csm_digest_file(spec_path, p.spec_sha256, err);
    if (!rc)
        rc = cli_sidecar_policy(spec, &p, err);
    if (!rc)
        rc = cli_sidecar_write(output, &p, err);
    free(hid);
    free(pl);
    return rc;
}

int cli_variant_write(const char *output, const char *spec_path,
                      csm_page *const *pages, size_t n, int format, double dpi,
                      const char *statement, const cli_variant *v, size_t nv,
                      const char *const *names, int bands, csm_error *err)
{
    csm_buf bytes;
    int rc;

    csm_buf_init(&bytes);
    if (n > 1 && format != CSM_FORMAT_PDF)
        return csm_fail(err, CSM_EUSAGE,
                        "%zu pages need a PDF: write "
                        "OUT.pdf, or compare fewer periods",
                        n);
    rc = csm_render_pages((const csm_page *const *)pages, n, (csm_format)format,
                          dpi, &bytes, err);
    if (!rc)
        rc = csm_write_file(output, &bytes, err);
    if (!rc) {
        rc = record(output, spec_path, statement, pages[0]->date, v, nv, names,
                    bands, err);
        if (rc)
            unlink(output); /* a map is not left without its record */
    }
    csm_buf_release(&bytes);
    return rc;
}
