/* atlas_files.c - `csmap atlas`: the working folder.  Every file in it is
 * written atomically (csm_write_file), and a page's part last of all its
 * files, so whatever a killed run leaves is either whole or absent.
 *
 *   run              what putting the atlas together needs: the front
 *                    matter's texts and every area's headline figures
 *                    (shown values only), one "key<TAB>value" per line
 *   provenance.json  the sidecar, copied beside the outputs
 *   <slug>.part      the run's hash, then the composed page
 *   <slug>.fail      the run's hash, then why the area has no page */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atlas.h"

#define PART_MAGIC "csmap-atlas-part 1\n"
#define FAIL_MAGIC "csmap-atlas-fail 1\n"

char *atlas_path(const char *dir, const char *slug, const char *ext)
{
    size_t n = strlen(dir) + strlen(slug) + strlen(ext) + 3;
    char *p = malloc(n);

    if (p)
        snprintf(p, n, "%s/%s%s", dir, slug, ext);
    return p;
}

int atlas_mkdir(const char *dir, csm_error *err)
{
    struct stat st;

    if (mkdir(dir, 0755) == 0 ||
        (errno == EEXIST && !stat(dir, &st) && S_ISDIR(st.st_mode)))
        return CSM_OK;
    return csm_fail(err, CSM_EIO, "cannot make folder '%s': %s", dir,
                    strerror(errno == EEXIST ? ENOTDIR : errno));
}

/* "name.tmp.123" or "name.tmp.123.4": csm_write_file's temporaries. */
static int is_temp(const char *name)
{
    const char *t = strstr(name, ".tmp.");

    if (!t)
        return 0;
    for (t += 5; *t; t++)
        if ((*t < '0' || *t > '9') && *t != '.')
            return 0;
    return 1;
}

void atlas_clean_temps(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    if (!d)
        return;
    while ((e = readdir(d))) {
        char *p;
        if (!is_temp(e->d_name) ||
            (prefix && strncmp(e->d_name, prefix, strlen(prefix))))
            continue;
        if ((p = atlas_path(dir, e->d_name, ""))) {
            remove(p);
            free(p);
        }
    }
    closedir(d);
}

/* --- the run record ----------------------------------------------------- */

/* key<TAB>value; backslash, tab and newline escaped. */
static int put(csm_buf *b, const char *key, const char *v, csm_error *err)
{
    int rc = csm_buf_printf(b, err, "%s\t", key);

    for (; !rc && v && *v; v++) {
        if (*v == '\\' || *v == '\t' || *v == '\n')
            rc = csm_buf_printf(b, err, "\\%c",
                                *v == '\t'   ? 't'
                                : *v == '\n' ? 'n'
                                             : '\\');
        else
            rc = csm_buf_append(b, v, 1, err);
    }
    return rc ? rc : csm_buf_append(b, "\n", 1, err);
}

static int caveats(const atlas *A, csm_buf *b, csm_error *err)
{
    const csm_atlas_spec *as = &A->spec->atlas;
    char s[600];
    size_t i;
    int rc;

    const char *unit = atlas_unit(A);

    if (unit) { /* rows counted, not children */
        snprintf(s, sizeof s,
                 "The figures count %s (records), not people: one person "
                 "can be behind several. A record on a shared boundary "
                 "can count in more than one area, so areas do not add up "
                 "to the total.",
                 unit);
        rc = put(b, "caveat", s, err);
    } else {
        rc = put(b, "caveat",
                 "Children are counted once in each figure, however many "
                 "incidents they have; a child can count in more than one "
                 "area, category, month or time of day, so figures do not "
                 "add up to the totals.",
                 err);
    }
    snprintf(s, sizeof s,
             "Counts under %d are not shown and the others are rounded to "
             "the nearest %d. Some larger figures are hidden too, so that "
             "no hidden figure can be worked out from the others; a hidden "
             "figure is marked * or drawn as a hatched bar, whatever the "
             "reason.",
             A->pol.min_count, A->pol.round_base);
    if (!rc)
        rc = put(b, "caveat", s, err);
    snprintf(s, sizeof s,
             "Before anything was written, every two figures that overlap "
             "(two areas sharing places, an area and all areas, a period "
             "and one of its months) were checked: where subtracting one "
             "from the other would reveal fewer than %d %s, one of "
             "them is hidden.",
             A->pol.min_count, unit ? unit : "children");
    if (!rc)
        rc = put(b, "caveat", s, err);
    if (!rc)
        rc = put(b, "caveat",
                 "The figures are recorded concerns, not all harm: they "
                 "depend on who notices, reports and records, so a place "
                 "where more is recorded can look worse than it is.",
                 err);
    for (i = 0; !rc && i < as->ncaveats; i++)
        rc = put(b, "caveat", as->caveats[i], err);
    return rc;
}

