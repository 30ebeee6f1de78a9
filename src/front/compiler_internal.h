/*
 * compiler_internal.h - what the compiler's two files share: the state of
 * compiling one function, and the emitting layer (emit.c) that appends
 * instructions, tracks the stack depth and fuses instruction sequences.
 */
#ifndef NABLA_COMPILER_INTERNAL_H
#define NABLA_COMPILER_INTERNAL_H

#include "front/compiler.h"

#define MAX_LOCALS 250
#define MAX_UPVALUES 250
#define MAX_JUMP 0xffff

typedef struct Local {
    const char *name;   /* NULL for hidden temporaries */
    bool captured;
} Local;

typedef struct UpvalDesc {
    uint8_t index;
    bool is_local;
    const char *name;
} UpvalDesc;

/* A loop being compiled, for break and continue. */
typedef struct Loop {
    struct Loop *outer;
    int start;              /* while: the continue target (LOOP back to it) */
    int depth;              /* stack depth in the body, without its temporaries
                               (includes a for's iterator) */
    bool is_for;
    int try_depth;          /* c->ntry when the loop began */
    int breaks[64];
    int nbreaks;
    int continues[64];      /* for: jumps forward to the FOR_ITER at the bottom */
    int ncontinues;
} Loop;

/* An active try statement: break/continue/return must pop its handler and,
   for try/finally, run the finally body on the way out. */
typedef struct TryCtx {
    Node *finally_body;     /* NULL for try/except */
} TryCtx;

/* Names a function scope treats specially, from scan_scope. */
typedef struct NameSet {
    const char **names;
    int count, cap;
} NameSet;

/* A comprehension's own variables, shadowing the function's. */
typedef struct CompScope {
    struct CompScope *outer;
    const char *names[16];
    int slots[16];
    int count;
} CompScope;

/* A class body being compiled: its attributes so far, readable by name in
   later statements of the body (the class sits in a hidden local). */
typedef struct ClassScope {
    NameSet names;
    int slot;
} ClassScope;

typedef struct Compiler {
    struct Compiler *enclosing;
    ClassScope *class_scope;
    VM *vm;
    ObjProto *proto;
    Arena *arena;
    ParseError *err;
    bool failed;
    CompileMode mode;
    bool is_module;         /* top level: names are globals */
    bool in_class_body;
    const char *class_name; /* inside a class body or its methods: for qualnames */
    Local locals[MAX_LOCALS];
    int nlocals;
    UpvalDesc upvals[MAX_UPVALUES];
    int nupvals;
    NameSet assigned, globals, nonlocals;
    Loop *loop;
    TryCtx trys[64];
    int ntry;
    CompScope *comp_scope;
    int depth, max_depth;
    int last_op;            /* offset of the last instruction emitted, -1 none */
    int prev_op;            /* offset of the one before it */
    int label;              /* highest offset a jump lands on: no fusing across it */
    int line, col, len;     /* position given to emitted instructions */
    int except_slot;        /* hidden local holding the exception in an except body, or -1 */
} Compiler;

static inline Chunk *chunk(Compiler *c) { return &c->proto->chunk; }

/* ---- errors: the first one wins; the enclosing compilers fail with it */

void comp_error(Compiler *c, Node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void comp_hint(Compiler *c, const char *hint);

/* ---- constants: the index of v (or of the interned name) in the
   function's constant table, shared when equal */

int comp_constant(Compiler *c, Value v);
int comp_name(Compiler *c, const char *name);

/* ---- emitting (emit.c) */

/* The source position given to the instructions emitted from now on. */
void emit_at(Compiler *c, Node *n);
void emit_byte(Compiler *c, uint8_t b);
void emit_u16(Compiler *c, int v);
/* An instruction, whose stack effect comes from its OPCODES entry (VAR
   ones: the caller adds emit_depth). */
void emit_op(Compiler *c, OpCode op);
void emit_op_b(Compiler *c, OpCode op, int b);
void emit_op_w(Compiler *c, OpCode op, int w);
void emit_constant(Compiler *c, Value v);
/* The stack depth changes by delta here (tracked for the frame's size). */
void emit_depth(Compiler *c, int delta);
/* The current offset is a jump target; returns it. */
int emit_label(Compiler *c);
/* A forward jump, and the patch that points it at the current offset. */
int emit_jump(Compiler *c, OpCode op);
void emit_patch(Compiler *c, int operand_offset);
/* LOOP back to start. */
void emit_loop(Compiler *c, int start);
/* The bottom of a for loop: FOR_ITER (or FOR_ITER_LOCAL into slot, when
   slot >= 0) jumping back to body. */
void emit_for_iter(Compiler *c, int slot, int body);
/* GET_LOCAL, fused with a GET_LOCAL before it into GET_LOCAL2. */
void emit_get_local(Compiler *c, int slot);
/* A binary operator, fused with the pushes of its operands when it can. */
void emit_binary(Compiler *c, OpCode op, bool left_temp);

#endif
