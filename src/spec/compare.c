/* compare.c - spec stage: the top-level compare: mapping and panels: key.
 *
 *   compare:
 *     periods: [2026-01..2026-03, 2026-04..2026-06]   # equal lengths
 *     layer: concerns       # whose change is mapped (default: the first
 *                           # concern layer with a date: field)
 *   panels: time-of-day     # one small map per time band
 *
 * The same period syntax is render's --compare value, so both go through
 * csm_compare_parse.  Periods must be equally long (a change between a
 * quarter and a month means nothing) and must not overlap (PRIVACY.md
 * section 8 row 8: periods in one release nest, so no count can be had
 * by subtracting one period from another). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec/spec.h"

static const char *const compare_keys[] = {"periods", "layer", NULL};
static const char *const month_names[12] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};

/* "YYYY-MM" at s (exactly 7 characters) as year * 12 + month - 1. */
static int month_at(const char *s, size_t n, int *out)
{
    int y, m;
    size_t i;

    if (n != 7 || s[4] != '-')
        return -1;
    for (i = 0; i < 7; i++)
        if (i != 4 && !isdigit((unsigned char)s[i]))
            return -1;
    y = atoi(s);
    m = (s[5] - '0') * 10 + (s[6] - '0');
    if (m < 1 || m > 12 || y < 1900)
        return -1;
    *out = y * 12 + m - 1;
    return 0;
}

static int period_len(const csm_period *p)
{
    return p->to_month - p->from_month + 1;
}

int csm_period_text(const csm_period *p, int long_form, char *buf, size_t n)
{
    int a = p->from_month, b = p->to_month;

    if (long_form && a == b)
        return snprintf(buf, n, "%s %d", month_names[a % 12], a / 12);
    if (long_form)
        return snprintf(buf, n, "%s %d to %s %d", month_names[a % 12], a / 12,
                        month_names[b % 12], b / 12);
    if (a == b)
        return snprintf(buf, n, "%04d-%02d", a / 12, a % 12 + 1);
    return snprintf(buf, n, "%04d-%02d..%04d-%02d", a / 12, a % 12 + 1, b / 12,
                    b % 12 + 1);
}

/* One period, "YYYY-MM..YYYY-MM" or "YYYY-MM", of n bytes at s. */
static int parse_period(const char *s, size_t n, csm_period *p, csm_error *err)
{
    const char *dots;
    size_t k;

    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    for (dots = NULL, k = 0; k + 1 < n; k++)
        if (s[k] == '.' && s[k + 1] == '.') {
            dots = s + k;
            break;
        }
    if (!dots) {
        if (month_at(s, n, &p->from_month))
            goto bad;
        p->to_month = p->from_month;
        return CSM_OK;
    }
    if (month_at(s, (size_t)(dots - s), &p->from_month) ||
        month_at(dots + 2, n - (size_t)(dots - s) - 2, &p->to_month))
        goto bad;
    if (p->to_month < p->from_month)
        return csm_fail(err, CSM_EUSAGE,
                        "compare: period '%.*s' ends before it starts",
                        (int)(n > 40 ? 40 : n), s);
    return CSM_OK;
bad:
    return csm_fail(err, CSM_EUSAGE,
                    "compare: '%.*s' is not a period: write "
                    "YYYY-MM..YYYY-MM (e.g. 2026-01..2026-03)",
                    (int)(n > 40 ? 40 : n), s);
}

int csm_compare_check(const csm_compare_spec *c, csm_error *err)
{
    char a[32], b[32];
    size_t i, j;

    if (c->nperiod < 2)
        return csm_fail(err, CSM_EUSAGE,
                        "compare: give at least two periods, e.g. "
                        "2026-01..2026-03,2026-04..2026-06");
    for (i = 1; i < c->nperiod; i++)
        if (period_len(&c->period[i]) != period_len(&c->period[0])) {
            int la = period_len(&c->period[0]), lb = period_len(&c->period[i]);
            csm_period_text(&c->period[0], 0, a, sizeof a);
            csm_period_text(&c->period[i], 0, b, sizeof b);
            return csm_fail(err, CSM_EUSAGE,
                            "compare: periods differ in length: %s is %d "
                            "month%s, %s is %d month%s",
                            a, la, la == 1 ? "" : "s", b, lb,
                            lb == 1 ? "" : "s");
        }
    for (i = 0; i < c->nperiod; i++)
        for (j = i + 1; j < c->nperiod; j++)
            if (c->period[i].from_month <= c->period[j].to_month &&
                c->period[j].from_month <= c->period[i].to_month) {
                csm_period_text(&c->period[i], 0, a, sizeof a);
                csm_period_text(&c->period[j], 0, b, sizeof b);
                return csm_fail(err, CSM_EUSAGE,
                                "compare: periods %s and %s overlap: "
                                "compared periods must not share a month",
                                a, b);
            }
    return CSM_OK;
}

