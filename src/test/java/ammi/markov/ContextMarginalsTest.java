package ammi.markov;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static ammi.markov.MarkovTestSupport.assertClose;
import static ammi.markov.MarkovTestSupport.randomLogits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContextMarginalsTest {

    /** p_Z(context c at k, z_k = v) by enumerating every code of every document; context(z, k) as the prior reads it. */
    private static double[][] enumerate(double[] p, int batch, int m, int o, int r, int[] parents) {
        int sQ = 1 << r;
        double[][] mu = new double[2][m * sQ];
        for (int b = 0; b < batch; b++) {
            double[] pz = BruteForce.probabilities(p, b, m, o);
            for (int z = 0; z < 1 << m; z++)
                for (int k = 0; k < m; k++) {
                    int c = parents == null ? BruteForce.context(z, k, r) : parentContext(z, k, r, parents);
                    mu[z >> k & 1][k * sQ + c] += pz[z] / batch;
                }
        }
        return mu;
    }

    private static int parentContext(long z, int k, int r, int[] parents) {
        int c = 0;
        for (int j = 0; j < r; j++) {
            int pa = parents[k * r + j];
            if (pa >= 0 && (z >> pa & 1) == 1) c |= 1 << (r - 1 - j);
        }
        return c;
    }

    private static void assertMarginals(double[][] expected, ContextMarginals mu, int m, int r, String msg) {
        for (int k = 0; k < m; k++)
            for (int c = 0; c < 1 << r; c++)
                for (int v = 0; v < 2; v++)
                    assertClose(expected[v][k * (1 << r) + c], mu.get(k, c, v), 1e-13, msg + " k=" + k + " c=" + c + " v=" + v);
    }

    @Test
    void chainMarginalsAndCrossEntropyMatchEnumeration() {
        Random rnd = new Random(31);
        int m = 8, batch = 5;
        for (int o = 0; o <= 2; o++)
            for (int r = o; r <= 4; r++) {
                double[] p = randomLogits(rnd, batch * (m << o), 2.0), q = randomLogits(rnd, m << r, 2.0);
                ContextMarginals mu = new ContextMarginals(m, r);
                new CrossEntropy(m, o, r).contextMarginals(p, batch, mu);
                String at = "o=" + o + " r=" + r;
                assertMarginals(enumerate(p, batch, m, o, r, null), mu, m, r, at);
                double h = 0;
                for (int b = 0; b < batch; b++) h += BruteForce.crossEntropy(p, b, o, q, 0, r, m) / batch;
                assertClose(h, mu.crossEntropy(q), 1e-12, at);
            }
    }

    @Test
    void parentMarginalsAndCrossEntropyMatchEnumeration() {
        Random rnd = new Random(32);
        int m = 9, batch = 4;
        for (int r = 0; r <= 4; r++) {
            int[] pa = ParentCrossEntropyTest.randomParents(rnd, m, r);
            double[] p = randomLogits(rnd, batch * m, 2.0), q = randomLogits(rnd, m << r, 2.0);
            ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
            ce.setParents(pa);
            ContextMarginals mu = new ContextMarginals(m, r);
            ce.contextMarginals(p, batch, mu);
            assertMarginals(enumerate(p, batch, m, 0, r, pa), mu, m, r, "r=" + r);
            double h = 0;
            for (int b = 0; b < batch; b++) h += ParentCrossEntropyTest.enumerate(p, b, q, pa, m, r) / batch;
            assertClose(h, mu.crossEntropy(q), 1e-12, "r=" + r);
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        Random rnd = new Random(33);
        int m = 12, r = 3, batch = 6;
        double[] p = randomLogits(rnd, batch * m, 2.0), q = randomLogits(rnd, m << r, 2.0);
        ContextMarginals mu = new ContextMarginals(m, r);
        new CrossEntropy(m, 0, r).contextMarginals(p, batch, mu);
        double g = 0.7;
        double[] dq = new double[m << r];
        mu.backward(q, g, dq);
        double eps = 1e-5;
        for (int k = 0; k < q.length; k++) {
            double keep = q[k];
            q[k] = keep + eps;
            double hi = mu.crossEntropy(q);
            q[k] = keep - eps;
            double lo = mu.crossEntropy(q);
            q[k] = keep;
            assertClose(g * (hi - lo) / (2 * eps), dq[k], 1e-8, "dq[" + k + "]");
        }
    }

    /** The prior's step used to run the per-document cross entropies; the marginals must give it the same loss and gradient. */
    @Test
    void equalsTheMeanOfThePerDocumentCrossEntropies() {
        Random rnd = new Random(34);
        int m = 64, batch = 37;
        for (int r = 1; r <= 8; r += 7) {
            double[] p = randomLogits(rnd, batch * m, 3.0), q = randomLogits(rnd, m << r, 3.0);
            double[] g = new double[batch], per = new double[batch];
            Arrays.fill(g, 1.0 / batch);
            int[] pa = ParentCrossEntropyTest.randomParents(rnd, m, r);
            for (boolean parents : new boolean[] {false, true}) {
                ContextMarginals mu = new ContextMarginals(m, r);
                double[] expected = new double[m << r], actual = new double[m << r];
                if (parents) {
                    ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
                    ce.setParents(pa);
                    ce.forward(p, q, batch, per);
                    ce.backward(p, q, batch, g, null, expected);
                    ce.contextMarginals(p, batch, mu);
                } else {
                    CrossEntropy ce = new CrossEntropy(m, 0, r);
                    ce.forward(p, q, true, batch, per);
                    ce.backward(p, q, true, batch, g, null, expected);
                    ce.contextMarginals(p, batch, mu);
                }
                double h = 0;
                for (double x : per) h += x / batch;
                String at = (parents ? "parents" : "chain") + " r=" + r;
                assertClose(h, mu.crossEntropy(q), 1e-12, at);
                mu.backward(q, 1.0, actual);
                for (int k = 0; k < actual.length; k++) assertClose(expected[k], actual[k], 1e-12, at + " dq[" + k + "]");
            }
        }
    }

    @Test
    void sumsAreIndependentOfTheThreadCount() {
        Random rnd = new Random(35);
        int m = 48, r = 5, batch = 29;
        double[] p = randomLogits(rnd, batch * m, 2.0);
        int[] pa = ParentCrossEntropyTest.randomParents(rnd, m, r);
        ContextMarginals[][] mu = new ContextMarginals[2][2];
        int before = Parallel.threads();
        try {
            for (int i = 0; i < 2; i++) {
                Parallel.setThreadsSplittingAll(i == 0 ? 1 : 3);
                mu[i][0] = new ContextMarginals(m, r);
                new CrossEntropy(m, 0, r).contextMarginals(p, batch, mu[i][0]);
                ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
                ce.setParents(pa);
                mu[i][1] = new ContextMarginals(m, r);
                ce.contextMarginals(p, batch, mu[i][1]);
            }
        } finally {
            Parallel.setThreads(before);
        }
        for (int j = 0; j < 2; j++) {
            assertArrayEquals(mu[0][j].mu0, mu[1][j].mu0, 0.0);
            assertArrayEquals(mu[0][j].mu1, mu[1][j].mu1, 0.0);
        }
    }

    @Test
    void rejectsMarginalsOfAnotherShape() {
        double[] p = new double[3 * 10];
        assertThrows(IllegalArgumentException.class, () -> new CrossEntropy(10, 0, 3).contextMarginals(p, 3, new ContextMarginals(10, 4)));
        assertThrows(IllegalArgumentException.class, () -> new ParentCrossEntropy(10, 3).contextMarginals(p, 3, new ContextMarginals(11, 3)));
    }
}
