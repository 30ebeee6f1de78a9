/*
 * main.c - the nabla command: run a script, evaluate -e code, disassemble,
 * or start the REPL.
 *
 * Exit status: 0 on success, 1 on an error in the program, 2 on bad usage.
 */
#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/memory.h"
#include "front/compiler.h"
#include "version.h"
#include "vm/debug.h"
#include "vm/vm_internal.h"

static const char usage[] =
    "usage: nabla [options] [file.nbl [args...]]\n"
    "\n"
    "  nabla                 start the interactive REPL\n"
    "  nabla file.nbl [args] run a script (its arguments are in sys.argv)\n"
    "  nabla -e CODE         run CODE and print the value of its last expression\n"
    "  nabla lessons         list the lessons and your progress\n"
    "  nabla --lesson NAME   start the REPL in a lesson (resuming where you left it)\n"
    "  nabla --dis file.nbl  show the bytecode the compiler makes for a script\n"
    "  nabla --version       print the version\n"
    "  nabla --help          print this help\n"
    "\n"
    "  --transcript          REPL on piped input: echo each prompt and line as typed\n"
    "  --lessons-dir DIR     where the lessons are (default: $NABLA_LESSONS, then\n"
    "                        the lessons folder beside the nabla binary)\n"
    "  --check-lesson FILE [lint|exercises|skip|plain]\n"
    "                        for lesson authors: lint FILE, run every solution,\n"
    "                        starter and known mistake through the REPL's checker\n";

static VM *active_vm;

static void on_sigint(int sig)
{
    (void)sig;
    if (active_vm)
        active_vm->interrupt = 1;
}

void cli_report_error(VM *vm)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    vm_print_exception(vm, vm->exception, &b);
    if (b.data) {
        bool color = term_color_ok(STDERR_FILENO);
        fflush(stdout);
        fputs(term_style(color, STYLE_ERROR), stderr);
        fwrite(b.data, 1, b.len, stderr);
        fputs(term_style(color, STYLE_RESET), stderr);
        fflush(stderr);
    }
    sb_free(&b);
    vm_clear_exception(vm);
}

bool cli_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append(&b, chunk, n);
    bool ok = !ferror(f) && !b.failed;
    fclose(f);
    if (!ok) {
        sb_free(&b);
        return false;
    }
    if (!b.data)
        sb_putc(&b, '\0'), b.len = 0;
    *data = b.data;
    *len = b.len;
    return true;
}

/* The folder part of path ("." when none). */
static void dir_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == path)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - path), path);
}

static bool add_search_dir(VM *vm, const char *dir)
{
    ObjString *s = str_from_cstr(vm, dir);
    return s && list_append(vm, vm->search_path, OBJ_VAL(s));
}

static bool set_argv(VM *vm, int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        ObjString *s = str_from_cstr(vm, argv[i]);
        if (!s || !list_append(vm, vm->argv, OBJ_VAL(s)))
            return false;
    }
    return true;
}

static int run_script(VM *vm, const char *path, bool disassemble)
{
    char *src;
    size_t len;
    if (!cli_read_file(path, &src, &len)) {
        fprintf(stderr, "nabla: cannot read '%s': %s\n", path, strerror(errno));
        return 2;
    }
    char dir[4096];
    dir_of(path, dir, sizeof dir);
    add_search_dir(vm, dir);
    add_search_dir(vm, ".");
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, src, len, path, COMPILE_MODULE, &perr);
    free(src);
    if (!p) {
        cli_report_error(vm);
        return 1;
    }
    if (disassemble) {
        debug_disassemble(vm, p, stdout);
        return 0;
    }
    gc_push_root(vm, OBJ_VAL(p)); /* the names below allocate */
    ObjString *file_key = str_from_cstr(vm, "__file__");
    if (file_key) {
        gc_push_root(vm, OBJ_VAL(file_key));
        ObjString *file = str_from_cstr(vm, path);
        if (file)
            dict_set_str(vm, vm->main_module->globals, file_key, OBJ_VAL(file));
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    if (!vm_execute_proto(vm, p, vm->main_module, NULL)) {
        fflush(stdout);
        cli_report_error(vm);
        return 1;
    }
    return 0;
}

