package ammi.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed pool of worker threads shared by every CPU kernel. Work is cut into at most
 * {@link #threads()} contiguous chunks; the calling thread runs the first chunk itself so that
 * a one-thread pool costs nothing.
 */
public final class Parallel {

    /** Body of a parallel loop over {@code [lo, hi)}; {@code worker} is in {@code [0, threads)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi, int worker);
    }

    /** Below this much work (roughly element operations) a hand-off to another thread costs more than it saves. */
    static final long MIN_PARALLEL_COST = 400_000L;
    private static volatile long minParallelCost = MIN_PARALLEL_COST;

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool;

    private Parallel() {}

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads used by all kernels (the {@code --threads} option). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
        minParallelCost = MIN_PARALLEL_COST;
    }

    /**
     * For tests that compare thread counts: like {@link #setThreads} but splits every loop of two
     * or more items, however small. {@link #setThreads} restores the normal threshold.
     */
    public static synchronized void setThreadsSplittingAll(int n) {
        setThreads(n);
        minParallelCost = 0;
    }

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread t = new Thread(r, "ammi-worker");
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks. Small loops
     * ({@code n * costPerItem < MIN_PARALLEL_COST}) run on the caller: a hand-off costs more than they do.
     */
    public static void forRange(int n, long costPerItem, RangeBody body) {
        int t = threads;
        if (t == 1 || n < 2 || (long) n * costPerItem < minParallelCost) {
            body.run(0, n, 0);
            return;
        }
        int chunks = Math.min(t, n);
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        ExecutorService p = pool();
        for (int c = 1; c < chunks; c++) {
            final int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks), w = c;
            futures.add(p.submit(() -> body.run(lo, hi, w)));
        }
        body.run(0, (int) ((long) n / chunks), 0);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) throw re;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException(cause);
            }
        }
    }
}
