package ammi.markov;

import ammi.util.Parallel;

import java.util.Arrays;

/**
 * Cross entropy H(p, q) = -sum_z p(z) log q(z) between an order-o chain p and an order-r chain q,
 * o <= r (Algorithm 1 of the paper), with its exact gradient. One forward pass over the order-r
 * state space per document: O(m 2^r) time. Not thread-safe: one instance per caller.
 */
public final class CrossEntropy {
    private final int m, orderP, orderQ, sP, sQ, shift;
    /** -log q(0|c), -log q(1|c), sigma(q) for a shared prior, filled once per call. */
    private final double[] lq0, lq1, sq;
    private final double[] sharedKey;
    private boolean sharedValid;
    private Work[] work = new Work[0];
    /** Documents per partial sum of a shared prior's gradient; fixed, unlike the thread count. */
    static final int SUM_BLOCK = 4;
    private double[] blockDQ = new double[0];

    private static final class Work {
        final double[] alpha, beta, betaNext, p1, p0, dQ;

        Work(int m, int sP, int sQ) {
            alpha = new double[(m + 1) * sQ];
            beta = new double[sQ];
            betaNext = new double[sQ];
            p1 = new double[m * sP];
            p0 = new double[m * sP];
            dQ = new double[m * sQ];
        }
    }

    public CrossEntropy(int m, int orderP, int orderQ) {
        if (m < 1) throw new IllegalArgumentException("code length m must be >= 1, got " + m);
        if (orderP > orderQ)
            throw new IllegalArgumentException("cross entropy needs the order of p (" + orderP
                    + ") to be at most the order of q (" + orderQ + ")");
        this.m = m;
        this.orderP = orderP;
        this.orderQ = orderQ;
        this.sP = Sigmoids.states(orderP, "p");
        this.sQ = Sigmoids.states(orderQ, "q");
        this.shift = orderQ - orderP;
        lq0 = new double[m * sQ];
        lq1 = new double[m * sQ];
        sq = new double[m * sQ];
        sharedKey = new double[m * sQ];
        ensureWorkers();
    }

    public int m() { return m; }
    public int orderP() { return orderP; }
    public int orderQ() { return orderQ; }

    private void ensureWorkers() {
        int t = Parallel.threads();
        if (work.length >= t) return;
        Work[] w = Arrays.copyOf(work, t);
        for (int i = work.length; i < t; i++) w[i] = new Work(m, sP, sQ);
        work = w;
    }

    /** Batch-wide alpha and conditionals are kept when they fit in this many doubles. */
    private static final long CACHE_LIMIT = 1L << 22;
    private double[] alphaAll = new double[0], p1All = new double[0], p0All = new double[0], pKey = new double[0];
    private int keyBatch = -1;
    private boolean cacheFits;

    private void prepareCache(int batch) {
        keyBatch = -1;
        long need = (long) batch * (m + 1) * sQ;
        cacheFits = need <= CACHE_LIMIT;
        if (!cacheFits) return;
        if (alphaAll.length < need) alphaAll = new double[(int) need];
        if (p1All.length < batch * m * sP) {
            p1All = new double[batch * m * sP];
            p0All = new double[batch * m * sP];
            pKey = new double[batch * m * sP];
        }
    }

    private void check(double[] pLogits, double[] qLogits, boolean qShared, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        Sigmoids.checkLength(pLogits, (long) batch * m * sP, "p logits");
        Sigmoids.checkLength(qLogits, (qShared ? 1L : batch) * m * sQ, "q logits");
    }

    private void precomputeShared(double[] q) {
        int n = m * sQ;
        // backward right after forward sees the same prior: skip the n logs and exps
        if (sharedValid && Arrays.equals(q, 0, n, sharedKey, 0, n)) return;
        for (int k = 0; k < n; k++) {
            double x = q[k];
            double e = Math.exp(-Math.abs(x)), l = Math.log1p(e);
            lq0[k] = x >= 0 ? l + x : l;   // -log sigma(-x)
            lq1[k] = x >= 0 ? l : l - x;   // -log sigma(x)
            sq[k] = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        }
        System.arraycopy(q, 0, sharedKey, 0, n);
        sharedValid = true;
    }

