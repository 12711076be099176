package ammi.model;

import ammi.markov.Bmmi;
import ammi.markov.BruteForce;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Figure 1(a)'s computation on codes small enough to enumerate: the brute-force H(Z), the
 * fitted H+ of every order, and the closed-form minimum, each against an independent oracle.
 */
class PriorFitTest {

    /** H+(pbar, q) = -sum_z pbar(z) log q(z), q an order-r table, straight from the definition. */
    private static double oracleCrossEntropy(double[] pbar, double[] q, int m, int r) {
        double h = 0;
        for (int z = 0; z < pbar.length; z++) if (pbar[z] > 0) h -= pbar[z] * BruteForce.logProb(q, 0, m, r, z);
        return h;
    }

    private static double[] randomLogits(Random rnd, int n, double scale) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) a[k] = scale * rnd.nextGaussian();
        return a;
    }

    private static double binaryEntropy(double p) {
        return p <= 0 || p >= 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
    }

    @Test
    void twoBitsByHand() {
        // m = 2, o = 0, two documents: logits (0, 0) give the uniform 1/4 on every code; logits
        // (ln 3, -ln 3) give p(z0 = 1) = 3/4, p(z1 = 1) = 1/4, so codes (z0 z1) = 00, 10, 01, 11
        // have 3/16, 9/16, 1/16, 3/16. The mixture: 7/32, 13/32, 5/32, 7/32 (index z0 + 2 z1).
        double[] logits = {0, 0, Math.log(3), -Math.log(3)};
        double[] pbar = new Bmmi(2, 0).distribution(logits, 2);
        assertArrayEquals(new double[] {7 / 32.0, 13 / 32.0, 5 / 32.0, 7 / 32.0}, pbar, 1e-15);
        double h = -(2 * 7 / 32.0 * Math.log(7 / 32.0) + 13 / 32.0 * Math.log(13 / 32.0) + 5 / 32.0 * Math.log(5 / 32.0));
        assertEquals(1.3209148623014495, h, 1e-15); // the line above, evaluated once by hand (python)
        assertEquals(h, PriorFit.entropy(pbar), 1e-14);
        assertEquals(h, new Bmmi(2, 0).entropy(logits, 2), 1e-14);
        // Order 0: the bits' marginals p(z0 = 1) = 20/32, p(z1 = 1) = 12/32, each of entropy h(5/8).
        assertEquals(2 * binaryEntropy(0.625), PriorFit.optimum(pbar, 2, 0), 1e-14);
        // Order 1 = m - 1 sees the whole prefix: the chain rule gives H exactly.
        assertEquals(h, PriorFit.optimum(pbar, 2, 1), 1e-14);
    }

    @Test
    void threeBitsOfOneDocumentAreIndependent() {
        // One order-0 document: its codes are a product distribution, so H is the sum of the
        // bits' entropies and no order of prior does better than order 0.
        double[] logits = {0.3, -1.2, 2.0};
        double[] pbar = new Bmmi(3, 0).distribution(logits, 1);
        double h = 0;
        for (double x : logits) h += binaryEntropy(1 / (1 + Math.exp(-x)));
        assertEquals(h, PriorFit.entropy(pbar), 1e-14);
        for (int r = 0; r <= 2; r++) assertEquals(h, PriorFit.optimum(pbar, 3, r), 1e-13, "r=" + r);
    }

    @Test
    void fittedCrossEntropyIsAboveTheEntropyFallsWithTheOrderAndReachesItAtFullOrder() {
        int m = 6, batch = 8;
        Random rnd = new Random(7);
        double[] logits = randomLogits(rnd, batch * m, 2.5);
        double entropy = BruteForce.mixtureEntropy(logits, batch, m, 0);
        double[] pbar = new Bmmi(m, 0).distribution(logits, batch);
        assertEquals(entropy, PriorFit.entropy(pbar), 1e-12);
        for (boolean cold : new boolean[] {false, true}) {
            PriorFit fitter = new PriorFit(logits, batch, m, 0);
            double[] init = null;
            double previous = Double.POSITIVE_INFINITY;
            for (int r = 0; r <= m - 1; r++) {
                PriorFit.Result f = fitter.fit(r, cold ? null : init, 3000, 0.1, 1e-10);
                String at = (cold ? "cold" : "warm") + " r=" + r;
                // the reported H+ is that of the table it returns
                assertEquals(oracleCrossEntropy(pbar, f.logits(), m, r), f.crossEntropy(), 1e-10, at);
                assertTrue(f.crossEntropy() >= entropy - 1e-9, at + ": H+ " + f.crossEntropy() + " < H " + entropy);
                double best = PriorFit.optimum(pbar, m, r);
                assertTrue(f.crossEntropy() >= best - 1e-9, at + ": below the order's minimum " + best);
                assertTrue(f.crossEntropy() - best < 1e-4, at + ": not converged, " + f.crossEntropy() + " vs " + best);
                // warm: the start is the order below's chain; cold: each fit is within 1e-4 of its minimum
                assertTrue(f.crossEntropy() <= previous + (cold ? 1e-4 : 1e-9), at + ": rose from " + previous + " to " + f.crossEntropy());
                previous = f.crossEntropy();
                init = PriorFit.extend(f.logits(), m, r);
            }
            assertEquals(entropy, previous, 1e-4, "order m - 1 represents any distribution over m bits");
        }
        assertEquals(entropy, PriorFit.optimum(pbar, m, m - 1), 1e-12);
        assertTrue(PriorFit.optimum(pbar, m, 0) > entropy + 0.1, "the mixture's bits are dependent");
    }

    @Test
    void closedFormMinimumIsBelowEveryPriorAndOrderZeroIsTheSumOfMarginalEntropies() {
        int m = 5, batch = 6;
        Random rnd = new Random(11);
        double[] pbar = new Bmmi(m, 0).distribution(randomLogits(rnd, batch * m, 2.0), batch);
        for (int r = 0; r < m; r++) {
            double best = PriorFit.optimum(pbar, m, r);
            for (int t = 0; t < 30; t++) {
                double[] q = randomLogits(rnd, m << r, 1.5);
                assertTrue(oracleCrossEntropy(pbar, q, m, r) >= best - 1e-12, "r=" + r);
            }
        }
        double sum = 0;
        for (int i = 0; i < m; i++) {
            double p1 = 0;
            for (int z = 0; z < pbar.length; z++) if (((z >> i) & 1) == 1) p1 += pbar[z];
            sum += binaryEntropy(p1);
        }
        assertEquals(sum, PriorFit.optimum(pbar, m, 0), 1e-12);
    }

    @Test
    void extendedTableIsTheSameChain() {
        int m = 5;
        Random rnd = new Random(3);
        for (int r = 0; r < m - 1; r++) {
            double[] q = randomLogits(rnd, m << r, 2.0);
            double[] q2 = PriorFit.extend(q, m, r);
            for (int z = 0; z < 1 << m; z++)
                assertEquals(BruteForce.logProb(q, 0, m, r, z), BruteForce.logProb(q2, 0, m, r + 1, z), 1e-12, "r=" + r + " z=" + z);
        }
    }

    @Test
    void stopsAtTheStepBudget() {
        double[] logits = {3.0, -2.0, 1.0, 0.5, -1.5, 2.5};
        PriorFit.Result f = new PriorFit(logits, 2, 3, 0).fit(1, null, 5, 0.01, 0.0);
        assertEquals(5, f.steps());
        assertTrue(!f.converged());
    }
}
