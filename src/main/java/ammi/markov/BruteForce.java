package ammi.markov;

/**
 * Test oracle: enumerates all 2^m codes (m <= ~20) straight from the definitions, sharing no
 * code with the dynamic programs. Bit i of a {@code long} code is z_i.
 */
public final class BruteForce {
    private BruteForce() {}

    public record Best(long code, double logProb) {}

    /** Context of position i in code z: sum_{k=1..o} z_{i-k} 2^(o-k), z_j = 0 for j < 0. */
    public static int context(long code, int i, int order) {
        int c = 0;
        for (int k = 1; k <= order; k++) {
            int j = i - k;
            if (j >= 0 && ((code >> j) & 1) == 1) c += 1 << (order - k);
        }
        return c;
    }

    private static double logSig(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    /** log p(z | y_b) = sum_i log p(z_i | i, context). */
    public static double logProb(double[] logits, int b, int m, int order, long code) {
        int S = 1 << order;
        double lp = 0;
        for (int i = 0; i < m; i++) {
            double x = logits[(b * m + i) * S + context(code, i, order)];
            lp += ((code >> i) & 1) == 1 ? logSig(x) : logSig(-x);
        }
        return lp;
    }

    public static double[] probabilities(double[] logits, int b, int m, int order) {
        double[] p = new double[1 << m];
        for (long z = 0; z < p.length; z++) p[(int) z] = Math.exp(logProb(logits, b, m, order, z));
        return p;
    }

    /** H(p_bP, q_bQ) = -sum_z p(z) log q(z). */
    public static double crossEntropy(double[] pLogits, int bP, int orderP, double[] qLogits, int bQ, int orderQ, int m) {
        double h = 0;
        for (long z = 0; z < (1L << m); z++) {
            double p = Math.exp(logProb(pLogits, bP, m, orderP, z));
            if (p > 0) h -= p * logProb(qLogits, bQ, m, orderQ, z);
        }
        return h;
    }

    /** alpha[i*S + c] = P(context at i = c), in the layout of ForwardMarginals for one document. */
    public static double[] marginals(double[] logits, int b, int m, int order) {
        int S = 1 << order;
        double[] alpha = new double[m * S];
        double[] p = probabilities(logits, b, m, order);
        for (long z = 0; z < p.length; z++)
            for (int i = 0; i < m; i++) alpha[i * S + context(z, i, order)] += p[(int) z];
        return alpha;
    }

    public static Best viterbi(double[] logits, int b, int m, int order) {
        long best = 0;
        double bestLp = Double.NEGATIVE_INFINITY;
        for (long z = 0; z < (1L << m); z++) {
            double lp = logProb(logits, b, m, order, z);
            if (lp > bestLp) {
                bestLp = lp;
                best = z;
            }
        }
        return new Best(best, bestLp);
    }

    /** Eq. (2): H(pbar) with pbar(z) = (1/B) sum_b p(z | y_b). */
    public static double mixtureEntropy(double[] logits, int batch, int m, int order) {
        double[] pbar = new double[1 << m];
        for (int b = 0; b < batch; b++) {
            double[] p = probabilities(logits, b, m, order);
            for (int z = 0; z < p.length; z++) pbar[z] += p[z] / batch;
        }
        double h = 0;
        for (double v : pbar) if (v > 0) h -= v * Math.log(v);
        return h;
    }
}
