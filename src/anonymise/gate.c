/* gate.c - anonymise stage: nothing sensitive passes unprotected.  A layer
 * marked pseudonymised or personal must name a protection method, whatever
 * the flags: raw point-level drawing of such layers is impossible. */
#include "csmap.h"

int csm_anonymise_gate(const csm_layer_spec *ls, csm_error *err)
{
    if (ls->sensitivity < CSM_SENS_PSEUDONYMISED)
        return CSM_OK;
    if (ls->protect != CSM_PROTECT_NONE)
        return CSM_OK;
    return csm_fail(err, CSM_EPRIVACY,
                    "layer '%s' is marked %s: it must be protected before it "
                    "is drawn; add protect: {method: area, areas: "
                    "<area layer>} (or grid, hex) to its spec",
                    ls->name, csm_sensitivity_name(ls->sensitivity));
}
