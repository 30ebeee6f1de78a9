# a*2.0 + b on 10^7 float64: one multiply and one add per element.
import time
import numpy as np
n = 10_000_000
a = np.arange(n, dtype=np.float64) * 1e-7
b = np.ones(n)
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    c = a * 2.0 + b
    best = min(best, time.perf_counter() - t)
print(f"{float(c.sum()):.6e}")
print(f"time: {best:.6f}")
