/* test_pii_warn.c - the warn-level detectors of PRIVACY.md 5.2 and row
 * 29: suspected names as capitalised words outside a place gazetteer
 * (5.2 "Names" (d)), vehicle registrations, and the accept_warnings:
 * keys of a spec.  Positive and negative fixtures, as 5.2 asks of every
 * detector.  Names are made up; registrations are of shapes the DVLA
 * never issues (Q or Z as the first letter, Q among the last three, age
 * identifier 99). */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const BIGRAM = "capitalised words that may be a name";

/* ---- names: capitalised words not in the gazetteer --------------------- */

static void capitalised_pairs_are_hinted(void **state)
{
    static const char *const yes[] = {
        "Seen with Kayvon Brookes near the shop",
        "Kayvon Brookes",                    /* a whole value */
        "Kayvon Brookes seen near the shop", /* a sentence's first word */
        "older youths with Darnell Okafor-Smith, evenings",
        "Children's Services worried about Kayvon Brookes",
        "picked up by Zoë Quillfeather after school",
        "reported by O'Dwyer Brannagh", /* apostrophes */
        "Near the park. Kayvon Brookes waits there.",
        "Kayvon Dwight Brookes Okafor", /* capitals, but not Title Case */
    };
    const char *w;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof yes / sizeof *yes; i++) {
        w = NULL;
        if (csm_anonymise_warn_text(yes[i], CSM_WARN_NAMES, NULL, &w) !=
            CSM_WARN_NAMES)
            fail_msg("no hint in fixture %zu", i);
        assert_string_equal(w, BIGRAM);
    }
    /* the given-name list comes first when it knows the name */
    assert_int_equal(
        csm_anonymise_warn_text("Seen with Tyler Brookes near the shop",
                                CSM_WARN_NAMES, NULL, &w),
        CSM_WARN_NAMES);
    assert_string_equal(w, "a given name");
}

static void places_and_common_words_are_not(void **state)
{
    static const char *const no[] = {
        "Meet at Memorial Park",
        "Older males approaching pupils 15:00-17:00",
        "Young people carrying packages from the station to the High "
        "Street takeaways, evenings",
        "outside Larkrise Primary after school",
        "Canal Side Community Centre, late",
        "Monday and Friday evenings; quieter in August",
        "Police and Children's Services visit weekly",
        "MACE referral: CCE and CL concerns at the interchange",
        "Older Males Approaching Pupils Near Shops", /* Title Case */
        "Near Kirkdale, after school",               /* an opener */
        "Outside Tesco Express most nights",
        "Silver Ford Focus seen twice",
        "Seen Friday by Youth Offending Team staff",
        "Group A meets near the bus station",
        "Snapchat and WhatsApp used to arrange meets",
        "St George's churchyard after dark",
        "King George Playing Fields",
        "Waiting Brookes", /* sentence-initial -ing: an opener */
        "A B C",
        "",
    };
    const char *w = "x";
    size_t i;

    (void)state;
    for (i = 0; i < sizeof no / sizeof *no; i++) {
        if (csm_anonymise_warn_text(no[i], CSM_WARN_NAMES, NULL, &w))
            fail_msg("hinted a name in fixture %zu (%s)", i, w);
        assert_null(w);
    }
    assert_int_equal(csm_anonymise_warn_text(NULL, 3, NULL, &w), 0);
}

