package ammi.eval;

import ammi.util.Parallel;

/**
 * Top-K retrieval precision (the paper's evaluation): for each query, the fraction of its
 * {@code K} Hamming-nearest base documents that share at least one label with it, averaged over
 * queries and reported as a percentage.
 */
public final class RetrievalPrecision {

    private RetrievalPrecision() {}

    /**
     * Mean over queries of (relevant docs among the top {@code K}) / {@code K} * 100, with
     * {@code K = min(k, base.count())} and ties in distance broken by base index. Label lists must
     * be sorted ascending; a doc with no labels is relevant to nothing.
     */
    public static double precisionAtK(PackedCodes queries, int[][] queryLabels, PackedCodes base, int[][] baseLabels, int k) {
        return precisionAtK(queries, queryLabels, base, baseLabels, k, NeighbourSearch.CPU);
    }

    /** As above, with the top-K lists found by {@code search} (a backend's own, e.g. on the GPU). */
    public static double precisionAtK(PackedCodes queries, int[][] queryLabels, PackedCodes base, int[][] baseLabels, int k,
                                      NeighbourSearch search) {
        int nq = queries.count(), nb = base.count(), m = base.bits();
        if (queries.bits() != m) {
            throw new IllegalArgumentException("code lengths differ: queries " + queries.bits() + " vs base " + m);
        }
        if (queryLabels.length != nq) {
            throw new IllegalArgumentException(nq + " query codes but " + queryLabels.length + " query label lists");
        }
        if (baseLabels.length != nb) {
            throw new IllegalArgumentException(nb + " base codes but " + baseLabels.length + " base label lists");
        }
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (nb == 0) throw new IllegalArgumentException("precision@K needs at least one base document");
        if (nq == 0) throw new IllegalArgumentException("precision@K needs at least one query");
        int kk = Math.min(k, nb);

        return precisionOfLists(search.nearest(queries, base, kk), kk, queryLabels, baseLabels);
    }

    /**
     * The precision of given top-K lists (flat [query][rank] base indices, {@code kk} per query):
     * shared by every retrieval that ranks by something other than Hamming distance (the BOW baseline).
     */
    public static double precisionOfLists(int[] top, int kk, int[][] queryLabels, int[][] baseLabels) {
        int nq = queryLabels.length;
        if (kk < 1) throw new IllegalArgumentException("k must be at least 1, got " + kk);
        if (top.length != (long) nq * kk) {
            throw new IllegalArgumentException("expected " + ((long) nq * kk) + " neighbour indices, got " + top.length);
        }
        if (nq == 0) throw new IllegalArgumentException("precision@K needs at least one query");
        // With every label in [0, 64) a share-a-label test is one AND; otherwise merge sorted lists.
        boolean small = checkSorted(queryLabels, "query") & checkSorted(baseLabels, "base");
        long[] qMask = small ? masks(queryLabels) : null;
        long[] bMask = small ? masks(baseLabels) : null;

        int[] hits = new int[nq];
        Parallel.forRange(nq, (long) kk * 4, (lo, hi, worker) -> {
            for (int q = lo; q < hi; q++) {
                int h = 0, at = q * kk;
                if (small) {
                    long qm = qMask[q];
                    for (int r = 0; r < kk; r++) if ((qm & bMask[top[at + r]]) != 0) h++;
                } else {
                    int[] ql = queryLabels[q];
                    for (int r = 0; r < kk; r++) if (shareLabel(ql, baseLabels[top[at + r]])) h++;
                }
                hits[q] = h;
            }
        });
        long total = 0;
        for (int q = 0; q < nq; q++) total += hits[q];
        return 100.0 * total / ((double) nq * kk);
    }

    /** True if two ascending label lists have a common element. */
    static boolean shareLabel(int[] a, int[] b) {
        int i = 0, j = 0;
        while (i < a.length && j < b.length) {
            int x = a[i], y = b[j];
            if (x == y) return true;
            if (x < y) i++;
            else j++;
        }
        return false;
    }

    /** Validates ascending order; returns whether every label lies in [0, 64). */
    private static boolean checkSorted(int[][] labels, String what) {
        boolean small = true;
        for (int d = 0; d < labels.length; d++) {
            int[] l = labels[d];
            if (l == null) throw new IllegalArgumentException(what + " doc " + d + " has a null label list");
            for (int t = 0; t < l.length; t++) {
                if (t > 0 && l[t] < l[t - 1]) {
                    throw new IllegalArgumentException(what + " doc " + d + " labels are not sorted ascending");
                }
                if (l[t] < 0 || l[t] >= 64) small = false;
            }
        }
        return small;
    }

    private static long[] masks(int[][] labels) {
        long[] out = new long[labels.length];
        for (int d = 0; d < labels.length; d++) for (int l : labels[d]) out[d] |= 1L << l;
        return out;
    }
}
