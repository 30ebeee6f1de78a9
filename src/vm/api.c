/*
 * api.c - the embedding API of include/nabla.h, over the VM's internals.
 */
#include "nabla.h"

#include <stdlib.h>
#include <string.h>

#include "core/memory.h"
#include "version.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

/* Per-VM state of the API: the last error, kept as C strings. */
typedef struct ApiState {
    nb_error_info info;
    StrBuf kind, message, file, report, scratch;
} ApiState;

static ApiState *api_state(nb_vm *vm)
{
    ApiState *s = vm->lib_state[7];
    if (!s) {
        s = mem_alloc(vm, sizeof *s);
        if (!s)
            return NULL;
        memset(s, 0, sizeof *s);
        StrBuf *bufs[] = {&s->kind, &s->message, &s->file, &s->report, &s->scratch};
        for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++)
            sb_init(bufs[i], (StrBufAllocFn)mem_realloc, vm);
        vm->lib_state[7] = s;
    }
    return s;
}

const char *nb_version(void)
{
    return NABLA_VERSION_STRING;
}

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
    return vm_new(&c);
}

void nb_free(nb_vm *vm)
{
    if (!vm)
        return;
    ApiState *s = vm->lib_state[7];
    if (s) {
        sb_free(&s->kind);
        sb_free(&s->message);
        sb_free(&s->file);
        sb_free(&s->report);
        sb_free(&s->scratch);
        mem_free(vm, s, sizeof *s);
        vm->lib_state[7] = NULL;
    }
    vm_free(vm);
}

static void set_text(StrBuf *b, const char *text)
{
    sb_clear(b);
    sb_puts(b, text ? text : "");
}

static const char *text_of(StrBuf *b)
{
    return b->data && !b->failed ? b->data : "";
}

/* Turns vm->exception into nb_error_info and a status; clears it. */
static nb_status take_error(nb_vm *vm)
{
    ApiState *s = api_state(vm);
    Value exc = vm->exception;
    nb_status status = NB_ERR_RUNTIME;
    if (IS_INSTANCE(exc)) {
        ObjClass *k = AS_INSTANCE(exc)->klass;
        if (vm_is_instance(vm, exc, vm->exc.syntax_error))
            status = NB_ERR_SYNTAX;
        else if (vm_is_instance(vm, exc, vm->exc.memory_error))
            status = NB_ERR_MEMORY;
        else if (vm_is_instance(vm, exc, vm->exc.limit_error) ||
                 vm_is_instance(vm, exc, vm->exc.keyboard_interrupt))
            status = NB_ERR_LIMIT;
        if (s) {
            set_text(&s->kind, k->name->chars);
            Value msg = NONE_VAL, trace = NONE_VAL;
            dict_get_str(AS_INSTANCE(exc)->fields, vm->names.message, &msg);
            set_text(&s->message, IS_STR(msg) ? AS_CSTR(msg) : "");
            s->info.line = s->info.column = 0;
            set_text(&s->file, "");
            if (dict_get_str(AS_INSTANCE(exc)->fields, vm->names.traceback, &trace) && IS_LIST(trace) &&
                AS_LIST(trace)->items.count > 0) {
                ObjTuple *t = AS_TUPLE(AS_LIST(trace)->items.items[AS_LIST(trace)->items.count - 1]);
                set_text(&s->file, IS_STR(t->items[1]) ? AS_CSTR(t->items[1]) : "");
                s->info.line = (int)AS_INT(t->items[2]);
                s->info.column = (int)AS_INT(t->items[3]);
            }
            sb_clear(&s->report);
            vm_print_exception(vm, exc, &s->report);
        }
    }
    vm_clear_exception(vm);
    /* a budget that ran out is renewed for the next call */
    if (vm->budget_limit > 0)
        vm->budget = vm->budget_limit;
    vm->interrupt = 0;
    if (s) {
        s->info.status = status;
        s->info.kind = text_of(&s->kind);
        s->info.message = text_of(&s->message);
        s->info.file = text_of(&s->file);
        s->info.report = text_of(&s->report);
    }
    return status;
}

