/*
 * help.c - dir() and help(): what a learner asks a value about itself.
 *
 * help() reads the signature and doc every builtin carries in its table entry
 * (and the docstring of functions and classes written in Nabla), so what it
 * shows cannot drift from the code.
 */
#include <string.h>

#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"


static bool list_names(VM *vm, ObjDict *d, ObjList *l, bool skip_private)
{
    Value key, value;
    for (int32_t pos = 0; d && dict_next(d, &pos, &key, &value);) {
        if (!IS_STR(key) || (skip_private && AS_CSTR(key)[0] == '_'))
            continue;
        bool seen = false;
        for (int i = 0; i < l->items.count && !seen; i++)
            seen = value_identical(l->items.items[i], key);
        if (!seen && !list_append(vm, l, key))
            return false;
    }
    return true;
}

static bool bi_dir(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "dir"))
        return false;
    Value *r = roots_open(vm, 1);
    ObjList *l = list_new(vm, 8);
    if (!l)
        return roots_close(vm, r, false);
    r[0] = OBJ_VAL(l);
    bool ok = true;
    if (argc == 0) {
        ok = list_names(vm, vm->main_module->globals, l, false);
    } else {
        Value v = argv[0];
        if (IS_MODULE(v)) {
            ok = list_names(vm, AS_MODULE(v)->globals, l, false);
        } else {
            if (IS_INSTANCE(v))
                ok = list_names(vm, AS_INSTANCE(v)->fields, l, false);
            ObjClass *k = IS_CLASS(v) ? AS_CLASS(v) : vm_class_of(vm, v);
            for (; ok && k; k = k->base)
                ok = list_names(vm, k->methods, l, false);
        }
    }
    if (!ok)
        return roots_close(vm, r, false);
    Value sort;
    ObjString *name = str_from_cstr(vm, "sort");
    if (!name || !dict_get_str(vm->types.list->methods, name, &sort) ||
        !vm_call(vm, sort, 1, r, out))
        return roots_close(vm, r, false);
    *out = r[0];
    return roots_close(vm, r, true);
}

/* Appends text with every line indented by four spaces. */
static void sb_indented(StrBuf *b, const char *text)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (n)
            sb_puts(b, "    ");
        sb_append(b, p, n);
        sb_putc(b, '\n');
        p += n + (nl ? 1 : 0);
    }
}

/* The first paragraph of a doc, on one line. */
static void sb_summary(StrBuf *b, const char *doc)
{
    const char *end = strstr(doc, "\n\n");
    size_t n = end ? (size_t)(end - doc) : strlen(doc);
    for (size_t i = 0; i < n; i++)
        sb_putc(b, doc[i] == '\n' ? ' ' : doc[i]);
}

/* "f(x, scale=1.0, *rest, **kw)" from a compiled function; qualified
   names ("Linear.forward") for a function shown on its own. */
static bool func_signature(VM *vm, ObjFunc *f, bool qualified, StrBuf *b)
{
    ObjProto *p = f->proto;
    ObjString *name = qualified && p->qualname ? p->qualname : p->name;
    sb_puts(b, name ? name->chars : "<lambda>");
    sb_putc(b, '(');
    int npos_defaults = p->ndefaults - p->nkwonly;
    if (npos_defaults < 0)
        npos_defaults = 0;
    int first_pos_default = p->npositional - npos_defaults;
    int kw_index = 0;
    bool first = true, star_done = p->vararg_slot >= 0;
    for (int i = 0; i < p->nparams; i++) {
        if (!first)
            sb_puts(b, ", ");
        first = false;
        const char *name = p->param_names && p->param_names[i] ? p->param_names[i]->chars : "?";
        if (i == p->vararg_slot) {
            sb_printf(b, "*%s", name);
            continue;
        }
        if (i == p->kwarg_slot) {
            sb_printf(b, "**%s", name);
            continue;
        }
        Value dflt = UNDEF_VAL;
        if (i < p->npositional) {
            if (i >= first_pos_default && f->defaults)
                dflt = f->defaults[i - first_pos_default];
        } else {
            if (!star_done) {
                sb_puts(b, "*, ");
                star_done = true;
            }
            if (f->defaults && npos_defaults + kw_index < p->ndefaults)
                dflt = f->defaults[npos_defaults + kw_index];
            kw_index++;
        }
        sb_puts(b, name);
        if (!IS_UNDEF(dflt)) {
            sb_putc(b, '=');
            if (!value_repr(vm, dflt, b))
                return false;
        }
    }
    sb_putc(b, ')');
    return true;
}

/* One line per member: "name(sig) - summary" for callables. */
static bool help_member(VM *vm, const char *name, Value v, StrBuf *b)
{
    sb_puts(b, "    ");
    if (IS_NATIVE(v)) {
        ObjNative *n = AS_NATIVE(v);
        sb_puts(b, n->signature ? n->signature : name);
        if (n->doc) {
            sb_puts(b, "\n        ");
            sb_summary(b, n->doc);
        }
    } else if (IS_FUNC(v)) {
        if (!func_signature(vm, AS_FUNC(v), false, b))
            return false;
        ObjString *doc = AS_FUNC(v)->proto->doc;
        if (doc) {
            sb_puts(b, "\n        ");
            sb_summary(b, doc->chars);
        }
    } else if (IS_CLASS(v)) {
        sb_printf(b, "class %s", name);
    } else if (IS_MODULE(v)) {
        sb_printf(b, "module %s", name);
    } else {
        sb_printf(b, "%s = ", name);
        if (!value_repr(vm, v, b))
            return false;
    }
    sb_putc(b, '\n');
    return true;
}

