/* strbuf.c - see strbuf.h. */
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SB_MIN_CAP = 64 };

void sb_init(StrBuf *b, StrBufAllocFn alloc, void *ud)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->alloc = alloc;
    b->ud = ud;
    b->failed = false;
}

void sb_free(StrBuf *b)
{
    if (b->data)
        b->alloc(b->ud, b->data, b->cap, 0);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

/* A cleared buffer is a fresh one: an earlier refusal does not poison the
   next string built in it. */
void sb_clear(StrBuf *b)
{
    b->len = 0;
    b->failed = false;
    if (b->data)
        b->data[0] = '\0';
}

/* Invariant after success: cap >= len + extra + 1, so the NUL always fits. */
bool sb_reserve(StrBuf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX - 1 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : SB_MIN_CAP;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = b->alloc(b->ud, b->data, b->cap, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    if (!b->data)
        p[0] = '\0';
    b->data = p;
    b->cap = cap;
    return true;
}

void sb_putc(StrBuf *b, char c)
{
    if (!sb_reserve(b, 1))
        return;
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

/* s may point into b's own data (appending a buffer to itself): growing
   moves the data, so such a source is re-based after the reserve. */
void sb_append(StrBuf *b, const char *s, size_t n)
{
    uintptr_t at = (uintptr_t)s, base = (uintptr_t)b->data;
    bool inside = b->data && at >= base && at < base + b->cap;
    size_t off = inside ? (size_t)(at - base) : 0;
    if (!sb_reserve(b, n))
        return;
    if (inside)
        s = b->data + off;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sb_puts(StrBuf *b, const char *s)
{
    sb_append(b, s, strlen(s));
}

void sb_printf(StrBuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

void sb_vprintf(StrBuf *b, const char *fmt, va_list ap)
{
    if (b->failed)
        return;
    /* First try into the spare capacity; only a long result needs a second
       pass after growing. */
    char empty[1];
    char *dst = b->cap ? b->data + b->len : empty;
    size_t room = b->cap ? b->cap - b->len : sizeof empty;
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(dst, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        /* An encoding error in a %ls argument: nothing sensible to append. */
        if (b->cap)
            b->data[b->len] = '\0';
        return;
    }
    if ((size_t)n < room && b->cap) {
        b->len += (size_t)n;
        return;
    }
    if (!sb_reserve(b, (size_t)n))
        return;
    va_copy(ap2, ap);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

void sb_repeat(StrBuf *b, char c, size_t n)
{
    if (!sb_reserve(b, n))
        return;
    memset(b->data + b->len, c, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* Codepoints that UTF-8 cannot carry (surrogates, past U+10FFFF) become
   U+FFFD, so the buffer always holds valid UTF-8. */
void sb_put_utf8(StrBuf *b, uint32_t cp)
{
    char u[4];
    size_t n;
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        cp = 0xFFFD;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_append(b, u, n);
}

void *sb_heap_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}
