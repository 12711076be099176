package ammi.markov;

import ammi.util.Parallel;

import java.util.Arrays;

/**
 * Most probable code of an order-o chain, in log space (products of m conditionals underflow
 * for m around 128). Ties go to z = 0 for o = 0; for o >= 1 to the predecessor whose dropped
 * (least significant) bit is 0, and to the smallest final context.
 */
public final class Viterbi {
    private final int m, order, S;
    private Work[] work = new Work[0];

    private static final class Work {
        final double[] delta, next;
        final byte[] back; // dropped least significant bit of the best predecessor

        Work(int m, int S) {
            delta = new double[S];
            next = new double[S];
            back = new byte[m * S];
        }
    }

    public Viterbi(int m, int order) {
        if (m < 1) throw new IllegalArgumentException("code length m must be >= 1, got " + m);
        this.m = m;
        this.order = order;
        this.S = Sigmoids.states(order, "Markov");
        ensureWorkers();
    }

    /** One-off convenience; allocates a workspace per worker. */
    public static void decode(double[] logits, int batch, int m, int order, byte[] bits, double[] logProb) {
        new Viterbi(m, order).decode(logits, batch, bits, logProb);
    }

    private void ensureWorkers() {
        int t = Parallel.threads();
        if (work.length >= t) return;
        Work[] w = Arrays.copyOf(work, t);
        for (int i = work.length; i < t; i++) w[i] = new Work(m, S);
        work = w;
    }

    public void decode(double[] logits, int batch, byte[] bits, double[] logProb) {
        Sigmoids.checkLength(logits, (long) batch * m * S, "logits");
        if (bits.length < (long) batch * m) throw new IllegalArgumentException("bits has " + bits.length + " entries, need " + (long) batch * m);
        if (logProb != null) Sigmoids.checkLength(logProb, batch, "logProb");
        ensureWorkers();
        final Work[] ws = work;
        Parallel.forRange(batch, 6L * m * S, (lo, hi, worker) -> {
            for (int b = lo; b < hi; b++) {
                double lp = order == 0 ? decodeIndependent(logits, b, bits, logProb != null) : decodeDoc(ws[worker], logits, b, bits);
                if (logProb != null) logProb[b] = lp;
            }
        });
    }

    /**
     * o = 0: the single context cannot carry z back, and positions are independent anyway. The
     * codes need only the signs; the log-probability (an exp and a log per bit) only when asked.
     */
    private double decodeIndependent(double[] logits, int b, byte[] bits, boolean wantLogProb) {
        double lp = 0;
        for (int i = 0; i < m; i++) {
            double x = logits[b * m + i];
            int z = x > 0 ? 1 : 0;
            bits[b * m + i] = (byte) z;
            if (wantLogProb) lp += Sigmoids.logSigmoid(z == 1 ? x : -x);
        }
        return lp;
    }

    private double decodeDoc(Work w, double[] logits, int b, byte[] bits) {
        final int off = b * m * S, top = order - 1, mask = S - 1;
        double[] delta = w.delta, next = w.next;
        final byte[] back = w.back;
        Arrays.fill(delta, Double.NEGATIVE_INFINITY);
        delta[0] = 0.0; // padding z_j = 0 for j < 0
        for (int i = 0; i < m; i++) {
            final int row = off + i * S;
            // state s at i+1 = (c + z*S) >> 1: z is its top bit, c is s shifted up plus one unknown bit
            for (int s = 0; s < S; s++) {
                int z = s >> top, c0 = (s << 1) & mask, c1 = c0 | 1;
                double x0 = logits[row + c0], x1 = logits[row + c1];
                double v0 = delta[c0] + Sigmoids.logSigmoid(z == 1 ? x0 : -x0);
                double v1 = delta[c1] + Sigmoids.logSigmoid(z == 1 ? x1 : -x1);
                if (v1 > v0) {
                    next[s] = v1;
                    back[i * S + s] = 1;
                } else {
                    next[s] = v0;
                    back[i * S + s] = 0;
                }
            }
            double[] t = delta;
            delta = next;
            next = t;
        }
        int best = 0;
        for (int s = 1; s < S; s++) if (delta[s] > delta[best]) best = s;
        double lp = delta[best];
        int s = best;
        for (int i = m - 1; i >= 0; i--) {
            bits[b * m + i] = (byte) (s >> top);
            s = ((s << 1) & mask) | back[i * S + s];
        }
        return lp;
    }
}
