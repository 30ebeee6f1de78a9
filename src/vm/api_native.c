/*
 * api_native.c - C functions of the host as Nabla functions: registering
 * them into modules, calling them, and raising errors from them.
 *
 * Each registered function is an ObjNative whose fn is host_call and whose
 * data is a userdata holding the host's function pointer, its user data and
 * copies of its name, signature and doc (the ObjNative points at those
 * copies, so help() reads them; the userdata lives as long as the native
 * that references it).  host_call finds its HostFn through argv[-1], the
 * function being called, as every module function can.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/lib.h"
#include "vm/api_internal.h"
#include "vm/stdlib_sources.h"

static const char HOST_FN_TYPE[] = "host function";

typedef struct HostFn {
    nb_cfunction fn;
    void *ud;
    const char *name, *signature, *doc;     /* into text[] */
    char text[];
} HostFn;

static bool host_call(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out);

static HostFn *host_fn_of(Value callee)
{
    if (!IS_NATIVE(callee) || AS_NATIVE(callee)->fn != host_call)
        return NULL;
    Value data = AS_NATIVE(callee)->data;
    if (!is_obj_type(data, OBJ_USERDATA) || AS_USERDATA(data)->type_name != HOST_FN_TYPE)
        return NULL;
    return AS_USERDATA(data)->data;
}

enum { ARGS_SMALL = 8 };

/* Releases the argument refs the C function has not released itself. */
static void drop_args(VM *vm, const nb_ref *refs, int n)
{
    for (int i = 0; i < n; i++)
        if (api_slot_quiet(vm, refs[i]))
            nb_release(vm, refs[i]);
}

static bool host_call(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    HostFn *h = host_fn_of(argv[-1]);
    if (!h)
        return vm_raise(vm, vm->exc.runtime_error, "a host function was called without its data");
    if (kwargs && kwargs->count)
        return vm_raise(vm, vm->exc.type_error, "%s() takes no keyword arguments", h->name);
    ApiState *s = api_state(vm);
    if (!s)
        return vm_raise_oom(vm);
    nb_ref small[ARGS_SMALL], *refs = small;
    if (argc > ARGS_SMALL && !(refs = mem_alloc(vm, (size_t)argc * sizeof *refs)))
        return vm_raise_oom(vm);
    for (int i = 0; i < argc; i++) {
        refs[i] = api_ref_raw(vm, argv[i]);
        if (!refs[i]) {
            drop_args(vm, refs, i);
            if (refs != small)
                mem_free(vm, refs, (size_t)argc * sizeof *refs);
            return false;
        }
    }
    /* The error of a nested call this function makes, and whether it made
       a usage error, are this call's own: save the outer ones. */
    Value *last = &s->registry->items.items[0];
    Value outer_error = *last;
    bool outer_usage = s->usage_pending;
    *last = NONE_VAL;
    s->usage_pending = false;
    nb_ref result = NB_NOREF;
    s->depth++;
    gc_push_root(vm, outer_error); /* out of the registry while fn runs code */
    bool ok = h->fn(vm, argc, refs, &result, h->ud);
    gc_pop_roots(vm, 1);
    s->depth--;
    last = &s->registry->items.items[0]; /* new refs may have moved it */
    Value nested_error = *last;
    bool usage = s->usage_pending;
    *last = outer_error;
    s->usage_pending = outer_usage;
    drop_args(vm, refs, argc);
    if (refs != small)
        mem_free(vm, refs, (size_t)argc * sizeof *refs);

    if (ok) {
        Value *r = result ? api_slot_quiet(vm, result) : NULL;
        if (result && !r)
            return vm_raise(vm, vm->exc.type_error, "%s() returned ref %d, which is not live", h->name,
                            (int)result);
        *out = r ? *r : NONE_VAL;
        nb_release(vm, result);
        return true;
    }
    nb_release(vm, result);
    if (!IS_UNDEF(vm->exception))
        return false; /* nb_raise */
    if (IS_INSTANCE(nested_error)) {
        vm->exception = nested_error; /* passed on, with its own trace */
        return false;
    }
    if (usage)
        return vm_raise(vm, vm->exc.type_error, "%s(): %s", h->name, nb_error(vm)->message);
    return vm_raise(vm, vm->exc.runtime_error, "%s() failed without raising an error", h->name);
}

bool nb_raise(nb_vm *vm, const char *kind, const char *fmt, ...)
{
    ObjClass *k = vm->exc.runtime_error;
    Value found;
    ObjString *name = kind ? str_from_cstr(vm, kind) : NULL;
    if (name && dict_get_str(vm->builtins, name, &found) && IS_CLASS(found) &&
        AS_CLASS(found)->is_exception)
        k = AS_CLASS(found);
    StrBuf b;
    sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&b, fmt ? fmt : "", ap);
    va_end(ap);
    ObjString *msg = b.failed ? NULL : str_new(vm, b.data ? b.data : "", b.len);
    sb_free(&b);
    vm->exception = UNDEF_VAL;
    if (!msg)
        vm_raise_oom(vm);
    else
        vm_raise_value(vm, vm_make_exception(vm, k, msg));
    /* outside a C function nobody would see it: record it as a failure */
    ApiState *s = api_state(vm);
    if (s && s->depth == 0)
        api_take_error(vm);
    return false;
}

/* ---- modules */

static bool is_builtin_module(const char *name)
{
    const NativeModuleDef *tables[] = {native_modules, tensor_modules};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        for (const NativeModuleDef *d = tables[t]; d->name; d++)
            if (strcmp(d->name, name) == 0)
                return true;
    for (const StdlibSource *s = stdlib_sources; s->name; s++)
        if (strcmp(s->name, name) == 0)
            return true;
    return false;
}

