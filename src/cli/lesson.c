/*
 * lesson.c - the lesson runner: the REPL with a lesson loaded.
 *
 * Entering a step takes a snapshot of the workspace, shows the prose and
 * runs the demo code as if typed, then takes a second snapshot (the
 * exercise starts from it).  After each entry the learner types, the
 * exercise is judged (grade.c) against the solution run in a scratch copy
 * of that second snapshot; passing prints a tick and waits for :next.
 * :back, :reset and :goto restore the first snapshot of a step; resuming a
 * lesson in a new session re-runs the earlier steps quietly (demo code and
 * solutions) so the variables are what they would have been.
 *
 * Snapshots and cached reference workspaces live in a module registered
 * under "<lesson>" in vm->modules, which keeps them alive for the collector
 * and out of the learner's sight.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/lesson.h"
#include "core/memory.h"
#include "front/parser_api.h"
#include "vm/vm_internal.h"

#define TICK "\xe2\x9c\x93"     /* ✓ */
#define CROSS "\xe2\x9c\x97"    /* ✗ */
#define STARTED "\xe2\x96\xb6"  /* ▶ */
#define NEW "\xc2\xb7"          /* · */
#define STORE_NAME "<lesson>"

typedef struct Watch {
    ObjString *key;
    Value value;        /* compared by identity only, never dereferenced */
} Watch;

struct LessonRun {
    Lesson lesson;
    int cur;
    int hints;          /* hints shown in this step */
    bool solved;        /* this step's exercise passed */
    bool next_warned;   /* :next on an unsolved exercise said so once */
    bool save;          /* write progress */
    bool save_failed;   /* said so once */
    bool *done;         /* per step */
    int resume_at;      /* ASK_RESUME: the step offered */
    ObjModule *store;
    Verdict last;
    bool have_last;
    Watch *watch;
    int nwatch;
};

/* ---- the store of snapshots */

static bool store_set(Repl *r, const char *key, Value v)
{
    VM *vm = r->vm;
    gc_push_root(vm, v);
    ObjString *k = str_from_cstr(vm, key);
    bool ok = k && dict_set_str(vm, r->run->store->globals, k, v);
    gc_pop_roots(vm, 1);
    if (!ok)
        vm_clear_exception(vm);
    return ok;
}

static ObjDict *store_get(Repl *r, const char *key)
{
    ObjString *k = str_from_cstr(r->vm, key);
    Value v;
    if (!k || !dict_get_str(r->run->store->globals, k, &v) || !IS_DICT(v))
        return NULL;
    return AS_DICT(v);
}

static void store_drop(Repl *r, const char *key)
{
    ObjString *k = str_from_cstr(r->vm, key);
    if (k)
        dict_delete(r->vm, r->run->store->globals, OBJ_VAL(k));
}

static bool snapshot_into(Repl *r, const char *key)
{
    ObjDict *snap = snapshot_take(r->vm, r->vm->main_module->globals);
    if (!snap) {
        repl_report_error(r);
        return false;
    }
    return store_set(r, key, OBJ_VAL(snap));
}

static bool restore_from(Repl *r, const char *key)
{
    ObjDict *snap = store_get(r, key);
    if (!snap)
        return false;
    if (!snapshot_restore(r->vm, r->vm->main_module->globals, snap)) {
        repl_report_error(r);
        return false;
    }
    return true;
}

/* ---- progress */

static void save_progress(Repl *r, bool finished)
{
    LessonRun *run = r->run;
    if (!run->save)
        return;
    Progress p;
    progress_load(&p);
    ProgressEntry *e = progress_put(&p, run->lesson.id);
    if (e) {
        e->hash = run->lesson.hash;
        if (finished)
            e->done = true;
        snprintf(e->step, sizeof e->step, "%s", run->lesson.steps[run->cur].id);
        for (int i = 0; i < run->lesson.nsteps; i++)
            if (run->done[i])
                progress_mark_step(e, run->lesson.steps[i].id);
    }
    char err[512];
    if (!progress_save(&p, err, sizeof err) && !run->save_failed) {
        run->save_failed = true;
        repl_styled(r, STYLE_WARN, "note: %s", err);
        repl_puts(r, "\n");
    }
    progress_free(&p);
}

/* ---- showing and running code */

static void reseed(Repl *r, int step)
{
    VM *vm = r->vm;
    ObjString *name = str_from_cstr(vm, "random");
    Value mod, seed;
    if (!name || !vm_import(vm, name, &mod)) {
        vm_clear_exception(vm);
        return;
    }
    ObjString *fname = str_from_cstr(vm, "seed");
    if (!fname || !IS_MODULE(mod) || !dict_get_str(AS_MODULE(mod)->globals, fname, &seed)) {
        vm_clear_exception(vm);
        return;
    }
    Value arg = INT_VAL(r->run->lesson.seed + step), out;
    if (!vm_call(vm, seed, 1, &arg, &out))
        vm_clear_exception(vm);
}

static bool comment_or_blank(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i == n || s[i] == '#';
}

