# (2000,1) + (1,2000): broadcasting a column against a row.
import time
import numpy as np
col = np.arange(2000, dtype=np.float64).reshape(2000, 1)
row = np.arange(2000, dtype=np.float64).reshape(1, 2000) * 0.5
best = 1e9
for _ in range(7):
    t = time.perf_counter()
    r = col + row
    best = min(best, time.perf_counter() - t)
print(f"{float(r[1999, 1999]):.3f} {float(r[3, 5]):.3f}")
print(f"time: {best:.6f}")
