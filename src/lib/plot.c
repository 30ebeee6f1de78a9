/*
 * plot.c - the plotting builtins: plot, scatter, hist, imshow and savefig,
 * available without an import and as the module `plot`.
 *
 * Each drawing call builds a figure from its arguments, draws it at once in
 * the terminal (sized to the terminal, or to width=/height=), and keeps it
 * as the VM's last figure, which savefig() writes as SVG.  There is no
 * "current axes" to add to: a figure with several curves is one call,
 * plot(x, y1, x, y2) or plot(x, [y1, y2]).
 *
 * The last figure lives in a userdata (its finaliser frees the arrays) that
 * every plotting native holds in its data, so the collector keeps it as long
 * as the builtins exist; vm->lib_state[PLOT_STATE_SLOT] points at it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"
#include "lib/plot_internal.h"

#define PLOT_STATE_SLOT 1

enum {
    MIN_WIDTH = 20, MAX_WIDTH = 1000, MIN_HEIGHT = 5, MAX_HEIGHT = 500,
    SVG_MIN = 100, SVG_MAX = 10000, MAX_BINS = 1000,
};

typedef struct PlotState {
    PlotFigure last;
    bool has_last;
} PlotState;

static void *plot_vm_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    return mem_realloc((VM *)ud, ptr, old_size, new_size);
}

static void state_finalize(VM *vm, void *data)
{
    PlotState *st = data;
    plot_figure_free(&st->last);
    if (vm->lib_state[PLOT_STATE_SLOT] == st)
        vm->lib_state[PLOT_STATE_SLOT] = NULL;
}

/* ---- reading numbers out of values */

static bool is_sequence(Value v)
{
    return IS_LIST(v) || IS_TUPLE(v) || IS_TENSOR(v) || IS_RANGE(v);
}

static int64_t range_count(const ObjRange *r)
{
    if (r->step > 0)
        return r->start < r->stop ? (r->stop - r->start - 1) / r->step + 1 : 0;
    return r->start > r->stop ? (r->start - r->stop - 1) / -r->step + 1 : 0;
}

static bool shape_error(VM *vm, const char *fn, const char *param, const Tensor *t, const char *want)
{
    char shape[96];
    tn_shape_str(shape, sizeof shape, t->dtype, t->ndim, t->shape);
    return vm_raise(vm, vm->exc.value_error, "%s: %s must be %s, got %s", fn, param, want, shape);
}

/*
 * v's numbers into a new array from the figure's allocator.  A tensor of
 * any shape is read flat when `flat`; otherwise it must be 1-D (or 0-d).
 * Lists, tuples and ranges must hold numbers.  Raises for anything else
 * and for an empty sequence.
 */
static bool read_vector(VM *vm, PlotFigure *f, Value v, const char *fn, const char *param,
                        bool flat, double **out, int64_t *n)
{
    int64_t len;
    if (IS_TENSOR(v)) {
        const Tensor *t = AS_TENSOR(v);
        if (t->ndim > 1 && !flat)
            return shape_error(vm, fn, param, t, "1-D");
        len = t->size;
    } else if (IS_LIST(v) || IS_TUPLE(v)) {
        Value *items = IS_LIST(v) ? AS_LIST(v)->items.items : AS_TUPLE(v)->items;
        len = IS_LIST(v) ? AS_LIST(v)->items.count : AS_TUPLE(v)->count;
        for (int64_t i = 0; i < len; i++)
            if (!IS_NUMBER(items[i]))
                return vm_raise(vm, vm->exc.type_error, "%s: %s[%lld] is a %s, not a number", fn,
                                param, (long long)i, value_type_name(vm, items[i]));
    } else if (IS_RANGE(v)) {
        len = range_count(AS_RANGE(v));
    } else {
        return vm_raise(vm, vm->exc.type_error,
                        "%s: %s must be a list or a tensor of numbers, not %s", fn, param,
                        value_type_name(vm, v));
    }
    if (len == 0)
        return vm_raise(vm, vm->exc.value_error, "%s: %s is empty: there is nothing to draw", fn,
                        param);
    if ((uint64_t)len > SIZE_MAX / sizeof(double))
        return vm_raise_oom(vm);
    double *d = plot_alloc(f, (size_t)len * sizeof(double));
    if (!d)
        return vm_raise_oom(vm);
    if (IS_TENSOR(v)) {
        for (int64_t i = 0; i < len; i++)
            d[i] = tn_get_f64(AS_TENSOR(v), i);
    } else if (IS_RANGE(v)) {
        const ObjRange *r = AS_RANGE(v);
        for (int64_t i = 0; i < len; i++)
            d[i] = (double)(r->start + i * r->step);
    } else {
        Value *items = IS_LIST(v) ? AS_LIST(v)->items.items : AS_TUPLE(v)->items;
        for (int64_t i = 0; i < len; i++)
            d[i] = value_to_double(items[i]);
    }
    *out = d;
    *n = len;
    return true;
}

static bool read_text(VM *vm, PlotFigure *f, ObjDict *kwargs, const char *fn, const char *name,
                      char **out)
{
    Value v;
    if (!kwarg_get(vm, kwargs, name, &v) || IS_NONE(v))
        return true;
    if (!IS_STR(v))
        return vm_raise(vm, vm->exc.type_error, "%s: %s must be a str, not %s", fn, name,
                        value_type_name(vm, v));
    *out = plot_strdup(f, AS_CSTR(v));
    return *out ? true : vm_raise_oom(vm);
}

