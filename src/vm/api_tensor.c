/*
 * api_tensor.c - tensors across the embedding API: host buffers wrapped
 * without a copy, tensors the host fills, and where a tensor's elements
 * are, in the engine's terms (strides in bytes) and in DLPack's (strides
 * in elements).
 */
#include <string.h>

#include "vm/api_internal.h"

_Static_assert(NB_BOOL == (int)TN_BOOL && NB_U8 == (int)TN_U8 && NB_I32 == (int)TN_I32 &&
                   NB_I64 == (int)TN_I64 && NB_F32 == (int)TN_F32 && NB_F64 == (int)TN_F64 &&
                   TN_DTYPE_COUNT == 6,
               "nb_dtype mirrors TnDType");
_Static_assert(NB_MAX_DIMS == TN_MAX_DIMS, "NB_MAX_DIMS mirrors TN_MAX_DIMS");

/* The engine's last error as an API error: running out of memory is a
   MemoryError with the engine's message, anything else the host's mistake. */
static nb_status engine_error(VM *vm, const char *fn)
{
    if (vm->tn.err == TN_ERR_MEMORY) {
        vm_raise_tensor_error(vm);
        return api_take_error(vm);
    }
    return api_usage(vm, "%s: %s", fn, vm->tn.msg);
}

/* A shape the engine can hold: a negative length or a size in bytes past
   int64 is the host's mistake, not a lack of memory. */
static nb_status check_geometry(VM *vm, const char *fn, int dtype, int ndim, const int64_t *shape)
{
    if (dtype < 0 || dtype >= TN_DTYPE_COUNT)
        return api_usage(vm, "%s: %d is not an nb_dtype", fn, dtype);
    if (ndim < 0 || ndim > TN_MAX_DIMS)
        return api_usage(vm, "%s: ndim %d is outside 0..%d", fn, ndim, TN_MAX_DIMS);
    if (ndim > 0 && !shape)
        return api_usage(vm, "%s: the shape is NULL", fn);
    int64_t size;
    if (!tn_shape_size(&vm->tn, (TnDType)dtype, ndim, shape, &size))
        return api_usage(vm, "%s: %s", fn, vm->tn.msg);
    return NB_OK;
}

/* Holds a wrapped buffer until its tensor value exists, so that failing
   to make the value does not release the host's buffer. */
static void release_nothing(void *ud, void *data)
{
    (void)ud;
    (void)data;
}

static nb_ref wrap(VM *vm, const char *fn, void *data, nb_dtype dtype, int ndim,
                   const int64_t *shape, const int64_t *strides, nb_release_fn release,
                   void *release_ud)
{
    if (check_geometry(vm, fn, (int)dtype, ndim, shape) != NB_OK)
        return NB_NOREF;
    Tensor *t = tn_wrap(&vm->tn, data, (TnDType)dtype, ndim, shape, strides, release_nothing, NULL);
    if (!t)
        return api_noref(engine_error(vm, fn));
    ObjTensor *o = tensor_obj_new(vm, t);
    if (!o)
        return api_noref(api_take_error(vm));
    gc_push_root(vm, OBJ_VAL(o));
    nb_ref r = api_ref_raw(vm, OBJ_VAL(o));
    gc_pop_roots(vm, 1);
    if (!r) {
        /* the value dies without the host's callback */
        api_take_error(vm);
        return NB_NOREF;
    }
    if (release) {
        t->storage->release = release;
        t->storage->release_ud = release_ud;
    }
    return r;
}

nb_ref nb_tensor_wrap(nb_vm *vm, void *data, nb_dtype dtype, int ndim, const int64_t *shape,
                      const int64_t *strides, nb_release_fn release, void *release_ud)
{
    return wrap(vm, "nb_tensor_wrap", data, dtype, ndim, shape, strides, release, release_ud);
}

nb_ref nb_tensor_new(nb_vm *vm, nb_dtype dtype, int ndim, const int64_t *shape)
{
    if (check_geometry(vm, "nb_tensor_new", (int)dtype, ndim, shape) != NB_OK)
        return NB_NOREF;
    Tensor *t = tn_zeros(&vm->tn, (TnDType)dtype, ndim, shape);
    if (!t)
        return api_noref(engine_error(vm, "nb_tensor_new"));
    ObjTensor *o = tensor_obj_new(vm, t);
    return o ? api_new_ref(vm, OBJ_VAL(o)) : api_noref(api_take_error(vm));
}

static Tensor *tensor_arg(VM *vm, nb_ref ref, const char *fn)
{
    Value *v = api_slot(vm, ref);
    if (!v)
        return NULL;
    if (!IS_TENSOR(*v)) {
        api_usage(vm, "%s: ref %d holds a value of type %s, not a tensor", fn, (int)ref, value_type_name(vm, *v));
        return NULL;
    }
    return AS_TENSOR(*v);
}

