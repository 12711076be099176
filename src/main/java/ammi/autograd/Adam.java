package ammi.autograd;

import ammi.util.Parallel;

import java.util.Arrays;
import java.util.List;

/**
 * PyTorch's Adam without amsgrad, in its order of operations:
 * <pre>
 *   m = b1 m + (1 - b1) g
 *   v = b2 v + (1 - b2) g^2
 *   p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * with {@code t} counting from 1. With a weight decay {@code wd > 0} each step first multiplies
 * every parameter by {@code 1 - lr * wd}, as torch.optim.AdamW (decoupled decay: the shrinkage
 * is the same for every weight, not scaled by its gradient history). {@link #step} also zeroes every gradient entry after reading
 * it, so after a step all parameter gradients are zero and the next backward can accumulate.
 */
public final class Adam {
    public static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    private final Tensor[] params;
    private final double[][] m;
    private final double[][] v;
    private double lr;
    private double weightDecay;
    private long t;

    public Adam(List<Tensor> params, double lr) {
        this.params = params.toArray(new Tensor[0]);
        this.m = new double[this.params.length][];
        this.v = new double[this.params.length][];
        for (int i = 0; i < this.params.length; i++) {
            m[i] = new double[this.params[i].value.length];
            v[i] = new double[this.params[i].value.length];
        }
        this.lr = lr;
    }

    public void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** Decoupled weight decay (AdamW); 0, the default, is plain Adam. */
    public void setWeightDecay(double weightDecay) {
        if (!(weightDecay >= 0) || lr * weightDecay >= 1) throw new IllegalArgumentException("weight decay " + weightDecay);
        this.weightDecay = weightDecay;
    }

    public double learningRate() {
        return lr;
    }

    /** Number of steps taken since construction or the last {@link #reset}. */
    public long steps() {
        return t;
    }

    /** Forgets the moments and the step count, as if freshly constructed. */
    public void reset() {
        for (int i = 0; i < params.length; i++) {
            Arrays.fill(m[i], 0.0);
            Arrays.fill(v[i], 0.0);
        }
        t = 0;
    }

    /**
     * Copies the moments and step count into {@code out} as {@code prefix.m.NAME},
     * {@code prefix.v.NAME} and {@code prefix.t} (one value), for a resumable checkpoint.
     */
    public void exportState(String prefix, java.util.Map<String, double[]> out) {
        for (int i = 0; i < params.length; i++) {
            out.put(prefix + ".m." + params[i].name, m[i].clone());
            out.put(prefix + ".v." + params[i].name, v[i].clone());
        }
        out.put(prefix + ".t", new double[] {t}); // exact: a double holds every count below 2^53
    }

    /** Restores what {@link #exportState} wrote under {@code prefix}. */
    public void importState(String prefix, java.util.Map<String, double[]> in) {
        for (int i = 0; i < params.length; i++) {
            copyInto(in, prefix + ".m." + params[i].name, m[i]);
            copyInto(in, prefix + ".v." + params[i].name, v[i]);
        }
        double[] steps = in.get(prefix + ".t");
        if (steps == null || steps.length != 1) throw new IllegalArgumentException("missing optimiser state " + prefix + ".t");
        t = (long) steps[0];
    }

    private static void copyInto(java.util.Map<String, double[]> in, String key, double[] target) {
        double[] src = in.get(key);
        if (src == null) throw new IllegalArgumentException("missing optimiser state " + key);
        if (src.length != target.length)
            throw new IllegalArgumentException("optimiser state " + key + " has " + src.length + " values, expected " + target.length);
        System.arraycopy(src, 0, target, 0, src.length);
    }

    public void zeroGrad() {
        for (Tensor p : params) {
            Arrays.fill(p.grad, 0.0);
            p.clearGradRows();
        }
    }

    /** One update of every parameter; leaves every gradient zeroed. */
    public void step() {
        step(1.0);
    }

