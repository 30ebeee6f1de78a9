/*
 * emit.c - appending instructions: positions, the stack depth, constants,
 * jumps, and the fusing of an instruction with the ones just before it
 * (superinstructions; see FUSED_BINARY in chunk.h).
 *
 * A fusion looks only at the last instruction or two emitted, and never
 * across a jump target (c->label), so what it rewrites is exactly the
 * pushes of the operands it folds in.
 */
#include "front/compiler_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/memory.h"

void comp_error(Compiler *c, Node *n, const char *fmt, ...)
{
    if (c->failed)
        return;
    c->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err->message, sizeof c->err->message, fmt, ap);
    va_end(ap);
    c->err->hint[0] = '\0';
    c->err->line = n ? n->line : c->line;
    c->err->col = n ? n->col : c->col;
    c->err->len = n ? n->len : 1;
    c->err->incomplete = false;
    for (Compiler *e = c->enclosing; e; e = e->enclosing)
        e->failed = true;
}

void comp_hint(Compiler *c, const char *hint)
{
    snprintf(c->err->hint, sizeof c->err->hint, "%s", hint);
}

void emit_byte(Compiler *c, uint8_t b)
{
    if (c->failed)
        return;
    Chunk *ch = chunk(c);
    if (ch->count == ch->cap) {
        int cap = ch->cap;
        uint8_t *code = mem_grow(c->vm, ch->code, &cap, ch->count + 1, 1);
        if (!code) {
            comp_error(c, NULL, "out of memory while compiling");
            return;
        }
        int pcap = ch->cap;
        SrcPos *pos = mem_grow(c->vm, ch->pos, &pcap, ch->count + 1, sizeof(SrcPos));
        if (!pos) {
            /* cap must describe both arrays: keep the grown code, drop the
               positions (a failed compile never reads them) */
            mem_free(c->vm, ch->pos, (size_t)ch->cap * sizeof(SrcPos));
            ch->pos = NULL;
            ch->code = code;
            ch->cap = cap;
            comp_error(c, NULL, "out of memory while compiling");
            return;
        }
        ch->code = code;
        ch->pos = pos;
        ch->cap = cap;
    }
    ch->code[ch->count] = b;
    ch->pos[ch->count] = (SrcPos){c->line, (int16_t)(c->col > 32767 ? 32767 : c->col),
                                  (int16_t)(c->len > 32767 ? 32767 : c->len)};
    ch->count++;
}

void emit_u16(Compiler *c, int v)
{
    emit_byte(c, (uint8_t)(v & 0xff));
    emit_byte(c, (uint8_t)((v >> 8) & 0xff));
}

void emit_depth(Compiler *c, int delta)
{
    c->depth += delta;
    if (c->depth > c->max_depth)
        c->max_depth = c->depth;
}

static const int8_t stack_effect[OP_COUNT] = {
#define X(name, operands, effect, meaning) effect,
    OPCODES(X)
#undef X
};

void emit_op(Compiler *c, OpCode op)
{
    c->prev_op = c->last_op;
    c->last_op = chunk(c)->count;
    emit_byte(c, (uint8_t)op);
    emit_depth(c, stack_effect[op]);
}

/* The current offset is a jump target: instructions before it and after it
   must not be fused into one. */
int emit_label(Compiler *c)
{
    c->label = chunk(c)->count;
    return chunk(c)->count;
}

/* Can the instruction at `at` be fused with what follows it? */
static bool fusable(Compiler *c, int at, OpCode op)
{
    return !c->failed && at >= 0 && at >= c->label && chunk(c)->code[at] == op;
}

/* Rewrites the code from `at` on as one instruction (op with operands); it
   takes the current position, the operator's, for its errors. */
static void rewrite(Compiler *c, int at, const uint8_t *bytes, int n, int depth_change)
{
    chunk(c)->count = at;
    c->last_op = at;
    c->prev_op = -1;
    for (int i = 0; i < n; i++)
        emit_byte(c, bytes[i]);
    emit_depth(c, depth_change);
}

/* GET_LOCAL a; GET_LOCAL b -> GET_LOCAL2 a b */
void emit_get_local(Compiler *c, int slot)
{
    int at = c->last_op;
    if (fusable(c, at, OP_GET_LOCAL) && at + 2 == chunk(c)->count) {
        uint8_t bytes[3] = {OP_GET_LOCAL2, chunk(c)->code[at + 1], (uint8_t)slot};
        rewrite(c, at, bytes, 3, 1);
        return;
    }
    emit_op(c, OP_GET_LOCAL);
    emit_byte(c, (uint8_t)slot);
}

/* A length-n instruction at `at` that is the last one emitted. */
static bool last_is(Compiler *c, int at, OpCode op, int n)
{
    return fusable(c, at, op) && at + n == chunk(c)->count;
}

/* An arithmetic or comparison operator whose operands were just pushed.
   When the right operand (or both) is a local or a constant and the
   operator has fused forms, the pushes fold into it: GET_LOCAL a; CONST k;
   ADD becomes ADD_LK a k, and likewise the KL (2.0 * x), LL (a + b), SK
   ((x + y) / 2) and SL forms.  left_temp: the left operand is the fresh
   result of arithmetic that no name holds (see OPB_TEMP). */
