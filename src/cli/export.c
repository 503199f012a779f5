/* export.c - what `csmap anonymise` does to a protected layer before it
 * leaves for another agency: category codes only (no free text beside a
 * point), identifiers stripped, coordinates to 1 m, a last personal-data
 * scan of every attribute (what a Shapefile's .dbf will hold), then the
 * atomic write.  Nothing here may loosen what protect.c did. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* A category is a code from a short list, never free text: a donut export
 * carries it beside every point, so a notes column named by mistake would
 * leave with the points.  The limits are those of the aggregation. */
int cli_export_codes(const csm_layer *l, const char *field, csm_error *err)
{
    enum { MAX_CODES = 64, MAX_CODE_LEN = 40 };
    const char *seen[MAX_CODES];
    int f = csm_layer_field(l, field);
    size_t n = 0, i, k;

    for (i = 0; i < l->n; i++) {
        const char *v = csm_layer_value(l, i, f);
        if (!v)
            continue;
        for (k = 0; k < n && strcmp(seen[k], v); k++)
            ;
        if (strlen(v) > MAX_CODE_LEN || (k == n && n == MAX_CODES))
            return csm_fail(err, CSM_EPRIVACY,
                            "layer '%s', field '%s', row %ld: not a category "
                            "code (at most %d different values of up to %d "
                            "characters): --category names a code field, "
                            "never free text",
                            l->name, field, l->feat[i].row, MAX_CODES,
                            MAX_CODE_LEN);
        if (k == n)
            seen[n++] = v;
    }
    return CSM_OK;
}

/* Displaced or snapped points leave with their category and month only:
 * the subject id served the counting and the mask, and goes no further. */
static int strip_points(const csm_layer *in, const csm_layer_spec *ls,
                        csm_layer **out, csm_error *err)
{
    const char *keep[2];
    int src[2];
    size_t nk = 0, i, k;
    csm_layer *l;
    int rc = CSM_OK;

    if (ls->category) {
        keep[nk] = ls->category;
        src[nk++] = csm_layer_field(in, ls->category);
    }
    if (ls->date && (!ls->category || strcmp(ls->date, ls->category))) {
        keep[nk] = ls->date;
        src[nk++] = csm_layer_field(in, ls->date);
    }
    if (!(l = csm_layer_new(in->name, keep, nk)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = csm_layer_set_crs(l, in->crs, err);
    for (i = 0; !rc && i < in->n; i++) {
        csm_feature f;
        memset(&f, 0, sizeof f);
        f.row = in->feat[i].row;
        csm_geom_init(&f.geom, CSM_GEOM_NONE);
        rc = csm_geom_copy(&f.geom, &in->feat[i].geom, err);
        if (!rc && !(f.val = calloc(nk + 1, sizeof *f.val)))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        for (k = 0; !rc && k < nk; k++) {
            const char *v = csm_layer_value(in, i, src[k]);
            if (v && !(f.val[k] = csm_strdup(v)))
                rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        }
        if (rc) {
            for (k = 0; f.val && k < nk; k++)
                free(f.val[k]);
            free(f.val);
            csm_geom_release(&f.geom);
        } else {
            rc = csm_layer_add(l, &f, err);
        }
    }
    if (rc)
        csm_layer_free(l);
    else
        *out = l;
    return rc;
}

/* The layer as it will leave: identifiers stripped, coordinates to 1 m,
 * and every attribute scanned once more - for a Shapefile, what goes into
 * its .dbf - because a file shared outside is past any later check. */
int cli_export_layer(const csm_layer_spec *ls, csm_layer **protected_,
                     csm_layer **out, csm_error *err)
{
    csm_scan_opts so;
    int rc = CSM_OK;

    *out = NULL;
    if (ls->protect == CSM_PROTECT_DONUT || ls->protect == CSM_PROTECT_SNAP)
        rc = strip_points(*protected_, ls, out, err);
    else { /* the counts layer: area id, children, band, category codes */
        *out = *protected_;
        *protected_ = NULL;
    }
    if (rc)
        return rc;
    csm_anonymise_quantise(*out, 1.0);
    memset(&so, 0, sizeof so);
    so.date_field = -1;                               /* months only by now */
    so.place_names = ls->protect == CSM_PROTECT_AREA; /* area names */
    rc = csm_anonymise_scan(*out, &so, err);
    if (rc) {
        csm_error_prefix(err, "export");
        csm_layer_free(*out);
        *out = NULL;
    }
    return rc;
}

int cli_export_write(const char *path, const char *table, const csm_spec *spec,
                     const csm_layer *l, csm_error *err)
{
    csm_write_opts wo;
    char *wkt = NULL, *desc;
    size_t n = strlen(spec->marking) + 4 +
               (spec->statement ? strlen(spec->statement) : 0);
    int rc = CSM_OK;

    if (!(desc = malloc(n)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    snprintf(desc, n, "%s. %s", spec->marking,
             spec->statement ? spec->statement : "");
    memset(&wo, 0, sizeof wo);
    wo.description = desc;
    if (csm_vformat_from_path(path) == CSM_VFORMAT_SHP)
        rc = csm_project_wkt(spec->crs, &wkt, err);
    wo.prj_wkt = wkt;
    if (!rc && table)
        rc = csm_write_pg(path, table, l, &wo, err);
    else if (!rc)
        rc = csm_write_layer(path, l, &wo, err);
    if (!rc && table) /* never the connection string */
        cli_note("wrote table '%s': %zu features", table, l->n);
    else if (!rc)
        cli_note("wrote '%s': %zu features", path, l->n);
    free(wkt);
    free(desc);
    return rc;
}

/* No export leaves without its record: if the sidecar cannot be written,
 * the export goes too (every part of a Shapefile). */
void cli_export_remove(const char *path)
{
    static const char *const parts[] = {".shx", ".dbf", ".prj", ".cpg"};
    size_t n = strlen(path), i;
    char buf[4200];

    unlink(path);
    if (csm_vformat_from_path(path) != CSM_VFORMAT_SHP || n >= sizeof buf)
        return;
    for (i = 0; i < sizeof parts / sizeof *parts; i++) {
        snprintf(buf, sizeof buf, "%.*s%s", (int)(n - 4), path, parts[i]);
        unlink(buf);
    }
}
