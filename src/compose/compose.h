/* compose.h - stage 7's private parts: the state csm_compose_page() passes
 * between its steps (layout, features, labels, legend, furniture,
 * marginalia).  Pure C: no cairo, pango or GDAL here; text is sized with
 * the caller's csm_measure_fn. */
#ifndef CSM_COMPOSE_H
#define CSM_COMPOSE_H

#include "csmap.h"

/* Space between the blocks of the page (banner, title, frame, footer). */
#define COMPOSE_GAP_MM 3.0

/* ---- collide.c: the collision index ------------------------------ */

/* A uniform grid over page millimetres; each cell lists the boxes that
 * touch it.  Boxes outside 'area' are clamped into its edge cells. */
typedef struct compose_cell {
    size_t *idx;
    size_t n, cap;
} compose_cell;

typedef struct compose_index {
    csm_box area;
    double cell_mm;
    int nx, ny;
    compose_cell *cell;
    csm_box *box;
    size_t nbox, capbox;
} compose_index;

int compose_index_init(compose_index *ix, const csm_box *area, double cell_mm,
                       csm_error *err);
void compose_index_release(compose_index *ix);
int compose_index_add(compose_index *ix, const csm_box *b, csm_error *err);
/* 1 when 'b' overlaps (touching counts) any box in the index. */
int compose_index_hits(const compose_index *ix, const csm_box *b);

/* ---- the state of one composition ---------------------------------- */

#define COMPOSE_MAX_ANCHOR 8

/* A label waiting to be placed: where it may go, and in what order. */
typedef struct compose_label {
    const char *text; /* borrowed from the layer */
    int priority;
    size_t layer, feat; /* for the deterministic order */
    csm_geom_type type;
    double radius_mm;                  /* points: half the symbol's size */
    csm_symbol sym;                    /* label_pt, label_colour, label_bold */
    csm_xy anchor[COMPOSE_MAX_ANCHOR]; /* page mm, best first */
    int nanchor;
} compose_label;

/* Per spec layer: its class values, their symbols, and what was drawn. */
typedef struct compose_lyr {
    const char **val; /* class values: the style's, then the layer's */
    size_t nval;
    csm_symbol *sym;      /* nval + 1: per class, then "no class" */
    unsigned char *drawn; /* nval + 1: csm_geom_type drawn, 0: none */
} compose_lyr;

typedef struct compose_ctx {
    const csm_spec *spec;
    const csm_style *style;
    csm_layer *const *layers;
    csm_measure_fn measure;
    csm_page *page;
    const char *date;     /* the date shown, or NULL */
    double text_scale;    /* furniture text: 1 on A4, 1.2 on A3/A2 */
    csm_box content;      /* the page inside its margins */
    double banner_mm;     /* height of each marking banner */
    double title_mm;      /* height of the title block */
    double footer_mm;     /* height of the footer */
    csm_box frame, panel; /* the map frame, the legend panel */
    csm_box ext;          /* world extent shown in the frame */
    double s;             /* page mm per world metre */
    compose_lyr *lyr;     /* spec->nlayer entries */
    compose_index ix;     /* boxes labels must avoid */
    compose_label *lab;
    size_t nlab, caplab;
} compose_ctx;

/* ---- layout.c ------------------------------------------------------ */

int compose_layout(compose_ctx *c, csm_error *err);
int compose_extent(compose_ctx *c, csm_error *err);
csm_xy compose_to_page(const compose_ctx *c, csm_xy world);

/* ---- items.c: display-list helpers --------------------------------- */

void compose_measure(const compose_ctx *c, const char *text, double size_pt,
                     int bold, double width_mm, double *w_mm, double *h_mm);
csm_rgba compose_grey(double level); /* 0 black .. 1 white, opaque */
int compose_text(compose_ctx *c, const char *text, csm_xy at, double size_pt,
                 int bold, double width_mm, csm_align align, csm_error *err);
/* A rectangle: fill and stroke (a == 0: none) at stroke_mm. */
int compose_rect(compose_ctx *c, const csm_box *b, csm_rgba fill,
                 csm_rgba stroke, double stroke_mm, csm_error *err);
/* A polygon (closed) or line through n page points, drawn with sym. */
int compose_path(compose_ctx *c, csm_geom_type type, const csm_xy *pt, size_t n,
                 const csm_symbol *sym, csm_error *err);
int compose_symbol(compose_ctx *c, csm_xy at, const csm_symbol *sym,
                   csm_error *err);
/* Grow 'b' by d on every side. */
csm_box compose_grow(csm_box b, double d);

/* ---- clip.c ------------------------------------------------------- */

/* Clip each ring of polygon g to box b (Sutherland-Hodgman; right for
 * even-odd fill since b is convex).  out must be fresh; rings that vanish
 * are left out. */
int compose_clip_polygon(const csm_geom *g, const csm_box *b, csm_geom *out,
                         csm_error *err);

/* ---- features.c ---------------------------------------------------- */

int compose_features(compose_ctx *c, csm_error *err);
void compose_lyr_release(compose_lyr *l);

/* ---- labels.c ------------------------------------------------------ */

int compose_labels(compose_ctx *c, csm_error *err);

/* ---- legend.c ------------------------------------------------------ */

int compose_legend(compose_ctx *c, csm_error *err);
/* "25,000": n rounded to 3 significant figures, with thousands commas. */
void compose_scale_text(double n, char *buf, size_t size);

/* ---- furniture.c: inside the frame --------------------------------- */

int compose_scalebar(compose_ctx *c, csm_error *err);
int compose_north(compose_ctx *c, csm_error *err);
int compose_border(compose_ctx *c, const csm_box *b, double stroke_mm,
                   csm_error *err);
/* "500 m", "1 km", "2.5 km". */
void compose_length_text(double m, char *buf, size_t size);

/* ---- marginalia.c: outside the frame ------------------------------- */

/* Heights of the banner, title block and footer for the layout. */
int compose_margin_sizes(compose_ctx *c, csm_error *err);
int compose_marginalia(compose_ctx *c, csm_error *err);
const char *compose_marking(const csm_spec *spec);

#endif /* CSM_COMPOSE_H */
