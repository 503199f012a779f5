/* source.c - read stage: opening sources with GDAL, naming them in
 * messages without secrets, and turning GDAL's errors and CRSs into
 * plain strings. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>

#include "read/read.h"

void csm_init(void)
{
    static int done;

    if (!done) {
        GDALAllRegister();
        done = 1;
    }
}

static int is_pg(const char *path)
{
    return strncmp(path, "PG:", 3) == 0;
}

/* Connection strings and GDAL virtual paths are not files to stat:
 * "PG:...", "WFS:...", "/vsizip/...".  One letter before ':' would be a
 * Windows drive, so a prefix needs two. */
static int is_connection(const char *path)
{
    const char *p = path;

    if (strncmp(path, "/vsi", 4) == 0)
        return 1;
    while (isalpha((unsigned char)*p))
        p++;
    return *p == ':' && p - path >= 2;
}

/* Copy the value of key=value at 's' (libpq syntax: bare or '...' with
 * backslash escapes) into out; returns the end of the value. */
static const char *pg_value(const char *s, char *out, size_t n)
{
    size_t k = 0;
    char q = 0;

    if (*s == '\'')
        q = *s++;
    for (; *s && (q ? *s != q : !isspace((unsigned char)*s)); s++) {
        if (q && *s == '\\' && s[1])
            s++;
        if (k + 1 < n)
            out[k++] = *s;
    }
    if (q && *s)
        s++;
    out[k] = '\0';
    return s;
}

/* "PG:(connection)" plus dbname= and service= when present: they help the
 * reader find the database and carry no secret. */
static void pg_shown(const char *conn, char *out, size_t n)
{
    char key[32], val[64];
    const char *s = conn, *uri;

    snprintf(out, n, "PG:(connection)");
    if ((uri = strstr(s, "://")) != NULL) { /* postgresql://u:pw@h/db?... */
        const char *db = strchr(uri + 3, '/');
        if (db && db[1] && db[1] != '?')
            snprintf(out + strlen(out), n - strlen(out), " dbname=%.*s",
                     (int)strcspn(db + 1, "?"), db + 1);
        return;
    }
    while (*s) {
        size_t k = 0;
        while (isspace((unsigned char)*s))
            s++;
        while (*s && *s != '=' && !isspace((unsigned char)*s))
            if (k + 1 < sizeof key)
                key[k++] = *s++;
            else
                s++;
        key[k] = '\0';
        while (isspace((unsigned char)*s))
            s++;
        if (*s != '=') {
            if (*s)
                s++;
            continue;
        }
        s++;
        while (isspace((unsigned char)*s))
            s++;
        s = pg_value(s, val, sizeof val);
        if (strcmp(key, "dbname") == 0 || strcmp(key, "service") == 0)
            snprintf(out + strlen(out), n - strlen(out), " %s=%s", key, val);
    }
}

void csm_read_shown(const char *path, char *out, size_t n)
{
    if (is_pg(path))
        pg_shown(path + 3, out, n);
    else
        snprintf(out, n, "%s", path);
}

/* Replace every "password=..." (any case) up to the next space. */
static void redact_passwords(char *s)
{
    char *p = s;

    while ((p = strchr(p, '=')) != NULL) {
        char *e;
        if (p - s >= 8 && strncasecmp(p - 8, "password", 8) == 0) {
            for (e = p + 1; *e && !isspace((unsigned char)*e); e++)
                ;
            memmove(p + 4, e, strlen(e) + 1);
            memcpy(p + 1, "***", 3);
        }
        p++;
    }
}

/* Replace each 'path' in 's' (size n) by 'shown'. */
static void replace_path(char *s, size_t n, const char *path, const char *shown)
{
    size_t pl = strlen(path), sl = strlen(shown);
    char *p = s;

    while (pl && (p = strstr(p, path)) != NULL) {
        size_t at = (size_t)(p - s), rest = strlen(p + pl);
        if (at + sl + 1 > n) {
            *p = '\0';
            break;
        }
        if (at + sl + rest + 1 > n)
            rest = n - at - sl - 1;
        memmove(p + sl, p + pl, rest);
        memcpy(p, shown, sl);
        p[sl + rest] = '\0';
        p += sl;
    }
}

