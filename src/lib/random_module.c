/*
 * random_module.c - `import random`: seeded generators with NumPy's
 * Generator methods (random, uniform, normal, integers, choice, permutation,
 * shuffle, plus bernoulli), as objects (rng = random.rng(42)) and as module
 * functions drawing from a default generator that starts from seed 0, so a
 * program gives the same numbers on every run until it calls random.seed().
 *
 * A generator is a userdata holding the engine's TnRng; each module
 * function keeps the default generator in its native's `data`.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, for rng() without a seed */

#include "lib/tensor_lib.h"

#include <string.h>
#include <time.h>

#include "tensor/ops.h"
#include "tensor/random.h"

typedef struct Generator {
    TnRng rng;
    uint64_t seed;
} Generator;

static Generator *generator_of(VM *vm, Value v)
{
    if (IS_OBJ(v) && OBJ_TYPE(v) == OBJ_USERDATA &&
        AS_USERDATA(v)->klass == tl_state(vm)->generator_class)
        return AS_USERDATA(v)->data;
    return NULL;
}

static bool new_generator(VM *vm, uint64_t seed, Value *out)
{
    ObjUserdata *u = userdata_new(vm, "Generator", sizeof(Generator), NULL);
    if (!u)
        return false;
    u->klass = tl_state(vm)->generator_class;
    Generator *g = u->data;
    g->seed = seed;
    tn_rng_seed(&g->rng, seed);
    *out = OBJ_VAL(u);
    return true;
}

/*
 * Where a draw comes from and its arguments: a method's receiver is the
 * generator and its arguments follow; a module function's generator is the
 * default one kept in the function's data (argv[-1] is the function).
 */
typedef struct Draw {
    TnRng *rng;
    int argc;
    Value *argv;
} Draw;

static bool draw_method(VM *vm, int argc, Value *argv, Draw *d)
{
    Generator *g = generator_of(vm, argv[0]);
    if (!g) {
        vm_raise(vm, vm->exc.type_error, "a Generator method needs a Generator");
        return false; /* stated here so the compiler sees *d is set when true */
    }
    *d = (Draw){&g->rng, argc - 1, argv + 1};
    return true;
}

static bool draw_module(VM *vm, int argc, Value *argv, Draw *d)
{
    Value self = argv[-1];
    Generator *g = IS_NATIVE(self) ? generator_of(vm, AS_NATIVE(self)->data) : NULL;
    if (!g) {
        vm_raise(vm, vm->exc.runtime_error, "random: the default generator is missing");
        return false;
    }
    *d = (Draw){&g->rng, argc, argv};
    return true;
}

/* size=None draws one number (a 0-d result becomes a number). */
static bool size_arg(VM *vm, Value v, const char *fn, int *ndim, int64_t *shape)
{
    if (!tl_given(v)) {
        *ndim = 0;
        return true;
    }
    return tl_shape(vm, v, fn, "size", ndim, shape);
}

static bool d_random(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!tl_args(vm, "random", d->argc, d->argv, kwargs, "size= dtype=", v) ||
        !size_arg(vm, v[0], "random", &nd, shape))
        return false;
    return tl_result(vm, tn_rng_random(&vm->tn, d->rng, nd, shape), out);
}

/*
 * lo + (hi - lo) * u or loc + scale * z, where the parameters may be
 * tensors: the draw then has their broadcast shape (or size=) and is
 * scaled and shifted elementwise.
 */
