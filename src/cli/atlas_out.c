/* atlas_out.c - `csmap atlas`, step 4: put the atlas together from its
 * working folder alone (the run record and the parts), so that a normal
 * run and `--merge` of shards made on other machines give the same bytes.
 * The PDF is written as it is drawn, a page at a time, to a temporary file
 * renamed at the end; index.csv and index.html list every area with its
 * headline figures exactly as its page shows them. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atlas.h"

/* --- reading the record ------------------------------------------------- */

static char *unescape(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    size_t i, k = 0;

    for (i = 0; o && i < n; i++) {
        if (s[i] == '\\' && i + 1 < n) {
            i++;
            o[k++] = s[i] == 't' ? '\t' : s[i] == 'n' ? '\n' : s[i];
        } else {
            o[k++] = s[i];
        }
    }
    if (o)
        o[k] = '\0';
    return o;
}

static int push(char ***v, size_t *n, char *s)
{
    char **p = realloc(*v, (*n + 1) * sizeof *p);

    if (!p || !s) {
        free(s);
        if (p)
            *v = p;
        return -1;
    }
    *v = p;
    p[(*n)++] = s;
    return 0;
}

static int area_line(record *r, const char *s)
{
    const char *f[7];
    rec_area *a, *p = realloc(r->a, (r->n + 1) * sizeof *p);
    int k;

    if (!p)
        return -1;
    r->a = p;
    f[0] = s;
    for (k = 1; k < 7; k++)
        if (!(f[k] = strchr(f[k - 1], '\t')) || !*++f[k])
            return -1;
    a = &r->a[r->n];
    memset(a, 0, sizeof *a);
    a->slug = unescape(f[0], (size_t)(f[1] - f[0] - 1));
    a->rate = unescape(f[3], (size_t)(f[4] - f[3] - 1));
    a->name = unescape(f[6], strlen(f[6]));
    a->children = atol(f[1]);
    a->incidents = atol(f[2]);
    a->schools = atol(f[4]);
    a->hubs = atol(f[5]);
    r->n++;
    return a->slug && a->rate && a->name ? 0 : -1;
}

static int line(record *r, char *s)
{
    static const char *const key[] = {
        "hash",  "format", "page",   "title",     "subtitle", "marking", "date",
        "owner", "review", "period", "statement", "heading",  "rate",
        "unit"};
    char **slot[] = {&r->hash,     &r->format,  &r->page,      &r->title,
                     &r->subtitle, &r->marking, &r->date,      &r->owner,
                     &r->review,   &r->period,  &r->statement, &r->heading,
                     &r->rate,     &r->unit};
    char *tab = strchr(s, '\t');
    size_t k;

    if (!tab)
        return -1;
    *tab++ = '\0';
    if (!strcmp(s, "area"))
        return area_line(r, tab);
    if (!strcmp(s, "source"))
        return push(&r->source, &r->nsource, unescape(tab, strlen(tab)));
    if (!strcmp(s, "caveat"))
        return push(&r->caveat, &r->ncaveat, unescape(tab, strlen(tab)));
    for (k = 0; k < sizeof key / sizeof *key; k++)
        if (!strcmp(s, key[k])) {
            free(*slot[k]);
            *slot[k] = unescape(tab, strlen(tab));
            return *slot[k] ? 0 : -1;
        }
    return 0; /* a key from a newer csmap: not needed here */
}

void atlas_record_release(record *r)
{
    char **s[] = {&r->hash,     &r->format,  &r->page,      &r->title,
                  &r->subtitle, &r->marking, &r->date,      &r->owner,
                  &r->review,   &r->period,  &r->statement, &r->heading,
                  &r->rate,     &r->unit};
    size_t k;

    for (k = 0; k < sizeof s / sizeof *s; k++)
        free(*s[k]);
    for (k = 0; k < r->nsource; k++)
        free(r->source[k]);
    free(r->source);
    for (k = 0; k < r->ncaveat; k++)
        free(r->caveat[k]);
    free(r->caveat);
    for (k = 0; k < r->n; k++) {
        free(r->a[k].slug);
        free(r->a[k].name);
        free(r->a[k].rate);
    }
    free(r->a);
    memset(r, 0, sizeof *r);
}

int atlas_read_record(const char *work, record *r, csm_error *err)
{
    char *path = atlas_path(work, "run", ""), *s = NULL;
    size_t cap = 0;
    ssize_t n;
    FILE *f = path ? fopen(path, "r") : NULL;
    int bad = 0, first = 1;

    memset(r, 0, sizeof *r);
    if (!f) {
        csm_fail(err, CSM_EIO,
                 "no atlas in '%s' (no '%s'): make one with "
                 "'csmap atlas SPEC -o DIR' first",
                 work, path ? path : "run");
        free(path);
        return CSM_EIO;
    }
    while (!bad && (n = getline(&s, &cap, f)) > 0) {
        if (s[n - 1] == '\n')
            s[--n] = '\0';
        bad = first ? strcmp(s, "csmap-atlas-run\t1") != 0 : line(r, s);
        first = 0;
    }
    free(s);
    fclose(f);
    if (bad || !r->hash || !r->format || !r->page)
        bad = csm_fail(err, CSM_EDATA,
                       "'%s' is not a run record of this "
                       "csmap: make the atlas again",
                       path);
    free(path);
    if (bad)
        atlas_record_release(r);
    return bad;
}

