package ammi.autograd;

import ammi.markov.CrossEntropy;

/**
 * Fused autograd node: mean over the batch of H(p_b, q_b) between an order-o posterior p
 * (B x m 2^o logits) and an order-r model q (1 x m 2^r when shared, else B x m 2^r), o <= r.
 * Passing the same tensor as p and q gives the conditional entropy H(Z|Y); both slots then add
 * into its gradient, which is the product rule.
 */
public final class CrossEntropyOp {
    private final CrossEntropy ce;
    private final int m, orderP, orderQ, maxBatch;
    private final Tensor out = new Tensor("crossEntropy", 1, 1);
    private final double[] perDoc, gOut;

    public CrossEntropyOp(int m, int orderP, int orderQ, int maxBatch) {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        this.ce = new CrossEntropy(m, orderP, orderQ);
        this.m = m;
        this.orderP = orderP;
        this.orderQ = orderQ;
        this.maxBatch = maxBatch;
        this.perDoc = new double[maxBatch];
        this.gOut = new double[maxBatch];
    }

    public Tensor forward(Tape tape, Tensor p, boolean gradP, Tensor q, boolean qShared) {
        return forward(tape, p, gradP, q, true, qShared);
    }

    /**
     * With {@code gradQ} false nothing flows into q.grad: the encoder's step holds the prior fixed,
     * and a shared prior's gradient costs per-block sums of m 2^r on top of the recursion.
     */
    public Tensor forward(Tape tape, Tensor p, boolean gradP, Tensor q, boolean gradQ, boolean qShared) {
        final int batch = p.rows();
        if (batch > maxBatch) throw new IllegalArgumentException("batch " + batch + " exceeds maxBatch " + maxBatch);
        if (p.cols != m << orderP)
            throw new IllegalArgumentException(p + ": expected " + (m << orderP) + " columns (m * 2^" + orderP + ")");
        if (q.cols != m << orderQ)
            throw new IllegalArgumentException(q + ": expected " + (m << orderQ) + " columns (m * 2^" + orderQ + ")");
        int wantRows = qShared ? 1 : batch;
        if (q.rows() != wantRows)
            throw new IllegalArgumentException(q + ": expected " + wantRows + " rows (" + (qShared ? "shared prior" : "one per document") + ")");
        ce.forward(p.value, q.value, qShared, batch, perDoc);
        double sum = 0;
        for (int b = 0; b < batch; b++) sum += perDoc[b];
        out.value[0] = sum / batch;
        out.grad[0] = 0.0;
        tape.record(() -> {
            double g = out.grad[0] / batch;
            if (g == 0) return;
            java.util.Arrays.fill(gOut, 0, batch, g);
            ce.backward(p.value, q.value, qShared, batch, gOut, gradP ? p.grad : null, gradQ ? q.grad : null);
        });
        return out;
    }
}
