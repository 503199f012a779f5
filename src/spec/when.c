/* when.c - spec stage: a layer's time filter.
 *
 *   time: time_band          # field: a band name or HH:MM
 *   day: weekday             # field: Monday, mon, 1..7
 *   when: {from: 2026-06, to: 2026-11, time: [after school, evening],
 *          days: [sat, sun]}
 *
 * Checked here against the fields the layer names, so a filter that could
 * never match is a spec error with a line number, not an empty map. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spec/spec.h"

static const char *const when_keys[] = {"from", "to", "time", "days", NULL};
static const char *const band_names[] = {
    "school day", "after school", "evening", "night", "morning", "weekend"};
static const char *const day_names[] = {
    "mon", "tue", "wed", "thu", "fri", "sat", "sun", "weekend", "weekdays"};

/* "YYYY-MM" as year * 12 + month - 1. */
static int month(const ycx *c, struct fy_node *map, const char *key,
                 const char *where, int *out)
{
    struct fy_node *k, *v = y_get(map, key, &k);
    const char *s = v && fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    int y = 0, m = 0, i;

    if (!k || y_is_null(v))
        return 0;
    for (i = 0; s && i < 7; i++) {
        if (i == 4 ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            break;
        if (i < 4)
            y = y * 10 + (s[i] - '0');
        else if (i > 4)
            m = m * 10 + (s[i] - '0');
    }
    if (!s || i < 7 || s[7] || y < 1 || m < 1 || m > 12)
        return y_fail(c, v ? v : k,
                      "'%s' %s must be a month, YYYY-MM (e.g. 2026-06)", key,
                      where);
    *out = y * 12 + m - 1;
    return 0;
}

/* A band name, or a day name (with "weekend" and "weekdays"), as bits. */
static int one(const ycx *c, struct fy_node *v, const char *key,
               const char *where, int days, unsigned *bits)
{
    const char *s = fy_node_is_scalar(v) ? fy_node_get_scalar0(v) : NULL;
    const char *best;
    int i;

    if (s && !days && (i = csm_analyse_band_parse(s)) >= 0) {
        *bits |= 1u << i;
        return 0;
    }
    if (s && days && (i = csm_analyse_day_parse(s)) >= 0) {
        *bits |= 1u << i;
        return 0;
    }
    if (s && days && !strcasecmp(s, "weekend")) {
        *bits |= 3u << 5;
        return 0;
    }
    if (s && days && !strcasecmp(s, "weekdays")) {
        *bits |= 0x1fu;
        return 0;
    }
    best = s ? y_suggest(s, days ? day_names : band_names, days ? 9 : 6) : NULL;
    if (best)
        return y_fail(c, v,
                      "unknown %s '%.40s' in '%s' %s (did you mean "
                      "'%s'?)",
                      days ? "day" : "time band", s, key, where, best);
    return y_fail(c, v, "'%s' %s must list %s", key, where,
                  days ? "days: mon, tue, wed, thu, fri, sat, sun, weekend "
                         "or weekdays"
                       : "time bands: school day, after school, evening, "
                         "night, morning or weekend");
}

/* A name or a list of names. */
static int names(const ycx *c, struct fy_node *map, const char *key,
                 const char *where, int days, unsigned *bits)
{
    struct fy_node *k, *v = y_get(map, key, &k), *item;
    void *it = NULL;
    int rc = 0;

    if (!k || y_is_null(v))
        return 0;
    if (!fy_node_is_sequence(v))
        return one(c, v, key, where, days, bits);
    while (!rc && (item = fy_node_sequence_iterate(v, &it)))
        rc = one(c, item, key, where, days, bits);
    if (!rc && !*bits)
        rc = y_fail(c, k,
                    "'%s' %s is an empty list: leave it out to keep "
                    "every %s",
                    key, where, days ? "day" : "time");
    return rc;
}

/* Each part of the filter needs a field to read it from. */
static int needs(const ycx *c, struct fy_node *w, const char *where,
                 const csm_layer_spec *ls)
{
    struct fy_node *k;

    if ((ls->when.from_month || ls->when.to_month) && !ls->date) {
        y_get(w, ls->when.from_month ? "from" : "to", &k);
        return y_fail(c, k,
                      "'when' %s filters by month: name the layer's "
                      "date field with date:",
                      where);
    }
    if (ls->when.bands && !ls->time && !ls->date && !ls->day) {
        y_get(w, "time", &k);
        return y_fail(c, k,
                      "'when' %s filters by time of day: name the "
                      "layer's time field with time: (a band or HH:MM)",
                      where);
    }
    if (ls->when.days && !ls->day && !ls->date && !ls->time) {
        y_get(w, "days", &k);
        return y_fail(c, k,
                      "'when' %s filters by day: name the layer's "
                      "day field with day: (or a full date with date:)",
                      where);
    }
    return 0;
}

int y_when(const ycx *c, struct fy_node *m, const char *where,
           csm_layer_spec *ls)
{
    char in[112];
    struct fy_node *k, *v;
    int rc = y_str(c, m, "time", where, &ls->time);

    if (!rc)
        rc = y_str(c, m, "day", where, &ls->day);
    v = y_get(m, "when", &k);
    if (rc || !v)
        return rc;
    snprintf(in, sizeof in, "in when %s", where);
    rc = y_want_map(c, v, k, "when", where);
    if (!rc)
        rc = y_check_keys(c, v, when_keys, 0, NULL, NULL, in);
    if (!rc)
        rc = month(c, v, "from", in, &ls->when.from_month);
    if (!rc)
        rc = month(c, v, "to", in, &ls->when.to_month);
    if (!rc && ls->when.from_month && ls->when.to_month &&
        ls->when.to_month < ls->when.from_month)
        rc = y_fail(c, y_get(v, "to", &k), "'to' %s is before 'from'", in);
    if (!rc)
        rc = names(c, v, "time", in, 0, &ls->when.bands);
    if (!rc)
        rc = names(c, v, "days", in, 1, &ls->when.days);
    if (!rc)
        rc = needs(c, v, where, ls);
    return rc;
}
