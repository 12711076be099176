package ammi.bench;

import ammi.markov.ForwardMarginals;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Forward marginals (Algorithm 3) of the posterior's order-o chain over a batch. Positions:
 * batch x m. Bytes: the logits read and the marginals written, 16 B per (document, position,
 * context).
 */
public class BenchmarkForwardMarginals extends KernelGrid {
    private double[] logits, alpha;
    private int o;

    @Setup
    public void setup() {
        o = Shapes.o(orders);
        logits = Shapes.logits(batch * m << o, 1);
        alpha = new double[batch * m << o];
    }

    @Benchmark
    public double forward(Rates rates) {
        ForwardMarginals.compute(logits, batch, m, o, alpha);
        rates.add((double) batch * m, 16.0 * batch * m * (1 << o));
        return alpha[alpha.length - 1];
    }
}
