/*
 * complete.c - Tab completion: names (variables, builtins, keywords),
 * members after '.', keyword arguments inside a call, file paths inside
 * strings, and the REPL's own commands, lessons and step ids.
 *
 * Completing never runs the learner's code: the text before a '.' is only
 * looked at when it is a plain or dotted name, and is resolved by reading
 * dictionaries (cmd_resolve_name), so a Tab after f(x). calls nothing.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <editline/readline.h>

#include "cli/cli.h"
#include "cli/lesson.h"
#include "vm/vm_internal.h"

#define MAX_CANDIDATES 1000

static const char *const keywords[] = {
    "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else",
    "except", "False", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "None", "nonlocal", "not", "or", "pass", "raise", "return", "True", "try",
    "while", NULL,
};

/* Tensor properties are computed on access, so they are in no dict. */
static const char *const tensor_properties[] = {
    "shape", "dtype", "ndim", "size", "T", "strides", "itemsize", "nbytes",
    "is_view", "base", "flags", "is_contiguous", NULL,
};

void completions_free(Completions *c)
{
    for (int i = 0; i < c->count; i++)
        free(c->items[i]);
    free(c->items);
    c->items = NULL;
    c->count = c->cap = 0;
}

void completions_add(Completions *c, const char *prefix, size_t plen, const char *name, const char *suffix)
{
    if (c->count >= MAX_CANDIDATES)
        return;
    size_t n = plen + strlen(name) + strlen(suffix);
    char *s = malloc(n + 1);
    if (!s)
        return;
    snprintf(s, n + 1, "%.*s%s%s", (int)plen, prefix, name, suffix);
    for (int i = 0; i < c->count; i++)
        if (strcmp(c->items[i], s) == 0) {
            free(s);
            return;
        }
    if (c->count == c->cap) {
        int cap = c->cap ? c->cap * 2 : 16;
        char **items = realloc(c->items, sizeof(char *) * (size_t)cap);
        if (!items) {
            free(s);
            return;
        }
        c->items = items;
        c->cap = cap;
    }
    c->items[c->count++] = s;
}

static bool starts_with(const char *s, const char *prefix, size_t n)
{
    return strncmp(s, prefix, n) == 0;
}

static bool callable(Value v)
{
    return IS_NATIVE(v) || IS_FUNC(v) || IS_CLASS(v) || IS_BOUND(v);
}

/* Names in d starting with word[0..n); private ones only when asked. */
static void add_dict(Completions *c, ObjDict *d, const char *prefix, size_t plen, const char *word, size_t n)
{
    Value key, value;
    for (int32_t pos = 0; d && dict_next(d, &pos, &key, &value);) {
        if (!IS_STR(key))
            continue;
        const char *k = AS_CSTR(key);
        if (k[0] == '_' && (n == 0 || word[0] != '_'))
            continue;
        if (starts_with(k, word, n))
            completions_add(c, prefix, plen, k, callable(value) ? "(" : "");
    }
}

static void add_list(Completions *c, const char *const *names, const char *prefix, size_t plen,
                     const char *word, size_t n, const char *suffix)
{
    for (int i = 0; names[i]; i++)
        if (starts_with(names[i], word, n))
            completions_add(c, prefix, plen, names[i], suffix);
}

static void members(VM *vm, Value obj, Completions *c, const char *prefix, size_t plen, const char *word,
                    size_t n)
{
    if (IS_MODULE(obj)) {
        add_dict(c, AS_MODULE(obj)->globals, prefix, plen, word, n);
        return;
    }
    if (IS_INSTANCE(obj))
        add_dict(c, AS_INSTANCE(obj)->fields, prefix, plen, word, n);
    if (IS_TENSOR(obj))
        add_list(c, tensor_properties, prefix, plen, word, n, "");
    for (ObjClass *k = IS_CLASS(obj) ? AS_CLASS(obj) : vm_class_of(vm, obj); k; k = k->base)
        add_dict(c, k->methods, prefix, plen, word, n);
}

static int compare_items(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_items(Completions *c)
{
    if (c->count > 1)
        qsort(c->items, (size_t)c->count, sizeof(char *), compare_items);
}

/* ---- file paths inside a string */

static void paths(Completions *c, const char *text, size_t len)
{
    char typed[2048];
    snprintf(typed, sizeof typed, "%.*s", (int)len, text);
    const char *slash = strrchr(typed, '/');
    char dir[2048];
    const char *base;
    if (slash) {
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - typed + 1), typed);
        base = slash + 1;
    } else {
        dir[0] = '\0';
        base = typed;
    }
    char real[2048];
    if (dir[0] == '~' && dir[1] == '/' && getenv("HOME"))
        snprintf(real, sizeof real, "%s%s", getenv("HOME"), dir + 1);
    else
        snprintf(real, sizeof real, "%s", dir[0] ? dir : ".");
    DIR *d = opendir(real);
    if (!d)
        return;
    size_t blen = strlen(base);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (e->d_name[0] == '.' && base[0] != '.')
            continue;
        if (!starts_with(e->d_name, base, blen))
            continue;
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", real, e->d_name);
        struct stat st;
        bool is_dir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
        completions_add(c, dir, strlen(dir), e->d_name, is_dir ? "/" : "");
    }
    closedir(d);
}

