/*
 * test_api.c - the embedding API, used only through include/nabla.h.
 */
#include <stdio.h>
#include <string.h>

#include "nabla.h"

static int failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        if (!(cond)) {                                                               \
            fprintf(stderr, "test_api.c:%d: check failed: %s\n", __LINE__, #cond);   \
            failures++;                                                              \
        }                                                                            \
    } while (0)

static char captured[4096];
static size_t captured_len;

static void capture(void *ud, const char *text, size_t len)
{
    (void)ud;
    if (captured_len + len < sizeof captured) {
        memcpy(captured + captured_len, text, len);
        captured_len += len;
        captured[captured_len] = '\0';
    }
}

int main(void)
{
    nb_vm *vm = nb_new(NULL);
    CHECK(vm != NULL);

    /* running code, reading and writing globals */
    CHECK(nb_eval(vm, "x = 2 + 3\nname = 'nabla'", "setup") == NB_OK);
    int64_t x = 0;
    CHECK(nb_get_int(vm, "x", &x) == NB_OK && x == 5);
    const char *name = NULL;
    CHECK(nb_get_string(vm, "name", &name) == NB_OK && strcmp(name, "nabla") == 0);
    CHECK(nb_set_float(vm, "rate", 0.25) == NB_OK);
    CHECK(nb_eval(vm, "y = rate * 8", "use") == NB_OK);
    double y = 0;
    CHECK(nb_get_float(vm, "y", &y) == NB_OK && y == 2.0);
    CHECK(nb_get_int(vm, "missing", &x) == NB_ERR_USAGE);
    CHECK(strstr(nb_error(vm)->message, "missing") != NULL);

    /* a syntax error: status, position, message */
    CHECK(nb_eval(vm, "a = 1\nif a\n    pass\n", "bad.nbl") == NB_ERR_SYNTAX);
    const nb_error_info *e = nb_error(vm);
    CHECK(strcmp(e->kind, "SyntaxError") == 0);
    CHECK(e->line == 2);
    CHECK(strcmp(e->file, "bad.nbl") == 0);
    CHECK(strstr(e->message, "expected ':'") != NULL);

    /* a runtime error, and the VM keeps its state afterwards */
    CHECK(nb_eval(vm, "def f(v):\n    return v / 0\nf(x)", "run.nbl") == NB_ERR_RUNTIME);
    e = nb_error(vm);
    CHECK(strcmp(e->kind, "ZeroDivisionError") == 0);
    CHECK(e->line == 2 && e->column > 0);
    CHECK(strstr(e->report, "run.nbl:2") != NULL);
    CHECK(nb_get_int(vm, "x", &x) == NB_OK && x == 5);
    nb_free(vm);

    /* limits: an endless loop hits the instruction budget; the VM stays usable */
    nb_config cfg = {0};
    cfg.instruction_limit = 100000;
    cfg.write_out = capture;
    vm = nb_new(&cfg);
    CHECK(vm != NULL);
    CHECK(nb_eval(vm, "while True:\n    pass", "spin") == NB_ERR_LIMIT);
    CHECK(nb_eval(vm, "print('still here', 6 * 7)", "after") == NB_OK);
    CHECK(strcmp(captured, "still here 42\n") == 0);
    nb_free(vm);

    /* a memory cap: a huge list fails with NB_ERR_MEMORY, then work goes on */
    nb_config mc = {0};
    mc.memory_limit = 8u << 20;
    vm = nb_new(&mc);
    CHECK(vm != NULL);
    CHECK(nb_eval(vm, "xs = []\nwhile True:\n    xs.append('item' * 10)", "grow") == NB_ERR_MEMORY);
    CHECK(nb_eval(vm, "xs = None\nz = len(list(range(1000)))", "after") == NB_OK);
    CHECK(nb_get_int(vm, "z", &x) == NB_OK && x == 1000);
    nb_free(vm);

    /* two VMs do not share globals */
    nb_vm *a = nb_new(NULL), *b = nb_new(NULL);
    CHECK(nb_eval(a, "v = 1", "a") == NB_OK);
    CHECK(nb_eval(b, "v = 2", "b") == NB_OK);
    int64_t va = 0, vb = 0;
    CHECK(nb_get_int(a, "v", &va) == NB_OK && nb_get_int(b, "v", &vb) == NB_OK && va == 1 && vb == 2);
    nb_free(a);
    nb_free(b);

    if (failures)
        fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}
