/* test_vocab.c - the built-in harm vocabulary, the shipped styles' symbols
 * for it, a spec's VALUE: CODE categories, and mapping a layer's values
 * onto codes (analyse/categories.c) with unmatched values counted.  Run
 * from the repository root. */
#include "check.h"
#include "csmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const codes[] = {"CCE",  "CSE",  "CL",  "SYV",    "TRAF",
                                    "MISS", "CUCK", "HSB", "ONLINE", "OTHER"};

static csm_style *load_style(const char *path)
{
    csm_error err = {0, ""};
    csm_style *st = NULL;

    if (csm_style_load(path, &st, &err))
        fail_msg("%s", err.msg);
    return st;
}

static unsigned hex_of(csm_rgba c)
{
    return (unsigned)lround(c.r * 255) << 24 |
           (unsigned)lround(c.g * 255) << 16 |
           (unsigned)lround(c.b * 255) << 8 | (unsigned)lround(c.a * 255);
}

/* A layer of one text field "harm" with the given values (NULL: empty). */
static csm_layer *harm_layer(const char *const *v, size_t n)
{
    static const char *const fields[] = {"harm"};
    csm_error err = {0, ""};
    csm_layer *l = csm_layer_new("concerns", fields, 1);
    csm_xy p = {1000, 2000};
    size_t i;

    assert_non_null(l);
    for (i = 0; i < n; i++) {
        csm_feature f;
        memset(&f, 0, sizeof f);
        csm_geom_init(&f.geom, CSM_GEOM_POINT);
        assert_int_equal(csm_geom_add_part(&f.geom, &p, 1, &err), 0);
        f.val = calloc(1, sizeof *f.val);
        f.val[0] = v[i] ? strdup(v[i]) : NULL;
        f.row = (long)i + 1;
        assert_int_equal(csm_layer_add(l, &f, &err), 0);
    }
    return l;
}

/* ---- the vocabulary and the shipped styles -------------------------- */

static void vocabulary_has_the_ten_codes_each_its_own_symbol(void **state)
{
    size_t n, i, j;
    const csm_vocab *v = csm_vocab_harm(&n);

    (void)state;
    assert_int_equal(n, 10);
    for (i = 0; i < n; i++) {
        assert_string_equal(v[i].code, codes[i]);
        assert_true(strlen(v[i].label) > 4);
        assert_true(v[i].shape != CSM_SHAPE_NONE);
        for (j = 0; j < i; j++) {
            /* colour AND shape: no two codes share both, in either style */
            assert_false(v[i].shape == v[j].shape && v[i].fill == v[j].fill);
            assert_false(v[i].shape == v[j].shape && v[i].grey == v[j].grey);
            assert_true(v[i].fill != v[j].fill);
        }
    }
    assert_ptr_equal(csm_vocab_find(v, n, "cuck"), &v[6]);
    assert_null(csm_vocab_find(v, n, "CCX"));
    assert_true(csm_vocab_kind(CSM_KIND_CONCERN));
    assert_true(csm_vocab_kind(CSM_KIND_ANNOTATION));
    assert_false(csm_vocab_kind(CSM_KIND_SCHOOL));
}

/* The shipped styles draw each code as the table says, and the concern
 * kind's own symbol (a value mapped to no code) looks like none of them. */
static void check_style(const char *path, int grey)
{
    csm_style *st = load_style(path);
    const csm_style_kind *k = &st->kind[CSM_KIND_CONCERN];
    size_t n, i;
    const csm_vocab *v = csm_vocab_harm(&n);

    for (i = 0; i < n; i++) {
        csm_layer_spec ls;
        const char *label = NULL;
        csm_symbol s;
        memset(&ls, 0, sizeof ls);
        ls.kind = CSM_KIND_CONCERN;
        s = csm_style_resolve(st, &ls, v[i].code, &label);
        assert_string_equal(label, v[i].label);
        assert_int_equal(s.shape, v[i].shape);
        assert_int_equal(hex_of(s.fill), grey ? v[i].grey : v[i].fill);
        assert_int_equal(s.hatch, grey ? v[i].grey_hatch : v[i].hatch);
        assert_false(k->sym.shape == s.shape &&
                     hex_of(k->sym.fill) == hex_of(s.fill));
    }
    csm_style_free(st);
}

static void shipped_styles_agree_with_the_vocabulary(void **state)
{
    (void)state;
    check_style("styles/default.yaml", 0);
    check_style("styles/greyscale.yaml", 1);
}

