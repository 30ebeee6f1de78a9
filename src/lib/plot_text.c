/*
 * plot_text.c - a figure as terminal text.
 *
 * The layout, top to bottom (each optional line only when there is text):
 *
 *            title                  centred over the plot area
 *     ylabel
 *     10 ┤⠀⠀⠀⠀⢀⠔⠁                   y tick labels, right-aligned, then the axis
 *        │⠀⠀⡠⠊                      the plot area: braille, bars or shades
 *      0 ┤⡠⠊
 *        └┬─────┬─────┬             the x axis with a ┬ under each tick
 *         0     5    10             x tick labels, centred on their ticks
 *               xlabel
 *     ⠒⠒⠒⠒ train   ⠂⠂⠂⠂ val         legend (or an image's colour scale)
 *     (2 NaN/inf skipped)
 *
 * width and height bound the whole figure; the plot area gets what the
 * labels leave.  Without colour, several lines are told apart by dash
 * pattern (solid, dotted, dashed, dash-dot), the legend showing each.
 */
#include "lib/plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { LEGEND_GAP = 3, SAMPLE_CELLS = 4 };

#define AXIS_V 0x2502u      /* │ */
#define AXIS_H 0x2500u      /* ─ */
#define AXIS_CORNER 0x2514u /* └ */
#define TICK_Y 0x2524u      /* ┤ */
#define TICK_X 0x252Cu      /* ┬ */
#define FULL_BLOCK 0x2588u  /* █ */
#define POINT_SAMPLE 0x2022u /* • */

/* Shades of an image without colour, darkest (blank) to full. */
static const uint32_t shade_cp[5] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};
/* Bar tops in eighths of a cell: ▁ ▂ ▃ ▄ ▅ ▆ ▇ */
static const uint32_t eighth_cp[8] = {' ', 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587};

typedef struct Frame {
    const PlotFigure *f;
    bool color;
    bool auto_dash;         /* lines without a dash of their own get one by index */
    int width, height;      /* what the figure uses */
    int title_row, ylabel_row, xlabel_row, extra_row;   /* -1: none */
    int top, left, rows, cols;                          /* the plot area */
    PlotAxis x, y;
} Frame;

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static int fg_of(const Frame *fr, int palette_index)
{
    return fr->color ? plot_term_palette[palette_index % PLOT_PALETTE_SIZE] : -1;
}

static PlotDash dash_of(const Frame *fr, const PlotSeries *s, int line_index)
{
    if (s->dash != PLOT_DASH_AUTO)
        return s->dash;
    return fr->auto_dash ? (PlotDash)(PLOT_SOLID + line_index % 4) : PLOT_SOLID;
}

/* ---- legend */

/* Cells an entry's sample takes before its label. */
static int sample_cells(const PlotFigure *f, const PlotSeries *s)
{
    return f->kind == PLOT_XY && s->line ? SAMPLE_CELLS : 1;
}

static void draw_sample(const Frame *fr, PlotGrid *g, int row, int col, const PlotSeries *s,
                        int line_index)
{
    int fg = fg_of(fr, s->color);
    if (fr->f->kind == PLOT_HIST) {
        plot_grid_char(g, row, col, FULL_BLOCK, fg);
    } else if (s->marker >= 0) {
        plot_grid_char(g, row, col, (uint32_t)plot_markers[s->marker % PLOT_MARKER_COUNT], fg);
    } else if (!s->line) {
        plot_grid_char(g, row, col, POINT_SAMPLE, fg);
    } else {
        /* the line's pattern over 8 pixels, on the second dot row */
        PlotDash dash = dash_of(fr, s, line_index);
        for (int c = 0; c < SAMPLE_CELLS; c++) {
            uint8_t dots = (plot_dash_on(dash, 2 * c) ? 0x02 : 0) |
                           (plot_dash_on(dash, 2 * c + 1) ? 0x10 : 0);
            plot_grid_char(g, row, col + c, 0x2800u + dots, fg);
        }
    }
}

/*
 * Lays the legend out in rows of the given width, greedily; draws it when g
 * is given.  Returns the number of rows it takes (0: no labels).
 */
static int legend(const Frame *fr, int width, PlotGrid *g, int row0)
{
    const PlotFigure *f = fr->f;
    int rows = 0, col = 0, line_index = 0;
    for (int i = 0; i < f->nseries; i++) {
        const PlotSeries *s = &f->series[i];
        int my_line = line_index;
        if (s->line)
            line_index++;
        if (!s->label)
            continue;
        int w = sample_cells(f, s) + 1 + plot_text_width(s->label);
        if (rows == 0 || (col > 0 && col + LEGEND_GAP + w > width)) {
            rows++;
            col = 0;
        } else if (col > 0) {
            col += LEGEND_GAP;
        }
        if (g) {
            draw_sample(fr, g, row0 + rows - 1, col, s, my_line);
            plot_grid_text(g, row0 + rows - 1, col + sample_cells(f, s) + 1, s->label, -1);
        }
        col += w;
    }
    return rows;
}

