/*
 * api.c - the embedding API of include/nabla.h over the VM's internals:
 * creating and freeing VMs, running source, errors, limits, and globals by
 * name.  Refs and values are in api_values.c, C functions in api_native.c,
 * tensors in api_tensor.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "version.h"
#include "vm/api_internal.h"

static StrBuf *state_bufs(ApiState *s, int i)
{
    StrBuf *bufs[] = {&s->kind, &s->message, &s->file, &s->report, &s->trace, &s->scratch};
    return i < (int)(sizeof bufs / sizeof bufs[0]) ? bufs[i] : NULL;
}

static const char *text_of(StrBuf *b)
{
    return b->data && !b->failed ? b->data : "";
}

static void set_text(StrBuf *b, const char *text)
{
    sb_clear(b);
    sb_puts(b, text ? text : "");
}

/* Points the public fields at the buffers (after they were rewritten). */
static void publish(ApiState *s, nb_status status)
{
    s->info.status = status;
    s->info.kind = text_of(&s->kind);
    s->info.message = text_of(&s->message);
    s->info.file = text_of(&s->file);
    s->info.report = text_of(&s->report);
    s->info.trace = text_of(&s->trace);
}

ApiState *api_state(VM *vm)
{
    ApiState *s = vm->lib_state[API_STATE_SLOT];
    if (s)
        return s;
    s = mem_alloc(vm, sizeof *s);
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    for (int i = 0; state_bufs(s, i); i++)
        sb_init(state_bufs(s, i), (StrBufAllocFn)mem_realloc, vm);
    publish(s, NB_OK);
    /* slot 0 is NB_NOREF: it holds the last nested error, None when none */
    ObjList *reg = list_new(vm, 8);
    bool ok = reg != NULL;
    if (ok) {
        reg->items.items[reg->items.count++] = NONE_VAL;
        gc_push_root(vm, OBJ_VAL(reg));
        ok = dict_set(vm, vm->modules, INT_VAL(API_REGISTRY_KEY), OBJ_VAL(reg));
        gc_pop_roots(vm, 1);
    }
    if (!ok) {
        vm_clear_exception(vm);
        mem_free(vm, s, sizeof *s);
        return NULL;
    }
    s->registry = reg;
    vm->lib_state[API_STATE_SLOT] = s;
    return s;
}

void api_state_free(VM *vm)
{
    ApiState *s = vm->lib_state[API_STATE_SLOT];
    if (!s)
        return;
    for (int i = 0; state_bufs(s, i); i++)
        sb_free(state_bufs(s, i));
    mem_free(vm, s, sizeof *s);
    vm->lib_state[API_STATE_SLOT] = NULL;
}

const char *nb_version(void)
{
    return NABLA_VERSION_STRING;
}

/* ---- lifecycle */

nb_vm *nb_new(const nb_config *config)
{
    VMConfig c = {0};
    if (config) {
        c.alloc = config->alloc;
        c.alloc_ud = config->alloc_ud;
        c.write_out = config->write_out;
        c.write_err = config->write_err;
        c.output_ud = config->output_ud;
        c.memory_limit = config->memory_limit;
        c.instruction_limit = config->instruction_limit;
        c.sandbox = config->sandbox;
    }
    VM *vm = vm_new(&c);
    if (!vm)
        return NULL;
    if (config && config->sandbox)
        nb_set_access(vm, config->allow);
    /* the state is made now so that running out of memory for it is
       nb_new's NULL, not a surprise at the first call */
    if (!api_state(vm)) {
        vm_free(vm);
        return NULL;
    }
    return vm;
}

void nb_free(nb_vm *vm)
{
    if (!vm)
        return;
    api_state_free(vm);
    vm_free(vm);
}

/* ---- errors */

/* "file:line:col in name" per frame of the exception's traceback. */
static void format_trace(VM *vm, Value exc, StrBuf *out)
{
    Value trace;
    if (!dict_get_str(AS_INSTANCE(exc)->fields, vm->names.traceback, &trace) || !IS_LIST(trace))
        return;
    ObjList *l = AS_LIST(trace);
    for (int i = 0; i < l->items.count; i++) {
        Value item = l->items.items[i];
        if (!IS_TUPLE(item) || AS_TUPLE(item)->count < 4)
            continue;
        Value *t = AS_TUPLE(item)->items;
        const char *name = IS_STR(t[0]) && AS_STR(t[0])->length ? AS_CSTR(t[0]) : "<module>";
        sb_printf(out, "%s:%lld:%lld in %s\n", IS_STR(t[1]) ? AS_CSTR(t[1]) : "?",
                  IS_INT(t[2]) ? (long long)AS_INT(t[2]) : 0LL,
                  IS_INT(t[3]) ? (long long)AS_INT(t[3]) : 0LL, name);
    }
}

