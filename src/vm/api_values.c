/*
 * api_values.c - values crossing the embedding API as refs: the registry
 * (see api_internal.h), constructors, readers, lists, dicts, globals and
 * calls.
 */
#include <string.h>

#include "vm/api_internal.h"

/* ---- the registry */

nb_ref api_ref_raw(VM *vm, Value v)
{
    ApiState *s = api_state(vm);
    if (!s) {
        vm_raise_oom(vm);
        return NB_NOREF;
    }
    ValueArray *items = &s->registry->items;
    int32_t ref = s->free_head;
    if (ref) {
        s->free_head = (int32_t)items->items[ref].as.i;
        items->items[ref] = v;
    } else {
        if (items->count >= INT32_MAX - 1) {
            vm_raise(vm, vm->exc.memory_error, "too many live refs");
            return NB_NOREF;
        }
        ref = items->count;
        if (!list_append(vm, s->registry, v))
            return NB_NOREF;
    }
    s->live_refs++;
    return ref;
}

nb_ref api_new_ref(VM *vm, Value v)
{
    nb_ref r = api_ref_raw(vm, v);
    if (!r)
        api_take_error(vm);
    return r;
}

/* The slot of a live ref, or NULL (nothing raised). */
Value *api_slot_quiet(VM *vm, nb_ref ref)
{
    ApiState *s = vm->lib_state[API_STATE_SLOT];
    if (!s || ref <= 0 || ref >= s->registry->items.count)
        return NULL;
    Value *v = &s->registry->items.items[ref];
    return IS_UNDEF(*v) ? NULL : v;
}

Value *api_slot(VM *vm, nb_ref ref)
{
    Value *v = api_slot_quiet(vm, ref);
    if (!v)
        api_usage(vm, ref == NB_NOREF ? "NB_NOREF passed where a value is needed"
                                      : "ref %d is not live (released, or never made)", (int)ref);
    return v;
}

nb_status nb_release(nb_vm *vm, nb_ref ref)
{
    if (ref == NB_NOREF)
        return NB_OK;
    Value *v = api_slot(vm, ref);
    if (!v)
        return NB_ERR_USAGE;
    ApiState *s = vm->lib_state[API_STATE_SLOT];
    *v = (Value){VAL_UNDEF, {.i = s->free_head}};
    s->free_head = ref;
    s->live_refs--;
    return NB_OK;
}

nb_ref nb_dup(nb_vm *vm, nb_ref ref)
{
    Value *v = api_slot(vm, ref);
    return v ? api_new_ref(vm, *v) : NB_NOREF;
}

int nb_ref_count(nb_vm *vm)
{
    ApiState *s = api_state(vm);
    return s ? s->live_refs : 0;
}

/* ---- constructors */

nb_ref nb_none(nb_vm *vm) { return api_new_ref(vm, NONE_VAL); }
nb_ref nb_bool(nb_vm *vm, bool v) { return api_new_ref(vm, BOOL_VAL(v)); }
nb_ref nb_int(nb_vm *vm, int64_t v) { return api_new_ref(vm, INT_VAL(v)); }
nb_ref nb_float(nb_vm *vm, double v) { return api_new_ref(vm, FLOAT_VAL(v)); }

/* Strings in the VM are valid UTF-8 (the lexer checks source, builtins
   only make valid text), and str methods rely on it. */
static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        int len = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
        if (len == 0 || (c >= 0xF0 && len != 4) || i + (size_t)len > n)
            return false;
        uint32_t cp = c & (0xFF >> (len + 1));
        for (int k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        /* overlong forms, surrogates, past U+10FFFF */
        if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += (size_t)len;
    }
    return true;
}

nb_ref nb_string_len(nb_vm *vm, const char *utf8, size_t len)
{
    if (!utf8 && len)
        return api_noref(api_usage(vm, "nb_string: the text is NULL"));
    if (!valid_utf8((const unsigned char *)utf8, len))
        return api_noref(api_usage(vm, "nb_string: the text is not valid UTF-8"));
    ObjString *s = str_new(vm, utf8 ? utf8 : "", len);
    if (!s)
        return api_noref(api_take_error(vm));
    return api_new_ref(vm, OBJ_VAL(s));
}

nb_ref nb_string(nb_vm *vm, const char *utf8)
{
    if (!utf8)
        return api_noref(api_usage(vm, "nb_string: the text is NULL"));
    return nb_string_len(vm, utf8, strlen(utf8));
}

nb_ref nb_list_new(nb_vm *vm)
{
    ObjList *l = list_new(vm, 0);
    return l ? api_new_ref(vm, OBJ_VAL(l)) : api_noref(api_take_error(vm));
}

