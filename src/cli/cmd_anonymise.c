/* cmd_anonymise.c - `csmap anonymise SOURCE -o OUT`: a sensitive layer ->
 * a protected layer partner agencies can load in their own GIS, with the
 * same steps a map takes (gate, read only the named fields, personal-data
 * scan, dates to month, the policy's protection) and a provenance record
 * beside it.  The export is built as a one-layer spec, so it cannot take
 * a path around protect.c that a map could not. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

static const char anonymise_usage[] =
    "usage: csmap anonymise SOURCE -o OUT.gpkg|.shp|.geojson|.csv\n"
    "       csmap anonymise SOURCE -o PG:CONNECTION --table NAME\n"
    "                       --method area|grid|hex|snap|donut --subject FIELD\n"
    "                       [options]\n"
    "\n"
    "Protect a layer of locations of concern for sharing: only the named\n"
    "fields are read, every value is scanned for personal data, dates are\n"
    "reduced to month, and locations are aggregated (area, grid, hex:\n"
    "counts of distinct children, small ones suppressed, others rounded),\n"
    "snapped to public anonymous points (police.uk-style) or displaced by\n"
    "a keyed donut mask.  A point layer left with fewer children than the\n"
    "policy's minimum is written empty.  OUT.json records the inputs (by\n"
    "SHA-256), the policy and what was done; never a value or the key.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE    .gpkg, .shp (with .prj and .cpg), .geojson, .csv\n"
    "                       or PG:service=x (PostGIS; needs --table)\n"
    "  --table NAME         the PostGIS table to create or replace; its\n"
    "                       record is written to NAME.json here\n"
    "  --method M           area (needs --areas), grid, hex, snap (needs\n"
    "                       --snap-points, --category and --catchment or\n"
    "                       --addresses) or donut (needs --key, --category,\n"
    "                       and --areas unless the policy turns\n"
    "                       containment off)\n"
    "  --subject FIELD      the pseudonymous child id: counts are of\n"
    "                       distinct children (required)\n"
    "  --category FIELD     harm category code (CCE, CSE, MISS, ...)\n"
    "  --date FIELD         date of the incident (kept as its month)\n"
    "  --areas SOURCE       polygons to count in, or to keep points in\n"
    "  --area-id FIELD      the areas' id or name, carried to the output\n"
    "  --cell M             grid or hex cell in metres (default: policy's)\n"
    "  --key FILE           donut key (csmap keygen)\n"
    "  --snap-points SOURCE public anonymous points to snap to; points\n"
    "                       whose snap point has too few homes, or none\n"
    "                       near enough, are dropped\n"
    "  --catchment FIELD    the snap points' count of homes each stands for\n"
    "  --snap-type FIELD    the snap points' place type and name: children's\n"
    "  --snap-name FIELD    homes, refuges, foster or supported housing are\n"
    "                       never snapped to\n"
    "  --addresses SOURCE   address points (e.g. OS Open UPRN): donut checks\n"
    "                       spatial k per point; snap counts each snap\n"
    "                       point's homes (the smaller of this and\n"
    "                       --catchment is used).  A CSV of snap points\n"
    "                       or addresses is read with SOURCE's --x/--y\n"
    "                       (or --lon/--lat) and --crs\n"
    "  --policy FILE        privacy policy (default: the built-in one)\n"
    "  --x F --y F          CSV coordinate columns (easting, northing)\n"
    "  --lon F --lat F      CSV coordinate columns in degrees (WGS 84)\n"
    "  --crs CRS            CRS of a SOURCE that carries none\n"
    "  --layer NAME         layer inside SOURCE (default: the first)\n"
    "  --out-crs CRS        CRS of OUT, projected, in metres\n"
    "                       (default EPSG:27700)\n"
    "  --marking TEXT       protective marking (default OFFICIAL-SENSITIVE)\n"
    "  --as-of YYYY-MM-DD   the release date recorded in OUT.json\n"
    "  --accept-warnings FIELD:KIND[,KIND]\n"
    "                       a text column (--category, --snap-type or\n"
    "                       --snap-name) a person has checked: its warnings\n"
    "                       of suspected names or vehicle registrations\n"
    "                       (KIND: names, vehicles) become one line of\n"
    "                       counts, recorded in OUT.json; repeatable.\n"
    "                       Blocking kinds (postcodes, phone numbers, ...)\n"
    "                       cannot be accepted\n"
    "  --verbose            report what was read and done\n";

#define MAX_ACCEPT 8 /* --accept-warnings given */