/* Shows code a statement at a time, as if typed at the prompt, and runs
   each with the REPL's echo.  Comment lines before a statement are shown
   dimmed.  False when something raised. */
static bool run_code_shown(Repl *r, const char *code)
{
    size_t len = strlen(code);
    Arena arena;
    arena_init(&arena, sb_heap_alloc, NULL);
    ParseError perr;
    Node *mod = parse_module(&arena, code, len, &perr);
    if (!mod || mod->as.items.count == 0) {
        arena_free(&arena);
        repl_show_input(r, code, len);
        return repl_exec(r, code, len, true);
    }
    /* line starts of the code */
    int nlines = 1;
    for (size_t i = 0; i < len; i++)
        nlines += code[i] == '\n';
    const char **lines = malloc(sizeof(char *) * (size_t)(nlines + 1));
    int *starts = malloc(sizeof(int) * (size_t)(mod->as.items.count + 1));
    if (!lines || !starts) {
        free(lines);
        free(starts);
        arena_free(&arena);
        return repl_exec(r, code, len, true);
    }
    int k = 0;
    lines[k++] = code;
    for (size_t i = 0; i < len; i++)
        if (code[i] == '\n')
            lines[k++] = code + i + 1;
    lines[nlines] = code + len + 1;
    int nst = mod->as.items.count;
    for (int s = 0; s < nst; s++) {
        int line = mod->as.items.items[s]->line;
        starts[s] = line < 1 ? 1 : line > nlines ? nlines : line;
        if (s > 0 && starts[s] <= starts[s - 1])
            starts[s] = starts[s - 1] + 1;
    }
    starts[nst] = nlines + 1;
    arena_free(&arena);
    bool ok = true;
    int from = 1;   /* first line not yet shown */
    for (int s = 0; s < nst && ok; s++) {
        /* comments and blanks before the statement */
        for (; from < starts[s]; from++) {
            const char *a = lines[from - 1];
            size_t n = (size_t)(lines[from] - a - 1);
            if (!comment_or_blank(a, n))
                break;
            if (n > 0)
                repl_styled(r, STYLE_DIM, "%.*s", (int)n, a);
            if (n > 0)
                repl_puts(r, "\n");
        }
        /* the statement: up to the next one, less trailing comments */
        int last = starts[s + 1] - 1;
        while (last > starts[s] && comment_or_blank(lines[last - 1], (size_t)(lines[last] - lines[last - 1] - 1)))
            last--;
        const char *a = lines[starts[s] - 1];
        const char *b = lines[last] - 1;
        if (b > code + len)
            b = code + len;
        repl_show_input(r, a, (size_t)(b - a));
        ok = repl_exec(r, a, (size_t)(b - a), true);
        from = last + 1;
    }
    free(lines);
    free(starts);
    return ok;
}

/* ---- the step on screen */

static void rule(Repl *r, const char *title)
{
    const LessonRun *run = r->run;
    char head[256];
    snprintf(head, sizeof head, "\xe2\x94\x80\xe2\x94\x80 %d/%d \xc2\xb7 %s ", run->cur + 1, run->lesson.nsteps,
             title);
    int width = term_width() < 72 ? term_width() : 72;
    int used = (int)term_text_width(head, strlen(head));
    repl_puts(r, "\n");
    repl_printf(r, "%s%s", term_style(r->color, STYLE_BOLD), head);
    for (int i = used; i < width; i++)
        repl_puts(r, "\xe2\x94\x80");
    repl_printf(r, "%s\n", term_style(r->color, STYLE_RESET));
}

static void show_code_block(Repl *r, const char *code)
{
    const char *p = code;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        repl_printf(r, "    %s%.*s%s\n", term_style(r->color, STYLE_CODE), (int)n, p,
                    term_style(r->color, STYLE_RESET));
        p += n + (nl ? 1 : 0);
    }
}

static void watch_take(Repl *r)
{
    LessonRun *run = r->run;
    VM *vm = r->vm;
    const Step *s = &run->lesson.steps[run->cur];
    free(run->watch);
    run->watch = NULL;
    run->nwatch = 0;
    int nexpect = 0;
    for (int i = 0; i < s->nchecks; i++)
        nexpect += s->checks[i].kind == CHECK_EXPECT;
    ObjDict *g = vm->main_module->globals;
    int cap = nexpect ? nexpect : g->count;
    run->watch = malloc(sizeof(Watch) * (size_t)(cap ? cap : 1));
    if (!run->watch)
        return;
    if (nexpect) {
        for (int i = 0; i < s->nchecks; i++) {
            if (s->checks[i].kind != CHECK_EXPECT)
                continue;
            ObjString *k = str_from_cstr(vm, s->checks[i].name);
            Value v = UNDEF_VAL;
            if (k)
                dict_get_str(g, k, &v);
            run->watch[run->nwatch++] = (Watch){k, v};
        }
    } else {
        Value key, value;
        for (int32_t pos = 0; dict_next(g, &pos, &key, &value) && run->nwatch < cap;)
            if (IS_STR(key) && AS_CSTR(key)[0] != '_')
                run->watch[run->nwatch++] = (Watch){AS_STR(key), value};
    }
}

