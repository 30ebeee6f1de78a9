/*
 * ast_dump.h - the tree as text, for tests and for debugging the front end.
 *
 * The form is an S-expression: one statement per line, indented by block,
 * expressions inline, e.g.
 *
 *   (block
 *     (assign x = (+ 1 (* 2 y)))
 *     (if (compare x > 3)
 *       (block
 *         (expr (call print x)))))
 *
 * Names print bare, strings in double quotes with C escapes, NULL children
 * of a slice as "_".
 */
#ifndef NABLA_AST_DUMP_H
#define NABLA_AST_DUMP_H

#include <stdio.h>

#include "ast.h"

void ast_dump(const Node *n, FILE *out);

/* The same, with each node's position as @line:col+len after its head. */
void ast_dump_spans(const Node *n, FILE *out);

#endif
