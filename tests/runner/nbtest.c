/*
 * nbtest.c - runs one script test and checks it against the directives in
 * its comments.
 *
 *     nbtest <path-to-nabla> <script.nbl>
 *
 * Directives (anywhere on a line, usually after code or alone in a comment):
 *   # expect: TEXT        one expected stdout line, in order; "# expect:"
 *                         alone expects an empty line
 *   # expect error: TEXT  stderr must contain TEXT; implies exit status 1
 *   # expect exit: N      the exit status (default 0, or 1 with an error)
 *   # args: a b "c d"     extra arguments after the script path
 *   # stdin: TEXT         one line fed to stdin (default: /dev/null)
 *   # timeout: S          seconds before the run is killed (default 60)
 *
 * The interpreter runs with the script path as given, in the current
 * directory, with NO_COLOR=1 added to the environment.  stdout must equal
 * the expected lines exactly (each ended by a newline; nothing when none
 * are expected); stderr must contain every expected error, and be empty
 * when none is expected.  A signal is always a failure.  On success
 * nothing is printed and the exit status is 0; on failure a report goes to
 * stdout and the status is 1; bad usage gives 2.
 *
 * Standalone on purpose (libc and POSIX only): it judges the interpreter,
 * so it must not share code with it.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pipe2, strsignal, open_memstream */
#endif

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { MAX_REPORT_LINES = 200, GRACE_MS = 2000 };

/* ---- small growable arrays ---------------------------------------------- */

typedef struct Buf {
    char *data;
    size_t len, cap;
} Buf;

static void *xrealloc(void *p, size_t size)
{
    p = realloc(p, size ? size : 1);
    if (!p) {
        fprintf(stderr, "nbtest: out of memory\n");
        exit(2);
    }
    return p;
}

static void buf_append(Buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

typedef struct Line {
    const char *text;
    size_t len;
    int source_line; /* where the directive is, for reports */
} Line;

typedef struct Lines {
    Line *items;
    size_t count, cap;
} Lines;

static void lines_push(Lines *l, const char *text, size_t len, int source_line)
{
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 16;
        l->items = xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->count++] = (Line){text, len, source_line};
}

/* ---- directives ---------------------------------------------------------- */

typedef struct Test {
    const char *script;
    Lines expect_out;   /* expected stdout lines */
    Lines expect_err;   /* substrings of stderr */
    Lines stdin_lines;
    char **args;        /* NULL-terminated extra arguments */
    size_t n_args;
    int expect_exit;    /* -1: derived from expect_err */
    double timeout;
    Buf problems;       /* malformed directives */
} Test;

static void problem(Test *t, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    int n = snprintf(msg, sizeof msg, "  %s:%d: ", t->script, line);
    vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
    va_end(ap);
    buf_append(&t->problems, msg, strlen(msg));
    buf_append(&t->problems, "\n", 1);
}

static void push_arg(Test *t, const char *s, size_t n)
{
    t->args = xrealloc(t->args, (t->n_args + 2) * sizeof *t->args);
    char *a = xrealloc(NULL, n + 1);
    memcpy(a, s, n);
    a[n] = '\0';
    t->args[t->n_args++] = a;
    t->args[t->n_args] = NULL;
}

/* args ::= (word | '"' chars '"')*  separated by blanks; no escapes. */
static void parse_args(Test *t, const char *s, const char *end, int line)
{
    while (s < end) {
        while (s < end && (*s == ' ' || *s == '\t'))
            s++;
        if (s == end)
            break;
        const char *start = s;
        if (*s == '"') {
            start = ++s;
            while (s < end && *s != '"')
                s++;
            if (s == end) {
                problem(t, line, "unterminated quote in '# args:'");
                return;
            }
            push_arg(t, start, (size_t)(s - start));
            s++;
        } else {
            while (s < end && *s != ' ' && *s != '\t')
                s++;
            push_arg(t, start, (size_t)(s - start));
        }
    }
}

/* A directive's text: after the colon, one optional space; the line end
   (and a '\r' of CRLF files) is not part of it. */
static const char *directive_text(const char *p, const char *end)
{
    if (p < end && *p == ' ')
        p++;
    return p;
}

static const char *find_in_line(const char *s, const char *end, const char *what)
{
    size_t n = strlen(what);
    for (const char *p = s; p + n <= end; p++)
        if (memcmp(p, what, n) == 0)
            return p;
    return NULL;
}

