/*
 * re_module.c - regular expressions, as Python's `re` module, on PCRE2.
 *
 * Patterns use Python's syntax, which PCRE2 accepts almost entirely
 * ((?P<name>...), \d, \w, lookarounds...).  Positions are counted in
 * characters as in Python; PCRE2 works in bytes of UTF-8, so offsets are
 * converted at the boundary.
 *
 * A Pattern and a Match are instances of classes defined here: their
 * visible attributes (pattern, flags, string) are ordinary fields, and a
 * Pattern's compiled code lives in a userdata field whose finalizer frees it
 * when the pattern is collected.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "lib/args.h"
#include "lib/lib.h"

enum {
    RE_IGNORECASE = 2,  /* Python's values, so flags print the same */
    RE_MULTILINE = 8,
    RE_DOTALL = 16,
    RE_VERBOSE = 64,
};

/* The Pattern or Match class, found in the imported module (which keeps
   them alive). */
static ObjClass *re_class(VM *vm, const char *name)
{
    Value m, k;
    ObjString *mod = str_from_cstr(vm, "re");
    ObjString *key = mod ? str_from_cstr(vm, name) : NULL;
    if (key && dict_get_str(vm->modules, mod, &m) && IS_MODULE(m) &&
        dict_get_str(AS_MODULE(m)->globals, key, &k) && IS_CLASS(k))
        return AS_CLASS(k);
    return NULL;
}

typedef struct CompiledPattern {
    pcre2_code *code;
    uint32_t ngroups;
} CompiledPattern;

/* ---- fields of instances */

static Value field(VM *vm, Value obj, const char *name)
{
    Value v = NONE_VAL;
    ObjString *key = str_from_cstr(vm, name);
    if (key)
        dict_get_str(AS_INSTANCE(obj)->fields, key, &v);
    return v;
}

static bool set_field(VM *vm, Value obj, const char *name, Value v)
{
    gc_push_root(vm, v);
    ObjString *key = str_from_cstr(vm, name);
    bool ok = key && dict_set_str(vm, AS_INSTANCE(obj)->fields, key, v);
    gc_pop_roots(vm, 1);
    return ok;
}

static bool is_a(VM *vm, Value v, ObjClass *k)
{
    return k && IS_INSTANCE(v) && AS_INSTANCE(v)->klass == k;
}

/* ---- character and byte offsets */

static int64_t char_index(const char *s, size_t byte)
{
    int64_t n = 0;
    for (size_t i = 0; i < byte; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

static size_t byte_index(const char *s, size_t len, int64_t chars)
{
    size_t i = 0;
    for (int64_t seen = 0; i < len; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80) {
            if (seen == chars)
                return i;
            seen++;
        }
    }
    return len;
}

/* ---- compiling */

static void finalize_pattern(VM *vm, void *data)
{
    (void)vm;
    CompiledPattern *cp = data;
    if (cp->code)
        pcre2_code_free(cp->code);
}

/* Compiles pattern text into a new Pattern instance. */
static bool compile_pattern(VM *vm, ObjString *text, int64_t flags, Value *out)
{
    uint32_t options = PCRE2_UTF | PCRE2_UCP;
    if (flags & RE_IGNORECASE) options |= PCRE2_CASELESS;
    if (flags & RE_MULTILINE) options |= PCRE2_MULTILINE;
    if (flags & RE_DOTALL) options |= PCRE2_DOTALL;
    if (flags & RE_VERBOSE) options |= PCRE2_EXTENDED;
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)text->chars, (PCRE2_SIZE)text->length, options,
                                     &errcode, &erroff, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        return vm_raise(vm, vm->exc.value_error, "bad regular expression %s at position %lld: %s",
                        text->chars, (long long)char_index(text->chars, erroff), (char *)msg);
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); /* a speed-up when available; fine if not */
    ObjUserdata *ud = userdata_new(vm, "compiled regex", sizeof(CompiledPattern), finalize_pattern);
    if (!ud) {
        pcre2_code_free(code);
        return false;
    }
    CompiledPattern *cp = ud->data;
    cp->code = code;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &cp->ngroups);
    gc_push_root(vm, OBJ_VAL(ud));
    ObjClass *pclass = re_class(vm, "Pattern");
    ObjInstance *p = pclass ? instance_new(vm, pclass) : NULL;
    bool ok = p != NULL;
    if (ok) {
        gc_push_root(vm, OBJ_VAL(p));
        ok = set_field(vm, OBJ_VAL(p), "_code", OBJ_VAL(ud)) &&
             set_field(vm, OBJ_VAL(p), "pattern", OBJ_VAL(text)) &&
             set_field(vm, OBJ_VAL(p), "flags", INT_VAL(flags)) &&
             set_field(vm, OBJ_VAL(p), "groups", INT_VAL(cp->ngroups));
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(p);
    return ok;
}

