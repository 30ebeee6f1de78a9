/*
 * grade.c - judging an exercise: the learner's values against the
 * solution's, with tolerance, graded from "missing" through "wrong shape"
 * and "close" to "correct", and known mistakes recognised by their values.
 *
 * Messages name what is wrong without giving the answer away: the
 * learner's shape and the expected shape, or the first place where the
 * values differ and what the learner has there.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/lesson.h"
#include "vm/vm_internal.h"

const char *grade_name(Grade g)
{
    static const char *const names[] = {
        "correct", "close", "known mistake", "wrong", "wrong shape", "wrong dtype", "wrong type",
        "missing", "error",
    };
    return g <= GRADE_ERROR ? names[g] : "?";
}

static void say(Verdict *v, Grade g, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(Verdict *v, Grade g, const char *fmt, ...)
{
    v->grade = g;
    v->mistake = -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->message, sizeof v->message, fmt, ap);
    va_end(ap);
}

/* "(3,)", "(2, 3)", "()" */
static void shape_text(const Tensor *t, char *out, size_t size)
{
    size_t n = (size_t)snprintf(out, size, "(");
    for (int i = 0; i < t->ndim && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%lld", i ? ", " : "", (long long)t->shape[i]);
    if (n < size)
        snprintf(out + n, size - n, t->ndim == 1 ? ",)" : ")");
}

/* The C-order multi-index of flat index k, as "(1, 2)". */
static void index_text(const Tensor *t, int64_t k, char *out, size_t size)
{
    int64_t idx[TN_MAX_DIMS];
    for (int i = t->ndim - 1; i >= 0; i--) {
        idx[i] = t->shape[i] ? k % t->shape[i] : 0;
        k = t->shape[i] ? k / t->shape[i] : 0;
    }
    size_t n = (size_t)snprintf(out, size, "[");
    for (int i = 0; i < t->ndim && n < size; i++)
        n += (size_t)snprintf(out + n, size - n, "%s%lld", i ? ", " : "", (long long)idx[i]);
    if (n < size)
        snprintf(out + n, size - n, "]");
}

static bool close_enough(double a, double b, double rtol, double atol)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    if (isinf(a) || isinf(b))
        return a == b;
    return fabs(a - b) <= atol + rtol * fabs(b);
}

static void number_text(double x, char *out, size_t size)
{
    vm_number_text(out, FLOAT_VAL(x));
    (void)size;
}

/* A value as a tensor header for comparison: a tensor, or a number seen as
   a 0-d f64 tensor whose header and storage the caller provides. */
typedef struct Scalar {
    Tensor t;
    TnStorage storage;
    double value;
} Scalar;

static const Tensor *as_tensor(Value v, Scalar *tmp)
{
    if (IS_TENSOR(v))
        return AS_TENSOR(v);
    if (!IS_NUMBER(v))
        return NULL;
    memset(tmp, 0, sizeof *tmp);
    tmp->value = value_to_double(v);
    tmp->storage.data = &tmp->value;
    tmp->storage.nbytes = sizeof tmp->value;
    tmp->storage.refcount = 1;
    tmp->t.dtype = TN_F64;
    tmp->t.size = 1;
    tmp->t.storage = &tmp->storage;
    return &tmp->t;
}

/* Index of the first element outside the tolerance, or -1. */
static int64_t first_difference(const Tensor *a, const Tensor *b, double rtol, double atol)
{
    for (int64_t k = 0; k < a->size; k++)
        if (!close_enough(tn_get_f64(a, k), tn_get_f64(b, k), rtol, atol))
            return k;
    return -1;
}

bool grade_same(VM *vm, Value a, Value b, double rtol, double atol)
{
    Scalar ta, tb;
    const Tensor *x = as_tensor(a, &ta);
    const Tensor *y = x ? as_tensor(b, &tb) : NULL;
    if (x && y) {
        if (x->size != y->size || (IS_TENSOR(a) && IS_TENSOR(b) && !tn_same_shape(x, y)))
            return false;
        if (x->size != 1 && !tn_same_shape(x, y))
            return false;
        return first_difference(x, y, rtol, atol) < 0;
    }
    if ((IS_LIST(a) && IS_LIST(b)) || (IS_TUPLE(a) && IS_TUPLE(b))) {
        int n = IS_LIST(a) ? AS_LIST(a)->items.count : AS_TUPLE(a)->count;
        int m = IS_LIST(b) ? AS_LIST(b)->items.count : AS_TUPLE(b)->count;
        if (n != m)
            return false;
        for (int i = 0; i < n; i++) {
            Value ai = IS_LIST(a) ? AS_LIST(a)->items.items[i] : AS_TUPLE(a)->items[i];
            Value bi = IS_LIST(b) ? AS_LIST(b)->items.items[i] : AS_TUPLE(b)->items[i];
            if (!grade_same(vm, ai, bi, rtol, atol))
                return false;
        }
        return true;
    }
    if (IS_TENSOR(a) || IS_TENSOR(b))
        return false;
    bool eq = false;
    if (!value_equal(vm, a, b, &eq)) {
        vm_clear_exception(vm);
        return false;
    }
    return eq;
}