/* A style without categories still has the vocabulary (built in). */
static void a_bare_style_starts_with_the_vocabulary(void **state)
{
    char path[] = "/tmp/csm-vocab-XXXXXX";
    int fd = mkstemp(path);
    csm_style *st;
    csm_layer_spec ls;
    const char *label = NULL;
    csm_symbol s;

    (void)state;
    assert_true(fd >= 0);
    assert_true(write(fd, "name: bare\n", 11) == 11);
    close(fd);
    st = load_style(path);
    unlink(path);
    memset(&ls, 0, sizeof ls);
    ls.kind = CSM_KIND_CONCERN;
    s = csm_style_resolve(st, &ls, "cse", &label);
    assert_string_equal(label, "Child sexual exploitation");
    assert_int_equal(s.shape, CSM_SHAPE_SQUARE);
    ls.kind = CSM_KIND_SAFETY_MAP;
    s = csm_style_resolve(st, &ls, "few", &label);
    assert_int_equal(s.hatch, CSM_HATCH_HORIZONTAL);
    csm_style_free(st);
}

/* ---- a spec's VALUE: CODE --------------------------------------------- */

static void spec_scalar_category_is_a_mapping(void **state)
{
    char dir[] = "/tmp/csm-vocab-XXXXXX", path[64];
    csm_error err = {0, ""};
    csm_spec *s = NULL;
    csm_style *st = load_style("styles/default.yaml");
    const char *label = NULL;
    csm_symbol sym;
    FILE *fp;

    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/spec.yaml", dir);
    fp = fopen(path, "w");
    assert_non_null(fp);
    fputs("title: t\nlayers:\n  - name: c\n    source: c.csv\n"
          "    kind: concern\n    category: harm\n    categories:\n"
          "      \"Drug supply\": CCE\n"
          "      Knife: {label: Knife-enabled crime, shape: star}\n",
          fp);
    fclose(fp);
    if (csm_spec_load(path, &s, &err))
        fail_msg("%s", err.msg);
    unlink(path);
    rmdir(dir);
    assert_int_equal(s->layer[0].ncls, 2);
    assert_string_equal(s->layer[0].cls[0].value, "Drug supply");
    assert_string_equal(s->layer[0].cls[0].code, "CCE");
    assert_null(s->layer[0].cls[0].label);
    assert_null(s->layer[0].cls[1].code);
    /* drawn and named as the code it maps to */
    sym = csm_style_resolve(st, &s->layer[0], "Drug supply", &label);
    assert_string_equal(label, "Child criminal exploitation");
    assert_int_equal(sym.shape, CSM_SHAPE_CIRCLE);
    assert_int_equal(hex_of(sym.fill), 0xe69f00ffu);
    csm_spec_free(s);
    csm_style_free(st);
}

/* ---- mapping a layer --------------------------------------------------- */

typedef struct fixture {
    csm_style *style;
    csm_layer_spec ls;
    csm_class cls[3];
} fixture;

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);

    fx->style = load_style("styles/default.yaml");
    fx->ls.name = (char *)"concerns";
    fx->ls.kind = CSM_KIND_CONCERN;
    fx->cls[0].value = (char *)"Drug supply";
    fx->cls[0].code = (char *)"cce";
    fx->cls[1].value = (char *)"Knife";
    fx->cls[1].label = (char *)"Knife-enabled crime";
    fx->cls[1].sym.set = CSM_SET_SHAPE;
    fx->cls[1].sym.shape = CSM_SHAPE_STAR;
    fx->cls[2].value = (char *)"Blade";
    fx->cls[2].code = (char *)"knife";
    fx->ls.cls = fx->cls;
    fx->ls.ncls = 3;
    *state = fx;
    return 0;
}

static int teardown(void **state)
{
    fixture *fx = *state;

    csm_style_free(fx->style);
    free(fx);
    return 0;
}

static void values_map_onto_codes_and_unknowns_are_counted(void **state)
{
    static const char *const in[] = {"Drug supply", "cse",   "Blade",
                                     "Fraud",       NULL,    "Fraud",
                                     "Knife",       "Arson", "OTHER"};
    static const char *const out[] = {"CCE",   "CSE",   "Knife", "Fraud", NULL,
                                      "Fraud", "Knife", "Arson", "OTHER"};
    fixture *fx = *state;
    csm_layer *l = harm_layer(in, 9);
    csm_category_report rep;
    csm_error err = {0, ""};
    size_t i;

    assert_int_equal(
        csm_analyse_categories(l, 0, &fx->ls, fx->style, &rep, &err), 0);
    for (i = 0; i < 9; i++) {
        const char *v = csm_layer_value(l, i, 0);
        if (out[i])
            assert_string_equal(v, out[i]);
        else
            assert_null(v);
    }
    assert_int_equal(rep.rows, 8);
    assert_int_equal(rep.mapped, 2);  /* Drug supply, Blade */
    assert_int_equal(rep.nothing, 3); /* Fraud x2, Arson */
    assert_int_equal(rep.free_text, 0);
    assert_int_equal(rep.nvalue, 2); /* each reported once, with its rows */
    assert_string_equal(rep.value[0].value, "Fraud");
    assert_int_equal(rep.value[0].rows, 2);
    assert_string_equal(rep.value[1].value, "Arson");
    assert_int_equal(rep.value[1].rows, 1);
    csm_analyse_report_release(&rep);
    assert_null(rep.value);
    csm_layer_free(l);
}

