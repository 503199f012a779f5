/* test_pii.c - the personal-data detectors (PRIVACY.md 5.2) and the layer
 * scan.  Fixtures use only values that identify nobody: NHS numbers in the
 * never-issued 999 range, Ofcom's drama phone numbers (07700 900xxx,
 * 01632 960xxx, 020 7946 0xxx), non-geographic or landmark postcodes
 * (XM4 5HQ, GIR 0AA, SW1A 1AA), reserved e-mail domains, an LA code (999)
 * that does not exist for UPNs, and an administrative NINO prefix with a
 * zero serial.  Every message is checked for the planted value. */
#include "check.h"
#include "csmap.h"

#include <stdlib.h>
#include <string.h>

typedef struct fixture {
    const char *text;
    const char *what; /* expected detector, NULL: clean */
} fixture;

static const fixture cases[] = {
    /* full unit postcodes: blocked, any case, with or without the space */
    {"SW1A 1AA", "a full postcode"},
    {"seen near sw1a1aa at night", "a full postcode"},
    {"XM4 5HQ", "a full postcode"},
    {"xm45hq", "a full postcode"},
    {"GIR 0AA", "a full postcode"},
    {"M1  1AE", "a full postcode"},
    /* districts, sectors and NHS pseudo-postcodes: allowed */
    {"SW1A", NULL},
    {"around SW1A 1 on foot", NULL},
    {"ZZ99 3VZ", NULL}, /* "no fixed abode": not an address */
    {"zz993vz", NULL},
    {"on the A1 2nd exit", NULL},
    {"off the M25 3pm onwards", NULL},
    /* NHS numbers: valid modulus 11 only */
    {"999 000 0018", "an NHS number"},
    {"NHS no. 9990000026", "an NHS number"},
    {"999-999-9999", "an NHS number"},
    {"999 123 4560", NULL}, /* check digit would be 10: invalid */
    {"9991234560", NULL},
    {"999 000 0017", NULL}, /* wrong check digit */
    /* National Insurance numbers (Presidio's rules) */
    {"CR 00 00 00 A", "a National Insurance number"},
    {"ni: cr000000a.", "a National Insurance number"},
    {"QQ 12 34 56 C", NULL}, /* HMRC's own example: Q never used */
    {"GB 00 00 00 A", NULL}, /* excluded prefix */
    {"CR 00 00 00 E", NULL}, /* suffix A-D only */
    /* Unique Pupil Numbers: letter + 12 digits, or temporary (letter end) */
    {"A999000000001", "a Unique Pupil Number"},
    {"upn A99900000000B", "a Unique Pupil Number"},
    {"I999000000001", NULL}, /* I, O, S are not check letters */
    {"A99900000000", NULL},
    /* phone numbers, after separators: +44 / 0044 / 0 then 9-10 digits */
    {"07700 900123", "a phone number"},
    {"call 01632 960123 after 4", "a phone number"},
    {"020 7946 0123", "a phone number"},
    {"+44 20 7946 0123", "a phone number"},
    {"+44 (0)7700 900123", "a phone number"},
    {"0044 7700 900123", "a phone number"},
    {"(01632) 960123", "a phone number"},
    {"07700-900-123", "a phone number"},
    {"0770 090", NULL},
    {"ages 12 34 56", NULL},
    {"between 15:00-17:00", NULL},
    /* e-mail and handles */
    {"someone@example.org", "an e-mail address"},
    {"write to a.b+c@example.co.uk.", "an e-mail address"},
    {"user@localhost", NULL},
    {"messaged by @no_such_user_x", "a social-media handle"},
    {"(@no.such.user)", "a social-media handle"},
    {"meet @ the park", NULL},
    {"meet @15:00", NULL},
    /* day-precision dates; months and ranges are fine */
    {"14/03/2026", "a day-precision date"},
    {"on 1-2-26", "a day-precision date"},
    {"2026-03-14", "a day-precision date"},
    {"3/14/2026", "a day-precision date"},
    {"12 March 2010", "a day-precision date"},
    {"12th Mar 2010", "a day-precision date"},
    {"since March 12", "a day-precision date"},
    {"March 2026", NULL},
    {"2026-03", NULL},
    {"Q1 2026", NULL},
    {"ages 13-15", NULL},
    {"they may 5 times", NULL},
    /* precise locations */
    {"51.50135, -0.14189", "a precise location"},
    {"51.5013N 0.1419W", "a precise location"},
    {"530000, 180000", "a precise location"},
    {"at 530000 1180000", "a precise location"},
    {"TQ 29000 79700", "a precise location"},
    {"TQ2900079700", "a precise location"},
    {"TQ 2900 7970", "a precise location"},
    {"///index.home.raft", "a precise location"},
    {"51.5, -0.14", NULL},
    {"the 500m grid", NULL},
    {"version 1.2345", NULL},
    /* ordinary safeguarding text */
    {"older males approaching pupils 15:00-17:00", NULL},
    {"County lines activity near the station, Fridays", NULL},
    {"", NULL},
};

static void detectors_positive_and_negative(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *what = "unset";
        int hit = csm_anonymise_scan_text(cases[i].text, &what);
        if (cases[i].what == NULL && hit)
            fail_msg("case %zu: false hit (%s)", i, what);
        if (cases[i].what && !hit)
            fail_msg("case %zu: missed %s", i, cases[i].what);
        if (cases[i].what && strcmp(what, cases[i].what) != 0)
            fail_msg("case %zu: %s, expected %s", i, what, cases[i].what);
        if (!hit)
            assert_null(what);
    }
    assert_int_equal(csm_anonymise_scan_text(NULL, NULL), 0);
}

