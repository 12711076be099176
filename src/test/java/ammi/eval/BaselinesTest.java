package ammi.eval;

import ammi.data.CsrMatrix;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Table 1 baselines: BOW top-K by TF-IDF cosine and LSH codes by random hyperplanes. */
class BaselinesTest {

    /** Dense cosine of every (query, base) pair, then a full sort by (cosine desc, index asc). */
    static int[] bruteTopK(double[][] q, double[][] b, int k) {
        int kk = Math.min(k, b.length);
        int[] out = new int[q.length * kk];
        for (int i = 0; i < q.length; i++) {
            double[] s = new double[b.length];
            for (int j = 0; j < b.length; j++) {
                double dot = 0, nq = 0, nb = 0;
                for (int c = 0; c < q[i].length; c++) {
                    dot += q[i][c] * b[j][c];
                    nq += q[i][c] * q[i][c];
                    nb += b[j][c] * b[j][c];
                }
                s[j] = nq == 0 || nb == 0 ? 0 : dot / (Math.sqrt(nq) * Math.sqrt(nb));
            }
            Integer[] order = new Integer[b.length];
            for (int j = 0; j < b.length; j++) order[j] = j;
            Arrays.sort(order, (x, y) -> s[x] != s[y] ? Double.compare(s[y], s[x]) : Integer.compare(x, y));
            for (int t = 0; t < kk; t++) out[i * kk + t] = order[t];
        }
        return out;
    }

    /** Small integer entries, many zeros: plenty of exact ties and a few empty rows. */
    static double[][] randomDense(SplittableRandom rng, int n, int v) {
        double[][] d = new double[n][v];
        for (double[] row : d) for (int c = 0; c < v; c++) if (rng.nextInt(3) == 0) row[c] = 1 + rng.nextInt(2);
        return d;
    }

    @Test
    void bowTopKEqualsBruteForceSort() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 6; trial++) {
            int nq = 15 + trial, nb = 40 + 7 * trial, v = 6 + trial, k = trial == 5 ? 500 : 3 + 4 * trial;
            double[][] q = randomDense(rng, nq, v), b = randomDense(rng, nb, v);
            int[] got = BowRetrieval.nearest(BowMatchingTest.fromDense(q), BowMatchingTest.fromDense(b), k);
            assertArrayEquals(bruteTopK(q, b, k), got, "trial " + trial);
        }
    }

    @Test
    void bowPrecisionOnBbcEqualsIndependentCount() {
        Dataset ds = Datasets.load("bbc", DataOptions.defaults().withVocabSize(2000));
        CsrMatrix q = ds.validation().x(), b = ds.train().x();
        int[][] ql = ds.validation().labels(), bl = ds.train().labels();
        int k = 100;
        double[][] qd = q.toDense(), bd = b.toDense();
        int[] top = bruteTopK(qd, bd, k);
        long hits = 0;
        for (int i = 0; i < qd.length; i++) {
            for (int t = 0; t < k; t++) {
                int[] lb = bl[top[i * k + t]];
                boolean share = false;
                for (int x : ql[i]) for (int y : lb) share |= x == y;
                if (share) hits++;
            }
        }
        double expected = 100.0 * hits / (qd.length * (double) k);
        double got = BowRetrieval.precisionAtK(q, ql, b, bl, k);
        assertEquals(expected, got, 1e-9);
        assertTrue(got > 60, "BOW on bbc is far above chance (about 23), got " + got);
    }

    @Test
    void lshCodesAreTheSignOfXW() {
        SplittableRandom rng = new SplittableRandom(3);
        int n = 25, v = 9;
        double[][] x = randomDense(rng, n, v);
        for (int m : new int[] {1, 16, 70}) {
            LshCodes lsh = LshCodes.random(v, m, 42);
            PackedCodes codes = lsh.encode(BowMatchingTest.fromDense(x));
            // W drawn here independently: java.util.Random(seed).nextGaussian, row-major [v][m].
            Random r = new Random(42);
            double[][] w = new double[v][m];
            for (int c = 0; c < v; c++) for (int i = 0; i < m; i++) w[c][i] = r.nextGaussian();
            for (int d = 0; d < n; d++) {
                for (int i = 0; i < m; i++) {
                    double p = 0;
                    for (int c = 0; c < v; c++) p += x[d][c] * w[c][i];
                    assertEquals(p > 0 ? 1 : 0, codes.bit(d, i), "doc " + d + " bit " + i);
                }
            }
            PackedCodes again = LshCodes.random(v, m, 42).encode(BowMatchingTest.fromDense(x));
            assertArrayEquals(codes.words(), again.words(), "same seed, same codes");
            PackedCodes other = LshCodes.random(v, m, 43).encode(BowMatchingTest.fromDense(x));
            if (m >= 16) assertTrue(!Arrays.equals(codes.words(), other.words()), "another seed, other codes");
        }
    }

    @Test
    void lsh16OnBbcBeatsRandomCodes() {
        Dataset ds = Datasets.load("bbc", DataOptions.defaults().withVocabSize(2000));
        int m = 16;
        Random r = new Random(1);
        byte[] qb = new byte[ds.test().size() * m], bb = new byte[ds.train().size() * m];
        for (int i = 0; i < qb.length; i++) qb[i] = (byte) r.nextInt(2);
        for (int i = 0; i < bb.length; i++) bb[i] = (byte) r.nextInt(2);
        double random = RetrievalPrecision.precisionAtK(PackedCodes.fromBits(qb, ds.test().size(), m), ds.test().labels(),
                PackedCodes.fromBits(bb, ds.train().size(), m), ds.train().labels(), 100);
        // 16 hyperplanes through the origin of a non-negative space are a weak hash (the paper's LSH
        // row is weak too), but every seed should beat codes that ignore the documents.
        for (long seed = 1; seed <= 3; seed++) {
            LshCodes lsh = LshCodes.random(ds.vocabSize(), m, seed);
            double p = RetrievalPrecision.precisionAtK(lsh.encode(ds.test().x()), ds.test().labels(),
                    lsh.encode(ds.train().x()), ds.train().labels(), 100);
            assertTrue(p > random + 3, "seed " + seed + ": LSH " + p + " vs random codes " + random);
        }
    }
}