void emit_binary(Compiler *c, OpCode op, bool left_temp)
{
    Chunk *ch = chunk(c);
    int last = c->last_op, prev = c->prev_op;
    if (fused(op, FORM_LK) >= 0) {
        if (last_is(c, last, OP_CONST, 3)) {
            uint8_t k0 = ch->code[last + 1], k1 = ch->code[last + 2];
            if (fusable(c, prev, OP_GET_LOCAL) && prev + 2 == last) {
                uint8_t bytes[4] = {(uint8_t)fused(op, FORM_LK), ch->code[prev + 1], k0, k1};
                rewrite(c, prev, bytes, 4, -1);
            } else {
                uint8_t bytes[4] = {(uint8_t)fused(op, FORM_SK), k0, k1, left_temp};
                rewrite(c, last, bytes, 4, -1);
            }
            return;
        }
        if (last_is(c, last, OP_GET_LOCAL, 2)) {
            uint8_t slot = ch->code[last + 1];
            if (fusable(c, prev, OP_CONST) && prev + 3 == last) {
                uint8_t bytes[4] = {(uint8_t)fused(op, FORM_KL), ch->code[prev + 1], ch->code[prev + 2], slot};
                rewrite(c, prev, bytes, 4, -1);
            } else {
                uint8_t bytes[3] = {(uint8_t)fused(op, FORM_SL), slot, left_temp};
                rewrite(c, last, bytes, 3, -1);
            }
            return;
        }
        if (last_is(c, last, OP_GET_LOCAL2, 3)) {
            uint8_t bytes[3] = {(uint8_t)fused(op, FORM_LL), ch->code[last + 1], ch->code[last + 2]};
            rewrite(c, last, bytes, 3, -1);
            return;
        }
    }
    if (left_temp) {
        emit_op(c, OP_BINARY);
        emit_byte(c, (uint8_t)(op | OPB_TEMP));
        return;
    }
    emit_op(c, op);
}

void emit_op_b(Compiler *c, OpCode op, int b)
{
    emit_op(c, op);
    emit_byte(c, (uint8_t)b);
}

void emit_op_w(Compiler *c, OpCode op, int w)
{
    emit_op(c, op);
    emit_u16(c, w);
}

void emit_at(Compiler *c, Node *n)
{
    if (n) {
        c->line = n->line;
        c->col = n->col;
        c->len = n->len;
    }
}

int comp_constant(Compiler *c, Value v)
{
    ValueArray *k = &chunk(c)->constants;
    if (IS_OBJ(v) && !AS_OBJ(v)) { /* a string made for it ran out of memory */
        comp_error(c, NULL, "out of memory while compiling");
        return 0;
    }
    /* Reuse identical constants: strings are interned, numbers compare by bits. */
    for (int i = 0; i < k->count; i++) {
        Value e = k->items[i];
        if (e.type != v.type)
            continue;
        if ((IS_OBJ(v) && AS_OBJ(v) == AS_OBJ(e)) || (IS_INT(v) && AS_INT(v) == AS_INT(e)) ||
            (IS_FLOAT(v) && memcmp(&v.as.f, &e.as.f, sizeof(double)) == 0))
            return i;
    }
    if (k->count >= 0xfffe) {
        comp_error(c, NULL, "too many constants in one function (the limit is 65534)");
        return 0;
    }
    if (IS_OBJ(v))
        gc_push_root(c->vm, v);
    Value *items = mem_grow(c->vm, k->items, &k->cap, k->count + 1, sizeof(Value));
    if (IS_OBJ(v))
        gc_pop_roots(c->vm, 1);
    if (!items) {
        comp_error(c, NULL, "out of memory while compiling");
        return 0;
    }
    k->items = items;
    k->items[k->count] = v;
    return k->count++;
}

int comp_name(Compiler *c, const char *name)
{
    ObjString *s = str_from_cstr(c->vm, name);
    if (!s) {
        comp_error(c, NULL, "out of memory while compiling");
        return 0;
    }
    return comp_constant(c, OBJ_VAL(s));
}

void emit_constant(Compiler *c, Value v)
{
    emit_op_w(c, OP_CONST, comp_constant(c, v));
}

int emit_jump(Compiler *c, OpCode op)
{
    emit_op(c, op);
    emit_u16(c, 0xffff);
    return chunk(c)->count - 2;
}

void emit_patch(Compiler *c, int at_offset)
{
    if (c->failed)
        return;
    int dist = chunk(c)->count - (at_offset + 2);
    emit_label(c);
    if (dist > MAX_JUMP) {
        comp_error(c, NULL, "this block is too large to jump over: split it into functions");
        return;
    }
    chunk(c)->code[at_offset] = (uint8_t)(dist & 0xff);
    chunk(c)->code[at_offset + 1] = (uint8_t)(dist >> 8);
}

void emit_loop(Compiler *c, int start)
{
    emit_op(c, OP_LOOP);
    int dist = chunk(c)->count - start + 2;
    if (dist > MAX_JUMP) {
        comp_error(c, NULL, "this loop body is too large: split it into functions");
        return;
    }
    emit_u16(c, dist);
}

void emit_for_iter(Compiler *c, int slot, int body)
{
    if (slot >= 0)
        emit_op_b(c, OP_FOR_ITER_LOCAL, slot);
    else
        emit_op(c, OP_FOR_ITER);
    int dist = chunk(c)->count + 2 - body;
    if (dist > MAX_JUMP) {
        comp_error(c, NULL, "this loop body is too large: split it into functions");
        return;
    }
    emit_u16(c, dist);
    emit_depth(c, -1); /* the iterator, popped when it is done */
}
