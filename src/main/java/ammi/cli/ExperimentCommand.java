package ammi.cli;

import ammi.data.Dataset;
import ammi.model.AmmiConfig;
import ammi.model.PriorOrderExperiment;
import ammi.model.Trainer;
import ammi.util.AtomicFiles;
import ammi.util.Parallel;
import ammi.util.UserError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduces experiments of the paper.",
        subcommands = {ExperimentCommand.PriorOrder.class, CommandLine.HelpCommand.class})
final class ExperimentCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "prior-order", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The paper's Figure 1: how the Markov order r of the variational prior matters.",
                    "(a) On a fixed batch of training documents, the brute-force entropy H(Z) of a partly trained BMMI "
                            + "encoder's codes against the cross entropy H+ of an order-r prior fitted to them, r = o..--max-order.",
                    "(b) Validation P@K of AMMI trained with an order-r prior, r = o..--ammi-max-order, other settings fixed "
                            + "(the reference's reuters16 cell).",
                    "See docs/results.md, \"Figure 1: the prior's order\"."})
    static final class PriorOrder implements Callable<Integer> {
        static final String PLOT_NAME = "figure1-prior-order.png";

        @Mixin
        DataArgs dataArgs = new DataArgs();

        @Option(names = "--bits", paramLabel = "M", defaultValue = "16", description = "Code length m, at most 16 (BMMI enumerates all 2^m codes). Default: ${DEFAULT-VALUE}.")
        int bits;
        @Option(names = "--order-posterior", paramLabel = "O", defaultValue = "0", description = "Markov order o of the encoder. Default: ${DEFAULT-VALUE}.")
        int orderPosterior;
        @Option(names = "--max-order", paramLabel = "R", defaultValue = "13", description = "Panel (a): fit priors of order r = o..R, R <= m - 1. Default: ${DEFAULT-VALUE}.")
        int maxOrder;
        @Option(names = "--ammi-max-order", paramLabel = "R", defaultValue = "10", description = "Panel (b): train AMMI with r = o..R, R <= m - 1. Default: ${DEFAULT-VALUE}.")
        int ammiMaxOrder;
        @Option(names = "--also-order-posterior", paramLabel = "O", defaultValue = "-1", description = "Panel (b): a second line, AMMI with encoder order O "
                + "(r = O..--ammi-max-order), as the paper's o = 1 line. Default: none.")
        int alsoOrderPosterior;
        @Option(names = "--batch", paramLabel = "B", defaultValue = "512", description = "Training documents in the fixed batch of panel (a), drawn with --seed. Default: ${DEFAULT-VALUE}.")
        int batch;
        @Option(names = "--epochs-bmmi", paramLabel = "E", defaultValue = "10", description = "Epochs of the partly trained BMMI encoder. Default: ${DEFAULT-VALUE}.")
        int epochsBmmi;
        @Option(names = "--epochs", paramLabel = "E", defaultValue = "10", description = "Epochs of each AMMI run of panel (b). Default: ${DEFAULT-VALUE}.")
        int epochs;
        @Option(names = "--fit-steps", paramLabel = "N", defaultValue = "500", description = "Most Adam steps of each prior fit. Default: ${DEFAULT-VALUE}.")
        int fitSteps;
        @Option(names = "--fit-lr", paramLabel = "ETA", defaultValue = "0.1", description = "Adam learning rate of the prior fits. Default: ${DEFAULT-VALUE}.")
        double fitLr;
        @Option(names = "--fit-tol", paramLabel = "NATS", defaultValue = "1e-5", description = "A fit stops once its H+ improves by less than this over 20 steps. Default: ${DEFAULT-VALUE}.")
        double fitTol;
        @Option(names = "--cold-start", description = "Fit every order from the uniform prior (default: from the fitted order r - 1, the same chain).")
        boolean coldStart;

        @Option(names = "--batch-size", paramLabel = "N", defaultValue = "16", description = "Training batch size of BMMI and AMMI. Default: ${DEFAULT-VALUE}.")
        int batchSize;
        @Option(names = "--lr", paramLabel = "ETA", defaultValue = "0.01", description = "Adam learning rate of the encoder (and prior) in training. Default: ${DEFAULT-VALUE}.")
        double lr;
        @Option(names = "--prior-steps", paramLabel = "G", defaultValue = "4", description = "AMMI: Adam steps on the prior per batch. Default: ${DEFAULT-VALUE}.")
        int priorSteps;
        @Option(names = "--entropy-weight", paramLabel = "BETA", defaultValue = "2", description = "Weight beta of the entropy term. Default: ${DEFAULT-VALUE}.")
        double entropyWeight;
        @Option(names = "--prior-net", description = "AMMI: the prior is a net over an embedding (--hidden, --layers) instead of a raw m x 2^r table.")
        boolean priorNet;
        @Option(names = "--hidden", paramLabel = "H", defaultValue = "16", description = "With --prior-net: width of the prior's embedding. Default: ${DEFAULT-VALUE}.")
        int hidden;
        @Option(names = "--layers", paramLabel = "L", defaultValue = "0", description = "With --prior-net: ReLU layers of the prior. Default: ${DEFAULT-VALUE}.")
        int layers;
        @Option(names = "--seed", paramLabel = "SEED", defaultValue = "9061", description = "Seed of initialisation, shuffling and the fixed batch. Default: ${DEFAULT-VALUE}.")
        long seed;
        @Option(names = "--top-k", paramLabel = "K", defaultValue = "100", description = "Neighbours retrieved for precision. Default: ${DEFAULT-VALUE}.")
        int topK;
        @Option(names = "--threads", paramLabel = "T", defaultValue = "0", description = "CPU threads (0 = all cores).")
        int threads;
        @Option(names = "--verbose", description = "One line per training epoch.")
        boolean verbose;

        @Option(names = "--plot", paramLabel = "FILE", description = "The two panels as a PNG, written atomically (default: docs/" + PLOT_NAME
                + " when run from the repository, else " + PLOT_NAME + ").")
        Path plot;
        @Option(names = "--csv", paramLabel = "FILE", description = "Every point as CSV, written atomically.")
        Path csv;

        PriorOrderExperiment.Settings settings() {
            PriorOrderExperiment.Settings s = new PriorOrderExperiment.Settings();
            AmmiConfig c = PriorOrderExperiment.reuters16();
            c.bits = bits;
            c.orderPosterior = orderPosterior;
            c.orderPrior = Math.max(orderPosterior, c.orderPrior); // each run sets its own
            c.batchSize = batchSize;
            c.lr = lr;
            c.priorSteps = priorSteps;
            c.entropyWeight = entropyWeight;
            c.rawPrior = !priorNet;
            c.hidden = hidden;
            c.layers = layers;
            c.seed = seed;
            c.topK = topK;
            s.config = c;
            s.bmmiEpochs = epochsBmmi;
            s.ammiEpochs = epochs;
            s.batch = batch;
            s.maxOrder = maxOrder;
            s.ammiMaxOrder = ammiMaxOrder;
            s.ammiAlsoOrder = alsoOrderPosterior;
            s.fitSteps = fitSteps;
            s.fitLr = fitLr;
            s.fitTol = fitTol;
            s.coldStart = coldStart;
            return s;
        }

        /** docs/ of the repository when run from its root, else the working directory. */
        static Path defaultPlot() {
            boolean repo = Files.isDirectory(Path.of("docs")) && Files.isRegularFile(Path.of("pom.xml"));
            return repo ? Path.of("docs", PLOT_NAME) : Path.of(PLOT_NAME);
        }

        @Override
        public Integer call() {
            long start = System.nanoTime();
            PriorOrderExperiment.Settings settings = settings();
            settings.validate(Integer.MAX_VALUE); // options first, before the corpus loads; --batch is checked against it below
            if (threads > 0) Parallel.setThreads(threads);
            Path plotFile = plot != null ? plot : defaultPlot();
            // as train checks its outputs: a folder or a shared name is refused before the minutes of work
            OutputChecks.distinct(new String[] {"--plot", "--csv"}, new Path[] {plotFile, csv});
            OutputChecks.writable(plotFile, "--plot");
            OutputChecks.writable(csv, "--csv");

            Dataset data = dataArgs.load();
            System.out.println(String.format(Locale.ROOT, "data %s: %d train, %d validation, %d test documents, V = %d (%.1f s)",
                    data.name(), data.train().x().rows, data.validation().x().rows, data.test().x().rows, data.vocabSize(),
                    (System.nanoTime() - start) / 1e9));
            settings.validate(data.train().x().rows);
            AmmiConfig c = settings.config;
            System.out.println("settings: " + c.toFlags().replaceAll(" --order-prior \\d+", "").replaceAll(" --epochs \\d+", "")
                    + String.format(Locale.ROOT, " (BMMI %d epochs, AMMI %d epochs per order), cpu, %d threads",
                    settings.bmmiEpochs, settings.ammiEpochs, Parallel.threads()));

            PriorOrderExperiment.Result result = new PriorOrderExperiment(settings).run(data, new Console(c.topK, verbose));
            double total = (System.nanoTime() - start) / 1e9;

            PriorOrderPlot.write(plotFile, result, c.topK, data.name());
            System.out.println("plot " + plotFile);
            if (csv != null) {
                AtomicFiles.writeString(csv, PriorOrderTable.csv(result));
                System.out.println("csv " + csv);
            }
            System.out.println(String.format(Locale.ROOT, "time: %.1f s", total));
            return 0;
        }
    }

    /** Prints each piece as it finishes, so a long run shows its progress. */
    private static final class Console implements PriorOrderExperiment.Listener {
        private final int topK;
        private final boolean verbose;
        private double entropy;
        private boolean fitHeader, runHeader;

        Console(int topK, boolean verbose) {
            this.topK = topK;
            this.verbose = verbose;
        }

        @Override
        public Trainer.Listener training(String what) {
            if (!verbose) return new Trainer.Listener() {};
            return new Trainer.Listener() {
                @Override
                public void onEpoch(Trainer.EpochReport r) {
                    System.out.println(String.format(Locale.ROOT, "  %s epoch %d: loss %.4f, H(Z|Y) %.4f, H(Z) %.4f, val P@%d %.2f (%.1f s)",
                            what, r.epoch(), r.loss(), r.conditionalEntropy(), r.crossEntropy(), topK, r.valPrecision(), r.trainSeconds()));
                }

                @Override
                public void onWarning(String message) {
                    System.out.println("  " + what + ": " + message);
                }
            };
        }

        @Override
        public void onBmmi(double valPrecision, int bestEpoch, int epochs, double seconds) {
            System.out.println(String.format(Locale.ROOT, "BMMI: %d epochs (panel (a) takes the encoder after the last), "
                    + "best validation P@%d %.2f at epoch %d (%.1f s)", epochs, topK, valPrecision, bestEpoch, seconds));
        }

        @Override
        public void onEntropy(double h, double conditional, int batch) {
            entropy = h;
            System.out.println(String.format(Locale.ROOT, "(a) fixed batch of %d training documents: H(Z) = %.4f nats by brute force, "
                    + "H(Z|Y) = %.4f, I(Y;Z) = %.4f", batch, h, conditional, h - conditional));
        }

        @Override
        public void onFit(PriorOrderExperiment.Fit f) {
            if (!fitHeader) {
                System.out.println(PriorOrderTable.fitHeader());
                fitHeader = true;
            }
            System.out.println(PriorOrderTable.fitRow(f, entropy));
        }

        @Override
        public void onRun(PriorOrderExperiment.Run r) {
            if (!runHeader) {
                System.out.println("(b) AMMI with an order-r prior");
                System.out.println(PriorOrderTable.runHeader(topK));
                runHeader = true;
            }
            System.out.println(PriorOrderTable.runRow(r));
        }
    }
}