struct anon_opt {
    const char *source, *output, *method, *subject, *category, *date;
    const char *areas, *area_id, *key, *policy, *x, *y, *crs, *layer;
    const char *out_crs, *marking, *as_of, *table;
    const char *snap_points, *catchment, *snap_type, *snap_name, *addresses;
    const char *accept[MAX_ACCEPT]; /* --accept-warnings FIELD:KINDS */
    size_t naccept;
    int lonlat;
    double cell_m;
};

static const struct {
    const char *name;
    size_t off;
} string_opts[] = {
    {"--method", offsetof(struct anon_opt, method)},
    {"--subject", offsetof(struct anon_opt, subject)},
    {"--category", offsetof(struct anon_opt, category)},
    {"--date", offsetof(struct anon_opt, date)},
    {"--areas", offsetof(struct anon_opt, areas)},
    {"--area-id", offsetof(struct anon_opt, area_id)},
    {"--key", offsetof(struct anon_opt, key)},
    {"--policy", offsetof(struct anon_opt, policy)},
    {"--crs", offsetof(struct anon_opt, crs)},
    {"--layer", offsetof(struct anon_opt, layer)},
    {"--out-crs", offsetof(struct anon_opt, out_crs)},
    {"--marking", offsetof(struct anon_opt, marking)},
    {"--as-of", offsetof(struct anon_opt, as_of)},
    {"--output", offsetof(struct anon_opt, output)},
    {"--table", offsetof(struct anon_opt, table)},
    {"-o", offsetof(struct anon_opt, output)},
    {"--snap-points", offsetof(struct anon_opt, snap_points)},
    {"--catchment", offsetof(struct anon_opt, catchment)},
    {"--snap-type", offsetof(struct anon_opt, snap_type)},
    {"--snap-name", offsetof(struct anon_opt, snap_name)},
    {"--addresses", offsetof(struct anon_opt, addresses)},
};

static int method_of(const char *m)
{
    return !m                    ? CSM_PROTECT_NONE
           : !strcmp(m, "area")  ? CSM_PROTECT_AREA
           : !strcmp(m, "grid")  ? CSM_PROTECT_GRID
           : !strcmp(m, "hex")   ? CSM_PROTECT_HEX
           : !strcmp(m, "snap")  ? CSM_PROTECT_SNAP
           : !strcmp(m, "donut") ? CSM_PROTECT_DONUT
                                 : -1;
}

