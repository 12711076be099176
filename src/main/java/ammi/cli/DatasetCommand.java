package ammi.cli;

import ammi.data.Dataset;
import ammi.data.Split;
import ammi.data.Vocabulary;
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
                    + "vocabulary size, average non-zeros per document and empty documents dropped.")
    static final class Info implements Callable<Integer> {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|FILE",
                description = "Corpus (same as --data; this wins when both are given).")
        String target;

        @Mixin
        DataArgs dataArgs = new DataArgs();

        @Option(names = "--top-labels", paramLabel = "N", defaultValue = "10", description = "Labels listed with their counts. Default: ${DEFAULT-VALUE}.")
        int topLabels;

        @Override
        public Integer call() {
            if (topLabels < 0) throw new ammi.util.UserError("--top-labels must be >= 0, got " + topLabels);
            if (target != null) dataArgs.data = target;
            long t0 = System.nanoTime();
            Dataset ds = dataArgs.load();
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.print(describe(ds, topLabels));
            System.out.printf(Locale.ROOT, "loaded in %.1f s%n", secs);
            return 0;
        }
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
