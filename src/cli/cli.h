/* cli.h - shared by the nabla command's files. */
#ifndef NABLA_CLI_H
#define NABLA_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "vm/vm.h"

/* Prints vm->exception to stderr (with carets and trace) and clears it. */
void cli_report_error(VM *vm);
/* Reads a whole file into a malloc'd buffer. */
bool cli_read_file(const char *path, char **data, size_t *len);
void cli_write_error(const char *text, size_t len);
/* The interactive loop; returns the exit status. */
int repl_run(VM *vm);

#endif
