/*
 * iter.c - the broadcasting iterator (see iter.h) and shape broadcasting.
 */
#include "iter.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/* Axis a should be iterated outside axis b: decided by the first operand
   whose strides on both axes are non-zero and differ. */
static bool axis_outer(const TnIter *it, int a, int b)
{
    for (int k = 0; k < it->nops; k++) {
        int64_t sa = it->strides[k][a], sb = it->strides[k][b];
        if (sa < 0) sa = -sa;
        if (sb < 0) sb = -sb;
        if (sa != 0 && sb != 0 && sa != sb)
            return sa > sb;
    }
    return a < b;   /* undecided: keep C order */
}

void tn_iter_init(TnIter *it, int nops, char *const *ptrs, int ndim, const int64_t *shape,
                  const int64_t *const *strides, bool reorder)
{
    it->nops = nops;
    it->size = 1;
    for (int d = 0; d < ndim; d++)
        it->size *= shape[d];
    for (int k = 0; k < nops; k++)
        it->base[k] = ptrs[k];

    /* keep axes longer than 1 */
    int nd = 0;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] == 1)
            continue;
        it->shape[nd] = shape[d];
        for (int k = 0; k < nops; k++)
            it->strides[k][nd] = strides[k][d];
        nd++;
    }
    if (nd == 0) {
        it->shape[0] = 1;
        for (int k = 0; k < nops; k++)
            it->strides[k][0] = 0;
        it->ndim = 1;
        return;
    }
    it->ndim = nd;
    if (it->size == 0)
        return;

    if (reorder && nd > 1) {
        /* insertion sort of the axis order: outermost first (stable, so
           ties stay in C order) */
        int perm[TN_MAX_DIMS];
        for (int d = 0; d < nd; d++)
            perm[d] = d;
        for (int i = 1; i < nd; i++) {
            int ax = perm[i], j = i;
            while (j > 0 && axis_outer(it, ax, perm[j - 1]) && !axis_outer(it, perm[j - 1], ax)) {
                perm[j] = perm[j - 1];
                j--;
            }
            perm[j] = ax;
        }
        int64_t sh[TN_MAX_DIMS], st[TN_ITER_MAX_OPS][TN_MAX_DIMS];
        for (int d = 0; d < nd; d++) {
            sh[d] = it->shape[perm[d]];
            for (int k = 0; k < nops; k++)
                st[k][d] = it->strides[k][perm[d]];
        }
        memcpy(it->shape, sh, sizeof sh);
        memcpy(it->strides, st, sizeof st);
    }

    /* merge axis d into d+1 when every operand steps over d exactly as one
       full run of d+1 */
    int out = nd - 1;
    int64_t msh[TN_MAX_DIMS], mst[TN_ITER_MAX_OPS][TN_MAX_DIMS];
    msh[out] = it->shape[nd - 1];
    for (int k = 0; k < nops; k++)
        mst[k][out] = it->strides[k][nd - 1];
    for (int d = nd - 2; d >= 0; d--) {
        bool ok = true;
        for (int k = 0; k < nops && ok; k++)
            ok = it->strides[k][d] == mst[k][out] * msh[out];
        if (ok) {
            msh[out] *= it->shape[d];
        } else {
            out--;
            msh[out] = it->shape[d];
            for (int k = 0; k < nops; k++)
                mst[k][out] = it->strides[k][d];
        }
    }
    it->ndim = nd - out;
    for (int d = 0; d < it->ndim; d++) {
        it->shape[d] = msh[out + d];
        for (int k = 0; k < nops; k++)
            it->strides[k][d] = mst[k][out + d];
    }
}

void tn_iter_run(const TnIter *it, TnLoopFn fn, void *aux)
{
    if (it->size == 0)
        return;
    int nd = it->ndim, nops = it->nops;
    int64_t n = it->shape[nd - 1];
    int64_t inner[TN_ITER_MAX_OPS];
    char *p[TN_ITER_MAX_OPS];
    for (int k = 0; k < nops; k++) {
        inner[k] = it->strides[k][nd - 1];
        p[k] = it->base[k];
    }
    if (nd == 1) {
        fn(p, inner, n, aux);
        return;
    }
    /* offsets rather than pointers so that no pointer is ever formed
       outside the operands while the odometer rolls over */
    int64_t off[TN_ITER_MAX_OPS] = {0};
    int64_t idx[TN_MAX_DIMS] = {0};
    for (;;) {
        for (int k = 0; k < nops; k++)
            p[k] = it->base[k] + off[k];
        fn(p, inner, n, aux);
        int d = nd - 2;
        for (; d >= 0; d--) {
            for (int k = 0; k < nops; k++)
                off[k] += it->strides[k][d];
            if (++idx[d] < it->shape[d])
                break;
            for (int k = 0; k < nops; k++)
                off[k] -= it->strides[k][d] * it->shape[d];
            idx[d] = 0;
        }
        if (d < 0)
            return;
    }
}

/* Below this many elements a kernel stays on one thread. */
#define THREAD_MIN_SIZE ((int64_t)1 << 18)
#define THREAD_MAX 16

