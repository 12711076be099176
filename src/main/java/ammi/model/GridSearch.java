package ammi.model;

import ammi.util.Parallel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * The paper's model selection: random grid search. Run i (1-based) trains the configuration
 * {@link SearchGrid#sample} draws for i, with early stopping as usual; the best run is the one
 * with the highest validation score that its early stopping read (ties: the lower run number).
 * Independent runs may train concurrently, each single-threaded, since every kernel gives the
 * same bits on any thread count.
 */
public final class GridSearch {

    /**
     * One finished run: its settings and scores ({@code NaN} scores when it diverged). The search
     * ranks runs by {@code stoppingScore}, the score each run's early stopping read
     * ({@link Trainer.Result#stoppingScore}), so that the run and the search pick by one signal.
     */
    public record Run(int index, AmmiConfig config, double valPrecision, double stoppingScore, double testPrecision,
                      int epochs, int bestEpoch, double seconds, String stopReason) {
        public boolean diverged() {
            return Double.isNaN(valPrecision);
        }
    }

    /** Trains one configuration from scratch (a fresh backend each time). */
    @FunctionalInterface
    public interface RunTrainer {
        Trainer.Result train(int index, AmmiConfig config);
    }

    /** Called once per finished run, one call at a time, in the order the runs finish. */
    @FunctionalInterface
    public interface Listener {
        /** {@code result} is null for a diverged run; {@code best} says it is the best run so far. */
        void onRun(Run run, Trainer.Result result, boolean best, List<Run> finished);
    }

    public static final Comparator<Run> BETTER_FIRST = Comparator.comparingDouble((Run r) -> r.diverged() ? Double.NEGATIVE_INFINITY : r.stoppingScore())
            .reversed().thenComparingInt(Run::index);

    private final AmmiConfig base;
    private final Set<String> fixedOptions;
    private final long searchSeed;
    private final int runs;

    public GridSearch(AmmiConfig base, Set<String> fixedOptions, long searchSeed, int runs) {
        this.base = base;
        this.fixedOptions = Set.copyOf(fixedOptions);
        this.searchSeed = searchSeed;
        this.runs = runs;
    }

    public AmmiConfig config(int index) {
        return SearchGrid.sample(base, searchSeed, index, fixedOptions);
    }

    public int runs() {
        return runs;
    }

    /**
     * Trains every run in [1, runs] that is not in {@code done}, {@code concurrent} at a time
     * (1 = one after another, each with all of {@link Parallel}'s threads), and returns every run
     * sorted by index.
     */
    public List<Run> search(List<Run> done, int concurrent, RunTrainer trainer, Listener listener) {
        return search(done, concurrent, trainer, listener, () -> true);
    }

    /**
     * As above, but a run starts only while {@code startAnother} says so (a time budget): the runs
     * it skips are left out of the result, so {@code --resume} trains them later.
     */
    public List<Run> search(List<Run> done, int concurrent, RunTrainer trainer, Listener listener, BooleanSupplier startAnother) {
        TreeMap<Integer, Run> finished = new TreeMap<>();
        for (Run r : done) finished.put(r.index(), r);
        List<Integer> todo = new ArrayList<>();
        for (int i = 1; i <= runs; i++) if (!finished.containsKey(i)) todo.add(i);
        Object lock = new Object();
        Run[] best = {finished.values().stream().min(BETTER_FIRST).orElse(null)};

        IntConsumer one = i -> {
            if (!startAnother.getAsBoolean()) return;
            AmmiConfig c = config(i);
            long t0 = System.nanoTime();
            Trainer.Result result;
            Run run;
            try {
                result = trainer.train(i, c);
                run = new Run(i, c, result.valPrecision(), result.stoppingScore(), result.testPrecision(), result.epochs().size(),
                        result.bestEpoch(), (System.nanoTime() - t0) / 1e9, result.stopReason());
            } catch (Trainer.Diverged e) { // a bad draw, not a failed search
                result = null;
                run = new Run(i, c, Double.NaN, Double.NaN, Double.NaN, 1, 0, (System.nanoTime() - t0) / 1e9, "loss became NaN in the first epoch");
            }
            synchronized (lock) {
                finished.put(i, run);
                boolean isBest = !run.diverged() && (best[0] == null || BETTER_FIRST.compare(run, best[0]) < 0);
                if (isBest) best[0] = run;
                listener.onRun(run, result, isBest, List.copyOf(finished.values()));
            }
        };

        if (concurrent <= 1 || todo.size() <= 1) {
            for (int i : todo) one.accept(i);
        } else {
            runConcurrently(todo, Math.min(concurrent, todo.size()), one);
        }
        return List.copyOf(finished.values());
    }

    private static void runConcurrently(List<Integer> todo, int concurrent, IntConsumer one) {
        int savedThreads = Parallel.threads();
        Parallel.setThreads(1); // each run keeps to its own core
        ExecutorService pool = Executors.newFixedThreadPool(concurrent, r -> {
            Thread t = new Thread(r, "ammi-run");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i : todo) futures.add(pool.submit(() -> one.accept(i)));
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } catch (ExecutionException e) {
                    futures.forEach(g -> g.cancel(true));
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException re) throw re;
                    if (cause instanceof Error err) throw err;
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
            Parallel.setThreads(savedThreads);
        }
    }
}