/* Did the entry just run change what the exercise looks at? */
static bool watch_changed(Repl *r)
{
    LessonRun *run = r->run;
    ObjDict *g = r->vm->main_module->globals;
    const Step *s = &run->lesson.steps[run->cur];
    bool by_name = false;
    for (int i = 0; i < s->nchecks; i++)
        by_name |= s->checks[i].kind == CHECK_EXPECT;
    int seen = 0;
    for (int i = 0; i < run->nwatch; i++) {
        Value v = UNDEF_VAL;
        if (run->watch[i].key)
            dict_get_str(g, run->watch[i].key, &v);
        if (v.type != run->watch[i].value.type || (IS_OBJ(v) && AS_OBJ(v) != AS_OBJ(run->watch[i].value)) ||
            (!IS_OBJ(v) && !value_identical(v, run->watch[i].value)))
            return true;
        seen++;
    }
    if (by_name)
        return false;
    int now = 0;
    Value key;
    for (int32_t pos = 0; dict_next(g, &pos, &key, NULL);)
        now += IS_STR(key) && AS_CSTR(key)[0] != '_';
    return now != seen;
}

/* The workspace after code ran on a copy of the step's exercise snapshot;
   cached under key. NULL when the code raised (reported when loud). */
static ObjDict *scratch_run(Repl *r, const char *key, const char *code, bool loud)
{
    ObjDict *cached = store_get(r, key);
    if (cached)
        return cached;
    VM *vm = r->vm;
    char task_key[32];
    snprintf(task_key, sizeof task_key, "task/%d", r->run->cur);
    ObjDict *task = store_get(r, task_key);
    if (!task || !code)
        return NULL;
    ObjDict *ws = snapshot_take(vm, task);
    if (!ws) {
        vm_clear_exception(vm);
        return NULL;
    }
    gc_push_root(vm, OBJ_VAL(ws));
    ObjModule *m = repl_new_module(vm, "__main__");
    bool ok = m != NULL;
    if (ok) {
        m->globals = ws;
        gc_push_root(vm, OBJ_VAL(m));
        Value result;
        repl_begin_quiet(r);
        ok = vm_run_source(vm, m, code, strlen(code), "<solution>", false, &result);
        repl_end_quiet(r);
        gc_pop_roots(vm, 1);
    }
    if (!ok) {
        if (loud) {
            repl_styled(r, STYLE_ERROR, "lesson error: the code of step '%s' (%s) raised:",
                        r->run->lesson.steps[r->run->cur].id, key);
            repl_puts(r, "\n");
            repl_report_error(r);
        } else {
            vm_clear_exception(vm);
        }
        gc_pop_roots(vm, 1);
        return NULL;
    }
    store_set(r, key, OBJ_VAL(ws));
    gc_pop_roots(vm, 1);
    return ws;
}

bool lesson_grade_now(Repl *r, Verdict *out)
{
    LessonRun *run = r->run;
    if (!run)
        return false;
    const Step *s = &run->lesson.steps[run->cur];
    if (!s->has_task)
        return false;
    char key[48];
    snprintf(key, sizeof key, "ref/%d", run->cur);
    ObjDict *ref = scratch_run(r, key, s->solution, true);
    if (!ref) {
        snprintf(out->message, sizeof out->message, "the lesson's solution could not run");
        out->grade = GRADE_ERROR;
        out->mistake = -1;
        return true;
    }
    VM *vm = r->vm;
    gc_push_root(vm, OBJ_VAL(ref));
    ObjDict *mistakes[64] = {0};
    int nm = s->nmistakes < 64 ? s->nmistakes : 64;
    for (int j = 0; j < nm; j++) {
        snprintf(key, sizeof key, "mistake/%d/%d", run->cur, j);
        mistakes[j] = scratch_run(r, key, s->mistakes[j].code, false);
        if (mistakes[j])
            gc_push_root(vm, OBJ_VAL(mistakes[j]));
    }
    repl_begin_quiet(r);
    grade_step(vm, s, vm->main_module, ref, mistakes, out);
    repl_end_quiet(r);
    for (int j = 0; j < nm; j++)
        if (mistakes[j])
            gc_pop_roots(vm, 1);
    gc_pop_roots(vm, 1);
    return true;
}

static void show_exercise(Repl *r, const Step *s)
{
    repl_puts(r, "\n");
    repl_styled(r, STYLE_BOLD, "\xe2\x9c\x8e Your turn");
    repl_puts(r, "\n");
    if (s->task)
        repl_prose(r, s->task);
    if (s->starter) {
        repl_puts(r, "Start from:\n");
        show_code_block(r, s->starter);
    }
}

static void forget_caches(Repl *r, int step)
{
    char key[48];
    snprintf(key, sizeof key, "ref/%d", step);
    store_drop(r, key);
    for (int j = 0; j < r->run->lesson.steps[step].nmistakes; j++) {
        snprintf(key, sizeof key, "mistake/%d/%d", step, j);
        store_drop(r, key);
    }
}

