/*
 * native.c - C functions as Nabla functions: a module made by the host and
 * found by import, functions in the builtins and in an existing builtin
 * module, arity checks, user data, nb_raise, help() showing signatures and
 * docs, callbacks into the script, errors passed back through C, and values
 * a C function keeps after the call.
 */
#include "api_test.h"

static nb_vm *vm;
static nb_ref kept[4];
static int nkept;

static bool f_clamp(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    double x;
    if (nb_to_float(v, argv[0], &x) != NB_OK)
        return nb_raise(v, "TypeError", "clamp() needs a number, not %s", nb_type_name(v, argv[0]));
    *result = nb_float(v, x < 0 ? 0 : x > 1 ? 1 : x);
    return *result != NB_NOREF;
}

static bool f_join(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    char buf[256] = "";
    for (int i = 0; i < argc; i++) {
        const char *s;
        if (nb_to_display(v, argv[i], &s) != NB_OK)
            return false;
        if (i)
            strncat(buf, "|", sizeof buf - strlen(buf) - 1);
        strncat(buf, s, sizeof buf - strlen(buf) - 1);
    }
    *result = nb_string(v, buf);
    return *result != NB_NOREF;
}

static bool f_sum(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    int64_t n = nb_list_len(v, argv[0]);
    if (n < 0)
        return false; /* the usage error becomes a TypeError */
    double total = 0;
    for (int64_t i = 0; i < n; i++) {
        nb_ref item = nb_list_get(v, argv[0], i);
        double x;
        nb_status st = nb_to_float(v, item, &x);
        nb_release(v, item);
        if (st != NB_OK)
            return false;
        total += x;
    }
    *result = nb_float(v, total);
    return true;
}

static bool f_lerp(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    double a, b, t;
    if (nb_to_float(v, argv[0], &a) || nb_to_float(v, argv[1], &b) || nb_to_float(v, argv[2], &t))
        return false;
    *result = nb_float(v, a + (b - a) * t);
    return true;
}

static bool f_tick(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    int *ticks = ud;
    *result = nb_int(v, ++*ticks);
    return true;
}

static bool f_fail(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    const char *kind, *msg;
    if (nb_to_string(v, argv[0], &kind, NULL) || nb_to_string(v, argv[1], &msg, NULL))
        return false;
    return nb_raise(v, kind, "%s", msg);
}

/* apply(fn, x): fn(x), with fn's errors passed on unchanged */
static bool f_apply(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    return nb_call(v, argv[0], 1, &argv[1], result) == NB_OK;
}

static bool f_keep(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    if (nkept == 4)
        return nb_raise(v, "IndexError", "keep(): full");
    kept[nkept++] = nb_dup(v, argv[0]);
    return true;
}

static bool f_silent(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    return false; /* fails without saying why */
}

static bool f_dead(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    nb_ref r = nb_int(v, 1);
    nb_release(v, r);
    *result = r; /* a ref already given back */
    return true;
}

static bool f_misuse(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    double x;
    if (nb_to_float(v, argv[0], &x) != NB_OK)
        return false; /* the usage error becomes a TypeError */
    *result = nb_float(v, x);
    return true;
}

static int ticks;

