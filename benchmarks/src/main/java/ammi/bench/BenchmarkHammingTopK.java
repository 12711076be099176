package ammi.bench;

import ammi.eval.HammingTopK;
import ammi.eval.PackedCodes;
import ammi.util.Parallel;

import java.util.SplittableRandom;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

/**
 * Top-100 retrieval under Hamming distance: batch query codes of m bits against a base of 10000
 * codes (the training set's size), on all cores like the evaluation. The orders do not change the
 * work (codes are bits whatever the chain) and stay in the grid only for uniformity: run with
 * {@code -p orders=0/3} to skip the repeats. Positions: batch x m (query bits). Bytes: per query
 * the whole base read (8 B per 64-bit word) and a 4 B distance written and read per base code.
 */
public class BenchmarkHammingTopK extends KernelGrid {

    static final int BASE = 10_000, K = 100;
    private PackedCodes base, queries;
    private int[][] top;

    private static PackedCodes random(int n, int m, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        byte[] bits = new byte[n * m];
        for (int i = 0; i < bits.length; i++) bits[i] = (byte) rng.nextInt(2);
        return PackedCodes.fromBits(bits, n, m);
    }

    @Setup
    public void setup() {
        base = random(BASE, m, 1);
        queries = random(batch, m, 2);
        top = new int[batch][K];
    }

    @Benchmark
    public int topK(Rates rates) {
        Parallel.forRange(batch, (long) BASE * base.wordsPerCode(), (lo, hi, worker) -> {
            int[] dist = new int[BASE], hist = new int[m + 1];
            for (int q = lo; q < hi; q++) HammingTopK.topK(base, queries, q, K, dist, hist, top[q]);
        });
        rates.add((double) batch * m, (double) batch * BASE * (8.0 * base.wordsPerCode() + 8));
        return top[0][0];
    }
}
