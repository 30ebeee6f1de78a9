/*
 * repl.c - the interactive loop: libedit line editing, persistent history,
 * multi-line blocks, echo of expression values ('_' is the last one, a
 * trailing ';' keeps quiet), pasted prompts stripped, ':' commands and '?'
 * help, and Ctrl-C that cancels the line being typed or interrupts running
 * code without losing any variable.
 *
 * repl_feed takes one line at a time, whoever typed it: the terminal, a
 * pipe (--transcript echoes prompt and line, so a session reads the same
 * on paper as on screen), or the lesson checker replaying solutions.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <editline/readline.h>

#include "cli/cli.h"
#include "core/memory.h"
#include "version.h"
#include "vm/vm_internal.h"

static sigjmp_buf prompt_jump;
static volatile sig_atomic_t reading_line;
static VM *repl_vm;

/* ---- output */

void repl_write(Repl *r, const char *text, size_t len)
{
    if (len == 0)
        return;
    r->at_line_start = text[len - 1] == '\n';
    if (r->quiet > 0)
        return;
    if (r->capture) {
        sb_append(r->capture, text, len);
        return;
    }
    fwrite(text, 1, len, stdout);
}

void repl_puts(Repl *r, const char *text)
{
    repl_write(r, text, strlen(text));
}

void repl_printf(Repl *r, const char *fmt, ...)
{
    char small[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        repl_write(r, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big)
        return;
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    repl_write(r, big, (size_t)n);
    free(big);
}

void repl_styled(Repl *r, Style s, const char *fmt, ...)
{
    char text[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    /* the reset goes before a final newline, so no colour bleeds into the prompt */
    size_t n = strlen(text);
    bool nl = n > 0 && text[n - 1] == '\n';
    repl_printf(r, "%s%.*s%s%s", term_style(r->color, s), (int)(n - nl), text, term_style(r->color, STYLE_RESET),
                nl ? "\n" : "");
}

void repl_error_text(Repl *r, const char *text, size_t len)
{
    if (r->quiet > 0)
        return;
    if (r->capture) {
        sb_append(r->capture, text, len);
        return;
    }
    /* a transcript keeps errors in order with everything else */
    if (r->transcript) {
        fwrite(text, 1, len, stdout);
        return;
    }
    fflush(stdout);
    if (r->err_color)
        fputs(term_style(true, STYLE_ERROR), stderr);
    fwrite(text, 1, len, stderr);
    if (r->err_color)
        fputs(term_style(true, STYLE_RESET), stderr);
    fflush(stderr);
}

void repl_report_error(Repl *r)
{
    VM *vm = r->vm;
    r->errors++;
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    vm_print_exception(vm, vm->exception, &b);
    if (b.data)
        repl_error_text(r, b.data, b.len);
    sb_free(&b);
    vm_clear_exception(vm);
}

void repl_begin_quiet(Repl *r)
{
    r->quiet++;
}

void repl_end_quiet(Repl *r)
{
    if (r->quiet > 0)
        r->quiet--;
}

/* A tensor's footer line ("f64[2,3]", "i64[3] view") is dimmed on a terminal. */
static bool is_dtype_footer(const char *s, size_t n)
{
    static const char *const dtypes[] = {"bool[", "u8[", "i32[", "i64[", "f32[", "f64["};
    for (size_t i = 0; i < sizeof dtypes / sizeof dtypes[0]; i++) {
        size_t k = strlen(dtypes[i]);
        if (n > k && strncmp(s, dtypes[i], k) == 0) {
            const char *close = memchr(s + k, ']', n - k);
            if (!close)
                return false;
            for (const char *c = s + k; c < close; c++)
                if (!(*c >= '0' && *c <= '9') && *c != ',')
                    return false;
            return true;
        }
    }
    return false;
}

static void vm_out(void *ud, const char *text, size_t len)
{
    Repl *r = ud;
    if (!r->color || r->quiet > 0 || r->capture) {
        repl_write(r, text, len);
        return;
    }
    /* colour whole footer lines; pass everything else through at once so
       print(..., end="") shows up without waiting for a newline */
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
        if (r->at_line_start && nl && is_dtype_footer(text + i, n)) {
            repl_puts(r, term_style(true, STYLE_DIM));
            repl_write(r, text + i, n);
            repl_puts(r, term_style(true, STYLE_RESET));
            repl_write(r, "\n", 1);
        } else {
            repl_write(r, text + i, n + (nl ? 1 : 0));
        }
        i += n + (nl ? 1 : 0);
    }
}

static void vm_err(void *ud, const char *text, size_t len)
{
    repl_error_text(ud, text, len);
}

void repl_prose(Repl *r, const char *markdown)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    term_markdown(&b, markdown, r->color);
    if (b.data)
        repl_write(r, b.data, b.len);
    sb_free(&b);
}

