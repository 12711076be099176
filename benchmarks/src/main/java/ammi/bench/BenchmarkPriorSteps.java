package ammi.bench;

import ammi.markov.ContextMarginals;
import ammi.markov.CrossEntropy;

import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The dynamic programming of one batch's G = 4 prior steps (the prior's net excluded): H+(Z) and
 * its gradient into the shared prior, by the per-document cross entropy (forward and backward,
 * G times) against the batch's context marginals (filled once, then O(m 2^r) per step), as the
 * CPU backend now runs them. Positions: batch x m per batch of four steps. Bytes: p's logits
 * once, q's logits and gradient per step.
 */
public class BenchmarkPriorSteps extends KernelGrid {
    static final int STEPS = 4;
    private CrossEntropy ce;
    private ContextMarginals mu;
    private double[] p, q, out, gOut, dQ;

    @Setup
    public void setup() {
        int o = Shapes.o(orders), r = Shapes.r(orders);
        ce = new CrossEntropy(m, o, r);
        mu = new ContextMarginals(m, r);
        p = Shapes.logits(batch * m << o, 1);
        q = Shapes.logits(m << r, 2);
        out = new double[batch];
        gOut = new double[batch];
        Arrays.fill(gOut, 1.0 / batch);
        dQ = new double[q.length];
    }

    @Benchmark
    public double perDocument(Rates rates) {
        double h = 0;
        for (int s = 0; s < STEPS; s++) {
            q[s] += 1e-3; // the prior moves between steps, as after each Adam step
            ce.forward(p, q, true, batch, out);
            Arrays.fill(dQ, 0.0);
            ce.backward(p, q, true, batch, gOut, null, dQ);
            h += out[0] + dQ[0];
        }
        rates.add((double) batch * m, 8.0 * p.length + STEPS * 16.0 * q.length);
        return h;
    }

    @Benchmark
    public double contextMarginals(Rates rates) {
        ce.contextMarginals(p, batch, mu);
        double h = 0;
        for (int s = 0; s < STEPS; s++) {
            q[s] += 1e-3;
            Arrays.fill(dQ, 0.0);
            h += mu.crossEntropy(q);
            mu.backward(q, 1.0, dQ);
            h += dQ[0];
        }
        rates.add((double) batch * m, 8.0 * p.length + STEPS * 16.0 * q.length);
        return h;
    }
}
