/*
 * lesson_format.c - reading a .nbl lesson: structured comments over a
 * script that also runs top to bottom as a plain program.
 *
 * Each line is one of
 *   #: directive args     structure (lesson, title, step, task, solution, ...)
 *   #' text               Markdown prose
 *   #| code               code kept out of the plain program (starters, mistakes)
 *   anything else         code: a step's demo, or an exercise's solution
 * lang/lessons.md is the authors' description; the grammar, per step:
 *
 *   step     = "#: step" ID TITLE  (prose | code)*  [task]
 *   task     = "#: task" prose*  ["#: starter" ("#|" line)*]
 *              "#: solution" code*  (check | setting | hint | mistake)*
 *   check    = "#: expect" NAME ["=" EXPR] prose*  |  "#: check" EXPR prose*
 *   setting  = "#: tol" RTOL [ATOL]  |  "#: dtype"
 *   hint     = "#: hint" [TEXT] prose*
 *   mistake  = "#: mistake" [CODE] ("#|" line)* prose*
 */
#include <ctype.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/lesson.h"

typedef enum Section {
    SEC_HEADER,     /* before the first step */
    SEC_DEMO,       /* a step's prose and demo code */
    SEC_TASK,       /* the exercise's statement */
    SEC_STARTER,
    SEC_SOLUTION,
    SEC_CHECK,      /* prose after a check is its message */
    SEC_HINT,
    SEC_MISTAKE,    /* "#|" lines are its code, prose its message */
} Section;

typedef struct Reader {
    Lesson *l;
    Step *step;
    Section sec;
    const char *path;
    int line;
    char *err;
    size_t errsize, errlen;
    int nerrors;
} Reader;

