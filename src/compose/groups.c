/* groups.c - compose: peer groups.  Each group's hull is filled faintly
 * and outlined with a pattern of its own, so overlapping groups can be
 * told apart on a greyscale photocopy, where colour says nothing.  The
 * style may set a group's look by its label ("Group A": {...}); groups
 * it does not name take the built-in patterns in turn. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

#define LABEL_PRIORITY 85 /* above schools and hubs: a group is the subject */
#define LINK_SHARE 0.65   /* links are drawn thinner than outlines */

/* Dash patterns (mm) that stay distinct at a glance, for groups the
 * style does not name: then only the pattern tells them apart. */
static const struct {
    double dash[CSM_MAX_DASH];
    int ndash;
} look[] = {
    {{0}, 0},        {{3.0, 1.5}, 2},
    {{0.8, 1.0}, 2}, {{4.0, 1.0, 1.0, 1.0}, 4},
    {{6.0, 2.0}, 2}, {{2.0, 1.0, 0.5, 1.0}, 4},
    {{1.5, 1.5}, 2}, {{5.0, 1.0, 1.0, 1.0}, 4},
};
#define NLOOK (sizeof look / sizeof *look)

/* Group k's symbol: the style's class for its label ("Group A") when
 * there is one (styles/default.yaml gives each a colour and a pattern),
 * else the kind's symbol with built-in pattern k. */
static csm_symbol group_symbol(const compose_ctx *c, const csm_layer_spec *ls,
                               const char *label, size_t k)
{
    const char *cls = NULL;
    csm_symbol s = csm_style_resolve(c->style, ls, label, &cls);

    if (!cls) {
        s.ndash = look[k % NLOOK].ndash;
        memcpy(s.dash_mm, look[k % NLOOK].dash, sizeof s.dash_mm);
    }
    return s;
}

/* The page-mm outline of a hull and the anchors for its label: just
 * outside its top, right, bottom and left, so the text sits beside the
 * outline rather than on it. */
static void label_anchors(const csm_geom *pg, double w, double h,
                          compose_label *lb)
{
    csm_xy top = pg->pt[0], bot = top, lft = top, rgt = top;
    size_t i;

    for (i = 1; i < pg->npt; i++) {
        csm_xy p = pg->pt[i];
        if (p.y < top.y)
            top = p;
        if (p.y > bot.y)
            bot = p;
        if (p.x < lft.x)
            lft = p;
        if (p.x > rgt.x)
            rgt = p;
    }
    lb->nanchor = 0;
    lb->anchor[lb->nanchor++] = (csm_xy){top.x, top.y - h / 2 - 1.2};
    lb->anchor[lb->nanchor++] = (csm_xy){rgt.x + w / 2 + 1.2, rgt.y};
    lb->anchor[lb->nanchor++] = (csm_xy){bot.x, bot.y + h / 2 + 1.2};
    lb->anchor[lb->nanchor++] = (csm_xy){lft.x - w / 2 - 1.2, lft.y};
}

/* How far anchor p lies from the other groups' hulls: 0 inside one, else
 * the distance to the nearest of their vertices (page mm). */
static double clearance(const csm_geom *hull, size_t nhull, size_t self,
                        csm_xy p)
{
    double best = 1e9;
    size_t j, k;

    for (j = 0; j < nhull; j++) {
        if (j == self || !hull[j].npart)
            continue;
        if (csm_geom_contains(&hull[j], p))
            return 0.0;
        for (k = 0; k < hull[j].npt; k++)
            best =
                fmin(best, hypot(hull[j].pt[k].x - p.x, hull[j].pt[k].y - p.y));
    }
    return best;
}

/* Anchors far from the other groups first: a label beside another
 * group's outline reads as that group's.  Stable, so ties keep the order
 * top, right, bottom, left. */
static void prefer_clear(const csm_geom *hull, size_t nhull, size_t self,
                         compose_label *lb)
{
    double d[COMPOSE_MAX_ANCHOR];
    int i, j;

    for (i = 0; i < lb->nanchor; i++)
        d[i] = fmin(clearance(hull, nhull, self, lb->anchor[i]), 30.0);
    for (i = 1; i < lb->nanchor; i++)
        for (j = i; j > 0 && d[j] > d[j - 1]; j--) {
            double t = d[j];
            csm_xy a = lb->anchor[j];
            d[j] = d[j - 1];
            lb->anchor[j] = lb->anchor[j - 1];
            d[j - 1] = t;
            lb->anchor[j - 1] = a;
        }
}

typedef struct gstate {
    const csm_layer *l;
    int fgroup, fpart, flegend;
    size_t ng;
    size_t *grp;  /* per feature: its group's number */
    csm_geom *pg; /* per feature: page geometry */
} gstate;

/* Number the groups (features of one group are consecutive) and give
 * each a legend row and a symbol. */
static int groups_init(compose_ctx *c, size_t li, gstate *g, csm_error *err)
{
    compose_lyr *ly = &c->lyr[li];
    const char *prev = NULL;
    size_t j;

    for (j = 0; j < g->l->n; j++) {
        const char *v = csm_layer_value(g->l, j, g->fgroup);
        if (!v)
            v = "";
        if (!prev || strcmp(prev, v))
            g->ng++;
        g->grp[j] = g->ng - 1;
        prev = v;
    }
    ly->val = calloc(g->ng + 1, sizeof *ly->val);
    ly->sym = calloc(g->ng + 1, sizeof *ly->sym);
    ly->drawn = calloc(g->ng + 1, sizeof *ly->drawn);
    if (!ly->val || !ly->sym || !ly->drawn)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    ly->nval = g->ng;
    for (j = 0; j < g->l->n; j++) {
        size_t k = g->grp[j];
        const char *lg = csm_layer_value(g->l, j, g->flegend);
        const char *gl = csm_layer_value(g->l, j, g->fgroup);
        if (ly->val[k])
            continue;
        ly->val[k] = lg ? lg : gl ? gl : "Peer group";
        ly->sym[k] = group_symbol(c, &c->spec->layer[li], gl ? gl : "", k);
    }
    return CSM_OK;
}

