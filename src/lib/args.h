/*
 * args.h - checking and converting the arguments of builtins.
 *
 * Each helper raises a TypeError/ValueError that names the function, the
 * argument and what was expected ("round() argument 2 must be an int, not
 * str") and returns false, so a builtin reads:
 *
 *     int64_t n;
 *     if (!arg_int(vm, argv, 1, "round", "ndigits", &n)) return false;
 */
#ifndef NABLA_ARGS_H
#define NABLA_ARGS_H

#include "vm/vm.h"

bool arg_int(VM *vm, Value *argv, int i, const char *fn, const char *param, int64_t *out);
bool arg_float(VM *vm, Value *argv, int i, const char *fn, const char *param, double *out);   /* int ok */
bool arg_str(VM *vm, Value *argv, int i, const char *fn, const char *param, ObjString **out);
bool arg_bool(VM *vm, Value *argv, int i, const char *fn, const char *param, bool *out);      /* truthiness */
bool arg_callable(VM *vm, Value *argv, int i, const char *fn, const char *param);
bool value_is_callable(Value v);

/* Keyword arguments: looks name up in kwargs (which may be NULL). */
bool kwarg_get(VM *vm, ObjDict *kwargs, const char *name, Value *out);
/* Raises "f() got an unexpected keyword argument 'x'" unless every key is in
   the NULL-terminated list allowed. */
bool kwargs_check(VM *vm, ObjDict *kwargs, const char *fn, const char *const *allowed);
/* The value of a parameter given either by position argv[i] (if i < argc) or
   by keyword; *present says which.  Raises if given both ways. */
bool arg_or_kwarg(VM *vm, int argc, Value *argv, ObjDict *kwargs, int i, const char *fn,
                  const char *name, Value *out, bool *present);

/* n slots on the VM stack, set to None, that the collector sees as roots
   while a builtin builds its result; roots_close drops them and passes ok on. */
Value *roots_open(VM *vm, int n);
bool roots_close(VM *vm, Value *r, bool ok);
/* Raises unless the call had no keyword arguments. */
bool no_kwargs(VM *vm, ObjDict *kwargs, const char *fn);
/* A text buffer that allocates through the VM (so it counts against its cap). */
void sb_init_vm(VM *vm, StrBuf *b);

#endif
