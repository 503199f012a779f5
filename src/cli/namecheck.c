/* namecheck.c - warn of free text that may hold a person's name or a
 * vehicle registration (PRIVACY.md 5.2 and row 29): callouts, and the
 * text columns every layer carries (label, category, from, to).  These
 * warn, they do not block: no pattern finds names reliably, and a wrong
 * refusal would stop a map for a place called "Jordan Hill".  The map's
 * own place names (the labels of its public layers) are the gazetteer
 * that tells "Ashgrove Park" from "Tyler Brookes".  A warning names the
 * spec line and callout number, or the layer, field and rows - never the
 * text.  A column or callout a person has checked may be accepted
 * (accept_warnings:): its warnings are silenced, and one line says how
 * many were accepted, again without values.  Blocking kinds are never
 * accepted (the spec refuses them, spec/overlays.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define MAX_ROWS 64

static const unsigned kinds[] = {CSM_WARN_NAMES, CSM_WARN_VEHICLES};

static const char *kind_text(unsigned kind)
{
    return kind == CSM_WARN_NAMES ? "a person's name"
                                  : "a vehicle registration";
}

/* "2 suspected names", "1 vehicle registration" */
static void accepted_text(unsigned kind, size_t n, char *out, size_t size)
{
    snprintf(out, size, "%zu %s%s", n,
             kind == CSM_WARN_NAMES ? "suspected name" : "vehicle registration",
             n == 1 ? "" : "s");
}

/* Layers whose labels name places: public ones that are not callouts. */
static int names_places(const csm_layer_spec *ls)
{
    return ls->sensitivity < CSM_SENS_PSEUDONYMISED &&
           ls->kind != CSM_KIND_ANNOTATION && ls->kind != CSM_KIND_PEER_GROUP &&
           ls->kind != CSM_KIND_SAFETY_MAP;
}

static int add_field(csm_gazetteer *g, const csm_layer *l, int f,
                     csm_error *err)
{
    size_t k;
    int rc = CSM_OK;

    for (k = 0; f >= 0 && k < l->n && !rc; k++)
        rc = csm_gazetteer_add(g, csm_layer_value(l, k, f), err);
    return rc;
}

/* The labels of public layers; a route's far ends are places too. */
static int gazetteer(const csm_spec *spec, csm_layer *const *layers,
                     csm_gazetteer **out, csm_error *err)
{
    size_t i;
    int rc = csm_gazetteer_new(out, err);

    for (i = 0; i < spec->nlayer && !rc; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        const csm_layer *l = layers[i];
        if (!l)
            continue;
        if (names_places(ls))
            rc = add_field(*out, l, csm_layer_field(l, ls->label), err);
        if (!rc && ls->kind == CSM_KIND_ROUTE)
            rc = add_field(*out, l, csm_layer_field(l, ls->from), err);
        if (!rc && ls->kind == CSM_KIND_ROUTE)
            rc = add_field(*out, l, csm_layer_field(l, ls->to), err);
    }
    if (rc) {
        csm_gazetteer_free(*out);
        *out = NULL;
    }
    return rc;
}

static unsigned accepted(const csm_layer_spec *ls, const char *field)
{
    unsigned k = 0;
    size_t i;

    for (i = 0; i < ls->naccept; i++)
        if (!strcmp(ls->accept[i].field, field))
            k |= ls->accept[i].kinds;
    return k;
}

/* One field of one layer: a warning per kind found and not accepted, a
 * line of counts when the column is accepted. */
