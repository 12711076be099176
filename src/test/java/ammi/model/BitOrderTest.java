package ammi.model;

import ammi.autograd.PermuteColumns;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class BitOrderTest {

    /** Pairwise mutual information by brute force: the full 2^m joint of the mixture over documents, then marginalised. */
    static double bruteForceMi(double[] logits, int docs, int m, int i, int j) {
        double[] joint = new double[4];
        for (int d = 0; d < docs; d++) {
            for (int z = 0; z < (1 << m); z++) {
                double pz = 1;
                for (int b = 0; b < m; b++) {
                    double p1 = 1 / (1 + Math.exp(-logits[d * m + b]));
                    pz *= ((z >> b) & 1) == 1 ? p1 : 1 - p1;
                }
                joint[((z >> i) & 1) * 2 + ((z >> j) & 1)] += pz / docs;
            }
        }
        double pi = joint[2] + joint[3], pj = joint[1] + joint[3], mi = 0;
        for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++) {
                double pab = joint[a * 2 + b], pa = a == 1 ? pi : 1 - pi, pb = b == 1 ? pj : 1 - pj;
                if (pab > 0) mi += pab * Math.log(pab / (pa * pb));
            }
        return mi;
    }

    @Test
    void mutualInformationEqualsTheBruteForceJoint() {
        int m = 5, docs = 7;
        SplittableRandom rng = new SplittableRandom(1);
        double[] logits = new double[docs * m];
        for (int k = 0; k < logits.length; k++) logits[k] = rng.nextDouble(-4, 4);
        logits[3] = 40; // a saturated bit
        BitMoments moments = new BitMoments(m);
        moments.add(logits, 3);
        moments.add(java.util.Arrays.copyOfRange(logits, 3 * m, docs * m), docs - 3); // batches add up
        assertEquals(docs, moments.documents());
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++) {
                double want = i == j ? 0 : bruteForceMi(logits, docs, m, i, j);
                assertEquals(want, moments.mutualInformation(i, j), 1e-12, "MI(" + i + ", " + j + ")");
            }
        assertTrue(moments.mutualInformation(0, 1) > 1e-3, "the test has dependent bits");
    }

    @Test
    void twoIndependentDocumentsOfCopiedBitsHaveLog2Nats() {
        // Two equally likely documents, bit 0 = bit 1 = 1 in the first and 0 in the second: I = log 2.
        double[] logits = {60, 60, 0, -60, -60, 0};
        BitMoments moments = new BitMoments(3);
        moments.add(logits, 2);
        assertEquals(Math.log(2), moments.mutualInformation(0, 1), 1e-12);
        assertEquals(0, moments.mutualInformation(0, 2), 1e-12, "a fair coin in both documents is independent of bit 0");
    }

    @Test
    void greedyOrderPutsCopiesNextToEachOther() {
        // 8 bits over 16 documents: 0, 5 and 6 copy one random bit, 2 and 7 another, the rest are independent coins.
        int m = 8, docs = 64;
        SplittableRandom rng = new SplittableRandom(2);
        double[] logits = new double[docs * m];
        for (int d = 0; d < docs; d++) {
            double a = rng.nextBoolean() ? 30 : -30, b = rng.nextBoolean() ? 30 : -30;
            for (int i = 0; i < m; i++) logits[d * m + i] = rng.nextBoolean() ? 30 : -30;
            logits[d * m] = logits[d * m + 5] = logits[d * m + 6] = a;
            logits[d * m + 2] = logits[d * m + 7] = b;
        }
        BitMoments moments = new BitMoments(m);
        moments.add(logits, docs);
        int[] order = BitOrder.greedy(moments, 1);
        assertTrue(BitOrder.isPermutation(order, m));
        int[] at = new int[m];
        for (int k = 0; k < m; k++) at[order[k]] = k;
        // {0, 5, 6} are consecutive and so are {2, 7}, in whichever order the ties fall
        int lo = Math.min(at[0], Math.min(at[5], at[6])), hi = Math.max(at[0], Math.max(at[5], at[6]));
        assertEquals(2, hi - lo, "copies of one bit together: " + java.util.Arrays.toString(order));
        assertEquals(1, Math.abs(at[2] - at[7]), java.util.Arrays.toString(order));
        assertTrue(java.util.Set.of(0, 5, 6, 2, 7).contains(order[0]), "starts at a copied bit (the largest MI)");
        double identityVisible = BitOrder.visible(moments, BitOrder.identity(m), 1);
        assertTrue(BitOrder.visible(moments, order, 1) > identityVisible + 2 * Math.log(2) - 0.3,
                "an order-1 chain sees three copied pairs instead of " + identityVisible);
        assertArrayEquals(BitOrder.identity(m), BitOrder.greedy(new BitMoments(m), 3), "no documents: identity");
        assertFalse(BitOrder.isPermutation(new int[] {0, 0, 1}, 3));
    }

    @Test
    void permuteColumnsGathersAndScattersBack() {
        Tensor x = new Tensor("x", 2, 3);
        for (int k = 0; k < 6; k++) x.value[k] = k + 1;
        PermuteColumns op = new PermuteColumns("perm", 2, 3);
        Tape tape = new Tape();
        Tensor out = op.forward(tape, x, new int[] {2, 0, 1});
        assertArrayEquals(new double[] {3, 1, 2, 6, 4, 5}, java.util.Arrays.copyOf(out.value, 6));
        for (int k = 0; k < 6; k++) out.grad[k] = 10 * (k + 1); // dL/dout
        tape.backward(new Tensor("loss", 1, 1)); // out.grad is seeded above; the scalar only starts the walk
        // x[b][perm[k]] receives out's gradient at [b][k]
        assertArrayEquals(new double[] {20, 30, 10, 50, 60, 40}, x.grad);
    }

    /**
     * The oracle for the backend: training with the prior's chain over order pi equals training
     * without reordering an encoder whose output columns are permuted by pi (same prior, same
     * data), one whole step (prior steps and encoder step), to rounding.
     */
    @Test
    void aStepInChainOrderEqualsAStepOfThePermutedEncoder() {
        CsrMatrix y = WordDropoutTest.random(24, 50, 10, 3);
        AmmiConfig c = new AmmiConfig();
        c.bits = 12;
        c.batchSize = 8;
        c.priorSteps = 3;
        c.reorderBits = true;
        c.validate();
        AmmiConfig plain = c.copy();
        plain.reorderBits = false;
        int[] pi = {3, 11, 0, 7, 1, 2, 9, 10, 4, 8, 6, 5};
        int[] docs = {1, 4, 7, 10, 13, 16, 19, 22};
        try (CpuBackend a = new CpuBackend(c, y); CpuBackend b = new CpuBackend(plain, y)) {
            Map<String, double[]> init = a.parameters();
            b.loadParameters(permuteEncoder(init, pi, c.bits));
            a.setBitOrder(pi);
            for (CpuBackend be : new CpuBackend[] {a, b}) {
                be.beginBatch(docs, docs.length);
                for (int g = 0; g < c.priorSteps; g++) be.priorStep();
            }
            var ra = a.encoderStep();
            var rb = b.encoderStep();
            assertEquals(rb.crossEntropy(), ra.crossEntropy(), 1e-12, "H+(Z)");
            assertEquals(rb.conditionalEntropy(), ra.conditionalEntropy(), 1e-12, "H(Z|Y)");
            Map<String, double[]> after = a.parameters(), want = permuteEncoder(b.parameters(), inverse(pi), c.bits);
            for (String k : after.keySet()) assertArrayEquals(want.get(k), after.get(k), 1e-12, k);
            assertTrue(a.takeBitMoments().documents() == docs.length && a.takeBitMoments().documents() == 0, "moments are taken once");
        }
    }

    /** Output column k of the new encoder is column pi[k] of the old one. */
    static Map<String, double[]> permuteEncoder(Map<String, double[]> params, int[] pi, int m) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : params.entrySet()) {
            double[] v = e.getValue();
            if (e.getKey().startsWith("posterior.in.")) {
                double[] p = new double[v.length];
                for (int row = 0; row < v.length / m; row++)
                    for (int k = 0; k < m; k++) p[row * m + k] = v[row * m + pi[k]];
                v = p;
            }
            out.put(e.getKey(), v.clone());
        }
        return out;
    }

    static int[] inverse(int[] pi) {
        int[] inv = new int[pi.length];
        for (int k = 0; k < pi.length; k++) inv[pi[k]] = k;
        return inv;
    }
}