static bool affine_draw(VM *vm, Draw *d, bool normal, const char *fn, Value a_v, Value b_v,
                        Value size_v, double a0, double b0, Value *out)
{
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!size_arg(vm, size_v, fn, &nd, shape))
        return false;
    bool tensors = IS_TENSOR(a_v) || IS_TENSOR(b_v) || IS_LIST(a_v) || IS_LIST(b_v) ||
                   IS_TUPLE(a_v) || IS_TUPLE(b_v);
    if (!tensors) {
        double a, b;
        if (!tl_float(vm, a_v, fn, normal ? "loc" : "low", a0, &a) ||
            !tl_float(vm, b_v, fn, normal ? "scale" : "high", b0, &b))
            return false;
        if (normal && b < 0)
            return vm_raise(vm, vm->exc.value_error, "%s(): scale must be >= 0, not %g", fn, b);
        Tensor *r = normal ? tn_rng_normal(&vm->tn, d->rng, a, b, nd, shape)
                           : tn_rng_uniform(&vm->tn, d->rng, a, b, nd, shape);
        return tl_result(vm, r, out);
    }
    TlArg a, b;
    Value av = tl_given(a_v) ? a_v : FLOAT_VAL(a0), bv = tl_given(b_v) ? b_v : FLOAT_VAL(b0);
    if (!tl_arg(vm, av, fn, normal ? "loc" : "low", &a))
        return false;
    if (!tl_arg(vm, bv, fn, normal ? "scale" : "high", &b)) {
        tl_arg_free(vm, &a);
        return false;
    }
    if (!tl_given(size_v)) {
        /* the broadcast shape of the parameters */
        Tensor *probe = tn_binary(&vm->tn, TN_ADD, a.t, b.t);
        if (!probe) {
            tl_arg_free(vm, &a);
            tl_arg_free(vm, &b);
            return tl_raise(vm);
        }
        nd = probe->ndim;
        memcpy(shape, probe->shape, sizeof(int64_t) * (size_t)nd);
        tn_free(&vm->tn, probe);
    }
    Tensor *u = normal ? tn_rng_normal(&vm->tn, d->rng, 0, 1, nd, shape)
                       : tn_rng_random(&vm->tn, d->rng, nd, shape);
    Tensor *r = NULL;
    if (u) {
        Tensor *span = normal ? NULL : tn_binary(&vm->tn, TN_SUB, b.t, a.t);
        Tensor *scaled = normal ? tn_binary(&vm->tn, TN_MUL, u, b.t)
                                : (span ? tn_binary(&vm->tn, TN_MUL, u, span) : NULL);
        if (scaled)
            r = tn_binary(&vm->tn, TN_ADD, scaled, a.t);
        tn_free(&vm->tn, span);
        tn_free(&vm->tn, scaled);
        tn_free(&vm->tn, u);
    }
    tl_arg_free(vm, &a);
    tl_arg_free(vm, &b);
    if (r && (r->ndim != nd || memcmp(r->shape, shape, sizeof(int64_t) * (size_t)nd) != 0)) {
        tn_free(&vm->tn, r);
        return vm_raise(vm, vm->exc.shape_error,
                        "%s(): size= does not match the broadcast shape of the parameters", fn);
    }
    return tl_result(vm, r, out);
}

static bool d_uniform(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[3];
    return tl_args(vm, "uniform", d->argc, d->argv, kwargs, "low= high= size=", v) &&
           affine_draw(vm, d, false, "uniform", v[0], v[1], v[2], 0.0, 1.0, out);
}

static bool d_normal(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[3];
    return tl_args(vm, "normal", d->argc, d->argv, kwargs, "loc= scale= size=", v) &&
           affine_draw(vm, d, true, "normal", v[0], v[1], v[2], 0.0, 1.0, out);
}

static bool d_standard_normal(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[2];
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!tl_args(vm, "standard_normal", d->argc, d->argv, kwargs, "size= dtype=", v) ||
        !size_arg(vm, v[0], "standard_normal", &nd, shape))
        return false;
    return tl_result(vm, tn_rng_normal(&vm->tn, d->rng, 0, 1, nd, shape), out);
}

