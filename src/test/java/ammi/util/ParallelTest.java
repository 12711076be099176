package ammi.util;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * forRange's contract, whichever thread ends up running a chunk: the same contiguous chunks with
 * the same worker indices as a static split, every index exactly once, a worker's exception
 * rethrown to the caller, and a loop nested in a chunk finishing even when no pool thread is free.
 */
class ParallelTest {
    private final int saved = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(saved + 1); // a fresh pool for the next test, even if this one left workers stuck
        Parallel.setThreads(saved);
    }

    @Test
    void chunksAreTheStaticSplitAndCoverEveryIndexOnce() {
        for (int t : new int[] {2, 3, 5}) {
            Parallel.setThreadsSplittingAll(t);
            for (int n : new int[] {2, 3, 7, 100, 1001}) {
                for (int rep = 0; rep < 50; rep++) {
                    AtomicIntegerArray seen = new AtomicIntegerArray(n);
                    List<String> calls = Collections.synchronizedList(new ArrayList<>());
                    Parallel.forRange(n, 1, (lo, hi, worker) -> {
                        calls.add(lo + ".." + hi + "@" + worker);
                        for (int i = lo; i < hi; i++) seen.incrementAndGet(i);
                    });
                    int chunks = Math.min(t, n);
                    List<String> expected = new ArrayList<>();
                    for (int c = 0; c < chunks; c++) expected.add((long) n * c / chunks + ".." + (long) n * (c + 1) / chunks + "@" + c);
                    List<String> got = new ArrayList<>(calls);
                    Collections.sort(expected);
                    Collections.sort(got);
                    assertEquals(expected, got, "threads " + t + ", n " + n);
                    for (int i = 0; i < n; i++) assertEquals(1, seen.get(i), "index " + i + " of " + n);
                }
            }
        }
    }

    @Test
    void aFailingChunkIsRethrownToTheCaller() {
        Parallel.setThreadsSplittingAll(2);
        for (int rep = 0; rep < 20; rep++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(10, 1, (lo, hi, worker) -> {
                if (worker == 1) throw new IllegalArgumentException("chunk 1 failed");
            }));
            assertEquals("chunk 1 failed", e.getMessage());
        }
    }

    @Test
    void aLoopNestedInAChunkFinishesWhenNoPoolThreadIsFree() throws InterruptedException {
        // Two threads: one pool thread. When it runs the outer loop's second chunk, the inner
        // loop it starts has no free pool thread; its caller must run the inner chunks itself.
        // On a daemon thread, so that a regression fails here instead of hanging the suite.
        Parallel.setThreadsSplittingAll(2);
        AtomicIntegerArray seen = new AtomicIntegerArray(200 * 16);
        Thread loops = new Thread(() -> {
            for (int rep = 0; rep < 200; rep++) {
                final int off = rep * 16;
                Parallel.forRange(2, 1, (lo, hi, outer) -> {
                    for (int o = lo; o < hi; o++) {
                        final int base = off + o * 8;
                        Parallel.forRange(8, 1, (a, b, inner) -> {
                            for (int i = a; i < b; i++) seen.incrementAndGet(base + i);
                        });
                    }
                });
            }
        }, "nested-loops");
        loops.setDaemon(true);
        loops.start();
        loops.join(20_000);
        assertFalse(loops.isAlive(), "nested parallel loops did not finish in 20 s (a chunk waiting for a busy pool thread)");
        for (int i = 0; i < seen.length(); i++) assertEquals(1, seen.get(i), "index " + i);
    }

}
