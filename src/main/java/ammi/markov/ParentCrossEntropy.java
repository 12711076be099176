package ammi.markov;

import ammi.util.Parallel;

import java.util.Arrays;

/**
 * Cross entropy H(p, q) = -sum_z p(z) log q(z) between an order-0 posterior p (independent bits,
 * B x m logits) and a shared prior q that is a Bayesian network over the bits:
 * q(z) = prod_k q(z_k | z_pa(k)), where every position k has r parents pa_0(k), ..., pa_{r-1}(k),
 * each earlier than k or absent (-1, read as a bit that is always 0). The order-r chain is the
 * case pa_j(k) = k - 1 - j, and then this equals {@link CrossEntropy} with orders (0, r).
 *
 * <p>The prior's table has the chain's layout: position k's 2^r conditionals are contiguous and
 * context bit (r - 1 - j) holds parent j, as context bit r - 1 holds z_{k-1} in the chain.
 *
 * <p>Because p's bits are independent, H is a sum over positions of a multilinear form in the
 * parents' probabilities, H_k = sum_c prod_t g_t(c_t) E_k(c) with E_k(c) = -sum_v p_k(v) log
 * q(v | c): contracted one context bit at a time it costs O(2^r) per position, and its backward
 * pass runs the contraction in reverse (docs/training.md). Not thread-safe: one instance per caller.
 */
public final class ParentCrossEntropy {
    private final int m, r, sQ;
    private final int[] parents;
    /** Per position k, over its 2^r contexts: -log sigma(-x), -log sigma(x), sigma(x) of q's logits. Rows, not one flat array: see {@link #document}. */
    private final double[][] lq0, lq1, sq;
    private Work[] work = new Work[0];
    /** Documents per partial sum of the prior's gradient; fixed, so the sum does not depend on the thread count. */
    static final int SUM_BLOCK = 4;
    private double[] blockDQ = new double[0];

    private static final class Work {
        final double[] p1, p0, g0, g1, dg0, dg1, dQ;
        /** s[t]: level t of the contraction (2^t entries); a[t]: its adjoints. One array per level lets the JIT vectorise the passes. */
        final double[][] s, a;

        Work(int m, int r, int sQ) {
            p1 = new double[m];
            p0 = new double[m];
            s = new double[r + 1][];
            a = new double[r + 1][];
            for (int t = 0; t <= r; t++) {
                s[t] = new double[1 << t];
                a[t] = new double[1 << t];
            }
            g0 = new double[Math.max(1, r)];
            g1 = new double[Math.max(1, r)];
            dg0 = new double[Math.max(1, r)];
            dg1 = new double[Math.max(1, r)];
            dQ = new double[m * sQ];
        }
    }

    public ParentCrossEntropy(int m, int r) {
        if (m < 1) throw new IllegalArgumentException("code length m must be >= 1, got " + m);
        this.m = m;
        this.r = r;
        this.sQ = Sigmoids.states(r, "prior");
        parents = chainParents(m, r);
        lq0 = new double[m][sQ];
        lq1 = new double[m][sQ];
        sq = new double[m][sQ];
    }

    /** pa_j(k) = k - 1 - j, or -1 before the first bit: the order-r Markov chain. */
    public static int[] chainParents(int m, int r) {
        int[] pa = new int[m * r];
        for (int k = 0; k < m; k++)
            for (int j = 0; j < r; j++) pa[k * r + j] = k - 1 - j >= 0 ? k - 1 - j : -1;
        return pa;
    }

    /**
     * Checks that parents[k * r + j] is -1 or in [0, k) for every position k, and that a position's
     * parents are distinct (the product over parents assumes they are independent under p).
     */
    public static void checkParents(int[] parents, int m, int r) {
        if (parents.length != m * r) throw new IllegalArgumentException("parents has " + parents.length + " entries, expected m * r = " + (m * r));
        for (int k = 0; k < m; k++)
            for (int j = 0; j < r; j++) {
                int p = parents[k * r + j];
                if (p < -1 || p >= k) throw new IllegalArgumentException("parent " + j + " of position " + k + " is " + p + ", expected -1 or an earlier position");
                for (int i = 0; i < j; i++)
                    if (p >= 0 && parents[k * r + i] == p) throw new IllegalArgumentException("position " + k + " has parent " + p + " twice");
            }
    }

    public void setParents(int[] pa) {
        checkParents(pa, m, r);
        System.arraycopy(pa, 0, parents, 0, pa.length);
    }

    public int[] parents() {
        return parents.clone();
    }

