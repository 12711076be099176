package ammi.eval;

import ammi.markov.BruteForce;
import ammi.markov.Viterbi;
import ammi.util.Parallel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The likelihood ranking against enumeration, Viterbi and a sort of every candidate. */
class CodeLikelihoodTest {

    private static double[] logits(Random rnd, int n, int m, int order, double scale) {
        double[] l = new double[n * m << order];
        for (int i = 0; i < l.length; i++) l[i] = scale * rnd.nextGaussian();
        return l;
    }

    /** Every code of m bits, bit i of the long = z_i. */
    private static PackedCodes allCodes(int m) {
        int n = 1 << m;
        byte[] bits = new byte[n * m];
        for (int z = 0; z < n; z++) for (int i = 0; i < m; i++) bits[z * m + i] = (byte) ((z >> i) & 1);
        return PackedCodes.fromBits(bits, n, m);
    }

    @Test
    void equalsEnumerationAndSumsToOne() {
        Random rnd = new Random(31);
        int m = 9;
        PackedCodes all = allCodes(m);
        for (int order = 0; order <= 3; order++) {
            double[] l = logits(rnd, 2, m, order, order == 2 ? 8 : 1.5); // large logits too
            CodeLikelihood lik = new CodeLikelihood(l, 2, m, order);
            for (int q = 0; q < 2; q++) {
                CodeLikelihood.Scorer s = lik.scorer().reset(q);
                double total = 0;
                for (int z = 0; z < all.count(); z++) {
                    double expected = BruteForce.logProb(l, q, m, order, z);
                    assertEquals(expected, lik.logLikelihood(q, all, z), 1e-12, "order " + order + ", code " + z);
                    assertEquals(expected, s.score(all, z), 1e-12, "scorer, order " + order + ", code " + z);
                    total += Math.exp(expected);
                }
                assertEquals(1.0, total, 1e-12, "order " + order + ": probabilities of all codes");
            }
        }
    }

    /** The byte tables (o = 0) against the bit-by-bit definition, on codes of 1 to 2 words with a partial last byte. */
    @Test
    void byteTablesEqualTheDefinition() {
        Random rnd = new Random(32);
        for (int m : new int[] {1, 7, 8, 13, 64, 70, 128}) {
            int nq = 3, nc = 50;
            CodeLikelihood lik = new CodeLikelihood(logits(rnd, nq, m, 0, 3), nq, m, 0);
            PackedCodes codes = PackedCodes.fromBits(Oracles.randomBits(rnd, nc, m), nc, m);
            CodeLikelihood.Scorer s = lik.scorer();
            for (int q = 0; q < nq; q++) {
                s.reset(q);
                for (int j = 0; j < nc; j++)
                    assertEquals(lik.logLikelihood(q, codes, j), s.score(codes, j), 1e-10, "m " + m + ", query " + q + ", code " + j);
            }
        }
    }

    /** The Viterbi code of a query is the most likely code, with Viterbi's own log-probability. */
    @Test
    void viterbiCodeIsTheMostLikely() {
        Random rnd = new Random(33);
        int m = 10, n = 4;
        PackedCodes all = allCodes(m);
        for (int order = 0; order <= 2; order++) {
            double[] l = logits(rnd, n, m, order, 2);
            byte[] bits = new byte[n * m];
            double[] lp = new double[n];
            Viterbi.decode(l, n, m, order, bits, lp);
            PackedCodes best = PackedCodes.fromBits(bits, n, m);
            CodeLikelihood lik = new CodeLikelihood(l, n, m, order);
            for (int q = 0; q < n; q++) {
                double v = lik.logLikelihood(q, best, q);
                assertEquals(lp[q], v, 1e-12, "order " + order + ", query " + q);
                for (int z = 0; z < all.count(); z++) assertTrue(lik.logLikelihood(q, all, z) <= v + 1e-12);
            }
        }
    }

