/*
 * value.h - the VM's value: a tagged union of 16 bytes.
 *
 * Immediate values (None, bool, int, float) live in the union; everything
 * else is a pointer to a garbage-collected Obj.  Ints are int64 and
 * arithmetic on them checks for overflow (an error, not wrap-around).
 */
#ifndef NABLA_VALUE_H
#define NABLA_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Obj Obj;
typedef struct VM VM;

typedef enum ValueType {
    VAL_UNDEF,  /* internal only: an unbound variable slot, a missing key */
    VAL_NONE,
    VAL_BOOL,
    VAL_INT,
    VAL_FLOAT,
    VAL_OBJ,
} ValueType;

/* Both halves are 8-byte words, and every value is written whole-word: a
   bool is the int 0 or 1.  A 4-byte tag beside 4 bytes of padding (or a
   1-byte bool) lets the compiler write a value in pieces and read it back in
   one 8-byte load, and such a load cannot take its data from the pending
   stores: it waits for them, about 20 cycles on the x86 machines measured,
   on every instruction of the VM that passes a value along. */
typedef struct Value {
    int64_t type; /* a ValueType */
    union {
        int64_t i; /* an int, or a bool's 0 or 1 */
        double f;
        Obj *obj;
    } as;
} Value;

#define UNDEF_VAL       ((Value){VAL_UNDEF, {.i = 0}})
#define NONE_VAL        ((Value){VAL_NONE, {.i = 0}})
#define BOOL_VAL(v)     ((Value){VAL_BOOL, {.i = (v) != 0}})
#define INT_VAL(v)      ((Value){VAL_INT, {.i = (v)}})
#define FLOAT_VAL(v)    ((Value){VAL_FLOAT, {.f = (v)}})
#define OBJ_VAL(o)      ((Value){VAL_OBJ, {.obj = (Obj *)(o)}})

#define IS_UNDEF(v)     ((v).type == VAL_UNDEF)
#define IS_NONE(v)      ((v).type == VAL_NONE)
#define IS_BOOL(v)      ((v).type == VAL_BOOL)
#define IS_INT(v)       ((v).type == VAL_INT)
#define IS_FLOAT(v)     ((v).type == VAL_FLOAT)
#define IS_OBJ(v)       ((v).type == VAL_OBJ)
/* int, float or bool: what arithmetic accepts as a plain number */
#define IS_NUMBER(v)    ((v).type >= VAL_BOOL && (v).type <= VAL_FLOAT)

#define AS_BOOL(v)      ((v).as.i != 0)
#define AS_INT(v)       ((v).as.i)
#define AS_FLOAT(v)     ((v).as.f)
#define AS_OBJ(v)       ((v).as.obj)

/* A number as a double (bool and int convert). */
static inline double value_to_double(Value v)
{
    return v.type == VAL_FLOAT ? v.as.f : v.type == VAL_INT ? (double)v.as.i : (double)v.as.i;
}

/* memcpy/memmove for value arrays; a count of 0 may come with NULL pointers
   (an empty list has no storage), which memcpy itself does not allow. */
#include <string.h>
static inline void values_copy(Value *dst, const Value *src, size_t n)
{
    if (n)
        memcpy(dst, src, n * sizeof(Value));
}
static inline void values_move(Value *dst, const Value *src, size_t n)
{
    if (n)
        memmove(dst, src, n * sizeof(Value));
}

/* A growable array of values (constants, list storage). */
typedef struct ValueArray {
    Value *items;
    int count, cap;
} ValueArray;

#endif