static CompiledPattern *pattern_code(VM *vm, Value pattern)
{
    Value ud = field(vm, pattern, "_code");
    return is_obj_type(ud, OBJ_USERDATA) ? AS_USERDATA(ud)->data : NULL;
}

/* The Pattern for argument i: a Pattern, or a str compiled with flags. */
static bool pattern_arg(VM *vm, int argc, Value *argv, ObjDict *kwargs, int i, int flags_pos,
                        const char *fn, Value *out)
{
    if (is_a(vm, argv[i], re_class(vm, "Pattern"))) {
        *out = argv[i];
        return true;
    }
    ObjString *text;
    if (!arg_str(vm, argv, i, fn, "pattern", &text))
        return false;
    Value flags_v = INT_VAL(0);
    bool present;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, flags_pos, fn, "flags", &flags_v, &present))
        return false;
    if (!IS_INT(flags_v))
        return vm_raise(vm, vm->exc.type_error, "%s() flags must be an int such as re.IGNORECASE", fn);
    int64_t flags = AS_INT(flags_v);
    return compile_pattern(vm, text, flags, out);
}

/* ---- matching */

typedef enum { MATCH_SEARCH, MATCH_START, MATCH_FULL } MatchMode;

/* Runs the pattern on subject from byte offset `from`; fills ovector.
   Returns 1 on a match, 0 on none, -1 on error (raised). */
static int run_match(VM *vm, CompiledPattern *cp, ObjString *subject, size_t from, MatchMode mode,
                     pcre2_match_data *md)
{
    uint32_t options = 0;
    if (mode == MATCH_START)
        options |= PCRE2_ANCHORED;
    if (mode == MATCH_FULL)
        options |= PCRE2_ANCHORED | PCRE2_ENDANCHORED;
    int rc = pcre2_match(cp->code, (PCRE2_SPTR)subject->chars, (PCRE2_SIZE)subject->length, from,
                         options, md, NULL);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    if (rc < 0) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(rc, msg, sizeof msg);
        vm_raise(vm, vm->exc.runtime_error, "regular expression failed: %s", (char *)msg);
        return -1;
    }
    return 1;
}

/* A Match instance from the ovector: spans in characters, -1 for groups
   that did not take part. */