ObjModule *repl_new_module(VM *vm, const char *name)
{
    ObjString *s = str_from_cstr(vm, name);
    if (!s)
        return NULL;
    gc_push_root(vm, OBJ_VAL(s));
    ObjModule *m = module_new(vm, s);
    gc_pop_roots(vm, 1);
    return m;
}

/* ---- prompts */

const char *repl_prompt(Repl *r, char *buf, size_t size)
{
    if (r->block) {
        snprintf(buf, size, "... ");
        return buf;
    }
    if (r->ask != ASK_NONE) {
        snprintf(buf, size, "[Y/n] ");
        return buf;
    }
    char where[160];
    if (lesson_prompt(r, where, sizeof where))
        snprintf(buf, size, "%s> ", where);
    else
        snprintf(buf, size, ">>> ");
    return buf;
}

void repl_show_input(Repl *r, const char *code, size_t len)
{
    char prompt[200];
    repl_prompt(r, prompt, sizeof prompt);
    const char *p = code, *end = code + len;
    bool first = true;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        repl_printf(r, "%s%s%s%.*s\n", term_style(r->color, STYLE_PROMPT),
                    first ? prompt : "... ", term_style(r->color, STYLE_RESET), (int)n, p);
        first = false;
        p += n + (nl ? 1 : 0);
    }
}

/* ---- running entries */

/* True when the entry's last code character is ';' (outside strings and
   comments): the value is not echoed, as in IPython. */
static bool ends_quiet(const char *src, size_t len)
{
    char last = 0, quote = 0;
    for (size_t i = 0; i < len; i++) {
        char c = src[i];
        if (quote) {
            if (c == '\\' && i + 1 < len)
                i++;
            else if (c == quote || c == '\n')
                quote = 0;
            continue;
        }
        if (c == '#') {
            while (i < len && src[i] != '\n')
                i++;
            continue;
        }
        if (c == '"' || c == '\'')
            quote = c;
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            last = quote ? 0 : c;
    }
    return last == ';';
}

bool repl_exec(Repl *r, const char *src, size_t len, bool echo)
{
    VM *vm = r->vm;
    if (echo && ends_quiet(src, len))
        echo = false;
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, src, len, "<stdin>", echo ? COMPILE_REPL : COMPILE_MODULE, &perr);
    if (!p) {
        repl_report_error(r);
        return false;
    }
    vm->interrupt = 0;
    bool ok = vm_execute_proto(vm, p, vm->main_module, NULL);
    if (!ok)
        repl_report_error(r);
    if (!r->capture)
        fflush(stdout);
    return ok;
}

static bool is_incomplete(VM *vm)
{
    if (!IS_INSTANCE(vm->exception))
        return false;
    ObjString *k = str_from_cstr(vm, "incomplete");
    Value v;
    return k && dict_get_str(AS_INSTANCE(vm->exception)->fields, k, &v) && IS_BOOL(v) && AS_BOOL(v);
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r')
            return false;
    return true;
}

/* Strips a pasted prompt (">>> ", "... ", "nabla> ", "[lesson 3/12]> ")
   from the start of a line. */
static const char *strip_prompt(const char *line)
{
    static const char *const prompts[] = {">>> ", "... ", "nabla> "};
    for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++) {
        size_t n = strlen(prompts[i]);
        if (strncmp(line, prompts[i], n) == 0)
            return line + n;
        /* the prompt alone, its trailing space trimmed by the copy */
        if (strncmp(line, prompts[i], n - 1) == 0 && line[n - 1] == '\0')
            return line + n - 1;
    }
    /* a lesson prompt: "[id k/n]> " */
    if (line[0] == '[') {
        const char *close = strstr(line, "]> ");
        const char *space = strchr(line, ' ');
        if (close && space && space < close) {
            const char *p = space + 1;
            while (*p >= '0' && *p <= '9')
                p++;
            if (*p == '/') {
                p++;
                while (*p >= '0' && *p <= '9')
                    p++;
                if (p == close)
                    return close + 3;
            }
        }
    }
    return line;
}

