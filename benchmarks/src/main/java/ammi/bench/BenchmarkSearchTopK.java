package ammi.bench;

import ammi.eval.HammingSearch;
import ammi.eval.PackedCodes;
import ammi.util.Parallel;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code search} query: the top-10 of a query code against a base of n codes of m bits
 * ({@link HammingSearch}: a popcount scan with per-thread histograms, then the placement pass),
 * on {@code threads} cores. The claim in docs/benchmarks.md is about n = 10^6, m = 128, both
 * cores. Queries cycle through 64 random codes, so no answer can be cached. Random codes are
 * the hard case for the placement pass: the cut-off distance sits deep in the tail, so the
 * last winner can be anywhere in the base.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Thread)
public class BenchmarkSearchTopK {
    @Param({"1000000"})
    public int n;
    @Param({"64", "128"})
    public int m;
    @Param({"1", "2"})
    public int threads;

    static final int K = 10, QUERIES = 64;
    private HammingSearch search;
    private PackedCodes queries;
    private final int[] top = new int[K];
    private int next;

    /** Random codes, packed directly (no bit array: 10^6 x 128 bits would be 128 MB of bytes). */
    static PackedCodes random(int count, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int w = (m + 63) / 64;
        long last = (m & 63) == 0 ? -1L : (1L << (m & 63)) - 1;
        long[] words = new long[count * w];
        for (int i = 0; i < words.length; i++) words[i] = rng.nextLong() & (i % w == w - 1 ? last : -1L);
        return PackedCodes.fromWords(words, count, m);
    }

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        search = new HammingSearch(random(n, m, 1));
        queries = random(QUERIES, m, 2);
    }

    @Benchmark
    public int query() {
        int q = next++ & (QUERIES - 1);
        search.scan(queries, q, -1);
        search.topK(K, top);
        return top[0];
    }
}
