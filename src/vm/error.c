/*
 * error.c - raising errors, recording where they happened, and printing
 * them as teaching moments: the message, the source line with a caret
 * under the culprit, and the chain of calls that led there.
 */
#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

Value vm_make_exception(VM *vm, ObjClass *klass, ObjString *message)
{
    /* Filling in the fields can fail to grow a dict, which raises a
       MemoryError, which is made here: when memory for arrays has run out
       but objects still fit, that would recurse without end.  The nested
       attempt gives the ready-made MemoryError instead. */
    if (vm->making_exception)
        return vm->oom;
    gc_push_root(vm, OBJ_VAL(message));
    ObjInstance *e = instance_new(vm, klass);
    if (!e) {
        gc_pop_roots(vm, 1);
        return vm->oom;
    }
    vm->making_exception = true;
    gc_push_root(vm, OBJ_VAL(e));
    ObjTuple *args = tuple_new(vm, 1);
    bool ok = args != NULL;
    if (ok) {
        args->items[0] = OBJ_VAL(message);
        ok = dict_set_str(vm, e->fields, vm->names.args, OBJ_VAL(args)) &&
             dict_set_str(vm, e->fields, vm->names.message, OBJ_VAL(message));
    }
    vm->making_exception = false;
    gc_pop_roots(vm, 2);
    return ok ? OBJ_VAL(e) : vm->oom;
}

bool vm_raise(VM *vm, ObjClass *klass, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    vm->exception = UNDEF_VAL;
    ObjString *msg = str_from_cstr(vm, small);
    if (!msg) {
        vm->exception = vm->oom;
        return false;
    }
    return vm_raise_value(vm, vm_make_exception(vm, klass, msg));
}

bool vm_set_exc_field(VM *vm, Value exc, const char *name, Value value)
{
    if (!IS_INSTANCE(exc))
        return false;
    gc_push_root(vm, exc);
    gc_push_root(vm, value);
    ObjString *key = str_from_cstr(vm, name);
    bool ok = key && dict_set_str(vm, AS_INSTANCE(exc)->fields, key, value);
    gc_pop_roots(vm, 2);
    return ok;
}

bool vm_set_exc_text(VM *vm, Value exc, const char *name, const char *text)
{
    if (!IS_INSTANCE(exc))
        return false;
    gc_push_root(vm, exc);
    ObjString *s = str_from_cstr(vm, text);
    gc_pop_roots(vm, 1);
    return s && vm_set_exc_field(vm, exc, name, OBJ_VAL(s));
}

bool vm_raise_key_error(VM *vm, Value key)
{
    ObjString *r = value_to_repr(vm, key);
    if (!r)
        return false;
    Value exc = vm_make_exception(vm, vm->exc.key_error, r);
    if (IS_INSTANCE(exc) && AS_OBJ(exc) != AS_OBJ(vm->oom)) {
        /* like Python: str(e) is the key's repr, e.args[0] the key itself */
        gc_push_root(vm, exc);
        ObjTuple *args = tuple_new(vm, 1);
        if (args) {
            args->items[0] = key;
            dict_set_str(vm, AS_INSTANCE(exc)->fields, vm->names.args, OBJ_VAL(args));
        }
        gc_pop_roots(vm, 1);
    }
    return vm_raise_value(vm, exc);
}

bool vm_raise_oom(VM *vm)
{
    vm->exception = vm->oom;
    return false;
}

bool vm_raise_tensor_error(VM *vm)
{
    ObjClass *k;
    switch (vm->tn.err) {
    case TN_ERR_SHAPE: k = vm->exc.shape_error; break;
    case TN_ERR_DTYPE: k = vm->exc.type_error; break;
    case TN_ERR_INDEX: k = vm->exc.index_error; break;
    case TN_ERR_MEMORY: k = vm->exc.memory_error; break;
    case TN_ERR_LINALG: k = vm->exc.linalg_error; break;
    case TN_ERR_IO: k = vm->exc.os_error; break;
    default: k = vm->exc.value_error; break;
    }
    bool r = vm_raise(vm, k, "%s", vm->tn.msg[0] ? vm->tn.msg : "tensor operation failed");
    if (vm->tn.hint[0] && IS_INSTANCE(vm->exception)) {
        Value exc = vm->exception;
        vm_set_exc_text(vm, exc, "hint", vm->tn.hint);
        vm->exception = exc;
    }
    tn_ctx_clear_error(&vm->tn);
    return r;
}