static int run_eval(VM *vm, const char *code)
{
    add_search_dir(vm, ".");
    Value result;
    if (!vm_run_source(vm, vm->main_module, code, strlen(code), "<-e>", false, &result)) {
        fflush(stdout);
        cli_report_error(vm);
        return 1;
    }
    if (!IS_NONE(result)) {
        StrBuf b;
        sb_init(&b, sb_heap_alloc, NULL);
        if (!value_repr(vm, result, &b)) {
            sb_free(&b);
            cli_report_error(vm);
            return 1;
        }
        sb_putc(&b, '\n');
        fwrite(b.data, 1, b.len, stdout);
        sb_free(&b);
    }
    return 0;
}

/* An option's argument, or NULL after saying it is missing. */
static const char *option_arg(int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "nabla: %s needs an argument\n\n%s", argv[*i], usage);
        return NULL;
    }
    return argv[++*i];
}

/*
 * Large arrays (tensors, big lists and dicts) are made and dropped in quick
 * succession.  By default glibc gives each one fresh pages from mmap and
 * returns them on free, so every temporary pays for page faults again; kept
 * on the heap they are reused.  Memory still stays flat: freed blocks are
 * reused before the heap grows.  (The command only: an embedding host keeps
 * its own allocator settings.)
 */
static void tune_allocator(void)
{
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
}

int main(int argc, char **argv)
{
    tune_allocator();
    bool disassemble = false;
    const char *eval = NULL, *check_lesson = NULL;
    ReplOptions ropt = {0};
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--transcript") == 0) {
            ropt.transcript = true;
            continue;
        }
        if (strcmp(a, "--lesson") == 0 || strcmp(a, "--lessons-dir") == 0 ||
            strcmp(a, "--check-lesson") == 0) {
            const char *v = option_arg(argc, argv, &i);
            if (!v)
                return 2;
            if (a[2] == 'c')
                check_lesson = v;
            else if (strcmp(a, "--lesson") == 0)
                ropt.lesson = v;
            else
                ropt.lessons_dir = v;
            continue;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("nabla %s\n", NABLA_VERSION_STRING);
            return 0;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        } else if (strcmp(a, "--dis") == 0) {
            disassemble = true;
        } else if (strcmp(a, "-e") == 0 || strcmp(a, "-c") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "nabla: %s needs an argument\n\n%s", a, usage);
                return 2;
            }
            eval = argv[++i];
            i++;
            break;
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "nabla: unknown option '%s'\n\n%s", a, usage);
            return 2;
        } else {
            break;
        }
    }
    if (check_lesson)
        return lesson_check_main(check_lesson, ropt.lessons_dir, i < argc ? argv[i] : NULL);
    if (!eval && i < argc && strcmp(argv[i], "lessons") == 0 && i + 1 == argc) {
        char dir[1024];
        if (ropt.lessons_dir)
            snprintf(dir, sizeof dir, "%s", ropt.lessons_dir);
        else
            lesson_find_dir(dir, sizeof dir);
        return lesson_list_main(dir);
    }
    if (disassemble && (eval || i >= argc)) {
        fprintf(stderr, "nabla: --dis needs a script file\n\n%s", usage);
        return 2;
    }

    VM *vm = vm_new(NULL);
    if (!vm) {
        fprintf(stderr, "nabla: out of memory at startup\n");
        return 1;
    }
#ifdef NABLA_TRACE
    vm->trace = getenv("NABLA_TRACE") && getenv("NABLA_TRACE")[0] == '1';
#endif
    active_vm = vm;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    int status;
    if (eval) {
        set_argv(vm, 1, (char *[]){"-e"});
        set_argv(vm, argc - i, argv + i);
        status = run_eval(vm, eval);
    } else if (i < argc) {
        set_argv(vm, argc - i, argv + i);
        status = run_script(vm, argv[i], disassemble);
    } else {
        set_argv(vm, 1, (char *[]){""});
        add_search_dir(vm, ".");
        status = repl_run(vm, &ropt);
    }
    fflush(stdout);
    active_vm = NULL;
    vm_free(vm);
    return status;
}
