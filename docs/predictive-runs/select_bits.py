# Throwaway: choose 64 of a 128-bit model's bits on validation only (backward elimination,
# validation X against validation Y plus the training Y articles as distractors, ties by index),
# then score the chosen bits once on test (X against Y, 7466 pairs).
import numpy as np, sys, time
from codes_file import read
vx, vy, ty = read("validation-x.bin"), read("validation-y.bin"), read("train-y.bin")
tx, tyy = read("test-x.bin"), read("test-y.bin")
pool = np.concatenate([vy, ty])            # validation Y first: partner of query i is pool[i]
n, N = len(vx), len(pool)
lower = np.arange(N)[None, :] < np.arange(n)[:, None]
def score(D, k=100):
    dp = D[np.arange(n), np.arange(n)][:, None]
    ahead = (D < dp).sum(1) + ((D == dp) & lower).sum(1)
    return 100.0 * (ahead < k).mean()
def diff(b):
    return (vx[:, b][:, None] != pool[:, b][None, :]).astype(np.int16)
def test_match(bits, k=100):
    x, y = tx[:, bits], tyy[:, bits]; hits = 0
    for s in range(0, len(x), 500):
        d = (x[s:s+500, None, :] != y[None, :, :]).sum(2)
        for r in range(d.shape[0]):
            j = s + r; dp = d[r, j]
            hits += (d[r] < dp).sum() + (d[r, :j] == dp).sum() < k
    return 100.0 * hits / len(x)
keep = list(range(vx.shape[1]))
D = np.zeros((n, N), dtype=np.int16)
for b in keep: D += diff(b)
print(f"all {len(keep)} bits: validation {score(D):.2f}", flush=True)
t0 = time.time()
target = int(sys.argv[1]) if len(sys.argv) > 1 else 64
while len(keep) > target:
    best = None
    for b in keep:
        s = score(D - diff(b))
        if best is None or s > best[0]: best = (s, b)
    D -= diff(best[1]); keep.remove(best[1])
    print(f"{len(keep)} bits: validation {best[0]:.2f} (dropped bit {best[1]}, {time.time()-t0:.0f} s)", flush=True)
print("kept", keep)
print(f"test match@100 with the {len(keep)} kept bits: {test_match(keep):.2f}")
print(f"test match@100 with the first {target} bits: {test_match(list(range(target))):.2f}")
rng = np.random.default_rng(1)
print(f"test match@100 with {target} random bits: {test_match(sorted(rng.choice(vx.shape[1], target, replace=False))):.2f}")
print(f"test match@100 with all bits: {test_match(list(range(vx.shape[1]))):.2f}")
