/*
 * commands.c - the REPL's ':' commands (:help, :time, :who, :trace,
 * :complete, and the lesson commands handed to lesson.c) and '?x' help.
 *
 * A command is one table entry: name, arguments, one line of help, and
 * the function; :help prints the table, so the list cannot drift.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/memory.h"
#include "vm/vm_internal.h"

typedef void (*CommandFn)(Repl *r, const char *name, const char *arg);

typedef struct Command {
    const char *name;
    const char *args;
    const char *help;
    CommandFn fn;
    bool lesson;        /* listed under "Lessons" */
} Command;

static void cmd_help(Repl *r, const char *name, const char *arg);
static void cmd_time(Repl *r, const char *name, const char *arg);
static void cmd_who(Repl *r, const char *name, const char *arg);
static void cmd_trace(Repl *r, const char *name, const char *arg);
static void cmd_complete(Repl *r, const char *name, const char *arg);
static void cmd_exit(Repl *r, const char *name, const char *arg);

static const Command commands[] = {
    {"help", "", "this list", cmd_help, false},
    {"time", "EXPR", "time EXPR: the best of several runs, with units", cmd_time, false},
    {"who", "", "your variables with type, shape, dtype and bytes", cmd_who, false},
    {"trace", "EXPR", "evaluate EXPR step by step, showing each part's shape and dtype", cmd_trace, false},
    {"complete", "TEXT", "what Tab would offer after TEXT", cmd_complete, false},
    {"exit", "", "leave the REPL (Ctrl-D does too)", cmd_exit, false},
    {"lessons", "", "the lessons: \xe2\x9c\x93 done, \xe2\x96\xb6 started, \xc2\xb7 new", lesson_cmd, true},
    {"lesson", "NAME", "start a lesson, or resume it where you left it", lesson_cmd, true},
    {"next", "", "go on to the next step", lesson_cmd, true},
    {"back", "", "go back a step (your variables as they were there)", lesson_cmd, true},
    {"goto", "ID", "jump to a step by its id or number", lesson_cmd, true},
    {"hint", "", "a hint for this exercise (ask again for a stronger one)", lesson_cmd, true},
    {"check", "", "check your answer to this exercise now", lesson_cmd, true},
    {"solution", "", "show a solution", lesson_cmd, true},
    {"skip", "", "run the solution (so later steps work) and go on", lesson_cmd, true},
    {"reset", "[step|lesson]", "put your variables back as they were at the start of the step or lesson", lesson_cmd, true},
    {"status", "", "where you are in the lesson", lesson_cmd, true},
    {"quit", "", "leave the lesson (your progress is kept); outside a lesson, leave the REPL", lesson_cmd, true},
    {"forget", "[NAME]", "forget your progress in a lesson", lesson_cmd, true},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void cmd_help(Repl *r, const char *name, const char *arg)
{
    (void)name;
    (void)arg;
    for (int group = 0; group < 2; group++) {
        repl_styled(r, STYLE_BOLD, "%s", group == 0 ? "REPL commands" : "Lessons");
        repl_puts(r, "\n");
        for (int i = 0; i < NCOMMANDS; i++) {
            const Command *c = &commands[i];
            if (c->lesson != (group == 1))
                continue;
            char head[64];
            snprintf(head, sizeof head, ":%s%s%s", c->name, c->args[0] ? " " : "", c->args);
            repl_printf(r, "  %-21s %s\n", head, c->help);
        }
        repl_puts(r, "\n");
    }
    static const char *const keys[][2] = {
        {"?x or x?", "help on x: signature, description and an example"},
        {"_", "the last value shown"},
        {"a trailing ;", "run without showing the value"},
        {"Tab", "complete names, attributes, keyword arguments, file paths"},
        {"Ctrl-C", "cancel the line, or stop running code"},
        {"Ctrl-D", "leave the REPL"},
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        repl_printf(r, "  %-21s %s\n", keys[i][0], keys[i][1]);
}

static void cmd_exit(Repl *r, const char *name, const char *arg)
{
    (void)name;
    (void)arg;
    r->quit = true;
}

void cmd_run(Repl *r, const char *line)
{
    while (*line == ' ')
        line++;
    char name[32];
    size_t n = 0;
    while (line[n] && line[n] != ' ' && line[n] != '\t' && n + 1 < sizeof name) {
        name[n] = line[n];
        n++;
    }
    name[n] = '\0';
    const char *arg = line + n;
    while (*arg == ' ' || *arg == '\t')
        arg++;
    char argbuf[4096];
    snprintf(argbuf, sizeof argbuf, "%s", arg);
    for (size_t k = strlen(argbuf); k > 0 && (argbuf[k - 1] == ' ' || argbuf[k - 1] == '\t'); k--)
        argbuf[k - 1] = '\0';
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) {
            commands[i].fn(r, name, argbuf);
            return;
        }
    /* "q" is short for quit, as in many REPLs */
    if (strcmp(name, "q") == 0) {
        lesson_cmd(r, "quit", argbuf);
        return;
    }
    const char *names[NCOMMANDS];
    for (int i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    const char *guess = term_suggest(name, names, NCOMMANDS);
    r->errors++;
    if (guess)
        repl_styled(r, STYLE_ERROR, "unknown command :%s \xe2\x80\x94 did you mean :%s?", name, guess);
    else
        repl_styled(r, STYLE_ERROR, "unknown command :%s \xe2\x80\x94 :help lists the commands", name);
    repl_puts(r, "\n");
}

void cmd_complete_names(const char *typed, size_t n, Completions *out)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strncmp(commands[i].name, typed, n) == 0)
            completions_add(out, ":", 1, commands[i].name, commands[i].args[0] ? " " : "");
}

