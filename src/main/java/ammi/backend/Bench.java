package ammi.backend;

import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import ammi.data.Dataset;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import ammi.model.AmmiConfig;
import ammi.model.MatchingTask;
import ammi.pairs.PairDataset;
import ammi.util.UserError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * End-to-end timing of a backend with named settings (the paper's, and predictive hashing with the
 * options beyond it): a fixed number of training steps driven through the {@link Backend}
 * interface exactly as {@link ammi.model.Trainer} drives them (beginBatch, G prior steps, one
 * encoder step), then one evaluation pass as the trainer runs after every epoch (Viterbi codes,
 * then top-K precision or matching). The measured rates are turned into seconds per epoch.
 */
public final class Bench {
    private Bench() {}

    /**
     * A named configuration and the corpus it runs on; a predictive one ({@code config.predictive})
     * trains on that corpus's halves (as {@code train --pairs-from}), with its vocabulary size.
     */
    public record Setting(String name, String data, AmmiConfig config, int vocabSize) {
        public Setting(String name, String data, AmmiConfig config) {
            this(name, data, config, 0);
        }
    }

    /**
     * What a setting trains and evaluates on: the training rows (Y articles, and X articles in
     * predictive hashing, else null), and the evaluation the trainer runs after every epoch.
     */
    public record Workload(String name, CsrMatrix trainY, CsrMatrix trainX, int evalDocs, ToDoubleFunction<Backend> evaluate) {
        /** Codes of train and validation, then P@K. */
        public static Workload retrieval(Dataset data, int topK) {
            return new Workload(data.name(), data.train().x(), null, data.train().x().rows + data.validation().x().rows,
                    backend -> evaluateRetrieval(backend, data, topK));
        }

        /** Both directions of every training pair, and validation against the training articles' Y codes too (--val-distractors). */
        public static Workload matching(PairDataset pairs, int topK) {
            PairDataset both = pairs.withBothDirections();
            MatchingTask task = new MatchingTask(both, topK, true, false);
            int evalDocs = 2 * both.validation().size() + MatchingTask.trainArticlePairs(both).size();
            return new Workload(pairs.name(), both.train().y(), both.train().x(), evalDocs, task::validate);
        }
    }

    /** One measurement. Rates are documents per second; epoch figures are extrapolated from them. */
    public record Result(String setting, String backend, String data, int threads, int steps, int batchSize,
                         int trainDocs, int evalDocs, double trainSeconds, double secondsPerStep,
                         double trainDocsPerSecond, double trainSecondsPerEpoch,
                         double evalSeconds, double evalDocsPerSecond, double evalSecondsPerEpoch,
                         double secondsPerEpoch, double valPrecision) {}

    /** Opens a backend on the training rows (trainX: the X articles in predictive hashing, else null). */
    @FunctionalInterface
    public interface Factory {
        Backend open(AmmiConfig config, CsrMatrix trainY, CsrMatrix trainX);
    }

    /** Backends by name; a GPU backend registers here and every setting runs on it unchanged. */
    public static final Map<String, Factory> BACKENDS = new LinkedHashMap<>();

    static {
        BACKENDS.put("cpu", CpuBackend::new);
        BACKENDS.put("cuda", ammi.backend.cuda.CudaBackend::new);
        // the same kernels launched one by one, without CUDA graphs: what the graphs save
        BACKENDS.put("cuda-eager", (c, y, x) -> new ammi.backend.cuda.CudaBackend(c, y, x, false));
    }

    private static AmmiConfig config(int bits, int hidden, int layers, int batch, double lr, double init, double clip,
                                     int priorSteps, boolean rawPrior, double entropyWeight) {
        AmmiConfig c = new AmmiConfig();
        c.bits = bits;
        c.hidden = hidden;
        c.layers = layers;
        c.batchSize = batch;
        c.lr = lr;
        c.init = init;
        c.clip = clip;
        c.priorSteps = priorSteps;
        c.rawPrior = rawPrior;
        c.entropyWeight = entropyWeight;
        c.validate();
        return c;
    }

    /** The paper's settings (section 5, hyperparameters of the reference's best runs). */
    public static Map<String, Setting> settings() {
        Map<String, Setting> s = new LinkedHashMap<>();
        s.put("reuters64", new Setting("reuters64", "reuters", config(64, 28, 1, 16, 0.003, 0.5, 1, 1, false, 3)));
        s.put("ng64", new Setting("ng64", "20news", config(64, 20, 0, 128, 0.03, 0.5, 5, 2, false, 3.5)));
        s.put("reuters128", new Setting("reuters128", "reuters", config(128, 24, 1, 16, 0.03, 0.1, 5, 2, true, 2.5)));
        // predictive hashing on 20news halves with the options beyond the paper (docs/results-predictive.md's picks)
        for (int bits : new int[] {64, 128}) {
            AmmiConfig c = config(bits, 24, 0, 128, 0.003, 0.1, 10, 16, false, 3.5);
            c.predictive = true;
            c.orderPrior = 8;
            c.wordDropout = 0.3;
            c.tieEncoders = true;
            c.bothDirections = true;
            c.reorderBits = true;
            c.priorParents = true;
            c.validate();
            s.put("pred-ng" + bits, new Setting("pred-ng" + bits, "20news", c, 50000));
        }
        return s;
    }

