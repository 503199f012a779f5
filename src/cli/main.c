/* main.c - the csmap tool: dispatch to one cmd_<verb>.c per subcommand. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_verbose = 0;

static const char usage_text[] =
    "usage: csmap <command> [options]\n"
    "\n"
    "Contextual safeguarding maps: printable PDF, SVG and PNG maps of\n"
    "anonymised locations of concern for multi-agency meetings.\n"
    "\n"
    "commands:\n"
    "  render SPEC.yaml -o OUT.pdf|.svg|.png   draw the map a spec describes\n"
    "  info SOURCE                             layers, fields, count, CRS,"
    " extent\n"
    "  check SPEC.yaml                         read, scan and check every\n"
    "                                          layer without drawing\n"
    "  anonymise SOURCE -o OUT.gpkg|.shp|.geojson|.csv --method M\n"
    "                                          a protected layer to share\n"
    "  keygen FILE                             a new key for donut masks\n"
    "  atlas SPEC.yaml --by LAYER -o DIR|FILE.pdf\n"
    "                                          a profile page per area\n"
    "  pack SPEC.yaml --place LAYER:ID -o FILE.pdf\n"
    "                                          a location pack for one site\n"
    "\n"
    "options:\n"
    "  --help       this text (csmap COMMAND --help for a command's)\n"
    "  --version    the version\n"
    "\n"
    "Exit status: 0 done, 1 failed, 2 bad usage.\n";

int cli_error(const csm_error *err)
{
    fprintf(stderr, "csmap: error: %s\n", err->msg[0] ? err->msg : "failed");
    return err->code == CSM_EUSAGE ? CLI_USAGE : CLI_FAILED;
}

void cli_warnings(const csm_layer *layer)
{
    size_t i;

    for (i = 0; layer && i < layer->notes.nwarn; i++)
        fprintf(stderr, "csmap: warning: %s\n", layer->notes.warn[i]);
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "csmap: %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'csmap %s --help')\n", cmd);
    return CLI_USAGE;
}

void cli_note(const char *fmt, ...)
{
    va_list ap;

    if (!cli_verbose)
        return;
    fputs("csmap: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_opt(int argc, char **argv, int *i, const char *name,
            const char **val)
{
    size_t n = strlen(name);
    const char *a = argv[*i];

    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return -1;
    *val = argv[++*i];
    return 1;
}

int main(int argc, char **argv)
{
    const char *cmd;

    if (argc < 2) {
        fputs(usage_text, stderr);
        return CLI_USAGE;
    }
    cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return CLI_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("csmap %s\n", csm_version());
        return CLI_OK;
    }
    csm_init();
    if (!strcmp(cmd, "render"))
        return cmd_render(argc - 1, argv + 1);
    if (!strcmp(cmd, "info"))
        return cmd_info(argc - 1, argv + 1);
    if (!strcmp(cmd, "check"))
        return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "anonymise") || !strcmp(cmd, "anonymize"))
        return cmd_anonymise(argc - 1, argv + 1);
    if (!strcmp(cmd, "keygen"))
        return cmd_keygen(argc - 1, argv + 1);
    if (!strcmp(cmd, "atlas"))
        return cmd_atlas(argc - 1, argv + 1);
    if (!strcmp(cmd, "pack"))
        return cmd_pack(argc - 1, argv + 1);
    fprintf(stderr, "csmap: unknown command '%s' (see 'csmap --help')\n",
            cmd);
    return CLI_USAGE;
}
