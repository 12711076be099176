# Throwaway: top-100 matching precision of saved codes (encode --side x / y) on subsets of the pool,
# ties broken by index as the engine does.
import numpy as np, sys
from codes_file import read
def match(x, y, k=100):
    n = len(x); hits = 0
    for s in range(0, n, 500):
        d = (x[s:s+500, None, :] != y[None, :, :]).sum(2)
        for r in range(d.shape[0]):
            j = s + r; dp = d[r, j]
            ahead = (d[r] < dp).sum() + (d[r, :j] == dp).sum()
            hits += ahead < k
    return 100.0 * hits / n
x = read(sys.argv[1]); y = read(sys.argv[2])
print(f"full pool {len(x)}: {match(x, y):.2f}")
for f in sys.argv[3:]:
    idx = np.array([int(l) for l in open(f)])
    print(f"{f} ({len(idx)}): {match(x[idx], y[idx]):.2f}")
