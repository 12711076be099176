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
                topOf(score, kk, heap);
                System.arraycopy(heap, 0, top, q * kk, kk);
            }
        });
        return top;
    }

    /** Fills {@code out} with the {@code out.length} best indices of {@code score}, best first. */
    static void topOf(double[] score, int kk, int[] out) {
        // Min-heap on "goodness": the root is the worst of the kept, replaced when a better one comes.
        int size = 0;
        for (int j = 0; j < score.length; j++) {
            if (size < kk) {
                out[size] = j;
                siftUp(out, size++, score);
            } else if (better(j, out[0], score)) {
                out[0] = j;
                siftDown(out, 0, kk, score);
            }
        }
        // Heap-sort in place: pop the worst to the end, leaving the best first.
        for (int end = kk - 1; end > 0; end--) {
            int t = out[0];
            out[0] = out[end];
            out[end] = t;
            siftDown(out, 0, end, score);
        }
    }

    /** Higher cosine first; equal cosines by lower index. */
    private static boolean better(int a, int b, double[] s) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    private static void siftUp(int[] h, int i, double[] s) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(h[parent], h[i], s)) break;
            int t = h[parent];
            h[parent] = h[i];
            h[i] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] h, int i, int size, double[] s) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < size && better(h[worst], h[l], s)) worst = l;
            if (r < size && better(h[worst], h[r], s)) worst = r;
            if (worst == i) return;
            int t = h[worst];
            h[worst] = h[i];
            h[i] = t;
            i = worst;
        }
    }
}
