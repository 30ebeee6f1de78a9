/* chunk.c - opcode tables and instruction lengths. */
#include "chunk.h"

#include "core/object.h"

const char *const opcode_names[OP_COUNT] = {
#define X(name, operands, effect, meaning) #name,
    OPCODES(X)
#undef X
};

const char *const opcode_operands[OP_COUNT] = {
#define X(name, operands, effect, meaning) operands,
    OPCODES(X)
#undef X
};

const char *const opcode_meanings[OP_COUNT] = {
#define X(name, operands, effect, meaning) meaning,
    OPCODES(X)
#undef X
};

_Static_assert(OP_COUNT <= 256, "opcodes must fit in a byte");

int chunk_instr_length(const Chunk *chunk, int offset)
{
    OpCode op = (OpCode)chunk->code[offset];
    int len = 1;
    for (const char *o = opcode_operands[op]; *o; o++)
        len += *o == 'w' ? 2 : 1;
    if (op == OP_CLOSURE) {
        int k = chunk->code[offset + 1] | (chunk->code[offset + 2] << 8);
        ObjProto *p = AS_PROTO(chunk->constants.items[k]);
        len += 2 * p->nupvalues;
    }
    return len;
}
