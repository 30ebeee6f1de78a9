/*
 * stress.c - runs the stress scripts of this folder and the stress inputs
 * made here (source nested 10^5 deep, corrupt .npy files, ragged CSV), each
 * in a fresh VM through the embedding API.  Each must end as its header
 * says -- a clear error of the expected kind, or success -- and the VM must
 * run ordinary code afterwards.
 *
 * A script's header:
 *     # limits: memory=64M instructions=100000 files     (all optional)
 *     # needs: pool      (skipped where the small-object pool is off)
 *     # expect: ok
 *     # expect: memory MemoryError: text the message contains
 *
 *   stress_runner FOLDER        (the folder holding the .nbl scripts)
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nabla.h"

#include "core/memory.h" /* MEM_POOL_BUILT: "# needs: pool" */

static int failures, cases;

typedef struct Expect {
    nb_status status;
    char kind[64];          /* "" for any */
    char contains[256];     /* "" for any */
} Expect;

typedef struct Limits {
    size_t memory;
    int64_t instructions;
    bool files;
    bool needs_pool;
} Limits;


static const char *status_names[] = {"ok", "syntax", "runtime", "memory", "limit", "usage"};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void discard(void *ud, const char *text, size_t len)
{
    (void)ud;
    (void)text;
    (void)len;
}

static void fail(const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL %s: ", name);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    failures++;
}

/* Runs source under limits; checks the outcome and that the VM still works. */
static void run_case(const char *name, const char *source, const Limits *lim, const Expect *want)
{
    cases++;
    nb_config cfg = {0};
    cfg.memory_limit = lim->memory;
    cfg.instruction_limit = lim->instructions;
    cfg.sandbox = !lim->files;
    cfg.write_out = discard;
    nb_vm *vm = nb_new(&cfg);
    if (!vm) {
        fail(name, "nb_new failed");
        return;
    }
    double t0 = now();
    nb_status st = nb_eval(vm, source, name);
    double took = now() - t0;
    const nb_error_info *e = nb_error(vm);
    if (st != want->status)
        fail(name, "expected status %s, got %s: %s: %s (%s:%d)", status_names[want->status],
             status_names[st], e->kind, e->message, e->file, e->line);
    else if (st != NB_OK && want->kind[0] && strcmp(e->kind, want->kind) != 0)
        fail(name, "expected %s, got %s: %s", want->kind, e->kind, e->message);
    else if (st != NB_OK && want->contains[0] && !strstr(e->message, want->contains))
        fail(name, "the message should contain \"%s\"; it is \"%s\"", want->contains, e->message);
    if (lim->memory && nb_memory_used(vm) > lim->memory)
        fail(name, "%zu bytes in use, over the cap of %zu", nb_memory_used(vm), lim->memory);
    /* ordinary work afterwards: numbers, lists, strings, tensors */
    nb_ref r = NB_NOREF;
    int64_t v = 0;
    if (nb_eval_value(vm, "sum([k * k for k in range(10)]) + len('ok' * 3) + int(ones((2, 3)).sum())",
                      "after", &r) != NB_OK ||
        nb_to_int(vm, r, &v) != NB_OK || v != 285 + 6 + 6)
        fail(name, "the VM does not work afterwards: %s", nb_error(vm)->message);
    nb_release(vm, r);
    char kind[64];
    snprintf(kind, sizeof kind, "%s", st == NB_OK ? "ok" : e->kind);
    nb_free(vm);
    printf("%-40s %-20s %6.2fs\n", name, kind, took);
}

static bool parse_size(const char *s, size_t *out)
{
    char *end;
    unsigned long long n = strtoull(s, &end, 10);
    if (*end == 'K')
        n <<= 10;
    else if (*end == 'M')
        n <<= 20;
    else if (*end == 'G')
        n <<= 30;
    *out = (size_t)n;
    return end != s;
}

