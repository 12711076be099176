package ammi.markov;

/** Numerically stable sigmoid and log-sigmoid shared by the Markov kernels. */
public final class Sigmoids {
    private Sigmoids() {}

    static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    /** log sigma(x) without overflow for large |x|. */
    public static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    static int states(int order, String what) {
        if (order < 0 || order > 24) throw new IllegalArgumentException(what + " order must be in [0, 24], got " + order);
        return 1 << order;
    }

    static void checkLength(double[] a, long need, String what) {
        if (a.length < need) throw new IllegalArgumentException(what + " has " + a.length + " entries, need at least " + need);
    }
}
