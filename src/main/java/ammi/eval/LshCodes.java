package ammi.eval;

import ammi.data.CsrMatrix;

import java.util.Arrays;
import java.util.Random;

/**
 * The LSH baseline of Table 1: m random Gaussian hyperplanes through the origin, code bit i of a
 * document = 1 when its (TF-IDF) vector lies on the positive side of hyperplane i (sign of x W).
 * The same seed gives the same hyperplanes, so train and test docs share one hash.
 */
public final class LshCodes {
    private final int cols;
    private final int bits;
    /** Row-major [cols][bits]: a sparse row touches only the rows of its terms. */
    private final double[] w;

    private LshCodes(int cols, int bits, double[] w) {
        this.cols = cols;
        this.bits = bits;
        this.w = w;
    }

    /** Draws {@code bits} hyperplanes over {@code cols} dimensions, standard normal entries, seeded. */
    public static LshCodes random(int cols, int bits, long seed) {
        if (bits < 1) throw new IllegalArgumentException("code length must be at least 1 bit, got " + bits);
        if (cols < 1) throw new IllegalArgumentException("need at least one column, got " + cols);
        Random rng = new Random(seed);
        double[] w = new double[Math.multiplyExact(cols, bits)];
        for (int i = 0; i < w.length; i++) w[i] = rng.nextGaussian();
        return new LshCodes(cols, bits, w);
    }

    public int bits() {
        return bits;
    }

    /** The codes of every row of {@code x}: bit i = [x W]_i > 0 (a zero vector gets all zeros). */
    public PackedCodes encode(CsrMatrix x) {
        if (x.cols != cols) throw new IllegalArgumentException("matrix has " + x.cols + " columns, hyperplanes " + cols);
        byte[] out = new byte[Math.multiplyExact(x.rows, bits)];
        double[] proj = new double[bits];
        for (int r = 0; r < x.rows; r++) {
            Arrays.fill(proj, 0.0);
            for (int p = x.rowPtr[r]; p < x.rowPtr[r + 1]; p++) {
                double v = x.values[p];
                int at = x.colIdx[p] * bits;
                for (int i = 0; i < bits; i++) proj[i] += v * w[at + i];
            }
            for (int i = 0; i < bits; i++) out[r * bits + i] = (byte) (proj[i] > 0 ? 1 : 0);
        }
        return PackedCodes.fromBits(out, x.rows, bits);
    }
}
