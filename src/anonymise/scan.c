/* scan.c - anonymise: the personal-data scan of a layer (PRIVACY.md row
 * 29): name-typed columns by their names, then every carried value through
 * the detectors of pii.c.  A hit blocks, and the message names the layer,
 * field and row - never the value, which is the thing being protected. */
#include <string.h>

#include "anonymise/anonymise.h"

/* Column names that are personal whatever they hold, after lower-casing
 * and turning spaces, dashes and dots into '_'. */
static const char *const personal[] = {"name",
                                       "full_name",
                                       "fullname",
                                       "forename",
                                       "forenames",
                                       "first_name",
                                       "firstname",
                                       "given_name",
                                       "middle_name",
                                       "surname",
                                       "last_name",
                                       "lastname",
                                       "family_name",
                                       "known_as",
                                       "alias",
                                       "aka",
                                       "child_name",
                                       "pupil_name",
                                       "victim_name",
                                       "suspect_name",
                                       "dob",
                                       "date_of_birth",
                                       "dateofbirth",
                                       "birth_date",
                                       "birthdate",
                                       "nhs",
                                       "nhs_number",
                                       "nhs_no",
                                       "nhsno",
                                       "chi",
                                       "chi_number",
                                       "upn",
                                       "pupil_number",
                                       "ni_number",
                                       "nino",
                                       "ni_no",
                                       "national_insurance_number",
                                       "postcode",
                                       "post_code",
                                       "phone",
                                       "phone_number",
                                       "telephone",
                                       "tel",
                                       "mobile",
                                       "mobile_number",
                                       "email",
                                       "e_mail",
                                       "email_address",
                                       "address",
                                       "home_address",
                                       "street_address",
                                       "address_line_1",
                                       "address_line_2",
                                       "address1",
                                       "address2"};

static void normalise(const char *in, char *out, size_t n)
{
    size_t i = 0;

    for (; *in == ' ' || *in == '_'; in++)
        ;
    for (; *in && i + 1 < n; in++) {
        int c = (unsigned char)*in;
        if (c == ' ' || c == '-' || c == '.')
            c = '_';
        else if (c >= 'A' && c <= 'Z')
            c += 32;
        out[i++] = (char)c;
    }
    while (i && out[i - 1] == '_')
        i--;
    out[i] = '\0';
}

static int personal_field(const char *name, int place_names)
{
    char norm[64];
    size_t k;

    if (!name)
        return 0;
    normalise(name, norm, sizeof norm);
    if (place_names && strcmp(norm, "name") == 0)
        return 0;
    for (k = 0; k < sizeof personal / sizeof *personal; k++)
        if (strcmp(norm, personal[k]) == 0)
            return 1;
    return 0;
}

int csm_anonymise_personal_field(const char *name)
{
    return personal_field(name, 0);
}

static int scan_field(const csm_layer *l, int f, const csm_scan_opts *o,
                      csm_error *err)
{
    int ident = o->id_name && strcmp(l->field[f], o->id_name) == 0;
    size_t i;

    if (personal_field(l->field[f], o->place_names))
        return csm_fail(err, CSM_EPRIVACY,
                        "layer '%s', field '%s': a name-typed column holds "
                        "personal data; drop the field",
                        l->name, l->field[f]);
    for (i = 0; i < l->n; i++) {
        const char *v = csm_layer_value(l, i, f);
        const char *what = ident ? pii_find_ident(v)
                                 : pii_find(v, f != o->date_field);
        if (what)
            return csm_fail(err, CSM_EPRIVACY,
                            "layer '%s', field '%s', row %ld: looks like "
                            "%s; remove the value or drop the field",
                            l->name, l->field[f], l->feat[i].row, what);
    }
    return CSM_OK;
}

int csm_anonymise_scan(const csm_layer *l, const csm_scan_opts *opts,
                       csm_error *err)
{
    csm_scan_opts all = {NULL, 0, -1, 0, NULL};
    const csm_scan_opts *o = opts ? opts : &all;
    size_t k, n = o->fields ? o->nfields : l->nfield;
    int rc;

    for (k = 0; k < n; k++) {
        int f = o->fields ? o->fields[k] : (int)k;
        if (f < 0 || (size_t)f >= l->nfield)
            return csm_fail(err, CSM_EUSAGE, "layer '%s': no field %d to scan",
                            l->name, f);
        if ((rc = scan_field(l, f, o, err)))
            return rc;
    }
    return CSM_OK;
}
