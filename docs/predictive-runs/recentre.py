import numpy as np, sys
sys.path.insert(0, "sel"); import codes_file
m = int(sys.argv[1]); d = sys.argv[2]
lx = np.fromfile(f"{d}/test-x.f64", dtype=">f8").reshape(-1, m)
ly = np.fromfile(f"{d}/test-y.f64", dtype=">f8").reshape(-1, m)
n = lx.shape[0]; K = 100
def match(score):
    hits = 0
    for i in range(n):
        s = score[i]; si = s[i]
        rank = np.sum(s > si) + np.sum(s[:i] == si)
        hits += rank < K
    return 100.0 * hits / n
def blocks(f):
    out = np.empty((n, n))
    for a in range(0, n, 1000): out[a:a+1000] = f(slice(a, a+1000))
    return out
def ham(bx, by):
    bx = bx.astype(np.float64); by = by.astype(np.float64)
    return match(blocks(lambda s: -(bx[s] @ (1 - by).T + (1 - bx[s]) @ by.T)))
def lik(lx, by):
    by = by.astype(np.float64)
    return match(blocks(lambda s: lx[s] @ by.T))
bx, by = lx > 0, ly > 0
print("bit means x: min %.3f max %.3f mean|m-.5| %.3f" % (bx.mean(0).min(), bx.mean(0).max(), np.abs(bx.mean(0)-.5).mean()))
print("bit means y: min %.3f max %.3f mean|m-.5| %.3f" % (by.mean(0).min(), by.mean(0).max(), np.abs(by.mean(0)-.5).mean()))
print("hamming", ham(bx, by), "likelihood", lik(lx, by))
med = np.median(ly, axis=0)
cx, cy = lx - med, ly - med
print("recentred on base median: hamming", ham(cx > 0, cy > 0), "likelihood", lik(cx, cy > 0))
medb = np.median(np.vstack([lx, ly]), axis=0)
cx, cy = lx - medb, ly - medb
print("recentred on both: hamming", ham(cx > 0, cy > 0), "likelihood", lik(cx, cy > 0))