static void parse_line(Test *t, const char *s, const char *end, int line)
{
    static const struct {
        const char *tag;
        char kind;
    } tags[] = {
        {"# expect error:", 'e'}, {"# expect exit:", 'x'}, {"# expect:", 'o'},
        {"# args:", 'a'},         {"# stdin:", 'i'},       {"# timeout:", 't'},
    };
    if (end > s && end[-1] == '\r')
        end--;
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
        const char *at = find_in_line(s, end, tags[k].tag);
        if (!at)
            continue;
        const char *text = directive_text(at + strlen(tags[k].tag), end);
        size_t len = (size_t)(end - text);
        char *stop;
        switch (tags[k].kind) {
        case 'o':
            lines_push(&t->expect_out, text, len, line);
            break;
        case 'e':
            if (len == 0)
                problem(t, line, "'# expect error:' needs the text to look for");
            else
                lines_push(&t->expect_err, text, len, line);
            break;
        case 'x': {
            long v = strtol(text, &stop, 10);
            if (stop == text || stop != end || v < 0 || v > 255)
                problem(t, line, "'# expect exit:' needs a status from 0 to 255");
            else
                t->expect_exit = (int)v;
            break;
        }
        case 'a':
            parse_args(t, text, end, line);
            break;
        case 'i':
            lines_push(&t->stdin_lines, text, len, line);
            break;
        case 't': {
            double v = strtod(text, &stop);
            if (stop == text || stop != end || !(v > 0))
                problem(t, line, "'# timeout:' needs a positive number of seconds");
            else
                t->timeout = v;
            break;
        }
        }
        return; /* one directive per line */
    }
}

static bool read_file(const char *path, Buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(out, chunk, n);
    bool ok = !ferror(f);
    fclose(f);
    if (!out->data)
        buf_append(out, "", 0);
    return ok;
}

static void parse_script(Test *t, const Buf *src)
{
    const char *s = src->data, *end = src->data + src->len;
    int line = 1;
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol)
            eol = end;
        parse_line(t, s, eol, line++);
        s = eol + 1;
    }
}

/* ---- running ------------------------------------------------------------- */

typedef struct Run {
    Buf out, err;
    int status;         /* from waitpid */
    bool timed_out;
    char spawn_error[256];
} Run;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

/* Drains one pipe end; closes it at end of file. */
static void drain(int *fd, Buf *into)
{
    char chunk[65536];
    ssize_t n = read(*fd, chunk, sizeof chunk);
    if (n > 0)
        buf_append(into, chunk, (size_t)n);
    else if (n == 0 || (errno != EINTR && errno != EAGAIN))
        close_fd(fd);
}

/* Runs the interpreter, feeding stdin and reading both outputs through one
   poll loop so no pipe can fill up and stall the child.  The child leads
   its own process group, so a timeout kills whatever it started too. */
