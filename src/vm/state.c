/* state.c - creating and freeing a VM, output, and registering builtins. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/memory.h"
#include "lib/lib.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

static void *default_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

static void default_write(void *ud, const char *text, size_t len)
{
    fwrite(text, 1, len, (FILE *)ud);
}

void vm_write(VM *vm, const char *text, size_t len)
{
    if (vm->write_out)
        vm->write_out(vm->output_ud, text, len);
    else
        default_write(stdout, text, len);
}

void vm_write_err(VM *vm, const char *text, size_t len)
{
    if (vm->write_err)
        vm->write_err(vm->output_ud, text, len);
    else
        default_write(stderr, text, len);
}

void vm_define_natives(VM *vm, ObjDict *target, const NativeSpec *specs)
{
    for (const NativeSpec *s = specs; s->name; s++) {
        ObjNative *n = native_new(vm, s->name, s->fn, s->min_args, s->max_args, s->signature, s->doc);
        if (!n) {
            vm->init_failed = true;
            return;
        }
        gc_push_root(vm, OBJ_VAL(n));
        ObjString *name = str_from_cstr(vm, s->name);
        if (!name || !dict_set_str(vm, target, name, OBJ_VAL(n)))
            vm->init_failed = true;
        gc_pop_roots(vm, 1);
    }
}

void vm_define_methods(VM *vm, ObjClass *klass, const NativeSpec *specs)
{
    for (const NativeSpec *s = specs; s->name; s++) {
        ObjNative *n = native_new(vm, s->name, s->fn, s->min_args, s->max_args, s->signature, s->doc);
        if (!n) {
            vm->init_failed = true;
            return;
        }
        n->is_method = true;
        gc_push_root(vm, OBJ_VAL(n));
        ObjString *name = str_from_cstr(vm, s->name);
        if (!name || !dict_set_str(vm, klass->methods, name, OBJ_VAL(n)))
            vm->init_failed = true;
        gc_pop_roots(vm, 1);
    }
}

ObjModule *vm_native_module(VM *vm, const char *name, const NativeSpec *specs, const char *doc)
{
    ObjString *s = str_from_cstr(vm, name);
    if (!s)
        return NULL;
    gc_push_root(vm, OBJ_VAL(s));
    ObjModule *m = module_new(vm, s);
    gc_pop_roots(vm, 1);
    if (!m)
        return NULL;
    gc_push_root(vm, OBJ_VAL(m));
    if (specs)
        vm_define_natives(vm, m->globals, specs);
    if (doc) {
        ObjString *d = str_from_cstr(vm, doc);
        if (d)
            dict_set_str(vm, m->globals, vm->names.doc, OBJ_VAL(d));
    }
    gc_pop_roots(vm, 1);
    return m;
}

VM *vm_new(const VMConfig *config)
{
    VMConfig defaults = {0};
    if (!config)
        config = &defaults;
    void *(*alloc)(void *, void *, size_t, size_t) = config->alloc ? config->alloc : default_alloc;
    VM *vm = alloc(config->alloc_ud, NULL, 0, sizeof(VM));
    if (!vm)
        return NULL;
    memset(vm, 0, sizeof *vm);
    vm->alloc = alloc;
    vm->alloc_ud = config->alloc_ud;
    vm->write_out = config->write_out;
    vm->write_err = config->write_err;
    vm->output_ud = config->output_ud;
    vm->memory_limit = config->memory_limit;
    /* A host's own allocator sees every object, as the hook promises; the
       pool only stands in for malloc's per-object cost. */
    vm->pool.enabled = !config->alloc;
    vm->next_gc = 4 * 1024 * 1024;
    vm->budget_limit = config->instruction_limit > 0 ? config->instruction_limit : 0;
    vm->budget = vm->budget_limit;
    vm->allow_files = vm->allow_env = vm->allow_process = !config->sandbox;
    vm->exception = UNDEF_VAL;
    vm->oom = NONE_VAL;
    /* nothing can be collected until the roots exist: make GC wait */
    vm->gc_running = true;
    vm->stack = mem_alloc(vm, STACK_MAX * sizeof(Value));
    if (!vm->stack) {
        alloc(config->alloc_ud, vm, sizeof(VM), 0);
        return NULL;
    }
    vm->sp = vm->stack;
    tn_ctx_init(&vm->tn, mem_tensor_alloc, vm);
    vm->tn.nthreads = 2;
    vm->builtins = dict_new(vm);
    vm->modules = dict_new(vm);
    vm->gc_running = false;
    bool ok = vm->builtins && vm->modules && vm_init_classes(vm);
    if (ok) {
        ObjString *msg = str_from_cstr(vm, "out of memory");
        ok = msg != NULL;
        if (ok) {
            /* until vm->oom is set, vm_make_exception's failure value is None */
            vm->oom = vm_make_exception(vm, vm->exc.memory_error, msg);
            ok = IS_INSTANCE(vm->oom);
        }
    }
    ok = ok && (vm->search_path = list_new(vm, 0)) && (vm->argv = list_new(vm, 0));
    if (ok) {
        ObjString *main = vm->names.main;
        vm->main_module = module_new(vm, main);
        ok = vm->main_module && dict_set_str(vm, vm->modules, main, OBJ_VAL(vm->main_module));
    }
    ok = ok && lib_open_builtins(vm) && lib_open_tensor(vm) && lib_open_plot(vm) && !vm->init_failed;
    if (!ok) {
        vm_free(vm);
        return NULL;
    }
    vm_clear_exception(vm);
    return vm;
}

void vm_free(VM *vm)
{
    if (!vm)
        return;
    gc_free_all(vm);
    mem_free(vm, vm->strings, (size_t)vm->strings_cap * sizeof(ObjString *));
    mem_free(vm, vm->stack, STACK_MAX * sizeof(Value));
    free(vm->gray);
    vm->alloc(vm->alloc_ud, vm, sizeof(VM), 0);
}
