package ammi.cli;

import ammi.data.Datasets;
import ammi.pairs.PairBuilder;
import ammi.pairs.PairsFile;
import ammi.util.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "pairs", mixinStandardHelpOptions = true,
        description = "Pairs of related articles for predictive document hashing.",
        subcommands = {PairsCommand.Build.class})
final class PairsCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Builds (X, Y) pairs from a corpus: each document is cut at the sentence boundary nearest its middle,",
                    "X = first half, Y = second half. Writes JSON lines {id, split, x, y} (gzip if FILE ends in .gz), atomically."})
    static final class Build implements Callable<Integer> {
        @Option(names = "--data", paramLabel = "NAME|FILE", required = true,
                description = "Corpus: reuters, reuters90, 20news, 20news-random (a seeded 60/20/20 split by --seed), bbc, a folder "
                        + "ROOT/<label>/<file> or a JSON-lines file: any corpus with text.")
        String data;
        @Option(names = "--out", paramLabel = "FILE", required = true, description = "The pairs file to write.")
        Path out;
        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0",
                description = "Seed of the validation (and, for corpora without splits, test) draw, and of 20news-random's split. Default: ${DEFAULT-VALUE}.")
        long seed;
        @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.1",
                description = "Share of the train pairs held out for validation. Default: ${DEFAULT-VALUE}.")
        double validationFraction;
        @Option(names = "--min-tokens", paramLabel = "N", defaultValue = "" + PairBuilder.DEFAULT_MIN_TOKENS,
                description = "Tokens each half needs; shorter documents are dropped. Default: ${DEFAULT-VALUE}.")
        int minTokens;
        @Option(names = "--clean", description = "First remove Usenet headers, quoted and attribution lines and signatures "
                + "(as scikit-learn's remove=('headers', 'footers', 'quotes')); posts left empty are dropped.")
        boolean clean;
        @Option(names = "--cuts", paramLabel = "K", defaultValue = "1",
                description = "Train documents only: also cut at up to K-1 further sentence boundaries spread over the middle third, "
                        + "one more train pair each (augmentation); validation and test keep the middle cut. Default: ${DEFAULT-VALUE}.")
        int cuts;

        @Override
        public Integer call() {
            if (!(validationFraction >= 0 && validationFraction < 1))
                throw new UserError("--validation-fraction must be in [0, 1), got " + validationFraction);
            if (minTokens < 1) throw new UserError("--min-tokens must be at least 1, got " + minTokens);
            if (cuts < 1) throw new UserError("--cuts must be at least 1, got " + cuts);
            OutputChecks.notAnInput(out, "--out", Path.of(data), "--data");
            PairBuilder.Result r = PairBuilder.build(Datasets.documents(data, seed), seed, validationFraction, minTokens, clean, cuts);
            if (r.pairs().isEmpty()) throw new UserError(data + ": no document could be split into two halves");
            // train --pairs needs both; refused here rather than after the file is written
            for (String split : List.of("train", "test"))
                if (r.count(split) == 0) throw new UserError(data + ": no " + split + " pairs: no document of the " + split
                        + " split could be cut into halves (a corpus without any split gets a seeded test share)");
            PairsFile.write(out, r.pairs());
            System.out.println(String.format(Locale.ROOT,
                    "wrote %s: %d pairs (%d train, %d validation, %d test); dropped %d documents "
                            + "(%d without a sentence boundary near the middle, %d with a half under %d tokens%s)",
                    out, r.pairs().size(), r.count("train"), r.count("validation"), r.count("test"), r.dropped(),
                    r.noBoundary(), r.tooShort(), minTokens, clean ? ", " + r.emptied() + " empty after cleaning" : "")
                    + (cuts > 1 ? String.format(Locale.ROOT, "; %d of the train pairs come from further cuts (--cuts %d)", r.extraCuts(), cuts) : ""));
            return 0;
        }
    }
}