/* Enters step i: snapshot (unless the workspace was just restored from
   one), prose, demo, exercise. */
static void enter_step(Repl *r, int i, bool restored)
{
    LessonRun *run = r->run;
    const Step *s = &run->lesson.steps[i];
    run->cur = i;
    run->hints = 0;
    run->solved = false;
    run->next_warned = false;
    run->have_last = false;
    char key[32];
    snprintf(key, sizeof key, "entry/%d", i);
    if (!restored)
        snapshot_into(r, key);
    forget_caches(r, i);
    reseed(r, i);
    rule(r, s->title);
    for (int k = 0; k < s->nsegs; k++) {
        if (s->segs[k].code) {
            run_code_shown(r, s->segs[k].text);
        } else {
            repl_prose(r, s->segs[k].text);
        }
    }
    snprintf(key, sizeof key, "task/%d", i);
    snapshot_into(r, key);
    if (s->has_task) {
        show_exercise(r, s);
        Verdict v;
        if (lesson_grade_now(r, &v)) {
            run->last = v;
            run->have_last = true;
            run->solved = v.grade == GRADE_CORRECT;
        }
        watch_take(r);
    }
    save_progress(r, false);
}

/* Step i without showing it: demo code, then the solution. */
static bool run_step_quietly(Repl *r, int i, bool with_solution)
{
    LessonRun *run = r->run;
    const Step *s = &run->lesson.steps[i];
    run->cur = i;
    char key[32];
    snprintf(key, sizeof key, "entry/%d", i);
    snapshot_into(r, key);
    forget_caches(r, i);
    reseed(r, i);
    int errors = r->errors;
    repl_begin_quiet(r);
    for (int k = 0; k < s->nsegs; k++)
        if (s->segs[k].code)
            repl_exec(r, s->segs[k].text, strlen(s->segs[k].text), false);
    snprintf(key, sizeof key, "task/%d", i);
    snapshot_into(r, key);
    if (s->has_task && with_solution && s->solution)
        repl_exec(r, s->solution, strlen(s->solution), false);
    repl_end_quiet(r);
    if (r->errors != errors) {
        repl_styled(r, STYLE_ERROR, "lesson error: step '%s' raised while it was replayed", s->id);
        repl_puts(r, "\n");
        return false;
    }
    return true;
}

static void finish_lesson(Repl *r)
{
    LessonRun *run = r->run;
    save_progress(r, true);
    repl_puts(r, "\n");
    repl_styled(r, STYLE_OK, TICK " You have finished \"%s\".", run->lesson.title);
    repl_puts(r, "\n");
    Catalog c;
    catalog_load(&c, r->lessons_dir);
    int me = catalog_find(&c, run->lesson.id);
    if (me >= 0 && me + 1 < c.count)
        repl_printf(r, "Next: :lesson %s  (%s)\n", c.items[me + 1].id, c.items[me + 1].title);
    catalog_free(&c);
    repl_puts(r, "Your variables are still here to play with.\n");
    lesson_end(r);
}

/* ---- starting and leaving */

void lesson_end(Repl *r)
{
    LessonRun *run = r->run;
    if (!run)
        return;
    snprintf(r->last_lesson, sizeof r->last_lesson, "%s", run->lesson.id);
    ObjString *k = str_from_cstr(r->vm, STORE_NAME);
    if (k)
        dict_delete(r->vm, r->vm->modules, OBJ_VAL(k));
    lesson_free(&run->lesson);
    free(run->done);
    free(run->watch);
    free(run);
    r->run = NULL;
    r->ask = ASK_NONE;
}

static int count_done(const LessonRun *run)
{
    int n = 0;
    for (int i = 0; i < run->lesson.nsteps; i++)
        n += run->done[i];
    return n;
}

