package ammi.cli;

import ammi.backend.Backends;
import ammi.data.Dataset;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import ammi.model.AmmiConfig;
import ammi.util.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Reloads a saved model, encodes its corpus by Viterbi and prints validation and test top-K precision.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "FILE", required = true, description = "A model written by train --save.")
    Path model;

    @Option(names = "--data", paramLabel = "NAME|FILE", description = "Corpus to evaluate on (default: the one the model was trained on).")
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
        if (threads > 0) Parallel.setThreads(threads);
        Backends.check(device);
        try (SavedModel saved = SavedModel.open(model, "eval", device)) {
            AmmiConfig config = saved.config();
            String source = saved.source(data);
            Dataset ds = saved.loadCorpus(data);
            int k = topK != null ? topK : config.topK;
            PackedCodes base = saved.encode(ds.train().x());
            double val = RetrievalPrecision.precisionAtK(saved.encode(ds.validation().x()), ds.validation().labels(), base, ds.train().labels(), k, saved.search());
            double test = RetrievalPrecision.precisionAtK(saved.encode(ds.test().x()), ds.test().labels(), base, ds.train().labels(), k, saved.search());
            System.out.printf(Locale.ROOT, "model %s on %s (%d train codes, %d distinct)%n", model, source, base.count(), base.distinctCodes());
            System.out.printf(Locale.ROOT, "validation P@%d %.2f%n", k, val);
            System.out.printf(Locale.ROOT, "test P@%d %.2f%n", k, test);
        }
        return 0;
    }
}