static bool read_size(VM *vm, ObjDict *kwargs, const char *fn, const char *name, int lo, int hi,
                      int *out)
{
    Value v;
    if (!kwarg_get(vm, kwargs, name, &v) || IS_NONE(v))
        return true;
    if (!IS_INT(v))
        return vm_raise(vm, vm->exc.type_error, "%s: %s must be an int, not %s", fn, name,
                        value_type_name(vm, v));
    if (AS_INT(v) < lo || AS_INT(v) > hi)
        return vm_raise(vm, vm->exc.value_error, "%s: %s=%lld is out of range (%d to %d)", fn,
                        name, (long long)AS_INT(v), lo, hi);
    *out = (int)AS_INT(v);
    return true;
}

/* A number keyword (vmin=...); *given false when absent or None. */
static bool read_number(VM *vm, ObjDict *kwargs, const char *fn, const char *name, double *out,
                        bool *given)
{
    Value v;
    *given = false;
    if (!kwarg_get(vm, kwargs, name, &v) || IS_NONE(v))
        return true;
    if (!IS_NUMBER(v))
        return vm_raise(vm, vm->exc.type_error, "%s: %s must be a number, not %s", fn, name,
                        value_type_name(vm, v));
    *out = value_to_double(v);
    if (!isfinite(*out))
        return vm_raise(vm, vm->exc.value_error, "%s: %s must be finite", fn, name);
    *given = true;
    return true;
}

/* xlim=(low, high), ylim=..., range=...: two finite numbers, low < high. */
static bool read_limits(VM *vm, PlotFigure *f, ObjDict *kwargs, const char *fn, const char *name,
                        double lim[2], bool *given)
{
    Value v;
    *given = false;
    if (!kwarg_get(vm, kwargs, name, &v) || IS_NONE(v))
        return true;
    if (!is_sequence(v))
        return vm_raise(vm, vm->exc.type_error, "%s: %s must be a pair (low, high), not %s", fn,
                        name, value_type_name(vm, v));
    double *d = NULL;
    int64_t n = 0;
    if (!read_vector(vm, f, v, fn, name, false, &d, &n))
        return false;
    if (n != 2 || !isfinite(d[0]) || !isfinite(d[1]) || !(d[0] < d[1])) {
        plot_free(f, d, (size_t)n * sizeof(double));
        return vm_raise(vm, vm->exc.value_error,
                        "%s: %s must be a pair (low, high) of finite numbers with low < high", fn,
                        name);
    }
    lim[0] = d[0];
    lim[1] = d[1];
    plot_free(f, d, 2 * sizeof(double));
    *given = true;
    return true;
}

/* ---- options every drawing call takes */

typedef struct Size {
    int width, height;
} Size;

/*
 * Whether output reaches a terminal.  The VM cannot see past a host's
 * writer (the REPL installs one and passes the text on to stdout), so stdout
 * being a terminal is the test; a host that captures output while running
 * in a terminal gets plain text by sandboxing, NO_COLOR, or width=/height=.
 */
static bool stdout_is_terminal(void)
{
    return isatty(STDOUT_FILENO);
}

/* The terminal's size when output goes to one, else 80 x 24. */
static void terminal_size(int *cols, int *rows)
{
    *cols = 80;
    *rows = 24;
    struct winsize ws;
    if (stdout_is_terminal() && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 &&
        ws.ws_row > 0) {
        *cols = ws.ws_col;
        *rows = ws.ws_row;
    }
}

/* Colour only for a person at a terminal who has not asked for none
   (no-color.org: NO_COLOR set and not empty; TERM=dumb).  A VM without
   access to the environment cannot ask, so it draws plain text. */
static bool use_color(VM *vm)
{
    if (!vm->allow_env || !stdout_is_terminal())
        return false;
    const char *no = getenv("NO_COLOR"), *term = getenv("TERM");
    return !(no && *no) && !(term && strcmp(term, "dumb") == 0);
}

static bool common_options(VM *vm, PlotFigure *f, ObjDict *kwargs, const char *fn, Size *size)
{
    int cols, rows;
    terminal_size(&cols, &rows);
    /* the whole width, and the height less a few lines so the prompt and
       the call stay in view */
    size->width = cols < MIN_WIDTH ? MIN_WIDTH : cols > 160 ? 160 : cols;
    size->height = rows - 4 < 8 ? 8 : rows - 4 > 40 ? 40 : rows - 4;
    return read_text(vm, f, kwargs, fn, "title", &f->title) &&
           read_text(vm, f, kwargs, fn, "xlabel", &f->xlabel) &&
           read_text(vm, f, kwargs, fn, "ylabel", &f->ylabel) &&
           read_size(vm, kwargs, fn, "width", MIN_WIDTH, MAX_WIDTH, &size->width) &&
           read_size(vm, kwargs, fn, "height", MIN_HEIGHT, MAX_HEIGHT, &size->height);
}

/*
 * Draws f and makes it the last figure.  On success f is emptied (its data
 * moved into the VM's state); on failure it is left to the caller to free.
 */
static bool show(VM *vm, PlotFigure *f, Size size, const char *fn)
{
    PlotState *st = vm->lib_state[PLOT_STATE_SLOT];
    if (!st)
        return vm_raise(vm, vm->exc.runtime_error, "%s: the plotting state is missing", fn);
    StrBuf b;
    sb_init(&b, plot_vm_alloc, vm);
    char err[200];
    if (!plot_render_text(f, size.width, size.height, use_color(vm), &b, err, sizeof err)) {
        sb_free(&b);
        if (strcmp(err, "out of memory") == 0)
            return vm_raise_oom(vm);
        return vm_raise(vm, vm->exc.value_error, "%s: %s", fn, err);
    }
    if (b.failed) {
        sb_free(&b);
        return vm_raise_oom(vm);
    }
    vm_write(vm, b.data, b.len);
    sb_free(&b);
    plot_figure_free(&st->last);
    st->last = *f;
    st->has_last = true;
    plot_figure_init(f, plot_vm_alloc, vm);
    return true;
}