    public void forward(double[] pLogits, double[] qLogits, boolean qShared, int batch, double[] out) {
        check(pLogits, qLogits, qShared, batch);
        Sigmoids.checkLength(out, batch, "out");
        ensureWorkers();
        if (qShared) precomputeShared(qLogits);
        prepareCache(batch);
        final Work[] ws = work;
        Parallel.forRange(batch, 8L * m * sQ, (lo, hi, worker) -> {
            Work w = ws[worker];
            for (int b = lo; b < hi; b++) out[b] = forwardDoc(w, pLogits, b, qLogits, qShared);
        });
        if (cacheFits) {
            int n = batch * m * sP;
            System.arraycopy(pLogits, 0, pKey, 0, n);
            keyBatch = batch;
        }
    }

    // A document's alpha (positions 0..m) and conditionals live in the batch cache when it fits,
    // else in the worker's scratch.
    private double[] alphaOf(Work w) { return cacheFits ? alphaAll : w.alpha; }
    private double[] p1Of(Work w) { return cacheFits ? p1All : w.p1; }
    private double[] p0Of(Work w) { return cacheFits ? p0All : w.p0; }
    private int alphaOffset(int b) { return cacheFits ? b * (m + 1) * sQ : 0; }
    private int condOffset(int b) { return cacheFits ? b * m * sP : 0; }

    private double forwardDoc(Work w, double[] pLogits, int b, double[] qLogits, boolean qShared) {
        return forwardDoc(w, pLogits, b, qLogits, qShared, null, 0);
    }

    /**
     * Fills alpha for positions 0..m and p's conditionals for document b; returns H(p_b, q_b). With
     * mu non-null, q is not read: instead adds the (context, bit) probabilities alpha_i(c) p(v | c)
     * into mu[muOff + i 2^r + c] (v = 0) and mu[muOff + m 2^r + i 2^r + c] (v = 1), and returns 0.
     */
    private double forwardDoc(Work w, double[] pLogits, int b, double[] qLogits, boolean qShared, double[] mu, int muOff) {
        final int pOff = b * m * sP, qOff = qShared ? 0 : b * m * sQ, half = sQ >> 1;
        final double[] alpha = alphaOf(w), p1 = p1Of(w), p0 = p0Of(w);
        final int ao = alphaOffset(b), po = condOffset(b);
        for (int k = 0; k < m * sP; k++) {
            double x = pLogits[pOff + k];
            double e = Math.exp(-Math.abs(x)), d = 1.0 / (1.0 + e);
            p1[po + k] = x >= 0 ? d : e * d;
            p0[po + k] = x >= 0 ? e * d : d;
        }
        Arrays.fill(alpha, ao, ao + (m + 1) * sQ, 0.0);
        alpha[ao] = 1.0;
        double h = 0;
        for (int i = 0; i < m; i++) {
            final int cur = i * sQ, nxt = ao + cur + sQ, pb = po + i * sP;
            for (int c = 0; c < sQ; c++) {
                double a = alpha[ao + cur + c];
                if (a == 0) continue; // unreachable context (e.g. nonzero padding bits)
                int cp = c >> shift;
                double mu0 = a * p0[pb + cp], mu1 = a * p1[pb + cp];
                alpha[nxt + (c >> 1)] += mu0;
                alpha[nxt + (c >> 1) + half] += mu1;
                if (mu != null) {
                    mu[muOff + cur + c] += mu0;
                    mu[muOff + m * sQ + cur + c] += mu1;
                    continue;
                }
                double l0, l1;
                if (qShared) {
                    l0 = lq0[cur + c];
                    l1 = lq1[cur + c];
                } else {
                    // -log sigma(+-x) = log1p(exp(-|x|)) + max(-+x, 0): one exp and one log1p
                    double x = qLogits[qOff + cur + c];
                    double t = Math.log1p(Math.exp(-Math.abs(x)));
                    l0 = x > 0 ? t + x : t;
                    l1 = x < 0 ? t - x : t;
                }
                // guard 0 * inf when a branch has probability exactly 0
                if (mu0 != 0) h += mu0 * l0;
                if (mu1 != 0) h += mu1 * l1;
            }
        }
        return h;
    }

