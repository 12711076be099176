package ammi.model;

import ammi.backend.Backend;
import ammi.data.Dataset;
import ammi.util.ShuffleRandom;
import ammi.util.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Algorithm 2 of the paper (AdversarialMMI), the one training loop for every backend. Per batch:
 * G Adam steps on the prior, minimising H+(Z), then one Adam step on the encoder, minimising
 * H(Z|Y) - beta * H+(Z). After every epoch the codes are evaluated on validation (top-K
 * precision, validation queries against the training codes); the best epoch's parameters are
 * kept, and training stops once {@code patience} epochs in a row have not improved and the next
 * one does not either (the reference's rule). The validation task is an {@link EvalTask}:
 * retrieval precision for unsupervised hashing, matching precision for predictive hashing (where
 * the backend's encoder step trains both encoders on the multiview loss).
 */
public final class Trainer {

    public record EpochReport(int epoch, double loss, double conditionalEntropy, double crossEntropy,
                              double valPrecision, double trainSeconds, double evalSeconds, boolean best) {}

    public record Result(List<EpochReport> epochs, int bestEpoch, double valPrecision, double testPrecision,
                         double trainSeconds, double evalSeconds, String stopReason,
                         Map<String, double[]> parameters) {
        /**
         * The per-epoch validation score that early stopping kept: the best epoch's. It equals
         * {@link #valPrecision} unless the task scores epochs otherwise (--val-distractors, --val-rank likelihood).
         */
        public double stoppingScore() {
            for (EpochReport e : epochs) if (e.epoch() == bestEpoch) return e.valPrecision();
            return valPrecision;
        }
    }

    /** The loss became NaN before any epoch finished, so there is no model to keep. */
    public static final class Diverged extends UserError {
        Diverged(String message) {
            super(message);
        }
    }

    /** Progress callbacks; all optional. */
    public interface Listener {
        default void onBatch(int epoch, int batch, int batches) {}

        default void onEpoch(EpochReport report) {}

        default void onWarning(String message) {}
    }

    private final Backend backend;
    private final EvalTask task;
    private final AmmiConfig config;
    private int checkpointEvery;
    private Consumer<TrainingState> checkpointSink;

    /** Unsupervised document hashing on a corpus: validation by top-K retrieval precision. */
    public Trainer(Backend backend, Dataset data, AmmiConfig config) {
        this(backend, new RetrievalTask(data, config.topK, config.valByLikelihood), config);
    }

    public Trainer(Backend backend, EvalTask task, AmmiConfig config) {
        this.backend = backend;
        this.task = task;
        this.config = config;
    }

    /**
     * After every {@code epochs}-th epoch (its validation done), hands the loop's state to
     * {@code sink}, e.g. to write a resumable checkpoint. 0 turns it off.
     */
    public Trainer checkpointEvery(int epochs, Consumer<TrainingState> sink) {
        if (epochs < 0) throw new UserError("--checkpoint-every must be >= 0, got " + epochs);
        this.checkpointEvery = epochs;
        this.checkpointSink = sink;
        return this;
    }

    public Result train(Listener listener) {
        return run(null, listener);
    }

    /**
     * Continues from a state taken by {@link #checkpointEvery} with the same configuration and
     * data: the result equals that of the run which was never stopped.
     */
    public Result resume(TrainingState from, Listener listener) {
        if (from.order().length != task.trainSize()) {
            throw new UserError("the checkpoint was trained on " + from.order().length + " training examples, but this data has "
                    + task.trainSize() + ": resume needs the same data");
        }
        backend.loadParameters(from.parameters());
        backend.loadOptimizerState(from.optimizer());
        return run(from, listener);
    }

    private Result run(TrainingState from, Listener listener) {
        int n = task.trainSize();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int[] batch = new int[config.batchSize];
        int batches = (n + config.batchSize - 1) / config.batchSize;
        ShuffleRandom shuffle = new ShuffleRandom(config.seed ^ 0x9E3779B97F4A7C15L);

        List<EpochReport> reports = new ArrayList<>();
        double bestVal = Double.NEGATIVE_INFINITY;
        int bestEpoch = 0;
        Map<String, double[]> best = null;
        int badEpochs = 0;
        double trainSeconds = 0, evalSeconds = 0;
        String stopReason = "reached --epochs " + config.epochs;
        int firstEpoch = 1;
        if (from != null) {
            order = from.order().clone();
            shuffle = ShuffleRandom.restore(from.shuffleState());
            reports.addAll(from.history());
            bestVal = from.bestVal();
            bestEpoch = from.bestEpoch();
            best = from.best();
            badEpochs = from.badEpochs();
            trainSeconds = from.trainSeconds();
            evalSeconds = from.evalSeconds();
            firstEpoch = from.epochsDone() + 1;
            if (badEpochs > config.patience) { // the checkpoint was taken as the run stopped
                stopReason = patienceReason(badEpochs);
                firstEpoch = config.epochs + 1;
            }
        }

        for (int epoch = firstEpoch; epoch <= config.epochs; epoch++) {
            long t0 = System.nanoTime();
            for (int i = n - 1; i > 0; i--) { // Fisher-Yates, like the reference's shuffled loader
                int j = shuffle.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double sumLoss = 0, sumCond = 0, sumCross = 0;
            String diverged = null;
            for (int b = 0; b < batches; b++) {
                int lo = b * config.batchSize, count = Math.min(config.batchSize, n - lo);
                System.arraycopy(order, lo, batch, 0, count);
                backend.beginBatch(batch, count);
                Backend.StepResult r;
                try {
                    if (!config.brute) {
                        for (int g = 0; g < config.priorSteps; g++) backend.priorStep();
                    }
                    r = backend.encoderStep();
                } catch (ArithmeticException e) { // GradClip: a non-finite gradient norm under a finite loss; no step was taken
                    diverged = e.getMessage();
                    r = null;
                }
                if (diverged == null && !Double.isFinite(r.loss())) diverged = "loss became " + r.loss();
                if (diverged != null) {
                    listener.onWarning(String.format("%s at epoch %d, batch %d: training stopped "
                            + "(try a smaller --lr or --clip)", diverged, epoch, b + 1));
                    break;
                }
                sumLoss += r.loss();
                sumCond += r.conditionalEntropy();
                sumCross += r.crossEntropy();
                listener.onBatch(epoch, b + 1, batches);
            }
            if (config.reorderBits && diverged == null) { // before the checkpoint, which saves the order with the optimiser state
                BitMoments moments = backend.takeBitMoments();
                if (config.priorParents) {
                    int[] bitOrder = BitOrder.greedyForParents(moments, config.orderPrior);
                    backend.setBitOrder(bitOrder);
                    backend.setPriorParents(BitOrder.parents(moments, bitOrder, config.orderPrior));
                } else {
                    backend.setBitOrder(BitOrder.greedy(moments, config.orderPrior));
                }
            }
            double epochTrain = (System.nanoTime() - t0) / 1e9;
            trainSeconds += epochTrain;
            if (diverged != null) {
                stopReason = (diverged.startsWith("loss") ? "loss became NaN" : diverged) + " at epoch " + epoch;
                break;
            }

            long t1 = System.nanoTime();
            double val = task.validate(backend);
            double epochEval = (System.nanoTime() - t1) / 1e9;
            evalSeconds += epochEval;
            boolean improved = !task.scoresEpochs() || val > bestVal; // unscored: the latest epoch is the one kept
            if (improved) {
                bestVal = val;
                bestEpoch = epoch;
                best = backend.parameters();
                badEpochs = 0;
            } else {
                badEpochs++;
            }
            EpochReport report = new EpochReport(epoch, sumLoss / batches, sumCond / batches, sumCross / batches,
                    val, epochTrain, epochEval, improved);
            reports.add(report);
            listener.onEpoch(report);
            if (checkpointEvery > 0 && epoch % checkpointEvery == 0) {
                checkpointSink.accept(new TrainingState(epoch, order.clone(), shuffle.state(), bestVal, bestEpoch, badEpochs,
                        trainSeconds, evalSeconds, List.copyOf(reports), best, backend.parameters(), backend.optimizerState()));
            }
            if (badEpochs > config.patience) {
                stopReason = patienceReason(badEpochs);
                break;
            }
        }
        if (best == null) {
            throw new Diverged("training diverged in the first epoch (a loss or gradient norm that is not finite); nothing to keep. "
                    + "Try a smaller --lr (or --lr-prior) or --clip, or a smaller --init");
        }

        long t2 = System.nanoTime();
        backend.loadParameters(best);
        double[] scores = task.evaluate(backend);
        double valP = scores[0], testP = scores[1];
        evalSeconds += (System.nanoTime() - t2) / 1e9;
        return new Result(reports, bestEpoch, valP, testP, trainSeconds, evalSeconds, stopReason, best);
    }

    private String patienceReason(int badEpochs) {
        return "no improvement for " + badEpochs + " epochs, more than --patience " + config.patience + " tolerates";
    }
}
