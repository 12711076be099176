package ammi.cli;

import ammi.data.DataOptions;
import ammi.data.Vocabulary;
import ammi.model.AmmiConfig;
import ammi.model.Checkpoint;
import ammi.model.GridSearch;
import ammi.model.RunsCsv;
import ammi.model.SearchGrid;
import ammi.model.Trainer;
import ammi.util.Parallel;
import ammi.util.UserError;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * {@code train --runs N}: the command-line side of {@link GridSearch}. It prints one line per
 * finished run, keeps the runs CSV current, saves the best run's model as soon as it is the best,
 * and continues an interrupted search with {@code --resume}.
 */
final class SearchRuns {
    private final TrainCommand cmd;
    private final PrintStream out = System.out;

    SearchRuns(TrainCommand cmd) {
        this.cmd = cmd;
    }

    /** Default --runs-csv: beside the --save model (m.ammi gives m.runs.csv), else runs.csv. */
    static Path csvPath(Path runsCsv, String resume, Path save) {
        if (resume != null && !resume.isEmpty()) {
            if (runsCsv != null && !runsCsv.equals(Path.of(resume)))
                throw new UserError("--resume " + resume + " and --runs-csv " + runsCsv + " name two files; give one");
            return Path.of(resume);
        }
        if (runsCsv != null) return runsCsv;
        if (save == null) return Path.of("runs.csv");
        String name = save.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return save.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".runs.csv");
    }

    /**
     * Runs trained at once when --parallel-runs is 0: on the CPU backend, one per core (each run
     * single-threaded), which was faster than all threads per run (docs/training.md).
     */
    static int concurrentRuns(int requested, int threads, int runs) {
        if (requested < 0) throw new UserError("--parallel-runs must be >= 0, got " + requested);
        int r = requested > 0 ? requested : threads;
        return Math.max(1, Math.min(r, runs));
    }

    /** What a search trains on: the checkpoint's source and options, the vocabulary, a name for titles, the metric's name. */
    record Data(String source, DataOptions options, Vocabulary vocabulary, String name, String metric) {
        /** What the runs CSV records, and resume checks, as the data every run read. */
        String flags() {
            return source + " " + options.toFlags();
        }
    }

    /** {@code newRun}: a fresh training of one configuration on {@code data} (the caller picks the backend). */
    int run(AmmiConfig base, Set<String> explicit, BiFunction<AmmiConfig, Trainer.Listener, Trainer.Result> newRun, Data data) {
        if (cmd.runs < 1) throw new UserError("--runs must be at least 1, got " + cmd.runs);
        if (cmd.checkpointEvery > 0)
            throw new UserError("--checkpoint-every applies to one run; a search is resumed run by run from its CSV with --resume");
        if (cmd.metricsOut != null)
            throw new UserError("--metrics-out does not apply with --runs: the runs CSV holds every run's scores");
        Path csv = csvPath(cmd.runsCsv, cmd.resume, cmd.save);
        boolean resuming = cmd.resume != null;
        if (!resuming && Files.exists(csv))
            throw new UserError(csv + " already holds a search: add --resume to continue it, or give another --runs-csv");

        GridSearch search = new GridSearch(base, explicit, cmd.searchSeed, cmd.runs);
        List<GridSearch.Run> done = resuming && Files.exists(csv) ? RunsCsv.read(csv, search::config, data.flags()) : List.of();
        int concurrent = concurrentRuns(cmd.parallelRuns, Parallel.threads(), cmd.runs);
        List<String> sampled = SearchGrid.options().stream().filter(o -> !explicit.contains(o)).toList();
        out.println(String.format(Locale.ROOT, "grid search: %d runs, search seed %d, %d at a time (%s); sampled: %s",
                cmd.runs, cmd.searchSeed, concurrent, concurrent > 1 ? "1 thread each" : Parallel.threads() + " threads",
                sampled.isEmpty() ? "nothing (every grid option is fixed)" : String.join(" ", sampled)));
        if (resuming) out.println("resuming " + csv + ": " + done.stream().filter(r -> r.index() <= cmd.runs).count() + " of " + cmd.runs + " runs done");
        out.flush();

        if (cmd.searchSeconds < 0) throw new UserError("--search-seconds must be >= 0 (0 = no limit), got " + cmd.searchSeconds);
        Trainer.Result[] bestResult = {null};
        long t0 = System.nanoTime();
        AtomicBoolean startedOne = new AtomicBoolean();
        // one run always starts, so a search out of time still reports a best run
        BooleanSupplier inBudget = () -> cmd.searchSeconds == 0 || !startedOne.getAndSet(true)
                || (System.nanoTime() - t0) / 1e9 < cmd.searchSeconds;
        List<GridSearch.Run> all = search.search(done, concurrent, (i, c) -> newRun.apply(c, warningsOf(i)),
                (run, result, best, finished) -> {
                    if (best) {
                        bestResult[0] = result;
                        // the model first: a crash before the CSV row only repeats this run on --resume
                        if (cmd.save != null) new Checkpoint(run.config(), data.source(), data.options(),
                                data.vocabulary(), result.parameters()).write(cmd.save);
                    }
                    RunsCsv.write(csv, finished, data.flags());
                    out.println(line(run, data.metric(), base.topK, best));
                    out.flush();
                }, inBudget);

        long left = cmd.runs - all.stream().filter(r -> r.index() <= cmd.runs).count();
        if (left > 0) out.println(String.format(Locale.ROOT, "stopped after --search-seconds %s: %d of %d runs left; --resume %s trains them",
                plainNumber(cmd.searchSeconds), left, cmd.runs, csv));
        GridSearch.Run best = all.stream().filter(r -> r.index() <= cmd.runs).min(GridSearch.BETTER_FIRST).orElseThrow();
        if (best.diverged()) throw new UserError("every run of the search diverged (loss became NaN); see " + csv);
        long trained = cmd.runs - left;
        // out of time, "of N" would claim runs that never trained: name how many did
        String of = left > 0 ? String.format(Locale.ROOT, "of the %d trained (%d requested; --search-seconds ran out)", trained, cmd.runs)
                : "of " + cmd.runs;
        out.println(String.format(Locale.ROOT, "best run %d %s: validation %s@%d %.2f%s, test %s@%d %.2f", best.index(), of,
                data.metric(), base.topK, best.valPrecision(), stopping(best), data.metric(), base.topK, best.testPrecision()));
        out.println("best flags: " + best.config().toFlags());
        out.println(String.format(Locale.ROOT, "time: %.1f s for %d runs", (System.nanoTime() - t0) / 1e9, all.size() - done.size()));
        out.println("runs " + csv);
        boolean bestTrainedNow = bestResult[0] != null;
        boolean modelMissing = cmd.save != null && !bestTrainedNow && !Files.exists(cmd.save);
        if (bestResult[0] == null && (modelMissing || cmd.plot != null)) {
            // the best run finished in an earlier session: train it again, which gives the same bits
            out.println("training the best run " + best.index() + " again for its " + (modelMissing ? "model" : "curves"));
            bestResult[0] = newRun.apply(best.config(), warningsOf(best.index()));
            if (bestResult[0].valPrecision() != best.valPrecision()) {
                System.err.println("warning: run " + best.index() + " gave validation " + bestResult[0].valPrecision() + " now, "
                        + best.valPrecision() + " in " + csv + " (another build or data?)");
            }
            if (modelMissing) {
                new Checkpoint(best.config(), data.source(), data.options(), data.vocabulary(),
                        bestResult[0].parameters()).write(cmd.save);
            }
        }
        if (cmd.save != null) out.println(bestTrainedNow || modelMissing ? "saved " + cmd.save : "kept " + cmd.save + " (the best run is from an earlier session)");
        if (cmd.plot != null) {
            TrainingCurves.write(cmd.plot, bestResult[0].epochs(), base.topK, data.metric().equals("match"), data.name() + ", best of " + trained + " runs (run " + best.index() + ")");
            out.println("plot " + cmd.plot);
        }
        return 0;
    }

    private String line(GridSearch.Run r, String metric, int topK, boolean best) {
        if (r.diverged()) {
            return String.format(Locale.ROOT, "run %d/%d | diverged (loss NaN) | %.1f s | %s", r.index(), cmd.runs, r.seconds(), r.config().toFlags());
        }
        return String.format(Locale.ROOT, "run %d/%d | val %s@%d %6.2f%s%s | test %s@%d %6.2f | %d epochs (best %d) | %.1f s | %s",
                r.index(), cmd.runs, metric, topK, r.valPrecision(), stopping(r), best ? " *" : "  ", metric, topK, r.testPrecision(),
                r.epochs(), r.bestEpoch(), r.seconds(), r.config().toFlags());
    }

    /** The score the search ranks by, where it is not the plain validation score (--val-distractors, --val-rank likelihood). */
    private static String stopping(GridSearch.Run r) {
        return r.stoppingScore() == r.valPrecision() ? "" : String.format(Locale.ROOT, " (stopping score %.2f)", r.stoppingScore());
    }

    private static String plainNumber(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A run prints no epochs (runs interleave); its warnings name it. */
    private Trainer.Listener warningsOf(int index) {
        return new Trainer.Listener() {
            @Override
            public void onWarning(String message) {
                System.err.println("warning: run " + index + ": " + message);
            }
        };
    }
}