/* ---- names without running code */

static bool member_of(VM *vm, Value obj, ObjString *name, Value *out)
{
    if (IS_MODULE(obj))
        return dict_get_str(AS_MODULE(obj)->globals, name, out);
    if (IS_INSTANCE(obj) && dict_get_str(AS_INSTANCE(obj)->fields, name, out))
        return true;
    if (IS_TENSOR(obj)) {
        /* tensor attributes are computed in C from the header: safe */
        if (vm_get_attr(vm, obj, name, out))
            return true;
        vm_clear_exception(vm);
        return false;
    }
    ObjClass *k = IS_CLASS(obj) ? AS_CLASS(obj) : vm_class_of(vm, obj);
    return k && class_find_method_owner(k, name, out) != NULL;
}

bool cmd_resolve_name(VM *vm, const char *text, size_t len, Value *out)
{
    Value v = UNDEF_VAL;
    size_t i = 0;
    bool first = true;
    while (i <= len) {
        size_t j = i;
        while (j < len && text[j] != '.')
            j++;
        if (j == i)
            return false;
        ObjString *name = str_new(vm, text + i, j - i);
        if (!name) {
            vm_clear_exception(vm);
            return false;
        }
        if (first) {
            if (!dict_get_str(vm->main_module->globals, name, &v) && !dict_get_str(vm->builtins, name, &v))
                return false;
            first = false;
        } else {
            gc_push_root(vm, v);
            bool found = member_of(vm, v, name, &v);
            gc_pop_roots(vm, 1);
            if (!found)
                return false;
        }
        i = j + 1;
    }
    *out = v;
    return true;
}

static bool is_dotted_name(const char *s)
{
    if (!*s)
        return false;
    for (const char *p = s; *p; p++)
        if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '.' || (unsigned char)*p >= 0x80))
            return false;
    return !isdigit((unsigned char)s[0]) && s[0] != '.';
}

static const char *const keywords[] = {
    "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else",
    "except", "False", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True", "try",
    "while",
};

/* Candidates for "did you mean": globals, builtins, module names. */
static const char *suggest_name(VM *vm, const char *name)
{
    ObjDict *dicts[3] = {vm->main_module->globals, vm->builtins, vm->modules};
    const char *best = vm_suggest(name, dicts, 3, NULL, 0);
    if (!best)
        best = term_suggest(name, keywords, (int)(sizeof keywords / sizeof keywords[0]));
    return best;
}

