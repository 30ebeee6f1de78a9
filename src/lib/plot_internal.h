/*
 * plot_internal.h - shared by the plot*.c files and nothing else: the figure
 * a plotting call builds, and the two renderers that turn it into terminal
 * text (braille and block characters) or into an SVG document.
 *
 * A figure is plain C data with no VM values in it, so the renderers know
 * nothing of the VM: every allocation goes through the figure's allocator
 * hook (the VM's, when a builtin made it), and output goes into a StrBuf.
 *
 *   plot_figure.c  the figure's memory, data ranges, nice ticks, number labels
 *   plot_canvas.c  a grid of character cells with braille dots and colours
 *   plot_text.c    the terminal figure: layout, axes, legend
 *   plot_svg.c     the SVG figure
 *   plot.c         the builtins (plot, scatter, hist, imshow, savefig)
 */
#ifndef NABLA_PLOT_INTERNAL_H
#define NABLA_PLOT_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/strbuf.h"

typedef StrBufAllocFn PlotAllocFn;

enum {
    PLOT_PALETTE_SIZE = 10,     /* series colours, in matplotlib's order */
    PLOT_MARKER_COUNT = 8,      /* class markers of scatter(c=...) */
    PLOT_TICKS_MAX = 24,
    PLOT_TICK_LABEL_MAX = 32,
    PLOT_SERIES_MAX = 64,
};

typedef enum PlotKind {
    PLOT_XY,        /* plot and scatter: series of points, joined or not */
    PLOT_HIST,      /* counts over equal-width bins */
    PLOT_IMAGE,     /* a matrix as a heatmap */
} PlotKind;

/* How a line is drawn.  AUTO lets the terminal renderer tell lines apart by
   dash pattern when it has no colour to do it with. */
typedef enum PlotDash {
    PLOT_DASH_AUTO,
    PLOT_SOLID,
    PLOT_DOTTED,
    PLOT_DASHED,
    PLOT_DASHDOT,
    PLOT_DASH_COUNT
} PlotDash;

typedef struct PlotSeries {
    double *x, *y;      /* n points; a NaN or inf point breaks the line */
    int64_t n;
    char *label;        /* NULL: not in the legend */
    int color;          /* index into the palette */
    PlotDash dash;
    bool line;          /* join the points */
    bool points;        /* mark the points */
    int marker;         /* -1: a dot; else a class marker (scatter with c=) */
} PlotSeries;

typedef struct PlotFigure {
    PlotKind kind;
    PlotAllocFn alloc;
    void *ud;
    char *title, *xlabel, *ylabel;      /* NULL when not given */
    /* PLOT_XY */
    PlotSeries *series;
    int nseries, series_cap;
    bool has_xlim, has_ylim;
    double xlim[2], ylim[2];
    /* PLOT_HIST: bins equal bins over [lo, hi] */
    double *counts;
    int bins;
    double lo, hi;
    /* PLOT_IMAGE: rows x cols values, row-major; colours span [vmin, vmax] */
    double *pixels;
    int64_t rows, cols;
    double vmin, vmax;
    int64_t skipped;    /* NaN and inf values left out of the drawing */
} PlotFigure;

/* ---- the figure (plot_figure.c) */
void plot_figure_init(PlotFigure *f, PlotAllocFn alloc, void *ud);
void plot_figure_free(PlotFigure *f);       /* back to the state of init */
/* Zeroed memory from the figure's allocator; NULL when refused. */
void *plot_alloc(const PlotFigure *f, size_t size);
void plot_free(const PlotFigure *f, void *p, size_t size);
char *plot_strdup(const PlotFigure *f, const char *s);
void plot_strfree(const PlotFigure *f, char *s);
/* A new zeroed series at the end (marker -1); NULL when refused. */
PlotSeries *plot_add_series(PlotFigure *f);

/* ---- axes: ranges and nice ticks (plot_figure.c) */
typedef struct PlotAxis {
    double lo, hi;          /* the ends of the axis */
    double step;            /* between ticks: 1, 2 or 5 times a power of ten */
    int nticks;
    double ticks[PLOT_TICKS_MAX];
    char labels[PLOT_TICKS_MAX][PLOT_TICK_LABEL_MAX];
    int label_width;        /* the widest label */
} PlotAxis;

