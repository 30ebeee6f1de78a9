/* vm_internal.h - VM functions shared between its own files, not with builtins. */
#ifndef NABLA_VM_INTERNAL_H
#define NABLA_VM_INTERNAL_H

#include "vm/vm.h"

bool vm_unary_op(VM *vm, OpCode op, Value a, Value *out);
bool vm_inplace_op(VM *vm, OpCode op, Value a, Value b, Value *out);
bool vm_del_index(VM *vm, Value obj, Value index);
bool vm_slice_indices(VM *vm, ObjSlice *s, int64_t n, int64_t *start, int64_t *stop,
                      int64_t *step, int64_t *count);
/* The closest name in the dicts' string keys, or NULL ("did you mean"). */
const char *vm_suggest(const char *name, ObjDict **dicts, int ndicts, ObjString **extra, int nextra);
/* Formats value with an f-string spec; conversion is 0, 'r' or 's'. */
ObjString *vm_format_value(VM *vm, Value v, ObjString *spec, int conversion);
/* The text of an int or float (str() of it) into buf (32 bytes); its length. */
int vm_number_text(char *buf, Value v);
/* Sets up the builtin type and exception classes (classes.c). */
bool vm_init_classes(VM *vm);
/* Prints an uncaught exception with its trace and source carets (error.c). */
void vm_print_exception(VM *vm, Value exc, StrBuf *out);
/* Records the trace of the current frames into exc, if it has none yet. */
void vm_capture_trace(VM *vm, Value exc);

/* Parses and compiles source (import.c); on failure raises SyntaxError. */
#include "front/compiler.h"
ObjProto *vm_compile_source(VM *vm, const char *source, size_t len, const char *chunk_name,
                            CompileMode mode, ParseError *perr);
/* Runs a compiled module body with module's globals. */
bool vm_execute_proto(VM *vm, ObjProto *p, ObjModule *module, Value *result);
/* Draws one source line and a caret under [col, col + len). */
void vm_print_snippet(StrBuf *out, const char *text, int line, int col, int len);

#endif
