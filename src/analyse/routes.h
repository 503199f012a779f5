/* routes.h - analyse: the parts of route building that tests reach past
 * csm_analyse_routes() (csmap.h): reading a row's stops and drawing the
 * line through them.  Pure C on model types. */
#ifndef CSM_ANALYSE_ROUTES_H
#define CSM_ANALYSE_ROUTES_H

#include "csmap.h"

/* A layer whose features stops may name, and the fields they match. */
typedef struct analyse_hubs {
    const csm_layer *layer;
    const char *name; /* the spec's layer name, for messages */
    int id_field;     /* -1: none */
    int label_field;  /* -1: none */
} analyse_hubs;

/* Split 'stops' at ';' (spaces around a stop ignored) and find each stop
 * among the hubs' features by id or label, ignoring case.  On success
 * *pts and *names are new arrays of *n entries (free both): each stop's
 * point (a point feature's own, an area's centroid) and its name (the
 * feature's label, else its id; borrowed from the hub layer).  Fewer than
 * two stops, an empty stop, a stop that matches no feature or more than
 * one is CSM_EDATA naming the stop by number and text (stops name public
 * places, never a person). */
int analyse_stops(const char *stops, const analyse_hubs *hubs, size_t nhubs,
                  csm_xy **pts, const char ***names, size_t *n, csm_error *err);

/* The line through pts[0..n-1] in 'out' (fresh): straight legs, or when
 * 'net' is given each leg the shortest path along it.  When a leg has no
 * path, *bad_leg is its first stop's index and the error says so. */
int analyse_route_line(const csm_xy *pts, size_t n, const csm_network *net,
                       csm_geom *out, size_t *bad_leg, csm_error *err);

#endif
