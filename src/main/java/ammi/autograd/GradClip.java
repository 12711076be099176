package ammi.autograd;

import ammi.util.Parallel;

import java.util.List;

/** {@code torch.nn.utils.clip_grad_norm_} with the L2 norm. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales all gradients by {@code maxNorm / (total + 1e-6)} when that is below 1, where
     * {@code total} is the L2 norm of all gradients together; returns {@code total}.
     *
     * @throws ArithmeticException if the norm is NaN or infinite (gradients are left untouched)
     */
    public static double clipGradNorm(List<Tensor> params, double maxNorm) {
        double total = norm(params);
        double coef = coefficient(total, maxNorm);
        if (coef < 1.0) {
            for (Tensor p : params) {
                double[] g = p.grad;
                for (int i = 0, n = p.size(); i < n; i++) g[i] *= coef;
            }
        }
        return total;
    }

    /**
     * The factor clipping would apply, {@code min(1, maxNorm / (total + 1e-6))}; the trainer hands
     * it to {@link Adam#step(double)} instead of rescaling every gradient in a separate pass.
     *
     * @throws ArithmeticException if the norm is NaN or infinite
     */
    public static double coefficient(double total, double maxNorm) {
        if (Double.isNaN(total) || Double.isInfinite(total))
            throw new ArithmeticException("gradient norm is " + (Double.isNaN(total) ? "NaN" : "infinite"));
        double coef = maxNorm / (total + 1e-6);
        return coef < 1.0 ? coef : 1.0;
    }

    /** L2 norm of all gradients together; like PyTorch, per-tensor norms first, then their norm. */
    public static double norm(List<Tensor> params) {
        double sq = 0.0;
        for (Tensor p : params) {
            double n = Math.sqrt(p.gradRowCount() >= 0 ? sumSquaresOfRows(p) : sumSquares(p.grad, p.size()));
            sq += n * n;
        }
        return Math.sqrt(sq);
    }

    /** Rows outside the tensor's sparse-gradient hint are exactly zero and add nothing. */
    private static double sumSquaresOfRows(Tensor p) {
        double s = 0;
        int cols = p.cols;
        for (int k = 0, n = p.gradRowCount(); k < n; k++) {
            int off = p.gradRow(k) * cols;
            s += sumSquares(p.grad, off, off + cols);
        }
        return s;
    }

    private static final int CHUNK = 1 << 13;

    /**
     * Sum of squares over fixed chunks of {@value #CHUNK} entries, added in chunk order: the
     * chunks may run on any thread, so the result does not depend on the thread count.
     */
    static double sumSquares(double[] g, int n) {
        int chunks = (n + CHUNK - 1) / CHUNK;
        if (chunks <= 1) return sumSquares(g, 0, n);
        double[] partial = new double[chunks];
        Parallel.forRange(chunks, CHUNK, (lo, hi, worker) -> {
            for (int c = lo; c < hi; c++) partial[c] = sumSquares(g, c * CHUNK, Math.min(n, (c + 1) * CHUNK));
        });
        double s = 0;
        for (double x : partial) s += x;
        return s;
    }

    // Four fixed accumulators: faster than one, and the same result on every run.
    private static double sumSquares(double[] g, int from, int to) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += g[i] * g[i];
            s1 += g[i + 1] * g[i + 1];
            s2 += g[i + 2] * g[i + 2];
            s3 += g[i + 3] * g[i + 3];
        }
        for (; i < to; i++) s0 += g[i] * g[i];
        return (s0 + s1) + (s2 + s3);
    }
}
