package ammi.bench;

import ammi.markov.ForwardMarginals;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Forward marginals (Algorithm 3) of the posterior's order-o chain over a batch. Positions:
 * batch x m. Bytes: the logits read and the marginals written, 16 B per (document, position,
 * context).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@State(Scope.Thread)
public class BenchmarkForwardMarginals {
    @Param({"16", "128", "1024", "4096"})
    public int batch;
    @Param({"16", "64", "128"})
    public int m;
    /** Orders of the posterior and the prior, "o/r". */
    @Param({"0/3", "1/3", "2/6", "0/10"})
    public String orders;

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
