/* debug.h - the disassembler behind `nabla --dis` and the execution trace. */
#ifndef NABLA_DEBUG_H
#define NABLA_DEBUG_H

#include <stdio.h>

#include "vm/vm.h"

/* Prints a prototype's code, then every function nested in its constants. */
void debug_disassemble(VM *vm, ObjProto *proto, FILE *out);
/* Prints one instruction; returns the offset of the next. */
int debug_instruction(VM *vm, ObjProto *proto, int offset, FILE *out);

#endif
