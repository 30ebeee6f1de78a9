/*
 * oom.c - out of memory everywhere: each section of oom.nbl runs once to
 * count its allocations and record its output, then once per N with the
 * N-th allocation refused.  Every run must end in NB_OK with the same
 * output or in NB_ERR_MEMORY, never a crash and never another error; the
 * VM must then still run code; after nb_free no byte may stay allocated.
 * The same is done for nb_new itself: it returns a working VM or NULL.
 *
 *   api_oom oom.nbl [SECTION-NUMBER]     (all sections by default)
 *
 * Each refused run happens in a child process, so a crash is counted and
 * reported like any other problem; NABLA_OOM_VERBOSE=1 lists them all.
 */
#include <sys/wait.h>
#include <unistd.h>

#include "api_test.h"

static bool verbose;    /* every problem, not the first few of each section */

/* ---- an allocator that refuses the fail_at-th allocation (and, when
   persistent, every one after it: memory that has run out stays out) */
typedef struct FailAlloc {
    size_t live;
    long count;     /* allocations (new_size > 0) since arming */
    long fail_at;   /* 0: never */
    bool failed;
} FailAlloc;

static bool persistent;

static void *fail_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    FailAlloc *a = ud;
    if (new_size == 0) {
        free(ptr);
        a->live -= old_size;
        return NULL;
    }
    if (++a->count == a->fail_at || (persistent && a->fail_at && a->count > a->fail_at)) {
        a->failed = true;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p)
        a->live += new_size - old_size;
    return p;
}

static Capture out;

static nb_vm *new_vm(FailAlloc *a)
{
    nb_config cfg = {0};
    cfg.alloc = fail_alloc;
    cfg.alloc_ud = a;
    cfg.write_out = capture_write;
    cfg.write_err = capture_write;
    cfg.output_ud = &out;
    return nb_new(&cfg);
}

/* The VM still runs code after a refused allocation. */
static bool still_works(nb_vm *vm)
{
    nb_ref r = NB_NOREF;
    int64_t v = 0;
    bool ok = nb_eval_value(vm, "sum([len(str(k)) for k in range(100)]) + len({'a': [1]})", "after", &r) ==
                  NB_OK &&
              nb_to_int(vm, r, &v) == NB_OK && v == 191;
    nb_release(vm, r);
    return ok;
}

static long runs, oks, memory_errors;

/* nb_new with allocation n refused, in a child process: 0 when it gave a
   whole VM, 2 when it gave NULL, 1 (with a message) when something broke. */
static int new_refused(long n, char *detail, size_t detail_size)
{
    int fds[2];
    if (pipe(fds) != 0)
        return 1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        FailAlloc a = {0, 0, n, false};
        nb_vm *vm = new_vm(&a);
        char msg[2200] = "";
        int code = 2;
        if (vm) {
            code = 0;
            /* a VM made despite a refusal must be whole, not missing parts */
            a.fail_at = 0;
            if (!still_works(vm) ||
                nb_eval(vm, "import math\nassert abs(math.pi - 3.14159) < 1e-5\nassert len(str(zeros(3))) > 0\n"
                            "assert 'b'.upper() == 'B' and ['x', 1].index(1) == 1 and {'k': 1}.get('k') == 1",
                        "whole") != NB_OK) {
                snprintf(msg, sizeof msg, "made a broken VM: %s", nb_error(vm)->message);
                code = 1;
            }
            nb_free(vm);
        }
        if (a.live != 0) {
            snprintf(msg, sizeof msg, "leaked %lld bytes", (long long)a.live);
            code = 1;
        }
        if (code == 1 && write(fds[1], msg, strlen(msg)) < 0)
            _exit(4);
        _exit(code);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], detail, detail_size - 1);
    detail[got > 0 ? got : 0] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        snprintf(detail, detail_size, "crashed (signal %d)", WTERMSIG(status));
        return 1;
    }
    return WEXITSTATUS(status);
}

/* nb_new with each of its allocations refused in turn. */
static void sweep_new(void)
{
    FailAlloc probe = {0};
    nb_vm *vm = new_vm(&probe);
    long total = probe.count;
    nb_free(vm);
    int bad = 0;
    for (long n = 1; n <= total; n++) {
        char detail[2400];
        int r = new_refused(n, detail, sizeof detail);
        runs++;
        if (r == 0)
            oks++;
        else if (r == 2)
            memory_errors++;
        else {
            failures++;
            if (verbose || bad < 3)
                fprintf(stderr, "nb_new with allocation %ld/%ld refused: %s\n", n, total, detail);
            bad++;
        }
    }
    printf("nb_new: %ld allocations, each refused %s: %d bad\n", total,
           persistent ? "with all after it" : "once", bad);
}

