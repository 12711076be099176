package ammi.backend.cuda;

import ammi.backend.Backend;
import ammi.backend.cpu.CpuBackend;
import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import ammi.model.AmmiConfig;
import ammi.model.Trainer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA backend against the CPU backend with the same seed: one training step at a time
 * (loss terms and parameter updates), the codes, and a 2-epoch training run. Runs only where a
 * GPU is present; elsewhere it is skipped.
 */
@Tag("gpu")
class CudaBackendTest {
    static Dataset bbc;

    @BeforeAll
    static void load() {
        if (Cuda.unavailableReason() != null) return; // each test then reports itself skipped
        bbc = Datasets.load("bbc", DataOptions.defaults().withVocabSize(3000));
    }

    @BeforeEach
    void requireGpu() {
        String why = Cuda.unavailableReason();
        assumeTrue(why == null, "no GPU: " + why);
    }

    static AmmiConfig config(int m, int o, int r, int layers, boolean raw, int encoderLayers) {
        AmmiConfig c = new AmmiConfig();
        c.bits = m;
        c.orderPosterior = o;
        c.orderPrior = r;
        c.layers = layers;
        c.rawPrior = raw;
        c.encoderLayers = encoderLayers;
        c.hidden = 20;
        c.batchSize = 32;
        c.lr = 0.003;
        c.priorSteps = 2;
        c.clip = 5;
        c.init = 0.1;
        c.seed = 11;
        c.epochs = 2;
        c.validate();
        return c;
    }

    /** ||a - b|| / ||b - init||: how far the GPU's update strays from the CPU's, relative to the update. */
    /** One training step of both backends on the same batch: G prior steps, then the encoder step; {cpu's result, gpu's}. */
    static Backend.StepResult[] stepBoth(Backend cpu, Backend gpu, int[] docs, int count, int priorSteps) {
        for (Backend be : new Backend[] {cpu, gpu}) {
            be.beginBatch(docs, count);
            for (int g = 0; g < priorSteps; g++) be.priorStep();
        }
        return new Backend.StepResult[] {cpu.encoderStep(), gpu.encoderStep()};
    }

    static double relativeUpdateError(Map<String, double[]> init, Map<String, double[]> cpu, Map<String, double[]> gpu) {
        double err = 0, upd = 0;
        for (String name : cpu.keySet()) {
            double[] c = cpu.get(name), g = gpu.get(name), i0 = init.get(name);
            for (int t = 0; t < c.length; t++) {
                err += (g[t] - c[t]) * (g[t] - c[t]);
                upd += (c[t] - i0[t]) * (c[t] - i0[t]);
            }
        }
        return Math.sqrt(err / Math.max(upd, 1e-300));
    }

    @Test
    void trainingStepsMatchCpu() {
        AmmiConfig[] configs = {
            config(16, 0, 3, 0, false, 0),   // the paper's default shape
            config(64, 0, 3, 1, false, 0),   // reuters64: a prior net with a hidden layer
            config(32, 1, 3, 0, true, 0),    // raw prior, first-order encoder
            config(32, 0, 6, 2, false, 1),   // wide prior (block kernels), an encoder with a hidden layer
        };
        SplittableRandom rng = new SplittableRandom(3);
        int n = bbc.train().x().rows;
        for (AmmiConfig c : configs) {
            String what = c.toFlags();
            try (CpuBackend cpu = new CpuBackend(c, bbc.train().x()); CudaBackend gpu = new CudaBackend(c, bbc.train().x())) {
                Map<String, double[]> init = cpu.parameters();
                Map<String, double[]> gInit = gpu.parameters();
                for (String name : init.keySet()) assertArrayEquals(toFloat(init.get(name)), gInit.get(name), 0, name + " initial");
                int[] docs = new int[c.batchSize];
                for (int step = 0; step < 3; step++) {
                    for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                    int count = step == 2 ? 7 : docs.length; // a short last batch
                    cpu.beginBatch(docs, count);
                    gpu.beginBatch(docs, count);
                    for (int g = 0; g < c.priorSteps; g++) {
                        cpu.priorStep();
                        gpu.priorStep();
                    }
                    Backend.StepResult rc = cpu.encoderStep(), rg = gpu.encoderStep();
                    assertEquals(rc.conditionalEntropy(), rg.conditionalEntropy(), 1e-4 * Math.abs(rc.conditionalEntropy()) + 1e-5, what + " H(Z|Y)");
                    assertEquals(rc.crossEntropy(), rg.crossEntropy(), 1e-4 * Math.abs(rc.crossEntropy()), what + " H+(Z)");
                }
                double e = relativeUpdateError(init, cpu.parameters(), gpu.parameters());
                assertTrue(e < 0.02, what + ": GPU parameter updates differ from the CPU's by " + e + " (relative)");
            }
        }
    }