static int is_hull(const gstate *g, size_t j)
{
    const char *p = csm_layer_value(g->l, j, g->fpart);

    return p && !strcmp(p, "hull");
}

static int draw(compose_ctx *c, const csm_geom *pg, const csm_symbol *s,
                csm_error *err)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = CSM_ITEM_PATH;
    it.sym = *s;
    it.geom = *pg; /* copied, cut to the frame */
    return compose_add_framed(c, &it, &c->frame, err);
}

/* Fills first, so no group's fill hides another's outline. */
static int draw_all(compose_ctx *c, size_t li, gstate *g, csm_error *err)
{
    compose_lyr *ly = &c->lyr[li];
    size_t j;
    int pass, rc = CSM_OK;

    for (pass = 0; pass < 2 && !rc; pass++)
        for (j = 0; j < g->l->n && !rc; j++) {
            csm_symbol s = ly->sym[g->grp[j]];
            csm_box b;
            if (!g->pg[j].npart || (pass == 0 && !is_hull(g, j)))
                continue;
            csm_geom_bounds(&g->l->feat[j].geom, &b);
            if (!csm_box_overlaps(&b, &c->ext))
                continue;
            if (pass == 0) {
                s.stroke.a = 0.0;
            } else {
                s.fill.a = 0.0;
                s.hatch = CSM_HATCH_NONE;
                if (!is_hull(g, j))
                    s.stroke_mm *= LINK_SHARE;
            }
            rc = draw(c, &g->pg[j], &s, err);
            if (pass == 0 && c->navoid < COMPOSE_MAX_CODES)
                csm_geom_bounds(&g->pg[j], &c->avoid[c->navoid++]);
            if (is_hull(g, j))
                ly->drawn[g->grp[j]] = CSM_GEOM_POLYGON;
        }
    return rc;
}

static int queue_labels(compose_ctx *c, size_t li, gstate *g, csm_error *err)
{
    compose_lyr *ly = &c->lyr[li];
    csm_geom *hull = calloc(g->ng + 1, sizeof *hull);
    size_t j;
    int rc = CSM_OK;

    if (!hull)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (j = 0; j < g->l->n; j++)
        if (is_hull(g, j) && ly->drawn[g->grp[j]])
            hull[g->grp[j]] = g->pg[j]; /* shallow: g->pg owns it */
    for (j = 0; j < g->l->n && !rc; j++) {
        size_t k = g->grp[j];
        compose_label lb;
        double w, h;
        if (!is_hull(g, j) || !hull[k].npart)
            continue;
        memset(&lb, 0, sizeof lb);
        lb.text = csm_layer_value(g->l, j, g->fgroup);
        lb.sym = ly->sym[k];
        lb.sym.label_bold = 1;
        lb.priority = LABEL_PRIORITY;
        lb.layer = li;
        lb.feat = j;
        lb.type = CSM_GEOM_POLYGON;
        if (!lb.text)
            continue;
        compose_measure(c, lb.text, lb.sym.label_pt > 0 ? lb.sym.label_pt : 7,
                        1, 0.0, &w, &h);
        label_anchors(&hull[k], w, h, &lb);
        prefer_clear(hull, g->ng, k, &lb);
        rc = compose_push_label(c, &lb, err);
    }
    free(hull);
    return rc;
}

/* Harm codes named by a drawn group, for the legend's key. */
static void note_codes(compose_ctx *c, const gstate *g, int fcodes)
{
    size_t j;

    for (j = 0; j < g->l->n; j++) {
        const char *v = csm_layer_value(g->l, j, fcodes), *p = v;
        while (p && *p) {
            size_t len = strcspn(p, ", ");
            char code[16];
            if (len > 0 && len < sizeof code) {
                memcpy(code, p, len);
                code[len] = '\0';
                compose_note_code(c, compose_code(c, code, NULL, NULL));
            }
            p += len;
            p += strspn(p, ", ");
        }
    }
}

int compose_groups(compose_ctx *c, size_t li, csm_error *err)
{
    gstate g;
    size_t j;
    int rc = CSM_OK;

    memset(&g, 0, sizeof g);
    g.l = c->layers[li];
    g.fgroup = csm_layer_field(g.l, "group");
    g.fpart = csm_layer_field(g.l, "part");
    g.flegend = csm_layer_field(g.l, "legend");
    g.grp = calloc(g.l->n + 1, sizeof *g.grp);
    g.pg = calloc(g.l->n + 1, sizeof *g.pg);
    if (!g.grp || !g.pg)
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = groups_init(c, li, &g, err);
    for (j = 0; j < g.l->n && !rc; j++)
        rc = compose_geom_to_page(c, &g.l->feat[j].geom, &g.pg[j], err);
    if (!rc)
        rc = draw_all(c, li, &g, err);
    if (!rc)
        rc = queue_labels(c, li, &g, err);
    if (!rc)
        note_codes(c, &g, csm_layer_field(g.l, "codes"));
    for (j = 0; g.pg && j < g.l->n; j++)
        csm_geom_release(&g.pg[j]);
    free(g.pg);
    free(g.grp);
    return rc;
}
