/*
 * fuzz_eval.c - libFuzzer harness: any bytes run as a script in a fresh
 * sandboxed VM under tight limits (an instruction budget, a memory cap, no
 * files).  Any status is fine; a crash, a sanitizer report, a leak (bytes
 * still allocated after nb_free) or a VM that no longer runs `1 + 1` after
 * the script is a finding.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nabla.h"

static size_t live;

static void *counted(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (new_size == 0) {
        free(ptr);
        live -= old_size;
        return NULL;
    }
    void *p = realloc(ptr, new_size);
    if (p)
        live += new_size - old_size;
    return p;
}

static void discard(void *ud, const char *text, size_t len)
{
    (void)ud;
    (void)text;
    (void)len;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src)
        return 0;
    memcpy(src, data, size);
    src[size] = '\0';
    nb_config cfg = {0};
    cfg.alloc = counted;
    cfg.write_out = cfg.write_err = discard;
    cfg.memory_limit = 48u << 20;
    cfg.instruction_limit = 20000;
    cfg.sandbox = true;
    nb_vm *vm = nb_new(&cfg);
    if (!vm)
        abort();
    nb_eval(vm, src, "<fuzz>");
    nb_ref r = NB_NOREF;
    int64_t two = 0;
    if (nb_eval_value(vm, "1 + 1", "after", &r) != NB_OK || nb_to_int(vm, r, &two) != NB_OK ||
        two != 2) {
        fprintf(stderr, "the VM is not usable after the input: %s\n", nb_error(vm)->report);
        abort();
    }
    nb_release(vm, r);
    nb_free(vm);
    free(src);
    if (live != 0) {
        fprintf(stderr, "%zu bytes still allocated after nb_free\n", live);
        abort();
    }
    return 0;
}
