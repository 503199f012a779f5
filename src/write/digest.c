/* digest.c - write: SHA-256 of the inputs named in a provenance sidecar
 * (libsodium, already ours for the keyed masks), so a reader can tell
 * whether the files they hold are the ones that made the map. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "csmap.h"

static void to_hex(const unsigned char *d, char hex[CSM_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    size_t i;

    for (i = 0; i < crypto_hash_sha256_BYTES; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * crypto_hash_sha256_BYTES] = '\0';
}

int csm_digest_file(const char *path, char hex[CSM_SHA256_HEX], csm_error *err)
{
    crypto_hash_sha256_state st;
    unsigned char buf[65536], d[crypto_hash_sha256_BYTES];
    FILE *f;
    size_t n;
    int bad;

    hex[0] = '\0';
    if (sodium_init() < 0)
        return csm_fail(err, CSM_EIO, "cannot start libsodium");
    if (!(f = fopen(path, "rb")))
        return csm_fail(err, CSM_EIO, "cannot open '%s': %s", path,
                        strerror(errno));
    crypto_hash_sha256_init(&st);
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        crypto_hash_sha256_update(&st, buf, n);
    bad = ferror(f);
    fclose(f);
    if (bad)
        return csm_fail(err, CSM_EIO, "cannot read '%s'", path);
    crypto_hash_sha256_final(&st, d);
    to_hex(d, hex);
    return CSM_OK;
}

int csm_digest_text(const char *text, char hex[CSM_SHA256_HEX], csm_error *err)
{
    unsigned char d[crypto_hash_sha256_BYTES];

    hex[0] = '\0';
    if (sodium_init() < 0)
        return csm_fail(err, CSM_EIO, "cannot start libsodium");
    crypto_hash_sha256(d, (const unsigned char *)text, strlen(text));
    to_hex(d, hex);
    return CSM_OK;
}