static void a_mapping_onto_nothing_is_an_error(void **state)
{
    static const char *const in[] = {"Drug supply"};
    fixture *fx = *state;
    csm_layer *l = harm_layer(in, 1);
    csm_category_report rep;
    csm_error err = {0, ""};

    fx->cls[0].code = (char *)"CCX";
    assert_int_equal(
        csm_analyse_categories(l, 0, &fx->ls, fx->style, &rep, &err),
        CSM_EDATA);
    assert_non_null(strstr(err.msg, "layer 'concerns': category 'Drug supply' "
                                    "maps to 'CCX'"));
    assert_non_null(strstr(err.msg, "(did you mean 'CCE'?)"));
    assert_string_equal(csm_layer_value(l, 0, 0), "Drug supply");
    /* one step only: a mapping onto a mapping */
    fx->cls[0].code = (char *)"Blade";
    assert_int_equal(
        csm_analyse_categories(l, 0, &fx->ls, fx->style, &rep, &err),
        CSM_EDATA);
    assert_non_null(strstr(err.msg, "which itself maps to 'knife'"));
    csm_layer_free(l);
}

static void free_text_and_personal_values_are_not_listed(void **state)
{
    const char *in[24];
    char buf[24][32];
    fixture *fx = *state;
    csm_category_report rep;
    csm_error err = {0, ""};
    csm_layer *l;
    size_t i;

    for (i = 0; i < 24; i++) { /* one-off texts: notes, not categories */
        snprintf(buf[i], sizeof buf[i], "seen near shop %zu", i);
        in[i] = buf[i];
    }
    l = harm_layer(in, 24);
    assert_int_equal(
        csm_analyse_categories(l, 0, &fx->ls, fx->style, &rep, &err), 0);
    assert_int_equal(rep.nothing, 24);
    assert_int_equal(rep.free_text, 1);
    assert_int_equal(rep.nvalue, 0);
    assert_null(rep.value);
    csm_analyse_report_release(&rep);
    csm_layer_free(l);

    in[0] = "call 07700 900123"; /* a phone number is never printed */
    in[1] = "call 07700 900123";
    l = harm_layer(in, 2);
    assert_int_equal(
        csm_analyse_categories(l, 0, &fx->ls, fx->style, &rep, &err), 0);
    assert_int_equal(rep.free_text, 1);
    assert_int_equal(rep.nvalue, 0);
    csm_analyse_report_release(&rep);
    csm_layer_free(l);
}

static void other_kinds_map_onto_style_classes_only(void **state)
{
    static const char *const in[] = {"Main Road", "CCE"};
    fixture *fx = *state;
    csm_layer *l = harm_layer(in, 2);
    csm_category_report rep;
    csm_error err = {0, ""};

    fx->ls.kind = CSM_KIND_BASE;
    fx->ls.ncls = 0;
    assert_int_equal(
        csm_analyse_categories(l, 0, &fx->ls, fx->style, &rep, &err), 0);
    assert_string_equal(csm_layer_value(l, 0, 0), "main road");
    assert_int_equal(rep.nothing, 1); /* a harm code means nothing here */
    csm_analyse_report_release(&rep);
    /* no field: nothing to do */
    assert_int_equal(
        csm_analyse_categories(l, -1, &fx->ls, fx->style, &rep, &err), 0);
    assert_int_equal(rep.rows, 0);
    csm_layer_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vocabulary_has_the_ten_codes_each_its_own_symbol),
        cmocka_unit_test(shipped_styles_agree_with_the_vocabulary),
        cmocka_unit_test(a_bare_style_starts_with_the_vocabulary),
        cmocka_unit_test(spec_scalar_category_is_a_mapping),
        cmocka_unit_test_setup_teardown(
            values_map_onto_codes_and_unknowns_are_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(a_mapping_onto_nothing_is_an_error,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            free_text_and_personal_values_are_not_listed, setup, teardown),
        cmocka_unit_test_setup_teardown(other_kinds_map_onto_style_classes_only,
                                        setup, teardown),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
