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

/* The smallest label a scaled-down map (map_scale) prints, in points. */
#define COMPOSE_LABEL_PT_MIN 5.5
/* ... and its smallest point symbol, in mm (a shape still told apart in
 * greyscale); symbols styled smaller stay as they are. */
#define COMPOSE_SYMBOL_MM_MIN 2.0

#define COMPOSE_MAX_ANCHOR 8
#define COMPOSE_MAX_CODES 16

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
    /* routes.c: text turned along a line (or level at a frame edge):
     * anchor[i] is then the text's centre, angle_deg[i] its turn */
    int along;
    double angle_deg[COMPOSE_MAX_ANCHOR];
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
    const char *date;  /* the date shown, or NULL */
    double text_scale; /* furniture text: 1 on A4, 1.2 on A3/A2 */
    /* multiples.c: label text and point symbols on a small map, scaled
     * with the frame (labels not under COMPOSE_LABEL_PT_MIN); 0: as styled */
    double map_scale;
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
    struct compose_routes *routes; /* routelines.c; NULL: no routes yet */
    csm_box inset;                 /* inset.c: the overview map, or empty */
    /* harm codes drawn on callouts or named by peer groups, for the
     * legend's key (callouts.c); static strings or the style's */
    const char *code[COMPOSE_MAX_CODES];
    size_t ncode;
    /* what callouts had rather not cover: peer-group hulls (groups.c) */
    csm_box avoid[COMPOSE_MAX_CODES];
    size_t navoid;
    /* profile.c (atlas pages) changes the steps: its own layout, and
     * drawing after the features (NULL: the map page's); the footer's top
     * (0: under the frame) */
    int (*layout)(struct compose_ctx *c, csm_error *err);
    int (*decorate)(struct compose_ctx *c, csm_error *err);
    void *user;
    double footer_y;
} compose_ctx;

/* ---- compose.c: the steps, for csm_compose_page and profile.c ------ */

/* Set up c for one page (c->page new); compose_release frees what c
 * holds, c->page too unless the caller took it (set it to NULL). */
int compose_init(compose_ctx *c, const csm_spec *spec, const csm_style *style,
                 csm_layer *const *layers, const char *date,
                 csm_measure_fn measure, csm_error *err);
void compose_release(compose_ctx *c);
/* Every step of a map page, in order (see compose.c). */
int compose_run(compose_ctx *c, csm_error *err);
/* A CLIP (or UNCLIP) item over c->frame. */
int compose_frame_clip(compose_ctx *c, csm_item_type type, csm_error *err);
/* The page's font, title and date for file metadata. */
int compose_page_strings(compose_ctx *c, csm_error *err);

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

/* ---- frameclip.c: map geometry cut to its frame -------------------- */

/* Liang-Barsky (legs.c): the part of segment a-b inside box, as t0 <= t1;
 * 0 when none is. */
int compose_clip_seg(csm_xy a, csm_xy b, const csm_box *box, double *t0,
                     double *t1);

/* How far outside the frame a path drawn with 's' may be cut without the
 * cut showing: its widest stroke or casing, its arrowheads, and a pad. */
double compose_frame_margin(const csm_symbol *s);
/* Line or polygon g (page mm) cut to 'frame' grown by the margin of
 * 'sym'.  *whole 1: g lies within it (out is left empty, draw g as it
 * is); else out (fresh) holds what is inside: no parts when nothing.
 * Polygons are cut as polygons (holes kept, fill unchanged inside);
 * new points lie only on the grown box's edge. */
int compose_clip_to_frame(const csm_geom *g, const csm_symbol *sym,
                          const csm_box *frame, csm_geom *out, int *whole,
                          csm_error *err);
/* Add PATH item 'it' (borrowed) to the page cut to 'frame' that way;
 * nothing when none of it is near the frame. */
int compose_add_framed(compose_ctx *c, const csm_item *it, const csm_box *frame,
                       csm_error *err);

/* ---- features.c ---------------------------------------------------- */

int compose_features(compose_ctx *c, csm_error *err);
void compose_lyr_release(compose_lyr *l);
/* g (world) in page mm, dropping vertices closer than paper can show;
 * out must be fresh. */
int compose_geom_to_page(const compose_ctx *c, const csm_geom *g, csm_geom *out,
                         csm_error *err);
/* Queue a label for labels.c (a copy of *lb; its text stays borrowed). */
int compose_push_label(compose_ctx *c, const compose_label *lb, csm_error *err);

/* ---- raster.c: hotspot surfaces ----------------------------------- */

