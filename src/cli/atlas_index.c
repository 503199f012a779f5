/* atlas_index.c - `csmap atlas`: the folder's index.  index.csv holds
 * each area's headline figures exactly as its page prints them (shown
 * values: "not shown" where the page has "*"), for a spreadsheet;
 * index.html is a plain page, no script and nothing fetched, that opens
 * offline in any browser: thumbnail and link per area, marking at top
 * and bottom, the anonymisation statement. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atlas.h"

static int csv_text(csm_buf *b, const char *s, csm_error *err)
{
    int rc = csm_buf_append(b, "\"", 1, err);

    for (; !rc && s && *s; s++)
        rc = *s == '"' ? csm_buf_append(b, "\"\"", 2, err)
                       : csm_buf_append(b, s, 1, err);
    return rc ? rc : csm_buf_append(b, "\"", 1, err);
}

/* A shown value: hidden ones say so; -1 places: no such layer. */
static int csv_count(csm_buf *b, long v, int places, csm_error *err)
{
    if (v < 0)
        return csm_buf_printf(b, err, ",%s", places ? "" : "not shown");
    return csm_buf_printf(b, err, ",%ld", v);
}

static int csv(const record *r, const char *dir, csm_error *err)
{
    char *path = atlas_path(dir, "index", ".csv");
    csm_buf b;
    size_t i;
    int rc = path ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    csm_buf_init(&b);
    if (!rc)
        rc = csm_buf_printf(&b, err,
                            "area,file,%s,incidents,"
                            "rate_per_1000,schools,transport_hubs\n",
                            r->unit && *r->unit ? "count" : "children");
    for (i = 0; !rc && i < r->n; i++) {
        const rec_area *a = &r->a[i];
        int made = a->state == ATLAS_PAGE;
        rc = csv_text(&b, a->name, err);
        if (!rc && made)
            rc = csm_buf_printf(&b, err, ",%s.%s", a->slug, r->format);
        else if (!rc)
            rc = csm_buf_printf(&b, err, ",not produced,,,,,\n");
        if (rc || !made)
            continue;
        rc = csv_count(&b, a->children, 0, err);
        if (!rc)
            rc = csv_count(&b, a->incidents, 0, err);
        if (!rc)
            rc = csm_buf_printf(&b, err, ",%s",
                                !strcmp(a->rate, "*")   ? "not shown"
                                : !strcmp(a->rate, "-") ? ""
                                                        : a->rate);
        if (!rc)
            rc = csv_count(&b, a->schools, 1, err);
        if (!rc)
            rc = csv_count(&b, a->hubs, 1, err);
        if (!rc)
            rc = csm_buf_append(&b, "\n", 1, err);
    }
    if (!rc)
        rc = csm_write_file(path, &b, err);
    csm_buf_release(&b);
    free(path);
    return rc;
}

static int html_text(csm_buf *b, const char *s, csm_error *err)
{
    int rc = CSM_OK;

    for (; !rc && s && *s; s++) {
        const char *e = *s == '&'    ? "&amp;"
                        : *s == '<'  ? "&lt;"
                        : *s == '>'  ? "&gt;"
                        : *s == '"'  ? "&quot;"
                        : *s == '\'' ? "&#39;"
                                     : NULL;
        rc = e ? csm_buf_printf(b, err, "%s", e) : csm_buf_append(b, s, 1, err);
    }
    return rc;
}

static int html_count(csm_buf *b, long v, csm_error *err)
{
    return v < 0 ? csm_buf_printf(b, err, "<td>*</td>")
                 : csm_buf_printf(b, err, "<td>%ld</td>", v);
}

static const char style_css[] =
    "body{font-family:'DejaVu Sans',sans-serif;margin:1.5em;color:#111}"
    ".marking{background:#000;color:#fff;text-align:center;font-weight:bold;"
    "padding:.3em}table{border-collapse:collapse;margin:1em 0}"
    "th,td{border-bottom:1px solid #ccc;padding:.3em .7em;text-align:right;"
    "vertical-align:middle}th:nth-child(-n+2),td:nth-child(-n+2)"
    "{text-align:left}img{border:1px solid #999;display:block}"
    ".small{font-size:90%}";

static int html_head(csm_buf *b, const record *r, const char *pdf,
                     csm_error *err)
{
    int rc = csm_buf_printf(b, err,
                            "<!DOCTYPE html>\n<html lang=\"en\">\n"
                            "<head>\n<meta charset=\"utf-8\">\n"
                            "<title>");

    if (!rc)
        rc = html_text(b, r->title, err);
    if (!rc)
        rc = csm_buf_printf(b, err,
                            "</title>\n<style>%s</style>\n</head>\n"
                            "<body>\n<div class=\"marking\">",
                            style_css);
    if (!rc)
        rc = html_text(b, r->marking, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "</div>\n<h1>");
    if (!rc)
        rc = html_text(b, r->title, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "</h1>\n<p>Date: ");
    if (!rc)
        rc = html_text(b, r->date && *r->date ? r->date : "not given", err);
    if (!rc && r->period && *r->period) {
        rc = csm_buf_printf(b, err, ". Period covered: ");
        if (!rc)
            rc = html_text(b, r->period, err);
    }
    if (!rc)
        rc = csm_buf_printf(b, err, ".</p>\n");
    if (!rc && pdf) {
        const char *base = strrchr(pdf, '/');
        base = base ? base + 1 : pdf;
        rc = csm_buf_printf(b, err,
                            "<p>Every area in one document: <a "
                            "href=\"");
        if (!rc)
            rc = html_text(b, base, err);
        if (!rc)
            rc = csm_buf_printf(b, err, "\">");
        if (!rc)
            rc = html_text(b, base, err);
        if (!rc)
            rc = csm_buf_printf(b, err, "</a></p>\n");
    }
    return rc;
}

