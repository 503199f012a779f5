/* compose.c - stage 7: spec + style + projected layers -> a csm_page, the
 * display list render/ draws.  The steps, in order:
 *
 *   layout      banners, title block, footer, frame, legend panel
 *   extent      what part of the world the frame shows; world -> page
 *   marginalia  marking banners (top and bottom), title, footer
 *   features    layers in spec order inside a clip to the frame
 *   furniture   scale bar and north arrow, inside the frame
 *   callouts    annotations in free space, with leader lines
 *   labels      greedy, by priority, avoiding symbols and furniture
 *   border      the frame's edge, over the map
 *   legend      what was drawn, and the scale statement
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "compose/compose.h"

#define INDEX_CELL_MM 5.0

int compose_frame_clip(compose_ctx *c, csm_item_type type, csm_error *err)
{
    csm_item it;

    memset(&it, 0, sizeof it);
    it.type = type;
    it.box = c->frame;
    return csm_page_add(c->page, &it, err);
}

int compose_page_strings(compose_ctx *c, csm_error *err)
{
    csm_page *p = c->page;

    p->font = csm_strdup(c->style->font ? c->style->font : "DejaVu Sans");
    p->title = csm_strdup(c->spec->title ? c->spec->title : "");
    p->date = c->date ? csm_strdup(c->date) : NULL;
    if (!p->font || !p->title || (c->date && !p->date))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

int compose_run(compose_ctx *c, csm_error *err)
{
    int rc;

    if ((rc = compose_page_strings(c, err)) ||
        (rc = c->layout ? c->layout(c, err) : compose_layout(c, err)) ||
        (rc = compose_extent(c, err)))
        return rc;
    if ((rc = compose_index_init(&c->ix, &c->frame, INDEX_CELL_MM, err)) ||
        (rc = compose_marginalia(c, err)))
        return rc;
    if ((rc = compose_frame_clip(c, CSM_ITEM_CLIP, err)) ||
        (rc = compose_features(c, err)))
        return rc;
    if (c->decorate && (rc = c->decorate(c, err)))
        return rc;
    if ((rc = compose_scalebar(c, err)) || (rc = compose_north(c, err)) ||
        (rc = compose_callouts(c, err)) || (rc = compose_labels(c, err)) ||
        (rc = compose_frame_clip(c, CSM_ITEM_UNCLIP, err)))
        return rc;
    if ((rc = compose_border(c, &c->frame, 0.35, err)))
        return rc;
    /* inset.c: routes beyond the frame get an overview under the legend */
    if ((rc = compose_inset_layout(c, err)) || (rc = compose_legend(c, err)))
        return rc;
    return compose_inset(c, err);
}

int csm_compose_page(const csm_spec *spec, const csm_style *style,
                     csm_layer *const *layers, const char *date,
                     csm_measure_fn measure, csm_page **out, csm_error *err)
{
    compose_ctx c;
    int rc;

    assert(out);
    *out = NULL;
    rc = compose_init(&c, spec, style, layers, date, measure, err);
    if (!rc)
        rc = compose_run(&c, err);
    if (!rc) {
        *out = c.page;
        c.page = NULL;
    }
    compose_release(&c);
    return rc;
}

int compose_init(compose_ctx *c, const csm_spec *spec, const csm_style *style,
                 csm_layer *const *layers, const char *date,
                 csm_measure_fn measure, csm_error *err)
{
    double w, h;
    size_t i;

    assert(spec && style && layers && measure);
    for (i = 0; i < spec->nlayer; i++)
        assert(layers[i]); /* an empty layer, not a missing one */
    memset(c, 0, sizeof *c);
    c->spec = spec;
    c->style = style;
    c->layers = layers;
    c->measure = measure;
    c->date = date && *date ? date : spec->date;
    csm_compose_paper(spec->page_size, spec->landscape, &w, &h);
    c->page = csm_page_new(w, h);
    c->lyr = calloc(spec->nlayer + 1, sizeof *c->lyr);
    if (!c->page || !c->lyr)
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    return CSM_OK;
}

void compose_release(compose_ctx *c)
{
    size_t i;

    if (c->lyr)
        for (i = 0; i < c->spec->nlayer; i++)
            compose_lyr_release(&c->lyr[i]);
    free(c->lyr);
    free(c->lab);
    compose_routes_free(c->routes);
    compose_index_release(&c->ix);
    csm_page_free(c->page);
    memset(c, 0, sizeof *c);
}
