package ammi.autograd;

import ammi.data.CsrMatrix;
import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer's fast path: the sparse-row norm and clipping fused into Adam equal the plain ones. */
class FusedClipTest {

    private static double naiveNorm(List<Tensor> params) {
        double s = 0;
        for (Tensor t : params) for (int k = 0; k < t.size(); k++) s += t.grad[k] * t.grad[k];
        return Math.sqrt(s);
    }

    private static SparseLinear layerWithGradient(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int v = 3000, out = 24, docs = 9;
        SparseLinear layer = new SparseLinear("in", v, out, docs);
        Init.uniform(layer.weight, 0.5, rng);
        int[] ptr = new int[docs + 1];
        int[] cols = new int[docs * 40];
        double[] vals = new double[docs * 40];
        for (int d = 0; d < docs; d++) {
            for (int k = 0; k < 40; k++) {
                cols[d * 40 + k] = (k * 71 + d * 13) % v;
                vals[d * 40 + k] = rng.nextDouble();
            }
            java.util.Arrays.sort(cols, d * 40, d * 40 + 40);
            ptr[d + 1] = (d + 1) * 40;
        }
        CsrMatrix x = new CsrMatrix(docs, v, ptr, cols, vals);
        int[] rows = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        Tape tape = new Tape();
        Tensor y = layer.forward(tape, x, rows, docs);
        double[] c = new double[y.size()];
        for (int k = 0; k < c.length; k++) c[k] = rng.nextDouble(-1, 1);
        tape.backward(Ops.weightedSum(tape, y, c));
        return layer;
    }

    @Test
    void sparseRowNormEqualsDenseNorm() {
        SparseLinear layer = layerWithGradient(3);
        assertTrue(layer.weight.gradRowCount() > 0 && layer.weight.gradRowCount() < 3000,
                "the hint lists only the touched rows: " + layer.weight.gradRowCount());
        double expected = naiveNorm(layer.parameters());
        assertEquals(expected, GradClip.norm(layer.parameters()), 1e-12 * expected);
    }

    @Test
    void chunkedNormDoesNotDependOnThreads() {
        Tensor big = new Tensor("big", 100_000, 3);
        SplittableRandom rng = new SplittableRandom(5);
        for (int k = 0; k < big.size(); k++) big.grad[k] = rng.nextDouble(-1, 1);
        int saved = Parallel.threads();
        try {
            Parallel.setThreadsSplittingAll(1);
            double one = GradClip.norm(List.of(big));
            Parallel.setThreadsSplittingAll(2);
            double two = GradClip.norm(List.of(big));
            assertEquals(one, two, 0.0);
            assertEquals(naiveNorm(List.of(big)), one, 1e-12 * one);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void adamWithScaleEqualsClipThenAdam() {
        SparseLinear a = layerWithGradient(11), b = layerWithGradient(11);
        double maxNorm = 0.1;
        GradClip.clipGradNorm(a.parameters(), maxNorm);
        new Adam(a.parameters(), 0.01).step();
        double coef = GradClip.coefficient(GradClip.norm(b.parameters()), maxNorm);
        assertTrue(coef < 1, "the case must clip");
        new Adam(b.parameters(), 0.01).step(coef);
        assertArrayEquals(a.weight.value, b.weight.value, 0.0);
        assertArrayEquals(a.bias.value, b.bias.value, 0.0);
        assertEquals(0, b.weight.gradRowCount(), "a step leaves every gradient zero");
        for (double g : b.weight.grad) assertEquals(0.0, g);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(doubles = {0.0, 2.5})
    void adamOnTrackedRowsEqualsDenseAdam(double weightDecay) {
        SparseLinear layer = layerWithGradient(17);
        Tensor w = layer.weight;
        Tensor dense = new Tensor("dense", w.rows(), w.cols); // no sparse-gradient hint
        System.arraycopy(w.value, 0, dense.value, 0, w.size());
        Adam sparseAdam = new Adam(List.of(w), 0.01), denseAdam = new Adam(List.of(dense), 0.01);
        sparseAdam.setWeightDecay(weightDecay); // untouched rows decay too
        denseAdam.setWeightDecay(weightDecay);
        SplittableRandom rng = new SplittableRandom(4);
        for (int step = 0; step < 4; step++) {
            if (step > 0) { // a new batch touches a few rows
                for (int k = 0; k < 30; k++) {
                    int r = rng.nextInt(w.rows());
                    w.markGradRow(r);
                    for (int j = 0; j < w.cols; j++) w.grad[r * w.cols + j] = rng.nextDouble(-1, 1);
                }
            }
            assertTrue(w.gradRowCount() > 0 && w.gradRowCount() < w.rows());
            System.arraycopy(w.grad, 0, dense.grad, 0, w.size());
            sparseAdam.step(0.7);
            denseAdam.step(0.7);
            assertArrayEquals(dense.value, w.value, 0.0, "step " + step);
        }
    }
}
