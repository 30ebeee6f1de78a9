#!/usr/bin/python3
"""Writes the NumPy-made files the io tests read back (run from this folder).

The tests read these committed files; they do not need NumPy to run.
"""
import numpy as np

np.save("numpy_f64_2x3.npy", np.arange(6, dtype=np.float64).reshape(2, 3) / 4)
np.save("numpy_i32_fortran.npy", np.asfortranarray(np.arange(6, dtype=np.int32).reshape(2, 3)))
np.save("numpy_bool.npy", np.array([True, False, True]))
np.save("numpy_f32_0d.npy", np.array(2.5, dtype=np.float32))
np.savez("numpy_pair.npz", w=np.array([[1.0, 2.0]]), b=np.array([3], dtype=np.int64))
