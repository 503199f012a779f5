/* test_policy.c - the privacy policy: defaults, the shipped file, limits,
 * unknown keys (PRIVACY.md section 8). */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char path[64];

/* Write 'yaml' to a fresh temporary file named in 'path'. */
static const char *yaml_file(const char *yaml)
{
    int fd;
    FILE *f;

    snprintf(path, sizeof path, "/tmp/csm-policy-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    fputs(yaml, f);
    fclose(f);
    return path;
}

static int load(const char *yaml, csm_policy *pol, csm_error *err)
{
    int rc = csm_policy_load(yaml_file(yaml), pol, err);
    unlink(path);
    return rc;
}

static void defaults_match_privacy_table(void **state)
{
    csm_policy p;

    (void)state;
    csm_policy_defaults(&p);
    assert_int_equal(p.min_count, 8);
    assert_int_equal(p.round_base, 5);
    assert_int_equal(p.single_release, 0);
    assert_near(p.dominance, 0.5, 0);
    assert_near(p.cell_m, 500, 0);
    assert_int_equal(p.snap_min_addresses, 30);
    assert_int_equal(p.k, 30);
    assert_near(p.donut_r_min_m, 50, 0);
    assert_near(p.donut_r_max_factor, 2, 0);
    assert_near(p.max_displacement_m, 2000, 0);
    assert_int_equal(p.containment, 1);
    assert_int_equal(p.safety_min_respondents, 10);
    assert_int_equal(p.kde_kernel, CSM_KERNEL_QUARTIC);
    assert_int_equal(p.kde_classes, 5);
    assert_int_equal(p.naggregate_only, 4);
    assert_string_equal(p.aggregate_only[0], "CSE");
    assert_string_equal(p.aggregate_only[3], "CUCK");
    assert_true(p.version[0] != '\0');
    assert_int_equal(csm_policy_check(&p, NULL), CSM_OK);
}

static void shipped_file_loads_as_the_defaults(void **state)
{
    csm_policy def, p;
    csm_error err = {0};

    (void)state;
    csm_policy_defaults(&def);
    assert_int_equal(csm_policy_load("styles/policy-default.yaml", &p, &err),
                     CSM_OK);
    assert_memory_equal(&def, &p, sizeof p);
}

static void stricter_values_load(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    assert_int_equal(load("version: team-2026\nmin_count: 10\nround_base: "
                          "10\ndominance: 0.4\ncell_m: 1000\ncontainment: "
                          "false\naggregate_only: [CSE, HSB, TRAF, CUCK, "
                          "MISS]\nkde_kernel: gaussian\n",
                          &p, &err),
                     CSM_OK);
    assert_string_equal(p.version, "team-2026");
    assert_int_equal(p.min_count, 10);
    assert_int_equal(p.round_base, 10);
    assert_near(p.dominance, 0.4, 0);
    assert_near(p.cell_m, 1000, 0);
    assert_int_equal(p.containment, 0);
    assert_int_equal(p.naggregate_only, 5);
    assert_int_equal(p.kde_kernel, CSM_KERNEL_GAUSSIAN);
    /* the limit itself is allowed */
    assert_int_equal(load("min_count: 6\ndominance: 0.95\n", &p, &err), 0);
    /* nested under policy: */
    assert_int_equal(load("policy:\n  min_count: 9\n", &p, &err), CSM_OK);
    assert_int_equal(p.min_count, 9);
}

static void looser_value_names_key_value_and_limit(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    assert_int_equal(
        load("# local policy\nversion: x\n\nmin_count: 5\n", &p, &err),
        CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, ":4:1: min_count 5 is looser than the "
                                    "limit 6: raise it"));
    assert_int_equal(p.min_count, 8); /* defaults after a failure */
    assert_int_equal(load("dominance: 0.97\n", &p, &err), CSM_EPRIVACY);
    assert_non_null(
        strstr(err.msg, "dominance 0.97 is looser than the limit 0.95: lower"));
    assert_int_equal(load("cell_m: 200\n", &p, &err), CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "cell_m 200 is looser than the limit 250"));
    assert_int_equal(load("donut_r_max_factor: 4\n", &p, &err), CSM_EPRIVACY);
    assert_int_equal(load("max_displacement_m: 30000\n", &p, &err),
                     CSM_EPRIVACY);
    assert_int_equal(load("k: 7\n", &p, &err), CSM_EPRIVACY);
    assert_int_equal(load("kde_classes: 8\n", &p, &err), CSM_EPRIVACY);
    assert_int_equal(load("safety_min_respondents: 9\n", &p, &err),
                     CSM_EPRIVACY);
}

