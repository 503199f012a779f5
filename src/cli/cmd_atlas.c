/* cmd_atlas.c - `csmap atlas SPEC --by LAYER -o DIR|FILE.pdf`: a profile
 * page for every area of a coverage layer, in batch.  The pipeline:
 *
 *   load     read, protect and count everything once (atlas_load.c)
 *   record   the run record and sidecar, before any page (atlas_files.c)
 *   make     the pages, in -j worker processes (atlas_work.c)
 *   together the PDF, or index.csv and index.html (atlas_out.c)
 *
 * and `csmap atlas --merge DIR` runs only the last step, over the pages
 * shards made. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atlas.h"

static const char atlas_usage[] =
    "usage: csmap atlas SPEC.yaml --by LAYER -o DIR|FILE.pdf [options]\n"
    "       csmap atlas --merge DIR [-o FILE.pdf]\n"
    "\n"
    "One profile page per area of a coverage layer (wards, LSOAs, school\n"
    "catchments), sorted by name: a map of the area and its neighbours,\n"
    "its protected figures beside all areas', and small charts.  -o DIR\n"
    "writes one file per area with index.csv and index.html; -o FILE.pdf\n"
    "one PDF with a cover, an index and bookmarks.  Before anything is\n"
    "written, overlapping areas and periods are audited so that no figure\n"
    "can be worked out from others.\n"
    "\n"
    "options:\n"
    "  --by LAYER          the coverage layer (kind area; or atlas: by:)\n"
    "  --name FIELD        the field naming each area (default its label)\n"
    "  --where EXPR        only the areas this OGR SQL filter keeps\n"
    "  --population FIELD  each area's population: rates per 1,000\n"
    "  -o, --output DIR|FILE.pdf\n"
    "  --format pdf|png|svg  the files in DIR (default pdf)\n"
    "  --dpi N             PNG resolution (default 150)\n"
    "  -j, --jobs N        worker processes (default: the number of cores)\n"
    "  --shard K/N         make only the K-th of N slices (into DIR); then\n"
    "                      'csmap atlas --merge DIR' puts them together\n"
    "  --resume            keep pages a previous run made from the same\n"
    "                      inputs and settings\n"
    "  --style FILE|NAME, --date YYYY-MM-DD, --key FILE   as for render\n"
    "  --quiet             no progress on stderr\n"
    "  --verbose           report what was read and counted\n"
    "\n"
    "Exit status: 0 done, 1 failed (any area; the others are still made),\n"
    "2 bad usage.\n";

static int shard(const char *v, atlas_opt *o)
{
    char rest;

    if (sscanf(v, "%d/%d%c", &o->shard_k, &o->shard_n, &rest) != 2 ||
        o->shard_n < 1 || o->shard_k < 1 || o->shard_k > o->shard_n)
        return cli_usage("atlas", "--shard takes K/N with 1 <= K <= N");
    return 0;
}

/* One option with a value: cli_opt_slots. */
static int valued(int argc, char **argv, int *i, atlas_opt *o)
{
    static const char *const name[] = {
        "--by",     "--name",  "--where", "--population", "-o",
        "--output", "--style", "--date",  "--key",        "--merge"};
    const char **const slot[] = {
        &o->by,     &o->name,  &o->where, &o->population, &o->output,
        &o->output, &o->style, &o->date,  &o->key,        &o->merge};

    return cli_opt_slots(argc, argv, i, "atlas", name, slot,
                         sizeof name / sizeof *name);
}

static int numbers(int argc, char **argv, int *i, atlas_opt *o)
{
    const char *v;
    char *end;
    int r;

    if ((r = cli_opt(argc, argv, i, "-j", &v)) ||
        (r = cli_opt(argc, argv, i, "--jobs", &v))) {
        long n = r > 0 ? strtol(v, &end, 10) : 0;
        if (r < 0 || *end || n < 1 || n > 256)
            return cli_usage("atlas", "-j takes a number of processes, 1 "
                                      "to 256");
        o->jobs = (int)n;
    } else if ((r = cli_opt(argc, argv, i, "--dpi", &v))) {
        o->dpi = r > 0 ? strtod(v, &end) : 0;
        if (r < 0 || *end || o->dpi < 36 || o->dpi > 1200)
            return cli_usage("atlas", "--dpi must be 36 to 1200");
    } else if ((r = cli_opt(argc, argv, i, "--format", &v))) {
        static const char *const f[] = {"pdf", "svg", "png"};
        for (o->format = 0; r > 0 && o->format < 3; o->format++)
            if (!strcmp(v, f[o->format]))
                break;
        if (r < 0 || o->format == 3)
            return cli_usage("atlas", "--format takes pdf, png or svg");
    } else if ((r = cli_opt(argc, argv, i, "--shard", &v))) {
        if (r < 0)
            return cli_usage("atlas", "--shard takes K/N");
        return shard(v, o) ? -1 : 1;
    }
    return r;
}

