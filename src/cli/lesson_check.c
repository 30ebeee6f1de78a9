/*
 * lesson_check.c - `nabla --check-lesson FILE`: proves a lesson works, for
 * its author and for the test suite.
 *
 *  - it parses and lints (unique step ids; every exercise has a check, a
 *    hint and a solution; episodes are big enough);
 *  - in a fresh interpreter per exercise, fed line by line through
 *    repl_feed exactly as typed at the prompt: the solution passes, the
 *    starter does not, and every known mistake is recognised as itself;
 *  - the whole lesson runs with :skip at every step without an error, and
 *    twice gives the same output;
 *  - the file runs top to bottom as a plain program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/lesson.h"
#include "vm/vm_internal.h"

typedef struct Checker {
    const char *path;
    char dir[1024];
    int failures;
} Checker;

static void report(Checker *ck, bool ok, const char *what, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report(Checker *ck, bool ok, const char *what, const char *fmt, ...)
{
    char detail[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    printf("  %-4s %s%s%s\n", ok ? "ok" : "FAIL", what, detail[0] ? ": " : "", detail);
    if (!ok)
        ck->failures++;
}

/* The end of what the session printed, for a failure's context. */
static void show_tail(const StrBuf *out)
{
    if (!out->data)
        return;
    const char *p = out->data + out->len;
    int lines = 0;
    while (p > out->data && lines < 16)
        if (*--p == '\n')
            lines++;
    printf("       --- the session's last lines ---\n");
    for (const char *q = p; q < out->data + out->len;) {
        const char *nl = memchr(q, '\n', (size_t)(out->data + out->len - q));
        size_t n = nl ? (size_t)(nl - q) : (size_t)(out->data + out->len - q);
        printf("       | %.*s\n", (int)n, q);
        q += n + 1;
    }
}

typedef struct Session {
    VM *vm;
    Repl r;
    StrBuf out;
} Session;

static bool session_open(Session *s, Checker *ck)
{
    memset(s, 0, sizeof *s);
    s->vm = vm_new(NULL);
    if (!s->vm)
        return false;
    ObjString *d = str_from_cstr(s->vm, ck->dir);
    if (d)
        list_append(s->vm, s->vm->search_path, OBJ_VAL(d));
    ReplOptions opt = {.lessons_dir = ck->dir};
    repl_init(&s->r, s->vm, &opt);
    s->r.interactive = false;
    s->r.color = s->r.err_color = false;
    sb_init(&s->out, sb_heap_alloc, NULL);
    s->r.capture = &s->out;
    return lesson_start_path(&s->r, ck->path, false);
}

static void session_close(Session *s)
{
    if (s->vm) {
        repl_free(&s->r);
        vm_free(s->vm);
    }
    sb_free(&s->out);
}

/* Feeds code line by line as typed, and a blank line to end a block. */
static void feed_code(Session *s, const char *code)
{
    const char *p = code;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char line[4096];
        snprintf(line, sizeof line, "%.*s", (int)n, p);
        repl_feed(&s->r, line);
        p += n + (nl ? 1 : 0);
    }
    repl_feed(&s->r, "");
}

static void feed(Session *s, const char *line)
{
    repl_feed(&s->r, line);
}

static void check_exercise(Checker *ck, const Lesson *l, int i)
{
    const Step *st = &l->steps[i];
    char what[160];
    snprintf(what, sizeof what, "step %d '%s'", i + 1, st->id);
    Session s;
    if (!session_open(&s, ck)) {
        report(ck, false, what, "could not start the lesson");
        show_tail(&s.out);
        session_close(&s);
        return;
    }
    char cmd[128];
    if (i > 0) {
        snprintf(cmd, sizeof cmd, ":goto %s", st->id);
        feed(&s, cmd);
    }
    if (lesson_current_step(&s.r) != i) {
        report(ck, false, what, "could not reach it with :goto");
        show_tail(&s.out);
        session_close(&s);
        return;
    }
    char summary[1024] = "";
    bool ok = true;
    Verdict v;
    /* nothing typed yet: the exercise must not already pass */
    if (lesson_grade_now(&s.r, &v) && v.grade == GRADE_CORRECT) {
        report(ck, false, what, "the exercise passes before anything is typed");
        ok = false;
    }
    /* the solution, as typed */
    int errors = s.r.errors;
    feed_code(&s, st->solution);
    if (!ok) {
        /* reported above */
    } else if (s.r.errors != errors) {
        report(ck, false, what, "the solution raised when typed at the prompt");
        ok = false;
    } else if (!lesson_grade_now(&s.r, &v) || v.grade != GRADE_CORRECT) {
        report(ck, false, what, "the solution does not pass its check (%s: %s)", grade_name(v.grade), v.message);
        ok = false;
    } else {
        snprintf(summary, sizeof summary, "solution passes");
    }
    /* the starter */
    if (ok && st->starter) {
        feed(&s, ":reset");
        feed_code(&s, st->starter);
        if (!lesson_grade_now(&s.r, &v) || v.grade == GRADE_CORRECT) {
            report(ck, false, what, "the starter code already passes the check");
            ok = false;
        } else {
            size_t n = strlen(summary);
            snprintf(summary + n, sizeof summary - n, "; starter fails (%s)", grade_name(v.grade));
        }
    }
    /* every known mistake, recognised as itself */
    for (int j = 0; ok && j < st->nmistakes; j++) {
        feed(&s, ":reset");
        errors = s.r.errors;
        feed_code(&s, st->mistakes[j].code);
        if (s.r.errors != errors) {
            report(ck, false, what, "mistake %d (line %d) raises instead of giving a wrong value", j + 1,
                   st->mistakes[j].line);
            ok = false;
        } else if (!lesson_grade_now(&s.r, &v) || v.grade != GRADE_MISTAKE || v.mistake != j) {
            report(ck, false, what, "mistake %d (line %d) is graded %s, not as itself: %s", j + 1,
                   st->mistakes[j].line, grade_name(v.grade), v.message);
            ok = false;
        }
    }
    if (ok) {
        size_t n = strlen(summary);
        if (st->nmistakes)
            snprintf(summary + n, sizeof summary - n, "; %d mistake%s recognised", st->nmistakes,
                     st->nmistakes == 1 ? "" : "s");
        report(ck, true, what, "%s", summary);
    } else {
        show_tail(&s.out);
    }
    session_close(&s);
}

