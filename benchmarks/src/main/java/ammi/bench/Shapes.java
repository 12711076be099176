package ammi.bench;

import ammi.data.CsrMatrix;

import java.util.SplittableRandom;

/** Shared helpers: the (o, r) parameter, random logits, a synthetic TF-IDF-like corpus. */
final class Shapes {
    private Shapes() {}

    /** The grid; @Param values must be compile-time constants, so the classes repeat them. */
    static final String BATCHES = "16,128,1024,4096";

    /** Order of the posterior p (o) from an "o/r" parameter. */
    static int o(String orders) {
        return Integer.parseInt(orders.substring(0, orders.indexOf('/')));
    }

    /** Order of the prior q (r) from an "o/r" parameter. */
    static int r(String orders) {
        return Integer.parseInt(orders.substring(orders.indexOf('/') + 1));
    }

    /** Logits in (-3, 3): conditionals away from 0 and 1, as in a partly trained model. */
    static double[] logits(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.nextDouble(-3, 3);
        return x;
    }

    /** Vocabulary and document length of the synthetic corpus (close to 20news after preprocessing). */
    static final int VOCAB = 10_000, NNZ_PER_DOC = 80;

    /**
     * {@code rows} documents of {@link #NNZ_PER_DOC} distinct terms each, drawn with a skewed
     * (roughly Zipf) frequency so that batches share rows of the weight matrix, with positive
     * L2-normalised weights.
     */
    static CsrMatrix corpus(int rows, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] rowPtr = new int[rows + 1];
        int[] col = new int[rows * NNZ_PER_DOC];
        double[] val = new double[rows * NNZ_PER_DOC];
        boolean[] seen = new boolean[VOCAB];
        int[] picked = new int[NNZ_PER_DOC];
        for (int d = 0; d < rows; d++) {
            int k = 0;
            while (k < NNZ_PER_DOC) {
                // u^3 skews the draw towards small term ids, like a frequency-sorted vocabulary
                double u = rng.nextDouble();
                int t = (int) (u * u * u * VOCAB);
                if (seen[t]) continue;
                seen[t] = true;
                picked[k++] = t;
            }
            java.util.Arrays.sort(picked);
            double norm = 0;
            for (int j = 0; j < NNZ_PER_DOC; j++) {
                seen[picked[j]] = false;
                double v = 0.5 + rng.nextDouble();
                col[d * NNZ_PER_DOC + j] = picked[j];
                val[d * NNZ_PER_DOC + j] = v;
                norm += v * v;
            }
            double inv = 1.0 / Math.sqrt(norm);
            for (int j = 0; j < NNZ_PER_DOC; j++) val[d * NNZ_PER_DOC + j] *= inv;
            rowPtr[d + 1] = (d + 1) * NNZ_PER_DOC;
        }
        return new CsrMatrix(rows, VOCAB, rowPtr, col, val);
    }
}
