/* callouts.c - compose: annotations as callouts.  A short text with a
 * harm-code badge, in a box in free space (or at the frame's edge) with a
 * leader line to the feature it is about.  Placed after symbols and
 * furniture and before labels, each in the nearest spot that covers no
 * symbol, no other callout or leader, and not its own feature; labels
 * then keep clear of callouts.  Texts pass the personal-data checks first:
 * a callout is printed as written. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "compose/compose.h"

#define CLEAR_MM 1.0     /* between a callout and anything else */
#define INSET_MM 1.5     /* from the frame's edge */
#define STEP_MM 0.8      /* leader samples in the collision index */
#define EDGE_STEP_MM 2.0 /* between spots along the frame's edges */
#define NEAR_MM 3.0      /* a spot's neighbourhood, for its clutter */
#define NEAR_COST_MM 1.5
#define HULL_COST_MM 15.0
#define PI 3.14159265358979323846

const char *compose_code(const compose_ctx *c, const char *code,
                         csm_symbol *sym, const char **label)
{
    const csm_style_kind *k = &c->style->kind[CSM_KIND_CONCERN];
    csm_layer_spec concern;
    const char *found = NULL, *lab = NULL;
    size_t i, nh;
    const csm_vocab *harm = csm_vocab_harm(&nh), *hv;

    if (!code)
        return NULL;
    for (i = 0; i < k->ncls && !found; i++)
        if (k->cls[i].value && !strcasecmp(k->cls[i].value, code))
            found = k->cls[i].value;
    if (!found && (hv = csm_vocab_find(harm, nh, code)))
        found = hv->code;
    if (!found)
        return NULL;
    memset(&concern, 0, sizeof concern);
    concern.kind = CSM_KIND_CONCERN;
    if (sym)
        *sym = csm_style_resolve(c->style, &concern, found, &lab);
    else
        csm_style_resolve(c->style, &concern, found, &lab);
    if ((!lab || !*lab) && (hv = csm_vocab_find(harm, nh, found)))
        lab = hv->label;
    if (label)
        *label = lab ? lab : found;
    return found;
}

/* Position in the vocabulary (unknown codes after it), for the key. */
static size_t vocab_rank(const char *code)
{
    size_t n;
    const csm_vocab *v = csm_vocab_harm(&n), *hit = csm_vocab_find(v, n, code);

    return hit ? (size_t)(hit - v) : n;
}

void compose_note_code(compose_ctx *c, const char *code)
{
    size_t i, k;

    if (!code)
        return;
    for (i = 0; i < c->ncode; i++)
        if (c->code[i] == code || !strcmp(c->code[i], code))
            return;
    if (c->ncode == COMPOSE_MAX_CODES)
        return;
    /* kept in vocabulary order, so the key reads the same on every map */
    for (k = c->ncode; k > 0 && vocab_rank(c->code[k - 1]) > vocab_rank(code);
         k--)
        c->code[k] = c->code[k - 1];
    c->code[k] = code;
    c->ncode++;
}

/* ---- placement ------------------------------------------------------ */

static double box_dist(const csm_box *b, csm_xy p)
{
    double dx = fmax(fmax(b->minx - p.x, 0.0), p.x - b->maxx);
    double dy = fmax(fmax(b->miny - p.y, 0.0), p.y - b->maxy);

    return hypot(dx, dy);
}

/* The point of b's edge nearest p: where a leader to p leaves the box. */
static csm_xy box_near(const csm_box *b, csm_xy p)
{
    return (csm_xy){fmin(fmax(p.x, b->minx), b->maxx),
                    fmin(fmax(p.y, b->miny), b->maxy)};
}

typedef struct cand {
    csm_box box;
    double d; /* leader length, plus its clutter */
    int order;
} cand;

static int by_length(const void *pa, const void *pb)
{
    const cand *a = pa, *b = pb;

    if (fabs(a->d - b->d) > 1e-9)
        return a->d < b->d ? -1 : 1;
    return (a->order > b->order) - (a->order < b->order);
}

/* What a spot costs beyond its leader's length, in mm of leader: the
 * symbols and leaders near it (their labels want that room) and the
 * peer-group hulls it would hide. */
