package ammi.markov;

import java.util.Random;

final class MarkovTestSupport {
    private MarkovTestSupport() {}

    static double[] randomLogits(Random rnd, int n, double scale) {
        double[] a = new double[n];
        for (int k = 0; k < n; k++) a[k] = scale * rnd.nextGaussian();
        return a;
    }

    static double binaryEntropy(double x) {
        double p1 = 1 / (1 + Math.exp(-x)), p0 = 1 / (1 + Math.exp(x));
        return -(p1 * Math.log(p1) + p0 * Math.log(p0));
    }

    /** Replicates an order-o table into an order-r table: q(c') = p(c' >> (r - o)). */
    static double[] embed(double[] p, int batch, int m, int o, int r) {
        int sP = 1 << o, sQ = 1 << r;
        double[] q = new double[batch * m * sQ];
        for (int bi = 0; bi < batch * m; bi++)
            for (int c = 0; c < sQ; c++) q[bi * sQ + c] = p[bi * sP + (c >> (r - o))];
        return q;
    }

    static void assertClose(double expected, double actual, double tol, String msg) {
        double err = Math.abs(expected - actual);
        if (!(err <= tol * Math.max(1.0, Math.abs(expected))))
            throw new AssertionError(msg + ": expected " + expected + " got " + actual + " (err " + err + ")");
    }
}