/* ---- keyword arguments */

static bool ident_char(char ch)
{
    return isalnum((unsigned char)ch) || ch == '_' || (unsigned char)ch >= 0x80;
}

/* Parameter names from a native's signature text: every identifier that
   starts a parameter in any "name(...)" group ("sum(a, axis=None) or
   sum(iterable, start=0)"). */
static void signature_params(const char *sig, Completions *c, const char *word, size_t n)
{
    int depth = 0;
    bool at_param = false;
    for (const char *p = sig; *p; p++) {
        if (*p == '(' || *p == '[') {
            depth++;
            at_param = depth == 1;
            continue;
        }
        if (*p == ')' || *p == ']') {
            depth--;
            continue;
        }
        if (depth == 1 && *p == ',') {
            at_param = true;
            continue;
        }
        if (depth != 1 || !at_param || *p == ' ')
            continue;
        at_param = false;
        if (*p == '*' || *p == '/')
            continue;
        const char *s = p;
        while (ident_char(*p))
            p++;
        if (p > s && (size_t)(p - s) < 64) {
            char name[64];
            snprintf(name, sizeof name, "%.*s", (int)(p - s), s);
            if (strcmp(name, "self") != 0 && starts_with(name, word, n))
                completions_add(c, "", 0, name, "=");
        }
        p--;
    }
}

static void proto_params(ObjProto *p, bool skip_self, Completions *c, const char *word, size_t n)
{
    for (int i = skip_self ? 1 : 0; i < p->nparams; i++) {
        if (i == p->vararg_slot || i == p->kwarg_slot || !p->param_names || !p->param_names[i])
            continue;
        if (starts_with(p->param_names[i]->chars, word, n))
            completions_add(c, "", 0, p->param_names[i]->chars, "=");
    }
}

/* The callee of the innermost unclosed '(' before end, when it is a
   plain or dotted name; its start and length. */
static bool open_call(const char *line, size_t end, size_t *cstart, size_t *clen)
{
    int depth = 0;
    for (size_t i = end; i-- > 0;) {
        char ch = line[i];
        if (ch == ')' || ch == ']' || ch == '}')
            depth++;
        else if (ch == '[' || ch == '{') {
            if (depth == 0)
                return false;
            depth--;
        } else if (ch == '(') {
            if (depth > 0) {
                depth--;
                continue;
            }
            size_t j = i;
            while (j > 0 && (ident_char(line[j - 1]) || line[j - 1] == '.'))
                j--;
            if (j == i)
                return false;
            *cstart = j;
            *clen = i - j;
            return true;
        }
    }
    return false;
}

static void keyword_args(VM *vm, const char *line, size_t ws, Completions *c, const char *word, size_t n)
{
    size_t cs, cl;
    if (!open_call(line, ws, &cs, &cl))
        return;
    Value f;
    if (!cmd_resolve_name(vm, line + cs, cl, &f))
        return;
    bool skip_self = false;
    if (IS_BOUND(f)) {
        f = AS_BOUND(f)->method;
        skip_self = true;
    }
    if (IS_CLASS(f)) {
        Value init;
        if (!class_find_method_owner(AS_CLASS(f), vm->names.init, &init))
            return;
        f = init;
        skip_self = true;
    }
    if (IS_FUNC(f))
        proto_params(AS_FUNC(f)->proto, skip_self, c, word, n);
    else if (IS_NATIVE(f) && AS_NATIVE(f)->signature)
        signature_params(AS_NATIVE(f)->signature, c, word, n);
}

/* ---- the line */

/* Where an unclosed string starts in line[0..end) (after its quote), or -1. */
static long open_string(const char *line, size_t end)
{
    char quote = 0;
    long start = -1;
    for (size_t i = 0; i < end; i++) {
        char ch = line[i];
        if (quote) {
            if (ch == '\\')
                i++;
            else if (ch == quote)
                quote = 0;
        } else if (ch == '#') {
            return -1;
        } else if (ch == '"' || ch == '\'') {
            quote = ch;
            start = (long)i + 1;
        }
    }
    return quote ? start : -1;
}