static void fail(Reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fail(Reader *rd, const char *fmt, ...)
{
    rd->nerrors++;
    if (rd->nerrors > 20 || rd->errlen + 1 >= rd->errsize)
        return;
    int n = snprintf(rd->err + rd->errlen, rd->errsize - rd->errlen, "%s:%d: ", rd->path, rd->line);
    if (n > 0 && rd->errlen + (size_t)n < rd->errsize)
        rd->errlen += (size_t)n;
    va_list ap;
    va_start(ap, fmt);
    n = vsnprintf(rd->err + rd->errlen, rd->errsize - rd->errlen, fmt, ap);
    va_end(ap);
    if (n > 0 && rd->errlen + (size_t)n < rd->errsize)
        rd->errlen += (size_t)n;
    if (rd->errlen + 1 < rd->errsize) {
        rd->err[rd->errlen++] = '\n';
        rd->err[rd->errlen] = '\0';
    }
}

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

static char *dup_s(const char *s)
{
    return dup_n(s, strlen(s));
}

/* Appends a line to *text (NULL: empty), joining with '\n'. */
static void append_line(char **text, const char *s, size_t n)
{
    size_t old = *text ? strlen(*text) : 0;
    char *t = realloc(*text, old + n + 2);
    if (!t)
        return;
    /* an empty text (a solution just opened) takes the line without a join */
    if (old > 0)
        t[old++] = '\n';
    memcpy(t + old, s, n);
    t[old + n] = '\0';
    *text = t;
}

/* Drops trailing blank lines. */
static void trim_end(char *text)
{
    if (!text)
        return;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    text[n] = '\0';
}

static void *grow(void *items, int count, size_t size)
{
    /* capacity doubles at powers of two, so count alone says when */
    if (count == 0 || (count & (count - 1)) == 0) {
        void *p = realloc(items, size * (size_t)(count ? count * 2 : 4));
        return p;
    }
    return items;
}

static bool valid_id(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-' || *s == '_'))
            return false;
    return true;
}

static void new_step(Reader *rd, const char *args)
{
    Lesson *l = rd->l;
    Step *steps = grow(l->steps, l->nsteps, sizeof(Step));
    if (!steps)
        return;
    l->steps = steps;
    Step *s = &l->steps[l->nsteps++];
    memset(s, 0, sizeof *s);
    s->line = rd->line;
    s->rtol = 1e-6;
    s->atol = 1e-9;
    const char *sp = strchr(args, ' ');
    s->id = sp ? dup_n(args, (size_t)(sp - args)) : dup_s(args);
    s->title = dup_s(sp ? sp + 1 : "");
    if (!s->id || !valid_id(s->id))
        fail(rd, "a step needs an id of lowercase letters, digits and '-': \"#: step shapes Shapes\"");
    rd->step = s;
    rd->sec = SEC_DEMO;
}

static void add_segment(Reader *rd, bool code, const char *text, size_t n)
{
    Step *s = rd->step;
    if (s->nsegs == 0 || s->segs[s->nsegs - 1].code != code) {
        /* a blank line between segments belongs to neither */
        if (n == 0)
            return;
        Segment *segs = grow(s->segs, s->nsegs, sizeof(Segment));
        if (!segs)
            return;
        s->segs = segs;
        s->segs[s->nsegs++] = (Segment){code, NULL, rd->line};
    }
    append_line(&s->segs[s->nsegs - 1].text, text, n);
}

static const char *const directives[] = {
    "lesson", "title", "requires", "seed", "minutes", "step", "task", "starter", "solution",
    "expect", "check", "tol", "dtype", "hint", "mistake", NULL,
};

static bool need_task(Reader *rd, const char *what)
{
    if (!rd->step || !rd->step->has_task) {
        fail(rd, "'#: %s' belongs to an exercise: put '#: task' before it", what);
        return false;
    }
    return true;
}

static void directive(Reader *rd, const char *word, const char *args)
{
    Lesson *l = rd->l;
    Step *s = rd->step;
    if (strcmp(word, "lesson") == 0 || strcmp(word, "title") == 0 || strcmp(word, "requires") == 0 ||
        strcmp(word, "seed") == 0 || strcmp(word, "minutes") == 0) {
        if (rd->sec != SEC_HEADER) {
            fail(rd, "'#: %s' belongs in the header, before the first step", word);
            return;
        }
        if (word[0] == 'l') {
            free(l->id);
            l->id = dup_s(args);
            if (!valid_id(args))
                fail(rd, "a lesson id is lowercase letters, digits and '-': \"#: lesson arrays\"");
        } else if (word[0] == 't') {
            free(l->title);
            l->title = dup_s(args);
        } else if (word[0] == 'r') {
            char buf[512];
            snprintf(buf, sizeof buf, "%s", args);
            for (char *tok = strtok(buf, ", "); tok; tok = strtok(NULL, ", ")) {
                char **req = grow(l->requires, l->nrequires, sizeof(char *));
                if (!req)
                    return;
                l->requires = req;
                l->requires[l->nrequires++] = dup_s(tok);
            }
        } else if (word[0] == 's') {
            char *end;
            l->seed = strtoll(args, &end, 10);
            if (end == args || *end)
                fail(rd, "'#: seed' takes an integer");
        } else {
            l->minutes = atoi(args);
        }
        return;
    }
    if (strcmp(word, "step") == 0) {
        new_step(rd, args);
        return;
    }
    if (!s) {
        fail(rd, "'#: %s' before the first '#: step'", word);
        return;
    }
    if (strcmp(word, "task") == 0) {
        if (s->has_task)
            fail(rd, "a step has one task: start a new '#: step' for another");
        s->has_task = true;
        rd->sec = SEC_TASK;
        if (args[0])
            append_line(&s->task, args, strlen(args));
        return;
    }
    if (!need_task(rd, word))
        return;
    if (strcmp(word, "starter") == 0) {
        rd->sec = SEC_STARTER;
        if (args[0])
            append_line(&s->starter, args, strlen(args));
    } else if (strcmp(word, "solution") == 0) {
        if (s->solution)
            fail(rd, "the exercise already has a solution");
        rd->sec = SEC_SOLUTION;
        s->solution = dup_s("");
    } else if (strcmp(word, "expect") == 0 || strcmp(word, "check") == 0) {
        Check *checks = grow(s->checks, s->nchecks, sizeof(Check));
        if (!checks)
            return;
        s->checks = checks;
        Check *c = &s->checks[s->nchecks++];
        memset(c, 0, sizeof *c);
        c->line = rd->line;
        if (word[0] == 'c') {
            c->kind = CHECK_TRUE;
            c->expr = dup_s(args);
            if (!args[0])
                fail(rd, "'#: check' needs an expression that is true for a right answer");
        } else {
            c->kind = CHECK_EXPECT;
            size_t n = 0;
            while (args[n] && (isalnum((unsigned char)args[n]) || args[n] == '_'))
                n++;
            c->name = dup_n(args, n);
            const char *rest = args + n;
            while (*rest == ' ')
                rest++;
            if (n == 0 || isdigit((unsigned char)args[0]))
                fail(rd, "'#: expect' needs a variable name: \"#: expect means\" or \"#: expect means = M.mean(axis=0)\"");
            else if (*rest == '=' && rest[1] != '=') {
                rest++;
                while (*rest == ' ')
                    rest++;
                c->expr = dup_s(rest);
                if (!*rest)
                    fail(rd, "'#: expect %s =' needs an expression after '='", c->name);
            } else if (*rest) {
                fail(rd, "after '#: expect %s' only '= EXPR' may follow", c->name);
            }
        }
        rd->sec = SEC_CHECK;
    } else if (strcmp(word, "tol") == 0) {
        char *end;
        s->rtol = strtod(args, &end);
        if (end == args || s->rtol < 0)
            fail(rd, "'#: tol' takes a relative tolerance and optionally an absolute one: \"#: tol 1e-3 1e-6\"");
        while (*end == ' ')
            end++;
        if (*end)
            s->atol = strtod(end, NULL);
    } else if (strcmp(word, "dtype") == 0) {
        s->same_dtype = true;
    } else if (strcmp(word, "hint") == 0) {
        char **hints = grow(s->hints, s->nhints, sizeof(char *));
        if (!hints)
            return;
        s->hints = hints;
        s->hints[s->nhints++] = args[0] ? dup_s(args) : NULL;
        rd->sec = SEC_HINT;
    } else if (strcmp(word, "mistake") == 0) {
        Mistake *ms = grow(s->mistakes, s->nmistakes, sizeof(Mistake));
        if (!ms)
            return;
        s->mistakes = ms;
        Mistake *m = &s->mistakes[s->nmistakes++];
        memset(m, 0, sizeof *m);
        m->line = rd->line;
        if (args[0])
            m->code = dup_s(args);
        rd->sec = SEC_MISTAKE;
    }
}

static void prose_line(Reader *rd, const char *text, size_t n)
{
    Step *s = rd->step;
    switch (rd->sec) {
    case SEC_HEADER: append_line(&rd->l->intro, text, n); break;
    case SEC_DEMO: add_segment(rd, false, text, n); break;
    case SEC_TASK: append_line(&s->task, text, n); break;
    case SEC_CHECK: append_line(&s->checks[s->nchecks - 1].message, text, n); break;
    case SEC_HINT: append_line(&s->hints[s->nhints - 1], text, n); break;
    case SEC_MISTAKE: append_line(&s->mistakes[s->nmistakes - 1].message, text, n); break;
    default: fail(rd, "prose (#') here would split the code: move it before '#: starter' or after the checks");
    }
}

static void commented_code_line(Reader *rd, const char *text, size_t n)
{
    Step *s = rd->step;
    if (rd->sec == SEC_STARTER)
        append_line(&s->starter, text, n);
    else if (rd->sec == SEC_MISTAKE && !s->mistakes[s->nmistakes - 1].message)
        append_line(&s->mistakes[s->nmistakes - 1].code, text, n);
    else
        fail(rd, "'#|' lines are code kept out of the plain program: they belong under "
                 "'#: starter' or '#: mistake'");
}

static void code_line(Reader *rd, const char *text, size_t n)
{
    if (rd->sec == SEC_DEMO)
        add_segment(rd, true, text, n);
    else if (rd->sec == SEC_SOLUTION)
        append_line(&rd->step->solution, text, n);
    else if (rd->sec == SEC_HEADER)
        fail(rd, "code before the first '#: step': every line of code belongs to a step");
    else if (rd->sec == SEC_TASK || rd->sec == SEC_STARTER)
        fail(rd, "code in an exercise runs in the plain program: put it under '#: solution', "
                 "or write starter code as '#| ...' lines");
    else
        fail(rd, "code after the checks of an exercise: start a new '#: step' for it");
}

static bool blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

static void blank(Reader *rd)
{
    switch (rd->sec) {
    case SEC_DEMO:
        if (rd->step->nsegs > 0)
            add_segment(rd, rd->step->segs[rd->step->nsegs - 1].code, "", 0);
        break;
    case SEC_SOLUTION:
        if (rd->step->solution && rd->step->solution[0])
            append_line(&rd->step->solution, "", 0);
        break;
    case SEC_HEADER:
        if (rd->l->intro)
            append_line(&rd->l->intro, "", 0);
        break;
    case SEC_TASK:
        if (rd->step->task)
            append_line(&rd->step->task, "", 0);
        break;
    default:
        break;
    }
}

uint64_t lesson_hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;    /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void tidy(Lesson *l)
{
    trim_end(l->intro);
    for (int i = 0; i < l->nsteps; i++) {
        Step *s = &l->steps[i];
        for (int k = 0; k < s->nsegs; k++)
            trim_end(s->segs[k].text);
        trim_end(s->task);
        trim_end(s->starter);
        trim_end(s->solution);
        for (int k = 0; k < s->nchecks; k++)
            trim_end(s->checks[k].message);
        for (int k = 0; k < s->nhints; k++)
            trim_end(s->hints[k]);
        for (int k = 0; k < s->nmistakes; k++) {
            trim_end(s->mistakes[k].code);
            trim_end(s->mistakes[k].message);
        }
    }
}

bool lesson_parse(const char *src, size_t len, const char *path, Lesson *out, char *err, size_t errsize)
{
    memset(out, 0, sizeof *out);
    Reader rd = {.l = out, .sec = SEC_HEADER, .path = path, .err = err, .errsize = errsize};
    if (errsize)
        err[0] = '\0';
    out->path = dup_s(path);
    out->hash = lesson_hash_bytes(src, len);
    const char *p = src, *end = src + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t full = nl ? (size_t)(nl - p) : (size_t)(end - p);
        size_t n = full > 0 && p[full - 1] == '\r' ? full - 1 : full;
        rd.line++;
        if (n >= 2 && p[0] == '#' && p[1] == ':') {
            char word[32];
            size_t i = 2, k = 0;
            while (i < n && p[i] == ' ')
                i++;
            while (i < n && p[i] != ' ' && k + 1 < sizeof word)
                word[k++] = p[i++];
            word[k] = '\0';
            while (i < n && p[i] == ' ')
                i++;
            char args[1024];
            snprintf(args, sizeof args, "%.*s", (int)(n - i), p + i);
            for (size_t a = strlen(args); a > 0 && args[a - 1] == ' '; a--)
                args[a - 1] = '\0';
            bool known = false;
            for (int d = 0; directives[d]; d++)
                known |= strcmp(directives[d], word) == 0;
            if (known) {
                directive(&rd, word, args);
            } else {
                const char *guess = term_suggest(word, directives, (int)(sizeof directives / sizeof directives[0]) - 1);
                if (guess)
                    fail(&rd, "unknown directive '#: %s' (did you mean '#: %s'?)", word, guess);
                else
                    fail(&rd, "unknown directive '#: %s'", word);
            }
        } else if (n >= 2 && p[0] == '#' && (p[1] == '\'' || p[1] == '|')) {
            size_t skip = n > 2 && p[2] == ' ' ? 3 : 2;
            if (p[1] == '\'')
                prose_line(&rd, p + skip, n - skip);
            else if (rd.step)
                commented_code_line(&rd, p + skip, n - skip);
            else
                fail(&rd, "'#|' before the first step");
        } else if (blank_line(p, n)) {
            blank(&rd);
        } else {
            code_line(&rd, p, n);
        }
        p += full + (nl ? 1 : 0);
    }
    if (!out->id)
        fail(&rd, "no '#: lesson ID' header");
    if (!out->title)
        fail(&rd, "no '#: title' header");
    if (out->nsteps == 0)
        fail(&rd, "no steps: a lesson is '#: step ID Title' sections");
    tidy(out);
    return rd.nerrors == 0;
}

