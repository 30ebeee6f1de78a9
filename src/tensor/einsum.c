/*
 * einsum.c - np.einsum through diagonals, sums and batched matmuls (see
 * einsum.h).
 *
 * Labels are the subscript letters; the axes an ellipsis stands for get
 * labels ELL + k, k counted from the right, so that they line up across
 * operands as broadcasting does.
 */
#include "einsum.h"

#include "matmul.h"
#include "reduce.h"
#include "view.h"

#include <stdio.h>
#include <string.h>

#define ELL 1000
#define MAX_OPERANDS 32

typedef struct Term {
    Tensor *t;                  /* owned */
    int nl;
    int labels[TN_MAX_DIMS];
} Term;

static bool has_label(const int *labels, int n, int l)
{
    for (int i = 0; i < n; i++)
        if (labels[i] == l)
            return true;
    return false;
}

static Tensor *parse_error(TnCtx *ctx, const char *subs, const char *why)
{
    tn_fail(ctx, TN_ERR_VALUE, "einsum: %s in \"%s\"", why, subs);
    tn_hint(ctx, "subscripts look like \"ij,jk->ik\": one group of letters per operand, one letter per axis");
    return NULL;
}

/* Parses one group of subscripts [s, e) for an operand of ndim axes (ndim
   < 0: the output, whose ellipsis stands for nell_out axes). */
static bool parse_group(TnCtx *ctx, const char *subs, const char *s, const char *e, int ndim, int nell_out,
                        int *labels, int *nl, int *nell)
{
    int letters = 0, ell_pos = -1;
    int tmp[64];
    for (const char *p = s; p < e; p++) {
        if (*p == ' ')
            continue;
        if (*p == '.') {
            if (e - p < 3 || p[1] != '.' || p[2] != '.' || ell_pos >= 0) {
                parse_error(ctx, subs, "a bad or repeated ellipsis");
                return false;
            }
            ell_pos = letters;
            p += 2;
            continue;
        }
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')) || letters >= 64) {
            parse_error(ctx, subs, "subscripts must be letters");
            return false;
        }
        tmp[letters++] = *p;
    }
    int ne;
    if (ndim >= 0) {
        if (ell_pos < 0 && letters != ndim) {
            char m[128];
            snprintf(m, sizeof m, "%d subscripts for an operand with %d dimensions", letters, ndim);
            parse_error(ctx, subs, m);
            return false;
        }
        if (letters > ndim) {
            parse_error(ctx, subs, "more subscripts than the operand has dimensions");
            return false;
        }
        ne = ell_pos >= 0 ? ndim - letters : 0;
    } else {
        ne = ell_pos >= 0 ? nell_out : 0;
    }
    if (letters + ne > TN_MAX_DIMS) {
        parse_error(ctx, subs, "too many dimensions");
        return false;
    }
    int n = 0;
    for (int i = 0; i <= letters; i++) {
        if (i == ell_pos)
            for (int k = ne - 1; k >= 0; k--)
                labels[n++] = ELL + k;
        if (i < letters)
            labels[n++] = tmp[i];
    }
    *nl = n;
    *nell = ne;
    return true;
}

/* Replaces term->t by its sum over the axes whose labels fail keep(). */
static bool sum_out(TnCtx *ctx, Term *term, const int *keep, int nkeep, const Term *others, int nothers)
{
    int axes[TN_MAX_DIMS], na = 0, nl = 0, labels[TN_MAX_DIMS];
    for (int i = 0; i < term->nl; i++) {
        int l = term->labels[i];
        bool needed = has_label(keep, nkeep, l);
        for (int k = 0; k < nothers && !needed; k++)
            needed = has_label(others[k].labels, others[k].nl, l);
        if (needed)
            labels[nl++] = l;
        else
            axes[na++] = i;
    }
    if (na == 0)
        return true;
    Tensor *s = tn_sum(ctx, term->t, axes, na, false);
    if (!s)
        return false;
    tn_free(ctx, term->t);
    term->t = s;
    term->nl = nl;
    memcpy(term->labels, labels, sizeof labels);
    return true;
}

