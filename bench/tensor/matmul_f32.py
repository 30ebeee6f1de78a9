# 1000x1000 @ 1000x1000 in float32 (OpenBLAS in both); GFLOP/s = 2e9 / time.
import time
import numpy as np
a = (np.arange(1_000_000, dtype=np.float32).reshape(1000, 1000) % 7) * 0.25
b = (np.arange(1_000_000, dtype=np.float32).reshape(1000, 1000) % 5) * 0.5
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    c = a @ b
    best = min(best, time.perf_counter() - t)
print(f"{float(c[10, 20]):.2f} {float(c[999, 0]):.2f}")
print(f"time: {best:.6f}")
