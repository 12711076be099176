package ammi.model;

/**
 * The exact pairwise marginal of an order-0 encoder's bits over a set of documents. Given y the
 * bits are independent, so over documents d: P(z_i = 1) = mean_d p_i(d) and
 * P(z_i = 1, z_j = 1) = mean_d p_i(d) p_j(d), with p_i(d) = sigmoid(logit). These two sums are
 * all that {@link BitOrder} needs. Sums run in a fixed order (documents, then bits), so the
 * result does not depend on thread count.
 */
public final class BitMoments {
    public final int m;
    /** sum over documents of p_i. */
    public final double[] sum;
    /** sum over documents of p_i p_j at [i * m + j], for i <= j (the lower triangle is unused). */
    public final double[] cross;
    private double docs;
    private final double[] p;

    public BitMoments(int m) {
        this.m = m;
        sum = new double[m];
        cross = new double[m * m];
        p = new double[m];
    }

    /** Adds documents: rows [0, count) of order-0 logits, row-major [count][m]. */
    public void add(double[] logits, int count) {
        for (int b = 0; b < count; b++) {
            for (int i = 0; i < m; i++) {
                double x = logits[b * m + i];
                p[i] = x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
                sum[i] += p[i];
            }
            for (int i = 0; i < m; i++) {
                double pi = p[i];
                for (int j = i; j < m; j++) cross[i * m + j] += pi * p[j];
            }
        }
        docs += count;
    }

    /** Adds sums computed elsewhere (a GPU's, in the same layout). */
    public void add(double[] sums, double[] crossSums, double count) {
        for (int i = 0; i < m; i++) sum[i] += sums[i];
        for (int k = 0; k < m * m; k++) cross[k] += crossSums[k];
        docs += count;
    }

    public double documents() {
        return docs;
    }

    public void clear() {
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(cross, 0);
        docs = 0;
    }

    /** Mutual information in nats between bits i and j under the marginal; 0 before any document. */
    public double mutualInformation(int i, int j) {
        if (docs == 0 || i == j) return 0;
        int a = Math.min(i, j), b = Math.max(i, j);
        double pa = sum[a] / docs, pb = sum[b] / docs, p11 = cross[a * m + b] / docs;
        double p10 = pa - p11, p01 = pb - p11, p00 = 1 - pa - pb + p11;
        return term(p11, pa, pb) + term(p10, pa, 1 - pb) + term(p01, 1 - pa, pb) + term(p00, 1 - pa, 1 - pb);
    }

    private static double term(double joint, double x, double y) {
        // joint <= min(x, y), so a positive joint has positive marginals; rounding can leave tiny negatives
        return joint > 1e-300 ? joint * Math.log(joint / (x * y)) : 0;
    }
}
