package ammi.markov;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static ammi.markov.MarkovTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

class BmmiTest {

    @Test
    void entropyMatchesEnumeration() {
        Random rnd = new Random(31);
        for (int o = 0; o <= 3; o++) {
            for (int m = 1; m <= 8; m++) {
                int batch = m % 2 == 0 ? 4 : 37; // 37: more than two blocks of the mixture's partial sums
                double[] logits = randomLogits(rnd, batch * m << o, 2.0);
                double h = new Bmmi(m, o).entropy(logits, batch);
                assertClose(BruteForce.mixtureEntropy(logits, batch, m, o), h, 1e-10, "o=" + o + " m=" + m);
            }
        }
    }

    @Test
    void handComputed() {
        // m=1, o=0, two docs with p1 = 0.5 and 0.75 (logit ln 3): pbar1 = 0.625,
        // H = -0.625 ln 0.625 - 0.375 ln 0.375 = 0.6615632381579821
        double h = new Bmmi(1, 0).entropy(new double[] {0.0, Math.log(3)}, 2);
        assertEquals(0.6615632381579821, h, 1e-14);
    }

    @Test
    void rejectsLongCodes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Bmmi(17, 0));
        assertTrue(e.getMessage().contains("m <= 16"), e.getMessage());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int[][] cases = {{1, 0, 3}, {4, 0, 3}, {5, 2, 3}, {3, 3, 2}, {6, 1, 4}, {3, 1, 33}}; // 33: several sum blocks
        long seed = 40;
        for (int[] c : cases) {
            int m = c[0], o = c[1], batch = c[2];
            Random rnd = new Random(seed++);
            Bmmi bmmi = new Bmmi(m, o);
            double[] x = randomLogits(rnd, batch * m << o, 1.5);
            double[] grad = new double[x.length];
            java.util.Arrays.fill(grad, 0.25); // backward must add
            double gOut = 1.7;
            bmmi.backward(x, batch, gOut, grad);
            double h = 1e-5;
            for (int k = 0; k < x.length; k++) {
                double save = x[k];
                x[k] = save + h;
                double fp = bmmi.entropy(x, batch);
                x[k] = save - h;
                double fm = bmmi.entropy(x, batch);
                x[k] = save;
                double fd = gOut * (fp - fm) / (2 * h);
                assertEquals(fd, grad[k] - 0.25, 1e-6 * Math.max(1e-1, Math.abs(fd)), "k=" + k + " m=" + m + " o=" + o);
            }
        }
    }

    @Test
    void multiThreadedEqualsSingleThreaded() {
        int saved = Parallel.threads();
        try {
            Random rnd = new Random(32);
            int m = 10, o = 2, batch = 32;
            double[] logits = randomLogits(rnd, batch * m << o, 1.5);
            double[] h = new double[2];
            double[][] g = new double[2][logits.length];
            for (int t = 1; t <= 2; t++) { // bit for bit: pbar is summed in fixed blocks of documents
                Parallel.setThreadsSplittingAll(t);
                Bmmi bmmi = new Bmmi(m, o);
                h[t - 1] = bmmi.entropy(logits, batch);
                bmmi.backward(logits, batch, 1.0, g[t - 1]);
            }
            assertEquals(h[0], h[1], 0.0);
            assertArrayEquals(g[0], g[1], 0.0);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
