package ammi.cli;

import ammi.backend.Backend;
import ammi.backend.Backends;
import ammi.data.DataFingerprint;
import ammi.data.Dataset;
import ammi.eval.BowMatching;
import ammi.model.MatchingTask;
import ammi.model.RetrievalTask;
import ammi.pairs.PairDataset;
import ammi.util.UserError;
import ammi.model.AmmiConfig;
import ammi.model.Checkpoint;
import ammi.model.Trainer;
import ammi.util.AtomicFiles;
import ammi.util.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains AMMI (Algorithm 2 of the paper) and prints validation and test top-K precision.",
                "Defaults follow the reference implementation (karlstratos/ammi)."})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Option(names = "--bits", paramLabel = "M", defaultValue = "16", description = "Code length m. Default: ${DEFAULT-VALUE}.")
    int bits;
    @Option(names = "--order-posterior", paramLabel = "O", defaultValue = "0", description = "Markov order o of the encoder p(z|y). Default: ${DEFAULT-VALUE}.")
    int orderPosterior;
    @Option(names = "--order-prior", paramLabel = "R", defaultValue = "3", description = "Markov order r of the prior q(z), r >= o. Default: ${DEFAULT-VALUE}.")
    int orderPrior;
    @Option(names = "--hidden", paramLabel = "H", defaultValue = "24", description = "Width of the prior's embedding and hidden layers. Default: ${DEFAULT-VALUE}.")
    int hidden;
    @Option(names = "--layers", paramLabel = "L", defaultValue = "0", description = "ReLU layers in the prior's net (0 = one linear map). Default: ${DEFAULT-VALUE}.")
    int layers;
    @Option(names = "--encoder-layers", paramLabel = "L", defaultValue = "0", description = "ReLU layers in the encoder (0 = one linear map, as in the paper). Default: ${DEFAULT-VALUE}.")
    int encoderLayers;
    @Option(names = "--encoder-hidden", paramLabel = "H", defaultValue = "0", description = "Width of the encoder's hidden layers (0 = --hidden).")
    int encoderHidden;
    @Option(names = "--raw-prior", negatable = true, description = "The prior is a raw m x 2^r logit table instead of a net over an embedding.")
    boolean rawPrior;
    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16", description = "Documents per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;
    @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.01", description = "Adam learning rate of the encoder. Default: ${DEFAULT-VALUE}.")
    double lr;
    @Option(names = "--lr-prior", paramLabel = "ETA'", defaultValue = "-1", description = "Adam learning rate of the prior (negative = same as --lr).")
    double lrPrior;
    @Option(names = "--prior-steps", paramLabel = "G", defaultValue = "4", description = "Adam steps on the prior per batch. Default: ${DEFAULT-VALUE}.")
    int priorSteps;
    @Option(names = "--entropy-weight", paramLabel = "BETA", defaultValue = "2", description = "Weight beta of H+(Z) in the encoder's loss. Default: ${DEFAULT-VALUE}.")
    double entropyWeight;
    @Option(names = "--clip", paramLabel = "C", defaultValue = "10", description = "Gradient-norm clipping threshold. Default: ${DEFAULT-VALUE}.")
    double clip;
    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "0", description = "Decoupled weight decay (AdamW) on the encoders: each step multiplies their weights by 1 - lr * WD. Default: ${DEFAULT-VALUE} (plain Adam, as the paper).")
    double weightDecay;
    @Option(names = "--word-dropout", paramLabel = "P", defaultValue = "0", description = "Zero each word of a training document with probability P in each batch (survivors scaled by 1/(1-P)). Default: ${DEFAULT-VALUE}.")
    double wordDropout;
    @Option(names = "--reorder-bits", description = "After every epoch, re-order the bits along the prior's Markov chain so that the most dependent bits are adjacent "
            + "(greedy on their mutual information under the encoder's marginal): the prior then sees, and the encoder is pushed off, redundant bits. Needs --order-posterior 0. "
            + "Off by default (the paper's fixed order).")
    boolean reorderBits;
    @Option(names = "--prior-parents", description = "With the re-ordering (implies --reorder-bits): condition each bit of the prior on the r earlier bits it shares "
            + "the most information with, wherever they are in the order, instead of the r bits just before it. Same cost as the chain. Off by default.")
    boolean priorParents;
    @Option(names = "--init", paramLabel = "ALPHA", defaultValue = "0.1", description = "Uniform initialisation range (-alpha, alpha), biases zero; 0 = PyTorch's default initialisation. Default: ${DEFAULT-VALUE}.")
    double init;
    @Option(names = "--epochs", paramLabel = "E", defaultValue = "40", description = "Maximum number of epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;
    @Option(names = "--patience", paramLabel = "P", defaultValue = "6", description = "Epochs without validation improvement tolerated before stopping. Default: ${DEFAULT-VALUE}.")
    int patience;
    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "9061", description = "Random seed of initialisation and shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--device", paramLabel = "DEV", defaultValue = "auto",
            description = "Backend: auto (the GPU when a CUDA driver and device are present, else the CPU), cpu or cuda. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--brute", description = "BMMI: exact entropy by enumerating all 2^m codes (m <= 16), no prior.")
    boolean brute;
    @Option(names = "--top-k", paramLabel = "K", defaultValue = "100", description = "Neighbours retrieved for precision. Default: ${DEFAULT-VALUE}.")
    int topK;
    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;
    @Option(names = "--save", paramLabel = "FILE", description = "Write the best model here (atomically).")
    Path save;
    @Option(names = "--metrics-out", paramLabel = "FILE", description = "Write run metrics as JSON here (atomically).")
    Path metricsOut;
    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;
    @Mixin
    PairsArgs pairsArgs = new PairsArgs();
    @Option(names = "--order-x", paramLabel = "H", defaultValue = "0", description = "Predictive hashing: Markov order h of the X encoder q(z|x), h >= o. Default: ${DEFAULT-VALUE}.")
    int orderX;
    @Option(names = "--val-distractors", description = "Predictive hashing: the per-epoch validation score that early stopping reads "
            + "also ranks the training articles' Y codes as candidates, a larger pool like the test's (the final scores are the plain ones).")
    boolean valDistractors;
    @Option(names = "--val-rank", paramLabel = "BY", defaultValue = "hamming",
            description = "The ranking that the per-epoch validation score (early stopping) uses: hamming, the paper's (default), "
                    + "or likelihood, the stored codes ranked by their log-probability under the query's encoder (docs/likelihood-ranking.md). "
                    + "The final scores are printed under both either way.")
    Ranking valRank;
    @Option(names = "--tie-encoders", description = "Predictive hashing: one encoder codes both articles (q(z|x) = p(z|y)), so both halves of every pair train the same weights.")
    boolean tieEncoders;
    @Option(names = "--both-directions", description = "Predictive hashing with --tie-encoders: train on every pair both ways, (x, y) and (y, x), "
            + "so the loss asks each half's code to agree with the other's symmetrically. Epochs are twice as long. Off by default (the paper's one direction).")
    boolean bothDirections;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "0", description = "Random grid search as in the paper: N runs with settings drawn from its grid "
            + "(options given here stay fixed); keeps the best on validation. See docs/training.md.")
    int runs;
    @Option(names = "--search-seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the grid search's draws: run i always gets the same settings. Default: ${DEFAULT-VALUE}.")
    long searchSeed;
    @Option(names = "--runs-csv", paramLabel = "FILE", description = "Grid search: every run's settings and scores, rewritten after each run (default: beside --save as NAME.runs.csv, else runs.csv).")
    Path runsCsv;
    @Option(names = "--parallel-runs", paramLabel = "R", defaultValue = "0", description = "Grid search: runs trained at once, one thread each (0 = one per thread; 1 = one after another on all threads).")
    int parallelRuns;
    @Option(names = "--search-seconds", paramLabel = "S", defaultValue = "0", description = "Grid search: start no new run after S seconds (0 = no limit); "
            + "--resume trains the runs left.")
    double searchSeconds;
    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "0", description = "Write a resumable checkpoint after every N-th epoch, atomically, to --checkpoint (with --resume: default 1).")
    int checkpointEvery;
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where --checkpoint-every writes (default: the file given to --resume, else the --save file).")
    Path checkpoint;
    @Option(names = "--resume", paramLabel = "FILE", arity = "0..1", fallbackValue = "", description = "Continue an interrupted run from its checkpoint FILE "
            + "(settings and data come from it; without --save the finished model is written into FILE), or with --runs an interrupted search from its runs CSV (FILE or --runs-csv).")
    String resume;
    @Option(names = "--plot", paramLabel = "FILE", description = "Draw loss, H(Z|Y), H+(Z) and validation P@K per epoch into a PNG (atomically).")
    Path plot;

    @Spec
    CommandSpec spec;

    /** The long names of the options given on the command line (not defaulted). */
    Set<String> explicitOptions() {
        Set<String> names = new HashSet<>();
        if (spec == null) return names;
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) names.add(o.longestName());
        return names;
    }

    boolean predictive() {
        return pairsArgs.given();
    }

    AmmiConfig config() {
        AmmiConfig c = new AmmiConfig();
        c.bits = bits;
        c.orderPosterior = orderPosterior;
        c.orderPrior = orderPrior;
        c.hidden = hidden;
        c.layers = layers;
        c.encoderLayers = encoderLayers;
        c.encoderHidden = encoderHidden;
        c.rawPrior = rawPrior;
        c.batchSize = batchSize;
        c.lr = lr;
        c.lrPrior = lrPrior;
        c.priorSteps = priorSteps;
        c.entropyWeight = entropyWeight;
        c.clip = clip;
        c.weightDecay = weightDecay;
        c.wordDropout = wordDropout;
        c.reorderBits = reorderBits || priorParents;
        c.priorParents = priorParents;
        c.init = init;
        c.epochs = epochs;
        c.patience = patience;
        c.seed = seed;
        c.brute = brute;
        c.topK = topK;
        c.predictive = predictive();
        c.orderX = orderX;
        c.tieEncoders = tieEncoders;
        c.bothDirections = bothDirections;
        c.valDistractors = valDistractors;
        c.valByLikelihood = valRank == Ranking.likelihood;
        c.validate();
        return c;
    }

    @Override
    public Integer call() {
        long start = System.nanoTime();
        AmmiConfig config = config();
        if (threads > 0) Parallel.setThreads(threads);
        Backends.check(device);
        // --checkpoint may name the --save file (the finished model replaces the last checkpoint), so it is not in the list
        OutputChecks.distinct(new String[] {"--save", "--metrics-out", "--plot", "--runs-csv"}, new Path[] {save, metricsOut, plot, runsCsv});
        OutputChecks.distinct(new String[] {"--checkpoint", "--metrics-out", "--plot", "--runs-csv"}, new Path[] {checkpoint, metricsOut, plot, runsCsv});
        OutputChecks.writable(save, "--save");
        OutputChecks.writable(metricsOut, "--metrics-out");
        OutputChecks.writable(plot, "--plot");
        OutputChecks.writable(runsCsv, "--runs-csv");
        OutputChecks.writable(checkpoint, "--checkpoint");
        Set<String> explicit = explicitOptions();
        if (runs < 0) throw new UserError("--runs must be >= 1 (0 = one run, no search), got " + runs);
        if (searchSeconds != 0 && runs == 0) throw new UserError("--search-seconds applies to a grid search (--runs N)");
        if (predictive()) {
            if (checkpointEvery > 0 || (resume != null && runs == 0))
                throw new UserError("--checkpoint-every and --resume FILE apply to unsupervised hashing only, not to --pairs/--pairs-from "
                        + "(a predictive grid search, --runs N, resumes from its CSV with --resume)");
            return callPredictive(start, config, explicit);
        }
        pairsArgs.rejectWithoutPairs();
        ResumableTraining resumable = runs > 0 ? null
                : new ResumableTraining(checkpointEvery, checkpoint, save, resume, explicit, dataArgs.data, dataArgs.options());
        if (resumable != null) config = resumable.config(config, explicit);

        Dataset data = resumable != null ? resumable.load() : dataArgs.load();
        String source = resumable != null ? resumable.dataset() : dataArgs.data; // as given: a file's name, not its stem
        int fingerprint = DataFingerprint.of(data);
        if (config.dataFingerprint != 0 && config.dataFingerprint != fingerprint) // only a resumed config has one
            throw new UserError(resume + ": " + source + " now gives other documents than the checkpoint's run had; resume needs the same data");
        config.dataFingerprint = fingerprint;
        double dataSeconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "data %s: %d train, %d validation, %d test documents, V = %d, %d labels%s (%.1f s)",
                source, data.train().x().rows, data.validation().x().rows, data.test().x().rows,
                data.vocabSize(), data.labelNames().length,
                data.dropped().total() > 0 ? ", " + data.dropped().total() + " empty documents dropped" : "", dataSeconds));
        if (!data.labelled()) {
            if (runs > 0) RetrievalChecks.requireLabels(data, data.name(), config.topK, "--runs ranks runs by validation P@" + config.topK);
            System.out.println("note: " + data.name() + " has no labels, so P@" + config.topK + " cannot be measured (NaN below): "
                    + "no early stopping, the last epoch is kept");
        }
        RetrievalChecks.noteSmallBase(data, config.topK);
        if (runs > 0) {
            // one GPU: runs take turns on it (each step is already one graph on the whole card)
            if (Backends.usesCuda(device, config) && parallelRuns == 0) parallelRuns = 1;
            return new SearchRuns(this).run(config, explicit, (c, listener) -> {
                try (Backend backend = Backends.open(device, c, data.train().x(), null, line -> {})) {
                    return new Trainer(backend, data, c).train(listener);
                }
            }, new SearchRuns.Data(dataArgs.data, dataArgs.options(), data.vocabulary(), data.name(), "P"));
        }
        System.out.println("model: " + config.toFlags());
        if (config.valByLikelihood)
            System.out.printf(Locale.ROOT, "val P@%d per epoch: ranked by likelihood, log p(code | y) (--val-rank likelihood)%n", config.topK);

        Trainer.Result result;
        String backendName;
        double[] likelihood;
        double likelihoodSeconds;
        long t0;
        try (Backend backend = Backends.open(device, config, data.train().x(), null, System.out::println)) {
            backendName = backend.name();
            System.out.println("backend: " + Backends.describe(backend));
            result = resumable.train(new Trainer(backend, data, config), new ConsoleProgress(System.out, System.err, quiet, config.topK), config, data);
            t0 = System.nanoTime();
            likelihood = new RetrievalTask(data, config.topK).evaluateLikelihood(backend); // the best epoch's parameters are loaded
            likelihoodSeconds = (System.nanoTime() - t0) / 1e9;
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "best epoch %d of %d (%s)", result.bestEpoch(), result.epochs().size(), result.stopReason()));
        String effective = RetrievalChecks.effectiveK(data, config.topK);
        System.out.println(String.format(Locale.ROOT, "validation P@%d %.2f%s", config.topK, result.valPrecision(), effective));
        System.out.println(String.format(Locale.ROOT, "test P@%d %.2f%s", config.topK, result.testPrecision(), effective));
        if (data.labelled()) EvalCommand.printLikelihood(likelihood, "P", config.topK, "p(z|y)", effective);
        System.out.println(String.format(Locale.ROOT, "time: %.1f s training, %.1f s evaluation, %.1f s likelihood ranking, %.1f s total",
                result.trainSeconds(), result.evalSeconds(), likelihoodSeconds, totalSeconds));

        Path saveTo = resumable.saveFile(save); // a resumed run without --save: the file it resumed from
        if (saveTo != null) {
            new Checkpoint(config, resumable.dataset(), resumable.dataOptions(), data.vocabulary(), result.parameters()).write(saveTo);
            System.out.println("saved " + saveTo);
        }
        if (plot != null) {
            TrainingCurves.write(plot, result.epochs(), config.topK, false, data.name() + ", " + config.bits + " bits");
            System.out.println("plot " + plot);
        }
        if (metricsOut != null) {
            AtomicFiles.writeString(metricsOut, metricsJson(config, data, result, likelihood, backendName, dataSeconds, totalSeconds));
            System.out.println("metrics " + metricsOut);
        }
        return 0;
    }

    private Integer callPredictive(long start, AmmiConfig config, Set<String> explicit) {
        PairDataset pairsAsGiven = pairsArgs.load(dataArgs, spec, System.out::println);
        config.dataFingerprint = SavedModel.fingerprint(pairsAsGiven);
        double dataSeconds = (System.nanoTime() - start) / 1e9;
        System.out.println(String.format(Locale.ROOT, "data %s (%.1f s)", pairsAsGiven.summary(), dataSeconds));
        // Validation, test and the training articles (first pair of each id) are the same either way.
        PairDataset data = config.bothDirections ? pairsAsGiven.withBothDirections() : pairsAsGiven;
        if (config.bothDirections)
            System.out.printf(Locale.ROOT, "--both-directions: %d training pairs per epoch (each of the %d as (x, y) and as (y, x))%n",
                    data.train().size(), pairsAsGiven.train().size());
        if (runs > 0) {
            if (Backends.usesCuda(device, config) && parallelRuns == 0) parallelRuns = 1;
            return new SearchRuns(this).run(config, explicit, (c, listener) -> {
                try (Backend backend = Backends.open(device, c, data.train().y(), data.train().x(), line -> {})) {
                    return new Trainer(backend, new MatchingTask(data, c), c).train(listener);
                }
            }, new SearchRuns.Data(pairsArgs.source().describe(), dataArgs.options(), data.vocabulary(), data.name(), "match"));
        }
        System.out.println("model: " + config.toFlags());
        if (config.valDistractors)
            System.out.printf(Locale.ROOT, "val match@%d per epoch: each validation X against its %d Y articles and the %d training Y articles (--val-distractors)%n",
                    config.topK, data.validation().size(), MatchingTask.trainArticlePairs(data).size());
        if (config.valByLikelihood)
            System.out.printf(Locale.ROOT, "val match@%d per epoch: ranked by likelihood, log q(code | x) (--val-rank likelihood)%n", config.topK);

        Trainer.Result result;
        String backendName;
        int distinct;
        long t0;
        double bowVal, bowTest, bowSeconds, likelihoodSeconds;
        double[] likelihood;
        try (Backend backend = Backends.open(device, config, data.train().y(), data.train().x(), System.out::println)) {
            backendName = backend.name();
            System.out.println("backend: " + Backends.describe(backend));
            result = new Trainer(backend, new MatchingTask(data, config), config)
                    .train(new ConsoleProgress(System.out, System.err, quiet, config.topK, true));
            distinct = MatchingTask.distinctTrainCodes(backend, data); // the best epoch's parameters are loaded
            t0 = System.nanoTime();
            likelihood = new MatchingTask(data, config.topK).evaluateLikelihood(backend);
            likelihoodSeconds = (System.nanoTime() - t0) / 1e9;
        }
        t0 = System.nanoTime();
        bowVal = BowMatching.matchingAtK(data.validation().x(), data.validation().y(), config.topK);
        bowTest = BowMatching.matchingAtK(data.test().x(), data.test().y(), config.topK);
        bowSeconds = (System.nanoTime() - t0) / 1e9;
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        int trainArticles = 2 * MatchingTask.trainArticlePairs(data).size();
        System.out.println(String.format(Locale.ROOT, "best epoch %d of %d (%s)", result.bestEpoch(), result.epochs().size(), result.stopReason()));
        System.out.println(String.format(Locale.ROOT, "validation match@%d %.2f", config.topK, result.valPrecision()));
        System.out.println(String.format(Locale.ROOT, "test match@%d %.2f", config.topK, result.testPrecision()));
        System.out.println(String.format(Locale.ROOT, "distinct codes on the %d training articles (X and Y): %d", trainArticles, distinct));
        EvalCommand.printLikelihood(likelihood, "match", config.topK, "q(z|x)");
        System.out.println(String.format(Locale.ROOT, "BOW (%s cosine, V = %d): validation match@%d %.2f, test match@%d %.2f",
                data.vocabulary().weighting(), data.vocabSize(), config.topK, bowVal, config.topK, bowTest));
        System.out.println(String.format(Locale.ROOT, "time: %.1f s training, %.1f s evaluation, %.1f s likelihood ranking, %.1f s BOW, %.1f s total",
                result.trainSeconds(), result.evalSeconds(), likelihoodSeconds, bowSeconds, totalSeconds));

        if (save != null) {
            new Checkpoint(config, pairsArgs.source().describe(), dataArgs.options(), data.vocabulary(), result.parameters()).write(save);
            System.out.println("saved " + save);
        }
        if (metricsOut != null) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("val_matching_precision", result.valPrecision());
            extra.put("test_matching_precision", result.testPrecision());
            extra.put("val_matching_precision_by_likelihood", likelihood[0]);
            extra.put("test_matching_precision_by_likelihood", likelihood[1]);
            extra.put("distinct_codes", distinct);
            extra.put("train_articles", trainArticles);
            extra.put("bow_val_matching_precision", bowVal);
            extra.put("bow_matching_precision", bowTest);
            extra.put("val_pairs", data.validation().size());
            extra.put("test_pairs", data.test().size());
            AtomicFiles.writeString(metricsOut, metricsJson(config, data.name(), pairsAsGiven.train().size(), data.vocabSize(), extra,
                    result, backendName, dataSeconds, totalSeconds));
            System.out.println("metrics " + metricsOut);
        }
        if (plot != null) {
            TrainingCurves.write(plot, result.epochs(), config.topK, true, data.name() + ", " + config.bits + " bits");
            System.out.println("plot " + plot);
        }
        return 0;
    }

    private static String metricsJson(AmmiConfig config, Dataset data, Trainer.Result r, double[] likelihood, String backend,
                                      double dataSeconds, double totalSeconds) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("val_precision", r.valPrecision());
        first.put("test_precision", r.testPrecision());
        first.put("val_precision_by_likelihood", likelihood[0]);
        first.put("test_precision_by_likelihood", likelihood[1]);
        return metricsJson(config, data.name(), data.train().x().rows, data.vocabSize(), first, r, backend, dataSeconds, totalSeconds);
    }

    private static String metricsJson(AmmiConfig config, String dataset, int trainDocs, int vocabSize, Map<String, Object> first,
                                      Trainer.Result r, String backend, double dataSeconds, double totalSeconds) {
        Map<String, Object> m = new LinkedHashMap<>(first);
        m.put("top_k", config.topK);
        m.put("epochs", r.epochs().size());
        m.put("best_epoch", r.bestEpoch());
        m.put("stop_reason", r.stopReason());
        m.put("train_seconds", r.trainSeconds());
        m.put("eval_seconds", r.evalSeconds());
        m.put("data_seconds", dataSeconds);
        m.put("total_seconds", totalSeconds);
        m.put("backend", backend);
        m.put("threads", Parallel.threads());
        m.put("dataset", dataset);
        m.put(config.predictive ? "train_pairs" : "train_docs", trainDocs);
        m.put("vocab_size", vocabSize);
        m.put("flags", config.toFlags());
        m.put("config", config);
        List<Map<String, Object>> epochs = new ArrayList<>();
        for (Trainer.EpochReport e : r.epochs()) {
            Map<String, Object> em = new LinkedHashMap<>();
            em.put("epoch", e.epoch());
            em.put("loss", e.loss());
            em.put(config.predictive ? "cross_entropy_yx" : "conditional_entropy", e.conditionalEntropy());
            em.put("cross_entropy", e.crossEntropy());
            em.put(config.predictive ? "val_matching_precision" : "val_precision", e.valPrecision());
            em.put("train_seconds", e.trainSeconds());
            em.put("eval_seconds", e.evalSeconds());
            epochs.add(em);
        }
        m.put("history", epochs);
        return JsonOut.pretty(m);
    }
}
