/* atlas.h - `csmap atlas`: what its files share.  The steps:
 *
 *   load    (atlas_load.c)  spec, layers, the coverage layer, the figures
 *                           of every area with their audit, the pages to
 *                           make sorted by name, the inputs' hash
 *   record  (atlas_files.c) the run record every shard writes alike
 *   make    (atlas_work.c)  each page in a worker process: composed,
 *                           drawn, written atomically, then its part
 *   put together (atlas_out.c)  cover, index and pages as one PDF;
 *                           index.csv and index.html
 *
 * A run's working files live in a folder of "parts": one per area (the
 * composed page, for the PDF) written last, so a part that exists with
 * the run's hash means the area is done; --resume trusts nothing else. */
#ifndef CSM_CLI_ATLAS_H
#define CSM_CLI_ATLAS_H

#include "figures.h"

#define ATLAS_THUMB_DPI 20.0 /* index.html's thumbnails */

typedef struct atlas_opt {
    const char *spec, *output, *merge;
    const char *by, *name, *where, *population;
    const char *style, *date, *key;
    int format;           /* per-area files (a folder): enum csm_format */
    int to_dir;           /* -o names a folder, not a .pdf */
    double dpi;           /* PNG resolution */
    int jobs;             /* worker processes */
    int shard_k, shard_n; /* this run makes slice k of n (1-based) */
    int resume, quiet;
} atlas_opt;

/* One page to make. */
typedef struct atlas_area {
    size_t feat;         /* its feature in the coverage layer */
    char *name;          /* the area's public name */
    char slug[96];       /* "007-mill-lane-estate": files and parts */
    const char *problem; /* why it cannot have a page, or NULL */
    double population;   /* <= 0: unknown */
    long schools, hubs;  /* public counts; -1: no such layer */
    int mine;            /* this shard makes it */
} atlas_area;

/* Everything the parent knows before making pages; workers inherit it. */
typedef struct atlas {
    const atlas_opt *opt;
    csm_spec *spec;
    csm_style *style;
    csm_layer **layers;     /* the map's layers, protected */
    csm_prov_layer *pstats; /* per spec layer, for the sidecar */
    csm_policy pol;
    size_t by, ci;      /* spec layers: coverage, counted */
    csm_layer *cov;     /* coverage: geometry, name, population */
    csm_profiles *prof; /* figures per feature of cov */
    atlas_area *area;   /* the pages, sorted by name */
    size_t narea;
    double whole_pop; /* <= 0: no rates */
    long whole_schools, whole_hubs;
    char **cat_label;          /* prof->ncat names of the codes */
    char **band_label;         /* prof->nband */
    char period[96];           /* "January 2026 to October 2026" or "" */
    char *statement;           /* the atlas's anonymisation statement */
    char *comparator;          /* "All neighbourhoods" */
    char *subtitle;            /* on every area page */
    char hash[CSM_SHA256_HEX]; /* inputs and settings */
    char *work;                /* the folder of parts */
} atlas;

/* atlas_load.c: begin reads the spec and style, picks the layers and
 * hashes the inputs (cheap: --resume of a finished run stops there);
 * load reads, protects and counts everything else. */
int atlas_begin(atlas *A, const atlas_opt *o, csm_error *err);
int atlas_load(atlas *A, csm_error *err);
void atlas_release(atlas *A);
/* atlas_areas.c: the pages (keep: a flag per coverage feature, those
 * --where keeps; NULL: all), sorted
 * by name, with their slugs, places and shard; the texts every page
 * shares; the hash of every input and setting that changes a page. */
int atlas_areas(atlas *A, const unsigned char *keep, csm_error *err);
int atlas_strings(atlas *A, csm_error *err);
/* What the figures count: NULL for distinct children, else the counted
 * layer's unit of rows (count: records), e.g. "crimes". */
const char *atlas_unit(const atlas *A);
int atlas_hash(atlas *A, csm_error *err);

/* atlas_files.c: the working folder. */
/* work/<slug>.<ext>: a new string. */
char *atlas_path(const char *dir, const char *slug, const char *ext);
/* Make 'dir' (and nothing above it) if it is missing. */
int atlas_mkdir(const char *dir, csm_error *err);
/* Remove temporary files a killed run left in 'dir' ("x.tmp.123"). */
void atlas_clean_temps(const char *dir, const char *prefix);
/* The run record: what putting the atlas together needs, for this run
 * and for --merge (which has only the folder). */
int atlas_write_record(const atlas *A, csm_error *err);
/* A part: the run's hash, then the page (csm_page_encode's bytes).  1
 * when 'path' is a part of the run with 'hash' (*page decoded when page
 * is not NULL). */
int atlas_write_part(const char *path, const char *hash, const csm_buf *page,
                     csm_error *err);
int atlas_read_part(const char *path, const char *hash, csm_page **page);
/* A failure note for the area: its reason, for the index and merge. */
int atlas_write_fail(const char *path, const char *hash, const char *why,
                     csm_error *err);
/* 1 when 'path' is a failure note of the run; its reason in why. */
int atlas_read_fail(const char *path, const char *hash, char *why, size_t n);

/* atlas_work.c: make the pages this run owns; *made gets how many were
 * made (not kept by --resume), *failed how many failed (each reported on
 * stderr with its reason). */
int atlas_make(atlas *A, size_t *made, size_t *failed, csm_error *err);

/* The run record as read back (atlas_out.c). */
enum { ATLAS_MISSING = 0, ATLAS_PAGE, ATLAS_FAILED };

typedef struct rec_area {
    char *slug, *name, *rate; /* rate as printed: "12.5", "*", "-" */
    long children, incidents, schools, hubs;
    int state; /* ATLAS_PAGE, ATLAS_FAILED, ATLAS_MISSING */
    long page; /* in the PDF; 0: none */
} rec_area;

typedef struct record {
    char *hash, *format, *page, *title, *subtitle, *marking, *date, *owner;
    char *review, *period, *statement, *heading, *rate;
    char *unit; /* "crimes" when rows are counted; NULL or "": children */
    char **source, **caveat;
    size_t nsource, ncaveat;
    rec_area *a;
    size_t n;
} record;

int atlas_read_record(const char *work, record *r, csm_error *err);
void atlas_record_release(record *r);
/* atlas_index.c: index.csv and index.html in 'dir' (links to the area
 * files, their thumbnails and, when it is in dir, the PDF). */
int atlas_index_files(const record *r, const char *dir, const char *pdf,
                      csm_error *err);

/* 1 when the working folder already holds every page this run (shard)
 * owns for these inputs and settings (atlas_out.c). */
int atlas_all_made(const char *work, const char *hash, const atlas_opt *o);

/* atlas_out.c: put the atlas together from a working folder: the PDF
 * (pdf not NULL), index.csv and index.html in 'dir' (dir not NULL), and
 * the provenance record beside them.  *failed gets the areas without a
 * page; an area with neither page nor failure note is an error. */
int atlas_assemble(const char *work, const char *pdf, const char *dir,
                   size_t *failed, csm_error *err);

#endif