    private void ensureWorkers() {
        int t = Parallel.threads();
        if (work.length >= t) return;
        Work[] w = Arrays.copyOf(work, t);
        for (int i = work.length; i < t; i++) w[i] = new Work(m, r, sQ);
        work = w;
    }

    private void check(double[] pLogits, double[] qLogits, int batch) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        Sigmoids.checkLength(pLogits, (long) batch * m, "p logits");
        Sigmoids.checkLength(qLogits, (long) m * sQ, "q logits");
    }

    private void precompute(double[] q) {
        Parallel.forRange(m, 60L * sQ, (lo, hi, worker) -> { // elementwise: the same bits on any thread count
            for (int k = lo; k < hi; k++) {
                final double[] l0 = lq0[k], l1 = lq1[k], s = sq[k];
                for (int c = 0; c < sQ; c++) {
                    double x = q[k * sQ + c];
                    double e = Math.exp(-Math.abs(x)), l = Math.log1p(e);
                    l0[c] = x >= 0 ? l + x : l;   // -log sigma(-x)
                    l1[c] = x >= 0 ? l : l - x;   // -log sigma(x)
                    s[c] = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                }
            }
        });
    }

    /** out[b] = H(p_b, q) for each document of the batch. */
    public void forward(double[] pLogits, double[] qLogits, int batch, double[] out) {
        check(pLogits, qLogits, batch);
        Sigmoids.checkLength(out, batch, "out");
        ensureWorkers();
        precompute(qLogits);
        final Work[] ws = work;
        Parallel.forRange(batch, 4L * m * sQ, (lo, hi, worker) -> {
            Work w = ws[worker];
            for (int b = lo; b < hi; b++) out[b] = document(w, pLogits, b, 0, null, null);
        });
    }

    /**
     * Adds gOut[b] times the gradient of H(p_b, q) to dP (B x m, may be null) and to dQ (the
     * shared table, summed over documents; may be null).
     */
    public void backward(double[] pLogits, double[] qLogits, int batch, double[] gOut, double[] dP, double[] dQ) {
        check(pLogits, qLogits, batch);
        Sigmoids.checkLength(gOut, batch, "gOut");
        if (dP == null && dQ == null) return;
        if (dP != null) Sigmoids.checkLength(dP, (long) batch * m, "dP");
        if (dQ != null) Sigmoids.checkLength(dQ, (long) m * sQ, "dQ");
        ensureWorkers();
        precompute(qLogits);
        final Work[] ws = work;
        if (dQ == null) {
            Parallel.forRange(batch, 8L * m * sQ, (lo, hi, worker) -> {
                for (int b = lo; b < hi; b++) if (gOut[b] != 0) document(ws[worker], pLogits, b, gOut[b], dP, null);
            });
            return;
        }
        // Blocks of SUM_BLOCK documents, then the blocks in order: the bits of dQ do not depend on the thread count.
        final int len = m * sQ, blocks = (batch + SUM_BLOCK - 1) / SUM_BLOCK;
        if (blockDQ.length < (long) blocks * len) blockDQ = new double[blocks * len];
        final double[] parts = blockDQ;
        Parallel.forRange(blocks, 8L * SUM_BLOCK * m * sQ, (lo, hi, worker) -> {
            Work w = ws[worker];
            for (int c = lo; c < hi; c++) {
                Arrays.fill(w.dQ, 0.0);
                for (int b = c * SUM_BLOCK, end = Math.min(batch, b + SUM_BLOCK); b < end; b++)
                    if (gOut[b] != 0) document(w, pLogits, b, gOut[b], dP, w.dQ);
                System.arraycopy(w.dQ, 0, parts, c * len, len);
            }
        });
        for (int c = 0; c < blocks; c++)
            for (int k = 0; k < len; k++) dQ[k] += parts[c * len + k];
    }

    /**
     * Fills out with the batch's aggregate (context, bit) probabilities under these parents: the
     * statistics that H+(p_Z, q) reads (see {@link ContextMarginals}).
     */
    public void contextMarginals(double[] pLogits, int batch, ContextMarginals out) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        Sigmoids.checkLength(pLogits, (long) batch * m, "p logits");
        out.check(m, r);
        ensureWorkers();
        final Work[] ws = work;
        out.fill(batch, 4L * m * sQ, (worker, b, parts, off) -> marginalsDoc(ws[worker], pLogits, b, parts, off));
    }

    /** Adds document b's P(context c at k) p(z_k = v) into mu[muOff + v m 2^r + k 2^r + c]. */
    private void marginalsDoc(Work w, double[] pLogits, int b, double[] mu, int muOff) {
        final double[] p1 = w.p1, p0 = w.p0, g0 = w.g0, g1 = w.g1;
        final double[][] a = w.a;
        conditionals(pLogits, b, p1, p0);
        for (int k = 0; k < m; k++) {
            final int cur = k * sQ;
            parentDistributions(k, p1, p0, g0, g1);
            // P(c) = prod_t g_t(c_t), built one context bit at a time as the adjoints are
            a[0][0] = 1.0;
            for (int t = 0; t < r; t++) spread(a[t], a[t + 1], 1 << t, g0[t], g1[t]);
            final double[] pc = a[r];
            for (int c = 0; c < sQ; c++) {
                mu[muOff + cur + c] += pc[c] * p0[k];
                mu[muOff + m * sQ + cur + c] += pc[c] * p1[k];
            }
        }
    }

    /** next[c] = g0 up[c], next[lo + c] = g1 up[c]: one context bit more. */
    private static void spread(double[] up, double[] next, int lo, double g0, double g1) {
        for (int c = 0; c < lo; c++) next[c] = g0 * up[c]; // apart, so that this loop vectorises
        for (int c = 0; c < lo; c++) next[lo + c] = g1 * up[c];
    }

    private void conditionals(double[] pLogits, int b, double[] p1, double[] p0) {
        final int off = b * m;
        for (int k = 0; k < m; k++) {
            double x = pLogits[off + k];
            double e = Math.exp(-Math.abs(x)), d = 1.0 / (1.0 + e);
            p1[k] = x >= 0 ? d : e * d;
            p0[k] = x >= 0 ? e * d : d;
        }
    }

    /** g_t: the distribution of the parent held by context bit t (an absent parent is always 0). */
    private void parentDistributions(int k, double[] p1, double[] p0, double[] g0, double[] g1) {
        for (int j = 0; j < r; j++) {
            int t = r - 1 - j, pa = parents[k * r + j];
            g0[t] = pa < 0 ? 1.0 : p0[pa];
            g1[t] = pa < 0 ? 0.0 : p1[pa];
        }
    }

    /**
     * H(p_b, q); with g != 0 also adds g * dH/dlogits into dP's row b (when non-null) and
     * g * dH/dq into dQ (when non-null).
     */
    private double document(Work w, double[] pLogits, int b, double g, double[] dP, double[] dQ) {
        final double[] p1 = w.p1, p0 = w.p0, g0 = w.g0, g1 = w.g1, dg0 = w.dg0, dg1 = w.dg1;
        final double[][] s = w.s, a = w.a;
        final int off = b * m;
        conditionals(pLogits, b, p1, p0);
        double h = 0;
        for (int k = 0; k < m; k++) {
            final int cur = k * sQ;
            parentDistributions(k, p1, p0, g0, g1);
            // level r: E_k(c); level t: bit t contracted away
            final double[] top = s[r];
            // from index 0 of every array (q's rows, not offsets into a flat table): C2 vectorises only that form
            final double[] l0 = lq0[k], l1 = lq1[k];
            final double pk0 = p0[k], pk1 = p1[k];
            for (int c = 0; c < sQ; c++) top[c] = pk0 * l0[c] + pk1 * l1[c];
            for (int t = r - 1; t >= 0; t--) {
                final double[] up = s[t + 1], dn = s[t];
                final double a0 = g0[t], a1 = g1[t];
                final int lo = 1 << t;
                for (int c = 0; c < lo; c++) dn[c] = a0 * up[c] + a1 * up[lo + c];
            }
            double hk = s[0][0];
            h += hk;
            if (g == 0) continue;
            // adjoints top-down: level r ends as g * P(c), the context's probability
            a[0][0] = g;
            for (int t = 0; t < r; t++) {
                final double[] at = a[t], st = s[t + 1];
                final int lo = 1 << t;
                double d0 = 0, d1 = 0;
                for (int c = 0; c < lo; c++) {
                    d0 += st[c] * at[c];
                    d1 += st[lo + c] * at[c];
                }
                dg0[t] = d0;
                dg1[t] = d1;
                spread(at, a[t + 1], lo, g0[t], g1[t]);
            }
            final double[] pc = a[r];
            if (dQ != null)
                for (int c = 0; c < sQ; c++) dQ[cur + c] += pc[c] * (sq[k][c] - pk1);
            if (dP != null) {
                double dE = 0;
                for (int c = 0; c < sQ; c++) dE += pc[c] * (l1[c] - l0[c]);
                dP[off + k] += p1[k] * p0[k] * dE;
                for (int j = 0; j < r; j++) {
                    int t = r - 1 - j, pa = parents[k * r + j];
                    if (pa >= 0) dP[off + pa] += p1[pa] * p0[pa] * (dg1[t] - dg0[t]);
                }
            }
        }
        return h;
    }
}
