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
    CSM_KIND_BASE, /* roads, rail, water, parks */
    CSM_KIND_COUNT
} csm_kind;

typedef enum csm_sensitivity {
    CSM_SENS_PUBLIC = 0,
    CSM_SENS_AGGREGATE,
    CSM_SENS_PSEUDONYMISED,
    CSM_SENS_PERSONAL
} csm_sensitivity;

const char *csm_kind_name(csm_kind k); /* "area", "school", ... */
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

/* Gate for layers before they reach compose: a layer marked
 * pseudonymised or personal is refused (CSM_EPRIVACY) unless protected.
 * (Protection methods arrive with the protection stage.) */
int csm_anonymise_gate(const csm_layer_spec *ls, csm_error *err);

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