/* Keep quoted text only when it names the source. */
static int quoted_is_path(const char *q, size_t len, const char *path,
                          const char *shown)
{
    size_t pl = strlen(path), sl = strlen(shown);

    if (len == sl && strncmp(q, shown, len) == 0)
        return 1;
    if (is_pg(path))
        return 0;
    /* GDAL may print the path, or a file inside a folder we opened */
    return len >= pl && pl > 0 && strncmp(q, path, pl) == 0;
}

/* Copy 'in' to 'out', replacing quoted text that is not the path with
 * '...'.  Quotes are `x', 'x' and "x"; an apostrophe inside a word
 * ("can't") opens nothing.  An unclosed quote drops the rest. */
static void strip_quoted(const char *in, const char *path, const char *shown,
                         char *out, size_t n)
{
    size_t k = 0;
    const char *s = in;

    while (*s && k + 1 < n) {
        char close = 0;
        const char *e;
        if (*s == '`' || *s == '"')
            close = *s == '`' ? '\'' : '"';
        else if (*s == '\'' && (s == in || !isalnum((unsigned char)s[-1])))
            close = '\'';
        if (!close) {
            out[k++] = *s++;
            continue;
        }
        e = strchr(s + 1, close);
        if (!e) {
            snprintf(out + k, n - k, "'...'");
            return;
        }
        if (quoted_is_path(s + 1, (size_t)(e - s - 1), path, shown))
            k += (size_t)snprintf(out + k, n - k, "'%.*s'", (int)(e - s - 1),
                                  s + 1);
        else
            k += (size_t)snprintf(out + k, n - k, "'...'");
        if (k >= n)
            k = n - 1;
        s = e + 1;
    }
    out[k] = '\0';
}

/* Remove the first 'what' in s, if any. */
static void cut(char *s, const char *what)
{
    char *p = strstr(s, what);

    if (p)
        memmove(p, p + strlen(what), strlen(p + strlen(what)) + 1);
}

/* libpq's messages, made short and actionable: the two a partnership
 * meets most get a hint; others lose GDAL's and libpq's boilerplate
 * ("PQconnectdb failed. connection to server at '...', port 5432 failed:
 * FATAL: ..."), which would push the reason out of a one-line message. */
static void pg_tidy(char *s, size_t n)
{
    char *a, *b;

    if (strstr(s, "password authentication failed"))
        snprintf(s, n, "password authentication failed: check this "
                       "connection's password in PGPASSFILE (or ~/.pgpass)");
    else if (strstr(s, "Connection refused"))
        snprintf(s, n, "connection refused: is the server running and "
                       "accepting connections on that host and port?");
    if ((a = strstr(s, "connection to server ")) &&
        (b = strstr(a, " failed: ")) != NULL)
        memmove(a, b + 9, strlen(b + 9) + 1);
    cut(s, "PQconnectdb failed. ");
    cut(s, "FATAL: ");
    cut(s, "ERROR: ");
    /* libpq quotes the failing query after "LINE n:": it may hold values */
    if ((a = strstr(s, "LINE ")) != NULL)
        *a = '\0';
}

void csm_read_gdal_msg(const char *path, const char *shown, char *out, size_t n)
{
    char buf[1024];
    const char *m = CPLGetLastErrorMsg();
    size_t len, k;

    if (!m || !*m)
        m = "unknown GDAL error";
    snprintf(buf, sizeof buf, "%s", m);
    if (is_pg(path))
        replace_path(buf, sizeof buf, path, shown);
    redact_passwords(buf);
    strip_quoted(buf, path, shown, out, n);
    /* one line, single spaces, no trailing full stop (git style) */
    for (len = 0, k = 0; out[k]; k++) {
        char c = isspace((unsigned char)out[k]) ? ' ' : out[k];
        if (c != ' ' || (len > 0 && out[len - 1] != ' '))
            out[len++] = c;
    }
    out[len] = '\0';
    if (is_pg(path))
        pg_tidy(out, n);
    len = strlen(out);
    while (len > 0 && (out[len - 1] == '.' || out[len - 1] == ' '))
        out[--len] = '\0';
}