static csm_layer *one_row(const char *f0, const char *v0, const char *f1,
                          const char *v1)
{
    const char *fields[2] = {f0, f1};
    csm_layer *l = csm_layer_new("concerns", fields, 2);
    csm_feature f;
    csm_xy p = {400000, 300000};

    assert_non_null(l);
    memset(&f, 0, sizeof f);
    csm_geom_init(&f.geom, CSM_GEOM_POINT);
    assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
    f.val = calloc(2, sizeof *f.val);
    f.val[0] = v0 ? strdup(v0) : NULL;
    f.val[1] = v1 ? strdup(v1) : NULL;
    f.row = 12;
    assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    return l;
}

/* Digits of s only, to check a message holds no reformatted value. */
static void digits_of(const char *s, char *out)
{
    for (; *s; s++)
        if (*s >= '0' && *s <= '9')
            *out++ = *s;
    *out = '\0';
}

static void scan_blocks_without_printing_the_value(void **state)
{
    size_t i;

    (void)state;
    for (i = 0; i < sizeof cases / sizeof *cases; i++) {
        csm_layer *l = one_row("category", "CCE", "notes", cases[i].text);
        csm_error err = {0};
        char dig[64];
        int rc = csm_anonymise_scan(l, NULL, &err);

        if (!cases[i].what) {
            assert_int_equal(rc, CSM_OK);
        } else {
            assert_int_equal(rc, CSM_EPRIVACY);
            assert_non_null(strstr(err.msg, "layer 'concerns', field 'notes', "
                                            "row 12: looks like "));
            assert_non_null(strstr(err.msg, cases[i].what));
            assert_non_null(strstr(err.msg, "remove the value or drop"));
            assert_null(strstr(err.msg, cases[i].text));
            digits_of(cases[i].text, dig);
            if (strlen(dig) >= 4)
                assert_null(strstr(err.msg, dig));
        }
        csm_layer_free(l);
    }
}

static void date_field_is_exempt_from_day_dates_only(void **state)
{
    csm_layer *l = one_row("date", "2026-03-14T10:00", "notes", "2026-03");
    csm_scan_opts o = {NULL, 0, 0, 0, NULL};
    csm_error err = {0};

    (void)state;
    assert_int_equal(csm_anonymise_scan(l, &o, &err), CSM_OK);
    o.date_field = -1;
    assert_int_equal(csm_anonymise_scan(l, &o, &err), CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "field 'date', row 12"));
    csm_layer_free(l);
    /* a phone number in the date field is still caught */
    l = one_row("date", "07700 900123", "notes", NULL);
    o.date_field = 0;
    assert_int_equal(csm_anonymise_scan(l, &o, &err), CSM_EPRIVACY);
    csm_layer_free(l);
}

static void only_named_fields_are_scanned(void **state)
{
    csm_layer *l = one_row("subject", "9990000018", "notes", "fine");
    int which[1] = {1};
    csm_scan_opts o = {which, 1, -1, 0, NULL};
    csm_error err = {0};

    (void)state;
    assert_int_equal(csm_anonymise_scan(l, &o, &err), CSM_OK);
    assert_int_equal(csm_anonymise_scan(l, NULL, &err), CSM_EPRIVACY);
    csm_layer_free(l);
}

static void name_typed_columns_are_blocked(void **state)
{
    static const char *const bad[] = {"surname",    "First Name", "DOB",
                                      "nhs_number", "Post-Code",  "email",
                                      "known_as",   "address",    "name"};
    static const char *const good[] = {"category", "month", "addresses",
                                       "subject",  "band",  "school"};
    csm_scan_opts places = {NULL, 0, -1, 1, NULL};
    csm_error err = {0};
    size_t i;

    (void)state;
    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        csm_layer *l = one_row("category", "CCE", bad[i], NULL);
        assert_true(csm_anonymise_personal_field(bad[i]));
        assert_int_equal(csm_anonymise_scan(l, NULL, &err), CSM_EPRIVACY);
        assert_non_null(strstr(err.msg, "name-typed column"));
        csm_layer_free(l);
    }
    for (i = 0; i < sizeof good / sizeof *good; i++)
        assert_false(csm_anonymise_personal_field(good[i]));
    {
        csm_layer *l = one_row("name", "Northbridge Academy", "kind", "x");
        assert_int_equal(csm_anonymise_scan(l, &places, &err), CSM_OK);
        assert_int_equal(csm_anonymise_scan(l, NULL, &err), CSM_EPRIVACY);
        csm_layer_free(l);
    }
}

/* Random short strings of the characters detectors care about, each in
 * a heap block of its exact size: under SANITIZE=1 any read past the end
 * fails.  Also checks that scanning never crashes or loops. */
static void detectors_survive_random_text(void **state)
{
    static const char alpha[] = "0123456789 -/.@+()ABGIRSTZaqstn:,T_\xc2\xb0";
    uint64_t x = 42;
    int run, hits = 0;

    (void)state;
    for (run = 0; run < 50000; run++) {
        size_t n, i;
        char *t;
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        n = (size_t)(x >> 59) + (size_t)(x >> 62);
        t = malloc(n + 1);
        for (i = 0; i < n; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            t[i] = alpha[(x >> 33) % (sizeof alpha - 1)];
        }
        t[n] = '\0';
        hits += csm_anonymise_scan_text(t, NULL);
        free(t);
    }
    assert_true(hits > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(detectors_positive_and_negative),
        cmocka_unit_test(scan_blocks_without_printing_the_value),
        cmocka_unit_test(date_field_is_exempt_from_day_dates_only),
        cmocka_unit_test(only_named_fields_are_scanned),
        cmocka_unit_test(name_typed_columns_are_blocked),
        cmocka_unit_test(detectors_survive_random_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
