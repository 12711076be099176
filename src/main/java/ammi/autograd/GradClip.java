package ammi.autograd;

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
        // Like PyTorch: per-tensor norms first, then the norm of those norms.
        double sq = 0.0;
        for (Tensor p : params) {
            double n = Math.sqrt(sumSquares(p.grad, p.size()));
            sq += n * n;
        }
        double total = Math.sqrt(sq);
        if (Double.isNaN(total) || Double.isInfinite(total))
            throw new ArithmeticException("gradient norm is " + (Double.isNaN(total) ? "NaN" : "infinite"));
        double coef = maxNorm / (total + 1e-6);
        if (coef < 1.0) {
            for (Tensor p : params) {
                double[] g = p.grad;
                for (int i = 0, n = p.size(); i < n; i++) g[i] *= coef;
            }
        }
        return total;
    }

    // Four fixed accumulators: faster than one, and the same result on every run.
    private static double sumSquares(double[] g, int n) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += g[i] * g[i];
            s1 += g[i + 1] * g[i + 1];
            s2 += g[i + 2] * g[i + 2];
            s3 += g[i + 3] * g[i + 3];
        }
        for (; i < n; i++) s0 += g[i] * g[i];
        return (s0 + s1) + (s2 + s3);
    }
}