static bool d_integers(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[5];
    int64_t lo, hi;
    bool endpoint;
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!tl_args(vm, "integers", d->argc, d->argv, kwargs, "low high= size= dtype= endpoint=", v) ||
        !tl_int(vm, v[0], "integers", "low", 0, &lo) ||
        !tl_bool(vm, v[4], false, &endpoint) || !size_arg(vm, v[2], "integers", &nd, shape))
        return false;
    if (tl_given(v[1])) {
        if (!tl_int(vm, v[1], "integers", "high", 0, &hi))
            return false;
    } else {
        hi = lo;
        lo = 0;
    }
    if (endpoint) {
        if (hi == INT64_MAX)
            return vm_raise(vm, vm->exc.value_error, "integers(): high is too large");
        hi++;
    }
    if (hi <= lo)
        return vm_raise(vm, vm->exc.value_error,
                        "integers(): low (%lld) must be less than high (%lld)%s", (long long)lo,
                        (long long)hi, endpoint ? " with endpoint=True" : "");
    TnDType dt = TN_I64;
    bool given;
    if (!tl_dtype(vm, v[3], "integers", &dt, &given))
        return false;
    Tensor *r = tn_rng_integers(&vm->tn, d->rng, lo, hi, nd, shape);
    if (r && given && dt != TN_I64) {
        Tensor *c = tn_astype(&vm->tn, r, dt);
        tn_free(&vm->tn, r);
        r = c;
    }
    return tl_result(vm, r, out);
}

static bool d_bernoulli(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[2];
    double p;
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!tl_args(vm, "bernoulli", d->argc, d->argv, kwargs, "p= size=", v) ||
        !tl_float(vm, v[0], "bernoulli", "p", 0.5, &p) ||
        !size_arg(vm, v[1], "bernoulli", &nd, shape))
        return false;
    if (!(p >= 0 && p <= 1))
        return vm_raise(vm, vm->exc.value_error, "bernoulli(): p must be in [0, 1], not %g", p);
    return tl_result(vm, tn_rng_bernoulli(&vm->tn, d->rng, p, nd, shape), out);
}

static bool d_choice(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[6];
    bool replace;
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!tl_args(vm, "choice", d->argc, d->argv, kwargs, "a size= replace= p= axis= shuffle=", v) ||
        !tl_bool(vm, v[2], true, &replace) || !size_arg(vm, v[1], "choice", &nd, shape))
        return false;
    if (tl_given(v[4])) {
        int64_t axis;
        if (!tl_int(vm, v[4], "choice", "axis", 0, &axis))
            return false;
        if (axis != 0)
            return vm_raise(vm, vm->exc.value_error,
                            "choice(): only axis=0 is supported; transpose first");
    }
    TlArg p;
    bool has_p = tl_given(v[3]);
    if (has_p && !tl_arg(vm, v[3], "choice", "p", &p))
        return false;
    Tensor *r;
    Value *items = IS_LIST(v[0]) ? AS_LIST(v[0])->items.items
                 : IS_TUPLE(v[0]) ? AS_TUPLE(v[0])->items : NULL;
    int nitems = IS_LIST(v[0]) ? AS_LIST(v[0])->items.count
               : IS_TUPLE(v[0]) ? AS_TUPLE(v[0])->count : 0;
    bool any_other = false;
    for (int i = 0; i < nitems; i++)
        if (!IS_NUMBER(items[i]))
            any_other = true;
    if (any_other) {
        /* a list of other values (words, say): draw positions, return the items */
        if (nd > 1) {
            if (has_p)
                tl_arg_free(vm, &p);
            return vm_raise(vm, vm->exc.value_error,
                            "choice(): from a list of non-numbers, size must be None or an int");
        }
        r = tn_rng_choice(&vm->tn, d->rng, nitems, NULL, nd, shape, replace, has_p ? p.t : NULL);
        if (has_p)
            tl_arg_free(vm, &p);
        if (!r)
            return tl_raise(vm);
        if (nd == 0) {
            *out = items[tn_get_i64(r, 0)];
            tn_free(&vm->tn, r);
            return true;
        }
        ObjList *l = list_new(vm, (int)r->size);
        if (!l) {
            tn_free(&vm->tn, r);
            return false;
        }
        for (int64_t i = 0; i < r->size; i++)
            l->items.items[l->items.count++] = items[tn_get_i64(r, i)];
        tn_free(&vm->tn, r);
        *out = OBJ_VAL(l);
        return true;
    }
    if (IS_INT(v[0])) {
        if (AS_INT(v[0]) <= 0) {
            if (has_p)
                tl_arg_free(vm, &p);
            return vm_raise(vm, vm->exc.value_error, "choice(): a must be a positive int, not %lld",
                            (long long)AS_INT(v[0]));
        }
        r = tn_rng_choice(&vm->tn, d->rng, AS_INT(v[0]), NULL, nd, shape, replace,
                          has_p ? p.t : NULL);
    } else {
        TlArg a;
        if (!tl_arg(vm, v[0], "choice", "a", &a)) {
            if (has_p)
                tl_arg_free(vm, &p);
            return false;
        }
        r = tn_rng_choice(&vm->tn, d->rng, 0, a.t, nd, shape, replace, has_p ? p.t : NULL);
        tl_arg_free(vm, &a);
    }
    if (has_p)
        tl_arg_free(vm, &p);
    return tl_result(vm, r, out);
}

