/* csmap.h - the public API of libcsmap, in pipeline order:
 * core -> model -> spec -> read -> project -> anonymise -> compose ->
 * render -> write.
 *
 * Conventions (../STYLE.md in the shared docs): a function that can fail
 * returns int (0 = CSM_OK), takes csm_error *err last and returns results
 * through out-parameters just before it; after a failure every
 * out-parameter is NULL/empty and nothing has leaked.  Anything from _new,
 * _copy or an **out is the caller's to free; const pointers from getters
 * are borrowed.  Strings passed in are copied.  libcsmap never prints and
 * never exits, and no message ever contains a value from a record.
 */
#ifndef CSMAP_H
#define CSMAP_H

#include <stddef.h>

#define CSM_VERSION "0.1.0"

/* ===================================================================== */
/* core                                                                  */
/* ===================================================================== */

enum csm_code {
    CSM_OK = 0,
    CSM_ENOMEM, /* out of memory */
    CSM_EIO,    /* a file or connection could not be read or written */
    CSM_EDATA,  /* the data (or a spec) is wrong: fix the input */
    CSM_ECRS,   /* a coordinate reference system problem */
    CSM_ERENDER, /* cairo/pango failed */
    CSM_EUSAGE, /* the caller asked for something impossible */
    CSM_EPRIVACY /* refused: drawing this would break the privacy policy */
};

typedef struct csm_error {
    int code;      /* one of enum csm_code */
    char msg[256]; /* one line, for people; never a record's value */
} csm_error;

/* Record a failure in 'err' (may be NULL) and return 'code':
 *     return csm_fail(err, CSM_EIO, "cannot open '%s'", path);      */
