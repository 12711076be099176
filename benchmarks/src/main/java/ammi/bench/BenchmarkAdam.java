package ammi.bench;

import ammi.autograd.Adam;
import ammi.autograd.GradClip;
import ammi.autograd.Init;
import ammi.autograd.SparseLinear;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.data.CsrMatrix;

import java.util.List;
import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * One clipped Adam step on the encoder's parameters (V x m 2^o weights plus bias, V = 10000)
 * after a batch's backward pass: the gradient norm over the rows the batch touched, then the
 * fused clip-and-update over every parameter (like PyTorch, Adam updates all entries, since the
 * moments decay everywhere). The batch only sets the gradient's sparsity. Positions: batch x m,
 * for uniformity with the other kernels; the meaningful rate is bytes: 64 B per parameter
 * (value, gradient and two moments read and written).
 */
public class BenchmarkAdam extends KernelGrid {
    private SparseLinear layer;
    private List<Tensor> params;
    private Adam adam;
    private CsrMatrix x;
    private int[] rows;
    private double[] dY;
    private final Tape tape = new Tape();
    private final Tensor seed = new Tensor("seed", 1, 1);
    private double paramCount;

    @Setup
    public void setup() {
        int n = m << Shapes.o(orders);
        x = Shapes.corpus(batch, 3);
        layer = new SparseLinear("in", Shapes.VOCAB, n, batch);
        Init.uniform(layer.weight, 0.5, new SplittableRandom(4));
        params = layer.parameters();
        adam = new Adam(params, 0.003);
        rows = new int[batch];
        for (int d = 0; d < batch; d++) rows[d] = d;
        dY = Shapes.logits(batch * n, 5);
        paramCount = (double) (Shapes.VOCAB + 1) * n;
    }

    /** A realistic sparse gradient, outside the measured step. */
    @Setup(org.openjdk.jmh.annotations.Level.Invocation)
    public void gradient() {
        tape.clear();
        Tensor y = layer.forward(tape, x, rows, batch);
        tape.record(() -> System.arraycopy(dY, 0, y.grad, 0, dY.length));
        tape.backward(seed);
    }

    @Benchmark
    public double clippedStep(Rates rates) {
        adam.step(GradClip.coefficient(GradClip.norm(params), 1.0));
        rates.add((double) batch * m, 64.0 * paramCount);
        return layer.weight.value[0];
    }
}
