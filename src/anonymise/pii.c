/* pii.c - anonymise: the blocking detectors for personal data in text
 * (PRIVACY.md 5.2; the warn-level ones, names and vehicle registrations,
 * are in hints.c), hand-written scanners rather than regular expressions:
 * each reads the text once per start position, and \b is "not next to a
 * letter or digit".
 *
 * Choices where the sources leave room (all documented in tests):
 * - postcodes: outward A9 A99 AA9 AA99 A9A AA9A (second letter not I or Z)
 *   plus an inward 9AA, with or without a space, any case; so NHS
 *   pseudo-postcodes (ZZ99 3VZ, "no fixed abode") pass, as do districts
 *   (SW1A) and sectors (SW1A 1).  "A1 2nd", "M25 3pm" (lower-case ordinal
 *   or am/pm after a space) are read as roads, not postcodes;
 * - phone numbers: digits with spaces, dashes or brackets, starting +44,
 *   0044 or 0, then 9 or 10 digits;
 * - handles need a letter ("@15:00" is a time);
 * - day-precision dates: numeric d/m/y (either order), ISO y-m-d, and a day
 *   with a month name ("12 March", "12th Mar 2010", "March 12");
 * - precise locations: decimal lat/long pairs with 4+ decimals, 6-digit
 *   easting with 6/7-digit northing, OS grid references of 8 or 10 digits,
 *   and ///what3words. */
#include <stdlib.h>
#include <string.h>

#include "anonymise/anonymise.h"

static int D(int c)
{
    return c >= '0' && c <= '9';
}

static int A(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int AN(int c)
{
    return D(c) || A(c);
}

static int U(int c)
{
    return c >= 'a' && c <= 'z' ? c - 32 : c;
}

static int lower(int c)
{
    return c >= 'a' && c <= 'z';
}

/* A token may start at i: nothing alphanumeric right before it. */
static int starts(const char *s, size_t i)
{
    return i == 0 || !AN((unsigned char)s[i - 1]);
}

/* ---- postcodes ------------------------------------------------------- */

static int outward(const char *p, const char *shape)
{
    size_t k;

    for (k = 0; shape[k]; k++) {
        int c = (unsigned char)p[k];
        if (shape[k] == 'L' ? !A(c) : !D(c))
            return 0;
    }
    /* second letter of AA.. shapes is never I or Z (ZZ99 pseudo-codes) */
    if (shape[1] == 'L' && (U(p[1]) == 'I' || U(p[1]) == 'Z'))
        return 0;
    return 1;
}

static int inward(const char *p, int spaced)
{
    static const char *const words[] = {"st", "nd", "rd", "th", "am", "pm"};
    size_t k;

    if (!D((unsigned char)p[0]) || !A((unsigned char)p[1]) ||
        !A((unsigned char)p[2]) || AN((unsigned char)p[3]))
        return 0;
    if (spaced && lower(p[1]) && lower(p[2]))
        for (k = 0; k < 6; k++)
            if (p[1] == words[k][0] && p[2] == words[k][1])
                return 0; /* "A1 2nd", "M25 3pm" */
    return 1;
}

static int has_postcode(const char *s)
{
    static const char *const shapes[] = {"LD",   "LDD", "LLD",
                                         "LLDD", "LDL", "LLDL"};
    size_t i, k;

    for (i = 0; s[i]; i++) {
        if (!A((unsigned char)s[i]) || !starts(s, i))
            continue;
        if (U(s[i]) == 'G' && U(s[i + 1]) == 'I' && U(s[i + 2]) == 'R') {
            const char *p = s + i + 3;
            while (*p == ' ')
                p++;
            if (p[0] == '0' && U(p[1]) == 'A' && U(p[2]) == 'A' &&
                !AN((unsigned char)p[3]))
                return 1;
        }
        for (k = 0; k < 6; k++) {
            size_t n = strlen(shapes[k]), sp = 0;
            const char *p = s + i;
            if (strnlen(p, n) < n || !outward(p, shapes[k]))
                continue;
            p += n;
            while ((*p == ' ' || *p == '\t') && sp < 2)
                p++, sp++;
            if (inward(p, sp > 0))
                return 1;
        }
    }
    return 0;
}

/* ---- NHS numbers ------------------------------------------------------ */

static int mod11(const char *d)
{
    int sum = 0, k, check;

    for (k = 0; k < 9; k++)
        sum += (d[k] - '0') * (10 - k);
    check = 11 - sum % 11;
    if (check == 11)
        check = 0;
    return check != 10 && check == d[9] - '0';
}

static int has_nhs(const char *s)
{
    static const int group[3] = {3, 3, 4};
    size_t i;

    for (i = 0; s[i]; i++) {
        char d[10];
        size_t p = i;
        int g, k, n = 0, ok = 1;

        if (!D((unsigned char)s[i]) || !starts(s, i))
            continue;
        for (g = 0; g < 3 && ok; g++) {
            for (k = 0; k < group[g] && ok; k++)
                if ((ok = D((unsigned char)s[p])))
                    d[n++] = s[p++];
            if (ok && g < 2 && (s[p] == ' ' || s[p] == '-') &&
                D((unsigned char)s[p + 1]))
                p++;
        }
        if (ok && !AN((unsigned char)s[p]) && mod11(d))
            return 1;
    }
    return 0;
}

/* ---- phone numbers ----------------------------------------------------- */

static int phone_ok(const char *d, size_t n, int plus)
{
    const char *r = d;
    size_t m = n;

    if (plus || (n >= 4 && memcmp(d, "0044", 4) == 0)) {
        size_t skip = plus ? 2 : 4;
        if (n < skip || (plus && memcmp(d, "44", 2) != 0))
            return 0;
        r += skip;
        m -= skip;
        if (m && r[0] == '0') /* +44 (0)20 ... */
            m--;
        return m >= 9 && m <= 10;
    }
    return n >= 1 && d[0] == '0' && !(n >= 2 && d[1] == '0') && n - 1 >= 9 &&
           n - 1 <= 10;
}

static int has_phone(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        int c = (unsigned char)s[i], plus = 0, seps = 0;
        size_t p = i, n = 0;
        char d[20];

        if (!starts(s, i) || (i > 0 && s[i - 1] == '+'))
            continue;
        if (c == '+')
            plus = 1, p++;
        else if (!D(c) && c != '(')
            continue;
        while (n < sizeof d) {
            c = (unsigned char)s[p];
            if (D(c)) {
                d[n++] = (char)c;
                p++;
                seps = 0;
                if (!AN((unsigned char)s[p]) && phone_ok(d, n, plus))
                    return 1;
            } else if ((c == ' ' || c == '-' || c == '(' || c == ')') &&
                       seps < 2) {
                seps++;
                p++;
            } else {
                break;
            }
        }
    }
    return 0;
}