static bool make_match(VM *vm, Value pattern, ObjString *subject, CompiledPattern *cp,
                       pcre2_match_data *md, Value *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    uint32_t n = cp->ngroups + 1;
    ObjTuple *spans = tuple_new(vm, (int)(2 * n));
    if (!spans)
        return false;
    for (uint32_t g = 0; g < n; g++) {
        if (ov[2 * g] == PCRE2_UNSET) {
            spans->items[2 * g] = INT_VAL(-1);
            spans->items[2 * g + 1] = INT_VAL(-1);
        } else {
            spans->items[2 * g] = INT_VAL(char_index(subject->chars, ov[2 * g]));
            spans->items[2 * g + 1] = INT_VAL(char_index(subject->chars, ov[2 * g + 1]));
        }
    }
    gc_push_root(vm, OBJ_VAL(spans));
    ObjClass *mclass = re_class(vm, "Match");
    ObjInstance *m = mclass ? instance_new(vm, mclass) : NULL;
    bool ok = m != NULL;
    if (ok) {
        gc_push_root(vm, OBJ_VAL(m));
        ok = set_field(vm, OBJ_VAL(m), "_spans", OBJ_VAL(spans)) &&
             set_field(vm, OBJ_VAL(m), "string", OBJ_VAL(subject)) &&
             set_field(vm, OBJ_VAL(m), "re", pattern);
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(m);
    return ok;
}

static bool do_match(VM *vm, Value pattern, ObjString *subject, MatchMode mode, Value *out)
{
    CompiledPattern *cp = pattern_code(vm, pattern);
    if (!cp)
        return vm_raise(vm, vm->exc.type_error, "not a compiled pattern");
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(cp->code, NULL);
    if (!md)
        return vm_raise_oom(vm);
    int rc = run_match(vm, cp, subject, 0, mode, md);
    bool ok = rc >= 0;
    *out = NONE_VAL;
    if (rc == 1)
        ok = make_match(vm, pattern, subject, cp, md, out);
    pcre2_match_data_free(md);
    return ok;
}

/* The group number for a group argument: an int or a group name. */
static bool group_index(VM *vm, Value match, Value g, uint32_t *out)
{
    Value pattern = field(vm, match, "re");
    CompiledPattern *cp = pattern_code(vm, pattern);
    if (IS_INT(g)) {
        if (AS_INT(g) < 0 || (uint64_t)AS_INT(g) > cp->ngroups)
            return vm_raise(vm, vm->exc.index_error, "no such group: %lld (the pattern has %u)",
                            (long long)AS_INT(g), cp->ngroups);
        *out = (uint32_t)AS_INT(g);
        return true;
    }
    if (IS_STR(g)) {
        int n = pcre2_substring_number_from_name(cp->code, (PCRE2_SPTR)AS_CSTR(g));
        if (n < 0)
            return vm_raise(vm, vm->exc.index_error, "no group named '%s'", AS_CSTR(g));
        *out = (uint32_t)n;
        return true;
    }
    return vm_raise(vm, vm->exc.index_error, "a group is an int or a name, not %s", value_type_name(vm, g));
}

static bool group_text(VM *vm, Value match, uint32_t g, Value *out)
{
    ObjTuple *spans = AS_TUPLE(field(vm, match, "_spans"));
    ObjString *s = AS_STR(field(vm, match, "string"));
    int64_t a = AS_INT(spans->items[2 * g]), b = AS_INT(spans->items[2 * g + 1]);
    if (a < 0) {
        *out = NONE_VAL;
        return true;
    }
    size_t ba = byte_index(s->chars, (size_t)s->length, a);
    size_t bb = byte_index(s->chars, (size_t)s->length, b);
    ObjString *r = str_new(vm, s->chars + ba, bb - ba);
    if (!r)
        return false;
    *out = OBJ_VAL(r);
    return true;
}

/* ---- module functions and Pattern methods share these bodies */

static bool match_common(VM *vm, Value pattern, Value subject, MatchMode mode, const char *fn, Value *out)
{
    if (!IS_STR(subject))
        return vm_raise(vm, vm->exc.type_error, "%s() needs a str to match, not %s", fn,
                        value_type_name(vm, subject));
    return do_match(vm, pattern, AS_STR(subject), mode, out);
}

/* All non-overlapping matches, as Match objects. */
static bool all_matches(VM *vm, Value pattern, ObjString *s, ObjList **out)
{
    CompiledPattern *cp = pattern_code(vm, pattern);
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(cp->code, NULL);
    if (!md)
        return vm_raise_oom(vm);
    ObjList *l = list_new(vm, 0);
    if (!l) {
        pcre2_match_data_free(md);
        return false;
    }
    gc_push_root(vm, OBJ_VAL(l));
    size_t from = 0;
    bool ok = true;
    while (from <= (size_t)s->length) {
        int rc = run_match(vm, cp, s, from, MATCH_SEARCH, md);
        if (rc <= 0) {
            ok = rc == 0;
            break;
        }
        Value m;
        if (!make_match(vm, pattern, s, cp, md, &m) || !list_append(vm, l, m)) {
            ok = false;
            break;
        }
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        if (ov[1] == ov[0]) {
            /* an empty match: step over one character */
            if (ov[1] >= (size_t)s->length)
                break;
            from = ov[1] + 1;
            while (from < (size_t)s->length && ((unsigned char)s->chars[from] & 0xc0) == 0x80)
                from++;
        } else {
            from = ov[1];
        }
    }
    pcre2_match_data_free(md);
    gc_pop_roots(vm, 1);
    if (ok)
        *out = l;
    return ok;
}

static bool findall_common(VM *vm, Value pattern, ObjString *s, Value *out)
{
    ObjList *ms;
    if (!all_matches(vm, pattern, s, &ms))
        return false;
    gc_push_root(vm, OBJ_VAL(ms));
    CompiledPattern *cp = pattern_code(vm, pattern);
    ObjList *r = list_new(vm, ms->items.count);
    bool ok = r != NULL;
    if (ok) {
        gc_push_root(vm, OBJ_VAL(r));
        for (int i = 0; ok && i < ms->items.count; i++) {
            Value m = ms->items.items[i], item;
            if (cp->ngroups <= 1) {
                ok = group_text(vm, m, cp->ngroups, &item);
                if (ok && IS_NONE(item))
                    item = OBJ_VAL(vm->names.empty);
            } else {
                ObjTuple *t = tuple_new(vm, (int)cp->ngroups);
                ok = t != NULL;
                if (ok) {
                    gc_push_root(vm, OBJ_VAL(t));
                    for (uint32_t g = 1; ok && g <= cp->ngroups; g++) {
                        ok = group_text(vm, m, g, &t->items[g - 1]);
                        if (ok && IS_NONE(t->items[g - 1]))
                            t->items[g - 1] = OBJ_VAL(vm->names.empty);
                    }
                    gc_pop_roots(vm, 1);
                    item = OBJ_VAL(t);
                }
            }
            if (ok)
                r->items.items[r->items.count++] = item;
        }
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(r);
    return ok;
}

/* Expands \1, \g<1>, \g<name>, \n, \\ in a replacement template. */
static bool expand_template(VM *vm, Value match, ObjString *tpl, StrBuf *out)
{
    for (int i = 0; i < tpl->length; i++) {
        char c = tpl->chars[i];
        if (c != '\\' || i + 1 >= tpl->length) {
            sb_putc(out, c);
            continue;
        }
        char d = tpl->chars[++i];
        Value g = NONE_VAL;
        if (d >= '0' && d <= '9') {
            int n = d - '0';
            if (i + 1 < tpl->length && tpl->chars[i + 1] >= '0' && tpl->chars[i + 1] <= '9')
                n = n * 10 + (tpl->chars[++i] - '0');
            g = INT_VAL(n);
        } else if (d == 'g' && i + 1 < tpl->length && tpl->chars[i + 1] == '<') {
            const char *close = memchr(tpl->chars + i + 2, '>', (size_t)(tpl->length - i - 2));
            if (!close)
                return vm_raise(vm, vm->exc.value_error, "missing '>' in \\g<...> in the replacement");
            const char *name = tpl->chars + i + 2;
            size_t len = (size_t)(close - name);
            bool digits = len > 0;
            for (size_t k = 0; k < len; k++)
                digits = digits && name[k] >= '0' && name[k] <= '9';
            if (digits) {
                g = INT_VAL(strtol(name, NULL, 10));
            } else {
                ObjString *gs = str_new(vm, name, len);
                if (!gs)
                    return false;
                g = OBJ_VAL(gs);
            }
            i = (int)(close - tpl->chars);
        } else {
            switch (d) {
            case 'n': sb_putc(out, '\n'); break;
            case 't': sb_putc(out, '\t'); break;
            case '\\': sb_putc(out, '\\'); break;
            default: sb_putc(out, '\\'); sb_putc(out, d); break;
            }
            continue;
        }
        uint32_t gi;
        Value text;
        gc_push_root(vm, g);
        bool ok = group_index(vm, match, g, &gi) && group_text(vm, match, gi, &text);
        gc_pop_roots(vm, 1);
        if (!ok)
            return false;
        if (IS_STR(text))
            sb_append(out, AS_CSTR(text), (size_t)AS_STR(text)->length);
    }
    return true;
}

static bool sub_common(VM *vm, Value pattern, Value repl, ObjString *s, int64_t count, Value *out)
{
    ObjList *ms;
    if (!all_matches(vm, pattern, s, &ms))
        return false;
    gc_push_root(vm, OBJ_VAL(ms));
    StrBuf b;
    sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
    size_t at = 0;
    bool ok = true;
    int n = ms->items.count;
    if (count > 0 && count < n)
        n = (int)count;
    for (int i = 0; ok && i < n; i++) {
        Value m = ms->items.items[i];
        ObjTuple *spans = AS_TUPLE(field(vm, m, "_spans"));
        size_t a = byte_index(s->chars, (size_t)s->length, AS_INT(spans->items[0]));
        size_t e = byte_index(s->chars, (size_t)s->length, AS_INT(spans->items[1]));
        sb_append(&b, s->chars + at, a - at);
        if (IS_STR(repl)) {
            ok = expand_template(vm, m, AS_STR(repl), &b);
        } else {
            Value r;
            ok = vm_call(vm, repl, 1, &m, &r);
            if (ok && !IS_STR(r))
                ok = vm_raise(vm, vm->exc.type_error, "the replacement function must return a str, not %s",
                              value_type_name(vm, r));
            if (ok)
                sb_append(&b, AS_CSTR(r), (size_t)AS_STR(r)->length);
        }
        at = e;
    }
    if (ok) {
        sb_append(&b, s->chars + at, (size_t)s->length - at);
        if (b.failed)
            ok = vm_raise_oom(vm);
    }
    ObjString *r = ok ? str_new(vm, b.data ? b.data : "", b.len) : NULL;
    sb_free(&b);
    gc_pop_roots(vm, 1);
    if (!r)
        return false;
    *out = OBJ_VAL(r);
    return true;
}

static bool split_common(VM *vm, Value pattern, ObjString *s, int64_t maxsplit, Value *out)
{
    ObjList *ms;
    if (!all_matches(vm, pattern, s, &ms))
        return false;
    gc_push_root(vm, OBJ_VAL(ms));
    CompiledPattern *cp = pattern_code(vm, pattern);
    ObjList *r = list_new(vm, 0);
    bool ok = r != NULL;
    if (ok)
        gc_push_root(vm, OBJ_VAL(r));
    size_t at = 0;
    int n = ms->items.count;
    if (maxsplit > 0 && maxsplit < n)
        n = (int)maxsplit;
    for (int i = 0; ok && i < n; i++) {
        Value m = ms->items.items[i];
        ObjTuple *spans = AS_TUPLE(field(vm, m, "_spans"));
        size_t a = byte_index(s->chars, (size_t)s->length, AS_INT(spans->items[0]));
        size_t e = byte_index(s->chars, (size_t)s->length, AS_INT(spans->items[1]));
        ObjString *piece = str_new(vm, s->chars + at, a - at);
        ok = piece && list_append(vm, r, OBJ_VAL(piece));
        /* captured groups are included, as in Python */
        for (uint32_t g = 1; ok && g <= cp->ngroups; g++) {
            Value t;
            ok = group_text(vm, m, g, &t) && list_append(vm, r, t);
        }
        at = e;
    }
    if (ok) {
        ObjString *piece = str_new(vm, s->chars + at, (size_t)s->length - at);
        ok = piece && list_append(vm, r, OBJ_VAL(piece));
    }
    if (r)
        gc_pop_roots(vm, 1);
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(r);
    return ok;
}

/* ---- module-level functions: re.search(pattern, string, flags=0) */

#define PATTERN_THEN(fn_name, flags_pos, body)                                   \
    Value pattern;                                                             \
    if (!pattern_arg(vm, argc, argv, kwargs, 0, flags_pos, fn_name, &pattern)) \
        return false;                                                          \
    gc_push_root(vm, pattern);                                                 \
    bool ok = (body);                                                          \
    gc_pop_roots(vm, 1);                                                       \
    return ok;

static const char *const flags_only[] = {"flags", NULL};
static const char *const count_flags[] = {"count", "flags", NULL};
static const char *const maxsplit_flags[] = {"maxsplit", "flags", NULL};

static bool str_arg(VM *vm, Value *argv, int i, const char *fn, ObjString **out)
{
    return arg_str(vm, argv, i, fn, "string", out);
}

static bool re_compile(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!kwargs_check(vm, kwargs, "re.compile", flags_only))
        return false;
    ObjString *text;
    if (!arg_str(vm, argv, 0, "re.compile", "pattern", &text))
        return false;
    Value fv = INT_VAL(0);
    bool present;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 1, "re.compile", "flags", &fv, &present))
        return false;
    return compile_pattern(vm, text, IS_INT(fv) ? AS_INT(fv) : 0, out);
}