int csm_fail(csm_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Put context in front of the message as the error rises:
 * "layer 'cases': <msg>".  Does nothing when err is NULL or clear. */
void csm_error_prefix(csm_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

void csm_error_clear(csm_error *err);

/* Global set-up: registers GDAL's drivers once.  Call before reading.
 * Safe to call more than once. */
void csm_init(void);

const char *csm_version(void);

/* A growable byte buffer.  The caller owns the struct (init/release). */
typedef struct csm_buf {
    unsigned char *data;
    size_t len;
    size_t cap;
} csm_buf;

void csm_buf_init(csm_buf *b);
void csm_buf_release(csm_buf *b);
int csm_buf_append(csm_buf *b, const void *data, size_t n, csm_error *err);
/* printf-style append; the buffer stays NUL-terminated (NUL not counted). */
int csm_buf_printf(csm_buf *b, csm_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* strdup that returns NULL for NULL (and on out-of-memory). */
char *csm_strdup(const char *s);


/* ===================================================================== */
/* model: geometry, layers                                               */
/* ===================================================================== */

typedef struct csm_xy {
    double x, y;
} csm_xy;

typedef struct csm_box {
    double minx, miny, maxx, maxy; /* empty when minx > maxx */
} csm_box;

void csm_box_empty(csm_box *b);
int csm_box_is_empty(const csm_box *b);
void csm_box_add(csm_box *b, csm_xy p);
void csm_box_union(csm_box *b, const csm_box *other);
int csm_box_overlaps(const csm_box *a, const csm_box *b);

typedef enum csm_geom_type {
    CSM_GEOM_NONE = 0,
    CSM_GEOM_POINT,  /* one part per point (multipoints have several) */
    CSM_GEOM_LINE,   /* one part per line string */
    CSM_GEOM_POLYGON /* one part per ring, any orientation; filled even-odd */
} csm_geom_type;

/* Shaped like shapelib's SHPObject: all vertices in one array, parts as
 * offsets.  part has npart + 1 entries and part[npart] == npt.  The caller
 * owns the struct (init/release); the arrays belong to it. */
typedef struct csm_geom {
    csm_geom_type type;
    size_t npart;
    size_t *part;
    size_t npt;
    csm_xy *pt;
} csm_geom;

void csm_geom_init(csm_geom *g, csm_geom_type type);
void csm_geom_release(csm_geom *g);
/* Append a part of n vertices (copied). */
int csm_geom_add_part(csm_geom *g, const csm_xy *pts, size_t n,
                      csm_error *err);
/* dst must be released or fresh; on failure dst is empty. */
int csm_geom_copy(csm_geom *dst, const csm_geom *src, csm_error *err);
void csm_geom_bounds(const csm_geom *g, csm_box *out);
/* Signed area of ring i (shoelace; positive when counter-clockwise). */
double csm_geom_ring_area(const csm_geom *g, size_t i);
/* Even-odd point-in-polygon over all rings. */
int csm_geom_contains(const csm_geom *g, csm_xy p);
/* A point for a label or symbol: the point itself, a line's middle vertex
 * walk, or a point inside a polygon (centroid when inside, otherwise the
 * middle of the widest interior span through the centroid's row). */
csm_xy csm_geom_anchor(const csm_geom *g);
/* Length of a line geometry (sum over parts). */
double csm_geom_length(const csm_geom *g);

/* One feature: its geometry and the values of the layer's fields, as text
 * (NULL when empty).  'row' is the 1-based row or feature number in the
 * source, for messages. */
typedef struct csm_feature {
    csm_geom geom;
    char **val; /* layer->nfield entries */
    long row;
} csm_feature;

/* What the read and project stages left out of a layer or put right in
 * it, beyond copying: counts for a provenance record, and warnings for
 * people.  A warning is one line naming the layer and rows, never a
 * value; libcsmap never prints them, the tool does ("csmap: warning: "). */
typedef struct csm_layer_notes {
    size_t rows;         /* rows read from the source (those where: kept) */
    size_t no_coords;    /* skipped: no geometry or coordinates */
    size_t outside;      /* skipped: outside the map CRS's area of use */
    size_t repaired;     /* invalid polygons made valid (GEOS) */
    size_t recoded;      /* text values read as Windows-1252, not UTF-8 */
    size_t nwarn;
    char **warn;         /* nwarn lines, owned by the layer */
} csm_layer_notes;

/* A grid of class numbers in a projected CRS, drawn as an image: a
 * hotspot surface.  Row 0 is the northern edge: cell (col, row) covers x
 * in [x0 + col * cell_m, x0 + (col + 1) * cell_m) and y in
 * [y1 - (row + 1) * cell_m, y1 - row * cell_m).  cls[row * nx + col] is
 * 0 where nothing may be drawn, else a class 1..nclass (1 lowest). */
typedef struct csm_raster {
    size_t nx, ny;
    double x0, y1; /* west and north edges, in the CRS's metres */
    double cell_m;
    int nclass;         /* highest class present (0: nothing to draw) */
    unsigned char *cls; /* nx * ny, owned */
    char *crs;          /* as a layer's crs, or NULL; owned */
} csm_raster;

/* A new raster of nx x ny cells, all 0, with a copy of 'crs' (may be
 * NULL); NULL on ENOMEM.  csm_raster_free(NULL) does nothing. */
csm_raster *csm_raster_new(size_t nx, size_t ny, double x0, double y1,
                           double cell_m, const char *crs);
void csm_raster_free(csm_raster *r);
/* The box of the cells that may be drawn (class > 0); empty if none. */
void csm_raster_bounds(const csm_raster *r, csm_box *out);

/* A layer: only the fields a spec names are carried (data minimisation). */
typedef struct csm_layer {
    char *name;   /* the spec's layer name, for messages */
    char *source; /* where it was read from, for messages */
    char *crs;    /* as found ("EPSG:27700", WKT, PROJ string) or NULL */
    size_t nfield;
    char **field;
    size_t n, cap;
    csm_feature *feat;
    csm_layer_notes notes; /* skipped rows, repairs, warnings */
    csm_raster *raster; /* a hotspot surface drawn instead of features
                           (protection replaced the points), or NULL;
                           owned by the layer */
} csm_layer;

/* New empty layer with copies of the given field names; NULL on ENOMEM. */
csm_layer *csm_layer_new(const char *name, const char *const *fields,
                         size_t nfield);
void csm_layer_free(csm_layer *layer);
/* Append a feature.  Takes ownership of feat->geom and feat->val (which
 * must hold layer->nfield entries) even on failure; *feat is cleared. */
int csm_layer_add(csm_layer *layer, csm_feature *feat, csm_error *err);
/* Index of field 'name' or -1.  NULL name gives -1.  'name' may list
 * alternatives, "WD22NM|WD13NM|name": the first the layer has wins (the
 * read stage names each field after the alternative it found). */
int csm_layer_field(const csm_layer *layer, const char *name);
/* Value of field f in feature i, or NULL (empty or f < 0).  Borrowed. */
const char *csm_layer_value(const csm_layer *layer, size_t i, int f);
int csm_layer_set_crs(csm_layer *layer, const char *crs, csm_error *err);
void csm_layer_bounds(const csm_layer *layer, csm_box *out);
/* Remove feature i (order of the others kept). */
void csm_layer_remove(csm_layer *layer, size_t i);
/* Keep only the features i with keep[i] != 0, in order, in one pass. */
void csm_layer_keep(csm_layer *layer, const unsigned char *keep);
/* Add a warning line to layer->notes (printf-style; never pass a value
 * from a record). */
int csm_layer_warn(csm_layer *layer, csm_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "row 7", "rows 3, 9 and 12" or "rows 3, 9, ... and 40 more" for n
 * 1-based row numbers, cut to fit 'size' bytes. */
void csm_rows_text(const long *rows, size_t n, char *out, size_t size);

/* ===================================================================== */
/* spec and style (YAML, libfyaml)                                        */
/* ===================================================================== */

typedef enum csm_kind {
    CSM_KIND_AREA = 0, /* neighbourhoods, wards, estates */
    CSM_KIND_SCHOOL,
    CSM_KIND_HUB, /* transport hubs */
    CSM_KIND_ROUTE,
    CSM_KIND_CONCERN,
    CSM_KIND_PROTECTIVE,
    CSM_KIND_ANNOTATION,
    CSM_KIND_BASE,       /* roads, rail, water, parks */
    CSM_KIND_PEER_GROUP, /* pseudonymous groups and the places they use */
    CSM_KIND_SAFETY_MAP, /* young people's red/amber/green ratings */
    CSM_KIND_COUNT
} csm_kind;

typedef enum csm_sensitivity {
    CSM_SENS_PUBLIC = 0,
    CSM_SENS_AGGREGATE,
    CSM_SENS_PSEUDONYMISED,
    CSM_SENS_PERSONAL
} csm_sensitivity;

const char *csm_kind_name(csm_kind k); /* "area", "school", ... */
/* The kind called 'name', or -1. */
int csm_kind_from_name(const char *name);
const char *csm_sensitivity_name(csm_sensitivity s);

typedef struct csm_rgba {
    double r, g, b, a; /* 0..1; a == 0 means "none" */
} csm_rgba;

typedef enum csm_shape {
    CSM_SHAPE_NONE = 0,
    CSM_SHAPE_CIRCLE,
    CSM_SHAPE_SQUARE,
    CSM_SHAPE_TRIANGLE,
    CSM_SHAPE_DIAMOND,
    CSM_SHAPE_STAR,
    CSM_SHAPE_CROSS,
    CSM_SHAPE_SCHOOL, /* pictogram: a school building with a pediment */
    CSM_SHAPE_HUB,    /* pictogram: a transport roundel */
    CSM_SHAPE_SHIELD, /* protective places */
    CSM_SHAPE_COUNT
} csm_shape;

typedef enum csm_hatch {
    CSM_HATCH_NONE = 0,
    CSM_HATCH_DIAGONAL,     /* "/" lines */
    CSM_HATCH_BACKDIAGONAL, /* "\" lines */
    CSM_HATCH_CROSS,        /* both diagonals */
    CSM_HATCH_HORIZONTAL,
    CSM_HATCH_VERTICAL,
    CSM_HATCH_DOTS,
    CSM_HATCH_COUNT
} csm_hatch;

/* Which fields of a csm_symbol were set (for merging overrides). */
enum csm_symbol_set {
    CSM_SET_FILL = 1 << 0,
    CSM_SET_STROKE = 1 << 1,
    CSM_SET_STROKE_MM = 1 << 2,
    CSM_SET_DASH = 1 << 3,
    CSM_SET_HATCH = 1 << 4,
    CSM_SET_HATCH_COLOUR = 1 << 5,
    CSM_SET_HATCH_MM = 1 << 6,
    CSM_SET_SHAPE = 1 << 7,
    CSM_SET_SIZE_MM = 1 << 8,
    CSM_SET_CASING = 1 << 9,
    CSM_SET_CASING_MM = 1 << 10,
    CSM_SET_ARROWS = 1 << 11,
    CSM_SET_LABEL_PT = 1 << 12,
    CSM_SET_LABEL_COLOUR = 1 << 13,
    CSM_SET_LABEL_BOLD = 1 << 14,
    CSM_SET_LABEL_PRIORITY = 1 << 15
};

#define CSM_MAX_DASH 4

/* How one class of features is drawn.  Sizes in mm on paper. */
typedef struct csm_symbol {
    unsigned set; /* CSM_SET_* bits: which fields were given */
    csm_rgba fill, stroke;
    double stroke_mm;
    double dash_mm[CSM_MAX_DASH]; /* on/off lengths; ndash == 0: solid */
    int ndash;
    csm_hatch hatch;
    csm_rgba hatch_colour;
    double hatch_mm; /* spacing between hatch lines */
    csm_shape shape; /* point symbol */
    double size_mm;  /* point symbol's diameter */
    csm_rgba casing; /* lines: drawn wider underneath */
    double casing_mm;
    int arrows; /* lines: direction arrowheads along the line */
    double label_pt;
    csm_rgba label_colour;
    int label_bold;
    int label_priority; /* higher places first; default by kind */
} csm_symbol;

/* Copy into dst every field that src->set marks. */
void csm_symbol_merge(csm_symbol *dst, const csm_symbol *src);

/* A category value and how it is drawn and named in the legend. */
typedef struct csm_class {
    char *value; /* the data value (or vocabulary code) */
    char *label; /* legend text; NULL: the value */
    char *code;  /* spec categories only: VALUE: CODE maps the data value
                    onto a harm code or another class (analyse/
                    categories.c); NULL: a class of its own */
    csm_symbol sym;
} csm_class;

typedef struct csm_style_kind {
    csm_symbol sym; /* default for the kind */
    char *legend;   /* legend heading for the kind, e.g. "Schools" */
    size_t ncls;
    csm_class *cls; /* per-category symbols (merged over sym) */
} csm_style_kind;

typedef struct csm_style {
    char *path;
    char *name;
    char *font; /* font family, e.g. "DejaVu Sans" */
    csm_style_kind kind[CSM_KIND_COUNT];
} csm_style;

typedef enum csm_page_size {
    CSM_PAGE_A4 = 0,
    CSM_PAGE_A3,
    CSM_PAGE_A2
} csm_page_size;

typedef enum csm_extent_mode {
    CSM_EXTENT_ALL = 0, /* all drawn layers */
    CSM_EXTENT_LAYER,   /* a layer, optionally a where-filtered subset */
    CSM_EXTENT_BOX      /* explicit box in the map CRS */
} csm_extent_mode;

/* Time-of-day bands of a `when:` filter (analyse/when.c).  A clock time
 * falls in exactly one of the first five; "weekend" is a band that data
 * may record instead of a time, and a filter band matching Saturdays and
 * Sundays. */
typedef enum csm_band {
    CSM_BAND_SCHOOL_DAY = 0, /* 08:30-15:00 */
    CSM_BAND_AFTER_SCHOOL,   /* 15:00-18:00 */
    CSM_BAND_EVENING,        /* 18:00-22:00 */
    CSM_BAND_NIGHT,          /* 22:00-06:00, across midnight */
    CSM_BAND_MORNING,        /* 06:00-08:30 */
    CSM_BAND_WEEKEND,        /* Saturday or Sunday, any time */
    CSM_BAND_COUNT
} csm_band;

/* A layer's `when:` filter; all zero: keep every row. */
typedef struct csm_when {
    int from_month, to_month; /* year * 12 + month - 1, inclusive; 0: open */
    unsigned bands;           /* 1 << csm_band; 0: any time of day */
    unsigned days;            /* 1 << (0 Monday .. 6 Sunday); 0: any day */
} csm_when;

/* One entry of a spec's layers: list. */
/* A reviewed column whose warn-level detections (CSM_WARN_* kinds, of
 * PRIVACY.md row 29) are accepted: a layer's accept_warnings: entry. */
typedef struct csm_accept {
    char *field;    /* the column, as the source names it */
    unsigned kinds; /* CSM_WARN_NAMES | CSM_WARN_VEHICLES */
} csm_accept;

typedef struct csm_layer_spec {
    char *name;   /* required, unique */
    char *source; /* path (resolved against the spec's folder) or PG:... */
    char *layer;  /* layer inside the source; NULL: the first */
    char *sql;    /* SQL query read instead of a layer (PostGIS, GPKG) */
    char *x, *y;  /* CSV coordinate columns (lon/lat are stored here too) */
    int lonlat;   /* 1 when given as lon:/lat: (crs defaults to EPSG:4326) */
    char *crs;    /* assigned CRS when the source has none */
    char *where;  /* OGR SQL attribute filter */
    csm_kind kind;
    csm_sensitivity sensitivity;
    /* field names; each may list alternatives "WD22NM|WD13NM" (a YAML
     * list in the spec), the first the source has wins */
    char *label;    /* field holding the label text */
    char *category; /* field holding the category */
    char *date;     /* field holding the date or month */
    char *subject;  /* field holding the pseudonymous subject id */
    char *id;       /* field holding a feature id */
    char *time;     /* field holding a time band or HH:MM (for when:) */
    char *day;      /* field holding the day of the week (for when:) */
    csm_when when;  /* rows kept (analyse/when.c); zero: all */
    /* safety maps (kind safety-map): rows are ratings by 'subject' (a
     * pseudonymous respondent id), aggregated per polygon of 'areas' */
    char *areas;    /* the area layer the ratings are about */
    char *area_id;  /* field naming the rated area's id; NULL: the area
                       holding each row's point */
    char *rating;   /* field holding red, amber or green */
    /* county-lines routes (kind route; spec/routekeys.c, analyse/routes.c):
     * lines as read, or built from ordered stops naming hub features */
    char *stops;        /* field: "Metropolis; H4; H1" origin .. destination */
    char **hubs;        /* layers the stops name (kind hub or area) */
    size_t nhubs;
    char **follow;      /* network layers each leg follows (shortest path) */
    size_t nfollow;
    char *weight;       /* field: a number; line width in up to 4 classes */
    char *weight_label; /* what it counts ("referrals"); NULL: the field */
    char *from, *to;    /* fields naming the far ends ("to Metropolis") */
    char *legend;   /* legend text; NULL: the style's kind heading */
    csm_symbol sym; /* per-layer overrides (sym.set says which) */
    size_t ncls;
    csm_class *cls; /* per-layer category overrides */
    int line;       /* where the entry starts in the spec, for messages */
    /* protection (the `protect:` key): how a pseudonymised or personal
     * layer is made safe to draw.  Filled by the spec loader. */
    int protect;          /* enum csm_protect_method; 0 = none given */
    char *protect_areas;  /* area method: name of the area layer */
    double protect_cell_m; /* grid/hex: cell size; 0 = policy default */
    char *protect_key;     /* donut: path of the 32-byte key file */
    char *protect_points;    /* snap: spec layer of public snap points */
    char *protect_catchment; /* snap: its field of catchment address counts */
    char *protect_addresses; /* donut: spec layer of address points; spatial
                                k is checked per point when given */
    int protect_hotspot;     /* donut/snap: draw a hotspot surface of the
                                protected points instead of the points */
    double protect_bandwidth_m; /* hotspot: bandwidth; 0: the policy rule */
    int protect_records;  /* area/grid/hex (count: records): count rows,
                             not distinct subjects; refused for a
                             personal or pseudonymised layer */
    char *protect_unit;   /* with protect_records (unit:): what a row is,
                             plural ("crimes"); NULL: "records" */
    /* peer groups (kind peer-group): 'source' is the groups table, 'id'
     * its pseudonymous group id, 'category' its harm codes, 'subject' a
     * pseudonymous member id when rows are per person. */
    char *size;         /* field holding a group's size (count or band) */
    char *associations; /* resolved path of the group -> place table */
    double buffer_m;    /* hull margin around the places; 0: 150 */
    /* accept_warnings: (spec/overlays.c): columns reviewed by a person,
     * whose warnings are silenced and counted, never blocks */
    csm_accept *accept;
    size_t naccept;
} csm_layer_spec;

/* A callout (the spec's annotations: list): text with a harm-code badge,
 * pinned to the feature of spec layer 'layer' whose id field is 'id' or
 * whose label field is 'name' (exactly one is set). */
typedef struct csm_annotation {
    char *text;
    char *category; /* harm code for the badge (CCE, CSE, ...) or NULL */
    char *layer;
    char *id, *name;
    int line; /* where the entry starts in the spec, for messages */
    unsigned accept; /* CSM_WARN_* kinds accepted (accept_warnings:) */
} csm_annotation;

/* The spec's atlas: mapping, for `csmap atlas` (one profile page per area
 * of a coverage layer); the command line overrides by, name, where and
 * population.  Layer names are checked against the spec's layers. */
typedef struct csm_atlas_spec {
    char *by;         /* the coverage layer (kind area) */
    char *name;       /* field naming each area; NULL: the layer's label */
    char *where;      /* OGR SQL filter: which areas get a page */
    char *population; /* field with each area's population, or NULL */
    char *population_label; /* "children aged 0-17" */
    char *concerns;   /* the layer counted; NULL: the first concern layer */
    char *comparator; /* heading of the all-areas column */
    char *review;     /* review date, YYYY-MM-DD or YYYY-MM */
    char **caveats;   /* numbered on the cover, after csmap's own */
    size_t ncaveats;
    double margin_m;  /* around each area on its map; 0: 12% of its size */
    int line;         /* where atlas: starts in the spec; 0: absent */
} csm_atlas_spec;

/* Protection methods for sensitive layers (see the anonymise section). */
enum csm_protect_method {
    CSM_PROTECT_NONE = 0,
    CSM_PROTECT_AREA, /* counts per polygon of an area layer */
    CSM_PROTECT_GRID, /* counts per square cell aligned to the CRS origin */
    CSM_PROTECT_HEX,  /* counts per hexagon */
    CSM_PROTECT_SNAP, /* snap to public anonymous points */
    CSM_PROTECT_DONUT /* keyed donut displacement */
};

/* The spec's compare: mapping (spec/compare.c): the same map for two or
 * more periods of equal length, side by side, with a change map and a
 * change table (`csmap render`, cli/compare.c). */
#define CSM_MAX_PERIODS 6
typedef struct csm_period {
    int from_month, to_month; /* year * 12 + month - 1, inclusive */
} csm_period;
typedef struct csm_compare_spec {
    size_t nperiod; /* 0: no comparison */
    csm_period period[CSM_MAX_PERIODS];
    char *layer; /* the layer whose change is shown; NULL: the first
                    concern layer with a date: field */
    int line;    /* where compare: starts in the spec; 0: absent */
} csm_compare_spec;

/* Periods as "2026-01..2026-03,2026-04..2026-06" (a single month
 * "2026-01" is a period of one month) into c->period.  At least two, at
 * most CSM_MAX_PERIODS, each from <= to; refused (CSM_EUSAGE, one line)
 * when they differ in length ("periods differ in length: 2026-01..2026-03
 * is 3 months, 2026-04..2026-07 is 4 months") or overlap. */
int csm_compare_parse(const char *text, csm_compare_spec *c, csm_error *err);
/* The same checks on c->period[0..nperiod-1] as already read. */
int csm_compare_check(const csm_compare_spec *c, csm_error *err);
/* "2026-01..2026-03" (or "2026-01"); "Jan 2026 to Mar 2026" when 'long'
 * is set.  As snprintf. */
int csm_period_text(const csm_period *p, int long_form, char *buf, size_t n);

/* The spec's panels: key: small multiples of one map. */
enum csm_panels { CSM_PANELS_NONE = 0, CSM_PANELS_TIME_OF_DAY };

typedef struct csm_spec {
    char *path;  /* the spec file */
    char *dir;   /* its folder, for resolving relative paths */
    char *title; /* required */
    char *subtitle;
    char *marking;   /* default "OFFICIAL-SENSITIVE" */
    char *date;      /* YYYY-MM-DD or YYYY-MM; default none (then --date) */
    char *statement; /* anonymisation statement; NULL: filled by the
                        pipeline ("No personal data shown" when none) */
    char *owner;
    size_t nsources;
    char **sources; /* data sources and attribution lines */
    csm_page_size page_size;
    int landscape;
    double margin_mm; /* default 10 */
    char *crs;        /* default "EPSG:27700" */
    csm_extent_mode extent_mode;
    char *extent_layer;
    char *extent_where;
    csm_box extent_box;
    double extent_margin_m; /* default 0 */
    char *style;  /* resolved path of the style file */
    char *policy; /* resolved path of the policy file, or NULL */
    size_t nlayer;
    csm_layer_spec *layer;
    size_t nannotation;
    csm_annotation *annotation; /* callouts, in spec order */
    csm_atlas_spec atlas;       /* atlas: (csmap atlas); zero: absent */
    csm_compare_spec compare;   /* compare: periods; zero: absent */
    int panels;                 /* enum csm_panels (panels: key) */
} csm_spec;

/* Load a map spec.  Errors name the file, line, column and key, e.g.
 * "spec.yaml:12:5: unknown key 'lable' in layer 'schools' (did you mean
 * 'label'?)".  Relative paths (sources, style, policy) are resolved
 * against the spec's folder; a bare style name ("default") is looked up
 * in csm_data_dir()/styles/<name>.yaml. */
int csm_spec_load(const char *path, csm_spec **out, csm_error *err);
void csm_spec_free(csm_spec *spec);

/* Load a style file (see styles/default.yaml for the keys). */
int csm_style_load(const char *path, csm_style **out, csm_error *err);
void csm_style_free(csm_style *style);

/* The symbol for a feature of layer 'ls' whose category value is 'cat'
 * (NULL: none): the style's kind symbol, then the layer's overrides, then
 * the style's class for 'cat', then the layer's class for 'cat'.  The
 * legend label of the class is returned in *label (borrowed; NULL when no
 * class matched). */
csm_symbol csm_style_resolve(const csm_style *style, const csm_layer_spec *ls,
                             const char *cat, const char **label);

/* Built-in vocabularies (model/vocab.c): the extra-familial harm codes
 * (CCE, CSE, CL, SYV, TRAF, MISS, CUCK, HSB, ONLINE, OTHER) and the
 * safety-map classes (red, amber, green, mixed, few, hidden, bar).  Every
 * style starts with them as the classes of kinds concern and safety-map;
 * styles/default.yaml and styles/greyscale.yaml give the same symbols. */
typedef struct csm_vocab {
    const char *code;     /* "CCE" */
    const char *label;    /* "Child criminal exploitation" */
    csm_shape shape;      /* point symbol, the same in every style */
    unsigned fill;        /* default style, 0xRRGGBBAA */
    unsigned grey;        /* greyscale style: black, white or a grey */
    csm_hatch hatch;      /* default style, polygons */
    csm_hatch grey_hatch; /* greyscale style, polygons */
} csm_vocab;

/* The harm vocabulary and the safety-map classes, in legend order; *n
 * gets the number of entries.  Static tables. */
const csm_vocab *csm_vocab_harm(size_t *n);
const csm_vocab *csm_vocab_safety(size_t *n);
/* The entry of v[0..n-1] whose code is 'code' (ignoring case), or NULL. */
const csm_vocab *csm_vocab_find(const csm_vocab *v, size_t n,
                                const char *code);
/* 1 when layers of kind k take harm codes as categories (concern,
 * annotation, peer-group). */
int csm_vocab_kind(csm_kind k);

/* Folder holding styles/ and layers/: $CSMAP_DATADIR, else the install
 * prefix's share/csmap, else "." when ./styles exists. */
const char *csm_data_dir(void);

/* ===================================================================== */
/* read (GDAL/OGR)                                                       */
/* ===================================================================== */

typedef struct csm_read_opts {
    const char *layer; /* layer inside the source; NULL: the first */
    const char *sql;   /* SQL query whose result is read instead of
                          'layer' (the source's own dialect), or NULL */
    const char *x, *y; /* CSV coordinate columns, or NULL */
    const char *crs;   /* CRS to assign when the source has none */
    const char *where; /* OGR SQL attribute filter, or NULL */
    const char *const *fields; /* fields to carry; others are dropped.
                                  "A|B|C": the first the source has */
    size_t nfield;
    const char *name; /* the spec's layer name, for messages */
} csm_read_opts;

/* Read a vector source GDAL opens (GeoJSON, GeoPackage, Shapefile,
 * FlatGeobuf, KML, CSV with named columns, OSM, PG:...).  Only
 * opt->fields are kept, each named after the alternative found; a named
 * field the source lacks, or has twice, is an error.  Files as teams hold
 * them are read as they are, with one warning per kind of fault in
 * (*out)->notes: rows without geometry or coordinates are skipped (an
 * error only when every row is); invalid polygons (self-intersecting
 * rings) are made valid; text that is not UTF-8 is read as Windows-1252.
 * On success *out is a new layer whose crs is the source's (or
 * opt->crs). */
int csm_read_layer(const char *path, const csm_read_opts *opt,
                   csm_layer **out, csm_error *err);

/* A text report for `csmap info`: each layer's name, feature count,
 * geometry type, CRS, extent and fields.  Appended to 'report'. */
int csm_read_info(const char *path, csm_buf *report, csm_error *err);

/* Read a table that has no geometry (a CSV of rows, a GeoPackage or
 * PostGIS attribute table): as csm_read_layer, keeping only opt->fields
 * and honouring opt->layer, opt->where and opt->name, but every feature's
 * geometry is empty and opt->x, y and crs are ignored.  Errors name the
 * layer, field and row, never a value. */
int csm_read_table(const char *path, const csm_read_opts *opt,
                   csm_layer **out, csm_error *err);

/* The column names of table 'layer' (NULL: the first) of 'path', and no
 * values: *out is a new layer with no features whose fields are the
 * columns, so a caller can refuse a table for what it holds. */
int csm_read_columns(const char *path, const char *layer, csm_layer **out,
                     csm_error *err);

/* ===================================================================== */
/* project (PROJ)                                                        */
/* ===================================================================== */

/* Transform every vertex of 'layer' from layer->crs into 'dst_crs' (any
 * "EPSG:n", WKT or PROJ string), x always east.  A layer without a CRS or
 * with an unknown CRS is an error.  Features with a vertex outside the
 * target CRS's area of use (or that cannot be transformed) are removed,
 * counted in layer->notes.outside with one warning naming their rows; when
 * every feature is, it is an error naming the first row, and the layer is
 * unchanged.  On success layer->crs is dst_crs. */
int csm_project_layer(csm_layer *layer, const char *dst_crs, csm_error *err);

/* csm_project_layer for layers[0..n-1] in turn, into one 'dst_crs', with
 * the same warnings, skips and errors; faster, as each distinct source CRS
 * costs PROJ its set-up once per call, not once per layer.  It stops at the
 * first layer that fails: the layers before it are projected, it and those
 * after are as they were (their crs pointers unchanged, which is how a
 * caller finds it; a projected layer always gets a new crs string). */
int csm_project_layers(csm_layer *const *layers, size_t n,
                       const char *dst_crs, csm_error *err);

/* Check that 'crs' is a CRS PROJ knows; fills *is_geographic. */
int csm_project_check(const char *crs, int *is_geographic, csm_error *err);

/* 'crs' as ESRI WKT, what a Shapefile's .prj holds (WKT1 as GDAL writes it
 * when ESRI has no name for the CRS).  *out is a new string for the caller
 * to free(). */
int csm_project_wkt(const char *crs, char **out, csm_error *err);

/* ===================================================================== */
/* anonymise                                                             */
/* ===================================================================== */

/* Protection: aggregation with small-number suppression, keyed donut
 * displacement, dates to month, and the personal-data scan, all pure C on
 * plain layers (no I/O).  ../shared/PRIVACY.md is the reference; "row N"
 * below is a row of its section 8 table.  Counts are always of DISTINCT
 * pseudonymous subjects, never of rows. */

/* --- the policy (loaded by spec/policy.c) ----------------------------- */

#define CSM_POLICY_MAX_CODES 16 /* aggregate_only codes */
#define CSM_POLICY_CODE_LEN 16  /* a code's size including its NUL */

typedef enum csm_kernel {
    CSM_KERNEL_QUARTIC = 0,
    CSM_KERNEL_GAUSSIAN
} csm_kernel;

/* The local privacy policy.  A plain struct the caller owns; nothing in
 * it is allocated, so it may be copied.  Each field gives its default and
 * its limit (the most permissive value a policy file may set).
 * styles/policy-default.yaml documents the same keys. */
typedef struct csm_policy {
    char version[64]; /* names the policy: in every mask's HMAC input and
                         in provenance; default "csmap-default-1" */
    int min_count;    /* row 2: distinct subjects per shown count; 8, >= 6 */
    int round_base;   /* row 3: round shown counts to it; 5, >= 5, or
                         down to 1 only with single_release */
    int single_release;        /* row 3: no overlapping geography/period */
    double dominance;          /* row 6: max share of one subject in a
                                  cell's incidents; 0.5, <= 0.95 */
    double cell_m;             /* row 7: grid/hex cell; 500, >= 250 */
    int snap_min_addresses;    /* row 9: 30, >= 8 */
    int k;                     /* row 10: spatial k per point; 30, >= 8 */
    double donut_r_min_m;      /* row 11: floor of r_min; 50, >= 50 */
    double donut_r_max_factor; /* row 12: r_max = factor x r_min; 2, <= 3 */
    double max_displacement_m; /* row 15: 2000, <= 20000 */
    int containment;           /* row 17: on; off allowed */
    int safety_min_respondents; /* row 20: 10, >= 10 */
    int safety_min_option;      /* row 20: option counts below it are
                                   suppressed; 5, >= 5 */
    csm_kernel kde_kernel;      /* row 21: quartic (or gaussian) */
    double kde_bandwidth_min_m; /* row 23: floor; 200, >= 200 */
    double kde_cell_min_m;      /* row 24: floor; 50, >= 50 */
    int kde_min_count;          /* row 25: 8, >= 6 */
    int kde_classes;            /* row 26: 5, <= 7 */
    size_t naggregate_only;     /* row 5: must include CSE HSB TRAF CUCK */
    char aggregate_only[CSM_POLICY_MAX_CODES][CSM_POLICY_CODE_LEN];
} csm_policy;

/* Fill 'pol' with the defaults of PRIVACY.md section 8. */
void csm_policy_defaults(csm_policy *pol);

/* Load a policy file (YAML; keys at the top level or under 'policy:').
 * Keys not given keep their defaults.  An unknown key, a malformed value
 * or a value looser than its limit is an error naming file, line, column,
 * key, value and limit: "policy.yaml:4:3: min_count 5 is looser than the
 * limit 6: raise it" (CSM_EPRIVACY for limits, CSM_EDATA otherwise).  On
 * failure *pol holds the defaults. */
int csm_policy_load(const char *path, csm_policy *pol, csm_error *err);

/* Check a policy built in code against the limits (CSM_EPRIVACY). */
int csm_policy_check(const csm_policy *pol, csm_error *err);

/* --- the gate ----------------------------------------------------------- */

/* Gate for layers before they reach compose: a layer marked
 * pseudonymised or personal is refused (CSM_EPRIVACY) unless its spec
 * names a protection method (ls->protect); the area method also needs
 * ls->protect_areas.  A peer-group layer (protected by how it is built)
 * takes neither a sensitivity nor protect: and is refused with either. */
int csm_anonymise_gate(const csm_layer_spec *ls, csm_error *err);

/* Remove from a point layer every feature whose category (field
 * 'category_field') is aggregate-only under 'pol' (CSE, HSB, TRAF, CUCK
 * and any the policy adds; the codes' long names such as "cuckooing" too).
 * *removed gets the number removed.  category_field < 0 removes nothing:
 * the caller must name the category when a layer may mix categories. */
void csm_anonymise_drop_aggregate_only(csm_layer *points, int category_field,
                                       const csm_policy *pol,
                                       size_t *removed);

/* PRIVACY.md row 19: a point layer showing fewer than pol->min_count
 * distinct subjects (field 'subject_field'; < 0: each row counts as one)
 * shows nothing.  *subjects gets the distinct count; when it is under the
 * minimum every feature is removed and *removed gets how many (else 0).
 * An empty subject id is an error naming the layer and row. */
int csm_anonymise_layer_minimum(csm_layer *points, int subject_field,
                                const csm_policy *pol, size_t *subjects,
                                size_t *removed, csm_error *err);

/* Warn-level personal data in free text (PRIVACY.md 5.2, row 29): hints
 * for a warning, never a block.  The kinds are bits, as a layer's or a
 * callout's accept_warnings: key gives them. */
#define CSM_WARN_NAMES 1u    /* a suspected person's name */
#define CSM_WARN_VEHICLES 2u /* a vehicle registration (AB12 CDE) */

/* A kind's name as accept_warnings: and --accept-warnings take it: its
 * CSM_WARN_* bit ("names", "vehicles"); 0 for the name of a blocking
 * kind (postcodes, phone, nhs, email, ...), which can never be accepted;
 * -1 for any other word (spec/overlays.c). */
int csm_warn_kind(const char *name);

/* The place names a map knows (its layers' labels), so a name hint can
 * tell "Ashgrove Park" from a person.  csm_gazetteer_new makes an empty
 * one for the caller to csm_gazetteer_free(); _add copies the words of
 * 'name' (NULL: nothing). */
typedef struct csm_gazetteer csm_gazetteer;
int csm_gazetteer_new(csm_gazetteer **out, csm_error *err);
int csm_gazetteer_add(csm_gazetteer *g, const char *name, csm_error *err);
size_t csm_gazetteer_count(const csm_gazetteer *g);
void csm_gazetteer_free(csm_gazetteer *g);

/* The first of the kinds in 'kinds' that 'text' holds (0: none), with a
 * static description in *what (may be NULL): CSM_WARN_NAMES for an
 * honorific before a capitalised word, a common given name, or two or
 * more adjacent capitalised words, none of them outside a place name
 * ('places', may be NULL; built-in place words such as Street, Park,
 * Primary), nor common capitalised words (days, months, agencies) nor a
 * sentence's usual first word; CSM_WARN_VEHICLES for a registration of
 * the 2001 format (\b[A-Z]{2}[0-9]{2}\s?[A-Z]{3}\b). */
unsigned csm_anonymise_warn_text(const char *text, unsigned kinds,
                                 const csm_gazetteer *places,
                                 const char **what);

/* csm_anonymise_warn_text(text, CSM_WARN_NAMES, NULL, what) != 0. */
int csm_anonymise_name_hint(const char *text, const char **what);

/* 1 when 'category' (a code or long name) is aggregate-only under pol. */
int csm_anonymise_is_aggregate_only(const csm_policy *pol,
                                    const char *category);

/* --- counting rules ----------------------------------------------------- */

/* What a map may show for a cell of 'count' distinct subjects: 0 for 0;
 * -1 (suppressed) for 1..min_count-1; otherwise count rounded to the
 * nearest round_base (halves up), and never below min_count rounded up to
 * the base (so with 8 and 5: 8 -> 10, 12 -> 10, 13 -> 15). */
long csm_anonymise_shown(long count, const csm_policy *pol);

/* The drawing class of a shown value (from csm_anonymise_shown, never a
 * raw count): "suppressed" (-1), "none" (0), then "L-19", "20-49",
 * "50-99", "100+" where L is the smallest value that can be shown (10 by
 * default); bands below L are dropped.  Written to buf (at most n bytes). */
void csm_anonymise_band(long shown, const csm_policy *pol, char *buf,
                        size_t n);

/* --- aggregation -------------------------------------------------------- */

typedef struct csm_agg_opts {
    int subject_field;  /* points: pseudonymous subject id (required) */
    int category_field; /* points: category code, or -1 */
    int area_field;     /* areas: name/id carried to the output, or -1 */
    int count_records;  /* 1: count rows (records), not distinct subjects;
                           subject_field is ignored and the dominance
                           rule takes each distinct location as one
                           contributor.  Only for layers whose rows are
                           not children (police.uk crimes) */
} csm_agg_opts;

/* Exact figures of one aggregation, for tests, logs and provenance
 * counts.  Only 'total' may be printed on a map (the others are exact). */
typedef struct csm_agg_stats {
    size_t rows;       /* point features read */
    size_t points;     /* point vertices counted (a multipoint has several) */
    size_t subjects;   /* distinct subjects among them */
    size_t outside;    /* points in no area (not counted, not drawn) */
    size_t empty;      /* features without geometry (not counted) */
    size_t cells;      /* areas, or non-empty grid cells */
    size_t shown;      /* cells shown with a count (>= the minimum) */
    size_t zero;       /* areas with no subject */
    size_t suppressed; /* 1..min-1 subjects, or one subject dominates */
    size_t secondary;  /* suppressed so that no other can be recovered */
    size_t categories; /* category codes shown somewhere */
    long total;        /* distinct subjects over all cells as the map may
                          show it (rounded), or -1 when it must not be
                          shown; the only total a map may print (the
                          cells' secondary suppression assumes it) */
} csm_agg_stats;

/* Count distinct subjects of 'points' per polygon of 'areas' (first
 * polygon in layer order wins on shared edges), and per category.
 * Suppress counts under pol->min_count and cells where one subject has
 * more than pol->dominance of the incidents; round the rest
 * (csm_anonymise_shown).  Categories are shown in an area only where they
 * pass; a failing one counts only in the all-types total ("children").
 * Secondary suppression: when exactly one cell under a shown margin is
 * suppressed (or the suppressed cells are all ones), the next smallest
 * shown cell is suppressed too, or failing that the margin; margins are
 * each area's total over its categories, and stats->total over the areas.
 * Categories without a column count as one hidden "other types" cell,
 * which may stand alone only if it holds min_count or more.  A suppressed
 * area shows no categories.
 *
 * On success *out is a new polygon layer for the caller to free: a copy of
 * every area in order, with fields [area field], "children" (shown count,
 * "0", or empty when suppressed), "band" (csm_anonymise_band) and one
 * field per category code shown somewhere (sorted; empty where
 * suppressed).  Its name is the points layer's, its CRS the areas'.
 * Errors name layer, field and row: a row without a subject id, layers in
 * different CRSs, a policy looser than its limits. */
int csm_anonymise_areas(const csm_layer *points, const csm_layer *areas,
                        const csm_agg_opts *opts, const csm_policy *pol,
                        csm_layer **out, csm_agg_stats *stats,
                        csm_error *err);

/* The same rules over cells of a grid aligned to the CRS origin, so that
 * grids nest: squares [i*cell_m, (i+1)*cell_m); or, when 'hex', pointy-top
 * hexagons of the same area as a cell_m square, the hexagon (0,0) centred
 * on the origin.  cell_m below pol->cell_m is refused (CSM_EPRIVACY).
 * opts->area_field is ignored.  *out holds only cells with a shown count
 * (nothing is drawn for suppressed cells): fields "children", "band" and
 * the shown category codes.  Vertices are exact lattice points (hexagons
 * rounded to 1 mm so neighbours share them). */
int csm_anonymise_grid(const csm_layer *points, double cell_m, int hex,
                       const csm_agg_opts *opts, const csm_policy *pol,
                       csm_layer **out, csm_agg_stats *stats,
                       csm_error *err);

/* The one-line statement every map carries, e.g. "Counts of distinct
 * children under 8 suppressed, others rounded to 5; locations aggregated
 * to 500 m squares; dates to month".  'method' is an enum
 * csm_protect_method; cell_m is used by grid and hex (0: the policy's).
 * It states method and strength, never a key, seed or radius.  Writes at
 * most n bytes to buf and returns the length it needed (as snprintf). */
int csm_anonymise_statement(int method, const csm_policy *pol, double cell_m,
                            char *buf, size_t n);
/* The same for counts of records (csm_agg_opts.count_records), 'unit'
 * naming them ("crimes"; NULL: "records"), e.g. "Counts of crimes under 8
 * suppressed, others rounded to 5; crimes aggregated to areas; dates to
 * month".  Area, grid and hex methods only. */
int csm_anonymise_statement_records(int method, const csm_policy *pol,
                                    double cell_m, const char *unit,
                                    char *buf, size_t n);

/* --- dates --------------------------------------------------------------- */

/* Reduce every value of field 'date_field' to its calendar month
 * "YYYY-MM".  Accepted: YYYY-MM-DD (optionally with a time, "T" or space
 * separated), YYYY/MM/DD, DD/MM/YYYY (also with - or .), "14 March 2026",
 * YYYY-MM.  The month is taken as written (no time-zone conversion).  Empty
 * values stay empty.  An unparseable value is an error naming layer, field
 * and row, never the value; then the layer is unchanged. */
int csm_anonymise_month(csm_layer *layer, int date_field, csm_error *err);

/* --- the personal-data scan ---------------------------------------------- */

typedef struct csm_scan_opts {
    const int *fields; /* indexes of the fields to scan; NULL: every field */
    size_t nfields;
    int date_field; /* day-precision dates allowed here (it is reduced to
                       month later); -1: none */
    int place_names; /* 1: a field called "name" names a place (public
                        layers: schools, wards); 0: it is personal */
    const char *id_name; /* a pseudonymous-id field (the subject id): its
                            values are checked only for real identifiers
                            (NHS number, NINO, UPN, phone, e-mail), since a
                            short hex pseudonym can look like a postcode;
                            NULL: none */
} csm_scan_opts;

/* Scan values and field names (opts NULL: every field, no date field) for
 * personal data (PRIVACY.md 5.2): full unit postcodes (district and sector
 * allowed, NHS pseudo-postcodes ZZ99 allowed), NHS numbers (modulus 11),
 * National Insurance numbers, Unique Pupil Numbers, UK phone numbers,
 * e-mail addresses, day-precision dates, social-media handles, precise
 * locations (lat/long with 4+ decimals, easting/northing pairs, OS grid
 * references, ///what3words), and name-typed columns (name, surname, dob,
 * nhs_number, postcode, email, address, ...).  The first hit is
 * CSM_EPRIVACY: "layer 'concerns', field 'notes', row 12: looks like a
 * full postcode; remove the value or drop the field" - never the value. */
int csm_anonymise_scan(const csm_layer *layer, const csm_scan_opts *opts,
                       csm_error *err);

/* Scan one text (a callout) with every detector, day dates included.
 * Returns 1 and sets *what (when not NULL) to a static description such as
 * "a full postcode" when the text holds personal data; else 0. */
int csm_anonymise_scan_text(const char *text, const char **what);

/* 1 when field name 'name' is name-typed (personal by its name). */
int csm_anonymise_personal_field(const char *name);

/* --- spatial k (PRIVACY.md 2.2 definition 2, row 10) ------------------ */

/* k[i] for each released point shown[i] of true point truth[i]: 1 + the
 * number of addresses strictly closer to shown[i] than truth[i] is (the
 * true home's rank in an intruder's "nearest home to the dot" list).
 * Every vertex of the point features of 'addresses' is one address;
 * other geometry is an error naming the row, and so is a layer with no
 * address at all.  A point that did not move has k = 1. */
int csm_anonymise_spatial_k(const csm_layer *addresses, const csm_xy *truth,
                            const csm_xy *shown, size_t n, long *k,
                            csm_error *err);

/* A distribution of k, for logs and provenance: no coordinates. */
typedef struct csm_k_summary {
    size_t n;        /* points checked */
    long min, p5;    /* smallest k; 5th percentile (nearest rank) */
    long median;     /* the lower median */
    size_t below;    /* points whose k is under the floor */
} csm_k_summary;

/* Summarise k[0..n-1] against 'floor_k' (all zero when n is 0). */
void csm_anonymise_k_summary(const long *k, size_t n, long floor_k,
                             csm_k_summary *out);

/* --- donut displacement -------------------------------------------------- */

#define CSM_KEY_BYTES 32

typedef struct csm_donut_opts {
    int subject_field; /* pseudonymous subject id (required unless
                          record_field is given; every row needs one) */
    int record_field;  /* a record id that must be unique (checked), or
                          -1; it never seeds the mask: with no subject
                          field every record at one place shares one
                          released point */
    double r_min_m;    /* 0: pol->donut_r_min_m; never below it */
    double r_max_m;    /* 0: r_min x pol->donut_r_max_factor; at most
                          3 x r_min and pol->max_displacement_m */
    const csm_layer *areas; /* containment polygons; NULL only when
                               pol->containment is off */
    int tries;         /* containment attempts per point; 0: 32 */
    const csm_layer *addresses; /* address points: a displaced point whose
                                   spatial k is under pol->k is removed;
                                   NULL: k is not checked */
} csm_donut_opts;

typedef struct csm_donut_stats {
    size_t rows;        /* features in */
    size_t displaced;   /* features kept, displaced */
    size_t dropped;     /* no attempt stayed in its area: removed, for the
                           area aggregate only */
    size_t uncontained; /* true point in no area: displaced freely */
    size_t below_k;     /* spatial k under pol->k: removed, for the area
                           aggregate only (0 without opts->addresses) */
    csm_k_summary k;    /* k of every displaced point checked, before the
                           removal (n == 0 without opts->addresses) */
} csm_donut_stats;

/* Displace every point of 'points' in place, deterministically:
 * HMAC-SHA-256(key, "donut" | subject id (trimmed, ASCII lower-case) |
 * true x, y rounded to whole metres | pol->version | attempt)
 * gives an angle uniform in [0, 2 pi) and a radius uniform by area in
 * [r_min, r_max]; coordinates are then rounded to 1 m and an attempt whose
 * rounded distance leaves [r_min, r_max] or whose point leaves the true
 * point's area is retried with the next attempt number.  Same inputs and
 * key, same output; nothing random per run.  The seed holds the subject
 * and the place, never the row or the record id, so all of one subject's
 * records at one place land on ONE released point (averaging a child's
 * repeat incidents cannot recover the place); different subjects at one
 * place move independently.  Points that never fit are removed (aggregate
 * from the layer BEFORE masking).  Single points only, |x|, |y| <= 1e15.
 * On failure the layer is unchanged. */
int csm_anonymise_donut(csm_layer *points, const csm_donut_opts *opts,
                        const unsigned char key[CSM_KEY_BYTES],
                        const csm_policy *pol, csm_donut_stats *stats,
                        csm_error *err);

/* Fill key with 32 bytes from the system CSPRNG (libsodium).  The CLI
 * writes it to a file of mode 0600, outside the data. */
int csm_keygen(unsigned char key[CSM_KEY_BYTES], csm_error *err);

/* --- area profiles (anonymise/profile.c, audit.c; csmap atlas) ---------- */

/* Why area 'g' cannot have a profile ("it is not a polygon", "its rings
 * enclose no area", ...: a static string), or NULL when it can. */
const char *csm_anonymise_area_problem(const csm_geom *g);

typedef struct csm_profile_opts {
    int subject_field;  /* points: pseudonymous subject id (required) */
    int category_field; /* points: harm code, or -1 */
    int month_field;    /* points: "YYYY-MM" (csm_anonymise_month), or -1 */
    int band_field;     /* points: time band name, or -1 */
    const char *const *cat_order; /* codes in display order (the harm
                                     vocabulary); others follow, sorted */
    size_t ncat_order;
    const char *const *band_order; /* band names in display order */
    size_t nband_order;
    int count_records; /* 1: count rows, not distinct subjects (as
                          csm_agg_opts); "children" are then rows */
} csm_profile_opts;

/* The figures one profile may print.  Every value is a shown value: 0,
 * -1 (not shown: small, or hidden to protect another figure) or a count
 * rounded as csm_anonymise_shown does; never a raw count.  Incidents show
 * only where the children behind them do. */
typedef struct csm_profile_figs {
    long children;       /* distinct children with an incident there */
    long incidents;      /* incidents there */
    long *cat_children;  /* ncat: distinct children per category */
    long *cat_incidents; /* ncat */
    long *month;         /* nmonth: distinct children per month */
    long *band;          /* nband: distinct children per time band */
} csm_profile_figs;

/* What the protection of a set of profiles did (for provenance; counts of
 * figures, never their values). */
typedef struct csm_profile_audit {
    size_t pairs;      /* pairs of areas sharing at least one location */
    size_t checked;    /* pairs of shown figures a reader could subtract */
    size_t suppressed; /* figures hidden by the differencing audit */
    size_t secondary;  /* figures hidden to protect another (margins) */
} csm_profile_audit;

typedef struct csm_profiles {
    size_t narea;
    csm_profile_figs *area; /* per feature of 'areas', in layer order */
    csm_profile_figs whole; /* every area together: the comparator */
    size_t ncat, nmonth, nband;
    char **cat;   /* category codes in display order */
    char **month; /* "YYYY-MM", every month from the first counted to the
                     last (months without incidents included) */
    char **band;  /* time bands in display order */
    csm_profile_audit audit;
    long *block;  /* the figures' storage */
} csm_profiles;

/* Profiles of every area of 'areas' (polygons; features for which
 * csm_anonymise_area_problem() says why not get -1 everywhere and count
 * nowhere) from the incidents of 'points'.  An incident counts in every
 * area that holds it, and once in the whole.  Counts are of distinct
 * subjects; small counts and dominated cells are suppressed and the rest
 * rounded (rows 2, 3, 6); secondary suppression covers each area's
 * breakdowns and each figure over the areas (row 4); the differencing
 * audit (row 8; PRIVACY.md section 9 test 8) hides one of any two figures
 * whose difference would reveal fewer than pol->min_count children: two
 * areas sharing locations, the whole and an area, an area's period and a
 * month (or its children and a category or band).  On success *out is
 * for the caller to csm_profiles_free().  Errors name layer, field and
 * row: a row without a subject id, a month that is not YYYY-MM, a point
 * layer that is not points. */
int csm_anonymise_profiles(const csm_layer *points, const csm_layer *areas,
                           const csm_profile_opts *opts,
                           const csm_policy *pol, csm_profiles **out,
                           csm_error *err);
void csm_profiles_free(csm_profiles *p);

/* --- snapping to public points (rows 9, 15, 16) ------------------------- */

typedef struct csm_snap_opts {
    int catchment_field; /* field of the snap points holding each one's
                            catchment count of residential addresses; -1
                            only with 'addresses' */
    double max_m;        /* farthest snap; 0: pol->max_displacement_m,
                            never more */
    const unsigned char *exclude; /* per snap point, 1: a sensitive premises
                                     (row 32), never a target; or NULL */
    const csm_layer *addresses;   /* or NULL: address points; each snap
                                     point's catchment is then also counted
                                     as the addresses nearer it than any
                                     other target (2.2 definition 3), and
                                     the smaller count is used */
} csm_snap_opts;

typedef struct csm_snap_stats {
    size_t rows;    /* features in */
    size_t snapped; /* features kept, moved onto a snap point */
    size_t small;   /* nearest snap point's catchment under
                       pol->snap_min_addresses: removed */
    size_t far;     /* no snap point within max_m: removed */
    size_t targets; /* snap points offered */
    size_t excluded; /* of them, sensitive premises never used */
} csm_snap_stats;

/* Move every point of 'points' onto its nearest point of 'targets' (a
 * public layer, police.uk-style anonymous map points; the lowest feature
 * index wins a tie).  A point whose nearest snap point has a catchment
 * under pol->snap_min_addresses (0 too: csmap does not take police.uk's
 * "no homes" exception), or lies farther than max_m, is removed from the
 * layer, never moved anywhere else: count it from the layer BEFORE
 * snapping.  One point per feature, in both layers; a catchment that is
 * not a whole number >= 0 is an error naming layer, field and row.  On
 * failure the layer is unchanged. */
int csm_anonymise_snap(csm_layer *points, const csm_layer *targets,
                       const csm_snap_opts *opts, const csm_policy *pol,
                       csm_snap_stats *stats, csm_error *err);

/* --- hotspots: kernel density of protected points (rows 21-26) ---------- */

typedef struct csm_kde_opts {
    int subject_field;  /* pseudonymous subject id (required) */
    double r_min_m;     /* the protection's smallest displacement (donut
                           r_min; 0 for snapping): the bandwidth is at
                           least twice it */
    double bandwidth_m; /* 0: the rule below; else at least
                           max(2 x r_min_m, pol->kde_bandwidth_min_m) */
    double cell_m;      /* 0: the rule below; else at least
                           pol->kde_cell_min_m */
} csm_kde_opts;

/* Exact figures of one surface, for tests and logs; only bandwidth_m,
 * cell_m and nclass may be printed on a map. */
typedef struct csm_kde_stats {
    size_t points, subjects; /* input vertices, distinct subjects */
    double bandwidth_m, cell_m;
    size_t cells;     /* cells with any density */
    size_t shown;     /* cells drawn */
    size_t few;       /* fewer than pol->kde_min_count subjects within the
                         bandwidth: not drawn */
    size_t dominated; /* one subject over pol->dominance of the density:
                         not drawn */
    int nclass;       /* classes drawn */
} csm_kde_stats;

/* The hotspot surface of 'points', which MUST already be protected
 * (snapped or displaced): the tool calls it only after csm_anonymise_snap
 * or csm_anonymise_donut on the same layer.  pol->kde_kernel (quartic;
 * Gaussian cut at 3 bandwidths) at every cell centre of a grid aligned to
 * the CRS origin and covering every point's bandwidth.  A cell is drawn
 * only when at least pol->kde_min_count distinct subjects have a point
 * strictly within the bandwidth of its centre and no subject holds more
 * than pol->dominance of its density; so a lone point draws nothing.
 * Drawn cells get quantile classes 1..pol->kde_classes of their density
 * (equal densities share a class).  Every vertex of a (multi)point
 * feature counts; other geometry is an error naming the row.  On success
 * *out is a new raster (in the layer's CRS) for the caller to free. */
int csm_anonymise_hotspots(const csm_layer *points, const csm_kde_opts *opts,
                           const csm_policy *pol, csm_raster **out,
                           csm_kde_stats *stats, csm_error *err);

/* The bandwidth rule (row 23): max(MASS::bandwidth.nrd averaged over x
 * and y, 2 x r_min_m, pol->kde_bandwidth_min_m), rounded up to 10 m. */
double csm_anonymise_kde_bandwidth(const csm_xy *p, size_t n, double r_min_m,
                                   const csm_policy *pol);

/* The cell rule (row 24): the shorter side of 'b' / 50, rounded to the
 * nearest 100 m, and at least pol->kde_cell_min_m. */
double csm_anonymise_kde_cell(const csm_box *b, const csm_policy *pol);

/* The clause a map's statement adds for a hotspot surface ("shown as
 * hotspots: quartic kernel density of the protected points, 400 m
 * bandwidth, ..."): method and strength only.  As snprintf. */
int csm_anonymise_kde_statement(const csm_kde_stats *stats,
                                const csm_policy *pol, char *buf, size_t n);

/* The colour of hotspot class k of n (1 lightest .. n darkest): one
 * sequential ramp whose lightness falls at every step, so classes keep
 * their order in a greyscale photocopy.  Alpha 0 outside 1..n. */
csm_rgba csm_raster_colour(int k, int n);

/* Round every vertex of 'layer' to the nearest multiple of step_m, so an
 * export carries no coordinate finer than its protection meant (1 m in
 * exports: PRIVACY.md row 31).  step_m <= 0 does nothing. */
void csm_anonymise_quantise(csm_layer *layer, double step_m);

/* ===================================================================== */
/* analyse: peer groups (GEOS through OGR in analyse/geos.c)              */
/* ===================================================================== */

/* The convex hull of every vertex of geoms[0..n-1], buffered by buffer_m
 * with round corners (one place gives a disc): a polygon in *out, which
 * must be fresh.  On failure *out is empty. */
int csm_analyse_hull(const csm_geom *geoms, size_t n, double buffer_m,
                     csm_geom *out, csm_error *err);

/* The only size a map may print for a group of n members: "under 5",
 * "5–9" or "10+" (static strings); NULL when n < 1. */
const char *csm_analyse_size_band(long n);

/* A size as a table writes it (a count, or a band: "under 5", "<5",
 * "1-4", "5-9", "5–9", "10+", "10 or more") as csm_analyse_size_band
 * names it; NULL when the value is neither. */
const char *csm_analyse_parse_band(const char *value);

/* 1 when a place's category (its type) or name marks it as somewhere
 * people live: a home, children's or care home, foster placement, refuge,
 * supported accommodation, hostel...  Such places are never linked to a
 * group or pinned with a callout (PRIVACY.md section 7). */
int csm_analyse_residential(const char *category, const char *name);

/* The label of the k-th group drawn (0-based), assigned per output and
 * never derived from an input id: "Group A" .. "Group Z", "Group AA"... */
void csm_analyse_group_label(size_t k, char *buf, size_t n);

/* Build the drawable peer groups of spec layer 'li' (kind peer-group).
 * 'groups' is its table, read with fields ls->id, then ls->size,
 * ls->category and ls->subject when named (NULL when not); per-person
 * rows (ls->subject) are counted as distinct members.  'assoc' is the
 * associations table with fields "group", "layer" and "place": each row
 * links a group to the feature of spec layer 'layer' whose id field (else
 * label field) equals 'place'.  layers[] are the spec's layers, read and
 * projected (layers[li] is ignored).
 *
 * Groups link only to public, non-residential places: a place in a
 * concern, route, annotation, peer-group or safety-map layer, in a layer
 * marked pseudonymised or personal, or whose category or name marks it
 * residential (home, foster, refuge, supported accommodation, hostel...)
 * is refused (CSM_EPRIVACY) with a message naming the group's label and
 * the association row, never an input id or value.
 *
 * Groups are labelled in table order among those with places.  On
 * success *out is a new layer (named after the spec layer, in spec->crs)
 * with fields "group" ("Group A"), "band" (or NULL), "codes" (harm codes,
 * e.g. "CCE, CL", or NULL), "part" ("hull" or "links") and "legend"
 * ("Group A: 5–9 young people; CCE, CL"): per group its buffered hull
 * (a polygon), then, when it has two or more places, the links between
 * them (a minimum spanning tree, one line part per link). */
int csm_analyse_peer_groups(const csm_spec *spec, size_t li,
                            csm_layer *const *layers, const csm_layer *groups,
                            const csm_layer *assoc, csm_layer **out,
                            csm_error *err);

/* ===================================================================== */
/* analyse: harm categories, time filters, safety maps (pure C)           */
/* ===================================================================== */

/* --- categories (analyse/categories.c) --------------------------------- */

typedef struct csm_category_count {
    char *value; /* a category value as the data spell it */
    size_t rows;
} csm_category_count;

/* Category values that matched no class: for a note, never an error. */
typedef struct csm_category_report {
    size_t rows;    /* rows with a category value */
    size_t mapped;  /* of them, rewritten onto another class's value */
    size_t nothing; /* of them, matching no class (drawn "Not categorised") */
    size_t nvalue;  /* distinct values among 'nothing' */
    csm_category_count *value; /* nvalue entries, in order of first row */
    int free_text;  /* 1: the values look like free text or personal data,
                       so 'value' is empty and must not be asked for */
} csm_category_report;

/* Map the values of field 'field' of 'layer' (a layer of spec 'ls') onto
 * classes, in place: a layer category VALUE: CODE rewrites VALUE to CODE;
 * a value that names a class of the layer or the style (or a harm code
 * for concern, annotation and peer-group layers), ignoring case, is
 * rewritten to that class's spelling.  Other values stay and are counted
 * in *rep (zeroed first; release it).  A mapping onto nothing, or onto
 * another mapping, is CSM_EDATA naming the layer, the value and the code
 * (category values and codes are labels, not data about a child).  No
 * field (field < 0): nothing to do. */
int csm_analyse_categories(csm_layer *layer, int field,
                           const csm_layer_spec *ls, const csm_style *style,
                           csm_category_report *rep, csm_error *err);
void csm_analyse_report_release(csm_category_report *rep);

/* --- time filters (analyse/when.c) ------------------------------------- */

/* "school day", "after school", "evening", "night", "morning", "weekend";
 * "?" out of range. */
const char *csm_analyse_band_name(csm_band b);
/* A band name (ignoring case, spaces, dashes and underscores), or -1. */
int csm_analyse_band_parse(const char *s);
/* The band of a clock time, minutes after midnight (0..1439). */
csm_band csm_analyse_band_of(int minutes);
/* A day name ("mon", "Monday", ISO number "1".."7") as 0 (Monday) .. 6,
 * or -1. */
int csm_analyse_day_parse(const char *s);

typedef struct csm_when_fields {
    int date; /* field indexes, -1 when the layer has none */
    int time;
    int day;
} csm_when_fields;

typedef struct csm_when_stats {
    size_t rows;    /* rows before */
    size_t kept;    /* rows that matched */
    size_t unknown; /* removed because a value the filter needs is empty */
} csm_when_stats;

/* Keep the rows of 'layer' that 'w' matches: month within from..to (from
 * the date field: YYYY-MM, YYYY-MM-DD with an optional time, YYYY/MM/DD
 * or DD/MM/YYYY); time band in w->bands (the time field's band name, or
 * its HH:MM banded; else a time in the date; "weekend" also matches a row
 * whose day is Saturday or Sunday); day in w->days (the day field, else
 * the date's weekday; a row recorded as "weekend" matches when w->days
 * holds both Saturday and Sunday).  A row lacking a value the filter
 * needs is removed and counted.  A value that cannot be read is CSM_EDATA
 * naming the layer, field and row, never the value; the layer is then
 * unchanged. */
int csm_analyse_when(csm_layer *layer, const csm_when *w,
                     const csm_when_fields *f, csm_when_stats *stats,
                     csm_error *err);

/* "Jun 2026 to Nov 2026; after school, evening; Sat, Sun" (parts that
 * are open are left out; "" when w keeps everything).  Returns the length
 * it needed, as snprintf. */
int csm_analyse_when_text(const csm_when *w, char *buf, size_t n);

/* --- safety maps (analyse/safety.c) ------------------------------------ */

enum csm_rating { CSM_RED = 0, CSM_AMBER, CSM_GREEN, CSM_RATINGS };

/* "red", "amber", "green" (also "r", "a", "g"; any case) as enum
 * csm_rating, or -1. */
int csm_analyse_rating(const char *s);

/* What one area may show (PRIVACY.md section 8 row 20): with fewer than
 * pol->safety_min_respondents distinct respondents, nothing (*few = 1,
 * every shown[] -1, *majority -1).  Otherwise each option's count, except
 * counts 1 .. pol->safety_min_option - 1 (-1, hidden); when exactly one
 * option is hidden so, the smallest other option (zeros included, ties to
 * the later option) is hidden too, so no hidden count follows from the
 * others.  *majority is the option with over half of all ratings, or -1.
 * count[] are distinct respondents per option. */
void csm_analyse_safety_area(const long count[CSM_RATINGS], long respondents,
                             const csm_policy *pol, long shown[CSM_RATINGS],
                             int *majority, int *few);

typedef struct csm_safety_opts {
    int respondent_field; /* rows: pseudonymous respondent id (required) */
    int rating_field;     /* rows: red, amber or green (required) */
    int area_field;       /* rows: id of the rated area; -1: the area that
                             holds the row's point */
    int area_id_field;    /* areas: the id area_field names (-1 with
                             area_field -1) */
} csm_safety_opts;

typedef struct csm_safety_stats {
    size_t rows;        /* ratings read */
    size_t respondents; /* distinct respondents */
    size_t areas;       /* areas */
    size_t shown;       /* areas with enough respondents */
    size_t few;         /* areas with too few (0 included) */
    size_t hidden;      /* option counts hidden, primary and secondary */
    size_t unmatched;   /* rows in no area, or naming an id no area has */
} csm_safety_stats;

/* Aggregate the ratings of 'rows' per polygon of 'areas' (distinct
 * respondents per area and per option; csm_analyse_safety_area decides
 * what shows).  On success *out is a new polygon layer for the caller to
 * free: every area in order, fields "result" ("red", "amber", "green":
 * the majority; "mixed": none; "few": too few respondents), "red",
 * "amber", "green" (shown counts, NULL when hidden or few) and "hidden"
 * (the hidden options' sum, always over two or more; NULL: none).  No
 * respondent id reaches it.  Errors name the layer, field and row: an
 * empty respondent id, a rating that is not red, amber or green, an area
 * id repeated in 'areas'. */
int csm_analyse_safety(const csm_layer *rows, const csm_layer *areas,
                       const csm_safety_opts *opts, const csm_policy *pol,
                       csm_layer **out, csm_safety_stats *stats,
                       csm_error *err);

/* ===================================================================== */
/* analyse: county-lines routes (pure C; analyse/routes.c, network.c)     */
/* ===================================================================== */

/* Fields csm_analyse_routes adds to a route layer built from stops: the
 * names of its first and last stops, which compose prints where a route
 * leaves the map ("to Metropolis") unless the spec names from:/to:. */
#define CSM_ROUTE_FROM ":from"
#define CSM_ROUTE_TO ":to"

/* A road or rail network as a graph, for shortest paths. */
typedef struct csm_network csm_network;

/* Build a graph from the line vertices of lines[0..n-1]: one node per
 * distinct vertex (equal to the centimetre), an edge between consecutive
 * vertices of a line, weighted by its length.  Lines meet only where they
 * share a vertex, so a bridge is no junction.  Points and polygons are
 * ignored; no line at all is CSM_EDATA.  *out is for the caller to
 * csm_analyse_network_free(). */
int csm_analyse_network(const csm_layer *const *lines, size_t n,
                        csm_network **out, csm_error *err);
void csm_analyse_network_free(csm_network *net);
size_t csm_analyse_network_nodes(const csm_network *net);

/* The shortest path (Dijkstra) from a to b, each snapped to its nearest
 * node: a one-part line in 'out' (fresh) from a, along the network, to b.
 * CSM_EDATA "no path along the network" when the two nodes are not
 * connected; the caller says which route and stops. */
int csm_analyse_path(const csm_network *net, csm_xy a, csm_xy b,
                     csm_geom *out, csm_error *err);

/* Prepare every route layer of 'spec' (layers[] read and projected into
 * spec->crs).  A layer with 'stops' becomes a new line layer: each row's
 * stops ("origin; via...; destination", separated by ';') name features
 * of the 'hubs' layers by id or label (ignoring case); a point stands
 * for itself, an area for its centroid (csm_geom_anchor).  Legs are
 * straight, or with 'follow' the shortest path along those layers'
 * lines.  The new layer keeps the old fields and adds CSM_ROUTE_FROM and
 * CSM_ROUTE_TO.  A 'weight' must be a number >= 0 in every row.  Errors
 * (CSM_EDATA) give the spec line, layer, row and route name, and the
 * stop that matches no feature or several: "examples/x.yaml:40: layer
 * 'lines', row 2 ('Line D'): stop 3 'H9' matches no feature of 'hubs'
 * by id or name".  On failure layers[] are unchanged. */
int csm_analyse_routes(const csm_spec *spec, csm_layer **layers,
                       csm_error *err);

/* ===================================================================== */
/* compose: spec + style + layers -> page (pure C)                        */
/* ===================================================================== */

/* Measure 'text' at size_pt in the style's font; width_mm > 0 wraps.
 * Returns the laid-out box size in mm. */
typedef void (*csm_measure_fn)(const char *text, double size_pt, int bold,
                               double width_mm, double *w_mm, double *h_mm);

typedef enum csm_item_type {
    CSM_ITEM_PATH = 0, /* geom in page mm, drawn with sym */
    CSM_ITEM_SYMBOL,   /* sym.shape at 'at', sym.size_mm */
    CSM_ITEM_TEXT,     /* text with its box's top-left at 'at' */
    CSM_ITEM_CLIP,     /* clip to 'box' until the matching UNCLIP */
    CSM_ITEM_UNCLIP,
    CSM_ITEM_RASTER    /* image img_w x img_h stretched over 'box' */
} csm_item_type;

typedef enum csm_align {
    CSM_ALIGN_LEFT = 0,
    CSM_ALIGN_CENTRE,
    CSM_ALIGN_RIGHT
} csm_align;

/* One thing to draw.  Page coordinates in mm, origin top-left, y down. */
typedef struct csm_item {
    csm_item_type type;
    csm_geom geom; /* PATH */
    csm_symbol sym;
    csm_xy at;
    char *text;
    double size_pt;
    int bold, italic;
    csm_rgba colour;
    int halo; /* white halo behind the text */
    csm_rgba halo_colour;
    double halo_mm;
    csm_align align;
    double width_mm; /* TEXT: wrap width, 0 = no wrapping */
    double angle_deg; /* TEXT: turned clockwise about 'at' (line labels) */
    csm_box box;     /* CLIP; RASTER: where the image lies on the page */
    unsigned char *rgba;  /* RASTER: img_w x img_h pixels, 4 bytes each
                             (R, G, B, alpha; not premultiplied), row 0 at
                             the top; drawn without smoothing */
    size_t img_w, img_h;
} csm_item;

typedef struct csm_page {
    double width_mm, height_mm;
    char *font;     /* font family for all text */
    char *title;    /* for file metadata */
    char *date;     /* YYYY-MM-DD (or YYYY-MM) for file metadata */
    size_t n, cap;
    csm_item *item; /* drawn in order */
    csm_box frame;  /* the map frame on the page (mm) */
    csm_box extent; /* what the frame shows, in the map CRS (metres) */
    double scale;   /* 1 : scale at the printed size */
    size_t labels_placed, labels_dropped;
    size_t nlegend; /* legend entries drawn */
} csm_page;

csm_page *csm_page_new(double width_mm, double height_mm);
void csm_page_free(csm_page *page);
/* Append a copy of 'item' (geometry and text are copied). */
int csm_page_add(csm_page *page, const csm_item *item, csm_error *err);
/* A page as bytes (appended to 'out') that csm_page_decode() turns back
 * into the same page, bit for bit, in another process of the same build
 * of csmap (an atlas worker or shard hands its pages to the process that
 * writes the PDF).  Not an exchange format: another build refuses it. */
int csm_page_encode(const csm_page *page, csm_buf *out, csm_error *err);
int csm_page_decode(const void *data, size_t n, csm_page **out,
                    csm_error *err);
/* Replace the text of every TEXT item that is exactly 'token' by 'text'
 * (a page number known only when the pages are put together). */
int csm_page_fill(csm_page *page, const char *token, const char *text,
                  csm_error *err);

/* Lay out a map page: frame, layers (layers[i] belongs to spec->layer[i],
 * already projected into spec->crs and protected), labels without
 * collisions, legend of what was drawn, scale bar, north arrow, marking
 * banners, title block and footer.  'date' overrides spec->date. */
int csm_compose_page(const csm_spec *spec, const csm_style *style,
                     csm_layer *const *layers, const char *date,
                     csm_measure_fn measure, csm_page **out, csm_error *err);

/* Paper size in mm for a page size and orientation. */
void csm_compose_paper(csm_page_size size, int landscape, double *w_mm,
                       double *h_mm);

/* A round scale-bar length in metres (1, 2 or 5 x 10^n) no longer than
 * max_m. */
double csm_compose_nice_length(double max_m);

/* --- atlas pages (compose/profile.c, panel.c, chart.c, front.c) -------- */

/* Where a page of an atlas carries its number: compose writes this text
 * and whoever puts the pages together replaces it (csm_page_fill). */
#define CSM_PAGE_TOKEN "{page}"

/* One area profile: what csm_compose_profile draws beside the map.  All
 * strings and arrays are borrowed; figures come from csm_anonymise_profiles
 * and are printed as they are (shown values), never recomputed. */
typedef struct csm_profile_page {
    const char *name;       /* the area's name: the page's title */
    const char *subtitle;   /* e.g. the atlas's title; NULL: none */
    const csm_geom *area;   /* its polygon, in spec->crs */
    double margin_m;        /* around the area; 0: 12% of its size */
    const csm_profiles *prof;
    size_t index;           /* the area's entry in prof->area */
    const char *whole_name; /* the comparator's heading, "All wards" */
    const char *const *cat_label;  /* prof->ncat names of the codes */
    const char *const *band_label; /* prof->nband names of the bands */
    double population, whole_population; /* <= 0: no rate */
    const char *population_label; /* "children aged 0-17" */
    long schools, hubs;             /* public counts; -1: no such layer */
    long whole_schools, whole_hubs;
    const char *period; /* "January 2026 to October 2026", or NULL */
    int min_count;      /* the policy's minimum, for "fewer than 8" */
    int round_base;     /* and its rounding, for the notes */
    const char *unit;   /* rows counted by record ("crimes"), or NULL:
                           distinct children and their incidents */
} csm_profile_page;

/* Lay out an area's profile page: marking banners, the area's name as the
 * title, a map of the area with a margin (layers as csm_compose_page
 * draws them, clipped to the frame; everything outside the area muted,
 * its neighbours still labelled; the area outlined), the legend, the
 * statistics panel and the charts, the footer, and CSM_PAGE_TOKEN in the
 * bottom banner.  spec->page decides the paper; portrait puts the figures
 * under the map, landscape beside it.  'date' overrides spec->date. */
int csm_compose_profile(const csm_spec *spec, const csm_style *style,
                        csm_layer *const *layers, const csm_profile_page *pp,
                        const char *date, csm_measure_fn measure,
                        csm_page **out, csm_error *err);

/* The front matter of an atlas.  Strings are borrowed; NULL or empty
 * ones are left out (marking: OFFICIAL-SENSITIVE). */
typedef struct csm_front {
    const char *title, *subtitle;
    const char *marking, *date, *owner, *review, *period;
    const char *contents;         /* "25 wards, one page each" */
    const char *statement;        /* the anonymisation statement */
    const char *const *sources;
    size_t nsources;
    const char *const *caveats;   /* numbered in order */
    size_t ncaveats;
    const char *area_heading;     /* the index's first column, "Ward" */
    const char *rate_heading;     /* "Rate per 1,000 children"; NULL: no
                                     rate column */
    const char *unit;             /* the figures count rows ("crimes"),
                                     not children; NULL: children */
    csm_page_size page_size;
    int landscape;
    double margin_mm;
    const char *font;             /* NULL: DejaVu Sans */
    const char *contents_label;   /* the cover's label of 'contents';
                                     NULL: "Areas" */
} csm_front;

/* One line of the index: an area, its page (0: not produced) and its
 * headline figures as shown values; rate as printed, or NULL. */
typedef struct csm_index_row {
    const char *name;
    long page;
    long children, incidents;
    const char *rate;
} csm_index_row;

/* The cover: marking, title, date, period, owner, review date, sources,
 * how the figures were protected, and the numbered caveats. */
int csm_compose_cover(const csm_front *f, csm_measure_fn measure,
                      csm_page **out, csm_error *err);
/* How many rows one index page holds. */
size_t csm_compose_index_rows(const csm_front *f, csm_measure_fn measure);
/* One index page holding rows[0..n-1] (n at most the above). */
int csm_compose_index(const csm_front *f, const csm_index_row *rows,
                      size_t n, csm_measure_fn measure, csm_page **out,
                      csm_error *err);

/* --- location packs (compose/pack.c, notesblock.c; csmap pack) ---------- */

/* The site page: a map of one public place (a station, a park) and its
 * surroundings.  Strings and geometry are borrowed. */
typedef struct csm_site_page {
    const char *name;     /* the site's public name: its label */
    const char *title;    /* the page's title; NULL: name */
    const char *subtitle; /* NULL: none */
    const csm_geom *site; /* a point or a polygon, in spec->crs */
    size_t layer, feat;   /* where it is in the layers (its label) */
    double radius_m;      /* the surroundings: the site's box + radius */
} csm_site_page;

/* Lay out the site page: a map page (csm_compose_page's steps) whose
 * extent is the site's box grown by radius_m, with the site outlined or
 * ringed, a dashed circle at radius_m round a point site, the site's name
 * placed first in bold, and CSM_PAGE_TOKEN in the bottom banner.  A site
 * that is neither a point nor a polygon is CSM_EDATA. */
int csm_compose_site(const csm_spec *spec, const csm_style *style,
                     csm_layer *const *layers, const csm_site_page *sp,
                     const char *date, csm_measure_fn measure, csm_page **out,
                     csm_error *err);

/* One ruled block of the notes page: a printed heading, optional column
 * captions ("Action|Who|By when"; the first column twice as wide), and
 * lines to write on, its height a share ('weight', 0: 1) of the page. */
typedef struct csm_notes_block {
    const char *heading;
    const char *columns; /* NULL: plain lines */
    double weight;
} csm_notes_block;

typedef struct csm_notes_page {
    const char *title, *subtitle;
    const char *const *field; /* blanks across the top ("Chair"), or NULL */
    size_t nfield;
    const csm_notes_block *block;
    size_t nblock;
    const char *font; /* NULL: DejaVu Sans */
} csm_notes_page;

/* A page to write on: marking banners, title, the blanks, the ruled
 * blocks, footer (spec's date, sources, statement) and CSM_PAGE_TOKEN. */
int csm_compose_notes_page(const csm_spec *spec, const csm_notes_page *np,
                           const char *date, csm_measure_fn measure,
                           csm_page **out, csm_error *err);

/* --- small multiples (compose/multiples.c, change.c) ------------------ */

/* One small map: its heading and the layers it draws (layers[i] belongs
 * to spec->layer[i], projected and protected).  Borrowed. */
typedef struct csm_multiple {
    const char *heading; /* "Jan 2026 to Mar 2026", "after school" */
    const csm_spec *spec;
    csm_layer *const *layers;
} csm_multiple;

/* A table under the maps (the change table): a header row and rows of
 * ncol cells, all text; cells that are exactly "—" are drawn hatched
 * grey ("not shown").  Borrowed. */
typedef struct csm_table {
    const char *title;       /* "Change by neighbourhood", or NULL */
    size_t ncol, nrow;
    const char *const *head; /* ncol */
    const char *const *cell; /* nrow * ncol, row by row */
    const char *note;        /* a line under the table, or NULL */
} csm_table;

/* A page of small multiples: marking banners, title block (spec's title
 * unless 'title'), maps[0..nmap-1] in a grid, every one at the same
 * extent and scale, each with its heading; one legend of what any map
 * drew (layers matched by name, in the order first met: maps[0]'s, then
 * a layer only a later map has, such as the change map's); a table under
 * the maps; the footer (date, sources, 'statement' or spec->statement).
 * extent: a box in the map crs shown as it is (NULL: spec's extent, or
 * every map's layers together, with spec's margin).  The spec gives the
 * paper.  On success *out is a new page for the caller to free. */
typedef struct csm_multiples_page {
    const char *title, *subtitle; /* NULL: the spec's */
    const char *statement;        /* NULL: the spec's */
    const csm_multiple *map;
    size_t nmap;
    const csm_box *extent;
    const csm_table *table;           /* NULL: none */
    double scale; /* 0: the largest scale the page allows; else no larger
                     than 1:scale (another page's csm_page.scale), so
                     pages of one comparison share their scale */
    int numbered; /* 1: CSM_PAGE_TOKEN at the right of the bottom banner,
                     for the caller to csm_page_fill() */
} csm_multiples_page;

int csm_compose_multiples(const csm_spec *spec, const csm_style *style,
                          const csm_multiples_page *mp, const char *date,
                          csm_measure_fn measure, csm_page **out,
                          csm_error *err);

/* ===================================================================== */
/* render (cairo, pango)                                                 */
/* ===================================================================== */

typedef enum csm_format {
    CSM_FORMAT_PDF = 0,
    CSM_FORMAT_SVG,
    CSM_FORMAT_PNG
} csm_format;

/* Format from a file name's extension (.pdf, .svg, .png); -1 if none. */
int csm_format_from_path(const char *path);

/* Draw 'page' into memory as PDF (fonts embedded), SVG or PNG at 'dpi'.
 * Metadata carry only the page's title and date, never paths, users or
 * clock times. */
int csm_render_page(const csm_page *page, csm_format fmt, double dpi,
                    csm_buf *out, csm_error *err);

/* A csm_measure_fn that lays text out with pango in DejaVu Sans. */
void csm_render_measure(const char *text, double size_pt, int bold,
                        double width_mm, double *w_mm, double *h_mm);

/* Several pages as one PDF, written as they are drawn (memory holds one
 * page, not the document).  Bytes go to sink(ctx, data, n), which returns
 * 0, or non-zero to stop with CSM_EIO.  Each page may have its own size;
 * a non-empty bookmark adds an entry pointing at the page to the PDF's
 * outline.  The metadata carry 'title' and 'date' only.  doc_finish
 * writes the rest and frees the document, whatever happens; doc_free
 * abandons one (after a failure, or instead of finishing). */
typedef int (*csm_sink_fn)(void *ctx, const void *data, size_t n);
typedef struct csm_doc csm_doc;
int csm_render_doc_new(const char *title, const char *date, csm_sink_fn sink,
                       void *ctx, csm_doc **out, csm_error *err);
int csm_render_doc_add(csm_doc *doc, const csm_page *page,
                       const char *bookmark, csm_error *err);
int csm_render_doc_finish(csm_doc *doc, csm_error *err);
void csm_render_doc_free(csm_doc *doc);

/* pages[0..n-1] into memory: one page in any format (csm_render_page), or
 * several as one PDF (metadata from pages[0]). */
int csm_render_pages(const csm_page *const *pages, size_t n, csm_format fmt,
                     double dpi, csm_buf *out, csm_error *err);

/* ===================================================================== */
/* write                                                                 */
/* ===================================================================== */

/* Write 'bytes' to 'path' atomically: a temporary file in the same folder,
 * fsync, rename.  On failure no file at 'path' has changed and no
 * temporary file is left. */
int csm_write_file(const char *path, const csm_buf *bytes, csm_error *err);

/* The same for a file written piece by piece (a county atlas does not fit
 * in memory): csm_write_open makes the temporary file, csm_write_put
 * appends (0, or -1 after a failed write; the error is reported by
 * commit), csm_write_commit syncs and renames it over 'path' (and frees
 * w, whatever happens), csm_write_abort removes it (and frees w). */
typedef struct csm_wstream csm_wstream;
int csm_write_open(const char *path, csm_wstream **out, csm_error *err);
int csm_write_put(csm_wstream *w, const void *data, size_t n);
int csm_write_commit(csm_wstream *w, csm_error *err);
void csm_write_abort(csm_wstream *w);
/* csm_write_file without the fsync, for files that can be made again (an
 * atlas's working parts and thumbnails): a killed process leaves the old
 * file or the new one, never half; a power cut may leave neither. */
int csm_write_cache(const char *path, const csm_buf *bytes, csm_error *err);

/* Write a hotspot surface as a GeoTIFF (write/gtiff.c, through GDAL):
 * one byte band of classes, 0 as nodata, the class colours
 * (csm_raster_colour) as its colour table, georeferenced in r->crs;
 * written atomically as csm_write_file does.  Classes only: no density
 * values, no metadata beyond georeferencing. */
int csm_write_gtiff(const char *path, const csm_raster *r, csm_error *err);

/* --- vector exports (write/layer.c, ogr.c, shp.c) ------------------------ */

typedef enum csm_vformat {
    CSM_VFORMAT_GPKG = 0, /* .gpkg (GDAL/OGR) */
    CSM_VFORMAT_GEOJSON,  /* .geojson (GDAL/OGR) */
    CSM_VFORMAT_CSV,      /* .csv: points as X, Y columns, others as WKT */
    CSM_VFORMAT_SHP       /* .shp with .shx .dbf .prj .cpg (shapelib) */
} csm_vformat;

/* The export format named by a file's extension, or -1.  (.json is not
 * one: it is the provenance sidecar's.) */
int csm_vformat_from_path(const char *path);

typedef struct csm_write_opts {
    const char *description; /* GeoPackage and GeoJSON: the layer's
                                description (marking and statement) */
    const char *prj_wkt;     /* Shapefile: the .prj (csm_project_wkt);
                                NULL: none */
} csm_write_opts;

/* Write 'layer' (points, lines or polygons; its fields as text, a field
 * whose values are all whole numbers as integers, empty values null) to
 * 'path' in the format its extension names.  The writer copies what it is
 * given: protect, quantise and scan the layer first.  Shapefiles are
 * UTF-8 (.cpg), field names cut to 10 bytes (kept unique), text to 254.
 * Atomic like csm_write_file: every part goes to a temporary beside
 * 'path' and is renamed into place (a Shapefile's .shp last); on failure
 * no temporary is left.  opt may be NULL. */
int csm_write_layer(const char *path, const csm_layer *layer,
                    const csm_write_opts *opt, csm_error *err);

/* Write 'layer' to the table 'table' (lower-case letters, digits, _) of
 * the PostGIS database 'conn' ("PG:service=x", "PG:dbname=x ...") through
 * GDAL's PostgreSQL driver: built as <table>_csmap_tmp in one
 * transaction, then the old table dropped and the new one renamed into
 * its place in a second, so readers see the old table or the whole new
 * one.  Messages never hold the connection string.  opt may be NULL. */
int csm_write_pg(const char *conn, const char *table, const csm_layer *layer,
                 const csm_write_opts *opt, csm_error *err);

/* --- provenance sidecar (write/provenance.c, digest.c) ------------------- */

#define CSM_SHA256_HEX 65 /* 64 lower-case hex digits and a NUL */

/* What one layer of a map or export was made from, and what protection
 * did to it.  Counts only, never a value; strings are borrowed. */
typedef struct csm_prov_layer {
    const char *name;        /* the layer's name in the spec */
    const char *kind;        /* csm_kind_name(), or NULL */
    const char *sensitivity; /* csm_sensitivity_name(), or NULL */
    const char *source;      /* the file as given, relative; for a
                                database source its table, never the
                                connection string */
    int pg;                  /* 1: a database table */
    char sha256[CSM_SHA256_HEX]; /* of the file's bytes; for a database
                                    table, of the query that read it */
    int method;              /* enum csm_protect_method; 0: as read */
    const char *areas;       /* area layer (area method, containment) */
    double cell_m;           /* grid, hex: the cell size used */
    double quantised_m;      /* exports: coordinates rounded to this */
    size_t rows_read;        /* features read (after where:) */
    size_t rows_dropped;     /* rows counted nowhere and not drawn: no
                                geometry, outside every area, aggregate-
                                only categories removed from points,
                                points no displacement could place; one
                                figure, so no category's count shows */
    size_t cells;            /* areas, or non-empty grid cells */
    size_t cells_shown;      /* of them, shown with a count */
    size_t cells_suppressed; /* small, dominated or hidden to protect
                                another */
    size_t no_coords;        /* read: rows skipped, no coordinates */
    size_t outside;          /* read: rows skipped, far outside the map
                                CRS's area of use */
    size_t repaired;         /* read: invalid polygons made valid */
    size_t recoded;          /* read: values read as Windows-1252 */
    const char *counted;     /* what a cell counts: "distinct subjects",
                                or the unit of rows ("crimes"); NULL:
                                nothing counted */
} csm_prov_layer;

/* Warn-level findings a person accepted (accept_warnings:, PRIVACY.md
 * row 29): a column of a layer, or a callout by number; which kinds were
 * accepted and how many of each were found.  Counts only. */
typedef struct csm_prov_accept {
    const char *layer, *field; /* a column; both NULL for a callout */
    size_t callout;            /* the callout's number, from 1; 0: a column */
    unsigned kinds;            /* CSM_WARN_* accepted */
    size_t names, vehicles;    /* found, of each kind accepted */
} csm_prov_accept;

/* The provenance record of one map or export (PRIVACY.md row 30). */
typedef struct csm_provenance {
    const char *command; /* "render", "anonymise" */
    const char *output;  /* the output's file name, without its folder */
    const char *spec;    /* the spec as given, or NULL */
    char spec_sha256[CSM_SHA256_HEX];
    const char *policy;  /* the policy file as given; NULL: the defaults */
    char policy_sha256[CSM_SHA256_HEX];
    const csm_policy *pol; /* the values applied; NULL: none protected */
    const char *marking, *date, *statement; /* as printed; may be NULL */
    const char *const *sources; /* the spec's sources: lines */
    size_t nsources;
    const csm_prov_layer *layer;
    size_t nlayer;
    /* csmap atlas: how many areas, and what its differencing audit hid
     * (counts of figures, never a figure); NULL: not an atlas */
    const csm_profile_audit *audit;
    size_t areas;
    /* csmap pack: the site, a public place, as --place named it (layer
     * and id or label), and the radius shown round it; NULL: not a pack */
    const char *place_layer, *place_id;
    double radius_m;
    /* a period comparison: the periods compared ("2026-01..2026-03"),
     * in order; 0: none */
    const char *const *periods;
    size_t nperiods;
    /* time-of-day panels: the bands ("after school"), in page order, how
     * they are counted ("each band on its own", or the figures' own) and
     * per band the areas or cells not shown (counts, never values; NULL:
     * not recorded); 0: none */
    const char *const *bands;
    size_t nbands;
    const char *bands_counted;
    const size_t *band_cells_suppressed;
    /* warnings accepted (accept_warnings:, --accept-warnings); 0: none */
    const csm_prov_accept *accepted;
    size_t naccepted;
} csm_provenance;

/* The sidecar JSON (appended to 'out'): csmap's version, the command,
 * output, spec and policy (names and SHA-256), the policy's values,
 * marking, date, statement, sources, an atlas's audit, a pack's site
 * and radius, the periods or time bands shown, the warnings accepted
 * (counts per column or callout), and per layer its source,
 * hash, method and counts.  Deterministic: no clock, fixed key order,
 * same struct -> same bytes.  It holds no data value, key, seed or
 * masking radius of a point, because the struct has none to give. */
int csm_provenance_json(const csm_provenance *p, csm_buf *out,
                        csm_error *err);

/* SHA-256 (libsodium) of the bytes of file 'path', as hex. */
int csm_digest_file(const char *path, char hex[CSM_SHA256_HEX],
                    csm_error *err);
/* SHA-256 of a string (a database query), as hex. */
int csm_digest_text(const char *text, char hex[CSM_SHA256_HEX],
                    csm_error *err);

#endif /* CSMAP_H */