/* --- the front matter --------------------------------------------------- */

/* The cover and index from the record; 'contents' (n bytes) holds the
 * line saying how many areas there are. */
static void front_of(const record *r, csm_front *f, char *contents, size_t n)
{
    char size[8] = "A4", orient[16] = "portrait";
    double margin = 10.0;
    size_t k;

    memset(f, 0, sizeof *f);
    sscanf(r->page, "%7s %15s %lf", size, orient, &margin);
    f->title = r->title;
    f->subtitle = r->subtitle && *r->subtitle ? r->subtitle : NULL;
    f->marking = r->marking;
    f->date = r->date && *r->date ? r->date : NULL;
    f->owner = r->owner;
    f->review = r->review;
    f->period = r->period;
    f->statement = r->statement;
    f->sources = (const char *const *)r->source;
    f->nsources = r->nsource;
    f->caveats = (const char *const *)r->caveat;
    f->ncaveats = r->ncaveat;
    f->area_heading = r->heading;
    f->rate_heading = r->rate && *r->rate ? r->rate : NULL;
    f->unit = r->unit && *r->unit ? r->unit : NULL;
    f->page_size = !strcmp(size, "A3")   ? CSM_PAGE_A3
                   : !strcmp(size, "A2") ? CSM_PAGE_A2
                                         : CSM_PAGE_A4;
    f->landscape = !strcmp(orient, "landscape");
    f->margin_mm = margin;
    snprintf(contents, n, "%zu %s, one page each, in order of name", r->n,
             r->heading ? r->heading : "areas");
    for (k = 0; contents[k] && contents[k] != ' '; k++)
        ;
    if (contents[k]) /* "25 Wards" reads as a heading: "25 wards" */
        contents[k + 1] = (char)tolower((unsigned char)contents[k + 1]);
    f->contents = contents;
}

/* --- the PDF ------------------------------------------------------------- */

static int sink(void *ctx, const void *data, size_t n)
{
    return csm_write_put(ctx, data, n);
}

/* Number the page, draw it into the document, free it. */
static int add(csm_doc *doc, csm_page *page, long no, long total,
               const char *bookmark, csm_error *err)
{
    char text[64];
    int rc;

    snprintf(text, sizeof text, "Page %ld of %ld", no, total);
    rc = csm_page_fill(page, CSM_PAGE_TOKEN, text, err);
    if (!rc)
        rc = csm_render_doc_add(doc, page, bookmark, err);
    csm_page_free(page);
    return rc;
}

static int pages(const char *work, record *r, const csm_front *f, csm_doc *doc,
                 csm_error *err)
{
    size_t per = csm_compose_index_rows(f, csm_render_measure), nidx, i;
    csm_index_row *rows = calloc(r->n + 1, sizeof *rows);
    long no = 1, total;
    csm_page *page = NULL;
    int rc = rows ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    nidx = r->n ? (r->n + per - 1) / per : 1;
    total = 1 + (long)nidx;
    for (i = 0; i < r->n; i++)
        r->a[i].page = r->a[i].state == ATLAS_PAGE ? ++total : 0;
    for (i = 0; i < r->n; i++) {
        rows[i].name = r->a[i].name;
        rows[i].page = r->a[i].page;
        rows[i].children = r->a[i].children;
        rows[i].incidents = r->a[i].incidents;
        rows[i].rate = strcmp(r->a[i].rate, "-") ? r->a[i].rate : NULL;
    }
    if (!rc && !(rc = csm_compose_cover(f, csm_render_measure, &page, err)))
        rc = add(doc, page, no++, total, "Cover", err);
    for (i = 0; !rc && i < nidx; i++) {
        size_t n = r->n - i * per < per ? r->n - i * per : per;
        rc = csm_compose_index(f, rows + i * per, n, csm_render_measure, &page,
                               err);
        if (!rc)
            rc = add(doc, page, no++, total, i ? NULL : "Index of areas", err);
    }
    for (i = 0; !rc && i < r->n; i++) {
        char *path;
        if (r->a[i].state != ATLAS_PAGE)
            continue;
        if (!(path = atlas_path(work, r->a[i].slug, ".part")))
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        else if (!atlas_read_part(path, r->hash, &page))
            rc = csm_fail(err, CSM_EDATA,
                          "cannot read the page of area "
                          "'%s' ('%s'): make it again",
                          r->a[i].name, path);
        else
            rc = add(doc, page, no++, total, r->a[i].name, err);
        free(path);
    }
    free(rows);
    return rc;
}