/* ---- National Insurance numbers, pupil numbers ------------------------- */

static int has_nino(const char *s)
{
    static const char *const banned[] = {"BG", "GB", "NK", "KN",
                                         "NT", "TN", "ZZ"};
    size_t i, k;

    for (i = 0; s[i]; i++) {
        const char *p = s + i;
        int a = U(p[0]), b, g, ok = 1;

        if (!A(a) || !starts(s, i) || !strchr("ABCEGHJKLMNOPRSTWXYZ", a) ||
            !p[1] || !strchr("ABCEGHJKLMNPRSTWXYZ", (b = U(p[1]))))
            continue;
        for (k = 0; k < 7; k++)
            if (a == banned[k][0] && b == banned[k][1])
                ok = 0;
        p += 2;
        for (g = 0; g < 3 && ok; g++) {
            if (*p == ' ')
                p++;
            ok = D((unsigned char)p[0]) && D((unsigned char)p[1]);
            p += 2;
        }
        if (!ok)
            continue;
        if (*p == ' ')
            p++;
        if (U(*p) >= 'A' && U(*p) <= 'D' && !AN((unsigned char)p[1]))
            return 1;
    }
    return 0;
}

static int has_upn(const char *s)
{
    size_t i, k;

    for (i = 0; s[i]; i++) {
        const char *p = s + i;
        int c = U(p[0]);
        if (!A(c) || !starts(s, i) || c == 'I' || c == 'O' || c == 'S')
            continue;
        for (k = 1; k <= 11 && D((unsigned char)p[k]); k++)
            ;
        if (k != 12)
            continue;
        /* a full UPN ends in a digit; a temporary one in a letter */
        if ((D((unsigned char)p[12]) || A((unsigned char)p[12])) &&
            !AN((unsigned char)p[13]))
            return 1;
    }
    return 0;
}

/* ---- e-mail and handles ---------------------------------------------- */

static int local_char(int c)
{
    return AN(c) || (c && strchr("._%+-", c));
}