static bool is_placeholder(VM *vm, Value v)
{
    if (IS_NONE(v))
        return true;
    ObjString *ell = str_from_cstr(vm, "Ellipsis");
    Value e;
    return ell && dict_get_str(vm->builtins, ell, &e) && value_identical(v, e);
}

static void grade_tensor(VM *vm, const char *name, Value got, const Tensor *y, double rtol, double atol,
                         bool same_dtype, Verdict *out)
{
    Scalar tmp;
    const Tensor *x = as_tensor(got, &tmp);
    char ws[128], gs[128];
    shape_text(y, ws, sizeof ws);
    if (!x) {
        if (IS_LIST(got) || IS_TUPLE(got))
            say(out, GRADE_WRONG_TYPE, "`%s` is a %s; the answer is a tensor of shape %s. A bracket literal of "
                                       "numbers makes a tensor, and so does array(...).",
                name, value_type_name(vm, got), ws);
        else
            say(out, GRADE_WRONG_TYPE, "`%s` is a %s; the answer is a tensor of shape %s.", name,
                value_type_name(vm, got), ws);
        return;
    }
    shape_text(x, gs, sizeof gs);
    bool scalar_ok = !IS_TENSOR(got) && y->size == 1;
    if (!scalar_ok && !tn_same_shape(x, y)) {
        const char *why = "";
        if (x->size == y->size)
            why = " Same number of elements, arranged differently: look at which axis is which.";
        if (x->ndim == y->ndim + 1 && x->shape[x->ndim - 1] == 1)
            why = " It has an extra axis of length 1 at the end: a reduction with keepdims=True, or "
                  "an (n, 1) column where a flat (n,) vector is wanted?";
        else if (x->ndim + 1 == y->ndim && y->shape[y->ndim - 1] == 1)
            why = " The answer keeps a length-1 axis at the end: keepdims=True, or x[:, None].";
        else if (x->ndim == 0 || !IS_TENSOR(got))
            why = " Yours is a single number: did a reduction run over every axis instead of one?";
        say(out, GRADE_WRONG_SHAPE, "`%s` has shape %s, but the answer has shape %s.%s", name, gs, ws, why);
        return;
    }
    if (IS_TENSOR(got) && same_dtype && x->dtype != y->dtype) {
        say(out, GRADE_WRONG_DTYPE, "`%s` has dtype %s; the answer's dtype is %s (astype converts).", name,
            tn_dtype_name(x->dtype), tn_dtype_name(y->dtype));
        return;
    }
    int64_t k = first_difference(x, y, rtol, atol);
    if (k < 0) {
        say(out, GRADE_CORRECT, "`%s` is right.", name);
        return;
    }
    double loose_r = rtol * 100 > 1e-2 ? rtol * 100 : 1e-2;
    double loose_a = atol * 100 > 1e-6 ? atol * 100 : 1e-6;
    char num[40];
    if (IS_NUMBER(got))
        vm_number_text(num, got);
    else if (x->dtype == TN_BOOL)
        snprintf(num, sizeof num, "%s", tn_get_i64(x, k) ? "True" : "False");
    else if (tn_dtype_is_int(x->dtype))
        snprintf(num, sizeof num, "%lld", (long long)tn_get_i64(x, k));
    else
        number_text(tn_get_f64(x, k), num, sizeof num);
    if (first_difference(x, y, loose_r, loose_a) < 0) {
        say(out, GRADE_CLOSE, "Close! `%s` is within %g%% of the answer everywhere, but not exact "
                              "(a rounded number, or a slightly different formula?).",
            name, loose_r * 100);
        return;
    }
    if (x->ndim == 0 || x->size == 1) {
        say(out, GRADE_WRONG, "Not yet: `%s` is %s, which is not the value we are after.", name, num);
        return;
    }
    char at[128];
    index_text(x, k, at, sizeof at);
    say(out, GRADE_WRONG, "Not yet: `%s` has the right shape %s, but different values: `%s%s` is %s, "
                          "and that one is off.",
        name, gs, name, at, num);
}

