/*
 * test_plot_svg.c - plots: nice ticks and their labels, the SVG savefig()
 * writes (well-formed XML with the expected elements, for every kind of
 * figure), colour only on request, output through the host's writer, and
 * savefig refused in a sandbox.
 *
 *     test_plot_svg [--keep DIR]
 *
 * With --keep, the SVG files are left in DIR (for a check with another XML
 * parser); otherwise they go to a temporary folder that is removed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/plot_internal.h"
#include "nabla.h"

static int failures;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, "test_plot_svg.c:%d: check failed: %s\n", __LINE__, #cond); \
            failures++;                                                                \
        }                                                                              \
    } while (0)

/* ---- a small XML well-formedness checker */

static const char *xml_error;

static bool name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static const char *xml_name(const char *p)
{
    if (!name_char(*p, true))
        return NULL;
    while (name_char(*p, false))
        p++;
    return p;
}

/* Character data or an attribute value up to `stop`: no '<', and every '&'
   starts one of XML's five entities or a character reference. */
static const char *xml_chars(const char *p, char stop)
{
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    while (*p && *p != stop) {
        if (*p == '<' && stop != '<')
            return NULL;
        if (*p == '&') {
            size_t k = 0;
            while (k < 5 && strncmp(p, entities[k], strlen(entities[k])) != 0)
                k++;
            if (k < 5) {
                p += strlen(entities[k]);
                continue;
            }
            if (p[1] != '#')
                return NULL;
            p += 2;
            while (*p && *p != ';' && *p != stop)
                p++;
            if (*p != ';')
                return NULL;
        }
        if ((unsigned char)*p < 0x20 && *p != '\n' && *p != '\t' && *p != '\r')
            return NULL;
        p++;
    }
    return p;
}

/* True when doc is one well-formed element named root_name, after an
   optional XML declaration. */
static bool xml_well_formed(const char *doc, const char *root_name)
{
    const char *stack[64];
    size_t stack_len[64];
    int depth = 0, roots = 0;
    const char *p = doc;
    if (strncmp(p, "<?xml", 5) == 0) {
        p = strstr(p, "?>");
        if (!p)
            return xml_error = "unterminated declaration", false;
        p += 2;
    }
    for (;;) {
        const char *text_end = xml_chars(p, '<');
        if (!text_end)
            return xml_error = "bad character data", false;
        if (depth == 0) {
            for (const char *q = p; q < text_end; q++)
                if (*q != ' ' && *q != '\n' && *q != '\t' && *q != '\r')
                    return xml_error = "text outside the root", false;
        }
        p = text_end;
        if (!*p)
            break;
        if (strncmp(p, "<!--", 4) == 0) {
            p = strstr(p, "-->");
            if (!p)
                return xml_error = "unterminated comment", false;
            p += 3;
            continue;
        }
        if (p[1] == '/') {
            const char *n = p + 2, *e = xml_name(n);
            if (!e || depth == 0)
                return xml_error = "stray end tag", false;
            depth--;
            if ((size_t)(e - n) != stack_len[depth] || strncmp(n, stack[depth], stack_len[depth]) != 0)
                return xml_error = "mismatched end tag", false;
            while (*e == ' ')
                e++;
            if (*e != '>')
                return xml_error = "bad end tag", false;
            p = e + 1;
            continue;
        }
        const char *n = p + 1, *e = xml_name(n);
        if (!e)
            return xml_error = "bad tag name", false;
        if (depth == 0) {
            roots++;
            if (roots > 1 || (size_t)(e - n) != strlen(root_name) || strncmp(n, root_name, strlen(root_name)) != 0)
                return xml_error = "wrong root element", false;
        }
        const char *attrs[64];
        size_t attr_len[64];
        int nattrs = 0;
        p = e;
        for (;;) {
            bool space = false;
            while (*p == ' ' || *p == '\n' || *p == '\t')
                p++, space = true;
            if (*p == '>' || (p[0] == '/' && p[1] == '>'))
                break;
            const char *an = p, *ae = xml_name(p);
            if (!ae || !space)
                return xml_error = "bad attribute name", false;
            for (int k = 0; k < nattrs; k++)
                if (attr_len[k] == (size_t)(ae - an) && strncmp(attrs[k], an, attr_len[k]) == 0)
                    return xml_error = "repeated attribute", false;
            if (nattrs < 64) {
                attrs[nattrs] = an;
                attr_len[nattrs++] = (size_t)(ae - an);
            }
            if (*ae != '=' || (ae[1] != '"' && ae[1] != '\''))
                return xml_error = "attribute value not quoted", false;
            char quote = ae[1];
            const char *ve = xml_chars(ae + 2, quote);
            if (!ve || *ve != quote)
                return xml_error = "bad attribute value", false;
            p = ve + 1;
        }
        if (*p == '/') {
            p += 2;
        } else {
            if (depth == 64)
                return xml_error = "too deep", false;
            stack[depth] = n;
            stack_len[depth++] = (size_t)(e - n);
            p++;
        }
    }
    if (depth != 0)
        return xml_error = "unclosed element", false;
    if (roots != 1)
        return xml_error = "no root element", false;
    return true;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* ---- the checker checks: a parser that accepts anything proves nothing */

static void test_checker(void)
{
    CHECK(xml_well_formed("<svg a=\"1\"><g/><text>a &amp; b</text></svg>", "svg"));
    CHECK(!xml_well_formed("<svg><g></svg>", "svg"));
    CHECK(!xml_well_formed("<svg a=1></svg>", "svg"));
    CHECK(!xml_well_formed("<svg><text>a & b</text></svg>", "svg"));
    CHECK(!xml_well_formed("<svg><text>a < b</text></svg>", "svg"));
    CHECK(!xml_well_formed("<svg a=\"1\" a=\"2\"/>", "svg"));
    CHECK(!xml_well_formed("<svg/><svg/>", "svg"));
    CHECK(!xml_well_formed("<svg></g></svg>", "svg"));
}

/* ---- ticks */

static void expect_ticks(double lo, double hi, int target, bool loose, bool integers,
                         const char *want)
{
    PlotAxis a;
    plot_axis_make(&a, lo, hi, target, loose, integers);
    char got[512] = "";
    for (int i = 0; i < a.nticks; i++) {
        strcat(got, i ? " " : "");
        strcat(got, a.labels[i]);
    }
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "ticks for [%g, %g] target %d: expected \"%s\", got \"%s\"\n", lo, hi,
                target, want, got);
        failures++;
    }
}

