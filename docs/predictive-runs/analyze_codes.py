# Throwaway: bit statistics of a predictive model's test codes (encode --side y / x --split test).
import numpy as np, sys
from codes_file import read
y = read(sys.argv[1]); x = read(sys.argv[2]); n, m = y.shape
mean = y.mean(0)
c = np.corrcoef(y.T.astype(float))
off = np.abs(c[np.triu_indices(m, 1)])
pr = m * m / np.sum(c * c)
print(f"n {n} m {m}; bit means {mean.min():.3f}..{mean.max():.3f}; mean |corr| {off.mean():.4f}; pairs |corr|>0.5: {(off > 0.5).sum()}, >0.3: {(off > 0.3).sum()}")
print(f"participation ratio {pr:.1f} of {m}")
ev = np.sort(np.linalg.eigvalsh(c))[::-1]
print("top eigenvalues", np.round(ev[:8], 2), "smallest", np.round(ev[-4:], 3))
# per-bit agreement between the halves of a test pair
agree = (x == y).mean(0)
print(f"per-bit agreement of partners: mean {agree.mean():.3f} min {agree.min():.3f} max {agree.max():.3f}")
d = (x[:, None, :] != y[None, :, :]).sum(2) if n * n * m < 2e9 else None
if d is not None:
    part = np.diag(d)
    rank = (d < part[:, None]).sum(1)          # candidates strictly closer than the partner
    ties = (d == part[:, None]).sum(1) - 1      # others at the partner's distance
    print(f"partner distance mean {part.mean():.2f}; random {d.mean():.2f}")
    print(f"strictly closer than partner: median {np.median(rank):.0f}; rank<100 (ignoring ties) {(rank < 100).mean()*100:.2f}%")
    fail = rank + ties >= 100
    print(f"fail share where ties matter: {((rank < 100) & fail).mean()*100:.2f}% of pairs")
    for q in [50, 75, 90, 95]:
        print(f"  {q}th pct of rank: {np.percentile(rank, q):.0f}")
