package ammi.cli;

import ammi.backend.Backends;
import ammi.data.DataFingerprint;
import ammi.data.Dataset;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import ammi.model.AmmiConfig;
import ammi.model.MatchingTask;
import ammi.model.RetrievalTask;
import ammi.pairs.PairDataset;
import ammi.util.UserError;
import ammi.util.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reloads a saved model, encodes its corpus by Viterbi and prints validation and test top-K precision.",
                "A predictive-hashing model (train --pairs/--pairs-from) is scored on the pairs it was trained on by top-K matching precision."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model written by train --save.")
    Path model;

    @Option(names = "--data", paramLabel = "NAME|FILE", description = "Corpus to evaluate on (default: the one the model was trained on; unsupervised models only).")
    String data;

    @Option(names = "--top-k", paramLabel = "K", description = "Neighbours retrieved (default: the model's).")
    Integer topK;

    @Option(names = "--device", paramLabel = "DEV", defaultValue = "auto",
            description = "Backend: auto, cpu or cuda (see train --help). Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    @Override
    public Integer call() {
        if (topK != null && topK < 1) throw new UserError("--top-k must be positive, got " + topK);
        if (threads > 0) Parallel.setThreads(threads);
        Backends.check(device);
        try (SavedModel saved = SavedModel.open(model, device)) {
            AmmiConfig config = saved.config();
            int k = topK != null ? topK : config.topK;
            if (config.predictive) {
                evalPredictive(saved, k);
                return 0;
            }
            String source = saved.source(data);
            Dataset ds = saved.loadCorpus(data);
            if (data == null) saved.requireTrainingData("its corpus " + source, DataFingerprint.of(ds));
            RetrievalChecks.requireTrainAndTest(ds, source);
            RetrievalChecks.requireLabels(ds, source, k, "encode and search need none");
            RetrievalChecks.noteSmallBase(ds, k);
            PackedCodes base = saved.encode(ds.train().x());
            double val = RetrievalPrecision.precisionAtK(saved.encode(ds.validation().x()), ds.validation().labels(), base, ds.train().labels(), k, saved.search());
            double test = RetrievalPrecision.precisionAtK(saved.encode(ds.test().x()), ds.test().labels(), base, ds.train().labels(), k, saved.search());
            System.out.printf(Locale.ROOT, "model %s on %s (%d train codes, %d distinct)%n", model, source, base.count(), base.distinctCodes());
            String effective = RetrievalChecks.effectiveK(ds, k);
            System.out.printf(Locale.ROOT, "validation P@%d %.2f%s%n", k, val, effective);
            System.out.printf(Locale.ROOT, "test P@%d %.2f%s%n", k, test, effective);
            printLikelihood(new RetrievalTask(ds, k).evaluateLikelihood(saved.backend()), "P", k, "p(z|y)", effective);
        }
        return 0;
    }

    /** Top-K matching precision on the pairs the model was trained on, scored as train scores its best epoch. */
    private void evalPredictive(SavedModel saved, int k) {
        if (data != null)
            throw new UserError(model + ": --data applies to unsupervised models; a predictive-hashing model is evaluated on the pairs it was trained on ("
                    + saved.checkpoint().dataset() + ")");
        PairDataset pairs = saved.loadPairs();
        saved.requireTrainingData("its pairs (" + saved.checkpoint().dataset() + ")", SavedModel.fingerprint(pairs));
        double[] scores = new MatchingTask(pairs, k).evaluate(saved.backend());
        int distinct = MatchingTask.distinctTrainCodes(saved.backend(), pairs);
        System.out.printf(Locale.ROOT, "model %s on %s (%d validation, %d test pairs)%n", model, pairs.name(), pairs.validation().size(), pairs.test().size());
        System.out.printf(Locale.ROOT, "validation match@%d %.2f%n", k, scores[0]);
        System.out.printf(Locale.ROOT, "test match@%d %.2f%n", k, scores[1]);
        System.out.printf(Locale.ROOT, "distinct codes on the %d training articles (X and Y): %d%n",
                2 * MatchingTask.trainArticlePairs(pairs).size(), distinct);
        printLikelihood(new MatchingTask(pairs, k).evaluateLikelihood(saved.backend()), "match", k, "q(z|x)");
    }

    /** The likelihood ranking's scores, one line (docs/likelihood-ranking.md). */
    static void printLikelihood(double[] scores, String metric, int k, String encoder) {
        printLikelihood(scores, metric, k, encoder, "");
    }

    /** {@code suffix}: {@link RetrievalChecks#effectiveK}'s note, or "". */
    static void printLikelihood(double[] scores, String metric, int k, String encoder, String suffix) {
        System.out.printf(Locale.ROOT, "ranked by likelihood (each query scores the stored codes by log %s): validation %s@%d %.2f, test %s@%d %.2f%s%n",
                encoder, metric, k, scores[0], metric, k, scores[1], suffix);
    }
}
