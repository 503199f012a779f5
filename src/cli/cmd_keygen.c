/* cmd_keygen.c - `csmap keygen FILE`: a new 256-bit key for the keyed
 * masks (donut displacement), in a file only its owner can read.  The
 * key never reaches the screen, a log or any output (PRIVACY.md row 27):
 * whoever holds it can undo nothing, but can repeat a release exactly. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char keygen_usage[] =
    "usage: csmap keygen FILE\n"
    "\n"
    "Write a new 32-byte key from the system's random source to FILE, with\n"
    "mode 0600.  An existing FILE is never overwritten: a new key moves\n"
    "every displaced point, so it starts a new release series.  Keep the\n"
    "key outside the data folder and the repository; pass it to\n"
    "protect: {method: donut, key: FILE} or --key FILE.\n";

/* Write all of it; a short write is an error. */
static int put_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int write_key(const char *path, csm_error *err)
{
    unsigned char key[CSM_KEY_BYTES];
    int fd, rc, e;

    rc = csm_keygen(key, err);
    if (rc)
        return rc;
    /* O_EXCL: never overwrite a key, never follow a planted link */
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        e = errno;
        memset(key, 0, sizeof key);
        if (e == EEXIST)
            return csm_fail(err, CSM_EIO,
                            "'%s' exists: csmap never "
                            "overwrites a key (a new key starts a new "
                            "release series); choose another name",
                            path);
        return csm_fail(err, CSM_EIO, "cannot create '%s': %s", path,
                        strerror(e));
    }
    /* the umask may have taken more; never less than owner read/write */
    rc = fchmod(fd, 0600) || put_all(fd, key, sizeof key) || fsync(fd);
    e = errno;
    memset(key, 0, sizeof key);
    if (close(fd) && !rc) {
        rc = 1;
        e = errno;
    }
    if (rc) {
        unlink(path); /* no half key is left to be used by mistake */
        return csm_fail(err, CSM_EIO, "cannot write '%s': %s", path,
                        strerror(e));
    }
    return CSM_OK;
}

int cmd_keygen(int argc, char **argv)
{
    const char *path = NULL;
    csm_error err = {0, ""};
    int i;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(keygen_usage, stdout);
            return CLI_OK;
        }
        if (!strcmp(argv[i], "--verbose") || !strcmp(argv[i], "-v")) {
            cli_verbose = 1;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("keygen", "unknown option '%s'", argv[i]);
        if (path)
            return cli_usage("keygen", "one FILE at a time");
        path = argv[i];
    }
    if (!path)
        return cli_usage("keygen", "no FILE given");
    if (write_key(path, &err))
        return cli_error(&err);
    cli_note("wrote a %d-byte key to '%s' (mode 0600)", CSM_KEY_BYTES, path);
    return CLI_OK;
}
