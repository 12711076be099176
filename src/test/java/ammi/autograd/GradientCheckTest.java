package ammi.autograd;

import ammi.data.CsrMatrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static ammi.autograd.TestUtil.*;
import static org.junit.jupiter.api.Assertions.*;

/** Every backward pass against central finite differences in float64. */
class GradientCheckTest {

    @Test
    void sparseLinearWeightAndBias() {
        SplittableRandom rng = new SplittableRandom(1);
        CsrMatrix x = randomCsr(12, 20, 5, rng, 4);
        int[] rows = {3, 0, 4, 7, 3, 11};
        SparseLinear layer = new SparseLinear("s", 20, 7, 8);
        Init.uniform(layer.weight, 1.0, rng);
        Init.uniform(layer.bias, 1.0, rng);
        double[] c = randomArray(rows.length * 7, rng);

        Tape tape = new Tape();
        Tensor y = layer.forward(tape, x, rows, rows.length);
        tape.backward(Ops.weightedSum(tape, y, c));
        double[] dw = layer.weight.grad.clone(), db = layer.bias.grad.clone();
        assertTrue(norm(dw) > 0 && norm(db) > 0);

        java.util.function.DoubleSupplier loss = () -> Ops.weightedSum(new Tape(), layer.forward(new Tape(), x, rows, rows.length), c).value[0];
        checkGradient(layer.weight, dw, loss);
        checkGradient(layer.bias, db, loss);
    }

    @Test
    void linearInputWeightAndBias() {
        SplittableRandom rng = new SplittableRandom(2);
        Linear layer = new Linear("l", 5, 4, 6);
        Init.uniform(layer.weight, 1.0, rng);
        Init.uniform(layer.bias, 1.0, rng);
        Tensor x = new Tensor("x", 6, 5);
        x.setRows(3); // a partial batch
        Init.uniform(x, 1.0, rng);
        double[] c = randomArray(3 * 4, rng);

        Tape tape = new Tape();
        tape.backward(Ops.weightedSum(tape, layer.forward(tape, x), c));
        double[] dx = x.grad.clone(), dw = layer.weight.grad.clone(), db = layer.bias.grad.clone();

        java.util.function.DoubleSupplier loss = () -> Ops.weightedSum(new Tape(), layer.forward(new Tape(), x), c).value[0];
        checkGradient(x, dx, loss);
        checkGradient(layer.weight, dw, loss);
        checkGradient(layer.bias, db, loss);
        for (int i = x.size(); i < x.grad.length; i++) assertEquals(0.0, x.grad[i], "inactive rows untouched");
        assertAccumulates(x, dx, t -> layer.forward(t, x), c);
    }

    @Test
    void relu() {
        Relu relu = new Relu("r", 5, 6);
        checkElementwise(relu::forward, 3);
    }

    @Test
    void sigmoid() {
        Sigmoid s = new Sigmoid("s", 5, 6);
        checkElementwise(s::forward, 4);
    }

    @Test
    void logSigmoid() {
        LogSigmoid s = new LogSigmoid("ls", 5, 6);
        checkElementwise(s::forward, 5);
    }

    private static void checkElementwise(java.util.function.BiFunction<Tape, Tensor, Tensor> op, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor x = new Tensor("x", 5, 6);
        x.setRows(4);
        fillAwayFromZero(x, rng);
        for (int i = 0; i < x.value.length; i++) x.value[i] *= 3.0;
        double[] c = randomArray(x.size(), rng);
        Tape tape = new Tape();
        tape.backward(Ops.weightedSum(tape, op.apply(tape, x), c));
        double[] dx = x.grad.clone();
        assertTrue(norm(dx) > 0);
        checkGradient(x, dx, () -> Ops.weightedSum(new Tape(), op.apply(new Tape(), x), c).value[0]);
        assertAccumulates(x, dx, t -> op.apply(t, x), c);
    }

