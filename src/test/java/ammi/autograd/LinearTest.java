package ammi.autograd;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Linear's copied-row loops against the plain triple loops (the layer as first written), to the
 * bit: each output and gradient entry must add the same terms in the same order. Row counts
 * change between calls (the scratch rows are reused or regrown), inputs have exact zeros (skipped
 * as post-ReLU), gradients accumulate onto non-zero values, and the parallel split is forced on.
 */
class LinearTest {
    static final int IN = 7, OUT = 19, MAX = 40;

    @Test
    void matchesThePlainLoopsBitForBit() {
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreadsSplittingAll(threads);
                SplittableRandom rng = new SplittableRandom(5);
                Linear layer = new Linear("l", IN, OUT, MAX);
                Init.uniform(layer.weight, 0.7, rng);
                Init.uniform(layer.bias, 0.7, rng);
                for (int rows : new int[] {3, MAX, 1, 17}) check(layer, rows, rng);
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    private static void check(Linear layer, int rows, SplittableRandom rng) {
        double[] w = layer.weight.value, b = layer.bias.value;
        Tensor x = new Tensor("x", rows, IN);
        for (int k = 0; k < x.value.length; k++) x.value[k] = rng.nextInt(4) == 0 ? 0.0 : rng.nextDouble(-1, 1);
        for (int k = 0; k < x.grad.length; k++) x.grad[k] = rng.nextDouble(-1, 1); // gradients accumulate
        for (int k = 0; k < w.length; k++) layer.weight.grad[k] = rng.nextDouble(-1, 1);
        for (int k = 0; k < b.length; k++) layer.bias.grad[k] = rng.nextDouble(-1, 1);
        double[] dy = new double[rows * OUT];
        for (int k = 0; k < dy.length; k++) dy[k] = rng.nextDouble(-1, 1);

        // the plain loops
        double[] y = new double[rows * OUT], dx = x.grad.clone(), dw = layer.weight.grad.clone(), db = layer.bias.grad.clone();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(b, 0, y, r * OUT, OUT);
            for (int i = 0; i < IN; i++) {
                double a = x.value[r * IN + i];
                if (a == 0.0) continue;
                for (int j = 0; j < OUT; j++) y[r * OUT + j] += a * w[i * OUT + j];
            }
        }
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < IN; i++) {
                double s = 0.0;
                for (int j = 0; j < OUT; j++) s += dy[r * OUT + j] * w[i * OUT + j];
                dx[r * IN + i] += s;
            }
        for (int i = 0; i < IN; i++)
            for (int r = 0; r < rows; r++) {
                double a = x.value[r * IN + i];
                if (a == 0.0) continue;
                for (int j = 0; j < OUT; j++) dw[i * OUT + j] += a * dy[r * OUT + j];
            }
        for (int r = 0; r < rows; r++) for (int j = 0; j < OUT; j++) db[j] += dy[r * OUT + j];

        Tape tape = new Tape();
        Tensor out = layer.forward(tape, x);
        double[] got = java.util.Arrays.copyOf(out.value, rows * OUT);
        assertArrayEquals(y, got, 0.0, "forward, " + rows + " rows");
        System.arraycopy(dy, 0, out.grad, 0, dy.length);
        tape.backwardSeeded();
        assertArrayEquals(dx, x.grad, 0.0, "dX, " + rows + " rows");
        assertArrayEquals(dw, layer.weight.grad, 0.0, "dW, " + rows + " rows");
        assertArrayEquals(db, layer.bias.grad, 0.0, "db, " + rows + " rows");
    }
}
