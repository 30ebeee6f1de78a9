/*
 * io_module.c - tensors in files, as builtins with NumPy's names: save and
 * load (.npy, and .npz archives, byte-compatible with NumPy both ways),
 * savez, loadtxt, and read_csv / write_csv for tables with a header row.
 *
 * A VM made without file access (the embedding sandbox) refuses them all.
 */
#include "lib/tensor_lib.h"

#include <stdio.h>
#include <string.h>

#include "core/memory.h"
#include "tensor/io.h"

static bool files_allowed(VM *vm, const char *fn)
{
    if (vm->allow_files)
        return true;
    return vm_raise(vm, vm->exc.os_error, "%s(): file access is disabled in this VM", fn);
}

/* path, with ext appended when it does not already end in it (np.save's
   rule); into buf. */
static const char *with_ext(const char *path, const char *ext, char *buf, size_t size)
{
    size_t n = strlen(path), e = strlen(ext);
    if (n >= e && strcmp(path + n - e, ext) == 0)
        return path;
    if (n + e + 1 > size)
        return path;
    memcpy(buf, path, n);
    memcpy(buf + n, ext, e + 1);
    return buf;
}

static bool io_save(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[3];
    if (!tl_args(vm, "save", argc, argv, kwargs, "file arr allow_pickle=", v) ||
        !files_allowed(vm, "save"))
        return false;
    const char *path = tl_str(vm, v[0], "save", "file");
    if (!path)
        return false;
    char buf[4096];
    path = with_ext(path, ".npy", buf, sizeof buf);
    TlArg a;
    if (!tl_arg(vm, v[1], "save", "arr", &a))
        return false;
    bool ok = tn_save_npy(&vm->tn, path, a.t);
    tl_arg_free(vm, &a);
    *out = NONE_VAL;
    return ok || tl_raise(vm);
}

/* An .npz archive becomes a dict from array name to tensor. */
static bool npz_to_dict(VM *vm, TnNpz *npz, Value *out)
{
    ObjDict *d = dict_new(vm);
    if (!d)
        return false;
    gc_push_root(vm, OBJ_VAL(d));
    bool ok = true;
    for (int i = 0; i < npz->count && ok; i++) {
        ObjString *name = str_from_cstr(vm, npz->names[i]);
        if (!name) {
            ok = false;
            break;
        }
        gc_push_root(vm, OBJ_VAL(name));
        Value t;
        ok = tl_wrap(vm, npz->arrays[i], &t);
        npz->arrays[i] = NULL; /* the value owns it now (or it was freed) */
        if (ok) {
            gc_push_root(vm, t);
            ok = dict_set_str(vm, d, name, t);
            gc_pop_roots(vm, 1);
        }
        gc_pop_roots(vm, 1);
    }
    gc_pop_roots(vm, 1);
    tn_npz_free(&vm->tn, npz);
    *out = OBJ_VAL(d);
    return ok;
}

static bool io_load(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    if (!tl_args(vm, "load", argc, argv, kwargs, "file allow_pickle=", v) ||
        !files_allowed(vm, "load"))
        return false;
    const char *path = tl_str(vm, v[0], "load", "file");
    if (!path)
        return false;
    TnFileKind kind = tn_file_kind(&vm->tn, path);
    if (kind == TN_FILE_NPZ) {
        TnNpz *npz = tn_load_npz(&vm->tn, path);
        return npz ? npz_to_dict(vm, npz, out) : tl_raise(vm);
    }
    if (kind == TN_FILE_OTHER && vm->tn.err != TN_OK)
        return tl_raise(vm);
    if (kind == TN_FILE_OTHER)
        return vm_raise(vm, vm->exc.os_error,
                        "load(): '%s' is not a .npy or .npz file (for text use loadtxt or "
                        "read_csv)",
                        path);
    return tl_wrap(vm, tn_load_npy(&vm->tn, path), out);
}