    static double[] toFloat(double[] v) {
        double[] f = new double[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    @Test
    void sameParametersGiveTheSameCodesAndPrecision() {
        AmmiConfig c = config(64, 1, 3, 0, false, 0);
        try (CpuBackend cpu = new CpuBackend(c, bbc.train().x()); CudaBackend gpu = new CudaBackend(c, bbc.train().x())) {
            // float-representable parameters, so both backends encode the same model
            Map<String, double[]> p = cpu.parameters();
            SplittableRandom rng = new SplittableRandom(5);
            for (double[] v : p.values()) for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * 0.5);
            cpu.loadParameters(p);
            gpu.loadParameters(p);
            PackedCodes a = cpu.encode(bbc.test().x()), b = gpu.encode(bbc.test().x());
            int same = 0;
            for (int d = 0; d < a.count(); d++) if (a.distance(d, b, d) == 0) same++;
            assertTrue(same >= a.count() - 2, same + " of " + a.count() + " codes identical");
            PackedCodes base = cpu.encode(bbc.train().x());
            double pc = RetrievalPrecision.precisionAtK(a, bbc.test().labels(), base, bbc.train().labels(), 100);
            double pg = RetrievalPrecision.precisionAtK(a, bbc.test().labels(), base, bbc.train().labels(), 100, gpu.search());
            assertEquals(pc, pg, 0, "precision from the GPU's top-100 lists");
        }
    }

    @Test
    void twoEpochRunFollowsTheCpuRun() {
        AmmiConfig c = config(32, 0, 3, 1, false, 0);
        Trainer.Result rc, rg;
        try (CpuBackend cpu = new CpuBackend(c, bbc.train().x())) {
            rc = new Trainer(cpu, bbc, c).train(new Trainer.Listener() {});
        }
        try (CudaBackend gpu = new CudaBackend(c, bbc.train().x())) {
            rg = new Trainer(gpu, bbc, c).train(new Trainer.Listener() {});
        }
        assertEquals(rc.epochs().size(), rg.epochs().size());
        for (int e = 0; e < rc.epochs().size(); e++) {
            Trainer.EpochReport a = rc.epochs().get(e), b = rg.epochs().get(e);
            System.out.printf("[gpu] epoch %d loss cpu %.5f gpu %.5f | val P@100 cpu %.2f gpu %.2f%n", a.epoch(), a.loss(), b.loss(),
                    a.valPrecision(), b.valPrecision());
            assertEquals(a.loss(), b.loss(), 0.02 * Math.abs(a.loss()) + 0.02, "epoch " + a.epoch() + " mean loss");
            assertEquals(a.valPrecision(), b.valPrecision(), 3.0, "epoch " + a.epoch() + " validation P@100");
        }
        // nearly the same codes: parameters of the last epoch agree closely enough that most bits match
        try (CpuBackend cpu = new CpuBackend(c, bbc.train().x()); CudaBackend gpu = new CudaBackend(c, bbc.train().x())) {
            cpu.loadParameters(rc.parameters());
            gpu.loadParameters(rg.parameters());
            PackedCodes a = cpu.encode(bbc.validation().x()), b = gpu.encode(bbc.validation().x());
            long differ = 0;
            for (int d = 0; d < a.count(); d++) differ += a.distance(d, b, d);
            double agree = 1 - differ / ((double) a.count() * c.bits);
            System.out.printf("[gpu] bits agreeing after 2 epochs: %.4f%n", agree);
            assertTrue(agree > 0.9, "only " + agree + " of the code bits agree with the CPU run");
        }
    }

    @Test
    void reproducibleOnTheSameCard() {
        AmmiConfig c = config(32, 0, 3, 1, false, 0);
        c.epochs = 1;
        Map<String, double[]> first = null;
        for (int run = 0; run < 2; run++) {
            try (CudaBackend gpu = new CudaBackend(c, bbc.train().x())) {
                Trainer.Result r = new Trainer(gpu, bbc, c).train(new Trainer.Listener() {});
                if (first == null) first = r.parameters();
                else for (String name : first.keySet()) assertArrayEquals(first.get(name), r.parameters().get(name), 0, name);
            }
        }
    }

    @Test
    void predictiveStepsMatchCpu() {
        AmmiConfig c = config(32, 0, 3, 0, false, 0);
        c.predictive = true;
        c.orderX = 1;
        c.validate();
        var y = bbc.train().x();
        // X: the same documents in another order, a stand-in for the paired articles
        int n = y.rows;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = (i * 7919) % n;
        var x = y.selectRows(perm);
        SplittableRandom rng = new SplittableRandom(4);
        try (CpuBackend cpu = new CpuBackend(c, y, x); CudaBackend gpu = new CudaBackend(c, y, x)) {
            Map<String, double[]> init = cpu.parameters();
            int[] docs = new int[c.batchSize];
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                cpu.beginBatch(docs, docs.length);
                gpu.beginBatch(docs, docs.length);
                for (int g = 0; g < c.priorSteps; g++) {
                    cpu.priorStep();
                    gpu.priorStep();
                }
                Backend.StepResult rc = cpu.encoderStep(), rg = gpu.encoderStep();
                assertEquals(rc.loss(), rg.loss(), 1e-4 * Math.abs(rc.loss()) + 1e-4, "multiview loss");
            }
            double e = relativeUpdateError(init, cpu.parameters(), gpu.parameters());
            assertTrue(e < 0.02, "predictive: GPU parameter updates differ from the CPU's by " + e);
            PackedCodes a = cpu.encodeX(x), b = gpu.encodeX(x);
            int same = 0;
            for (int d = 0; d < a.count(); d++) if (a.distance(d, b, d) == 0) same++;
            assertTrue(same > 0.95 * a.count(), same + " of " + a.count() + " X codes identical");
            // The likelihood ranking's queries (o = 1 here), under the same parameters: the GPU's
            // float32 logits, row for row, over more rows than one encoding chunk holds.
            gpu.loadParameters(cpu.parameters());
            int[] rows = new int[CudaBackend.ENCODE_CHUNK + 700];
            for (int i = 0; i < rows.length; i++) rows[i] = (i * 31) % n;
            var many = x.selectRows(rows);
            var lc = cpu.likelihoodX(many);
            var lg = gpu.likelihoodX(many);
            assertEquals(1, lg.order());
            PackedCodes codes = cpu.encodeX(many);
            for (int d = 0; d < rows.length; d++) {
                double vc = lc.logLikelihood(d, codes, d), vg = lg.logLikelihood(d, codes, d);
                assertEquals(vc, vg, 1e-4 * Math.abs(vc) + 1e-4, "log q(code | x) of row " + d);
            }
        }
    }