static int check(atlas_opt *o)
{
    size_t n;

    if (o->merge)
        return o->spec ? cli_usage("atlas", "--merge takes a folder, not a "
                                            "spec")
                       : 0;
    if (!o->spec)
        return cli_usage("atlas", "no SPEC.yaml given");
    if (!o->output)
        return cli_usage("atlas", "no output given: -o DIR (a file per "
                                  "area) or -o FILE.pdf (one PDF)");
    n = strlen(o->output);
    o->to_dir = !(n > 4 && !strcmp(o->output + n - 4, ".pdf"));
    if (o->shard_n > 1 && !o->to_dir)
        return cli_usage("atlas", "--shard writes into a folder: -o DIR, "
                                  "then 'csmap atlas --merge DIR'");
    if (o->jobs == 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = c > 0 ? (int)c : 1;
    }
    return 0;
}

static int parse_args(int argc, char **argv, atlas_opt *o)
{
    int i, r;

    memset(o, 0, sizeof *o);
    o->dpi = 150.0;
    o->shard_k = o->shard_n = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(atlas_usage, stdout);
            return -1;
        }
        if (!strcmp(a, "--resume") || !strcmp(a, "--quiet") ||
            !strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            o->resume |= a[2] == 'r';
            o->quiet |= a[2] == 'q';
            cli_verbose |= a[1] == 'v' || a[2] == 'v';
            continue;
        }
        if ((r = valued(argc, argv, &i, o)) ||
            (r = numbers(argc, argv, &i, o))) {
            if (r != 1) /* -1, or a usage error already printed */
                return CLI_USAGE;
            continue;
        }
        if (a[0] == '-' && a[1])
            return cli_usage("atlas", "unknown option '%s'", a);
        if (o->spec)
            return cli_usage("atlas", "one SPEC at a time ('%s' too)", a);
        o->spec = a;
    }
    return check(o);
}

