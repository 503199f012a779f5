/* buf.c - core: a growable byte buffer (rendered maps, reports). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

void csm_buf_init(csm_buf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
}

void csm_buf_release(csm_buf *b)
{
    if (!b)
        return;
    free(b->data);
    csm_buf_init(b);
}

/* Room for n more bytes plus a NUL, so text buffers stay C strings. */
static int reserve(csm_buf *b, size_t n, csm_error *err)
{
    size_t want = b->len + n + 1;
    size_t cap;
    unsigned char *p;

    if (want <= b->cap)
        return CSM_OK;
    cap = b->cap ? b->cap : 256;
    while (cap < want)
        cap *= 2;
    p = realloc(b->data, cap);
    if (!p)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    b->data = p;
    b->cap = cap;
    return CSM_OK;
}

int csm_buf_append(csm_buf *b, const void *data, size_t n, csm_error *err)
{
    int rc = reserve(b, n, err);

    if (rc)
        return rc;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return CSM_OK;
}

int csm_buf_printf(csm_buf *b, csm_error *err, const char *fmt, ...)
{
    va_list ap;
    int n;
    int rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return csm_fail(err, CSM_EUSAGE, "bad format string");
    rc = reserve(b, (size_t)n, err);
    if (rc)
        return rc;
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return CSM_OK;
}
