package ammi.eval;

import ammi.data.CsrMatrix;
import ammi.util.Parallel;

import java.util.Arrays;

/**
 * The BOW baseline of Table 1: exact top-K retrieval by cosine similarity of the (TF-IDF)
 * vectors, ties by base index. Dot products go through an inverted index of the base (its CSC
 * form), adding the terms of each query in increasing column order; a bounded heap keeps the
 * K best, so a query costs its postings plus one pass over the base.
 */
public final class BowRetrieval {
    private BowRetrieval() {}

    /** Top-K precision of {@code queries} against {@code base}, as {@link RetrievalPrecision} counts it. */
    public static double precisionAtK(CsrMatrix queries, int[][] queryLabels, CsrMatrix base, int[][] baseLabels, int k) {
        if (queryLabels.length != queries.rows) {
            throw new IllegalArgumentException(queries.rows + " queries but " + queryLabels.length + " query label lists");
        }
        if (baseLabels.length != base.rows) {
            throw new IllegalArgumentException(base.rows + " base docs but " + baseLabels.length + " base label lists");
        }
        int kk = Math.min(k, base.rows);
        return RetrievalPrecision.precisionOfLists(nearest(queries, base, k), kk, queryLabels, baseLabels);
    }

    /**
     * Flat [query][rank] indices of the {@code min(k, base.rows)} base rows most similar to each
     * query, ordered by (cosine descending, index ascending); a zero vector has cosine 0 to everything.
     */
    public static int[] nearest(CsrMatrix queries, CsrMatrix base, int k) {
        if (queries.cols != base.cols) {
            throw new IllegalArgumentException("queries have " + queries.cols + " columns but base has " + base.cols);
        }
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (base.rows == 0) throw new IllegalArgumentException("top-K needs at least one base document");
        int nq = queries.rows, nb = base.rows, v = base.cols, kk = Math.min(k, nb);
        CsrMatrix inverted = base.transpose(); // term -> the documents holding it, in order
        int[] colPtr = inverted.rowPtr, rowIdx = inverted.colIdx;
        double[] vals = inverted.values;
        double[] nx = BowMatching.norms(queries), ny = BowMatching.norms(base);
        int[] top = new int[nq * kk];
        long cost = nb + 4L * base.nnz() / Math.max(1, v) * (queries.nnz() / Math.max(1, nq));
        Parallel.forRange(nq, Math.max(1, cost), (lo, hi, worker) -> {
            double[] acc = new double[nb], score = new double[nb];
            int[] heap = new int[kk];
            for (int q = lo; q < hi; q++) {
                Arrays.fill(acc, 0.0);
                for (int p = queries.rowPtr[q]; p < queries.rowPtr[q + 1]; p++) {
                    int c = queries.colIdx[p];
                    double xv = queries.values[p];
                    for (int t = colPtr[c]; t < colPtr[c + 1]; t++) acc[rowIdx[t]] += xv * vals[t];
                }
                for (int j = 0; j < nb; j++) score[j] = BowMatching.cosine(acc[j], nx[q], ny[j]);
                TopScores.topOf(score, kk, heap);
                System.arraycopy(heap, 0, top, q * kk, kk);
            }
        });
        return top;
    }
}