/* Takes diagonals until no label repeats within the term. */
static bool take_diagonals(TnCtx *ctx, Term *term)
{
    for (;;) {
        int i = -1, j = -1;
        for (int a = 0; a < term->nl && i < 0; a++)
            for (int b = a + 1; b < term->nl; b++)
                if (term->labels[a] == term->labels[b]) {
                    i = a;
                    j = b;
                    break;
                }
        if (i < 0)
            return true;
        if (term->t->shape[i] != term->t->shape[j]) {
            tn_fail(ctx, TN_ERR_SHAPE, "einsum: a repeated subscript '%c' needs equal lengths, got %lld and %lld",
                    term->labels[i] < ELL ? term->labels[i] : '.', (long long)term->t->shape[i],
                    (long long)term->t->shape[j]);
            return false;
        }
        Tensor *d = tn_diagonal(ctx, term->t, 0, i, j);
        if (!d)
            return false;
        int l = term->labels[i], nl = 0, labels[TN_MAX_DIMS];
        for (int a = 0; a < term->nl; a++)
            if (a != i && a != j)
                labels[nl++] = term->labels[a];
        labels[nl++] = l;
        tn_free(ctx, term->t);
        term->t = d;
        term->nl = nl;
        memcpy(term->labels, labels, sizeof labels);
    }
}

static int64_t label_size(const Term *t, int l)
{
    for (int i = 0; i < t->nl; i++)
        if (t->labels[i] == l)
            return t->t->shape[i];
    return 1;
}

/* t permuted to `order` (labels) and broadcast to `sizes`, as a new
   header (a view; a read-only one where broadcast). */
static Tensor *arrange(TnCtx *ctx, const Term *t, const int *order, int n, const int64_t *sizes)
{
    int perm[TN_MAX_DIMS] = {0};
    for (int k = 0; k < n; k++)
        for (int i = 0; i < t->nl; i++)
            if (t->labels[i] == order[k])
                perm[k] = i;
    Tensor *p = tn_permute(ctx, t->t, perm, n);
    if (!p)
        return NULL;
    bool same = true;
    for (int k = 0; k < n; k++)
        same = same && p->shape[k] == sizes[k];
    if (same)
        return p;
    Tensor *b = tn_broadcast_to(ctx, p, n, sizes);
    tn_free(ctx, p);
    return b;
}

static int64_t product(const int64_t *s, int n)
{
    int64_t p = 1;
    for (int i = 0; i < n; i++)
        p *= s[i];
    return p;
}

/* A <- A (x) B summed over the labels they share that `keep` and the later
   terms do not need. */