int csm_compare_parse(const char *text, csm_compare_spec *c, csm_error *err)
{
    const char *s = text, *comma;
    int rc;

    c->nperiod = 0;
    for (;;) {
        comma = strchr(s, ',');
        if (c->nperiod == CSM_MAX_PERIODS)
            return csm_fail(err, CSM_EUSAGE, "compare: at most %d periods",
                            CSM_MAX_PERIODS);
        rc = parse_period(s, comma ? (size_t)(comma - s) : strlen(s),
                          &c->period[c->nperiod], err);
        if (rc)
            return rc;
        c->nperiod++;
        if (!comma)
            break;
        s = comma + 1;
    }
    return csm_compare_check(c, err);
}

static int periods(const ycx *c, struct fy_node *m, csm_compare_spec *cs)
{
    struct fy_node *k, *v = y_get(m, "periods", &k), *item;
    void *it = NULL;
    const char *t;
    size_t len;
    int rc;

    if (!v)
        return y_fail(c, m,
                      "compare needs 'periods', e.g. [2026-01..2026-03, "
                      "2026-04..2026-06]");
    if ((rc = y_want_seq(c, v, k, "periods", "in compare")))
        return rc;
    while ((item = fy_node_sequence_iterate(v, &it))) {
        if (!fy_node_is_scalar(item) || !(t = fy_node_get_scalar(item, &len)))
            return y_fail(c, item,
                          "'periods' in compare must be a list of "
                          "periods, YYYY-MM..YYYY-MM");
        if (cs->nperiod == CSM_MAX_PERIODS)
            return y_fail(c, item, "compare: at most %d periods",
                          CSM_MAX_PERIODS);
        if ((rc = parse_period(t, len, &cs->period[cs->nperiod], c->err))) {
            int line, col;
            y_pos(item, NULL, &line, &col);
            csm_error_prefix(c->err, "%s:%d:%d", c->path, line, col);
            return rc;
        }
        cs->nperiod++;
    }
    if ((rc = csm_compare_check(cs, c->err)) != CSM_OK) {
        int line, col;
        y_pos(v, k, &line, &col);
        csm_error_prefix(c->err, "%s:%d:%d", c->path, line, col);
    }
    return rc;
}

int y_compare(const ycx *c, struct fy_node *root, csm_spec *s)
{
    static const char *const panel_names[] = {"none", "time-of-day"};
    struct fy_node *k, *m = y_get(root, "compare", &k);
    csm_compare_spec *cs = &s->compare;
    size_t i;
    int rc, line, col, found;

    rc = y_enum(c, root, "panels", "at top level", panel_names, 2, &s->panels,
                &found);
    if (rc)
        return rc;
    if (!m)
        return CSM_OK;
    if ((rc = y_want_map(c, m, k, "compare", "at top level")) ||
        (rc = y_check_keys(c, m, compare_keys, 0, NULL, NULL, "in compare")))
        return rc;
    y_pos(k, m, &line, &col);
    cs->line = line;
    if ((rc = y_str(c, m, "layer", "in compare", &cs->layer)))
        return rc;
    if (cs->layer) {
        for (i = 0; i < s->nlayer && strcmp(s->layer[i].name, cs->layer); i++)
            ;
        if (i == s->nlayer)
            return y_fail(c, y_get(m, "layer", NULL),
                          "compare: layer '%s' is not a layer of the spec",
                          cs->layer);
        if (!s->layer[i].date)
            return y_fail(c, y_get(m, "layer", NULL),
                          "compare: layer '%s' has no date: field to "
                          "split it into periods",
                          cs->layer);
    }
    if (s->panels)
        return y_fail(c, k,
                      "compare and panels cannot both be given: one "
                      "kind of small multiples per page");
    return periods(c, m, cs);
}

void y_compare_free(csm_spec *s)
{
    free(s->compare.layer);
    memset(&s->compare, 0, sizeof s->compare);
}