static void rounding_off_needs_single_release(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    assert_int_equal(load("round_base: 1\n", &p, &err), CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "round_base 1 is looser than the limit 5"));
    assert_non_null(strstr(err.msg, "single_release"));
    /* either order in the file */
    assert_int_equal(load("round_base: 1\nsingle_release: true\n", &p, &err),
                     CSM_OK);
    assert_int_equal(p.round_base, 1);
    assert_int_equal(load("single_release: true\nround_base: 3\n", &p, &err),
                     CSM_OK);
}

static void aggregate_only_cannot_drop_the_four(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    assert_int_equal(load("aggregate_only: [CSE, HSB, TRAF]\n", &p, &err),
                     CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "'CUCK'"));
}

static void unknown_key_suggests(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    assert_int_equal(load("min_count: 8\nmin_cuont: 9\n", &p, &err), CSM_EDATA);
    assert_non_null(strstr(err.msg, ":2:1: unknown key 'min_cuont'"));
    assert_non_null(strstr(err.msg, "did you mean 'min_count'?"));
    assert_int_equal(load("colour: red\n", &p, &err), CSM_EDATA);
    assert_null(strstr(err.msg, "did you mean"));
}

static void malformed_values_and_files(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    assert_int_equal(load("min_count: eight\n", &p, &err), CSM_EDATA);
    assert_non_null(strstr(err.msg, "min_count must be a whole number"));
    assert_int_equal(load("dominance: 0,5\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("containment: maybe\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("kde_kernel: triangular\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("min_count: [8]\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("dominance: 0\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("a: [1,\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("min_count: 8\nmin_count: 9\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("- 1\n- 2\n", &p, &err), CSM_EDATA);
    assert_int_equal(load("", &p, &err), CSM_OK); /* empty: defaults */
    assert_int_equal(load("# nothing\n", &p, &err), CSM_OK);
    assert_int_equal(p.min_count, 8);
    assert_int_equal(csm_policy_load("/nonexistent/policy.yaml", &p, &err),
                     CSM_EIO);
    assert_non_null(strstr(err.msg, "cannot open policy"));
}

static void check_refuses_hand_built_loose_policy(void **state)
{
    csm_policy p;
    csm_error err = {0};

    (void)state;
    csm_policy_defaults(&p);
    p.min_count = 3;
    assert_int_equal(csm_policy_check(&p, &err), CSM_EPRIVACY);
    assert_non_null(strstr(err.msg, "min_count 3 is looser"));
    csm_policy_defaults(&p);
    p.naggregate_only = 0;
    assert_int_equal(csm_policy_check(&p, &err), CSM_EPRIVACY);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(defaults_match_privacy_table),
        cmocka_unit_test(shipped_file_loads_as_the_defaults),
        cmocka_unit_test(stricter_values_load),
        cmocka_unit_test(looser_value_names_key_value_and_limit),
        cmocka_unit_test(rounding_off_needs_single_release),
        cmocka_unit_test(aggregate_only_cannot_drop_the_four),
        cmocka_unit_test(unknown_key_suggests),
        cmocka_unit_test(malformed_values_and_files),
        cmocka_unit_test(check_refuses_hand_built_loose_policy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
