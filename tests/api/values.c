/*
 * values.c - values in and out through refs: constructors and readers of
 * every kind, lists and dicts both ways, globals by ref, attributes, calls
 * into script functions (and their errors), and the ref table's rules
 * (release, reuse, bad refs are usage errors, values stay alive while held).
 */
#include <math.h>

#include "api_test.h"

static nb_vm *vm;

static int64_t int_of(nb_ref r)
{
    int64_t v = -999;
    CHECK_OK(vm, nb_to_int(vm, r, &v));
    return v;
}

static const char *str_of(nb_ref r)
{
    const char *s = NULL;
    CHECK_OK(vm, nb_to_string(vm, r, &s, NULL));
    return s ? s : "";
}

/* Calls global `fn` with args and returns the result (NB_NOREF on error). */
static nb_ref call(const char *fn, int argc, const nb_ref *args)
{
    nb_ref f = nb_get_global(vm, fn), out = NB_NOREF;
    CHECK(f != NB_NOREF);
    nb_status st = nb_call(vm, f, argc, args, &out);
    if (st != NB_OK)
        CHECK(out == NB_NOREF);
    nb_release(vm, f);
    return out;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char *script = read_script(argv[1]);
    static Counter mem;
    nb_config cfg = {0};
    cfg.alloc = counting_alloc;
    cfg.alloc_ud = &mem;
    vm = nb_new(&cfg);
    CHECK(vm != NULL);
    CHECK_OK(vm, nb_eval(vm, script, "values.nbl"));
    int base_refs = nb_ref_count(vm);
    CHECK(base_refs == 0);

    /* scalars in and out */
    nb_ref n = nb_none(vm), t = nb_bool(vm, true), i = nb_int(vm, -42), f = nb_float(vm, 0.5);
    nb_ref s = nb_string(vm, "héllo");
    CHECK(nb_type_of(vm, n) == NB_TYPE_NONE && nb_type_of(vm, t) == NB_TYPE_BOOL);
    CHECK(nb_type_of(vm, i) == NB_TYPE_INT && nb_type_of(vm, f) == NB_TYPE_FLOAT);
    CHECK(nb_type_of(vm, s) == NB_TYPE_STRING);
    CHECK_STR(nb_type_name(vm, f), "float");
    CHECK(int_of(i) == -42 && int_of(t) == 1);
    double d = 0;
    CHECK_OK(vm, nb_to_float(vm, f, &d));
    CHECK(d == 0.5);
    CHECK_OK(vm, nb_to_float(vm, i, &d));
    CHECK(d == -42.0);
    size_t len = 0;
    const char *text = NULL;
    CHECK_OK(vm, nb_to_string(vm, s, &text, &len));
    CHECK(len == 6 && strcmp(text, "héllo") == 0);
    CHECK(nb_to_int(vm, f, &(int64_t){0}) == NB_ERR_USAGE); /* no silent truncation */
    CHECK_CONTAINS(nb_error(vm)->message, "holds a value of type float, not an int");
    CHECK(nb_to_float(vm, s, &d) == NB_ERR_USAGE);
    CHECK(nb_to_string(vm, i, &text, NULL) == NB_ERR_USAGE);
    bool b = true;
    CHECK_OK(vm, nb_to_bool(vm, n, &b));
    CHECK(!b);
    CHECK_OK(vm, nb_to_bool(vm, s, &b));
    CHECK(b);

    /* strings with NUL bytes; invalid UTF-8 is refused */
    nb_ref z = nb_string_len(vm, "a\0b", 3);
    CHECK_OK(vm, nb_to_string(vm, z, &text, &len));
    CHECK(len == 3 && text[1] == '\0' && text[2] == 'b');
    CHECK(nb_string(vm, "bad \xff byte") == NB_NOREF);
    CHECK(nb_error(vm)->status == NB_ERR_USAGE);
    CHECK(nb_string_len(vm, "\xed\xa0\x80", 3) == NB_NOREF); /* a surrogate */
    CHECK(nb_string(vm, NULL) == NB_NOREF);

    /* values the script sees: describe() of each */
    nb_ref all[] = {n, t, i, f, s};
    const char *want[] = {"NoneType:None", "bool:True", "int:-42", "float:0.5", "str:héllo"};
    for (int k = 0; k < 5; k++) {
        nb_ref r = call("describe", 1, &all[k]);
        CHECK_STR(str_of(r), want[k]);
        nb_release(vm, r);
    }

    /* lists: built by the host, summed by the script */
    nb_ref list = nb_list_new(vm);
    for (int k = 1; k <= 100; k++) {
        nb_ref item = nb_int(vm, k);
        CHECK_OK(vm, nb_list_append(vm, list, item));
        nb_release(vm, item);
    }
    CHECK(nb_list_len(vm, list) == 100);
    nb_ref sum = call("total", 1, &list);
    CHECK(int_of(sum) == 5050);
    nb_release(vm, sum);
    nb_ref last = nb_list_get(vm, list, -1);
    CHECK(int_of(last) == 100);
    CHECK_OK(vm, nb_list_set(vm, list, 0, f));
    nb_ref first = nb_list_get(vm, list, 0);
    CHECK(nb_type_of(vm, first) == NB_TYPE_FLOAT);
    CHECK(nb_list_get(vm, list, 100) == NB_NOREF);
    CHECK_CONTAINS(nb_error(vm)->message, "index 100 is out of range for a length of 100");
    CHECK(nb_list_get(vm, list, -101) == NB_NOREF);
    CHECK(nb_list_len(vm, s) == -1);
    CHECK(nb_list_append(vm, s, i) == NB_ERR_USAGE);
    nb_release(vm, last);
    nb_release(vm, first);

    /* a default argument and an error inside the called function */
    nb_ref args2[] = {list, nb_int(vm, 5)};
    nb_ref picked = call("pick", 2, args2);
    CHECK(int_of(picked) == 6);
    nb_release(vm, picked);
    nb_release(vm, args2[1]);
    args2[1] = nb_int(vm, 1000);
    CHECK(call("pick", 2, args2) == NB_NOREF);
    CHECK(nb_error(vm)->status == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "IndexError");
    CHECK_STR(nb_error(vm)->file, "values.nbl");
    CHECK(nb_error(vm)->line == 18);
    nb_release(vm, args2[1]);
    CHECK(call("pick", 0, NULL) == NB_NOREF);
    CHECK_STR(nb_error(vm)->kind, "TypeError");
    CHECK(nb_call(vm, s, 0, NULL, NULL) == NB_ERR_RUNTIME); /* a str is not callable */
    CHECK_CONTAINS(nb_error(vm)->message, "not callable");

    /* dicts: built by the host, transformed by the script, read back */
    nb_ref dict = nb_dict_new(vm);
    nb_ref v1 = nb_float(vm, 1.5), v2 = nb_int(vm, 4), k3 = nb_int(vm, 3);
    CHECK_OK(vm, nb_dict_set(vm, dict, "lr", v1));
    CHECK_OK(vm, nb_dict_set(vm, dict, "epochs", v2));
    CHECK(nb_dict_len(vm, dict) == 2);
    nb_ref args3[] = {dict, nb_int(vm, 2)};
    nb_ref scaled = call("scale_all", 2, args3);
    CHECK(nb_type_of(vm, scaled) == NB_TYPE_DICT);
    nb_ref lr = nb_dict_get(vm, scaled, "lr"), ep = nb_dict_get(vm, scaled, "epochs");
    CHECK_OK(vm, nb_to_float(vm, lr, &d));
    CHECK(d == 3.0 && int_of(ep) == 8);
    CHECK(nb_dict_get(vm, scaled, "missing") == NB_NOREF);
    CHECK_CONTAINS(nb_error(vm)->message, "no key 'missing'");
    CHECK_OK(vm, nb_dict_set_ref(vm, dict, k3, s));
    nb_ref got = nb_dict_get_ref(vm, dict, k3);
    CHECK_STR(str_of(got), "héllo");
    CHECK(nb_dict_set_ref(vm, dict, list, s) == NB_ERR_RUNTIME); /* a list is unhashable */
    CHECK_STR(nb_error(vm)->kind, "TypeError");
    nb_ref keys = nb_dict_keys(vm, dict);
    CHECK(nb_list_len(vm, keys) == 3);
    nb_ref k0 = nb_list_get(vm, keys, 0);
    CHECK_STR(str_of(k0), "lr");
    nb_release(vm, k0);
    nb_release(vm, keys);
    nb_release(vm, got);
    nb_release(vm, lr);
    nb_release(vm, ep);
    nb_release(vm, scaled);
    nb_release(vm, args3[1]);

    /* reading the script's own values */
    nb_ref rec = nb_get_global(vm, "record");
    nb_ref tags = nb_dict_get(vm, rec, "tags"), year = nb_dict_get(vm, rec, "year");
    CHECK(nb_list_len(vm, tags) == 2 && int_of(year) == 1815);
    nb_ref tag1 = nb_list_get(vm, tags, 1);
    CHECK_STR(str_of(tag1), "engines");
    nb_ref seven = nb_int(vm, 7), sv = nb_dict_get_ref(vm, rec, seven);
    CHECK_STR(str_of(sv), "seven");
    nb_ref mixed = nb_get_global(vm, "mixed");
    CHECK(nb_type_of(vm, mixed) == NB_TYPE_TUPLE && nb_list_len(vm, mixed) == 5);
    nb_ref m1 = nb_list_get(vm, mixed, 1);
    CHECK_OK(vm, nb_to_float(vm, m1, &d));
    CHECK(d == 2.5);
    CHECK(nb_list_append(vm, mixed, i) == NB_ERR_USAGE); /* tuples are read-only */
    nb_ref big = nb_get_global(vm, "big");
    CHECK(int_of(big) == (int64_t)1 << 62);
    nb_ref ratio = nb_get_global(vm, "ratio");
    CHECK_OK(vm, nb_to_float(vm, ratio, &d));
    CHECK(fabs(d - 1.5707963267948966) < 1e-15);
    const char *shown = NULL;
    CHECK_OK(vm, nb_to_display(vm, mixed, &shown));
    CHECK_STR(shown, "(1, 2.5, True, None, 's')");
    nb_ref refs[] = {rec, tags, year, tag1, seven, sv, mixed, m1, big, ratio};
    for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++)
        CHECK_OK(vm, nb_release(vm, refs[k]));

    /* builtins through nb_get_global, attributes, callable instances */
    nb_ref len_fn = nb_get_global(vm, "len");
    CHECK(nb_type_of(vm, len_fn) == NB_TYPE_FUNCTION);
    nb_ref l100 = NB_NOREF;
    CHECK_OK(vm, nb_call(vm, len_fn, 1, &list, &l100));
    CHECK(int_of(l100) == 100);
    nb_ref upper = nb_get_attr(vm, s, "upper"), up = NB_NOREF;
    CHECK_OK(vm, nb_call(vm, upper, 0, NULL, &up));
    CHECK_STR(str_of(up), "HÉLLO");
    CHECK(nb_get_attr(vm, s, "nope") == NB_NOREF);
    CHECK_STR(nb_error(vm)->kind, "AttributeError");
    nb_ref counter = nb_get_global(vm, "counter");
    CHECK(nb_type_of(vm, counter) == NB_TYPE_FUNCTION);
    CHECK_STR(nb_type_name(vm, counter), "Counter");
    nb_ref step = nb_int(vm, 5), c1 = NB_NOREF;
    CHECK_OK(vm, nb_call(vm, counter, 1, &step, &c1));
    CHECK(int_of(c1) == 15);
    nb_ref field = nb_get_attr(vm, counter, "n");
    CHECK(int_of(field) == 15);
    nb_ref refs2[] = {len_fn, l100, upper, up, counter, step, c1, field};
    for (size_t k = 0; k < sizeof refs2 / sizeof refs2[0]; k++)
        nb_release(vm, refs2[k]);

    /* globals by ref, both ways */
    CHECK_OK(vm, nb_set_global(vm, "from_host", list));
    nb_ref r = NB_NOREF;
    CHECK_OK(vm, nb_eval_value(vm, "len(from_host) + from_host[-1]", "g", &r));
    CHECK(int_of(r) == 200);
    nb_release(vm, r);
    CHECK(nb_get_global(vm, "not_defined") == NB_NOREF);
    CHECK(nb_error(vm)->status == NB_ERR_USAGE);

    /* a held value survives collections after the script drops it */
    CHECK_OK(vm, nb_eval_value(vm, "tmp = [str(k) * 3 for k in range(50)]\ntmp", "tmp", &r));
    CHECK_OK(vm, nb_eval(vm, "tmp = None\njunk = [[k] * 100 for k in range(20000)]\njunk = None",
                         "churn"));
    nb_ref item = nb_list_get(vm, r, 49);
    CHECK_STR(str_of(item), "494949");
    nb_release(vm, item);
    nb_release(vm, r);

    /* the ref table: released refs are dead, numbers are reused */
    nb_ref a = nb_int(vm, 1);
    CHECK_OK(vm, nb_release(vm, a));
    CHECK(nb_release(vm, a) == NB_ERR_USAGE);
    CHECK_CONTAINS(nb_error(vm)->message, "is not live");
    CHECK(nb_type_of(vm, a) == NB_TYPE_INVALID);
    CHECK(nb_to_int(vm, a, &(int64_t){0}) == NB_ERR_USAGE);
    CHECK(nb_to_int(vm, 123456, &(int64_t){0}) == NB_ERR_USAGE);
    CHECK(nb_to_int(vm, -3, &(int64_t){0}) == NB_ERR_USAGE);
    CHECK(nb_to_int(vm, NB_NOREF, &(int64_t){0}) == NB_ERR_USAGE);
    CHECK(nb_release(vm, NB_NOREF) == NB_OK);
    nb_ref again = nb_int(vm, 2);
    CHECK(again == a);
    nb_ref dup = nb_dup(vm, again);
    CHECK(dup != again && int_of(dup) == 2);
    nb_release(vm, again);
    CHECK(int_of(dup) == 2);
    nb_release(vm, dup);

    nb_release(vm, n);
    nb_release(vm, t);
    nb_release(vm, i);
    nb_release(vm, f);
    nb_release(vm, s);
    nb_release(vm, z);
    nb_release(vm, list);
    nb_release(vm, dict);
    nb_release(vm, v1);
    nb_release(vm, v2);
    nb_release(vm, k3);
    CHECK(nb_ref_count(vm) == 0);
    nb_free(vm);
    CHECK(mem.live == 0);
    free(script);
    return test_finish("values");
}