static double clutter(const compose_ctx *c, const csm_box *b)
{
    csm_box near = compose_grow(*b, NEAR_MM);
    double cost = 0.0;
    size_t i;

    for (i = 0; i < c->ix.nbox; i++)
        if (csm_box_overlaps(&near, &c->ix.box[i]))
            cost += NEAR_COST_MM;
    for (i = 0; i < c->navoid; i++)
        if (csm_box_overlaps(b, &c->avoid[i]))
            cost += HULL_COST_MM;
    return cost;
}

/* Spots round the target at growing distances (the diagonals first: a
 * leader at an angle reads as a pointer, a level one as an underline),
 * then spots along the frame's edges: the map's margin. */
static size_t candidates(const compose_ctx *c, const compose_callout *co,
                         cand *out, size_t max)
{
    static const double ring_mm[] = {6, 9, 13, 18, 24, 31, 39, 49, 61, 75};
    static const double deg[] = {45, 135, 315, 225, 0,  180, 90,  270,
                                 22, 158, 338, 202, 68, 112, 292, 248,
                                 11, 169, 349, 191, 79, 101, 281, 259,
                                 34, 146, 326, 214, 56, 124, 304, 236};
    csm_box f = compose_grow(c->frame, -INSET_MM);
    double w = co->w, h = co->h, x, y;
    size_t n = 0, r, a;

    for (r = 0; r < sizeof ring_mm / sizeof *ring_mm; r++)
        for (a = 0; a < sizeof deg / sizeof *deg && n < max; a++) {
            double t = deg[a] * PI / 180.0, ux = cos(t), uy = -sin(t);
            double reach = ring_mm[r] + fabs(ux) * w / 2 + fabs(uy) * h / 2;
            x = co->target.x + ux * reach - w / 2;
            y = co->target.y + uy * reach - h / 2;
            out[n].box = (csm_box){x, y, x + w, y + h};
            out[n].order = (int)n;
            n++;
        }
    for (x = f.minx; x + w <= f.maxx && n + 2 <= max; x += EDGE_STEP_MM) {
        out[n].box = (csm_box){x, f.miny, x + w, f.miny + h};
        out[n].order = (int)n;
        n++;
        out[n].box = (csm_box){x, f.maxy - h, x + w, f.maxy};
        out[n].order = (int)n;
        n++;
    }
    for (y = f.miny; y + h <= f.maxy && n + 2 <= max; y += EDGE_STEP_MM) {
        out[n].box = (csm_box){f.minx, y, f.minx + w, y + h};
        out[n].order = (int)n;
        n++;
        out[n].box = (csm_box){f.maxx - w, y, f.maxx, y + h};
        out[n].order = (int)n;
        n++;
    }
    for (a = 0; a < n; a++)
        out[a].d = box_dist(&out[a].box, co->target) + clutter(c, &out[a].box);
    qsort(out, n, sizeof *out, by_length);
    return n;
}

static int inside(const csm_box *b, const csm_box *f)
{
    return b->minx >= f->minx && b->maxx <= f->maxx && b->miny >= f->miny &&
           b->maxy <= f->maxy;
}

/* Where segment p-q enters box b, as a fraction of its length in
 * [0, 1]; -1 when it misses b (Liang-Barsky clipping). */
static double seg_enter(csm_xy p, csm_xy q, const csm_box *b)
{
    double t0 = 0.0, t1 = 1.0, dx = q.x - p.x, dy = q.y - p.y;
    double pp[4] = {-dx, dx, -dy, dy};
    double qq[4] = {p.x - b->minx, b->maxx - p.x, p.y - b->miny, b->maxy - p.y};
    int i;

    for (i = 0; i < 4; i++) {
        double t;
        if (pp[i] == 0.0) {
            if (qq[i] < 0.0)
                return -1.0;
            continue;
        }
        t = qq[i] / pp[i];
        if (pp[i] < 0.0 && t > t0)
            t0 = t;
        else if (pp[i] > 0.0 && t < t1)
            t1 = t;
        if (t0 > t1)
            return -1.0;
    }
    return t0;
}

static int seg_box(csm_xy p, csm_xy q, const csm_box *b)
{
    return seg_enter(p, q, b) >= 0.0;
}

/* The leader: from the box's nearest point to the target, stopping where
 * it meets the target's keep-clear box. */