static int has_email(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        size_t p = i + 1, dot = 0, k;
        if (s[i] != '@' || i == 0 || !local_char((unsigned char)s[i - 1]))
            continue;
        while (AN((unsigned char)s[p]) || s[p] == '.' || s[p] == '-') {
            if (s[p] == '.' && AN((unsigned char)s[p + 1]))
                dot = p;
            p++;
        }
        if (!dot)
            continue;
        for (k = dot + 1; k < p && A((unsigned char)s[k]); k++)
            ;
        if (k - dot - 1 >= 2 && (k == p || s[k] == '.'))
            return 1;
    }
    return 0;
}

static int has_handle(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        size_t p = i + 1, len = 0;
        int letter = 0;
        if (s[i] != '@' ||
            (i > 0 && (AN((unsigned char)s[i - 1]) || s[i - 1] == '_' ||
                       s[i - 1] == '@' || s[i - 1] == '.')))
            continue;
        while (AN((unsigned char)s[p]) || s[p] == '_' || s[p] == '.') {
            if (s[p] != '.')
                len = p - i;
            letter |= A((unsigned char)s[p]);
            p++;
        }
        if (len >= 2 && letter)
            return 1;
    }
    return 0;
}

/* ---- day-precision dates --------------------------------------------- */

static int num(const char **p, int lo, int hi, int *v)
{
    int n = 0;

    *v = 0;
    while (n < hi && D((unsigned char)**p)) {
        *v = *v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n >= lo ? n : 0;
}

static int numeric_date(const char *p)
{
    int a, b, c, na, nc;
    char sep;

    if (!(na = num(&p, 1, 4, &a)) || !*p || !strchr("/-.", *p))
        return 0;
    sep = *p++;
    if (!num(&p, 1, 2, &b) || *p++ != sep || !(nc = num(&p, 1, 4, &c)) ||
        D((unsigned char)*p) ||
        (A((unsigned char)*p) && !(*p == 'T' && D((unsigned char)p[1]))))
        return 0; /* "2026-03-14T10:00" is a date with a time */
    if (na == 4)  /* y-m-d */
        return a >= 1900 && a <= 2199 && b >= 1 && b <= 12 && c >= 1 &&
               c <= days_in_month(a, b);
    if (na > 2 || (nc != 2 && nc != 4))
        return 0;
    return a >= 1 && b >= 1 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31));
}

static int named_date(const char *s, size_t i)
{
    const char *p = s + i;
    size_t len;
    int d;

    if (D((unsigned char)*p)) { /* 12 March, 12th-Mar */
        if (!num(&p, 1, 2, &d) || d < 1 || d > 31)
            return 0;
        if (A((unsigned char)p[0]) && A((unsigned char)p[1]) &&
            !A((unsigned char)p[2]) && strchr("snrtSNRT", p[0]))
            p += 2;
        if (*p != ' ' && *p != '-')
            return 0;
        p++;
        return month_name(p, &len) && !A((unsigned char)p[len]);
    }
    /* March 12, Mar 12th: capitalised, so "may 5" in prose passes */
    if (!(s[i] >= 'A' && s[i] <= 'Z') || !month_name(p, &len))
        return 0;
    p += len;
    if (*p == '.')
        p++;
    if (*p != ' ')
        return 0;
    p++;
    return num(&p, 1, 2, &d) && d >= 1 && d <= 31 && !D((unsigned char)*p) &&
           *p != ':';
}

static int has_day_date(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++)
        if (AN((unsigned char)s[i]) && starts(s, i) &&
            ((D((unsigned char)s[i]) && numeric_date(s + i)) ||
             named_date(s, i)))
            return 1;
    return 0;
}

/* ---- precise locations ------------------------------------------------ */

/* A decimal with 4+ decimals: [+-]D{1,3}.D{4,}; its whole part (signed)
 * in *v, which is all the range checks need.  No strtod: the locale may
 * want a decimal comma. */
static int decimal(const char **pp, double *v)
{
    const char *p = *pp;
    int n = 0, k = 0, neg = 0;

    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    *v = 0;
    while (D((unsigned char)p[n]))
        *v = *v * 10 + (p[n++] - '0');
    if (n < 1 || n > 3 || p[n] != '.')
        return 0;
    while (D((unsigned char)p[n + 1 + k]))
        k++;
    if (k < 4)
        return 0;
    /* a letter may follow only as a compass point: 51.5013N */
    if (A((unsigned char)p[n + 1 + k]) &&
        (!strchr("NSEWnsew", p[n + 1 + k]) || A((unsigned char)p[n + 2 + k])))
        return 0;
    if (neg)
        *v = -*v;
    *pp = p + n + 1 + k;
    return 1;
}

