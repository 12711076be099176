package ammi.kernels;

import ammi.markov.ContextMarginals;
import ammi.markov.CrossEntropy;
import ammi.markov.ForwardMarginals;
import ammi.markov.ParentCrossEntropy;
import ammi.markov.Viterbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks the per-document dynamic programs of kernels/*.cuh (the code the CUDA kernels run) against
 * the Java CPU path, without a GPU: kernels/test/harness.cpp includes the headers, is compiled with
 * g++ and run on random tables, in double (must agree to ~1e-12) and in float (the GPU's precision,
 * float32 tolerances). Skipped when g++ is not installed.
 */
class KernelHarnessTest {
    private static final int FM = 1, CE = 2, VIT = 3, PCE = 4, PCM = 5;
    private static final int[] MS = {1, 5, 16, 64, 128};
    private static Path harness;

    /** One case: inputs as written to the harness, outputs as read back. */
    private static final class Case {
        final int kind, precision, batch, m, oP, oQ;
        final boolean qShared;
        final double[] p, q, g;
        /** PCE only: the prior's parents [m][r]. */
        int[] parents;
        double[] out;

        Case(int kind, int precision, int batch, int m, int oP, int oQ, boolean qShared, double[] p, double[] q, double[] g) {
            this.kind = kind;
            this.precision = precision;
            this.batch = batch;
            this.m = m;
            this.oP = oP;
            this.oQ = oQ;
            this.qShared = qShared;
            this.p = p;
            this.q = q;
            this.g = g;
        }

