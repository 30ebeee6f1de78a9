/*
 * plot_canvas.c - a grid of character cells, and drawing on part of it at
 * braille resolution.
 *
 * A braille character (U+2800..U+28FF) is a 2-wide, 4-tall block of dots,
 * one bit each, so a cell holds eight pixels:
 *
 *     bit 0x01 0x08        dot 1 4
 *         0x02 0x10            2 5
 *         0x04 0x20            3 6
 *         0x40 0x80            7 8
 *
 * A cell shows its own character when it has one (markers, bars, labels),
 * else its dots as braille, else a space.  Colour is per cell, so where two
 * series cross the one drawn last colours the cell.
 */
#include "lib/plot_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const uint8_t braille_bit[4][2] = {
    {0x01, 0x08},
    {0x02, 0x10},
    {0x04, 0x20},
    {0x40, 0x80},
};

bool plot_grid_init(PlotGrid *g, int rows, int cols, PlotAllocFn alloc, void *ud)
{
    g->rows = rows;
    g->cols = cols;
    g->alloc = alloc;
    g->ud = ud;
    size_t n = (size_t)rows * (size_t)cols;
    g->cells = alloc(ud, NULL, 0, (n ? n : 1) * sizeof(PlotCell));
    if (!g->cells)
        return false;
    for (size_t i = 0; i < n; i++)
        g->cells[i] = (PlotCell){0, 0, -1, -1};
    return true;
}

void plot_grid_free(PlotGrid *g)
{
    size_t n = (size_t)g->rows * (size_t)g->cols;
    if (g->cells)
        g->alloc(g->ud, g->cells, (n ? n : 1) * sizeof(PlotCell), 0);
    g->cells = NULL;
}

PlotCell *plot_grid_at(PlotGrid *g, int row, int col)
{
    if (row < 0 || col < 0 || row >= g->rows || col >= g->cols)
        return NULL;
    return &g->cells[(size_t)row * (size_t)g->cols + (size_t)col];
}

void plot_grid_char(PlotGrid *g, int row, int col, uint32_t cp, int fg)
{
    PlotCell *c = plot_grid_at(g, row, col);
    if (c) {
        c->cp = cp;
        c->fg = (int16_t)fg;
    }
}

/* The code point at s (advancing s); invalid bytes read as U+FFFD. */
static uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp = p[0];
    int extra = cp < 0x80 ? 0 : (cp & 0xE0) == 0xC0 ? 1 : (cp & 0xF0) == 0xE0 ? 2
              : (cp & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0) {
        *s += 1;
        return 0xFFFD;
    }
    cp = extra == 0 ? cp : extra == 1 ? cp & 0x1F : extra == 2 ? cp & 0x0F : cp & 0x07;
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += i;
            return 0xFFFD;
        }
        cp = cp << 6 | (p[i] & 0x3F);
    }
    *s += 1 + extra;
    return cp;
}

int plot_text_width(const char *text)
{
    int n = 0;
    while (*text) {
        utf8_next(&text);
        n++;
    }
    return n;
}

int plot_grid_text(PlotGrid *g, int row, int col, const char *text, int fg)
{
    while (*text) {
        uint32_t cp = utf8_next(&text);
        /* control characters (a newline in a title) would break the grid */
        plot_grid_char(g, row, col, cp < 0x20 || cp == 0x7F ? ' ' : cp, fg);
        col++;
    }
    return col;
}

static void sgr(StrBuf *out, int fg, int bg)
{
    sb_puts(out, "\x1b[0");
    if (fg >= 0)
        sb_printf(out, ";38;5;%d", fg);
    if (bg >= 0)
        sb_printf(out, ";48;5;%d", bg);
    sb_putc(out, 'm');
}

void plot_grid_emit(const PlotGrid *g, bool color, StrBuf *out)
{
    for (int r = 0; r < g->rows; r++) {
        const PlotCell *row = &g->cells[(size_t)r * (size_t)g->cols];
        int end = g->cols;
        while (end > 0 && (row[end - 1].cp == 0 || row[end - 1].cp == ' ') &&
               row[end - 1].dots == 0 && (!color || row[end - 1].bg < 0))
            end--;
        int fg = -1, bg = -1;
        for (int c = 0; c < end; c++) {
            const PlotCell *cell = &row[c];
            uint32_t cp = cell->cp ? cell->cp : cell->dots ? 0x2800u + cell->dots : ' ';
            if (color && (cell->fg != fg || cell->bg != bg)) {
                fg = cell->fg;
                bg = cell->bg;
                sgr(out, fg, bg);
            }
            sb_put_utf8(out, cp);
        }
        if (color && (fg >= 0 || bg >= 0))
            sb_puts(out, "\x1b[0m");
        sb_putc(out, '\n');
    }
}

/* ---- drawing at braille resolution */

void plot_area_dot(PlotArea *a, int px, int py, int fg)
{
    if (px < 0 || py < 0 || px >= 2 * a->cols || py >= 4 * a->rows)
        return;
    PlotCell *c = plot_grid_at(a->grid, a->top + py / 4, a->left + px / 2);
    if (!c)
        return;
    c->dots |= braille_bit[py % 4][px % 2];
    c->fg = (int16_t)fg;
}

bool plot_dash_on(PlotDash dash, int step)
{
    switch (dash) {
    case PLOT_DOTTED:       /* on, off */
        return step % 2 == 0;
    case PLOT_DASHED:       /* 4 on, 2 off */
        return step % 6 < 4;
    case PLOT_DASHDOT:      /* 4 on, 2 off, 1 on, 2 off */
        return step % 9 < 4 || step % 9 == 6;
    default:
        return true;
    }
}

/*
 * Liang-Barsky: cuts the segment to the box [0, w] x [0, h].  False when
 * nothing of it is inside.  Needed before rasterising because a point far
 * outside xlim/ylim maps to a pixel coordinate in the billions.
 */
static bool clip_segment(double *x0, double *y0, double *x1, double *y1, double w, double h)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {*x0, w - *x0, *y0, h - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0) {
            if (t > t1)
                return false;
            if (t > t0)
                t0 = t;
        } else {
            if (t < t0)
                return false;
            if (t < t1)
                t1 = t;
        }
    }
    double ox = *x0, oy = *y0;
    *x0 = ox + t0 * dx;
    *y0 = oy + t0 * dy;
    *x1 = ox + t1 * dx;
    *y1 = oy + t1 * dy;
    return true;
}

void plot_area_line(PlotArea *a, double x0, double y0, double x1, double y1, PlotDash dash,
                    int fg, int *phase)
{
    double w = 2.0 * a->cols - 1, h = 4.0 * a->rows - 1;
    if (!clip_segment(&x0, &y0, &x1, &y1, w, h))
        return;
    /* Bresenham between the rounded ends */
    int ix0 = (int)lround(x0), iy0 = (int)lround(y0);
    int ix1 = (int)lround(x1), iy1 = (int)lround(y1);
    int dx = ix1 > ix0 ? ix1 - ix0 : ix0 - ix1, sx = ix0 < ix1 ? 1 : -1;
    int dy = iy1 > iy0 ? iy0 - iy1 : iy1 - iy0, sy = iy0 < iy1 ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        if (plot_dash_on(dash, (*phase)++))
            plot_area_dot(a, ix0, iy0, fg);
        if (ix0 == ix1 && iy0 == iy1)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            ix0 += sx;
        }
        if (e2 <= dx) {
            err += dx;
            iy0 += sy;
        }
    }
    /* the shared end pixel is drawn again by the next segment: do not count
       it twice in the pattern */
    (*phase)--;
}
