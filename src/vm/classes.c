/*
 * classes.c - the classes of the builtin types and the exception hierarchy,
 * and the names the VM interns once.
 */
#include <string.h>

#include "core/memory.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

static ObjClass *make_class(VM *vm, const char *name, ObjClass *base)
{
    ObjString *s = str_from_cstr(vm, name);
    if (!s)
        return NULL;
    gc_push_root(vm, OBJ_VAL(s));
    ObjClass *k = class_new(vm, s, base);
    gc_pop_roots(vm, 1);
    if (!k)
        return NULL;
    k->builtin = true;
    /* reachable from the builtins from here on */
    if (!dict_set_str(vm, vm->builtins, s, OBJ_VAL(k)))
        return NULL;
    return k;
}

/* Exception(message="") and its subclasses keep .message and .args. */
static bool exception_init(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjInstance *self = AS_INSTANCE(argv[0]);
    ObjTuple *args = tuple_new(vm, argc - 1);
    if (!args)
        return false;
    for (int i = 1; i < argc; i++)
        args->items[i - 1] = argv[i];
    if (!dict_set_str(vm, self->fields, vm->names.args, OBJ_VAL(args)))
        return false;
    ObjString *msg = vm->names.empty;
    if (argc == 2 && vm->exc.key_error && vm_is_instance(vm, argv[0], vm->exc.key_error)) {
        msg = value_to_repr(vm, argv[1]); /* str(KeyError('k')) is "'k'", as in Python */
    } else if (argc == 2) {
        msg = value_to_str(vm, argv[1]);
    } else if (argc > 2) {
        msg = value_to_repr(vm, OBJ_VAL(args));
    }
    if (!msg)
        return false;
    if (!dict_set_str(vm, self->fields, vm->names.message, OBJ_VAL(msg)))
        return false;
    *out = NONE_VAL;
    return true;
}

static bool intern_names(VM *vm)
{
    struct { ObjString **slot; const char *text; } table[] = {
        {&vm->names.init, "__init__"}, {&vm->names.call, "__call__"},
        {&vm->names.repr, "__repr__"}, {&vm->names.str, "__str__"},
        {&vm->names.len, "__len__"}, {&vm->names.getitem, "__getitem__"},
        {&vm->names.setitem, "__setitem__"}, {&vm->names.delitem, "__delitem__"},
        {&vm->names.iter, "__iter__"}, {&vm->names.next, "__next__"},
        {&vm->names.contains, "__contains__"}, {&vm->names.eq, "__eq__"},
        {&vm->names.ne, "__ne__"}, {&vm->names.lt, "__lt__"}, {&vm->names.le, "__le__"},
        {&vm->names.gt, "__gt__"}, {&vm->names.ge, "__ge__"}, {&vm->names.bool_, "__bool__"},
        {&vm->names.hash, "__hash__"}, {&vm->names.add, "__add__"}, {&vm->names.sub, "__sub__"},
        {&vm->names.mul, "__mul__"}, {&vm->names.truediv, "__truediv__"},
        {&vm->names.floordiv, "__floordiv__"}, {&vm->names.mod, "__mod__"},
        {&vm->names.pow, "__pow__"}, {&vm->names.matmul, "__matmul__"},
        {&vm->names.and_, "__and__"}, {&vm->names.or_, "__or__"}, {&vm->names.xor, "__xor__"},
        {&vm->names.lshift, "__lshift__"}, {&vm->names.rshift, "__rshift__"},
        {&vm->names.neg, "__neg__"}, {&vm->names.pos, "__pos__"},
        {&vm->names.invert, "__invert__"}, {&vm->names.radd, "__radd__"},
        {&vm->names.rsub, "__rsub__"}, {&vm->names.rmul, "__rmul__"},
        {&vm->names.rtruediv, "__rtruediv__"}, {&vm->names.rfloordiv, "__rfloordiv__"},
        {&vm->names.rmod, "__rmod__"}, {&vm->names.rpow, "__rpow__"},
        {&vm->names.rmatmul, "__rmatmul__"}, {&vm->names.message, "message"},
        {&vm->names.args, "args"}, {&vm->names.traceback, "__traceback__"},
        {&vm->names.name_, "__name__"}, {&vm->names.doc, "__doc__"},
        {&vm->names.module_, "__module__"}, {&vm->names.underscore, "_"},
        {&vm->names.main, "__main__"}, {&vm->names.self, "self"}, {&vm->names.empty, ""},
        {&vm->names.class_, "__class__"}, {&vm->names.getattr, "__getattr__"},
        {&vm->names.setattr, "__setattr__"}, {&vm->names.not_implemented, "NotImplemented"},
    };
    _Static_assert(sizeof(Names) / sizeof(ObjString *) == sizeof table / sizeof table[0],
                   "every interned name has a text");
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        *table[i].slot = str_from_cstr(vm, table[i].text);
        if (!*table[i].slot)
            return false;
    }
    return true;
}

