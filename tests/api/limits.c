/*
 * limits.c - the limits a host sets for untrusted code: the instruction
 * budget (renewed per call, shared by nested calls, not escaped by catching
 * its error), the memory cap (lists, strings and tensors), an interrupt from
 * another thread (loops and sleeps), and no file access unless granted.
 * After each limit the VM must keep working.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#include "api_test.h"

static nb_vm *vm;

/* The VM still works: a small computation gives the right answer. */
static void check_usable(nb_vm *v, int line)
{
    nb_ref r = NB_NOREF;
    int64_t n = 0;
    nb_status st = nb_eval_value(v, "sum([k * k for k in range(10)]) + count_to(5)", "usable", &r);
    if (st != NB_OK || nb_to_int(v, r, &n) != NB_OK || n != 290) {
        fprintf(stderr, "limits.c:%d: the VM is not usable after a limit (status %d: %s)\n", line,
                (int)st, nb_error(v)->report);
        failures++;
    }
    nb_release(v, r);
}
#define CHECK_USABLE(v) check_usable((v), __LINE__)

static nb_vm *new_vm(const char *script, size_t memory, int64_t budget, bool sandbox)
{
    nb_config cfg = {0};
    cfg.memory_limit = memory;
    cfg.instruction_limit = budget;
    cfg.sandbox = sandbox;
    nb_vm *v = nb_new(&cfg);
    CHECK(v != NULL);
    CHECK_OK(v, nb_eval(v, script, "limits.nbl"));
    return v;
}

static nb_status call0(nb_vm *v, const char *fn)
{
    nb_ref f = nb_get_global(v, fn);
    nb_status st = nb_call(v, f, 0, NULL, NULL);
    nb_release(v, f);
    return st;
}

/* run(fn): calls fn from C, the nested call sharing the caller's budget */
static bool f_run(nb_vm *v, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    return nb_call(v, argv[0], 0, NULL, result) == NB_OK;
}

static void *interrupt_later(void *arg)
{
    struct timespec ts = {0, 150 * 1000 * 1000};
    nanosleep(&ts, NULL);
    nb_interrupt(arg);
    return NULL;
}

/* A call that may never return if a limit leaks: a watchdog ends the
   test with a message instead of letting it hang. */
typedef struct Watch {
    volatile int done;
    const char *what;
} Watch;

