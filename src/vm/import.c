/*
 * import.c - compiling source text, and finding modules: builtin C modules,
 * the standard library compiled into the binary, and name.nbl files in the
 * folders of vm->search_path (the script's folder, then the current one).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "front/compiler.h"
#include "front/parser_api.h"
#include "lib/lib.h"
#include "vm/stdlib_sources.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

/* Turns a parse or compile error into a SyntaxError carrying its position. */
static void raise_syntax_error(VM *vm, const ParseError *perr, ObjString *name, ObjString *source)
{
    vm_raise(vm, vm->exc.syntax_error, "%s", perr->message);
    if (!IS_INSTANCE(vm->exception))
        return;
    Value exc = vm->exception;
    gc_push_root(vm, exc);
    ObjInstance *e = AS_INSTANCE(exc);
    /* the position is the syntax error's, not the importing frame's */
    ObjList *trace = list_new(vm, 1);
    if (trace)
        gc_push_root(vm, OBJ_VAL(trace));
    ObjTuple *t = trace ? tuple_new(vm, 6) : NULL;
    if (trace)
        gc_pop_roots(vm, 1);
    if (t) {
        trace->items.items[0] = OBJ_VAL(t);
        trace->items.count = 1;
        t->items[0] = OBJ_VAL(vm->names.empty);
        t->items[1] = OBJ_VAL(name);
        t->items[2] = INT_VAL(perr->line);
        t->items[3] = INT_VAL(perr->col);
        t->items[4] = INT_VAL(perr->len);
        t->items[5] = OBJ_VAL(source);
        dict_set_str(vm, e->fields, vm->names.traceback, OBJ_VAL(trace));
    }
    if (perr->hint[0])
        vm_set_exc_text(vm, exc, "hint", perr->hint);
    if (perr->incomplete)
        vm_set_exc_field(vm, exc, "incomplete", BOOL_VAL(true));
    gc_pop_roots(vm, 1);
    vm->exception = exc;
}

ObjProto *vm_compile_source(VM *vm, const char *source, size_t len, const char *chunk_name,
                            CompileMode mode, ParseError *perr)
{
    ObjString *name = str_from_cstr(vm, chunk_name);
    if (!name)
        return NULL;
    gc_push_root(vm, OBJ_VAL(name));
    ObjString *src = str_new(vm, source, len);
    if (!src) {
        gc_pop_roots(vm, 1);
        return NULL;
    }
    gc_push_root(vm, OBJ_VAL(src));
    Arena arena;
    arena_init(&arena, (ArenaAllocFn)vm->alloc, vm->alloc_ud);
    memset(perr, 0, sizeof *perr);
    Node *tree = parse_module(&arena, source, len, perr);
    ObjProto *p = NULL;
    if (tree)
        p = comp_compile(vm, tree, name, src, mode, perr);
    arena_free(&arena);
    if (!p && IS_UNDEF(vm->exception)) {
        /* running out of memory while parsing is a MemoryError, not bad syntax */
        if (strncmp(perr->message, "out of memory", 13) == 0)
            vm_raise_oom(vm);
        else
            raise_syntax_error(vm, perr, name, src);
    }
    gc_pop_roots(vm, 2);
    return p;
}


static bool read_file(VM *vm, const char *path, char **data, size_t *len, size_t *cap)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    StrBuf b;
    sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_append(&b, chunk, n);
    fclose(f);
    if (b.failed) {
        sb_free(&b);
        return false;
    }
    *data = b.data;
    *len = b.len;
    *cap = b.cap;
    if (!b.data) {
        *cap = 1;
        *data = mem_alloc(vm, 1);
        if (*data)
            (*data)[0] = '\0';
    }
    return *data != NULL;
}

/* Runs source as the body of a new module registered under name. */
static bool load_module(VM *vm, ObjString *name, const char *source, size_t len, const char *path,
                        Value *out)
{
    ObjModule *m = module_new(vm, name);
    if (!m)
        return false;
    gc_push_root(vm, OBJ_VAL(m));
    bool ok = dict_set_str(vm, vm->modules, name, OBJ_VAL(m));
    if (ok && path) {
        m->path = str_from_cstr(vm, path);
        ObjString *file_key = str_from_cstr(vm, "__file__");
        if (m->path && file_key)
            dict_set_str(vm, m->globals, file_key, OBJ_VAL(m->path));
    }
    ParseError perr;
    ObjProto *p = ok ? vm_compile_source(vm, source, len, path ? path : name->chars, COMPILE_MODULE, &perr) : NULL;
    if (p) {
        m->loading = true;
        ok = vm_execute_proto(vm, p, m, NULL);
        m->loading = false;
    } else {
        ok = false;
    }
    if (!ok) /* a failed import can be retried after a fix */
        dict_delete(vm, vm->modules, OBJ_VAL(name));
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(m);
    return ok;
}

bool vm_import(VM *vm, ObjString *name, Value *out)
{
    Value existing;
    if (dict_get_str(vm->modules, name, &existing)) {
        *out = existing;
        return true;
    }
    const NativeModuleDef *tables[2] = {native_modules, tensor_modules};
    for (int ti = 0; ti < 2; ti++)
    for (const NativeModuleDef *d = tables[ti]; d->name; d++) {
        if (strcmp(d->name, name->chars) != 0)
            continue;
        ObjModule *m = vm_native_module(vm, d->name, NULL, NULL);
        if (!m)
            return false;
        gc_push_root(vm, OBJ_VAL(m));
        vm->init_failed = false;
        bool ok = d->init(vm, m) && !vm->init_failed && dict_set_str(vm, vm->modules, name, OBJ_VAL(m));
        if (!ok && IS_UNDEF(vm->exception))
            vm_raise_oom(vm); /* a function of the module could not be made */
        vm->init_failed = false;
        gc_pop_roots(vm, 1);
        if (ok)
            *out = OBJ_VAL(m);
        return ok;
    }
    for (const StdlibSource *s = stdlib_sources; s->name; s++)
        if (strcmp(s->name, name->chars) == 0) {
            char label[128];
            snprintf(label, sizeof label, "<stdlib>/%s.nbl", s->name);
            return load_module(vm, name, s->source, s->length, label, out);
        }
    if (vm->allow_files) {
        for (int i = 0; i < vm->search_path->items.count; i++) {
            Value dir = vm->search_path->items.items[i];
            if (!IS_STR(dir))
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s%s%s.nbl", AS_CSTR(dir),
                     AS_STR(dir)->length && AS_CSTR(dir)[AS_STR(dir)->length - 1] != '/' ? "/" : "",
                     name->chars);
            char *data;
            size_t len, cap;
            if (read_file(vm, path, &data, &len, &cap)) {
                bool ok = load_module(vm, name, data, len, path, out);
                mem_free(vm, data, cap);
                return ok;
            }
        }
    }
    return vm_raise(vm, vm->exc.import_error,
                    "no module named '%s' (looked for builtin and standard modules, and for %s.nbl "
                    "beside the script and in the current folder)",
                    name->chars, name->chars);
}