/* savez(file, *arrays, **named): positional arrays are named arr_0, arr_1... */
static bool io_savez(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    if (!files_allowed(vm, "savez"))
        return false;
    if (argc < 1)
        return vm_raise(vm, vm->exc.type_error, "savez() missing required argument 'file'");
    const char *path = tl_str(vm, argv[0], "savez", "file");
    if (!path)
        return false;
    char buf[4096];
    path = with_ext(path, ".npz", buf, sizeof buf);
    int n = argc - 1 + (kwargs ? kwargs->count : 0);
    if (n > 256)
        return vm_raise(vm, vm->exc.value_error, "savez(): at most 256 arrays");
    size_t names_size = (size_t)(n ? n : 1) * 32;
    size_t args_size = sizeof(TlArg) * (size_t)(n ? n : 1);
    char *names_buf = mem_alloc(vm, names_size);
    TlArg *args = mem_alloc(vm, args_size);
    const char **names = mem_alloc(vm, sizeof(char *) * (size_t)(n ? n : 1));
    const Tensor **arrays = mem_alloc(vm, sizeof(Tensor *) * (size_t)(n ? n : 1));
    bool ok = names_buf && args && names && arrays;
    int made = 0;
    if (!ok)
        vm_raise_oom(vm);
    for (int i = 1; ok && i < argc; i++) {
        snprintf(names_buf + made * 32, 32, "arr_%d", i - 1);
        names[made] = names_buf + made * 32;
        ok = tl_arg(vm, argv[i], "savez", names[made], &args[made]);
        if (ok)
            arrays[made] = args[made].t, made++;
    }
    Value key, value;
    for (int32_t pos = 0; ok && kwargs && dict_next(kwargs, &pos, &key, &value);) {
        names[made] = AS_CSTR(key);
        ok = tl_arg(vm, value, "savez", names[made], &args[made]);
        if (ok)
            arrays[made] = args[made].t, made++;
    }
    if (ok && !tn_save_npz(&vm->tn, path, made, names, arrays))
        ok = tl_raise(vm);
    for (int i = 0; i < made; i++)
        tl_arg_free(vm, &args[i]);
    mem_free(vm, names_buf, names_size);
    mem_free(vm, args, args_size);
    mem_free(vm, names, sizeof(char *) * (size_t)(n ? n : 1));
    mem_free(vm, arrays, sizeof(Tensor *) * (size_t)(n ? n : 1));
    *out = NONE_VAL;
    return ok;
}

static bool delimiter_arg(VM *vm, Value v, const char *fn, char dflt, char *out)
{
    *out = dflt;
    if (!tl_given(v))
        return true;
    const char *s = tl_str(vm, v, fn, "delimiter");
    if (!s)
        return false;
    if (strlen(s) != 1)
        return vm_raise(vm, vm->exc.value_error,
                        "%s(): delimiter must be one character, not '%s'", fn, s);
    *out = s[0];
    return true;
}

/* read_csv(path) -> (names, data): the numeric columns as an f64 tensor. */
static bool io_read_csv(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[2];
    char delim;
    if (!tl_args(vm, "read_csv", argc, argv, kwargs, "path delimiter=", v) ||
        !files_allowed(vm, "read_csv") || !delimiter_arg(vm, v[1], "read_csv", ',', &delim))
        return false;
    const char *path = tl_str(vm, v[0], "read_csv", "path");
    if (!path)
        return false;
    TnCsvOptions opts = {delim, false};
    TnCsvTable *tab = tn_read_csv(&vm->tn, path, &opts);
    if (!tab)
        return tl_raise(vm);
    ObjTuple *tup = tuple_new(vm, 2);
    bool ok = tup != NULL;
    if (ok) {
        gc_push_root(vm, OBJ_VAL(tup));
        ObjList *names = list_new(vm, tab->ncols);
        ok = names != NULL;
        if (ok) {
            tup->items[0] = OBJ_VAL(names);
            for (int i = 0; i < tab->ncols && ok; i++) {
                ObjString *s = str_from_cstr(vm, tab->names[i]);
                ok = s != NULL;
                if (ok)
                    names->items.items[names->items.count++] = OBJ_VAL(s);
            }
        }
        if (ok) {
            ok = tl_wrap(vm, tab->data, &tup->items[1]);
            tab->data = NULL;
        }
        gc_pop_roots(vm, 1);
    }
    tn_csv_free(&vm->tn, tab);
    *out = ok ? OBJ_VAL(tup) : NONE_VAL;
    return ok;
}

/* write_csv(path, x, names=None, delimiter=','). */
static bool io_write_csv(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    char delim;
    if (!tl_args(vm, "write_csv", argc, argv, kwargs, "path x names= delimiter=", v) ||
        !files_allowed(vm, "write_csv") || !delimiter_arg(vm, v[3], "write_csv", ',', &delim))
        return false;
    const char *path = tl_str(vm, v[0], "write_csv", "path");
    if (!path)
        return false;
    TlArg a;
    if (!tl_arg(vm, v[1], "write_csv", "x", &a))
        return false;
    const char *names_small[64];
    const char **names = NULL;
    bool ok = true;
    if (tl_given(v[2])) {
        Value *items = NULL;
        int n = 0;
        if (IS_LIST(v[2])) {
            items = AS_LIST(v[2])->items.items;
            n = AS_LIST(v[2])->items.count;
        } else if (IS_TUPLE(v[2])) {
            items = AS_TUPLE(v[2])->items;
            n = AS_TUPLE(v[2])->count;
        } else {
            ok = vm_raise(vm, vm->exc.type_error, "write_csv(): names must be a list of str");
        }
        int64_t ncols = a.t->ndim == 2 ? a.t->shape[1] : 1;
        if (ok && n != ncols)
            ok = vm_raise(vm, vm->exc.value_error,
                          "write_csv(): %d names for %lld columns", n, (long long)ncols);
        if (ok && n > 64)
            ok = vm_raise(vm, vm->exc.value_error, "write_csv(): at most 64 named columns");
        for (int i = 0; ok && i < n; i++) {
            if (!IS_STR(items[i]))
                ok = vm_raise(vm, vm->exc.type_error, "write_csv(): names must be str, not %s",
                              value_type_name(vm, items[i]));
            else
                names_small[i] = AS_CSTR(items[i]);
        }
        names = names_small;
    }
    if (ok && !tn_write_csv(&vm->tn, path, names, a.t, delim))
        ok = tl_raise(vm);
    tl_arg_free(vm, &a);
    *out = NONE_VAL;
    return ok;
}

