package ammi.autograd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class InitTest {

    @Test
    void uniformStaysInRangeAndFillsIt() {
        Tensor t = new Tensor("t", 100, 50);
        Init.uniform(t, 0.3, new SplittableRandom(1));
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
        for (double v : t.value) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        assertTrue(min >= -0.3 && max <= 0.3);
        assertTrue(min < -0.29 && max > 0.29, "covers the range");
        assertEquals(0.0, sum / t.value.length, 0.01);
    }

    @Test
    void torchLinearDefaultUsesFanIn() {
        Linear l = new Linear("l", 16, 8, 4);
        Init.torchLinearDefault(l.weight, l.bias, 16, new SplittableRandom(2));
        for (double v : l.weight.value) assertTrue(Math.abs(v) <= 0.25);
        for (double v : l.bias.value) assertTrue(Math.abs(v) <= 0.25);
        double maxAbs = 0;
        for (double v : l.weight.value) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertTrue(maxAbs > 0.2);
        Init.zeros(l.bias);
        assertArrayEquals(new double[8], l.bias.value);
    }

    @Test
    void layersStartWithZeroParameters() {
        SparseLinear s = new SparseLinear("s", 10, 3, 2);
        for (Tensor p : s.parameters()) assertArrayEquals(new double[p.value.length], p.value);
    }

    @Test
    void normalHasUnitMoments() {
        Tensor t = new Tensor("t", 200, 100);
        Init.normal(t, new SplittableRandom(3));
        double mean = 0, sq = 0;
        for (double v : t.value) mean += v;
        mean /= t.value.length;
        for (double v : t.value) sq += (v - mean) * (v - mean);
        assertEquals(0.0, mean, 0.03);
        assertEquals(1.0, sq / t.value.length, 0.05);
    }

    @Test
    void sameSeedSameValues() {
        Tensor a = new Tensor("a", 7, 9), b = new Tensor("b", 7, 9), c = new Tensor("c", 7, 9);
        Init.normal(a, new SplittableRandom(42));
        Init.normal(b, new SplittableRandom(42));
        Init.normal(c, new SplittableRandom(43));
        assertArrayEquals(a.value, b.value, 0.0);
        assertFalse(java.util.Arrays.equals(a.value, c.value));
        Init.uniform(a, 1, new SplittableRandom(5));
        Init.uniform(b, 1, new SplittableRandom(5));
        assertArrayEquals(a.value, b.value, 0.0);
    }
}