bool lesson_start_path(Repl *r, const char *path, bool save)
{
    VM *vm = r->vm;
    lesson_end(r);
    LessonRun *run = calloc(1, sizeof *run);
    if (!run)
        return false;
    char err[4096];
    if (!lesson_load(path, &run->lesson, err, sizeof err)) {
        repl_error_text(r, err, strlen(err));
        r->errors++;
        lesson_free(&run->lesson);
        free(run);
        return false;
    }
    run->save = save;
    run->done = calloc((size_t)run->lesson.nsteps, sizeof(bool));
    run->store = repl_new_module(vm, STORE_NAME);
    if (!run->done || !run->store || !dict_set_str(vm, vm->modules, run->store->name, OBJ_VAL(run->store))) {
        vm_clear_exception(vm);
        lesson_free(&run->lesson);
        free(run->done);
        free(run);
        return false;
    }
    r->run = run;
    const Lesson *l = &run->lesson;
    repl_puts(r, "\n");
    repl_styled(r, STYLE_BOLD, "%s", l->title);
    if (l->minutes)
        repl_printf(r, "  %s(%d steps, about %d minutes)%s\n", term_style(r->color, STYLE_DIM), l->nsteps,
                    l->minutes, term_style(r->color, STYLE_RESET));
    else
        repl_printf(r, "  %s(%d steps)%s\n", term_style(r->color, STYLE_DIM), l->nsteps,
                    term_style(r->color, STYLE_RESET));
    if (l->intro)
        repl_prose(r, l->intro);
    repl_styled(r, STYLE_DIM, ":next goes on, :back goes back, :hint helps, :status shows where you are, "
                              ":quit leaves (progress is kept).");
    repl_puts(r, "\n");

    Progress p;
    progress_load(&p);
    ProgressEntry *e = save ? progress_get(&p, l->id) : NULL;
    int resume = -1;
    if (e) {
        for (int i = 0; i < l->nsteps; i++)
            run->done[i] = progress_step_done(e, l->steps[i].id);
        resume = e->step[0] ? lesson_step_index(l, e->step) : -1;
        if (e->done) {
            repl_puts(r, "You finished this lesson before; here it is again from the start.\n");
            resume = -1;
        }
    }
    progress_free(&p);
    if (resume > 0) {
        run->resume_at = resume;
        r->ask = ASK_RESUME;
        repl_printf(r, "Welcome back! You were at step %d/%d, \"%s\". Resume there? [Y/n]\n", resume + 1,
                    l->nsteps, l->steps[resume].title);
        return true;
    }
    enter_step(r, 0, false);
    return true;
}

static void resume_at(Repl *r, int target)
{
    if (target == 1)
        repl_styled(r, STYLE_DIM, "(re-running step 1 quietly, with the lesson's own answers)\n");
    else if (target > 1)
        repl_styled(r, STYLE_DIM, "(re-running steps 1-%d quietly, with the lesson's own answers)\n", target);
    for (int i = 0; i < target; i++)
        if (!run_step_quietly(r, i, true))
            break;
    enter_step(r, r->run ? target : 0, false);
}

void lesson_answer(Repl *r, const char *line)
{
    if (!r->run || r->ask != ASK_RESUME) {
        r->ask = ASK_NONE;
        return;
    }
    while (*line == ' ')
        line++;
    char c = line[0];
    if (c == '\0' || c == 'y' || c == 'Y') {
        r->ask = ASK_NONE;
        resume_at(r, r->run->resume_at);
    } else if (c == 'n' || c == 'N') {
        r->ask = ASK_NONE;
        enter_step(r, 0, false);
    } else {
        repl_puts(r, "Please answer y (resume) or n (start from step 1).\n");
    }
}

/* ---- the catalogue */

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

void lesson_find_dir(char *out, size_t size)
{
    const char *env = getenv("NABLA_LESSONS");
    if (env && env[0]) {
        snprintf(out, size, "%s", env);
        return;
    }
#ifdef NABLA_LESSONS_DIR
    if (is_dir(NABLA_LESSONS_DIR)) {
        snprintf(out, size, "%s", NABLA_LESSONS_DIR);
        return;
    }
#endif
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        static const char *const rel[] = {"lessons", "../lessons", "../share/nabla/lessons"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char cand[2200];
            snprintf(cand, sizeof cand, "%s/%s", exe, rel[i]);
            if (is_dir(cand)) {
                snprintf(out, size, "%s", cand);
                return;
            }
        }
    }
    snprintf(out, size, "lessons");
}

/* The catalogue with marks: ✓ done, ▶ started, · new. */
static void catalogue_text(const char *dir, bool color, StrBuf *b)
{
    Catalog c;
    catalog_load(&c, dir);
    if (c.count == 0) {
        sb_printf(b, "no lessons found in %s (set NABLA_LESSONS to the lessons folder)\n", dir);
        catalog_free(&c);
        return;
    }
    Progress p;
    progress_load(&p);
    int wid = 4, wtitle = 5;
    for (int i = 0; i < c.count; i++) {
        int w = (int)strlen(c.items[i].id);
        if (w > wid)
            wid = w;
        w = (int)term_text_width(c.items[i].title, strlen(c.items[i].title));
        if (w > wtitle)
            wtitle = w;
    }
    for (int i = 0; i < c.count; i++) {
        const Lesson *l = &c.items[i];
        ProgressEntry *e = progress_get(&p, l->id);
        const char *mark = NEW;
        Style st = STYLE_DIM;
        char where[64] = "";
        if (e && e->done) {
            mark = TICK;
            st = STYLE_OK;
            snprintf(where, sizeof where, "done");
        } else if (e) {
            mark = STARTED;
            st = STYLE_WARN;
            int k = e->step[0] ? lesson_step_index(l, e->step) : -1;
            if (k >= 0)
                snprintf(where, sizeof where, "at step %d of %d", k + 1, l->nsteps);
            else
                snprintf(where, sizeof where, "started");
        } else if (l->minutes) {
            snprintf(where, sizeof where, "%d steps, ~%d min", l->nsteps, l->minutes);
        } else {
            snprintf(where, sizeof where, "%d steps", l->nsteps);
        }
        int tw = (int)term_text_width(l->title, strlen(l->title));
        sb_printf(b, "  %s%s%s %2d  %-*s  %s%*s  %s%s%s\n", term_style(color, st), mark,
                  term_style(color, STYLE_RESET), i + 1, wid, l->id, l->title, wtitle - tw, "",
                  term_style(color, STYLE_DIM), where, term_style(color, STYLE_RESET));
    }
    sb_puts(b, "Start one with :lesson NAME (or its number).\n");
    progress_free(&p);
    catalog_free(&c);
}

