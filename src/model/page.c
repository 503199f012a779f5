/* page.c - model: the page, a display list in millimetres that compose/
 * builds and render/ draws.  Neither side sees the other's libraries. */
#include <stdlib.h>
#include <string.h>

#include "csmap.h"

csm_page *csm_page_new(double width_mm, double height_mm)
{
    csm_page *p = calloc(1, sizeof *p);

    if (!p)
        return NULL;
    p->width_mm = width_mm;
    p->height_mm = height_mm;
    csm_box_empty(&p->frame);
    return p;
}

void csm_page_free(csm_page *p)
{
    size_t i;

    if (!p)
        return;
    for (i = 0; i < p->n; i++) {
        csm_geom_release(&p->item[i].geom);
        free(p->item[i].text);
        free(p->item[i].rgba);
    }
    free(p->item);
    free(p->font);
    free(p->title);
    free(p->date);
    free(p);
}

int csm_page_add(csm_page *p, const csm_item *item, csm_error *err)
{
    csm_item it = *item;

    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 256;
        csm_item *q = realloc(p->item, cap * sizeof *q);
        if (!q)
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        p->item = q;
        p->cap = cap;
    }
    it.text = NULL;
    if (item->text && !(it.text = csm_strdup(item->text)))
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    if (csm_geom_copy(&it.geom, &item->geom, err)) {
        free(it.text);
        return err ? err->code : CSM_ENOMEM;
    }
    it.rgba = NULL;
    if (item->rgba) { /* a raster's pixels, copied like its text */
        size_t n = item->img_w * item->img_h * 4;
        if (!(it.rgba = malloc(n + 1))) {
            free(it.text);
            csm_geom_release(&it.geom);
            return csm_fail(err, CSM_ENOMEM, "out of memory");
        }
        memcpy(it.rgba, item->rgba, n);
    }
    p->item[p->n++] = it;
    return CSM_OK;
}