static int valid_date(const char *s)
{
    size_t n = strlen(s), i;

    if (n != 7 && n != 10)
        return 0;
    for (i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

/* One option at argv[*i]: 1 taken, 0 not ours, CLI_USAGE on a problem. */
static int take(int argc, char **argv, int *i, struct anon_opt *o)
{
    const char *v;
    size_t k;
    int r;

    for (k = 0; k < sizeof string_opts / sizeof *string_opts; k++) {
        r = cli_opt(argc, argv, i, string_opts[k].name, &v);
        if (r < 0)
            return cli_usage("anonymise", "%s needs a value",
                             string_opts[k].name);
        if (r > 0) {
            *(const char **)((char *)o + string_opts[k].off) = v;
            return 1;
        }
    }
    if ((r = cli_opt(argc, argv, i, "--x", &v)) > 0) {
        o->x = v;
    } else if (!r && (r = cli_opt(argc, argv, i, "--lon", &v)) > 0) {
        o->x = v;
        o->lonlat = 1;
    } else if (!r && ((r = cli_opt(argc, argv, i, "--y", &v)) > 0 ||
                      (!r && (r = cli_opt(argc, argv, i, "--lat", &v)) > 0))) {
        o->y = v;
    } else if (!r &&
               (r = cli_opt(argc, argv, i, "--accept-warnings", &v)) > 0) {
        if (o->naccept == MAX_ACCEPT)
            return cli_usage("anonymise", "at most %d --accept-warnings",
                             MAX_ACCEPT);
        o->accept[o->naccept++] = v;
    } else if (!r && (r = cli_opt(argc, argv, i, "--cell", &v)) > 0) {
        char *end;
        o->cell_m = strtod(v, &end);
        if (*end || !(o->cell_m > 0) || o->cell_m > 1e6)
            return cli_usage("anonymise", "--cell takes metres, e.g. 500");
    }
    if (r < 0)
        return cli_usage("anonymise", "'%s' needs a value", argv[*i]);
    return r;
}

/* 1 when 'name' (an option's field, may be NULL) is arg's first n bytes. */
static int is_field(const char *name, const char *arg, size_t n)
{
    return name && strlen(name) == n && !strncmp(name, arg, n);
}

/* One --accept-warnings FIELD:KIND[,KIND]: the field's length and the
 * kinds (CSM_WARN_*), as the spec's accept_warnings: takes them
 * (spec/overlays.c): warn-level kinds only, on a column the export reads
 * as text.  CLI_USAGE on a problem. */
static int accept_arg(const struct anon_opt *o, const char *arg,
                      size_t *flen, unsigned *kinds)
{
    const char *colon = strrchr(arg, ':'), *k;
    char kind[48];
    size_t n;
    int bit;

    *kinds = 0;
    if (!colon || colon == arg || !colon[1])
        return cli_usage("anonymise", "--accept-warnings takes "
                                      "FIELD:KIND[,KIND], e.g. note:names "
                                      "(kinds: names, vehicles)");
    *flen = (size_t)(colon - arg);
    if (!is_field(o->category, arg, *flen) &&
        !is_field(o->snap_type, arg, *flen) &&
        !is_field(o->snap_name, arg, *flen))
        return cli_usage("anonymise",
                         "--accept-warnings: '%.*s' is not a column the "
                         "export reads as text (its --category, --snap-type "
                         "or --snap-name)",
                         (int)(*flen > 40 ? 40 : *flen), arg);
    for (k = colon + 1; *k; k += n + (k[n] == ',')) {
        n = strcspn(k, ",");
        snprintf(kind, sizeof kind, "%.*s", (int)(n < 40 ? n : 40), k);
        if ((bit = n ? csm_warn_kind(kind) : -1) > 0)
            *kinds |= (unsigned)bit;
        else if (bit == 0)
            return cli_usage("anonymise",
                             "--accept-warnings: '%s' is a blocking kind and "
                             "cannot be accepted (PRIVACY.md row 29): "
                             "remove such values or drop the field; only "
                             "names and vehicles (warnings) can be",
                             kind);
        else
            return cli_usage("anonymise",
                             "--accept-warnings: unknown kind '%s' "
                             "(expected names or vehicles)",
                             kind);
    }
    return 0;
}

static int check_args(struct anon_opt *o)
{
    size_t i, flen;
    unsigned kinds;
    int m = method_of(o->method);

    if (!o->source)
        return cli_usage("anonymise", "no SOURCE given");
    if (!o->output)
        return cli_usage("anonymise", "no output given: add -o OUT.gpkg");
    if (!strncmp(o->output, "PG:", 3) && !o->table)
        return cli_usage("anonymise", "-o PG:... needs --table NAME");
    if (strncmp(o->output, "PG:", 3) && o->table)
        return cli_usage("anonymise", "--table goes with -o PG:...");
    if (!o->table && csm_vformat_from_path(o->output) < 0)
        return cli_usage("anonymise",
                         "cannot tell the format of '%s': use "
                         ".gpkg, .shp, .geojson or .csv",
                         o->output);
    if (m <= 0)
        return cli_usage("anonymise", "--method must be area, grid, hex, "
                                      "snap or donut");
    if (!o->subject)
        return cli_usage("anonymise", "--subject FIELD is required: counts "
                                      "and masks work on distinct children");
    if (m == CSM_PROTECT_AREA && !o->areas)
        return cli_usage("anonymise", "--method area needs --areas SOURCE");
    if (m == CSM_PROTECT_DONUT && !o->key)
        return cli_usage("anonymise", "--method donut needs --key FILE "
                                      "(make one with 'csmap keygen FILE')");
    if (m == CSM_PROTECT_SNAP && !o->snap_points)
        return cli_usage("anonymise", "--method snap needs --snap-points "
                                      "SOURCE (public anonymous points)");
    if (m == CSM_PROTECT_SNAP && !o->catchment && !o->addresses)
        return cli_usage("anonymise",
                         "--method snap needs --catchment FIELD (the snap "
                         "points' count of homes) or --addresses SOURCE");
    if (m != CSM_PROTECT_SNAP &&
        (o->snap_points || o->catchment || o->snap_type || o->snap_name))
        return cli_usage("anonymise", "--snap-points, --catchment, "
                                      "--snap-type and --snap-name go with "
                                      "--method snap");
    if (o->addresses && m != CSM_PROTECT_SNAP && m != CSM_PROTECT_DONUT)
        return cli_usage("anonymise", "--addresses goes with --method snap "
                                      "or donut");
    /* without categories, CSE and the other aggregate-only harms could
     * not be taken out before points are released */
    if ((m == CSM_PROTECT_DONUT || m == CSM_PROTECT_SNAP) && !o->category)
        return cli_usage("anonymise",
                         "--method %s needs --category "
                         "FIELD, so aggregate-only harms are never points",
                         o->method);
    if (!o->x != !o->y)
        return cli_usage("anonymise", "--x and --y (or --lon and --lat) go "
                                      "together");
    if (o->as_of && !valid_date(o->as_of))
        return cli_usage("anonymise", "--as-of takes YYYY-MM-DD or YYYY-MM");
    for (i = 0; i < o->naccept; i++)
        if (accept_arg(o, o->accept[i], &flen, &kinds))
            return CLI_USAGE;
    return 0;
}

static int parse_args(int argc, char **argv, struct anon_opt *o)
{
    int i, r;

    memset(o, 0, sizeof *o);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(anonymise_usage, stdout);
            return -1;
        }
        if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) {
            cli_verbose = 1;
            continue;
        }
        r = take(argc, argv, &i, o);
        if (r == CLI_USAGE)
            return r;
        if (r)
            continue;
        if (a[0] == '-' && a[1])
            return cli_usage("anonymise", "unknown option '%s'", a);
        if (o->source)
            return cli_usage("anonymise", "one SOURCE at a time ('%s' too)", a);
        o->source = a;
    }
    return check_args(o);
}

