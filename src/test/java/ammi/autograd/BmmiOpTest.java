package ammi.autograd;

import ammi.markov.BruteForce;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class BmmiOpTest {

    @Test
    void entropyAndGradient() {
        Random rnd = new Random(61);
        int m = 4, o = 1, maxBatch = 4, batch = 3;
        BmmiOp op = new BmmiOp(m, o, maxBatch);
        Tensor p = new Tensor("p", maxBatch, m << o);
        for (int k = 0; k < p.value.length; k++) p.value[k] = 1.5 * rnd.nextGaussian();
        p.setRows(batch);
        Tape tape = new Tape();
        Tensor out = op.forward(tape, p);
        assertEquals(BruteForce.mixtureEntropy(p.value, batch, m, o), out.value[0], 1e-10);
        p.zeroGrad();
        tape.backward(out);
        double h = 1e-5;
        for (int k = 0; k < p.size(); k++) {
            double save = p.value[k];
            p.value[k] = save + h;
            double fp = op.forward(new Tape(), p).value[0];
            p.value[k] = save - h;
            double fm = op.forward(new Tape(), p).value[0];
            p.value[k] = save;
            double fd = (fp - fm) / (2 * h);
            assertEquals(fd, p.grad[k], 1e-6 * Math.max(1e-1, Math.abs(fd)), "k=" + k);
        }
        for (int k = p.size(); k < p.grad.length; k++) assertEquals(0.0, p.grad[k], "rows beyond the batch");
    }
}