/* Draw layer li's raster (layers[li]->raster) as one image item cropped
 * to the frame's extent, in its class symbols (the layer's classes
 * "1".."n"; the shared ramp for any missing); marks them drawn. */
int compose_raster(compose_ctx *c, size_t li, csm_error *err);

/* ---- groups.c: peer groups ------------------------------------------ */

/* Draw spec layer li (kind peer-group, as csm_analyse_peer_groups made
 * it): every hull's fill, then outlines and links, each group with its
 * own outline pattern; queue each group's label outside its hull; fill
 * c->lyr[li] with one legend row per group drawn. */
int compose_groups(compose_ctx *c, size_t li, csm_error *err);

/* ---- callouts.c: annotations ---------------------------------------- */

/* One callout: its text and badge, the feature it points at, and where
 * it went.  'keep' is the box round 'target' that no callout may cover
 * (the pinned symbol, or an area's name); the leader stops at its edge. */
typedef struct compose_callout {
    const char *text; /* borrowed */
    const char *code; /* badge: a harm code, or NULL */
    csm_symbol badge; /* the code's symbol */
    csm_xy target;    /* page mm */
    csm_box keep;
    double w, h;      /* the box's size, from the text */
    csm_box box;      /* out: where it was placed */
    csm_xy leader[2]; /* out: its leader, from the box to the feature */
} compose_callout;

/* Place callouts in order, each in the first free spot nearest its
 * target: inside the frame, clear of everything in the collision index
 * (symbols, furniture, callouts placed before) and of its own target,
 * its leader crossing no other callout or leader.  Each box and leader is
 * added to the index.  A callout with no room fails (CSM_EDATA) naming
 * 'what[i]' when given. */
int compose_callouts_place(compose_ctx *c, compose_callout *co, size_t n,
                           const char *const *what, csm_error *err);
/* Resolve, place and draw the spec's annotations: list and every feature
 * of its annotation layers, after features and furniture and before
 * labels (so labels keep clear of callouts). */
int compose_callouts(compose_ctx *c, csm_error *err);
/* The badge symbol and legend text of a harm code (the style's concern
 * class for it, else the built-in vocabulary); NULL when the code is
 * neither. */
const char *compose_code(const compose_ctx *c, const char *code,
                         csm_symbol *sym, const char **label);
/* Remember that 'code' (a stable string) appears on the map. */
void compose_note_code(compose_ctx *c, const char *code);

/* ---- safety.c: safety maps ----------------------------------------- */

/* compose_lyr.drawn value of the safety map's "bar" row: the legend draws
 * compose_safety_swatch, not a csm_geom_type swatch. */
#define COMPOSE_SWATCH_BAR 9

/* Draw spec layer li (kind safety-map, as csm_analyse_safety made it):
 * fills by result, then a bar or "too few responses" on each area. */
int compose_safety(compose_ctx *c, size_t li, csm_error *err);
/* The bar's legend swatch, w x h mm, its left edge at x, centred on cy. */
int compose_safety_swatch(compose_ctx *c, const compose_lyr *l, double x,
                          double cy, double w, double h, csm_error *err);

/* ---- labels.c ------------------------------------------------------ */

int compose_labels(compose_ctx *c, csm_error *err);

/* ---- legend.c ------------------------------------------------------ */

int compose_legend(compose_ctx *c, csm_error *err);
/* The legend's height at full size, as compose_legend would draw it now
 * (inset.c fits the routes' overview map under it). */
int compose_legend_height(compose_ctx *c, double *h_mm, csm_error *err);
/* The same at text factor f (compose_legend shrinks by 0.9 a step, to
 * COMPOSE_LEGEND_MIN_F at least). */
#define COMPOSE_LEGEND_MIN_F 0.59049
int compose_legend_height_at(compose_ctx *c, double f, double *h_mm,
                             csm_error *err);
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

/* ---- county-lines routes: legs.c, routelines.c, inset.c ---------- */

/* A world -> page transform: page = (ox + x s, oy - y s), in mm. */
typedef struct compose_view {
    double s, ox, oy;
} compose_view;

csm_xy compose_view_xy(const compose_view *v, csm_xy world);

/* Lines on paper, routes that share a segment side by side: out[r]
 * (n fresh geoms, released on failure) is lines[r] through v, offset into
 * its lane; a segment shared by k routes is width_mm[r] wide for each, in
 * route order across the bundle. */
int compose_offset_lines(const csm_geom *const *lines, const double *width_mm,
                         size_t n, const compose_view *v, csm_geom *out,
                         csm_error *err);

