package ammi.autograd;

import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AdamTest {
    private static final double B1 = 0.9, B2 = 0.999, EPS = 1e-8;

    @Test
    void firstStepMovesByLearningRateTimesSign() {
        Tensor p = new Tensor("p", 1, 3);
        p.value[0] = 1.0;
        p.value[1] = -2.0;
        p.value[2] = 5.0;
        p.grad[0] = 2.0;
        p.grad[1] = -0.25;
        p.grad[2] = 0.0;
        Adam adam = new Adam(List.of(p), 0.1);
        adam.step();
        // t=1: m_hat = g, v_hat = g^2, so the step is lr * g / (|g| + eps)
        assertEquals(1.0 - 0.1 * 2.0 / (2.0 + EPS), p.value[0], 1e-15);
        assertEquals(-2.0 + 0.1 * 0.25 / (0.25 + EPS), p.value[1], 1e-15);
        assertEquals(5.0, p.value[2]);
        assertEquals(1, adam.steps());
        assertArrayEquals(new double[3], p.grad, "step() leaves gradients zeroed");
    }

    @Test
    void threeStepTrajectoryMatchesTextbookFormula() {
        Tensor a = new Tensor("a", 1, 1), b = new Tensor("b", 1, 1);
        a.value[0] = 0.5;
        b.value[0] = -1.5;
        double[] ga = {1.0, -2.0, 0.5}, gb = {0.3, 0.3, 0.3};
        double lr = 0.01;
        Adam adam = new Adam(List.of(a, b), lr);

        double pa = 0.5, ma = 0, va = 0, pb = -1.5, mb = 0, vb = 0;
        for (int t = 1; t <= 3; t++) {
            a.grad[0] = ga[t - 1];
            b.grad[0] = gb[t - 1];
            adam.step();
            ma = B1 * ma + (1 - B1) * ga[t - 1];
            va = B2 * va + (1 - B2) * ga[t - 1] * ga[t - 1];
            pa -= lr * (ma / (1 - Math.pow(B1, t))) / (Math.sqrt(va / (1 - Math.pow(B2, t))) + EPS);
            mb = B1 * mb + (1 - B1) * gb[t - 1];
            vb = B2 * vb + (1 - B2) * gb[t - 1] * gb[t - 1];
            pb -= lr * (mb / (1 - Math.pow(B1, t))) / (Math.sqrt(vb / (1 - Math.pow(B2, t))) + EPS);
            assertEquals(pa, a.value[0], 1e-14, "a at step " + t);
            assertEquals(pb, b.value[0], 1e-14, "b at step " + t);
        }
        // Constant gradient: m_hat = v_hat^(1/2) = g exactly in real arithmetic, so each step is ~lr.
        assertEquals(-1.5 - 3 * lr, b.value[0], 1e-8); // eps/g shaves ~3e-10 per step
        // Hand values for a: step 2 has m = 0.09 - 0.2 = -0.11, v = 0.000999 + 0.004 = 0.004999.
        double m2 = -0.11 / (1 - 0.81), v2 = 0.004999 / (1 - 0.998001);
        double a2 = 0.5 - lr * 1.0 / (1.0 + EPS) - lr * m2 / (Math.sqrt(v2) + EPS);
        a.value[0] = 0.5;
        adam.reset();
        a.grad[0] = 1.0;
        adam.step();
        a.grad[0] = -2.0;
        adam.step();
        assertEquals(a2, a.value[0], 1e-14);
    }

    @Test
    void resetForgetsMomentsAndStepCount() {
        Tensor p = new Tensor("p", 1, 1);
        Adam adam = new Adam(List.of(p), 0.1);
        for (int i = 0; i < 5; i++) {
            p.grad[0] = 3.0;
            adam.step();
        }
        assertEquals(5, adam.steps());
        adam.reset();
        assertEquals(0, adam.steps());
        double before = p.value[0];
        p.grad[0] = -0.5; // opposite sign: stale moments would still push the other way
        adam.step();
        assertEquals(before + 0.1 * 0.5 / (0.5 + EPS), p.value[0], 1e-15);
        assertEquals(1, adam.steps());
    }

    @Test
    void learningRateAndZeroGrad() {
        Tensor p = new Tensor("p", 2, 2);
        Adam adam = new Adam(List.of(p), 0.1);
        adam.setLearningRate(0.5);
        assertEquals(0.5, adam.learningRate());
        java.util.Arrays.fill(p.grad, 7.0);
        adam.zeroGrad();
        assertArrayEquals(new double[4], p.grad);
        p.grad[3] = 1.0;
        adam.step();
        assertEquals(-0.5 / (1 + EPS), p.value[3], 1e-15);
        assertEquals(0.0, p.value[0]);
    }

    @Test
    void largeTensorIsIndependentOfThreadCount() {
        int prev = Parallel.threads();
        try {
            double[][] results = new double[2][];
            for (int threads = 1; threads <= 2; threads++) {
                Parallel.setThreadsSplittingAll(threads);
                Tensor p = new Tensor("big", 400, 500);
                java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
                Init.uniform(p, 1, rng);
                Adam adam = new Adam(List.of(p), 1e-3);
                for (int s = 0; s < 3; s++) {
                    for (int i = 0; i < p.grad.length; i++) p.grad[i] = rng.nextDouble() - 0.5;
                    adam.step();
                }
                results[threads - 1] = p.value.clone();
            }
            assertArrayEquals(results[0], results[1], 0.0);
        } finally {
            Parallel.setThreads(prev);
        }
    }

    @Test
    void weightDecayIsDecoupledAsAdamW() {
        // torch.optim.AdamW: p = p (1 - lr wd) - lr m_hat / (sqrt(v_hat) + eps), the decay outside the moments.
        Tensor a = new Tensor("a", 1, 2);
        a.value[0] = 0.5;
        a.value[1] = -4.0; // never has a gradient: only the decay moves it
        double lr = 0.01, wd = 0.3;
        Adam adam = new Adam(List.of(a), lr);
        adam.setWeightDecay(wd);
        double[] g = {1.0, -2.0, 0.5};
        double p = 0.5, m = 0, v = 0;
        for (int t = 1; t <= 3; t++) {
            a.grad[0] = g[t - 1];
            adam.step();
            m = B1 * m + (1 - B1) * g[t - 1];
            v = B2 * v + (1 - B2) * g[t - 1] * g[t - 1];
            p = p * (1 - lr * wd) - lr * (m / (1 - Math.pow(B1, t))) / (Math.sqrt(v / (1 - Math.pow(B2, t))) + EPS);
            assertEquals(p, a.value[0], 1e-14, "step " + t);
            assertEquals(-4.0 * Math.pow(1 - lr * wd, t), a.value[1], 1e-14, "pure decay at step " + t);
        }
        // One step by hand: 0.5 * 0.997 - 0.01 * 1 / (1 + 1e-8).
        Tensor b = new Tensor("b", 1, 1);
        b.value[0] = 0.5;
        b.grad[0] = 1.0;
        Adam one = new Adam(List.of(b), lr);
        one.setWeightDecay(wd);
        one.step();
        assertEquals(0.4985 - 0.01 / (1 + EPS), b.value[0], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> one.setWeightDecay(-1));
        assertThrows(IllegalArgumentException.class, () -> one.setWeightDecay(100)); // lr * wd >= 1 would flip signs
    }
}
