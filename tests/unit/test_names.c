/* test_names.c - suspected personal names in callout text (PRIVACY.md 5.2
 * "Names": honorifics, a given-name list, places told apart): positive
 * and negative fixtures, as 5.2 asks of every detector.  A hint warns; it
 * never blocks, so place names must not trip it. */
#include "check.h"
#include "csmap.h"

#include <string.h>

static void names_are_hinted(void **state)
{
    static const char *const yes[] = {
        "Mrs Testperson collects children here",
        "seen with Mr O'Fakename after school",
        "Ms K waits by the shop",
        "Jordan seen at the bus stop",
        "older youths with Kai, evenings",
        "Jordan's group meets here",
        "Chloe Fakename and friends",
        "reported by MOHAMMED's school friend", /* all capitals: a code? */
    };
    static const char *const what[] = {"an honorific and a name",
                                       "an honorific and a name",
                                       "an honorific and a name",
                                       "a given name",
                                       "a given name",
                                       "a given name",
                                       "a given name",
                                       NULL};
    const char *w;
    size_t i;

    (void)state;
    for (i = 0; i < sizeof yes / sizeof *yes; i++) {
        int hit = csm_anonymise_name_hint(yes[i], &w);
        if (what[i]) {
            assert_true(hit);
            assert_string_equal(w, what[i]);
        } else {
            /* capitals only read as a code (CCE, CSE), not a name */
            assert_false(hit);
        }
    }
}

static void places_and_plain_words_are_not(void **state)
{
    static const char *const no[] = {
        "Older males approaching pupils 15:00-17:00",
        "Young people carrying packages from the station to the High Street",
        "Groups A and B meet at the bus station after school",
        "Cars waiting on George Street, evenings",
        "near Victoria Park and Jordan Road",
        "St George's churchyard after dark",
        "King George Playing Fields",
        "outside Jordan Hill Road shops",
        "CCE and CL concerns at the interchange",
        "grace period ends; missing overnight",
        "Miss",
        "",
    };
    const char *w = "x";
    size_t i;

    (void)state;
    for (i = 0; i < sizeof no / sizeof *no; i++) {
        if (csm_anonymise_name_hint(no[i], &w))
            fail_msg("hinted a name in fixture %zu", i);
        assert_null(w);
    }
    assert_false(csm_anonymise_name_hint(NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_are_hinted),
        cmocka_unit_test(places_and_plain_words_are_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
