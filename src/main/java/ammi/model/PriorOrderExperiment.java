package ammi.model;

import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import ammi.data.Dataset;
import ammi.markov.Bmmi;
import ammi.markov.CrossEntropy;
import ammi.util.UserError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The paper's Figure 1 (section 4.1.3), how the Markov order r of the variational prior matters:
 * <ol type="a">
 * <li>a BMMI encoder (o = 0, m = 16) is partly trained (a fixed number of epochs); on a fixed batch of training documents
 * the entropy H(Z) of its marginal code distribution is computed by brute force over all 2^m
 * codes, and for each r a prior of order r is fitted by minimising H+(p_Z, q). The fitted H+
 * approaches H(Z) from above as r grows;</li>
 * <li>AMMI is trained once for each r, with the other settings fixed; its validation P@K (optionally a
 * second line with another encoder order o, as the paper's o = 1 line).</li>
 * </ol>
 * The paper tunes every setting per r; here each point is one run with the reuters16 settings
 * of the reference (docs/results.md says so next to the numbers). Everything runs on the CPU
 * backend: BMMI is CPU-only, and the CPU backend gives the same result on any machine.
 */
public final class PriorOrderExperiment {

    /** Everything the experiment needs; the defaults are the command's. */
    public static final class Settings {
        /** Settings of the BMMI encoder and the AMMI runs: the reference's reuters16 cell. */
        public AmmiConfig config = reuters16();
        public int bmmiEpochs = 10;
        public int ammiEpochs = 10;
        /** Documents in the fixed batch on which H(Z) and H+ are computed. */
        public int batch = 512;
        /** Panel (a): r = o .. maxOrder. */
        public int maxOrder = 13;
        /** Panel (b): r = o .. ammiMaxOrder. */
        public int ammiMaxOrder = 10;
        /** Panel (b): a second line with this encoder order (the paper's blue line has 1), r from it; -1 = none. */
        public int ammiAlsoOrder = -1;
        public int fitSteps = 500;
        public double fitLr = 0.1;
        public double fitTol = 1e-5;
        /** Fit every order from the uniform prior instead of from the order below. */
        public boolean coldStart = false;

        /** Rejects impossible settings with one line naming the option. */
        public void validate(int trainDocs) {
            config.validate();
            int m = config.bits, o = config.orderPosterior;
            check(m <= Bmmi.MAX_M, "--bits must be at most " + Bmmi.MAX_M
                    + " (BMMI and the brute-force entropy enumerate all 2^m codes), got " + m);
            check(o <= m - 1, "--order-posterior must be at most m - 1 = " + (m - 1) + ", got " + o);
            check(maxOrder >= o && maxOrder <= m - 1, "--max-order must be in [" + o + ", " + (m - 1)
                    + "] (from the posterior's order o to m - 1, which already represents every distribution over m bits), got " + maxOrder);
            check(ammiMaxOrder >= o && ammiMaxOrder <= m - 1, "--ammi-max-order must be in [" + o + ", " + (m - 1)
                    + "] (from the posterior's order o to m - 1), got " + ammiMaxOrder);
            check(ammiAlsoOrder == -1 || (ammiAlsoOrder >= 0 && ammiAlsoOrder != o && ammiAlsoOrder <= ammiMaxOrder),
                    "--also-order-posterior must be in [0, " + ammiMaxOrder + "] (at most --ammi-max-order) and differ from --order-posterior "
                            + o + ", got " + ammiAlsoOrder);
            check(batch >= 1, "--batch must be positive, got " + batch);
            check(batch <= trainDocs, "--batch " + batch + " exceeds the " + trainDocs + " training documents");
            check(bmmiEpochs >= 1, "--epochs-bmmi must be at least 1, got " + bmmiEpochs);
            check(ammiEpochs >= 1, "--epochs must be at least 1, got " + ammiEpochs);
            check(fitSteps >= 1, "--fit-steps must be at least 1, got " + fitSteps);
            check(fitLr > 0 && Double.isFinite(fitLr), "--fit-lr must be a positive number, got " + fitLr);
            check(fitTol >= 0 && Double.isFinite(fitTol), "--fit-tol must be >= 0, got " + fitTol);
        }

        private static void check(boolean ok, String message) {
            if (!ok) throw new UserError(message);
        }
    }

    /** The reference's reuters16 settings (batch 16, lr 0.01, init 0.1, clip 10, seed 9061, G = 4, beta = 2, raw prior). */
    public static AmmiConfig reuters16() {
        AmmiConfig c = new AmmiConfig();
        c.bits = 16;
        c.orderPosterior = 0;
        c.hidden = 16;
        c.layers = 0;
        c.rawPrior = true;
        c.batchSize = 16;
        c.lr = 0.01;
        c.init = 0.1;
        c.clip = 10;
        c.seed = 9061;
        c.priorSteps = 4;
        c.entropyWeight = 2;
        return c;
    }

    /** Panel (a), one order: the fitted H+ and the order's exact minimum (closed form). */
    public record Fit(int order, double crossEntropy, double optimum, int steps, boolean converged, double seconds) {
        public double gap(double entropy) {
            return crossEntropy - entropy;
        }
    }

    /** Panel (b), one order r of the prior (with encoder order o): validation P@K of the AMMI run (its best epoch). */
    public record Run(int orderPosterior, int order, double valPrecision, int bestEpoch, int epochs, double seconds) {}

    /** {@code conditionalEntropy}: H(Z|Y) averaged over the fixed batch, how sharp the posteriors are. */
    public record Result(int bits, int orderPosterior, int batch, double entropy, double conditionalEntropy, double bmmiValPrecision,
                         int bmmiEpochs, double bmmiSeconds, List<Fit> fits, List<Run> runs) {}

    /** Progress, as each piece finishes; all optional. */
    public interface Listener {
        /** Per-epoch progress of the training run named {@code what}. */
        default Trainer.Listener training(String what) {
            return new Trainer.Listener() {};
        }

        default void onBmmi(double valPrecision, int bestEpoch, int epochs, double seconds) {}

        default void onEntropy(double entropy, double conditionalEntropy, int batch) {}

        default void onFit(Fit fit) {}

        default void onRun(Run run) {}
    }

    private final Settings settings;

    public PriorOrderExperiment(Settings settings) {
        this.settings = settings;
    }

    public Result run(Dataset data, Listener listener) {
        CsrMatrix train = data.train().x();
        settings.validate(train.rows);
        AmmiConfig base = settings.config;
        int m = base.bits, o = base.orderPosterior, batch = settings.batch;

        // (a) The partly trained BMMI encoder.
        AmmiConfig bc = base.copy();
        bc.brute = true;
        bc.epochs = settings.bmmiEpochs;
        // Every epoch runs, and panel (a) takes the encoder as it stands after the last one (a
        // checkpoint's current parameters); the best epoch's validation P@K is panel (b)'s line.
        bc.patience = bc.epochs;
        AtomicReference<Map<String, double[]>> encoder = new AtomicReference<>();
        long t0 = System.nanoTime();
        Trainer.Result bmmi;
        try (CpuBackend backend = new CpuBackend(bc, train)) {
            bmmi = new Trainer(backend, data, bc).checkpointEvery(bc.epochs, state -> encoder.set(state.parameters()))
                    .train(listener.training("BMMI"));
        }
        double bmmiSeconds = (System.nanoTime() - t0) / 1e9;
        listener.onBmmi(bmmi.valPrecision(), bmmi.bestEpoch(), bmmi.epochs().size(), bmmiSeconds);

        // The fixed batch, its posteriors and the brute-force entropy of their mixture, eq. (2).
        int[] rows = sampleRows(train.rows, batch, base.seed);
        double[] logits = posteriorLogits(bc, train, encoder.get(), rows);
        double[] pbar = new Bmmi(m, o).distribution(logits, batch);
        double entropy = PriorFit.entropy(pbar);
        double[] perDoc = new double[batch];
        new CrossEntropy(m, o, o).forward(logits, logits, false, batch, perDoc);
        double conditional = Arrays.stream(perDoc).sum() / batch;
        listener.onEntropy(entropy, conditional, batch);

        List<Fit> fits = new ArrayList<>();
        PriorFit fitter = new PriorFit(logits, batch, m, o);
        double[] init = null;
        for (int r = o; r <= settings.maxOrder; r++) {
            long t = System.nanoTime();
            PriorFit.Result f = fitter.fit(r, settings.coldStart ? null : init, settings.fitSteps, settings.fitLr, settings.fitTol);
            Fit fit = new Fit(r, f.crossEntropy(), PriorFit.optimum(pbar, m, r), f.steps(), f.converged(), (System.nanoTime() - t) / 1e9);
            fits.add(fit);
            listener.onFit(fit);
            if (r < settings.maxOrder) init = PriorFit.extend(f.logits(), m, r);
        }

        // (b) AMMI at each order, everything else fixed; then the second encoder order's line, if any.
        List<Run> runs = new ArrayList<>();
        int[] encoderOrders = settings.ammiAlsoOrder < 0 ? new int[] {o} : new int[] {o, settings.ammiAlsoOrder};
        for (int eo : encoderOrders) for (int r = eo; r <= settings.ammiMaxOrder; r++) {
            AmmiConfig c = base.copy();
            c.brute = false;
            c.orderPosterior = eo;
            c.orderPrior = r;
            c.epochs = settings.ammiEpochs;
            long t = System.nanoTime();
            Trainer.Result res;
            try (CpuBackend backend = new CpuBackend(c, train)) {
                res = new Trainer(backend, data, c).train(listener.training("AMMI o=" + eo + " r=" + r));
            }
            Run run = new Run(eo, r, res.valPrecision(), res.bestEpoch(), res.epochs().size(), (System.nanoTime() - t) / 1e9);
            runs.add(run);
            listener.onRun(run);
        }
        return new Result(m, o, batch, entropy, conditional, bmmi.valPrecision(), bmmi.epochs().size(), bmmiSeconds, fits, runs);
    }

    /** A seeded random batch of distinct training rows, sorted ("a random batch of samples"). */
    static int[] sampleRows(int n, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed ^ 0x3C6EF372FE94F82BL);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) all[i] = i;
        for (int i = 0; i < count; i++) { // partial Fisher-Yates: the first count are a uniform sample
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] rows = Arrays.copyOf(all, count);
        Arrays.sort(rows);
        return rows;
    }

    /** The trained encoder's logits p(z|y) on the given rows: rows.length x (m 2^o). */
    static double[] posteriorLogits(AmmiConfig c, CsrMatrix x, Map<String, double[]> parameters, int[] rows) {
        Posterior encoder = new Posterior("posterior", x.cols, c.bits, c.orderPosterior, c.encoderLayers,
                c.effectiveEncoderHidden(), rows.length);
        for (Tensor t : encoder.parameters()) {
            double[] v = parameters.get(t.name);
            if (v == null || v.length != t.value.length)
                throw new IllegalStateException("trained parameters lack " + t.name + " of " + t.value.length + " values");
            System.arraycopy(v, 0, t.value, 0, v.length);
        }
        Tensor logits = encoder.forward(new Tape(), x, rows, rows.length);
        return Arrays.copyOf(logits.value, rows.length * (c.bits << c.orderPosterior));
    }
}