static bool help_class(VM *vm, ObjClass *k, StrBuf *b)
{
    sb_printf(b, "class %s", k->name ? k->name->chars : "?");
    if (k->base && k->base != vm->types.object && k->base->name)
        sb_printf(b, "(%s)", k->base->name->chars);
    sb_putc(b, '\n');
    if (k->doc)
        sb_indented(b, k->doc->chars);
    if (!k->methods || k->methods->count == 0)
        return true;
    sb_puts(b, "\nMethods:\n");
    Value key, value;
    for (int32_t pos = 0; dict_next(k->methods, &pos, &key, &value);) {
        const char *name = IS_STR(key) ? AS_CSTR(key) : "?";
        if (name[0] == '_' && strcmp(name, "__init__") != 0 && strcmp(name, "__call__") != 0)
            continue;
        if (!IS_NATIVE(value) && !IS_FUNC(value))
            continue;
        if (!help_member(vm, name, value, b))
            return false;
    }
    return true;
}

static bool help_value(VM *vm, Value v, StrBuf *b)
{
    if (IS_OBJ(v) && OBJ_TYPE(v) == OBJ_BOUND)
        v = AS_BOUND(v)->method;
    if (IS_NATIVE(v)) {
        ObjNative *n = AS_NATIVE(v);
        sb_puts(b, n->signature ? n->signature : n->name);
        sb_putc(b, '\n');
        if (n->doc)
            sb_indented(b, n->doc);
        return true;
    }
    if (IS_FUNC(v)) {
        if (!func_signature(vm, AS_FUNC(v), true, b))
            return false;
        sb_putc(b, '\n');
        ObjString *doc = AS_FUNC(v)->proto->doc;
        sb_indented(b, doc ? doc->chars : "(no docstring)");
        return true;
    }
    if (IS_CLASS(v))
        return help_class(vm, AS_CLASS(v), b);
    if (IS_MODULE(v)) {
        ObjModule *m = AS_MODULE(v);
        sb_printf(b, "module %s\n", m->name ? m->name->chars : "?");
        Value doc;
        if (dict_get_str(m->globals, vm->names.doc, &doc) && IS_STR(doc))
            sb_indented(b, AS_CSTR(doc));
        sb_puts(b, "\nContents:\n");
        Value key, value;
        for (int32_t pos = 0; dict_next(m->globals, &pos, &key, &value);) {
            if (!IS_STR(key) || AS_CSTR(key)[0] == '_')
                continue;
            if (!help_member(vm, AS_CSTR(key), value, b))
                return false;
        }
        return true;
    }
    ObjClass *k = vm_class_of(vm, v);
    if (!k)
        return vm_raise(vm, vm->exc.type_error, "help(): no help for this value");
    return help_class(vm, k, b);
}

static bool bi_help(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "help"))
        return false;
    StrBuf b;
    sb_init_vm(vm, &b);
    *out = NONE_VAL;
    if (argc == 0) {
        sb_puts(&b, "Type help(x) for help on a function, class, module or value:\n"
                    "    help(len)     a builtin function\n"
                    "    help(str)     a class and its methods\n"
                    "    help(math)    a module (after import math)\n"
                    "dir(x) lists the names x has; dir() lists your variables.\n");
    } else {
        Value v = argv[0];
        /* help("len") and help("math") look the name up, as Python does */
        if (IS_STR(v)) {
            Value found;
            if (dict_get_str(vm->builtins, AS_STR(v), &found) ||
                dict_get_str(vm->modules, AS_STR(v), &found) ||
                dict_get_str(vm->main_module->globals, AS_STR(v), &found))
                v = found;
        }
        if (!help_value(vm, v, &b)) {
            sb_free(&b);
            return false;
        }
    }
    if (b.failed) {
        sb_free(&b);
        return vm_raise_oom(vm);
    }
    vm_write(vm, b.data, b.len);
    sb_free(&b);
    return true;
}

static const NativeSpec help_functions[] = {
    {"dir", bi_dir, 0, 1, "dir(obj=None)",
     "Return the sorted names of obj's attributes (a module's contents, an instance's\n"
     "fields and methods); with no argument, the names defined at the top level.\n\n"
     "Example:\n"
     "    >>> \"upper\" in dir(\"\")\n"
     "    True"},
    {"help", bi_help, 0, 1, "help(obj=None)",
     "Show the signature and documentation of a function, a class and its methods, or a\n"
     "module and its contents.\n\n"
     "Example:\n"
     "    >>> help(len)\n"
     "    len(obj)\n"
     "        Return the number of items in a container: ..."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool lib_open_help(VM *vm)
{
    vm_define_natives(vm, vm->builtins, help_functions);
    return true;
}
