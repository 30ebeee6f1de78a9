/*
 * fuzz_compile.c - libFuzzer harness: any bytes through the lexer, parser
 * and compiler (no code runs).  The input must give a compiled function or
 * a SyntaxError; anything else (a crash, a sanitizer report, an error of
 * another kind) is a finding.  One VM serves every input: compiling leaves
 * nothing behind but garbage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/memory.h"
#include "nabla.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

static nb_vm *vm;

static void compile_as(const char *src, size_t len, CompileMode mode)
{
    ParseError perr;
    ObjProto *p = vm_compile_source(vm, src, len, "<fuzz>", mode, &perr);
    if (!p) {
        if (!vm_is_instance(vm, vm->exception, vm->exc.syntax_error) &&
            !vm_is_instance(vm, vm->exception, vm->exc.memory_error)) {
            fprintf(stderr, "compiling failed without a SyntaxError\n");
            abort();
        }
        vm_clear_exception(vm);
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!vm) {
        vm = nb_new(NULL);
        if (!vm)
            abort();
    }
    /* NUL-terminated, as nb_eval receives source; NUL bytes inside stay */
    char *src = malloc(size + 1);
    if (!src)
        return 0;
    memcpy(src, data, size);
    src[size] = '\0';
    compile_as(src, size, COMPILE_MODULE);
    compile_as(src, size, COMPILE_REPL);
    free(src);
    return 0;
}
