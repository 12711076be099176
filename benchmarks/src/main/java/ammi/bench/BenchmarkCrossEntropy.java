package ammi.bench;

import ammi.markov.CrossEntropy;

import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Cross entropy H(p, q) between the posterior's order-o chains (one per document) and the shared
 * order-r prior (Algorithm 1), forward plus backward with gradients for both, as in the encoder's
 * step. Positions: batch x m. Bytes: compulsory traffic, each array touched once: p's logits
 * and their gradient (16 B per document, position, o-context), q's logits and gradient (16 B per
 * position and r-context), the per-document outputs and output gradients.
 */
public class BenchmarkCrossEntropy extends KernelGrid {
    private CrossEntropy ce;
    private double[] p, q, out, gOut, dP, dQ;

    @Setup
    public void setup() {
        int o = Shapes.o(orders), r = Shapes.r(orders);
        ce = new CrossEntropy(m, o, r);
        p = Shapes.logits(batch * m << o, 1);
        q = Shapes.logits(m << r, 2);
        out = new double[batch];
        gOut = new double[batch];
        Arrays.fill(gOut, 1.0 / batch);
        dP = new double[p.length];
        dQ = new double[q.length];
    }

    @Benchmark
    public double forwardBackward(Rates rates) {
        ce.forward(p, q, true, batch, out);
        Arrays.fill(dP, 0.0);
        Arrays.fill(dQ, 0.0);
        ce.backward(p, q, true, batch, gOut, dP, dQ);
        rates.add((double) batch * m, 16.0 * (p.length + q.length + batch));
        return out[0] + dQ[0];
    }
}
