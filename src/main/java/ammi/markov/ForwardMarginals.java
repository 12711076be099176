package ammi.markov;

import ammi.util.Parallel;

/**
 * The forward algorithm (Algorithm 3 of the paper) for an order-o chain over binary codes.
 * alpha[(b*m + i)*S + c] = P(z_{i-o..i-1} = c) under document b, S = 2^o; at i = 0 the context
 * is all zero padding, so alpha is the indicator of c = 0.
 */
public final class ForwardMarginals {
    private ForwardMarginals() {}

    public static void compute(double[] logits, int batch, int m, int order, double[] alpha) {
        if (m < 1) throw new IllegalArgumentException("code length m must be >= 1, got " + m);
        final int S = Sigmoids.states(order, "Markov");
        final long size = (long) batch * m * S;
        Sigmoids.checkLength(logits, size, "logits");
        Sigmoids.checkLength(alpha, size, "alpha");
        final int half = S >> 1;
        Parallel.forRange(batch, 4L * m * S, (lo, hi, worker) -> {
            for (int b = lo; b < hi; b++) {
                int base = b * m * S;
                java.util.Arrays.fill(alpha, base, base + S, 0.0);
                alpha[base] = 1.0;
                for (int i = 0; i + 1 < m; i++) {
                    int cur = base + i * S, nxt = cur + S;
                    java.util.Arrays.fill(alpha, nxt, nxt + S, 0.0);
                    double total = 0;
                    for (int c = 0; c < S; c++) {
                        double a = alpha[cur + c];
                        if (a == 0) continue;
                        double p1 = Sigmoids.sigmoid(logits[cur + c]);
                        double p0 = Sigmoids.sigmoid(-logits[cur + c]);
                        // next context is (c + z*S) >> 1; for S = 1 both branches land on state 0
                        double mu0 = a * p0, mu1 = a * p1;
                        alpha[nxt + (c >> 1)] += mu0;
                        alpha[nxt + (c >> 1) + half] += mu1;
                        total += mu0 + mu1;
                    }
                    // renormalise so rounding drift does not accumulate over long codes
                    double inv = 1.0 / total;
                    for (int c = 0; c < S; c++) alpha[nxt + c] *= inv;
                }
            }
        });
    }
}
