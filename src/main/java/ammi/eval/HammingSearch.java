package ammi.eval;

import ammi.util.Parallel;

import java.util.Arrays;

/**
 * One query at a time against a large base of codes (the {@code search} and {@code neighbors}
 * commands), on all cores: {@link HammingTopK}'s histogram method with the base cut into
 * contiguous chunks, one per thread.
 *
 * <p>{@link #scan} computes every distance and a histogram per chunk. The results keep
 * HammingTopK's order, (distance, base index): a document at distance d in chunk c goes after
 * every closer document and after the documents at distance d in earlier chunks, so each chunk
 * knows its write offsets from the histograms alone and places its winners without locking.
 * An instance holds the scratch (4 bytes per base code) and is not thread-safe.
 */
public final class HammingSearch {
    /** Marks the excluded document: farther than any real distance, so never counted nor placed. */
    private static final int EXCLUDED = Integer.MAX_VALUE;

    private final PackedCodes base;
    private final int n, m;
    private final int[] dist;
    /** Per chunk: its range and its histogram of distances; chunks are in base order. */
    private int[] chunkLo = new int[0], chunkHi = new int[0];
    private int[][] chunkHist = new int[0][];
    private int chunks;
    /** Histogram over all chunks. */
    private final int[] hist;
    private boolean scanned;

    public HammingSearch(PackedCodes base) {
        this.base = base;
        this.n = base.count();
        this.m = base.bits();
        this.dist = new int[n];
        this.hist = new int[m + 1];
    }

    public PackedCodes base() {
        return base;
    }

    /**
     * Computes the distance from code {@code q} of {@code queries} to every base code. Base code
     * {@code exclude} (the query itself when it is an indexed document; -1 for none) takes no part
     * in later results.
     */
    public void scan(PackedCodes queries, int q, int exclude) {
        if (queries.bits() != m) {
            throw new IllegalArgumentException("code lengths differ: base " + m + " vs query " + queries.bits());
        }
        if (q < 0 || q >= queries.count()) throw new IndexOutOfBoundsException("query " + q + " of " + queries.count());
        if (exclude >= n) throw new IndexOutOfBoundsException("excluded code " + exclude + " of " + n);
        int t = Parallel.threads();
        if (chunkHist.length < t) {
            chunkLo = new int[t];
            chunkHi = new int[t];
            chunkHist = new int[t][m + 1];
        }
        Arrays.fill(chunkHi, -1);
        // Parallel hands worker c the c-th contiguous chunk (or worker 0 everything when n is small).
        Parallel.forRange(n, base.wordsPerCode(), (lo, hi, worker) -> {
            int[] h = chunkHist[worker];
            Arrays.fill(h, 0);
            HammingTopK.distances(base, queries, q, lo, hi, dist, h);
            chunkLo[worker] = lo;
            chunkHi[worker] = hi;
        });
        chunks = 0;
        while (chunks < chunkHi.length && chunkHi[chunks] >= 0) chunks++;
        if (exclude >= 0) {
            chunkHist[chunkOf(exclude)][dist[exclude]]--;
            dist[exclude] = EXCLUDED;
        }
        Arrays.fill(hist, 0);
        for (int c = 0; c < chunks; c++) for (int d = 0; d <= m; d++) hist[d] += chunkHist[c][d];
        scanned = true;
    }

    private int chunkOf(int j) {
        for (int c = 0; c < chunks; c++) if (j < chunkHi[c]) return c;
        throw new IllegalStateException("code " + j + " in no chunk");
    }

    private void checkScanned() {
        if (!scanned) throw new IllegalStateException("scan a query first");
    }

    /** Distance from the last query to base code {@code j} (meaningless for the excluded one). */
    public int distance(int j) {
        checkScanned();
        return dist[j];
    }

    /** Number of base codes at distance {@code d} from the last query. */
    public int countAt(int d) {
        checkScanned();
        return hist[d];
    }

    /**
     * Writes the {@code min(k, candidates)} base codes nearest to the last query into {@code out},
     * ordered by (distance, index), and returns how many.
     */
    public int topK(int k, int[] out) {
        checkScanned();
        if (k < 0) throw new IllegalArgumentException("k must be >= 0, got " + k);
        int candidates = 0;
        for (int d = 0; d <= m; d++) candidates += hist[d];
        int kk = Math.min(k, candidates);
        if (out.length < kk) throw new IllegalArgumentException("out too small: " + out.length + " < " + kk);
        if (kk == 0) return 0;

        // Cut-off D: the smallest distance whose cumulative count reaches kk (as in HammingTopK).
        int below = 0, cut = 0;
        while (below + hist[cut] < kk) below += hist[cut++];
        int atCutLeft = kk - below;

        // Per chunk: where its first winner at each distance <= D goes, how many it places in
        // all, and how many of those are at D (the quota at D goes to earlier chunks first).
        int[][] offset = new int[chunks][cut + 1];
        int[] quota = new int[chunks], atCut = new int[chunks];
        int start = 0;
        for (int d = 0; d <= cut; d++) {
            for (int c = 0; c < chunks; c++) {
                offset[c][d] = start;
                int take = d < cut ? chunkHist[c][d] : Math.min(chunkHist[c][d], atCutLeft);
                if (d == cut) {
                    atCutLeft -= take;
                    atCut[c] = take;
                }
                quota[c] += take;
                start += take;
            }
        }
        int cs = chunks, cutoff = cut;
        // One task per chunk: the cost hint is only there to make Parallel split even two items.
        Parallel.forRange(cs, Long.MAX_VALUE / Math.max(1, cs), (lo, hi, worker) -> {
            for (int c = lo; c < hi; c++) place(c, cutoff, offset[c], quota[c], atCut[c], out);
        });
        return kk;
    }

    /** One chunk's stable counting pass: its winners, in index order, at their offsets. */
    private void place(int c, int cut, int[] offset, int quota, int atCut, int[] out) {
        int placed = 0, placedAtCut = 0;
        for (int j = chunkLo[c], hi = chunkHi[c]; j < hi && placed < quota; j++) {
            int d = dist[j];
            if (d < cut) {
                out[offset[d]++] = j;
                placed++;
            } else if (d == cut && placedAtCut < atCut) {
                out[offset[cut]++] = j;
                placedAtCut++;
                placed++;
            }
        }
    }

    /**
     * The base code nearest to the last query among those at distance {@code >= d} (the paper's
     * Table 2: "a document at distance d or more"), ties by index; -1 if there is none.
     */
    public int nearestAtLeast(int d) {
        checkScanned();
        if (d < 0) throw new IllegalArgumentException("distance must be >= 0, got " + d);
        int e = d;
        while (e <= m && hist[e] == 0) e++;
        if (e > m) return -1;
        for (int c = 0; c < chunks; c++) {
            if (chunkHist[c][e] == 0) continue;
            for (int j = chunkLo[c]; j < chunkHi[c]; j++) if (dist[j] == e) return j;
        }
        throw new IllegalStateException("histogram and distances disagree at distance " + e);
    }
}
