/* test_strbuf.c - the growable string buffer and its allocator contract. */
#include "core/strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            failures++;                                               \
            fprintf(stderr, "%s:%d: ", __FILE__, __LINE__);           \
            fprintf(stderr, __VA_ARGS__);                             \
            fputc('\n', stderr);                                      \
        }                                                             \
    } while (0)

#define CHECK_TEXT(b, want)                                                              \
    CHECK((b)->len == strlen(want) && (b)->data && memcmp((b)->data, want, (b)->len) == 0 \
              && (b)->data[(b)->len] == '\0',                                            \
          "expected \"%s\" (%zu bytes), got \"%s\" (%zu bytes)", want, strlen(want),      \
          (b)->data ? (b)->data : "(null)", (b)->len)

/* An allocator that checks the hook's contract: old_size is what was
   asked for last time, every block comes back, and it can refuse. */
typedef struct Tracker {
    size_t live;
    int blocks;
    int calls;
    int refuse_from;    /* refuse the call with this number and all later ones; 0: never */
    bool size_mismatch;
} Tracker;

typedef struct Header {
    size_t size;
    _Alignas(16) unsigned char data[];
} Header;

static void *tracker_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    Tracker *t = ud;
    t->calls++;
    Header *h = ptr ? (Header *)((unsigned char *)ptr - offsetof(Header, data)) : NULL;
    if (h && h->size != old_size)
        t->size_mismatch = true;
    if (new_size == 0) {
        if (h) {
            t->live -= h->size;
            t->blocks--;
            free(h);
        }
        return NULL;
    }
    if (t->refuse_from && t->calls >= t->refuse_from)
        return NULL;
    Header *n = realloc(h, sizeof *n + new_size);
    if (!n)
        return NULL;
    if (!h)
        t->blocks++;
    t->live += new_size - (h ? old_size : 0);
    n->size = new_size;
    return n->data;
}

static void test_empty_buffer(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    CHECK(b.data == NULL && b.len == 0 && b.cap == 0 && !b.failed, "init must not allocate");
    sb_append(&b, "", 0);
    CHECK(b.data && b.data[0] == '\0' && b.len == 0, "an empty append still NUL-terminates");
    sb_free(&b);
    CHECK(b.data == NULL && b.len == 0 && b.cap == 0, "free resets the buffer");
}

static void test_appends(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    sb_puts(&b, "hello");
    sb_putc(&b, ',');
    sb_putc(&b, ' ');
    sb_append(&b, "world!!!", 5);
    CHECK_TEXT(&b, "hello, world");
    sb_repeat(&b, '-', 3);
    sb_repeat(&b, '=', 0);
    CHECK_TEXT(&b, "hello, world---");
    sb_free(&b);
}

static void test_growth_keeps_content(void)
{
    Tracker t = {0};
    StrBuf b;
    sb_init(&b, tracker_alloc, &t);
    char want[10001];
    for (int i = 0; i < 10000; i++) {
        sb_putc(&b, (char)('a' + i % 26));
        want[i] = (char)('a' + i % 26);
    }
    want[10000] = '\0';
    CHECK_TEXT(&b, want);
    CHECK(b.cap > b.len, "capacity must leave room for the NUL");
    CHECK(t.calls < 20, "growth must be geometric: %d allocator calls for 10000 bytes", t.calls);
    CHECK(t.blocks == 1 && t.live == b.cap, "one live block of cap bytes, got %d blocks, %zu bytes",
          t.blocks, t.live);
    sb_free(&b);
    CHECK(t.blocks == 0 && t.live == 0 && !t.size_mismatch, "free returns everything");
}

static void test_printf(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    sb_printf(&b, "%d-%s", 42, "x");
    CHECK_TEXT(&b, "42-x");
    /* Longer than the spare capacity: takes the grow-and-retry path. */
    char big[3000];
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    sb_printf(&b, "[%s]", big);
    CHECK(b.len == 4 + 2 + sizeof big - 1 && b.data[4] == '[' && b.data[b.len - 1] == ']' &&
              b.data[b.len] == '\0',
          "long printf: got %zu bytes", b.len);
    sb_clear(&b);
    sb_printf(&b, "%.3f|%5s|%-3d|", 3.14159, "ab", 7);
    CHECK_TEXT(&b, "3.142|   ab|7  |");
    sb_free(&b);
}