static void leader_ends(const compose_callout *co, const csm_box *b,
                        csm_xy *from, csm_xy *to)
{
    double t;

    *from = box_near(b, co->target);
    t = seg_enter(*from, co->target, &co->keep);
    *to = co->target;
    if (t > 0.0) {
        to->x = from->x + (co->target.x - from->x) * t;
        to->y = from->y + (co->target.y - from->y) * t;
    }
}

/* The leader, sampled as small boxes: none may touch the index (strict)
 * or the callouts and leaders already placed (always). */
static int leader_clear(const compose_ctx *c, const csm_box *done, size_t ndone,
                        csm_xy from, csm_xy to, int strict)
{
    double len = hypot(to.x - from.x, to.y - from.y), t;
    size_t k;

    for (k = 0; k < ndone; k++)
        if (seg_box(from, to, &done[k]))
            return 0;
    if (!strict)
        return 1;
    for (t = STEP_MM; t < len - 0.5; t += STEP_MM) {
        csm_xy p = {from.x + (to.x - from.x) * t / len,
                    from.y + (to.y - from.y) * t / len};
        csm_box s = {p.x - 0.2, p.y - 0.2, p.x + 0.2, p.y + 0.2};
        if (compose_index_hits(&c->ix, &s))
            return 0;
    }
    return 1;
}

/* A spot for co[i]: in the frame, clear of the index, of every callout's
 * feature (a later callout must still reach its own), of the callouts
 * placed, and with a leader that crosses none of them. */
static int fits(const compose_ctx *c, const compose_callout *all, size_t n,
                size_t i, const csm_box *b, const csm_box *done, size_t ndone,
                int strict)
{
    const compose_callout *co = &all[i];
    csm_box f = compose_grow(c->frame, -INSET_MM),
            pad = compose_grow(*b, CLEAR_MM);
    csm_xy from, to;
    size_t k;

    if (!inside(b, &f) || compose_index_hits(&c->ix, &pad))
        return 0;
    for (k = 0; k < n; k++)
        if (csm_box_overlaps(&pad, &all[k].keep))
            return 0;
    for (k = 0; k < ndone; k++)
        if (csm_box_overlaps(&pad, &done[k]))
            return 0;
    leader_ends(co, b, &from, &to);
    return leader_clear(c, done, ndone, from, to, strict);
}

/* Record a placed callout: its box and its leader join the index. */
static int occupy(compose_ctx *c, compose_callout *co, csm_box *done,
                  size_t *ndone, csm_error *err)
{
    csm_xy from, to;
    double len, t;
    int rc = compose_index_add(&c->ix, &co->box, err);

    leader_ends(co, &co->box, &from, &to);
    co->leader[0] = from;
    co->leader[1] = to;
    len = hypot(to.x - from.x, to.y - from.y);
    done[(*ndone)++] = co->box;
    for (t = 0.0; !rc && len > 0.0 && t <= len; t += STEP_MM) {
        csm_xy p = {from.x + (to.x - from.x) * t / len,
                    from.y + (to.y - from.y) * t / len};
        csm_box s = {p.x - 0.3, p.y - 0.3, p.x + 0.3, p.y + 0.3};
        rc = compose_index_add(&c->ix, &s, err);
    }
    return rc;
}

int compose_callouts_place(compose_ctx *c, compose_callout *co, size_t n,
                           const char *const *what, csm_error *err)
{
    size_t max = 4096, i, k, nc, ndone = 0;
    cand *cd = malloc(max * sizeof *cd);
    csm_box *done = malloc((n + 1) * sizeof *done);
    int rc = CSM_OK, strict;

    if (!cd || !done)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < n && !rc; i++) {
        nc = candidates(c, &co[i], cd, max);
        for (strict = 1, k = nc; strict >= 0 && k == nc; strict--)
            for (k = 0; k < nc; k++)
                if (fits(c, co, n, i, &cd[k].box, done, ndone, strict))
                    break;
        if (k == nc) {
            rc = csm_fail(err, CSM_EDATA,
                          "%s: no room for the callout beside its feature: "
                          "shorten its text, or use a larger page",
                          what && what[i] ? what[i] : "annotation");
            break;
        }
        co[i].box = cd[k].box;
        rc = occupy(c, &co[i], done, &ndone, err);
    }
    free(cd);
    free(done);
    return rc;
}
