package ammi.cli;

import ammi.data.CsrMatrix;
import ammi.data.Dataset;
import ammi.data.Split;
import ammi.eval.BowMatching;
import ammi.eval.BowRetrieval;
import ammi.eval.LshCodes;
import ammi.eval.MatchingPrecision;
import ammi.eval.PackedCodes;
import ammi.eval.PcaProjection;
import ammi.eval.RetrievalPrecision;
import ammi.model.MatchingTask;
import ammi.pairs.PairDataset;
import ammi.pairs.PairSplit;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "baseline", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The untrained baselines of the paper's Table 1: bow (exact top-K by TF-IDF cosine) or "
                + "lsh (--bits random Gaussian hyperplanes, then Hamming top-K); also pca: PCA hashing (the signs of the "
                + "top --bits principal components of the training documents) and LSA (cosine over their top --bits "
                + "uncentred singular directions, real-valued). Prints validation and test P@K "
                + "with the training documents as the base. With --pairs or --pairs-from: top-K matching precision of "
                + "predictive hashing instead (each X article queries the Y articles of its split).")
final class BaselineCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "bow, lsh or pca.")
    String kind;

    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Option(names = "--bits", paramLabel = "M", defaultValue = "16", description = "lsh, pca: code length (pca: also the dimensions of the real-valued projection). Default: ${DEFAULT-VALUE}.")
    int bits;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "lsh: seed of the hyperplanes; pca: of the randomized SVD. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "100", description = "Neighbours retrieved. Default: ${DEFAULT-VALUE}.")
    int topK;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    @Spec
    CommandSpec spec;

    @Mixin
    PairsArgs pairsArgs = new PairsArgs();

    @Override
    public Integer call() {
        if (!kind.equals("bow") && !kind.equals("lsh") && !kind.equals("pca"))
            throw new UserError("unknown baseline '" + kind + "' (known: bow, lsh, pca)");
        if (bits < 1) throw new UserError("--bits must be at least 1, got " + bits);
        if (topK < 1) throw new UserError("--top-k must be at least 1, got " + topK);
        if (threads > 0) Parallel.setThreads(threads);
        long start = System.nanoTime();
        if (pairsArgs.given()) return matching(start);
        pairsArgs.rejectWithoutPairs();
        Dataset ds = dataArgs.load();
        RetrievalChecks.requireLabels(ds, ds.name(), topK, "matching precision needs none: --pairs-from");
        if (kind.equals("pca")) checkPcaSize(ds.train().x()); // errors before the note, so an error is one line
        if (kind.equals("lsh")) checkLshSize(ds.vocabSize());
        RetrievalChecks.noteSmallBase(ds, topK);
        double val, test;
        String what;
        if (kind.equals("pca")) {
            PcaProjection lsa = fitPca(ds.train().x(), false), pca = fitPca(ds.train().x(), true);
            CsrMatrix base = lsa.projectRows(ds.train().x());
            System.out.printf(Locale.ROOT, "top %d directions of %s (%d train docs as the base)%n", bits, ds.name(), ds.train().size());
            System.out.printf(Locale.ROOT, "LSA, cosine over %d real-valued dimensions: validation P@%d %.2f, test P@%d %.2f%s%n", bits,
                    topK, BowRetrieval.precisionAtK(lsa.projectRows(ds.validation().x()), ds.validation().labels(), base, ds.train().labels(), topK),
                    topK, BowRetrieval.precisionAtK(lsa.projectRows(ds.test().x()), ds.test().labels(), base, ds.train().labels(), topK),
                    RetrievalChecks.effectiveK(ds, topK));
            PackedCodes codes = pca.encode(ds.train().x());
            System.out.printf(Locale.ROOT, "PCA hashing, %d bits: validation P@%d %.2f, test P@%d %.2f%s%n", bits,
                    topK, RetrievalPrecision.precisionAtK(pca.encode(ds.validation().x()), ds.validation().labels(), codes, ds.train().labels(), topK),
                    topK, RetrievalPrecision.precisionAtK(pca.encode(ds.test().x()), ds.test().labels(), codes, ds.train().labels(), topK),
                    RetrievalChecks.effectiveK(ds, topK));
            System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - start) / 1e9);
            return 0;
        }
        if (kind.equals("bow")) {
            // .mat and LibSVM rows come vectorised: their weighting is whatever the file holds
            what = "BOW (" + (ds.vocabulary() != null ? ds.vocabulary().weighting() + " cosine" : "cosine of the given vectors") + ")";
            val = bow(ds.validation(), ds.train());
            test = bow(ds.test(), ds.train());
        } else {
            what = "LSH " + bits + " bits, seed " + seed;
            LshCodes lsh = LshCodes.random(checkLshSize(ds.vocabSize()), bits, seed);
            PackedCodes base = lsh.encode(ds.train().x());
            val = RetrievalPrecision.precisionAtK(lsh.encode(ds.validation().x()), ds.validation().labels(), base, ds.train().labels(), topK);
            test = RetrievalPrecision.precisionAtK(lsh.encode(ds.test().x()), ds.test().labels(), base, ds.train().labels(), topK);
        }
        System.out.printf(Locale.ROOT, "%s on %s (%d train docs as the base)%n", what, ds.name(), ds.train().size());
        System.out.printf(Locale.ROOT, "validation P@%d %.2f%s%n", topK, val, RetrievalChecks.effectiveK(ds, topK));
        System.out.printf(Locale.ROOT, "test P@%d %.2f%s%n", topK, test, RetrievalChecks.effectiveK(ds, topK));
        System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** V, once V x --bits hyperplane weights are known to fit one Java array. */
    private int checkLshSize(int vocab) {
        if ((long) vocab * bits > Integer.MAX_VALUE - 8)
            throw new UserError("--bits " + bits + ": " + bits + " hyperplanes over V = " + vocab + " terms need " + (long) vocab * bits
                    + " weights, more than a Java array holds (2^31 - 1)");
        return vocab;
    }

    /** Predictive hashing's matching precision, the baselines for train --pairs: BOW cosine, or LSH codes with shared hyperplanes. */
    private int matching(long start) {
        PairDataset ds = pairsArgs.load(dataArgs, spec, System.out::println);
        String what;
        double val, test;
        String extra = "";
        if (kind.equals("pca")) return pcaMatching(ds, start);
        if (kind.equals("bow")) {
            what = "BOW (" + ds.vocabulary().weighting() + " cosine, " + ds.vocabSize() + " dimensions)";
            val = BowMatching.matchingAtK(ds.validation().x(), ds.validation().y(), topK);
            test = BowMatching.matchingAtK(ds.test().x(), ds.test().y(), topK);
        } else {
            what = "LSH " + bits + " bits, seed " + seed;
            LshCodes lsh = LshCodes.random(checkLshSize(ds.vocabSize()), bits, seed);
            val = lshMatching(lsh, ds.validation());
            test = lshMatching(lsh, ds.test());
            PairSplit train = MatchingTask.trainArticlePairs(ds);
            extra = String.format(Locale.ROOT, "distinct codes on the %d training articles (X and Y): %d%n", 2 * train.size(),
                    PackedCodes.concat(lsh.encode(train.x()), lsh.encode(train.y())).distinctCodes());
        }
        System.out.printf(Locale.ROOT, "%s on %s%n", what, ds.name());
        System.out.printf(Locale.ROOT, "validation match@%d %.2f (%d pairs)%n", topK, val, ds.validation().size());
        System.out.printf(Locale.ROOT, "test match@%d %.2f (%d pairs)%n", topK, test, ds.test().size());
        System.out.print(extra);
        System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private PcaProjection fitPca(CsrMatrix train, boolean centre) {
        checkPcaSize(train);
        return PcaProjection.fit(train, bits, seed, centre);
    }

    private void checkPcaSize(CsrMatrix train) {
        if (bits > Math.min(train.rows, train.cols))
            throw new UserError("--bits " + bits + " exceeds what the " + train.rows + " training documents over " + train.cols + " terms span");
    }

    /** Fitted on the training articles (X and Y): LSA cosine, and PCA hashing with its distinct codes. */
    private int pcaMatching(PairDataset ds, long start) {
        PairSplit train = MatchingTask.trainArticlePairs(ds);
        CsrMatrix articles = CsrMatrix.stack(train.x(), train.y());
        PcaProjection lsa = fitPca(articles, false), pca = fitPca(articles, true);
        System.out.printf(Locale.ROOT, "top %d directions of the %d training articles (X and Y) of %s%n", bits, 2 * train.size(), ds.name());
        System.out.printf(Locale.ROOT, "LSA, cosine over %d real-valued dimensions: validation match@%d %.2f, test match@%d %.2f%n", bits,
                topK, BowMatching.matchingAtK(lsa.projectRows(ds.validation().x()), lsa.projectRows(ds.validation().y()), topK),
                topK, BowMatching.matchingAtK(lsa.projectRows(ds.test().x()), lsa.projectRows(ds.test().y()), topK));
        System.out.printf(Locale.ROOT, "PCA hashing, %d bits: validation match@%d %.2f, test match@%d %.2f%n", bits,
                topK, MatchingPrecision.matchingAtK(pca.encode(ds.validation().x()), pca.encode(ds.validation().y()), topK),
                topK, MatchingPrecision.matchingAtK(pca.encode(ds.test().x()), pca.encode(ds.test().y()), topK));
        System.out.printf(Locale.ROOT, "distinct codes on the %d training articles (X and Y): %d%n", 2 * train.size(),
                PackedCodes.concat(pca.encode(train.x()), pca.encode(train.y())).distinctCodes());
        System.out.printf(Locale.ROOT, "time: %.1f s%n", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    private double lshMatching(LshCodes lsh, PairSplit split) {
        return MatchingPrecision.matchingAtK(lsh.encode(split.x()), lsh.encode(split.y()), topK);
    }

    private double bow(Split queries, Split base) {
        return BowRetrieval.precisionAtK(queries.x(), queries.labels(), base.x(), base.labels(), topK);
    }
}