/* Reads "# limits:" and "# expect:" from a script's leading comments. */
static bool parse_header(const char *src, Limits *lim, Expect *want)
{
    memset(lim, 0, sizeof *lim);
    memset(want, 0, sizeof *want);
    bool have_expect = false;
    for (const char *p = src; p && *p == '#'; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
        char line[512];
        size_t n = strcspn(p, "\n");
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        if (strncmp(line, "# limits:", 9) == 0) {
            for (char *tok = strtok(line + 9, " "); tok; tok = strtok(NULL, " ")) {
                if (strncmp(tok, "memory=", 7) == 0)
                    parse_size(tok + 7, &lim->memory);
                else if (strncmp(tok, "instructions=", 13) == 0)
                    lim->instructions = atoll(tok + 13);
                else if (strcmp(tok, "files") == 0)
                    lim->files = true;
            }
        } else if (strcmp(line, "# needs: pool") == 0) {
            lim->needs_pool = true;
        } else if (strncmp(line, "# expect:", 9) == 0) {
            char status[16] = "";
            sscanf(line + 9, " %15s %63[^:]: %255[^\n]", status, want->kind, want->contains);
            for (int i = 0; i < 6; i++)
                if (strcmp(status, status_names[i]) == 0) {
                    want->status = (nb_status)i;
                    have_expect = true;
                }
        }
    }
    return have_expect;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(f);
    return s;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_scripts(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        fail(dir, "cannot open the folder");
        return;
    }
    char *names[256];
    int count = 0;
    struct dirent *e;
    while ((e = readdir(d)) && count < 256) {
        size_t n = strlen(e->d_name);
        if (n > 4 && strcmp(e->d_name + n - 4, ".nbl") == 0)
            names[count++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)count, sizeof names[0], compare_names);
    for (int i = 0; i < count; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        char *src = read_all(path);
        Limits lim;
        Expect want;
        if (!src || !parse_header(src, &lim, &want))
            fail(names[i], "unreadable, or no '# expect:' line");
        else if (lim.needs_pool && !MEM_POOL_BUILT)
            printf("%-40s skipped: no small-object pool in a sanitizer build\n", names[i]);
        else
            run_case(names[i], src, &lim, &want);
        free(src);
        free(names[i]);
    }
}

/* ---- source nested 10^5 deep, and other shapes of huge source */

static char *repeat(const char *prefix, const char *unit, int n, const char *middle, const char *close)
{
    size_t lp = strlen(prefix), lu = strlen(unit), lm = strlen(middle), lc = strlen(close);
    char *s = malloc(lp + (size_t)n * (lu + lc) + lm + 2);
    char *p = s;
    memcpy(p, prefix, lp);
    p += lp;
    for (int i = 0; i < n; i++, p += lu)
        memcpy(p, unit, lu);
    memcpy(p, middle, lm);
    p += lm;
    for (int i = 0; i < n; i++, p += lc)
        memcpy(p, close, lc);
    strcpy(p, "\n");
    return s;
}

