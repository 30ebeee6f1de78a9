# exp of 10^7 float64.
import time
import numpy as np
x = np.linspace(-5.0, 5.0, 10_000_000)
best = 1e9
for _ in range(5):
    t = time.perf_counter()
    y = np.exp(x)
    best = min(best, time.perf_counter() - t)
print(f"{float(y.sum()):.6e}")
print(f"time: {best:.6f}")
