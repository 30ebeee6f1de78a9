# sum of 10^7 float64 (pairwise summation in both).
import time
import numpy as np
x = np.arange(10_000_000, dtype=np.float64) * 0.1
best = 1e9
for _ in range(7):
    t = time.perf_counter()
    s = x.sum()
    best = min(best, time.perf_counter() - t)
print(f"{float(s):.9e}")
print(f"time: {best:.6f}")
