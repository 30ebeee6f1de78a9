/*
 * chunk.h - bytecode: the opcode list, and a chunk of code with its
 * constants and source positions.
 *
 * Instructions are one opcode byte followed by operands: u8 ("b") or
 * little-endian u16 ("w").  Each opcode is defined once, in OPCODES, with
 * its operands and its one-line meaning; the name table and the
 * disassembler are generated from the same list.
 */
#ifndef NABLA_CHUNK_H
#define NABLA_CHUNK_H

#include <stdint.h>

#include "core/value.h"

/* X(name, operand layout, stack effect or VAR, meaning) */
#define OPCODES(X) \
    X(CONST,         "w",  1, "push constants[w]") \
    X(NONE,          "",   1, "push None") \
    X(TRUE,          "",   1, "push True") \
    X(FALSE,         "",   1, "push False") \
    X(POP,           "",  -1, "drop the top value") \
    X(DUP,           "",   1, "push a copy of the top value") \
    X(DUP2,          "",   2, "copy the top two values") \
    X(SWAP,          "",   0, "exchange the top two values") \
    X(ROT3,          "",   0, "a b c -> c a b (move the top below the next two)") \
    X(GET_LOCAL,     "b",  1, "push local slot b") \
    X(SET_LOCAL,     "b", -1, "pop into local slot b") \
    X(DEL_LOCAL,     "b",  0, "unbind local slot b") \
    X(GET_UPVAL,     "b",  1, "push captured variable b") \
    X(SET_UPVAL,     "b", -1, "pop into captured variable b") \
    X(GET_GLOBAL,    "ww", 1, "push global named constants[w] (then builtins); w2 caches where") \
    X(SET_GLOBAL,    "w", -1, "pop into global named constants[w]") \
    X(DEL_GLOBAL,    "w",  0, "unbind global named constants[w]") \
    X(GET_ATTR,      "w",  0, "obj -> obj.name") \
    X(SET_ATTR,      "w", -2, "value obj -> ; obj.name = value") \
    X(DEL_ATTR,      "w", -1, "obj -> ; del obj.name") \
    X(GET_INDEX,     "",  -1, "obj index -> obj[index]") \
    X(SET_INDEX,     "",  -3, "value obj index -> ; obj[index] = value") \
    X(DEL_INDEX,     "",  -2, "obj index -> ; del obj[index]") \
    X(BUILD_SLICE,   "",  -2, "start stop step -> slice") \
    X(BUILD_LIST,    "w", VAR, "n values -> list") \
    X(BUILD_BRACKET, "wb", VAR, "n values -> tensor when numeric, else list; b=1: nested literals") \
    X(BUILD_TUPLE,   "w", VAR, "n values -> tuple") \
    X(BUILD_DICT,    "w", VAR, "n key/value pairs -> dict") \
    X(BUILD_STRING,  "w", VAR, "n strings -> their concatenation") \
    X(LIST_APPEND,   "",  -2, "list value -> ; list.append(value)") \
    X(LIST_EXTEND,   "",  -1, "list iterable -> list") \
    X(DICT_SET,      "",  -3, "dict key value -> ; dict[key] = value") \
    X(DICT_UPDATE,   "",  -1, "dict mapping -> dict") \
    X(UNPACK,        "b", VAR, "sequence -> b values, first on top") \
    X(UNPACK_EX,     "bb", VAR, "sequence -> before + [rest] + after values") \
    X(ADD,           "",  -1, "a b -> a + b") \
    X(SUB,           "",  -1, "a b -> a - b") \
    X(MUL,           "",  -1, "a b -> a * b") \
    X(DIV,           "",  -1, "a b -> a / b") \
    X(FLOORDIV,      "",  -1, "a b -> a // b") \
    X(MOD,           "",  -1, "a b -> a % b") \
    X(POW,           "",  -1, "a b -> a ** b") \
    X(MATMUL,        "",  -1, "a b -> a @ b") \
    X(BITAND,        "",  -1, "a b -> a & b") \
    X(BITOR,         "",  -1, "a b -> a | b") \
    X(BITXOR,        "",  -1, "a b -> a ^ b") \
    X(LSHIFT,        "",  -1, "a b -> a << b") \
    X(RSHIFT,        "",  -1, "a b -> a >> b") \
    X(INPLACE,       "b", -1, "a b -> a op= b (op: opcode b); tensors and lists change in place") \
    X(BINARY,        "b", -1, "a b -> a op b (op byte b: an opcode, + OPB_TEMP when no name holds a)") \
    X(GET_LOCAL2,    "bb", 2, "push local slots b1 and b2 (two GET_LOCALs in one)") \
    X(INPLACE_LOCAL, "bb", -1, "v -> ; local b1 op= v (op: opcode b2)") \
    X(NEG,           "",   0, "a -> -a") \
    X(POS,           "",   0, "a -> +a") \
    X(NOT,           "",   0, "a -> not a") \
    X(INVERT,        "",   0, "a -> ~a") \
    X(EQ,            "",  -1, "a b -> a == b") \
    X(NE,            "",  -1, "a b -> a != b") \
    X(LT,            "",  -1, "a b -> a < b") \
    X(LE,            "",  -1, "a b -> a <= b") \
    X(GT,            "",  -1, "a b -> a > b") \
    X(GE,            "",  -1, "a b -> a >= b") \
    X(IN,            "",  -1, "a b -> a in b") \
    X(NOT_IN,        "",  -1, "a b -> a not in b") \
    X(IS,            "",  -1, "a b -> a is b") \
    X(IS_NOT,        "",  -1, "a b -> a is not b") \
    X(JUMP,          "w",  0, "ip += w") \
    X(LOOP,          "w",  0, "ip -= w (checks for interrupts and the budget)") \
    X(JUMP_IF_FALSE, "w", -1, "pop; if falsy, ip += w") \
    X(JUMP_IF_TRUE,  "w", -1, "pop; if truthy, ip += w") \
    X(JUMP_IF_FALSE_OR_POP, "w", VAR, "if top falsy, ip += w (keep it), else pop (and)") \
    X(JUMP_IF_TRUE_OR_POP,  "w", VAR, "if top truthy, ip += w (keep it), else pop (or)") \
    X(GET_ITER,      "",   0, "iterable -> iterator") \
    X(FOR_ITER,      "w", VAR, "iterator -> iterator next and ip -= w (the loop body), or pop it when done") \
    X(FOR_ITER_LOCAL, "bw", VAR, "FOR_ITER storing the next item in local slot b instead of pushing it") \
    X(CALL,          "b", VAR, "callee b args -> result") \
    X(CALL_KW,       "b", VAR, "callee b args kwargs-dict -> result") \
    X(CALL_EX,       "",  -2, "callee args-list kwargs-dict-or-None -> result") \
    X(INVOKE,        "wb", VAR, "receiver b args -> receiver.name(args)") \
    X(SUPER_ATTR,    "w",  0, "self -> super().name bound to self") \
    X(CLOSURE,       "w", VAR, "defaults... -> function of constants[w]; upvalue pairs follow") \
    X(RETURN,        "",  -1, "return the top value") \
    X(CLASS,         "w",  0, "base-or-None -> new class named constants[w]") \
    X(DEFINE_ATTR,   "w", -1, "class value -> class; class.name = value") \
    X(IMPORT,        "w",  1, "push module named constants[w], loading it once") \
    X(IMPORT_FROM,   "w",  1, "module -> module module.name") \
    X(IMPORT_STAR,   "",  -1, "module -> ; copy its public names into globals") \
    X(SETUP_TRY,     "w",  0, "install a handler at ip + w") \
    X(POP_TRY,       "",   0, "remove the innermost handler") \
    X(RAISE,         "",  -1, "raise the top value (a class is instantiated)") \
    X(RERAISE,       "",  -1, "raise the top exception again, keeping its trace") \
    X(EXC_MATCH,     "",  -1, "exc type -> bool (isinstance; type may be a tuple)") \
    X(ASSERT_FAIL,   "",  -1, "message-or-None -> raise AssertionError") \
    X(FORMAT,        "wb", 0, "value -> text; w: spec constant (0xffff none); b: conversion") \
    X(FORMAT_DYN,    "b", -1, "value spec -> text; b: conversion") \
    X(PRINT_EXPR,    "",  -1, "REPL: echo the repr of a non-None value and bind _") \
    X(NOP,           "",   0, "nothing") \
    FUSED_OPERATORS(FUSED_BINARY, X)

