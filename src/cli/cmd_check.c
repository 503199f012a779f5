/* cmd_check.c - `csmap check SPEC.yaml`: everything render does before it
 * draws (read, personal-data scan, dates to month, policy limits, the
 * protection gate and methods) for every layer, and a line per layer of
 * counts - never a value - so an information-governance lead can see a
 * spec pass or fail before anyone makes a map from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char check_usage[] =
    "usage: csmap check SPEC.yaml [--key FILE] [--verbose]\n"
    "\n"
    "Read every layer SPEC.yaml names, scan it for personal data, load the\n"
    "privacy policy and check it against its limits, and run each\n"
    "sensitive layer through its protection, as render would, without\n"
    "drawing anything.  Prints one line per layer (counts only) and exits\n"
    "0, or prints the first problem and exits 1.\n"
    "\n"
    "options:\n"
    "  --key FILE   key for donut displacement (csmap keygen)\n"
    "  --verbose    report what was read and done\n";

static const char *method_name(int m)
{
    static const char *const names[] = {"none", "area", "grid",
                                        "hex",  "snap", "donut"};

    return m >= 0 && m <= CSM_PROTECT_DONUT ? names[m] : "?";
}

static void report(const csm_spec *spec, const csm_prov_layer *st)
{
    size_t i;

    for (i = 0; i < spec->nlayer; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        const csm_prov_layer *p = &st[i];
        printf("layer '%s': ok, %s, %zu rows read, %zu dropped", ls->name,
               csm_sensitivity_name(ls->sensitivity), p->rows_read,
               p->rows_dropped);
        if (p->method == CSM_PROTECT_AREA || p->method == CSM_PROTECT_GRID ||
            p->method == CSM_PROTECT_HEX)
            printf("; protected by %s: %zu cells, %zu shown, %zu "
                   "suppressed",
                   method_name(p->method), p->cells, p->cells_shown,
                   p->cells_suppressed);
        else if (p->method != CSM_PROTECT_NONE)
            printf("; protected by %s", method_name(p->method));
        putchar('\n');
    }
    printf("'%s': ok, %zu layer%s\n", spec->path, spec->nlayer,
           spec->nlayer == 1 ? "" : "s");
}

static int check(const char *path, const char *key, csm_error *err)
{
    csm_spec *spec = NULL;
    csm_style *style = NULL;
    csm_layer **layers = NULL;
    csm_prov_layer *stats = NULL;
    csm_policy pol;
    size_t i;
    int rc = csm_spec_load(path, &spec, err);

    if (!rc)
        rc = csm_style_load(spec->style, &style, err);
    if (!rc && (!(layers = calloc(spec->nlayer + 1, sizeof *layers)) ||
                !(stats = calloc(spec->nlayer + 1, sizeof *stats))))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = cli_load_layers(spec, style, layers, key, &pol, stats, err);
    if (!rc)
        report(spec, stats);
    for (i = 0; layers && i < spec->nlayer; i++)
        csm_layer_free(layers[i]);
    free(layers);
    free(stats);
    csm_style_free(style);
    csm_spec_free(spec);
    return rc;
}

int cmd_check(int argc, char **argv)
{
    const char *spec = NULL, *key = NULL, *v;
    csm_error err = {0, ""};
    int i, r;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(check_usage, stdout);
            return CLI_OK;
        }
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            cli_verbose = 1;
        } else if ((r = cli_opt(argc, argv, &i, "--key", &v))) {
            if (r < 0)
                return cli_usage("check", "--key needs a key file");
            key = v;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage("check", "unknown option '%s'", a);
        } else if (spec) {
            return cli_usage("check", "one SPEC at a time ('%s' too)", a);
        } else {
            spec = a;
        }
    }
    if (!spec)
        return cli_usage("check", "no SPEC.yaml given");
    if (check(spec, key, &err)) {
        cli_error(&err);
        return CLI_FAILED; /* whatever the problem, the spec fails */
    }
    return CLI_OK;
}
