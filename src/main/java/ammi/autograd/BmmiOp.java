package ammi.autograd;

import ammi.markov.Bmmi;

/** Fused autograd node: exact entropy H(pbar) of the batch mixture, eq. (2) (m <= 16). */
public final class BmmiOp {
    private final Bmmi bmmi;
    private final int m, order, maxBatch;
    private final Tensor out = new Tensor("bmmiEntropy", 1, 1);

    public BmmiOp(int m, int order, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        this.bmmi = new Bmmi(m, order);
        this.m = m;
        this.order = order;
        this.maxBatch = maxBatch;
    }

    public Tensor forward(Tape tape, Tensor p) {
        final int batch = p.rows();
        if (batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " exceeds maxBatch " + maxBatch);
        if (p.cols != m << order)
            throw new IllegalArgumentException(p + ": expected " + (m << order) + " columns (m * 2^" + order + ")");
        out.value[0] = bmmi.entropy(p.value, batch);
        out.grad[0] = 0.0;
        tape.record(() -> {
            double g = out.grad[0];
            if (g != 0) bmmi.backward(p.value, batch, g, p.grad);
        });
        return out;
    }
}
