# copying the transpose of a 2000x2000 float64 matrix into C order.
import time
import numpy as np
m = np.arange(4_000_000, dtype=np.float64).reshape(2000, 2000)
best = 1e9
for _ in range(7):
    t = time.perf_counter()
    c = np.ascontiguousarray(m.T)
    best = min(best, time.perf_counter() - t)
print(f"{float(c[3, 1999]):.1f}")
print(f"time: {best:.6f}")