    /** Backward must add into an input's gradient (a tensor may feed several ops), not overwrite it. */
    private static void assertAccumulates(Tensor x, double[] dx, java.util.function.Function<Tape, Tensor> forward, double[] c) {
        java.util.Arrays.fill(x.grad, 0, x.size(), 0.5);
        Tape tape = new Tape();
        tape.backward(Ops.weightedSum(tape, forward.apply(tape), c));
        for (int i = 0; i < x.size(); i++) assertEquals(0.5 + dx[i], x.grad[i], 1e-15, "accumulated grad " + i);
    }

    @Test
    void logSigmoidAndSigmoidAreStableForLargeInputs() {
        Tensor x = new Tensor("x", 1, 4);
        double[] in = {-800, -40, 40, 800};
        System.arraycopy(in, 0, x.value, 0, 4);
        Tape tape = new Tape();
        Tensor ls = new LogSigmoid("ls", 1, 4).forward(tape, x);
        Tensor s = new Sigmoid("s", 1, 4).forward(tape, x);
        assertEquals(-800.0, ls.value[0]);
        assertEquals(-40.0 - Math.exp(-40.0), ls.value[1], 1e-15);
        assertEquals(-Math.exp(-40.0), ls.value[2], 1e-30); // tail kept, not rounded to 0
        assertEquals(-0.0, ls.value[3], 0.0);
        assertEquals(0.0, s.value[0]);
        assertEquals(1.0, s.value[3]);
        double[] c = {1, 1, 1, 1};
        tape.backward(Ops.weightedSum(tape, ls, c));
        assertEquals(1.0, x.grad[0]);
        assertEquals(0.0, x.grad[3]);
        for (double g : x.grad) assertTrue(Double.isFinite(g));
    }

    /** SparseLinear -> Relu -> Linear -> LogSigmoid -> sum(c .* y). */
    @Test
    void wholeChain() {
        SplittableRandom rng = new SplittableRandom(6);
        Chain net = new Chain(rng);
        CsrMatrix x = randomCsr(10, 15, 4, rng, 2);
        int[] rows = {9, 2, 5, 0, 5};
        double[] c = randomArray(rows.length * Chain.OUT, rng);

        Tape tape = new Tape();
        Tensor y = net.forward(tape, x, rows);
        for (int i = 0; i < net.preRelu.size(); i++)
            assertTrue(Math.abs(net.preRelu.value[i]) > 1e-3, "test precondition: pre-activations away from the ReLU kink");
        tape.backward(Ops.weightedSum(tape, y, c));

        java.util.function.DoubleSupplier loss = () -> Ops.weightedSum(new Tape(), net.forward(new Tape(), x, rows), c).value[0];
        for (Tensor p : net.parameters()) {
            double[] g = p.grad.clone();
            assertTrue(norm(g) > 0, p.name);
            checkGradient(p, g, loss);
        }
    }

    static double norm(double[] a) {
        double s = 0;
        for (double v : a) s += v * v;
        return Math.sqrt(s);
    }

    /** The small feed-forward chain shared by the chain tests. */
    static final class Chain {
        static final int V = 15, HID = 6, OUT = 3, MAX_BATCH = 8;
        final SparseLinear l1 = new SparseLinear("l1", V, HID, MAX_BATCH);
        final Relu relu = new Relu("relu", MAX_BATCH, HID);
        final Linear l2 = new Linear("l2", HID, OUT, MAX_BATCH);
        final LogSigmoid ls = new LogSigmoid("ls", MAX_BATCH, OUT);
        Tensor preRelu, hidden, logits;

        Chain(SplittableRandom rng) {
            Init.torchLinearDefault(l1.weight, l1.bias, 3, rng);
            Init.torchLinearDefault(l2.weight, l2.bias, HID, rng);
            for (int i = 0; i < l1.bias.value.length; i++) l1.bias.value[i] += 0.2; // keep some units alive
        }

        Tensor forward(Tape tape, CsrMatrix x, int[] rows) {
            preRelu = l1.forward(tape, x, rows, rows.length);
            hidden = relu.forward(tape, preRelu);
            logits = l2.forward(tape, hidden);
            return ls.forward(tape, logits);
        }

        java.util.List<Tensor> parameters() {
            return java.util.List.of(l1.weight, l1.bias, l2.weight, l2.bias);
        }
    }

}
