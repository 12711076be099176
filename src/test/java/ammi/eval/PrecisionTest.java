package ammi.eval;

import static org.junit.jupiter.api.Assertions.*;

import ammi.util.Parallel;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrecisionTest {

    private static final double EPS = 1e-9;

    @Test
    void handComputedTinyCase() {
        // m = 4, codes written bit 0 first.
        // base b0 = 0000 {1}, b1 = 1000 {2}, b2 = 1100 {1,3}, b3 = 0001 {1}
        // q0 = 0000 {1}:   d = (0,1,2,1); top-2 = b0, then b1/b3 tie at 1 -> b1 (lower index).
        //                  b0 shares 1, b1 does not: 1/2. (Breaking the tie toward b3 would give 2/2.)
        // q1 = 1100 {2,3}: d = (2,1,0,3); top-2 = b2, b1; b2 shares 3, b1 shares 2: 2/2.
        // precision@2 = (1/2 + 2/2) / 2 * 100 = 75.
        PackedCodes base = PackedCodes.fromBits(new byte[] {0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1}, 4, 4);
        int[][] baseLab = {{1}, {2}, {1, 3}, {1}};
        PackedCodes q = PackedCodes.fromBits(new byte[] {0, 0, 0, 0, 1, 1, 0, 0}, 2, 4);
        int[][] qLab = {{1}, {2, 3}};
        assertEquals(75.0, RetrievalPrecision.precisionAtK(q, qLab, base, baseLab, 2), EPS);
        // K = 1: q0 -> b0 (hit), q1 -> b2 (hit) = 100; K = 10 clamps to 4:
        // q0 hits b0,b2,b3 = 3/4, q1 hits b1,b2 = 2/4 -> 62.5
        assertEquals(100.0, RetrievalPrecision.precisionAtK(q, qLab, base, baseLab, 1), EPS);
        assertEquals(62.5, RetrievalPrecision.precisionAtK(q, qLab, base, baseLab, 10), EPS);
    }

    @ParameterizedTest(name = "m={0} nb={1} nq={2} K={3} labels={4}")
    @CsvSource({
        "4, 300, 40, 100, 6",     // heavy ties, bitset path
        "3, 120, 30, 50, 64",     // bitset path at its edge (label 63)
        "5, 200, 30, 20, 500",    // merge path
        "64, 150, 20, 10, 80",
        "128, 100, 20, 200, 4",   // K > N
        "1, 50, 10, 7, 3",
    })
    void precisionMatchesBruteForce(int m, int nb, int nq, int k, int numLabels) {
        Random rnd = new Random(7L * m + nb + k + numLabels);
        byte[] bb = Oracles.randomBits(rnd, nb, m), qb = Oracles.randomBits(rnd, nq, m);
        int[][] bl = Oracles.randomLabels(rnd, nb, numLabels, 4), ql = Oracles.randomLabels(rnd, nq, numLabels, 4);
        double want = Oracles.naivePrecision(qb, ql, bb, bl, m, k);
        double got = RetrievalPrecision.precisionAtK(PackedCodes.fromBits(qb, nq, m), ql, PackedCodes.fromBits(bb, nb, m), bl, k);
        assertEquals(want, got, EPS);
    }

    /** Label 64 is the first that a 64-bit label mask cannot hold: it must not alias label 0. */
    @Test
    void labelSixtyFourIsNotLabelZero() {
        PackedCodes q = PackedCodes.fromBits(new byte[] {0, 0}, 1, 2);
        PackedCodes base = PackedCodes.fromBits(new byte[] {0, 0, 0, 1}, 2, 2);
        assertEquals(0.0, RetrievalPrecision.precisionAtK(q, new int[][] {{0}}, base, new int[][] {{64}, {64}}, 2), EPS);
        assertEquals(50.0, RetrievalPrecision.precisionAtK(q, new int[][] {{64}}, base, new int[][] {{64}, {3}}, 2), EPS);
        assertEquals(100.0, RetrievalPrecision.precisionAtK(q, new int[][] {{63}}, base, new int[][] {{63}, {63, 64}}, 2), EPS);
    }

    @Test
    void precisionRejectsBadInput() {
        PackedCodes c = PackedCodes.fromBits(new byte[] {0, 1}, 2, 1);
        int[][] l = {{1}, {2}};
        assertThrows(IllegalArgumentException.class, () -> RetrievalPrecision.precisionAtK(c, l, c, l, 0));
        assertThrows(IllegalArgumentException.class, () -> RetrievalPrecision.precisionAtK(c, new int[][] {{1}}, c, l, 1));
        assertThrows(IllegalArgumentException.class, () -> RetrievalPrecision.precisionAtK(c, new int[][] {{2, 1}, {1}}, c, l, 1));
    }

    @ParameterizedTest(name = "m={0} n={1} K={2}")
    @CsvSource({
        "4, 200, 10",    // heavy ties
        "2, 60, 5",
        "16, 150, 3",
        "128, 80, 1",
        "70, 40, 100",   // K > N: everything matches
    })
    void matchingMatchesBruteForce(int m, int n, int k) {
        Random rnd = new Random(13L * m + n + k);
        byte[] xb = Oracles.randomBits(rnd, n, m);
        // y = x with a few bits flipped, so matches are neither all nor none
        byte[] yb = xb.clone();
        for (int t = 0; t < yb.length; t++) if (rnd.nextInt(8) == 0) yb[t] ^= 1;
        double want = Oracles.naiveMatching(xb, yb, n, m, k);
        double got = MatchingPrecision.matchingAtK(PackedCodes.fromBits(xb, n, m), PackedCodes.fromBits(yb, n, m), k);
        assertEquals(want, got, EPS);
    }

    /** Distractors join the candidates before the y codes: a full sort of (distance, distractors first, index) over all of them as the oracle. */
    @ParameterizedTest(name = "m={0} n={1} extra={2} K={3}")
    @CsvSource({
        "4, 60, 90, 10",   // heavy ties, distractors win them
        "16, 50, 200, 5",
        "64, 30, 10, 100", // K > n + extra: everything matches
    })
    void matchingWithDistractorsMatchesSorting(int m, int n, int extra, int k) {
        Random rnd = new Random(7L * m + n + extra);
        byte[] xb = Oracles.randomBits(rnd, n, m), db = Oracles.randomBits(rnd, extra, m);
        byte[] yb = xb.clone();
        for (int t = 0; t < yb.length; t++) if (rnd.nextInt(6) == 0) yb[t] ^= 1;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            final int q = i;
            java.util.function.IntUnaryOperator dist = j -> {
                int d = 0;
                for (int b = 0; b < m; b++) d += xb[q * m + b] != (j < n ? yb[j * m + b] : db[(j - n) * m + b]) ? 1 : 0;
                return d;
            };
            Integer[] order = java.util.stream.IntStream.range(0, n + extra).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, java.util.Comparator.comparingInt((Integer j) -> dist.applyAsInt(j))
                    .thenComparingInt(j -> j < n ? 1 : 0).thenComparingInt(j -> j));
            for (int r = 0; r < Math.min(k, n + extra); r++) if (order[r] == i) hits++;
        }
        double got = MatchingPrecision.matchingAtK(PackedCodes.fromBits(xb, n, m), PackedCodes.fromBits(yb, n, m),
                PackedCodes.fromBits(db, extra, m), k);
        assertEquals(100.0 * hits / n, got, EPS);
    }

    @Test
    void aDistractorNearerThanThePartnerPushesItDown() {
        // x0 = 00 and its partner y0 = 11 (distance 2); y1 = 10 (distance 1); distractor 00 (distance 0)
        PackedCodes x = PackedCodes.fromBits(new byte[] {0, 0, 1, 0}, 2, 2);
        PackedCodes y = PackedCodes.fromBits(new byte[] {1, 1, 1, 0}, 2, 2);
        PackedCodes d = PackedCodes.fromBits(new byte[] {0, 0}, 1, 2);
        // without the distractor x0 ranks y1, y0 (miss at K = 1, hit at K = 2); x1 = 10 finds y1 first (hit)
        assertEquals(50.0, MatchingPrecision.matchingAtK(x, y, 1), EPS);
        assertEquals(100.0, MatchingPrecision.matchingAtK(x, y, 2), EPS);
        // with it, x0's partner is third; x1 still finds y1 (distance 0) first
        assertEquals(50.0, MatchingPrecision.matchingAtK(x, y, d, 2), EPS);
        assertEquals(100.0, MatchingPrecision.matchingAtK(x, y, d, 3), EPS);
    }

    /** Collapsed codes score by index order alone without distractors; with them, every tie goes to a distractor. */
    @Test
    void aDistractorAsCloseAsThePartnerRanksAhead() {
        // every code 0: x_i ties with every y and every distractor
        PackedCodes x = PackedCodes.fromBits(new byte[4], 4, 1), y = PackedCodes.fromBits(new byte[4], 4, 1);
        PackedCodes d = PackedCodes.fromBits(new byte[2], 2, 1);
        assertEquals(50.0, MatchingPrecision.matchingAtK(x, y, 2), EPS); // y0 and y1 by index
        assertEquals(0.0, MatchingPrecision.matchingAtK(x, y, d, 2), EPS); // the two distractors first
        assertEquals(25.0, MatchingPrecision.matchingAtK(x, y, d, 3), EPS); // then y0
    }

    @Test
    void matchingHandCase() {
        // x0 = 00, x1 = 11; y0 = 01, y1 = 01 (identical y codes).
        // K = 1: x0 -> d(y0)=1, d(y1)=1, tie -> y0: hit. x1 -> tie again -> y0, but wanted y1: miss. 50%.
        PackedCodes x = PackedCodes.fromBits(new byte[] {0, 0, 1, 1}, 2, 2);
        PackedCodes y = PackedCodes.fromBits(new byte[] {0, 1, 0, 1}, 2, 2);
        assertEquals(50.0, MatchingPrecision.matchingAtK(x, y, 1), EPS);
        assertEquals(100.0, MatchingPrecision.matchingAtK(x, y, 2), EPS);
    }

    @Test
    void oneAndTwoThreadsAgree() {
        int saved = Parallel.threads();
        try {
            Random rnd = new Random(99);
            // sizes chosen so that Parallel.forRange really splits the work (n * cost >= 50_000)
            int m = 8, nb = 2000, nq = 60, k = 100;
            byte[] bb = Oracles.randomBits(rnd, nb, m), qb = Oracles.randomBits(rnd, nq, m);
            int[][] bl = Oracles.randomLabels(rnd, nb, 200, 3), ql = Oracles.randomLabels(rnd, nq, 200, 3);
            int[][] bs = Oracles.randomLabels(rnd, nb, 10, 2), qs = Oracles.randomLabels(rnd, nq, 10, 2);
            PackedCodes base = PackedCodes.fromBits(bb, nb, m), queries = PackedCodes.fromBits(qb, nq, m);
            int n = 400;
            byte[] xb = Oracles.randomBits(rnd, n, m), yb = xb.clone();
            for (int t = 0; t < yb.length; t++) if (rnd.nextInt(6) == 0) yb[t] ^= 1;
            PackedCodes x = PackedCodes.fromBits(xb, n, m), y = PackedCodes.fromBits(yb, n, m);

            Parallel.setThreadsSplittingAll(1);
            double p1 = RetrievalPrecision.precisionAtK(queries, ql, base, bl, k);
            double s1 = RetrievalPrecision.precisionAtK(queries, qs, base, bs, k);
            double m1 = MatchingPrecision.matchingAtK(x, y, 5);
            Parallel.setThreadsSplittingAll(2);
            double p2 = RetrievalPrecision.precisionAtK(queries, ql, base, bl, k);
            double s2 = RetrievalPrecision.precisionAtK(queries, qs, base, bs, k);
            double m2 = MatchingPrecision.matchingAtK(x, y, 5);

            assertEquals(p1, p2, 0.0);
            assertEquals(s1, s2, 0.0);
            assertEquals(m1, m2, 0.0);
            assertEquals(Oracles.naivePrecision(qb, ql, bb, bl, m, k), p2, EPS);
            assertEquals(Oracles.naivePrecision(qb, qs, bb, bs, m, k), s2, EPS);
            assertEquals(Oracles.naiveMatching(xb, yb, n, m, 5), m2, EPS);
        } finally {
            Parallel.setThreads(saved);
        }
    }
}