static bool re_search(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!kwargs_check(vm, kwargs, "re.search", flags_only))
        return false;
    PATTERN_THEN("re.search", 2, match_common(vm, pattern, argv[1], MATCH_SEARCH, "re.search", out))
}

static bool re_match(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!kwargs_check(vm, kwargs, "re.match", flags_only))
        return false;
    PATTERN_THEN("re.match", 2, match_common(vm, pattern, argv[1], MATCH_START, "re.match", out))
}

static bool re_fullmatch(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!kwargs_check(vm, kwargs, "re.fullmatch", flags_only))
        return false;
    PATTERN_THEN("re.fullmatch", 2, match_common(vm, pattern, argv[1], MATCH_FULL, "re.fullmatch", out))
}

static bool re_findall(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    if (!kwargs_check(vm, kwargs, "re.findall", flags_only) || !str_arg(vm, argv, 1, "re.findall", &s))
        return false;
    PATTERN_THEN("re.findall", 2, findall_common(vm, pattern, s, out))
}

static bool re_finditer(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    if (!kwargs_check(vm, kwargs, "re.finditer", flags_only) || !str_arg(vm, argv, 1, "re.finditer", &s))
        return false;
    ObjList *l = NULL;
    PATTERN_THEN("re.finditer", 2, all_matches(vm, pattern, s, &l) && (*out = OBJ_VAL(l), true))
}

