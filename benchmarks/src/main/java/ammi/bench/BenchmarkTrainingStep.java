package ammi.bench;

import ammi.backend.Backend;
import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import ammi.model.AmmiConfig;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One whole AMMI training step (Algorithm 2's inner loop body) through the Backend interface:
 * beginBatch (encoder forward), G = 2 prior steps, one encoder step (both cross entropies,
 * backward, clipped Adam). Synthetic corpus as in {@link BenchmarkSparseLinear}; prior net with
 * hidden width 24 and one ReLU layer. Positions: batch x m. Bytes: the dominant compulsory
 * traffic, the encoder's clipped Adam step (64 B per parameter) plus the sparse layer's and the
 * cross entropies' arrays as in their own benchmarks.
 *
 * <p>GPU hook: {@code backend} selects the implementation; a CUDA backend adds its name here (and
 * to {@link #open}) and every shape runs unchanged.
 */
public class BenchmarkTrainingStep extends KernelGrid {
    @Param({"cpu"})
    public String backend;

    private Backend impl;
    private int[] docs;
    private int rowsInCorpus, next;
    private double bytesPerStep;
    private final AmmiConfig config = new AmmiConfig();

    private Backend open(AmmiConfig c, CsrMatrix x) {
        if (backend.equals("cpu")) return new CpuBackend(c, x);
        throw new IllegalArgumentException("no backend " + backend + " (available: cpu)");
    }

    @Setup
    public void setup() {
        int o = Shapes.o(orders), r = Shapes.r(orders);
        config.bits = m;
        config.orderPosterior = o;
        config.orderPrior = r;
        config.hidden = 24;
        config.layers = 1;
        config.batchSize = batch;
        config.lr = 0.003;
        config.init = 0.5;
        config.clip = 5;
        config.priorSteps = 2;
        config.entropyWeight = 3;
        config.validate();
        rowsInCorpus = Math.max(4 * batch, 2048);
        CsrMatrix x = Shapes.corpus(rowsInCorpus, 3);
        impl = open(config, x);
        docs = new int[batch];
        int n = m << o;
        double params = (Shapes.VOCAB + 1.0) * n;
        double nnz = (double) batch * Shapes.NNZ_PER_DOC;
        double ceArrays = 16.0 * ((double) batch * n + (m << r) + batch);
        bytesPerStep = 64.0 * params + nnz * (12 + 24.0 * n) + 16.0 * batch * n
                + ceArrays * (1 + config.priorSteps) + 16.0 * batch * n;
    }

    @TearDown
    public void close() {
        impl.close();
    }

    @Benchmark
    public double step(Rates rates) {
        for (int d = 0; d < batch; d++) docs[d] = (next + d) % rowsInCorpus;
        next = (next + batch) % rowsInCorpus;
        impl.beginBatch(docs, batch);
        for (int g = 0; g < config.priorSteps; g++) impl.priorStep();
        Backend.StepResult result = impl.encoderStep();
        rates.add((double) batch * m, bytesPerStep);
        return result.loss();
    }
}