/* Between the two halves of a pair: degree signs, N/S/E/W, , ; / space. */
static const char *pair_gap(const char *p)
{
    const char *q = p;

    for (;;) {
        if ((unsigned char)q[0] == 0xc2 && (unsigned char)q[1] == 0xb0)
            q += 2;
        else if (*q && strchr(" ,;/\t", *q))
            q++;
        else if (*q && strchr("NSEWnsew", *q) && !A((unsigned char)q[1]))
            q++;
        else
            break;
    }
    return q > p ? q : NULL;
}

static int latlong(const char *s, size_t i)
{
    const char *p = s + i;
    double a, b;

    if (i > 0 && (s[i - 1] == '.' || D((unsigned char)s[i - 1])))
        return 0;
    if (!decimal(&p, &a) || !(p = pair_gap(p)) || !decimal(&p, &b))
        return 0;
    /* whole degrees: |lat| <= 90 for one of them, |long| <= 180 */
    return a >= -180 && a <= 180 && b >= -180 && b <= 180 &&
           ((a >= -90 && a <= 90) || (b >= -90 && b <= 90));
}

static int en_pair(const char *s, size_t i)
{
    const char *p = s + i;
    int n = 0, m = 0;

    while (D((unsigned char)p[n]))
        n++;
    if (n != 6)
        return 0;
    p += n;
    if (*p == '.')
        for (p++; D((unsigned char)*p); p++)
            ;
    if (!(p = pair_gap(p)))
        return 0;
    while (D((unsigned char)p[m]))
        m++;
    return (m == 6 || m == 7) && !A((unsigned char)p[m]);
}

static int grid_ref(const char *s, size_t i)
{
    const char *p = s + i;
    int a = U(p[0]), b = U(p[1]), n = 0, m = 0;

    if (!A(a) || !strchr("HNOST", a) || !A(b) || b == 'I')
        return 0;
    p += 2;
    if (*p == ' ')
        p++;
    while (D((unsigned char)p[n]))
        n++;
    if (p[n] == ' ' && (n == 4 || n == 5)) {
        while (D((unsigned char)p[n + 1 + m]))
            m++;
        return m == n && !AN((unsigned char)p[n + 1 + m]);
    }
    return (n == 8 || n == 10) && !AN((unsigned char)p[n]);
}

static int has_location(const char *s)
{
    size_t i;

    for (i = 0; s[i]; i++) {
        int c = (unsigned char)s[i];
        if (c == '/' && !strncmp(s + i, "///", 3) && A((unsigned char)s[i + 3]))
            return 1; /* ///word.word.word */
        if ((D(c) || c == '-' || c == '+') && latlong(s, i))
            return 1;
        if (!starts(s, i))
            continue;
        if ((D(c) && en_pair(s, i)) || (A(c) && grid_ref(s, i)))
            return 1;
    }
    return 0;
}

/* ---- all together ------------------------------------------------------ */

/* 'ident': also run on pseudonymous-id fields, whose short hex tokens
 * ("F9C5AB") can take the shape of a postcode or grid reference by chance
 * but must never be a real identifier. */
static const struct {
    const char *what;
    int (*fn)(const char *);
    int ident;
} det[] = {
    {"an e-mail address", has_email, 1},
    {"a social-media handle", has_handle, 0},
    {"an NHS number", has_nhs, 1},
    {"a National Insurance number", has_nino, 1},
    {"a Unique Pupil Number", has_upn, 1},
    {"a phone number", has_phone, 1},
    {"a full postcode", has_postcode, 0},
    {"a precise location", has_location, 0},
    {"a day-precision date", has_day_date, 0},
};

static const char *find(const char *s, int day_dates, int ident_only)
{
    size_t k;

    if (!s)
        return NULL;
    for (k = 0; k < sizeof det / sizeof *det; k++) {
        if (det[k].fn == has_day_date && !day_dates)
            continue;
        if (ident_only && !det[k].ident)
            continue;
        if (det[k].fn(s))
            return det[k].what;
    }
    return NULL;
}

const char *pii_find(const char *s, int day_dates)
{
    return find(s, day_dates, 0);
}

const char *pii_find_ident(const char *s)
{
    return find(s, 0, 1);
}

int csm_anonymise_scan_text(const char *text, const char **what)
{
    const char *w = pii_find(text, 1);

    if (what)
        *what = w;
    return w != NULL;
}