static const nb_function game_fns[] = {
    {"clamp", f_clamp, 1, 1, "game.clamp(x)", "x limited to [0, 1].\n\nExample:\n    >>> game.clamp(2)\n    1.0"},
    {"join", f_join, 0, -1, "game.join(*parts)", "The parts as text, joined by '|'."},
    {"tick", f_tick, 0, 0, NULL, NULL},
    {"fail", f_fail, 2, 2, "game.fail(kind, message)", "Raises kind(message)."},
    {"apply", f_apply, 2, 2, "game.apply(fn, x)", "fn(x)."},
    {"keep", f_keep, 1, 1, "game.keep(x)", "The host keeps x."},
    {"silent", f_silent, 0, 0, "game.silent()", "Fails without raising."},
    {"dead", f_dead, 0, 0, "game.dead()", "Returns a released ref."},
    {"misuse", f_misuse, 1, 1, "game.misuse(x)", "x as a float."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char *script = read_script(argv[1]);
    static Capture out;
    static Counter mem;
    nb_config cfg = {0};
    cfg.write_out = capture_write;
    cfg.output_ud = &out;
    cfg.alloc = counting_alloc;
    cfg.alloc_ud = &mem;
    vm = nb_new(&cfg);
    CHECK(vm != NULL);

    /* registration: strings are copied, so a table built on the stack works */
    char name[16];
    strcpy(name, "host_sum");
    nb_function builtin_fns[] = {
        {name, f_sum, 1, 1, "host_sum(xs)", "The sum of a list of numbers, in C."},
        {NULL, NULL, 0, 0, NULL, NULL},
    };
    CHECK_OK(vm, nb_register(vm, NULL, builtin_fns, NULL));
    memset(name, 'x', sizeof name - 1);
    CHECK_OK(vm, nb_register(vm, "game", game_fns, &ticks));
    CHECK_OK(vm, nb_module_doc(vm, "game", "Functions the game engine gives its scripts."));
    nb_ref level = nb_int(vm, 3);
    CHECK_OK(vm, nb_module_set(vm, "game", "LEVEL", level));
    nb_release(vm, level);
    static const nb_function math_fns[] = {
        {"lerp", f_lerp, 3, 3, "math.lerp(a, b, t)", "a + (b - a) * t."},
        {NULL, NULL, 0, 0, NULL, NULL},
    };
    CHECK_OK(vm, nb_register(vm, "math", math_fns, NULL));

    /* bad tables are refused before anything is registered */
    nb_function bad_arity[] = {{"f", f_tick, 2, 1, NULL, NULL}, {NULL, NULL, 0, 0, NULL, NULL}};
    CHECK(nb_register(vm, "game", bad_arity, NULL) == NB_ERR_USAGE);
    nb_function no_fn[] = {{"f", NULL, 0, 0, NULL, NULL}, {NULL, NULL, 0, 0, NULL, NULL}};
    CHECK(nb_register(vm, "game", no_fn, NULL) == NB_ERR_USAGE);
    CHECK(nb_register(vm, "a.b", game_fns, NULL) == NB_ERR_USAGE);
    CHECK(nb_register(vm, "game", NULL, NULL) == NB_ERR_USAGE);

    CHECK_OK(vm, nb_eval(vm, script, "native.nbl"));
    CHECK_STR(out.text, "native.nbl done\n");
    CHECK(ticks == 2);

    /* values kept by a C function outlive the call and collections */
    CHECK(nkept == 2);
    CHECK_OK(vm, nb_eval(vm, "junk = [[k] * 50 for k in range(20000)]\njunk = None", "churn"));
    CHECK(nb_list_len(vm, kept[0]) == 3);
    const char *s = NULL;
    CHECK_OK(vm, nb_to_string(vm, kept[1], &s, NULL));
    CHECK_STR(s, "kept");
    nb_release(vm, kept[0]);
    nb_release(vm, kept[1]);

    /* help() reads the signature and doc given at registration */
    capture_reset(&out);
    CHECK_OK(vm, nb_eval(vm, "help(game.clamp)", "help"));
    CHECK_STR(out.text, "game.clamp(x)\n    x limited to [0, 1].\n\n    Example:\n        >>> game.clamp(2)\n"
                        "        1.0\n");
    capture_reset(&out);
    CHECK_OK(vm, nb_eval(vm, "help(game)", "help"));
    CHECK_CONTAINS(out.text, "module game\n    Functions the game engine gives its scripts.\n");
    CHECK_CONTAINS(out.text, "    game.join(*parts)\n        The parts as text, joined by '|'.\n");
    CHECK_CONTAINS(out.text, "    tick\n");
    CHECK_CONTAINS(out.text, "LEVEL = 3");
    capture_reset(&out);
    CHECK_OK(vm, nb_eval(vm, "help(host_sum)\nprint(sorted(n for n in dir(game) if n[0] != '_'))",
                         "help"));
    CHECK_CONTAINS(out.text, "host_sum(xs)\n    The sum of a list of numbers, in C.\n");
    CHECK_CONTAINS(out.text, "['LEVEL', 'apply', 'clamp', 'dead', 'fail', 'join', 'keep', 'misuse', "
                             "'silent', 'tick']");

    /* errors from C functions reach the host with their position */
    CHECK(nb_eval(vm, "x = 1\ngame.fail('ValueError', 'bad ' + str(x))", "raise.nbl") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "ValueError");
    CHECK_STR(nb_error(vm)->message, "bad 1");
    CHECK_STR(nb_error(vm)->file, "raise.nbl");
    CHECK(nb_error(vm)->line == 2);
    CHECK(nb_eval(vm, "game.silent()", "silent") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "RuntimeError");
    CHECK_STR(nb_error(vm)->message, "silent() failed without raising an error");
    CHECK(nb_eval(vm, "game.dead()", "dead") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "TypeError");
    CHECK_CONTAINS(nb_error(vm)->message, "which is not live");
    CHECK(nb_eval(vm, "game.misuse('text')", "misuse") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "TypeError");
    CHECK_CONTAINS(nb_error(vm)->message, "misuse(): nb_to_float: ref");
    CHECK_CONTAINS(nb_error(vm)->message, "holds a value of type str, not a number");
    CHECK(nb_eval(vm, "host_sum(5)", "sum") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "TypeError");
    /* an error passed through C keeps the trace of where it was raised */
    CHECK(nb_eval(vm, "def g(v):\n    return v[5]\ngame.apply(g, [1])", "through.nbl") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "IndexError");
    CHECK(nb_error(vm)->line == 2);
    CHECK_CONTAINS(nb_error(vm)->trace, "through.nbl:3:1 in <module>\nthrough.nbl:2:");

    /* the host calls a registered function like any other */
    nb_ref clamp = NB_NOREF, arg = nb_float(vm, 7.0), r = NB_NOREF;
    CHECK_OK(vm, nb_eval_value(vm, "game.clamp", "get", &clamp));
    CHECK_OK(vm, nb_call(vm, clamp, 1, &arg, &r));
    double d = 0;
    CHECK_OK(vm, nb_to_float(vm, r, &d));
    CHECK(d == 1.0);
    nb_release(vm, r);
    CHECK(nb_call(vm, clamp, 0, NULL, &r) == NB_ERR_RUNTIME);
    CHECK(r == NB_NOREF);
    nb_release(vm, arg);
    nb_release(vm, clamp);
    /* nb_raise outside a C function records a failure and changes nothing */
    CHECK(nb_raise(vm, "ValueError", "from the host %d", 7) == false);
    CHECK_STR(nb_error(vm)->message, "from the host 7");
    CHECK_OK(vm, nb_eval(vm, "ok = 1", "after"));

    CHECK(nb_ref_count(vm) == 0);
    nb_free(vm);
    CHECK(mem.live == 0);
    free(script);
    return test_finish("native");
}