nb_status nb_tensor_data(nb_vm *vm, nb_ref tensor, bool contiguous, nb_tensor_info *out)
{
    Tensor *t = tensor_arg(vm, tensor, "nb_tensor_data");
    if (!t)
        return NB_ERR_USAGE;
    if (contiguous && !tn_is_contiguous(t)) {
        Tensor *c = tn_contiguous(&vm->tn, t);
        if (!c)
            return engine_error(vm, "nb_tensor_data");
        ObjTensor *o = tensor_obj_new(vm, c);
        if (!o)
            return api_take_error(vm);
        /* no ref was made since api_slot: the slot has not moved */
        *api_slot_quiet(vm, tensor) = OBJ_VAL(o);
        t = c;
    }
    memset(out, 0, sizeof *out);
    out->data = tn_data(t);
    out->dtype = (nb_dtype)t->dtype;
    out->ndim = t->ndim;
    for (int d = 0; d < t->ndim; d++) {
        out->shape[d] = t->shape[d];
        out->strides[d] = t->strides[d];
    }
    out->size = t->size;
    out->itemsize = tn_dtype_size(t->dtype);
    out->contiguous = tn_is_contiguous(t);
    out->readonly = t->readonly;
    return NB_OK;
}

/* ---- DLPack */

enum { DL_INT = 0, DL_UINT = 1, DL_FLOAT = 2, DL_BOOL = 6, DL_CPU = 1 };

static const struct {
    uint8_t code, bits;
} dl_types[TN_DTYPE_COUNT] = {
    [TN_BOOL] = {DL_BOOL, 8}, [TN_U8] = {DL_UINT, 8},   [TN_I32] = {DL_INT, 32},
    [TN_I64] = {DL_INT, 64},  [TN_F32] = {DL_FLOAT, 32}, [TN_F64] = {DL_FLOAT, 64},
};

nb_status nb_tensor_dlpack(nb_vm *vm, nb_ref tensor, nb_dlpack *out)
{
    Tensor *t = tensor_arg(vm, tensor, "nb_tensor_dlpack");
    if (!t)
        return NB_ERR_USAGE;
    memset(out, 0, sizeof *out);
    int64_t item = (int64_t)tn_dtype_size(t->dtype);
    for (int d = 0; d < t->ndim; d++) {
        if (t->strides[d] % item != 0)
            return api_usage(vm, "nb_tensor_dlpack: stride %lld of axis %d is not a whole number "
                                 "of elements", (long long)t->strides[d], d);
        out->shape_buf[d] = t->shape[d];
        out->strides_buf[d] = t->strides[d] / item;
    }
    out->data = tn_data(t);
    out->device.device_type = DL_CPU;
    out->device.device_id = 0;
    out->ndim = t->ndim;
    out->dtype.code = dl_types[t->dtype].code;
    out->dtype.bits = dl_types[t->dtype].bits;
    out->dtype.lanes = 1;
    out->shape = out->shape_buf;
    out->strides = out->strides_buf;
    out->byte_offset = 0;
    return NB_OK;
}

nb_ref nb_tensor_from_dlpack(nb_vm *vm, const nb_dlpack *dl, nb_release_fn release, void *release_ud)
{
    const char *fn = "nb_tensor_from_dlpack";
    if (!dl)
        return api_noref(api_usage(vm, "%s: the description is NULL", fn));
    if (dl->device.device_type != DL_CPU)
        return api_usage(vm, "%s: device type %d is not the CPU (1)", fn, (int)dl->device.device_type),
               NB_NOREF;
    int dtype = -1;
    for (int i = 0; i < TN_DTYPE_COUNT; i++)
        if (dl_types[i].code == dl->dtype.code && dl_types[i].bits == dl->dtype.bits)
            dtype = i;
    if (dtype < 0 || dl->dtype.lanes != 1)
        return api_usage(vm, "%s: no dtype for DLPack code %d, %d bits, %d lanes", fn, dl->dtype.code,
                         dl->dtype.bits, dl->dtype.lanes),
               NB_NOREF;
    if (check_geometry(vm, fn, dtype, dl->ndim, dl->shape) != NB_OK)
        return NB_NOREF;
    int64_t strides[TN_MAX_DIMS], item = (int64_t)tn_dtype_size((TnDType)dtype);
    for (int d = 0; dl->strides && d < dl->ndim; d++) {
        int64_t s = dl->strides[d];
        if (s > INT64_MAX / item || s < INT64_MIN / item)
            return api_noref(api_usage(vm, "%s: stride %lld overflows", fn, (long long)s));
        strides[d] = s * item;
    }
    char *data = dl->data ? (char *)dl->data + dl->byte_offset : NULL;
    return wrap(vm, fn, data, (nb_dtype)dtype, dl->ndim, dl->shape, dl->strides ? strides : NULL,
                release, release_ud);
}