nb_ref nb_dict_new(nb_vm *vm)
{
    ObjDict *d = dict_new(vm);
    return d ? api_new_ref(vm, OBJ_VAL(d)) : api_noref(api_take_error(vm));
}

/* ---- readers */

nb_type nb_type_of(nb_vm *vm, nb_ref ref)
{
    Value *p = api_slot_quiet(vm, ref);
    if (!p)
        return NB_TYPE_INVALID;
    Value v = *p;
    switch (v.type) {
    case VAL_NONE: return NB_TYPE_NONE;
    case VAL_BOOL: return NB_TYPE_BOOL;
    case VAL_INT: return NB_TYPE_INT;
    case VAL_FLOAT: return NB_TYPE_FLOAT;
    case VAL_UNDEF: return NB_TYPE_INVALID;
    case VAL_OBJ: break;
    }
    switch (OBJ_TYPE(v)) {
    case OBJ_STR: return NB_TYPE_STRING;
    case OBJ_LIST: return NB_TYPE_LIST;
    case OBJ_TUPLE: return NB_TYPE_TUPLE;
    case OBJ_DICT: return NB_TYPE_DICT;
    case OBJ_TENSOR: return NB_TYPE_TENSOR;
    case OBJ_FUNC:
    case OBJ_NATIVE:
    case OBJ_BOUND:
    case OBJ_CLASS: return NB_TYPE_FUNCTION;
    case OBJ_INSTANCE: {
        Value call;
        return class_find_method_owner(AS_INSTANCE(v)->klass, vm->names.call, &call)
                   ? NB_TYPE_FUNCTION : NB_TYPE_OTHER;
    }
    default: return NB_TYPE_OTHER;
    }
}

const char *nb_type_name(nb_vm *vm, nb_ref ref)
{
    Value *p = api_slot_quiet(vm, ref);
    return p ? value_type_name(vm, *p) : "";
}

static nb_status wrong_type(VM *vm, nb_ref ref, const char *fn, const char *wanted)
{
    return api_usage(vm, "%s: ref %d holds a value of type %s, not %s", fn, (int)ref,
                     value_type_name(vm, *api_slot_quiet(vm, ref)), wanted);
}

nb_status nb_to_float(nb_vm *vm, nb_ref ref, double *out)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NB_ERR_USAGE;
    if (!IS_NUMBER(*v))
        return wrong_type(vm, ref, "nb_to_float", "a number");
    *out = value_to_double(*v);
    return NB_OK;
}

nb_status nb_to_int(nb_vm *vm, nb_ref ref, int64_t *out)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NB_ERR_USAGE;
    if (!IS_INT(*v) && !IS_BOOL(*v))
        return wrong_type(vm, ref, "nb_to_int", "an int");
    *out = IS_INT(*v) ? AS_INT(*v) : AS_BOOL(*v);
    return NB_OK;
}

nb_status nb_to_bool(nb_vm *vm, nb_ref ref, bool *out)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NB_ERR_USAGE;
    ApiState *s = api_state(vm);
    api_enter(vm, s);
    bool ok = value_truthy(vm, *v, out);
    api_leave(vm, s);
    return ok ? NB_OK : api_take_error(vm);
}

nb_status nb_to_string(nb_vm *vm, nb_ref ref, const char **out, size_t *len)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NB_ERR_USAGE;
    if (!IS_STR(*v))
        return wrong_type(vm, ref, "nb_to_string", "a str");
    *out = AS_CSTR(*v);
    if (len)
        *len = (size_t)AS_STR(*v)->length;
    return NB_OK;
}

nb_status nb_to_display(nb_vm *vm, nb_ref ref, const char **out)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NB_ERR_USAGE;
    ApiState *s = api_state(vm);
    sb_clear(&s->scratch);
    api_enter(vm, s);
    bool ok = value_str(vm, *v, &s->scratch);
    api_leave(vm, s);
    if (!ok)
        return api_take_error(vm);
    if (s->scratch.failed)
        return api_oom(vm);
    *out = s->scratch.data ? s->scratch.data : "";
    return NB_OK;
}

/* ---- lists */

static ObjList *list_arg(VM *vm, nb_ref ref, const char *fn)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NULL;
    if (!IS_LIST(*v)) {
        wrong_type(vm, ref, fn, "a list");
        return NULL;
    }
    return AS_LIST(*v);
}

nb_status nb_list_append(nb_vm *vm, nb_ref list, nb_ref item)
{
    ObjList *l = list_arg(vm, list, "nb_list_append");
    if (!l)
        return NB_ERR_USAGE;
    Value *v = api_slot(vm, item);
    if (!v)
        return NB_ERR_USAGE;
    return list_append(vm, l, *v) ? NB_OK : api_take_error(vm);
}