static int check_file(const char *path, const char *shown, csm_error *err)
{
    struct stat st;

    if (is_connection(path))
        return CSM_OK;
    if (stat(path, &st) != 0 ||
        (S_ISREG(st.st_mode) && access(path, R_OK) != 0))
        return csm_fail(err, CSM_EIO, "cannot open '%s': %s", shown,
                        strerror(errno));
    return CSM_OK;
}

int csm_read_open(const char *path, const char *shown, char **oo,
                  GDALDatasetH *out, csm_error *err)
{
    char msg[200];
    int rc;

    *out = NULL;
    if ((rc = check_file(path, shown, err)) != CSM_OK)
        return rc;
    CPLErrorReset();
    *out = GDALOpenEx(path,
                      GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR,
                      NULL, (const char *const *)oo, NULL);
    if (*out)
        return CSM_OK;
    if (strstr(CPLGetLastErrorMsg(), "not recognized"))
        return csm_fail(err, CSM_EIO,
                        "cannot open '%s': not a vector format GDAL reads "
                        "(or the file is truncated or corrupt)",
                        shown);
    csm_read_gdal_msg(path, shown, msg, sizeof msg);
    return csm_fail(err, CSM_EIO, "cannot open '%s': %s", shown, msg);
}

/* "AUTH:code" of srs's root, if it has one. */
static char *auth_code(OGRSpatialReferenceH srs)
{
    const char *a = OSRGetAuthorityName(srs, NULL);
    const char *c = OSRGetAuthorityCode(srs, NULL);
    char buf[64];

    if (!a || !c)
        return NULL;
    snprintf(buf, sizeof buf, "%s:%s", a, c);
    return csm_strdup(buf);
}

/* The one EPSG CRS that matches 'srs' well (confidence >= 90: same
 * definition, perhaps other names, as ESRI .prj files have), or NULL. */
static char *find_match(OGRSpatialReferenceH srs)
{
    OGRSpatialReferenceH *m;
    int nm = 0, *conf = NULL;
    char *s = NULL;

    m = OSRFindMatches(srs, NULL, &nm, &conf);
    if (m && nm >= 1 && conf[0] >= 90 && (nm == 1 || conf[1] < conf[0]))
        s = auth_code(m[0]);
    if (m)
        OSRFreeSRSArray(m);
    CPLFree(conf);
    return s;
}

int csm_read_srs(OGRSpatialReferenceH srs, char **out, csm_error *err)
{
    const char *wkt_opts[] = {"FORMAT=WKT2_2019", NULL};
    char *wkt = NULL;

    *out = NULL;
    if (!srs)
        return CSM_OK;
    if (!(*out = auth_code(srs)))
        *out = find_match(srs);
    if (*out)
        return CSM_OK;
    if (OSRExportToWktEx(srs, &wkt, wkt_opts) != OGRERR_NONE || !wkt) {
        CPLFree(wkt);
        return csm_fail(err, CSM_ECRS, "cannot describe the source's CRS");
    }
    *out = csm_strdup(wkt);
    CPLFree(wkt);
    return *out ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");
}

int csm_read_srs_swaps(OGRSpatialReferenceH srs)
{
    OGRAxisOrientation o = OAO_Other;
    const int *map;
    int n = 0;

    if (!srs || !(map = OSRGetDataAxisToSRSAxisMapping(srs, &n)) || n < 1)
        return 0;
    if (!OSRGetAxis(srs, NULL, abs(map[0]) - 1, &o))
        return 0;
    return o == OAO_North || o == OAO_South;
}

void csm_read_field_list(OGRFeatureDefnH defn, char *out, size_t n)
{
    int i, nf = OGR_FD_GetFieldCount(defn);
    size_t k = 0;

    out[0] = '\0';
    for (i = 0; i < nf; i++) {
        const char *name = OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i));
        size_t need = strlen(name) + (i ? 2 : 0);
        if (k + need + 5 >= n) { /* room for ", ..." */
            snprintf(out + k, n - k, "%s...", i ? ", " : "");
            return;
        }
        k += (size_t)snprintf(out + k, n - k, "%s%s", i ? ", " : "", name);
    }
    if (nf == 0)
        snprintf(out, n, "none");
}
