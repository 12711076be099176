package ammi.autograd;

import ammi.markov.BruteForce;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class CrossEntropyOpTest {

    private static Tensor random(String name, int rows, int cols, Random rnd) {
        Tensor t = new Tensor(name, rows, cols);
        for (int k = 0; k < t.value.length; k++) t.value[k] = 1.5 * rnd.nextGaussian();
        return t;
    }

    private static double loss(CrossEntropyOp op, Tensor p, Tensor q, boolean shared) {
        return op.forward(new Tape(), p, true, q, shared).value[0];
    }

    private static void checkFd(Tensor x, double[] grad, java.util.function.DoubleSupplier f, String what) {
        double h = 1e-5;
        for (int k = 0; k < x.size(); k++) {
            double save = x.value[k];
            x.value[k] = save + h;
            double fp = f.getAsDouble();
            x.value[k] = save - h;
            double fm = f.getAsDouble();
            x.value[k] = save;
            double fd = (fp - fm) / (2 * h);
            assertEquals(fd, grad[k], 1e-6 * Math.max(1e-1, Math.abs(fd)), what + "[" + k + "]");
        }
    }

    @Test
    void meanOverBatchAndGradients() {
        Random rnd = new Random(51);
        int m = 4, o = 1, r = 2, maxBatch = 5, batch = 3;
        for (boolean shared : new boolean[] {true, false}) {
            CrossEntropyOp op = new CrossEntropyOp(m, o, r, maxBatch);
            Tensor p = random("p", maxBatch, m << o, rnd);
            p.setRows(batch);
            Tensor q = random("q", shared ? 1 : maxBatch, m << r, rnd);
            if (!shared) q.setRows(batch);
            Tape tape = new Tape();
            Tensor out = op.forward(tape, p, true, q, shared);
            double want = 0;
            for (int b = 0; b < batch; b++) want += BruteForce.crossEntropy(p.value, b, o, q.value, shared ? 0 : b, r, m) / batch;
            assertEquals(want, out.value[0], 1e-10);
            p.zeroGrad();
            q.zeroGrad();
            tape.backward(out);
            double[] gp = p.grad.clone(), gq = q.grad.clone();
            checkFd(p, gp, () -> loss(op, p, q, shared), "dp shared=" + shared);
            checkFd(q, gq, () -> loss(op, p, q, shared), "dq shared=" + shared);
        }
    }

    @Test
    void selfCrossEntropyIsConditionalEntropyWithFullGradient() {
        Random rnd = new Random(52);
        int m = 5, o = 2, batch = 3;
        CrossEntropyOp op = new CrossEntropyOp(m, o, o, batch);
        Tensor p = random("p", batch, m << o, rnd);
        Tape tape = new Tape();
        Tensor out = op.forward(tape, p, true, p, false);
        double want = 0;
        for (int b = 0; b < batch; b++) want += BruteForce.crossEntropy(p.value, b, o, p.value, b, o, m) / batch;
        assertEquals(want, out.value[0], 1e-10);
        p.zeroGrad();
        tape.backward(out);
        double[] g = p.grad.clone();
        // differentiating through both slots at once
        checkFd(p, g, () -> op.forward(new Tape(), p, true, p, false).value[0], "dH(Z|Y)");
    }

    @Test
    void gradPFalseLeavesPosteriorGradAlone() {
        Random rnd = new Random(53);
        int m = 3, o = 0, r = 1, batch = 2;
        CrossEntropyOp op = new CrossEntropyOp(m, o, r, batch);
        Tensor p = random("p", batch, m, rnd), q = random("q", 1, m << r, rnd);
        Tape tape = new Tape();
        Tensor out = op.forward(tape, p, false, q, true);
        p.zeroGrad();
        q.zeroGrad();
        tape.backward(out);
        for (double v : p.grad) assertEquals(0.0, v);
        double norm = 0;
        for (double v : q.grad) norm += Math.abs(v);
        assertTrue(norm > 0);
    }

    @Test
    void rejectsWrongShapes() {
        CrossEntropyOp op = new CrossEntropyOp(4, 1, 2, 3);
        Tensor p = new Tensor("p", 3, 8), qBad = new Tensor("q", 1, 8);
        assertThrows(IllegalArgumentException.class, () -> op.forward(new Tape(), p, true, qBad, true));
        Tensor q = new Tensor("q", 2, 16);
        assertThrows(IllegalArgumentException.class, () -> op.forward(new Tape(), p, true, q, false));
    }

    /** The encoder's step holds the prior fixed: without gradQ, q.grad stays untouched and p's gradient is the same. */
    @Test
    void withoutGradQTheSameGradientIntoPAndNoneIntoQ() {
        Random rnd = new Random(53);
        int m = 10, r = 3, batch = 6;
        int[] parents = ammi.markov.ParentCrossEntropyTest.randomParents(rnd, m, r);
        for (boolean withParents : new boolean[] {false, true}) {
            Tensor p = random("p", batch, m, rnd), q = random("q", 1, m << r, rnd);
            double[][] pGrads = new double[2][], qGrads = new double[2][];
            for (int run = 0; run < 2; run++) {
                boolean gradQ = run == 0;
                java.util.Arrays.fill(p.grad, 0.0);
                java.util.Arrays.fill(q.grad, 0.0);
                Tape tape = new Tape();
                Tensor h;
                if (withParents) {
                    ParentCrossEntropyOp op = new ParentCrossEntropyOp(m, r, batch);
                    op.setParents(parents);
                    h = op.forward(tape, p, true, q, gradQ);
                } else {
                    h = new CrossEntropyOp(m, 0, r, batch).forward(tape, p, true, q, gradQ, true);
                }
                tape.backward(h);
                pGrads[run] = p.grad.clone();
                qGrads[run] = q.grad.clone();
            }
            String at = withParents ? "parents" : "chain";
            assertArrayEquals(pGrads[0], pGrads[1], 0.0, at + " dp");
            assertTrue(java.util.Arrays.stream(qGrads[0]).anyMatch(x -> x != 0), at + ": with gradQ, q gets a gradient");
            assertArrayEquals(new double[m << r], qGrads[1], 0.0, at + ": without gradQ, q.grad stays zero");
        }
    }
}