    /** --word-dropout and --weight-decay: the same masks (WordDropout's hash in the kernels) and AdamW steps as the CPU. */
    @Test
    void predictiveStepsWithWordDropoutAndWeightDecayMatchCpu() {
        AmmiConfig c = config(32, 0, 3, 0, false, 0);
        c.predictive = true;
        c.wordDropout = 0.3;
        c.weightDecay = 0.5;
        c.validate();
        AmmiConfig plain = c.copy();
        plain.wordDropout = 0;
        plain.weightDecay = 0;
        var y = bbc.train().x();
        int n = y.rows;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = (i * 7919) % n;
        var x = y.selectRows(perm);
        SplittableRandom rng = new SplittableRandom(5);
        try (CpuBackend cpu = new CpuBackend(c, y, x); CudaBackend gpu = new CudaBackend(c, y, x);
             CpuBackend cpuPlain = new CpuBackend(plain, y, x)) {
            Map<String, double[]> init = cpu.parameters();
            int[] docs = new int[c.batchSize];
            for (int step = 0; step < 4; step++) {
                for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                for (Backend be : new Backend[] {cpu, gpu, cpuPlain}) {
                    be.beginBatch(docs, docs.length);
                    for (int g = 0; g < c.priorSteps; g++) be.priorStep();
                }
                Backend.StepResult rc = cpu.encoderStep(), rg = gpu.encoderStep(), rp = cpuPlain.encoderStep();
                assertEquals(rc.loss(), rg.loss(), 1e-4 * Math.abs(rc.loss()) + 1e-4, "step " + step + " loss with dropout");
                if (step == 0) assertNotEquals(rp.loss(), rc.loss(), "dropout changes the first step's loss");
            }
            double e = relativeUpdateError(init, cpu.parameters(), gpu.parameters());
            assertTrue(e < 0.02, "dropout + decay: GPU parameter updates differ from the CPU's by " + e);
            assertTrue(relativeUpdateError(init, cpu.parameters(), cpuPlain.parameters()) > 0.05, "the options change the updates");
        }
    }