/* 'x?' and 'math.sqrt?' ask for help like '?x'. */
static bool trailing_help(const char *s, size_t *name_len)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n < 2 || s[n - 1] != '?')
        return false;
    size_t start = 0;
    while (s[start] == ' ')
        start++;
    for (size_t i = start; i < n - 1; i++) {
        char c = s[i];
        if (!(c == '_' || c == '.' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || (unsigned char)c >= 0x80))
            return false;
    }
    *name_len = n - 1;
    return true;
}

static void remember(Repl *r)
{
    if (!r->interactive || r->pending.len < 2)
        return;
    size_t n = r->pending.len;
    while (n > 0 && r->pending.data[n - 1] == '\n')
        n--;
    char *text = strndup(r->pending.data, n);
    if (text) {
        add_history(text);
        free(text);
    }
}

static void run_pending(Repl *r)
{
    remember(r);
    r->block = false;
    bool ok = repl_exec(r, r->pending.data, r->pending.len, true);
    sb_clear(&r->pending);
    if (r->run)
        lesson_after_entry(r, ok);
}

/* Does the entry's first line end with ':' (outside strings and comments)? */
static bool opens_block(const char *src)
{
    const char *nl = strchr(src, '\n');
    size_t n = nl ? (size_t)(nl - src) : strlen(src);
    char last = 0, quote = 0;
    for (size_t i = 0; i < n; i++) {
        char c = src[i];
        if (quote) {
            if (c == '\\')
                i++;
            else if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '#')
            break;
        if (c == '"' || c == '\'')
            quote = c;
        if (c != ' ' && c != '\t' && c != '\r')
            last = c;
    }
    return last == ':';
}

/* Tries to compile what has been typed: complete, incomplete, or wrong. */
typedef enum Completeness { ENTRY_COMPLETE, ENTRY_INCOMPLETE, ENTRY_ERROR } Completeness;

static Completeness entry_state(Repl *r)
{
    VM *vm = r->vm;
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, r->pending.data, r->pending.len, "<stdin>", COMPILE_MODULE, &perr);
    if (p)
        return ENTRY_COMPLETE;
    Completeness c = is_incomplete(vm) ? ENTRY_INCOMPLETE : ENTRY_ERROR;
    vm_clear_exception(vm);
    return c;
}

void repl_feed(Repl *r, const char *line)
{
    if (!line) {
        /* end of input: a pending block runs, then the session ends */
        if (r->pending.len)
            run_pending(r);
        r->quit = true;
        return;
    }
    const char *text = strip_prompt(line);
    if (r->block) {
        if (blank(text)) {
            run_pending(r);
            return;
        }
        sb_puts(&r->pending, text);
        sb_putc(&r->pending, '\n');
        /* an entry continued only for an open bracket ends as soon as it
           is complete; a compound statement ("if x:") waits for a blank
           line, since more of its body may follow */
        if (!opens_block(r->pending.data) && entry_state(r) == ENTRY_COMPLETE)
            run_pending(r);
        return;
    }
    if (r->ask != ASK_NONE) {
        lesson_answer(r, text);
        return;
    }
    while (*text == ' ' || *text == '\t')
        text++;
    if (blank(text))
        return;
    if (text[0] == ':') {
        if (r->interactive)
            add_history(text);
        cmd_run(r, text + 1);
        return;
    }
    size_t help_len = 0;
    if (text[0] == '?' || trailing_help(text, &help_len)) {
        if (r->interactive)
            add_history(text);
        if (text[0] == '?') {
            cmd_help_on(r, text + 1);
        } else {
            char name[512];
            snprintf(name, sizeof name, "%.*s", (int)help_len, text);
            cmd_help_on(r, name);
        }
        return;
    }
    sb_puts(&r->pending, text);
    sb_putc(&r->pending, '\n');
    Completeness c = entry_state(r);
    if (c == ENTRY_INCOMPLETE) {
        r->block = true;
        return;
    }
    run_pending(r);
}

/* ---- the session */