static void check_field(const csm_layer_spec *ls, const csm_layer *l, int f,
                        unsigned want, const csm_gazetteer *g)
{
    unsigned ok = accepted(ls, l->field[f]);
    char line[160] = "", part[64];
    size_t j, k;

    for (j = 0; j < sizeof kinds / sizeof *kinds; j++) {
        long rows[MAX_ROWS];
        size_t n = 0, hits = 0;
        char list[160];

        if (!(want & kinds[j]))
            continue;
        for (k = 0; k < l->n; k++)
            if (csm_anonymise_warn_text(csm_layer_value(l, k, f), kinds[j], g,
                                        NULL) &&
                hits++ < MAX_ROWS)
                rows[n++] = l->feat[k].row;
        if (ok & kinds[j]) {
            accepted_text(kinds[j], hits, part, sizeof part);
            snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s",
                     line[0] ? ", " : "", part);
            continue;
        }
        if (!hits)
            continue;
        csm_rows_text(rows, n, list, sizeof list);
        if (ls->kind == CSM_KIND_ANNOTATION)
            fprintf(stderr,
                    "csmap: warning: layer '%s', field '%s', %s%s: callout "
                    "text may hold %s: check it before the map is shared "
                    "(callouts are printed as written)\n",
                    ls->name, l->field[f], list, hits > n ? " and more" : "",
                    kind_text(kinds[j]));
        else
            fprintf(stderr,
                    "csmap: warning: layer '%s', field '%s', %s%s: may hold "
                    "%s: check the column before the map is shared "
                    "(accept_warnings: once checked)\n",
                    ls->name, l->field[f], list, hits > n ? " and more" : "",
                    kind_text(kinds[j]));
    }
    if (line[0])
        fprintf(stderr,
                "csmap: layer '%s', field '%s': %s accepted "
                "(accept_warnings)\n",
                ls->name, l->field[f], line);
}

/* The text columns of layer i: label, category, from and to, once each.
 * A public layer's label is itself a place name: only vehicles there. */
static void check_layer(const csm_layer_spec *ls, const csm_layer *l,
                        const csm_gazetteer *g)
{
    const char *names[4] = {ls->label, ls->category, ls->from, ls->to};
    int seen[4], f;
    size_t i, j;

    if (!l || ls->kind == CSM_KIND_PEER_GROUP ||
        ls->kind == CSM_KIND_SAFETY_MAP)
        return; /* built by csmap from codes; aggregated answers */
    for (i = 0; i < 4; i++) {
        unsigned want = CSM_WARN_NAMES | CSM_WARN_VEHICLES;
        seen[i] = f = csm_layer_field(l, names[i]);
        for (j = 0; j < i && f >= 0; j++)
            if (seen[j] == f)
                f = -1;
        if (f < 0)
            continue;
        if ((i == 0 && names_places(ls)) ||
            (i >= 2 && ls->kind == CSM_KIND_ROUTE))
            want = CSM_WARN_VEHICLES;
        check_field(ls, l, f, want, g);
    }
}

static void check_callout(const csm_spec *spec, size_t i,
                          const csm_gazetteer *g)
{
    const csm_annotation *a = &spec->annotation[i];
    const char *path = spec->path ? spec->path : "spec", *what;
    char line[160] = "", part[64];
    size_t j;

    for (j = 0; j < sizeof kinds / sizeof *kinds; j++) {
        int hit = csm_anonymise_warn_text(a->text, kinds[j], g, &what) != 0;
        if (a->accept & kinds[j]) {
            accepted_text(kinds[j], (size_t)hit, part, sizeof part);
            snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s",
                     line[0] ? ", " : "", part);
        } else if (hit && kinds[j] == CSM_WARN_NAMES) {
            fprintf(stderr,
                    "csmap: warning: %s:%d: annotation %zu: its text may "
                    "hold a person's name (%s): check it before the map "
                    "is shared (callouts are printed as written)\n",
                    path, a->line, i + 1, what);
        } else if (hit) {
            fprintf(stderr,
                    "csmap: warning: %s:%d: annotation %zu: its text may "
                    "hold a vehicle registration: check it before the map "
                    "is shared (callouts are printed as written)\n",
                    path, a->line, i + 1);
        }
    }
    if (line[0])
        fprintf(stderr,
                "csmap: %s:%d: annotation %zu: %s accepted "
                "(accept_warnings)\n",
                path, a->line, i + 1, line);
}

int cli_warn_free_text(const csm_spec *spec, csm_layer *const *layers,
                       csm_error *err)
{
    csm_gazetteer *g = NULL;
    size_t i;
    int rc = gazetteer(spec, layers, &g, err);

    if (rc)
        return rc;
    for (i = 0; i < spec->nlayer; i++)
        check_layer(&spec->layer[i], layers[i], g);
    for (i = 0; i < spec->nannotation; i++)
        check_callout(spec, i, g);
    csm_gazetteer_free(g);
    return CSM_OK;
}
