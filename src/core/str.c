/* str.c - core: small string helpers shared by every stage. */
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

char *csm_strdup(const char *s)
{
    size_t n;
    char *d;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}
