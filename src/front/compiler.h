/*
 * compiler.h - turns a parse tree into bytecode.
 *
 * One pass over the tree per function, after a scan that finds which names
 * the function assigns (Python's rule: assignment anywhere in a function
 * makes a name local to it, unless declared global or nonlocal).
 */
#ifndef NABLA_COMPILER_H
#define NABLA_COMPILER_H

#include "front/ast.h"
#include "vm/vm.h"

typedef enum CompileMode {
    COMPILE_MODULE,     /* a script or module: the module's value is None */
    COMPILE_REPL,       /* top-level expression statements echo their value */
    COMPILE_EVAL,       /* a final expression statement is the returned value */
} CompileMode;

/* Compiles a module's tree.  Returns its top-level function prototype, or
   NULL with *err filled in (a ParseError, as syntax errors are). */
ObjProto *comp_compile(VM *vm, Node *module, ObjString *source_name, ObjString *source,
                       CompileMode mode, ParseError *err);

/* Marks prototypes under construction (called by the collector). */
void comp_mark_roots(VM *vm);

#endif