int lesson_list_main(const char *dir)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    catalogue_text(dir, term_color_ok(1), &b);
    if (b.data)
        fwrite(b.data, 1, b.len, stdout);
    sb_free(&b);
    return 0;
}

/* ---- commands */

static bool need_run(Repl *r, const char *cmd)
{
    if (r->run)
        return true;
    repl_printf(r, ":%s works inside a lesson: :lessons lists them, :lesson NAME starts one.\n", cmd);
    return false;
}

/* The mark in the verdict's colour, then its message as prose (authors
   write `code` and **bold** in mistake messages). */
static void show_verdict(Repl *r, const Verdict *v)
{
    const char *mark = v->grade == GRADE_CORRECT ? TICK : v->grade == GRADE_CLOSE ? "\xe2\x89\x88" : CROSS;
    Style st = v->grade == GRADE_CORRECT ? STYLE_OK : v->grade == GRADE_ERROR ? STYLE_ERROR : STYLE_WARN;
    repl_styled(r, st, "%s", mark);
    repl_puts(r, " ");
    repl_prose(r, v->message);
}

static void say_solved(Repl *r)
{
    LessonRun *run = r->run;
    run->solved = true;
    run->done[run->cur] = true;
    repl_styled(r, STYLE_OK, TICK " Correct!");
    if (run->cur + 1 < run->lesson.nsteps)
        repl_puts(r, " Type :next to go on (or keep experimenting).\n");
    else
        repl_puts(r, " Type :next to finish the lesson.\n");
    save_progress(r, false);
}

void lesson_after_entry(Repl *r, bool ran_ok)
{
    LessonRun *run = r->run;
    if (!run || !ran_ok)
        return;
    const Step *s = &run->lesson.steps[run->cur];
    if (!s->has_task || run->solved)
        return;
    Verdict v;
    if (!lesson_grade_now(r, &v))
        return;
    bool attempt = watch_changed(r);
    bool changed = !run->have_last || run->last.grade != v.grade || strcmp(run->last.message, v.message) != 0;
    if (v.grade == GRADE_CORRECT) {
        say_solved(r);
    } else if (attempt || (changed && v.grade != GRADE_MISSING)) {
        if (v.grade != GRADE_MISSING || attempt)
            show_verdict(r, &v);
        if (run->hints == 0 && s->nhints > 0 && v.grade != GRADE_CLOSE)
            repl_styled(r, STYLE_DIM, "  (:hint if you are stuck)\n");
    }
    run->last = v;
    run->have_last = true;
    watch_take(r);
}

static void go_next(Repl *r)
{
    LessonRun *run = r->run;
    if (run->cur + 1 >= run->lesson.nsteps) {
        finish_lesson(r);
        return;
    }
    enter_step(r, run->cur + 1, false);
}

static void cmd_next(Repl *r)
{
    LessonRun *run = r->run;
    const Step *s = &run->lesson.steps[run->cur];
    if (s->has_task && !run->solved && !run->next_warned) {
        run->next_warned = true;
        repl_puts(r, "This step's exercise is not solved yet. :hint helps, :skip runs the solution so "
                     "later steps work, and :next again moves on without it.\n");
        return;
    }
    if (!s->has_task)
        run->done[run->cur] = true;
    go_next(r);
}

static void cmd_skip(Repl *r)
{
    LessonRun *run = r->run;
    const Step *s = &run->lesson.steps[run->cur];
    if (s->has_task && !run->solved && s->solution) {
        repl_puts(r, "Running the solution:\n");
        run_code_shown(r, s->solution);
    }
    run->done[run->cur] = true;
    go_next(r);
}

static void cmd_back(Repl *r)
{
    LessonRun *run = r->run;
    if (run->cur == 0) {
        repl_puts(r, "This is the first step (:reset starts it over).\n");
        return;
    }
    char key[32];
    snprintf(key, sizeof key, "entry/%d", run->cur - 1);
    bool restored = restore_from(r, key);
    enter_step(r, run->cur - 1, restored);
}

