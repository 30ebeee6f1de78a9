/*
 * ast.h - the abstract syntax tree the parser builds and the compiler reads.
 *
 * The tree lives in an Arena: every node, list and string of one parse is
 * freed at once when the compiler is done with it.  Nodes carry the source
 * span of the token that best names them (an operator, a name, a keyword) so
 * that errors can put a caret under the right place.
 */
#ifndef NABLA_AST_H
#define NABLA_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum NodeKind {
    /* expressions */
    N_INT,        /* ival */
    N_FLOAT,      /* fval */
    N_STR,        /* str: decoded text (escapes resolved) */
    N_FSTRING,    /* fstr.parts: N_STR and N_FORMAT nodes, in order */
    N_FORMAT,     /* format: one {value!conv:spec} field of an f-string */
    N_NAME,       /* str: identifier */
    N_TRUE, N_FALSE, N_NONE,
    N_ELLIPSIS,   /* ... (in subscripts) */
    N_LIST,       /* items */
    N_TUPLE,      /* items: (a, b), a, b, and the index of x[i, j] */
    N_DICT,       /* dict.keys / dict.values, same count */
    N_LISTCOMP,   /* comp: [elt for ... if ...] */
    N_DICTCOMP,   /* comp: {key: elt for ...} */
    N_COMP_FOR,   /* comp_for: one "for target in iter" clause */
    N_COMP_IF,    /* comp_if: one "if cond" clause */
    N_UNARY,      /* unary */
    N_BINARY,     /* binary: arithmetic, bitwise, @ */
    N_AND, N_OR,  /* binary (op unused): short-circuit */
    N_COMPARE,    /* compare: a < b <= c chains */
    N_TERNARY,    /* ternary: then if cond else other */
    N_LAMBDA,     /* func: body.items holds one N_RETURN */
    N_CALL,       /* call: args are expressions, N_STARRED, N_KEYWORD, N_DSTARRED */
    N_KEYWORD,    /* keyword: name=value inside a call */
    N_STARRED,    /* starred: *x in a call or an assignment target */
    N_DSTARRED,   /* starred: **x in a call */
    N_ATTR,       /* attr: object.name */
    N_INDEX,      /* index: object[index]; index may be N_TUPLE/N_SLICE */
    N_SLICE,      /* slice: lo:hi:step, each may be NULL */

    /* statements */
    N_BLOCK,      /* items: statements in order; also the whole module */
    N_EXPR_STMT,  /* expr_stmt.value */
    N_ASSIGN,     /* assign: t1 = t2 = value */
    N_AUGASSIGN,  /* augassign: target op= value */
    N_IF,         /* if_: else_body is NULL, an N_BLOCK, or an N_IF for elif */
    N_WHILE,      /* loop: cond, body, else_body */
    N_FOR,        /* loop: target, iter, body, else_body */
    N_BREAK, N_CONTINUE, N_PASS,
    N_DEF,        /* func */
    N_RETURN,     /* ret.value may be NULL */
    N_CLASS,      /* klass */
    N_IMPORT,     /* import: each alias "import a as b" */
    N_FROM_IMPORT,/* import: "from module import a as b, c" */
    N_ASSERT,     /* assert_: test, msg may be NULL */
    N_TRY,        /* try_ */
    N_EXCEPT,     /* except: type may be NULL (bare except), name may be NULL */
    N_RAISE,      /* raise: exc may be NULL (re-raise) */
    N_GLOBAL, N_NONLOCAL, /* names */
    N_DEL,        /* items: targets */
    NODE_KIND_COUNT
} NodeKind;

typedef enum BinOp {
    BIN_ADD, BIN_SUB, BIN_MUL, BIN_DIV, BIN_FLOORDIV, BIN_MOD, BIN_POW,
    BIN_MATMUL, BIN_BITAND, BIN_BITOR, BIN_BITXOR, BIN_LSHIFT, BIN_RSHIFT,
    BINOP_COUNT
} BinOp;

typedef enum UnOp { UN_NEG, UN_POS, UN_NOT, UN_INVERT } UnOp;