        boolean isFloat() { return precision == 1; }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "kind %d %s batch %d m %d o %d r %d %s", kind, isFloat() ? "float" : "double",
                    batch, m, oP, oQ, qShared ? "shared q" : "per-document q");
        }
    }

    @BeforeAll
    static void compileHarness() throws Exception {
        harness = HostHarness.compile("harness");
    }

    // ---- the PTX in the jar -----------------------------------------------------------------------

    /** With nvcc at build time, the jar's PTX modules must carry every entry point by its C name. */
    @Test
    void ptxCarriesEntryPoints() throws Exception {
        // every entry point a Java launcher (ammi.backend.cuda.*Kernels) looks up by name
        String[][] expected = {
                {"forward_marginals", "ammi_forward_marginals_thread", "ammi_forward_marginals_block"},
                {"cross_entropy", "ammi_ce_forward_thread", "ammi_ce_forward_block", "ammi_ce_forward_warp", "ammi_ce_forward_warp4",
                        "ammi_ce_backward_thread", "ammi_ce_backward_block", "ammi_ce_backward_warp", "ammi_ce_backward_warp4",
                        "ammi_ce0_forward", "ammi_ce0_backward", "ammi_ce_qterms", "ammi_ce0q_forward", "ammi_ce0q_backward"},
                {"viterbi", "ammi_viterbi_thread", "ammi_viterbi_block"},
                {"util", "ammi_sum_rows", "ammi_sum_rows_partial", "ammi_fill", "ammi_pack_bits"},
                {"sparse_linear", "ammi_sparse_linear_forward", "ammi_sparse_linear_weight_grad"},
                {"dense_linear", "ammi_linear_forward", "ammi_linear_backward_input", "ammi_linear_backward_weight"},
                {"adam", "ammi_adam_table_set", "ammi_sum_squares_multi", "ammi_clip_and_tick", "ammi_adam_step_multi",
                        "ammi_loss_guard"},
                {"hamming_topk", "ammi_hamming_topk"},
                {"bit_order", "ammi_bit_moments", "ammi_permute_columns", "ammi_permute_columns_backward"},
                {"parent_cross_entropy", "ammi_pce_forward", "ammi_pce_backward", "ammi_pce_context_marginals", "ammi_pce_prior_grad"},
        };
        boolean any = getClass().getResource("/ammi/kernels/" + expected[0][0] + ".ptx") != null;
        assumeTrue(any, "no PTX under ammi/kernels: CPU-only build (nvcc was not on the PATH)");
        for (String[] module : expected) {
            try (var in = getClass().getResourceAsStream("/ammi/kernels/" + module[0] + ".ptx")) {
                assertTrue(in != null, "missing PTX module ammi/kernels/" + module[0] + ".ptx");
                String ptx = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                for (int e = 1; e < module.length; e++)
                    assertTrue(ptx.contains(".entry " + module[e] + "("), module[0] + ".ptx lacks entry " + module[e]);
            }
        }
    }

    // ---- random tables ---------------------------------------------------------------------------

    /** Mostly N(0, 3^2), with some saturated logits (|x| ~ 20..40) and exact zeros. */
    private static double[] logits(Random rnd, int n) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) {
            double u = rnd.nextDouble();
            if (u < 0.03) a[k] = 0;
            else if (u < 0.08) a[k] = (rnd.nextBoolean() ? 1 : -1) * (20 + 20 * rnd.nextDouble());
            else a[k] = 3 * rnd.nextGaussian();
        }
        return a;
    }

    private static double[] gOut(Random rnd, int batch) {
        double[] g = new double[batch];
        for (int b = 0; b < batch; b++) g[b] = b == 1 ? 0 : rnd.nextDouble() * 2 - 1;  // one document skipped
        return g;
    }

    // ---- running the harness -----------------------------------------------------------------------

    private static void run(List<Case> cases) throws Exception {
        long inSize = 8;
        for (Case k : cases)
            inSize += 28 + 8L * (k.p.length + (k.q == null ? 0 : k.q.length) + (k.g == null ? 0 : k.g.length)
                    + (k.parents == null ? 0 : k.parents.length));
        ByteBuffer in = ByteBuffer.allocate(Math.toIntExact(inSize)).order(ByteOrder.LITTLE_ENDIAN);
        in.putInt(0x414d4d49).putInt(cases.size());
        for (Case k : cases) {
            in.putInt(k.kind).putInt(k.precision).putInt(k.batch).putInt(k.m).putInt(k.oP).putInt(k.oQ).putInt(k.qShared ? 1 : 0);
            for (double x : k.p) in.putDouble(x);
            if (k.kind == CE || k.kind == PCE || k.kind == PCM) {
                for (double x : k.q) in.putDouble(x);
                for (double x : k.g) in.putDouble(x);
            }
            if (k.kind == PCE || k.kind == PCM) for (int x : k.parents) in.putDouble(x);
        }
        Path dir = harness.getParent();
        Path inFile = Files.createTempFile(dir, "cases", ".bin"), outFile = Files.createTempFile(dir, "results", ".bin");
        try {
            Files.write(inFile, in.array());
            Process h = new ProcessBuilder(harness.toString(), inFile.toString(), outFile.toString())
                    .redirectErrorStream(true).start();
            String log = new String(h.getInputStream().readAllBytes());
            assertTrue(h.waitFor(300, TimeUnit.SECONDS), "harness timed out");
            assertEquals(0, h.exitValue(), "harness failed:\n" + log);
            DoubleBuffer out = ByteBuffer.wrap(Files.readAllBytes(outFile)).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
            for (Case k : cases) {
                int sP = 1 << k.oP, sQ = 1 << k.oQ;
                int n = switch (k.kind) {
                    case FM -> k.batch * k.m * sP;
                    case CE -> k.batch + k.batch * k.m * sP + (k.qShared ? 1 : k.batch) * k.m * sQ;
                    case PCE -> k.batch + k.batch * k.m + k.m * sQ;
                    case PCM -> 3 * k.m * sQ;
                    default -> k.batch + k.batch * k.m;
                };
                k.out = new double[n];
                out.get(k.out);
            }
            assertEquals(0, out.remaining(), "harness wrote more than expected");
        } finally {
            Files.deleteIfExists(inFile);
            Files.deleteIfExists(outFile);
        }
    }

    // ---- comparison --------------------------------------------------------------------------------

    /** Worst error seen, as a fraction of the allowed error (must stay <= 1). */
    private static final class Worst {
        final String what;
        double ratio, err;
        String where = "";

        Worst(String what) { this.what = what; }

        /** |actual - expected| <= rel |expected| + abs. */
        void check(double expected, double actual, double rel, double abs, String where) {
            double err = Math.abs(actual - expected), allowed = rel * Math.abs(expected) + abs;
            double r = Double.isNaN(actual) ? Double.POSITIVE_INFINITY : err / allowed;
            if (r > ratio || Double.isNaN(r)) {
                ratio = Double.isNaN(r) ? Double.POSITIVE_INFINITY : r;
                this.err = err;
                this.where = where + ": expected " + expected + ", got " + actual;
            }
        }

        void assertOk() {
            System.out.printf(Locale.ROOT, "[kernel harness] %-34s worst error %.3g (%.3f of tolerance)%n", what, err, ratio);
            assertTrue(ratio <= 1, what + " out of tolerance at " + where);
        }
    }

    private static double maxAbs(double[] a, int from, int to) {
        double x = 0;
        for (int k = from; k < to; k++) x = Math.max(x, Math.abs(a[k]));
        return x;
    }

    // ---- forward marginals -------------------------------------------------------------------------

    @Test
    void forwardMarginalsMatchJava() throws Exception {
        Random rnd = new Random(11);
        List<Case> cases = new ArrayList<>();
        for (int precision = 0; precision <= 1; precision++)
            for (int o : new int[] {0, 1, 2, 3, 6, 10})
                for (int m : MS) {
                    int batch = o == 10 ? 2 : 3;
                    cases.add(new Case(FM, precision, batch, m, o, o, false, logits(rnd, batch * m << o), null, null));
                }
        run(cases);
        Worst dbl = new Worst("forward marginals, double"), flt = new Worst("forward marginals, float");
        for (Case k : cases) {
            double[] alpha = new double[k.p.length];
            ForwardMarginals.compute(k.p, k.batch, k.m, k.oP, alpha);
            for (int j = 0; j < alpha.length; j++) {
                if (k.isFloat()) flt.check(alpha[j], k.out[j], 1e-4, 1e-6, k + " entry " + j);
                else dbl.check(alpha[j], k.out[j], 1e-12, 1e-15, k + " entry " + j);
            }
        }
        dbl.assertOk();
        flt.assertOk();
    }

    // ---- cross entropy -----------------------------------------------------------------------------

    @Test
    void crossEntropyMatchesJava() throws Exception {
        Random rnd = new Random(12);
        List<Case> cases = new ArrayList<>();
        for (int precision = 0; precision <= 1; precision++)
            for (int o = 0; o <= 3; o++)
                for (int r = o; r <= 7; r++) {
                    int rr = r == 7 ? 10 : r;
                    for (int m : MS)
                        for (boolean shared : new boolean[] {true, false}) {
                            if (rr == 10 && m < 16 && !shared) continue;  // keep the r = 10 sweep small
                            int batch = rr == 10 ? 2 : 3;
                            double[] p = logits(rnd, batch * m << o);
                            double[] q = logits(rnd, (shared ? 1 : batch) * m << rr);
                            cases.add(new Case(CE, precision, batch, m, o, rr, shared, p, q, gOut(rnd, batch)));
                        }
                }
        run(cases);
        Worst hD = new Worst("cross entropy H, double"), hF = new Worst("cross entropy H, float");
        Worst pD = new Worst("cross entropy dH/dp, double"), pF = new Worst("cross entropy dH/dp, float");
        Worst qD = new Worst("cross entropy dH/dq, double"), qF = new Worst("cross entropy dH/dq, float");
        for (Case k : cases) {
            CrossEntropy ce = new CrossEntropy(k.m, k.oP, k.oQ);
            double[] h = new double[k.batch], dP = new double[k.p.length], dQ = new double[k.q.length];
            ce.forward(k.p, k.q, k.qShared, k.batch, h);
            ce.backward(k.p, k.q, k.qShared, k.batch, k.g, dP, dQ);
            boolean f = k.isFloat();
            for (int b = 0; b < k.batch; b++) {
                if (f) hF.check(h[b], k.out[b], 1e-4, 1e-5, k + " H[" + b + "]");
                else hD.check(h[b], k.out[b], 1e-12, 1e-14, k + " H[" + b + "]");
            }
            // gradient entries are compared relative to the entry, plus an absolute slack scaled by
            // the table's largest entry (entries near 0 come from cancellation)
            int off = k.batch;
            double sp = Math.max(1e-3, maxAbs(dP, 0, dP.length)), sq = Math.max(1e-3, maxAbs(dQ, 0, dQ.length));
            for (int j = 0; j < dP.length; j++) {
                if (f) pF.check(dP[j], k.out[off + j], 1e-3, 1e-5 * sp, k + " dP[" + j + "]");
                else pD.check(dP[j], k.out[off + j], 1e-10, 1e-13 * sp, k + " dP[" + j + "]");
            }
            off += dP.length;
            for (int j = 0; j < dQ.length; j++) {
                if (f) qF.check(dQ[j], k.out[off + j], 1e-3, 1e-5 * sq, k + " dQ[" + j + "]");
                else qD.check(dQ[j], k.out[off + j], 1e-10, 1e-13 * sq, k + " dQ[" + j + "]");
            }
        }
        for (Worst w : new Worst[] {hD, pD, qD, hF, pF, qF}) w.assertOk();
    }

    // ---- parent cross entropy (--prior-parents) ------------------------------------------------------

    /** Random parents for m positions: distinct earlier positions, some absent (-1), r of them each. */
    private static int[] randomParents(Random rnd, int m, int r) {
        int[] pa = new int[m * r];
        for (int k = 0; k < m; k++) {
            for (int j = 0; j < r; j++) {
                int t = -1;
                if (k > 0 && rnd.nextDouble() >= 0.15)
                    for (int attempt = 0; attempt < 8 && t < 0; attempt++) {
                        int c = rnd.nextInt(k);
                        boolean taken = false;
                        for (int i = 0; i < j; i++) taken |= pa[k * r + i] == c;
                        if (!taken) t = c;
                    }
                pa[k * r + j] = t;
            }
        }
        ParentCrossEntropy.checkParents(pa, m, r);
        return pa;
    }

    @Test
    void parentCrossEntropyMatchesJava() throws Exception {
        Random rnd = new Random(14);
        List<Case> cases = new ArrayList<>();
        for (int precision = 0; precision <= 1; precision++)
            for (int r : new int[] {1, 2, 3, 5, 8, 10})
                for (int m : new int[] {1, 5, 16, 64, 128, 256}) {
                    if (r >= 8 && m == 256) continue;  // keep the wide sweep small
                    int batch = r >= 8 ? 2 : 3;
                    Case k = new Case(PCE, precision, batch, m, 0, r, true, logits(rnd, batch * m), logits(rnd, m << r),
                            gOut(rnd, batch));
                    // the chain's parents on some cases (then H equals the order-r chain's), random ones elsewhere
                    k.parents = (m + r) % 3 == 0 ? ParentCrossEntropy.chainParents(m, r) : randomParents(rnd, m, r);
                    cases.add(k);
                }
        run(cases);
        Worst hD = new Worst("parent cross entropy H, double"), hF = new Worst("parent cross entropy H, float");
        Worst pD = new Worst("parent cross entropy dH/dp, double"), pF = new Worst("parent cross entropy dH/dp, float");
        Worst qD = new Worst("parent cross entropy dH/dq, double"), qF = new Worst("parent cross entropy dH/dq, float");
        for (Case k : cases) {
            ParentCrossEntropy ce = new ParentCrossEntropy(k.m, k.oQ);
            ce.setParents(k.parents);
            double[] h = new double[k.batch], dP = new double[k.p.length], dQ = new double[k.q.length];
            ce.forward(k.p, k.q, k.batch, h);
            ce.backward(k.p, k.q, k.batch, k.g, dP, dQ);
            boolean f = k.isFloat();
            for (int b = 0; b < k.batch; b++) {
                if (f) hF.check(h[b], k.out[b], 1e-4, 1e-5, k + " H[" + b + "]");
                else hD.check(h[b], k.out[b], 1e-12, 1e-14, k + " H[" + b + "]");
            }
            int off = k.batch;
            double sp = Math.max(1e-3, maxAbs(dP, 0, dP.length)), sq = Math.max(1e-3, maxAbs(dQ, 0, dQ.length));
            for (int j = 0; j < dP.length; j++) {
                if (f) pF.check(dP[j], k.out[off + j], 1e-3, 1e-5 * sp, k + " dP[" + j + "]");
                else pD.check(dP[j], k.out[off + j], 1e-10, 1e-13 * sp, k + " dP[" + j + "]");
            }
            off += dP.length;
            for (int j = 0; j < dQ.length; j++) {
                if (f) qF.check(dQ[j], k.out[off + j], 1e-3, 1e-5 * sq, k + " dQ[" + j + "]");
                else qD.check(dQ[j], k.out[off + j], 1e-10, 1e-13 * sq, k + " dQ[" + j + "]");
            }
        }
        for (Worst w : new Worst[] {hD, pD, qD, hF, pF, qF}) w.assertOk();
    }

    /**
     * The device's prior step with --prior-parents: the batch's context marginals (one thread per
     * entry over the documents) and the prior's logit gradient from them, against two routes on the
     * Java side: ContextMarginals (the CPU's prior step) and the per-document backward pass summed
     * over the batch (no marginals at all).
     */
    @Test
    void parentContextMarginalsAndPriorGradientMatchJava() throws Exception {
        Random rnd = new Random(15);
        List<Case> cases = new ArrayList<>();
        for (int precision = 0; precision <= 1; precision++)
            for (int r : new int[] {0, 1, 3, 8, 10})
                for (int m : new int[] {1, 5, 16, 64, 128}) {
                    int batch = r >= 8 ? 3 : 7;
                    double[] g = new double[batch];
                    java.util.Arrays.fill(g, 1.0 / batch);  // the backend's weights: the batch mean
                    Case k = new Case(PCM, precision, batch, m, 0, r, true, logits(rnd, batch * m), logits(rnd, m << r), g);
                    k.parents = (m + r) % 3 == 0 ? ParentCrossEntropy.chainParents(m, r) : randomParents(rnd, m, r);
                    cases.add(k);
                }
        run(cases);
        Worst muD = new Worst("context marginals, double"), muF = new Worst("context marginals, float");
        Worst qD = new Worst("prior gradient from them, double"), qF = new Worst("prior gradient from them, float");
        Worst viaDocs = new Worst("prior gradient vs per-document sum");
        for (Case k : cases) {
            int n = k.m << k.oQ;
            ParentCrossEntropy ce = new ParentCrossEntropy(k.m, k.oQ);
            ce.setParents(k.parents);
            ContextMarginals cm = new ContextMarginals(k.m, k.oQ);
            ce.contextMarginals(k.p, k.batch, cm);
            double[] dQ = new double[n], dQDocs = new double[n];
            cm.backward(k.q, 1.0, dQ);
            ce.backward(k.p, k.q, k.batch, k.g, null, dQDocs);
            boolean f = k.isFloat();
            double sq = Math.max(1e-3, maxAbs(dQ, 0, n));
            for (int i = 0; i < n; i++) {
                String at = k + " entry " + i;
                for (int v = 0; v <= 1; v++) {
                    double expected = cm.get(i >> k.oQ, i & ((1 << k.oQ) - 1), v), got = k.out[v * n + i];
                    if (f) muF.check(expected, got, 1e-4, 1e-7, at + " mu" + v);
                    else muD.check(expected, got, 1e-12, 1e-15, at + " mu" + v);
                }
                if (f) qF.check(dQ[i], k.out[2 * n + i], 1e-3, 1e-5 * sq, at + " dQ");
                else {
                    qD.check(dQ[i], k.out[2 * n + i], 1e-10, 1e-13 * sq, at + " dQ");
                    viaDocs.check(dQDocs[i], k.out[2 * n + i], 1e-9, 1e-12 * sq, at + " dQ");
                }
            }
        }
        for (Worst w : new Worst[] {muD, qD, viaDocs, muF, qF}) w.assertOk();
    }

    // ---- Viterbi -----------------------------------------------------------------------------------

    /** log p(code) under document b's chain, in double. */
    private static double logProb(double[] logits, int b, int m, int order, double[] code, int codeOff) {
        int S = 1 << order, c = 0;
        double lp = 0;
        for (int i = 0; i < m; i++) {
            double x = logits[(b * m + i) * S + c];
            int z = (int) code[codeOff + i];
            double y = z == 1 ? x : -x;
            lp += y >= 0 ? -Math.log1p(Math.exp(-y)) : y - Math.log1p(Math.exp(y));
            c = order == 0 ? 0 : (c >> 1) + (z << (order - 1));
        }
        return lp;
    }

    @Test
    void viterbiMatchesJava() throws Exception {
        Random rnd = new Random(13);
        List<Case> cases = new ArrayList<>();
        for (int precision = 0; precision <= 1; precision++)
            for (int o : new int[] {0, 1, 2, 3, 6, 10})
                for (int m : MS) {
                    int batch = o == 10 ? 2 : 4;
                    double[] p = logits(rnd, batch * m << o);
                    cases.add(new Case(VIT, precision, batch, m, o, o, false, p, null, null));
                    // exact ties: all-zero tables decode to the all-zero code; small integers tie often
                    cases.add(new Case(VIT, precision, 1, m, o, o, false, new double[m << o], null, null));
                    double[] ints = new double[batch * m << o];
                    for (int j = 0; j < ints.length; j++) ints[j] = rnd.nextInt(3) - 1;
                    cases.add(new Case(VIT, precision, batch, m, o, o, false, ints, null, null));
                }
        run(cases);
        Worst lD = new Worst("Viterbi log prob, double"), lF = new Worst("Viterbi log prob, float");
        Worst tD = new Worst("Viterbi code on near-ties, double"), tF = new Worst("Viterbi code on near-ties, float");
        int[] codes = new int[2], differ = new int[2];
        for (Case k : cases) {
            byte[] bits = new byte[k.batch * k.m];
            double[] lp = new double[k.batch];
            Viterbi.decode(k.p, k.batch, k.m, k.oP, bits, lp);
            boolean f = k.isFloat();
            for (int b = 0; b < k.batch; b++) {
                codes[k.precision]++;
                if (f) lF.check(lp[b], k.out[b], 1e-4, 1e-4, k + " logProb[" + b + "]");
                else lD.check(lp[b], k.out[b], 1e-12, 1e-12, k + " logProb[" + b + "]");
                int codeOff = k.batch + b * k.m;
                boolean same = true;
                for (int i = 0; i < k.m; i++) same &= bits[b * k.m + i] == (byte) k.out[codeOff + i];
                if (k.p.length == k.m << k.oP && maxAbs(k.p, 0, k.p.length) == 0)
                    assertTrue(same, "tie rule: all-zero table must decode to the all-zero code, " + k);
                if (same) continue;
                differ[k.precision]++;
                // a different code is only allowed when it is (nearly) as probable as Java's
                double other = logProb(k.p, b, k.m, k.oP, k.out, codeOff);
                if (f) tF.check(lp[b], other, 1e-4, 1e-4, k + " code[" + b + "]");
                else tD.check(lp[b], other, 1e-12, 1e-12, k + " code[" + b + "]");
            }
        }
        System.out.printf(Locale.ROOT, "[kernel harness] Viterbi: codes differing from Java on ties: double %d of %d, float %d of %d%n",
                differ[0], codes[0], differ[1], codes[1]);
        for (Worst w : new Worst[] {lD, lF, tD, tF}) w.assertOk();
    }
}
