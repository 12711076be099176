package ammi.model;

import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import ammi.eval.PackedCodes;
import ammi.util.UserError;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriorOrderExperimentTest {

    @Test
    void fixedBatchIsASeededSortedSampleOfDistinctRows() {
        int[] a = PriorOrderExperiment.sampleRows(1000, 512, 9061);
        assertArrayEquals(a, PriorOrderExperiment.sampleRows(1000, 512, 9061));
        assertEquals(512, a.length);
        for (int i = 1; i < a.length; i++) assertTrue(a[i - 1] < a[i], "sorted and distinct");
        assertTrue(a[0] >= 0 && a[a.length - 1] < 1000);
        assertFalse(Arrays.equals(a, PriorOrderExperiment.sampleRows(1000, 512, 1)), "another seed, another batch");
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, PriorOrderExperiment.sampleRows(5, 5, 3));
    }

    @Test
    void batchLogitsAreTheTrainedEncodersOwn() {
        // o = 0: the Viterbi code of a document is the sign of its logits, so the logits rebuilt
        // from the saved parameters must give the backend's own codes.
        int n = 40, v = 30, m = 8;
        Random rnd = new Random(5);
        int[] rowPtr = new int[n + 1];
        int[] cols = new int[n * 4];
        double[] vals = new double[n * 4];
        for (int r = 0; r < n; r++) {
            rowPtr[r + 1] = rowPtr[r] + 4;
            int c = rnd.nextInt(v - 4);
            for (int k = 0; k < 4; k++) {
                cols[r * 4 + k] = c + k;
                vals[r * 4 + k] = rnd.nextDouble();
            }
        }
        CsrMatrix x = new CsrMatrix(n, v, rowPtr, cols, vals);
        AmmiConfig c = PriorOrderExperiment.reuters16();
        c.bits = m;
        c.brute = true;
        c.init = 1.0;
        try (CpuBackend backend = new CpuBackend(c, x)) {
            Map<String, double[]> params = backend.parameters();
            PackedCodes codes = backend.encode(x);
            int[] rows = {3, 7, 20, 39};
            double[] logits = PriorOrderExperiment.posteriorLogits(c, x, params, rows);
            assertEquals(rows.length * m, logits.length);
            for (int b = 0; b < rows.length; b++)
                for (int i = 0; i < m; i++)
                    assertEquals(codes.bit(rows[b], i), logits[b * m + i] > 0 ? 1 : 0, "doc " + rows[b] + " bit " + i);
        }
    }

    @Test
    void settingsNameTheOption() {
        PriorOrderExperiment.Settings s = new PriorOrderExperiment.Settings();
        s.validate(512);
        s.batch = 513;
        UserError e = assertThrows(UserError.class, () -> s.validate(512));
        assertTrue(e.getMessage().contains("--batch 513 exceeds the 512 training documents"), e.getMessage());
        s.batch = 512;
        s.maxOrder = 16;
        e = assertThrows(UserError.class, () -> s.validate(512));
        assertTrue(e.getMessage().contains("--max-order must be in [0, 15]"), e.getMessage());
    }
}