static void the_gazetteer_knows_the_maps_places(void **state)
{
    static const char *const labels[] = {"Kirkdale Hatch", "Ashgrove",
                                         "Wexley Vale Youth Hub", NULL};
    csm_gazetteer *g = NULL;
    csm_error err = {0, ""};
    const char *w;
    size_t i;

    (void)state;
    assert_int_equal(csm_gazetteer_new(&g, &err), CSM_OK);
    for (i = 0; i < sizeof labels / sizeof *labels; i++)
        assert_int_equal(csm_gazetteer_add(g, labels[i], &err), CSM_OK);
    /* one-word name, and the pairs of the others: 1 + 1 + 3 */
    assert_int_equal(csm_gazetteer_count(g), 5);
    assert_int_equal(csm_gazetteer_add(g, "kirkdale hatch", &err), CSM_OK);
    assert_int_equal(csm_gazetteer_count(g), 5); /* case folded */

    /* without it, these read as names; with it, as the places they are */
    assert_true(
        csm_anonymise_warn_text("groups at Kirkdale Hatch", 1, NULL, &w));
    assert_false(csm_anonymise_warn_text("groups at Kirkdale Hatch", 1, g, &w));
    assert_false(csm_anonymise_warn_text("by KIRKDALE hatch", 1, g, &w));
    assert_false(csm_anonymise_warn_text("at Ashgrove Tyres", 1, g, &w));
    assert_false(csm_anonymise_warn_text("at Wexley Vale", 1, g, &w));
    /* a place beside a name does not hide the name */
    assert_true(csm_anonymise_warn_text("Ashgrove: Kayvon Brookes", 1, g, &w));
    assert_true(csm_anonymise_warn_text("at Kirkdale Hatch with Kayvon "
                                        "Brookes",
                                        1, g, &w));
    assert_string_equal(w, BIGRAM);
    csm_gazetteer_free(g);
    csm_gazetteer_free(NULL);
    assert_int_equal(csm_gazetteer_count(NULL), 0);
}

/* ---- vehicle registrations -------------------------------------------- */

static void vehicle_registrations_warn(void **state)
{
    static const char *const yes[] = {
        "QQ99 QQQ", "car ZZ99ZZZ outside the shop", "(QA99 QQQ)",
        "seen in QZ99 QQQ, twice", "QQ99\tQQQ"};
    static const char *const no[] = {
        "qq99 qqq",  "QQ99 QQQQ", "QQ999 QQQ", "XQQ99 QQQ",
        "QQ99  QQQ", "ZZ99 3VZ",  "QQ99 QQ",   "on the A1 2nd exit",
        "Q99 QQQ",   "QQ99 QQQ1", "QQ99_QQQ",  "Qq99 QQQ"};
    const char *w;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (csm_anonymise_warn_text(yes[i], CSM_WARN_VEHICLES, NULL, &w) !=
            CSM_WARN_VEHICLES)
            fail_msg("missed vehicle fixture %zu", i);
        assert_string_equal(w, "a vehicle registration");
        /* warn only: the blocking scan lets it through */
        assert_false(csm_anonymise_scan_text(yes[i], NULL));
        /* and asking for names only finds none */
        assert_int_equal(
            csm_anonymise_warn_text(yes[i], CSM_WARN_NAMES, NULL, NULL), 0);
    }
    for (i = 0; i < sizeof no / sizeof *no; i++)
        if (csm_anonymise_warn_text(no[i], CSM_WARN_VEHICLES, NULL, &w))
            fail_msg("vehicle hinted in fixture %zu", i);
}

/* Warn-level values never block a layer's scan. */
static void warnings_do_not_block_the_scan(void **state)
{
    static const char *const vals[] = {"Seen with Kayvon Brookes", "QQ99 QQQ"};
    const char *fields[1] = {"note"};
    csm_error err = {0, ""};
    csm_layer *l = csm_layer_new("notes", fields, 1);
    size_t i;

    (void)state;
    assert_non_null(l);
    for (i = 0; i < 2; i++) {
        csm_feature f;
        csm_xy p = {400000, 300000};
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, NULL), 0);
        f.val = calloc(1, sizeof *f.val);
        f.val[0] = strdup(vals[i]);
        f.row = (long)i + 2;
        assert_int_equal(csm_layer_add(l, &f, NULL), 0);
    }
    assert_int_equal(csm_anonymise_scan(l, NULL, &err), CSM_OK);
    csm_layer_free(l);
}

/* ---- accept_warnings: in a spec ----------------------------------------- */

static char tmpdir[64], tmppath[96];

