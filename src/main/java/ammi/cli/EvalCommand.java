package ammi.cli;

import ammi.backend.Backend;
import ammi.backend.Backends;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;
import ammi.model.AmmiConfig;
import ammi.model.Checkpoint;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
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
        Checkpoint ckpt = Checkpoint.read(model);
        AmmiConfig config = ckpt.config();
        if (config.predictive)
            throw new UserError(model + ": a predictive-hashing model (trained on " + ckpt.dataset() + "); eval reloads unsupervised models only "
                    + "(train --pairs prints the matching precision of its best epoch)");
        String source = data != null ? data : ckpt.dataset();
        Dataset ds = Datasets.load(source, ckpt.dataOptions());
        checkVocabulary(ckpt, ds, source);
        int k = topK != null ? topK : config.topK;
        try (Backend backend = Backends.open(device, config, ds.train().x(), null, System.out::println)) {
            backend.loadParameters(ckpt.parameters());
            PackedCodes base = backend.encode(ds.train().x());
            double val = RetrievalPrecision.precisionAtK(backend.encode(ds.validation().x()), ds.validation().labels(), base, ds.train().labels(), k, backend.search());
            double test = RetrievalPrecision.precisionAtK(backend.encode(ds.test().x()), ds.test().labels(), base, ds.train().labels(), k, backend.search());
            System.out.printf(Locale.ROOT, "model %s on %s (%d train codes, %d distinct)%n", model, source, base.count(), base.distinctCodes());
            System.out.printf(Locale.ROOT, "validation P@%d %.2f%n", k, val);
            System.out.printf(Locale.ROOT, "test P@%d %.2f%n", k, test);
        }
        return 0;
    }

    private void checkVocabulary(Checkpoint ckpt, Dataset ds, String source) {
        boolean same = ckpt.vocabulary() == null || ds.vocabulary() == null
                ? ds.vocabSize() == inputDim(ckpt)
                : Arrays.equals(ckpt.vocabulary().terms(), ds.vocabulary().terms());
        if (!same) {
            throw new UserError(model + ": the model was trained with another vocabulary (V = " + inputDim(ckpt)
                    + ") than --data " + source + " (V = " + ds.vocabSize() + ")");
        }
    }

    private static int inputDim(Checkpoint ckpt) {
        double[] w = ckpt.parameters().get("posterior.in.weight");
        AmmiConfig c = ckpt.config();
        int out = c.encoderLayers == 0 ? c.bits << c.orderPosterior : c.effectiveEncoderHidden();
        return w == null ? -1 : w.length / out;
    }
}