static void *watchdog(void *arg)
{
    Watch *w = arg;
    for (int i = 0; i < 100 && !w->done; i++) {
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (!w->done) {
        fprintf(stderr, "limits.c: %s did not stop within 5 s: the limit can be escaped\n", w->what);
        fflush(stderr);
        _exit(1);
    }
    return NULL;
}

static nb_status eval_watched(nb_vm *v, const char *source)
{
    Watch w = {0, source};
    pthread_t th;
    pthread_create(&th, NULL, watchdog, &w);
    nb_status st = nb_eval(v, source, "watched");
    w.done = 1;
    pthread_join(th, NULL);
    return st;
}

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char *script = read_script(argv[1]);

    /* ---- the instruction budget */
    vm = new_vm(script, 0, 100000, true);
    CHECK(call0(vm, "spin") == NB_ERR_LIMIT);
    CHECK_STR(nb_error(vm)->kind, "LimitError");
    CHECK_STR(nb_error(vm)->message, "instruction budget of 100000 exhausted");
    CHECK_STR(nb_error(vm)->file, "limits.nbl");
    CHECK(nb_error(vm)->line == 7);
    CHECK_USABLE(vm);
    /* renewed at each top-level call: many calls below it all succeed */
    for (int k = 0; k < 20; k++) {
        nb_ref f = nb_get_global(vm, "count_to"), n = nb_int(vm, 90000), r = NB_NOREF;
        CHECK_OK(vm, nb_call(vm, f, 1, &n, &r));
        nb_release(vm, f);
        nb_release(vm, n);
        nb_release(vm, r);
    }
    CHECK(nb_eval(vm, "count_to(200000)", "over") == NB_ERR_LIMIT);
    /* recursion is its own error, not the budget's */
    CHECK(nb_eval(vm, "recurse(0)", "deep") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "RecursionError");
    CHECK_USABLE(vm);
    /* catching the error does not buy more instructions */
    CHECK(eval_watched(vm, "catch_all_spin()") == NB_ERR_LIMIT);
    CHECK(eval_watched(vm, "spin_in_finally()") == NB_ERR_LIMIT);
    /* calls made from C count too */
    CHECK(eval_watched(vm, "nested_keys()") == NB_ERR_LIMIT);
    CHECK(eval_watched(vm, "native_loop()") == NB_ERR_LIMIT);
    CHECK_USABLE(vm);
    /* a nested call through C shares the budget, and passes the error on */
    static const nb_function fns[] = {
        {"run", f_run, 1, 1, "host.run(fn)", "fn(), called from C."},
        {NULL, NULL, 0, 0, NULL, NULL},
    };
    CHECK_OK(vm, nb_register(vm, "host", fns, NULL));
    CHECK(nb_eval(vm, "import host\nhost.run(spin)", "nested") == NB_ERR_LIMIT);
    CHECK_STR(nb_error(vm)->kind, "LimitError");
    CHECK(nb_eval(vm, "import host\nfor k in range(3):\n    host.run(lambda: count_to(40000))",
                  "shared") == NB_ERR_LIMIT);
    CHECK_USABLE(vm);
    /* limits can change between calls */
    nb_set_limits(vm, 0, 0);
    CHECK_OK(vm, nb_eval(vm, "count_to(300000)", "unlimited"));
    nb_set_limits(vm, 0, 1000);
    CHECK(nb_eval(vm, "count_to(5000)", "tight") == NB_ERR_LIMIT);
    CHECK_STR(nb_error(vm)->message, "instruction budget of 1000 exhausted");
    nb_free(vm);

    /* ---- the memory cap */
    vm = new_vm(script, 32u << 20, 0, true);
    size_t base = nb_memory_used(vm);
    const char *growers[] = {"grow_list", "grow_string", "grow_tensor"};
    for (int k = 0; k < 3; k++) {
        CHECK(call0(vm, growers[k]) == NB_ERR_MEMORY);
        CHECK_STR(nb_error(vm)->kind, "MemoryError");
        CHECK(nb_memory_used(vm) <= 32u << 20);
        CHECK_USABLE(vm);
    }
    /* what the failed calls made is garbage: a collection gives it back */
    CHECK_OK(vm, nb_eval(vm, "junk = [[k] * 50 for k in range(2000)]\njunk = None", "churn"));
    CHECK(nb_memory_used(vm) < base + (4u << 20));
    /* a script may catch MemoryError and go on under the same cap */
    nb_ref r = NB_NOREF;
    CHECK_OK(vm, nb_eval_value(vm, "catch_memory()", "catch", &r));
    const char *text = NULL;
    CHECK_OK(vm, nb_to_string(vm, r, &text, NULL));
    CHECK_STR(text, "caught");
    nb_release(vm, r);
    CHECK_USABLE(vm);
    nb_free(vm);

    /* ---- an interrupt from another thread: loops, sleeps, nested calls */
    vm = new_vm(script, 0, 0, true);
    CHECK_OK(vm, nb_register(vm, "host", fns, NULL));
    const char *stoppable[] = {"spin()", "nap()", "import host\nhost.run(spin)", "catch_all_spin()",
                               "nested_keys()", "native_loop()"};
    for (int k = 0; k < 6; k++) {
        pthread_t th;
        double t0 = seconds();
        pthread_create(&th, NULL, interrupt_later, vm);
        nb_status st = eval_watched(vm, stoppable[k]);
        pthread_join(th, NULL);
        double took = seconds() - t0;
        CHECK(st == NB_ERR_LIMIT);
        CHECK_STR(nb_error(vm)->kind, "KeyboardInterrupt");
        CHECK(took < 5.0);
        CHECK_USABLE(vm);
    }
    /* an interrupt that arrives between calls does not stop the next one */
    nb_interrupt(vm);
    CHECK_USABLE(vm);
    nb_free(vm);

    /* ---- files: refused in a sandbox, allowed when granted */
    vm = new_vm(script, 0, 0, true);
    CHECK_OK(vm, nb_eval_value(vm, "file_builtins(True)", "files", &r));
    int64_t refused = 0;
    CHECK_OK(vm, nb_to_int(vm, r, &refused));
    CHECK(refused == 7);
    nb_release(vm, r);
    /* the folder of this script, so that `import limits` finds it */
    char folder[1024];
    snprintf(folder, sizeof folder, "%s", argv[1]);
    char *slash = strrchr(folder, '/');
    strcpy(slash ? slash : folder, slash ? "" : ".");
    CHECK_OK(vm, nb_add_import_path(vm, folder));
    CHECK(nb_eval(vm, "import limits", "import") == NB_ERR_RUNTIME);
    CHECK_STR(nb_error(vm)->kind, "ImportError");
    CHECK(nb_eval(vm, "import math\nx = math.sqrt(16)", "builtin module") == NB_OK);
    nb_set_access(vm, NB_ALLOW_FILES);
    CHECK_OK(vm, nb_eval(vm, "import limits\nn = limits.count_to(7)", "granted"));
    int64_t n = 0;
    CHECK_OK(vm, nb_get_int(vm, "n", &n));
    CHECK(n == 7);
    CHECK_OK(vm, nb_eval_value(vm, "file_builtins(False)", "files", &r));
    CHECK_OK(vm, nb_to_int(vm, r, &refused));
    CHECK(refused == 0);
    nb_release(vm, r);
    nb_free(vm);
    /* written in the working folder (the build's), not beside the script */
    remove("out.npy");
    remove("out.npz");
    remove("out.csv");

    free(script);
    return test_finish("limits");
}
