/* arena.c - see arena.h. */
#include "arena.h"

#include <string.h>

struct ArenaChunk {
    ArenaChunk *next;
    size_t size;        /* bytes usable after the header */
    _Alignas(16) unsigned char data[];
};

enum { ARENA_CHUNK = 32 * 1024 };

void arena_init(Arena *a, ArenaAllocFn alloc, void *ud)
{
    memset(a, 0, sizeof *a);
    a->alloc = alloc;
    a->ud = ud;
}

void *arena_alloc(Arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (!a->head || a->cap - a->used < size) {
        size_t want = size > ARENA_CHUNK ? size : ARENA_CHUNK;
        ArenaChunk *c = a->alloc(a->ud, NULL, 0, sizeof *c + want);
        if (!c)
            return NULL;
        c->next = a->head;
        c->size = want;
        a->head = c;
        a->used = 0;
        a->cap = want;
        a->total += want;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_free(Arena *a)
{
    ArenaChunk *c = a->head;
    while (c) {
        ArenaChunk *next = c->next;
        a->alloc(a->ud, c, sizeof *c + c->size, 0);
        c = next;
    }
    a->head = NULL;
    a->used = a->cap = a->total = 0;
}
