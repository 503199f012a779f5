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

/* A layer: only the fields a spec names are carried (data minimisation). */
typedef struct csm_layer {
    char *name;   /* the spec's layer name, for messages */
    char *source; /* where it was read from, for messages */
    char *crs;    /* as found ("EPSG:27700", WKT, PROJ string) or NULL */
    size_t nfield;
    char **field;
    size_t n, cap;
    csm_feature *feat;
} csm_layer;

/* New empty layer with copies of the given field names; NULL on ENOMEM. */
csm_layer *csm_layer_new(const char *name, const char *const *fields,
                         size_t nfield);
void csm_layer_free(csm_layer *layer);
/* Append a feature.  Takes ownership of feat->geom and feat->val (which
 * must hold layer->nfield entries) even on failure; *feat is cleared. */
int csm_layer_add(csm_layer *layer, csm_feature *feat, csm_error *err);
/* Index of field 'name' or -1.  NULL name gives -1. */
int csm_layer_field(const csm_layer *layer, const char *name);
/* Value of field f in feature i, or NULL (empty or f < 0).  Borrowed. */
const char *csm_layer_value(const csm_layer *layer, size_t i, int f);
int csm_layer_set_crs(csm_layer *layer, const char *crs, csm_error *err);
void csm_layer_bounds(const csm_layer *layer, csm_box *out);
/* Remove feature i (order of the others kept). */
void csm_layer_remove(csm_layer *layer, size_t i);

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

/* One entry of a spec's layers: list. */
typedef struct csm_layer_spec {
    char *name;   /* required, unique */
    char *source; /* path (resolved against the spec's folder) or PG:... */
    char *layer;  /* layer inside the source; NULL: the first */
    char *x, *y;  /* CSV coordinate columns (lon/lat are stored here too) */
    int lonlat;   /* 1 when given as lon:/lat: (crs defaults to EPSG:4326) */
    char *crs;    /* assigned CRS when the source has none */
    char *where;  /* OGR SQL attribute filter */
    csm_kind kind;
    csm_sensitivity sensitivity;
    char *label;    /* field holding the label text */
    char *category; /* field holding the category */
    char *date;     /* field holding the date or month */
    char *subject;  /* field holding the pseudonymous subject id */
    char *id;       /* field holding a feature id */
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
} csm_layer_spec;

/* Protection methods for sensitive layers (see the anonymise section). */
enum csm_protect_method {
    CSM_PROTECT_NONE = 0,
    CSM_PROTECT_AREA, /* counts per polygon of an area layer */
    CSM_PROTECT_GRID, /* counts per square cell aligned to the CRS origin */
    CSM_PROTECT_HEX,  /* counts per hexagon */
    CSM_PROTECT_SNAP, /* snap to public anonymous points */
    CSM_PROTECT_DONUT /* keyed donut displacement */
};

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

/* Folder holding styles/ and layers/: $CSMAP_DATADIR, else the install
 * prefix's share/csmap, else "." when ./styles exists. */
const char *csm_data_dir(void);

/* ===================================================================== */
/* read (GDAL/OGR)                                                       */
/* ===================================================================== */

typedef struct csm_read_opts {
    const char *layer; /* layer inside the source; NULL: the first */
    const char *x, *y; /* CSV coordinate columns, or NULL */
    const char *crs;   /* CRS to assign when the source has none */
    const char *where; /* OGR SQL attribute filter, or NULL */
    const char *const *fields; /* fields to carry; others are dropped */
    size_t nfield;
    const char *name; /* the spec's layer name, for messages */
} csm_read_opts;

/* Read a vector source GDAL opens (GeoJSON, GeoPackage, Shapefile,
 * FlatGeobuf, KML, CSV with named columns, PG:...).  Only opt->fields are
 * kept; a named field the source lacks is an error.  Rows without
 * geometry are an error naming the row.  On success *out is a new layer
 * whose crs is the source's (or opt->crs). */
int csm_read_layer(const char *path, const csm_read_opts *opt,
                   csm_layer **out, csm_error *err);

