package ammi.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PackedCodesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 128, 200})
    void roundTripLayoutAndDistance(int m) {
        Random rnd = new Random(1000 + m);
        int n = 37, n2 = 23;
        byte[] bits = Oracles.randomBits(rnd, n, m);
        byte[] bits2 = Oracles.randomBits(rnd, n2, m);
        PackedCodes c = PackedCodes.fromBits(bits, n, m), c2 = PackedCodes.fromBits(bits2, n2, m);
        int w = (m + 63) / 64;
        assertEquals(n, c.count());
        assertEquals(m, c.bits());
        assertEquals(n * w, c.words().length);
        for (int d = 0; d < n; d++) {
            for (int i = 0; i < m; i++) {
                assertEquals(bits[d * m + i], c.bit(d, i), "bit " + i + " of code " + d);
                long word = c.words()[d * w + i / 64];
                assertEquals(bits[d * m + i], (int) (word >>> (i % 64)) & 1, "layout of bit " + i);
            }
            // padding bits beyond m must stay zero or popcount would count them
            if (m % 64 != 0) assertEquals(0L, c.words()[d * w + w - 1] >>> (m % 64));
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n2; j++) {
                assertEquals(Oracles.naiveDistance(bits, i, bits2, j, m), c.distance(i, c2, j));
            }
            assertEquals(0, c.distance(i, c, i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 64, 65, 130})
    void distinctCodesMatchesSetOfStrings(int m) {
        Random rnd = new Random(m);
        int n = 300;
        // draw from a small pool so duplicates are common at every m
        byte[] pool = Oracles.randomBits(rnd, 40, m);
        byte[] bits = new byte[n * m];
        for (int d = 0; d < n; d++) System.arraycopy(pool, rnd.nextInt(40) * m, bits, d * m, m);
        Set<String> seen = new HashSet<>();
        for (int d = 0; d < n; d++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < m; i++) sb.append(bits[d * m + i]);
            seen.add(sb.toString());
        }
        assertEquals(seen.size(), PackedCodes.fromBits(bits, n, m).distinctCodes());
    }

    @Test
    void distinctCodesEdgeCases() {
        assertEquals(0, PackedCodes.fromBits(new byte[0], 0, 16).distinctCodes());
        assertEquals(1, PackedCodes.fromBits(new byte[5 * 70], 5, 70).distinctCodes());
        // codes differing only in the second word
        byte[] b = new byte[2 * 70];
        b[70 + 69] = 1;
        assertEquals(2, PackedCodes.fromBits(b, 2, 70).distinctCodes());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> PackedCodes.fromBits(new byte[10], 3, 4));
        assertThrows(IllegalArgumentException.class, () -> PackedCodes.fromBits(new byte[] {0, 2}, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> PackedCodes.fromBits(new byte[0], 0, 0));
        PackedCodes a = PackedCodes.fromBits(new byte[4], 1, 4), b = PackedCodes.fromBits(new byte[5], 1, 5);
        assertThrows(IllegalArgumentException.class, () -> a.distance(0, b, 0));
    }
}
