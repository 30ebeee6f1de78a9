/*
 * tensor_print.c - how a tensor shows itself: NumPy's layout (the engine's
 * array2string, rows separated as print(x) shows them in NumPy) and then a
 * footer line with the dtype and shape, f64[2,3], marked " view" when the
 * tensor shares another's memory:
 *
 *     [[1. 2. 3.]
 *      [4. 5. 6.]]
 *     f64[2,3]
 *
 * set_printoptions / get_printoptions change and read the layout options
 * of this VM (precision, threshold, edgeitems, linewidth, suppress).
 */
#include "lib/tensor_lib.h"

#include <string.h>

#include "core/memory.h"
#include "tensor/print.h"

static bool buf_to_str(VM *vm, TnBuf *b, Value *out)
{
    if (b->failed) {
        tn_buf_free(b);
        return tl_raise(vm) || vm_raise_oom(vm);
    }
    ObjString *s = str_new(vm, b->data ? b->data : "", b->len);
    tn_buf_free(b);
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

static bool t_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Tensor *t = AS_TENSOR(argv[0]);
    TnBuf b;
    tn_buf_init(&b, &vm->tn);
    char shape[128];
    tn_shape_str(shape, sizeof shape, t->dtype, t->ndim, t->shape);
    if (tn_format(&vm->tn, &b, t, &tl_state(vm)->print, " ", "", ""))
        tn_buf_printf(&b, "\n%s%s", shape, t->is_view ? " view" : "");
    else
        b.failed = true;
    return buf_to_str(vm, &b, out);
}

/* array2string(a, max_line_width=None, precision=None, suppress_small=None,
   separator=' ', prefix='', suffix='', threshold=None, edgeitems=None) */
static bool p_array2string(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[9];
    if (!tl_args(vm, "array2string", argc, argv, kwargs,
                 "a max_line_width= precision= suppress_small= separator= prefix= suffix= "
                 "threshold= edgeitems=",
                 v))
        return false;
    TnPrintOptions o = tl_state(vm)->print;
    int64_t lw, prec, thr, edge;
    bool sup;
    if (!tl_int(vm, v[1], "array2string", "max_line_width", o.linewidth, &lw) ||
        !tl_int(vm, v[2], "array2string", "precision", o.precision, &prec) ||
        !tl_bool(vm, v[3], o.suppress, &sup) ||
        !tl_int(vm, v[7], "array2string", "threshold", o.threshold, &thr) ||
        !tl_int(vm, v[8], "array2string", "edgeitems", o.edgeitems, &edge))
        return false;
    const char *sep = tl_given(v[4]) ? tl_str(vm, v[4], "array2string", "separator") : " ";
    const char *prefix = tl_given(v[5]) ? tl_str(vm, v[5], "array2string", "prefix") : "";
    const char *suffix = tl_given(v[6]) ? tl_str(vm, v[6], "array2string", "suffix") : "";
    if (!sep || !prefix || !suffix)
        return false;
    o.linewidth = (int)lw;
    o.precision = (int)prec;
    o.suppress = sup;
    o.threshold = thr;
    o.edgeitems = (int)edge;
    TlArg a;
    if (!tl_arg(vm, v[0], "array2string", "a", &a))
        return false;
    TnBuf b;
    tn_buf_init(&b, &vm->tn);
    if (!tn_format(&vm->tn, &b, a.t, &o, sep, prefix, suffix))
        b.failed = true;
    tl_arg_free(vm, &a);
    return buf_to_str(vm, &b, out);
}