static bool d_permutation(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "permutation", d->argc, d->argv, kwargs, "x axis=", v))
        return false;
    if (IS_INT(v[0])) {
        if (AS_INT(v[0]) < 0)
            return vm_raise(vm, vm->exc.value_error, "permutation(): n must be >= 0, not %lld",
                            (long long)AS_INT(v[0]));
        return tl_wrap(vm, tn_rng_permutation(&vm->tn, d->rng, AS_INT(v[0]), NULL), out);
    }
    TlArg a;
    if (!tl_arg(vm, v[0], "permutation", "x", &a))
        return false;
    Tensor *r = tn_rng_permutation(&vm->tn, d->rng, 0, a.t);
    tl_arg_free(vm, &a);
    return tl_wrap(vm, r, out);
}

/* shuffle(x): x reordered in place along axis 0; a list is shuffled too. */
static bool d_shuffle(VM *vm, Draw *d, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "shuffle", d->argc, d->argv, kwargs, "x axis=", v))
        return false;
    *out = NONE_VAL;
    if (IS_LIST(v[0])) {
        /* Fisher-Yates, the same walk the engine uses for tensors */
        ObjList *l = AS_LIST(v[0]);
        for (int64_t i = l->items.count - 1; i > 0; i--) {
            int64_t j = (int64_t)tn_rng_below(d->rng, (uint64_t)i + 1);
            Value t = l->items.items[i];
            l->items.items[i] = l->items.items[j];
            l->items.items[j] = t;
        }
        return true;
    }
    if (!IS_TENSOR(v[0]))
        return vm_raise(vm, vm->exc.type_error,
                        "shuffle() reorders a tensor or a list in place, not a %s "
                        "(permutation(x) returns a shuffled copy)",
                        value_type_name(vm, v[0]));
    return tn_rng_shuffle(&vm->tn, d->rng, AS_TENSOR(v[0])) || tl_raise(vm);
}

/* ---- module-only: seed, rng, and the legacy rand / randn / randint */

static bool m_seed(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Draw d;
    Value v[1];
    int64_t seed;
    if (!draw_module(vm, argc, argv, &d) ||
        !tl_args(vm, "seed", argc, argv, kwargs, "seed=", v) ||
        !tl_int(vm, v[0], "seed", "seed", 0, &seed))
        return false;
    Generator *g = generator_of(vm, AS_NATIVE(argv[-1])->data);
    g->seed = (uint64_t)seed;
    tn_rng_seed(&g->rng, (uint64_t)seed);
    *out = NONE_VAL;
    return true;
}

