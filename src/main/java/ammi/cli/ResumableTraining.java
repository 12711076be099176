package ammi.cli;

import ammi.data.DataOptions;
import ammi.data.Dataset;
import ammi.data.Datasets;
import ammi.model.AmmiConfig;
import ammi.model.Checkpoint;
import ammi.model.Trainer;
import ammi.util.UserError;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * {@code train --checkpoint-every N} and {@code train --resume FILE} for one run: where the
 * settings and data come from (the command line, or the checkpoint being resumed) and how the
 * trainer starts (afresh, or from the checkpoint's training state).
 */
final class ResumableTraining {
    /** Options that may differ from the checkpoint's run: they steer the run, not what it computes. */
    private static final Set<String> RUN_CONTROL = Set.of("--resume", "--epochs", "--patience", "--checkpoint-every",
            "--checkpoint", "--save", "--metrics-out", "--plot", "--threads", "--quiet", "--device");

    private final Path checkpointFile;
    private final int every;
    private final Checkpoint resumed;
    private final Path resumedFile;
    private final String dataset;
    /** Where the corpus is read from: {@link #dataset} itself, or found beside the checkpoint. */
    private final String loadFrom;
    private final DataOptions dataOptions;

    /**
     * {@code explicit}: the options the user gave. With {@code resume} the model and data
     * settings come from that file, so giving any of them as well is an error rather than a
     * silent mismatch; --epochs and --patience may be raised to train on.
     */
    ResumableTraining(int every, Path checkpoint, Path save, String resume, Set<String> explicit, String dataset, DataOptions dataOptions) {
        if (every < 0) throw new UserError("--checkpoint-every must be >= 0, got " + every);
        // A resumed run keeps checkpointing into the file it resumed from, unless told otherwise: the
        // checkpoint does not record the first run's N, so every epoch (N = 1) unless --checkpoint-every is given.
        this.every = resume != null && !explicit.contains("--checkpoint-every") ? 1 : every;
        this.checkpointFile = checkpoint != null ? checkpoint : resume != null && !resume.isEmpty() ? Path.of(resume) : save;
        if (every > 0 && checkpointFile == null)
            throw new UserError("--checkpoint-every needs a file: give --checkpoint FILE or --save FILE");
        if (resume != null) {
            if (resume.isEmpty()) throw new UserError("--resume needs the checkpoint FILE to continue from (or --runs N to continue a search)");
            for (String option : explicit) {
                if (!RUN_CONTROL.contains(option)) {
                    throw new UserError(option + " does not apply with --resume: the run's settings and data come from " + resume
                            + " (only " + String.join(", ", RUN_CONTROL.stream().sorted().toList()) + " may be given)");
                }
            }
            resumedFile = Path.of(resume);
            resumed = Checkpoint.read(resumedFile);
            if (resumed.training() == null) {
                throw new UserError(resume + ": a finished model without a training state; resume reads checkpoints written by --checkpoint-every");
            }
            this.dataset = resumed.dataset(); // recorded as given, so that later checkpoints and the model stay movable
            // a corpus file named relative to where the first run started: here, else beside the checkpoint (as eval reads a model's)
            this.loadFrom = SavedModel.besideModel(this.dataset, resumedFile);
            this.dataOptions = resumed.dataOptions();
        } else {
            resumedFile = null;
            resumed = null;
            this.dataset = dataset;
            this.loadFrom = dataset;
            this.dataOptions = dataOptions;
        }
    }

    /**
     * Where the finished model goes: --save, or when resuming without it the file resumed from,
     * so that a resumed run never trains to the end and throws the result away.
     */
    Path saveFile(Path save) {
        return save != null || resumed == null ? save : resumedFile;
    }

    boolean resuming() {
        return resumed != null;
    }

    /** The run's configuration: the command line's, or the checkpoint's with --epochs/--patience applied. */
    AmmiConfig config(AmmiConfig fromCommandLine, Set<String> explicit) {
        if (resumed == null) return fromCommandLine;
        if (resumed.config().predictive) throw new UserError(resumedFile + ": resuming predictive hashing is not supported");
        AmmiConfig c = resumed.config().copy();
        if (explicit.contains("--epochs")) c.epochs = fromCommandLine.epochs;
        if (explicit.contains("--patience")) c.patience = fromCommandLine.patience;
        c.validate();
        return c;
    }

    String dataset() {
        return dataset;
    }

    DataOptions dataOptions() {
        return dataOptions;
    }

    /** The corpus, rebuilt exactly as the checkpoint's run built it when resuming. */
    Dataset load() {
        Dataset data = Datasets.load(loadFrom, dataOptions);
        if (resumed != null && resumed.vocabulary() != null && data.vocabulary() != null
                && !Arrays.equals(resumed.vocabulary().terms(), data.vocabulary().terms())) {
            throw new UserError(resumedFile + ": " + dataset + " now gives another vocabulary than the checkpoint's run had; resume needs the same data");
        }
        return data;
    }

    Trainer.Result train(Trainer trainer, Trainer.Listener listener, AmmiConfig config, Dataset data) {
        if (every > 0) {
            trainer.checkpointEvery(every, state ->
                    Checkpoint.resumable(config, dataset, dataOptions, data.vocabulary(), state).write(checkpointFile));
        }
        if (resumed == null) return trainer.train(listener);
        System.out.println("resuming " + resumedFile + " after epoch " + resumed.training().epochsDone());
        for (Trainer.EpochReport r : resumed.training().history()) listener.onEpoch(r); // the run so far, as it was printed
        return trainer.resume(resumed.training(), listener);
    }
}
