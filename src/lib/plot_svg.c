/*
 * plot_svg.c - a figure as a standalone SVG document a browser shows.
 *
 * The same figure and the same ticks as in the terminal, at pixel
 * resolution: a white page, light grid lines at the ticks, the axes on the
 * left and bottom, the data clipped to the plot area (lines as polylines
 * broken at NaN, points as circles, bars and heatmap cells as rects), a
 * legend in the top-right corner and, for a heatmap, a colour bar.
 *
 * Text is escaped for XML, numbers are written with a '.' decimal point
 * whatever the C locale, so the file always parses.
 */
#include "lib/plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { FONT_SIZE = 12, CHAR_WIDTH = 7, TICK_LEN = 5, LEGEND_ROW = 18 };

/* Matplotlib's default colour map (viridis) at five stops. */
static const unsigned char viridis[5][3] = {
    {0x44, 0x01, 0x54}, {0x3b, 0x52, 0x8b}, {0x21, 0x91, 0x8c}, {0x5e, 0xc9, 0x62}, {0xfd, 0xe7, 0x25},
};

typedef struct Svg {
    const PlotFigure *f;
    StrBuf *out;
    double left, top, w, h;     /* the plot area */
    double pad_x, pad_y;        /* data kept this far inside its edges */
    PlotAxis x, y;
} Svg;

/* A coordinate: two decimals, no locale, no "-0.00". */
static void num(StrBuf *out, double v)
{
    char buf[48];
    if (!isfinite(v))
        v = 0;
    v = round(v * 100) / 100;
    snprintf(buf, sizeof buf, "%.2f", v == 0 ? 0.0 : v);
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    /* 12.50 -> 12.5, 12.00 -> 12 */
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    sb_puts(out, buf);
}

/* The length of the valid UTF-8 sequence at s, or 0. */
static int utf8_sequence(const unsigned char *s)
{
    int n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
          : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 2 && s[0] < 0xC2)
        return 0;   /* overlong */
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Text as XML character data: the five special characters escaped, control
   characters (XML 1.0 allows only tab, LF and CR) as spaces, and bytes that
   are not UTF-8 as U+FFFD, so any str makes a file that parses. */
static void escaped(StrBuf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        switch (*p) {
        case '&': sb_puts(out, "&amp;"); p++; continue;
        case '<': sb_puts(out, "&lt;"); p++; continue;
        case '>': sb_puts(out, "&gt;"); p++; continue;
        case '"': sb_puts(out, "&quot;"); p++; continue;
        case '\'': sb_puts(out, "&apos;"); p++; continue;
        default: break;
        }
        int n = utf8_sequence(p);
        if (n == 0) {
            sb_puts(out, "\xEF\xBF\xBD");
            p++;
        } else if (*p < 0x20) {
            sb_putc(out, ' ');
            p++;
        } else {
            sb_append(out, (const char *)p, (size_t)n);
            p += n;
        }
    }
}

static void text(StrBuf *out, double x, double y, const char *anchor, const char *extra,
                 const char *s)
{
    sb_puts(out, "<text x=\"");
    num(out, x);
    sb_puts(out, "\" y=\"");
    num(out, y);
    sb_printf(out, "\" text-anchor=\"%s\"%s>", anchor, extra);
    escaped(out, s);
    sb_puts(out, "</text>\n");
}

static void line(StrBuf *out, double x0, double y0, double x1, double y1, const char *stroke)
{
    sb_puts(out, "<line x1=\"");
    num(out, x0);
    sb_puts(out, "\" y1=\"");
    num(out, y0);
    sb_puts(out, "\" x2=\"");
    num(out, x1);
    sb_puts(out, "\" y2=\"");
    num(out, y1);
    sb_printf(out, "\" stroke=\"%s\"/>\n", stroke);
}

static void rect(StrBuf *out, double x, double y, double w, double h, const char *fill)
{
    sb_puts(out, "<rect x=\"");
    num(out, x);
    sb_puts(out, "\" y=\"");
    num(out, y);
    sb_puts(out, "\" width=\"");
    num(out, w);
    sb_puts(out, "\" height=\"");
    num(out, h);
    sb_printf(out, "\" fill=\"%s\"/>\n", fill);
}

