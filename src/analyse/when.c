/* when.c - analyse: keep the rows of a dated layer that a `when:` filter
 * matches (months, time-of-day bands, days of the week).  Runs on the raw
 * rows, before dates are reduced to month, so that a full date can still
 * give its weekday; what it removes never reaches the protection stage's
 * counts.  Pure C. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

#define WEEKEND_BIT (1u << CSM_BAND_WEEKEND)
#define SAT 5
#define SUN 6

static const char *const band_names[CSM_BAND_COUNT] = {
    "school day", "after school", "evening", "night", "morning", "weekend"};
static const char *const day_full[7] = {"monday",   "tuesday", "wednesday",
                                        "thursday", "friday",  "saturday",
                                        "sunday"};
static const char *const day_short[7] = {"Mon", "Tue", "Wed", "Thu",
                                         "Fri", "Sat", "Sun"};
static const char *const month_short[12] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};

/* Lower-case letters and digits only: "After-School" -> "afterschool". */
static void squash(const char *in, char *out, size_t n)
{
    size_t i = 0;

    for (; *in && i + 1 < n; in++)
        if (isalnum((unsigned char)*in))
            out[i++] = (char)tolower((unsigned char)*in);
    out[i] = '\0';
}

const char *csm_analyse_band_name(csm_band b)
{
    return (unsigned)b < CSM_BAND_COUNT ? band_names[b] : "?";
}

int csm_analyse_band_parse(const char *s)
{
    char sq[32], name[32];
    int b;

    if (!s)
        return -1;
    squash(s, sq, sizeof sq);
    for (b = 0; b < CSM_BAND_COUNT; b++) {
        squash(band_names[b], name, sizeof name);
        if (!strcmp(sq, name))
            return b;
    }
    return -1;
}

/* Bands start at their first minute: 15:00 is after school, 22:00 night. */
csm_band csm_analyse_band_of(int minutes)
{
    if (minutes < 6 * 60 || minutes >= 22 * 60)
        return CSM_BAND_NIGHT;
    if (minutes < 8 * 60 + 30)
        return CSM_BAND_MORNING;
    if (minutes < 15 * 60)
        return CSM_BAND_SCHOOL_DAY;
    if (minutes < 18 * 60)
        return CSM_BAND_AFTER_SCHOOL;
    return CSM_BAND_EVENING;
}

int csm_analyse_day_parse(const char *s)
{
    char sq[32];
    size_t n;
    int d;

    if (!s)
        return -1;
    squash(s, sq, sizeof sq);
    n = strlen(sq);
    if (n == 1 && sq[0] >= '1' && sq[0] <= '7') /* ISO 8601: 1 = Monday */
        return sq[0] - '1';
    for (d = 0; n >= 3 && d < 7; d++) /* "sat", "thurs", "wednesday" */
        if (!strncmp(sq, day_full[d], n))
            return d;
    return -1;
}

