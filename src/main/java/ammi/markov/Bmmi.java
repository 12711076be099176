package ammi.markov;

import ammi.util.Parallel;

import java.util.Arrays;

/**
 * BMMI: the exact entropy of the batch mixture, eq. (2), H(pbar) with
 * pbar(z) = (1/B) sum_l p(z | y_l), by enumerating all 2^m codes (m <= 16). O(B 2^m m).
 * Not thread-safe: one instance per caller.
 */
public final class Bmmi {
    public static final int MAX_M = 16;
    private final int m, order, S, nCodes;
    private final double[] pbar, weight;
    private Work[] work = new Work[0];
    /** Documents per partial sum of pbar; fixed, unlike the thread count. */
    static final int SUM_BLOCK = 16;
    private double[] blockSums = new double[0];

    private static final class Work {
        final double[] prob, partial, sig1, sig0;
        final int[] ctx;

        Work(int nCodes, int m, int S) {
            prob = new double[nCodes];
            partial = new double[nCodes];
            ctx = new int[nCodes];
            sig1 = new double[m * S];
            sig0 = new double[m * S];
        }
    }

    public Bmmi(int m, int order) {
        if (m < 1) throw new IllegalArgumentException("code length m must be >= 1, got " + m);
        if (m > MAX_M) throw new IllegalArgumentException("BMMI enumerates all 2^m codes and needs m <= " + MAX_M + ", got m = " + m);
        this.m = m;
        this.order = order;
        this.S = Sigmoids.states(order, "Markov");
        this.nCodes = 1 << m;
        pbar = new double[nCodes];
        weight = new double[nCodes];
        ensureWorkers();
    }

    private void ensureWorkers() {
        int t = Parallel.threads();
        if (work.length >= t) return;
        Work[] w = Arrays.copyOf(work, t);
        for (int i = work.length; i < t; i++) w[i] = new Work(nCodes, m, S);
        work = w;
    }

    /** p(z | y_b) for every code, built by extending prefixes one position at a time. */
    private void codeProbabilities(Work w, double[] logits, int b) {
        final int off = b * m * S;
        final double[] prob = w.prob, sig1 = w.sig1, sig0 = w.sig0;
        final int[] ctx = w.ctx;
        for (int k = 0; k < m * S; k++) {
            sig1[k] = Sigmoids.sigmoid(logits[off + k]);
            sig0[k] = Sigmoids.sigmoid(-logits[off + k]);
        }
        prob[0] = 1.0;
        ctx[0] = 0;
        final int half = S >> 1;
        for (int i = 0; i < m; i++) {
            int len = 1 << i;
            for (int k = 0; k < len; k++) {
                double p = prob[k];
                int c = ctx[k];
                prob[k + len] = p * sig1[i * S + c];
                prob[k] = p * sig0[i * S + c];
                ctx[k + len] = (c >> 1) + half;
                ctx[k] = c >> 1;
            }
        }
    }

    private void mixture(double[] logits, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        Sigmoids.checkLength(logits, (long) batch * m * S, "logits");
        ensureWorkers();
        final Work[] ws = work;
        // pbar sums over documents per block of SUM_BLOCK, then the blocks in order: the same bits
        // on any thread count.
        final int blocks = (batch + SUM_BLOCK - 1) / SUM_BLOCK;
        if (blockSums.length < (long) blocks * nCodes) blockSums = new double[blocks * nCodes];
        final double[] parts = blockSums;
        Parallel.forRange(blocks, 2L * SUM_BLOCK * nCodes, (lo, hi, worker) -> {
            Work w = ws[worker];
            for (int c = lo; c < hi; c++) {
                Arrays.fill(w.partial, 0.0);
                for (int b = c * SUM_BLOCK, end = Math.min(batch, b + SUM_BLOCK); b < end; b++) {
                    codeProbabilities(w, logits, b);
                    for (int z = 0; z < nCodes; z++) w.partial[z] += w.prob[z];
                }
                System.arraycopy(w.partial, 0, parts, c * nCodes, nCodes);
            }
        });
        Arrays.fill(pbar, 0.0);
        for (int c = 0; c < blocks; c++) {
            for (int z = 0; z < nCodes; z++) pbar[z] += parts[c * nCodes + z];
        }
        double inv = 1.0 / batch;
        for (int z = 0; z < nCodes; z++) pbar[z] *= inv;
    }

    /** pbar itself, a copy: the empirical marginal code distribution over all 2^m codes. */
    public double[] distribution(double[] logits, int batch) {
        mixture(logits, batch);
        return pbar.clone();
    }

    public double entropy(double[] logits, int batch) {
        mixture(logits, batch);
        double h = 0;
        for (int z = 0; z < nCodes; z++) if (pbar[z] > 0) h -= pbar[z] * Math.log(pbar[z]);
        return h;
    }

    /**
     * Adds gOut * dH/dlogits. dH/dp(z|y_l) = -(1/B)(log pbar(z) + 1); the "+1" contributes
     * sum_z p(z)(z_i - p1)[ctx_i(z) = c] = 0 exactly, so it is dropped to avoid cancellation.
     */
    public void backward(double[] logits, int batch, double gOut, double[] dLogits) {
        mixture(logits, batch);
        Sigmoids.checkLength(dLogits, (long) batch * m * S, "dLogits");
        final double scale = -gOut / batch;
        for (int z = 0; z < nCodes; z++) weight[z] = pbar[z] > 0 ? scale * Math.log(pbar[z]) : 0.0;
        final Work[] ws = work;
        final int half = S >> 1;
        Parallel.forRange(batch, (long) nCodes * (m + 2), (lo, hi, worker) -> {
            Work w = ws[worker];
            for (int b = lo; b < hi; b++) {
                codeProbabilities(w, logits, b);
                final int off = b * m * S;
                final double[] sig1 = w.sig1, sig0 = w.sig0;
                for (int z = 0; z < nCodes; z++) {
                    double g = weight[z] * w.prob[z];
                    if (g == 0) continue;
                    int c = 0;
                    for (int i = 0; i < m; i++) {
                        int k = i * S + c;
                        if (((z >> i) & 1) == 1) {
                            dLogits[off + k] += g * sig0[k];
                            c = (c >> 1) + half;
                        } else {
                            dLogits[off + k] -= g * sig1[k];
                            c >>= 1;
                        }
                    }
                }
            }
        });
    }
}
