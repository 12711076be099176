package ammi.bench;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The grid every kernel benchmark runs over (docs/benchmarks.md): documents per batch, code
 * length m and the Markov orders of posterior and prior, with one measurement setup. JMH takes
 * both the annotations and the {@code @Param} fields from this superclass, so the grid is
 * written once.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@State(Scope.Thread)
public abstract class KernelGrid {
    @Param({"16", "128", "1024", "4096"})
    public int batch;
    @Param({"16", "64", "128"})
    public int m;
    /** Orders of the posterior and the prior, "o/r". */
    @Param({"0/3", "1/3", "2/6", "0/10"})
    public String orders;
}