    /** Y's training documents in another order: a stand-in for the paired X articles (one vocabulary). */
    private static ammi.data.CsrMatrix shuffledY() {
        var y = bbc.train().x();
        int n = y.rows;
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = (i * 7919) % n;
        return y.selectRows(perm);
    }

    static AmmiConfig tiedConfig(int o, int encoderLayers) {
        AmmiConfig c = config(32, o, 3, 0, false, encoderLayers);
        c.predictive = true;
        c.tieEncoders = true;
        c.orderX = o;
        c.validate();
        return c;
    }

    /**
     * --tie-encoders: the shared weights step by grad_Y + grad_X under one clipper and one Adam, as
     * on the CPU; the parameters and the optimiser state have the CPU's keys (no encoderX), and X
     * articles get the codes the shared encoder gives them as Y.
     */
    @Test
    void tiedEncoderStepsMatchCpu() {
        assertTiedStepsMatchCpu(tiedConfig(0, 0), 6);
        AmmiConfig c = tiedConfig(1, 1); // hidden layers: dense weight gradients and bias sums shared too
        c.wordDropout = 0.3; // X keeps its own mask stream
        c.weightDecay = 0.5;
        c.validate();
        assertTiedStepsMatchCpu(c, 7);
    }

    private static void assertTiedStepsMatchCpu(AmmiConfig c, long seed) {
        var y = bbc.train().x();
        var x = shuffledY();
        int n = y.rows;
        SplittableRandom rng = new SplittableRandom(seed);
        try (CpuBackend cpu = new CpuBackend(c, y, x); CudaBackend gpu = new CudaBackend(c, y, x)) {
            Map<String, double[]> init = cpu.parameters();
            Map<String, double[]> gInit = gpu.parameters();
            assertEquals(init.keySet(), gInit.keySet(), "parameter names");
            for (String name : init.keySet()) assertArrayEquals(toFloat(init.get(name)), gInit.get(name), 0, name + " initial");
            assertTrue(init.keySet().stream().noneMatch(key -> key.startsWith("encoderX")), init.keySet().toString());
            int[] docs = new int[c.batchSize];
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                Backend.StepResult[] r = stepBoth(cpu, gpu, docs, docs.length, c.priorSteps);
                Backend.StepResult rc = r[0], rg = r[1];
                assertEquals(rc.loss(), rg.loss(), 1e-4 * Math.abs(rc.loss()) + 1e-4, "step " + step + " tied loss");
                assertEquals(rc.conditionalEntropy(), rg.conditionalEntropy(), 1e-4 * Math.abs(rc.conditionalEntropy()) + 1e-4,
                        "step " + step + " H+(p(.|y), p(.|x))");
            }
            double e = relativeUpdateError(init, cpu.parameters(), gpu.parameters());
            assertTrue(e < 0.02, "tied: GPU parameter updates differ from the CPU's by " + e);
            Map<String, double[]> sc = cpu.optimizerState(), sg = gpu.optimizerState();
            assertEquals(sc.keySet(), sg.keySet(), "optimiser state keys (a checkpoint moves between backends)");
            assertEquals(sc.get("adam.encoder.t")[0], sg.get("adam.encoder.t")[0], 0, "one encoder Adam, stepped once a batch");
            PackedCodes asX = gpu.encodeX(x), asY = gpu.encode(x);
            for (int d = 0; d < asX.count(); d++) assertEquals(0, asX.distance(d, asY, d), "article " + d + ": X code == Y code");
            PackedCodes a = cpu.encodeX(x);
            int same = 0;
            for (int d = 0; d < a.count(); d++) if (a.distance(d, asX, d) == 0) same++;
            assertTrue(same > 0.95 * a.count(), same + " of " + a.count() + " X codes identical to the CPU's");
            gpu.loadOptimizerState(sc); // the CPU's state loads as it is
            assertArrayEquals(toFloat(sc.get("adam.encoder.m.posterior.in.bias")), gpu.optimizerState().get("adam.encoder.m.posterior.in.bias"),
                    0, "first moments of the shared input bias, loaded from the CPU");
        }
    }

    @Test
    void tiedGraphReplayEqualsLaunchingKernelByKernel() {
        AmmiConfig c = tiedConfig(1, 1);
        c.wordDropout = 0.3;
        c.validate();
        assertGraphReplayEqualsEager(c, shuffledY(), 12, 5, true);
    }

    @Test
    void graphReplayWithWordDropoutEqualsLaunchingKernelByKernel() {
        AmmiConfig c = config(32, 0, 3, 0, false, 0);
        c.wordDropout = 0.5; // the graph reads each step's mask key from device memory
        c.validate();
        assertGraphReplayEqualsEager(c, 10, 4, false);
    }

    /** --reorder-bits: the moments of the batches and the steps in a given chain order follow the CPU's. */
    @Test
    void reorderedChainStepsAndMomentsMatchCpu() {
        AmmiConfig c = config(64, 0, 3, 0, false, 0);
        c.reorderBits = true;
        c.validate();
        int n = bbc.train().x().rows;
        int[] order = ammi.model.BitOrder.identity(c.bits);
        SplittableRandom shuffle = new SplittableRandom(12);
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        try (CpuBackend cpu = new CpuBackend(c, bbc.train().x()); CudaBackend gpu = new CudaBackend(c, bbc.train().x(), null, true)) {
            Map<String, double[]> init = cpu.parameters();
            cpu.setBitOrder(order);
            gpu.setBitOrder(order);
            SplittableRandom rng = new SplittableRandom(13);
            int[] docs = new int[c.batchSize];
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                Backend.StepResult[] r = stepBoth(cpu, gpu, docs, docs.length, c.priorSteps);
                Backend.StepResult rc = r[0], rg = r[1];
                assertEquals(rc.crossEntropy(), rg.crossEntropy(), 1e-4 * Math.abs(rc.crossEntropy()), "step " + step + " H+(Z) in chain order");
            }
            double e = relativeUpdateError(init, cpu.parameters(), gpu.parameters());
            assertTrue(e < 0.02, "reordered chain: GPU parameter updates differ from the CPU's by " + e);
            ammi.model.BitMoments mc = cpu.takeBitMoments(), mg = gpu.takeBitMoments();
            assertEquals(mc.documents(), mg.documents(), 0.0);
            for (int i = 0; i < c.bits; i++) assertEquals(mc.sum[i], mg.sum[i], 1e-3 * (1 + Math.abs(mc.sum[i])), "sum " + i);
            for (int k = 0; k < c.bits * c.bits; k++) assertEquals(mc.cross[k], mg.cross[k], 1e-3 * (1 + Math.abs(mc.cross[k])), "cross " + k);
            assertEquals(0, gpu.takeBitMoments().documents(), "taken once");
            assertArrayEquals(ammi.model.BitOrder.toState(order), gpu.optimizerState().get(ammi.model.BitOrder.STATE_KEY), 0.0);
        }
    }

    /** Parents for m positions: distinct earlier positions, about one in six absent (-1). */
    static int[] randomParents(SplittableRandom rng, int m, int r) {
        int[] pa = new int[m * r];
        for (int k = 0; k < m; k++)
            for (int j = 0; j < r; j++) {
                int t = -1;
                if (k > 0 && rng.nextInt(6) > 0)
                    for (int attempt = 0; attempt < 8 && t < 0; attempt++) {
                        int c = rng.nextInt(k);
                        boolean taken = false;
                        for (int i = 0; i < j; i++) taken |= pa[k * r + i] == c;
                        if (!taken) t = c;
                    }
                pa[k * r + j] = t;
            }
        ammi.markov.ParentCrossEntropy.checkParents(pa, m, r);
        return pa;
    }

    /**
     * --prior-parents: steps with chosen parents follow the CPU's, also after the parents change
     * under a captured graph; the parents travel in the optimiser state both ways.
     */
    @Test
    void priorParentsStepsMatchCpu() {
        AmmiConfig c = config(64, 0, 5, 1, false, 0);
        c.reorderBits = true;
        c.priorParents = true;
        c.validate();
        int n = bbc.train().x().rows;
        SplittableRandom shuffle = new SplittableRandom(14);
        int[] order = ammi.model.BitOrder.identity(c.bits);
        for (int i = order.length - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] first = randomParents(shuffle, c.bits, c.orderPrior), second = randomParents(shuffle, c.bits, c.orderPrior);
        try (CpuBackend cpu = new CpuBackend(c, bbc.train().x()); CudaBackend gpu = new CudaBackend(c, bbc.train().x(), null, true)) {
            Map<String, double[]> init = cpu.parameters();
            for (Backend be : new Backend[] {cpu, gpu}) {
                be.setBitOrder(order);
                be.setPriorParents(first);
            }
            SplittableRandom rng = new SplittableRandom(15);
            int[] docs = new int[c.batchSize];
            for (int step = 0; step < 4; step++) {
                if (step == 2) for (Backend be : new Backend[] {cpu, gpu}) be.setPriorParents(second); // the graph is captured by now
                for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                int count = step == 3 ? 7 : docs.length;
                Backend.StepResult[] r = stepBoth(cpu, gpu, docs, count, c.priorSteps);
                Backend.StepResult rc = r[0], rg = r[1];
                assertEquals(rc.conditionalEntropy(), rg.conditionalEntropy(), 1e-4 * Math.abs(rc.conditionalEntropy()) + 1e-5, "step " + step + " H(Z|Y)");
                assertEquals(rc.crossEntropy(), rg.crossEntropy(), 1e-4 * Math.abs(rc.crossEntropy()), "step " + step + " H+(Z) with parents");
            }
            double e = relativeUpdateError(init, cpu.parameters(), gpu.parameters());
            assertTrue(e < 0.02, "prior parents: GPU parameter updates differ from the CPU's by " + e);
            String key = ammi.model.BitOrder.PARENTS_KEY;
            assertArrayEquals(ammi.model.BitOrder.toState(second), gpu.optimizerState().get(key), 0.0);
            // a CPU checkpoint's parents load into a CUDA backend, and back
            try (CudaBackend resumed = new CudaBackend(c, bbc.train().x(), null, true)) {
                resumed.loadOptimizerState(cpu.optimizerState());
                assertArrayEquals(cpu.optimizerState().get(key), resumed.optimizerState().get(key), 0.0);
                assertArrayEquals(cpu.optimizerState().get(ammi.model.BitOrder.STATE_KEY),
                        resumed.optimizerState().get(ammi.model.BitOrder.STATE_KEY), 0.0);
            }
        }
    }

    /** --prior-parents: graph replay equals kernel-by-kernel launches, also after the parents change. */
    @Test
    void priorParentsGraphReplayEqualsLaunchingKernelByKernel() {
        AmmiConfig c = config(64, 0, 8, 1, false, 0);
        c.reorderBits = true;
        c.priorParents = true;
        c.validate();
        assertGraphReplayEqualsEager(c, null, 16, 6, true, (step, rng, graph, eager) -> {
            if (step % 3 != 0) return;
            int[] pa = randomParents(rng, c.bits, c.orderPrior);
            graph.setPriorParents(pa);
            eager.setPriorParents(pa);
        });
    }

    @Test
    void graphReplayEqualsLaunchingKernelByKernel() {
        assertGraphReplayEqualsEager(config(64, 1, 3, 1, false, 0), 9, 6, true);
    }

    /** steps training steps on both launch paths give bit-identical losses and parameters; shortBatches adds a second graph. */
    private static void assertGraphReplayEqualsEager(AmmiConfig c, long seed, int steps, boolean shortBatches) {
        assertGraphReplayEqualsEager(c, null, seed, steps, shortBatches);
    }

    /** As above; with trainX non-null, predictive steps (c.predictive). */
    private static void assertGraphReplayEqualsEager(AmmiConfig c, ammi.data.CsrMatrix trainX, long seed, int steps,
                                                     boolean shortBatches) {
        assertGraphReplayEqualsEager(c, trainX, seed, steps, shortBatches, (step, rng, graph, eager) -> {});
    }

    /** Something done to both backends before a step's batch is drawn (from the same rng). */
    private interface BeforeStep {
        void apply(int step, SplittableRandom rng, CudaBackend graph, CudaBackend eager);
    }

    /** As above, with {@code before} run ahead of every step. */
    private static void assertGraphReplayEqualsEager(AmmiConfig c, ammi.data.CsrMatrix trainX, long seed, int steps,
                                                     boolean shortBatches, BeforeStep before) {
        int n = bbc.train().x().rows;
        try (CudaBackend graph = new CudaBackend(c, bbc.train().x(), trainX, true);
             CudaBackend eager = new CudaBackend(c, bbc.train().x(), trainX, false)) {
            SplittableRandom rng = new SplittableRandom(seed);
            int[] docs = new int[c.batchSize];
            for (int step = 0; step < steps; step++) {
                before.apply(step, rng, graph, eager);
                for (int i = 0; i < docs.length; i++) docs[i] = rng.nextInt(n);
                int count = shortBatches && step % 3 == 2 ? 5 : docs.length; // two graphs: full and short batches
                Backend.StepResult a = null, b = null;
                for (CudaBackend be : new CudaBackend[] {graph, eager}) {
                    be.beginBatch(docs, count);
                    for (int g = 0; g < c.priorSteps; g++) be.priorStep();
                    if (be == graph) a = be.encoderStep();
                    else b = be.encoderStep();
                }
                assertEquals(a, b, "step " + step + " loss terms");
            }
            Map<String, double[]> pa = graph.parameters(), pb = eager.parameters();
            for (String name : pa.keySet()) assertArrayEquals(pa.get(name), pb.get(name), 0, name);
        }
    }

    @Test
    void nonFiniteLossLeavesTheParametersAsTheyWere() {
        AmmiConfig c = config(16, 0, 3, 0, false, 0);
        try (CudaBackend gpu = new CudaBackend(c, bbc.train().x())) {
            Map<String, double[]> p = gpu.parameters();
            p.get("posterior.in.bias")[3] = Double.NaN;
            gpu.loadParameters(p);
            Map<String, double[]> before = gpu.parameters();
            int[] docs = new int[c.batchSize];
            for (int i = 0; i < docs.length; i++) docs[i] = i;
            gpu.beginBatch(docs, docs.length);
            for (int g = 0; g < c.priorSteps; g++) gpu.priorStep();
            Backend.StepResult r = gpu.encoderStep();
            assertTrue(Double.isNaN(r.loss()), "loss " + r.loss());
            Map<String, double[]> after = gpu.parameters();
            for (String name : before.keySet()) {
                if (name.startsWith("posterior")) assertArrayEquals(before.get(name), after.get(name), 0, name + " unchanged");
            }
        }
    }
}