static void cmd_goto(Repl *r, const char *arg)
{
    LessonRun *run = r->run;
    int target = lesson_step_index(&run->lesson, arg);
    if (target < 0) {
        const char **ids = malloc(sizeof(char *) * (size_t)run->lesson.nsteps);
        const char *guess = NULL;
        if (ids) {
            for (int i = 0; i < run->lesson.nsteps; i++)
                ids[i] = run->lesson.steps[i].id;
            guess = term_suggest(arg, ids, run->lesson.nsteps);
            free(ids);
        }
        r->errors++;
        if (guess)
            repl_printf(r, "no step '%s' \xe2\x80\x94 did you mean '%s'? (:status lists the steps)\n", arg, guess);
        else
            repl_printf(r, "no step '%s' (:status lists the steps)\n", arg);
        return;
    }
    if (target <= run->cur) {
        char key[32];
        snprintf(key, sizeof key, "entry/%d", target);
        bool restored = restore_from(r, key);
        enter_step(r, target, restored);
        return;
    }
    /* forward: finish this step and the ones between, quietly */
    const Step *s = &run->lesson.steps[run->cur];
    if (s->has_task && !run->solved && s->solution) {
        repl_begin_quiet(r);
        repl_exec(r, s->solution, strlen(s->solution), false);
        repl_end_quiet(r);
    }
    if (target == run->cur + 2)
        repl_styled(r, STYLE_DIM, "(running step %d quietly)\n", target);
    else if (target > run->cur + 2)
        repl_styled(r, STYLE_DIM, "(running steps %d-%d quietly)\n", run->cur + 2, target);
    for (int i = run->cur + 1; i < target; i++)
        if (!run_step_quietly(r, i, true))
            break;
    enter_step(r, target, false);
}

static void cmd_hint(Repl *r)
{
    LessonRun *run = r->run;
    const Step *s = &run->lesson.steps[run->cur];
    if (!s->has_task) {
        repl_puts(r, "This step has no exercise: :next goes on.\n");
        return;
    }
    if (run->hints >= s->nhints) {
        repl_puts(r, "No more hints. :solution shows one way to do it.\n");
        return;
    }
    repl_styled(r, STYLE_WARN, "Hint %d of %d:", run->hints + 1, s->nhints);
    repl_puts(r, " ");
    repl_prose(r, s->hints[run->hints] ? s->hints[run->hints] : "");
    run->hints++;
}

static void cmd_solution(Repl *r)
{
    LessonRun *run = r->run;
    const Step *s = &run->lesson.steps[run->cur];
    if (!s->has_task || !s->solution) {
        repl_puts(r, "This step has no exercise: :next goes on.\n");
        return;
    }
    repl_puts(r, "One way to do it:\n");
    show_code_block(r, s->solution);
    if (!run->solved)
        repl_puts(r, "Type it in to see it pass, or :skip to have it run for you.\n");
}

static void cmd_check(Repl *r)
{
    Verdict v;
    if (!lesson_grade_now(r, &v)) {
        repl_puts(r, "This step has no exercise: :next goes on.\n");
        return;
    }
    if (v.grade == GRADE_CORRECT && !r->run->solved)
        say_solved(r);
    else
        show_verdict(r, &v);
}

static void cmd_reset(Repl *r, const char *arg)
{
    LessonRun *run = r->run;
    int target;
    if (!arg[0] || strcmp(arg, "step") == 0)
        target = run->cur;
    else if (strcmp(arg, "lesson") == 0)
        target = 0;
    else {
        repl_puts(r, "usage: :reset [step|lesson]\n");
        return;
    }
    char key[32];
    snprintf(key, sizeof key, "entry/%d", target);
    bool restored = restore_from(r, key);
    repl_styled(r, STYLE_DIM, "(variables put back as they were at the start of %s)",
                target == 0 && arg[0] ? "the lesson" : "this step");
    repl_puts(r, "\n");
    enter_step(r, target, restored);
}

static void cmd_status(Repl *r)
{
    LessonRun *run = r->run;
    const Lesson *l = &run->lesson;
    repl_styled(r, STYLE_BOLD, "%s", l->title);
    repl_printf(r, " \xe2\x80\x94 step %d of %d, %d done\n", run->cur + 1, l->nsteps, count_done(run));
    for (int i = 0; i < l->nsteps; i++) {
        const Step *s = &l->steps[i];
        const char *mark = i == run->cur ? STARTED : run->done[i] ? TICK : NEW;
        repl_printf(r, "  %s %2d  %-18s %s%s\n", mark, i + 1, s->id, s->title, s->has_task ? "  (exercise)" : "");
    }
    const Step *s = &l->steps[run->cur];
    if (s->has_task)
        repl_printf(r, "This exercise: %s; hints used %d of %d.\n", run->solved ? "solved" : "not solved yet",
                    run->hints, s->nhints);
}

static void cmd_forget(Repl *r, const char *arg)
{
    const char *id = arg[0] ? arg : r->run ? r->run->lesson.id : NULL;
    if (!id) {
        repl_puts(r, "usage: :forget NAME   (forgets your progress in that lesson)\n");
        return;
    }
    char resolved[128];
    snprintf(resolved, sizeof resolved, "%s", id);
    Catalog c;
    catalog_load(&c, r->lessons_dir);
    int k = catalog_find(&c, id);
    if (k >= 0)
        snprintf(resolved, sizeof resolved, "%s", c.items[k].id);
    catalog_free(&c);
    Progress p;
    progress_load(&p);
    bool had = progress_remove(&p, resolved);
    char err[512];
    if (had && !progress_save(&p, err, sizeof err))
        repl_printf(r, "%s\n", err);
    else if (had)
        repl_printf(r, "Forgot your progress in %s.\n", resolved);
    else
        repl_printf(r, "No progress kept for %s.\n", resolved);
    progress_free(&p);
    if (r->run && strcmp(r->run->lesson.id, resolved) == 0)
        memset(r->run->done, 0, sizeof(bool) * (size_t)r->run->lesson.nsteps);
}

