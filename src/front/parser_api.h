/* parser_api.h - the parser's entry point, for code outside front/. */
#ifndef NABLA_PARSER_API_H
#define NABLA_PARSER_API_H
#include "front/ast.h"
#endif