static int html_row(csm_buf *b, const record *r, const rec_area *a, int tw,
                    csm_error *err)
{
    int rc = csm_buf_printf(b, err, "<tr><td>");

    if (!rc && a->state == ATLAS_PAGE)
        rc = csm_buf_printf(b, err,
                            "<a href=\"%s.%s\"><img src=\"thumbs/"
                            "%s.png\" width=\"%d\" alt=\"\"></a>",
                            a->slug, r->format, a->slug, tw);
    if (!rc)
        rc = csm_buf_printf(b, err, "</td><td>");
    if (!rc && a->state == ATLAS_PAGE)
        rc = csm_buf_printf(b, err, "<a href=\"%s.%s\">", a->slug, r->format);
    if (!rc)
        rc = html_text(b, a->name, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "%s</td>",
                            a->state == ATLAS_PAGE ? "</a>" : "");
    if (!rc && a->state != ATLAS_PAGE)
        return csm_buf_printf(b, err,
                              "<td colspan=\"3\">not produced"
                              "</td></tr>\n");
    if (!rc)
        rc = html_count(b, a->children, err);
    if (!rc)
        rc = html_count(b, a->incidents, err);
    if (!rc && r->rate && *r->rate) {
        rc = csm_buf_printf(b, err, "<td>");
        if (!rc)
            rc = html_text(b, strcmp(a->rate, "-") ? a->rate : "", err);
        if (!rc)
            rc = csm_buf_printf(b, err, "</td>");
    }
    return rc ? rc : csm_buf_printf(b, err, "</tr>\n");
}

static int html_foot(csm_buf *b, const record *r, csm_error *err)
{
    size_t i;
    int rc = csm_buf_printf(b, err,
                            "</table>\n<p class=\"small\">* not "
                            "shown: a small number, or hidden to protect "
                            "another figure.</p>\n<p class=\"small\">"
                            "Anonymisation: ");

    if (!rc)
        rc = html_text(b, r->statement, err);
    if (!rc)
        rc = csm_buf_printf(b, err, "</p>\n<p class=\"small\">Sources: ");
    for (i = 0; !rc && i < r->nsource; i++) {
        if (i)
            rc = csm_buf_printf(b, err, "; ");
        if (!rc)
            rc = html_text(b, r->source[i], err);
    }
    if (!rc)
        rc = csm_buf_printf(b, err, "</p>\n<div class=\"marking\">");
    if (!rc)
        rc = html_text(b, r->marking, err);
    return rc ? rc : csm_buf_printf(b, err, "</div>\n</body>\n</html>\n");
}

static int html(const record *r, const char *dir, const char *pdf,
                csm_error *err)
{
    char *path = atlas_path(dir, "index", ".html");
    double w = 210.0, h = 297.0;
    csm_buf b;
    size_t i;
    int rc = path ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    if (!strncmp(r->page, "A3", 2))
        w = 297.0;
    else if (!strncmp(r->page, "A2", 2))
        w = 420.0;
    h = w * 297.0 / 210.0;
    if (strstr(r->page, "landscape"))
        w = h;
    csm_buf_init(&b);
    if (!rc)
        rc = html_head(&b, r, pdf, err);
    if (!rc)
        rc = csm_buf_printf(&b, err, "<table>\n<tr><th>Map</th><th>");
    if (!rc)
        rc = html_text(&b, r->heading, err);
    if (!rc)
        rc = csm_buf_printf(&b, err, "</th><th>");
    if (!rc) /* what the figures count: children, or rows ("crimes") */
        rc = html_text(&b, r->unit && *r->unit ? r->unit : "Children", err);
    if (!rc)
        rc = csm_buf_printf(&b, err, "</th><th>Incidents</th>%s</tr>\n",
                            r->rate && *r->rate ? "<th>Per 1,000</th>" : "");
    for (i = 0; !rc && i < r->n; i++)
        rc = html_row(&b, r, &r->a[i], (int)(w / 25.4 * ATLAS_THUMB_DPI + 0.5),
                      err);
    if (!rc)
        rc = html_foot(&b, r, err);
    if (!rc)
        rc = csm_write_file(path, &b, err);
    csm_buf_release(&b);
    free(path);
    return rc;
}

int atlas_index_files(const record *r, const char *dir, const char *pdf,
                      csm_error *err)
{
    const char *slash = pdf ? strrchr(pdf, '/') : NULL;
    int in_dir = pdf && slash && (size_t)(slash - pdf) == strlen(dir) &&
                 !strncmp(pdf, dir, strlen(dir));
    int rc = csv(r, dir, err);

    return rc ? rc : html(r, dir, in_dir ? pdf : NULL, err);
}