/* The position of the instruction a frame is executing. */
static SrcPos frame_pos(CallFrame *f)
{
    Chunk *ch = &f->func->proto->chunk;
    int off = (int)(f->ip - ch->code) - 1;
    if (off < 0)
        off = 0;
    if (off >= ch->count)
        off = ch->count - 1;
    return ch->count > 0 ? ch->pos[off] : (SrcPos){0, 0, 0};
}

/* Stores the trace as a list of (function, file, line, col, len) tuples,
   outermost first, unless the exception already carries one. */
void vm_capture_trace(VM *vm, Value exc)
{
    if (!IS_INSTANCE(exc) || AS_OBJ(exc) == AS_OBJ(vm->oom))
        return;
    ObjInstance *e = AS_INSTANCE(exc);
    Value existing;
    if (dict_get_str(e->fields, vm->names.traceback, &existing))
        return;
    gc_push_root(vm, exc);
    ObjList *trace = list_new(vm, vm->frame_count);
    if (!trace) {
        gc_pop_roots(vm, 1);
        vm_clear_exception(vm);
        return;
    }
    gc_push_root(vm, OBJ_VAL(trace));
    for (int i = 0; i < vm->frame_count; i++) {
        CallFrame *f = &vm->frames[i];
        SrcPos pos = frame_pos(f);
        ObjTuple *t = tuple_new(vm, 6);
        if (!t)
            break;
        ObjProto *p = f->func->proto;
        t->items[0] = OBJ_VAL(p->qualname);
        t->items[1] = p->source_name ? OBJ_VAL(p->source_name) : NONE_VAL;
        t->items[2] = INT_VAL(pos.line);
        t->items[3] = INT_VAL(pos.col);
        t->items[4] = INT_VAL(pos.len);
        t->items[5] = p->source ? OBJ_VAL(p->source) : NONE_VAL; /* for carets */
        trace->items.items[trace->items.count++] = OBJ_VAL(t);
    }
    dict_set_str(vm, e->fields, vm->names.traceback, OBJ_VAL(trace));
    gc_pop_roots(vm, 2);
    vm->exception = UNDEF_VAL;
}

/* Line `line` (1-based) of text, without its newline. */
static bool source_line(const char *text, int line, const char **start, int *len)
{
    const char *p = text;
    for (int l = 1; l < line; l++) {
        p = strchr(p, '\n');
        if (!p)
            return false;
        p++;
    }
    const char *end = strchr(p, '\n');
    *start = p;
    *len = end ? (int)(end - p) : (int)strlen(p);
    if (*len > 0 && p[*len - 1] == '\r')
        (*len)--;
    return true;
}

static ObjString *find_source(ObjTuple *frame)
{
    return IS_STR(frame->items[5]) ? AS_STR(frame->items[5]) : NULL;
}

/* The 1-based column in characters of byte column col on a line: what an
   editor shows for a line with accented letters or symbols before the error. */
static int char_column(const char *text, int line, int col)
{
    const char *start;
    int n;
    if (!source_line(text, line, &start, &n))
        return col;
    int chars = 1;
    for (int i = 0; i < col - 1 && i < n; i++)
        if (((unsigned char)start[i] & 0xc0) != 0x80)
            chars++;
    return chars;
}

/* "12 |     print(x)" then the caret line under columns [col, col+len). */
void vm_print_snippet(StrBuf *out, const char *text, int line, int col, int len)
{
    const char *start;
    int n;
    if (!text || line <= 0 || !source_line(text, line, &start, &n))
        return;
    char num[16];
    int w = snprintf(num, sizeof num, "%d", line);
    sb_repeat(out, ' ', (size_t)w + 1);
    sb_puts(out, "|\n");
    sb_printf(out, "%s | ", num);
    sb_append(out, start, (size_t)n);
    sb_putc(out, '\n');
    sb_repeat(out, ' ', (size_t)w + 1);
    sb_puts(out, "| ");
    /* pad by characters (tabs kept) so the caret lines up */
    for (int i = 0; i < col - 1 && i < n; i++) {
        unsigned char c = (unsigned char)start[i];
        if ((c & 0xc0) == 0x80)
            continue;
        sb_putc(out, c == '\t' ? '\t' : ' ');
    }
    int carets = len;
    if (carets < 1)
        carets = 1;
    if (col - 1 + carets > n)
        carets = n - (col - 1) > 0 ? n - (col - 1) : 1;
    /* count characters, not bytes, under the span */
    int chars = 0;
    for (int i = col - 1; i < col - 1 + carets && i < n; i++)
        if (((unsigned char)start[i] & 0xc0) != 0x80)
            chars++;
    sb_repeat(out, '^', (size_t)(chars > 0 ? chars : 1));
    sb_putc(out, '\n');
}