static int front(const atlas *A, csm_buf *b, csm_error *err)
{
    static const char *const fmt[] = {"pdf", "svg", "png"};
    static const char *const size[] = {"A4", "A3", "A2"};
    const csm_spec *sp = A->spec;
    const csm_layer_spec *ls = &sp->layer[A->by];
    const char *date = A->opt->date ? A->opt->date : sp->date;
    char page[64];
    size_t i;
    int rc;

    snprintf(page, sizeof page, "%s %s %g", size[sp->page_size],
             sp->landscape ? "landscape" : "portrait", sp->margin_mm);
    rc = put(b, "csmap-atlas-run", "1", err);
    if (!rc)
        rc = put(b, "hash", A->hash, err);
    if (!rc)
        rc = put(b, "format", fmt[A->opt->to_dir ? A->opt->format : 0], err);
    if (!rc)
        rc = put(b, "page", page, err);
    if (!rc)
        rc = put(b, "title", sp->title, err);
    if (!rc)
        rc = put(b, "subtitle", sp->subtitle, err);
    if (!rc)
        rc = put(b, "marking", sp->marking, err);
    if (!rc)
        rc = put(b, "date", date, err);
    if (!rc)
        rc = put(b, "owner", sp->owner, err);
    if (!rc)
        rc = put(b, "review", sp->atlas.review, err);
    if (!rc)
        rc = put(b, "period", A->period, err);
    if (!rc)
        rc = put(b, "statement", A->statement, err);
    if (!rc)
        rc = put(b, "heading", ls->legend ? ls->legend : ls->name, err);
    if (!rc)
        rc = put(b, "rate", A->whole_pop > 0.0 ? "Per 1,000" : "", err);
    if (!rc && atlas_unit(A)) /* rows counted, not children */
        rc = put(b, "unit", atlas_unit(A), err);
    for (i = 0; !rc && i < sp->nsources; i++)
        rc = put(b, "source", sp->sources[i], err);
    return rc ? rc : caveats(A, b, err);
}

static int areas(const atlas *A, csm_buf *b, csm_error *err)
{
    size_t i;
    int rc = CSM_OK;

    for (i = 0; !rc && i < A->narea; i++) {
        const atlas_area *a = &A->area[i];
        const csm_profile_figs *f = &A->prof->area[a->feat];
        char rate[32] = "-";
        if (a->population > 0.0 && f->children >= 0)
            snprintf(rate, sizeof rate, "%.1f",
                     1000.0 * (double)f->children / a->population);
        else if (a->population > 0.0)
            snprintf(rate, sizeof rate, "*");
        rc = csm_buf_printf(b, err, "area\t%s\t%ld\t%ld\t%s\t%ld\t%ld", a->slug,
                            f->children, f->incidents, rate, a->schools,
                            a->hubs);
        if (!rc) /* the name last: put() escapes it */
            rc = put(b, "", a->name, err);
    }
    return rc;
}

/* The sidecar: inputs by hash, the policy, per layer what protection
 * did, and the audit; the same bytes from every shard. */
static int provenance(const atlas *A, csm_error *err)
{
    csm_provenance p;
    csm_buf json;
    char *path = atlas_path(A->work, "provenance", ".json");
    size_t i;
    int rc = path ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    memset(&p, 0, sizeof p);
    p.command = "atlas";
    p.output = "atlas";
    p.spec = cli_given_path(A->opt->spec, NULL);
    p.pol = &A->pol;
    p.marking = A->spec->marking;
    p.date = A->opt->date ? A->opt->date : A->spec->date;
    p.statement = A->statement;
    p.sources = (const char *const *)A->spec->sources;
    p.nsources = A->spec->nsources;
    p.layer = A->pstats;
    p.nlayer = A->spec->nlayer;
    p.audit = &A->prof->audit;
    p.areas = A->narea;
    for (i = 0; !rc && i < A->spec->nlayer; i++)
        rc = cli_sidecar_layer(&A->spec->layer[i], A->spec->dir, &A->pstats[i],
                               err);
    if (!rc)
        rc = csm_digest_file(A->opt->spec, p.spec_sha256, err);
    if (!rc)
        rc = cli_sidecar_policy(A->spec, &p, err);
    csm_buf_init(&json);
    if (!rc)
        rc = csm_provenance_json(&p, &json, err);
    if (!rc)
        rc = csm_write_file(path, &json, err);
    csm_buf_release(&json);
    free(path);
    return rc;
}

