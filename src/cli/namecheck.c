/* namecheck.c - warn of what looks like a person's name in a callout
 * (PRIVACY.md 5.2 and row 29: suspected names in free text warn, they do
 * not block: no pattern finds names reliably, and a wrong refusal would
 * stop a map for a place called "Jordan Hill").  Callouts are printed as
 * written, so the warning names the callout - the spec's line and its
 * number, or the layer and row - and never the text. */
#include <stdio.h>

#include "cli.h"

void cli_warn_callout_names(const csm_spec *spec, csm_layer *const *layers)
{
    size_t i, k;
    const char *what;

    for (i = 0; i < spec->nannotation; i++)
        if (csm_anonymise_name_hint(spec->annotation[i].text, &what))
            fprintf(stderr,
                    "csmap: warning: %s:%d: annotation %zu: its text may "
                    "hold a person's name (%s): check it before the map "
                    "is shared (callouts are printed as written)\n",
                    spec->path ? spec->path : "spec", spec->annotation[i].line,
                    i + 1, what);
    for (i = 0; i < spec->nlayer; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        const csm_layer *l = layers[i];
        long rows[64];
        size_t n = 0, hits = 0;
        char list[160];
        int f;

        if (ls->kind != CSM_KIND_ANNOTATION || !l ||
            (f = csm_layer_field(l, ls->label)) < 0)
            continue;
        for (k = 0; k < l->n; k++)
            if (csm_anonymise_name_hint(csm_layer_value(l, k, f), &what) &&
                hits++ < 64)
                rows[n++] = l->feat[k].row;
        if (!hits)
            continue;
        csm_rows_text(rows, n, list, sizeof list);
        fprintf(stderr,
                "csmap: warning: layer '%s', field '%s', %s%s: callout text "
                "may hold a person's name: check it before the map is "
                "shared (callouts are printed as written)\n",
                ls->name, l->field[f], list, hits > n ? " and more" : "");
    }
}