void cmd_help_on(Repl *r, const char *expr)
{
    VM *vm = r->vm;
    char text[1024];
    while (*expr == ' ')
        expr++;
    snprintf(text, sizeof text, "%s", expr);
    for (size_t n = strlen(text); n > 0 && (text[n - 1] == ' ' || text[n - 1] == '?'); n--)
        text[n - 1] = '\0';
    if (!text[0]) {
        cmd_help(r, "help", "");
        return;
    }
    Value v;
    if (is_dotted_name(text)) {
        if (!cmd_resolve_name(vm, text, strlen(text), &v)) {
            /* name the part that is missing, and the closest name there is */
            const char *dot = strrchr(text, '.');
            Value owner;
            const char *guess = NULL;
            if (!dot) {
                guess = suggest_name(vm, text);
            } else if (cmd_resolve_name(vm, text, (size_t)(dot - text), &owner) && IS_MODULE(owner)) {
                ObjDict *d = AS_MODULE(owner)->globals;
                guess = vm_suggest(dot + 1, &d, 1, NULL, 0);
            }
            r->errors++;
            if (guess)
                repl_styled(r, STYLE_ERROR, "no help: '%s' is not defined \xe2\x80\x94 did you mean '%.*s%s'?",
                            text, dot ? (int)(dot - text + 1) : 0, text, guess);
            else
                repl_styled(r, STYLE_ERROR, "no help: '%s' is not defined", text);
            repl_puts(r, "\n");
            return;
        }
    } else {
        /* something else: evaluate it (the learner asked for it) */
        if (!vm_run_source(vm, vm->main_module, text, strlen(text), "<help>", false, &v)) {
            repl_report_error(r);
            return;
        }
    }
    Value help;
    ObjString *hname = str_from_cstr(vm, "help");
    if (!hname || !dict_get_str(vm->builtins, hname, &help)) {
        repl_puts(r, "help() is not available\n");
        return;
    }
    gc_push_root(vm, v);
    Value out;
    bool ok = vm_call(vm, help, 1, &v, &out);
    gc_pop_roots(vm, 1);
    if (!ok)
        repl_report_error(r);
}

/* ---- :time */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* "12.3 µs": three significant digits in the unit that suits. */
static void format_duration(double s, char *out, size_t size)
{
    static const struct { double scale; const char *unit; } units[] = {
        {1, "s"}, {1e-3, "ms"}, {1e-6, "\xc2\xb5s"}, {1e-9, "ns"},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (s >= units[i].scale || i + 1 == sizeof units / sizeof units[0]) {
            double v = s / units[i].scale;
            snprintf(out, size, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[i].unit);
            return;
        }
    }
}

/* Runs p n times; the seconds taken, or -1 after an error (reported). */
static double time_runs(Repl *r, ObjProto *p, long n)
{
    VM *vm = r->vm;
    double t0 = now_seconds();
    for (long i = 0; i < n; i++) {
        if (vm->interrupt) {
            vm->interrupt = 0;
            repl_puts(r, "KeyboardInterrupt\n");
            return -1;
        }
        if (!vm_execute_proto(vm, p, vm->main_module, NULL)) {
            repl_report_error(r);
            return -1;
        }
    }
    return now_seconds() - t0;
}

static void cmd_time(Repl *r, const char *name, const char *arg)
{
    (void)name;
    VM *vm = r->vm;
    if (!arg[0]) {
        repl_puts(r, "usage: :time EXPR   e.g. :time x @ x.T\n");
        return;
    }
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, arg, strlen(arg), "<time>", COMPILE_MODULE, &perr);
    if (!p) {
        repl_report_error(r);
        return;
    }
    gc_push_root(vm, OBJ_VAL(p));
    vm->interrupt = 0;
    /* like timeit: grow the loop count 1, 2, 5, 10, ... until one batch
       takes 0.2 s, then keep the best of up to five batches */
    long n = 1;
    double t = time_runs(r, p, 1);
    static const int steps[] = {2, 5, 10};
    for (long base = 1; t >= 0 && t < 0.2 && n < 100000000;) {
        for (int k = 0; k < 3 && t >= 0 && t < 0.2; k++) {
            n = base * steps[k];
            t = time_runs(r, p, n);
        }
        base *= 10;
    }
    if (t < 0) {
        gc_pop_roots(vm, 1);
        return;
    }
    double best = t;
    int batches = t > 1.0 ? 1 : t > 0.5 ? 3 : 5;
    for (int k = 1; k < batches; k++) {
        double tk = time_runs(r, p, n);
        if (tk < 0) {
            gc_pop_roots(vm, 1);
            return;
        }
        if (tk < best)
            best = tk;
    }
    gc_pop_roots(vm, 1);
    char per[32];
    format_duration(best / (double)n, per, sizeof per);
    repl_printf(r, "%s per run %s(best of %d batch%s of %ld run%s)%s\n", per,
                term_style(r->color, STYLE_DIM), batches, batches == 1 ? "" : "es", n,
                n == 1 ? "" : "s", term_style(r->color, STYLE_RESET));
}