/* rng(seed=None): a new generator; without a seed, one from the clock. */
static bool m_rng(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[1];
    int64_t seed;
    if (!tl_args(vm, "rng", argc, argv, kwargs, "seed=", v))
        return false;
    if (tl_given(v[0])) {
        if (!tl_int(vm, v[0], "rng", "seed", 0, &seed))
            return false;
        if (seed < 0)
            return vm_raise(vm, vm->exc.value_error, "rng(): seed must be >= 0, not %lld",
                            (long long)seed);
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = (int64_t)((uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec);
        if (seed < 0)
            seed = -(seed + 1);
    }
    return new_generator(vm, (uint64_t)seed, out);
}

/* The shape of rand(2, 3) / randn(2, 3): the positional ints. */
static bool legacy_shape(VM *vm, const char *fn, int argc, Value *argv, ObjDict *kwargs,
                         int *nd, int64_t *shape)
{
    if (kwargs && kwargs->count)
        return vm_raise(vm, vm->exc.type_error, "%s() takes the shape as ints: %s(2, 3)", fn, fn);
    if (argc == 1 && (IS_TUPLE(argv[0]) || IS_LIST(argv[0])))
        return tl_shape(vm, argv[0], fn, "shape", nd, shape);
    if (argc > TN_MAX_DIMS)
        return vm_raise(vm, vm->exc.value_error, "%s(): at most %d axes", fn, TN_MAX_DIMS);
    for (int i = 0; i < argc; i++)
        if (!arg_int(vm, argv, i, fn, "d", &shape[i]))
            return false;
        else if (shape[i] < 0)
            return vm_raise(vm, vm->exc.value_error, "%s(): negative dimensions are not allowed",
                            fn);
    *nd = argc;
    return true;
}

static bool m_rand(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Draw d;
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!draw_module(vm, argc, argv, &d) ||
        !legacy_shape(vm, "rand", argc, argv, kwargs, &nd, shape))
        return false;
    return tl_result(vm, tn_rng_random(&vm->tn, d.rng, nd, shape), out);
}

static bool m_randn(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Draw d;
    int nd;
    int64_t shape[TN_MAX_DIMS];
    if (!draw_module(vm, argc, argv, &d) ||
        !legacy_shape(vm, "randn", argc, argv, kwargs, &nd, shape))
        return false;
    return tl_result(vm, tn_rng_normal(&vm->tn, d.rng, 0, 1, nd, shape), out);
}

static bool m_randint(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Draw d;
    return draw_module(vm, argc, argv, &d) && d_integers(vm, &d, kwargs, out);
}

static bool g_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Generator *g = generator_of(vm, argv[0]);
    ObjString *s = str_printf(vm, "Generator(PCG64, seed=%llu)",
                              (unsigned long long)(g ? g->seed : 0));
    if (!s)
        return false;
    *out = OBJ_VAL(s);
    return true;
}

/* Each draw is a Generator method (g_*) and a module function (f_*). */
#define DRAWS(X)                                                                        \
    X(random, d_random) X(uniform, d_uniform) X(normal, d_normal)                       \
    X(standard_normal, d_standard_normal) X(integers, d_integers) X(choice, d_choice)   \
    X(permutation, d_permutation) X(shuffle, d_shuffle) X(bernoulli, d_bernoulli)

#define DEF_DRAW(name, body)                                                            \
    static bool g_##name(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)    \
    {                                                                                   \
        Draw d;                                                                         \
        return draw_method(vm, argc, argv, &d) && body(vm, &d, kwargs, out);            \
    }                                                                                   \
    static bool f_##name(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)    \
    {                                                                                   \
        Draw d;                                                                         \
        return draw_module(vm, argc, argv, &d) && body(vm, &d, kwargs, out);            \
    }
DRAWS(DEF_DRAW)
#undef DEF_DRAW

/* The docs, shared by the method and the module function. */
#define DOC_RANDOM                                                                      \
    "Uniform floats in [0, 1): one number, or a tensor of shape size.\n\n"               \
    "Example:\n    >>> rng = random.rng(0)\n    >>> rng.random()\n    0.6369616873214543"
#define DOC_UNIFORM                                                                     \
    "Uniform floats in [low, high); low and high may be tensors (the result then has\n" \
    "their broadcast shape).\n\n"                                                       \
    "Example:\n    >>> random.rng(0).uniform(0, 10, size=3).shape\n    (3,)"
#define DOC_NORMAL                                                                      \
    "Normal (Gaussian) floats with mean loc and standard deviation scale; loc and scale\n" \
    "may be tensors.\n\n"                                                               \
    "Example:\n    >>> w = random.rng(1).normal(0, 0.1, size=(3, 2))\n    >>> w.shape\n    (3, 2)"
