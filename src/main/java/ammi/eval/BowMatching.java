package ammi.eval;

import ammi.data.CsrMatrix;
import ammi.util.Parallel;

/**
 * The bag-of-words baseline of predictive hashing: top-K matching precision under cosine
 * similarity of the (TF-IDF) vectors. Row i of {@code x} queries every row of {@code y}; a hit
 * when {@code y_i} ranks among the K = min(k, n) most similar, ties by index (as
 * {@link MatchingPrecision#matchingAtK}). Dot products go through an inverted index of {@code y}
 * (its CSC form), adding the terms of each x row in increasing column order.
 */
public final class BowMatching {
    private BowMatching() {}

    public static double matchingAtK(CsrMatrix x, CsrMatrix y, int k) {
        int n = x.rows;
        if (y.rows != n) throw new IllegalArgumentException("x has " + n + " rows but y has " + y.rows);
        if (x.cols != y.cols) throw new IllegalArgumentException("x has " + x.cols + " columns but y has " + y.cols);
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (n == 0) throw new IllegalArgumentException("matching@K needs at least one pair");
        int kk = Math.min(k, n), v = y.cols;
        CsrMatrix inverted = y.transpose(); // term -> the documents holding it, in order
        int[] colPtr = inverted.rowPtr, rowIdx = inverted.colIdx;
        double[] vals = inverted.values;
        double[] ny = norms(y);
        double[] nx = norms(x);
        boolean[] hit = new boolean[n];
        long cost = Math.max(1, n + 4L * y.nnz() / Math.max(1, v) * (x.nnz() / Math.max(1, n)));
        Parallel.forRange(n, cost, (lo, hi, worker) -> {
            double[] acc = new double[n];
            for (int i = lo; i < hi; i++) {
                java.util.Arrays.fill(acc, 0.0);
                for (int p = x.rowPtr[i]; p < x.rowPtr[i + 1]; p++) {
                    int c = x.colIdx[p];
                    double xv = x.values[p];
                    for (int q = colPtr[c]; q < colPtr[c + 1]; q++) acc[rowIdx[q]] += xv * vals[q];
                }
                double si = cosine(acc[i], nx[i], ny[i]);
                int rank = 0;
                for (int j = 0; j < n && rank < kk; j++) {
                    double s = cosine(acc[j], nx[i], ny[j]);
                    if (s > si || (s == si && j < i)) rank++;
                }
                hit[i] = rank < kk;
            }
        });
        int c = 0;
        for (boolean h : hit) if (h) c++;
        return 100.0 * c / n;
    }

    /** dot / (|x| |y|), 0 when either vector is zero. */
    static double cosine(double dot, double nx, double ny) {
        double d = nx * ny;
        return d == 0 ? 0.0 : dot / d;
    }

    static double[] norms(CsrMatrix a) {
        double[] out = new double[a.rows];
        for (int r = 0; r < a.rows; r++) {
            double s = 0;
            for (int p = a.rowPtr[r]; p < a.rowPtr[r + 1]; p++) s += a.values[p] * a.values[p];
            out[r] = Math.sqrt(s);
        }
        return out;
    }
}