    /** nearest(): a full sort of (score descending, index ascending), duplicates in the base so that ties occur. */
    @Test
    void nearestIsASortOfEveryCandidate() {
        Random rnd = new Random(34);
        int saved = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 8}) {
                Parallel.setThreadsSplittingAll(threads);
                for (int order : new int[] {0, 2}) {
                    int m = 20, nq = threads == 8 ? 3 : 7, nb = 60, k = 25; // fewer queries than threads: the base is split
                    byte[] base = Oracles.randomBits(rnd, nb, m);
                    for (int j = 40; j < nb; j++) System.arraycopy(base, (j - 40) * m, base, j * m, m); // 20 duplicates
                    PackedCodes b = PackedCodes.fromBits(base, nb, m);
                    CodeLikelihood lik = new CodeLikelihood(logits(rnd, nq, m, order, 1), nq, m, order);
                    int[] top = lik.nearest(b, k);
                    for (int q = 0; q < nq; q++) {
                        List<Integer> idx = new ArrayList<>();
                        for (int j = 0; j < nb; j++) idx.add(j);
                        final int qq = q;
                        idx.sort(Comparator.comparingDouble((Integer j) -> -lik.logLikelihood(qq, b, j)).thenComparingInt(j -> j));
                        int[] expected = idx.subList(0, k).stream().mapToInt(Integer::intValue).toArray();
                        int[] got = new int[k];
                        System.arraycopy(top, q * k, got, 0, k);
                        assertArrayEquals(expected, got, "order " + order + ", query " + q + ", " + threads + " threads");
                    }
                    assertEquals(nq * nb, lik.nearest(b, 1000).length, "k above the base size keeps the whole base");
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void matchingByLikelihoodEqualsRankingEveryCandidate() {
        Random rnd = new Random(35);
        int m = 12, n = 40, extra = 15, k = 5;
        for (int order : new int[] {0, 1}) {
            byte[] y = Oracles.randomBits(rnd, n, m), d = Oracles.randomBits(rnd, extra, m);
            System.arraycopy(y, 0, y, m, m); // y_0 == y_1: a tie the index breaks
            System.arraycopy(y, 2 * m, d, 0, m); // a distractor equal to y_2: it ranks ahead of the partner
            PackedCodes py = PackedCodes.fromBits(y, n, m), pd = PackedCodes.fromBits(d, extra, m);
            CodeLikelihood x = new CodeLikelihood(logits(rnd, n, m, order, 1.5), n, m, order);
            for (PackedCodes distractors : new PackedCodes[] {null, pd}) {
                int hits = 0;
                for (int i = 0; i < n; i++) {
                    double si = x.logLikelihood(i, py, i);
                    int rank = 0;
                    for (int j = 0; j < n; j++) {
                        double s = x.logLikelihood(i, py, j);
                        if (s > si + 1e-9 || (Math.abs(s - si) <= 1e-9 && j < i)) rank++;
                    }
                    if (distractors != null)
                        for (int j = 0; j < extra; j++) if (x.logLikelihood(i, distractors, j) >= si - 1e-9) rank++;
                    if (rank < k) hits++;
                }
                assertEquals(100.0 * hits / n, MatchingPrecision.matchingAtK(x, py, distractors, k), 1e-12,
                        "order " + order + (distractors == null ? "" : ", with distractors"));
            }
        }
    }

    /** Hand-computed: m = 2, o = 0, two pairs. */
    @Test
    void handComputedMatching() {
        // Query 0 is sure of bit 0 (logit 4) and unsure of bit 1 (0.1); y_0 = 01, y_1 = 10 (z_0 first).
        // log q(y_0 | x_0) = log s(-4) + log s(0.1) < log q(y_1 | x_0) = log s(4) + log s(-0.1): y_1 first.
        // Query 1 (logits -3, 3) prefers 01 = y_0 over its partner y_1 = 10.
        // Under Hamming distance query 0's code 11 is 1 bit from both y codes and the index picks y_0,
        // a hit that the likelihood, which knows bit 1 is a guess, does not give.
        double[] l = {4, 0.1, -3, 3};
        PackedCodes y = PackedCodes.fromBits(new byte[] {0, 1, 1, 0}, 2, 2);
        CodeLikelihood x = new CodeLikelihood(l, 2, 2, 0);
        assertEquals(0.0, MatchingPrecision.matchingAtK(x, y, null, 1), 1e-12, "each query's partner ranks second");
        assertEquals(100.0, MatchingPrecision.matchingAtK(x, y, null, 2), 1e-12);
        PackedCodes xCodes = PackedCodes.fromBits(new byte[] {1, 1, 0, 1}, 2, 2);
        assertEquals(50.0, MatchingPrecision.matchingAtK(xCodes, y, 1), 1e-12, "Hamming: query 0 wins its tie by index");
        double s = Math.log(1 / (1 + Math.exp(-4))) + Math.log(1 / (1 + Math.exp(0.1)));
        assertEquals(s, x.logLikelihood(0, y, 1), 1e-12, "log q(10 | x_0)");
    }

    /** A query with NaN logits scores NaN against everything: a miss, not a partner nothing outranks. */
    @Test
    void nanQueriesMissAndAnEmptyBaseHasNoNeighbours() {
        double[] l = {4, 0.1, Double.NaN, 3};
        PackedCodes y = PackedCodes.fromBits(new byte[] {1, 0, 0, 1}, 2, 2);
        CodeLikelihood x = new CodeLikelihood(l, 2, 2, 0);
        assertEquals(50.0, MatchingPrecision.matchingAtK(x, y, null, 1), 1e-12, "query 0 finds its partner, query 1 (NaN) misses");
        assertEquals(0, x.nearest(PackedCodes.fromBits(new byte[0], 0, 2), 5).length);
    }

    @Test
    void wrongShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CodeLikelihood(new double[7], 2, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new CodeLikelihood(new double[8], 2, 4, 1));
        CodeLikelihood x = new CodeLikelihood(new double[8], 2, 4, 0);
        PackedCodes other = PackedCodes.fromBits(new byte[10], 2, 5);
        assertThrows(IllegalArgumentException.class, () -> x.nearest(other, 3));
        assertThrows(IllegalArgumentException.class, () -> MatchingPrecision.matchingAtK(x, other, null, 3));
        PackedCodes three = PackedCodes.fromBits(new byte[12], 3, 4);
        assertThrows(IllegalArgumentException.class, () -> MatchingPrecision.matchingAtK(x, three, null, 3));
    }
}
