package ammi.autograd;

import ammi.data.CsrMatrix;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

final class TestUtil {
    static final double H = 1e-6;
    static final double REL_TOL = 1e-6;

    private TestUtil() {}

    /** A random CSR matrix; rows listed in {@code empty} get no nonzeros. */
    static CsrMatrix randomCsr(int rows, int cols, int maxNnz, SplittableRandom rng, int... empty) {
        int[] ptr = new int[rows + 1];
        int[] nnzs = new int[rows];
        for (int r = 0; r < rows; r++) {
            boolean isEmpty = false;
            for (int e : empty) isEmpty |= e == r;
            nnzs[r] = isEmpty ? 0 : 1 + rng.nextInt(maxNnz);
            ptr[r + 1] = ptr[r] + nnzs[r];
        }
        int[] ci = new int[ptr[rows]];
        double[] v = new double[ptr[rows]];
        for (int k = 0; k < ci.length; k++) {
            ci[k] = rng.nextInt(cols);
            v[k] = 0.5 + 2.0 * rng.nextDouble();
        }
        return new CsrMatrix(rows, cols, ptr, ci, v);
    }

    static double[] randomArray(int n, SplittableRandom rng) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = 2.0 * rng.nextDouble() - 1.0;
        return a;
    }

    /** Random values with |x| >= 0.1, away from the ReLU kink. */
    static void fillAwayFromZero(Tensor t, SplittableRandom rng) {
        for (int i = 0; i < t.value.length; i++) {
            double u = 0.1 + rng.nextDouble();
            t.value[i] = rng.nextBoolean() ? u : -u;
        }
    }

    /**
     * Compares {@code analytic} with central differences of {@code loss} over the active entries
     * of {@code t}; {@code loss} must recompute the forward pass from {@code t.value}.
     */
    static void checkGradient(Tensor t, double[] analytic, DoubleSupplier loss) {
        int checked = 0;
        for (int i = 0; i < t.size(); i++) {
            double saved = t.value[i];
            t.value[i] = saved + H;
            double up = loss.getAsDouble();
            t.value[i] = saved - H;
            double down = loss.getAsDouble();
            t.value[i] = saved;
            double numeric = (up - down) / (2 * H);
            double diff = Math.abs(numeric - analytic[i]);
            double scale = Math.max(1e-3, Math.max(Math.abs(numeric), Math.abs(analytic[i])));
            assertTrue(diff <= REL_TOL * scale,
                    t.name + "[" + i + "]: analytic " + analytic[i] + " vs numeric " + numeric);
            checked++;
        }
        assertTrue(checked > 0);
    }
}
