/*
 * term.c - what the terminal sees: colour (only on a terminal, never with
 * NO_COLOR), its width, light Markdown for lesson prose, and "did you
 * mean" for the REPL's own names (commands, lessons).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.h"

bool term_color_ok(int fd)
{
    /* no-color.org: any non-empty NO_COLOR turns colour off */
    const char *no = getenv("NO_COLOR");
    if (no && no[0])
        return false;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fd);
}

static const char *const styles[STYLE_COUNT] = {
    [STYLE_RESET] = "\033[0m",
    [STYLE_ERROR] = "\033[31m",
    [STYLE_PROMPT] = "\033[1;34m",
    [STYLE_DIM] = "\033[2m",
    [STYLE_BOLD] = "\033[1m",
    [STYLE_OK] = "\033[32m",
    [STYLE_WARN] = "\033[33m",
    [STYLE_CODE] = "\033[36m",
};

const char *term_style(bool color, Style s)
{
    return color && s >= 0 && s < STYLE_COUNT ? styles[s] : "";
}

int term_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 80;
}

size_t term_text_width(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            w++;
    return w;
}

/* Levenshtein distance, capped: names past 63 bytes are never close. */
static int edit_distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 63 || m > 63)
        return 99;
    int row[64];
    for (size_t j = 0; j <= m; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

const char *term_suggest(const char *name, const char *const *cands, int n)
{
    const char *best = NULL;
    int best_d = (strlen(name) <= 3 ? 1 : 2) + 1;
    for (int i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], name) == 0)
            continue;
        int d = edit_distance(name, cands[i]);
        /* a prefix of a long name ("broad" for "broadcasting") is close too */
        if (strlen(name) >= 3 && strncmp(cands[i], name, strlen(name)) == 0)
            d = 1;
        if (d < best_d) {
            best_d = d;
            best = cands[i];
        }
    }
    return best;
}

/* ---- Markdown: the subset lesson prose uses
 *
 *   # heading / ## heading     bold line
 *   **strong**                 bold
 *   `code`                     cyan
 *   - item / * item            "  • item"
 *   indented by 4 spaces       code, cyan
 *
 * Without colour the text is left as written: Markdown reads well plain,
 * and golden transcripts stay free of escapes. */

static void inline_markup(StrBuf *out, const char *s, size_t n, bool color)
{
    bool strong = false, code = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '`') {
            code = !code;
            sb_puts(out, term_style(true, code ? STYLE_CODE : STYLE_RESET));
            if (!code && strong)
                sb_puts(out, term_style(true, STYLE_BOLD));
            continue;
        }
        if (!code && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
            strong = !strong;
            sb_puts(out, term_style(true, strong ? STYLE_BOLD : STYLE_RESET));
            i++;
            continue;
        }
        sb_putc(out, s[i]);
    }
    if (strong || code)
        sb_puts(out, term_style(color, STYLE_RESET));
}

void term_markdown(StrBuf *out, const char *md, bool color)
{
    const char *p = md;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (!color) {
            sb_append(out, p, n);
        } else if (n > 0 && p[0] == '#') {
            size_t h = 0;
            while (h < n && p[h] == '#')
                h++;
            while (h < n && p[h] == ' ')
                h++;
            sb_puts(out, term_style(true, STYLE_BOLD));
            sb_append(out, p + h, n - h);
            sb_puts(out, term_style(true, STYLE_RESET));
        } else if (n >= 4 && strncmp(p, "    ", 4) == 0) {
            sb_puts(out, term_style(true, STYLE_CODE));
            sb_append(out, p, n);
            sb_puts(out, term_style(true, STYLE_RESET));
        } else if (n >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ') {
            sb_puts(out, "  \xe2\x80\xa2 ");
            inline_markup(out, p + 2, n - 2, true);
        } else {
            inline_markup(out, p, n, true);
        }
        sb_putc(out, '\n');
        p += n + (nl ? 1 : 0);
    }
}