bool vm_init_classes(VM *vm)
{
    if (!intern_names(vm))
        return false;
    TypeClasses *t = &vm->types;
    if (!(t->object = make_class(vm, "object", NULL)))
        return false;
    t->object->base = NULL;
    struct { ObjClass **slot; const char *name; } types[] = {
        {&t->none, "NoneType"}, {&t->bool_, "bool"}, {&t->int_, "int"}, {&t->float_, "float"},
        {&t->str, "str"}, {&t->list, "list"}, {&t->tuple, "tuple"}, {&t->dict, "dict"},
        {&t->range, "range"}, {&t->slice, "slice"}, {&t->function, "function"},
        {&t->builtin_function, "builtin_function"}, {&t->method, "method"}, {&t->class_, "type"},
        {&t->module, "module"}, {&t->iterator, "iterator"}, {&t->tensor, "tensor"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (!(*types[i].slot = make_class(vm, types[i].name, t->object)))
            return false;
    /* bool prints as a subclass of int, as in Python */
    t->bool_->base = t->int_;
    /* internal types are not names a program can use */
    const char *hidden[] = {"NoneType", "function", "builtin_function", "method", "module", "iterator"};
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        dict_delete(vm, vm->builtins, OBJ_VAL(str_from_cstr(vm, hidden[i])));

    ExcClasses *e = &vm->exc;
    if (!(e->base_exception = make_class(vm, "BaseException", t->object)))
        return false;
    e->base_exception->is_exception = true;
    ObjNative *init = native_new(vm, "__init__", exception_init, 1, -1, "Exception(message)",
                                 "Creates an exception; str(e) and e.message give the message.");
    if (!init)
        return false;
    init->is_method = true;
    if (!dict_set_str(vm, e->base_exception->methods, vm->names.init, OBJ_VAL(init)))
        return false;
    struct { ObjClass **slot; const char *name; ObjClass **base; } excs[] = {
        {&e->exception, "Exception", &e->base_exception},
        {&e->keyboard_interrupt, "KeyboardInterrupt", &e->base_exception},
        {&e->arithmetic_error, "ArithmeticError", &e->exception},
        {&e->lookup_error, "LookupError", &e->exception},
        {&e->type_error, "TypeError", &e->exception},
        {&e->value_error, "ValueError", &e->exception},
        {&e->name_error, "NameError", &e->exception},
        {&e->index_error, "IndexError", &e->lookup_error},
        {&e->key_error, "KeyError", &e->lookup_error},
        {&e->attribute_error, "AttributeError", &e->exception},
        {&e->zero_division_error, "ZeroDivisionError", &e->arithmetic_error},
        {&e->overflow_error, "OverflowError", &e->arithmetic_error},
        {&e->assertion_error, "AssertionError", &e->exception},
        {&e->runtime_error, "RuntimeError", &e->exception},
        {&e->recursion_error, "RecursionError", &e->runtime_error},
        {&e->not_implemented_error, "NotImplementedError", &e->runtime_error},
        {&e->memory_error, "MemoryError", &e->exception},
        {&e->stop_iteration, "StopIteration", &e->exception},
        {&e->import_error, "ImportError", &e->exception},
        {&e->syntax_error, "SyntaxError", &e->exception},
        {&e->os_error, "OSError", &e->exception},
        {&e->shape_error, "ShapeError", &e->value_error},
        {&e->linalg_error, "LinAlgError", &e->value_error},
        {&e->limit_error, "LimitError", &e->base_exception},
    };
    for (size_t i = 0; i < sizeof excs / sizeof excs[0]; i++) {
        ObjClass *k = make_class(vm, excs[i].name, *excs[i].base);
        if (!k)
            return false;
        k->is_exception = true;
        *excs[i].slot = k;
    }
    /* NotImplemented: returned by operator methods to decline */
    ObjClass *ni_class = make_class(vm, "NotImplementedType", t->object);
    if (!ni_class)
        return false;
    dict_delete(vm, vm->builtins, OBJ_VAL(ni_class->name));
    gc_push_root(vm, OBJ_VAL(ni_class));
    ObjInstance *ni = instance_new(vm, ni_class);
    gc_pop_roots(vm, 1);
    if (!ni || !dict_set_str(vm, vm->builtins, vm->names.not_implemented, OBJ_VAL(ni)))
        return false;
    /* Ellipsis: the value of `...` (in indexing) */
    ObjClass *ell_class = make_class(vm, "ellipsis", t->object);
    if (!ell_class)
        return false;
    dict_delete(vm, vm->builtins, OBJ_VAL(ell_class->name));
    gc_push_root(vm, OBJ_VAL(ell_class));
    ObjInstance *ell = instance_new(vm, ell_class);
    gc_pop_roots(vm, 1);
    if (!ell)
        return false;
    gc_push_root(vm, OBJ_VAL(ell));
    ObjString *ell_name = str_from_cstr(vm, "Ellipsis");
    bool ok = ell_name && dict_set_str(vm, vm->builtins, ell_name, OBJ_VAL(ell));
    gc_pop_roots(vm, 1);
    if (!ok)
        return false;
    return true;
}
