/* network.c - analyse: a road or rail network as a graph, and the
 * shortest path between two places along it (Dijkstra with a binary
 * heap), so a county-lines route between two hubs can follow the railway
 * or the roads it uses rather than a straight line.  Pure C on model
 * types: the graph is built from the lines' own vertices, so two lines
 * meet only where they share one (a bridge over a road is no junction). */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

/* Vertices this close (1 cm) are one node: digitised networks repeat a
 * junction's coordinates exactly, give or take float rounding. */
#define NODE_CM 100.0

struct csm_network {
    size_t n;      /* nodes */
    csm_xy *xy;    /* n: where each node is */
    size_t *first; /* n + 1: node i's edges are [first[i], first[i+1]) */
    size_t *to;    /* edge targets */
    double *len;   /* edge lengths, metres */
};

typedef struct vkey {
    long long kx, ky;
    size_t v; /* index into the vertex list */
} vkey;

static int by_key(const void *pa, const void *pb)
{
    const vkey *a = pa, *b = pb;

    if (a->kx != b->kx)
        return a->kx < b->kx ? -1 : 1;
    if (a->ky != b->ky)
        return a->ky < b->ky ? -1 : 1;
    return a->v < b->v ? -1 : a->v > b->v;
}

void csm_analyse_network_free(csm_network *net)
{
    if (!net)
        return;
    free(net->xy);
    free(net->first);
    free(net->to);
    free(net->len);
    free(net);
}

size_t csm_analyse_network_nodes(const csm_network *net)
{
    return net ? net->n : 0;
}

/* Every line vertex in order, and where each line part ends (*brk[i] is
 * 1 after the last vertex of a part). */
static int gather(const csm_layer *const *lines, size_t nl, csm_xy **pt,
                  unsigned char **brk, size_t *npt, csm_error *err)
{
    size_t i, j, r, k = 0, total = 0;

    for (i = 0; i < nl; i++)
        for (j = 0; lines[i] && j < lines[i]->n; j++)
            if (lines[i]->feat[j].geom.type == CSM_GEOM_LINE)
                total += lines[i]->feat[j].geom.npt;
    *npt = 0;
    if (total == 0)
        return csm_fail(err, CSM_EDATA, "no lines to follow");
    *pt = malloc(total * sizeof **pt);
    *brk = calloc(total, 1);
    if (!*pt || !*brk)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < nl; i++)
        for (j = 0; lines[i] && j < lines[i]->n; j++) {
            const csm_geom *g = &lines[i]->feat[j].geom;
            if (g->type != CSM_GEOM_LINE)
                continue;
            for (r = 0; r < g->npart; r++) {
                size_t a = g->part[r], b = g->part[r + 1];
                if (b == a)
                    continue;
                memcpy(*pt + k, g->pt + a, (b - a) * sizeof **pt);
                k += b - a;
                (*brk)[k - 1] = 1;
            }
        }
    *npt = k;
    return CSM_OK;
}

