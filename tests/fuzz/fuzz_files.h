/*
 * fuzz_files.h - for the file-reader harnesses: the input is written to a
 * scratch file (the readers take paths), and the engine allocates through
 * a counting allocator with a cap, so a leak or a runaway allocation is
 * caught exactly.
 */
#ifndef NABLA_FUZZ_FILES_H
#define NABLA_FUZZ_FILES_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tensor/io.h"
#include "tensor/tensor.h"

enum { FUZZ_ALLOC_CAP = 256 << 20 };

static size_t fuzz_live;

static void *fuzz_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    if (new_size == 0) {
        free(ptr);
        fuzz_live -= old_size;
        return NULL;
    }
    if (new_size > old_size && fuzz_live + (new_size - old_size) > FUZZ_ALLOC_CAP)
        return NULL;
    void *p = realloc(ptr, new_size);
    if (p)
        fuzz_live += new_size - old_size;
    return p;
}

/* A scratch file of this process holding data; its path. */
static const char *fuzz_write_file(const unsigned char *data, size_t size, const char *ext)
{
    static char path[256];
    const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(path, sizeof path, "%s/nabla-fuzz-%d%s", dir, (int)getpid(), ext);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        perror(path);
        abort();
    }
    fclose(f);
    return path;
}

static void fuzz_check_leaks(const char *what)
{
    if (fuzz_live != 0) {
        fprintf(stderr, "%s: %zu bytes still allocated\n", what, fuzz_live);
        abort();
    }
}

#endif