static int write_pdf(const char *work, record *r, const char *pdf,
                     csm_error *err)
{
    csm_front f;
    csm_wstream *w = NULL;
    csm_doc *doc = NULL;
    char contents[160];
    int rc;

    front_of(r, &f, contents, sizeof contents);
    rc = csm_write_open(pdf, &w, err);
    if (!rc)
        rc = csm_render_doc_new(r->title, f.date, sink, w, &doc, err);
    if (!rc)
        rc = pages(work, r, &f, doc, err);
    if (!rc) {
        rc = csm_render_doc_finish(doc, err);
        doc = NULL;
    }
    csm_render_doc_free(doc);
    if (!rc)
        return csm_write_commit(w, err);
    csm_write_abort(w);
    return rc;
}

/* --- the rest ------------------------------------------------------------ */

static int copy_file(const char *from, const char *to, csm_error *err)
{
    FILE *f = fopen(from, "rb");
    char buf[65536];
    csm_buf b;
    size_t n;
    int rc = CSM_OK;

    if (!f)
        return csm_fail(err, CSM_EIO, "cannot open '%s'", from);
    csm_buf_init(&b);
    while (!rc && (n = fread(buf, 1, sizeof buf, f)) > 0)
        rc = csm_buf_append(&b, buf, n, err);
    fclose(f);
    if (!rc)
        rc = csm_write_file(to, &b, err);
    csm_buf_release(&b);
    return rc;
}

/* Which areas have a page, which failed, and which nobody made yet. */
static int states(const char *work, record *r, size_t *failed, csm_error *err)
{
    size_t i, missing = 0, first = 0;
    char why[256];

    *failed = 0;
    for (i = 0; i < r->n; i++) {
        char *part = atlas_path(work, r->a[i].slug, ".part");
        char *fail = atlas_path(work, r->a[i].slug, ".fail");
        if (!part || !fail) {
            free(part);
            free(fail);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
        if (atlas_read_part(part, r->hash, NULL))
            r->a[i].state = ATLAS_PAGE;
        else if (atlas_read_fail(fail, r->hash, why, sizeof why))
            r->a[i].state = ATLAS_FAILED;
        if (r->a[i].state == ATLAS_FAILED)
            ++*failed;
        if (r->a[i].state == ATLAS_MISSING && missing++ == 0)
            first = i;
        free(part);
        free(fail);
    }
    if (missing)
        return csm_fail(err, CSM_EDATA,
                        "%zu of %zu areas have no page yet "
                        "(the first is '%s'): finish every shard (--shard "
                        "K/N -o DIR), then merge again",
                        missing, r->n, r->a[first].name);
    return CSM_OK;
}

int atlas_assemble(const char *work, const char *pdf, const char *dir,
                   size_t *failed, csm_error *err)
{
    char *prov = atlas_path(work, "provenance", ".json"), *side = NULL;
    record r;
    int rc;

    *failed = 0;
    if (!prov)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = atlas_read_record(work, &r, err);
    if (!rc)
        rc = states(work, &r, failed, err);
    if (!rc && pdf)
        rc = write_pdf(work, &r, pdf, err);
    if (!rc && pdf && (side = malloc(strlen(pdf) + 6))) {
        sprintf(side, "%s.json", pdf); /* as every map's sidecar */
        rc = copy_file(prov, side, err);
    }
    free(side);
    side = NULL;
    if (!rc && dir)
        rc = atlas_index_files(&r, dir, pdf, err);
    if (!rc && dir && (side = atlas_path(dir, "atlas", ".json")))
        rc = copy_file(prov, side, err);
    free(side);
    free(prov);
    atlas_record_release(&r);
    return rc;
}

int atlas_all_made(const char *work, const char *hash, const atlas_opt *o)
{
    static const char *const ext[] = {".pdf", ".svg", ".png"};
    record r;
    size_t i;
    int ok;

    if (atlas_read_record(work, &r, NULL))
        return 0;
    ok = !strcmp(r.hash, hash);
    for (i = 0; ok && i < r.n; i++) {
        char *part, *file = NULL, *thumb = NULL;
        if ((int)(i % (size_t)o->shard_n) != o->shard_k - 1)
            continue;
        part = atlas_path(work, r.a[i].slug, ".part");
        ok = part && atlas_read_part(part, hash, NULL);
        if (ok && o->to_dir) { /* and the folder's own files */
            char *thumbs = atlas_path(o->output, "thumbs", "");
            file = atlas_path(o->output, r.a[i].slug, ext[o->format]);
            thumb = thumbs ? atlas_path(thumbs, r.a[i].slug, ".png") : NULL;
            ok = file && thumb && !access(file, R_OK) && !access(thumb, R_OK);
            free(thumbs);
        }
        free(part);
        free(file);
        free(thumb);
    }
    atlas_record_release(&r);
    return ok;
}