/* One run of a section with allocation n refused, in a child process so
   that a crash is reported and the sweep goes on.  Returns what went wrong,
   or NULL. */
static const char *refuse_one(const char *name, const char *src, long n, const char *expected,
                              char *detail, size_t detail_size)
{
    int fds[2];
    if (pipe(fds) != 0)
        return "pipe failed";
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        FailAlloc f = {0};
        nb_vm *vm = new_vm(&f);
        if (!vm)
            _exit(3);
        capture_reset(&out);
        f.count = 0;
        f.fail_at = n;
        nb_status st = nb_eval(vm, src, name);
        f.fail_at = 0;
        const char *problem = NULL;
        char report[2048];
        snprintf(report, sizeof report, "%.2000s", st == NB_OK ? out.text : nb_error(vm)->report);
        if (st == NB_OK && strcmp(out.text, expected) != 0)
            problem = "succeeded with different output";
        else if (st != NB_OK && st != NB_ERR_MEMORY)
            problem = "failed with an error other than MemoryError";
        else if (!still_works(vm))
            problem = "left a VM that no longer works";
        nb_free(vm);
        char msg[2200];
        int len;
        if (problem)
            len = snprintf(msg, sizeof msg, "%s\n%s", problem, report);
        else if (f.live != 0)
            len = snprintf(msg, sizeof msg, "leaked %lld bytes (negative: freed with a wrong size)\n",
                           (long long)f.live);
        else
            len = 0;
        if (len > 0 && write(fds[1], msg, (size_t)len) < 0)
            _exit(4);
        _exit(problem || f.live ? 1 : st == NB_OK ? 0 : 2);
    }
    close(fds[1]);
    ssize_t got = read(fds[0], detail, detail_size - 1);
    detail[got > 0 ? got : 0] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        snprintf(detail, detail_size, "signal %d", WTERMSIG(status));
        return "crashed";
    }
    switch (WEXITSTATUS(status)) {
    case 0: oks++; return NULL;
    case 2: memory_errors++; return NULL;
    case 3: return "nb_new failed before anything was refused";
    default: return "";
    }
}

/* One section with each of its allocations refused in turn. */
static void sweep_section(const char *name, const char *src)
{
    FailAlloc a = {0};
    nb_vm *vm = new_vm(&a);
    capture_reset(&out);
    a.count = 0;
    if (nb_eval(vm, src, name) != NB_OK) {
        fprintf(stderr, "section '%s' fails without any refusal: %s\n", name, nb_error(vm)->report);
        failures++;
        nb_free(vm);
        return;
    }
    long total = a.count;
    static char expected[sizeof out.text];
    memcpy(expected, out.text, out.len + 1);
    nb_free(vm);
    int bad = 0;
    for (long n = 1; n <= total; n++) {
        char detail[2400];
        const char *problem = refuse_one(name, src, n, expected, detail, sizeof detail);
        runs++;
        if (problem) {
            failures++;
            if (verbose || bad < 3)
                fprintf(stderr, "[%s] allocation %ld/%ld refused: %s%s%s\n", name, n, total, problem,
                        *problem ? ": " : "", detail);
            bad++;
        }
    }
    printf("%s: %ld allocations, each refused %s: %d bad\n", name, total,
           persistent ? "with all after it" : "once", bad);
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    char *script = read_script(argv[1]);
    int only = argc > 2 ? atoi(argv[2]) : 0;
    verbose = getenv("NABLA_OOM_VERBOSE") != NULL;
    for (int pass = 0; pass < 2; pass++) {
        persistent = pass == 1;
        if (only == 0)
            sweep_new();
        /* sections: a line "# ---- name" up to the next one */
        char *text = strdup(script);
        int index = 0;
        char *p = strstr(text, "\n# ---- ");
        while (p) {
            char *name = p + 8, *eol = strchr(name, '\n');
            if (!eol)
                break;
            *eol = '\0';
            char *next = strstr(eol + 1, "\n# ---- ");
            if (next)
                next[1] = '\0';
            index++;
            if (only == 0 || only == index)
                sweep_section(name, eol + 1);
            p = next;
        }
        free(text);
    }
    printf("%ld runs: %ld ok, %ld MemoryError\n", runs, oks, memory_errors);
    free(script);
    return test_finish("oom");
}
