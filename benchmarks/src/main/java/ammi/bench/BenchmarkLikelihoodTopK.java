package ammi.bench;

import ammi.eval.CodeLikelihood;
import ammi.eval.PackedCodes;
import ammi.util.Parallel;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * One {@code search --rank likelihood} query: the top-10 of n codes of m bits by log q(code |
 * query) for an order-0 query ({@link CodeLikelihood}: byte tables, the base split over
 * {@code threads} cores, then one heap pass), beside {@link BenchmarkSearchTopK}'s Hamming scan
 * of the same base. Queries cycle through 64 random logit vectors, so no table can be reused.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class BenchmarkLikelihoodTopK {
    @Param({"1000000"})
    public int n;
    @Param({"64", "128"})
    public int m;
    @Param({"1", "2"})
    public int threads;

    static final int K = 10, QUERIES = 64;
    private PackedCodes base;
    private CodeLikelihood[] queries;
    private int next;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        base = BenchmarkSearchTopK.random(n, m, 1);
        SplittableRandom rng = new SplittableRandom(2);
        queries = new CodeLikelihood[QUERIES];
        for (int q = 0; q < QUERIES; q++) {
            double[] logits = new double[m];
            for (int i = 0; i < m; i++) logits[i] = 3 * (rng.nextDouble() * 2 - 1);
            queries[q] = new CodeLikelihood(logits, 1, m, 0);
        }
    }

    @Benchmark
    public int query() {
        return queries[next++ & (QUERIES - 1)].nearest(base, K)[0];
    }
}
