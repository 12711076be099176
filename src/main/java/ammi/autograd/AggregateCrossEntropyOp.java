package ammi.autograd;

import ammi.markov.ContextMarginals;

/**
 * Autograd node for the prior's loss H+(p_Z, q) read off the batch's {@link ContextMarginals}:
 * the aggregate posterior is fixed data here, so the gradient goes to q only. Equals the mean
 * over the batch that {@link CrossEntropyOp} and {@link ParentCrossEntropyOp} compute, at
 * O(m 2^r) per call instead of O(B m 2^r).
 */
public final class AggregateCrossEntropyOp {
    private final Tensor out = new Tensor("aggregateCrossEntropy", 1, 1);

    public Tensor forward(Tape tape, ContextMarginals mu, Tensor q) {
        int cols = mu.m() << mu.order();
        if (q.rows() != 1 || q.cols != cols) throw new IllegalArgumentException(q + ": expected 1 x " + cols + " (a shared prior)");
        out.value[0] = mu.crossEntropy(q.value);
        out.grad[0] = 0.0;
        tape.record(() -> {
            if (out.grad[0] != 0) mu.backward(q.value, out.grad[0], q.grad);
        });
        return out;
    }
}
