/* stdlib_sources.h - the modules in stdlib/, embedded at build time. */
#ifndef NABLA_STDLIB_SOURCES_H
#define NABLA_STDLIB_SOURCES_H
#include <stddef.h>

typedef struct StdlibSource {
    const char *name;   /* module name: the file name without .nbl */
    const char *source;
    size_t length;
} StdlibSource;

extern const StdlibSource stdlib_sources[]; /* ends with a NULL name */

#endif
