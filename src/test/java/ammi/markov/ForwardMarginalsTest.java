package ammi.markov;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static ammi.markov.MarkovTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class ForwardMarginalsTest {

    @Test
    void matchesEnumeration() {
        Random rnd = new Random(1);
        for (int o = 0; o <= 5; o++) {
            for (int m = 1; m <= 8; m++) {
                int S = 1 << o, batch = 2;
                double[] logits = randomLogits(rnd, batch * m * S, 2.0);
                double[] alpha = new double[batch * m * S];
                ForwardMarginals.compute(logits, batch, m, o, alpha);
                for (int b = 0; b < batch; b++) {
                    double[] want = BruteForce.marginals(logits, b, m, o);
                    for (int k = 0; k < m * S; k++)
                        assertEquals(want[k], alpha[b * m * S + k], 1e-12, "o=" + o + " m=" + m + " b=" + b + " k=" + k);
                }
            }
        }
    }

    @Test
    void highOrderAndShortCodes() {
        Random rnd = new Random(2);
        int[][] cases = {{1, 4}, {2, 3}, {3, 10}, {6, 10}, {5, 12}};
        for (int[] mc : cases) {
            int m = mc[0], o = mc[1], S = 1 << o;
            double[] logits = randomLogits(rnd, m * S, 2.0);
            double[] alpha = new double[m * S];
            ForwardMarginals.compute(logits, 1, m, o, alpha);
            double[] want = BruteForce.marginals(logits, 0, m, o);
            for (int k = 0; k < m * S; k++) assertEquals(want[k], alpha[k], 1e-12, "m=" + m + " o=" + o);
        }
    }

    @Test
    void handComputedOrderOne() {
        // m=2, o=1: p(z0=1)=0.75 (logit ln 3); at i=1 the context is z0, so
        // alpha_0 = (1, 0), alpha_1 = (P(z0=0), P(z0=1)) = (0.25, 0.75).
        double l3 = Math.log(3);
        double[] logits = {l3, 5.0, 0.0, l3};
        double[] alpha = new double[4];
        ForwardMarginals.compute(logits, 1, 2, 1, alpha);
        assertArrayEquals(new double[] {1, 0, 0.25, 0.75}, alpha, 1e-15);
    }
}
