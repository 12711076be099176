package ammi.markov;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static ammi.markov.MarkovTestSupport.assertClose;
import static ammi.markov.MarkovTestSupport.randomLogits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

public class ParentCrossEntropyTest {

    /** Distinct parents drawn among the earlier positions (or absent), so the net is a valid Bayesian network. */
    public static int[] randomParents(Random rnd, int m, int r) {
        int[] pa = new int[m * r];
        for (int k = 0; k < m; k++)
            for (int j = 0; j < r; j++) {
                int p;
                boolean taken;
                do {
                    p = k == 0 || rnd.nextInt(5) == 0 ? -1 : rnd.nextInt(k);
                    taken = false;
                    for (int i = 0; i < j; i++) taken |= p >= 0 && pa[k * r + i] == p;
                } while (taken);
                pa[k * r + j] = p;
            }
        return pa;
    }

    /** -sum_z p(z) log q(z) over all 2^m codes, q(z) = prod_k q(z_k | z_pa(k)). */
    static double enumerate(double[] p, int b, double[] q, int[] pa, int m, int r) {
        double h = 0;
        for (int z = 0; z < 1 << m; z++) {
            double pz = 1, logq = 0;
            for (int k = 0; k < m; k++) {
                int v = z >> k & 1;
                double p1 = 1 / (1 + Math.exp(-p[b * m + k]));
                pz *= v == 1 ? p1 : 1 - p1;
                int c = 0;
                for (int j = 0; j < r; j++) {
                    int par = pa[k * r + j];
                    if (par >= 0 && (z >> par & 1) == 1) c |= 1 << (r - 1 - j);
                }
                double q1 = 1 / (1 + Math.exp(-q[k * (1 << r) + c]));
                logq += Math.log(v == 1 ? q1 : 1 - q1);
            }
            h -= pz * logq;
        }
        return h;
    }

    @Test
    void matchesEnumerationOnRandomNetworks() {
        Random rnd = new Random(11);
        for (int r = 0; r <= 4; r++) {
            int m = 9, batch = 3;
            int[] pa = randomParents(rnd, m, r);
            double[] p = randomLogits(rnd, batch * m, 2.0), q = randomLogits(rnd, m << r, 2.0);
            ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
            ce.setParents(pa);
            double[] out = new double[batch];
            ce.forward(p, q, batch, out);
            for (int b = 0; b < batch; b++) assertClose(enumerate(p, b, q, pa, m, r), out[b], 1e-12, "r=" + r + " doc " + b);
        }
    }

    @Test
    void chainParentsEqualTheChainCrossEntropy() {
        Random rnd = new Random(12);
        for (int r = 1; r <= 5; r++) {
            int m = 17, batch = 6;
            double[] p = randomLogits(rnd, batch * m, 3.0), q = randomLogits(rnd, m << r, 3.0);
            ParentCrossEntropy pce = new ParentCrossEntropy(m, r); // chain parents by default
            CrossEntropy ce = new CrossEntropy(m, 0, r);
            double[] a = new double[batch], b = new double[batch], g = new double[batch];
            pce.forward(p, q, batch, a);
            ce.forward(p, q, true, batch, b);
            for (int d = 0; d < batch; d++) assertClose(b[d], a[d], 1e-12, "H r=" + r);
            for (int d = 0; d < batch; d++) g[d] = 0.5 + d;
            double[] dpA = new double[batch * m], dpB = new double[batch * m], dqA = new double[m << r], dqB = new double[m << r];
            pce.backward(p, q, batch, g, dpA, dqA);
            ce.backward(p, q, true, batch, g, dpB, dqB);
            for (int k = 0; k < dpA.length; k++) assertClose(dpB[k], dpA[k], 1e-11, "dP r=" + r);
            for (int k = 0; k < dqA.length; k++) assertClose(dqB[k], dqA[k], 1e-11, "dQ r=" + r);
        }
    }