typedef enum CmpOp {
    CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE,
    CMP_IN, CMP_NOT_IN, CMP_IS, CMP_IS_NOT,
    CMPOP_COUNT
} CmpOp;

typedef struct Node Node;

/* A list of nodes, arena-allocated. */
typedef struct NodeList {
    Node **items;
    int count;
} NodeList;

typedef enum ParamKind {
    PARAM_NORMAL,   /* x or x=default */
    PARAM_VARARGS,  /* *args */
    PARAM_KWARGS,   /* **kwargs */
} ParamKind;

typedef struct Param {
    const char *name;
    Node *default_value; /* NULL when none */
    ParamKind kind;
    int line, col;
    bool keyword_only;   /* a PARAM_NORMAL after '*args' or a bare '*' (the
                            bare '*' itself is not in the list) */
} Param;

/* One "name as alias" of an import statement. */
typedef struct Alias {
    const char *name;   /* dotted module name for "import", member for "from" */
    const char *asname; /* NULL when no "as" */
    int line, col;
} Alias;

struct Node {
    NodeKind kind;
    int line, col, len; /* 1-based line and byte column; len bytes to underline */
    union {
        int64_t ival;
        double fval;
        struct { const char *chars; int len; } str;
        struct { NodeList parts; } fstr;
        struct { Node *value; char conversion; /* 0, 'r' or 's' */
                 Node *spec; /* NULL, or N_FSTRING (may hold nested fields) */ } format;
        NodeList items;
        struct { NodeList keys, values; } dict;
        struct { Node *key; /* DICTCOMP only */ Node *elt; NodeList clauses; } comp;
        struct { Node *target, *iter; } comp_for;
        struct { Node *cond; } comp_if;
        struct { UnOp op; Node *operand; } unary;
        struct { BinOp op; Node *left, *right; } binary;
        struct { Node *first; int count; CmpOp *ops; Node **rest; } compare;
        struct { Node *cond, *then, *other; } ternary;
        struct { Node *callee; NodeList args; } call;
        struct { const char *name; Node *value; } keyword;
        struct { Node *value; } starred;
        struct { Node *object; const char *name; } attr;
        struct { Node *object, *index; } index;
        struct { Node *lo, *hi, *step; } slice;
        struct { Node *value; } expr_stmt;
        struct { NodeList targets; Node *value; } assign;
        struct { BinOp op; Node *target, *value; } augassign;
        struct { Node *cond; Node *body; Node *else_body; } if_;
        struct { Node *target, *iter, *cond; Node *body, *else_body; } loop;
        struct { const char *name; Param *params; int nparams;
                 Node *body; /* N_BLOCK */ const char *doc; /* NULL or docstring */ } func;
        struct { Node *value; } ret;
        struct { const char *name; Node *base; /* NULL */ Node *body;
                 const char *doc; } klass;
        struct { const char *module; /* N_FROM_IMPORT only */
                 Alias *names; int count; bool star; } import;
        struct { Node *test, *msg; } assert_;
        struct { Node *body; NodeList handlers; /* N_EXCEPT */
                 Node *else_body, *finally_body; /* may be NULL */ } try_;
        struct { Node *type; const char *name; Node *body; } except;
        struct { Node *exc; } raise;
        struct { const char **names; int count; } names;
    } as;
};

/* A syntax error, with enough to draw a caret and suggest a fix. */
typedef struct ParseError {
    char message[256];  /* "expected ':' after the condition of 'if'" */
    char hint[256];     /* "" or a suggested fix */
    int line, col, len;
    bool incomplete;    /* input ended inside a block, bracket or string:
                           the REPL asks for another line instead */
} ParseError;

/*
 * Parse a whole module.  Returns an N_BLOCK, or NULL with *err filled in.
 * The source need not be NUL-terminated.  Strings in the tree are
 * NUL-terminated copies in the arena.
 */
Node *parse_module(Arena *arena, const char *src, size_t len, ParseError *err);

const char *binop_symbol(BinOp op);  /* "+", "@", ... */
const char *cmpop_symbol(CmpOp op);  /* "<", "not in", ... */
const char *node_kind_name(NodeKind kind);

#endif