/* ---- :who */

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* shape "(2, 3)" of a tensor header */
static void shape_text(const Tensor *t, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "(");
    for (int i = 0; i < t->ndim && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%lld", i ? ", " : "", (long long)t->shape[i]);
    if (n < size)
        snprintf(out + n, size - n, t->ndim == 1 ? ",)" : ")");
}

static void bytes_text(size_t n, char *out, size_t size)
{
    if (n < 10000)
        snprintf(out, size, "%zu", n);
    else if (n < 10000 * 1024)
        snprintf(out, size, "%.1f KiB", (double)n / 1024);
    else
        snprintf(out, size, "%.1f MiB", (double)n / (1024 * 1024));
}

static void cmd_who(Repl *r, const char *name, const char *arg)
{
    (void)name;
    (void)arg;
    VM *vm = r->vm;
    ObjDict *g = vm->main_module->globals;
    const char **names = malloc(sizeof(char *) * (size_t)(g->count + 1));
    if (!names)
        return;
    int n = 0;
    Value key, value;
    for (int32_t pos = 0; dict_next(g, &pos, &key, &value);) {
        if (!IS_STR(key) || AS_CSTR(key)[0] == '_')
            continue;
        if (IS_MODULE(value))
            continue;
        names[n++] = AS_CSTR(key);
    }
    if (n == 0) {
        repl_puts(r, "no variables yet\n");
        free(names);
        return;
    }
    qsort(names, (size_t)n, sizeof *names, compare_names);
    int wname = 4;
    for (int i = 0; i < n; i++)
        if ((int)strlen(names[i]) > wname)
            wname = (int)strlen(names[i]);
    repl_printf(r, "%s%-*s  %-12s %-14s %-6s %s%s\n", term_style(r->color, STYLE_BOLD), wname, "name",
                "type", "shape", "dtype", "bytes", term_style(r->color, STYLE_RESET));
    for (int i = 0; i < n; i++) {
        ObjString *k = str_from_cstr(vm, names[i]);
        if (!k || !dict_get_str(g, k, &value))
            continue;
        char shape[64] = "", dtype[16] = "", bytes[32] = "", note[64] = "";
        if (IS_TENSOR(value)) {
            Tensor *t = AS_TENSOR(value);
            shape_text(t, shape, sizeof shape);
            snprintf(dtype, sizeof dtype, "%s", tn_dtype_name(t->dtype));
            bytes_text((size_t)t->size * tn_dtype_size(t->dtype), bytes, sizeof bytes);
            if (t->is_view)
                snprintf(note, sizeof note, "  view");
        } else if (IS_LIST(value) || IS_TUPLE(value) || IS_STR(value) || IS_DICT(value)) {
            int64_t len = 0;
            if (vm_len(vm, value, &len))
                snprintf(shape, sizeof shape, "len %lld", (long long)len);
            else
                vm_clear_exception(vm);
        } else if (IS_NUMBER(value)) {
            StrBuf b;
            sb_init(&b, sb_heap_alloc, NULL);
            if (value_repr(vm, value, &b) && b.data)
                snprintf(shape, sizeof shape, "= %.12s", b.data);
            sb_free(&b);
        }
        char row[512];
        snprintf(row, sizeof row, "%-*s  %-12s %-14s %-6s %s%s", wname, names[i], value_type_name(vm, value),
                 shape, dtype, bytes, note);
        for (size_t end = strlen(row); end > 0 && row[end - 1] == ' '; end--)
            row[end - 1] = '\0';
        repl_printf(r, "%s\n", row);
    }
    free(names);
}

/* ---- :trace and :complete */

static void cmd_trace(Repl *r, const char *name, const char *arg)
{
    (void)name;
    if (!arg[0]) {
        repl_puts(r, "usage: :trace EXPR   e.g. :trace x[:, None] + y\n");
        return;
    }
    trace_expr(r, arg);
}

static void cmd_complete(Repl *r, const char *name, const char *arg)
{
    (void)name;
    Completions c = {0};
    complete_line(r, arg, (int)strlen(arg), &c);
    for (int i = 0; i < c.count; i++)
        repl_printf(r, "%s%s", i ? "  " : "", c.items[i]);
    repl_puts(r, c.count ? "\n" : "(nothing)\n");
    completions_free(&c);
}
