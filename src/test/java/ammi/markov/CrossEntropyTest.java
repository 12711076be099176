package ammi.markov;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static ammi.markov.MarkovTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class CrossEntropyTest {

    @Test
    void matchesEnumerationForAllOrderPairs() {
        Random rnd = new Random(3);
        for (int r = 0; r <= 5; r++) {
            for (int o = 0; o <= r; o++) {
                for (int m = 1; m <= 8; m++) {
                    int batch = 2;
                    CrossEntropy ce = new CrossEntropy(m, o, r);
                    double[] p = randomLogits(rnd, batch * m << o, 2.0);
                    double[] qDoc = randomLogits(rnd, batch * m << r, 2.0);
                    double[] qShared = randomLogits(rnd, m << r, 2.0);
                    double[] out = new double[batch];
                    ce.forward(p, qDoc, false, batch, out);
                    for (int b = 0; b < batch; b++)
                        assertClose(BruteForce.crossEntropy(p, b, o, qDoc, b, r, m), out[b], 1e-10, "per-doc o=" + o + " r=" + r + " m=" + m);
                    ce.forward(p, qShared, true, batch, out);
                    for (int b = 0; b < batch; b++)
                        assertClose(BruteForce.crossEntropy(p, b, o, qShared, 0, r, m), out[b], 1e-10, "shared o=" + o + " r=" + r + " m=" + m);
                }
            }
        }
    }

    @Test
    void codesShorterThanOrderAndHighPriorOrder() {
        Random rnd = new Random(4);
        int[][] cases = {{1, 3, 5}, {2, 4, 4}, {3, 0, 6}, {2, 2, 10}, {6, 2, 12}, {8, 3, 12}};
        for (int[] c : cases) {
            int m = c[0], o = c[1], r = c[2];
            double[] p = randomLogits(rnd, m << o, 2.0), q = randomLogits(rnd, m << r, 2.0);
            double[] out = new double[1];
            new CrossEntropy(m, o, r).forward(p, q, true, 1, out);
            assertClose(BruteForce.crossEntropy(p, 0, o, q, 0, r, m), out[0], 1e-10, "m=" + m + " o=" + o + " r=" + r);
        }
    }

    @Test
    void handComputedCases() {
        double l3 = Math.log(3);
        double[] out = new double[1];
        // m=1, o=r=0, p1 = 0.5, q1 = 0.75: H = -0.5 ln 0.75 - 0.5 ln 0.25
        //   = 0.5 * (0.2876820724517809 + 1.3862943611198906) = 0.8369882167858358
        new CrossEntropy(1, 0, 0).forward(new double[] {0.0}, new double[] {l3}, true, 1, out);
        assertEquals(0.8369882167858358, out[0], 1e-14);
        // m=2, o=0, independent bits p1 = (0.5, 0.75): H(p,p) = ln 2 + H_b(0.75)
        //   = 0.6931471805599453 + 0.5623351446188083 = 1.2554823251787536
        double[] p = {0.0, l3};
        new CrossEntropy(2, 0, 0).forward(p, p, false, 1, out);
        assertEquals(1.2554823251787536, out[0], 1e-14);
        // m=2, o=r=1: p(z0=1)=0.75; p(z1=1|z0=0)=0.5, p(z1=1|z0=1)=0.75.
        // H = H_b(0.75) + 0.25 ln 2 + 0.75 H_b(0.75) = 1.1573732982229009
        double[] p1 = {l3, 7.0, 0.0, l3};
        new CrossEntropy(2, 1, 1).forward(p1, p1, false, 1, out);
        assertEquals(1.1573732982229009, out[0], 1e-14);
    }

    @Test
    void rejectsPriorOrderBelowPosteriorOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CrossEntropy(4, 3, 2));
        assertTrue(e.getMessage().contains("at most"), e.getMessage());
    }

    /** Central differences of sum_b g_b H_b against backward, for p and q. */
    private static void checkGradients(int m, int o, int r, int batch, boolean shared, long seed) {
        Random rnd = new Random(seed);
        CrossEntropy ce = new CrossEntropy(m, o, r);
        double[] p = randomLogits(rnd, batch * m << o, 1.5);
        double[] q = randomLogits(rnd, (shared ? 1 : batch) * m << r, 1.5);
        double[] g = randomLogits(rnd, batch, 1.0);
        double[] dP = new double[p.length], dQ = new double[q.length];
        ce.backward(p, q, shared, batch, g, dP, dQ);
        double h = 1e-5;
        double[] out = new double[batch];
        for (double[][] pair : new double[][][] {{p, dP}, {q, dQ}}) {
            double[] x = pair[0], grad = pair[1];
            for (int k = 0; k < x.length; k++) {
                double save = x[k];
                x[k] = save + h;
                ce.forward(p, q, shared, batch, out);
                double fp = dot(g, out);
                x[k] = save - h;
                ce.forward(p, q, shared, batch, out);
                double fm = dot(g, out);
                x[k] = save;
                double fd = (fp - fm) / (2 * h);
                assertEquals(fd, grad[k], 1e-6 * Math.max(1e-1, Math.abs(fd)),
                        (x == p ? "dP" : "dQ") + "[" + k + "] m=" + m + " o=" + o + " r=" + r + " shared=" + shared);
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        int[][] cases = {{1, 0, 0}, {3, 0, 2}, {4, 1, 1}, {4, 1, 3}, {5, 2, 3}, {3, 2, 4}, {2, 3, 3}, {6, 0, 1}};
        long seed = 10;
        for (int[] c : cases) {
            checkGradients(c[0], c[1], c[2], 3, false, seed++);
            checkGradients(c[0], c[1], c[2], 3, true, seed++);
        }
    }

    @Test
    void backwardAddsAndSkipsNullTargets() {
        Random rnd = new Random(5);
        int m = 4, o = 1, r = 2, batch = 2;
        CrossEntropy ce = new CrossEntropy(m, o, r);
        double[] p = randomLogits(rnd, batch * m << o, 1.0), q = randomLogits(rnd, m << r, 1.0);
        double[] g = {1.0, -0.5};
        double[] dP = new double[p.length], dQ = new double[q.length];
        ce.backward(p, q, true, batch, g, dP, dQ);
        double[] dP2 = new double[p.length];
        java.util.Arrays.fill(dP2, 1.0);
        ce.backward(p, q, true, batch, g, dP2, null);
        for (int k = 0; k < p.length; k++) assertEquals(dP[k] + 1.0, dP2[k], 1e-15);
        double[] dQ2 = dQ.clone();
        ce.backward(p, q, true, batch, g, null, dQ2);
        for (int k = 0; k < q.length; k++) assertEquals(2 * dQ[k], dQ2[k], 1e-15);
    }

    @Test
    void longCodesWithHighPriorOrder() {
        Random rnd = new Random(6);
        for (int m : new int[] {128, 256}) {
            int batch = 2;
            // o=2 posterior against a random order-10 prior: finite and non-negative
            double[] p = randomLogits(rnd, batch * m << 2, 2.0);
            double[] q = randomLogits(rnd, m << 10, 2.0);
            double[] out = new double[batch];
            new CrossEntropy(m, 2, 10).forward(p, q, true, batch, out);
            for (double v : out) assertTrue(Double.isFinite(v) && v >= 0, "H = " + v);

            // H(p,p) for o=2 two ways: the r=2 DP, the r=10 DP on a replicated table,
            // and sum_i sum_c alpha_i(c) H_b(p_i(c)) via ForwardMarginals
            double[] alpha = new double[batch * m * 4];
            ForwardMarginals.compute(p, batch, m, 2, alpha);
            double[] self = new double[batch], embedded = new double[batch];
            new CrossEntropy(m, 2, 2).forward(p, p, false, batch, self);
            new CrossEntropy(m, 2, 10).forward(p, embed(p, batch, m, 2, 10), false, batch, embedded);
            for (int b = 0; b < batch; b++) {
                double want = 0;
                for (int k = b * m * 4; k < (b + 1) * m * 4; k++) want += alpha[k] * binaryEntropy(p[k]);
                assertClose(want, self[b], 1e-10, "self m=" + m);
                assertClose(want, embedded[b], 1e-10, "embedded m=" + m);
            }

            // o=0: H(p,p) is the sum of binary entropies, also through an order-10 table
            double[] p0 = randomLogits(rnd, batch * m, 2.0);
            new CrossEntropy(m, 0, 10).forward(p0, embed(p0, batch, m, 0, 10), false, batch, embedded);
            for (int b = 0; b < batch; b++) {
                double want = 0;
                for (int i = 0; i < m; i++) want += binaryEntropy(p0[b * m + i]);
                assertClose(want, embedded[b], 1e-10, "o=0 m=" + m);
            }
        }
    }

    /**
     * A batch whose forward variables exceed the cache (batch (m+1) 2^r > 2^22 doubles) runs the
     * per-worker path: it must give what each document gives alone (a batch of one is cached).
     */
    @Test
    void batchesBeyondTheCacheEqualOneDocumentAtATime() {
        Random rnd = new Random(8);
        int m = 16, o = 1, r = 14, batch = 17;
        assertTrue((long) batch * (m + 1) << r > 1L << 22, "the batch must not fit the cache");
        double[] p = randomLogits(rnd, batch * m << o, 1.5), q = randomLogits(rnd, m << r, 1.5), g = randomLogits(rnd, batch, 1.0);
        CrossEntropy ce = new CrossEntropy(m, o, r);
        double[] out = new double[batch], dP = new double[p.length], dQ = new double[q.length];
        ce.forward(p, q, true, batch, out);
        ce.backward(p, q, true, batch, g, dP, dQ);
        double[] wantDQ = new double[q.length];
        int row = m << o;
        for (int b = 0; b < batch; b++) {
            double[] pb = java.util.Arrays.copyOfRange(p, b * row, (b + 1) * row), one = new double[1];
            double[] dPb = new double[row], dQb = new double[q.length];
            CrossEntropy alone = new CrossEntropy(m, o, r);
            alone.forward(pb, q, true, 1, one);
            alone.backward(pb, q, true, 1, new double[] {g[b]}, dPb, dQb);
            assertClose(one[0], out[b], 1e-12, "H of document " + b);
            for (int k = 0; k < row; k++) assertClose(dPb[k], dP[b * row + k], 1e-12, "dP of document " + b);
            for (int k = 0; k < q.length; k++) wantDQ[k] += dQb[k];
        }
        for (int k = 0; k < q.length; k++) assertClose(wantDQ[k], dQ[k], 1e-10, "dQ[" + k + "]");
    }

    /** What forward caches for backward is keyed by the logits: another p, or marginals in between, must not reuse it. */
    @Test
    void backwardAfterForwardOnOtherLogitsIgnoresTheCache() {
        Random rnd = new Random(9);
        int m = 12, o = 1, r = 3, batch = 5;
        double[] p1 = randomLogits(rnd, batch * m << o, 1.5), p2 = randomLogits(rnd, batch * m << o, 1.5);
        double[] q = randomLogits(rnd, m << r, 1.5), g = randomLogits(rnd, batch, 1.0);
        double[] wantP = new double[p2.length], wantQ = new double[q.length];
        new CrossEntropy(m, o, r).backward(p2, q, true, batch, g, wantP, wantQ);

        CrossEntropy ce = new CrossEntropy(m, o, r);
        double[] dP = new double[p2.length], dQ = new double[q.length];
        ce.forward(p1, q, true, batch, new double[batch]);
        ce.backward(p2, q, true, batch, g, dP, dQ);
        assertArrayEquals(wantP, dP, 0.0);
        assertArrayEquals(wantQ, dQ, 0.0);

        // the marginals of another (order-0) p between forward and backward
        CrossEntropy c2 = new CrossEntropy(m, 0, r);
        double[] p0 = randomLogits(rnd, batch * m, 1.5), p0b = randomLogits(rnd, batch * m, 1.5);
        double[] want0 = new double[p0.length], got0 = new double[p0.length];
        new CrossEntropy(m, 0, r).backward(p0, q, true, batch, g, want0, null);
        c2.forward(p0, q, true, batch, new double[batch]);
        c2.contextMarginals(p0b, batch, new ContextMarginals(m, r));
        c2.backward(p0, q, true, batch, g, got0, null);
        assertArrayEquals(want0, got0, 0.0);
    }

    @Test
    void multiThreadedEqualsSingleThreaded() {
        int saved = Parallel.threads();
        try {
            Random rnd = new Random(7);
            int m = 16, o = 2, r = 5, batch = 40;
            double[] p = randomLogits(rnd, batch * m << o, 1.5);
            double[] qs = randomLogits(rnd, m << r, 1.5), qd = randomLogits(rnd, batch * m << r, 1.5);
            double[] g = randomLogits(rnd, batch, 1.0);
            double[][] res = new double[2][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreadsSplittingAll(t);
                CrossEntropy ce = new CrossEntropy(m, o, r);
                double[] out1 = new double[batch], out2 = new double[batch];
                ce.forward(p, qs, true, batch, out1);
                ce.forward(p, qd, false, batch, out2);
                double[] dP = new double[p.length], dQs = new double[qs.length], dQd = new double[qd.length];
                ce.backward(p, qs, true, batch, g, dP, dQs);
                ce.backward(p, qd, false, batch, g, dP, dQd);
                res[t - 1] = concat(out1, out2, dP, dQs, dQd);
            }
            // bit for bit: the shared prior's gradient is summed in fixed blocks of documents
            for (int k = 0; k < res[0].length; k++) assertEquals(res[0][k], res[1][k], 0.0);
        } finally {
            Parallel.setThreads(saved);
        }
    }

    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] a : parts) n += a.length;
        double[] r = new double[n];
        int at = 0;
        for (double[] a : parts) {
            System.arraycopy(a, 0, r, at, a.length);
            at += a.length;
        }
        return r;
    }
}
