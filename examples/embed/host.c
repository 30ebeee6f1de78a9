/*
 * host.c - a small program that embeds Nabla: a "grading server" that runs
 * a learner's script in a sandbox, hands it data from a host buffer without
 * a copy, gives it a C function to call, and reads the results back.
 *
 * Build against an installed Nabla either way:
 *     cmake -S examples/embed -B build-embed -DCMAKE_PREFIX_PATH=<prefix>
 *     cc host.c $(pkg-config --cflags --libs --static nabla) -o host
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <nabla.h>

/* What the learner submits: fit y = w * x + b to the host's data. */
static const char *submission =
    "import grader\n"
    "def fit(x, y, steps=500, lr=0.5):\n"
    "    w, b = 0.0, 0.0\n"
    "    for _ in range(steps):\n"
    "        err = w * x + b - y\n"
    "        w -= lr * float((err * x).mean())\n"
    "        b -= lr * float(err.mean())\n"
    "    return w, b\n"
    "w, b = fit(xs, ys)\n"
    "grader.report('w', w)\n"
    "grader.report('b', b)\n"
    "print(f'fitted on {xs.shape[0]} points: w={w:.3f} b={b:.3f}')\n";

/* grader.report(name, value): the script hands a result to the host. */
static bool report(nb_vm *vm, int argc, const nb_ref *argv, nb_ref *result, void *ud)
{
    const char *name;
    double value;
    if (nb_to_string(vm, argv[0], &name, NULL) != NB_OK)
        return nb_raise(vm, "TypeError", "report(): the name must be a str");
    if (nb_to_float(vm, argv[1], &value) != NB_OK)
        return nb_raise(vm, "TypeError", "report(): '%s' must be a number", name);
    int *reports = ud;
    ++*reports;
    printf("host got %s = %.3f\n", name, value);
    return true;
}

static const nb_function grader_fns[] = {
    {"report", report, 2, 2, "grader.report(name, value)",
     "Hands a named result to the grading server."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static void print_out(void *ud, const char *text, size_t len)
{
    (void)ud;
    printf("script: %.*s", (int)len, text);
}

int main(void)
{
    printf("embedding nabla %s\n", nb_version());
    nb_config cfg = {0};
    cfg.sandbox = true;                 /* no files, environment, processes */
    cfg.memory_limit = 64u << 20;       /* tensors included */
    cfg.instruction_limit = 1000000;    /* per call */
    cfg.write_out = print_out;
    nb_vm *vm = nb_new(&cfg);
    if (!vm)
        return 1;

    int reports = 0;
    nb_register(vm, "grader", grader_fns, &reports);

    /* the host's data, shared with the script without a copy */
    static double x[64], y[64];
    for (int i = 0; i < 64; i++) {
        x[i] = i / 63.0;
        y[i] = 2.0 * x[i] + 0.5;
    }
    int64_t n = 64;
    nb_ref xs = nb_tensor_wrap(vm, x, NB_F64, 1, &n, NULL, NULL, NULL);
    nb_ref ys = nb_tensor_wrap(vm, y, NB_F64, 1, &n, NULL, NULL, NULL);
    nb_set_global(vm, "xs", xs);
    nb_set_global(vm, "ys", ys);
    nb_release(vm, xs);
    nb_release(vm, ys);

    if (nb_eval(vm, submission, "submission.nbl") != NB_OK) {
        fprintf(stderr, "%s", nb_error(vm)->report);
        nb_free(vm);
        return 1;
    }
    double w = 0, b = 0;
    nb_get_float(vm, "w", &w);
    nb_get_float(vm, "b", &b);
    printf("grade: %s (%d reports)\n", fabs(w - 2.0) < 0.05 && fabs(b - 0.5) < 0.05 ? "pass" : "fail",
           reports);

    /* a broken submission: the error is structured, the VM carries on */
    if (nb_eval(vm, "w = fit(xs, ys[:10])", "broken.nbl") != NB_OK) {
        const nb_error_info *e = nb_error(vm);
        printf("error: %s at %s:%d: %s\n", e->kind, e->file, e->line, e->message);
    }
    /* a submission that never ends meets the instruction budget */
    if (nb_eval(vm, "while True:\n    pass", "endless.nbl") == NB_ERR_LIMIT)
        printf("limit: %s\n", nb_error(vm)->message);
    /* and one that reaches for the file system is refused */
    if (nb_eval(vm, "load('/etc/passwd')", "files.nbl") != NB_OK)
        printf("sandbox: %s\n", nb_error(vm)->message);

    nb_ref r = NB_NOREF;
    int64_t still = 0;
    nb_eval_value(vm, "len(xs) + 1", "after.nbl", &r);
    nb_to_int(vm, r, &still);
    nb_release(vm, r);
    printf("still usable: %lld\n", (long long)still);
    nb_free(vm);
    return 0;
}
