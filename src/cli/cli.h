/* cli.h - the csmap tool: shared helpers of the subcommands.  The tool
 * sees only include/csmap.h, as curl's tool sees only libcurl. */
#ifndef CSM_CLI_H
#define CSM_CLI_H

#include "csmap.h"

/* Exit statuses. */
enum { CLI_OK = 0, CLI_FAILED = 1, CLI_USAGE = 2 };

extern int cli_verbose;

/* "csmap: error: <msg>" on stderr; returns CLI_FAILED (CLI_USAGE for
 * CSM_EUSAGE). */
int cli_error(const csm_error *err);
/* "csmap: <cmd>: <msg>" usage complaint; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Progress and notes, only with --verbose. */
void cli_note(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* If argv[*i] is "--name" or "--name=V", take the value (from the next
 * argument in the first case) into *val and return 1; 0 if not this option;
 * -1 if the value is missing. */
int cli_opt(int argc, char **argv, int *i, const char *name,
            const char **val);

/* Scan every layer for personal data, reduce dates to month, and replace
 * each pseudonymised or personal layer by its protected form (the method
 * its spec names); sets spec->statement.  key_path (may be NULL) overrides
 * the spec's donut key. */
int cli_protect_layers(csm_spec *spec, csm_layer **layers,
                       const char *key_path, csm_error *err);

int cmd_render(int argc, char **argv);
int cmd_info(int argc, char **argv);

#endif