static const char *dash_array(PlotDash d)
{
    switch (d) {
    case PLOT_DOTTED: return " stroke-dasharray=\"2,3\"";
    case PLOT_DASHED: return " stroke-dasharray=\"8,4\"";
    case PLOT_DASHDOT: return " stroke-dasharray=\"8,4,2,4\"";
    default: return "";
    }
}

/* #rrggbb of the colour map at t in [0, 1]. */
static void colormap(double t, char *buf, size_t size)
{
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double pos = t * 4;
    int i = pos >= 4 ? 3 : (int)pos;
    double u = pos - i;
    int rgb[3];
    for (int k = 0; k < 3; k++)
        rgb[k] = (int)lround(viridis[i][k] + u * (viridis[i + 1][k] - viridis[i][k]));
    snprintf(buf, size, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* ---- mapping data to pixels */

static double map_x(const Svg *s, double v)
{
    if (s->f->kind == PLOT_IMAGE)
        return s->left + (v + 0.5) / (double)s->f->cols * s->w;
    return s->left + s->pad_x + (v - s->x.lo) / (s->x.hi - s->x.lo) * (s->w - 2 * s->pad_x);
}

static double map_y(const Svg *s, double v)
{
    if (s->f->kind == PLOT_IMAGE)
        return s->top + (v + 0.5) / (double)s->f->rows * s->h;
    return s->top + s->pad_y + (s->y.hi - v) / (s->y.hi - s->y.lo) * (s->h - 2 * s->pad_y);
}

/* ---- parts */

static void grid_lines(const Svg *s)
{
    if (s->f->kind == PLOT_IMAGE)
        return;     /* lines across a heatmap would hide cells */
    StrBuf *out = s->out;
    sb_puts(out, "<g class=\"grid\">\n");
    for (int i = 0; i < s->x.nticks; i++) {
        double px = map_x(s, s->x.ticks[i]);
        line(out, px, s->top, px, s->top + s->h, "#e5e5e5");
    }
    for (int i = 0; i < s->y.nticks; i++) {
        double py = map_y(s, s->y.ticks[i]);
        line(out, s->left, py, s->left + s->w, py, "#e5e5e5");
    }
    sb_puts(out, "</g>\n");
}

/* Drawn after the data, so bars and cells do not cover the axis lines. */
static void axes(const Svg *s)
{
    StrBuf *out = s->out;
    sb_puts(out, "<g class=\"axes\">\n");
    double bottom = s->top + s->h;
    line(out, s->left, s->top, s->left, bottom, "#000000");
    line(out, s->left, bottom, s->left + s->w, bottom, "#000000");
    for (int i = 0; i < s->x.nticks; i++) {
        double px = map_x(s, s->x.ticks[i]);
        line(out, px, bottom, px, bottom + TICK_LEN, "#000000");
        text(out, px, bottom + TICK_LEN + FONT_SIZE + 2, "middle", "", s->x.labels[i]);
    }
    for (int i = 0; i < s->y.nticks; i++) {
        double py = map_y(s, s->y.ticks[i]);
        line(out, s->left - TICK_LEN, py, s->left, py, "#000000");
        text(out, s->left - TICK_LEN - 3, py + FONT_SIZE / 3.0, "end", "", s->y.labels[i]);
    }
    sb_puts(out, "</g>\n");
}

static void series_svg(const Svg *s, const PlotSeries *ps)
{
    StrBuf *out = s->out;
    const char *color = plot_svg_palette[ps->color % PLOT_PALETTE_SIZE];
    if (ps->line) {
        /* one polyline for each run of finite points */
        bool open = false;
        for (int64_t k = 0; k <= ps->n; k++) {
            bool ok = k < ps->n && isfinite(ps->x[k]) && isfinite(ps->y[k]);
            if (ok && !open) {
                sb_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"",
                          color, dash_array(ps->dash));
                open = true;
            } else if (ok) {
                sb_putc(out, ' ');
            }
            if (ok) {
                num(out, map_x(s, ps->x[k]));
                sb_putc(out, ',');
                num(out, map_y(s, ps->y[k]));
            } else if (open) {
                sb_puts(out, "\"/>\n");
                open = false;
            }
        }
    }
    if (ps->points)
        for (int64_t k = 0; k < ps->n; k++) {
            if (!isfinite(ps->x[k]) || !isfinite(ps->y[k]))
                continue;
            sb_puts(out, "<circle cx=\"");
            num(out, map_x(s, ps->x[k]));
            sb_puts(out, "\" cy=\"");
            num(out, map_y(s, ps->y[k]));
            sb_printf(out, "\" r=\"3\" fill=\"%s\"/>\n", color);
        }
}

static void hist_svg(const Svg *s)
{
    const PlotFigure *f = s->f;
    const char *color = plot_svg_palette[f->nseries ? f->series[0].color % PLOT_PALETTE_SIZE : 0];
    double width = (f->hi - f->lo) / f->bins;
    for (int b = 0; b < f->bins; b++) {
        if (f->counts[b] <= 0)
            continue;
        double x0 = map_x(s, f->lo + b * width), x1 = map_x(s, f->lo + (b + 1) * width);
        double y0 = map_y(s, f->counts[b]), y1 = map_y(s, 0);
        rect(s->out, x0, y0, x1 - x0, y1 - y0, color);
    }
    /* white edges between bars, as matplotlib's default style draws them */
    for (int b = 1; b < f->bins; b++) {
        double px = map_x(s, f->lo + b * width);
        line(s->out, px, s->top, px, s->top + s->h, "#ffffff");
    }
}

static void image_svg(const Svg *s)
{
    const PlotFigure *f = s->f;
    double cw = s->w / (double)f->cols, ch = s->h / (double)f->rows;
    char fill[8];
    for (int64_t i = 0; i < f->rows; i++)
        for (int64_t j = 0; j < f->cols; j++) {
            double v = f->pixels[i * f->cols + j];
            if (!isfinite(v))
                continue;   /* NaN cells stay blank */
            double t = f->vmax > f->vmin ? (v - f->vmin) / (f->vmax - f->vmin) : 0.5;
            colormap(t, fill, sizeof fill);
            /* a hair wider than the cell, so no seams show between cells */
            rect(s->out, s->left + (double)j * cw, s->top + (double)i * ch, cw + 0.5, ch + 0.5, fill);
        }
    /* the colour bar: a gradient with the two ends labelled */
    StrBuf *out = s->out;
    double bx = s->left + s->w + 16, bw = 14;
    sb_puts(out, "<defs><linearGradient id=\"cbar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
    for (int i = 0; i <= 4; i++) {
        colormap(i / 4.0, fill, sizeof fill);
        sb_printf(out, "<stop offset=\"%d%%\" stop-color=\"%s\"/>", i * 25, fill);
    }
    sb_puts(out, "</linearGradient></defs>\n<rect x=\"");
    num(out, bx);
    sb_puts(out, "\" y=\"");
    num(out, s->top);
    sb_puts(out, "\" width=\"");
    num(out, bw);
    sb_puts(out, "\" height=\"");
    num(out, s->h);
    sb_puts(out, "\" fill=\"url(#cbar)\" stroke=\"#000000\"/>\n");
    char lo[32], hi[32];
    plot_format_short(lo, sizeof lo, f->vmin);
    plot_format_short(hi, sizeof hi, f->vmax);
    text(out, bx + bw + 4, s->top + FONT_SIZE, "start", "", hi);
    text(out, bx + bw + 4, s->top + s->h, "start", "", lo);
}

static void legend_svg(const Svg *s)
{
    const PlotFigure *f = s->f;
    int n = 0, widest = 0;
    for (int i = 0; i < f->nseries; i++)
        if (f->series[i].label) {
            n++;
            int w = plot_text_width(f->series[i].label);
            widest = w > widest ? w : widest;
        }
    if (n == 0)
        return;
    StrBuf *out = s->out;
    double bw = 40 + widest * CHAR_WIDTH, bh = n * LEGEND_ROW + 8;
    double bx = s->left + s->w - bw - 8, by = s->top + 8;
    sb_puts(out, "<g class=\"legend\">\n<rect x=\"");
    num(out, bx);
    sb_puts(out, "\" y=\"");
    num(out, by);
    sb_puts(out, "\" width=\"");
    num(out, bw);
    sb_puts(out, "\" height=\"");
    num(out, bh);
    sb_puts(out, "\" fill=\"#ffffff\" fill-opacity=\"0.85\" stroke=\"#cccccc\"/>\n");
    int row = 0;
    for (int i = 0; i < f->nseries; i++) {
        const PlotSeries *ps = &f->series[i];
        if (!ps->label)
            continue;
        const char *color = plot_svg_palette[ps->color % PLOT_PALETTE_SIZE];
        double cy = by + 4 + LEGEND_ROW * (row++ + 0.5);
        if (f->kind == PLOT_HIST) {
            rect(out, bx + 8, cy - 5, 20, 10, color);
        } else if (ps->line) {
            sb_puts(out, "<line x1=\"");
            num(out, bx + 6);
            sb_puts(out, "\" y1=\"");
            num(out, cy);
            sb_puts(out, "\" x2=\"");
            num(out, bx + 30);
            sb_puts(out, "\" y2=\"");
            num(out, cy);
            sb_printf(out, "\" stroke=\"%s\" stroke-width=\"1.5\"%s/>\n", color, dash_array(ps->dash));
        }
        if (ps->points && f->kind != PLOT_HIST) {
            sb_puts(out, "<circle cx=\"");
            num(out, bx + 18);
            sb_puts(out, "\" cy=\"");
            num(out, cy);
            sb_printf(out, "\" r=\"3\" fill=\"%s\"/>\n", color);
        }
        text(out, bx + 36, cy + FONT_SIZE / 3.0, "start", "", ps->label);
    }
    sb_puts(out, "</g>\n");
}

void plot_render_svg(const PlotFigure *f, int width, int height, StrBuf *out)
{
    Svg s;
    memset(&s, 0, sizeof s);
    s.f = f;
    s.out = out;
    double top = 16 + (f->title ? 24 : 0);
    double bottom = 40 + (f->xlabel ? 20 : 0);
    double right = f->kind == PLOT_IMAGE ? 70 : 20;     /* room for the colour bar */
    double plot_h = height - top - bottom;
    plot_figure_axes(f, 8, (int)fmax(2, plot_h / 50), &s.x, &s.y);
    double left = 12 + (f->ylabel ? 20 : 0) + s.y.label_width * CHAR_WIDTH + TICK_LEN + 4;
    double plot_w = width - left - right;
    plot_figure_axes(f, (int)fmax(2, plot_w / 80), (int)fmax(2, plot_h / 50), &s.x, &s.y);
    if (f->kind == PLOT_IMAGE) {
        /* square cells, the area shrunk to the matrix's proportions */
        double cell = fmin(plot_w / (double)f->cols, plot_h / (double)f->rows);
        plot_w = cell * (double)f->cols;
        plot_h = cell * (double)f->rows;
    }
    s.left = left;
    s.top = top;
    s.w = plot_w > 10 ? plot_w : 10;
    s.h = plot_h > 10 ? plot_h : 10;
    if (f->kind == PLOT_XY) {
        /* as matplotlib's margins: curves do not run along the frame */
        s.pad_x = 0.03 * s.w;
        s.pad_y = 0.03 * s.h;
    }

    sb_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb_printf(out,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
              "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"%d\">\n",
              width, height, width, height, FONT_SIZE);
    sb_puts(out, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    if (f->title)
        text(out, left + s.w / 2, 26, "middle", " font-size=\"15\"", f->title);
    if (f->xlabel)
        text(out, left + s.w / 2, top + s.h + 42, "middle", "", f->xlabel);
    if (f->ylabel) {
        double x = 16, y = top + s.h / 2;
        char rot[80];
        snprintf(rot, sizeof rot, " transform=\"rotate(-90 %d %d)\"", (int)x, (int)y);
        text(out, (int)x, (int)y, "middle", rot, f->ylabel);
    }
    grid_lines(&s);

    if (f->kind == PLOT_IMAGE) {
        image_svg(&s);
    } else {
        /* xlim/ylim may leave data outside the area: clip it there */
        sb_puts(out, "<defs><clipPath id=\"area\"><rect x=\"");
        num(out, s.left);
        sb_puts(out, "\" y=\"");
        num(out, s.top);
        sb_puts(out, "\" width=\"");
        num(out, s.w);
        sb_puts(out, "\" height=\"");
        num(out, s.h);
        sb_puts(out, "\"/></clipPath></defs>\n<g class=\"data\" clip-path=\"url(#area)\">\n");
        if (f->kind == PLOT_XY)
            for (int i = 0; i < f->nseries; i++)
                series_svg(&s, &f->series[i]);
        else
            hist_svg(&s);
        sb_puts(out, "</g>\n");
    }
    axes(&s);
    legend_svg(&s);
    sb_puts(out, "</svg>\n");
}