void grade_value(VM *vm, const char *name, Value got, bool defined, Value want, double rtol, double atol,
                 bool same_dtype, Verdict *out)
{
    if (!defined) {
        say(out, GRADE_MISSING, "`%s` is not defined yet: assign your answer to `%s`.", name, name);
        return;
    }
    if (is_placeholder(vm, got) && !is_placeholder(vm, want)) {
        say(out, GRADE_MISSING, "`%s` is still a placeholder: replace it with your answer.", name);
        return;
    }
    if (IS_TENSOR(want) || (IS_NUMBER(want) && !IS_BOOL(want))) {
        if (IS_NUMBER(want) && !IS_TENSOR(got) && !IS_NUMBER(got)) {
            say(out, GRADE_WRONG_TYPE, "`%s` is a %s; the answer is a number.", name, value_type_name(vm, got));
            return;
        }
        Scalar tmp;
        const Tensor *y = as_tensor(want, &tmp);
        if (IS_TENSOR(got) && !IS_TENSOR(want) && AS_TENSOR(got)->size != 1) {
            char gs[128];
            shape_text(AS_TENSOR(got), gs, sizeof gs);
            say(out, GRADE_WRONG_SHAPE, "`%s` is a tensor of shape %s; the answer is a single number. "
                                        "A reduction (sum, mean, ...) over every axis gives one.",
                name, gs);
            return;
        }
        grade_tensor(vm, name, got, y, rtol, atol, same_dtype, out);
        return;
    }
    if (grade_same(vm, got, want, rtol, atol)) {
        say(out, GRADE_CORRECT, "`%s` is right.", name);
        return;
    }
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    if (!value_repr(vm, got, &b))
        vm_clear_exception(vm);
    if (b.len > 60) {
        b.len = 57;
        sb_puts(&b, "...");
    }
    if (vm_class_of(vm, got) != vm_class_of(vm, want))
        say(out, GRADE_WRONG_TYPE, "`%s` is a %s (%s); the answer is a %s.", name, value_type_name(vm, got),
            b.data ? b.data : "?", value_type_name(vm, want));
    else
        say(out, GRADE_WRONG, "Not yet: `%s` is %s, which is not the value we are after.", name,
            b.data ? b.data : "?");
    sb_free(&b);
}

/* The short message of the pending exception, and clears it. */
static void exception_text(VM *vm, char *out, size_t size)
{
    out[0] = '\0';
    Value msg;
    if (IS_INSTANCE(vm->exception) &&
        dict_get_str(AS_INSTANCE(vm->exception)->fields, vm->names.message, &msg) && IS_STR(msg))
        snprintf(out, size, "%s: %s", value_type_name(vm, vm->exception), AS_CSTR(msg));
    else
        snprintf(out, size, "%s", value_type_name(vm, vm->exception));
    vm_clear_exception(vm);
}

/* Runs expr in a module over globals; false with the message when it raised. */
static bool eval_in(VM *vm, ObjDict *globals, ObjModule *module, const char *expr, Value *out, char *err,
                    size_t errsize)
{
    ObjModule *m = module;
    if (!m) {
        m = repl_new_module(vm, "<check>");
        if (!m) {
            exception_text(vm, err, errsize);
            return false;
        }
        m->globals = globals;
    }
    gc_push_root(vm, OBJ_VAL(m));
    bool ok = vm_run_source(vm, m, expr, strlen(expr), "<check>", false, out);
    gc_pop_roots(vm, 1);
    if (!ok)
        exception_text(vm, err, errsize);
    return ok;
}

/* Both tensors of one dtype, or neither a tensor. */
static bool same_kind_dtype(Value a, Value b)
{
    if (IS_TENSOR(a) && IS_TENSOR(b))
        return AS_TENSOR(a)->dtype == AS_TENSOR(b)->dtype;
    return IS_TENSOR(a) == IS_TENSOR(b);
}

/* A known mistake matches when the learner's values of every expect name
   equal the values the mistake's code gives them (names the mistake
   leaves undefined aside), and the mistake really is wrong: one of its
   values differs from the solution's. */
static void match_mistake(VM *vm, const Step *s, ObjModule *learner, ObjDict *ref, ObjDict **mistakes,
                          Verdict *out)
{
    for (int j = 0; mistakes && j < s->nmistakes; j++) {
        if (!mistakes[j])
            continue;
        bool all_match = true, differs = false;
        for (int i = 0; i < s->nchecks && all_match; i++) {
            const Check *c = &s->checks[i];
            if (c->kind != CHECK_EXPECT)
                continue;
            ObjString *name = str_from_cstr(vm, c->name);
            Value mv, got, want;
            if (!name) {
                vm_clear_exception(vm);
                return;
            }
            if (!dict_get_str(mistakes[j], name, &mv))
                continue;
            if (!dict_get_str(learner->globals, name, &got) || !grade_same(vm, got, mv, 1e-9, 1e-12) ||
                (s->same_dtype && !same_kind_dtype(got, mv))) {
                all_match = false;
                break;
            }
            if (!dict_get_str(ref, name, &want) || !grade_same(vm, mv, want, s->rtol, s->atol) ||
                (s->same_dtype && !same_kind_dtype(mv, want)))
                differs = true;
        }
        if (all_match && differs) {
            out->grade = GRADE_MISTAKE;
            out->mistake = j;
            snprintf(out->message, sizeof out->message, "%s", s->mistakes[j].message ? s->mistakes[j].message : "");
            return;
        }
    }
}