static void run_test(const char *nabla, const Test *t, Run *r)
{
    Buf input = {0};
    for (size_t i = 0; i < t->stdin_lines.count; i++) {
        buf_append(&input, t->stdin_lines.items[i].text, t->stdin_lines.items[i].len);
        buf_append(&input, "\n", 1);
    }
    bool use_stdin = t->stdin_lines.count > 0;

    char **argv = xrealloc(NULL, (t->n_args + 3) * sizeof *argv);
    argv[0] = (char *)nabla;
    argv[1] = (char *)t->script;
    for (size_t i = 0; i < t->n_args; i++)
        argv[2 + i] = t->args[i];
    argv[2 + t->n_args] = NULL;

    int out[2], err[2], in[2] = {-1, -1};
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC) || (use_stdin && pipe2(in, O_CLOEXEC))) {
        snprintf(r->spawn_error, sizeof r->spawn_error, "pipe: %s", strerror(errno));
        return;
    }
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(r->spawn_error, sizeof r->spawn_error, "fork: %s", strerror(errno));
        return;
    }
    if (pid == 0) {
        setpgid(0, 0);
        int null_fd = use_stdin ? in[0] : open("/dev/null", O_RDONLY);
        dup2(null_fd, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        signal(SIGPIPE, SIG_DFL);
        setenv("NO_COLOR", "1", 1);
        execv(nabla, argv);
        dprintf(2, "nbtest: cannot run %s: %s\n", nabla, strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid); /* also here, so the group exists before any kill */
    close(out[1]);
    close(err[1]);
    if (use_stdin) {
        close(in[0]);
        fcntl(in[1], F_SETFL, O_NONBLOCK);
    }

    int out_fd = out[0], err_fd = err[0], in_fd = in[1];
    size_t in_pos = 0;
    double deadline = now_seconds() + t->timeout, give_up = 0;
    while (out_fd >= 0 || err_fd >= 0) {
        struct pollfd fds[3];
        int n = 0, i_out = -1, i_err = -1, i_in = -1;
        if (out_fd >= 0)
            fds[i_out = n++] = (struct pollfd){.fd = out_fd, .events = POLLIN};
        if (err_fd >= 0)
            fds[i_err = n++] = (struct pollfd){.fd = err_fd, .events = POLLIN};
        if (in_fd >= 0)
            fds[i_in = n++] = (struct pollfd){.fd = in_fd, .events = POLLOUT};
        double left = (r->timed_out ? give_up : deadline) - now_seconds();
        int ready = poll(fds, (nfds_t)n, left > 0 ? (int)(left * 1000) + 1 : 0);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0) {
            if (r->timed_out)
                break; /* something outside the group holds the pipes */
            kill(-pid, SIGKILL);
            r->timed_out = true;
            give_up = now_seconds() + GRACE_MS / 1000.0;
            close_fd(&in_fd);
            continue;
        }
        if (i_out >= 0 && fds[i_out].revents)
            drain(&out_fd, &r->out);
        if (i_err >= 0 && fds[i_err].revents)
            drain(&err_fd, &r->err);
        if (i_in >= 0 && fds[i_in].revents) {
            ssize_t w = write(in_fd, input.data + in_pos, input.len - in_pos);
            if (w > 0)
                in_pos += (size_t)w;
            /* EPIPE: the child stopped reading, which is its right. */
            if (in_pos == input.len || (w < 0 && errno != EAGAIN && errno != EINTR))
                close_fd(&in_fd);
        }
    }
    close_fd(&out_fd);
    close_fd(&err_fd);
    close_fd(&in_fd);
    while (waitpid(pid, &r->status, 0) < 0 && errno == EINTR) {
    }
    if (!r->out.data)
        buf_append(&r->out, "", 0);
    if (!r->err.data)
        buf_append(&r->err, "", 0);
    free(argv);
    free(input.data);
}

/* ---- checking and reporting ---------------------------------------------- */

static const char *signal_name(int sig)
{
    switch (sig) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGQUIT: return "SIGQUIT";
    case SIGPIPE: return "SIGPIPE";
    case SIGTRAP: return "SIGTRAP";
    case SIGALRM: return "SIGALRM";
    case SIGXCPU: return "SIGXCPU";
    case SIGXFSZ: return "SIGXFSZ";
    case SIGSYS: return "SIGSYS";
    default: return "signal";
    }
}

static void print_quoted(FILE *f, const char *s, size_t n)
{
    fputc('"', f);
    fwrite(s, 1, n, f);
    fputc('"', f);
}

/* Splits text into lines; *complete tells whether it ends with '\n'. */
static Lines split_lines(const Buf *text, bool *complete)
{
    Lines l = {0};
    const char *s = text->data, *end = text->data + text->len;
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol) {
            lines_push(&l, s, (size_t)(end - s), 0);
            break;
        }
        lines_push(&l, s, (size_t)(eol - s), 0);
        s = eol + 1;
    }
    *complete = text->len == 0 || text->data[text->len - 1] == '\n';
    return l;
}

/* Reports the first line where stdout departs from the expectation. */
static bool check_stdout(FILE *rep, const Test *t, const Run *r)
{
    Buf want = {0};
    for (size_t i = 0; i < t->expect_out.count; i++) {
        buf_append(&want, t->expect_out.items[i].text, t->expect_out.items[i].len);
        buf_append(&want, "\n", 1);
    }
    bool same = want.len == r->out.len && (want.len == 0 || memcmp(want.data, r->out.data,
                                                                    want.len) == 0);
    free(want.data);
    if (same)
        return true;

    bool complete;
    Lines got = split_lines(&r->out, &complete);
    const Lines *exp = &t->expect_out;
    size_t i = 0;
    while (i < exp->count && i < got.count && exp->items[i].len == got.items[i].len &&
           memcmp(exp->items[i].text, got.items[i].text, got.items[i].len) == 0)
        i++;
    if (exp->count == 0) {
        fprintf(rep, "  stdout should be empty (no '# expect:' lines), got %zu line(s)\n", got.count);
    } else if (i < exp->count && i < got.count) {
        fprintf(rep, "  stdout line %zu (expected at %s:%d):\n    expected ", i + 1, t->script,
               exp->items[i].source_line);
        print_quoted(rep, exp->items[i].text, exp->items[i].len);
        fprintf(rep, "\n    got      ");
        print_quoted(rep, got.items[i].text, got.items[i].len);
        fputc('\n', rep);
    } else if (i < exp->count) {
        fprintf(rep, "  stdout line %zu (expected at %s:%d):\n    expected ", i + 1, t->script,
               exp->items[i].source_line);
        print_quoted(rep, exp->items[i].text, exp->items[i].len);
        fprintf(rep, "\n    got      the end of the output (%zu line(s))\n", got.count);
    } else if (i < got.count) {
        fprintf(rep, "  stdout line %zu: expected the end of the output, got ", i + 1);
        print_quoted(rep, got.items[i].text, got.items[i].len);
        fputc('\n', rep);
    } else if (!complete) {
        fprintf(rep, "  stdout: the last line is not ended by a newline\n");
    }
    free(got.items);
    return false;
}