#define DOC_STANDARD_NORMAL                                                             \
    "Normal floats with mean 0 and standard deviation 1.\n\n"                           \
    "Example:\n    >>> random.rng(0).standard_normal(4).shape\n    (4,)"
#define DOC_INTEGERS                                                                    \
    "Random ints in [low, high) (in [0, low) when high is omitted; endpoint=True includes\n" \
    "high), unbiased.\n\n"                                                              \
    "Example:\n    >>> d = random.rng(0).integers(1, 7, size=100)\n    >>> d.min() >= 1, d.max() <= 6\n" \
    "    (True, True)"
#define DOC_CHOICE                                                                      \
    "Samples from range(a) (a an int), from the rows of a, or from a list of any values\n" \
    "(words, say): size= of them, with or without replacement, with probabilities p\n"   \
    "(default uniform).\n\n"                                                            \
    "Example:\n    >>> sorted(random.rng(0).choice(5, size=5, replace=False).tolist())\n" \
    "    [0, 1, 2, 3, 4]"
#define DOC_PERMUTATION                                                                 \
    "A shuffled arange(x) for an int, or a shuffled copy of x along axis 0.\n\n"        \
    "Example:\n    >>> sorted(random.rng(0).permutation(4).tolist())\n    [0, 1, 2, 3]"
#define DOC_SHUFFLE                                                                     \
    "Reorders a tensor (along axis 0, through views too) or a list in place; returns\n" \
    "None.\n\n"                                                                         \
    "Example:\n    >>> x = arange(5)\n    >>> random.rng(0).shuffle(x)\n    >>> sorted(x.tolist())\n" \
    "    [0, 1, 2, 3, 4]"
#define DOC_BERNOULLI                                                                   \
    "Bools that are True with probability p (coin flips, dropout masks).\n\n"           \
    "Example:\n    >>> random.rng(0).bernoulli(1.0, size=3).tolist()\n    [True, True, True]"