static void cmd_lesson(Repl *r, const char *arg)
{
    if (!arg[0]) {
        if (r->run) {
            cmd_status(r);
            return;
        }
        if (!r->last_lesson[0]) {
            StrBuf b;
            sb_init(&b, sb_heap_alloc, NULL);
            catalogue_text(r->lessons_dir, r->color, &b);
            if (b.data)
                repl_write(r, b.data, b.len);
            sb_free(&b);
            return;
        }
        arg = r->last_lesson;
    }
    Catalog c;
    catalog_load(&c, r->lessons_dir);
    int k = catalog_find(&c, arg);
    if (k < 0) {
        const char **ids = malloc(sizeof(char *) * (size_t)(c.count ? c.count : 1));
        const char *guess = NULL;
        if (ids) {
            for (int i = 0; i < c.count; i++)
                ids[i] = c.items[i].id;
            guess = term_suggest(arg, ids, c.count);
        }
        r->errors++;
        if (guess)
            repl_printf(r, "no lesson '%s' \xe2\x80\x94 did you mean '%s'?\n", arg, guess);
        else
            repl_printf(r, "no lesson '%s' (:lessons lists them)\n", arg);
        free(ids);
        catalog_free(&c);
        return;
    }
    char path[2048];
    snprintf(path, sizeof path, "%s", c.items[k].path);
    catalog_free(&c);
    if (r->run)
        save_progress(r, false);
    lesson_start_path(r, path, true);
}

void lesson_cmd(Repl *r, const char *name, const char *arg)
{
    if (strcmp(name, "lessons") == 0) {
        StrBuf b;
        sb_init(&b, sb_heap_alloc, NULL);
        catalogue_text(r->lessons_dir, r->color, &b);
        if (b.data)
            repl_write(r, b.data, b.len);
        sb_free(&b);
        return;
    }
    if (strcmp(name, "lesson") == 0) {
        cmd_lesson(r, arg);
        return;
    }
    if (strcmp(name, "forget") == 0) {
        cmd_forget(r, arg);
        return;
    }
    if (strcmp(name, "quit") == 0) {
        if (!r->run) {
            r->quit = true;
            return;
        }
        LessonRun *run = r->run;
        save_progress(r, false);
        repl_printf(r, "Left \"%s\" at step %d of %d. Your variables are still here; :lesson %s picks up "
                       "where you left off.\n",
                    run->lesson.title, run->cur + 1, run->lesson.nsteps, run->lesson.id);
        lesson_end(r);
        return;
    }
    if (!need_run(r, name))
        return;
    if (strcmp(name, "next") == 0)
        cmd_next(r);
    else if (strcmp(name, "back") == 0)
        cmd_back(r);
    else if (strcmp(name, "goto") == 0)
        cmd_goto(r, arg);
    else if (strcmp(name, "hint") == 0)
        cmd_hint(r);
    else if (strcmp(name, "solution") == 0)
        cmd_solution(r);
    else if (strcmp(name, "skip") == 0)
        cmd_skip(r);
    else if (strcmp(name, "check") == 0)
        cmd_check(r);
    else if (strcmp(name, "reset") == 0)
        cmd_reset(r, arg);
    else if (strcmp(name, "status") == 0)
        cmd_status(r);
}

const char *lesson_prompt(Repl *r, char *buf, size_t size)
{
    if (!r->run)
        return NULL;
    snprintf(buf, size, "[%s %d/%d]", r->run->lesson.id, r->run->cur + 1, r->run->lesson.nsteps);
    return buf;
}

int lesson_current_step(Repl *r)
{
    return r->run ? r->run->cur : -1;
}

void lesson_complete_arg(Repl *r, const char *cmd, const char *typed, size_t n, Completions *out)
{
    if (strcmp(cmd, "lesson") == 0 || strcmp(cmd, "forget") == 0) {
        Catalog c;
        catalog_load(&c, r->lessons_dir);
        for (int i = 0; i < c.count; i++)
            if (strncmp(c.items[i].id, typed, n) == 0)
                completions_add(out, "", 0, c.items[i].id, "");
        catalog_free(&c);
    } else if (strcmp(cmd, "goto") == 0 && r->run) {
        for (int i = 0; i < r->run->lesson.nsteps; i++)
            if (strncmp(r->run->lesson.steps[i].id, typed, n) == 0)
                completions_add(out, "", 0, r->run->lesson.steps[i].id, "");
    } else if (strcmp(cmd, "reset") == 0) {
        static const char *const what[] = {"step", "lesson"};
        for (int i = 0; i < 2; i++)
            if (strncmp(what[i], typed, n) == 0)
                completions_add(out, "", 0, what[i], "");
    }
}