/* The parts of line g inside box b (out fresh). */
int compose_clip_line(const csm_geom *g, const csm_box *b, csm_geom *out,
                      csm_error *err);
/* The same; keep_tail: a part, once in the box, runs on to its end uncut
 * (arrowheads are spaced back from each part's end). */
int compose_clip_line_tail(const csm_geom *g, const csm_box *b, int keep_tail,
                           csm_geom *out, csm_error *err);

/* 1 when a segment of line g comes within 'pad' of box b. */
int compose_line_hits(const csm_geom *g, const csm_box *b, double pad);

/* Width classes of a weight: at most COMPOSE_MAX_WCLASS bands of a round
 * step (counts: bands at least 5 wide, labelled "1–4 referrals") over
 * v[0..n-1]; returns how many. */
#define COMPOSE_MAX_WCLASS 4
typedef struct compose_wclass {
    double lo, hi; /* lo <= v < hi */
    char label[64];
} compose_wclass;

size_t compose_weight_classes(const double *v, size_t n, const char *unit,
                              compose_wclass *out);
size_t compose_weight_class(const compose_wclass *cls, size_t n, double v);
/* Line width of class i of n, as a factor of the style's width. */
double compose_weight_factor(size_t i, size_t n);

/* One route to draw: a feature of a route layer. */
typedef struct compose_route {
    size_t layer, feat;
    const csm_geom *world; /* borrowed from the layer */
    csm_symbol sym;        /* its class's symbol, width by weight class */
    double lane_mm;        /* width it takes in a bundle */
    const char *name;      /* label text, or NULL */
    const char *from, *to; /* names of its far ends, or NULL */
    int wclass;            /* weight class, or -1 */
} compose_route;

typedef struct compose_routes {
    size_t n;
    compose_route *r;
    csm_geom *page; /* n: each route on the map, in its lane, unclipped */
    compose_wclass (*cls)[COMPOSE_MAX_WCLASS]; /* per spec layer */
    size_t *ncls;
    size_t *first;  /* per spec layer: its legend row of class 0 */
    csm_xy *placed; /* centres of route names placed, for repeats */
    const char **placed_text;
    size_t nplaced;
    char **mark;     /* "to Metropolis ↓": up to two per route */
    csm_xy *mark_at; /* where its route crosses the frame's edge */
    size_t nmark;
} compose_routes;

/* Draw route layer li (all route layers are prepared on the first call):
 * lines by weight class, side by side on shared legs, clipped to the
 * frame; names along the lines and "to Metropolis" where a route leaves
 * the frame go to the label queue (along labels). */
int compose_routes_draw(compose_ctx *c, size_t li, csm_error *err);
/* Which edge of frame f point q is on: 0 left, 1 right, 2 top, 3 bottom. */
int compose_frame_edge(const csm_box *f, csm_xy q);
/* Place an along label from the queue; *done as labels.c counts it. */
int compose_routes_place(compose_ctx *c, const compose_label *lb,
                         double size_pt, int *done, csm_error *err);
void compose_routes_free(compose_routes *r);

/* When routes run beyond the frame, take the foot of the legend panel
 * for an overview map (c->inset; the panel shrinks); then draw it. */
int compose_inset_layout(compose_ctx *c, csm_error *err);
int compose_inset(compose_ctx *c, csm_error *err);

/* ---- profile.c, panel.c, chart.c: atlas pages --------------------- */

typedef struct profile_state {
    const csm_profile_page *pp;
    csm_box stats, charts; /* where the figures and the charts go */
} profile_state;

/* The statistics panel: one fixed table of the area's figures beside the
 * comparator's, then the notes; shrinks a step at a time to fit. */
int compose_panel(compose_ctx *c, const profile_state *st, csm_error *err);
/* Monthly trend, category mix and time of day as bar charts; a hidden
 * figure is a hatched bar of the minimum's height, never its value. */
int compose_charts(compose_ctx *c, const profile_state *st, csm_error *err);
/* CSM_PAGE_TOKEN right-aligned in the banner whose top is band_y, white
 * on black; *w and *h get the size kept for it. */
int compose_page_token(compose_ctx *c, double band_y, double cw, double *w,
                       double *h, csm_error *err);
/* A shown value as printed: "*" (hidden), "0", "1,240". */
void compose_count_text(long shown, char *buf, size_t n);
/* A rate per 1,000 from a shown value: "12.5", "*" or "0". */
void compose_rate_text(long shown, double population, char *buf, size_t n);

#endif /* CSM_COMPOSE_H */
