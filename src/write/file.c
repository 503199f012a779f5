/* file.c - write: bytes -> file, atomically.  A map is written to a
 * temporary file beside its destination and renamed over it, so a reader
 * sees the old map or the new one, never half of one, and a failure
 * leaves nothing behind. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csmap.h"
#include "write/write.h"

#define TMP_TRIES 100

/* Open "<path>.tmp.<pid>[.<n>]" exclusively: O_EXCL means we never write
 * through a file (or link) that someone else made. */
static int open_temp(const char *path, char **tmp)
{
    size_t n = strlen(path) + 48;
    int fd = -1, i;

    *tmp = malloc(n);
    if (!*tmp) {
        errno = ENOMEM;
        return -1;
    }
    for (i = 0; fd < 0 && i < TMP_TRIES; i++) {
        if (i == 0)
            snprintf(*tmp, n, "%s.tmp.%ld", path, (long)getpid());
        else
            snprintf(*tmp, n, "%s.tmp.%ld.%d", path, (long)getpid(), i);
        /* 0644 less the umask, like any file the user creates */
        fd = open(*tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    if (fd < 0) {
        int e = errno;

        free(*tmp);
        *tmp = NULL;
        errno = e;
    }
    return fd;
}

static int write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);

        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

int csm_write_file(const char *path, const csm_buf *bytes, csm_error *err)
{
    char *tmp = NULL;
    int fd, e;

    fd = open_temp(path, &tmp);
    if (fd < 0)
        goto fail;
    if (write_all(fd, bytes->data, bytes->len) || fsync(fd)) {
        e = errno;
        close(fd);
        errno = e;
        goto fail;
    }
    if (close(fd) || rename(tmp, path))
        goto fail;
    free(tmp);
    wr_sync_folder(path); /* the rename itself survives a crash */
    return CSM_OK;
fail:
    e = errno;
    if (tmp)
        unlink(tmp);
    free(tmp);
    return csm_fail(err, CSM_EIO, "cannot write '%s': %s", path, strerror(e));
}