static void test_ticks(void)
{
    expect_ticks(0, 16, 3, true, false, "0 10 20");
    expect_ticks(0, 4, 5, true, false, "0 1 2 3 4");
    expect_ticks(-1, 1, 5, true, false, "-1.0 -0.5 0.0 0.5 1.0");
    expect_ticks(0.1, 0.3, 3, true, false, "0.1 0.2 0.3");       /* not 0.30000000000000004 */
    expect_ticks(0, 7, 5, false, true, "0 2 4 6");               /* matrix indices */
    expect_ticks(0, 2, 4, false, true, "0 1 2");
    expect_ticks(3, 3, 3, true, false, "2.5 3.0 3.5");           /* a constant series */
    expect_ticks(0, 0, 3, true, false, "-1 0 1");
    expect_ticks(4, 4, 3, false, true, "4");                     /* one row */
    expect_ticks(0, 3e6, 4, true, false, "0 1e6 2e6 3e6");
    expect_ticks(0, 3e-5, 4, true, false, "0 1e-5 2e-5 3e-5");
    expect_ticks(1.5, 2.5, 3, false, false, "1.5 2.0 2.5");
    expect_ticks(0.11, 0.19, 2, false, false, "0.12 0.14 0.16 0.18");  /* no multiple of 0.1 inside */
    expect_ticks(0.4, 0.6, 2, false, false, "0.4 0.6");
    PlotAxis a;
    plot_axis_make(&a, 0.05, 0.95, 3, true, false);
    CHECK(a.lo <= 0.05 && a.hi >= 0.95);
    plot_axis_make(&a, -1e308, 1e308, 5, true, false);  /* a range beyond double: no hang */
    CHECK(a.nticks >= 2 && a.nticks <= PLOT_TICKS_MAX);
    char buf[32];
    plot_format_number(buf, sizeof buf, -0.0, 0.5);
    CHECK(strcmp(buf, "0.0") == 0);
    plot_format_number(buf, sizeof buf, 1234.5, 0.1);
    CHECK(strcmp(buf, "1234.5") == 0);
}

/* ---- terminal text: colour only when asked */

static void *heap_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