bool lesson_load(const char *path, Lesson *out, char *err, size_t errsize)
{
    char *src;
    size_t len;
    if (!cli_read_file(path, &src, &len)) {
        memset(out, 0, sizeof *out);
        snprintf(err, errsize, "%s: cannot read it\n", path);
        return false;
    }
    bool ok = lesson_parse(src, len, path, out, err, errsize);
    free(src);
    return ok;
}

void lesson_free(Lesson *l)
{
    for (int i = 0; i < l->nsteps; i++) {
        Step *s = &l->steps[i];
        free(s->id);
        free(s->title);
        for (int k = 0; k < s->nsegs; k++)
            free(s->segs[k].text);
        free(s->segs);
        free(s->task);
        free(s->starter);
        free(s->solution);
        for (int k = 0; k < s->nchecks; k++) {
            free(s->checks[k].name);
            free(s->checks[k].expr);
            free(s->checks[k].message);
        }
        free(s->checks);
        for (int k = 0; k < s->nhints; k++)
            free(s->hints[k]);
        free(s->hints);
        for (int k = 0; k < s->nmistakes; k++) {
            free(s->mistakes[k].code);
            free(s->mistakes[k].message);
        }
        free(s->mistakes);
    }
    free(l->steps);
    for (int i = 0; i < l->nrequires; i++)
        free(l->requires[i]);
    free(l->requires);
    free(l->id);
    free(l->title);
    free(l->intro);
    free(l->path);
    memset(l, 0, sizeof *l);
}

