/*
 * modules.c - the table of modules written in C, which `import` consults
 * before looking for a .nbl file, and the two small ones: time and sys.
 */
#include <errno.h>
#include <time.h>

#include "lib/args.h"
#include "lib/lib.h"
#include "version.h"

const NativeModuleDef native_modules[] = {
    {"math", lib_open_math},
    {"time", lib_open_time},
    {"sys", lib_open_sys},
    {"re", lib_open_re},
    {NULL, NULL},
};

static bool set_global(VM *vm, ObjModule *m, const char *name, Value v)
{
    vm_push(vm, v);
    ObjString *s = str_from_cstr(vm, name);
    bool ok = s && dict_set_str(vm, m->globals, s, v);
    vm_pop(vm);
    return ok;
}

static bool set_doc(VM *vm, ObjModule *m, const char *doc)
{
    ObjString *s = str_from_cstr(vm, doc);
    return s && dict_set_str(vm, m->globals, vm->names.doc, OBJ_VAL(s));
}

/* ---- time */

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool t_perf_counter(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "time.perf_counter"))
        return false;
    *out = FLOAT_VAL(clock_seconds(CLOCK_MONOTONIC));
    return true;
}

static bool t_monotonic(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "time.monotonic"))
        return false;
    *out = FLOAT_VAL(clock_seconds(CLOCK_MONOTONIC));
    return true;
}

static bool t_time(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "time.time"))
        return false;
    *out = FLOAT_VAL(clock_seconds(CLOCK_REALTIME));
    return true;
}

static bool t_time_ns(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "time.time_ns"))
        return false;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *out = INT_VAL((int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec);
    return true;
}

static bool t_process_time(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "time.process_time"))
        return false;
    *out = FLOAT_VAL(clock_seconds(CLOCK_PROCESS_CPUTIME_ID));
    return true;
}

/* Sleeps in slices of at most 50 ms, so that Ctrl-C (vm->interrupt) ends a
   long sleep promptly instead of after it. */
static bool t_sleep(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    double secs;
    if (!no_kwargs(vm, kwargs, "time.sleep") || !arg_float(vm, argv, 0, "time.sleep", "secs", &secs))
        return false;
    if (!(secs >= 0))
        return vm_raise(vm, vm->exc.value_error,
                        "time.sleep(%g): the duration must be a non-negative number of seconds",
                        secs);
    double end = clock_seconds(CLOCK_MONOTONIC) + secs;
    for (;;) {
        if (vm->interrupt) {
            if (vm->interrupt == 1) /* Ctrl-C: once; a host's stop (2) holds */
                vm->interrupt = 0;
            return vm_raise(vm, vm->exc.keyboard_interrupt, "interrupted during time.sleep()");
        }
        double left = end - clock_seconds(CLOCK_MONOTONIC);
        if (left <= 0)
            break;
        double slice = left < 0.05 ? left : 0.05;
        struct timespec ts = {(time_t)slice, (long)((slice - (double)(time_t)slice) * 1e9)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !vm->interrupt)
            ;
    }
    *out = NONE_VAL;
    return true;
}

static const NativeSpec time_functions[] = {
    {"perf_counter", t_perf_counter, 0, 0, "time.perf_counter()",
     "Return a clock in seconds (a float) for timing code: only differences between\n"
     "two readings mean something.\n\n"
     "Example:\n"
     "    >>> t0 = time.perf_counter(); x = sum(range(1000))\n"
     "    >>> time.perf_counter() - t0 < 1\n"
     "    True"},
    {"monotonic", t_monotonic, 0, 0, "time.monotonic()",
     "Return a clock in seconds that never goes backwards (unlike time.time()).\n\n"
     "Example:\n"
     "    >>> time.monotonic() <= time.monotonic()\n"
     "    True"},
    {"time", t_time, 0, 0, "time.time()",
     "Return the current time in seconds since 1970-01-01 UTC, as a float.\n\n"
     "Example:\n"
     "    >>> time.time() > 1.6e9\n"
     "    True"},
    {"time_ns", t_time_ns, 0, 0, "time.time_ns()",
     "Return the current time in nanoseconds since 1970-01-01 UTC, as an int.\n\n"
     "Example:\n"
     "    >>> time.time_ns() > 1600000000000000000\n"
     "    True"},
    {"process_time", t_process_time, 0, 0, "time.process_time()",
     "Return the CPU time this process has used, in seconds (sleeping does not count).\n\n"
     "Example:\n"
     "    >>> time.process_time() >= 0\n"
     "    True"},
    {"sleep", t_sleep, 1, 1, "time.sleep(secs)",
     "Pause for secs seconds (a float is fine). Ctrl-C interrupts the pause.\n\n"
     "Example:\n"
     "    >>> time.sleep(0.01)"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool lib_open_time(VM *vm, ObjModule *m)
{
    vm_define_natives(vm, m->globals, time_functions);
    return set_doc(vm, m,
                   "Clocks and pauses: perf_counter() for timing code, time() for the date,\n"
                   "sleep(secs) to wait.\n\n"
                   "Example:\n"
                   "    >>> import time\n"
                   "    >>> t0 = time.perf_counter(); time.sleep(0.01)\n"
                   "    >>> time.perf_counter() - t0 >= 0.01\n"
                   "    True");
}

/* ---- sys */

static bool s_getrecursionlimit(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!no_kwargs(vm, kwargs, "sys.getrecursionlimit"))
        return false;
    *out = INT_VAL(FRAMES_MAX);
    return true;
}

static const NativeSpec sys_functions[] = {
    {"getrecursionlimit", s_getrecursionlimit, 0, 0, "sys.getrecursionlimit()",
     "Return how deep calls may nest before a RecursionError.\n\n"
     "Example:\n"
     "    >>> sys.getrecursionlimit()\n"
     "    1000"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool lib_open_sys(VM *vm, ObjModule *m)
{
    vm_define_natives(vm, m->globals, sys_functions);
    if (!vm->argv) {
        ObjList *argv = list_new(vm, 0);
        if (!argv)
            return false;
        vm->argv = argv;
    }
    ObjString *version = str_from_cstr(vm, NABLA_VERSION_STRING);
    if (!version || !set_global(vm, m, "version", OBJ_VAL(version)))
        return false;
#if defined(__linux__)
    const char *platform = "linux";
#elif defined(__APPLE__)
    const char *platform = "darwin";
#elif defined(_WIN32)
    const char *platform = "win32";
#else
    const char *platform = "unknown";
#endif
    ObjString *plat = str_from_cstr(vm, platform);
    if (!plat || !set_global(vm, m, "platform", OBJ_VAL(plat)))
        return false;
    ObjString *order = str_from_cstr(vm, __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ ? "little" : "big");
    return order && set_global(vm, m, "byteorder", OBJ_VAL(order)) &&
           set_global(vm, m, "argv", OBJ_VAL(vm->argv)) &&
           (!vm->search_path || set_global(vm, m, "path", OBJ_VAL(vm->search_path))) &&
           set_global(vm, m, "maxsize", INT_VAL(INT64_MAX)) &&
           set_doc(vm, m,
                   "The running interpreter: argv (the script's command-line arguments, the\n"
                   "script first), version, platform, path (folders searched by import) and\n"
                   "maxsize (the largest int).\n\n"
                   "Example:\n"
                   "    >>> import sys\n"
                   "    >>> sys.maxsize\n"
                   "    9223372036854775807");
}
