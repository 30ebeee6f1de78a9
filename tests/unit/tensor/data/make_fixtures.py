#!/usr/bin/env python3
"""Regenerates the NumPy-written fixtures that test_io.c reads.

Needs Python 3 with NumPy.  The tests never run this: they read the
committed files, so they do not need NumPy.  Run it from anywhere:

    python3 tests/unit/tensor/data/make_fixtures.py

The values are simple formulas that test_io.c recomputes; keep the two in
step when changing either.
"""
import os
import zipfile

import numpy as np
from numpy.lib import format as npformat

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def main():
    # one file per dtype, C order; values i * 1.5 - 2 (f), i - 3 (i), i % 256 (u8),
    # i % 3 == 0 (bool)
    np.save(path("f64_2x3.npy"), np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5 - 2)
    np.save(path("f32_5.npy"), np.arange(5, dtype=np.float32) * 1.5 - 2)
    np.save(path("i64_0d.npy"), np.array(-7, dtype=np.int64))
    np.save(path("i32_2x3x4.npy"), np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 3)
    np.save(path("u8_10.npy"), (np.arange(10) * 37 % 256).astype(np.uint8))
    np.save(path("bool_7.npy"), np.arange(7) % 3 == 0)
    np.save(path("f64_empty_0x3.npy"), np.zeros((0, 3)))
    # Fortran order: np.save keeps it, fortran_order True in the header
    np.save(path("f64_fortran_3x4.npy"), np.asfortranarray(np.arange(12.0).reshape(3, 4)))
    # big-endian data
    np.save(path("f64_big_endian_4.npy"), (np.arange(4) * 1.5 - 2).astype(">f8"))
    np.save(path("i32_big_endian_2x2.npy"), (np.arange(4).reshape(2, 2) - 3).astype(">i4"))
    # format versions 2.0 and 3.0
    for version in [(2, 0), (3, 0)]:
        with open(path("f64_v%d.npy" % version[0]), "wb") as f:
            npformat.write_array(f, np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5 - 2,
                                 version=version)
    # an unsupported dtype
    np.save(path("i16_3.npy"), np.arange(3, dtype=np.int16))
    # .npz: stored (np.savez) and compressed (np.savez_compressed)
    np.savez(path("arrays.npz"),
             weights=np.arange(6, dtype=np.float64).reshape(2, 3) * 1.5 - 2,
             labels=np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 3,
             mask=np.arange(7) % 3 == 0,
             scalar=np.array(-7, dtype=np.int64))
    np.savez_compressed(path("compressed.npz"), x=np.arange(5.0))
    with zipfile.ZipFile(path("arrays.npz")) as z:
        assert z.testzip() is None


if __name__ == "__main__":
    main()