nb_status api_take_error(VM *vm)
{
    ApiState *s = vm->lib_state[API_STATE_SLOT];
    Value exc = vm->exception;
    nb_status status = NB_ERR_RUNTIME;
    if (IS_UNDEF(exc))
        exc = vm->oom; /* something failed without raising: only memory does that */
    if (vm_is_instance(vm, exc, vm->exc.syntax_error))
        status = NB_ERR_SYNTAX;
    else if (vm_is_instance(vm, exc, vm->exc.memory_error))
        status = NB_ERR_MEMORY;
    else if (vm_is_instance(vm, exc, vm->exc.limit_error) ||
             vm_is_instance(vm, exc, vm->exc.keyboard_interrupt))
        status = NB_ERR_LIMIT;
    if (s && IS_INSTANCE(exc)) {
        ObjInstance *e = AS_INSTANCE(exc);
        gc_push_root(vm, exc);
        set_text(&s->kind, e->klass->name->chars);
        Value msg = NONE_VAL, trace = NONE_VAL;
        dict_get_str(e->fields, vm->names.message, &msg);
        set_text(&s->message, IS_STR(msg) ? AS_CSTR(msg) : "");
        s->info.line = s->info.column = 0;
        set_text(&s->file, "");
        if (dict_get_str(e->fields, vm->names.traceback, &trace) && IS_LIST(trace) &&
            AS_LIST(trace)->items.count > 0) {
            Value last = AS_LIST(trace)->items.items[AS_LIST(trace)->items.count - 1];
            if (IS_TUPLE(last) && AS_TUPLE(last)->count >= 4) {
                Value *t = AS_TUPLE(last)->items;
                set_text(&s->file, IS_STR(t[1]) ? AS_CSTR(t[1]) : "");
                s->info.line = IS_INT(t[2]) ? (int)AS_INT(t[2]) : 0;
                s->info.column = IS_INT(t[3]) ? (int)AS_INT(t[3]) : 0;
            }
        }
        sb_clear(&s->trace);
        format_trace(vm, exc, &s->trace);
        sb_clear(&s->report);
        vm_clear_exception(vm);
        vm_print_exception(vm, exc, &s->report);
        /* printing may itself run out of memory: the report then says so */
        vm_clear_exception(vm);
        if (s->report.failed || s->report.len == 0)
            set_text(&s->report, text_of(&s->message));
        /* kept for a C function that passes this error on (see nb_cfunction) */
        s->registry->items.items[0] = exc;
        gc_pop_roots(vm, 1);
        publish(s, status);
    }
    vm_clear_exception(vm);
    return status;
}

nb_status api_usage(VM *vm, const char *fmt, ...)
{
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    sb_clear(&s->message);
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(&s->message, fmt, ap);
    va_end(ap);
    set_text(&s->kind, "UsageError");
    sb_clear(&s->report);
    sb_printf(&s->report, "error: %s\n", text_of(&s->message));
    set_text(&s->file, "");
    set_text(&s->trace, "");
    s->info.line = s->info.column = 0;
    s->usage_pending = true;
    publish(s, NB_ERR_USAGE);
    return NB_ERR_USAGE;
}

nb_status api_oom(VM *vm)
{
    vm->exception = vm->oom;
    return api_take_error(vm);
}

const nb_error_info *nb_error(nb_vm *vm)
{
    static const nb_error_info none = {NB_ERR_MEMORY, "MemoryError", "out of memory", "", 0, 0,
                                       "error: out of memory\n", ""};
    ApiState *s = vm ? api_state(vm) : NULL;
    return s ? &s->info : &none;
}

/* ---- running code */

void api_enter(VM *vm, ApiState *s)
{
    if (s->depth++ == 0) {
        vm->budget = vm->budget_limit > 0 ? vm->budget_limit : -1;
        vm->interrupt = 0;
    }
}

void api_leave(VM *vm, ApiState *s)
{
    s->depth--;
}

static nb_status eval(nb_vm *vm, const char *source, const char *chunk_name, Value *result)
{
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    if (!source)
        return api_usage(vm, "nb_eval: source is NULL");
    api_enter(vm, s);
    bool ok = vm_run_source(vm, vm->main_module, source, strlen(source),
                            chunk_name ? chunk_name : "<eval>", false, result);
    api_leave(vm, s);
    return ok ? NB_OK : api_take_error(vm);
}

nb_status nb_eval(nb_vm *vm, const char *source, const char *chunk_name)
{
    return eval(vm, source, chunk_name, NULL);
}

nb_status nb_eval_value(nb_vm *vm, const char *source, const char *chunk_name, nb_ref *result)
{
    Value v = NONE_VAL;
    if (result)
        *result = NB_NOREF;
    nb_status st = eval(vm, source, chunk_name, &v);
    if (st != NB_OK || !result)
        return st;
    *result = api_new_ref(vm, v);
    return *result ? NB_OK : NB_ERR_MEMORY;
}