/* ---- lint */

static void note(char *report, size_t size, int *count, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void note(char *report, size_t size, int *count, const char *fmt, ...)
{
    (*count)++;
    size_t used = strlen(report);
    if (used + 2 >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(report + used, size - used - 1, fmt, ap);
    va_end(ap);
    used = strlen(report);
    report[used] = '\n';
    report[used + 1] = '\0';
}

int lesson_lint(const Lesson *l, bool episode, char *report, size_t size)
{
    int n = 0;
    if (size)
        report[0] = '\0';
    const char *path = l->path ? l->path : "?";
    for (int i = 0; i < l->nsteps; i++) {
        const Step *s = &l->steps[i];
        for (int j = 0; j < i; j++)
            if (strcmp(l->steps[j].id, s->id) == 0)
                note(report, size, &n, "%s:%d: step id '%s' is used twice (first at line %d)", path, s->line,
                     s->id, l->steps[j].line);
        if (!s->title[0])
            note(report, size, &n, "%s:%d: step '%s' has no title", path, s->line, s->id);
        bool prose = false;
        for (int k = 0; k < s->nsegs; k++)
            prose |= !s->segs[k].code;
        if (!prose && !(s->task && s->task[0]))
            note(report, size, &n, "%s:%d: step '%s' has no prose: say what the step is about", path, s->line,
                 s->id);
        if (!s->has_task)
            continue;
        if (!s->task || !s->task[0])
            note(report, size, &n, "%s:%d: the exercise of '%s' has no statement (#' lines after '#: task')",
                 path, s->line, s->id);
        if (!s->solution || !s->solution[0])
            note(report, size, &n, "%s:%d: the exercise of '%s' has no solution", path, s->line, s->id);
        if (s->nchecks == 0)
            note(report, size, &n, "%s:%d: the exercise of '%s' has no check ('#: expect' or '#: check')", path,
                 s->line, s->id);
        if (s->nhints == 0)
            note(report, size, &n, "%s:%d: the exercise of '%s' has no hint", path, s->line, s->id);
        for (int k = 0; k < s->nhints; k++)
            if (!s->hints[k] || !s->hints[k][0])
                note(report, size, &n, "%s:%d: hint %d of '%s' is empty", path, s->line, k + 1, s->id);
        for (int k = 0; k < s->nmistakes; k++) {
            const Mistake *m = &s->mistakes[k];
            if (!m->code || !m->code[0])
                note(report, size, &n, "%s:%d: the mistake has no code ('#: mistake CODE' or '#|' lines)", path,
                     m->line);
            if (!m->message || !m->message[0])
                note(report, size, &n, "%s:%d: the mistake has no message (#' lines after it)", path, m->line);
            bool has_expect = false;
            for (int c = 0; c < s->nchecks; c++)
                has_expect |= s->checks[c].kind == CHECK_EXPECT;
            if (!has_expect)
                note(report, size, &n, "%s:%d: mistakes are recognised by the values of '#: expect' names; "
                                       "'%s' has none", path, m->line, s->id);
        }
    }
    if (episode) {
        int ex = lesson_exercise_count(l);
        if (l->nsteps < 8)
            note(report, size, &n, "%s: an episode has at least 8 steps; this has %d", path, l->nsteps);
        if (ex < 3)
            note(report, size, &n, "%s: an episode has at least 3 exercises; this has %d", path, ex);
    }
    return n;
}

int lesson_exercise_count(const Lesson *l)
{
    int n = 0;
    for (int i = 0; i < l->nsteps; i++)
        n += l->steps[i].has_task;
    return n;
}

int lesson_step_index(const Lesson *l, const char *name)
{
    for (int i = 0; i < l->nsteps; i++)
        if (strcmp(l->steps[i].id, name) == 0)
            return i;
    char *end;
    long k = strtol(name, &end, 10);
    if (end != name && !*end && k >= 1 && k <= l->nsteps)
        return (int)k - 1;
    return -1;
}

/* ---- the catalogue */

static int compare_paths(const void *a, const void *b)
{
    return strcmp(((const Lesson *)a)->path, ((const Lesson *)b)->path);
}

void catalog_load(Catalog *c, const char *dir)
{
    memset(c, 0, sizeof *c);
    DIR *d = dir[0] ? opendir(dir) : NULL;
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".nbl") != 0 || e->d_name[0] == '.')
            continue;
        char path[2048], err[256];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        Lesson l;
        if (!lesson_load(path, &l, err, sizeof err)) {
            lesson_free(&l);
            continue;
        }
        Lesson *items = grow(c->items, c->count, sizeof(Lesson));
        if (!items) {
            lesson_free(&l);
            break;
        }
        c->items = items;
        c->items[c->count++] = l;
    }
    closedir(d);
    if (c->count)
        qsort(c->items, (size_t)c->count, sizeof(Lesson), compare_paths);
}

void catalog_free(Catalog *c)
{
    for (int i = 0; i < c->count; i++)
        lesson_free(&c->items[i]);
    free(c->items);
    memset(c, 0, sizeof *c);
}

int catalog_find(const Catalog *c, const char *name)
{
    for (int i = 0; i < c->count; i++)
        if (strcmp(c->items[i].id, name) == 0)
            return i;
    char *end;
    long k = strtol(name, &end, 10);
    if (end != name && !*end && k >= 1 && k <= c->count)
        return (int)k - 1;
    int found = -1;
    size_t n = strlen(name);
    for (int i = 0; i < c->count && n > 0; i++)
        if (strncmp(c->items[i].id, name, n) == 0) {
            if (found >= 0)
                return -1;
            found = i;
        }
    return found;
}
