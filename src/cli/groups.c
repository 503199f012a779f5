/* groups.c - the tool's peer-group step: read each peer-group layer's two
 * tables (groups, associations), refuse tables that carry more about a
 * person than a pseudonymous id, scan them for personal data, and replace
 * the layer by its drawable hulls and links (csm_analyse_peer_groups).
 * Runs after the other layers are read, since groups point at them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const assoc_fields[] = {"group", "layer", "place"};

static int named(const char *col, const char *const *f, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (f[i] && !strcmp(f[i], col))
            return 1;
    return 0;
}

/* A table may not hold personal columns, even ones we would drop; and a
 * table of one row per person may hold nothing but the fields named. */
static int check_columns(const csm_layer_spec *ls, const char *path,
                         const char *layer, const char *const *f, size_t nf,
                         int per_person, csm_error *err)
{
    csm_layer *cols = NULL;
    size_t i;
    int rc = csm_read_columns(path, layer, &cols, err);

    for (i = 0; !rc && i < cols->nfield; i++) {
        const char *c = cols->field[i];
        if (csm_anonymise_personal_field(c))
            rc = csm_fail(err, CSM_EPRIVACY,
                          "layer '%s': '%s' has column '%s', which holds "
                          "personal data: peer-group tables may carry only "
                          "a pseudonymous member id; remove the column",
                          ls->name, cols->source ? cols->source : path, c);
        else if (per_person && !named(c, f, nf))
            rc = csm_fail(err, CSM_EPRIVACY,
                          "layer '%s': with one row per person the groups "
                          "table may carry only the group id, a "
                          "pseudonymous member id, size and codes: remove "
                          "column '%s'",
                          ls->name, c);
    }
    csm_layer_free(cols);
    return rc;
}

static int read_table(const csm_layer_spec *ls, const char *path,
                      const char *layer, const char *where,
                      const char *const *f, size_t nf, int per_person,
                      const char *id_name, csm_layer **out, csm_error *err)
{
    csm_read_opts ro;
    csm_scan_opts so;
    int rc = check_columns(ls, path, layer, f, nf, per_person, err);

    memset(&ro, 0, sizeof ro);
    ro.layer = layer;
    ro.where = where;
    ro.fields = f;
    ro.nfield = nf;
    ro.name = ls->name;
    if (!rc)
        rc = csm_read_table(path, &ro, out, err);
    memset(&so, 0, sizeof so);
    so.date_field = -1;
    so.id_name = id_name; /* a short hex pseudonym can look like a postcode */
    if (!rc)
        rc = csm_anonymise_scan(*out, &so, err);
    if (!rc && (*out)->n == 0)
        rc = csm_fail(err, CSM_EDATA, "layer '%s': no rows in '%s'%s", ls->name,
                      (*out)->source, where ? " match its where" : "");
    if (rc) {
        csm_layer_free(*out);
        *out = NULL;
    }
    return rc;
}

static int build_one(const csm_spec *spec, csm_layer **layers, size_t i,
                     csm_error *err)
{
    const csm_layer_spec *ls = &spec->layer[i];
    const char *f[4];
    csm_layer *groups = NULL, *assoc = NULL;
    size_t nf = 0;
    int rc;

    f[nf++] = ls->id;
    if (ls->size)
        f[nf++] = ls->size;
    if (ls->category)
        f[nf++] = ls->category;
    if (ls->subject)
        f[nf++] = ls->subject;
    rc = read_table(ls, ls->source, ls->layer, ls->where, f, nf,
                    ls->subject != NULL, ls->subject ? ls->subject : ls->id,
                    &groups, err);
    if (!rc)
        rc = read_table(ls, ls->associations, NULL, NULL, assoc_fields, 3, 0,
                        "group", &assoc, err);
    if (!rc && (rc = csm_analyse_peer_groups(spec, i, layers, groups, assoc,
                                             &layers[i], err)))
        csm_error_prefix(err, "layer '%s'", ls->name);
    if (!rc)
        cli_note("layer '%s': %zu group rows, %zu associations", ls->name,
                 groups->n, assoc->n);
    csm_layer_free(groups);
    csm_layer_free(assoc);
    return rc;
}

int cli_peer_groups(const csm_spec *spec, csm_layer **layers, csm_error *err)
{
    size_t i;
    int rc = CSM_OK;

    for (i = 0; i < spec->nlayer && !rc; i++) {
        if (spec->layer[i].kind != CSM_KIND_PEER_GROUP)
            continue;
        if ((rc = build_one(spec, layers, i, err)))
            csm_error_prefix(err, "%s:%d", spec->path, spec->layer[i].line);
    }
    return rc;
}
