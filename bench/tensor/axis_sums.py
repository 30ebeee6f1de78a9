# sums over axis 0 and over axis 1 of a 2000x2000 float64 matrix.
import time
import numpy as np
m = np.arange(4_000_000, dtype=np.float64).reshape(2000, 2000) * 1e-6
best = 1e9
for _ in range(7):
    t = time.perf_counter()
    r0 = m.sum(axis=0)
    r1 = m.sum(axis=1)
    best = min(best, time.perf_counter() - t)
print(f"{float(r0[7]):.6e} {float(r1[1999]):.6e}")
print(f"time: {best:.6f}")
