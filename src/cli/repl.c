/*
 * repl.c - the interactive loop: libedit line editing, persistent history,
 * multi-line blocks, echo of expression values, and Ctrl-C that cancels the
 * line being typed or interrupts running code without losing any variable.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
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

static bool use_color(void)
{
    return isatty(STDERR_FILENO) && !getenv("NO_COLOR");
}

void cli_write_error(const char *text, size_t len)
{
    bool color = use_color();
    if (color)
        fputs("\033[31m", stderr);
    fwrite(text, 1, len, stderr);
    if (color)
        fputs("\033[0m", stderr);
    fflush(stderr);
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

/* Strips a pasted prompt (">>> ", "... ", "nabla> ") from the start of a line. */
static const char *strip_prompt(const char *line)
{
    static const char *const prompts[] = {">>> ", "... ", "nabla> ", ">>>", "..."};
    for (size_t i = 0; i < sizeof prompts / sizeof prompts[0]; i++) {
        size_t n = strlen(prompts[i]);
        if (strncmp(line, prompts[i], n) == 0 && (n == 4 || n == 7 || line[n] == '\0'))
            return line + n;
    }
    return line;
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
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

/* History keeps whole entries (a block is one entry), without the last newline. */
static void remember(const StrBuf *buf, bool interactive)
{
    if (!interactive || buf->len < 2)
        return;
    char *text = strndup(buf->data, buf->len - 1);
    if (text) {
        add_history(text);
        free(text);
    }
}

int repl_run(VM *vm)
{
    repl_vm = vm;
    vm->repl_mode = true;
    char hist[4096];
    history_path(hist, sizeof hist);
    using_history();
    stifle_history(2000);
    if (hist[0])
        read_history(hist);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    bool interactive = isatty(STDIN_FILENO);
    if (interactive)
        printf("nabla %s — type help() for help, Ctrl-D to leave\n", NABLA_VERSION_STRING);

    StrBuf buf;
    sb_init(&buf, sb_heap_alloc, NULL);
    bool block = false;
    int entry = 0;
    for (;;) {
        if (sigsetjmp(prompt_jump, 1)) {
            /* Ctrl-C at the prompt: drop what was typed */
            reading_line = 0;
            fputs("\nKeyboardInterrupt\n", stdout);
            sb_clear(&buf);
            block = false;
        }
        const char *prompt = block ? "... " : ">>> ";
        char *line;
        if (interactive) {
            reading_line = 1;
            line = readline(prompt);
            reading_line = 0;
        } else {
            /* piped input: plain reads, no prompt */
            static char tmp[1 << 16];
            line = fgets(tmp, sizeof tmp, stdin) ? strdup(tmp) : NULL;
            if (line && line[0] && line[strlen(line) - 1] == '\n')
                line[strlen(line) - 1] = '\0';
        }
        if (!line) {
            if (buf.len == 0)
                break;
            /* Ctrl-D ends a pending block: run what we have */
            block = false;
        }
        const char *text = line ? strip_prompt(line) : "";
        if (block && line && !blank(text)) {
            sb_puts(&buf, text);
            sb_putc(&buf, '\n');
            free(line);
            continue;
        }
        if (line && !block) {
            if (blank(text) && buf.len == 0) {
                free(line);
                continue;
            }
            sb_puts(&buf, text);
            sb_putc(&buf, '\n');
        }
        free(line);

        ParseError perr;
        char name[32];
        snprintf(name, sizeof name, "<stdin>");
        (void)entry;
        ObjProto *p = vm_compile_source(vm, buf.data, buf.len, name, COMPILE_REPL, &perr);
        if (!p) {
            if (is_incomplete(vm) && !block) {
                vm_clear_exception(vm);
                block = true;
                continue;
            }
            remember(&buf, interactive);
            cli_report_error(vm);
            sb_clear(&buf);
            block = false;
            continue;
        }
        remember(&buf, interactive);
        sb_clear(&buf);
        block = false;
        entry++;
        vm->interrupt = 0;
        if (!vm_execute_proto(vm, p, vm->main_module, NULL)) {
            fflush(stdout);
            cli_report_error(vm);
        }
        fflush(stdout);
    }
    if (interactive)
        putchar('\n');
    if (hist[0])
        write_history(hist);
    sb_free(&buf);
    repl_vm = NULL;
    return 0;
}
