package ammi.eval;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HammingTopKTest {

    @ParameterizedTest(name = "m={0} N={1} K={2}")
    @CsvSource({
        "4, 500, 100",   // 5 distance values for 500 docs: ties everywhere
        "1, 50, 30",
        "4, 500, 1",
        "4, 500, 500",
        "16, 300, 17",
        "64, 200, 50",
        "128, 400, 100",
        "200, 150, 40",
        "4, 30, 100",    // K > N
        "128, 20, 25",
    })
    void matchesBruteForce(int m, int n, int k) {
        Random rnd = new Random(31L * m + n + k);
        int nq = 25;
        byte[] bb = Oracles.randomBits(rnd, n, m), qb = Oracles.randomBits(rnd, nq, m);
        PackedCodes base = PackedCodes.fromBits(bb, n, m), queries = PackedCodes.fromBits(qb, nq, m);
        int[] dist = new int[n], out = new int[Math.max(k, 1) + 3];
        for (int q = 0; q < nq; q++) {
            Arrays.fill(out, -7);
            int got = HammingTopK.topK(base, queries, q, k, dist, out);
            int[] want = Oracles.naiveTopK(bb, n, qb, q, m, k);
            assertEquals(want.length, got);
            assertArrayEquals(want, Arrays.copyOf(out, got), "query " + q);
            for (int j = 0; j < n; j++) assertEquals(Oracles.naiveDistance(qb, q, bb, j, m), dist[j]);
            for (int t = got; t < out.length; t++) assertEquals(-7, out[t], "wrote past the returned count");
        }
    }

    @Test
    void tiesGoToLowerIndex() {
        // all base codes identical: the answer must be 0..k-1 in order
        int m = 8, n = 10;
        PackedCodes base = PackedCodes.fromBits(new byte[n * m], n, m);
        byte[] qb = new byte[m];
        qb[3] = 1;
        PackedCodes q = PackedCodes.fromBits(qb, 1, m);
        int[] out = new int[4];
        assertEquals(4, HammingTopK.topK(base, q, 0, 4, new int[n], out));
        assertArrayEquals(new int[] {0, 1, 2, 3}, out);
    }

    @Test
    void edgeCases() {
        PackedCodes base = PackedCodes.fromBits(new byte[] {0, 1, 1, 1}, 2, 2);
        PackedCodes q = PackedCodes.fromBits(new byte[] {1, 1}, 1, 2);
        assertEquals(0, HammingTopK.topK(base, q, 0, 0, new int[2], new int[0]));
        PackedCodes empty = PackedCodes.fromBits(new byte[0], 0, 2);
        assertEquals(0, HammingTopK.topK(empty, q, 0, 5, new int[0], new int[0]));
        assertThrows(IllegalArgumentException.class, () -> HammingTopK.topK(base, q, 0, -1, new int[2], new int[1]));
        assertThrows(IllegalArgumentException.class, () -> HammingTopK.topK(base, q, 0, 2, new int[1], new int[2]));
        assertThrows(IllegalArgumentException.class, () -> HammingTopK.topK(base, q, 0, 2, new int[2], new int[1]));
        PackedCodes q3 = PackedCodes.fromBits(new byte[3], 1, 3);
        assertThrows(IllegalArgumentException.class, () -> HammingTopK.topK(base, q3, 0, 1, new int[2], new int[1]));
    }
}