static bool p_set_printoptions(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[5];
    if (!tl_args(vm, "set_printoptions", argc, argv, kwargs,
                 "precision= threshold= edgeitems= linewidth= suppress=", v))
        return false;
    TnPrintOptions o = tl_state(vm)->print;
    int64_t prec, thr, edge, lw;
    bool sup;
    if (!tl_int(vm, v[0], "set_printoptions", "precision", o.precision, &prec) ||
        !tl_int(vm, v[1], "set_printoptions", "threshold", o.threshold, &thr) ||
        !tl_int(vm, v[2], "set_printoptions", "edgeitems", o.edgeitems, &edge) ||
        !tl_int(vm, v[3], "set_printoptions", "linewidth", o.linewidth, &lw) ||
        !tl_bool(vm, v[4], o.suppress, &sup))
        return false;
    if (prec < 0 || prec > 17)
        return vm_raise(vm, vm->exc.value_error,
                        "set_printoptions(): precision must be between 0 and 17, not %lld",
                        (long long)prec);
    if (thr < 0 || edge < 0 || edge > 1000000 || lw < 1 || lw > 100000)
        return vm_raise(vm, vm->exc.value_error,
                        "set_printoptions(): threshold and edgeitems must be >= 0 and linewidth "
                        ">= 1");
    o.precision = (int)prec;
    o.threshold = thr;
    o.edgeitems = (int)edge;
    o.linewidth = (int)lw;
    o.suppress = sup;
    tl_state(vm)->print = o;
    *out = NONE_VAL;
    return true;
}

static bool put(VM *vm, ObjDict *d, const char *key, Value v)
{
    ObjString *k = str_from_cstr(vm, key);
    return k && dict_set_str(vm, d, k, v);
}

static bool p_get_printoptions(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!tl_args(vm, "get_printoptions", argc, argv, kwargs, "", NULL))
        return false;
    TnPrintOptions o = tl_state(vm)->print;
    ObjDict *d = dict_new(vm);
    if (!d)
        return false;
    gc_push_root(vm, OBJ_VAL(d));
    bool ok = put(vm, d, "precision", INT_VAL(o.precision)) &&
              put(vm, d, "threshold", INT_VAL(o.threshold)) &&
              put(vm, d, "edgeitems", INT_VAL(o.edgeitems)) &&
              put(vm, d, "linewidth", INT_VAL(o.linewidth)) &&
              put(vm, d, "suppress", BOOL_VAL(o.suppress));
    gc_pop_roots(vm, 1);
    *out = OBJ_VAL(d);
    return ok;
}

static const NativeSpec print_methods[] = {
    {"__repr__", t_repr, 1, 1, "tensor.__repr__()",
     "NumPy's layout of the elements, then the dtype and shape (f64[2,3]) and, for a\n"
     "tensor that shares another's memory, the word view."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const NativeSpec print_functions[] = {
    {"set_printoptions", p_set_printoptions, 0, 5,
     "set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, "
     "suppress=None)",
     "Changes how tensors print; options not given stay as they are. precision: digits\n"
     "after the point (8); threshold: more elements than this are summarised with ...\n"
     "(1000); edgeitems: items shown at each end of a summarised axis (3); linewidth:\n"
     "characters per line (75); suppress: print tiny values as 0. instead of switching\n"
     "to scientific notation (False).\n\n"
     "Example:\n    >>> set_printoptions(precision=3)\n    >>> array2string([3.14159])\n"
     "    '[3.142]'"},
    {"get_printoptions", p_get_printoptions, 0, 0, "get_printoptions()",
     "The current print options as a dict.\n\n"
     "Example:\n    >>> get_printoptions()[\"threshold\"]\n    1000"},
    {"array2string", p_array2string, 1, 9,
     "array2string(a, max_line_width=None, precision=None, suppress_small=None, "
     "separator=' ', prefix='', suffix='', threshold=None, edgeitems=None)",
     "The elements of a as NumPy lays them out, without the dtype footer; options not\n"
     "given come from set_printoptions.\n\n"
     "Example:\n    >>> array2string([1.0, 2.5], separator=\", \")\n    '[1. , 2.5]'"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_print(VM *vm)
{
    tn_print_options_default(&tl_state(vm)->print);
    vm_define_methods(vm, vm->types.tensor, print_methods);
    vm_define_natives(vm, vm->builtins, print_functions);
    return true;
}
