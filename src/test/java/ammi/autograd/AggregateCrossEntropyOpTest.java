package ammi.autograd;

import ammi.markov.BruteForce;
import ammi.markov.ContextMarginals;
import ammi.markov.CrossEntropy;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The prior's loss from the batch's context marginals: value against enumeration, gradient against finite differences, scaled by the upstream gradient. */
class AggregateCrossEntropyOpTest {

    @Test
    void valueIsTheBatchMeanAndTheGradientScalesWithUpstream() {
        Random rnd = new Random(61);
        int m = 5, r = 2, batch = 4;
        double[] p = new double[batch * m];
        for (int k = 0; k < p.length; k++) p[k] = 1.5 * rnd.nextGaussian();
        ContextMarginals mu = new ContextMarginals(m, r);
        new CrossEntropy(m, 0, r).contextMarginals(p, batch, mu);
        Tensor q = new Tensor("q", 1, m << r);
        for (int k = 0; k < q.value.length; k++) q.value[k] = 1.5 * rnd.nextGaussian();

        AggregateCrossEntropyOp op = new AggregateCrossEntropyOp();
        Tape tape = new Tape();
        Tensor out = op.forward(tape, mu, q);
        double want = 0;
        for (int b = 0; b < batch; b++) want += BruteForce.crossEntropy(p, b, 0, q.value, 0, r, m) / batch;
        assertEquals(want, out.value[0], 1e-10);

        double scale = 2.5; // the node inside a larger loss: its gradient must be multiplied by what flows into it
        Tensor loss = Ops.weightedSum(tape, out, new double[] {scale});
        q.zeroGrad();
        tape.backward(loss);
        double[] analytic = q.grad.clone();
        TestUtil.checkGradient(q, analytic, () -> scale * mu.crossEntropy(q.value));
    }
}