/* Counts the points with a NaN or inf coordinate; raises when no point is
   left to draw. */
static bool count_skipped(VM *vm, PlotFigure *f, const char *fn)
{
    int64_t total = 0, bad = 0;
    for (int i = 0; i < f->nseries; i++) {
        const PlotSeries *s = &f->series[i];
        for (int64_t k = 0; k < s->n; k++)
            bad += !isfinite(s->x[k]) || !isfinite(s->y[k]);
        total += s->n;
    }
    if (total > 0 && bad == total)
        return vm_raise(vm, vm->exc.value_error,
                        "%s: nothing to draw: all %lld points have a NaN or inf coordinate", fn,
                        (long long)total);
    f->skipped = bad;
    return true;
}

/* label= for the series from first on: a str for exactly one, or a list or
   tuple of one str each. */
static bool apply_labels(VM *vm, PlotFigure *f, ObjDict *kwargs, const char *fn, int first,
                         const char *what)
{
    Value v;
    if (!kwarg_get(vm, kwargs, "label", &v) || IS_NONE(v))
        return true;
    int n = f->nseries - first;
    if (IS_STR(v)) {
        if (n != 1)
            return vm_raise(vm, vm->exc.value_error,
                            "%s: one label for %d %s: give a list of %d labels", fn, n, what, n);
        f->series[first].label = plot_strdup(f, AS_CSTR(v));
        return f->series[first].label ? true : vm_raise_oom(vm);
    }
    if (!IS_LIST(v) && !IS_TUPLE(v))
        return vm_raise(vm, vm->exc.type_error, "%s: label must be a str or a list of str, not %s",
                        fn, value_type_name(vm, v));
    Value *items = IS_LIST(v) ? AS_LIST(v)->items.items : AS_TUPLE(v)->items;
    int count = IS_LIST(v) ? AS_LIST(v)->items.count : AS_TUPLE(v)->count;
    if (count != n)
        return vm_raise(vm, vm->exc.value_error, "%s: %d label%s for %d %s", fn, count,
                        count == 1 ? "" : "s", n, what);
    for (int i = 0; i < n; i++) {
        if (IS_NONE(items[i]))
            continue;
        if (!IS_STR(items[i]))
            return vm_raise(vm, vm->exc.type_error, "%s: label[%d] must be a str, not %s", fn, i,
                            value_type_name(vm, items[i]));
        f->series[first + i].label = plot_strdup(f, AS_CSTR(items[i]));
        if (!f->series[first + i].label)
            return vm_raise_oom(vm);
    }
    return true;
}

/* ---- plot */

/*
 * A matplotlib format string: a colour letter, a marker and a line style,
 * each optional ("r--", "o", "g.-").  A marker alone means points only.
 */
static bool parse_format(VM *vm, const char *fmt, PlotSeries *s)
{
    static const char colors[] = "bgrcmykw";
    static const int color_index[] = {0, 2, 3, 9, 6, 8, 7, 7};
    bool marker = false, style = false;
    for (const char *p = fmt; *p; p++) {
        const char *c = strchr(colors, *p);
        if (c) {
            s->color = color_index[c - colors];
        } else if (strchr(".o,+x*sdDv^<>ph", *p)) {
            marker = true;
        } else if (p[0] == '-' && p[1] == '-') {
            s->dash = PLOT_DASHED, style = true, p++;
        } else if (p[0] == '-' && p[1] == '.') {
            s->dash = PLOT_DASHDOT, style = true, p++;
        } else if (*p == '-') {
            s->dash = PLOT_SOLID, style = true;
        } else if (*p == ':') {
            s->dash = PLOT_DOTTED, style = true;
        } else {
            return vm_raise(vm, vm->exc.value_error,
                            "plot: format '%s' not understood at '%c': use a colour (b g r c m y k), "
                            "a marker (. o x + *) and a line style (- -- : -.)",
                            fmt, *p);
        }
    }
    s->points = marker;
    s->line = style || !marker;
    return true;
}

static bool add_xy(VM *vm, PlotFigure *f, const double *x, int64_t nx, double *y, int64_t ny,
                   const char *fmt, const char *yname)
{
    if (x && nx != ny)
        return vm_raise(vm, vm->exc.value_error, "plot: x has %lld points but %s has %lld",
                        (long long)nx, yname, (long long)ny);
    if (f->nseries >= PLOT_SERIES_MAX)
        return vm_raise(vm, vm->exc.value_error, "plot: more than %d series in one figure",
                        PLOT_SERIES_MAX);
    double *xs = plot_alloc(f, (size_t)ny * sizeof(double));
    PlotSeries *s = xs ? plot_add_series(f) : NULL;
    if (!s) {
        plot_free(f, xs, (size_t)ny * sizeof(double));
        return vm_raise_oom(vm);
    }
    for (int64_t i = 0; i < ny; i++)
        xs[i] = x ? x[i] : (double)i;
    s->x = xs;
    s->y = y;
    s->n = ny;
    s->color = (f->nseries - 1) % PLOT_PALETTE_SIZE;
    s->marker = -1;
    s->line = true;
    return fmt ? parse_format(vm, fmt, s) : true;
}

/* The series of one group of arguments: x (may be UNDEF), y (one series,
   a list of series, or a 2-D tensor of them) and a format (may be UNDEF). */