/* :skip at every step; the session's output, or NULL after a failure. */
static char *skip_run(Checker *ck, const Lesson *l, int *errors)
{
    Session s;
    if (!session_open(&s, ck)) {
        *errors = 1;
        session_close(&s);
        return NULL;
    }
    for (int i = 0; i < l->nsteps && s.r.run; i++)
        feed(&s, ":skip");
    *errors = s.r.errors + (s.r.run != NULL);
    if (*errors)
        show_tail(&s.out);
    char *text = strdup(s.out.data ? s.out.data : "");
    session_close(&s);
    return text;
}

static void discard(void *ud, const char *text, size_t len)
{
    (void)ud;
    (void)text;
    (void)len;
}

static bool plain_run(Checker *ck, char *message, size_t size)
{
    char *src;
    size_t len;
    if (!cli_read_file(ck->path, &src, &len)) {
        snprintf(message, size, "cannot read it");
        return false;
    }
    VM *vm = vm_new(NULL);
    if (!vm) {
        free(src);
        return false;
    }
    vm->write_out = discard;
    ObjString *d = str_from_cstr(vm, ck->dir);
    if (d)
        list_append(vm, vm->search_path, OBJ_VAL(d));
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, src, len, ck->path, COMPILE_MODULE, &perr);
    free(src);
    bool ok = p && vm_execute_proto(vm, p, vm->main_module, NULL);
    if (!ok) {
        StrBuf b;
        sb_init(&b, sb_heap_alloc, NULL);
        vm_print_exception(vm, vm->exception, &b);
        snprintf(message, size, "%.*s", (int)(b.len > 600 ? 600 : b.len), b.data ? b.data : "?");
        sb_free(&b);
    }
    vm_free(vm);
    return ok;
}

int lesson_check_main(const char *path, const char *lessons_dir, const char *part)
{
    static const char *const parts[] = {"lint", "exercises", "skip", "plain", NULL};
    bool known = part == NULL;
    for (int i = 0; part && parts[i]; i++)
        known |= strcmp(part, parts[i]) == 0;
    if (!known) {
        fprintf(stderr, "nabla: --check-lesson FILE [lint|exercises|skip|plain], not '%s'\n", part);
        return 2;
    }
    bool all = part == NULL;
    Checker ck = {.path = path};
    const char *slash = strrchr(path, '/');
    if (lessons_dir)
        snprintf(ck.dir, sizeof ck.dir, "%s", lessons_dir);
    else if (slash)
        snprintf(ck.dir, sizeof ck.dir, "%.*s", (int)(slash - path), path);
    else
        snprintf(ck.dir, sizeof ck.dir, ".");
    Lesson l;
    char err[8192];
    if (!lesson_load(path, &l, err, sizeof err)) {
        fputs(err, stdout);
        printf("%s: does not parse\n", path);
        lesson_free(&l);
        return 1;
    }
    printf("%s: lesson '%s', %d steps, %d exercises\n", path, l.id, l.nsteps, lesson_exercise_count(&l));
    /* an episode of the catalogue is named NN-id.nbl */
    const char *base = slash ? slash + 1 : path;
    bool episode = base[0] >= '0' && base[0] <= '9' && base[1] >= '0' && base[1] <= '9' && base[2] == '-';
    char lint[8192];
    int problems = lesson_lint(&l, episode, lint, sizeof lint);
    if (problems)
        fputs(lint, stdout);
    report(&ck, problems == 0, "lint", "%s", problems ? "see above" : "");
    if (problems == 0 && (all || strcmp(part, "exercises") == 0)) {
        for (int i = 0; i < l.nsteps; i++)
            if (l.steps[i].has_task)
                check_exercise(&ck, &l, i);
    }
    if (problems == 0 && (all || strcmp(part, "skip") == 0)) {
        int e1 = 0, e2 = 0;
        char *a = skip_run(&ck, &l, &e1);
        char *b = e1 ? NULL : skip_run(&ck, &l, &e2);
        if (e1 || e2)
            report(&ck, false, ":skip at every step", "%d error%s", e1 + e2, e1 + e2 == 1 ? "" : "s");
        else if (!a || !b || strcmp(a, b) != 0)
            report(&ck, false, ":skip at every step", "two runs printed different output");
        else
            report(&ck, true, ":skip at every step", "no errors, the same output twice");
        free(a);
        free(b);
    }
    if (problems == 0 && (all || strcmp(part, "plain") == 0)) {
        char msg[1024] = "";
        report(&ck, plain_run(&ck, msg, sizeof msg), "runs as a plain program", "%s", msg);
    }
    lesson_free(&l);
    printf("%s\n", ck.failures ? "FAILED" : "all good");
    return ck.failures ? 1 : 0;
}
