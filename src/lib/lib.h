/*
 * lib.h - the builtin library: functions every program sees without an
 * import, the methods of the builtin types, and the modules written in C.
 */
#ifndef NABLA_LIB_H
#define NABLA_LIB_H

#include "vm/vm.h"

/* Called once by vm_new after the type and exception classes exist:
   fills vm->builtins and the methods of str, list, dict, tuple, ... */
bool lib_open_builtins(VM *vm);

/* Per-area registration, called by lib_open_builtins. */
bool lib_open_core(VM *vm);         /* print, len, range, type, ... (builtins.c) */
bool lib_open_str(VM *vm);          /* str methods (str_methods.c) */
bool lib_open_list(VM *vm);         /* list and tuple methods (list_methods.c) */
bool lib_open_dict(VM *vm);         /* dict methods (dict_methods.c) */
bool lib_open_help(VM *vm);         /* dir and help (help.c) */

/* C modules, in native_modules[] (modules.c). */
bool lib_open_math(VM *vm, ObjModule *m);
bool lib_open_time(VM *vm, ObjModule *m);
bool lib_open_sys(VM *vm, ObjModule *m);
bool lib_open_re(VM *vm, ObjModule *m);     /* re_module.c: regular expressions on PCRE2 */

/* Tensors in the language (tensor_lib.c and friends): the tensor class's
   construct and methods, the NumPy-named builtins (zeros, sum, exp, ...)
   and, in tensor_modules[], the linalg, random and io modules. */
bool lib_open_tensor(VM *vm);

/* Plots in the terminal and as SVG (plot.c and friends): plot, scatter,
   hist, imshow, savefig as builtins, and the same in module "plot". */
bool lib_open_plot(VM *vm);
extern const NativeModuleDef tensor_modules[];  /* ends at name NULL */

#endif