static bool add_group(VM *vm, PlotFigure *f, Value xv, Value yv, Value fmtv)
{
    double *x = NULL, *y = NULL;
    int64_t nx = 0, ny = 0;
    const char *fmt = IS_STR(fmtv) ? AS_CSTR(fmtv) : NULL;
    bool ok = IS_UNDEF(xv) || read_vector(vm, f, xv, "plot", "x", false, &x, &nx);
    if (!ok)
        return false;
    if (IS_TENSOR(yv) && AS_TENSOR(yv)->ndim == 2) {
        /* a matrix: one series per row, or per column when the columns are
           what match x (matplotlib's layout) */
        const Tensor *t = AS_TENSOR(yv);
        int64_t r = t->shape[0], c = t->shape[1];
        bool by_column = x && c != nx && r == nx;
        int64_t nseries = by_column ? c : r, len = by_column ? r : c;
        if (x && len != nx) {
            char shape[96];
            tn_shape_str(shape, sizeof shape, t->dtype, t->ndim, t->shape);
            ok = vm_raise(vm, vm->exc.value_error,
                          "plot: x has %lld points but y has shape %s: each row of y should "
                          "have %lld",
                          (long long)nx, shape, (long long)nx);
        } else if (nseries > PLOT_SERIES_MAX) {
            ok = vm_raise(vm, vm->exc.value_error,
                          "plot: y has %lld rows, one series each (at most %d): to plot its "
                          "columns, pass y.T",
                          (long long)nseries, PLOT_SERIES_MAX);
        } else if (len == 0) {
            ok = vm_raise(vm, vm->exc.value_error, "plot: y is empty: there is nothing to draw");
        }
        for (int64_t i = 0; ok && i < nseries; i++) {
            y = plot_alloc(f, (size_t)len * sizeof(double));
            if (!y) {
                ok = vm_raise_oom(vm);
                break;
            }
            for (int64_t k = 0; k < len; k++)
                y[k] = tn_get_f64(t, by_column ? k * c + i : i * c + k);
            ok = add_xy(vm, f, x, nx, y, len, fmt, "y");
            if (!ok && (f->nseries == 0 || f->series[f->nseries - 1].y != y))
                plot_free(f, y, (size_t)len * sizeof(double));
        }
    } else if ((IS_LIST(yv) || IS_TUPLE(yv)) &&
               (IS_LIST(yv) ? AS_LIST(yv)->items.count : AS_TUPLE(yv)->count) > 0 &&
               is_sequence(IS_LIST(yv) ? AS_LIST(yv)->items.items[0] : AS_TUPLE(yv)->items[0])) {
        /* [y1, y2, ...]: a series each */
        Value *items = IS_LIST(yv) ? AS_LIST(yv)->items.items : AS_TUPLE(yv)->items;
        int count = IS_LIST(yv) ? AS_LIST(yv)->items.count : AS_TUPLE(yv)->count;
        for (int i = 0; ok && i < count; i++) {
            char name[32];
            snprintf(name, sizeof name, "y[%d]", i);
            ok = read_vector(vm, f, items[i], "plot", name, false, &y, &ny);
            if (ok) {
                ok = add_xy(vm, f, x, nx, y, ny, fmt, name);
                if (!ok && f->series[f->nseries - 1].y != y)
                    plot_free(f, y, (size_t)ny * sizeof(double));
            }
        }
    } else {
        ok = read_vector(vm, f, yv, "plot", "y", false, &y, &ny);
        if (ok) {
            ok = add_xy(vm, f, x, nx, y, ny, fmt, "y");
            if (!ok && (f->nseries == 0 || f->series[f->nseries - 1].y != y))
                plot_free(f, y, (size_t)ny * sizeof(double));
        }
    }
    plot_free(f, x, (size_t)nx * sizeof(double));
    return ok;
}

/* Arguments in matplotlib's grouping: [x,] y [, fmt], repeated. */
static bool plot_groups(VM *vm, PlotFigure *f, int argc, Value *argv)
{
    for (int i = 0; i < argc;) {
        if (IS_STR(argv[i]))
            return vm_raise(vm, vm->exc.type_error,
                            "plot: the format '%s' has no data before it (write plot(x, y, \"%s\"))",
                            AS_CSTR(argv[i]), AS_CSTR(argv[i]));
        Value x = UNDEF_VAL, y = argv[i++], fmt = UNDEF_VAL;
        if (i < argc && !IS_STR(argv[i])) {
            x = y;
            y = argv[i++];
        }
        if (i < argc && IS_STR(argv[i]))
            fmt = argv[i++];
        if (!add_group(vm, f, x, y, fmt))
            return false;
    }
    return true;
}

static const char *const xy_kwargs[] = {"label", "title", "xlabel", "ylabel", "width", "height",
                                        "xlim", "ylim", NULL};

static bool xy_limits(VM *vm, PlotFigure *f, ObjDict *kwargs, const char *fn)
{
    return read_limits(vm, f, kwargs, fn, "xlim", f->xlim, &f->has_xlim) &&
           read_limits(vm, f, kwargs, fn, "ylim", f->ylim, &f->has_ylim);
}

static bool p_plot(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    *out = NONE_VAL;
    if (!kwargs_check(vm, kwargs, "plot", xy_kwargs))
        return false;
    if (argc == 0)
        return vm_raise(vm, vm->exc.type_error,
                        "plot() needs data: plot(y), plot(x, y) or plot(x, y1, x, y2)");
    PlotFigure f;
    plot_figure_init(&f, plot_vm_alloc, vm);
    f.kind = PLOT_XY;
    Size size;
    bool ok = plot_groups(vm, &f, argc, argv) && apply_labels(vm, &f, kwargs, "plot", 0, "series") &&
              common_options(vm, &f, kwargs, "plot", &size) && xy_limits(vm, &f, kwargs, "plot") &&
              count_skipped(vm, &f, "plot") && show(vm, &f, size, "plot");
    plot_figure_free(&f);
    return ok;
}

