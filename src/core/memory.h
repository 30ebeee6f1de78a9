/*
 * memory.h - every allocation of a VM goes through mem_realloc, which calls
 * the host's allocator hook, keeps the byte count that drives the collector,
 * and enforces the memory cap.  (Small objects on the default allocator come
 * from a pool whose arenas the hook provides; see memory.c.)
 *
 * The collector is a stop-the-world mark and sweep.  It runs when an object
 * is allocated and the bytes allocated since the last collection exceed the
 * live size (tensor storage included), so a loop that makes a large
 * temporary each iteration frees the previous one within an iteration or two.
 */
#ifndef NABLA_MEMORY_H
#define NABLA_MEMORY_H

#include "vm/vm.h"

/* 1 when the small-object pool is compiled in; under AddressSanitizer it is
   not (see memory.c). */
#if defined(__SANITIZE_ADDRESS__)
#define MEM_POOL_BUILT 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MEM_POOL_BUILT 0
#endif
#endif
#ifndef MEM_POOL_BUILT
#define MEM_POOL_BUILT 1
#endif

/* Returns NULL (nothing raised) when the hook refuses or the cap is hit. */
void *mem_realloc(VM *vm, void *ptr, size_t old_size, size_t new_size);
#define mem_alloc(vm, size) mem_realloc((vm), NULL, 0, (size))
#define mem_free(vm, ptr, size) mem_realloc((vm), (ptr), (size), 0)

/* Allocates an object of `size` bytes, zeroed, and links it in; may collect first. */
Obj *obj_alloc(VM *vm, size_t size, ObjType type);
/* The same with only the Obj header initialised: for objects whose body the
   caller writes in full at once (string text). */
Obj *obj_alloc_uninit(VM *vm, size_t size, ObjType type);

/* Gives back the memory of an object of `size` bytes (obj_free's last step). */
void obj_release(VM *vm, Obj *o, size_t size);
/* Frees every object and the pool: the VM's teardown. */
void gc_free_all(VM *vm);

void gc_collect(VM *vm);
void gc_mark_value(VM *vm, Value v);
void gc_mark_obj(VM *vm, Obj *o);

/* The engine's allocator: counts tensor bytes against the VM. */
void *mem_tensor_alloc(void *ud, void *ptr, size_t old_size, size_t new_size);

/* Grows an array of elements of elem_size to hold at least need; NULL on failure. */
void *mem_grow(VM *vm, void *ptr, int *cap, int need, size_t elem_size);

#endif