/* The items of a list or tuple. */
static bool sequence_items(Value v, Value **items, int64_t *n)
{
    if (IS_LIST(v)) {
        *items = AS_LIST(v)->items.items;
        *n = AS_LIST(v)->items.count;
        return true;
    }
    if (IS_TUPLE(v)) {
        *items = AS_TUPLE(v)->items;
        *n = AS_TUPLE(v)->count;
        return true;
    }
    return false;
}

int64_t nb_list_len(nb_vm *vm, nb_ref list)
{
    Value *v = api_slot(vm, list);
    Value *items;
    int64_t n;
    if (!v)
        return -1;
    if (!sequence_items(*v, &items, &n)) {
        wrong_type(vm, list, "nb_list_len", "a list or tuple");
        return -1;
    }
    return n;
}

/* index within [-n, n) made non-negative, or -1 after a usage error. */
static int64_t list_index(VM *vm, const char *fn, int64_t index, int64_t n)
{
    int64_t i = index < 0 ? index + n : index;
    if (i < 0 || i >= n) {
        api_usage(vm, "%s: index %lld is out of range for a length of %lld", fn, (long long)index,
                  (long long)n);
        return -1;
    }
    return i;
}

nb_ref nb_list_get(nb_vm *vm, nb_ref list, int64_t index)
{
    Value *v = api_slot(vm, list);
    Value *items;
    int64_t n;
    if (!v)
        return NB_NOREF;
    if (!sequence_items(*v, &items, &n))
        return api_noref(wrong_type(vm, list, "nb_list_get", "a list or tuple"));
    int64_t i = list_index(vm, "nb_list_get", index, n);
    return i < 0 ? NB_NOREF : api_new_ref(vm, items[i]);
}

nb_status nb_list_set(nb_vm *vm, nb_ref list, int64_t index, nb_ref item)
{
    ObjList *l = list_arg(vm, list, "nb_list_set");
    Value *v = l ? api_slot(vm, item) : NULL;
    if (!v)
        return NB_ERR_USAGE;
    int64_t i = list_index(vm, "nb_list_set", index, l->items.count);
    if (i < 0)
        return NB_ERR_USAGE;
    l->items.items[i] = *v;
    return NB_OK;
}

/* ---- dicts */

static ObjDict *dict_arg(VM *vm, nb_ref ref, const char *fn)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NULL;
    if (!IS_DICT(*v)) {
        wrong_type(vm, ref, fn, "a dict");
        return NULL;
    }
    return AS_DICT(*v);
}

nb_status nb_dict_set(nb_vm *vm, nb_ref dict, const char *key, nb_ref value)
{
    ObjDict *d = dict_arg(vm, dict, "nb_dict_set");
    Value *v = d ? api_slot(vm, value) : NULL;
    if (!v)
        return NB_ERR_USAGE;
    if (!key)
        return api_usage(vm, "nb_dict_set: the key is NULL");
    if (!valid_utf8((const unsigned char *)key, strlen(key)))
        return api_usage(vm, "nb_dict_set: the key is not valid UTF-8");
    ObjString *k = str_from_cstr(vm, key);
    return k && dict_set_str(vm, d, k, *v) ? NB_OK : api_take_error(vm);
}

nb_ref nb_dict_get(nb_vm *vm, nb_ref dict, const char *key)
{
    ObjDict *d = dict_arg(vm, dict, "nb_dict_get");
    if (!d)
        return NB_NOREF;
    if (!key)
        return api_noref(api_usage(vm, "nb_dict_get: the key is NULL"));
    ObjString *k = str_from_cstr(vm, key);
    if (!k)
        return api_noref(api_take_error(vm));
    Value out;
    if (!dict_get_str(d, k, &out))
        return api_noref(api_usage(vm, "nb_dict_get: no key '%s'", key));
    return api_new_ref(vm, out);
}

nb_status nb_dict_set_ref(nb_vm *vm, nb_ref dict, nb_ref key, nb_ref value)
{
    ObjDict *d = dict_arg(vm, dict, "nb_dict_set_ref");
    Value *k = d ? api_slot(vm, key) : NULL;
    Value *v = k ? api_slot(vm, value) : NULL;
    if (!v)
        return NB_ERR_USAGE;
    ApiState *s = api_state(vm);
    api_enter(vm, s); /* hashing may run a __hash__ method */
    bool ok = dict_set(vm, d, *k, *v);
    api_leave(vm, s);
    return ok ? NB_OK : api_take_error(vm);
}