    public static Setting setting(String name) {
        Setting s = settings().get(name);
        if (s == null) throw new UserError("unknown setting '" + name + "' (known: " + String.join(", ", settings().keySet()) + ")");
        return s;
    }

    public static Backend open(String backend, AmmiConfig config, CsrMatrix trainY, CsrMatrix trainX) {
        Factory f = BACKENDS.get(backend);
        if (f == null) throw new UserError("unknown backend '" + backend + "' (available: " + String.join(", ", BACKENDS.keySet()) + ")");
        return f.open(config, trainY, trainX);
    }

    /** The step counts bench takes; checked before any corpus is loaded. */
    public static void checkCounts(int steps, int warmup, int evalRounds) {
        if (steps < 1) throw new UserError("--steps must be at least 1, got " + steps);
        if (warmup < 0) throw new UserError("--warmup must be >= 0, got " + warmup);
        if (evalRounds < 1) throw new UserError("--eval-rounds must be at least 1, got " + evalRounds);
    }

    /**
     * Runs {@code warmup} untimed steps (JIT compilation), then {@code steps} timed steps, then
     * (after one untimed evaluation when {@code warmup > 0}) {@code evalRounds} timed evaluation
     * passes. Rates are totals over the timed part: documents trained / training time, and
     * documents encoded ({@link Workload#evalDocs}) / evaluation time per pass.
     */
    public static Result run(Setting setting, Workload data, String backendName, int steps, int warmup, int evalRounds) {
        checkCounts(steps, warmup, evalRounds);
        AmmiConfig config = setting.config();
        int n = data.trainY().rows, batch = config.batchSize;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        SplittableRandom shuffle = new SplittableRandom(config.seed);
        int[] docs = new int[batch];
        try (Backend backend = open(backendName, config, data.trainY(), data.trainX())) {
            int[] cursor = {n}; // position in the current shuffled pass; n = reshuffle
            Runnable step = () -> {
                if (cursor[0] >= n) {
                    for (int i = n - 1; i > 0; i--) {
                        int j = shuffle.nextInt(i + 1), t = order[i];
                        order[i] = order[j];
                        order[j] = t;
                    }
                    cursor[0] = 0;
                }
                int count = Math.min(batch, n - cursor[0]);
                System.arraycopy(order, cursor[0], docs, 0, count);
                cursor[0] += count;
                backend.beginBatch(docs, count);
                if (!config.brute) for (int g = 0; g < config.priorSteps; g++) backend.priorStep();
                backend.encoderStep();
            };
            int trainedDocs = 0;
            for (int s = 0; s < warmup; s++) step.run();
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                int before = cursor[0] >= n ? 0 : cursor[0];
                step.run();
                trainedDocs += cursor[0] - before;
            }
            double trainSeconds = (System.nanoTime() - t0) / 1e9;

            if (warmup > 0) data.evaluate().applyAsDouble(backend);
            double val = 0;
            long t1 = System.nanoTime();
            for (int r = 0; r < evalRounds; r++) val = data.evaluate().applyAsDouble(backend);
            double evalSeconds = (System.nanoTime() - t1) / 1e9;

            int batches = (n + batch - 1) / batch;
            double perStep = trainSeconds / steps;
            double trainRate = trainedDocs / trainSeconds;
            double evalPerEpoch = evalSeconds / evalRounds;
            double trainPerEpoch = perStep * batches;
            return new Result(setting.name(), backendName, data.name(), ammi.util.Parallel.threads(), steps, batch,
                    n, data.evalDocs(), trainSeconds, perStep, trainRate, trainPerEpoch,
                    evalSeconds, data.evalDocs() / evalPerEpoch, evalPerEpoch, trainPerEpoch + evalPerEpoch, val);
        }
    }

    private static double evaluateRetrieval(Backend backend, Dataset data, int topK) {
        PackedCodes base = backend.encode(data.train().x());
        PackedCodes queries = backend.encode(data.validation().x());
        return RetrievalPrecision.precisionAtK(queries, data.validation().labels(), base, data.train().labels(), topK, backend.search());
    }

    /** The settings in the order given, e.g. "reuters64,ng64". */
    public static List<Setting> parse(String names) {
        return java.util.Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Bench::setting).toList();
    }
}
