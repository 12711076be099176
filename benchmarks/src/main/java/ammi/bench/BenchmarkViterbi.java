package ammi.bench;

import ammi.markov.Viterbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Viterbi decoding of the posterior's order-o chains, one per document, as at evaluation time
 * (codes only, no log-probabilities requested; for o >= 1 the log-probability comes for free,
 * for o = 0 the codes are signs). Positions: batch x m. Bytes: the logits read (8 B per
 * document, position, o-context), one byte per bit written.
 */
public class BenchmarkViterbi extends KernelGrid {
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