static bool re_sub(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    if (!kwargs_check(vm, kwargs, "re.sub", count_flags) || !str_arg(vm, argv, 2, "re.sub", &s))
        return false;
    Value cv = INT_VAL(0);
    bool present;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 3, "re.sub", "count", &cv, &present))
        return false;
    if (!IS_STR(argv[1]) && !value_is_callable(argv[1]))
        return vm_raise(vm, vm->exc.type_error, "re.sub() replacement must be a str or a function, not %s",
                        value_type_name(vm, argv[1]));
    PATTERN_THEN("re.sub", 4, sub_common(vm, pattern, argv[1], s, IS_INT(cv) ? AS_INT(cv) : 0, out))
}

static bool re_split(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    if (!kwargs_check(vm, kwargs, "re.split", maxsplit_flags) || !str_arg(vm, argv, 1, "re.split", &s))
        return false;
    Value mv = INT_VAL(0);
    bool present;
    if (!arg_or_kwarg(vm, argc, argv, kwargs, 2, "re.split", "maxsplit", &mv, &present))
        return false;
    PATTERN_THEN("re.split", 3, split_common(vm, pattern, s, IS_INT(mv) ? AS_INT(mv) : 0, out))
}

static bool re_escape(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    if (!arg_str(vm, argv, 0, "re.escape", "string", &s))
        return false;
    StrBuf b;
    sb_init(&b, (StrBufAllocFn)mem_realloc, vm);
    for (int i = 0; i < s->length; i++) {
        char c = s->chars[i];
        /* the characters with a meaning in a pattern, as Python escapes them */
        if (c && strchr("()[]{}?*+-|^$\\.&~# \t\n\r\v\f", c))
            sb_putc(&b, '\\');
        sb_putc(&b, c);
    }
    ObjString *r = b.failed ? NULL : str_new(vm, b.data ? b.data : "", b.len);
    sb_free(&b);
    if (!r)
        return b.failed ? vm_raise_oom(vm) : false;
    *out = OBJ_VAL(r);
    return true;
}