/* `--merge DIR`: only the last step, over what the shards left. */
static int merge(const atlas_opt *o)
{
    csm_error err = {0, ""};
    char *work = atlas_path(o->merge, ".atlas", ""), *pdf = NULL;
    size_t failed = 0;
    int rc = work ? CSM_OK : csm_fail(&err, CSM_ENOMEM, "out of memory");

    if (!rc && !o->output && !(pdf = atlas_path(o->merge, "atlas", ".pdf")))
        rc = csm_fail(&err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = atlas_assemble(work, o->output ? o->output : pdf, o->merge,
                            &failed, &err);
    free(work);
    free(pdf);
    if (rc)
        return cli_error(&err);
    if (failed)
        fprintf(stderr,
                "csmap: atlas: %zu area%s without a page (see "
                "index.csv)\n",
                failed, failed == 1 ? "" : "s");
    return failed ? CLI_FAILED : CLI_OK;
}

/* The working folder: DIR/.atlas, or .FILE.pdf.atlas beside the PDF. */
static int work_folder(atlas *A, csm_error *err)
{
    const char *out = A->opt->output, *slash = strrchr(out, '/');
    size_t n = strlen(out) + 16;
    char *thumbs = NULL;
    int rc;

    if (!(A->work = malloc(n)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (A->opt->to_dir)
        snprintf(A->work, n, "%s/.atlas", out);
    else if (slash)
        snprintf(A->work, n, "%.*s/.%s.atlas", (int)(slash - out), out,
                 slash + 1);
    else
        snprintf(A->work, n, ".%s.atlas", out);
    rc = A->opt->to_dir ? atlas_mkdir(out, err) : CSM_OK;
    if (!rc)
        rc = atlas_mkdir(A->work, err);
    if (!rc && A->opt->to_dir) {
        if (!(thumbs = atlas_path(out, "thumbs", "")))
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        rc = atlas_mkdir(thumbs, err);
        atlas_clean_temps(out, NULL); /* what a killed run left */
        atlas_clean_temps(thumbs, NULL);
        free(thumbs);
    }
    atlas_clean_temps(A->work, NULL);
    if (!A->opt->to_dir) { /* "x.pdf.tmp.123" beside x.pdf */
        char *dir = slash ? csm_strdup(out) : csm_strdup(".");
        if (!dir)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        if (slash)
            dir[slash - out] = '\0';
        atlas_clean_temps(dir, slash ? slash + 1 : out);
        free(dir);
    }
    return rc;
}

/* "<hash> <bytes>" of the PDF last put together from this folder, so
 * that resuming a finished run does not draw every page again. */
static int up_to_date(const atlas *A, const char *mark, int write)
{
    struct stat st;
    char want[CSM_SHA256_HEX + 32], got[sizeof want] = "";
    FILE *f;
    csm_buf b;
    int ok;

    if (stat(A->opt->output, &st))
        return 0;
    snprintf(want, sizeof want, "%s %lld\n", A->hash, (long long)st.st_size);
    if (write) {
        b.data = (unsigned char *)want;
        b.len = b.cap = strlen(want);
        return !csm_write_cache(mark, &b, NULL);
    }
    if (!(f = fopen(mark, "r")))
        return 0;
    ok = fgets(got, sizeof got, f) && !strcmp(got, want);
    fclose(f);
    return ok;
}

static int finish(atlas *A, size_t made, csm_error *err)
{
    const atlas_opt *o = A->opt;
    char *mark = atlas_path(A->work, "assembled", "");
    size_t more = 0;
    int rc = mark ? CSM_OK : csm_fail(err, CSM_ENOMEM, "out of memory");

    if (!rc && o->shard_n > 1) {
        if (!o->quiet)
            fprintf(stderr,
                    "csmap: atlas: shard %d/%d done; when every "
                    "shard is, run 'csmap atlas --merge %s'\n",
                    o->shard_k, o->shard_n, o->output);
    } else if (!rc && !o->to_dir && o->resume && !made &&
               up_to_date(A, mark, 0)) {
        cli_note("'%s' is up to date", o->output);
    } else if (!rc) {
        remove(mark);
        rc = atlas_assemble(A->work, o->to_dir ? NULL : o->output,
                            o->to_dir ? o->output : NULL, &more, err);
        if (!rc && !o->to_dir)
            up_to_date(A, mark, 1);
        if (!rc)
            cli_note("wrote '%s'", o->output);
    }
    free(mark);
    return rc;
}

int cmd_atlas(int argc, char **argv)
{
    atlas_opt opt;
    atlas A;
    csm_error err = {0, ""};
    struct rusage ru;
    size_t failed = 0, made = 0, n;
    int rc = parse_args(argc, argv, &opt), done;

    if (rc)
        return rc < 0 ? CLI_OK : rc;
    if (opt.merge)
        return merge(&opt);
    rc = atlas_begin(&A, &opt, &err);
    if (!rc)
        rc = work_folder(&A, &err);
    /* resuming a finished run: every page is there, nothing to read */
    done = !rc && opt.resume && atlas_all_made(A.work, A.hash, &opt);
    if (!rc && !done)
        rc = atlas_load(&A, &err);
    if (!rc && !done)
        rc = atlas_write_record(&A, &err);
    if (!rc && !done)
        rc = atlas_make(&A, &made, &failed, &err);
    if (!rc)
        rc = finish(&A, made, &err);
    n = A.narea;
    atlas_release(&A);
    if (cli_verbose && !getrusage(RUSAGE_SELF, &ru)) /* bench/atlas.sh */
        cli_note("atlas: the main process peaked at %.1f MB",
                 ru.ru_maxrss / 1024.0);
    if (rc)
        return cli_error(&err);
    if (failed) {
        fprintf(stderr,
                "csmap: atlas: %zu of %zu areas failed (named "
                "above); the others were made\n",
                failed, n);
        return CLI_FAILED;
    }
    return CLI_OK;
}
