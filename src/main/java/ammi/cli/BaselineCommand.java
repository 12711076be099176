package ammi.cli;

import ammi.data.Dataset;
import ammi.data.Split;
import ammi.eval.BowRetrieval;
import ammi.eval.LshCodes;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The untrained baselines of the paper's Table 1: bow (exact top-K by TF-IDF cosine) or "
                + "lsh (--bits random Gaussian hyperplanes, then Hamming top-K). Prints validation and test P@K "
                + "with the training documents as the base.")
final class BaselineCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "bow or lsh.")
    String kind;

    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Option(names = "--bits", paramLabel = "M", defaultValue = "16", description = "lsh: code length. Default: ${DEFAULT-VALUE}.")
    int bits;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "lsh: seed of the hyperplanes. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "100", description = "Neighbours retrieved. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    @Override
    public Integer call() {
        if (!kind.equals("bow") && !kind.equals("lsh")) throw new UserError("unknown baseline '" + kind + "' (known: bow, lsh)");
        if (bits < 1) throw new UserError("--bits must be at least 1, got " + bits);
        if (topK < 1) throw new UserError("--top-k must be at least 1, got " + topK);
        if (threads < 0) throw new UserError("--threads must be >= 0, got " + threads);
        if (threads > 0) Parallel.setThreads(threads);
        long start = System.nanoTime();
        Dataset ds = dataArgs.load();
        double val, test;
        String what;
        if (kind.equals("bow")) {
            what = "BOW (TF-IDF cosine)";
            val = bow(ds.validation(), ds.train());
            test = bow(ds.test(), ds.train());
        } else {
            what = "LSH " + bits + " bits, seed " + seed;
            LshCodes lsh = LshCodes.random(ds.vocabSize(), bits, seed);
            PackedCodes base = lsh.encode(ds.train().x());
            val = RetrievalPrecision.precisionAtK(lsh.encode(ds.validation().x()), ds.validation().labels(), base, ds.train().labels(), topK);
            test = RetrievalPrecision.precisionAtK(lsh.encode(ds.test().x()), ds.test().labels(), base, ds.train().labels(), topK);
        }
        System.out.printf(Locale.ROOT, "%s on %s (%d train docs as the base)%n", what, ds.name(), ds.train().size());
        System.out.printf(Locale.ROOT, "validation P@%d %.2f%n", topK, val);
        System.out.printf(Locale.ROOT, "test P@%d %.2f%n", topK, test);
        System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private double bow(Split queries, Split base) {
        return BowRetrieval.precisionAtK(queries.x(), queries.labels(), base.x(), base.labels(), topK);
    }
}
