package ammi.autograd;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class GradClipTest {

    private static Tensor grads(double... g) {
        Tensor t = new Tensor("g", 1, g.length);
        System.arraycopy(g, 0, t.grad, 0, g.length);
        return t;
    }

    @Test
    void normIsTakenOverAllTensorsTogether() {
        Tensor a = grads(3.0), b = grads(4.0);
        double total = GradClip.clipGradNorm(List.of(a, b), 1.0);
        assertEquals(5.0, total, 1e-15);
        double coef = 1.0 / (5.0 + 1e-6);
        assertEquals(3.0 * coef, a.grad[0], 1e-15);
        assertEquals(4.0 * coef, b.grad[0], 1e-15);
        assertEquals(0.6, a.grad[0], 2e-7);
        assertEquals(0.8, b.grad[0], 2e-7);
    }

    @Test
    void belowThresholdLeavesGradientsUntouched() {
        Tensor a = grads(0.1, -0.2, 0.3);
        double[] before = a.grad.clone();
        double total = GradClip.clipGradNorm(List.of(a), 10.0);
        assertEquals(Math.sqrt(0.14), total, 1e-15);
        assertArrayEquals(before, a.grad, 0.0);
        // Norm exactly at the limit: coef = max / (max + 1e-6) < 1, so PyTorch still scales slightly.
        Tensor c = grads(3.0, 4.0);
        GradClip.clipGradNorm(List.of(c), 5.0);
        assertEquals(3.0 * 5.0 / (5.0 + 1e-6), c.grad[0], 1e-15);
    }

    @Test
    void nonFiniteNormThrows() {
        Tensor a = grads(1.0, Double.NaN);
        assertThrows(ArithmeticException.class, () -> GradClip.clipGradNorm(List.of(a), 1.0));
        Tensor b = grads(1.0, Double.POSITIVE_INFINITY);
        assertThrows(ArithmeticException.class, () -> GradClip.clipGradNorm(List.of(grads(2.0), b), 1.0));
        assertEquals(1.0, a.grad[0], "left untouched when throwing");
    }

    @Test
    void zeroGradientsAreFine() {
        Tensor a = grads(0, 0, 0, 0, 0);
        assertEquals(0.0, GradClip.clipGradNorm(List.of(a), 1.0));
    }

    @Test
    void largeTensorNorm() {
        Tensor a = new Tensor("big", 300, 7);
        double expect = 0;
        for (int i = 0; i < a.grad.length; i++) {
            a.grad[i] = Math.sin(i);
            expect += a.grad[i] * a.grad[i];
        }
        assertEquals(Math.sqrt(expect), GradClip.clipGradNorm(List.of(a), 1e9), 1e-12);
    }
}
