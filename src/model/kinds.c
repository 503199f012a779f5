/* kinds.c - model: names of layer kinds and sensitivities, and symbol
 * merging (shared by spec/ and compose/). */
#include <string.h>

#include "csmap.h"

static const char *const kind_names[CSM_KIND_COUNT] = {
    "area", "school",     "hub",       "route",     "concern",
    "protective", "annotation", "base", "peer-group", "safety-map"};

static const char *const sens_names[] = {"public", "aggregate",
                                         "pseudonymised", "personal"};

const char *csm_kind_name(csm_kind k)
{
    return (unsigned)k < CSM_KIND_COUNT ? kind_names[k] : "?";
}

int csm_kind_from_name(const char *name)
{
    int k;

    for (k = 0; name && k < CSM_KIND_COUNT; k++)
        if (!strcmp(kind_names[k], name))
            return k;
    return -1;
}

const char *csm_sensitivity_name(csm_sensitivity s)
{
    return (unsigned)s <= CSM_SENS_PERSONAL ? sens_names[s] : "?";
}

void csm_symbol_merge(csm_symbol *d, const csm_symbol *s)
{
    int i;

    if (s->set & CSM_SET_FILL)
        d->fill = s->fill;
    if (s->set & CSM_SET_STROKE)
        d->stroke = s->stroke;
    if (s->set & CSM_SET_STROKE_MM)
        d->stroke_mm = s->stroke_mm;
    if (s->set & CSM_SET_DASH) {
        d->ndash = s->ndash;
        for (i = 0; i < CSM_MAX_DASH; i++)
            d->dash_mm[i] = s->dash_mm[i];
    }
    if (s->set & CSM_SET_HATCH)
        d->hatch = s->hatch;
    if (s->set & CSM_SET_HATCH_COLOUR)
        d->hatch_colour = s->hatch_colour;
    if (s->set & CSM_SET_HATCH_MM)
        d->hatch_mm = s->hatch_mm;
    if (s->set & CSM_SET_SHAPE)
        d->shape = s->shape;
    if (s->set & CSM_SET_SIZE_MM)
        d->size_mm = s->size_mm;
    if (s->set & CSM_SET_CASING)
        d->casing = s->casing;
    if (s->set & CSM_SET_CASING_MM)
        d->casing_mm = s->casing_mm;
    if (s->set & CSM_SET_ARROWS)
        d->arrows = s->arrows;
    if (s->set & CSM_SET_LABEL_PT)
        d->label_pt = s->label_pt;
    if (s->set & CSM_SET_LABEL_COLOUR)
        d->label_colour = s->label_colour;
    if (s->set & CSM_SET_LABEL_BOLD)
        d->label_bold = s->label_bold;
    if (s->set & CSM_SET_LABEL_PRIORITY)
        d->label_priority = s->label_priority;
    d->set |= s->set;
}