static const NativeSpec generator_methods[] = {
    {"__repr__", g_repr, 1, 1, "Generator.__repr__()", "Generator(PCG64, seed=...)."},
    {"random", g_random, 1, 3, "rng.random(size=None, dtype=float64)", DOC_RANDOM},
    {"uniform", g_uniform, 1, 4, "rng.uniform(low=0.0, high=1.0, size=None)", DOC_UNIFORM},
    {"normal", g_normal, 1, 4, "rng.normal(loc=0.0, scale=1.0, size=None)", DOC_NORMAL},
    {"standard_normal", g_standard_normal, 1, 3, "rng.standard_normal(size=None, dtype=float64)",
     DOC_STANDARD_NORMAL},
    {"integers", g_integers, 2, 6,
     "rng.integers(low, high=None, size=None, dtype=int64, endpoint=False)", DOC_INTEGERS},
    {"choice", g_choice, 2, 7, "rng.choice(a, size=None, replace=True, p=None, axis=0)",
     DOC_CHOICE},
    {"permutation", g_permutation, 2, 3, "rng.permutation(x)", DOC_PERMUTATION},
    {"shuffle", g_shuffle, 2, 3, "rng.shuffle(x)", DOC_SHUFFLE},
    {"bernoulli", g_bernoulli, 1, 3, "rng.bernoulli(p=0.5, size=None)", DOC_BERNOULLI},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const NativeSpec random_functions[] = {
    {"random", f_random, 0, 2, "random.random(size=None, dtype=float64)", DOC_RANDOM},
    {"uniform", f_uniform, 0, 3, "random.uniform(low=0.0, high=1.0, size=None)", DOC_UNIFORM},
    {"normal", f_normal, 0, 3, "random.normal(loc=0.0, scale=1.0, size=None)", DOC_NORMAL},
    {"standard_normal", f_standard_normal, 0, 2, "random.standard_normal(size=None, dtype=float64)",
     DOC_STANDARD_NORMAL},
    {"integers", f_integers, 1, 5,
     "random.integers(low, high=None, size=None, dtype=int64, endpoint=False)", DOC_INTEGERS},
    {"choice", f_choice, 1, 6, "random.choice(a, size=None, replace=True, p=None, axis=0)",
     DOC_CHOICE},
    {"permutation", f_permutation, 1, 2, "random.permutation(x)", DOC_PERMUTATION},
    {"shuffle", f_shuffle, 1, 2, "random.shuffle(x)", DOC_SHUFFLE},
    {"bernoulli", f_bernoulli, 0, 2, "random.bernoulli(p=0.5, size=None)", DOC_BERNOULLI},
    {"seed", m_seed, 0, 1, "random.seed(seed=0)",
     "Restarts the module's default generator from seed: the same seed gives the same\n"
     "numbers on every machine.\n\n"
     "Example:\n    >>> random.seed(3)\n    >>> a = random.random()\n    >>> random.seed(3)\n"
     "    >>> random.random() == a\n    True"},
    {"rng", m_rng, 0, 1, "random.rng(seed=None)",
     "A new generator (NumPy's default_rng): its methods random, uniform, normal,\n"
     "integers, choice, permutation, shuffle and bernoulli draw from its own stream.\n"
     "Without a seed it starts from the clock.\n\n"
     "Example:\n    >>> random.rng(42).random() == random.rng(42).random()\n    True"},
    {"default_rng", m_rng, 0, 1, "random.default_rng(seed=None)",
     "The same as random.rng(seed), NumPy's name.\n\n"
     "Example:\n    >>> random.default_rng(7).integers(10) == random.rng(7).integers(10)\n    True"},
    {"rand", m_rand, 0, TN_MAX_DIMS, "random.rand(*shape)",
     "Uniform floats in [0, 1) of the given shape (NumPy's legacy spelling of\n"
     "random(size=shape)).\n\n"
     "Example:\n    >>> random.rand(2, 3).shape\n    (2, 3)"},
    {"randn", m_randn, 0, TN_MAX_DIMS, "random.randn(*shape)",
     "Standard normal floats of the given shape (legacy spelling of\n"
     "standard_normal(size=shape)).\n\n"
     "Example:\n    >>> random.randn(4).shape\n    (4,)"},
    {"randint", m_randint, 1, 5, "random.randint(low, high=None, size=None)",
     "Random ints in [low, high) (legacy spelling of integers).\n\n"
     "Example:\n    >>> 0 <= random.randint(10) < 10\n    True"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_random(VM *vm, ObjModule *m)
{
    TlState *st = tl_state(vm);
    if (!st->generator_class) {
        ObjString *name = str_from_cstr(vm, "Generator");
        if (!name)
            return false;
        gc_push_root(vm, OBJ_VAL(name));
        ObjClass *k = class_new(vm, name, vm->types.object);
        gc_pop_roots(vm, 1);
        if (!k)
            return false;
        k->builtin = true;
        st->generator_class = k;
        /* the module keeps the class alive, and with it the methods */
        if (!dict_set_str(vm, m->globals, name, OBJ_VAL(k)))
            return false;
        vm_define_methods(vm, k, generator_methods);
    }
    Value def;
    if (!new_generator(vm, 0, &def))
        return false;
    gc_push_root(vm, def);
    vm_define_natives(vm, m->globals, random_functions);
    for (const NativeSpec *s = random_functions; s->name; s++) {
        Value f;
        ObjString *name = str_from_cstr(vm, s->name);
        if (name && dict_get_str(m->globals, name, &f) && IS_NATIVE(f))
            AS_NATIVE(f)->data = def;
    }
    ObjString *doc = str_from_cstr(vm,
        "Random numbers from seeded PCG64 generators: random.rng(seed) makes one; the module\n"
        "functions draw from a default generator that starts at seed 0 (random.seed(n) to\n"
        "restart it). Same seed, same numbers, on every machine.");
    bool ok = doc && dict_set_str(vm, m->globals, vm->names.doc, OBJ_VAL(doc));
    gc_pop_roots(vm, 1);
    return ok;
}
