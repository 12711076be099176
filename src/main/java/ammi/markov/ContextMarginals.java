package ammi.markov;

import ammi.util.Parallel;

import java.util.Arrays;

/**
 * The batch's aggregate posterior p_Z = (1/B) sum_b p(z|y_b) seen through a shared order-r prior:
 * mu_v[k * 2^r + c] = p_Z(position k's r-bit prior context is c, z_k = v). The context is the r
 * bits before k for the chain ({@link CrossEntropy#contextMarginals}) or k's parents for a
 * Bayesian-network prior ({@link ParentCrossEntropy#contextMarginals}), in their context layout.
 *
 * <p>Why: the prior's loss H+(p_Z, q) = (1/B) sum_b H(p_b, q) is linear in p, and -log q(z) is a
 * sum over positions of terms that read only (context, bit). So
 * H+ = sum_{k,c} mu_0 (-log sigma(-x)) + mu_1 (-log sigma(x)) with x = q's logit at (k, c), and
 * dH+/dx = (mu_0 + mu_1) sigma(x) - mu_1. The marginals do not depend on q: filled once per batch
 * in O(B m 2^r), they make each of the prior's G Adam steps O(m 2^r) (docs/training.md).
 */
public final class ContextMarginals {
    final int m, r, sQ;
    final double[] mu0, mu1;
    /** Documents per partial sum; fixed, so the sums do not depend on the thread count. */
    static final int SUM_BLOCK = 4;
    private double[] parts = new double[0];

    /** Adds document b's (context, bit) probabilities into parts[off ..]: m 2^r for bit 0, then m 2^r for bit 1. */
    @FunctionalInterface
    interface DocumentMarginals {
        void add(int worker, int b, double[] parts, int off);
    }

    public ContextMarginals(int m, int r) {
        if (m < 1) throw new IllegalArgumentException("code length m must be >= 1, got " + m);
        this.m = m;
        this.r = r;
        this.sQ = Sigmoids.states(r, "prior");
        mu0 = new double[m * sQ];
        mu1 = new double[m * sQ];
    }

    public int m() { return m; }
    public int order() { return r; }

    /** p_Z(context c at position k, z_k = v). */
    public double get(int k, int c, int v) {
        return (v == 0 ? mu0 : mu1)[k * sQ + c];
    }

    void check(int m, int r) {
        if (m != this.m || r != this.r)
            throw new IllegalArgumentException("context marginals are for m = " + this.m + ", r = " + this.r + ", not m = " + m + ", r = " + r);
    }

    /**
     * Fills these marginals with the mean over the batch of each document's, summed per block of
     * SUM_BLOCK documents (blocks spread over the workers) and then the blocks in order.
     */
    void fill(int batch, long costPerDocument, DocumentMarginals document) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        final int len = 2 * m * sQ, blocks = (batch + SUM_BLOCK - 1) / SUM_BLOCK;
        if (parts.length < (long) blocks * len) parts = new double[Math.multiplyExact(blocks, len)];
        final double[] buf = parts;
        Parallel.forRange(blocks, SUM_BLOCK * costPerDocument, (lo, hi, worker) -> {
            for (int c = lo; c < hi; c++) {
                Arrays.fill(buf, c * len, (c + 1) * len, 0.0);
                for (int b = c * SUM_BLOCK, end = Math.min(batch, b + SUM_BLOCK); b < end; b++) document.add(worker, b, buf, c * len);
            }
        });
        reduce(buf, blocks, batch);
    }

    /**
     * Each entry adds the blocks in order (the same bits on any thread count), a block at a time
     * over a worker's range of entries: the reads run along each block instead of striding 2 m 2^r
     * doubles between blocks, one cache miss per entry.
     */
    private void reduce(double[] parts, int blocks, int batch) {
        final int len = m * sQ;
        final double inv = 1.0 / batch;
        Parallel.forRange(len, 2L * blocks, (lo, hi, worker) -> {
            Arrays.fill(mu0, lo, hi, 0.0);
            Arrays.fill(mu1, lo, hi, 0.0);
            for (int c = 0; c < blocks; c++) {
                final int b0 = c * 2 * len, b1 = b0 + len;
                for (int k = lo; k < hi; k++) mu0[k] += parts[b0 + k];
                for (int k = lo; k < hi; k++) mu1[k] += parts[b1 + k];
            }
            for (int k = lo; k < hi; k++) {
                mu0[k] *= inv;
                mu1[k] *= inv;
            }
        });
    }

    /**
     * H+(p_Z, q) for the prior's m x 2^r logits. The prior's steps need only {@link #backward}; this
     * is its value, against whose finite differences the tests check it.
     */
    public double crossEntropy(double[] qLogits) {
        Sigmoids.checkLength(qLogits, (long) m * sQ, "q logits");
        double h = 0;
        for (int k = 0; k < m * sQ; k++) {
            double x = qLogits[k], l = Math.log1p(Math.exp(-Math.abs(x)));
            // guard 0 * inf: contexts p_Z never reaches carry no loss
            if (mu0[k] != 0) h += mu0[k] * (x >= 0 ? l + x : l);   // -log sigma(-x)
            if (mu1[k] != 0) h += mu1[k] * (x >= 0 ? l : l - x);   // -log sigma(x)
        }
        return h;
    }

    /** Adds g * dH+(p_Z, q)/dx into dQ. */
    public void backward(double[] qLogits, double g, double[] dQ) {
        Sigmoids.checkLength(qLogits, (long) m * sQ, "q logits");
        Sigmoids.checkLength(dQ, (long) m * sQ, "dQ");
        Parallel.forRange(m * sQ, 30, (lo, hi, worker) -> { // elementwise: the same bits on any thread count
            for (int k = lo; k < hi; k++) {
                double w = mu0[k] + mu1[k];
                if (w == 0) continue;
                dQ[k] += g * (w * Sigmoids.sigmoid(qLogits[k]) - mu1[k]);
            }
        });
    }
}
