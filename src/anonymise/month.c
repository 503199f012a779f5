/* month.c - anonymise: dates to calendar month (PRIVACY.md row 18), the
 * precision police.uk publishes.  A day and a place together can point at
 * one incident, so nothing downstream ever sees a day. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anonymise/anonymise.h"

static const char *const months[12] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

int month_name(const char *s, size_t *len)
{
    size_t n = 0, k;

    while (isalpha((unsigned char)s[n]))
        n++;
    if (n < 3)
        return 0;
    for (k = 0; k < 12; k++) {
        size_t full = strlen(months[k]);
        /* a full name, its first three letters, or "sept" */
        if ((n == full || n == 3 || (k == 8 && n == 4)) && n <= full &&
            strncasecmp(s, months[k], n) == 0) {
            *len = n;
            return (int)k + 1;
        }
    }
    return 0;
}

int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

/* Read 1..max digits; returns the count read (0: none). */
static int digits(const char **p, int max, int *v)
{
    int n = 0;

    *v = 0;
    while (n < max && isdigit((unsigned char)**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n;
}

/* What may follow a date: nothing, or a time ("T10:00", " 10:00:00"). */
static int tail_ok(const char *p)
{
    if (!*p)
        return 1;
    return (*p == 'T' || *p == ' ') && isdigit((unsigned char)p[1]);
}

static int valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 &&
           (d == 0 || (d >= 1 && d <= days_in_month(y, m)));
}

/* YYYY-MM[-DD], YYYY/MM[/DD] */
static int iso(const char *p, int *y, int *m)
{
    int d = 0;
    char sep;

    if (digits(&p, 4, y) != 4 || (*p != '-' && *p != '/'))
        return 0;
    sep = *p++;
    if (!digits(&p, 2, m))
        return 0;
    if (*p == sep) {
        p++;
        if (!digits(&p, 2, &d) || !d)
            return 0;
    }
    return tail_ok(p) && valid(*y, *m, d);
}

/* DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY (UK order) */
static int dmy(const char *p, int *y, int *m)
{
    int d;
    char sep;

    if (!digits(&p, 2, &d) || (*p != '/' && *p != '-' && *p != '.'))
        return 0;
    sep = *p++;
    if (!digits(&p, 2, m) || *p++ != sep || digits(&p, 4, y) != 4)
        return 0;
    return tail_ok(p) && d >= 1 && valid(*y, *m, d);
}

/* "14 March 2026", "14th Mar 2026", "March 2026" */
static int named(const char *p, int *y, int *m)
{
    int d = 0;
    size_t len;

    if (digits(&p, 2, &d)) {
        if (!strncasecmp(p, "st", 2) || !strncasecmp(p, "nd", 2) ||
            !strncasecmp(p, "rd", 2) || !strncasecmp(p, "th", 2))
            p += 2;
        if (*p != ' ' && *p != '-')
            return 0;
        p++;
        if (!d)
            return 0;
    }
    if (!(*m = month_name(p, &len)))
        return 0;
    p += len;
    if (*p == '.')
        p++;
    if (*p == ',')
        p++;
    if (*p != ' ' && *p != '-')
        return 0;
    p++;
    if (digits(&p, 4, y) != 4)
        return 0;
    return tail_ok(p) && valid(*y, *m, d);
}

static int parse(const char *s, int *y, int *m)
{
    return iso(s, y, m) || dmy(s, y, m) || named(s, y, m);
}

int csm_anonymise_month(csm_layer *l, int f, csm_error *err)
{
    size_t i, pass;
    int y, m;

    if (f < 0 || (size_t)f >= l->nfield)
        return csm_fail(err, CSM_EUSAGE, "layer '%s': no such date field",
                        l->name);
    /* check every row before changing any: on failure nothing changed */
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < l->n; i++) {
            char *v = l->feat[i].val ? l->feat[i].val[f] : NULL;
            char *b = v;
            size_t n;

            if (!v)
                continue;
            while (isspace((unsigned char)*b))
                b++;
            n = strlen(b);
            while (n && isspace((unsigned char)b[n - 1]))
                n--;
            if (!n) {
                if (pass) {
                    free(v);
                    l->feat[i].val[f] = NULL; /* empty stays empty */
                }
                continue;
            }
            {
                char tmp[64];
                if (n >= sizeof tmp ||
                    (memcpy(tmp, b, n), tmp[n] = '\0', !parse(tmp, &y, &m)))
                    return csm_fail(err, CSM_EDATA,
                                    "layer '%s', field '%s', row %ld: not a "
                                    "date (expected YYYY-MM-DD, DD/MM/YYYY "
                                    "or YYYY-MM)",
                                    l->name, l->field[f], l->feat[i].row);
            }
            if (!pass && strlen(v) < 7) {
                /* make room for "YYYY-MM" now; the value is unchanged */
                char *w = realloc(v, 8);
                if (!w)
                    return csm_fail(err, CSM_ENOMEM, "out of memory");
                l->feat[i].val[f] = w;
            } else if (pass) {
                snprintf(v, 8, "%04d-%02d", y, m);
            }
        }
    return CSM_OK;
}