/* The globals of module `name` (the builtins for NULL), made when missing.
   NULL with the error taken. */
static ObjDict *module_globals(VM *vm, const char *name)
{
    if (!name)
        return vm->builtins;
    if (!*name || strchr(name, '.'))
        return api_null(api_usage(vm, "'%s' is not a module name", name));
    ObjString *key = str_from_cstr(vm, name);
    if (!key)
        return api_null(api_take_error(vm));
    Value m;
    if (dict_get_str(vm->modules, key, &m)) {
        if (!IS_MODULE(m))
            return api_null(api_usage(vm, "'%s' is not a module", name));
        return AS_MODULE(m)->globals;
    }
    gc_push_root(vm, OBJ_VAL(key));
    ObjDict *globals = NULL;
    if (is_builtin_module(name)) {
        /* extend it, rather than hide it behind a new module */
        ApiState *s = api_state(vm);
        api_enter(vm, s);
        if (vm_import(vm, key, &m) && IS_MODULE(m))
            globals = AS_MODULE(m)->globals;
        api_leave(vm, s);
    } else {
        ObjModule *mod = vm_native_module(vm, name, NULL, NULL);
        if (mod) {
            gc_push_root(vm, OBJ_VAL(mod));
            if (dict_set_str(vm, vm->modules, key, OBJ_VAL(mod)))
                globals = mod->globals;
            gc_pop_roots(vm, 1);
        }
    }
    gc_pop_roots(vm, 1);
    if (!globals)
        api_take_error(vm);
    return globals;
}

static nb_status check_spec(VM *vm, const nb_function *f)
{
    if (!f->fn)
        return api_usage(vm, "nb_register: function '%s' has no C function", f->name);
    if (f->min_args < 0 || f->max_args < -1 || (f->max_args >= 0 && f->max_args < f->min_args))
        return api_usage(vm, "nb_register: function '%s' has arity %d..%d", f->name, f->min_args,
                         f->max_args);
    if (!*f->name)
        return api_usage(vm, "nb_register: a function has an empty name");
    return NB_OK;
}

static nb_status register_one(VM *vm, ObjDict *target, const nb_function *f, void *ud)
{
    const char *sig = f->signature ? f->signature : "";
    const char *doc = f->doc ? f->doc : "";
    size_t ln = strlen(f->name) + 1, ls = strlen(sig) + 1, ld = strlen(doc) + 1;
    ObjUserdata *u = userdata_new(vm, HOST_FN_TYPE, sizeof(HostFn) + ln + ls + ld, NULL);
    if (!u)
        return api_take_error(vm);
    HostFn *h = u->data;
    h->fn = f->fn;
    h->ud = ud;
    memcpy(h->text, f->name, ln);
    memcpy(h->text + ln, sig, ls);
    memcpy(h->text + ln + ls, doc, ld);
    h->name = h->text;
    h->signature = f->signature ? h->text + ln : NULL;
    h->doc = f->doc ? h->text + ln + ls : NULL;
    gc_push_root(vm, OBJ_VAL(u));
    ObjNative *n = native_new(vm, h->name, host_call, f->min_args, f->max_args, h->signature, h->doc);
    if (n) {
        n->data = OBJ_VAL(u);
        gc_pop_roots(vm, 1);
        gc_push_root(vm, OBJ_VAL(n));
    }
    ObjString *name = n ? str_from_cstr(vm, h->name) : NULL;
    bool ok = name && dict_set_str(vm, target, name, OBJ_VAL(n));
    gc_pop_roots(vm, 1);
    return ok ? NB_OK : api_take_error(vm);
}

nb_status nb_register(nb_vm *vm, const char *module, const nb_function *fns, void *ud)
{
    if (!api_state(vm))
        return NB_ERR_MEMORY;
    if (!fns)
        return api_usage(vm, "nb_register: the function table is NULL");
    for (const nb_function *f = fns; f->name; f++) {
        nb_status st = check_spec(vm, f);
        if (st != NB_OK)
            return st;
    }
    ObjDict *target = module_globals(vm, module);
    if (!target)
        return nb_error(vm)->status;
    /* the module is reachable from vm->modules (or is the builtins) */
    for (const nb_function *f = fns; f->name; f++) {
        nb_status st = register_one(vm, target, f, ud);
        if (st != NB_OK)
            return st;
    }
    return NB_OK;
}

nb_status nb_module_doc(nb_vm *vm, const char *module, const char *doc)
{
    if (!module || !doc)
        return api_usage(vm, "nb_module_doc: module and doc are needed");
    ObjDict *g = module_globals(vm, module);
    if (!g)
        return nb_error(vm)->status;
    ObjString *d = str_from_cstr(vm, doc);
    return d && dict_set_str(vm, g, vm->names.doc, OBJ_VAL(d)) ? NB_OK : api_take_error(vm);
}

nb_status nb_module_set(nb_vm *vm, const char *module, const char *name, nb_ref value)
{
    if (!module || !name)
        return api_usage(vm, "nb_module_set: module and name are needed");
    if (!api_slot(vm, value))
        return NB_ERR_USAGE;
    ObjDict *g = module_globals(vm, module);
    ObjString *key = g ? str_from_cstr(vm, name) : NULL;
    if (!g)
        return nb_error(vm)->status;
    return key && dict_set_str(vm, g, key, *api_slot_quiet(vm, value)) ? NB_OK : api_take_error(vm);
}