static void run_huge_sources(void)
{
    const int deep = 100000;
    Limits lim = {0};
    Expect nested = {NB_ERR_SYNTAX, "SyntaxError", "nested too deeply"};
    struct {
        const char *name, *prefix, *unit, *middle, *close;
    } shapes[] = {
        {"nested parentheses x1e5", "x = ", "(", "1", ")"},
        {"nested brackets x1e5", "x = ", "[", "1", "]"},
        {"nested braces x1e5", "x = ", "{1: ", "1", "}"},
        {"unary minus x1e5", "x = ", "-", "1", ""},
        {"not x1e5", "x = ", "not ", "True", ""},
        {"calls x1e5", "x = ", "abs(", "1", ")"},
        {"lambdas x1e5", "f = ", "lambda: ", "1", ""},
        {"conditional chain x1e5", "x = ", "1 if False else ", "2", ""},
        {"power chain x1e5", "x = ", "1 ** ", "1", ""},
        {"addition chain x1e5", "x = 1", " + 1", "", ""},
        {"index chain x1e5", "x = [0]", "[0]", "", ""},
        {"attribute chain x1e5", "x = 'a'", ".upper()", "", ""},
        {"f-string nesting x1e5", "x = ", "f'{", "1", "}'"},
    };
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        char *src = repeat(shapes[i].prefix, shapes[i].unit, deep, shapes[i].middle, shapes[i].close);
        Expect want = nested;
        if (strstr(shapes[i].name, "f-string"))
            want.contains[0] = '\0'; /* its own wording */
        run_case(shapes[i].name, src, &lim, &want);
        free(src);
    }
    /* blocks nested by indentation */
    size_t cap = (size_t)3000 * 3002 + 64, len = 0;
    char *blocks = malloc(cap);
    for (int i = 0; i < 3000; i++)
        len += (size_t)sprintf(blocks + len, "%*sif True:\n", i, "");
    sprintf(blocks + len, "%*spass\n", 3000, "");
    run_case("if blocks nested 3000 deep", blocks, &lim, &nested);
    free(blocks);
    /* wide, not deep: long literals and 10^5 statements work, or meet a
       stated limit */
    Expect ok = {NB_OK, "", ""};
    char *wide = repeat("xs = ['a', ", "1, ", 60000, "1]\nassert len(xs) == 60002", "");
    run_case("list literal of 6e4 items", wide, &lim, &ok);
    free(wide);
    Expect too_many = {NB_ERR_SYNTAX, "SyntaxError", "too many items in one literal"};
    wide = repeat("xs = ['a', ", "1, ", deep, "1]", "");
    run_case("list literal of 1e5 items", wide, &lim, &too_many);
    free(wide);
    char *many = repeat("n = 0\n", "n += 1\n", deep, "assert n == 100000", "");
    run_case("1e5 statements", many, &lim, &ok);
    free(many);
    /* a loop whose body is larger than a 16-bit jump: compiled right or refused */
    char *body = repeat("i = 0\nwhile i < 2:\n    i += 1\n", "    x = i * 2 + 1\n", 30000, "", "");
    char *src = malloc(strlen(body) + 64);
    sprintf(src, "%sassert i == 2 and x == 5\n", body);
    nb_config cfg = {0};
    nb_vm *vm = nb_new(&cfg);
    nb_status st = nb_eval(vm, src, "huge loop body");
    cases++;
    if (st != NB_OK && !(st == NB_ERR_SYNTAX && strstr(nb_error(vm)->message, "too")))
        fail("huge loop body", "neither ran right nor was refused clearly: %s", nb_error(vm)->message);
    printf("%-40s %-20s\n", "loop body past a 16-bit jump", st == NB_OK ? "ok" : nb_error(vm)->kind);
    nb_free(vm);
    free(src);
    free(body);
}

/* ---- corrupt .npy files and ragged CSV */

static char scratch[256];

static const char *scratch_file(const char *name, const void *data, size_t size)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", scratch, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        perror(path);
        exit(2);
    }
    fclose(f);
    return path;
}

/* An .npy v1.0 file: magic, header padded to 64 bytes, then data. */
static size_t npy_bytes(char *out, const char *magic, const char *header, size_t data_len)
{
    size_t hl = strlen(header);
    size_t total = 10 + hl;
    size_t pad = (64 - (total + 1) % 64) % 64;
    memcpy(out, magic, 8);
    uint16_t hlen = (uint16_t)(hl + pad + 1);
    out[8] = (char)(hlen & 0xff);
    out[9] = (char)(hlen >> 8);
    memcpy(out + 10, header, hl);
    memset(out + 10 + hl, ' ', pad);
    out[10 + hl + pad] = '\n';
    memset(out + total + pad + 1, 0, data_len);
    return total + pad + 1 + data_len;
}

