/*
 * test_docs.c - every builtin and stdlib function documents itself, as
 * help(x) and ?x show it: a signature, a paragraph, and a runnable example
 * (an "Example:" section with ">>>" lines).  That the examples print what
 * they show is tests/unit/test_doc_examples.c's job.
 *
 * Functions are found where a learner finds them: the builtins, the methods
 * of the builtin classes, and every module (C modules and the stdlib's .nbl files).
 * Dunder methods are the operators' plumbing and are not listed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vm/stdlib_sources.h"
#include "vm/vm_internal.h"

typedef struct Fn {
    char name[128];
    const char *signature;  /* NULL for functions written in Nabla */
    const char *doc;
} Fn;

static Fn *fns;
static int nfns, capfns;

static void add_fn(const char *owner, const char *name, const char *signature, const char *doc)
{
    if (name[0] == '_')
        return;
    char full[128];
    snprintf(full, sizeof full, "%s%s%s", owner, owner[0] ? "." : "", name);
    for (int i = 0; i < nfns; i++)
        if (strcmp(fns[i].name, full) == 0)
            return;
    if (nfns == capfns) {
        capfns = capfns ? capfns * 2 : 256;
        fns = realloc(fns, sizeof(Fn) * (size_t)capfns);
        if (!fns)
            exit(2);
    }
    Fn *f = &fns[nfns++];
    snprintf(f->name, sizeof f->name, "%s", full);
    f->signature = signature;
    f->doc = doc;
}

static void collect_dict(const char *owner, ObjDict *d)
{
    Value key, value;
    for (int32_t pos = 0; dict_next(d, &pos, &key, &value);) {
        if (!IS_STR(key))
            continue;
        if (IS_NATIVE(value))
            add_fn(owner, AS_CSTR(key), AS_NATIVE(value)->signature, AS_NATIVE(value)->doc);
        else if (IS_FUNC(value)) {
            ObjString *doc = AS_FUNC(value)->proto->doc;
            add_fn(owner, AS_CSTR(key), "", doc ? doc->chars : NULL);
        }
    }
}

static void collect(VM *vm)
{
    for (const NativeModuleDef *m = native_modules; m->name; m++) {
        Value v;
        ObjString *name = str_from_cstr(vm, m->name);
        if (!name || !vm_import(vm, name, &v))
            vm_clear_exception(vm);
    }
    for (const StdlibSource *s = stdlib_sources; s->name; s++) {
        Value v;
        ObjString *name = str_from_cstr(vm, s->name);
        if (!name || !vm_import(vm, name, &v))
            vm_clear_exception(vm);
    }
    collect_dict("", vm->builtins);
    Value key, value;
    for (int32_t pos = 0; dict_next(vm->builtins, &pos, &key, &value);) {
        if (IS_CLASS(value) && AS_CLASS(value)->builtin && !AS_CLASS(value)->is_exception)
            collect_dict(AS_CSTR(key), AS_CLASS(value)->methods);
        if (IS_MODULE(value))
            collect_dict(AS_CSTR(key), AS_MODULE(value)->globals);
    }
    for (int32_t pos = 0; dict_next(vm->modules, &pos, &key, &value);)
        if (IS_STR(key) && IS_MODULE(value) && AS_CSTR(key)[0] != '<')
            collect_dict(AS_CSTR(key), AS_MODULE(value)->globals);
}

/* An example section with >>> lines; a function that waits for a person
   (input) shows its example as "Example (interactive):" instead, since no
   test can type the answer. */
static const char *example_of(const char *doc)
{
    const char *e = doc ? strstr(doc, "Example") : NULL;
    if (e && strncmp(e, "Example (interactive):", 22) == 0)
        return e;
    return e && strstr(e, ">>>") ? e : NULL;
}

static int check_complete(void)
{
    int bad = 0;
    for (int i = 0; i < nfns; i++) {
        const Fn *f = &fns[i];
        const char *what = NULL;
        if (f->signature == NULL)
            what = "no signature";
        else if (!f->doc || !f->doc[0])
            what = "no doc";
        else if (!example_of(f->doc))
            what = "no example (an \"Example:\" section with >>> lines)";
        if (what) {
            printf("  %-32s %s\n", f->name, what);
            bad++;
        }
    }
    printf("%d of %d functions documented completely\n", nfns - bad, nfns);
    return bad ? 1 : 0;
}

int main(void)
{
    VM *vm = vm_new(NULL);
    if (!vm)
        return 2;
    collect(vm);
    int status = check_complete();
    vm_free(vm);
    free(fns);
    return status;
}
