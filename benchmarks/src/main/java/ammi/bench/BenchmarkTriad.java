package ammi.bench;

import ammi.util.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The machine's bandwidth figure: a STREAM-style triad a = b + s c over three arrays of 2^24
 * doubles (384 MiB, far beyond the caches), on all cores through the same thread pool as the
 * kernels. Bytes: 24 per element (two reads, one write; write-allocate traffic not counted, as in
 * STREAM). Positions: elements.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@State(Scope.Thread)
public class BenchmarkTriad {
    static final int N = 1 << 24;
    private double[] a, b, c;

    @Setup
    public void setup() {
        a = new double[N];
        b = new double[N];
        c = new double[N];
        Arrays.fill(b, 1.0);
        Arrays.fill(c, 2.0);
    }

    @Benchmark
    public double triad(Rates rates) {
        final double s = 3.0;
        final double[] x = a, y = b, z = c;
        Parallel.forRange(N, 1_000_000, (lo, hi, worker) -> {
            for (int i = lo; i < hi; i++) x[i] = y[i] + s * z[i];
        });
        rates.add(N, 24.0 * N);
        return a[N - 1];
    }
}
