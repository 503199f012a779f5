/* error.c - core: the one error convention (status code + one-line message).
 * Messages name files, layers, fields and rows; never a record's value. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "csmap.h"

/* Keep a message to one line whatever a library handed us. */
static void one_line(char *s)
{
    for (; *s; s++)
        if (*s == '\n' || *s == '\r' || *s == '\t')
            *s = ' ';
}

int csm_fail(csm_error *err, int code, const char *fmt, ...)
{
    va_list ap;

    if (!err)
        return code;
    err->code = code;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    one_line(err->msg);
    return code;
}

void csm_error_prefix(csm_error *err, const char *fmt, ...)
{
    char head[sizeof err->msg];
    char tail[sizeof err->msg];
    va_list ap;

    if (!err || err->code == CSM_OK)
        return;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(tail, err->msg, sizeof tail);
    /* head, ": ", tail - cut at the buffer's end rather than overflow */
    {
        size_t n = strlen(head), m = strlen(tail), cap = sizeof err->msg - 1;
        if (n > cap)
            n = cap;
        memcpy(err->msg, head, n);
        if (n + 2 <= cap) {
            memcpy(err->msg + n, ": ", 2);
            n += 2;
        }
        if (n + m > cap)
            m = cap - n;
        memcpy(err->msg + n, tail, m);
        err->msg[n + m] = '\0';
    }
    one_line(err->msg);
}

void csm_error_clear(csm_error *err)
{
    if (err) {
        err->code = CSM_OK;
        err->msg[0] = '\0';
    }
}

const char *csm_version(void)
{
    return CSM_VERSION;
}