    @Test
    void gradientsMatchCentralDifferences() {
        Random rnd = new Random(13);
        int m = 12, r = 3, batch = 4;
        int[] pa = randomParents(rnd, m, r);
        double[] p = randomLogits(rnd, batch * m, 1.5), q = randomLogits(rnd, m << r, 1.5);
        double[] g = {1.0, -0.5, 2.0, 0.25};
        ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
        ce.setParents(pa);
        double[] dP = new double[batch * m], dQ = new double[m << r];
        ce.backward(p, q, batch, g, dP, dQ);
        double eps = 1e-5;
        for (int k = 0; k < p.length; k++) {
            double x = p[k];
            p[k] = x + eps;
            double up = weighted(ce, p, q, g);
            p[k] = x - eps;
            double down = weighted(ce, p, q, g);
            p[k] = x;
            assertClose((up - down) / (2 * eps), dP[k], 1e-7, "dP[" + k + "]");
        }
        for (int k = 0; k < q.length; k++) {
            double x = q[k];
            q[k] = x + eps;
            double up = weighted(ce, p, q, g);
            q[k] = x - eps;
            double down = weighted(ce, p, q, g);
            q[k] = x;
            assertClose((up - down) / (2 * eps), dQ[k], 1e-7, "dQ[" + k + "]");
        }
    }

    private static double weighted(ParentCrossEntropy ce, double[] p, double[] q, double[] g) {
        double[] out = new double[g.length];
        ce.forward(p, q, g.length, out);
        double s = 0;
        for (int b = 0; b < g.length; b++) s += g[b] * out[b];
        return s;
    }

    @Test
    void handComputedTwoBitCase() {
        // z_1's parent is z_0; p = (0.5, 0.5); q(z_0 = 1) = 0.5, q(z_1 = 1 | z_0 = 0) = 0.5, q(z_1 = 1 | z_0 = 1) = sigma(ln 3) = 0.75.
        ParentCrossEntropy ce = new ParentCrossEntropy(2, 1);
        ce.setParents(new int[]{-1, 0});
        double[] q = {0, 0, 0, Math.log(3)}; // position 0: contexts 0 and 1 (1 unreachable); position 1
        double[] out = new double[1];
        ce.forward(new double[]{0, 0}, q, 1, out);
        double expected = Math.log(2) + 0.5 * Math.log(2) + 0.5 * -(0.5 * Math.log(0.75) + 0.5 * Math.log(0.25));
        assertEquals(expected, out[0], 1e-15);
    }

    @Test
    void sumsAreIndependentOfTheThreadCount() {
        Random rnd = new Random(14);
        int m = 64, r = 4, batch = 37;
        int[] pa = randomParents(rnd, m, r);
        double[] p = randomLogits(rnd, batch * m, 2.0), q = randomLogits(rnd, m << r, 2.0), g = new double[batch];
        java.util.Arrays.fill(g, 1.0 / batch);
        double[][] dq = new double[2][], dp = new double[2][];
        int before = Parallel.threads();
        try {
            for (int i = 0; i < 2; i++) {
                Parallel.setThreadsSplittingAll(i == 0 ? 1 : 3);
                ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
                ce.setParents(pa);
                dq[i] = new double[m << r];
                dp[i] = new double[batch * m];
                ce.backward(p, q, batch, g, dp[i], dq[i]);
            }
        } finally {
            Parallel.setThreads(before);
        }
        assertArrayEquals(dq[0], dq[1], 0.0);
        assertArrayEquals(dp[0], dp[1], 0.0);
    }

    @Test
    void rejectsParentsThatAreNotEarlier() {
        ParentCrossEntropy ce = new ParentCrossEntropy(4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ce.setParents(new int[]{-1, -1, 0, -1, 1, 2, 3, 0}));
        assertTrue(e.getMessage().contains("position 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ce.setParents(new int[3]));
        e = assertThrows(IllegalArgumentException.class, () -> ce.setParents(new int[]{-1, -1, 0, -1, 1, 1, 0, 2}));
        assertTrue(e.getMessage().contains("parent 1 twice"), e.getMessage());
    }
}