/* The commonest operators, with a local or constant operand fused in: one
   instruction for n - 1, 2.0 * x, a + b, (x + y) / 2, i % 2, i < n.  The one
   list of them: M(arg, OP, SYM) for each. */
#define FUSED_OPERATORS(M, arg) \
    M(arg, ADD, "+") M(arg, SUB, "-") M(arg, MUL, "*") M(arg, DIV, "/") \
    M(arg, FLOORDIV, "//") M(arg, MOD, "%") M(arg, LT, "<") M(arg, LE, "<=") \
    M(arg, GT, ">") M(arg, GE, ">=") M(arg, EQ, "==") M(arg, NE, "!=")

/* The six forms of one fused operator, in this order (see FusedForm).  Form
   SK and SL have a flag byte: 1 when the left operand is a temporary
   (OPB_TEMP). */
#define FUSED_BINARY(X, OP, SYM) \
    X(OP##_LK, "bw",  1, "push local b " SYM " constants[w]") \
    X(OP##_KL, "wb",  1, "push constants[w] " SYM " local b") \
    X(OP##_LL, "bb",  1, "push local b1 " SYM " local b2") \
    X(OP##_SK, "wb",  0, "a -> a " SYM " constants[w]") \
    X(OP##_SL, "bb",  0, "a -> a " SYM " local b1") \
    X(OP##_LS, "b",   0, "a -> local b " SYM " a (a is simple, so reading the local late is unseen)")

#define VAR 0  /* stack effect depends on the operands; the compiler computes it */

/* In a binary instruction's op byte: the left operand is a temporary (the
   fresh result of arithmetic that no name holds), so a tensor operator may
   write its result into it. */
#define OPB_TEMP 0x80

typedef enum OpCode {
#define X(name, operands, effect, meaning) OP_##name,
    OPCODES(X)
#undef X
    OP_COUNT
} OpCode;
_Static_assert(OP_GE < OPB_TEMP && OP_RSHIFT < OPB_TEMP, "an op byte keeps its top bit for OPB_TEMP");
_Static_assert(OP_COUNT <= 256, "an opcode is one byte");

typedef enum FusedForm { FORM_LK, FORM_KL, FORM_LL, FORM_SK, FORM_SL, FORM_LS, FORM_COUNT } FusedForm;

static inline bool is_fused(int op) { return op >= OP_ADD_LK && op <= OP_NE_LS; }
static inline FusedForm fused_form(int op) { return (FusedForm)((op - OP_ADD_LK) % FORM_COUNT); }

/* The operator of a fused instruction: OP_ADD for OP_ADD_SK. */
static inline OpCode fused_operator(int op)
{
#define OPERATOR(unused, OP, SYM) OP_##OP,
    static const OpCode operators[] = {FUSED_OPERATORS(OPERATOR, _)};
#undef OPERATOR
    return operators[(op - OP_ADD_LK) / FORM_COUNT];
}
/* The fused instruction for op in a form (fused(OP_ADD, FORM_LK) is
   OP_ADD_LK), or -1 when op has no fused forms. */
static inline int fused(OpCode op, FusedForm form)
{
    for (int i = 0; i < (OP_NE_LS + 1 - OP_ADD_LK) / FORM_COUNT; i++)
        if (fused_operator(OP_ADD_LK + i * FORM_COUNT) == op)
            return OP_ADD_LK + i * FORM_COUNT + (int)form;
    return -1;
}

/* The source position of one instruction: line, column, and underline length. */
typedef struct SrcPos {
    int32_t line;
    int16_t col, len;
} SrcPos;

typedef struct Chunk {
    uint8_t *code;
    SrcPos *pos;        /* parallel to code: the position of each byte's instruction */
    int count, cap;
    ValueArray constants;
} Chunk;

extern const char *const opcode_names[OP_COUNT];
extern const char *const opcode_operands[OP_COUNT];
extern const char *const opcode_meanings[OP_COUNT];

/* The length in bytes of the instruction at code[offset] (CLOSURE varies). */
int chunk_instr_length(const Chunk *chunk, int offset);

#endif
