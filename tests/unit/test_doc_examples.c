/*
 * test_doc_examples.c - every builtin documents itself, and its examples run.
 *
 * Walks the builtins, every C module and the methods of the builtin types;
 * each native must have a signature and a doc.  Examples in docs are
 * written as a REPL session:
 *
 *     >>> sorted([3, 1, 2])
 *     [1, 2, 3]
 *
 * Each `>>> ` line (with `... ` continuations) runs in a fresh VM through
 * the REPL's echo path, and what it prints must equal the lines that follow
 * up to the next prompt or blank line.  So help() can never show an example
 * that is wrong.  Given Markdown files as arguments (the lang folder's pages), it checks
 * their examples too, each file as one session.
 */
#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "lib/lib.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

static int failures, examples, natives;
static StrBuf captured;

static void capture(void *ud, const char *text, size_t len)
{
    (void)ud;
    sb_append(&captured, text, len);
}

/* Runs of spaces and newlines count as one space: docs wrap freely. */
static void squeeze(char *s)
{
    char *w = s;
    bool space = false;
    for (char *r = s; *r; r++) {
        bool ws = *r == ' ' || *r == '\n' || *r == '\t';
        if (ws && space)
            continue;
        *w++ = ws ? ' ' : *r;
        space = ws;
    }
    *w = '\0';
}

/* want may contain "..." standing for any text, as in Python's doctest. */
static bool matches(const char *got, const char *want)
{
    const char *dots = strstr(want, "...");
    if (!dots)
        return strcmp(got, want) == 0;
    size_t head = (size_t)(dots - want);
    if (strncmp(got, want, head) != 0)
        return false;
    const char *rest = dots + 3;
    if (!*rest)
        return true;
    for (const char *g = got + head; *g; g++)
        if (matches(g, rest))
            return true;
    return false;
}

