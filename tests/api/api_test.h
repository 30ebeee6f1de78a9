/*
 * api_test.h - what the embedding tests share: a check macro that reports
 * what was expected and what came, reading the paired script, capturing
 * output, and a counting allocator for leak checks.  Only include/nabla.h
 * is used: these tests see the VM as a host does.
 */
#ifndef NABLA_API_TEST_H
#define NABLA_API_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nabla.h"

static int failures;

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) {                                                                  \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);    \
            failures++;                                                                 \
        }                                                                               \
    } while (0)

/* A call that must succeed; on failure prints the VM's report. */
#define CHECK_OK(vm, call)                                                              \
    do {                                                                                \
        nb_status st_ = (call);                                                         \
        if (st_ != NB_OK) {                                                             \
            fprintf(stderr, "%s:%d: %s returned %d: %s\n", __FILE__, __LINE__, #call,   \
                    (int)st_, nb_error(vm)->report);                                    \
            failures++;                                                                 \
        }                                                                               \
    } while (0)

#define CHECK_STR(got, want)                                                            \
    do {                                                                                \
        const char *g_ = (got), *w_ = (want);                                           \
        if (!g_ || strcmp(g_, w_) != 0) {                                               \
            fprintf(stderr, "%s:%d: %s\n  expected: \"%s\"\n  got:      \"%s\"\n",      \
                    __FILE__, __LINE__, #got, w_, g_ ? g_ : "(null)");                  \
            failures++;                                                                 \
        }                                                                               \
    } while (0)

#define CHECK_CONTAINS(got, want)                                                       \
    do {                                                                                \
        const char *g_ = (got), *w_ = (want);                                           \
        if (!g_ || !strstr(g_, w_)) {                                                   \
            fprintf(stderr, "%s:%d: %s should contain \"%s\"; it is \"%s\"\n",          \
                    __FILE__, __LINE__, #got, w_, g_ ? g_ : "(null)");                  \
            failures++;                                                                 \
        }                                                                               \
    } while (0)

static inline int test_finish(const char *name)
{
    if (failures)
        fprintf(stderr, "%s: %d check(s) failed\n", name, failures);
    return failures ? 1 : 0;
}

/* The whole of a file, NUL-terminated (the test exits when it cannot). */
static inline char *read_script(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Output captured from print(). */
typedef struct Capture {
    char text[1 << 16];
    size_t len;
} Capture;

static inline void capture_write(void *ud, const char *text, size_t len)
{
    Capture *c = ud;
    if (c->len + len < sizeof c->text) {
        memcpy(c->text + c->len, text, len);
        c->len += len;
        c->text[c->len] = '\0';
    }
}

static inline void capture_reset(Capture *c)
{
    c->len = 0;
    c->text[0] = '\0';
}

/* An allocator that counts live bytes, to prove nb_free gives back all. */
typedef struct Counter {
    size_t live, peak, calls;
} Counter;

static inline void *counting_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    Counter *c = ud;
    if (new_size == 0) {
        free(ptr);
        c->live -= old_size;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (!p)
        return NULL;
    c->calls++;
    c->live += new_size - old_size;
    if (c->live > c->peak)
        c->peak = c->live;
    return p;
}

#endif