void complete_line(Repl *r, const char *line, int point, Completions *out)
{
    VM *vm = r->vm;
    size_t end = (size_t)point;
    out->start = point;
    /* REPL commands and their arguments */
    size_t lead = 0;
    while (line[lead] == ' ')
        lead++;
    if (line[lead] == ':') {
        const char *sp = memchr(line + lead, ' ', end - lead);
        if (!sp) {
            out->start = (int)lead;
            cmd_complete_names(line + lead + 1, end - lead - 1, out);
        } else {
            size_t ws = end;
            while (ws > 0 && line[ws - 1] != ' ')
                ws--;
            out->start = (int)ws;
            char cmd[32];
            snprintf(cmd, sizeof cmd, "%.*s", (int)(sp - line - lead - 1), line + lead + 1);
            if (strcmp(cmd, "time") == 0 || strcmp(cmd, "trace") == 0 || strcmp(cmd, "complete") == 0) {
                /* an expression follows: complete it as code */
                Completions inner = {0};
                size_t off = (size_t)(sp - line) + 1;
                complete_line(r, line + off, (int)(end - off), &inner);
                out->start = inner.start + (int)off;
                for (int i = 0; i < inner.count; i++)
                    completions_add(out, "", 0, inner.items[i], "");
                completions_free(&inner);
                return;
            }
            lesson_complete_arg(r, cmd, line + ws, end - ws, out);
        }
        sort_items(out);
        return;
    }
    long s = open_string(line, end);
    if (s >= 0) {
        out->start = (int)s;
        paths(out, line + s, end - (size_t)s);
        sort_items(out);
        return;
    }
    size_t ws = end;
    while (ws > 0 && (ident_char(line[ws - 1]) || line[ws - 1] == '.'))
        ws--;
    /* a number like 1.5 is not a name */
    if (ws < end && isdigit((unsigned char)line[ws]))
        return;
    out->start = (int)ws;
    const char *word = line + ws;
    size_t wlen = end - ws;
    const char *dot = NULL;
    for (size_t i = 0; i < wlen; i++)
        if (word[i] == '.')
            dot = word + i;
    if (dot) {
        Value obj;
        if (!cmd_resolve_name(vm, word, (size_t)(dot - word), &obj))
            return;
        gc_push_root(vm, obj);
        members(vm, obj, out, word, (size_t)(dot - word) + 1, dot + 1, wlen - (size_t)(dot - word) - 1);
        gc_pop_roots(vm, 1);
        sort_items(out);
        return;
    }
    /* keyword arguments first (the likely next thing inside a call), then names */
    Completions kw = {0};
    keyword_args(vm, line, ws, &kw, word, wlen);
    sort_items(&kw);
    Completions names = {0};
    add_dict(&names, vm->main_module->globals, "", 0, word, wlen);
    add_dict(&names, vm->builtins, "", 0, word, wlen);
    add_list(&names, keywords, "", 0, word, wlen, "");
    sort_items(&names);
    for (int i = 0; i < kw.count; i++)
        completions_add(out, "", 0, kw.items[i], "");
    for (int i = 0; i < names.count; i++)
        completions_add(out, "", 0, names.items[i], "");
    completions_free(&kw);
    completions_free(&names);
}

/* ---- libedit */

static Repl *hook_repl;
static Completions hook_items;
static int hook_next;

static char *hook_generator(const char *text, int state)
{
    (void)text;
    if (state == 0)
        hook_next = 0;
    return hook_next < hook_items.count ? strdup(hook_items.items[hook_next++]) : NULL;
}

/* libedit replaces line[start..end) (split at its break characters) with
   a match; our candidates replace line[hook_items.start..point), so each
   is shifted to begin at start. */
static char **hook_attempt(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1;
    completions_free(&hook_items);
    if (!hook_repl)
        return NULL;
    complete_line(hook_repl, rl_line_buffer, rl_point, &hook_items);
    int shift = start - hook_items.start;
    for (int i = 0; i < hook_items.count; i++) {
        char *item = hook_items.items[i];
        char *fixed;
        if (shift >= 0) {
            fixed = strdup((size_t)shift <= strlen(item) ? item + shift : "");
        } else {
            size_t n = (size_t)-shift + strlen(item);
            fixed = malloc(n + 1);
            if (fixed)
                snprintf(fixed, n + 1, "%.*s%s", -shift, rl_line_buffer + start, item);
        }
        if (!fixed)
            continue;
        free(item);
        hook_items.items[i] = fixed;
    }
    if (hook_items.count == 0)
        return NULL;
    return rl_completion_matches(text, hook_generator);
}

void complete_install(Repl *r)
{
    hook_repl = r;
    rl_attempted_completion_function = hook_attempt;
    /* '.' and '/' are not breaks: "x.sh" and "data/tr" complete whole */
    static char breaks[] = " \t\n\"'`@$><=;|&{(,)}[]+-*%^~!:";
    rl_completer_word_break_characters = breaks;
    rl_basic_word_break_characters = breaks;
    rl_completion_append_character = '\0';
}
