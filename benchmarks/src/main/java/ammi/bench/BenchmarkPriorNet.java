package ammi.bench;

import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.model.Prior;
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
 * The prior's net, forward and backward: the m x H embedding through {@code layers} hidden ReLU
 * layers to the m x 2^r logits, with a fixed gradient on them, as every prior step (G of them per
 * batch) and every encoder step runs it. Its dense layers ({@code ammi.autograd.Linear}) are the
 * cost: m (2^r H + layers H^2) multiply-adds each way. One thread, as the layer is below the
 * parallel cut-off at these shapes. Positions: m per op. Bytes: weights read, their gradients
 * read and written, the logits and their gradient.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class BenchmarkPriorNet {
    @Param({"64", "128"})
    public int m;
    @Param({"3", "8"})
    public int r;
    @Param({"0", "1"})
    public int layers;
    @Param({"24"})
    public int hidden;

    private Prior prior;
    private double[] dLogits;
    private final Tape tape = new Tape();
    private double weights;

    @Setup
    public void setup() {
        Parallel.setThreads(1);
        prior = new Prior(m, r, layers, hidden, false);
        prior.initialise(0.1, new SplittableRandom(3));
        dLogits = Shapes.logits(m << r, 4);
        weights = 0;
        for (Tensor p : prior.parameters()) weights += p.value.length;
    }

    @Benchmark
    public double forwardBackward(Rates rates) {
        tape.clear();
        Tensor q = prior.forward(tape);
        tape.record(() -> System.arraycopy(dLogits, 0, q.grad, 0, dLogits.length));
        tape.backwardSeeded();
        double g = 0;
        for (Tensor p : prior.parameters()) {
            g += p.grad[0];
            java.util.Arrays.fill(p.grad, 0.0);
        }
        rates.add(m, 24.0 * weights + 16.0 * dLogits.length);
        return q.value[0] + g;
    }
}