/* Trailing whitespace does not count. */
static void rstrip(StrBuf *b)
{
    while (b->len > 0 && (b->data[b->len - 1] == ' ' || b->data[b->len - 1] == '\n'))
        b->data[--b->len] = '\0';
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Runs the examples of one doc string; setup code (imports) runs first. */
static void check_examples(const char *owner, const char *name, const char *doc)
{
    const char *p = strstr(doc, ">>> ");
    if (!p)
        return;
    VMConfig cfg = {0};
    cfg.write_out = capture;
    cfg.write_err = capture;
    VM *vm = vm_new(&cfg);
    if (!vm) {
        fprintf(stderr, "cannot create a VM\n");
        failures++;
        return;
    }
    ObjString *dot = str_from_cstr(vm, ".");
    if (dot)
        list_append(vm, vm->search_path, OBJ_VAL(dot));
    /* the module of a module function is imported, as a reader would */
    if (owner[0] && strcmp(owner, "builtins") != 0 && !strchr(owner, '.')) {
        char imp[128];
        snprintf(imp, sizeof imp, "import %s", owner);
        Value r;
        if (!vm_run_source(vm, vm->main_module, imp, strlen(imp), "<doc>", true, &r))
            vm_clear_exception(vm);
    }
    while (p) {
        StrBuf code, want;
        sb_init(&code, sb_heap_alloc, NULL);
        sb_init(&want, sb_heap_alloc, NULL);
        /* the prompt line and its continuations */
        const char *line = p + 4;
        for (;;) {
            const char *end = strchr(line, '\n');
            size_t len = end ? (size_t)(end - line) : strlen(line);
            sb_append(&code, line, len);
            sb_putc(&code, '\n');
            if (!end)
                break;
            const char *next = end + 1;
            while (*next == ' ')
                next++;
            if (!starts(next, "... ") && strcmp(next, "...") != 0 && !starts(next, "...\n"))
                break;
            line = starts(next, "... ") ? next + 4 : next + 3;
        }
        /* expected output: the lines after it, up to a blank line or prompt */
        const char *after = strchr(line, '\n');
        const char *q = after ? after + 1 : line + strlen(line);
        while (*q) {
            const char *s = q;
            while (*s == ' ')
                s++;
            if (*s == '\n' || *s == '\0' || starts(s, ">>> "))
                break;
            const char *end = strchr(s, '\n');
            size_t len = end ? (size_t)(end - s) : strlen(s);
            sb_append(&want, s, len);
            sb_putc(&want, '\n');
            q = end ? end + 1 : s + len;
        }
        sb_clear(&captured);
        Value r;
        bool ok = vm_run_source(vm, vm->main_module, code.data, code.len, "<doc>", true, &r);
        if (!ok) {
            vm_print_exception(vm, vm->exception, &captured);
            vm_clear_exception(vm);
        }
        rstrip(&captured);
        rstrip(&want);
        examples++;
        char *got = captured.data ? captured.data : "";
        char *expected = want.data ? want.data : "";
        if (captured.data)
            squeeze(captured.data);
        if (want.data)
            squeeze(want.data);
        if (!matches(got, expected)) {
            fprintf(stderr, "%s.%s: example\n  >>> %s  expected: %s\n  got:      %s\n", owner, name,
                    code.data, expected, got);
            failures++;
        }
        sb_free(&code);
        sb_free(&want);
        p = strstr(q, ">>> ");
    }
    vm_free(vm);
}

static void check_dict(VM *vm, const char *owner, ObjDict *d)
{
    Value k, v;
    for (int32_t i = 0; dict_next(d, &i, &k, &v);) {
        if (!IS_NATIVE(v))
            continue;
        ObjNative *n = AS_NATIVE(v);
        natives++;
        if (!n->signature || !n->signature[0] || !n->doc || !n->doc[0]) {
            fprintf(stderr, "%s.%s: no %s\n", owner, AS_CSTR(k),
                    !n->signature || !n->signature[0] ? "signature" : "doc");
            failures++;
            continue;
        }
        check_examples(owner, AS_CSTR(k), n->doc);
    }
}

/* Every example of a Markdown file, run in order in one VM. */
static void check_markdown(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot read %s\n", path);
        failures++;
        return;
    }
    StrBuf text;
    sb_init(&text, sb_heap_alloc, NULL);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append(&text, chunk, n);
    fclose(f);
    const char *base = strrchr(path, '/');
    check_examples("", base ? base + 1 : path, text.data ? text.data : "");
    sb_free(&text);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        sb_init(&captured, sb_heap_alloc, NULL);
        for (int i = 1; i < argc; i++)
            check_markdown(argv[i]);
        sb_free(&captured);
        printf("%d examples checked, %d failure(s)\n", examples, failures);
        return failures ? 1 : 0;
    }
    sb_init(&captured, sb_heap_alloc, NULL);
    VMConfig cfg = {0};
    cfg.write_out = capture;
    cfg.write_err = capture;
    VM *vm = vm_new(&cfg);
    if (!vm)
        return 1;
    check_dict(vm, "builtins", vm->builtins);
    ObjClass *types[] = {vm->types.str, vm->types.list, vm->types.tuple, vm->types.dict, vm->types.tensor};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        /* method owners are written "str.": a label, not a module to import */
        char label[64];
        snprintf(label, sizeof label, "%.60s.", types[i]->name->chars);
        check_dict(vm, label, types[i]->methods);
    }
    const NativeModuleDef *tables[] = {native_modules, tensor_modules};
    for (int t = 0; t < 2; t++)
        for (const NativeModuleDef *d = tables[t]; d->name; d++) {
            Value m;
            ObjString *name = str_from_cstr(vm, d->name);
            if (!name || !vm_import(vm, name, &m)) {
                fprintf(stderr, "cannot import %s\n", d->name);
                vm_clear_exception(vm);
                failures++;
                continue;
            }
            check_dict(vm, d->name, AS_MODULE(m)->globals);
        }
    vm_free(vm);
    sb_free(&captured);
    printf("%d natives, %d examples checked, %d failure(s)\n", natives, examples, failures);
    return failures ? 1 : 0;
}
