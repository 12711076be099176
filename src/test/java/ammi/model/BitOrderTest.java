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

    /**
     * A star: bits 1, 2, 3 are noisy copies of bit 0 (10% flips), 4 and 5 fair coins. An order-1
     * chain can see at most two of the three hub edges; with parents each copy can take the hub.
     */
    @Test
    void parentsTakeTheMostInformativeEarlierBits() {
        int m = 6, docs = 400;
        SplittableRandom rng = new SplittableRandom(5);
        double[] logits = new double[docs * m];
        for (int d = 0; d < docs; d++) {
            boolean hub = rng.nextBoolean();
            logits[d * m] = hub ? 30 : -30;
            for (int i = 1; i <= 3; i++) logits[d * m + i] = (hub ^ rng.nextInt(10) == 0) ? 30 : -30;
            for (int i = 4; i < m; i++) logits[d * m + i] = rng.nextBoolean() ? 30 : -30;
        }
        BitMoments moments = new BitMoments(m);
        moments.add(logits, docs);
        int[] order = BitOrder.greedyForParents(moments, 1);
        assertTrue(BitOrder.isPermutation(order, m));
        int[] pa = BitOrder.parents(moments, order, 1);
        ammi.markov.ParentCrossEntropy.checkParents(pa, m, 1);
        // every parent is the argmax of the mutual information among the earlier positions
        for (int k = 1; k < m; k++) {
            double best = -1;
            for (int t = 0; t < k; t++) best = Math.max(best, moments.mutualInformation(order[t], order[k]));
            assertEquals(best, moments.mutualInformation(order[pa[k]], order[k]), 0.0, "position " + k);
        }
        assertEquals(-1, pa[0]);
        int[] at = new int[m];
        for (int k = 0; k < m; k++) at[order[k]] = k;
        assertTrue(at[0] < 4, "the hub comes before at least one copy: " + java.util.Arrays.toString(order));
        double seen = BitOrder.visible(moments, order, pa, 1);
        double hubEdges = 0;
        for (int i = 1; i <= 3; i++) hubEdges += moments.mutualInformation(0, i);
        double chainBest = 0;
        for (int[] perm : permutations(m)) chainBest = Math.max(chainBest, BitOrder.visible(moments, perm, 1));
        assertTrue(seen >= hubEdges - 1e-12, "sees the three hub edges: " + seen + " vs " + hubEdges);
        assertTrue(seen > chainBest + 0.05, "more than the best order-1 chain over all orders: " + seen + " vs " + chainBest);
        // with r = 2 a position has its two best earlier bits, distinct, and -1 only before position 2
        int[] pa2 = BitOrder.parents(moments, order, 2);
        ammi.markov.ParentCrossEntropy.checkParents(pa2, m, 2);
        assertArrayEquals(new int[] {-1, -1, 0, -1}, java.util.Arrays.copyOf(pa2, 4));
        for (int k = 2; k < m; k++) assertTrue(pa2[k * 2] >= 0 && pa2[k * 2 + 1] >= 0);
        assertArrayEquals(ammi.markov.ParentCrossEntropy.chainParents(m, 2), BitOrder.parents(new BitMoments(m), order, 2), "no documents: the chain");
    }

    static java.util.List<int[]> permutations(int m) {
        java.util.List<int[]> out = new java.util.ArrayList<>();
        permute(new int[m], new boolean[m], 0, out);
        return out;
    }

    private static void permute(int[] cur, boolean[] used, int k, java.util.List<int[]> out) {
        if (k == cur.length) {
            out.add(cur.clone());
            return;
        }
        for (int i = 0; i < cur.length; i++) {
            if (used[i]) continue;
            used[i] = true;
            cur[k] = i;
            permute(cur, used, k + 1, out);
            used[i] = false;
        }
    }

    /**
     * The backend with --prior-parents and the chain's parents trains exactly as --reorder-bits
     * alone; with other parents its H+(Z) is the enumerated cross entropy of the mixture over the
     * batch against q(z) = prod_k q(z_k | z_pa(k)).
     */
    @Test
    void priorParentsInTheBackendMatchTheChainAndEnumeration() {
        CsrMatrix y = WordDropoutTest.random(24, 50, 10, 3);
        AmmiConfig c = new AmmiConfig();
        c.bits = 10;
        c.orderPrior = 2;
        c.batchSize = 8;
        c.priorSteps = 2;
        c.rawPrior = true;
        c.reorderBits = true;
        c.priorParents = true;
        c.validate();
        AmmiConfig chain = c.copy();
        chain.priorParents = false;
        int[] pi = {3, 9, 0, 7, 1, 2, 4, 8, 6, 5};
        int[] docs = {1, 4, 7, 10, 13, 16, 19, 22};
        try (CpuBackend a = new CpuBackend(c, y); CpuBackend b = new CpuBackend(chain, y)) {
            a.setBitOrder(pi);
            b.setBitOrder(pi);
            for (CpuBackend be : new CpuBackend[] {a, b}) {
                be.beginBatch(docs, docs.length);
                for (int g = 0; g < c.priorSteps; g++) be.priorStep();
            }
            var ra = a.encoderStep();
            var rb = b.encoderStep();
            assertEquals(rb.crossEntropy(), ra.crossEntropy(), 1e-12, "H+(Z)");
            Map<String, double[]> pa = a.parameters(), pb = b.parameters();
            for (String k : pa.keySet()) assertArrayEquals(pb.get(k), pa.get(k), 1e-12, k);
        }
        int[] parents = {-1, -1, 0, -1, 1, 0, 2, 1, 0, 3, 4, 2, 5, 0, 6, 3, 2, 7, 8, 1};
        try (CpuBackend a = new CpuBackend(c, y)) {
            a.setBitOrder(pi);
            a.setPriorParents(parents);
            Map<String, double[]> before = a.parameters();
            a.beginBatch(docs, docs.length);
            var r = a.encoderStep(); // no prior step: the table is the initial one
            double[] w = before.get("posterior.in.weight"), bias = before.get("posterior.in.bias");
            double[] q = before.get("prior.table");
            double want = 0;
            for (int d : docs) {
                double[] p1 = new double[c.bits]; // chain position k holds bit pi[k]
                for (int k = 0; k < c.bits; k++) {
                    double x = bias[pi[k]];
                    for (int e = y.rowPtr[d]; e < y.rowPtr[d + 1]; e++) x += y.values[e] * w[y.colIdx[e] * c.bits + pi[k]];
                    p1[k] = 1 / (1 + Math.exp(-x));
                }
                want += enumerate(p1, q, parents, c.bits, c.orderPrior) / docs.length;
            }
            assertEquals(want, r.crossEntropy(), 1e-10, "H+(Z) against the enumerated network");
        }
    }

    /** -sum_z p(z) log q(z) over all 2^m codes of independent bits p1 and the network q. */
    static double enumerate(double[] p1, double[] q, int[] pa, int m, int r) {
        double h = 0;
        for (int z = 0; z < 1 << m; z++) {
            double pz = 1, logq = 0;
            for (int k = 0; k < m; k++) {
                int v = z >> k & 1;
                pz *= v == 1 ? p1[k] : 1 - p1[k];
                int ctx = 0;
                for (int j = 0; j < r; j++)
                    if (pa[k * r + j] >= 0 && (z >> pa[k * r + j] & 1) == 1) ctx |= 1 << (r - 1 - j);
                double q1 = 1 / (1 + Math.exp(-q[k * (1 << r) + ctx]));
                logq += Math.log(v == 1 ? q1 : 1 - q1);
            }
            h -= pz * logq;
        }
        return h;
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