/* The layer's name: --layer, else the source's file name less its
 * extension ("concerns" for data/concerns.csv). */
static char *layer_name(const struct anon_opt *o)
{
    const char *base = strrchr(o->source, '/'), *dot;
    char *s;

    if (o->layer)
        return csm_strdup(o->layer);
    base = base ? base + 1 : o->source;
    dot = strrchr(base, '.');
    s = csm_strdup(base);
    if (s && dot && dot != base)
        s[dot - base] = '\0';
    return s;
}

static int dup_into(char **dst, const char *src, int *bad)
{
    if (src && !(*dst = csm_strdup(src)))
        *bad = 1;
    return 0;
}

/* A public reference layer of the export's spec: the areas, the snap
 * points or the addresses. */
static void reference_layer(csm_layer_spec *r, const char *name,
                            const char *source, csm_kind kind, int *bad)
{
    dup_into(&r->name, name, bad);
    dup_into(&r->source, source, bad);
    r->kind = kind;
    r->sensitivity = CSM_SENS_PUBLIC;
}

/* Points given as a CSV (snap points, addresses) are read with SOURCE's
 * coordinate columns and CRS: one set of --x/--y (or --lon/--lat). */
static void csv_points(csm_layer_spec *r, const struct anon_opt *o, int *bad)
{
    size_t n = strlen(r->source);

    if (!o->x || n < 4 || strcasecmp(r->source + n - 4, ".csv"))
        return;
    dup_into(&r->x, o->x, bad);
    dup_into(&r->y, o->y, bad);
    dup_into(&r->crs, o->crs ? o->crs : o->lonlat ? "EPSG:4326" : NULL, bad);
    r->lonlat = o->lonlat;
}

/* The --accept-warnings on a field ls reads as text (its category or
 * label), as its accept_warnings: would be; arguments checked already. */
static void accept_warnings(const struct anon_opt *o, csm_layer_spec *ls,
                            int *bad)
{
    size_t i, flen;
    unsigned kinds;

    for (i = 0; i < o->naccept && !*bad; i++) {
        const char *a = o->accept[i];
        csm_accept *acc;
        if (accept_arg(o, a, &flen, &kinds) ||
            (!is_field(ls->category, a, flen) && !is_field(ls->label, a, flen)))
            continue;
        if (!ls->accept && !(ls->accept = calloc(MAX_ACCEPT, sizeof *acc))) {
            *bad = 1;
            break;
        }
        acc = &ls->accept[ls->naccept];
        if (!(acc->field = malloc(flen + 1))) {
            *bad = 1;
            break;
        }
        memcpy(acc->field, a, flen);
        acc->field[flen] = '\0';
        acc->kinds = kinds;
        ls->naccept++;
    }
}