int atlas_write_record(const atlas *A, csm_error *err)
{
    char *path = atlas_path(A->work, "run", "");
    csm_buf b;
    int rc = path ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    csm_buf_init(&b);
    if (!rc)
        rc = front(A, &b, err);
    if (!rc)
        rc = areas(A, &b, err);
    if (!rc)
        rc = csm_write_file(path, &b, err);
    if (!rc)
        rc = provenance(A, err);
    csm_buf_release(&b);
    free(path);
    return rc;
}

/* --- parts and failure notes -------------------------------------------- */

static int write_with(const char *path, const char *magic, const char *hash,
                      const void *data, size_t n, csm_error *err)
{
    csm_buf b;
    int rc;

    csm_buf_init(&b);
    rc = csm_buf_printf(&b, err, "%s%s\n", magic, hash);
    if (!rc && n)
        rc = csm_buf_append(&b, data, n, err);
    if (!rc) /* made again if a power cut loses it */
        rc = csm_write_cache(path, &b, err);
    csm_buf_release(&b);
    return rc;
}

int atlas_write_part(const char *path, const char *hash, const csm_buf *page,
                     csm_error *err)
{
    return write_with(path, PART_MAGIC, hash, page->data, page->len, err);
}

int atlas_write_fail(const char *path, const char *hash, const char *why,
                     csm_error *err)
{
    return write_with(path, FAIL_MAGIC, hash, why, strlen(why), err);
}

/* The whole file, if it starts with magic and the hash; *body after. */
static unsigned char *slurp(const char *path, const char *magic,
                            const char *hash, size_t *off, size_t *n)
{
    FILE *f = fopen(path, "rb");
    size_t ml = strlen(magic), hl = strlen(hash), cap = 0, len = 0, k;
    unsigned char *buf = NULL, *p;

    if (!f)
        return NULL;
    for (;;) {
        if (len == cap) {
            cap = cap ? 2 * cap : 65536;
            if (!(p = realloc(buf, cap)))
                break;
            buf = p;
        }
        if (!(k = fread(buf + len, 1, cap - len, f)))
            break;
        len += k;
    }
    k = ferror(f);
    fclose(f);
    if (k || len < ml + hl + 1 || memcmp(buf, magic, ml) ||
        memcmp(buf + ml, hash, hl) || buf[ml + hl] != '\n') {
        free(buf);
        return NULL;
    }
    *off = ml + hl + 1;
    *n = len;
    return buf;
}

/* Only the head of a file: is it of this run? */
static int head_matches(const char *path, const char *magic, const char *hash)
{
    char buf[128], want[128];
    FILE *f = fopen(path, "rb");
    size_t n, k;

    if (!f)
        return 0;
    k = (size_t)snprintf(want, sizeof want, "%s%s\n", magic, hash);
    n = fread(buf, 1, k, f);
    fclose(f);
    return k < sizeof want && n == k && !memcmp(buf, want, k);
}

int atlas_read_part(const char *path, const char *hash, csm_page **page)
{
    size_t off, n;
    unsigned char *b;
    int ok;

    if (!page) /* --resume asks for every area: do not read the pages */
        return head_matches(path, PART_MAGIC, hash);
    b = slurp(path, PART_MAGIC, hash, &off, &n);
    ok = b != NULL;

    if (ok && page)
        ok = !csm_page_decode(b + off, n - off, page, NULL);
    free(b);
    return ok;
}

int atlas_read_fail(const char *path, const char *hash, char *why, size_t n)
{
    size_t off, len;
    unsigned char *b = slurp(path, FAIL_MAGIC, hash, &off, &len);

    if (!b)
        return 0;
    snprintf(why, n, "%.*s", (int)(len - off), (const char *)b + off);
    free(b);
    return 1;
}
