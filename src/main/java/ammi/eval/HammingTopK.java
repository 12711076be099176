package ammi.eval;

/**
 * Exact top-K retrieval under Hamming distance, ordered by (distance, base index).
 *
 * <p>Distances are integers in {@code [0, m]}, so a histogram finds the cut-off distance and one
 * stable counting pass in index order places the winners: O(N*W + m) per query, no sorting, and
 * ties are broken by document index (deterministic, unlike torch.topk in the reference code).
 */
public final class HammingTopK {

    private HammingTopK() {}

    private static final ThreadLocal<int[]> HIST = ThreadLocal.withInitial(() -> new int[257]);

    /**
     * Writes the indices of the {@code k} base codes nearest to query {@code q} into {@code out},
     * ordered by (distance, index). {@code dist} is scratch of length at least {@code base.count()}
     * and receives every distance. Returns {@code min(k, base.count())}.
     */
    public static int topK(PackedCodes base, PackedCodes queries, int q, int k, int[] dist, int[] out) {
        int need = base.bits() + 1;
        int[] hist = HIST.get();
        if (hist.length < need) {
            hist = new int[need];
            HIST.set(hist);
        }
        return topK(base, queries, q, k, dist, hist, out);
    }

    /** As above with an explicit histogram scratch of length at least {@code base.bits() + 1}. */
    public static int topK(PackedCodes base, PackedCodes queries, int q, int k, int[] dist, int[] hist, int[] out) {
        int n = base.count(), m = base.bits();
        if (queries.bits() != m) {
            throw new IllegalArgumentException("code lengths differ: base " + m + " vs queries " + queries.bits());
        }
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        int kk = Math.min(k, n);
        if (dist.length < n) throw new IllegalArgumentException("dist scratch too small: " + dist.length + " < " + n);
        if (hist.length < m + 1) throw new IllegalArgumentException("hist scratch too small: " + hist.length + " < " + (m + 1));
        if (out.length < kk) throw new IllegalArgumentException("out too small: " + out.length + " < " + kk);
        if (kk == 0) return 0;

        java.util.Arrays.fill(hist, 0, m + 1, 0);
        distances(base, queries, q, dist, hist);

        // Cut-off D: the smallest distance whose cumulative count reaches kk.
        int below = 0, cut = 0;
        while (below + hist[cut] < kk) below += hist[cut++];
        int takeAtCut = kk - below;

        // Turn hist into write offsets (exclusive prefix sums) so a single index-order pass is a
        // stable counting sort of the winners.
        int run = 0;
        for (int d = 0; d <= cut; d++) {
            int c = hist[d];
            hist[d] = run;
            run += c;
        }
        int cutEnd = below + takeAtCut, filled = 0;
        for (int j = 0; j < n && filled < kk; j++) {
            int d = dist[j];
            if (d < cut) {
                out[hist[d]++] = j;
                filled++;
            } else if (d == cut && hist[cut] < cutEnd) {
                out[hist[cut]++] = j;
                filled++;
            }
        }
        return kk;
    }

    /** Fills {@code dist[j]} = d(query q, base j) and counts them into {@code hist}. */
    static void distances(PackedCodes base, PackedCodes queries, int q, int[] dist, int[] hist) {
        distances(base, queries, q, 0, base.count(), dist, hist);
    }

    /** As above for base codes {@code [lo, hi)} only: one chunk of a parallel scan. */
    static void distances(PackedCodes base, PackedCodes queries, int q, int lo, int hi, int[] dist, int[] hist) {
        int w = base.wordsPerCode();
        long[] b = base.words(), qw = queries.words();
        int qo = q * w;
        if (w == 1) {
            long x = qw[qo];
            for (int j = lo; j < hi; j++) {
                int d = Long.bitCount(x ^ b[j]);
                dist[j] = d;
                hist[d]++;
            }
        } else if (w == 2) {
            long x0 = qw[qo], x1 = qw[qo + 1];
            for (int j = lo, o = 2 * lo; j < hi; j++, o += 2) {
                int d = Long.bitCount(x0 ^ b[o]) + Long.bitCount(x1 ^ b[o + 1]);
                dist[j] = d;
                hist[d]++;
            }
        } else {
            for (int j = lo, o = lo * w; j < hi; j++, o += w) {
                int d = 0;
                for (int t = 0; t < w; t++) d += Long.bitCount(qw[qo + t] ^ b[o + t]);
                dist[j] = d;
                hist[d]++;
            }
        }
    }
}
