/*
 * tensor_lib.c - tensors in the language: placeholder until the binding
 * lands (registers nothing).
 */
#include "lib/lib.h"

const NativeModuleDef tensor_modules[] = {{NULL, NULL}};

bool lib_open_tensor(VM *vm)
{
    (void)vm;
    return true;
}