nb_ref nb_dict_get_ref(nb_vm *vm, nb_ref dict, nb_ref key)
{
    ObjDict *d = dict_arg(vm, dict, "nb_dict_get_ref");
    Value *k = d ? api_slot(vm, key) : NULL;
    if (!k)
        return NB_NOREF;
    ApiState *s = api_state(vm);
    Value out;
    api_enter(vm, s);
    bool found = dict_get(vm, d, *k, &out);
    api_leave(vm, s);
    if (found)
        return api_new_ref(vm, out);
    if (!IS_UNDEF(vm->exception))
        return api_noref(api_take_error(vm));
    return api_noref(api_usage(vm, "nb_dict_get_ref: no such key"));
}

int64_t nb_dict_len(nb_vm *vm, nb_ref dict)
{
    ObjDict *d = dict_arg(vm, dict, "nb_dict_len");
    return d ? d->count : -1;
}

nb_ref nb_dict_keys(nb_vm *vm, nb_ref dict)
{
    ObjDict *d = dict_arg(vm, dict, "nb_dict_keys");
    if (!d)
        return NB_NOREF;
    ObjList *l = list_new(vm, d->count);
    if (!l)
        return api_noref(api_take_error(vm));
    Value k, v;
    for (int32_t pos = 0; dict_next(d, &pos, &k, &v) && l->items.count < l->items.cap;)
        l->items.items[l->items.count++] = k;
    return api_new_ref(vm, OBJ_VAL(l));
}

/* ---- globals, attributes, calls */

nb_ref nb_get_global(nb_vm *vm, const char *name)
{
    Value v;
    return api_lookup_global(vm, name, true, &v) == NB_OK ? api_new_ref(vm, v) : NB_NOREF;
}

nb_status nb_set_global(nb_vm *vm, const char *name, nb_ref value)
{
    Value *v = api_slot(vm, value);
    if (!v)
        return NB_ERR_USAGE;
    if (!name)
        return api_usage(vm, "nb_set_global: the name is NULL");
    if (!valid_utf8((const unsigned char *)name, strlen(name)))
        return api_usage(vm, "nb_set_global: the name is not valid UTF-8");
    /* *v stays valid: only new refs move the registry's storage */
    ObjString *key = str_from_cstr(vm, name);
    return key && dict_set_str(vm, vm->main_module->globals, key, *v) ? NB_OK : api_take_error(vm);
}

nb_ref nb_get_attr(nb_vm *vm, nb_ref obj, const char *name)
{
    Value *v = api_slot(vm, obj);
    if (!v)
        return NB_NOREF;
    if (!name)
        return api_noref(api_usage(vm, "nb_get_attr: the name is NULL"));
    ObjString *key = str_from_cstr(vm, name);
    if (!key)
        return api_noref(api_take_error(vm));
    ApiState *s = api_state(vm);
    Value out;
    gc_push_root(vm, OBJ_VAL(key));
    api_enter(vm, s); /* properties and __getattr__ run code */
    bool ok = vm_get_attr(vm, *api_slot_quiet(vm, obj), key, &out);
    api_leave(vm, s);
    gc_pop_roots(vm, 1);
    return ok ? api_new_ref(vm, out) : api_noref(api_take_error(vm));
}

enum { CALL_SMALL = 8 };

nb_status nb_call(nb_vm *vm, nb_ref fn, int argc, const nb_ref *args, nb_ref *result)
{
    if (result)
        *result = NB_NOREF;
    ApiState *s = api_state(vm);
    if (!s)
        return NB_ERR_MEMORY;
    Value *callee = api_slot(vm, fn);
    if (!callee)
        return NB_ERR_USAGE;
    if (argc < 0 || (argc > 0 && !args))
        return api_usage(vm, "nb_call: %d arguments at %p", argc, (const void *)args);
    for (int i = 0; i < argc; i++)
        if (!api_slot(vm, args[i]))
            return NB_ERR_USAGE;
    /* The values stay reachable through the registry while they are
       copied to the VM's stack. */
    Value small[CALL_SMALL], *argv = small;
    if (argc > CALL_SMALL && !(argv = mem_alloc(vm, (size_t)argc * sizeof(Value))))
        return api_oom(vm);
    for (int i = 0; i < argc; i++)
        argv[i] = *api_slot_quiet(vm, args[i]);
    Value f = *callee, out = NONE_VAL;
    api_enter(vm, s);
    bool ok = vm_call(vm, f, argc, argv, &out);
    api_leave(vm, s);
    if (argv != small)
        mem_free(vm, argv, (size_t)argc * sizeof(Value));
    if (!ok)
        return api_take_error(vm);
    if (!result)
        return NB_OK;
    *result = api_new_ref(vm, out);
    return *result ? NB_OK : NB_ERR_MEMORY;
}
