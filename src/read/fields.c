/* fields.c - read stage: which source fields a layer carries (the first
 * of a list of alternatives; a name the source has twice is refused) and
 * their values as UTF-8 text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cpl_string.h>

#include "read/read.h"

/* Space left in a message for a list of names, after 'used' bytes. */
static size_t room(size_t used)
{
    size_t cap = sizeof(((csm_error *)0)->msg);

    return used + 24 < cap ? cap - used : 24;
}

/* "'A', 'B' or 'C'" for the alternatives "A|B|C". */
static void quote_alternatives(const char *want, char *out, size_t n)
{
    size_t k = 0;

    out[0] = '\0';
    while (k < n) {
        size_t len = strcspn(want, "|");
        const char *sep = k == 0 ? "" : want[len] ? ", " : " or ";
        k += (size_t)snprintf(out + k, n - k, "%s'%.*s'", sep, (int)len, want);
        if (!want[len])
            break;
        want += len + 1;
    }
}

/* How many fields of 'defn' are called 'name' (ignoring case, as GDAL
 * matches), and the 1-based positions of the first two. */
static int count_named(OGRFeatureDefnH defn, const char *name, int *a, int *b)
{
    int i, n = 0, nf = OGR_FD_GetFieldCount(defn);

    for (i = 0; i < nf; i++) {
        if (strcasecmp(OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(defn, i)),
                       name) != 0)
            continue;
        if (n == 0)
            *a = i + 1;
        else if (n == 1)
            *b = i + 1;
        n++;
    }
    return n;
}

/* Resolve one wanted field "A|B|C": its index in the source, and the
 * alternative found as a new string in *name. */
static int resolve(const csm_read_fieldctx *fc, OGRFeatureDefnH defn,
                   const char *want, int *idx, char **name, csm_error *err)
{
    char alts[128], have[256], one[128];
    const char *p = want;
    int a = 0, b = 0, n;

    for (;;) {
        size_t len = strcspn(p, "|");
        snprintf(one, sizeof one, "%.*s", (int)len, p);
        if ((n = count_named(defn, one, &a, &b)) > 1)
            return csm_fail(err, CSM_EDATA,
                            "layer '%s': '%s' has %d %s called '%s' (%d and "
                            "%d): rename one so the spec can name it",
                            fc->who, fc->shown, n,
                            fc->is_csv ? "columns" : "fields", one, a, b);
        if (n == 1) {
            *idx = a - 1;
            return (*name = csm_strdup(one))
                       ? CSM_OK
                       : csm_fail(err, CSM_ENOMEM, "out of memory");
        }
        if (!p[len])
            break;
        p += len + 1;
    }
    quote_alternatives(want, alts, sizeof alts);
    csm_read_field_list(
        defn, have,
        room(strlen(fc->who) + strlen(fc->shown) + strlen(alts) + 40));
    return csm_fail(err, CSM_EDATA, "layer '%s': no field %s in '%s' (%s: %s)",
                    fc->who, alts, fc->shown, fc->is_csv ? "columns" : "fields",
                    have);
}

int csm_read_fields(const csm_read_fieldctx *fc, OGRFeatureDefnH defn,
                    const csm_read_opts *opt, int **idx, char ***names,
                    csm_error *err)
{
    size_t i, n = opt->nfield;
    int rc = CSM_OK;

    *names = calloc(n ? n : 1, sizeof **names);
    *idx = calloc(n ? n : 1, sizeof **idx);
    if (!*names || !*idx)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n && !rc; i++)
        rc = resolve(fc, defn, opt->fields[i], &(*idx)[i], &(*names)[i], err);
    if (rc) {
        csm_read_fields_free(*names, n);
        free(*idx);
        *names = NULL;
        *idx = NULL;
    }
    return rc;
}

void csm_read_fields_free(char **names, size_t n)
{
    size_t i;

    for (i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
}

/* ISO 8601 text for date and time fields (OGR's own text is 2024/03/01). */
static void iso_time(OGRFeatureH f, int i, OGRFieldType t, char *out, size_t n)
{
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float sec = 0;
    size_t k = 0;

    OGR_F_GetFieldAsDateTimeEx(f, i, &y, &mo, &d, &h, &mi, &sec, &tz);
    if (t != OFTTime)
        k += (size_t)snprintf(out, n, "%04d-%02d-%02d", y, mo, d);
    if (t == OFTDate)
        return;
    k += (size_t)snprintf(out + k, n - k, "%s%02d:%02d:%02d",
                          t == OFTDateTime ? "T" : "", h, mi, (int)sec);
    if (tz == 100)
        snprintf(out + k, n - k, "Z");
    else if (tz > 1) /* 100 + quarter hours from UTC */
        snprintf(out + k, n - k, "%c%02d:%02d", tz > 100 ? '+' : '-',
                 abs(tz - 100) / 4, abs(tz - 100) % 4 * 15);
}

/* Windows-1252's characters for bytes 0x80 to 0x9F (where Latin-1 has
 * control characters); 0xFFFD for the five bytes it leaves undefined. */
static const unsigned short cp1252_c1[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static size_t put_utf8(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* Text that is not UTF-8 came, in a UK office, from a Windows export (a
 * GIAS CSV, a DBF without .cpg): read it as Windows-1252, whose
 * printable range is a superset of Latin-1's.  'c1' instead takes UTF-8
 * text holding U+0080..U+009F, which no one types: Windows-1252 bytes
 * that GDAL recoded as Latin-1 (its guess for a DBF that declares no
 * code page).  NULL on out-of-memory. */
static char *from_cp1252(const char *s, int c1)
{
    const unsigned char *p = (const unsigned char *)s;
    char *out = malloc(strlen(s) * 3 + 1), *o = out;

    if (!out)
        return NULL;
    for (; *p; p++) {
        unsigned cp = *p;
        if (c1 && cp == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            cp = cp1252_c1[*++p - 0x80];
        else if (c1)
            cp = cp < 0x80 ? cp : 0x100; /* copy a UTF-8 byte as it is */
        else if (cp >= 0x80 && cp <= 0x9F)
            cp = cp1252_c1[cp - 0x80];
        if (cp == 0x100)
            *o++ = (char)*p;
        else
            o += put_utf8(cp, o);
    }
    *o = '\0';
    return out;
}

/* 1 when UTF-8 text 's' holds a C1 control character. */
static int has_c1(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    for (; *p; p++)
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            return 1;
    return 0;
}

int csm_read_value(OGRFeatureH f, int i, char **out, int *recoded,
                   csm_error *err)
{
    OGRFieldType t;
    char buf[48];
    const char *s = buf;

    *out = NULL;
    if (!OGR_F_IsFieldSetAndNotNull(f, i))
        return CSM_OK;
    t = OGR_Fld_GetType(OGR_F_GetFieldDefnRef(f, i));
    if (t == OFTDate || t == OFTDateTime || t == OFTTime)
        iso_time(f, i, t, buf, sizeof buf);
    else
        s = OGR_F_GetFieldAsString(f, i);
    if (!*s)
        return CSM_OK;
    if (!CPLIsUTF8(s, -1) || has_c1(s)) {
        *out = from_cp1252(s, CPLIsUTF8(s, -1));
        *recoded = 1;
    } else {
        *out = csm_strdup(s);
    }
    return *out ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");
}
