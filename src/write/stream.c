/* stream.c - write: a file written piece by piece, still atomically.  A
 * county atlas is too big to hold in memory before writing, so it goes to
 * a temporary file beside its destination as it is drawn and is renamed
 * over the destination only when complete: a reader (or a killed run)
 * sees the old file or the new one, never half of one. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csmap.h"

#define TMP_TRIES 100

struct csm_wstream {
    char *path, *tmp;
    int fd;
    int err; /* errno of the first failed write, 0 when none */
};

static int open_temp(csm_wstream *w)
{
    size_t n = strlen(w->path) + 48;
    int i;

    if (!(w->tmp = malloc(n))) {
        errno = ENOMEM;
        return -1;
    }
    w->fd = -1;
    for (i = 0; w->fd < 0 && i < TMP_TRIES; i++) {
        if (i == 0)
            snprintf(w->tmp, n, "%s.tmp.%ld", w->path, (long)getpid());
        else
            snprintf(w->tmp, n, "%s.tmp.%ld.%d", w->path, (long)getpid(), i);
        /* O_EXCL: never write through a file or link someone else made */
        w->fd = open(w->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (w->fd < 0 && errno != EEXIST)
            break;
    }
    return w->fd < 0 ? -1 : 0;
}

int csm_write_open(const char *path, csm_wstream **out, csm_error *err)
{
    csm_wstream *w = calloc(1, sizeof *w);
    int e;

    *out = NULL;
    if (!w || !(w->path = csm_strdup(path))) {
        free(w);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    if (open_temp(w)) {
        e = errno;
        free(w->tmp);
        free(w->path);
        free(w);
        return csm_fail(err, CSM_EIO, "cannot write '%s': %s", path,
                        strerror(e));
    }
    *out = w;
    return CSM_OK;
}

int csm_write_put(csm_wstream *w, const void *data, size_t n)
{
    const unsigned char *p = data;

    while (n > 0 && !w->err) {
        ssize_t k = write(w->fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            w->err = errno;
            break;
        }
        p += k;
        n -= (size_t)k;
    }
    return w->err ? -1 : 0;
}

void csm_write_abort(csm_wstream *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    unlink(w->tmp);
    free(w->tmp);
    free(w->path);
    free(w);
}

static int finish(csm_wstream *w, int sync, csm_error *err)
{
    int e = w->err;

    if (!e && sync && fsync(w->fd))
        e = errno;
    if (close(w->fd) && !e)
        e = errno;
    w->fd = -1;
    if (!e && rename(w->tmp, w->path))
        e = errno;
    if (e) {
        csm_fail(err, CSM_EIO, "cannot write '%s': %s", w->path, strerror(e));
        csm_write_abort(w);
        return CSM_EIO;
    }
    free(w->tmp);
    free(w->path);
    free(w);
    return CSM_OK;
}

int csm_write_commit(csm_wstream *w, csm_error *err)
{
    return finish(w, 1, err);
}

/* A killed process leaves the old file or the new one, which is all a
 * cache needs; skipping fsync saves a disk round trip per file, and a
 * county atlas writes thousands. */
int csm_write_cache(const char *path, const csm_buf *bytes, csm_error *err)
{
    csm_wstream *w;
    int rc = csm_write_open(path, &w, err);

    if (rc)
        return rc;
    csm_write_put(w, bytes->data, bytes->len);
    return finish(w, 0, err);
}
