/* test_provenance.c - the provenance sidecar: the record's members, JSON
 * escaping, the same bytes every time, database sources by table and a
 * hash of the query, and SHA-256 digests against known values. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void fill(csm_provenance *p, csm_prov_layer *l, csm_policy *pol)
{
    static const char *const sources[] = {"Police \"open\" data\n2026"};

    memset(p, 0, sizeof *p);
    memset(l, 0, 2 * sizeof *l);
    csm_policy_defaults(pol);
    l[0].name = "areas";
    l[0].kind = "area";
    l[0].sensitivity = "public";
    l[0].source = "data\\areas.geojson";
    strcpy(l[0].sha256, "ab12");
    l[0].rows_read = 25;
    l[1].name = "concerns";
    l[1].kind = "concern";
    l[1].sensitivity = "pseudonymised";
    l[1].source = "cases";
    l[1].pg = 1;
    strcpy(l[1].sha256, "cd34");
    l[1].method = CSM_PROTECT_GRID;
    l[1].cell_m = 500;
    l[1].quantised_m = 1;
    l[1].rows_read = 600;
    l[1].rows_dropped = 3;
    l[1].cells = 87;
    l[1].cells_shown = 10;
    l[1].cells_suppressed = 77;
    p->command = "render";
    p->output = "map.pdf";
    p->spec = "spec.yaml";
    strcpy(p->spec_sha256, "ef56");
    p->pol = pol;
    p->marking = "OFFICIAL-SENSITIVE";
    p->date = "2026-11-20";
    p->statement = "Counts of distinct children under 8 suppressed";
    p->sources = sources;
    p->nsources = 1;
    p->layer = l;
    p->nlayer = 2;
}

static char *json_of(const csm_provenance *p)
{
    csm_buf b;
    char *s;

    csm_buf_init(&b);
    assert_int_equal(csm_provenance_json(p, &b, NULL), 0);
    assert_int_equal(csm_buf_append(&b, "", 1, NULL), 0);
    s = strdup((const char *)b.data);
    csm_buf_release(&b);
    return s;
}

static void record_has_its_members(void **state)
{
    csm_provenance p;
    csm_prov_layer l[2];
    csm_policy pol;
    char *s;

    (void)state;
    fill(&p, l, &pol);
    s = json_of(&p);
    assert_non_null(strstr(s, "\"csmap\": \"" CSM_VERSION "\""));
    assert_non_null(strstr(s, "\"command\": \"render\""));
    assert_non_null(strstr(s, "\"output\": \"map.pdf\""));
    assert_non_null(strstr(s, "\"file\": \"spec.yaml\",\n    \"sha256\": "
                              "\"ef56\""));
    assert_non_null(strstr(s, "\"marking\": \"OFFICIAL-SENSITIVE\""));
    assert_non_null(strstr(s, "\"date\": \"2026-11-20\""));
    assert_non_null(strstr(s, "\"min_count\": 8,"));
    assert_non_null(strstr(s, "\"dominance\": 0.5,"));
    assert_non_null(strstr(s, "\"containment\": true,"));
    assert_non_null(strstr(s, "\"aggregate_only\": [\"CSE\", \"HSB\", "
                              "\"TRAF\", \"CUCK\"]"));
    assert_non_null(strstr(s, "\"file\": null")); /* the default policy */
    assert_non_null(strstr(s, "\"rows_read\": 600,"));
    assert_non_null(strstr(s, "\"rows_dropped\": 3,"));
    assert_non_null(strstr(s, "\"cells_suppressed\": 77,"));
    assert_non_null(strstr(s, "\"quantised_m\": 1,"));
    assert_non_null(strstr(s, "\"method\": \"grid\"\n"));
    assert_non_null(strstr(s, "\"protection\": null"));
    /* a database table: its name and the query's hash, no "file" */
    assert_non_null(strstr(s, "\"table\": \"cases\",\n        "
                              "\"query_sha256\": \"cd34\""));
    /* nothing the struct could not give: no key, seed or radius */
    assert_null(strstr(s, "key"));
    assert_null(strstr(s, "seed"));
    assert_null(strstr(s, "radius"));
    assert_int_equal(s[strlen(s) - 1], '\n');
    free(s);
}

static void strings_are_escaped(void **state)
{
    csm_provenance p;
    csm_prov_layer l[2];
    csm_policy pol;
    char *s;

    (void)state;
    fill(&p, l, &pol);
    p.marking = "tab\there \x01 \x7f";
    s = json_of(&p);
    assert_non_null(strstr(s, "[\"Police \\\"open\\\" data\\n2026\"]"));
    assert_non_null(strstr(s, "\"file\": \"data\\\\areas.geojson\""));
    assert_non_null(strstr(s, "\"marking\": \"tab\\there \\u0001 \\u007f\""));
    free(s);
}

static void same_struct_same_bytes(void **state)
{
    csm_provenance p;
    csm_prov_layer l[2];
    csm_policy pol;
    char *a, *b;

    (void)state;
    fill(&p, l, &pol);
    a = json_of(&p);
    b = json_of(&p);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void nothing_protected_no_policy(void **state)
{
    csm_provenance p;
    csm_prov_layer l[2];
    csm_policy pol;
    char *s;

    (void)state;
    fill(&p, l, &pol);
    p.pol = NULL;
    p.spec = NULL;
    p.date = NULL;
    p.nsources = 0;
    p.nlayer = 0;
    s = json_of(&p);
    assert_non_null(strstr(s, "\"policy\": null,"));
    assert_non_null(strstr(s, "\"spec\": null,"));
    assert_non_null(strstr(s, "\"date\": null,"));
    assert_non_null(strstr(s, "\"sources\": [],"));
    assert_non_null(strstr(s, "\"layers\": [\n  ]\n}\n"));
    free(s);
}

static void digests_are_sha256(void **state)
{
    char hex[CSM_SHA256_HEX], path[] = "/tmp/csm-digest-XXXXXX";
    csm_error err = {0, ""};
    int fd;

    (void)state;
    assert_int_equal(csm_digest_text("abc", hex, &err), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
    assert_int_equal(csm_digest_text("", hex, &err), 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "abc", 3), 3);
    close(fd);
    assert_int_equal(csm_digest_file(path, hex, &err), 0);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
    unlink(path);
    assert_int_equal(csm_digest_file(path, hex, &err), CSM_EIO);
    assert_non_null(strstr(err.msg, path));
    assert_string_equal(hex, "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(record_has_its_members),
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(same_struct_same_bytes),
        cmocka_unit_test(nothing_protected_no_policy),
        cmocka_unit_test(digests_are_sha256),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
