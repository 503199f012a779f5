/* datadir.c - spec stage: where the shipped styles/ and layers/ live, so
 * "style: greyscale" works installed, from the source tree, or from a
 * build folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spec/spec.h"

#ifndef CSM_PREFIX
#define CSM_PREFIX "/usr/local"
#endif

static int has_styles(const char *dir)
{
    char p[4200];
    struct stat st;

    snprintf(p, sizeof p, "%s/styles", dir);
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder two levels above the running binary (build/csmap -> .). */
static int beside_binary(char *buf, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    char *slash;
    int up;

    if (n <= 0)
        return 0;
    buf[n] = '\0';
    for (up = 0; up < 2; up++) {
        slash = strrchr(buf, '/');
        if (!slash)
            return 0;
        *slash = '\0';
    }
    if (!*buf)
        strcpy(buf, "/");
    return has_styles(buf);
}

const char *csm_data_dir(void)
{
    static char dir[4096];
    const char *env = getenv("CSMAP_DATADIR");

    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    if (has_styles(CSM_PREFIX "/share/csmap"))
        return CSM_PREFIX "/share/csmap";
    if (has_styles("."))
        return ".";
    if (beside_binary(dir, sizeof dir))
        return dir;
    return CSM_PREFIX "/share/csmap";
}