void vm_print_exception(VM *vm, Value exc, StrBuf *out)
{
    if (!IS_INSTANCE(exc)) {
        sb_puts(out, "error: (not an exception)\n");
        return;
    }
    ObjInstance *e = AS_INSTANCE(exc);
    Value msg = NONE_VAL, trace = NONE_VAL, hint = NONE_VAL;
    dict_get_str(e->fields, vm->names.message, &msg);
    dict_get_str(e->fields, vm->names.traceback, &trace);
    ObjString *hint_key = str_from_cstr(vm, "hint");
    if (hint_key)
        dict_get_str(e->fields, hint_key, &hint);
    ObjList *frames = IS_LIST(trace) ? AS_LIST(trace) : NULL;
    int nframes = frames ? frames->items.count : 0;

    /* the calls that led here, outermost first, when there is more than one */
    if (nframes > 1) {
        sb_puts(out, "trace (most recent call last):\n");
        int first = nframes > 12 ? nframes - 10 : 0;
        if (first > 0)
            sb_printf(out, "  ... %d more calls ...\n", first);
        for (int i = first; i < nframes - 1; i++) {
            ObjTuple *t = AS_TUPLE(frames->items.items[i]);
            sb_printf(out, "  %s:%lld in %s\n", IS_STR(t->items[1]) ? AS_CSTR(t->items[1]) : "?",
                      (long long)AS_INT(t->items[2]), AS_CSTR(t->items[0]));
            ObjString *src = find_source(t);
            const char *start;
            int n;
            if (src && source_line(src->chars, (int)AS_INT(t->items[2]), &start, &n)) {
                while (n > 0 && (*start == ' ' || *start == '\t')) {
                    start++;
                    n--;
                }
                sb_puts(out, "    ");
                sb_append(out, start, (size_t)n);
                sb_putc(out, '\n');
            }
        }
    }
    sb_puts(out, "error: ");
    if (IS_STR(msg) && AS_STR(msg)->length > 0)
        sb_append(out, AS_CSTR(msg), (size_t)AS_STR(msg)->length);
    else
        sb_puts(out, e->klass->name->chars);
    sb_putc(out, '\n');
    if (nframes > 0) {
        ObjTuple *t = AS_TUPLE(frames->items.items[nframes - 1]);
        int line = (int)AS_INT(t->items[2]), col = (int)AS_INT(t->items[3]);
        ObjString *src = find_source(t);
        sb_printf(out, " --> %s:%d:%d\n", IS_STR(t->items[1]) ? AS_CSTR(t->items[1]) : "?", line,
                  src ? char_column(src->chars, line, col) : col);
        if (src)
            vm_print_snippet(out, src->chars, line, col, (int)AS_INT(t->items[4]));
    }
    /* a multi-line explanation an error may carry (both shapes, aligned) */
    Value detail;
    ObjString *detail_key = str_from_cstr(vm, "detail");
    if (detail_key && dict_get_str(e->fields, detail_key, &detail) && IS_STR(detail)) {
        sb_append(out, AS_CSTR(detail), (size_t)AS_STR(detail)->length);
        if (AS_STR(detail)->length && AS_CSTR(detail)[AS_STR(detail)->length - 1] != '\n')
            sb_putc(out, '\n');
    }
    /* the notes line up with the snippet's '|' column */
    int pad = 2;
    if (nframes > 0) {
        char num[24];
        pad = snprintf(num, sizeof num, "%lld",
                       (long long)AS_INT(AS_TUPLE(frames->items.items[nframes - 1])->items[2])) + 1;
    }
    sb_repeat(out, ' ', (size_t)pad);
    sb_printf(out, "= %s", e->klass->name->chars);
    if (IS_STR(hint)) {
        sb_putc(out, '\n');
        sb_repeat(out, ' ', (size_t)pad);
        sb_printf(out, "= hint: %s", AS_CSTR(hint));
    }
    sb_putc(out, '\n');
}