static bool contract(TnCtx *ctx, Term *A, Term *B, const int *keep, int nkeep, const Term *later,
                     int nlater)
{
    int batch[TN_MAX_DIMS], left[TN_MAX_DIMS], con[TN_MAX_DIMS], right[TN_MAX_DIMS];
    int nb = 0, nleft = 0, nc = 0, nr = 0;
    for (int i = 0; i < A->nl; i++) {
        int l = A->labels[i];
        if (has_label(B->labels, B->nl, l)) {
            bool needed = has_label(keep, nkeep, l);
            for (int k = 0; k < nlater && !needed; k++)
                needed = has_label(later[k].labels, later[k].nl, l);
            if (needed)
                batch[nb++] = l;
            else
                con[nc++] = l;
        } else {
            left[nleft++] = l;
        }
    }
    for (int i = 0; i < B->nl; i++)
        if (!has_label(A->labels, A->nl, B->labels[i]))
            right[nr++] = B->labels[i];
    if (nb + nleft + nr > TN_MAX_DIMS) {
        tn_fail(ctx, TN_ERR_SHAPE, "einsum: an intermediate result would have more than %d dimensions",
                TN_MAX_DIMS);
        return false;
    }
    int64_t sb[TN_MAX_DIMS], sl[TN_MAX_DIMS], sc[TN_MAX_DIMS], sr[TN_MAX_DIMS];
    for (int k = 0; k < nb; k++) {
        int64_t x = label_size(A, batch[k]), y = label_size(B, batch[k]);
        sb[k] = x > y ? x : y;
    }
    for (int k = 0; k < nc; k++) {
        int64_t x = label_size(A, con[k]), y = label_size(B, con[k]);
        sc[k] = x > y ? x : y;
    }
    for (int k = 0; k < nleft; k++)
        sl[k] = label_size(A, left[k]);
    for (int k = 0; k < nr; k++)
        sr[k] = label_size(B, right[k]);
    int oa[TN_MAX_DIMS], ob[TN_MAX_DIMS];
    int64_t za[TN_MAX_DIMS], zb[TN_MAX_DIMS];
    int na = 0, nbb = 0;
    for (int k = 0; k < nb; k++) {
        oa[na] = batch[k];
        za[na++] = sb[k];
        ob[nbb] = batch[k];
        zb[nbb++] = sb[k];
    }
    for (int k = 0; k < nleft; k++) {
        oa[na] = left[k];
        za[na++] = sl[k];
    }
    for (int k = 0; k < nc; k++) {
        oa[na] = con[k];
        za[na++] = sc[k];
        ob[nbb] = con[k];
        zb[nbb++] = sc[k];
    }
    for (int k = 0; k < nr; k++) {
        ob[nbb] = right[k];
        zb[nbb++] = sr[k];
    }
    Tensor *pa = arrange(ctx, A, oa, na, za);
    Tensor *pb = pa ? arrange(ctx, B, ob, nbb, zb) : NULL;
    int64_t Bt = product(sb, nb), L = product(sl, nleft), C = product(sc, nc), R = product(sr, nr);
    int64_t s3a[3] = {Bt, L, C}, s3b[3] = {Bt, C, R};
    Tensor *ra = pb ? tn_reshape(ctx, pa, 3, s3a) : NULL;
    Tensor *rb = ra ? tn_reshape(ctx, pb, 3, s3b) : NULL;
    Tensor *m = rb ? tn_matmul(ctx, ra, rb) : NULL;
    int64_t oshape[TN_MAX_DIMS];
    int on = 0, olabels[TN_MAX_DIMS];
    for (int k = 0; k < nb; k++) {
        olabels[on] = batch[k];
        oshape[on++] = sb[k];
    }
    for (int k = 0; k < nleft; k++) {
        olabels[on] = left[k];
        oshape[on++] = sl[k];
    }
    for (int k = 0; k < nr; k++) {
        olabels[on] = right[k];
        oshape[on++] = sr[k];
    }
    Tensor *r = m ? tn_reshape(ctx, m, on, oshape) : NULL;
    tn_free(ctx, pa);
    tn_free(ctx, pb);
    tn_free(ctx, ra);
    tn_free(ctx, rb);
    tn_free(ctx, m);
    if (!r)
        return false;
    tn_free(ctx, A->t);
    A->t = r;
    A->nl = on;
    memcpy(A->labels, olabels, sizeof olabels);
    return true;
}

