/*
 * test_docs.c - every builtin and stdlib function documents itself, as
 * help(x) and ?x show it: a signature, a paragraph, and an example.
 *
 *   test_docs complete   each function has a signature, a doc and an
 *                        "Example:" with at least one ">>>" line
 *   test_docs examples   each example runs in a fresh VM, line by line as
 *                        at the REPL, and prints exactly what the doc says
 *
 * Functions are found where a learner finds them: the builtins, the methods
 * of the builtin classes, and every module (C modules and the stdlib's .nbl files).
 * Dunder methods are the operators' plumbing and are not listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/stdlib_sources.h"
#include "vm/vm_internal.h"

typedef struct Fn {
    char name[128];
    const char *signature;  /* NULL for functions written in Nabla */
    const char *doc;
} Fn;

static Fn *fns;
static int nfns, capfns;

static void add_fn(const char *owner, const char *name, const char *signature, const char *doc)
{
    if (name[0] == '_')
        return;
    char full[128];
    snprintf(full, sizeof full, "%s%s%s", owner, owner[0] ? "." : "", name);
    for (int i = 0; i < nfns; i++)
        if (strcmp(fns[i].name, full) == 0)
            return;
    if (nfns == capfns) {
        capfns = capfns ? capfns * 2 : 256;
        fns = realloc(fns, sizeof(Fn) * (size_t)capfns);
        if (!fns)
            exit(2);
    }
    Fn *f = &fns[nfns++];
    snprintf(f->name, sizeof f->name, "%s", full);
    f->signature = signature;
    f->doc = doc;
}

static void collect_dict(const char *owner, ObjDict *d)
{
    Value key, value;
    for (int32_t pos = 0; dict_next(d, &pos, &key, &value);) {
        if (!IS_STR(key))
            continue;
        if (IS_NATIVE(value))
            add_fn(owner, AS_CSTR(key), AS_NATIVE(value)->signature, AS_NATIVE(value)->doc);
        else if (IS_FUNC(value)) {
            ObjString *doc = AS_FUNC(value)->proto->doc;
            add_fn(owner, AS_CSTR(key), "", doc ? doc->chars : NULL);
        }
    }
}

static void collect(VM *vm)
{
    for (const NativeModuleDef *m = native_modules; m->name; m++) {
        Value v;
        ObjString *name = str_from_cstr(vm, m->name);
        if (!name || !vm_import(vm, name, &v))
            vm_clear_exception(vm);
    }
    for (const StdlibSource *s = stdlib_sources; s->name; s++) {
        Value v;
        ObjString *name = str_from_cstr(vm, s->name);
        if (!name || !vm_import(vm, name, &v))
            vm_clear_exception(vm);
    }
    collect_dict("", vm->builtins);
    Value key, value;
    for (int32_t pos = 0; dict_next(vm->builtins, &pos, &key, &value);) {
        if (IS_CLASS(value) && AS_CLASS(value)->builtin && !AS_CLASS(value)->is_exception)
            collect_dict(AS_CSTR(key), AS_CLASS(value)->methods);
        if (IS_MODULE(value))
            collect_dict(AS_CSTR(key), AS_MODULE(value)->globals);
    }
    for (int32_t pos = 0; dict_next(vm->modules, &pos, &key, &value);)
        if (IS_STR(key) && IS_MODULE(value) && AS_CSTR(key)[0] != '<')
            collect_dict(AS_CSTR(key), AS_MODULE(value)->globals);
}

static const char *example_of(const char *doc)
{
    const char *e = doc ? strstr(doc, "Example") : NULL;
    return e && strstr(e, ">>>") ? e : NULL;
}

static int check_complete(void)
{
    int bad = 0;
    for (int i = 0; i < nfns; i++) {
        const Fn *f = &fns[i];
        const char *what = NULL;
        if (f->signature == NULL)
            what = "no signature";
        else if (!f->doc || !f->doc[0])
            what = "no doc";
        else if (!example_of(f->doc))
            what = "no example (an \"Example:\" section with >>> lines)";
        if (what) {
            printf("  %-32s %s\n", f->name, what);
            bad++;
        }
    }
    printf("%d of %d functions documented completely\n", nfns - bad, nfns);
    return bad ? 1 : 0;
}

/* ---- running examples */

static StrBuf captured;

static void capture(void *ud, const char *text, size_t len)
{
    (void)ud;
    sb_append(&captured, text, len);
}

static void trim_lines(StrBuf *b)
{
    /* trailing spaces on each line and trailing blank lines do not count */
    size_t w = 0;
    for (size_t r = 0; r < b->len; r++) {
        if (b->data[r] == '\n')
            while (w > 0 && b->data[w - 1] == ' ')
                w--;
        b->data[w++] = b->data[r];
    }
    while (w > 0 && (b->data[w - 1] == '\n' || b->data[w - 1] == ' '))
        w--;
    b->len = w;
    if (b->data)
        b->data[w] = '\0';
}

/* As doctest's ELLIPSIS: "..." in the expected text matches any text. */
static bool matches(const char *want, const char *got)
{
    const char *dots = strstr(want, "...");
    if (!dots)
        return strcmp(want, got) == 0;
    size_t head = (size_t)(dots - want);
    if (strncmp(want, got, head) != 0)
        return false;
    for (const char *g = got + head;; g++) {
        if (matches(dots + 3, g))
            return true;
        if (!*g)
            return false;
    }
}