/* ---- Pattern methods: p.search(string) */

static bool p_search(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return match_common(vm, argv[0], argv[1], MATCH_SEARCH, "search", out);
}

static bool p_match(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return match_common(vm, argv[0], argv[1], MATCH_START, "match", out);
}

static bool p_fullmatch(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    return match_common(vm, argv[0], argv[1], MATCH_FULL, "fullmatch", out);
}

static bool p_findall(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    return str_arg(vm, argv, 1, "findall", &s) && findall_common(vm, argv[0], s, out);
}

static bool p_finditer(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    ObjList *l;
    if (!str_arg(vm, argv, 1, "finditer", &s) || !all_matches(vm, argv[0], s, &l))
        return false;
    *out = OBJ_VAL(l);
    return true;
}

static bool p_sub(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    int64_t count = 0;
    if (!str_arg(vm, argv, 2, "sub", &s) || (argc > 3 && !arg_int(vm, argv, 3, "sub", "count", &count)))
        return false;
    return sub_common(vm, argv[0], argv[1], s, count, out);
}

static bool p_split(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *s;
    int64_t maxsplit = 0;
    if (!str_arg(vm, argv, 1, "split", &s) || (argc > 2 && !arg_int(vm, argv, 2, "split", "maxsplit", &maxsplit)))
        return false;
    return split_common(vm, argv[0], s, maxsplit, out);
}

static bool p_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    ObjString *text = value_to_repr(vm, field(vm, argv[0], "pattern"));
    if (!text)
        return false;
    Value flags = field(vm, argv[0], "flags");
    int64_t f = IS_INT(flags) ? AS_INT(flags) : 0;
    char names[96] = "";
    const struct { int64_t bit; const char *name; } known[] = {
        {RE_IGNORECASE, "re.IGNORECASE"}, {RE_MULTILINE, "re.MULTILINE"},
        {RE_DOTALL, "re.DOTALL"}, {RE_VERBOSE, "re.VERBOSE"}};
    for (size_t i = 0; i < 4; i++)
        if (f & known[i].bit) {
            strcat(names, names[0] ? "|" : ", ");
            strcat(names, known[i].name);
        }
    ObjString *r = str_printf(vm, "re.compile(%s%s)", text->chars, names);
    if (!r)
        return false;
    *out = OBJ_VAL(r);
    return true;
}

/* ---- Match methods: m.group(1) */

static bool m_group(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (argc <= 2) {
        uint32_t g = 0;
        if (argc == 2 && !group_index(vm, argv[0], argv[1], &g))
            return false;
        return group_text(vm, argv[0], g, out);
    }
    ObjTuple *t = tuple_new(vm, argc - 1);
    if (!t)
        return false;
    gc_push_root(vm, OBJ_VAL(t));
    bool ok = true;
    for (int i = 1; ok && i < argc; i++) {
        uint32_t g;
        ok = group_index(vm, argv[0], argv[i], &g) && group_text(vm, argv[0], g, &t->items[i - 1]);
    }
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(t);
    return ok;
}

static bool m_getitem(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    uint32_t g;
    return group_index(vm, argv[0], argv[1], &g) && group_text(vm, argv[0], g, out);
}

static bool m_groups(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    CompiledPattern *cp = pattern_code(vm, field(vm, argv[0], "re"));
    ObjTuple *t = tuple_new(vm, (int)cp->ngroups);
    if (!t)
        return false;
    gc_push_root(vm, OBJ_VAL(t));
    bool ok = true;
    for (uint32_t g = 1; ok && g <= cp->ngroups; g++) {
        ok = group_text(vm, argv[0], g, &t->items[g - 1]);
        if (ok && IS_NONE(t->items[g - 1]) && argc > 1)
            t->items[g - 1] = argv[1]; /* groups(default) */
    }
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(t);
    return ok;
}