/* ---- scatter */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One series per class of c (sorted by class), each its own marker. */
static bool scatter_classes(VM *vm, PlotFigure *f, double *x, double *y, int64_t n, Value cv)
{
    double *c = NULL, *classes = NULL;
    int64_t nc = 0;
    if (!read_vector(vm, f, cv, "scatter", "c", false, &c, &nc))
        return false;
    bool ok = true;
    if (nc != n)
        ok = vm_raise(vm, vm->exc.value_error, "scatter: c has %lld value%s but x has %lld",
                      (long long)nc, nc == 1 ? "" : "s", (long long)n);
    for (int64_t i = 0; ok && i < n; i++)
        if (!isfinite(c[i]) || c[i] != floor(c[i]))
            ok = vm_raise(vm, vm->exc.value_error,
                          "scatter: c must hold integer class labels, but c[%lld] is %g",
                          (long long)i, c[i]);
    int nclasses = 0;
    if (ok) {
        classes = plot_alloc(f, (size_t)n * sizeof(double));
        ok = classes || vm_raise_oom(vm);
    }
    if (ok) {
        memcpy(classes, c, (size_t)n * sizeof(double));
        qsort(classes, (size_t)n, sizeof(double), compare_doubles);
        for (int64_t i = 0; i < n; i++)
            if (i == 0 || classes[i] != classes[i - 1])
                classes[nclasses++] = classes[i];
        if (nclasses > PLOT_SERIES_MAX)
            ok = vm_raise(vm, vm->exc.value_error,
                          "scatter: c has %d different classes (at most %d)", nclasses,
                          PLOT_SERIES_MAX);
    }
    for (int k = 0; ok && k < nclasses; k++) {
        int64_t count = 0;
        for (int64_t i = 0; i < n; i++)
            count += c[i] == classes[k];
        char label[48];
        snprintf(label, sizeof label, "class %.0f", classes[k]);
        double *xs = plot_alloc(f, (size_t)count * sizeof(double));
        double *ys = plot_alloc(f, (size_t)count * sizeof(double));
        char *name = plot_strdup(f, label);
        PlotSeries *s = xs && ys && name ? plot_add_series(f) : NULL;
        if (!s) {
            plot_free(f, xs, (size_t)count * sizeof(double));
            plot_free(f, ys, (size_t)count * sizeof(double));
            plot_strfree(f, name);
            ok = vm_raise_oom(vm);
            break;
        }
        s->x = xs;
        s->y = ys;
        s->n = count;
        s->label = name;
        for (int64_t i = 0, j = 0; i < n; i++)
            if (c[i] == classes[k]) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        s->color = k % PLOT_PALETTE_SIZE;
        s->marker = k % PLOT_MARKER_COUNT;
        s->points = true;
    }
    plot_free(f, classes, (size_t)n * sizeof(double));
    plot_free(f, c, (size_t)nc * sizeof(double));
    return ok;
}

/* Class labels given by label=[...] replace the default "class 3". */
static bool scatter_labels(VM *vm, PlotFigure *f, ObjDict *kwargs)
{
    Value v;
    if (!kwarg_get(vm, kwargs, "label", &v) || IS_NONE(v))
        return true;
    if (IS_STR(v) && f->nseries > 1)
        return vm_raise(vm, vm->exc.value_error,
                        "scatter: with c=, label= names the classes: give a list of %d names",
                        f->nseries);
    for (int i = 0; i < f->nseries; i++) {
        plot_strfree(f, f->series[i].label);
        f->series[i].label = NULL;
    }
    return apply_labels(vm, f, kwargs, "scatter", 0, "classes");
}

static bool p_scatter(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"c", "label", "title", "xlabel", "ylabel", "width",
                                          "height", "xlim", "ylim", NULL};
    *out = NONE_VAL;
    if (!kwargs_check(vm, kwargs, "scatter", allowed))
        return false;
    PlotFigure f;
    plot_figure_init(&f, plot_vm_alloc, vm);
    f.kind = PLOT_XY;
    double *x = NULL, *y = NULL;
    int64_t nx = 0, ny = 0;
    Value cv;
    bool has_c = kwarg_get(vm, kwargs, "c", &cv) && !IS_NONE(cv);
    Size size;
    bool ok = read_vector(vm, &f, argv[0], "scatter", "x", false, &x, &nx) &&
              read_vector(vm, &f, argv[1], "scatter", "y", false, &y, &ny);
    if (ok && nx != ny)
        ok = vm_raise(vm, vm->exc.value_error, "scatter: x has %lld points but y has %lld",
                      (long long)nx, (long long)ny);
    if (ok && has_c) {
        ok = scatter_classes(vm, &f, x, y, nx, cv) && scatter_labels(vm, &f, kwargs);
    } else if (ok) {
        PlotSeries *s = plot_add_series(&f);
        if (s) {
            *s = (PlotSeries){x, y, nx, NULL, 0, PLOT_DASH_AUTO, false, true, -1};
            x = y = NULL;   /* the series owns them now */
        }
        ok = (s || vm_raise_oom(vm)) && apply_labels(vm, &f, kwargs, "scatter", 0, "series");
    }
    plot_free(&f, x, (size_t)nx * sizeof(double));
    plot_free(&f, y, (size_t)ny * sizeof(double));
    ok = ok && common_options(vm, &f, kwargs, "scatter", &size) &&
         xy_limits(vm, &f, kwargs, "scatter") && count_skipped(vm, &f, "scatter") &&
         show(vm, &f, size, "scatter");
    plot_figure_free(&f);
    return ok;
}