/* Runs the example of one doc; prints what differs.  True when it matches. */
static bool run_example(const Fn *f)
{
    const char *ex = example_of(f->doc);
    VM *vm = vm_new(NULL);
    if (!vm)
        return false;
    vm->write_out = capture;
    vm->write_err = capture;
    vm->repl_mode = true;
    ObjString *dot = str_from_cstr(vm, ".");
    list_append(vm, vm->search_path, OBJ_VAL(dot));
    /* a module's examples may use the module by name */
    const char *owner_dot = strchr(f->name, '.');
    if (owner_dot) {
        char mod[64];
        snprintf(mod, sizeof mod, "%.*s", (int)(owner_dot - f->name), f->name);
        ObjString *m = str_from_cstr(vm, mod);
        Value v;
        if (m && dict_get_str(vm->builtins, m, &v)) {
            /* the name is a builtin function too (plot): leave it */
        } else if (m && dict_get_str(vm->modules, m, &v) == false) {
            if (vm_import(vm, m, &v))
                dict_set_str(vm, vm->main_module->globals, m, v);
            else
                vm_clear_exception(vm);
        } else if (m && dict_get_str(vm->modules, m, &v)) {
            dict_set_str(vm, vm->main_module->globals, m, v);
        }
    }
    bool ok = true;
    const char *p = strstr(ex, ">>>");
    while (p && ok) {
        /* the code: this ">>> " line and any "... " lines after it */
        StrBuf code, want;
        sb_init(&code, sb_heap_alloc, NULL);
        sb_init(&want, sb_heap_alloc, NULL);
        /* the example's indentation: the column of ">>>" */
        const char *bol = p;
        while (bol > ex && bol[-1] != '\n')
            bol--;
        size_t indent = (size_t)(p - bol);
        const char *line = p;
        for (;;) {
            const char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);
            const char *s = line;
            while (s < line + n && *s == ' ')
                s++;
            bool first = code.len == 0;
            if (first && strncmp(s, ">>>", 3) == 0)
                s += s[3] == ' ' ? 4 : 3;
            else if (!first && strncmp(s, "...", 3) == 0)
                s += s[3] == ' ' ? 4 : 3;
            else
                break;
            sb_append(&code, s, (size_t)(line + n - s));
            sb_putc(&code, '\n');
            line = nl ? nl + 1 : line + n;
            if (!nl)
                break;
        }
        /* the expected output: lines up to the next ">>>" or a blank line */
        while (*line) {
            const char *nl = strchr(line, '\n');
            size_t n = nl ? (size_t)(nl - line) : strlen(line);
            const char *s = line;
            while (s < line + n && *s == ' ')
                s++;
            if (s == line + n || strncmp(s, ">>>", 3) == 0)
                break;
            s = line + (n < indent ? n : indent);
            sb_append(&want, s, (size_t)(line + n - s));
            sb_putc(&want, '\n');
            line = nl ? nl + 1 : line + n;
        }
        sb_clear(&captured);
        Value result;
        bool ran = vm_run_source(vm, vm->main_module, code.data, code.len, "<example>", true, &result);
        if (!ran) {
            StrBuf e;
            sb_init(&e, sb_heap_alloc, NULL);
            vm_print_exception(vm, vm->exception, &e);
            /* an example may show an error on purpose: compare its first line */
            const char *nl = e.data ? strchr(e.data, '\n') : NULL;
            sb_append(&captured, e.data ? e.data : "", nl ? (size_t)(nl - e.data) + 1 : e.len);
            sb_free(&e);
            vm_clear_exception(vm);
        }
        trim_lines(&captured);
        trim_lines(&want);
        const char *got = captured.data ? captured.data : "";
        const char *exp = want.data ? want.data : "";
        if (!matches(exp, got)) {
            printf("  %s: %s", f->name, code.data);
            printf("      expected: %s\n      got:      %s\n", exp[0] ? exp : "(nothing)", got[0] ? got : "(nothing)");
            ok = false;
        }
        sb_free(&code);
        sb_free(&want);
        p = strstr(line, ">>>");
    }
    vm_free(vm);
    return ok;
}

static int check_examples(void)
{
    sb_init(&captured, sb_heap_alloc, NULL);
    int bad = 0, ran = 0;
    for (int i = 0; i < nfns; i++) {
        if (!fns[i].doc || !example_of(fns[i].doc))
            continue;
        ran++;
        if (!run_example(&fns[i]))
            bad++;
    }
    printf("%d of %d examples print what their docs say\n", ran - bad, ran);
    sb_free(&captured);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "complete";
    VM *vm = vm_new(NULL);
    if (!vm)
        return 2;
    collect(vm);
    int status;
    if (strcmp(mode, "complete") == 0)
        status = check_complete();
    else if (strcmp(mode, "examples") == 0)
        status = check_examples();
    else {
        fprintf(stderr, "usage: test_docs complete|examples\n");
        status = 2;
    }
    vm_free(vm);
    free(fns);
    return status;
}