typedef struct IterPart {
    TnIter it;
    TnLoopFn fn;
    void *aux;
} IterPart;

static void *run_part(void *arg)
{
    IterPart *p = arg;
    tn_iter_run(&p->it, p->fn, p->aux);
    return NULL;
}

void tn_iter_run_threads(const TnIter *it, TnLoopFn fn, void *aux, int nthreads)
{
    if (nthreads > THREAD_MAX)
        nthreads = THREAD_MAX;
    int64_t outer = it->shape[0];
    if (nthreads <= 1 || it->size < THREAD_MIN_SIZE || outer < nthreads) {
        tn_iter_run(it, fn, aux);
        return;
    }
    /* parts of the outermost axis; a 1-d iteration splits its only run,
       in multiples of 64 elements so parts stay cache-line aligned */
    IterPart parts[THREAD_MAX];
    pthread_t tids[THREAD_MAX];
    bool started[THREAD_MAX] = {false};
    int64_t step = (outer + nthreads - 1) / nthreads;
    if (it->ndim == 1)
        step = (step + 63) / 64 * 64;
    int np = 0;
    for (int64_t lo = 0; lo < outer && np < nthreads; lo += step, np++) {
        int64_t hi = lo + step < outer ? lo + step : outer;
        IterPart *p = &parts[np];
        p->it = *it;
        p->it.shape[0] = hi - lo;
        p->it.size = it->size / outer * (hi - lo);
        for (int k = 0; k < it->nops; k++)
            p->it.base[k] = it->base[k] + lo * it->strides[k][0];
        p->fn = fn;
        p->aux = aux;
    }
    for (int i = 1; i < np; i++)
        started[i] = pthread_create(&tids[i], NULL, run_part, &parts[i]) == 0;
    run_part(&parts[0]);
    for (int i = 1; i < np; i++) {
        if (started[i])
            pthread_join(tids[i], NULL);
        else
            run_part(&parts[i]);   /* no thread to be had: do it here */
    }
}

/* The axis of the longer shape whose removal gives the shorter one (the
   trace of a reduction without keepdims), or -1. */
static int dropped_axis(const Tensor *a, const Tensor *b)
{
    const Tensor *s = a->ndim < b->ndim ? a : b, *l = a->ndim < b->ndim ? b : a;
    if (s->ndim != l->ndim - 1 || s->ndim == 0)
        return -1;
    for (int miss = l->ndim - 1; miss >= 0; miss--) {
        bool match = true;
        for (int i = 0, j = 0; i < l->ndim && match; i++)
            if (i != miss)
                match = l->shape[i] == s->shape[j++];
        if (match)
            return miss;
    }
    return -1;
}

bool tn_broadcast_shapes(TnCtx *ctx, int n, const Tensor *const *ts, int *ndim, int64_t *shape)
{
    int nd = 0;
    for (int i = 0; i < n; i++)
        if (ts[i]->ndim > nd)
            nd = ts[i]->ndim;
    for (int d = 0; d < nd; d++)
        shape[d] = 1;
    /* from_right: index counted from the last axis; `owner` remembers which
       operand set a length other than 1, to name both in an error */
    int owner[TN_MAX_DIMS];
    for (int d = 0; d < nd; d++)
        owner[d] = -1;
    for (int i = 0; i < n; i++) {
        const Tensor *t = ts[i];
        for (int j = 0; j < t->ndim; j++) {
            int d = nd - t->ndim + j;
            int64_t len = t->shape[j];
            if (len == shape[d] || len == 1)
                continue;
            if (shape[d] == 1) {
                shape[d] = len;
                owner[d] = i;
                continue;
            }
            const Tensor *o = ts[owner[d]];
            char sa[128], sb[128];
            tn_shape_str(sa, sizeof sa, o->dtype, o->ndim, o->shape);
            tn_shape_str(sb, sizeof sb, t->dtype, t->ndim, t->shape);
            int axis = d - nd;
            tn_fail(ctx, TN_ERR_SHAPE, "shapes %s and %s cannot be broadcast together", sa, sb);
            tn_detail(ctx, o, t, axis);
            int miss = dropped_axis(o, t);
            if (miss >= 0)
                tn_hint(ctx, "a reduction with keepdims=True, e.g. mean(axis=%d, keepdims=True), "
                             "keeps the reduced axis so it broadcasts", miss);
            else
                tn_hint(ctx, "lengths must be equal or 1 on each axis, counted from the right; "
                             "reshape or expand_dims to line the axes up");
            return false;
        }
    }
    *ndim = nd;
    return true;
}

void tn_broadcast_strides(const Tensor *t, int ndim, const int64_t *shape, int64_t *strides)
{
    int lead = ndim - t->ndim;
    for (int d = 0; d < ndim; d++) {
        if (d < lead) {
            strides[d] = 0;
            continue;
        }
        int j = d - lead;
        strides[d] = (t->shape[j] == 1 && shape[d] != 1) ? 0 : t->strides[j];
    }
}
