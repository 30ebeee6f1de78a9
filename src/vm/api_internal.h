/*
 * api_internal.h - shared by the files of the embedding API (api*.c): the
 * per-VM state behind include/nabla.h.
 *
 * Refs: the registry is a list object, so the values the host holds are
 * marked by the collector like any other.  It is kept in vm->modules under
 * an int key, which no import statement can name and help("...") cannot
 * find, so scripts cannot reach the host's values.  Slot 0 (NB_NOREF)
 * holds the error of the last nested call that failed, so a C function can
 * pass it on by returning false.  A free slot holds an UNDEF value whose
 * integer is the next free slot: the free list costs no memory.
 */
#ifndef NABLA_API_INTERNAL_H
#define NABLA_API_INTERNAL_H

#include "nabla.h"

#include "core/memory.h"
#include "core/strbuf.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

#define API_STATE_SLOT 7            /* vm->lib_state[API_STATE_SLOT] */
#define API_REGISTRY_KEY 0x4E42     /* its key in vm->modules */

typedef struct ApiState {
    nb_error_info info;
    StrBuf kind, message, file, report, trace, scratch;
    ObjList *registry;
    int32_t free_head;              /* first free slot, 0 when none */
    int live_refs;
    int depth;                      /* API calls running code, nested in each other */
    bool usage_pending;             /* a usage error since the running C function began */
} ApiState;

/* The state, made on first use; NULL when out of memory. */
ApiState *api_state(VM *vm);
void api_state_free(VM *vm);

/* ---- errors (api.c) */
/* Turns vm->exception into the error info and a status, and clears it. */
nb_status api_take_error(VM *vm);
/* An NB_ERR_USAGE error with a printf-formatted message. */
nb_status api_usage(VM *vm, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A global of the main module (then a builtin, when builtins is set). */
nb_status api_lookup_global(VM *vm, const char *name, bool builtins, Value *out);
/* Out of memory before anything was raised. */
nb_status api_oom(VM *vm);
/* For `return api_noref(api_usage(...))` in functions returning a ref (or
   a pointer): the error is recorded, the result is "none". */
static inline nb_ref api_noref(nb_status st)
{
    (void)st;
    return NB_NOREF;
}
static inline void *api_null(nb_status st)
{
    (void)st;
    return NULL;
}

/* Brackets an API call that runs code: the first (outermost) one renews
   the instruction budget and clears a stale interrupt. */
void api_enter(VM *vm, ApiState *s);
void api_leave(VM *vm, ApiState *s);

/* ---- refs (api_values.c) */
/* The live value of ref, or NULL after a usage error (api_slot) or
   silently (api_slot_quiet).  The pointer is valid until a new ref is made:
   only that moves the registry's storage. */
Value *api_slot(VM *vm, nb_ref ref);
Value *api_slot_quiet(VM *vm, nb_ref ref);
/* A new ref holding v; NB_NOREF with the error raised (not taken). */
nb_ref api_ref_raw(VM *vm, Value v);
/* A new ref holding v (v is kept safe from collection meanwhile); NB_NOREF
   with the error taken when out of memory. */
nb_ref api_new_ref(VM *vm, Value v);

#endif
