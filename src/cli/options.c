/* options.c - options the subcommands parse alike: a table of options
 * that take a value, and --date. */
#include <ctype.h>
#include <string.h>

#include "cli.h"

int cli_opt_slots(int argc, char **argv, int *i, const char *cmd,
                  const char *const *name, const char **const *slot, size_t n)
{
    const char *v;
    size_t k;
    int r;

    for (k = 0; k < n; k++) {
        if (!(r = cli_opt(argc, argv, i, name[k], &v)))
            continue;
        if (r < 0)
            return cli_usage(cmd, "%s needs a value", name[k]);
        *slot[k] = v;
        if (!strcmp(name[k], "--date") && !cli_date_ok(v))
            return cli_usage(cmd, "--date takes YYYY-MM-DD or YYYY-MM");
        return 1;
    }
    return 0;
}

int cli_date_ok(const char *s)
{
    size_t n = strlen(s), i;

    if (n != 7 && n != 10)
        return 0;
    for (i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return 0;
    return 1;
}
