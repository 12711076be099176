package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class WordDropoutTest {

    /** rows x cols with nnzPerRow distinct sorted columns per row and values in (0, 1]. */
    static CsrMatrix random(int rows, int cols, int nnzPerRow, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] rowPtr = new int[rows + 1];
        int[] idx = new int[rows * nnzPerRow];
        double[] val = new double[rows * nnzPerRow];
        for (int r = 0; r < rows; r++) {
            int at = r * nnzPerRow;
            int[] pick = rng.ints(0, cols).distinct().limit(nnzPerRow).sorted().toArray();
            for (int k = 0; k < nnzPerRow; k++) {
                idx[at + k] = pick[k];
                val[at + k] = 1.0 - rng.nextDouble();
            }
            rowPtr[r + 1] = at + nnzPerRow;
        }
        return new CsrMatrix(rows, cols, rowPtr, idx, val);
    }

    @Test
    void keepsAboutOneMinusPAndScalesTheSurvivors() {
        CsrMatrix x = random(200, 2000, 500, 1);
        int[] docs = new int[200];
        for (int i = 0; i < docs.length; i++) docs[i] = i;
        double p = 0.3;
        CsrMatrix d = WordDropout.batch(x, docs, docs.length, p, 9061, 0, 17);
        // 100000 Bernoulli(0.7) draws: sd 0.00145, so +-0.006 is over 4 sd.
        double kept = d.nnz() / (double) x.nnz();
        assertEquals(0.7, kept, 0.006, "fraction kept");
        for (int r = 0; r < docs.length; r++) {
            int q = x.rowPtr[r];
            for (int k = d.rowPtr[r]; k < d.rowPtr[r + 1]; k++) {
                while (x.colIdx[q] != d.colIdx[k]) q++; // survivors keep the row's column order
                assertEquals(x.values[q] * (1.0 / (1 - p)), d.values[k], 0.0);
            }
        }
    }

    @Test
    void theMaskBelongsToTheDocumentNotItsPlaceInTheBatch() {
        CsrMatrix x = random(10, 300, 40, 2);
        CsrMatrix ab = WordDropout.batch(x, new int[] {3, 7}, 2, 0.5, 5, 0, 4);
        CsrMatrix ba = WordDropout.batch(x, new int[] {7, 3, 0}, 2, 0.5, 5, 0, 4); // count 2: the 0 is not read
        assertEquals(2, ba.rows);
        assertArrayEquals(row(ab, 0), row(ba, 1));
        assertArrayEquals(row(ab, 1), row(ba, 0));
        assertArrayEquals(row(ab, 0), row(WordDropout.batch(x, new int[] {3}, 1, 0.5, 5, 0, 4), 0), "same inputs, same mask");
    }

    @Test
    void stepsStreamsAndSeedsDrawOtherMasks() {
        CsrMatrix x = random(1, 1000, 400, 3);
        int[] doc = {0};
        double[] base = row(WordDropout.batch(x, doc, 1, 0.5, 5, 0, 4), 0);
        assertFalse(java.util.Arrays.equals(base, row(WordDropout.batch(x, doc, 1, 0.5, 5, 0, 5), 0)), "next step");
        assertFalse(java.util.Arrays.equals(base, row(WordDropout.batch(x, doc, 1, 0.5, 5, 1, 4), 0)), "X stream");
        assertFalse(java.util.Arrays.equals(base, row(WordDropout.batch(x, doc, 1, 0.5, 6, 0, 4), 0)), "other seed");
    }

    @Test
    void zeroProbabilityKeepsEveryEntry() {
        CsrMatrix x = random(5, 100, 30, 4);
        CsrMatrix d = WordDropout.batch(x, new int[] {4, 1}, 2, 0.0, 1, 0, 0);
        assertArrayEquals(java.util.Arrays.copyOfRange(x.values, x.rowPtr[4], x.rowPtr[5]), row(d, 0));
        assertArrayEquals(java.util.Arrays.copyOfRange(x.values, x.rowPtr[1], x.rowPtr[2]), row(d, 1));
    }

    /**
     * The oracle for the backend: a step with word dropout on the training rows equals a step
     * without dropout on the masked rows built separately, for both encoders of predictive hashing.
     */
    @Test
    void aCpuStepWithDropoutEqualsAStepOnTheMaskedRows() {
        CsrMatrix y = random(20, 60, 12, 5), x = random(20, 60, 9, 6);
        AmmiConfig c = new AmmiConfig();
        c.predictive = true;
        c.bits = 8;
        c.batchSize = 4;
        c.priorSteps = 2;
        c.wordDropout = 0.4;
        c.validate();
        AmmiConfig plain = c.copy();
        plain.wordDropout = 0;
        int[] docs = {5, 2, 9, 13};
        CsrMatrix yMasked = WordDropout.batch(y, docs, 4, c.wordDropout, c.seed, 0, 0);
        CsrMatrix xMasked = WordDropout.batch(x, docs, 4, c.wordDropout, c.seed, 1, 0);
        assertTrue(yMasked.nnz() < 48 && xMasked.nnz() < 36, "the masks drop something");
        Map<String, double[]> withDropout, onMasked, undropped;
        try (CpuBackend a = new CpuBackend(c, y, x); CpuBackend b = new CpuBackend(plain, yMasked, xMasked);
             CpuBackend u = new CpuBackend(plain, y, x)) {
            oneStep(a, docs, c.priorSteps);
            oneStep(b, new int[] {0, 1, 2, 3}, c.priorSteps);
            oneStep(u, docs, c.priorSteps);
            withDropout = a.parameters();
            onMasked = b.parameters();
            undropped = u.parameters();
        }
        assertEquals(onMasked.keySet(), withDropout.keySet());
        for (String k : onMasked.keySet()) assertArrayEquals(onMasked.get(k), withDropout.get(k), 0.0, k);
        assertFalse(java.util.Arrays.equals(undropped.get("posterior.in.weight"), withDropout.get("posterior.in.weight")),
                "dropout changed the step");
    }

    private static void oneStep(CpuBackend backend, int[] docs, int priorSteps) {
        backend.beginBatch(docs, docs.length);
        for (int g = 0; g < priorSteps; g++) backend.priorStep();
        backend.encoderStep();
    }

    private static double[] row(CsrMatrix m, int r) {
        return java.util.Arrays.copyOfRange(m.values, m.rowPtr[r], m.rowPtr[r + 1]);
    }
}
