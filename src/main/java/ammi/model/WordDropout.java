package ammi.model;

import ammi.data.CsrMatrix;

/**
 * Word dropout on the encoder's input: each non-zero of a training row is zeroed with
 * probability p, and the survivors are scaled by 1 / (1 - p) so that a row's expected value is
 * unchanged (inverted dropout; evaluation uses the rows as they are).
 *
 * <p>The mask is a hash of (seed, stream, step, document, column), not a draw from a sequential
 * generator, so it does not depend on thread count or on the order in which entries are visited,
 * and a GPU kernel can compute the same mask entry by entry. {@code stream} separates the two
 * encoders of predictive hashing (0 = Y articles, 1 = X articles).
 */
public final class WordDropout {
    private WordDropout() {}

    /** The rows docs[0..count) of x, masked: a count-row matrix, row k for document docs[k]. */
    public static CsrMatrix batch(CsrMatrix x, int[] docs, int count, double p, long seed, int stream, long step) {
        int nnz = 0;
        for (int k = 0; k < count; k++) nnz += x.rowNnz(docs[k]);
        int[] rowPtr = new int[count + 1];
        int[] cols = new int[nnz];
        double[] vals = new double[nnz];
        double scale = 1.0 / (1.0 - p);
        long base = key(seed, stream, step);
        int at = 0;
        for (int k = 0; k < count; k++) {
            int doc = docs[k];
            for (int q = x.rowPtr[doc]; q < x.rowPtr[doc + 1]; q++) {
                if (!keeps(base, doc, x.colIdx[q], p)) continue;
                cols[at] = x.colIdx[q];
                vals[at] = x.values[q] * scale;
                at++;
            }
            rowPtr[k + 1] = at;
        }
        return new CsrMatrix(count, x.cols, rowPtr, java.util.Arrays.copyOf(cols, at), java.util.Arrays.copyOf(vals, at));
    }

    /** The per-step part of the hash, shared by every entry of the batch (the CUDA kernels get it from here). */
    public static long key(long seed, int stream, long step) {
        return mix(mix(seed + 0x9E3779B97F4A7C15L * (stream + 1)) + step);
    }

    /** Whether entry (doc, col) survives: a uniform in [0, 1) from the hash is at least p. */
    public static boolean keeps(long key, int doc, int col, double p) {
        long h = mix(key + (((long) doc << 32) | (col & 0xFFFFFFFFL)));
        return (h >>> 11) * 0x1.0p-53 >= p;
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection with full avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
