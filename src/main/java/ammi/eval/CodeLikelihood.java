package ammi.eval;

import ammi.util.Parallel;

import static ammi.markov.Sigmoids.logSigmoid;

/**
 * The likelihood ranking (asymmetric search): each query keeps its encoder's conditionals instead of
 * being cut to a code, and a stored code b ranks by log q(b | query) = sum_i log q(b_i | query, i,
 * b_{i-o..i-1}), the log-probability the query's encoder gives that code. The stored side stays m
 * bits; only the query, which is coded anyway, keeps m 2^o numbers. Predictive hashing trains
 * exactly this quantity: H+(p_{Z|Y}, q_{Z|X}) is the expectation of -log q(z | x) over the
 * partner's z. Higher ranks first; equal scores by candidate index, as Hamming ties.
 *
 * <p>Logits are laid out as the encoders give them, [query][i][c] with c = sum_k z_{i-k} 2^(o-k)
 * (z_j = 0 for j < 0), the layout of {@code ForwardMarginals} and {@code Viterbi}.
 */
public final class CodeLikelihood {
    private final double[] logits;
    private final int n, m, order, states;

    public CodeLikelihood(double[] logits, int n, int m, int order) {
        if (m < 1) throw new IllegalArgumentException("code length must be at least 1 bit, got " + m);
        if (order < 0 || order > 16) throw new IllegalArgumentException("order must be in [0, 16], got " + order);
        if (n < 0) throw new IllegalArgumentException("number of queries must be >= 0, got " + n);
        this.states = 1 << order;
        if (logits.length != (long) n * m * states)
            throw new IllegalArgumentException("expected " + ((long) n * m * states) + " logits for " + n + " queries of "
                    + m + " bits and order " + order + ", got " + logits.length);
        this.logits = logits;
        this.n = n;
        this.m = m;
        this.order = order;
    }

    public int count() {
        return n;
    }

    public int bits() {
        return m;
    }

    public int order() {
        return order;
    }

    /** log q(code j of {@code codes} | query q), bit by bit: the definition, and the test's reference. */
    public double logLikelihood(int q, PackedCodes codes, int j) {
        checkCodes(codes);
        int off = q * m * states, c = 0, top = order - 1;
        double lp = 0;
        for (int i = 0; i < m; i++) {
            int z = codes.bit(j, i);
            lp += logSigmoid(z == 1 ? logits[off + i * states + c] : -logits[off + i * states + c]);
            if (order > 0) c = (c >>> 1) | (z << top);
        }
        return lp;
    }

    /**
     * Scores every code against one query. For o = 0 the bits are independent, so each byte of a
     * code adds one of 256 precomputed sums: m/8 lookups a candidate instead of m logarithms.
     * Create one per thread; {@link #reset} moves it to another query.
     */
    public final class Scorer {
        private final double[] table; // o = 0: [byte][value]
        private int query = -1;

        private Scorer() {
            table = order == 0 ? new double[((m + 7) >>> 3) * 256] : null; // [byte][value]: byte t of word k is table t + 8k
        }

        public Scorer reset(int q) {
            if (q < 0 || q >= n) throw new IndexOutOfBoundsException("query " + q + " of " + n);
            query = q;
            if (table == null) return this;
            int off = q * m;
            for (int t = 0; t < (m + 7) >>> 3; t++) {
                int base = t << 8;
                table[base] = 0;
                // Entry v adds bit i's term to the entry without that bit: 2 (2^8 - 1) = 510 additions a byte.
                for (int b = 0; b < 8; b++) {
                    int i = (t << 3) + b;
                    double one = i < m ? logSigmoid(logits[off + i]) : 0, zero = i < m ? logSigmoid(-logits[off + i]) : 0;
                    int bit = 1 << b;
                    for (int v = bit - 1; v >= 0; v--) {
                        table[base + (v | bit)] = table[base + v] + one;
                        table[base + v] += zero;
                    }
                }
            }
            return this;
        }

        /**
         * log q(code j | the query). A full word's 8 lookups are summed as a tree, not one after
         * another, so the additions do not wait on each other (1.3-1.7x faster a code at m = 64
         * and 128); the bytes of a last, partial word are added one by one, as short codes need
         * fewer than 8. The order is fixed, so equal codes still score exactly equal.
         */
        public double score(PackedCodes codes, int j) {
            if (table == null) return logLikelihood(query, codes, j);
            long[] w = codes.words();
            double[] t = table;
            int full = m >>> 6, at = j * codes.wordsPerCode();
            double s = 0;
            for (int k = 0; k < full; k++) {
                long x = w[at + k];
                int b = k << 11;
                s += ((t[b | (int) (x & 0xFF)] + t[b | 256 | (int) ((x >>> 8) & 0xFF)])
                        + (t[b | 512 | (int) ((x >>> 16) & 0xFF)] + t[b | 768 | (int) ((x >>> 24) & 0xFF)]))
                        + ((t[b | 1024 | (int) ((x >>> 32) & 0xFF)] + t[b | 1280 | (int) ((x >>> 40) & 0xFF)])
                        + (t[b | 1536 | (int) ((x >>> 48) & 0xFF)] + t[b | 1792 | (int) (x >>> 56)]));
            }
            int rest = ((m & 63) + 7) >>> 3; // bytes of the partial last word
            if (rest > 0) {
                long x = w[at + full];
                int b = full << 11;
                for (int u = 0; u < rest; u++) s += t[b | (u << 8) | (int) ((x >>> (u << 3)) & 0xFF)];
            }
            return s;
        }
    }

    public Scorer scorer() {
        return new Scorer();
    }

    /**
     * Flat [query][rank] indices of the {@code min(k, base.count())} base codes most likely under
     * each query, best first, ties by base index (empty for an empty base).
     */
    public int[] nearest(PackedCodes base, int k) {
        checkCodes(base);
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        int nb = base.count();
        if (nb == 0) return new int[0];
        int kk = Math.min(k, nb);
        int[] top = new int[n * kk];
        if (n < Parallel.threads()) { // a few queries (search): split each one's scan over the base instead
            double[] score = new double[nb];
            int[] best = new int[kk];
            for (int q = 0; q < n; q++) {
                final int query = q;
                Parallel.forRange(nb, (m + 7) >>> 3, (lo, hi, worker) -> {
                    Scorer s = scorer().reset(query);
                    for (int j = lo; j < hi; j++) score[j] = s.score(base, j);
                });
                TopScores.topOf(score, kk, best);
                System.arraycopy(best, 0, top, q * kk, kk);
            }
            return top;
        }
        Parallel.forRange(n, (long) nb * ((m + 7) >>> 3), (lo, hi, worker) -> {
            Scorer s = scorer();
            double[] score = new double[nb];
            int[] best = new int[kk];
            for (int q = lo; q < hi; q++) {
                s.reset(q);
                for (int j = 0; j < nb; j++) score[j] = s.score(base, j);
                TopScores.topOf(score, kk, best);
                System.arraycopy(best, 0, top, q * kk, kk);
            }
        });
        return top;
    }

    void checkCodes(PackedCodes codes) {
        if (codes.bits() != m) throw new IllegalArgumentException("code lengths differ: queries " + m + " vs codes " + codes.bits());
    }
}
