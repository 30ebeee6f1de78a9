/* debug.c - see debug.h. */
#include "debug.h"

#include <string.h>

static void print_constant(VM *vm, Value v, FILE *out)
{
    StrBuf b;
    sb_init(&b, sb_heap_alloc, NULL);
    if (IS_OBJ(v) && AS_OBJ(v)->type == OBJ_PROTO)
        sb_printf(&b, "<code %s>", AS_PROTO(v)->qualname->chars);
    else if (!value_repr(vm, v, &b))
        sb_puts(&b, "<?>");
    if (b.len > 40) {
        b.len = 37;
        sb_puts(&b, "...");
    }
    fprintf(out, "%s", b.data ? b.data : "");
    sb_free(&b);
}

/* A binary instruction's op byte: the operator, and whether its left
   operand is a temporary. */
static void print_binop(int opb, FILE *out)
{
    int op = opb & ~OPB_TEMP;
    fprintf(out, " %s%s", op < OP_COUNT ? opcode_names[op] : "?", opb & OPB_TEMP ? " (temporary)" : "");
}

int debug_instruction(VM *vm, ObjProto *proto, int offset, FILE *out)
{
    Chunk *ch = &proto->chunk;
    OpCode op = (OpCode)ch->code[offset];
    SrcPos pos = ch->pos[offset];
    if (offset > 0 && ch->pos[offset - 1].line == pos.line)
        fprintf(out, "%5d      | ", offset);
    else
        fprintf(out, "%5d %4d:%-3d ", offset, pos.line, pos.col);
    if (op >= OP_COUNT) {
        fprintf(out, "?? %d\n", op);
        return offset + 1;
    }
    fprintf(out, "%-22s", opcode_names[op]);
    int p = offset + 1;
    int first = -1;
    for (const char *o = opcode_operands[op]; *o; o++) {
        int v;
        if (*o == 'w') {
            v = ch->code[p] | (ch->code[p + 1] << 8);
            p += 2;
        } else {
            v = ch->code[p++];
        }
        if (first < 0)
            first = v;
        fprintf(out, " %5d", v);
    }
    switch (op) {
    case OP_CONST: case OP_GET_GLOBAL: case OP_SET_GLOBAL: case OP_DEL_GLOBAL:
    case OP_GET_ATTR: case OP_SET_ATTR: case OP_DEL_ATTR: case OP_INVOKE:
    case OP_SUPER_ATTR: case OP_CLASS: case OP_DEFINE_ATTR: case OP_IMPORT:
    case OP_IMPORT_FROM: case OP_CLOSURE:
        fprintf(out, "  ; ");
        print_constant(vm, ch->constants.items[first], out);
        break;
    case OP_JUMP: case OP_JUMP_IF_FALSE: case OP_JUMP_IF_TRUE:
    case OP_JUMP_IF_FALSE_OR_POP: case OP_JUMP_IF_TRUE_OR_POP: case OP_SETUP_TRY:
        fprintf(out, "  ; -> %d", p + first);
        break;
    case OP_LOOP: case OP_FOR_ITER:
        fprintf(out, "  ; -> %d", p - first);
        break;
    case OP_FOR_ITER_LOCAL:
        fprintf(out, "  ; -> %d", p - (ch->code[p - 2] | (ch->code[p - 1] << 8)));
        break;
    case OP_BINARY:
        fprintf(out, "  ;");
        print_binop(first, out);
        break;
    case OP_INPLACE:
        fprintf(out, "  ; %s", first < OP_COUNT ? opcode_names[first] : "?");
        break;
    default:
        if (is_fused(op)) {
            FusedForm form = fused_form(op);
            if (form == FORM_LK || form == FORM_KL || form == FORM_SK) {
                /* the constant is the first operand, except in LK (local first) */
                int k = form == FORM_LK ? ch->code[offset + 2] | (ch->code[offset + 3] << 8) : first;
                fprintf(out, "  ; ");
                print_constant(vm, ch->constants.items[k], out);
            }
            if ((form == FORM_SK || form == FORM_SL) && ch->code[p - 1])
                fprintf(out, form == FORM_SK ? " (temporary left)" : "  ; (temporary left)");
        }
        break;
    }
    if (op == OP_CLOSURE) {
        ObjProto *inner = AS_PROTO(ch->constants.items[first]);
        for (int i = 0; i < inner->nupvalues; i++) {
            fprintf(out, "\n             |   capture %s %d", ch->code[p] ? "local" : "upvalue",
                    ch->code[p + 1]);
            p += 2;
        }
    }
    fputc('\n', out);
    return p;
}

void debug_disassemble(VM *vm, ObjProto *proto, FILE *out)
{
    fprintf(out, "== %s (%s:%d) params=%d locals=%d upvalues=%d stack=%d ==\n",
            proto->qualname ? proto->qualname->chars : "?",
            proto->source_name ? proto->source_name->chars : "?", proto->line, proto->nparams,
            proto->nlocals, proto->nupvalues, proto->max_stack);
    for (int off = 0; off < proto->chunk.count;)
        off = debug_instruction(vm, proto, off, out);
    for (int i = 0; i < proto->chunk.constants.count; i++) {
        Value k = proto->chunk.constants.items[i];
        if (IS_OBJ(k) && AS_OBJ(k)->type == OBJ_PROTO) {
            fputc('\n', out);
            debug_disassemble(vm, AS_PROTO(k), out);
        }
    }
}
