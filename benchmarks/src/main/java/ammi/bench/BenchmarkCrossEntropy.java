package ammi.bench;

import ammi.markov.CrossEntropy;

import java.util.Arrays;
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
 * Cross entropy H(p, q) between the posterior's order-o chains (one per document) and the shared
 * order-r prior (Algorithm 1), forward plus backward with gradients for both, as in the encoder's
 * step. Positions: batch x m. Bytes: compulsory traffic, each array touched once: p's logits
 * and their gradient (16 B per document, position, o-context), q's logits and gradient (16 B per
 * position and r-context), the per-document outputs and output gradients.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@State(Scope.Thread)
public class BenchmarkCrossEntropy {
    @Param({"16", "128", "1024", "4096"})
    public int batch;
    @Param({"16", "64", "128"})
    public int m;
    /** Orders of the posterior and the prior, "o/r". */
    @Param({"0/3", "1/3", "2/6", "0/10"})
    public String orders;

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
