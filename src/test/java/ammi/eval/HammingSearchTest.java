package ammi.eval;

import ammi.util.Parallel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HammingSearchTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
    }

    /** The naive oracle with one base code left out (-1: none). */
    private static int[] naiveTopKExcluding(byte[] bb, int n, byte[] qb, int q, int m, int k, int exclude) {
        int[] all = Oracles.naiveTopK(bb, n, qb, q, m, n);
        int[] kept = Arrays.stream(all).filter(j -> j != exclude).toArray();
        return Arrays.copyOf(kept, Math.min(k, kept.length));
    }

    @ParameterizedTest(name = "m={0} N={1} K={2} threads={3}")
    @CsvSource({
        "4, 2000, 100, 2",   // ties everywhere: the cut-off quota must go to the earlier chunk
        "4, 2000, 100, 3",
        "4, 2000, 2000, 2",  // K = N: every code placed
        "16, 1000, 17, 2",
        "64, 999, 50, 2",
        "128, 1500, 10, 2",
        "128, 1500, 10, 1",
        "200, 700, 40, 3",
        "8, 5, 100, 2",      // K > N
        "32, 1, 10, 2",
    })
    void matchesBruteForceForAnyThreadCount(int m, int n, int k, int threads) {
        Parallel.setThreadsSplittingAll(threads);
        Random rnd = new Random(17L * m + n + k + threads);
        int nq = 12;
        byte[] bb = Oracles.randomBits(rnd, n, m), qb = Oracles.randomBits(rnd, nq, m);
        PackedCodes base = PackedCodes.fromBits(bb, n, m), queries = PackedCodes.fromBits(qb, nq, m);
        HammingSearch search = new HammingSearch(base);
        int[] out = new int[k];
        for (int q = 0; q < nq; q++) {
            int exclude = q % 3 == 0 ? -1 : rnd.nextInt(n);
            search.scan(queries, q, exclude);
            int got = search.topK(k, out);
            int[] want = naiveTopKExcluding(bb, n, qb, q, m, k, exclude);
            assertArrayEquals(want, Arrays.copyOf(out, got), "query " + q + " excluding " + exclude);
            for (int r = 0; r < got; r++) assertEquals(Oracles.naiveDistance(qb, q, bb, out[r], m), search.distance(out[r]));
        }
    }

    @ParameterizedTest(name = "m={0} N={1} threads={2}")
    @CsvSource({"8, 3000, 2", "16, 500, 3", "128, 2000, 2", "128, 2000, 1"})
    void nearestAtLeastIsTheClosestAtOrBeyondEachDistance(int m, int n, int threads) {
        Parallel.setThreadsSplittingAll(threads);
        Random rnd = new Random(5L * m + n);
        byte[] bb = Oracles.randomBits(rnd, n, m);
        PackedCodes base = PackedCodes.fromBits(bb, n, m);
        HammingSearch search = new HammingSearch(base);
        for (int q = 0; q < 6; q++) {
            search.scan(base, q, q);
            for (int d = 0; d <= m + 2; d++) {
                int want = -1, wantDist = Integer.MAX_VALUE;
                for (int j = 0; j < n; j++) {
                    if (j == q) continue;
                    int dj = Oracles.naiveDistance(bb, q, bb, j, m);
                    if (dj >= d && dj < wantDist) {
                        want = j;
                        wantDist = dj;
                    }
                }
                assertEquals(want, search.nearestAtLeast(d), "query " + q + ", d = " + d);
            }
        }
    }

    @Test
    void countsExcludeTheQueryDocument() {
        byte[] bb = {0, 0, 0, 0, 0, 0, 1, 1, 1};
        PackedCodes base = PackedCodes.fromBits(bb, 3, 3);
        HammingSearch search = new HammingSearch(base);
        search.scan(base, 0, 0);
        assertEquals(1, search.countAt(0)); // code 1 only: code 0 is the query, left out
        assertEquals(1, search.countAt(3));
        assertEquals(1, search.nearestAtLeast(0));
        assertEquals(2, search.nearestAtLeast(1));
        assertEquals(-1, search.nearestAtLeast(4));
        search.scan(base, 0, -1);
        assertEquals(2, search.countAt(0));
        assertEquals(1, search.countAt(3));
    }

    @Test
    void refusesOtherCodeLengthsAndUnscannedUse() {
        PackedCodes base = PackedCodes.fromBits(new byte[8], 1, 8);
        HammingSearch search = new HammingSearch(base);
        assertThrows(IllegalStateException.class, () -> search.topK(1, new int[1]));
        assertThrows(IllegalArgumentException.class, () -> search.scan(PackedCodes.fromBits(new byte[9], 1, 9), 0, -1));
    }
}