/* ---- layout */

static bool too_small(char *err, size_t size, const char *what, int have, int need)
{
    snprintf(err, size, "%s=%d is too small for this figure (it needs at least %d)", what, have,
             need);
    return false;
}

/* Rows above and below the plot area, with the extra lines under the x
   labels; sets the row numbers that do not depend on the area's height. */
static int chrome_rows(Frame *fr, int extra)
{
    const PlotFigure *f = fr->f;
    int row = 0;
    fr->title_row = f->title ? row++ : -1;
    fr->ylabel_row = f->ylabel ? row++ : -1;
    fr->top = row;
    return row + 2 + (f->xlabel ? 1 : 0) + extra;
}

/* Rows below the area, once its height is known. */
static void place_footer(Frame *fr, int extra)
{
    int row = fr->top + fr->rows + 2;
    fr->xlabel_row = fr->f->xlabel ? row++ : -1;
    fr->extra_row = extra ? row : -1;
    fr->height = row + extra;
}

/* About one tick per `per_tick` cells, plus the one at the start. */
static int tick_target(int cells, int per_tick, int most)
{
    return clampi(cells / per_tick + 1, 2, most);
}

/* The cell a matrix index is labelled at: the middle one of the cells it
   covers, the first of the middle two when there is an even number. */
static int image_cell(double index, int64_t n, int cells)
{
    return clampi((int)floor((index + 0.5) * cells / (double)n - 0.5), 0, cells - 1);
}

/* Where a tick value lands: a column of the area, or a row counted from
   its top.  Follows the mapping the kind draws its data with. */
static int tick_col(const Frame *fr, double v)
{
    const PlotAxis *a = &fr->x;
    double t = (v - a->lo) / (a->hi - a->lo);
    switch (fr->f->kind) {
    case PLOT_XY:
        return clampi((int)lround(t * (2 * fr->cols - 1)) / 2, 0, fr->cols - 1);
    case PLOT_HIST:
        return clampi((int)floor(t * fr->cols), 0, fr->cols - 1);
    case PLOT_IMAGE:
        return image_cell(v, fr->f->cols, fr->cols);
    }
    return 0;
}

static int tick_row(const Frame *fr, double v)
{
    const PlotAxis *a = &fr->y;
    double t = (a->hi - v) / (a->hi - a->lo);
    switch (fr->f->kind) {
    case PLOT_XY:
        return clampi((int)lround(t * (4 * fr->rows - 1)) / 4, 0, fr->rows - 1);
    case PLOT_HIST: {
        /* the row holding the top of a bar of height v */
        int from_bottom = (int)ceil((v - a->lo) / (a->hi - a->lo) * fr->rows - 1e-9) - 1;
        return fr->rows - 1 - clampi(from_bottom, 0, fr->rows - 1);
    }
    case PLOT_IMAGE:
        return image_cell(v, fr->f->rows, fr->rows);
    }
    return 0;
}

/* Columns the last x label sticks out past the area's right edge. */
static int right_margin(const PlotAxis *x, bool last_at_end)
{
    if (x->nticks == 0 || !last_at_end)
        return 1;
    return (int)strlen(x->labels[x->nticks - 1]) / 2;
}

static void draw_centered(PlotGrid *g, int row, int left, int cols, const char *text)
{
    int w = plot_text_width(text);
    int col = left + (cols - w) / 2;
    if (col + w > g->cols)
        col = g->cols - w;
    plot_grid_text(g, row, col < 0 ? 0 : col, text, -1);
}