static bool io_loadtxt(VM *vm, int argc, Value *argv, ObjDict *kwargs, Value *out)
{
    Value v[4];
    char delim;
    int64_t skip;
    if (!tl_args(vm, "loadtxt", argc, argv, kwargs, "fname dtype= delimiter= skiprows=", v) ||
        !files_allowed(vm, "loadtxt") || !delimiter_arg(vm, v[2], "loadtxt", 0, &delim) ||
        !tl_int(vm, v[3], "loadtxt", "skiprows", 0, &skip))
        return false;
    const char *path = tl_str(vm, v[0], "loadtxt", "fname");
    if (!path)
        return false;
    TnDType dt;
    bool given;
    if (!tl_dtype(vm, v[1], "loadtxt", &dt, &given))
        return false;
    Tensor *t = tn_loadtxt(&vm->tn, path, delim, skip);
    if (t && given && dt != t->dtype) {
        Tensor *c = tn_astype(&vm->tn, t, dt);
        tn_free(&vm->tn, t);
        t = c;
    }
    return tl_wrap(vm, t, out);
}

static const NativeSpec io_functions[] = {
    {"save", io_save, 2, 3, "save(file, arr)",
     "Writes arr to file in NumPy's .npy format (\".npy\" is added to the name when\n"
     "missing); np.load reads it.\n\n"
     "Example:\n    >>> save(\"/tmp/w.npy\", [[1.0, 2.0]])\n    >>> load(\"/tmp/w.npy\").shape\n"
     "    (1, 2)"},
    {"load", io_load, 1, 2, "load(file)",
     "Reads a .npy file (a tensor) or an .npz archive (a dict from name to tensor), as\n"
     "written by save, savez or NumPy.\n\n"
     "Example:\n    >>> savez(\"/tmp/m.npz\", w=[1, 2], b=[3])\n    >>> sorted(load(\"/tmp/m.npz\").keys())\n"
     "    ['b', 'w']"},
    {"savez", io_savez, 1, -1, "savez(file, *arrays, **named)",
     "Writes several tensors to one uncompressed .npz archive: positional ones are named\n"
     "arr_0, arr_1, ...; keyword ones by their keyword.\n\n"
     "Example:\n    >>> savez(\"/tmp/m.npz\", w=[1, 2], b=[3])\n    >>> load(\"/tmp/m.npz\")[\"w\"].tolist()\n"
     "    [1, 2]"},
    {"read_csv", io_read_csv, 1, 2, "read_csv(path, delimiter=',')",
     "Reads a CSV file with a header row: (names, data), data an f64 tensor with one\n"
     "column per name. Quoted fields are understood; empty fields and NA/NaN are nan; a\n"
     "column that is not numeric is an error naming it.\n\n"
     "Example:\n    >>> write_csv(\"/tmp/t.csv\", [[1.0, 2.0]], names=[\"x\", \"y\"])\n"
     "    >>> read_csv(\"/tmp/t.csv\")[0]\n    ['x', 'y']"},
    {"write_csv", io_write_csv, 2, 4, "write_csv(path, x, names=None, delimiter=',')",
     "Writes a 1-D (one column) or 2-D tensor as CSV, with a header row when names is\n"
     "given; floats are written so that they read back exactly.\n\n"
     "Example:\n    >>> write_csv(\"/tmp/t.csv\", [[1.0, 2.0]], names=[\"x\", \"y\"])\n"
     "    >>> read_csv(\"/tmp/t.csv\")[1].tolist()\n    [[1.0, 2.0]]"},
    {"loadtxt", io_loadtxt, 1, 4, "loadtxt(fname, dtype=float, delimiter=None, skiprows=0)",
     "Reads a text file of numbers, one row per line, split on whitespace (or on\n"
     "delimiter); '#' starts a comment. One row or one column gives a 1-D tensor.\n\n"
     "Example:\n    >>> write_csv(\"/tmp/n.txt\", [1.0, 2.0])\n    >>> loadtxt(\"/tmp/n.txt\").tolist()\n"
     "    [1.0, 2.0]"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

bool tl_open_io(VM *vm)
{
    vm_define_natives(vm, vm->builtins, io_functions);
    return true;
}