static void test_clear_keeps_capacity(void)
{
    Tracker t = {0};
    StrBuf b;
    sb_init(&b, tracker_alloc, &t);
    sb_repeat(&b, 'x', 500);
    size_t cap = b.cap;
    int calls = t.calls;
    sb_clear(&b);
    CHECK(b.len == 0 && b.cap == cap && b.data[0] == '\0', "clear keeps capacity");
    sb_repeat(&b, 'y', 400);
    CHECK(t.calls == calls, "refilling within capacity must not allocate");
    sb_free(&b);
    CHECK(t.live == 0, "leak of %zu bytes", t.live);
}

static void test_reserve(void)
{
    Tracker t = {0};
    StrBuf b;
    sb_init(&b, tracker_alloc, &t);
    CHECK(sb_reserve(&b, 1000), "reserve 1000");
    CHECK(b.cap >= 1001 && b.len == 0, "reserve leaves room for the NUL: cap %zu", b.cap);
    int calls = t.calls;
    sb_repeat(&b, 'z', 1000);
    CHECK(t.calls == calls, "appends within a reservation must not allocate");
    CHECK(!sb_reserve(&b, SIZE_MAX - 5) && b.failed, "an impossible reservation fails");
    sb_free(&b);
}

static void test_refusal_is_sticky(void)
{
    Tracker t = {.refuse_from = 2};
    StrBuf b;
    sb_init(&b, tracker_alloc, &t);
    sb_puts(&b, "ok");
    CHECK(!b.failed, "first allocation is granted");
    sb_repeat(&b, 'x', 4096);
    CHECK(b.failed, "a refused growth sets failed");
    CHECK_TEXT(&b, "ok");
    sb_puts(&b, "!");
    sb_printf(&b, "%d", 5);
    sb_putc(&b, '?');
    CHECK_TEXT(&b, "ok");
    CHECK(b.failed, "failed stays set until cleared");
    sb_clear(&b);
    CHECK(!b.failed && b.len == 0, "clear gives a fresh buffer");
    sb_puts(&b, "again");
    CHECK_TEXT(&b, "again");
    sb_free(&b);
    CHECK(t.live == 0 && t.blocks == 0 && !t.size_mismatch, "everything returned");
}

static void test_utf8(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    sb_put_utf8(&b, 'A');
    sb_put_utf8(&b, 0xE9);     /* é */
    sb_put_utf8(&b, 0x2207);   /* ∇ */
    sb_put_utf8(&b, 0x1F600);  /* 😀 */
    CHECK_TEXT(&b, "A\xc3\xa9\xe2\x88\x87\xf0\x9f\x98\x80");
    sb_clear(&b);
    sb_put_utf8(&b, 0x7F);
    sb_put_utf8(&b, 0x80);
    sb_put_utf8(&b, 0x7FF);
    sb_put_utf8(&b, 0x800);
    sb_put_utf8(&b, 0xFFFF);
    sb_put_utf8(&b, 0x10000);
    sb_put_utf8(&b, 0x10FFFF);
    CHECK_TEXT(&b, "\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf");
    sb_clear(&b);
    sb_put_utf8(&b, 0xD800);
    sb_put_utf8(&b, 0x110000);
    CHECK_TEXT(&b, "\xef\xbf\xbd\xef\xbf\xbd"); /* both become U+FFFD */
    sb_free(&b);
}

static void test_self_append(void)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    sb_puts(&b, "abc");
    for (int i = 0; i < 8; i++)
        sb_append(&b, b.data, b.len); /* doubles, moving the data as it grows */
    CHECK(b.len == 3 * 256, "got %zu bytes", b.len);
    bool pattern = true;
    for (size_t i = 0; i < b.len; i++)
        pattern &= b.data[i] == "abc"[i % 3];
    CHECK(pattern, "self-append corrupted the text");
    sb_free(&b);
}

static void test_heap_alloc(void)
{
    char *p = sb_heap_alloc(NULL, NULL, 0, 10);
    CHECK(p != NULL, "allocates");
    memcpy(p, "123456789", 10);
    p = sb_heap_alloc(NULL, p, 10, 100000);
    CHECK(p && strcmp(p, "123456789") == 0, "grows keeping content");
    CHECK(sb_heap_alloc(NULL, p, 100000, 0) == NULL, "size 0 frees and returns NULL");
}

int main(void)
{
    test_empty_buffer();
    test_appends();
    test_growth_keeps_content();
    test_printf();
    test_clear_keeps_capacity();
    test_reserve();
    test_refusal_is_sticky();
    test_utf8();
    test_self_append();
    test_heap_alloc();
    if (failures) {
        fprintf(stderr, "test_strbuf: %d failure(s)\n", failures);
        return 1;
    }
    printf("test_strbuf: ok\n");
    return 0;
}
