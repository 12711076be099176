package ammi.autograd;

import ammi.markov.ParentCrossEntropy;

/**
 * Fused autograd node: mean over the batch of H(p_b, q) between an order-0 posterior p (B x m
 * logits) and a shared prior q whose bits have r parents each (1 x m 2^r logits); see
 * {@link ParentCrossEntropy}. The --prior-parents counterpart of {@link CrossEntropyOp}.
 */
public final class ParentCrossEntropyOp {
    private final ParentCrossEntropy ce;
    private final int m, r, maxBatch;
    private final Tensor out = new Tensor("parentCrossEntropy", 1, 1);
    private final double[] perDoc, gOut;

    public ParentCrossEntropyOp(int m, int r, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        this.ce = new ParentCrossEntropy(m, r);
        this.m = m;
        this.r = r;
        this.maxBatch = maxBatch;
        perDoc = new double[maxBatch];
        gOut = new double[maxBatch];
    }

    public void setParents(int[] parents) {
        ce.setParents(parents);
    }

    public Tensor forward(Tape tape, Tensor p, boolean gradP, Tensor q) {
        return forward(tape, p, gradP, q, true);
    }

    /**
     * With {@code gradQ} false nothing flows into q.grad: the encoder's step holds the prior fixed,
     * and the prior's gradient is the dearer half of the backward pass (per-block sums of m 2^r).
     */
    public Tensor forward(Tape tape, Tensor p, boolean gradP, Tensor q, boolean gradQ) {
        final int batch = p.rows();
        if (batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " exceeds maxBatch " + maxBatch);
        if (p.cols != m) throw new IllegalArgumentException(p + ": expected " + m + " columns (an order-0 posterior)");
        if (q.cols != m << r || q.rows() != 1) throw new IllegalArgumentException(q + ": expected 1 x " + (m << r) + " (a shared prior)");
        ce.forward(p.value, q.value, batch, perDoc);
        double sum = 0;
        for (int b = 0; b < batch; b++) sum += perDoc[b];
        out.value[0] = sum / batch;
        out.grad[0] = 0.0;
        tape.record(() -> {
            double g = out.grad[0] / batch;
            if (g == 0) return;
            java.util.Arrays.fill(gOut, 0, batch, g);
            ce.backward(p.value, q.value, batch, gOut, gradP ? p.grad : null, gradQ ? q.grad : null);
        });
        return out;
    }
}