static void test_color(void)
{
    PlotFigure f;
    plot_figure_init(&f, heap_alloc, NULL);
    f.kind = PLOT_XY;
    PlotSeries *s = plot_add_series(&f);
    double xs[3] = {0, 1, 2}, ys[3] = {0, 2, 1};
    s->x = plot_alloc(&f, sizeof xs);
    s->y = plot_alloc(&f, sizeof ys);
    memcpy(s->x, xs, sizeof xs);
    memcpy(s->y, ys, sizeof ys);
    s->n = 3;
    s->line = true;
    s->label = plot_strdup(&f, "loss");
    char err[128];
    for (int color = 0; color <= 1; color++) {
        StrBuf b;
        sb_init(&b, sb_heap_alloc, NULL);
        CHECK(plot_render_text(&f, 30, 8, color, &b, err, sizeof err));
        CHECK(!b.failed && b.len > 0);
        if (color) {
            CHECK(strstr(b.data, "\x1b[0;38;5;33m") != NULL);   /* the first series' blue */
            CHECK(strstr(b.data, "\x1b[0m\n") != NULL);         /* reset before each newline */
        } else {
            CHECK(strchr(b.data, '\x1b') == NULL);
        }
        CHECK(count(b.data, "\n") == 8);        /* exactly height lines */
        sb_free(&b);
    }
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    CHECK(!plot_render_text(&f, 30, 3, false, &b, err, sizeof err));
    CHECK(strstr(err, "height=3 is too small") != NULL);
    sb_free(&b);
    plot_figure_free(&f);
    CHECK(f.nseries == 0 && f.series == NULL);
}

/* Any bytes in a title make a file that parses: control characters become
   spaces, bytes that are not UTF-8 become U+FFFD. */
static void test_svg_text_sanitised(void)
{
    PlotFigure f;
    plot_figure_init(&f, heap_alloc, NULL);
    f.kind = PLOT_HIST;
    f.bins = 2;
    f.lo = 0;
    f.hi = 1;
    f.counts = plot_alloc(&f, 2 * sizeof(double));
    f.counts[0] = 3;
    f.title = plot_strdup(&f, "a\x01" "b\xff\xfe" "c <\xc3\xa9>");
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    plot_render_svg(&f, 300, 200, &b);
    CHECK(!b.failed && xml_well_formed(b.data, "svg"));
    CHECK(strstr(b.data, ">a b\xef\xbf\xbd\xef\xbf\xbd" "c &lt;\xc3\xa9&gt;</text>") != NULL);
    sb_free(&b);
    plot_figure_free(&f);
}

/* ---- SVG files through the language */

static char captured[1 << 16];
static size_t captured_len;

static void capture(void *ud, const char *text, size_t len)
{
    (void)ud;
    if (captured_len + len < sizeof captured) {
        memcpy(captured + captured_len, text, len);
        captured_len += len;
        captured[captured_len] = '\0';
    }
}

/* Runs `code` (which draws a figure) then savefig into dir/name; returns
   the file's text (to free) or NULL. */
