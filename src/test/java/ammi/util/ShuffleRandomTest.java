package ammi.util;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The oracle is java.util.SplittableRandom itself: the same seeds must give the same stream. */
class ShuffleRandomTest {

    @Test
    void sameStreamAsSplittableRandom() {
        // powers of two, small bounds, and bounds just above 2^30 where most draws are rejected
        int[] bounds = {1, 2, 3, 7, 64, 1000, 1341, 65536, (1 << 30) + 1, Integer.MAX_VALUE};
        for (long seed : new long[] {0, 7, -1, 9061 ^ 0x9E3779B97F4A7C15L}) {
            SplittableRandom expected = new SplittableRandom(seed);
            ShuffleRandom actual = new ShuffleRandom(seed);
            for (int k = 0; k < 20_000; k++) {
                int bound = bounds[k % bounds.length];
                assertEquals(expected.nextInt(bound), actual.nextInt(bound), "seed " + seed + ", draw " + k + ", bound " + bound);
            }
            assertEquals(expected.nextInt(), actual.nextInt());
        }
    }

    @Test
    void restoredStateContinuesTheStream() {
        ShuffleRandom a = new ShuffleRandom(42);
        for (int k = 0; k < 1000; k++) a.nextInt(1 + k);
        ShuffleRandom b = ShuffleRandom.restore(a.state());
        for (int k = 0; k < 1000; k++) assertEquals(a.nextInt(999_983), b.nextInt(999_983));
    }

    @Test
    void boundMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new ShuffleRandom(1).nextInt(0));
    }
}
