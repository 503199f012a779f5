/* clip.c - compose: clip polygon rings to a box, so a ward that runs off
 * the map is labelled where it is visible, not at a centroid off the page. */
#include <stdlib.h>

#include "compose/compose.h"

/* Which side of one box edge: 0 left, 1 right, 2 top, 3 bottom. */
static int inside(csm_xy p, const csm_box *b, int e)
{
    switch (e) {
    case 0:
        return p.x >= b->minx;
    case 1:
        return p.x <= b->maxx;
    case 2:
        return p.y >= b->miny;
    default:
        return p.y <= b->maxy;
    }
}

static csm_xy cross(csm_xy p, csm_xy q, const csm_box *b, int e)
{
    double t;

    if (e < 2) {
        double x = e == 0 ? b->minx : b->maxx;
        t = (x - p.x) / (q.x - p.x);
        return (csm_xy){x, p.y + t * (q.y - p.y)};
    }
    {
        double y = e == 2 ? b->miny : b->maxy;
        t = (y - p.y) / (q.y - p.y);
        return (csm_xy){p.x + t * (q.x - p.x), y};
    }
}

/* One pass against edge e: in[n] -> out (room for 2n), returns count. */
static size_t clip_edge(const csm_xy *in, size_t n, csm_xy *out,
                        const csm_box *b, int e)
{
    size_t i, m = 0;

    for (i = 0; i < n; i++) {
        csm_xy p = in[(i + n - 1) % n], q = in[i];
        int pin = inside(p, b, e), qin = inside(q, b, e);
        if (qin) {
            if (!pin)
                out[m++] = cross(p, q, b, e);
            out[m++] = q;
        } else if (pin) {
            out[m++] = cross(p, q, b, e);
        }
    }
    return m;
}

int compose_clip_polygon(const csm_geom *g, const csm_box *b, csm_geom *out,
                         csm_error *err)
{
    size_t r, n, max = 0;
    csm_xy *u = NULL, *v = NULL;
    int rc = CSM_OK;

    csm_geom_init(out, CSM_GEOM_POLYGON);
    for (r = 0; r < g->npart; r++)
        if (g->part[r + 1] - g->part[r] > max)
            max = g->part[r + 1] - g->part[r];
    /* each pass can add at most one vertex per edge: 2^4 is generous */
    u = malloc((16 * max + 8) * sizeof *u);
    v = malloc((16 * max + 8) * sizeof *v);
    if (!u || !v) {
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
        goto out;
    }
    for (r = 0; r < g->npart && !rc; r++) {
        n = g->part[r + 1] - g->part[r];
        /* ping-pong: ring -> v, v -> u, u -> v, v -> u */
        n = clip_edge(g->pt + g->part[r], n, v, b, 0);
        n = clip_edge(v, n, u, b, 1);
        n = clip_edge(u, n, v, b, 2);
        n = clip_edge(v, n, u, b, 3);
        if (n >= 3)
            rc = csm_geom_add_part(out, u, n, err);
    }
out:
    free(u);
    free(v);
    if (rc)
        csm_geom_release(out);
    return rc;
}