static void print_output(const char *name, const Buf *text)
{
    bool complete;
    Lines l = split_lines(text, &complete);
    if (l.count == 0) {
        printf("--- %s: empty\n", name);
        return;
    }
    printf("--- %s (%zu line(s)%s):\n", name, l.count, complete ? "" : ", no final newline");
    for (size_t i = 0; i < l.count && i < MAX_REPORT_LINES; i++) {
        printf("%5zu| ", i + 1);
        fwrite(l.items[i].text, 1, l.items[i].len, stdout);
        putchar('\n');
    }
    if (l.count > MAX_REPORT_LINES)
        printf("  ... %zu more line(s)\n", l.count - MAX_REPORT_LINES);
    free(l.items);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: nbtest <path-to-nabla> <script.nbl>\n");
        return 2;
    }
    Test t = {.script = argv[2], .expect_exit = -1, .timeout = 60};
    Buf src = {0};
    if (!read_file(t.script, &src)) {
        printf("FAIL %s\n  cannot read the script: %s\n", t.script, strerror(errno));
        return 1;
    }
    parse_script(&t, &src);
    if (t.problems.len) {
        printf("FAIL %s\n  malformed directives:\n%s", t.script, t.problems.data);
        return 1;
    }

    /* A child that exits without reading its stdin must not kill us. */
    signal(SIGPIPE, SIG_IGN);
    Run r = {0};
    run_test(argv[1], &t, &r);
    if (r.spawn_error[0]) {
        printf("FAIL %s\n  could not start %s: %s\n", t.script, argv[1], r.spawn_error);
        return 1;
    }

    /* The report is collected first: a passing test prints nothing. */
    char *report_text = NULL;
    size_t report_len = 0;
    FILE *rep = open_memstream(&report_text, &report_len);
    if (!rep) {
        fprintf(stderr, "nbtest: out of memory\n");
        return 2;
    }
    bool ok = true;
    if (r.timed_out) {
        fprintf(rep, "  timed out after %g s (its process group was killed)\n", t.timeout);
        ok = false;
    } else if (WIFSIGNALED(r.status)) {
        int sig = WTERMSIG(r.status);
        fprintf(rep, "  crashed: killed by signal %d (%s: %s)\n", sig, signal_name(sig),
                strsignal(sig));
        ok = false;
    } else {
        int want = t.expect_exit >= 0 ? t.expect_exit : t.expect_err.count ? 1 : 0;
        int got = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : -1;
        if (got != want) {
            fprintf(rep, "  exit status: expected %d, got %d\n", want, got);
            ok = false;
        }
    }
    if (!r.timed_out)
        ok &= check_stdout(rep, &t, &r);
    for (size_t i = 0; i < t.expect_err.count; i++) {
        const Line *e = &t.expect_err.items[i];
        bool found = false;
        for (size_t k = 0; !found && k + e->len <= r.err.len; k++)
            found = memcmp(r.err.data + k, e->text, e->len) == 0;
        if (!found) {
            fprintf(rep, "  stderr does not contain (expected at %s:%d) ", t.script,
                    e->source_line);
            print_quoted(rep, e->text, e->len);
            fputc('\n', rep);
            ok = false;
        }
    }
    if (t.expect_err.count == 0 && r.err.len > 0) {
        fprintf(rep, "  stderr should be empty (no '# expect error:' lines)\n");
        ok = false;
    }
    fclose(rep);
    if (ok)
        return 0;
    printf("FAIL %s\n  command: %s %s", t.script, argv[1], t.script);
    for (size_t i = 0; i < t.n_args; i++)
        printf(" %s", t.args[i]);
    printf("\n%s", report_text);
    print_output("stdout", &r.out);
    print_output("stderr", &r.err);
    return 1;
}