static bool m_groupdict(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    CompiledPattern *cp = pattern_code(vm, field(vm, argv[0], "re"));
    ObjDict *d = dict_new(vm);
    if (!d)
        return false;
    gc_push_root(vm, OBJ_VAL(d));
    uint32_t count, entry_size;
    PCRE2_SPTR table;
    pcre2_pattern_info(cp->code, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(cp->code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(cp->code, PCRE2_INFO_NAMETABLE, &table);
    bool ok = true;
    /* PCRE2's table is sorted by name; Python lists groups in pattern order */
    for (uint32_t g = 1; ok && g <= cp->ngroups; g++)
    for (uint32_t i = 0; ok && i < count; i++) {
        PCRE2_SPTR entry = table + i * entry_size;
        if ((((uint32_t)entry[0] << 8) | entry[1]) != g)
            continue;
        ObjString *name = str_from_cstr(vm, (const char *)entry + 2);
        Value text;
        ok = name != NULL;
        if (ok) {
            gc_push_root(vm, OBJ_VAL(name));
            ok = group_text(vm, argv[0], g, &text) && dict_set(vm, d, OBJ_VAL(name), text);
            gc_pop_roots(vm, 1);
        }
    }
    gc_pop_roots(vm, 1);
    if (ok)
        *out = OBJ_VAL(d);
    return ok;
}

static bool span_part(VM *vm, int argc, Value *argv, int which, Value *out)
{
    uint32_t g = 0;
    if (argc > 1 && !group_index(vm, argv[0], argv[1], &g))
        return false;
    ObjTuple *spans = AS_TUPLE(field(vm, argv[0], "_spans"));
    if (which < 2) {
        *out = spans->items[2 * g + (uint32_t)which];
        return true;
    }
    ObjTuple *t = tuple_new(vm, 2);
    if (!t)
        return false;
    t->items[0] = spans->items[2 * g];
    t->items[1] = spans->items[2 * g + 1];
    *out = OBJ_VAL(t);
    return true;
}

static bool m_start(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out) { return span_part(vm, argc, argv, 0, out); }
static bool m_end(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out) { return span_part(vm, argc, argv, 1, out); }
static bool m_span(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out) { return span_part(vm, argc, argv, 2, out); }

static bool m_repr(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value whole, span;
    if (!group_text(vm, argv[0], 0, &whole))
        return false;
    gc_push_root(vm, whole);
    bool ok = span_part(vm, 1, argv, 2, &span);
    if (ok)
        gc_push_root(vm, span);
    ObjString *w = ok ? value_to_repr(vm, whole) : NULL;
    gc_pop_roots(vm, ok ? 2 : 1);
    if (!w)
        return false;
    ObjTuple *t = AS_TUPLE(span);
    ObjString *r = str_printf(vm, "<re.Match object; span=(%lld, %lld), match=%s>",
                              (long long)AS_INT(t->items[0]), (long long)AS_INT(t->items[1]), w->chars);
    if (!r)
        return false;
    *out = OBJ_VAL(r);
    return true;
}

static bool m_bool(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    *out = BOOL_VAL(true);
    return true;
}

static const NativeSpec re_functions[] = {
    {"compile", re_compile, 1, 2, "compile(pattern, flags=0)",
     "Compiles a regular expression (Python syntax, run by PCRE2) into a Pattern you can reuse.\n\n"
     "Example:\n    >>> p = re.compile(r\"\\d+\")\n    >>> p.findall(\"3 cats, 12 dogs\")\n    ['3', '12']"},
    {"search", re_search, 2, 3, "search(pattern, string, flags=0)",
     "The first place in string where pattern matches, as a Match, or None.\n\n"
     "Example:\n    >>> re.search(r\"o+\", \"foo bar\").group()\n    'oo'"},
    {"match", re_match, 2, 3, "match(pattern, string, flags=0)",
     "A Match if pattern matches at the start of string, else None.\n\n"
     "Example:\n    >>> re.match(r\"[a-z]+\", \"abc123\").group()\n    'abc'"},
    {"fullmatch", re_fullmatch, 2, 3, "fullmatch(pattern, string, flags=0)",
     "A Match if pattern matches the whole of string, else None.\n\n"
     "Example:\n    >>> re.fullmatch(r\"\\d+\", \"123\") is not None\n    True"},
    {"findall", re_findall, 2, 3, "findall(pattern, string, flags=0)",
     "Every non-overlapping match as a list of strings (of the group's text when the pattern has "
     "one group, of tuples when it has several).\n\n"
     "Example:\n    >>> re.findall(r\"\\w+\", \"the cat sat\")\n    ['the', 'cat', 'sat']"},
    {"finditer", re_finditer, 2, 3, "finditer(pattern, string, flags=0)",
     "Every non-overlapping match, as a list of Match objects.\n\n"
     "Example:\n    >>> [m.span() for m in re.finditer(r\"a\", \"banana\")]\n    [(1, 2), (3, 4), (5, 6)]"},
    {"sub", re_sub, 3, 5, "sub(pattern, repl, string, count=0, flags=0)",
     "string with matches replaced by repl: a template (\\1, \\g<name>) or a function of the Match.\n\n"
     "Example:\n    >>> re.sub(r\"(\\w+)@(\\w+)\", r\"\\2 at \\1\", \"ada@home\")\n    'home at ada'"},
    {"split", re_split, 2, 4, "split(pattern, string, maxsplit=0, flags=0)",
     "string split wherever pattern matches (captured groups are kept in the result).\n\n"
     "Example:\n    >>> re.split(r\"[,;]\\s*\", \"a, b;c\")\n    ['a', 'b', 'c']"},
    {"escape", re_escape, 1, 1, "escape(string)",
     "string with every character that has a meaning in a pattern escaped.\n\n"
     "Example:\n    >>> re.escape(\"1+1=2\")\n    '1\\\\+1=2'"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const NativeSpec pattern_methods[] = {
    {"search", p_search, 2, 2, "Pattern.search(string)", "Like re.search with this pattern."},
    {"match", p_match, 2, 2, "Pattern.match(string)", "Like re.match with this pattern."},
    {"fullmatch", p_fullmatch, 2, 2, "Pattern.fullmatch(string)", "Like re.fullmatch with this pattern."},
    {"findall", p_findall, 2, 2, "Pattern.findall(string)", "Like re.findall with this pattern."},
    {"finditer", p_finditer, 2, 2, "Pattern.finditer(string)", "Like re.finditer with this pattern."},
    {"sub", p_sub, 3, 4, "Pattern.sub(repl, string, count=0)", "Like re.sub with this pattern."},
    {"split", p_split, 2, 3, "Pattern.split(string, maxsplit=0)", "Like re.split with this pattern."},
    {"__repr__", p_repr, 1, 1, "Pattern.__repr__()", "re.compile('...')"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

static const NativeSpec match_methods[] = {
    {"group", m_group, 1, -1, "Match.group(*groups)",
     "The text of a group (0, the default, is the whole match), by number or name; several give a tuple."},
    {"__getitem__", m_getitem, 2, 2, "Match[group]", "m[1] is m.group(1)."},
    {"groups", m_groups, 1, 2, "Match.groups(default=None)", "The text of every group, as a tuple."},
    {"groupdict", m_groupdict, 1, 1, "Match.groupdict()", "Named groups' text, as a dict."},
    {"start", m_start, 1, 2, "Match.start(group=0)", "Where the group starts (a character index)."},
    {"end", m_end, 1, 2, "Match.end(group=0)", "Where the group ends (a character index)."},
    {"span", m_span, 1, 2, "Match.span(group=0)", "(start, end) of the group."},
    {"__repr__", m_repr, 1, 1, "Match.__repr__()", "<re.Match object; span=..., match=...>"},
    {"__bool__", m_bool, 1, 1, "Match.__bool__()", "A match is always true."},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool lib_open_re(VM *vm, ObjModule *m)
{
    vm_define_natives(vm, m->globals, re_functions);
    struct { const char *name; const NativeSpec *methods; } classes[] = {
        {"Pattern", pattern_methods},
        {"Match", match_methods},
    };
    for (size_t i = 0; i < 2; i++) {
        ObjString *name = str_from_cstr(vm, classes[i].name);
        if (!name)
            return false;
        gc_push_root(vm, OBJ_VAL(name));
        ObjClass *k = class_new(vm, name, vm->types.object);
        gc_pop_roots(vm, 1);
        if (!k)
            return false;
        k->builtin = true;
        /* the module keeps the class alive; the state only points at it */
        if (!dict_set_str(vm, m->globals, name, OBJ_VAL(k)))
            return false;
        vm_define_methods(vm, k, classes[i].methods);
    }
    struct { const char *name; int64_t v; } flags[] = {
        {"IGNORECASE", RE_IGNORECASE}, {"I", RE_IGNORECASE}, {"MULTILINE", RE_MULTILINE},
        {"M", RE_MULTILINE}, {"DOTALL", RE_DOTALL}, {"S", RE_DOTALL}, {"VERBOSE", RE_VERBOSE},
        {"X", RE_VERBOSE},
    };
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        ObjString *name = str_from_cstr(vm, flags[i].name);
        if (!name || !dict_set_str(vm, m->globals, name, INT_VAL(flags[i].v)))
            return false;
    }
    ObjString *doc = str_from_cstr(vm, "Regular expressions with Python's syntax, run by PCRE2: "
                                       "search, match, fullmatch, findall, finditer, sub, split, compile.");
    return doc && dict_set_str(vm, m->globals, vm->names.doc, OBJ_VAL(doc));
}