/* ---- hist */

static bool hist_fill(VM *vm, PlotFigure *f, const double *x, int64_t n, double lim[2],
                      bool has_range)
{
    double lo = 0, hi = 0;
    int64_t finite = 0;
    for (int64_t i = 0; i < n; i++) {
        if (!isfinite(x[i]))
            continue;
        if (!finite || x[i] < lo)
            lo = x[i];
        if (!finite || x[i] > hi)
            hi = x[i];
        finite++;
    }
    f->skipped = n - finite;
    if (finite == 0)
        return vm_raise(vm, vm->exc.value_error,
                        "hist: nothing to draw: all %lld values are NaN or inf", (long long)n);
    if (has_range) {
        lo = lim[0];
        hi = lim[1];
    } else if (lo == hi) {
        /* NumPy's rule for one distinct value: a unit-wide range around it */
        lo -= 0.5;
        hi += 0.5;
    }
    f->lo = lo;
    f->hi = hi;
    double width = (hi - lo) / f->bins;
    for (int64_t i = 0; i < n; i++) {
        double v = x[i];
        if (!isfinite(v) || v < lo || v > hi)
            continue;   /* outside range=: not counted, as in NumPy */
        int64_t b = (int64_t)((v - lo) / width);
        /* the last bin is closed on the right: hi itself falls in it */
        f->counts[b >= f->bins ? f->bins - 1 : b] += 1;
    }
    return true;
}

static bool p_hist(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"bins", "range", "label", "title", "xlabel", "ylabel",
                                          "width", "height", NULL};
    *out = NONE_VAL;
    if (!kwargs_check(vm, kwargs, "hist", allowed))
        return false;
    Value bins_v = INT_VAL(10);
    bool given;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 1, "hist", "bins", &bins_v, &given))
        return false;
    if (!given || IS_NONE(bins_v))
        bins_v = INT_VAL(10);
    if (!IS_INT(bins_v))
        return vm_raise(vm, vm->exc.type_error, "hist: bins must be an int, not %s",
                        value_type_name(vm, bins_v));
    if (AS_INT(bins_v) < 1 || AS_INT(bins_v) > MAX_BINS)
        return vm_raise(vm, vm->exc.value_error, "hist: bins=%lld is out of range (1 to %d)",
                        (long long)AS_INT(bins_v), MAX_BINS);
    PlotFigure f;
    plot_figure_init(&f, plot_vm_alloc, vm);
    f.kind = PLOT_HIST;
    f.bins = (int)AS_INT(bins_v);
    double *x = NULL, lim[2];
    int64_t n = 0;
    bool has_range = false;
    Size size;
    f.counts = plot_alloc(&f, (size_t)f.bins * sizeof(double));
    bool ok = (f.counts || vm_raise_oom(vm)) &&
              read_vector(vm, &f, argv[0], "hist", "x", true, &x, &n) &&
              read_limits(vm, &f, kwargs, "hist", "range", lim, &has_range) &&
              hist_fill(vm, &f, x, n, lim, has_range);
    plot_free(&f, x, (size_t)n * sizeof(double));
    /* a series with no points carries the colour and the legend's label */
    PlotSeries *s = ok ? plot_add_series(&f) : NULL;
    ok = ok && (s || vm_raise_oom(vm)) && apply_labels(vm, &f, kwargs, "hist", 0, "series") &&
         common_options(vm, &f, kwargs, "hist", &size) && show(vm, &f, size, "hist");
    plot_figure_free(&f);
    return ok;
}

/* ---- imshow */

/* M as rows x cols values: a 2-D tensor, or a list of equal-length rows. */
static bool read_matrix(VM *vm, PlotFigure *f, Value m)
{
    if (IS_TENSOR(m)) {
        const Tensor *t = AS_TENSOR(m);
        if (t->ndim != 2) {
            char shape[96];
            tn_shape_str(shape, sizeof shape, t->dtype, t->ndim, t->shape);
            return vm_raise(vm, vm->exc.value_error,
                            "imshow: M must be 2-D (a matrix), got %s%s", shape,
                            t->ndim == 1 ? ": reshape it first, e.g. M.reshape(8, 8)" : "");
        }
        if (t->size == 0)
            return vm_raise(vm, vm->exc.value_error, "imshow: M is empty: there is nothing to draw");
        f->pixels = plot_alloc(f, (size_t)t->size * sizeof(double));
        if (!f->pixels)
            return vm_raise_oom(vm);
        f->rows = t->shape[0];
        f->cols = t->shape[1];
        for (int64_t i = 0; i < t->size; i++)
            f->pixels[i] = tn_get_f64(t, i);
        return true;
    }
    if (!IS_LIST(m) && !IS_TUPLE(m))
        return vm_raise(vm, vm->exc.type_error, "imshow: M must be a 2-D tensor or a list of rows, not %s",
                        value_type_name(vm, m));
    Value *items = IS_LIST(m) ? AS_LIST(m)->items.items : AS_TUPLE(m)->items;
    int64_t rows = IS_LIST(m) ? AS_LIST(m)->items.count : AS_TUPLE(m)->count;
    if (rows == 0)
        return vm_raise(vm, vm->exc.value_error, "imshow: M is empty: there is nothing to draw");
    for (int64_t i = 0; i < rows; i++) {
        double *row = NULL;
        int64_t n = 0;
        char name[40];
        snprintf(name, sizeof name, "M[%lld]", (long long)i);
        if (!read_vector(vm, f, items[i], "imshow", name, false, &row, &n))
            return false;
        if (i == 0) {
            f->cols = n;
            f->pixels = plot_alloc(f, (size_t)(rows * n) * sizeof(double));
            if (!f->pixels) {
                plot_free(f, row, (size_t)n * sizeof(double));
                return vm_raise_oom(vm);
            }
            f->rows = rows;
        } else if (n != f->cols) {
            plot_free(f, row, (size_t)n * sizeof(double));
            return vm_raise(vm, vm->exc.value_error,
                            "imshow: the rows of M differ in length: M[0] has %lld values but "
                            "M[%lld] has %lld",
                            (long long)f->cols, (long long)i, (long long)n);
        }
        memcpy(f->pixels + i * f->cols, row, (size_t)n * sizeof(double));
        plot_free(f, row, (size_t)n * sizeof(double));
    }
    return true;
}

