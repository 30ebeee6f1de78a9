/*
 * io.h - tensors in files: NumPy's .npy and .npz (npyio.c), CSV with a
 * header row, and loadtxt (csv.c).
 *
 * .npy files are byte-compatible with NumPy both ways: tn_save_npy writes
 * exactly what np.save writes for the same array (format 1.0), and
 * tn_load_npy reads format 1.0, 2.0 and 3.0 files, little- or big-endian,
 * C or Fortran order, for the dtypes Nabla has ('|b1' '|u1' '<i4' '<i8'
 * '<f4' '<f8').  .npz files are ZIP archives of .npy files; stored
 * (uncompressed) entries are read and written, as np.savez makes them.
 *
 * All file access goes through stdio.  Every failure is TN_ERR_IO (or
 * TN_ERR_MEMORY) with a message that names the file and what is wrong with
 * it (the errno text for system errors); a corrupt or truncated file is
 * reported, never trusted: no read past what the file holds, no allocation
 * larger than the file could fill.
 */
#ifndef NABLA_IO_H
#define NABLA_IO_H

#include "tensor.h"

/* ---- .npy and .npz (npyio.c) */
bool tn_save_npy(TnCtx *ctx, const char *path, const Tensor *t);
Tensor *tn_load_npy(TnCtx *ctx, const char *path);

/* The arrays of an .npz, in archive order; names without ".npy". */
typedef struct TnNpz {
    int count;
    char **names;
    Tensor **arrays;
    int capacity_;      /* private: the lists' allocated length */
} TnNpz;

/* Writes arrays[i] under names[i] (".npy" is appended, as np.savez does). */
bool tn_save_npz(TnCtx *ctx, const char *path, int count, const char *const *names,
                 const Tensor *const *arrays);
TnNpz *tn_load_npz(TnCtx *ctx, const char *path);
/* Frees the list and every array still in it (set arrays[i] to NULL to keep
   one). */
void tn_npz_free(TnCtx *ctx, TnNpz *npz);

typedef enum TnFileKind { TN_FILE_OTHER, TN_FILE_NPY, TN_FILE_NPZ } TnFileKind;
/* What a file is, by its first bytes (for a load() that takes both);
   TN_FILE_OTHER with an error set when it cannot be opened. */
TnFileKind tn_file_kind(TnCtx *ctx, const char *path);

/* ---- CSV and text (csv.c) */
typedef struct TnCsvOptions {
    char delimiter;     /* ',' when 0 */
    bool keep_text;     /* non-numeric columns go to text instead of failing */
} TnCsvOptions;

/*
 * A CSV file read with read_csv: the numeric columns form data, f64 of
 * shape (nrows, ncols), NaN for missing values; names[i] names data[:, i]
 * and col_pos[i] is its position in the file.  With keep_text, the other
 * columns are kept as strings: text[c * nrows + r] is row r of text column
 * c, named text_names[c], at file position text_pos[c].
 */
typedef struct TnCsvTable {
    int64_t nrows;
    int ncols;
    char **names;
    int *col_pos;
    Tensor *data;
    int ntext;
    char **text_names;
    int *text_pos;
    char **text;
    /* private: the storage behind every string */
    char *pool_;
    size_t pool_size_;
} TnCsvTable;

/*
 * The first row names the columns.  Fields follow RFC 4180: a field in
 * double quotes may hold delimiters, newlines and doubled quotes ("").
 * Empty fields and NA, N/A, #N/A, NaN, nan, -nan, NULL, null, None, <NA>
 * are missing (NaN).  Blank lines are skipped, CRLF and a UTF-8 byte-order
 * mark are accepted.  Rows are numbered from the header, which is row 1.
 * Numbers are parsed with strtod, so in the C locale (the default in a
 * program that never calls setlocale).  opts may be NULL.
 */
TnCsvTable *tn_read_csv(TnCtx *ctx, const char *path, const TnCsvOptions *opts);
void tn_csv_free(TnCtx *ctx, TnCsvTable *table);

/* Writes a 1-D (one column) or 2-D tensor with a header row when names is
   not NULL (one name per column); floats in the shortest form that reads
   back exactly, NaN as nan.  delimiter 0 is ','. */
bool tn_write_csv(TnCtx *ctx, const char *path, const char *const *names, const Tensor *t,
                  char delimiter);

/* numpy.loadtxt(path, delimiter=, skiprows=) for numbers: delimiter 0 splits
   on runs of whitespace; '#' starts a comment; skiprows counts every line
   from the top.  As NumPy, the result (f64) is squeezed: one row or one
   column gives a 1-D tensor, a single value a 0-d one. */
Tensor *tn_loadtxt(TnCtx *ctx, const char *path, char delimiter, int64_t skiprows);

#endif