const nb_error_info *nb_error(nb_vm *vm)
{
    ApiState *s = api_state(vm);
    static const nb_error_info none = {NB_ERR_MEMORY, "MemoryError", "out of memory", "", 0, 0,
                                       "error: out of memory\n"};
    return s ? &s->info : &none;
}

nb_status nb_eval(nb_vm *vm, const char *source, const char *chunk_name)
{
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    memset(&s->info, 0, sizeof s->info);
    s->info.kind = s->info.message = s->info.file = s->info.report = "";
    if (vm->budget_limit > 0)
        vm->budget = vm->budget_limit;
    if (!vm_run_source(vm, vm->main_module, source, strlen(source), chunk_name ? chunk_name : "<eval>",
                       false, NULL))
        return take_error(vm);
    return NB_OK;
}

void nb_interrupt(nb_vm *vm)
{
    vm->interrupt = 1;
}

static nb_status set_global(nb_vm *vm, const char *name, Value v)
{
    if (IS_OBJ(v))
        gc_push_root(vm, v);
    ObjString *key = str_from_cstr(vm, name);
    bool ok = key && dict_set_str(vm, vm->main_module->globals, key, v);
    if (IS_OBJ(v))
        gc_pop_roots(vm, 1);
    return ok ? NB_OK : take_error(vm);
}

nb_status nb_set_float(nb_vm *vm, const char *name, double v) { return set_global(vm, name, FLOAT_VAL(v)); }
nb_status nb_set_int(nb_vm *vm, const char *name, int64_t v) { return set_global(vm, name, INT_VAL(v)); }

nb_status nb_set_string(nb_vm *vm, const char *name, const char *utf8)
{
    ObjString *s = str_from_cstr(vm, utf8);
    return s ? set_global(vm, name, OBJ_VAL(s)) : take_error(vm);
}

static bool get_global(nb_vm *vm, const char *name, Value *out)
{
    ObjString *key = str_from_cstr(vm, name);
    return key && dict_get_str(vm->main_module->globals, key, out);
}

static nb_status usage_error(nb_vm *vm, const char *fmt, const char *name)
{
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    sb_clear(&s->message);
    sb_printf(&s->message, fmt, name);
    set_text(&s->kind, "UsageError");
    set_text(&s->report, text_of(&s->message));
    s->info = (nb_error_info){NB_ERR_USAGE, text_of(&s->kind), text_of(&s->message), "", 0, 0,
                              text_of(&s->report)};
    return NB_ERR_USAGE;
}

nb_status nb_get_float(nb_vm *vm, const char *name, double *out)
{
    Value v;
    if (!get_global(vm, name, &v))
        return usage_error(vm, "no global named '%s'", name);
    if (!IS_NUMBER(v))
        return usage_error(vm, "global '%s' is not a number", name);
    *out = value_to_double(v);
    return NB_OK;
}

nb_status nb_get_int(nb_vm *vm, const char *name, int64_t *out)
{
    Value v;
    if (!get_global(vm, name, &v))
        return usage_error(vm, "no global named '%s'", name);
    if (!IS_INT(v) && !IS_BOOL(v))
        return usage_error(vm, "global '%s' is not an int", name);
    *out = IS_INT(v) ? AS_INT(v) : AS_BOOL(v);
    return NB_OK;
}

nb_status nb_get_string(nb_vm *vm, const char *name, const char **out)
{
    Value v;
    if (!get_global(vm, name, &v))
        return usage_error(vm, "no global named '%s'", name);
    if (!IS_STR(v))
        return usage_error(vm, "global '%s' is not a str", name);
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    set_text(&s->scratch, AS_CSTR(v));
    *out = text_of(&s->scratch);
    return NB_OK;
}
