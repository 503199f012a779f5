/* notes.c - model: what a stage left out of a layer or put right in it,
 * kept as one-line warnings the tool prints (the library never prints). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "csmap.h"

int csm_layer_warn(csm_layer *layer, csm_error *err, const char *fmt, ...)
{
    char line[sizeof err->msg], **w, *copy;
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    w = realloc(layer->notes.warn, (layer->notes.nwarn + 1) * sizeof *w);
    if (!w)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    layer->notes.warn = w;
    if (!(copy = csm_strdup(line)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    w[layer->notes.nwarn++] = copy;
    return CSM_OK;
}

/* Rows listed before "and N more": enough to find the pattern in a file,
 * few enough for one line. */
#define ROWS_SHOWN 8

void csm_rows_text(const long *rows, size_t n, char *out, size_t size)
{
    size_t i, k, shown = n > ROWS_SHOWN ? ROWS_SHOWN - 1 : n;

    if (!size)
        return;
    k = (size_t)snprintf(out, size, "row%s ", n == 1 ? "" : "s");
    for (i = 0; i < shown && k < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " and " : ", ";
        k += (size_t)snprintf(out + k, size - k, "%s%ld", sep, rows[i]);
    }
    if (shown < n && k < size)
        snprintf(out + k, size - k, ", ... and %zu more", n - shown);
}
