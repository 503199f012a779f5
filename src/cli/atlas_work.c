/* atlas_work.c - `csmap atlas`, step 3: make the pages.  Each worker is a
 * forked copy of the parent, so it has every layer and figure without
 * reading anything, and makes its share of the pages one at a time,
 * freeing each before the next: its memory does not grow with the number
 * of areas.  A page that fails (an area whose geometry cannot be drawn)
 * is reported with its name and reason; the others carry on.  Workers
 * tell the parent what happened through a pipe, one fixed-size record per
 * page, which the parent turns into progress and a summary. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "atlas.h"

/* A worker's last record is PEAK, its peak memory in KB in k. */
enum { MADE = 0, SKIPPED, FAILED, PEAK };

/* Under PIPE_BUF, so that records from workers never interleave. */
typedef struct result {
    uint32_t k;
    int32_t status;
    char why[256]; /* as csm_error.msg */
} result;

static const char *const ext[] = {".pdf", ".svg", ".png"};

static void fill_page(const atlas *A, const atlas_area *a, csm_profile_page *pp)
{
    memset(pp, 0, sizeof *pp);
    pp->name = a->name;
    pp->subtitle = A->subtitle;
    pp->area = &A->cov->feat[a->feat].geom;
    pp->margin_m = A->spec->atlas.margin_m;
    pp->prof = A->prof;
    pp->index = a->feat;
    pp->whole_name = A->comparator;
    pp->cat_label = (const char *const *)A->cat_label;
    pp->band_label = (const char *const *)A->band_label;
    cli_figures_rates(pp, a->population, A->whole_pop,
                      A->spec->atlas.population_label);
    pp->schools = a->schools;
    pp->hubs = a->hubs;
    pp->whole_schools = A->whole_schools;
    pp->whole_hubs = A->whole_hubs;
    pp->period = A->period[0] ? A->period : NULL;
    pp->min_count = A->pol.min_count;
    pp->round_base = A->pol.round_base;
    pp->unit = atlas_unit(A); /* atlas_areas.c: NULL, or "crimes" */
}

/* One format's bytes to one file; a thumbnail is a cache (no fsync). */
static int draw_to(const csm_page *page, csm_format fmt, double dpi,
                   const char *path, int cache, csm_error *err)
{
    csm_buf bytes;
    int rc;

    rc = csm_render_page(page, fmt, dpi, &bytes, err);
    if (!rc)
        rc = cache ? csm_write_cache(path, &bytes, err)
                   : csm_write_file(path, &bytes, err);
    csm_buf_release(&bytes);
    return rc;
}

/* The page as the PDF will want it (with its number's token), then in a
 * folder its own file and thumbnail, then, last of all, its part. */
static int make_page(const atlas *A, const atlas_area *a, csm_error *err)
{
    const atlas_opt *o = A->opt;
    const char *date = o->date ? o->date : A->spec->date;
    char *file = NULL, *thumb = NULL, *thumbs = NULL;
    char *part = atlas_path(A->work, a->slug, ".part");
    csm_profile_page pp;
    csm_page *page = NULL;
    csm_buf bytes;
    int rc = part ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    csm_buf_init(&bytes);
    if (!rc && a->problem)
        rc = csm_fail(err, CSM_EDATA,
                      "layer '%s', row %ld: invalid "
                      "geometry: %s; fix or remove the feature",
                      A->spec->layer[A->by].name, A->cov->feat[a->feat].row,
                      a->problem);
    fill_page(A, a, &pp);
    if (!rc)
        rc = csm_compose_profile(A->spec, A->style, A->layers, &pp, date,
                                 csm_render_measure, &page, err);
    if (!rc)
        rc = csm_page_encode(page, &bytes, err);
    if (!rc && o->to_dir) {
        file = atlas_path(o->output, a->slug, ext[o->format]);
        thumbs = atlas_path(o->output, "thumbs", "");
        thumb = thumbs ? atlas_path(thumbs, a->slug, ".png") : NULL;
        if (!file || !thumb)
            rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        if (!rc) /* its own file stands alone: no page number */
            rc = csm_page_fill(page, CSM_PAGE_TOKEN, "", err);
        if (!rc)
            rc = draw_to(page, (csm_format)o->format, o->dpi, file, 0, err);
        if (!rc)
            rc = draw_to(page, CSM_FORMAT_PNG, ATLAS_THUMB_DPI, thumb, 1, err);
    }
    if (!rc)
        rc = atlas_write_part(part, A->hash, &bytes, err);
    csm_buf_release(&bytes);
    csm_page_free(page);
    free(part);
    free(file);
    free(thumb);
    free(thumbs);
    return rc;
}