/* ---- limits */

void nb_interrupt(nb_vm *vm)
{
    vm->interrupt = 2; /* a host's stop holds until the run ends (Ctrl-C in the CLI is 1: once) */
}

void nb_set_limits(nb_vm *vm, size_t memory_limit, int64_t instruction_limit)
{
    vm->memory_limit = memory_limit;
    vm->budget_limit = instruction_limit > 0 ? instruction_limit : 0;
    vm->budget = instruction_limit > 0 ? instruction_limit : -1;
}

void nb_set_access(nb_vm *vm, unsigned allow)
{
    vm->allow_files = (allow & NB_ALLOW_FILES) != 0;
    vm->allow_env = (allow & NB_ALLOW_ENV) != 0;
    vm->allow_process = (allow & NB_ALLOW_PROCESS) != 0;
}

nb_status nb_add_import_path(nb_vm *vm, const char *folder)
{
    if (!folder)
        return api_usage(vm, "nb_add_import_path: the folder is NULL");
    ObjString *s = str_from_cstr(vm, folder);
    return s && list_append(vm, vm->search_path, OBJ_VAL(s)) ? NB_OK : api_take_error(vm);
}

size_t nb_memory_used(nb_vm *vm)
{
    return vm->bytes_allocated;
}

/* ---- globals by name */

static nb_status set_global(nb_vm *vm, const char *name, Value v)
{
    if (!api_state(vm))
        return NB_ERR_MEMORY;
    if (!name)
        return api_usage(vm, "a global's name is NULL");
    gc_push_root(vm, v);
    ObjString *key = str_from_cstr(vm, name);
    bool ok = key && dict_set_str(vm, vm->main_module->globals, key, v);
    gc_pop_roots(vm, 1);
    return ok ? NB_OK : api_take_error(vm);
}

nb_status nb_set_float(nb_vm *vm, const char *name, double v) { return set_global(vm, name, FLOAT_VAL(v)); }
nb_status nb_set_int(nb_vm *vm, const char *name, int64_t v) { return set_global(vm, name, INT_VAL(v)); }

nb_status nb_set_string(nb_vm *vm, const char *name, const char *utf8)
{
    if (!utf8)
        return api_usage(vm, "nb_set_string: the string is NULL");
    ObjString *s = str_from_cstr(vm, utf8);
    return s ? set_global(vm, name, OBJ_VAL(s)) : api_take_error(vm);
}

nb_status api_lookup_global(VM *vm, const char *name, bool builtins, Value *out)
{
    if (!api_state(vm))
        return NB_ERR_MEMORY;
    if (!name)
        return api_usage(vm, "a global's name is NULL");
    ObjString *key = str_from_cstr(vm, name);
    if (!key)
        return api_take_error(vm);
    /* an UNDEF value is a name declared but never bound */
    if ((dict_get_str(vm->main_module->globals, key, out) && !IS_UNDEF(*out)) ||
        (builtins && dict_get_str(vm->builtins, key, out) && !IS_UNDEF(*out)))
        return NB_OK;
    return api_usage(vm, "no global named '%s'", name);
}

static nb_status get_global(nb_vm *vm, const char *name, Value *out)
{
    return api_lookup_global(vm, name, false, out);
}

nb_status nb_get_float(nb_vm *vm, const char *name, double *out)
{
    Value v;
    nb_status st = get_global(vm, name, &v);
    if (st != NB_OK)
        return st;
    if (!IS_NUMBER(v))
        return api_usage(vm, "global '%s' holds a value of type %s, not a number", name, value_type_name(vm, v));
    *out = value_to_double(v);
    return NB_OK;
}

nb_status nb_get_int(nb_vm *vm, const char *name, int64_t *out)
{
    Value v;
    nb_status st = get_global(vm, name, &v);
    if (st != NB_OK)
        return st;
    if (!IS_INT(v) && !IS_BOOL(v))
        return api_usage(vm, "global '%s' holds a value of type %s, not an int", name, value_type_name(vm, v));
    *out = IS_INT(v) ? AS_INT(v) : AS_BOOL(v);
    return NB_OK;
}

nb_status nb_get_string(nb_vm *vm, const char *name, const char **out)
{
    Value v;
    nb_status st = get_global(vm, name, &v);
    if (st != NB_OK)
        return st;
    if (!IS_STR(v))
        return api_usage(vm, "global '%s' holds a value of type %s, not a str", name, value_type_name(vm, v));
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    set_text(&s->scratch, AS_CSTR(v));
    if (s->scratch.failed)
        return api_oom(vm);
    *out = text_of(&s->scratch);
    return NB_OK;
}
