/*
 * arena.h - bump allocation for data that dies all at once (a parse tree).
 *
 * Chunks come from the VM's allocator hook, so even the parser respects a
 * host's memory cap.  arena_alloc returns NULL when the hook refuses.
 */
#ifndef NABLA_ARENA_H
#define NABLA_ARENA_H

#include <stddef.h>

typedef void *(*ArenaAllocFn)(void *ud, void *ptr, size_t old_size, size_t new_size);

typedef struct ArenaChunk ArenaChunk;

typedef struct Arena {
    ArenaAllocFn alloc;
    void *ud;
    ArenaChunk *head;
    size_t used, cap;   /* within head */
    size_t total;       /* bytes of all chunks, for diagnostics */
} Arena;

void arena_init(Arena *a, ArenaAllocFn alloc, void *ud);
void *arena_alloc(Arena *a, size_t size);            /* 16-byte aligned, zeroed */
char *arena_strndup(Arena *a, const char *s, size_t n); /* NUL-terminated copy */
void arena_free(Arena *a);

#endif