static int make_tmpdir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/csm-accept-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    snprintf(tmppath, sizeof tmppath, "%s/spec.yaml", tmpdir);
    return 0;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    unlink(tmppath);
    return rmdir(tmpdir);
}

static int load(const char *layer_extra, const char *note_extra, csm_spec **s,
                csm_error *err)
{
    FILE *fp = fopen(tmppath, "w");

    assert_non_null(fp);
    fprintf(fp,
            "title: t\n"
            "layers:\n"
            "  - name: places\n"
            "    source: p.csv\n"
            "    kind: school\n"
            "    label: name\n"
            "  - name: notes\n"
            "    source: n.csv\n"
            "    kind: annotation\n"
            "    label: text|note\n"
            "    category: code\n"
            "%s"
            "annotations:\n"
            "  - text: \"Seen with Kayvon Brookes\"\n"
            "    layer: places\n"
            "    name: Larkrise Primary\n"
            "%s",
            layer_extra, note_extra);
    fclose(fp);
    return csm_spec_load(tmppath, s, err);
}

static void accept_warnings_are_read(void **state)
{
    csm_error err = {0, ""};
    csm_spec *s = NULL;

    (void)state;
    assert_int_equal(load("    accept_warnings: {note: [names, vehicles], "
                          "code: vehicles}\n",
                          "    accept_warnings: [names]\n", &s, &err),
                     CSM_OK);
    assert_int_equal(s->layer[1].naccept, 2);
    assert_string_equal(s->layer[1].accept[0].field, "note");
    assert_int_equal(s->layer[1].accept[0].kinds,
                     CSM_WARN_NAMES | CSM_WARN_VEHICLES);
    assert_string_equal(s->layer[1].accept[1].field, "code");
    assert_int_equal(s->layer[1].accept[1].kinds, CSM_WARN_VEHICLES);
    assert_int_equal(s->layer[0].naccept, 0);
    assert_int_equal(s->annotation[0].accept, CSM_WARN_NAMES);
    csm_spec_free(s);
}

static void blocking_kinds_are_never_accepted(void **state)
{
    static const char *const layer_bad[] = {
        "    accept_warnings: {text: [names, postcodes]}\n",
        "    accept_warnings: {text: nhs-numbers}\n",
        "    accept_warnings: {text: [phones]}\n",
        "    accept_warnings: {text: [dates]}\n",
        "    accept_warnings: {text: [surnames]}\n",
        "    accept_warnings: {subject: [names]}\n",
        "    accept_warnings: {text: []}\n",
        "    accept_warnings: [text]\n",
    };
    static const char *const why[] = {
        "'postcodes' is a blocking kind and cannot be accepted",
        "'nhs-numbers' is a blocking kind",
        "'phones' is a blocking kind",
        "'dates' is a blocking kind",
        "unknown kind 'surnames' (expected names or vehicles)",
        "'subject' is not a column the layer reads as text",
        "an empty list accepts nothing",
        "'accept_warnings' in layer 'notes' must be a mapping",
    };
    csm_error err = {0, ""};
    csm_spec *s = NULL;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof layer_bad / sizeof *layer_bad; i++) {
        assert_int_equal(load(layer_bad[i], "", &s, &err), CSM_EDATA);
        assert_null(s);
        if (!strstr(err.msg, why[i]))
            fail_msg("fixture %zu: %s", i, err.msg);
    }
    assert_int_equal(load("", "    accept_warnings: [emails]\n", &s, &err),
                     CSM_EDATA);
    assert_non_null(strstr(err.msg, "'emails' is a blocking kind"));
    assert_non_null(strstr(err.msg, "in annotations entry 1"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capitalised_pairs_are_hinted),
        cmocka_unit_test(places_and_common_words_are_not),
        cmocka_unit_test(the_gazetteer_knows_the_maps_places),
        cmocka_unit_test(vehicle_registrations_warn),
        cmocka_unit_test(warnings_do_not_block_the_scan),
        cmocka_unit_test_setup_teardown(accept_warnings_are_read, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(blocking_kinds_are_never_accepted,
                                        make_tmpdir, remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