/* node[v] for every vertex v: vertices on the same centimetre share one. */
static int number_nodes(csm_network *net, const csm_xy *pt, size_t npt,
                        size_t *node, csm_error *err)
{
    vkey *key = malloc(npt * sizeof *key);
    size_t i;

    if (!key || !(net->xy = malloc(npt * sizeof *net->xy))) {
        free(key);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (i = 0; i < npt; i++) {
        key[i].kx = llround(pt[i].x * NODE_CM);
        key[i].ky = llround(pt[i].y * NODE_CM);
        key[i].v = i;
    }
    qsort(key, npt, sizeof *key, by_key);
    for (i = 0; i < npt; i++) {
        if (i == 0 || key[i].kx != key[i - 1].kx || key[i].ky != key[i - 1].ky)
            net->xy[net->n++] = pt[key[i].v];
        node[key[i].v] = net->n - 1;
    }
    free(key);
    return CSM_OK;
}

/* Edges both ways between consecutive vertices, in compressed rows. */
static int link_nodes(csm_network *net, const csm_xy *pt,
                      const unsigned char *brk, const size_t *node, size_t npt,
                      csm_error *err)
{
    size_t i, *fill;

    net->first = calloc(net->n + 1, sizeof *net->first);
    fill = calloc(net->n + 1, sizeof *fill);
    if (!net->first || !fill) {
        free(fill);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    for (i = 0; i + 1 < npt; i++)
        if (!brk[i] && node[i] != node[i + 1]) {
            net->first[node[i] + 1]++;
            net->first[node[i + 1] + 1]++;
        }
    for (i = 0; i < net->n; i++)
        net->first[i + 1] += net->first[i];
    net->to = malloc((net->first[net->n] + 1) * sizeof *net->to);
    net->len = malloc((net->first[net->n] + 1) * sizeof *net->len);
    if (!net->to || !net->len) {
        free(fill);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    memcpy(fill, net->first, (net->n + 1) * sizeof *fill);
    for (i = 0; i + 1 < npt; i++) {
        size_t a = node[i], b = node[i + 1];
        double d = hypot(pt[i + 1].x - pt[i].x, pt[i + 1].y - pt[i].y);
        if (brk[i] || a == b)
            continue;
        net->to[fill[a]] = b;
        net->len[fill[a]++] = d;
        net->to[fill[b]] = a;
        net->len[fill[b]++] = d;
    }
    free(fill);
    return CSM_OK;
}

int csm_analyse_network(const csm_layer *const *lines, size_t n,
                        csm_network **out, csm_error *err)
{
    csm_network *net = calloc(1, sizeof *net);
    csm_xy *pt = NULL;
    unsigned char *brk = NULL;
    size_t *node = NULL, npt = 0;
    int rc;

    assert(out && (lines || n == 0));
    *out = NULL;
    if (!net)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = gather(lines, n, &pt, &brk, &npt, err);
    if (!rc && !(node = malloc(npt * sizeof *node)))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    if (!rc)
        rc = number_nodes(net, pt, npt, node, err);
    if (!rc)
        rc = link_nodes(net, pt, brk, node, npt, err);
    free(pt);
    free(brk);
    free(node);
    if (rc)
        csm_analyse_network_free(net);
    else
        *out = net;
    return rc;
}

static size_t nearest(const csm_network *net, csm_xy p)
{
    size_t i, best = 0;
    double bd = INFINITY;

    for (i = 0; i < net->n; i++) {
        double d = (net->xy[i].x - p.x) * (net->xy[i].x - p.x) +
                   (net->xy[i].y - p.y) * (net->xy[i].y - p.y);
        if (d < bd) {
            bd = d;
            best = i;
        }
    }
    return best;
}

/* ---- Dijkstra ------------------------------------------------------ */

typedef struct hitem {
    double d;
    size_t v;
} hitem;

typedef struct heap {
    hitem *h;
    size_t n, cap;
} heap;

static int heap_push(heap *q, double d, size_t v)
{
    size_t i;

    if (q->n == q->cap) {
        size_t cap = q->cap ? 2 * q->cap : 256;
        hitem *h = realloc(q->h, cap * sizeof *h);
        if (!h)
            return -1;
        q->h = h;
        q->cap = cap;
    }
    for (i = q->n++; i > 0 && q->h[(i - 1) / 2].d > d; i = (i - 1) / 2)
        q->h[i] = q->h[(i - 1) / 2];
    q->h[i] = (hitem){d, v};
    return 0;
}

static hitem heap_pop(heap *q)
{
    hitem top = q->h[0], last = q->h[--q->n];
    size_t i = 0, c;

    while ((c = 2 * i + 1) < q->n) {
        if (c + 1 < q->n && q->h[c + 1].d < q->h[c].d)
            c++;
        if (q->h[c].d >= last.d)
            break;
        q->h[i] = q->h[c];
        i = c;
    }
    if (q->n)
        q->h[i] = last;
    return top;
}

/* prev[] of the shortest-path tree from s, grown until t is settled. */
static int dijkstra(const csm_network *net, size_t s, size_t t, size_t *prev,
                    csm_error *err)
{
    double *dist = malloc(net->n * sizeof *dist);
    heap q = {NULL, 0, 0};
    size_t i, e;
    int rc = CSM_OK;

    if (!dist)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    for (i = 0; i < net->n; i++) {
        dist[i] = INFINITY;
        prev[i] = (size_t)-1;
    }
    dist[s] = 0.0;
    if (heap_push(&q, 0.0, s))
        rc = csm_fail(err, CSM_ENOMEM, "out of memory");
    while (!rc && q.n > 0) {
        hitem top = heap_pop(&q);
        if (top.d > dist[top.v])
            continue; /* a stale entry: the node was reached faster */
        if (top.v == t)
            break;
        for (e = net->first[top.v]; e < net->first[top.v + 1] && !rc; e++) {
            double d = top.d + net->len[e];
            if (d < dist[net->to[e]]) {
                dist[net->to[e]] = d;
                prev[net->to[e]] = top.v;
                if (heap_push(&q, d, net->to[e]))
                    rc = csm_fail(err, CSM_ENOMEM, "out of memory");
            }
        }
    }
    if (!rc && t != s && prev[t] == (size_t)-1)
        rc = csm_fail(err, CSM_EDATA, "no path along the network");
    free(q.h);
    free(dist);
    return rc;
}

/* The path a -> nodes s..t -> b, without repeating a point. */
static int emit_path(const csm_network *net, const size_t *prev, size_t s,
                     size_t t, csm_xy a, csm_xy b, csm_geom *out,
                     csm_error *err)
{
    size_t n = 0, v, k;
    csm_xy *pt;
    int rc;

    for (v = t; v != s; v = prev[v])
        n++;
    if (!(pt = malloc((n + 3) * sizeof *pt)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    k = n + 1; /* nodes s..t fill pt[1..n+1] */
    for (v = t;; v = prev[v]) {
        pt[k--] = net->xy[v];
        if (v == s)
            break;
    }
    pt[0] = a;
    pt[n + 2] = b;
    k = 0;
    for (v = 0; v < n + 3; v++) /* drop repeats: a on s, b on t */
        if (k == 0 || pt[v].x != pt[k - 1].x || pt[v].y != pt[k - 1].y)
            pt[k++] = pt[v];
    if (k == 1)
        pt[k++] = pt[0]; /* a == b: still a (degenerate) line */
    rc = csm_geom_add_part(out, pt, k, err);
    free(pt);
    return rc;
}

int csm_analyse_path(const csm_network *net, csm_xy a, csm_xy b, csm_geom *out,
                     csm_error *err)
{
    size_t s, t, *prev;
    int rc;

    assert(net && out && net->n > 0);
    csm_geom_init(out, CSM_GEOM_LINE);
    s = nearest(net, a);
    t = nearest(net, b);
    if (!(prev = malloc(net->n * sizeof *prev)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    rc = dijkstra(net, s, t, prev, err);
    if (!rc)
        rc = emit_path(net, prev, s, t, a, b, out, err);
    free(prev);
    if (rc)
        csm_geom_release(out);
    return rc;
}
