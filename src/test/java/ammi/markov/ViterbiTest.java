package ammi.markov;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static ammi.markov.MarkovTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class ViterbiTest {

    private static long code(byte[] bits, int b, int m) {
        long z = 0;
        for (int i = 0; i < m; i++) if (bits[b * m + i] == 1) z |= 1L << i;
        return z;
    }

    /** Gap between the best and second-best code, to skip near-ties. */
    private static double gap(double[] logits, int b, int m, int o) {
        double best = Double.NEGATIVE_INFINITY, second = Double.NEGATIVE_INFINITY;
        for (long z = 0; z < (1L << m); z++) {
            double lp = BruteForce.logProb(logits, b, m, o, z);
            if (lp > best) {
                second = best;
                best = lp;
            } else if (lp > second) second = lp;
        }
        return best - second;
    }

    @Test
    void matchesEnumeration() {
        Random rnd = new Random(21);
        int checked = 0;
        for (int o = 0; o <= 5; o++) {
            for (int m = 1; m <= 8; m++) {
                int batch = 3;
                double[] logits = randomLogits(rnd, batch * m << o, 3.0);
                byte[] bits = new byte[batch * m];
                double[] lp = new double[batch];
                Viterbi.decode(logits, batch, m, o, bits, lp);
                for (int b = 0; b < batch; b++) {
                    BruteForce.Best want = BruteForce.viterbi(logits, b, m, o);
                    assertClose(want.logProb(), lp[b], 1e-10, "logProb o=" + o + " m=" + m);
                    if (gap(logits, b, m, o) < 1e-6) continue;
                    assertEquals(want.code(), code(bits, b, m), "code o=" + o + " m=" + m + " b=" + b);
                    checked++;
                }
            }
        }
        assertTrue(checked > 120, "too many near-ties skipped: " + checked);
    }

    @Test
    void codesShorterThanOrder() {
        Random rnd = new Random(22);
        int[][] cases = {{1, 3}, {2, 4}, {3, 10}, {5, 12}};
        for (int[] c : cases) {
            int m = c[0], o = c[1];
            double[] logits = randomLogits(rnd, m << o, 3.0);
            byte[] bits = new byte[m];
            double[] lp = new double[1];
            Viterbi.decode(logits, 1, m, o, bits, lp);
            BruteForce.Best want = BruteForce.viterbi(logits, 0, m, o);
            assertEquals(want.code(), code(bits, 0, m), "m=" + m + " o=" + o);
            assertClose(want.logProb(), lp[0], 1e-10, "m=" + m + " o=" + o);
        }
    }

    @Test
    void handComputedAndTies() {
        // m=2, o=1: p(z0=1)=0.75, p(z1=1|z0=0)=0.5, p(z1=1|z0=1)=0.75;
        // codes 00:.125 01:.125 10:.1875 11:.5625, so z* = (1,1) with log p = 2 ln 0.75
        double l3 = Math.log(3);
        byte[] bits = new byte[2];
        double[] lp = new double[1];
        Viterbi.decode(new double[] {l3, -9.0, 0.0, l3}, 1, 2, 1, bits, lp);
        assertArrayEquals(new byte[] {1, 1}, bits);
        assertEquals(2 * Math.log(0.75), lp[0], 1e-14);
        // all logits 0: every code ties, the rule picks z = 0 everywhere
        for (int o = 0; o <= 3; o++) {
            byte[] b = new byte[5];
            java.util.Arrays.fill(b, (byte) 7);
            Viterbi.decode(new double[5 << o], 1, 5, o, b, lp);
            assertArrayEquals(new byte[5], b, "o=" + o);
            assertEquals(5 * Math.log(0.5), lp[0], 1e-14);
        }
    }

    @Test
    void longCodesStayInLogSpace() {
        Random rnd = new Random(23);
        for (int m : new int[] {128, 256}) {
            int o = 2, S = 4, batch = 3;
            double[] logits = randomLogits(rnd, batch * m * S, 2.0);
            byte[] bits = new byte[batch * m];
            double[] lp = new double[batch];
            Viterbi.decode(logits, batch, m, o, bits, lp);
            for (int b = 0; b < batch; b++) {
                assertTrue(Double.isFinite(lp[b]) && lp[b] < 0, "logProb " + lp[b]);
                double sum = 0, greedy = 0;
                int c = 0, cg = 0;
                for (int i = 0; i < m; i++) {
                    int z = bits[b * m + i];
                    double x = logits[(b * m + i) * S + c];
                    sum += Math.log(z == 1 ? 1 / (1 + Math.exp(-x)) : 1 / (1 + Math.exp(x)));
                    c = (c >> 1) + z * (S >> 1);
                    double xg = logits[(b * m + i) * S + cg];
                    int zg = xg > 0 ? 1 : 0;
                    greedy += Math.log(1 / (1 + Math.exp(zg == 1 ? -xg : xg)));
                    cg = (cg >> 1) + zg * (S >> 1);
                }
                assertClose(sum, lp[b], 1e-10, "sum of log conditionals m=" + m);
                assertTrue(lp[b] >= greedy - 1e-9, "Viterbi below greedy decode");
            }
        }
    }

    @Test
    void multiThreadedEqualsSingleThreaded() {
        int saved = Parallel.threads();
        try {
            Random rnd = new Random(24);
            int m = 64, o = 3, batch = 50;
            double[] logits = randomLogits(rnd, batch * m << o, 2.0);
            byte[][] bits = new byte[2][batch * m];
            double[][] lp = new double[2][batch];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreadsSplittingAll(t);
                new Viterbi(m, o).decode(logits, batch, bits[t - 1], lp[t - 1]);
            }
            assertArrayEquals(bits[0], bits[1]);
            assertArrayEquals(lp[0], lp[1], 0.0);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