static void run_bad_files(void)
{
    snprintf(scratch, sizeof scratch, "/tmp/nabla-stress-XXXXXX");
    if (!mkdtemp(scratch)) {
        perror("mkdtemp");
        exit(2);
    }
    const char *magic = "\x93NUMPY\x01\x00";
    struct {
        const char *name, *header;
        size_t data;
    } npys[] = {
        {"shape past the data", "{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776,), }", 16},
        {"shape overflowing int64", "{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", 16},
        {"negative shape", "{'descr': '<f8', 'fortran_order': False, 'shape': (-3,), }", 16},
        {"unknown dtype", "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", 32},
        {"header not a dict", "['descr', '<f8']", 8},
        {"unterminated header", "{'descr': '<f8', 'fortran_order': False, 'shape': (2,", 16},
        {"nine dimensions", "{'descr': '<f8', 'fortran_order': False, 'shape': (1,1,1,1,1,1,1,1,1), }", 8},
        {"truncated data", "{'descr': '<i4', 'fortran_order': False, 'shape': (100,), }", 12},
    };
    Limits files = {.memory = 64u << 20, .files = true};
    Expect io = {NB_ERR_RUNTIME, "OSError", ""};
    char buf[4096], src[1024];
    for (size_t i = 0; i < sizeof npys / sizeof npys[0]; i++) {
        size_t n = npy_bytes(buf, magic, npys[i].header, npys[i].data);
        const char *path = scratch_file("bad.npy", buf, n);
        snprintf(src, sizeof src, "x = load('%s')", path);
        char name[128];
        snprintf(name, sizeof name, "npy: %s", npys[i].name);
        run_case(name, src, &files, &io);
    }
    /* the first bytes themselves wrong */
    const char *heads[][2] = {{"empty file", ""}, {"bad magic", "\x93NUMPX\x01\x00\x10\x00{}"},
                              {"version 9", "\x93NUMPY\x09\x00\x10\x00{}"},
                              {"header length past the end", "\x93NUMPY\x01\x00\xff\xff{'descr'"}};
    for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++) {
        const char *path = scratch_file("bad2.npy", heads[i][1], strlen(heads[i][1]) + (i == 1 ? 2 : 0));
        snprintf(src, sizeof src, "x = load('%s')", path);
        char name[128];
        snprintf(name, sizeof name, "npy: %s", heads[i][0]);
        run_case(name, src, &files, &io);
    }
    /* ragged rows */
    const char *ragged = "a,b,c\n1,2,3\n4,5\n6,7,8\n";
    const char *path = scratch_file("ragged.csv", ragged, strlen(ragged));
    snprintf(src, sizeof src, "t = read_csv('%s')", path);
    Expect row = {NB_ERR_RUNTIME, "OSError", "row 3 has 2 fields, the header has 3"};
    run_case("csv: ragged rows", src, &files, &row);
    const char *ragged_txt = "1 2 3\n4 5\n";
    path = scratch_file("ragged.txt", ragged_txt, strlen(ragged_txt));
    snprintf(src, sizeof src, "t = loadtxt('%s')", path);
    Expect line = {NB_ERR_RUNTIME, "OSError", "line 2 has 2 values"};
    run_case("loadtxt: ragged rows", src, &files, &line);
    const char *quote = "a,b\n\"1,2\n";
    path = scratch_file("quote.csv", quote, strlen(quote));
    snprintf(src, sizeof src, "t = read_csv('%s')", path);
    run_case("csv: unterminated quote", src, &files, &io);
    /* clean up */
    const char *made[] = {"bad.npy", "bad2.npy", "ragged.csv", "ragged.txt", "quote.csv"};
    for (size_t i = 0; i < sizeof made / sizeof made[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, "%s/%s", scratch, made[i]);
        remove(p);
    }
    rmdir(scratch);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: stress_runner FOLDER\n");
        return 2;
    }
    run_scripts(argv[1]);
    run_huge_sources();
    run_bad_files();
    printf("%d stress cases, %d failed\n", cases, failures);
    return failures ? 1 : 0;
}
