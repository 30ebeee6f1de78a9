/*
 * strbuf.h - a growable byte buffer for building strings (printing values,
 * formatting, error messages).
 *
 * Memory comes from the allocator hook given at init.  When an allocation is
 * refused the buffer sets `failed` and ignores further appends, so callers
 * check once at the end instead of after every append.
 */
#ifndef NABLA_STRBUF_H
#define NABLA_STRBUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef void *(*StrBufAllocFn)(void *ud, void *ptr, size_t old_size, size_t new_size);

typedef struct StrBuf {
    char *data;         /* always NUL-terminated when len > 0 or cap > 0 */
    size_t len, cap;
    StrBufAllocFn alloc;
    void *ud;
    bool failed;
} StrBuf;

void sb_init(StrBuf *b, StrBufAllocFn alloc, void *ud);
void sb_free(StrBuf *b);
void sb_clear(StrBuf *b);                     /* len = 0, keeps capacity */
bool sb_reserve(StrBuf *b, size_t extra);
void sb_putc(StrBuf *b, char c);
void sb_append(StrBuf *b, const char *s, size_t n);
void sb_puts(StrBuf *b, const char *s);
void sb_printf(StrBuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(StrBuf *b, const char *fmt, va_list ap);
void sb_repeat(StrBuf *b, char c, size_t n);
/* Appends a UTF-8 encoding of codepoint cp. */
void sb_put_utf8(StrBuf *b, uint32_t cp);

/* A StrBuf on the C heap, for tools and tests that have no VM. */
void *sb_heap_alloc(void *ud, void *ptr, size_t old_size, size_t new_size);

#endif
