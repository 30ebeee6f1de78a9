/*
 * plot_figure.c - the figure's memory, the range its data covers, and the
 * ticks both renderers put on its axes.
 *
 * Ticks are "nice": 1, 2 or 5 times a power of ten apart (Heckbert's
 * labelling), computed as whole multiples of the step so that 0.1 + 0.2
 * never shows up as 0.30000000000000004 and zero is never "-0".
 */
#include "lib/plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const plot_svg_palette[PLOT_PALETTE_SIZE] = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
};

/* The nearest colours of the xterm 256-colour cube to the SVG palette. */
const int plot_term_palette[PLOT_PALETTE_SIZE] = {33, 208, 34, 160, 98, 130, 205, 245, 142, 37};

const char plot_markers[PLOT_MARKER_COUNT] = {'o', 'x', '+', '*', '#', '@', '%', '&'};

/* ---- memory */

void plot_figure_init(PlotFigure *f, PlotAllocFn alloc, void *ud)
{
    memset(f, 0, sizeof *f);
    f->alloc = alloc;
    f->ud = ud;
}

void *plot_alloc(const PlotFigure *f, size_t size)
{
    void *p = f->alloc(f->ud, NULL, 0, size ? size : 1);
    if (p)
        memset(p, 0, size ? size : 1);
    return p;
}

void plot_free(const PlotFigure *f, void *p, size_t size)
{
    if (p)
        f->alloc(f->ud, p, size ? size : 1, 0);
}

char *plot_strdup(const PlotFigure *f, const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = plot_alloc(f, n);
    if (d)
        memcpy(d, s, n);
    return d;
}

void plot_strfree(const PlotFigure *f, char *s)
{
    if (s)
        plot_free(f, s, strlen(s) + 1);
}

PlotSeries *plot_add_series(PlotFigure *f)
{
    if (f->nseries == f->series_cap) {
        int cap = f->series_cap ? f->series_cap * 2 : 4;
        PlotSeries *s = f->alloc(f->ud, f->series, (size_t)f->series_cap * sizeof *s,
                                 (size_t)cap * sizeof *s);
        if (!s)
            return NULL;
        f->series = s;
        f->series_cap = cap;
    }
    PlotSeries *s = &f->series[f->nseries++];
    memset(s, 0, sizeof *s);
    s->marker = -1;
    return s;
}

void plot_figure_free(PlotFigure *f)
{
    for (int i = 0; i < f->nseries; i++) {
        PlotSeries *s = &f->series[i];
        plot_free(f, s->x, (size_t)s->n * sizeof(double));
        plot_free(f, s->y, (size_t)s->n * sizeof(double));
        plot_strfree(f, s->label);
    }
    if (f->series)
        f->alloc(f->ud, f->series, (size_t)f->series_cap * sizeof *f->series, 0);
    plot_free(f, f->counts, (size_t)f->bins * sizeof(double));
    plot_free(f, f->pixels, (size_t)(f->rows * f->cols) * sizeof(double));
    plot_strfree(f, f->title);
    plot_strfree(f, f->xlabel);
    plot_strfree(f, f->ylabel);
    plot_figure_init(f, f->alloc, f->ud);
}

/* ---- ranges */

bool plot_series_range(const PlotFigure *f, bool want_y, double *lo, double *hi)
{
    bool any = false;
    double mn = 0, mx = 0;
    for (int i = 0; i < f->nseries; i++) {
        const PlotSeries *s = &f->series[i];
        for (int64_t k = 0; k < s->n; k++) {
            /* a point counts only when both its coordinates are finite */
            if (!isfinite(s->x[k]) || !isfinite(s->y[k]))
                continue;
            double v = want_y ? s->y[k] : s->x[k];
            if (!any || v < mn)
                mn = v;
            if (!any || v > mx)
                mx = v;
            any = true;
        }
    }
    *lo = mn;
    *hi = mx;
    return any;
}

/* ---- nice ticks */

/* The nice number (1, 2 or 5 times a power of ten) nearest to x > 0. */
static double nice_step(double x)
{
    double e = floor(log10(x));
    double p = pow(10.0, e);
    double m = x / p;
    double s = m < 1.5 ? 1.0 : m < 3.5 ? 2.0 : m < 7.5 ? 5.0 : 10.0;
    return s * p;
}

/* The nice numbers either side of step: 1 -> 2 -> 5 -> 10 and back. */
static double next_step(double step)
{
    double e = floor(log10(step) + 1e-9);
    double p = pow(10.0, e);
    double m = step / p;
    return (m < 1.5 ? 2.0 : m < 3.5 ? 5.0 : 10.0) * p;
}

static double prev_step(double step)
{
    double e = floor(log10(step) + 1e-9);
    double p = pow(10.0, e);
    double m = step / p;
    return (m < 1.5 ? 0.5 : m < 3.5 ? 1.0 : 2.0) * p;
}

/* The multiples of step that label [dmin, dmax]: loose, the ones just
   outside it; exact, the ones inside. */
static void tick_span(double dmin, double dmax, double step, bool loose, double *first, double *last)
{
    if (loose) {
        *first = floor(dmin / step + 1e-9);
        *last = ceil(dmax / step - 1e-9);
    } else {
        *first = ceil(dmin / step - 1e-9);
        *last = floor(dmax / step + 1e-9);
    }
}

