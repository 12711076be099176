package ammi.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed pool of worker threads shared by every CPU kernel. Work is cut into at most
 * {@link #threads()} contiguous chunks; the calling thread runs the first chunk itself so that
 * a one-thread pool costs nothing, and then every chunk that no worker has started yet.
 *
 * <p>Why the caller takes chunks over: a parked pool thread can take hundreds of microseconds to
 * wake on a small virtual machine, as long as a whole small loop (the prior net's layers in each
 * prior step), and a loop that waited for it ran no faster than on one thread. A chunk is the
 * same (lo, hi, worker) call whichever thread runs it, so results do not depend on who ran what.
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
    private static final int FREE = 0, RUNNING = 1, DONE = 2, CALLER = 3;

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

    /** Where chunk c of n items cut into chunks begins (chunk c ends where c + 1 begins). */
    private static int bound(int n, int c, int chunks) {
        return (int) ((long) n * c / chunks);
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
        final int chunks = Math.min(t, n);
        // per chunk: FREE, then RUNNING by whoever claimed it, then DONE (set by a worker; the caller's own are never waited on)
        final AtomicIntegerArray state = new AtomicIntegerArray(chunks);
        final Throwable[] failure = new Throwable[chunks];
        final Thread caller = Thread.currentThread();
        ExecutorService p = pool();
        for (int c = 1; c < chunks; c++) {
            final int lo = bound(n, c, chunks), hi = bound(n, c + 1, chunks), w = c;
            p.execute(() -> {
                if (!state.compareAndSet(w, FREE, RUNNING)) return; // the caller took it
                try {
                    body.run(lo, hi, w);
                } catch (Throwable e) {
                    failure[w] = e;
                } finally {
                    state.set(w, DONE);
                    LockSupport.unpark(caller);
                }
            });
        }
        body.run(0, bound(n, 1, chunks), 0);
        for (int c = 1; c < chunks; c++)
            if (state.compareAndSet(c, FREE, CALLER)) body.run(bound(n, c, chunks), bound(n, c + 1, chunks), c);
        for (int c = 1; c < chunks; c++) {
            while (state.get(c) == RUNNING) {
                if (Thread.interrupted()) {
                    caller.interrupt();
                    throw new IllegalStateException(new InterruptedException("interrupted while waiting for a worker"));
                }
                LockSupport.park(state);
            }
            Throwable cause = failure[c];
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            if (cause != null) throw new IllegalStateException(cause);
        }
    }

}