static bool image_scale(VM *vm, PlotFigure *f, ObjDict *kwargs)
{
    int64_t n = f->rows * f->cols, finite = 0;
    double lo = 0, hi = 0;
    for (int64_t i = 0; i < n; i++) {
        double v = f->pixels[i];
        if (!isfinite(v))
            continue;
        if (!finite || v < lo)
            lo = v;
        if (!finite || v > hi)
            hi = v;
        finite++;
    }
    f->skipped = n - finite;
    if (finite == 0)
        return vm_raise(vm, vm->exc.value_error,
                        "imshow: nothing to draw: all %lld values are NaN or inf", (long long)n);
    bool has_min, has_max;
    if (!read_number(vm, kwargs, "imshow", "vmin", &f->vmin, &has_min) ||
        !read_number(vm, kwargs, "imshow", "vmax", &f->vmax, &has_max))
        return false;
    if (!has_min)
        f->vmin = lo;
    if (!has_max)
        f->vmax = hi;
    if (f->vmin > f->vmax)
        return vm_raise(vm, vm->exc.value_error, "imshow: vmin=%g is above vmax=%g", f->vmin,
                        f->vmax);
    return true;
}

static bool p_imshow(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"vmin", "vmax", "title", "xlabel", "ylabel", "width",
                                          "height", NULL};
    (void)argc;
    *out = NONE_VAL;
    if (!kwargs_check(vm, kwargs, "imshow", allowed))
        return false;
    PlotFigure f;
    plot_figure_init(&f, plot_vm_alloc, vm);
    f.kind = PLOT_IMAGE;
    Size size;
    bool ok = read_matrix(vm, &f, argv[0]) && image_scale(vm, &f, kwargs) &&
              common_options(vm, &f, kwargs, "imshow", &size) && show(vm, &f, size, "imshow");
    plot_figure_free(&f);
    return ok;
}

/* ---- savefig */

static bool p_savefig(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    static const char *const allowed[] = {"width", "height", NULL};
    (void)argc;
    *out = NONE_VAL;
    if (!kwargs_check(vm, kwargs, "savefig", allowed))
        return false;
    if (!IS_STR(argv[0]))
        return vm_raise(vm, vm->exc.type_error, "savefig: the file name must be a str, not %s",
                        value_type_name(vm, argv[0]));
    const char *path = AS_CSTR(argv[0]);
    size_t len = strlen(path);
    if (len < 4 || strcasecmp(path + len - 4, ".svg") != 0)
        return vm_raise(vm, vm->exc.value_error,
                        "savefig: figures are saved as SVG: name the file with .svg, e.g. "
                        "savefig(\"loss.svg\")");
    int width = 640, height = 480;
    if (!read_size(vm, kwargs, "savefig", "width", SVG_MIN, SVG_MAX, &width) ||
        !read_size(vm, kwargs, "savefig", "height", SVG_MIN, SVG_MAX, &height))
        return false;
    if (!vm->allow_files)
        return vm_raise(vm, vm->exc.os_error, "savefig: file access is disabled in this VM");
    PlotState *st = vm->lib_state[PLOT_STATE_SLOT];
    if (!st || !st->has_last)
        return vm_raise(vm, vm->exc.runtime_error,
                        "savefig: there is no figure yet: draw one with plot(), scatter(), "
                        "hist() or imshow() first");
    StrBuf b;
    sb_init(&b, plot_vm_alloc, vm);
    plot_render_svg(&st->last, width, height, &b);
    if (b.failed) {
        sb_free(&b);
        return vm_raise_oom(vm);
    }
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(b.data, 1, b.len, fp) == b.len;
    if (fp && fclose(fp) != 0)
        ok = false;
    sb_free(&b);
    if (!ok)
        return vm_raise(vm, vm->exc.os_error, "savefig: cannot write '%s': %s", path,
                        strerror(errno));
    return true;
}

/* ---- registration */