/* A text report for `csmap info`: each layer's name, feature count,
 * geometry type, CRS, extent and fields.  Appended to 'report'. */
int csm_read_info(const char *path, csm_buf *report, csm_error *err);

/* ===================================================================== */
/* project (PROJ)                                                        */
/* ===================================================================== */

/* Transform every vertex of 'layer' from layer->crs into 'dst_crs' (any
 * "EPSG:n", WKT or PROJ string), x always east.  A layer without a CRS, an
 * unknown CRS, or a coordinate outside the target CRS's area of use is an
 * error naming the layer and row.  On success layer->crs is dst_crs. */
int csm_project_layer(csm_layer *layer, const char *dst_crs, csm_error *err);

/* Check that 'crs' is a CRS PROJ knows; fills *is_geographic. */
int csm_project_check(const char *crs, int *is_geographic, csm_error *err);

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
 * ls->protect_areas. */
int csm_anonymise_gate(const csm_layer_spec *ls, csm_error *err);

/* Remove from a point layer every feature whose category (field
 * 'category_field') is aggregate-only under 'pol' (CSE, HSB, TRAF, CUCK
 * and any the policy adds; the codes' long names such as "cuckooing" too).
 * *removed gets the number removed.  category_field < 0 removes nothing:
 * the caller must name the category when a layer may mix categories. */
void csm_anonymise_drop_aggregate_only(csm_layer *points, int category_field,
                                       const csm_policy *pol,
                                       size_t *removed);

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

/* --- donut displacement -------------------------------------------------- */

#define CSM_KEY_BYTES 32

typedef struct csm_donut_opts {
    int subject_field; /* pseudonymous subject id (required unless
                          record_field is given) */
    int record_field;  /* a unique record id, or -1: the record pseudonym
                          is the subject id + the row's ordinal within it */
    double r_min_m;    /* 0: pol->donut_r_min_m; never below it */
    double r_max_m;    /* 0: r_min x pol->donut_r_max_factor; at most
                          3 x r_min and pol->max_displacement_m */
    const csm_layer *areas; /* containment polygons; NULL only when
                               pol->containment is off */
    int tries;         /* containment attempts per point; 0: 32 */
} csm_donut_opts;

typedef struct csm_donut_stats {
    size_t rows;        /* features in */
    size_t displaced;   /* features kept, displaced */
    size_t dropped;     /* no attempt stayed in its area: removed, for the
                           area aggregate only */
    size_t uncontained; /* true point in no area: displaced freely */
} csm_donut_stats;

/* Displace every point of 'points' in place, deterministically:
 * HMAC-SHA-256(key, "donut" | record pseudonym | pol->version | attempt)
 * gives an angle uniform in [0, 2 pi) and a radius uniform by area in
 * [r_min, r_max]; coordinates are then rounded to 1 m and an attempt whose
 * rounded distance leaves [r_min, r_max] or whose point leaves the true
 * point's area is retried with the next attempt number.  Same inputs and
 * key, same output; nothing random per run.  Points that never fit are
 * removed (aggregate from the layer BEFORE masking).  Single points only.
 * On failure the layer is unchanged. */
int csm_anonymise_donut(csm_layer *points, const csm_donut_opts *opts,
                        const unsigned char key[CSM_KEY_BYTES],
                        const csm_policy *pol, csm_donut_stats *stats,
                        csm_error *err);

/* Fill key with 32 bytes from the system CSPRNG (libsodium).  The CLI
 * writes it to a file of mode 0600, outside the data. */
int csm_keygen(unsigned char key[CSM_KEY_BYTES], csm_error *err);

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
    CSM_ITEM_UNCLIP
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
    csm_box box;     /* CLIP */
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

/* ===================================================================== */
/* write                                                                 */
/* ===================================================================== */

/* Write 'bytes' to 'path' atomically: a temporary file in the same folder,
 * fsync, rename.  On failure no file at 'path' has changed and no
 * temporary file is left. */
int csm_write_file(const char *path, const csm_buf *bytes, csm_error *err);

#endif /* CSMAP_H */
