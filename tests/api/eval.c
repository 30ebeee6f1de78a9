/*
 * eval.c - running source through the API: statuses, the structured error
 * (kind, message, file, line, column, report, trace), values of a final
 * expression, output callbacks, and state kept across calls and errors.
 */
#include "api_test.h"

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char *script = read_script(argv[1]);
    static Capture out, err;
    nb_config cfg = {0};
    cfg.write_out = capture_write;
    cfg.output_ud = &out;
    nb_vm *vm = nb_new(&cfg);
    CHECK(vm != NULL);

    CHECK_OK(vm, nb_eval(vm, script, "eval.nbl"));
    CHECK_STR(out.text, "script loaded\n");
    CHECK(nb_error(vm)->status == NB_OK);

    /* globals by name */
    const char *s = NULL;
    CHECK_OK(vm, nb_get_string(vm, "greeting", &s));
    CHECK_STR(s, "hello from nabla");
    CHECK_OK(vm, nb_eval(vm, "a = area(3, 4)\nb = area(2.5, 2)", "use"));
    int64_t a = 0, calls = 0;
    double b = 0;
    CHECK_OK(vm, nb_get_int(vm, "a", &a));
    CHECK_OK(vm, nb_get_float(vm, "b", &b));
    CHECK_OK(vm, nb_get_int(vm, "calls", &calls));
    CHECK(a == 12 && b == 5.0 && calls == 2);
    CHECK(nb_get_int(vm, "b", &a) == NB_ERR_USAGE); /* a float is not an int */
    CHECK_CONTAINS(nb_error(vm)->message, "not an int");
    CHECK(nb_get_float(vm, "nowhere", &b) == NB_ERR_USAGE);
    CHECK_STR(nb_error(vm)->kind, "UsageError");
    CHECK_CONTAINS(nb_error(vm)->message, "nowhere");
    CHECK_OK(vm, nb_set_int(vm, "w", 7));
    CHECK_OK(vm, nb_set_string(vm, "label", "w is"));
    capture_reset(&out);
    CHECK_OK(vm, nb_eval(vm, "print(label, w * 6)", "print"));
    CHECK_STR(out.text, "w is 42\n");

    /* the value of a final expression */
    nb_ref r = NB_NOREF;
    CHECK_OK(vm, nb_eval(vm, "x = 5", "value"));
    CHECK_OK(vm, nb_eval_value(vm, "x * area(2, 3)", "value", &r));
    int64_t v = 0;
    CHECK_OK(vm, nb_to_int(vm, r, &v));
    CHECK(v == 30);
    CHECK_OK(vm, nb_release(vm, r));
    CHECK_OK(vm, nb_eval_value(vm, "y = 1", "stmt", &r));
    CHECK(nb_type_of(vm, r) == NB_TYPE_NONE);
    nb_release(vm, r);

    /* a syntax error: status, position, message, and no code ran */
    CHECK(nb_eval(vm, "w = 0\nif w\n    pass\n", "bad.nbl") == NB_ERR_SYNTAX);
    const nb_error_info *e = nb_error(vm);
    CHECK(e->status == NB_ERR_SYNTAX);
    CHECK_STR(e->kind, "SyntaxError");
    CHECK_STR(e->file, "bad.nbl");
    CHECK(e->line == 2 && e->column == 5);
    CHECK_CONTAINS(e->message, "expected ':'");
    CHECK_CONTAINS(e->report, "bad.nbl:2");
    CHECK_OK(vm, nb_get_int(vm, "w", &v));
    CHECK(v == 7);

    /* a runtime error three calls deep: where it happened, and the trace */
    CHECK(nb_eval(vm, "outer(-2)", "call.nbl") == NB_ERR_RUNTIME);
    e = nb_error(vm);
    CHECK_STR(e->kind, "ValueError");
    CHECK_STR(e->message, "expected a positive number, got -2");
    CHECK_STR(e->file, "eval.nbl");
    CHECK(e->line == 13 && e->column > 0);
    CHECK_STR(e->trace, "call.nbl:1:1 in <module>\n"
                        "eval.nbl:17:12 in outer\n"
                        "eval.nbl:20:12 in middle\n"
                        "eval.nbl:13:9 in check_positive\n");
    CHECK_CONTAINS(e->report, "ValueError");
    CHECK_CONTAINS(e->report, "raise ValueError");

    /* the error info stays until the next failure, even across successes */
    CHECK_OK(vm, nb_eval(vm, "z = check_positive(3)", "ok"));
    CHECK(nb_error(vm)->status == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "ValueError");

    /* an error caught by the script is not the host's */
    capture_reset(&out);
    CHECK_OK(vm, nb_eval(vm, "try:\n    outer(0)\nexcept ValueError as ex:\n    print('caught:', ex)",
                         "catch"));
    CHECK_STR(out.text, "caught: expected a positive number, got 0\n");

    /* uncaught errors reach neither callback: the host decides what to show */
    nb_free(vm);
    nb_config cfg2 = {0};
    cfg2.write_out = capture_write;
    cfg2.write_err = capture_write;
    capture_reset(&err);
    cfg2.output_ud = &err;
    vm = nb_new(&cfg2);
    CHECK(nb_eval(vm, "print('before')\n1 / 0", NULL) == NB_ERR_RUNTIME);
    CHECK_STR(err.text, "before\n");
    CHECK_STR(nb_error(vm)->file, "<eval>");
    CHECK_STR(nb_error(vm)->kind, "ZeroDivisionError");
    CHECK(nb_eval(vm, NULL, NULL) == NB_ERR_USAGE);
    nb_free(vm);
    nb_free(NULL);

    /* the version is the build's */
    CHECK(nb_version() && nb_version()[0] >= '0' && nb_version()[0] <= '9');
    free(script);
    return test_finish("eval");
}