static char *figure_svg(nb_vm *vm, const char *dir, const char *name, const char *code)
{
    char src[2048];
    snprintf(src, sizeof src, "%s\nsavefig(\"%s/%s\")\n", code, dir, name);
    if (nb_eval(vm, src, name) != NB_OK) {
        fprintf(stderr, "%s: %s\n", name, nb_error(vm)->message);
        failures++;
        return NULL;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    char *svg = read_all(path);
    CHECK(svg != NULL);
    if (svg && !xml_well_formed(svg, "svg")) {
        fprintf(stderr, "%s is not well-formed XML: %s\n", name, xml_error);
        failures++;
    }
    if (svg) {
        CHECK(strstr(svg, "xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
        CHECK(strstr(svg, "viewBox=") != NULL);
    }
    return svg;
}

static void test_svg(const char *dir)
{
    nb_config cfg = {0};
    cfg.write_out = capture;
    nb_vm *vm = nb_new(&cfg);
    CHECK(vm != NULL);
    if (!vm)
        return;

    /* a line broken by a NaN: two polylines; labels and an escaped title */
    char *svg = figure_svg(vm, dir, "line.svg",
                           "import math\n"
                           "plot([0, 1, 2, 3, 4], [1, 2, math.nan, 2, 1], [0, 4], [0, 0], \"r--\",\n"
                           "     label=[\"a<b\", \"c & d\"], title=\"loss \\\"per\\\" <epoch>\",\n"
                           "     xlabel=\"epoch\", ylabel=\"loss\", width=40, height=10)");
    CHECK(captured_len > 0 && strstr(captured, "┤") != NULL);   /* drawn through the host */
    if (svg) {
        CHECK(count(svg, "<polyline") == 3);
        CHECK(count(svg, "stroke-dasharray=\"8,4\"") == 2);    /* the dashed line, its legend */
        CHECK(strstr(svg, "loss &quot;per&quot; &lt;epoch&gt;") != NULL);
        CHECK(strstr(svg, ">a&lt;b</text>") != NULL);
        CHECK(strstr(svg, ">c &amp; d</text>") != NULL);
        CHECK(strstr(svg, ">epoch</text>") != NULL);
        CHECK(strstr(svg, "rotate(-90") != NULL);               /* the y label */
        CHECK(strstr(svg, "clip-path=\"url(#area)\"") != NULL);
        free(svg);
    }

    /* scatter with classes: a circle per point plus one per legend entry */
    svg = figure_svg(vm, dir, "scatter.svg",
                     "scatter([1, 2, 3, 4, 5], [5, 3, 4, 1, 2], c=[0, 1, 0, 1, 2], width=30, height=8)");
    if (svg) {
        CHECK(count(svg, "<circle") == 5 + 3);
        CHECK(strstr(svg, ">class 2</text>") != NULL);
        CHECK(count(svg, "fill=\"#2ca02c\"") == 2);     /* class 2: one point, one legend dot */
        CHECK(count(svg, "<polyline") == 0);
        free(svg);
    }

    /* a histogram: one rect per non-empty bin, besides the page */
    svg = figure_svg(vm, dir, "hist.svg",
                     "hist([1, 2, 2, 3, 3, 3, 5], bins=5, width=30, height=8)");
    if (svg) {
        CHECK(count(svg, "fill=\"#1f77b4\"") == 4);     /* bin 4 (around 4.2) is empty */
        free(svg);
    }

    /* a heatmap: one rect per finite cell, a colour bar with both ends */
    svg = figure_svg(vm, dir, "image.svg",
                     "import math\nimshow([[0, 1, 2], [3, math.nan, 5]], width=30, height=8)");
    if (svg) {
        CHECK(count(svg, "<rect") == 1 + 5 + 1);        /* page, cells, colour bar */
        CHECK(strstr(svg, "fill=\"#440154\"") != NULL); /* the smallest value */
        CHECK(strstr(svg, "fill=\"#fde725\"") != NULL); /* the largest */
        CHECK(strstr(svg, "url(#cbar)") != NULL);
        CHECK(strstr(svg, ">5</text>") != NULL);
        free(svg);
    }

    /* savefig writes the size it is given */
    char src[1024];
    snprintf(src, sizeof src, "savefig(\"%s/wide.svg\", width=900, height=300)", dir);
    CHECK(nb_eval(vm, src, "wide") == NB_OK);
    snprintf(src, sizeof src, "%s/wide.svg", dir);
    svg = read_all(src);
    CHECK(svg && strstr(svg, "width=\"900\" height=\"300\"") != NULL);
    free(svg);

    /* a failed call leaves the last figure as it was */
    CHECK(nb_eval(vm, "plot([1, 2, 3], width=30, height=8)", "draw") == NB_OK);
    CHECK(nb_eval(vm, "plot([])", "empty") == NB_ERR_RUNTIME);
    CHECK(nb_eval(vm, "hist([1, 2], bins=500, width=30)", "too many bins") == NB_ERR_RUNTIME);
    snprintf(src, sizeof src, "savefig(\"%s/after_error.svg\")", dir);
    CHECK(nb_eval(vm, src, "after") == NB_OK);
    snprintf(src, sizeof src, "%s/after_error.svg", dir);
    svg = read_all(src);
    CHECK(svg && count(svg, "<polyline") == 1);
    free(svg);
    nb_free(vm);

    /* a sandboxed VM draws but does not write files */
    cfg.sandbox = true;
    vm = nb_new(&cfg);
    CHECK(vm != NULL);
    if (vm) {
        CHECK(nb_eval(vm, "plot([1, 2, 3], width=30, height=8)", "draw") == NB_OK);
        snprintf(src, sizeof src, "savefig(\"%s/sandbox.svg\")", dir);
        CHECK(nb_eval(vm, src, "save") == NB_ERR_RUNTIME);
        CHECK(strstr(nb_error(vm)->message, "file access is disabled") != NULL);
        snprintf(src, sizeof src, "%s/sandbox.svg", dir);
        CHECK(access(src, F_OK) != 0);
        nb_free(vm);
    }
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"line.svg", "scatter.svg", "hist.svg", "image.svg",
                                        "wide.svg", "after_error.svg", NULL};
    char path[1024];
    for (int i = 0; names[i]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    rmdir(dir);
}

int main(int argc, char **argv)
{
    const char *keep = argc == 3 && strcmp(argv[1], "--keep") == 0 ? argv[2] : NULL;
    char tmp[] = "/tmp/nabla-plot-XXXXXX";
    const char *dir = keep ? keep : mkdtemp(tmp);
    if (!dir) {
        perror("mkdtemp");
        return 1;
    }
    test_checker();
    test_ticks();
    test_color();
    test_svg_text_sanitised();
    test_svg(dir);
    if (!keep)
        remove_dir(dir);
    if (failures) {
        fprintf(stderr, "test_plot_svg: %d check(s) failed\n", failures);
        return 1;
    }
    printf("test_plot_svg: all checks passed\n");
    return 0;
}