static const NativeSpec plot_specs[] = {
    {"plot", p_plot, 0, -1,
     "plot(*data, label=None, title=None, xlabel=None, ylabel=None, xlim=None, ylim=None, "
     "width=None, height=None)",
     "Draw y against x as a line in the terminal, in braille dots with ticks on both axes.\n"
     "data is y, or x, y, or several x, y pairs (one curve each); y may also be a list of\n"
     "curves or a 2-D tensor (one curve per row). Without x, y is drawn against 0, 1, 2...\n"
     "A matplotlib format string after y sets colour, marker and line: \"o\" is points only,\n"
     "\"r--\" a red dashed line. label names the curves (a list: one name each) in a legend;\n"
     "xlim/ylim=(low, high) fix the axes. NaN and inf points are left out and counted in a\n"
     "note. The figure fills the terminal; width and height (characters) fix its size.\n"
     "Each call draws a whole figure; savefig() writes the last one as SVG.\n\n"
     "Example:\n"
     "    >>> plot([0, 1, 4, 9, 16], width=30, height=7)\n"
     "    20 ┤\n"
     "       │                      ⣀⠤⠒⠉\n"
     "    10 ┤                 ⢀⡠⠤⠒⠉\n"
     "       │            ⣀⣀⠤⠒⠉⠁\n"
     "     0 ┤⣀⣀⣀⡠⠤⠤⠤⠤⠒⠒⠉⠉\n"
     "       └┬─────┬──────┬─────┬─────┬\n"
     "        0     1      2     3     4"},
    {"scatter", p_scatter, 2, 2,
     "scatter(x, y, c=None, label=None, title=None, xlabel=None, ylabel=None, xlim=None, "
     "ylim=None, width=None, height=None)",
     "Draw the points (x[i], y[i]) in the terminal as braille dots. With c, integer class\n"
     "labels (one per point), each class gets its own marker (o x + * # @ % &) and colour,\n"
     "and the legend calls them \"class 0\", \"class 1\", ... or the names in label=[...].\n\n"
     "Example:\n"
     "    >>> scatter([1, 2, 3, 4], [1, 3, 2, 4], c=[0, 0, 1, 1], width=24, height=8)\n"
     "    4 ┤                    x\n"
     "      │          o\n"
     "    2 ┤               x\n"
     "      │     o\n"
     "    0 ┤\n"
     "      └┬─────────┬─────────┬\n"
     "       0         2         4\n"
     "    o class 0   x class 1"},
    {"hist", p_hist, 1, 2,
     "hist(x, bins=10, range=None, label=None, title=None, xlabel=None, ylabel=None, "
     "width=None, height=None)",
     "Draw a histogram of the values in x (a tensor of any shape is read flat): bins\n"
     "equal-width bins from the smallest value to the largest, or over range=(low, high),\n"
     "counted as numpy.histogram counts them. Bars are block characters in eighths of a\n"
     "row, and a bin with any count never looks empty.\n\n"
     "Example:\n"
     "    >>> hist([1, 2, 2, 3, 3, 3, 4, 4, 5], bins=5, width=30, height=7)\n"
     "    4 ┤\n"
     "      │          ▆▆▆▆\n"
     "    2 ┤     ▄▄▄▄ ████ ▄▄▄▄\n"
     "      │▂▂▂▂ ████ ████ ████ ▂▂▂▂\n"
     "    0 ┤████ ████ ████ ████ ████\n"
     "      └┬─────┬─────┬─────┬─────┬\n"
     "       1     2     3     4     5"},
    {"imshow", p_imshow, 1, 1,
     "imshow(M, vmin=None, vmax=None, title=None, xlabel=None, ylabel=None, width=None, "
     "height=None)",
     "Draw a matrix as a heatmap, row 0 at the top: each value a block two characters wide\n"
     "(so it looks square), scaled up or down to fit, shaded ' ░▒▓█' from vmin (default: the\n"
     "smallest value) to vmax (the largest), or in greys on a colour terminal. For weight\n"
     "matrices and 8x8 digits.\n\n"
     "Example:\n"
     "    >>> imshow([[0, 1, 2], [3, 4, 5]], width=30, height=8)\n"
     "    0 ┤    ░░░░▒▒▒▒\n"
     "      │    ░░░░▒▒▒▒\n"
     "    1 ┤▓▓▓▓████████\n"
     "      │▓▓▓▓████████\n"
     "      └─┬───┬───┬──\n"
     "        0   1   2\n"
     "    scale: 0 [ ░▒▓█] 5"},
    {"savefig", p_savefig, 1, 1, "savefig(fname, width=640, height=480)",
     "Write the last figure drawn (by plot, scatter, hist or imshow) to fname as an SVG\n"
     "file of width x height pixels, with its axes, ticks, legend and data, for a browser\n"
     "or a report. The name must end in .svg.\n\n"
     "Example:\n"
     "    >>> plot([3, 1, 2], width=20, height=5)\n"
     "    3 ┤⠑⠢⣀\n"
     "    2 ┤   ⠑⠢⢄        ⢀⣀⠤\n"
     "    1 ┤      ⠉⠢⢄⡠⠤⠒⠊⠉⠁\n"
     "      └┬───────┬───────┬\n"
     "       0       1       2\n"
     "    >>> savefig(\"loss.svg\")"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const char plot_doc[] =
    "Plots in the terminal (braille lines and points, block-character bars and heatmaps,\n"
    "with axis ticks) and as SVG files: plot, scatter, hist, imshow, savefig. The same\n"
    "functions are builtins, so `import plot` is only needed for plot.plot-style names.";

bool lib_open_plot(VM *vm)
{
    ObjModule *m = vm_native_module(vm, "plot", plot_specs, plot_doc);
    if (!m)
        return false;
    gc_push_root(vm, OBJ_VAL(m));
    ObjUserdata *u = userdata_new(vm, "Figure", sizeof(PlotState), state_finalize);
    bool ok = u != NULL;
    if (ok) {
        gc_push_root(vm, OBJ_VAL(u));
        PlotState *st = u->data;
        plot_figure_init(&st->last, plot_vm_alloc, vm);
        vm->lib_state[PLOT_STATE_SLOT] = st;
        for (const NativeSpec *s = plot_specs; ok && s->name; s++) {
            ObjString *name = str_from_cstr(vm, s->name);
            Value fn;
            ok = name && dict_get_str(m->globals, name, &fn) && IS_NATIVE(fn);
            if (ok) {
                AS_NATIVE(fn)->data = OBJ_VAL(u);  /* keeps the last figure alive */
                ok = dict_set_str(vm, vm->builtins, name, fn);
            }
        }
        ok = ok && dict_set_str(vm, vm->modules, m->name, OBJ_VAL(m));
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    return ok;
}