static void grade_expect(VM *vm, const Step *s, const Check *c, ObjModule *learner, ObjDict *ref,
                         ObjDict **mistakes, Verdict *out)
{
    ObjString *name = str_from_cstr(vm, c->name);
    if (!name) {
        vm_clear_exception(vm);
        say(out, GRADE_ERROR, "out of memory");
        return;
    }
    Value got = NONE_VAL, want;
    bool defined = dict_get_str(learner->globals, name, &got);
    char err[512];
    if (c->expr) {
        if (!eval_in(vm, ref, NULL, c->expr, &want, err, sizeof err)) {
            say(out, GRADE_ERROR, "the lesson's expected value (%s) failed: %s", c->expr, err);
            return;
        }
    } else if (!dict_get_str(ref, name, &want)) {
        say(out, GRADE_ERROR, "the lesson's solution does not define `%s`", c->name);
        return;
    }
    gc_push_root(vm, want);
    grade_value(vm, c->name, got, defined, want, s->rtol, s->atol, s->same_dtype, out);
    if (out->grade != GRADE_CORRECT && defined && c->message && out->grade != GRADE_MISSING)
        snprintf(out->message + strlen(out->message), sizeof out->message - strlen(out->message), " %s",
                 c->message);
    if (out->grade != GRADE_CORRECT && out->grade != GRADE_MISSING && defined)
        match_mistake(vm, s, learner, ref, mistakes, out);
    gc_pop_roots(vm, 1);
}

/* A name in expr the learner has left as a placeholder (None or ...):
   that is "missing", not a failed check. */
static bool placeholder_in(VM *vm, const char *expr, ObjDict *globals, Verdict *out)
{
    for (const char *p = expr; *p;) {
        if (!(isalpha((unsigned char)*p) || *p == '_')) {
            if (*p == '"' || *p == '\'') {
                char q = *p++;
                while (*p && *p != q)
                    p++;
                if (*p)
                    p++;
                continue;
            }
            p++;
            continue;
        }
        const char *start = p;
        while (isalnum((unsigned char)*p) || *p == '_')
            p++;
        if (start > expr && start[-1] == '.')
            continue;
        ObjString *name = str_new(vm, start, (size_t)(p - start));
        Value v;
        if (name && dict_get_str(globals, name, &v) && is_placeholder(vm, v)) {
            say(out, GRADE_MISSING, "`%s` is still a placeholder: replace it with your answer.", name->chars);
            return true;
        }
        if (!name)
            vm_clear_exception(vm);
    }
    return false;
}

void grade_step(VM *vm, const Step *s, ObjModule *learner, ObjDict *ref, ObjDict **mistakes, Verdict *out)
{
    say(out, GRADE_CORRECT, "Correct!");
    for (int i = 0; i < s->nchecks; i++) {
        const Check *c = &s->checks[i];
        if (c->kind == CHECK_EXPECT) {
            grade_expect(vm, s, c, learner, ref, mistakes, out);
        } else if (!placeholder_in(vm, c->expr, learner->globals, out)) {
            Value v;
            char err[512];
            if (!eval_in(vm, learner->globals, learner, c->expr, &v, err, sizeof err)) {
                if (strncmp(err, "NameError", 9) == 0)
                    say(out, GRADE_MISSING, "%s", c->message ? c->message : err);
                else
                    say(out, GRADE_ERROR, "checking `%s` raised %s", c->expr, err);
            } else {
                bool truthy = false;
                if (!value_truthy(vm, v, &truthy)) {
                    exception_text(vm, err, sizeof err);
                    say(out, GRADE_ERROR, "checking `%s` raised %s", c->expr, err);
                } else if (!truthy) {
                    say(out, GRADE_WRONG, "%s", c->message ? c->message : "Not yet.");
                    if (!c->message)
                        snprintf(out->message, sizeof out->message, "Not yet: `%s` is not true.", c->expr);
                }
            }
        }
        if (out->grade != GRADE_CORRECT)
            return;
    }
}