bool repl_init(Repl *r, VM *vm, const ReplOptions *opt)
{
    memset(r, 0, sizeof *r);
    r->vm = vm;
    sb_init(&r->pending, sb_heap_alloc, NULL);
    r->interactive = isatty(STDIN_FILENO) && !opt->transcript;
    r->transcript = opt->transcript;
    r->color = !opt->transcript && term_color_ok(STDOUT_FILENO);
    r->err_color = !opt->transcript && term_color_ok(STDERR_FILENO);
    r->at_line_start = true;
    if (opt->lessons_dir)
        snprintf(r->lessons_dir, sizeof r->lessons_dir, "%s", opt->lessons_dir);
    else
        lesson_find_dir(r->lessons_dir, sizeof r->lessons_dir);
    vm->repl_mode = true;
    vm->write_out = vm_out;
    vm->write_err = vm_err;
    vm->output_ud = r;
    return true;
}

void repl_free(Repl *r)
{
    lesson_end(r);
    sb_free(&r->pending);
    if (r->vm->output_ud == r) {
        r->vm->write_out = NULL;
        r->vm->write_err = NULL;
        r->vm->output_ud = NULL;
    }
}

/* At the prompt Ctrl-C abandons the line; while code runs it interrupts it. */
static void on_sigint(int sig)
{
    (void)sig;
    if (reading_line)
        siglongjmp(prompt_jump, 1);
    if (repl_vm)
        repl_vm->interrupt = 1;
}

static void history_path(char *out, size_t size)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[2048];
    if (state && state[0])
        snprintf(dir, sizeof dir, "%s/nabla", state);
    else if (home && home[0])
        snprintf(dir, sizeof dir, "%s/.local/state/nabla", home);
    else {
        out[0] = '\0';
        return;
    }
    /* make the folders one level at a time */
    for (char *p = dir + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(dir, 0700);
            *p = '/';
        }
    mkdir(dir, 0700);
    snprintf(out, size, "%s/history", dir);
}

/* One line from a pipe, without its newline; NULL at the end. */
static char *read_plain_line(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    int c;
    while ((c = getchar()) != EOF && c != '\n')
        sb_putc(&b, (char)c);
    if (c == EOF && b.len == 0) {
        sb_free(&b);
        return NULL;
    }
    if (!b.data)
        return strdup("");
    return b.data;
}

int repl_run(VM *vm, const ReplOptions *opt)
{
    static Repl r;  /* static: it outlives the siglongjmp back to the prompt */
    repl_init(&r, vm, opt);
    repl_vm = vm;
    char hist[4096] = "";
    if (r.interactive) {
        history_path(hist, sizeof hist);
        using_history();
        stifle_history(2000);
        if (hist[0])
            read_history(hist);
        complete_install(&r);
    }

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    if (r.interactive)
        repl_printf(&r, "nabla %s %s\xe2\x80\x94 :help for commands, ?x for help on x, "
                        ":lessons to learn, Ctrl-D to leave%s\n",
                    NABLA_VERSION_STRING, term_style(r.color, STYLE_DIM),
                    term_style(r.color, STYLE_RESET));
    if (opt->lesson)
        lesson_cmd(&r, "lesson", opt->lesson);

    while (!r.quit) {
        if (sigsetjmp(prompt_jump, 1)) {
            /* Ctrl-C at the prompt: drop what was typed */
            reading_line = 0;
            repl_puts(&r, "\nKeyboardInterrupt\n");
            sb_clear(&r.pending);
            r.block = false;
            if (r.ask != ASK_NONE)
                lesson_end(&r);     /* Ctrl-C at "resume?" cancels starting the lesson */
        }
        char prompt[200];
        repl_prompt(&r, prompt, sizeof prompt);
        char *line;
        if (r.interactive) {
            char shown[300];
            /* \1...\2 mark invisible characters; the reset goes before the
               prompt's last character, as libedit drops a marked run that
               ends the prompt */
            size_t n = strlen(prompt);
            if (r.color && n > 0)
                snprintf(shown, sizeof shown, "\001%s\002%.*s\001%s\002%s", term_style(true, STYLE_PROMPT),
                         (int)(n - 1), prompt, term_style(true, STYLE_RESET), prompt + n - 1);
            else
                snprintf(shown, sizeof shown, "%s", prompt);
            fflush(stdout);
            reading_line = 1;
            line = readline(shown);
            reading_line = 0;
        } else {
            line = read_plain_line();
            if (line && r.transcript)
                repl_printf(&r, "%s%s\n", prompt, line);
        }
        if (!line && r.interactive)
            repl_puts(&r, "\n");
        repl_feed(&r, line);
        free(line);
        fflush(stdout);
    }
    if (hist[0])
        write_history(hist);
    repl_free(&r);
    repl_vm = NULL;
    return 0;
}