/* Done already (--resume): its part has this run's hash, and in a folder
 * its own file and thumbnail exist too. */
static int done(const atlas *A, const atlas_area *a)
{
    char *part = atlas_path(A->work, a->slug, ".part"), *file = NULL;
    char *thumb = NULL, *thumbs = NULL;
    int ok = part && atlas_read_part(part, A->hash, NULL);

    if (ok && A->opt->to_dir) {
        file = atlas_path(A->opt->output, a->slug, ext[A->opt->format]);
        thumbs = atlas_path(A->opt->output, "thumbs", "");
        thumb = thumbs ? atlas_path(thumbs, a->slug, ".png") : NULL;
        ok = file && thumb && !access(file, R_OK) && !access(thumb, R_OK);
    }
    free(part);
    free(file);
    free(thumb);
    free(thumbs);
    return ok;
}

/* Make (or skip) area k; its outcome in *r.  A failure leaves a note for
 * the index and for --merge, and no stale part. */
static void one(const atlas *A, size_t k, result *r)
{
    const atlas_area *a = &A->area[k];
    csm_error e = {0, ""};
    char *part, *fail;

    memset(r, 0, sizeof *r);
    r->k = (uint32_t)k;
    if (A->opt->resume && done(A, a)) {
        r->status = SKIPPED;
        return;
    }
    part = atlas_path(A->work, a->slug, ".part");
    fail = atlas_path(A->work, a->slug, ".fail");
    if (!part || !fail) {
        r->status = FAILED;
        snprintf(r->why, sizeof r->why, "out of memory");
    } else if (make_page(A, a, &e)) {
        r->status = FAILED;
        snprintf(r->why, sizeof r->why, "%s", e.msg);
        remove(part);
        atlas_write_fail(fail, A->hash, r->why, NULL);
    } else {
        r->status = MADE;
        remove(fail);
    }
    free(part);
    free(fail);
}

/* --- progress ------------------------------------------------------------ */

typedef struct progress {
    size_t total, done, failed, made;
    size_t shown; /* done when the last plain line was written */
    double t0, last;
    int tty, quiet, decile;
} progress;

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A terminal gets one line rewritten in place (done/total, rate, time
 * left); a log gets a plain line every tenth of the way. */
static void show(progress *p, int final)
{
    double t = now(), el = t - p->t0, rate = el > 0 ? p->done / el : 0.0;
    int dec = p->total ? (int)(10 * p->done / p->total) : 10;

    if (p->quiet)
        return;
    if (p->tty) {
        if (!final && t - p->last < 0.1)
            return;
        p->last = t;
        fprintf(stderr, "\rcsmap: atlas: %zu/%zu areas, %.1f/s", p->done,
                p->total, rate);
        if (!final && rate > 0.0)
            fprintf(stderr, ", about %.0f s left   ",
                    (double)(p->total - p->done) / rate);
        else
            fputs("                 ", stderr);
        if (final)
            fputc('\n', stderr);
        return;
    }
    if ((final && p->shown != p->done) || dec > p->decile) {
        p->decile = dec;
        p->shown = p->done;
        fprintf(stderr, "csmap: atlas: %zu of %zu areas done (%.1f/s)\n",
                p->done, p->total, rate);
    }
}

static void report(const atlas *A, progress *p, const result *r)
{
    p->done++;
    p->made += r->status == MADE;
    if (r->status == FAILED) {
        p->failed++;
        if (p->tty && !p->quiet)
            fputc('\n', stderr);
        fprintf(stderr, "csmap: error: area '%s': %s\n", A->area[r->k].name,
                r->why);
    }
    show(p, 0);
}