Tensor *tn_einsum(TnCtx *ctx, const char *subs, int n, const Tensor *const *ops)
{
    if (n < 1 || n > MAX_OPERANDS)
        return tn_fail(ctx, TN_ERR_VALUE, "einsum: between 1 and %d operands, got %d", MAX_OPERANDS, n);
    Term terms[MAX_OPERANDS];
    int made = 0;
    Tensor *result = NULL;
    const char *arrow = strstr(subs, "->");
    const char *in_end = arrow ? arrow : subs + strlen(subs);
    /* inputs */
    const char *p = subs;
    int max_ell = 0;
    TnDType dt = ops[0]->dtype;
    for (int i = 0; i < n; i++) {
        const char *e = memchr(p, ',', (size_t)(in_end - p));
        if (!e)
            e = in_end;
        if (i < n - 1 && e == in_end) {
            parse_error(ctx, subs, "fewer subscript groups than operands");
            goto done;
        }
        int nell;
        terms[i].t = tn_view(ctx, ops[i]);
        if (!terms[i].t)
            goto done;
        made++;
        if (!parse_group(ctx, subs, p, e, ops[i]->ndim, 0, terms[i].labels, &terms[i].nl, &nell))
            goto done;
        if (nell > max_ell)
            max_ell = nell;
        if (i > 0)
            dt = tn_promote(dt, false, ops[i]->dtype, false);
        p = e + 1;
    }
    if (p < in_end) {
        parse_error(ctx, subs, "more subscript groups than operands");
        goto done;
    }
    /* label lengths agree (or are 1, which broadcasts) */
    for (int i = 0; i < n; i++)
        for (int a = 0; a < terms[i].nl; a++)
            for (int j = 0; j < n; j++) {
                int64_t x = terms[i].t->shape[a], y = label_size(&terms[j], terms[i].labels[a]);
                if (x != y && x != 1 && y != 1) {
                    int l = terms[i].labels[a];
                    tn_fail(ctx, TN_ERR_SHAPE, "einsum: subscript '%c' has length %lld in operand %d and %lld in operand %d",
                            l < ELL ? l : '.', (long long)x, i, (long long)y, j);
                    goto done;
                }
            }
    /* output */
    int out[TN_MAX_DIMS], nout = 0;
    if (arrow) {
        int nell;
        if (!parse_group(ctx, subs, arrow + 2, arrow + 2 + strlen(arrow + 2), -1, max_ell, out, &nout, &nell))
            goto done;
        for (int k = 0; k < nout; k++) {
            bool found = false;
            for (int i = 0; i < n && !found; i++)
                found = has_label(terms[i].labels, terms[i].nl, out[k]);
            if (!found || has_label(out, k, out[k])) {
                parse_error(ctx, subs, found ? "an output subscript appears twice"
                                             : "an output subscript that no operand has");
                goto done;
            }
        }
    } else {
        /* implicit: broadcast axes, then letters seen once, sorted */
        for (int k = max_ell - 1; k >= 0; k--)
            out[nout++] = ELL + k;
        for (int c = 'A'; c <= 'z'; c++) {
            int count = 0;
            for (int i = 0; i < n; i++)
                for (int a = 0; a < terms[i].nl; a++)
                    count += terms[i].labels[a] == c;
            if (count == 1) {
                if (nout >= TN_MAX_DIMS) {
                    parse_error(ctx, subs, "too many output dimensions");
                    goto done;
                }
                out[nout++] = c;
            }
        }
    }
    for (int i = 0; i < n; i++)
        if (!take_diagonals(ctx, &terms[i]))
            goto done;
    /* left to right */
    for (int i = 1; i < n; i++) {
        if (!sum_out(ctx, &terms[0], out, nout, &terms[i], n - i))
            goto done;
        Term others[MAX_OPERANDS];
        int no = 0;
        others[no++] = terms[0];
        for (int k = i + 1; k < n; k++)
            others[no++] = terms[k];
        if (!sum_out(ctx, &terms[i], out, nout, others, no))
            goto done;
        if (!contract(ctx, &terms[0], &terms[i], out, nout, &terms[i + 1], n - i - 1))
            goto done;
    }
    if (!sum_out(ctx, &terms[0], out, nout, NULL, 0))
        goto done;
    /* into the output order, as a new tensor of the operands' dtype */
    int64_t sizes[TN_MAX_DIMS];
    for (int k = 0; k < nout; k++)
        sizes[k] = label_size(&terms[0], out[k]);
    Tensor *arranged = arrange(ctx, &terms[0], out, nout, sizes);
    if (arranged) {
        result = tn_astype(ctx, arranged, dt);
        tn_free(ctx, arranged);
    }
done:
    for (int i = 0; i < made; i++)
        tn_free(ctx, terms[i].t);
    return result;
}
