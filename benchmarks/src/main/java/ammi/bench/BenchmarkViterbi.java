package ammi.bench;

import ammi.markov.Viterbi;
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
 * Viterbi decoding of the posterior's order-o chains, one per document, as at evaluation time
 * (codes only, no log-probabilities requested; for o >= 1 the log-probability comes for free,
 * for o = 0 the codes are signs). Positions: batch x m. Bytes: the logits read (8 B per
 * document, position, o-context), one byte per bit written.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
@State(Scope.Thread)
public class BenchmarkViterbi {
    @Param({"16", "128", "1024", "4096"})
    public int batch;
    @Param({"16", "64", "128"})
    public int m;
    /** Orders of the posterior and the prior, "o/r". */
    @Param({"0/3", "1/3", "2/6", "0/10"})
    public String orders;

    private Viterbi viterbi;
    private double[] logits;
    private byte[] bits;

    @Setup
    public void setup() {
        int o = Shapes.o(orders);
        viterbi = new Viterbi(m, o);
        logits = Shapes.logits(batch * m << o, 1);
        bits = new byte[batch * m];
    }

    @Benchmark
    public double decode(Rates rates) {
        viterbi.decode(logits, batch, bits, null);
        rates.add((double) batch * m, 8.0 * logits.length + bits.length);
        return bits[bits.length - 1];
    }
}
