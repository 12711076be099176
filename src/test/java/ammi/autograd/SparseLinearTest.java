package ammi.autograd;

import ammi.data.CsrMatrix;
import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class SparseLinearTest {

    @Test
    void subsetOfRowsMatchesDenseComputation() {
        SplittableRandom rng = new SplittableRandom(7);
        CsrMatrix x = TestUtil.randomCsr(30, 40, 8, rng, 5);
        int[] rows = {17, 5, 2, 29, 2, 0};
        int n = 9;
        SparseLinear layer = new SparseLinear("s", 40, n, 10);
        Init.uniform(layer.weight, 1, rng);
        Init.uniform(layer.bias, 1, rng);
        double[] c = TestUtil.randomArray(rows.length * n, rng);

        Tape tape = new Tape();
        Tensor y = layer.forward(tape, x, rows, rows.length);
        assertEquals(rows.length, y.rows());
        tape.backward(Ops.weightedSum(tape, y, c));

        double[][] dense = x.toDense();
        double[] dw = new double[40 * n], db = new double[n];
        for (int d = 0; d < rows.length; d++) {
            for (int j = 0; j < n; j++) {
                double s = layer.bias.value[j];
                for (int v = 0; v < 40; v++) s += dense[rows[d]][v] * layer.weight.value[v * n + j];
                assertEquals(s, y.value[d * n + j], 1e-12);
                db[j] += c[d * n + j];
                for (int v = 0; v < 40; v++) dw[v * n + j] += dense[rows[d]][v] * c[d * n + j];
            }
        }
        for (int j = 0; j < n; j++) assertEquals(layer.bias.value[j], y.value[1 * n + j], 0.0, "empty document gives y = b");
        assertArrayEquals(dw, layer.weight.grad, 1e-12);
        assertArrayEquals(db, layer.bias.grad, 1e-12);
    }

    @Test
    void parameterGradientsAccumulateAndOutputGradIsReset() {
        SplittableRandom rng = new SplittableRandom(8);
        CsrMatrix x = TestUtil.randomCsr(6, 10, 3, rng);
        SparseLinear layer = new SparseLinear("s", 10, 4, 6);
        Init.uniform(layer.weight, 1, rng);
        int[] rows = {0, 1, 2, 3, 4, 5};
        double[] c = TestUtil.randomArray(24, rng);
        Tape tape = new Tape();
        tape.backward(Ops.weightedSum(tape, layer.forward(tape, x, rows, 6), c));
        double[] once = layer.weight.grad.clone();
        tape.clear();
        // A smaller second batch must not see the first batch's output gradient.
        Tensor y = layer.forward(tape, x, rows, 6);
        assertArrayEquals(new double[24], y.grad);
        tape.backward(Ops.weightedSum(tape, y, c));
        for (int i = 0; i < once.length; i++) assertEquals(2 * once[i], layer.weight.grad[i], 1e-12);
    }

    @Test
    void oneThreadEqualsTwoThreads() {
        int prev = Parallel.threads();
        try {
            double[][] out = new double[2][], dw = new double[2][], db = new double[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreadsSplittingAll(threads);
                SplittableRandom rng = new SplittableRandom(9);
                // Large enough that forRange really splits (n * cost >= 50_000).
                CsrMatrix x = TestUtil.randomCsr(200, 2000, 60, rng, 3);
                int[] rows = new int[96];
                for (int i = 0; i < rows.length; i++) rows[i] = rng.nextInt(200);
                SparseLinear layer = new SparseLinear("s", 2000, 64, 128);
                Init.uniform(layer.weight, 1, rng);
                Init.uniform(layer.bias, 1, rng);
                Tape tape = new Tape();
                Tensor y = layer.forward(tape, x, rows, rows.length);
                tape.backward(Ops.weightedSum(tape, y, TestUtil.randomArray(y.size(), rng)));
                out[threads - 1] = y.value.clone();
                dw[threads - 1] = layer.weight.grad.clone();
                db[threads - 1] = layer.bias.grad.clone();
            }
            assertArrayEquals(out[0], out[1], 0.0);
            assertArrayEquals(dw[0], dw[1], 0.0);
            assertArrayEquals(db[0], db[1], 0.0);
        } finally {
            Parallel.setThreads(prev);
        }
    }

    @Test
    void linearOneThreadEqualsTwoThreads() {
        int prev = Parallel.threads();
        try {
            double[][] res = new double[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreadsSplittingAll(threads);
                SplittableRandom rng = new SplittableRandom(10);
                Linear l = new Linear("l", 100, 80, 64);
                Init.torchLinearDefault(l.weight, l.bias, 100, rng);
                Tensor x = new Tensor("x", 64, 100);
                Init.uniform(x, 1, rng);
                Tape tape = new Tape();
                Tensor y = l.forward(tape, x);
                tape.backward(Ops.weightedSum(tape, y, TestUtil.randomArray(y.size(), rng)));
                double[] all = new double[y.size() + x.grad.length + l.weight.grad.length + l.bias.grad.length];
                int k = 0;
                for (double[] a : new double[][]{java.util.Arrays.copyOf(y.value, y.size()), x.grad, l.weight.grad, l.bias.grad})
                    for (double v : a) all[k++] = v;
                res[threads - 1] = all;
            }
            assertArrayEquals(res[0], res[1], 0.0);
        } finally {
            Parallel.setThreads(prev);
        }
    }

    @Test
    void rejectsWrongInputWidth() {
        CsrMatrix x = TestUtil.randomCsr(2, 5, 2, new SplittableRandom(1));
        SparseLinear layer = new SparseLinear("s", 6, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> layer.forward(new Tape(), x, new int[]{0}, 1));
    }
}