static void draw_frame(const Frame *fr, PlotGrid *g)
{
    const PlotFigure *f = fr->f;
    if (fr->title_row >= 0)
        draw_centered(g, fr->title_row, fr->left, fr->cols, f->title);
    if (fr->ylabel_row >= 0)
        plot_grid_text(g, fr->ylabel_row, 0, f->ylabel, -1);
    if (fr->xlabel_row >= 0)
        draw_centered(g, fr->xlabel_row, fr->left, fr->cols, f->xlabel);

    /* the y axis: │ with ┤ and a right-aligned label at each tick */
    int axis_col = fr->left - 1;
    for (int r = 0; r < fr->rows; r++)
        plot_grid_char(g, fr->top + r, axis_col, AXIS_V, -1);
    int last_row = -1;
    for (int i = 0; i < fr->y.nticks; i++) {
        int r = tick_row(fr, fr->y.ticks[i]);
        if (r == last_row)
            continue;   /* two ticks in one row: the first keeps it */
        last_row = r;
        plot_grid_char(g, fr->top + r, axis_col, TICK_Y, -1);
        const char *label = fr->y.labels[i];
        plot_grid_text(g, fr->top + r, axis_col - 1 - (int)strlen(label), label, -1);
    }

    /* the x axis: └ then ─ with ┬ and a centred label at each tick */
    int axis_row = fr->top + fr->rows;
    plot_grid_char(g, axis_row, axis_col, AXIS_CORNER, -1);
    for (int c = 0; c < fr->cols; c++)
        plot_grid_char(g, axis_row, fr->left + c, AXIS_H, -1);
    int free_from = 0;  /* labels may not touch: one blank between */
    for (int i = 0; i < fr->x.nticks; i++) {
        int c = fr->left + tick_col(fr, fr->x.ticks[i]);
        plot_grid_char(g, axis_row, c, TICK_X, -1);
        const char *label = fr->x.labels[i];
        int w = (int)strlen(label);
        int start = c - (w - 1) / 2;
        if (start + w > g->cols)
            start = g->cols - w;
        if (start < free_from)
            continue;
        plot_grid_text(g, axis_row + 1, start, label, -1);
        free_from = start + w + 1;
    }
}

/* ---- the kinds */

/* Pixel coordinates of data (may lie far outside the area). */
static double pixel_x(const Frame *fr, double x)
{
    return (x - fr->x.lo) / (fr->x.hi - fr->x.lo) * (2 * fr->cols - 1);
}

static double pixel_y(const Frame *fr, double y)
{
    return (fr->y.hi - y) / (fr->y.hi - fr->y.lo) * (4 * fr->rows - 1);
}

static bool finite_point(const PlotSeries *s, int64_t k)
{
    return k >= 0 && k < s->n && isfinite(s->x[k]) && isfinite(s->y[k]);
}

static void draw_series(const Frame *fr, PlotGrid *g, const PlotSeries *s, int line_index)
{
    PlotArea area = {g, fr->top, fr->left, fr->rows, fr->cols};
    int fg = fg_of(fr, s->color);
    double w = 2.0 * fr->cols - 1, h = 4.0 * fr->rows - 1;
    PlotDash dash = dash_of(fr, s, line_index);
    int phase = 0;
    for (int64_t k = 0; k < s->n; k++) {
        if (!finite_point(s, k)) {
            phase = 0;
            continue;
        }
        double px = pixel_x(fr, s->x[k]), py = pixel_y(fr, s->y[k]);
        bool inside = px > -0.5 && px < w + 0.5 && py > -0.5 && py < h + 0.5;
        if (s->line && finite_point(s, k - 1))
            plot_area_line(&area, pixel_x(fr, s->x[k - 1]), pixel_y(fr, s->y[k - 1]), px, py,
                           dash, fg, &phase);
        bool alone = !finite_point(s, k - 1) && !finite_point(s, k + 1);
        if (!inside || !(s->points || (s->line && alone)))
            continue;
        int ix = (int)lround(px), iy = (int)lround(py);
        if (s->marker >= 0)
            plot_grid_char(g, fr->top + iy / 4, fr->left + ix / 2,
                           (uint32_t)plot_markers[s->marker % PLOT_MARKER_COUNT], fg);
        else
            plot_area_dot(&area, ix, iy, fg);
    }
}

static bool render_xy(Frame *fr, int width, int height, char *err, size_t err_size)
{
    const PlotFigure *f = fr->f;
    int nlines = 0;
    for (int i = 0; i < f->nseries; i++)
        nlines += f->series[i].line;
    fr->auto_dash = !fr->color && nlines > 1;
    int extra = legend(fr, width, NULL, 0) + (f->skipped ? 1 : 0);
    int chrome = chrome_rows(fr, extra);
    fr->rows = height - chrome;
    if (fr->rows < 2)
        return too_small(err, err_size, "height", height, chrome + 2);
    int ytarget = tick_target(fr->rows, 4, 8) + 1;
    plot_figure_axes(f, tick_target(width - 8, 8, 10), ytarget, &fr->x, &fr->y);
    fr->left = fr->y.label_width + 2;
    plot_figure_axes(f, tick_target(width - fr->left, 8, 10), ytarget, &fr->x, &fr->y);
    fr->cols = width - fr->left - right_margin(&fr->x, !f->has_xlim);
    if (fr->cols < 4)
        return too_small(err, err_size, "width", width, width - fr->cols + 4);
    fr->width = width;
    place_footer(fr, extra);
    return true;
}

