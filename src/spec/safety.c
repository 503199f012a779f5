/* safety.c - spec stage: the keys of a safety map (kind safety-map).
 *
 *   kind: safety-map
 *   areas: neighbourhoods    # the area layer the ratings are about
 *   area_id: area            # field naming the rated area's id (else each
 *                            # row's point is located in the areas)
 *   subject: respondent_id   # pseudonymous respondent: counts are of
 *                            # distinct young people, never of rows
 *   rating: rating           # red, amber or green
 */
#include "spec/spec.h"

int y_safety(const ycx *c, struct fy_node *m, const char *where,
             csm_layer_spec *ls)
{
    static const char *const keys[] = {"areas", "area_id", "rating"};
    struct fy_node *k;
    int rc = y_str(c, m, "areas", where, &ls->areas), i;

    if (!rc)
        rc = y_str(c, m, "area_id", where, &ls->area_id);
    if (!rc)
        rc = y_str(c, m, "rating", where, &ls->rating);
    if (rc)
        return rc;
    if (ls->kind != CSM_KIND_SAFETY_MAP) {
        for (i = 0; i < 3; i++)
            if (y_get(m, keys[i], &k), k)
                return y_fail(c, k, "'%s' %s belongs to kind safety-map",
                              keys[i], where);
        return 0;
    }
    if (!ls->areas)
        return y_fail(c, m,
                      "kind safety-map %s needs 'areas': the name of "
                      "the area layer the ratings are about",
                      where);
    if (!ls->rating)
        return y_fail(c, m,
                      "kind safety-map %s needs 'rating': the field "
                      "holding red, amber or green",
                      where);
    if (!ls->subject)
        return y_fail(c, m,
                      "kind safety-map %s needs 'subject': the "
                      "respondent id field (areas need enough distinct "
                      "young people)",
                      where);
    return 0;
}
