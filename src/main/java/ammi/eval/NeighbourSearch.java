package ammi.eval;

import ammi.util.Parallel;

/**
 * Exact top-K under Hamming distance for a set of queries: for each query the indices of the
 * {@code k} nearest base codes, ordered by (distance, base index). A backend may bring its own
 * (the GPU's histogram kernel); every implementation returns exactly the same lists.
 */
@FunctionalInterface
public interface NeighbourSearch {
    /** Flat [query][rank] indices, {@code k <= base.count()} per query. */
    int[] nearest(PackedCodes queries, PackedCodes base, int k);

    /** The CPU's: {@link HammingTopK} per query, queries spread over the cores. */
    NeighbourSearch CPU = (queries, base, k) -> {
        int nq = queries.count(), nb = base.count(), m = base.bits();
        if (k > nb) throw new IllegalArgumentException("k = " + k + " exceeds the " + nb + " base codes");
        int[] top = new int[nq * k];
        Parallel.forRange(nq, (long) nb * base.wordsPerCode() + k, (lo, hi, worker) -> {
            int[] dist = new int[nb], hist = new int[m + 1], out = new int[k];
            for (int q = lo; q < hi; q++) {
                HammingTopK.topK(base, queries, q, k, dist, hist, out);
                System.arraycopy(out, 0, top, q * k, k);
            }
        });
        return top;
    };
}
