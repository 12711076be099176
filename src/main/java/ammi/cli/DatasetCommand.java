package ammi.cli;

import ammi.data.Dataset;
import ammi.data.Split;
import ammi.data.Vocabulary;
import ammi.pairs.PairDataset;
import ammi.pairs.PairSplit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Inspects corpora.",
        subcommands = {DatasetCommand.Info.class, CommandLine.HelpCommand.class})
final class DatasetCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Loads a corpus as train would and prints documents per split, labels (with the most frequent), "
                    + "vocabulary size, average non-zeros per document and empty documents dropped. With --pairs or "
                    + "--pairs-from (and train's other pair options): the pairs as train would build them, per split, "
                    + "with the average non-zeros of each side.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|FILE",
                description = "Corpus (same as --data; this wins when both are given).")
        String target;

        @Mixin
        DataArgs dataArgs = new DataArgs();

        @Mixin
        PairsArgs pairsArgs = new PairsArgs();

        @Option(names = "--top-labels", paramLabel = "N", defaultValue = "10", description = "Labels listed with their counts. Default: ${DEFAULT-VALUE}.")
        int topLabels;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (topLabels < 0) throw new ammi.util.UserError("--top-labels must be >= 0, got " + topLabels);
            long t0 = System.nanoTime();
            if (pairsArgs.given()) {
                if (target != null)
                    throw new ammi.util.UserError("give either a corpus (" + target + ") or --pairs/--pairs-from, not both");
                PairDataset ds = pairsArgs.load(dataArgs, spec, System.out::println);
                System.out.print(describe(ds, pairsArgs.source().describe()));
                System.out.printf(Locale.ROOT, "loaded in %.1f s%n", (System.nanoTime() - t0) / 1e9);
                return 0;
            }
            pairsArgs.rejectWithoutPairs();
            if (target != null) dataArgs.data = target;
            Dataset ds = dataArgs.load();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.print(describe(ds, topLabels));
            System.out.printf(Locale.ROOT, "loaded in %.1f s%n", secs);
            return 0;
        }
    }

    /** Predictive hashing's pairs as train builds them: per split, and each side's average non-zeros. */
    static String describe(PairDataset ds, String source) {
        StringBuilder sb = new StringBuilder();
        PairSplit[] splits = {ds.train(), ds.validation(), ds.test()};
        sb.append("pairs ").append(ds.name()).append(" (").append(source).append(")\n");
        sb.append(String.format(Locale.ROOT, "pairs: train %d, validation %d, test %d (total %d)%n",
                splits[0].size(), splits[1].size(), splits[2].size(), splits[0].size() + splits[1].size() + splits[2].size()));
        if (ds.indexPairs() > 0)
            sb.append(String.format(Locale.ROOT, "train pairs cut from the stored articles (index adaptation): %d%n", ds.indexPairs()));
        if (ds.cutsLeftOut() > 0)
            sb.append(String.format(Locale.ROOT, "further cuts of documents drawn into validation or test, left out: %d%n", ds.cutsLeftOut()));
        sb.append(String.format(Locale.ROOT, "pairs dropped for an empty half (no term of the vocabulary): train %d, validation %d, test %d%n",
                ds.dropped()[0], ds.dropped()[1], ds.dropped()[2]));
        Vocabulary v = ds.vocabulary();
        sb.append(String.format(Locale.ROOT, "vocabulary: %d terms (%s, fitted on %d training articles, X and Y; tokens: %s)%n",
                v.size(), v.weighting(), v.numDocs(), v.tokenizer()));
        sb.append("average non-zeros per article (X / Y):");
        for (int i = 0; i < 3; i++)
            sb.append(String.format(Locale.ROOT, " %s %.1f / %.1f%s", splits[i].name(), avgNnz(splits[i].x()), avgNnz(splits[i].y()), i < 2 ? "," : ""));
        return sb.append('\n').toString();
    }

    private static double avgNnz(ammi.data.CsrMatrix m) {
        return m.rows == 0 ? 0 : (double) m.nnz() / m.rows;
    }

    static String describe(Dataset ds, int topLabels) {
        StringBuilder sb = new StringBuilder();
        Split[] splits = {ds.train(), ds.validation(), ds.test()};
        sb.append("dataset ").append(ds.name()).append('\n');
        sb.append(String.format(Locale.ROOT, "documents: train %d, validation %d, test %d (total %d)%n",
                ds.train().size(), ds.validation().size(), ds.test().size(),
                ds.train().size() + ds.validation().size() + ds.test().size()));
        sb.append(String.format(Locale.ROOT, "empty documents dropped: train %d, validation %d, test %d%n",
                ds.dropped().train(), ds.dropped().validation(), ds.dropped().test()));
        int[] count = new int[ds.numLabels()];
        int unlabelled = 0;
        for (Split s : splits) {
            for (int[] ls : s.labels()) {
                if (ls.length == 0) unlabelled++;
                for (int l : ls) count[l]++;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count.length; i++) order.add(i);
        order.sort((a, b) -> count[a] != count[b] ? count[b] - count[a] : ds.labelNames()[a].compareTo(ds.labelNames()[b]));
        sb.append(String.format(Locale.ROOT, "labels: %d (documents without a label: %d)%n", ds.numLabels(), unlabelled));
        int shown = Math.min(Math.max(0, topLabels), order.size());
        if (shown > 0) {
            sb.append("top labels (documents, all splits):");
            for (int i = 0; i < shown; i++) sb.append(' ').append(ds.labelNames()[order.get(i)]).append(' ').append(count[order.get(i)]).append(i + 1 < shown ? "," : "");
            sb.append('\n');
        }
        Vocabulary v = ds.vocabulary();
        if (v != null) {
            sb.append(String.format(Locale.ROOT, "vocabulary: %d terms (%s, fitted on %d documents; tokens: %s)%n",
                    v.size(), v.weighting(), v.numDocs(), v.tokenizer()));
        } else {
            sb.append(String.format(Locale.ROOT, "vocabulary: %d columns (already vectorised input, values used as given)%n", ds.vocabSize()));
        }
        sb.append(String.format(Locale.ROOT, "average non-zeros per document: train %.1f, validation %.1f, test %.1f%n",
                ds.train().avgNnz(), ds.validation().avgNnz(), ds.test().avgNnz()));
        return sb.toString();
    }
}