/* --- workers ------------------------------------------------------------- */

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;

    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* Worker w of n: every n-th of this run's pages from the w-th.  It stops
 * if the parent has gone (killed): a resumed run must not race it. */
static void worker(const atlas *A, const size_t *mine, size_t nmine, size_t w,
                   size_t n, int fd)
{
    pid_t parent = getppid();
    struct rusage ru;
    result r;
    size_t i;

    for (i = w; i < nmine && getppid() == parent; i += n) {
        one(A, mine[i], &r);
        if (write_all(fd, &r, sizeof r))
            break;
    }
    memset(&r, 0, sizeof r);
    r.status = PEAK;
    if (i >= nmine && !getrusage(RUSAGE_SELF, &ru)) {
        r.k = (uint32_t)ru.ru_maxrss;
        write_all(fd, &r, sizeof r);
    }
    close(fd);
    _exit(0); /* not exit(): the parent's atexit handlers are not ours */
}

static int read_result(int fd, result *r)
{
    size_t got = 0;

    while (got < sizeof *r) {
        ssize_t k = read(fd, (char *)r + got, sizeof *r - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        got += (size_t)k;
    }
    return 0;
}

/* *peak_mb: the peak memory of the largest worker. */
static int run_workers(const atlas *A, const size_t *mine, size_t nmine,
                       size_t n, progress *p, double *peak_mb, csm_error *err)
{
    unsigned char *seen = calloc(nmine + 1, 1);
    int fd[2];
    size_t w, i, started = 0;
    uint32_t peak_kb = 0;
    result r;

    if (!seen || pipe(fd)) {
        free(seen);
        return csm_fail(err, CSM_EIO, "cannot start workers: %s",
                        strerror(errno));
    }
    fflush(NULL); /* nothing buffered is written twice */
    for (w = 0; w < n; w++) {
        pid_t pid = fork();
        if (pid == 0) {
            close(fd[0]);
            worker(A, mine, nmine, w, n, fd[1]);
        }
        started += pid > 0;
    }
    close(fd[1]);
    while (started && !read_result(fd[0], &r)) {
        if (r.status == PEAK) { /* for --verbose and bench/atlas.sh */
            peak_kb = r.k > peak_kb ? r.k : peak_kb;
            continue;
        }
        for (i = 0; i < nmine && mine[i] != r.k; i++)
            ;
        if (i < nmine)
            seen[i] = 1;
        report(A, p, &r);
    }
    close(fd[0]);
    while (wait(NULL) > 0 || errno == EINTR)
        ;
    /* a worker that died (or never started) leaves pages unreported */
    for (i = 0; i < nmine; i++)
        if (!seen[i]) {
            memset(&r, 0, sizeof r);
            r.k = (uint32_t)mine[i];
            r.status = FAILED;
            snprintf(r.why, sizeof r.why, "its worker process stopped");
            report(A, p, &r);
        }
    free(seen);
    *peak_mb = peak_kb / 1024.0;
    return CSM_OK;
}

int atlas_make(atlas *A, size_t *made, size_t *failed, csm_error *err)
{
    const atlas_opt *o = A->opt;
    size_t *mine = malloc((A->narea + 1) * sizeof *mine), nmine = 0, i, n;
    progress p;
    result r;
    double peak_mb = 0.0;
    int rc = CSM_OK;

    if (!mine)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < A->narea; i++)
        if (A->area[i].mine)
            mine[nmine++] = i;
    memset(&p, 0, sizeof p);
    p.total = nmine;
    p.t0 = now();
    p.tty = isatty(2);
    p.quiet = o->quiet;
    n = o->jobs < 1 ? 1 : (size_t)o->jobs;
    if (n > nmine)
        n = nmine ? nmine : 1;
    if (n == 1) {
        for (i = 0; i < nmine; i++) {
            one(A, mine[i], &r);
            report(A, &p, &r);
        }
    } else {
        rc = run_workers(A, mine, nmine, n, &p, &peak_mb, err);
    }
    show(&p, 1);
    if (n > 1)
        cli_note("atlas: %zu workers, the largest peaked at %.1f MB", n,
                 peak_mb);
    *failed = p.failed;
    *made = p.made;
    free(mine);
    return rc;
}