static void draw_xy(const Frame *fr, PlotGrid *g)
{
    int line_index = 0;
    for (int i = 0; i < fr->f->nseries; i++) {
        const PlotSeries *s = &fr->f->series[i];
        draw_series(fr, g, s, line_index);
        line_index += s->line;
    }
    legend(fr, fr->width, g, fr->extra_row);
}

static bool render_hist(Frame *fr, int width, int height, char *err, size_t err_size)
{
    const PlotFigure *f = fr->f;
    int extra = legend(fr, width, NULL, 0) + (f->skipped ? 1 : 0);
    int chrome = chrome_rows(fr, extra);
    fr->rows = height - chrome;
    if (fr->rows < 2)
        return too_small(err, err_size, "height", height, chrome + 2);
    int ytarget = tick_target(fr->rows, 4, 8) + 1;
    plot_figure_axes(f, tick_target(width - 8, 8, 10), ytarget, &fr->x, &fr->y);
    fr->left = fr->y.label_width + 2;
    plot_figure_axes(f, tick_target(width - fr->left, 8, 10), ytarget, &fr->x, &fr->y);
    int avail = width - fr->left - right_margin(&fr->x, true);
    if (avail < f->bins) {
        snprintf(err, err_size,
                 "%d bins do not fit in %d columns: use bins=%d or fewer, or a wider width=",
                 f->bins, avail < 0 ? 0 : avail, avail < 1 ? 1 : avail);
        return false;
    }
    fr->cols = avail / f->bins * f->bins;   /* every bin equally wide */
    fr->width = width;
    place_footer(fr, extra);
    return true;
}

static void draw_hist(const Frame *fr, PlotGrid *g)
{
    const PlotFigure *f = fr->f;
    int bw = fr->cols / f->bins;
    int gap = bw >= 3 ? 1 : 0;      /* narrow bars would vanish into their gaps */
    int fg = f->nseries ? fg_of(fr, f->series[0].color) : fg_of(fr, 0);
    for (int b = 0; b < f->bins; b++) {
        double c = f->counts[b];
        long eighths = lround(c / fr->y.hi * fr->rows * 8);
        if (c > 0 && eighths == 0)
            eighths = 1;    /* a non-empty bin never looks empty */
        for (int j = 0; j < fr->rows && eighths > 0; j++, eighths -= 8) {
            uint32_t cp = eighths >= 8 ? FULL_BLOCK : eighth_cp[eighths];
            for (int k = 0; k < bw - gap; k++)
                plot_grid_char(g, fr->top + fr->rows - 1 - j, fr->left + b * bw + k, cp, fg);
        }
    }
    legend(fr, fr->width, g, fr->extra_row);
}

/* The image's size in cells: two columns and one row a value (about
   square on a terminal), grown by a whole factor or shrunk to fit. */
static void image_cells(const PlotFigure *f, int avail_rows, int avail_cols, int *rows, int *cols)
{
    double s = fmin(avail_cols / (2.0 * (double)f->cols), avail_rows / (double)f->rows);
    if (s >= 1) {
        int k = (int)s;
        *rows = (int)f->rows * k;
        *cols = 2 * (int)f->cols * k;
    } else {
        *rows = (int)fmax(1, floor((double)f->rows * s));
        *cols = (int)fmax(1, floor(2.0 * (double)f->cols * s));
    }
}

static bool render_image(Frame *fr, int width, int height, char *err, size_t err_size)
{
    const PlotFigure *f = fr->f;
    int extra = 1 + (f->skipped ? 1 : 0);   /* the colour scale, a note */
    int chrome = chrome_rows(fr, extra);
    int avail_rows = height - chrome;
    if (avail_rows < 1)
        return too_small(err, err_size, "height", height, chrome + 1);
    int ytarget = tick_target(avail_rows, 3, 8);
    plot_figure_axes(f, tick_target(width - 8, 8, 10), ytarget, &fr->x, &fr->y);
    fr->left = fr->y.label_width + 2;
    int avail_cols = width - fr->left - 1;
    if (avail_cols < 2)
        return too_small(err, err_size, "width", width, fr->left + 3);
    image_cells(f, avail_rows, avail_cols, &fr->rows, &fr->cols);
    /* ticks for the size the image came out at */
    plot_figure_axes(f, tick_target(fr->cols, 6, 10), tick_target(fr->rows, 3, 8), &fr->x,
                     &fr->y);
    fr->width = width;
    place_footer(fr, extra);
    return true;
}