/* The export as a spec: the reference layers (areas, snap points,
 * addresses, those given) first, so they are read and scanned before the
 * layer that is protected with them, which comes last. */
static int build_spec(const struct anon_opt *o, csm_spec **out, csm_error *err)
{
    csm_spec *s = calloc(1, sizeof *s);
    csm_layer_spec *ls;
    size_t i;
    int bad = 0;

    *out = NULL;
    if (!s || !(s->layer = calloc(4, sizeof *s->layer))) {
        free(s);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    if (o->areas) {
        csm_layer_spec *as = &s->layer[s->nlayer++];
        reference_layer(as, "areas", o->areas, CSM_KIND_AREA, &bad);
        dup_into(&as->id, o->area_id, &bad);
    }
    if (o->snap_points) { /* kind base: never drawn, never a place */
        csm_layer_spec *sp = &s->layer[s->nlayer++];
        reference_layer(sp, "snap-points", o->snap_points, CSM_KIND_BASE, &bad);
        dup_into(&sp->category, o->snap_type, &bad);
        dup_into(&sp->label, o->snap_name, &bad);
        csv_points(sp, o, &bad);
    }
    if (o->addresses) {
        csm_layer_spec *ad = &s->layer[s->nlayer++];
        reference_layer(ad, "addresses", o->addresses, CSM_KIND_BASE, &bad);
        csv_points(ad, o, &bad);
    }
    ls = &s->layer[s->nlayer++];
    if (!(ls->name = layer_name(o)))
        bad = 1;
    dup_into(&ls->source, o->source, &bad);
    dup_into(&ls->layer, o->layer, &bad);
    dup_into(&ls->x, o->x, &bad);
    dup_into(&ls->y, o->y, &bad);
    dup_into(&ls->crs, o->crs ? o->crs : o->lonlat ? "EPSG:4326" : NULL, &bad);
    dup_into(&ls->category, o->category, &bad);
    dup_into(&ls->date, o->date, &bad);
    dup_into(&ls->subject, o->subject, &bad);
    dup_into(&ls->protect_areas, o->areas ? "areas" : NULL, &bad);
    dup_into(&ls->protect_key, o->key, &bad);
    dup_into(&ls->protect_points, o->snap_points ? "snap-points" : NULL, &bad);
    dup_into(&ls->protect_catchment, o->catchment, &bad);
    dup_into(&ls->protect_addresses, o->addresses ? "addresses" : NULL, &bad);
    ls->lonlat = o->lonlat;
    ls->kind = CSM_KIND_CONCERN;
    ls->sensitivity = CSM_SENS_PSEUDONYMISED;
    ls->protect = method_of(o->method);
    ls->protect_cell_m = o->cell_m;
    for (i = 0; i < s->nlayer; i++)
        accept_warnings(o, &s->layer[i], &bad);
    dup_into(&s->crs, o->out_crs ? o->out_crs : "EPSG:27700", &bad);
    dup_into(&s->marking, o->marking ? o->marking : "OFFICIAL-SENSITIVE", &bad);
    dup_into(&s->date, o->as_of, &bad);
    dup_into(&s->policy, o->policy, &bad);
    if (bad) {
        csm_spec_free(s);
        return csm_fail(err, CSM_ENOMEM, "out of memory");
    }
    *out = s;
    return CSM_OK;
}

/* Add 'name' to the fields to read unless it is there already. */
static void want(const char **fields, size_t *n, const char *name)
{
    size_t i;

    if (!name)
        return;
    for (i = 0; i < *n; i++)
        if (!strcmp(fields[i], name))
            return;
    fields[(*n)++] = name;
}

/* Gate, read (only the named fields) and project each layer.  Messages
 * name the layer and the source, as render's do, without a spec line. */
static int read_all(const csm_spec *spec, csm_layer **layers, csm_error *err)
{
    size_t i;
    int rc = CSM_OK;

    for (i = 0; i < spec->nlayer && !rc; i++) {
        const csm_layer_spec *ls = &spec->layer[i];
        const char *fields[8];
        csm_read_opts ro;
        memset(&ro, 0, sizeof ro);
        ro.layer = ls->layer;
        ro.x = ls->x;
        ro.y = ls->y;
        ro.crs = ls->crs;
        ro.fields = fields;
        ro.name = ls->name;
        want(fields, &ro.nfield, ls->id);
        want(fields, &ro.nfield, ls->subject);
        want(fields, &ro.nfield, ls->category);
        want(fields, &ro.nfield, ls->date);
        want(fields, &ro.nfield, ls->label);
        /* the snap points' catchment (protect_points.c) */
        ro.nfield = cli_reference_fields(spec, ls, fields, ro.nfield, 8);
        rc = csm_anonymise_gate(ls, err);
        if (!rc)
            rc = csm_read_layer(ls->source, &ro, &layers[i], err);
        if (!rc)
            cli_warnings(layers[i]);
        if (!rc && layers[i]->n == 0)
            rc = csm_fail(err, CSM_EDATA, "layer '%s': no features in '%s'",
                          ls->name, ls->source);
        if (!rc)
            rc = csm_project_layer(layers[i], spec->crs, err);
        if (!rc)
            cli_note("layer '%s': %zu features", ls->name, layers[i]->n);
    }
    return rc;
}

static int record(const struct anon_opt *o, const csm_spec *spec,
                  const csm_policy *pol, csm_prov_layer *stats, csm_error *err)
{
    csm_provenance p;
    size_t i;
    int rc = CSM_OK;

    memset(&p, 0, sizeof p);
    p.command = "anonymise";
    p.pol = pol;
    p.marking = spec->marking;
    p.date = spec->date;
    p.statement = spec->statement;
    p.layer = stats;
    p.nlayer = spec->nlayer;
    for (i = 0; !rc && i < spec->nlayer; i++)
        rc = cli_sidecar_layer(&spec->layer[i], NULL, &stats[i], err);
    if (!rc)
        rc = cli_sidecar_policy(spec, &p, err);
    if (!rc)
        /* for PostGIS, NAME.json records the table, never the
         * connection string */
        rc = cli_sidecar_write(o->table ? o->table : o->output, &p, err);
    return rc;
}

int cmd_anonymise(int argc, char **argv)
{
    struct anon_opt opt;
    csm_error err = {0, ""};
    csm_spec *spec = NULL;
    csm_layer *layers[4] = {NULL, NULL, NULL, NULL}, *out = NULL;
    csm_prov_layer stats[4];
    csm_policy pol;
    size_t i, c = 0;
    int geo = 0, rc = parse_args(argc, argv, &opt);

    if (rc)
        return rc < 0 ? CLI_OK : rc;
    memset(stats, 0, sizeof stats);
    cli_warn_by_option(); /* warnings name --accept-warnings */
    rc = build_spec(&opt, &spec, &err);
    if (!rc) {
        c = spec->nlayer - 1; /* the layer being protected */
        rc = csm_project_check(spec->crs, &geo, &err);
    }
    if (!rc && geo)
        rc = csm_fail(&err, CSM_EUSAGE,
                      "--out-crs '%s' is in degrees: "
                      "exports are counted and rounded in metres; use a "
                      "projected CRS such as EPSG:27700",
                      spec->crs);
    if (!rc)
        rc = read_all(spec, layers, &err);
    if (!rc && (spec->layer[c].protect == CSM_PROTECT_DONUT ||
                spec->layer[c].protect == CSM_PROTECT_SNAP))
        rc = cli_export_codes(layers[c], spec->layer[c].category, &err);
    if (!rc)
        rc = cli_protect_report(spec, layers, NULL, &pol, stats, &err);
    if (!rc)
        rc = cli_export_layer(&spec->layer[c], &layers[c], &out, &err);
    stats[c].quantised_m = 1.0; /* as cli_export_layer rounds them */
    if (!rc)
        rc = cli_export_write(opt.output, opt.table, spec, out, &err);
    if (!rc && (rc = record(&opt, spec, &pol, stats, &err)) && !opt.table)
        cli_export_remove(opt.output);
    csm_layer_free(out);
    for (i = 0; i < 4; i++)
        csm_layer_free(layers[i]);
    csm_spec_free(spec);
    return rc ? cli_error(&err) : CLI_OK;
}