void plot_axis_make(PlotAxis *a, double dmin, double dmax, int target, bool loose, bool integers)
{
    memset(a, 0, sizeof *a);
    if (dmax < dmin) {
        double t = dmin;
        dmin = dmax;
        dmax = t;
    }
    if (target < 2)
        target = 2;
    if (dmin == dmax && integers) {
        /* one row or column of a matrix: a single tick on its index */
        a->lo = dmin - 0.5;
        a->hi = dmax + 0.5;
        a->step = 1;
        a->nticks = 1;
        a->ticks[0] = dmin;
    } else {
        if (dmin == dmax) {
            /* a constant series: widen so the value sits mid-axis */
            double d = dmin == 0 ? 1.0 : fabs(dmin) * 0.1;
            dmin -= d;
            dmax += d;
        }
        double range = dmax - dmin;
        if (!isfinite(range) || range <= 0) {
            /* beyond what doubles can subdivide: label the two ends only */
            a->lo = dmin;
            a->hi = dmax;
            a->step = isfinite(range) ? fabs(dmax) : fabs(dmax) + fabs(dmin);
            a->nticks = 2;
            a->ticks[0] = dmin;
            a->ticks[1] = dmax;
        } else {
            double step = nice_step(range / (target - 1));
            if (integers && step < 1)
                step = 1;
            double first, last;
            for (;;) {
                tick_span(dmin, dmax, step, loose, &first, &last);
                if (last - first + 1 <= PLOT_TICKS_MAX && last - first + 1 <= target + 1)
                    break;
                step = next_step(step);
            }
            /* an exact axis can fall between two ticks of a coarse step: a
               finer one gives it at least two labels */
            while (!loose && last - first + 1 < 2 && !(integers && step <= 1)) {
                step = prev_step(step);
                tick_span(dmin, dmax, step, loose, &first, &last);
            }
            a->step = step;
            a->lo = loose ? first * step : dmin;
            a->hi = loose ? last * step : dmax;
            if (a->hi <= a->lo) /* loose rounding of a tiny range */
                a->hi = a->lo + step;
            for (double k = first; k <= last && a->nticks < PLOT_TICKS_MAX; k++)
                a->ticks[a->nticks++] = k == 0 ? 0.0 : k * step;
        }
    }
    for (int i = 0; i < a->nticks; i++) {
        plot_format_number(a->labels[i], PLOT_TICK_LABEL_MAX, a->ticks[i], a->step);
        int w = (int)strlen(a->labels[i]);
        if (w > a->label_width)
            a->label_width = w;
    }
}

void plot_figure_axes(const PlotFigure *f, int xtarget, int ytarget, PlotAxis *x, PlotAxis *y)
{
    double lo = 0, hi = 1;
    switch (f->kind) {
    case PLOT_XY:
        if (f->has_xlim)
            plot_axis_make(x, f->xlim[0], f->xlim[1], xtarget, false, false);
        else {
            plot_series_range(f, false, &lo, &hi);
            plot_axis_make(x, lo, hi, xtarget, true, false);
        }
        if (f->has_ylim)
            plot_axis_make(y, f->ylim[0], f->ylim[1], ytarget, false, false);
        else {
            lo = 0, hi = 1;
            plot_series_range(f, true, &lo, &hi);
            plot_axis_make(y, lo, hi, ytarget, true, false);
        }
        break;
    case PLOT_HIST: {
        plot_axis_make(x, f->lo, f->hi, xtarget, false, false);
        double most = 0;
        for (int i = 0; i < f->bins; i++)
            if (f->counts[i] > most)
                most = f->counts[i];
        /* counts start at zero (bars are measured from the axis) and are
           whole numbers */
        plot_axis_make(y, 0, most > 0 ? most : 1, ytarget, true, true);
        break;
    }
    case PLOT_IMAGE:
        plot_axis_make(x, 0, (double)(f->cols - 1), xtarget, false, true);
        plot_axis_make(y, 0, (double)(f->rows - 1), ytarget, false, true);
        break;
    }
}

/* A decimal comma (from a locale the host set) back to a point: labels and
   SVG numbers read the same everywhere. */
static void point_decimal(char *s)
{
    for (; *s; s++)
        if (*s == ',')
            *s = '.';
}

/* "1.5e+06" -> "1.5e6", "2e-05" -> "2e-5": shorter labels, same value. */
static void compact_exponent(char *s)
{
    char *e = strchr(s, 'e');
    if (!e)
        return;
    char *src = e + 1, *dst = e + 1;
    if (*src == '+')
        src++;
    else if (*src == '-')
        *dst++ = *src++;
    while (*src == '0' && src[1])
        src++;
    memmove(dst, src, strlen(src) + 1);
}

void plot_format_number(char *buf, size_t size, double v, double step)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    double mag = fabs(v);
    double s = step > 0 && isfinite(step) ? step : mag > 0 ? mag : 1;
    if (mag >= 1e6 || s < 1e-4) {
        if (v == 0) {
            snprintf(buf, size, "0");
            return;
        }
        int digits = (int)floor(log10(mag)) - (int)floor(log10(s) + 1e-9) + 1;
        digits = digits < 1 ? 1 : digits > 15 ? 15 : digits;
        snprintf(buf, size, "%.*e", digits - 1, v);
        point_decimal(buf);
        compact_exponent(buf);
        return;
    }
    int decimals = s >= 1 ? 0 : (int)ceil(-log10(s) - 1e-9);
    decimals = decimals > 15 ? 15 : decimals;
    snprintf(buf, size, "%.*f", decimals, v == 0 ? 0.0 : v);     /* never "-0.0" */
    point_decimal(buf);
}

void plot_format_short(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%.4g", v == 0 ? 0.0 : v);
    point_decimal(buf);
    compact_exponent(buf);
}