/* "HH:MM", "H:MM", "HH:MM:SS" or "HH.MM": minutes after midnight. */
static int parse_clock(const char *s, int *minutes)
{
    int h = 0, m = 0, i = 0, nd = 0;

    while (s[i] == ' ')
        i++;
    for (; isdigit((unsigned char)s[i]) && nd < 2; i++, nd++)
        h = h * 10 + (s[i] - '0');
    if (nd == 0 || (s[i] != ':' && s[i] != '.') ||
        !isdigit((unsigned char)s[i + 1]) || !isdigit((unsigned char)s[i + 2]))
        return -1;
    m = (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
    i += 3;
    if (s[i] == ':' && isdigit((unsigned char)s[i + 1]) &&
        isdigit((unsigned char)s[i + 2]))
        i += 3;
    while (s[i] == ' ')
        i++;
    if (s[i] || h > 23 || m > 59)
        return -1;
    *minutes = h * 60 + m;
    return 0;
}

/* A date as its parts; day 0 when only a month is given, minutes -1 when
 * no time is.  YYYY-MM, YYYY-MM-DD[T| ]HH:MM..., YYYY/MM/DD, DD/MM/YYYY
 * (also with - or .).  -1 when it is none of these. */
typedef struct ymd {
    int y, m, d, minutes;
} ymd;

static int digits(const char *s, int n, int *out)
{
    int i, v = 0;

    for (i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int days_in(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    return m == 2 && leap ? 29 : n[m - 1];
}

static int parse_date(const char *s, ymd *out)
{
    size_t n;
    const char *rest = "";

    while (*s == ' ')
        s++;
    n = strlen(s);
    out->d = 0;
    out->minutes = -1;
    if (n >= 7 && !digits(s, 4, &out->y) && (s[4] == '-' || s[4] == '/') &&
        !digits(s + 5, 2, &out->m)) {
        if (n == 7 && s[4] == '-')
            rest = "";
        else if (n >= 10 && s[7] == s[4] && !digits(s + 8, 2, &out->d))
            rest = s + 10;
        else
            return -1;
    } else if (n >= 10 && !digits(s, 2, &out->d) &&
               (s[2] == '/' || s[2] == '-' || s[2] == '.') && s[5] == s[2] &&
               !digits(s + 3, 2, &out->m) && !digits(s + 6, 4, &out->y)) {
        rest = s + 10;
    } else {
        return -1;
    }
    if (out->m < 1 || out->m > 12 || out->y < 1 ||
        (out->d && out->d > days_in(out->y, out->m)))
        return -1;
    if (*rest == 'T' || *rest == ' ') {
        char clock[9];
        snprintf(clock, sizeof clock, "%.5s", rest + 1);
        if (parse_clock(clock, &out->minutes))
            return -1; /* anything after a date must start with a time */
    } else if (*rest) {
        return -1;
    }
    return 0;
}

/* 0 = Monday .. 6 = Sunday (Sakamoto's method gives 0 = Sunday). */
static int weekday(int y, int m, int d)
{
    static const int t[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

    if (m < 3)
        y--;
    return ((y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7 + 6) % 7;
}

/* What one row says: -1 for what it does not say. */
typedef struct row_facts {
    int month; /* year * 12 + month - 1, or -1 */
    int band;  /* csm_band, or -1 */
    int day;   /* 0 Monday .. 6 Sunday, or -1 */
} row_facts;

static int bad(const csm_layer *l, int f, long row, const char *what,
               csm_error *err)
{
    return csm_fail(err, CSM_EDATA, "layer '%s', field '%s', row %ld: %s",
                    l->name ? l->name : "?", l->field[f], row, what);
}

static int facts(const csm_layer *l, size_t i, const csm_when_fields *f,
                 row_facts *r, csm_error *err)
{
    const char *dv = csm_layer_value(l, i, f->date);
    const char *tv = csm_layer_value(l, i, f->time);
    const char *wv = csm_layer_value(l, i, f->day);
    long row = l->feat[i].row;
    ymd date;
    int min;

    r->month = r->band = r->day = -1;
    if (dv && parse_date(dv, &date))
        return bad(l, f->date, row,
                   "not a date (YYYY-MM, YYYY-MM-DD, DD/MM/YYYY) for "
                   "the when: filter",
                   err);
    if (dv) {
        r->month = date.y * 12 + date.m - 1;
        if (date.d)
            r->day = weekday(date.y, date.m, date.d);
        if (date.minutes >= 0)
            r->band = (int)csm_analyse_band_of(date.minutes);
    }
    if (tv && (r->band = csm_analyse_band_parse(tv)) < 0) {
        if (parse_clock(tv, &min))
            return bad(l, f->time, row,
                       "not a time band (school day, after school, "
                       "evening, night, morning, weekend) or HH:MM",
                       err);
        r->band = (int)csm_analyse_band_of(min);
    }
    if (wv && (r->day = csm_analyse_day_parse(wv)) < 0)
        return bad(l, f->day, row,
                   "not a day of the week (Monday, mon or 1 to 7)", err);
    return CSM_OK;
}

/* 1 keep, 0 drop, -1 drop because the row lacks what the filter needs. */
static int match(const csm_when *w, const row_facts *r)
{
    unsigned clock = w->bands & ~WEEKEND_BIT;
    int weekend = r->day == SAT || r->day == SUN;

    if (w->from_month || w->to_month) {
        if (r->month < 0)
            return -1;
        if ((w->from_month && r->month < w->from_month) ||
            (w->to_month && r->month > w->to_month))
            return 0;
    }
    if (w->bands) {
        int hit = (r->band >= 0 && (w->bands >> r->band & 1u)) ||
                  ((w->bands & WEEKEND_BIT) && weekend);
        if (!hit && r->band < 0 && clock)
            return -1; /* the time of day is asked for and not known */
        if (!hit && (w->bands & WEEKEND_BIT) && r->day < 0 &&
            r->band != CSM_BAND_WEEKEND)
            return -1; /* it may have been a weekend */
        if (!hit)
            return 0;
    }
    if (w->days) {
        unsigned both = 1u << SAT | 1u << SUN;
        if (r->day >= 0)
            return (int)(w->days >> r->day & 1u);
        if (r->band == CSM_BAND_WEEKEND && (w->days & both) == both)
            return 1; /* "weekend" is one of the two: both are wanted */
        return r->band == CSM_BAND_WEEKEND && !(w->days & both) ? 0 : -1;
    }
    return 1;
}

static void drop(csm_feature *ft, size_t nfield)
{
    size_t k;

    csm_geom_release(&ft->geom);
    for (k = 0; ft->val && k < nfield; k++)
        free(ft->val[k]);
    free(ft->val);
}

int csm_analyse_when(csm_layer *layer, const csm_when *w,
                     const csm_when_fields *f, csm_when_stats *st,
                     csm_error *err)
{
    signed char *keep;
    size_t i, kept = 0;
    row_facts r;
    int rc = CSM_OK;

    memset(st, 0, sizeof *st);
    st->rows = st->kept = layer->n;
    if (!w->from_month && !w->to_month && !w->bands && !w->days)
        return CSM_OK;
    if (!(keep = malloc(layer->n + 1)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < layer->n && !rc; i++)
        if (!(rc = facts(layer, i, f, &r, err)))
            keep[i] = (signed char)match(w, &r);
    if (rc) { /* nothing removed yet: the layer is unchanged */
        free(keep);
        return rc;
    }
    for (i = 0; i < layer->n; i++) {
        if (keep[i] == 1) {
            layer->feat[kept++] = layer->feat[i];
            continue;
        }
        st->unknown += keep[i] < 0;
        drop(&layer->feat[i], layer->nfield);
    }
    layer->n = st->kept = kept;
    free(keep);
    return CSM_OK;
}

static void month_text(int key, char *buf, size_t n)
{
    snprintf(buf, n, "%s %d", month_short[key % 12], key / 12);
}

int csm_analyse_when_text(const csm_when *w, char *out, size_t n)
{
    char a[16], b[16], buf[256];
    size_t len = 0;
    int i, first;

    buf[0] = '\0';
    if (w->from_month)
        month_text(w->from_month, a, sizeof a);
    if (w->to_month)
        month_text(w->to_month, b, sizeof b);
    if (w->from_month && w->to_month && w->from_month == w->to_month)
        len += (size_t)snprintf(buf, sizeof buf, "%s", a);
    else if (w->from_month && w->to_month)
        len += (size_t)snprintf(buf, sizeof buf, "%s to %s", a, b);
    else if (w->from_month)
        len += (size_t)snprintf(buf, sizeof buf, "from %s", a);
    else if (w->to_month)
        len += (size_t)snprintf(buf, sizeof buf, "until %s", b);
    for (first = 1, i = 0; w->bands && i < CSM_BAND_COUNT; i++)
        if (w->bands >> i & 1u) {
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                    first ? (len ? "; " : "") : ", ",
                                    band_names[i]);
            first = 0;
        }
    for (first = 1, i = 0; w->days && i < 7; i++)
        if (w->days >> i & 1u) {
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
                                    first ? (len ? "; " : "") : ", ",
                                    day_short[i]);
            first = 0;
        }
    return snprintf(out, n, "%s", buf);
}
