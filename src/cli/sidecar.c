/* sidecar.c - the tool's provenance record, OUT.json beside every map and
 * export (write/provenance.c builds the JSON).  Inputs are named as the
 * spec gives them and hashed, so a researcher can tell months later
 * exactly which files made a map; database sources are named by table,
 * never by connection string, which may hold a password. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_given_path(const char *path, const char *dir)
{
    size_t n = dir ? strlen(dir) : 0;
    const char *slash;

    if (!path)
        return NULL;
    if (n && strcmp(dir, ".") && !strncmp(path, dir, n) && path[n] == '/')
        path += n + 1;
    if (path[0] == '/') { /* /home/<user>/... would name a person */
        slash = strrchr(path, '/');
        return slash + 1;
    }
    return path;
}

int cli_sidecar_layer(const csm_layer_spec *ls, const char *dir,
                      csm_prov_layer *pl, csm_error *err)
{
    csm_buf q;
    int rc;

    pl->name = ls->name;
    pl->kind = csm_kind_name(ls->kind);
    pl->sensitivity = csm_sensitivity_name(ls->sensitivity);
    if (strncmp(ls->source, "PG:", 3) != 0) {
        csm_error e = {0, ""};
        pl->source = cli_given_path(ls->source, dir);
        /* GDAL also reads folders, archives and URLs, which have no bytes
         * of their own to hash: the record then says null */
        if (csm_digest_file(ls->source, pl->sha256, &e))
            cli_note("layer '%s': no SHA-256 for its source: %s", ls->name,
                     e.msg);
        return CSM_OK;
    }
    /* the query, not the connection: table (or sql:) and filter identify
     * the rows; the query itself is hashed, since it may hold values */
    pl->pg = 1;
    pl->source = ls->sql     ? "(sql: query)"
                 : ls->layer ? ls->layer
                             : "(first table)";
    csm_buf_init(&q);
    rc = csm_buf_printf(&q, err, "%s\n%s", ls->sql ? ls->sql : pl->source,
                        ls->where ? ls->where : "");
    if (!rc)
        rc = csm_digest_text((const char *)q.data, pl->sha256, err);
    csm_buf_release(&q);
    return rc;
}

int cli_sidecar_policy(const csm_spec *spec, csm_provenance *p, csm_error *err)
{
    p->policy = NULL;
    p->policy_sha256[0] = '\0';
    if (!spec->policy)
        return CSM_OK;
    p->policy = cli_given_path(spec->policy, spec->dir);
    return csm_digest_file(spec->policy, p->policy_sha256, err);
}

int cli_sidecar_write(const char *output, csm_provenance *p, csm_error *err)
{
    const char *slash = strrchr(output, '/');
    size_t n = strlen(output) + sizeof ".json";
    char *path = malloc(n);
    csm_buf json;
    int rc;

    if (!path)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    /* what a person accepted under accept_warnings: (namecheck.c), as
     * counts: PRIVACY.md row 29 wants acceptances logged */
    if (!p->accepted &&
        (rc = cli_warn_accepted(&p->accepted, &p->naccepted, err))) {
        free(path);
        return rc;
    }
    /* map.pdf.json, not map.json: map.pdf and map.svg side by side each
     * keep their own record */
    snprintf(path, n, "%s.json", output);
    p->output = slash ? slash + 1 : output;
    csm_buf_init(&json);
    rc = csm_provenance_json(p, &json, err);
    if (!rc)
        rc = csm_write_file(path, &json, err);
    if (!rc)
        cli_note("wrote '%s'", path);
    csm_buf_release(&json);
    free(path);
    return rc;
}