    /**
     * Fills out with the batch's aggregate (context, bit) probabilities under this chain's order r:
     * the statistics that H+(p_Z, q) for a shared prior reads (see {@link ContextMarginals}).
     */
    public void contextMarginals(double[] pLogits, int batch, ContextMarginals out) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        Sigmoids.checkLength(pLogits, (long) batch * m * sP, "p logits");
        out.check(m, orderQ);
        ensureWorkers();
        prepareCache(batch); // unclaims the batch cache, which this overwrites
        final Work[] ws = work;
        out.fill(batch, 8L * m * sQ, (worker, b, parts, off) -> forwardDoc(ws[worker], pLogits, b, null, true, parts, off));
    }

    public void backward(double[] pLogits, double[] qLogits, boolean qShared, int batch, double[] gOut,
                         double[] dP, double[] dQ) {
        check(pLogits, qLogits, qShared, batch);
        Sigmoids.checkLength(gOut, batch, "gOut");
        if (dP == null && dQ == null) return;
        if (dP != null) Sigmoids.checkLength(dP, (long) batch * m * sP, "dP");
        if (dQ != null) Sigmoids.checkLength(dQ, (qShared ? 1L : batch) * m * sQ, "dQ");
        ensureWorkers();
        if (qShared) precomputeShared(qLogits);
        // backward right after forward on the same p reuses forward's alpha and conditionals
        final boolean cached = cacheFits && keyBatch == batch
                && Arrays.equals(pLogits, 0, batch * m * sP, pKey, 0, batch * m * sP);
        if (!cached) prepareCache(batch);
        final Work[] ws = work;
        if (qShared && dQ != null) {
            // The prior's gradient sums over documents: per block of SUM_BLOCK documents, then the
            // blocks in order, so the bits do not depend on the thread count (a run trains the same
            // on 1 thread, as grid search runs it, as on all cores).
            final int len = m * sQ, blocks = (batch + SUM_BLOCK - 1) / SUM_BLOCK;
            if (blockDQ.length < (long) blocks * len) blockDQ = new double[blocks * len];
            final double[] parts = blockDQ;
            Parallel.forRange(blocks, 16L * SUM_BLOCK * m * sQ, (lo, hi, worker) -> {
                Work w = ws[worker];
                for (int c = lo; c < hi; c++) {
                    Arrays.fill(w.dQ, 0.0);
                    for (int b = c * SUM_BLOCK, end = Math.min(batch, b + SUM_BLOCK); b < end; b++) {
                        if (gOut[b] == 0) continue;
                        backwardDoc(w, cached, pLogits, b, qLogits, true, gOut[b], dP, w.dQ);
                    }
                    System.arraycopy(w.dQ, 0, parts, c * len, len);
                }
            });
            for (int c = 0; c < blocks; c++) {
                for (int k = 0; k < len; k++) dQ[k] += parts[c * len + k];
            }
            return;
        }
        Parallel.forRange(batch, 16L * m * sQ, (lo, hi, worker) -> {
            Work w = ws[worker];
            for (int b = lo; b < hi; b++) {
                if (gOut[b] == 0) continue;
                backwardDoc(w, cached, pLogits, b, qLogits, qShared, gOut[b], dP, dQ);
            }
        });
    }

    private void backwardDoc(Work w, boolean cached, double[] pLogits, int b, double[] qLogits, boolean qShared, double g,
                             double[] dP, double[] dQ) {
        if (!cached) forwardDoc(w, pLogits, b, qLogits, qShared);
        final int pOff = b * m * sP, qOff = qShared ? 0 : b * m * sQ, half = sQ >> 1;
        final double[] alpha = alphaOf(w), p1 = p1Of(w), p0 = p0Of(w);
        final int ao = alphaOffset(b), po = condOffset(b);
        double[] beta = w.beta, betaNext = w.betaNext;
        Arrays.fill(betaNext, 0.0); // beta_m = 0
        for (int i = m - 1; i >= 0; i--) {
            final int cur = i * sQ, pb = po + i * sP;
            for (int c = 0; c < sQ; c++) {
                int cp = c >> shift;
                double l0, l1, s;
                if (qShared) {
                    l0 = lq0[cur + c];
                    l1 = lq1[cur + c];
                    s = sq[cur + c];
                } else {
                    double x = qLogits[qOff + cur + c];
                    double e = Math.exp(-Math.abs(x)), t = Math.log1p(e);
                    l0 = x > 0 ? t + x : t;
                    l1 = x < 0 ? t - x : t;
                    s = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                }
                double q1 = p1[pb + cp], q0 = p0[pb + cp];
                double t0 = l0 + betaNext[c >> 1], t1 = l1 + betaNext[(c >> 1) + half];
                beta[c] = (q0 == 0 ? 0 : q0 * t0) + (q1 == 0 ? 0 : q1 * t1);
                double a = alpha[ao + cur + c];
                if (a == 0) continue;
                double ga = g * a;
                if (dQ != null) dQ[qOff + cur + c] += ga * (s - q1);
                if (dP != null) dP[pOff + i * sP + cp] += ga * q1 * q0 * (t1 - t0);
            }
            double[] tmp = beta;
            beta = betaNext;
            betaNext = tmp;
        }
    }
}