    /**
     * One update with every gradient multiplied by {@code gradScale} first (gradient clipping,
     * fused here so the gradients are read once); leaves every gradient zeroed.
     */
    public void step(double gradScale) {
        t++;
        final double stepSize = lr / (1.0 - Math.pow(BETA1, t));
        final double bc2Sqrt = Math.sqrt(1.0 - Math.pow(BETA2, t));
        final double keep = 1.0 - lr * weightDecay; // exactly 1 without decay: p * 1.0 == p
        for (int i = 0; i < params.length; i++) {
            final Tensor t = params[i];
            final double[] p = t.value, g = t.grad, mi = m[i], vi = v[i];
            final int touched = t.gradRowCount();
            if (touched < 0) {
                Parallel.forRange(p.length, 8, (lo, hi, worker) -> update(p, g, mi, vi, lo, hi, stepSize, bc2Sqrt, gradScale, keep));
            } else {
                // Rows outside the sparse-gradient hint have g = 0: they take the same update
                // without reading or clearing g, in long runs between the sorted touched rows.
                final int[] rows = sortedRows(t, touched);
                final int cols = t.cols;
                Parallel.forRange(t.rows(), 8L * cols, (lo, hi, worker) -> {
                    int k = lowerBound(rows, touched, lo), from = lo;
                    for (; k < touched && rows[k] < hi; k++) {
                        int r = rows[k];
                        decay(p, mi, vi, from * cols, r * cols, stepSize, bc2Sqrt, keep);
                        update(p, g, mi, vi, r * cols, (r + 1) * cols, stepSize, bc2Sqrt, gradScale, keep);
                        from = r + 1;
                    }
                    decay(p, mi, vi, from * cols, hi * cols, stepSize, bc2Sqrt, keep);
                });
            }
            t.clearGradRows();
        }
    }

    private int[] rowScratch = new int[0];

    private int[] sortedRows(Tensor t, int count) {
        if (rowScratch.length < count) rowScratch = new int[Math.max(count, 2 * rowScratch.length)];
        for (int k = 0; k < count; k++) rowScratch[k] = t.gradRow(k);
        Arrays.sort(rowScratch, 0, count);
        return rowScratch;
    }

    private static int lowerBound(int[] a, int n, int key) {
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < key) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** {@link #update} with g = 0, the same arithmetic: b * x + c * 0 == b * x exactly. */
    private static void decay(double[] p, double[] m, double[] v, int lo, int hi, double stepSize, double bc2Sqrt,
                              double keep) {
        final double b1 = BETA1, b2 = BETA2, eps = EPS;
        final double invBc2Sqrt = 1.0 / bc2Sqrt;
        for (int k = lo; k < hi; k++) {
            double mk = b1 * m[k];
            double vk = b2 * v[k];
            m[k] = mk;
            v[k] = vk;
            p[k] = p[k] * keep - stepSize * (mk / (Math.sqrt(vk) * invBc2Sqrt + eps));
        }
    }

    private static void update(double[] p, double[] g, double[] m, double[] v, int lo, int hi, double stepSize,
                               double bc2Sqrt, double scale, double keep) {
        final double b1 = BETA1, c1 = 1.0 - BETA1, b2 = BETA2, c2 = 1.0 - BETA2, eps = EPS;
        // one division per entry instead of two: sqrt(v) * (1 / bc2Sqrt) may differ from PyTorch's
        // sqrt(v) / bc2Sqrt in the last bit, so the two agree to rounding, not bit for bit
        final double invBc2Sqrt = 1.0 / bc2Sqrt;
        for (int k = lo; k < hi; k++) {
            double gk = g[k] * scale;
            double mk = b1 * m[k] + c1 * gk;
            double vk = b2 * v[k] + c2 * gk * gk;
            m[k] = mk;
            v[k] = vk;
            p[k] = p[k] * keep - stepSize * (mk / (Math.sqrt(vk) * invBc2Sqrt + eps));
            g[k] = 0.0;
        }
    }
}