/* The smallest and largest finite x (or y) over every series; false when
   there is none. */
bool plot_series_range(const PlotFigure *f, bool want_y, double *lo, double *hi);
/*
 * Ticks for data in [dmin, dmax], about `target` of them.  loose: the axis
 * grows to the ticks just outside the data, so both ends carry a label;
 * otherwise the axis is exactly [dmin, dmax] with the ticks inside it.  An
 * empty range (one value) is widened so nothing divides by zero.
 * integers: the step is at least 1 (indices of a matrix).
 */
void plot_axis_make(PlotAxis *a, double dmin, double dmax, int target, bool loose, bool integers);
/* The axes of an XY or histogram figure, as both renderers draw them. */
void plot_figure_axes(const PlotFigure *f, int xtarget, int ytarget, PlotAxis *x, PlotAxis *y);
/* A number as a tick label when ticks are `step` apart: as many decimals
   as the step needs, exponent form for very large or small magnitudes. */
void plot_format_number(char *buf, size_t size, double v, double step);
/* A number on its own (a colour scale's ends): four significant digits. */
void plot_format_short(char *buf, size_t size, double v);

/* ---- colours shared by the renderers */
extern const char *const plot_svg_palette[PLOT_PALETTE_SIZE];  /* "#1f77b4", ... */
extern const int plot_term_palette[PLOT_PALETTE_SIZE];         /* 256-colour indices */
extern const char plot_markers[PLOT_MARKER_COUNT];             /* 'o', 'x', ... */

/* ---- a grid of character cells (plot_canvas.c) */
typedef struct PlotCell {
    uint32_t cp;        /* a character; 0: braille from dots, or a space */
    uint8_t dots;       /* braille dot bits (U+2800 + dots) */
    int16_t fg, bg;     /* 256-colour indices; -1: the terminal's own */
} PlotCell;

typedef struct PlotGrid {
    PlotCell *cells;
    int rows, cols;
    PlotAllocFn alloc;
    void *ud;
} PlotGrid;

/* A rectangle of the grid drawn on at braille resolution: 2 x 4 dots a cell. */
typedef struct PlotArea {
    PlotGrid *grid;
    int top, left, rows, cols;
} PlotArea;

bool plot_grid_init(PlotGrid *g, int rows, int cols, PlotAllocFn alloc, void *ud);
void plot_grid_free(PlotGrid *g);
PlotCell *plot_grid_at(PlotGrid *g, int row, int col);     /* NULL outside */
/* Writes UTF-8 text from (row, col) on, one cell a code point, clipped at
   the grid's edge; returns the column after the text. */
int plot_grid_text(PlotGrid *g, int row, int col, const char *text, int fg);
void plot_grid_char(PlotGrid *g, int row, int col, uint32_t cp, int fg);
/* Each row as a line: trailing blanks dropped, colours as ANSI escapes when
   color is true. */
void plot_grid_emit(const PlotGrid *g, bool color, StrBuf *out);

/* Sets the braille dot at pixel (px, py) of the area (0,0 top-left); the
   cell takes colour fg.  Pixels outside the area are ignored. */
void plot_area_dot(PlotArea *a, int px, int py, int fg);
/* A straight line between two pixel positions (any real values: it is
   clipped to the area first), in the given dash pattern; *phase carries the
   pattern from one segment to the next so a dashed polyline stays even. */
void plot_area_line(PlotArea *a, double x0, double y0, double x1, double y1, PlotDash dash,
                    int fg, int *phase);
/* Whether pixel number `step` along a line in this pattern is drawn. */
bool plot_dash_on(PlotDash dash, int step);

/* Display width of UTF-8 text: one column a code point. */
int plot_text_width(const char *text);

/* ---- renderers */
/* The figure as terminal text of at most width x height cells.  False
   (with a message in err) when the size cannot hold it. */
bool plot_render_text(const PlotFigure *f, int width, int height, bool color, StrBuf *out,
                      char *err, size_t err_size);
/* The figure as a standalone SVG document of width x height pixels. */
void plot_render_svg(const PlotFigure *f, int width, int height, StrBuf *out);

#endif