/* The mean of the finite values of the matrix cells under grid cell (r, c);
   NaN when there are none. */
static double image_sample(const PlotFigure *f, const Frame *fr, int r, int c)
{
    int64_t r0 = (int64_t)floor((double)r * (double)f->rows / fr->rows);
    int64_t r1 = (int64_t)ceil((double)(r + 1) * (double)f->rows / fr->rows);
    int64_t c0 = (int64_t)floor((double)c * (double)f->cols / fr->cols);
    int64_t c1 = (int64_t)ceil((double)(c + 1) * (double)f->cols / fr->cols);
    double sum = 0;
    int64_t n = 0;
    for (int64_t i = r0; i < r1 && i < f->rows; i++)
        for (int64_t j = c0; j < c1 && j < f->cols; j++) {
            double v = f->pixels[i * f->cols + j];
            if (isfinite(v)) {
                sum += v;
                n++;
            }
        }
    return n ? sum / (double)n : NAN;
}

/* Where v sits between vmin and vmax, in [0, 1]; the middle when the
   matrix is constant. */
static double image_level(const PlotFigure *f, double v)
{
    if (!(f->vmax > f->vmin))
        return 0.5;
    double t = (v - f->vmin) / (f->vmax - f->vmin);
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

static void shade_cell(const Frame *fr, PlotGrid *g, int row, int col, double t)
{
    PlotCell *cell = plot_grid_at(g, row, col);
    if (!cell)
        return;
    if (fr->color) {
        /* the 24 greys of the 256-colour palette, 232 (black) to 255 */
        cell->cp = ' ';
        cell->bg = (int16_t)(232 + lround(t * 23));
    } else {
        cell->cp = shade_cp[clampi((int)floor(t * 5), 0, 4)];
    }
}

static void draw_image(const Frame *fr, PlotGrid *g)
{
    const PlotFigure *f = fr->f;
    for (int r = 0; r < fr->rows; r++)
        for (int c = 0; c < fr->cols; c++) {
            double v = image_sample(f, fr, r, c);
            if (isnan(v))
                plot_grid_char(g, fr->top + r, fr->left + c, '?', -1);
            else
                shade_cell(fr, g, fr->top + r, fr->left + c, image_level(f, v));
        }
    /* the colour scale: "scale: 0 [ ░▒▓█] 16" */
    char lo[32], hi[32];
    plot_format_short(lo, sizeof lo, f->vmin);
    plot_format_short(hi, sizeof hi, f->vmax);
    int row = fr->extra_row;
    int steps = 5;  /* the five shades; greys get what the width spares, up to 12 */
    int room = fr->width - (int)strlen(lo) - (int)strlen(hi) - 4;
    if (fr->color)
        steps = clampi(room - 7, 5, 12);
    int col = room - steps >= 7 ? plot_grid_text(g, row, 0, "scale: ", -1) : 0;
    col = plot_grid_text(g, row, col, lo, -1);
    col = plot_grid_text(g, row, col, " [", -1);
    for (int i = 0; i < steps; i++)
        shade_cell(fr, g, row, col++, fr->color ? i / (double)(steps - 1) : (i + 0.5) / 5);
    col = plot_grid_text(g, row, col, "] ", -1);
    plot_grid_text(g, row, col, hi, -1);
}

bool plot_render_text(const PlotFigure *f, int width, int height, bool color, StrBuf *out,
                      char *err, size_t err_size)
{
    Frame fr;
    memset(&fr, 0, sizeof fr);
    fr.f = f;
    fr.color = color;
    bool ok = f->kind == PLOT_XY     ? render_xy(&fr, width, height, err, err_size)
              : f->kind == PLOT_HIST ? render_hist(&fr, width, height, err, err_size)
                                     : render_image(&fr, width, height, err, err_size);
    if (!ok)
        return false;
    PlotGrid g;
    if (!plot_grid_init(&g, fr.height, fr.width, f->alloc, f->ud)) {
        snprintf(err, err_size, "out of memory");
        return false;
    }
    draw_frame(&fr, &g);
    if (f->kind == PLOT_XY)
        draw_xy(&fr, &g);
    else if (f->kind == PLOT_HIST)
        draw_hist(&fr, &g);
    else
        draw_image(&fr, &g);
    if (f->skipped) {
        char note[64];
        snprintf(note, sizeof note, "(%lld NaN/inf skipped)", (long long)f->skipped);
        plot_grid_text(&g, fr.height - 1, 0, note, -1);
    }
    plot_grid_emit(&g, color, out);
    plot_grid_free(&g);
    return true;
}
