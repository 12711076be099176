package ammi.bench;

import ammi.autograd.Init;
import ammi.autograd.SparseLinear;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.data.CsrMatrix;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * The encoder's input layer y = x W + b with x a batch of sparse TF-IDF rows (synthetic:
 * V = 10000, 80 terms per document), forward and backward, with m x 2^o outputs (the paper's
 * one-linear-map encoder). Positions: batch x m. Bytes: per nonzero, its index and value and one
 * row of W gathered (forward) and one row of dW read and written (backward); y written and dY
 * read.
 */
public class BenchmarkSparseLinear extends KernelGrid {
    private SparseLinear layer;
    private CsrMatrix x;
    private int[] rows;
    private double[] dY;
    private final Tape tape = new Tape();
    private final Tensor seed = new Tensor("seed", 1, 1);
    private int n;

    @Setup
    public void setup() {
        n = m << Shapes.o(orders);
        x = Shapes.corpus(batch, 3);
        layer = new SparseLinear("in", Shapes.VOCAB, n, batch);
        SplittableRandom rng = new SplittableRandom(4);
        Init.uniform(layer.weight, 0.5, rng);
        rows = new int[batch];
        for (int d = 0; d < batch; d++) rows[d] = d;
        dY = Shapes.logits(batch * n, 5);
    }

    @Benchmark
    public double forwardBackward(Rates rates) {
        tape.clear();
        Tensor y = layer.forward(tape, x, rows, batch);
        // stands in for the loss above the layer: hands it a fixed output gradient
        tape.record(() -> System.arraycopy(dY, 0, y.grad, 0, dY.length));
        tape.backward(seed);
        layer.weight.clearGradRows();
        double nnz = x.nnz();
        rates.add((double) batch * m, nnz * (12 + 8.0 * n) + nnz * 16.0 * n + 16.0 * batch * n);
        return y.value[0] + layer.weight.grad[0];
    }
}
