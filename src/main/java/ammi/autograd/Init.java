package ammi.autograd;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Parameter initialisers; each fills the whole tensor in index order, so a seed fixes the values. */
public final class Init {
    private Init() {}

    /** U(-alpha, alpha). */
    public static void uniform(Tensor t, double alpha, SplittableRandom rng) {
        double[] v = t.value;
        for (int i = 0; i < v.length; i++) v[i] = (2.0 * rng.nextDouble() - 1.0) * alpha;
    }

    public static void zeros(Tensor t) {
        Arrays.fill(t.value, 0.0);
    }

    /** PyTorch's nn.Linear default: weight and bias both U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    public static void torchLinearDefault(Tensor weight, Tensor bias, int fanIn, SplittableRandom rng) {
        double bound = 1.0 / Math.sqrt(fanIn);
        uniform(weight, bound, rng);
        if (bias != null) uniform(bias, bound, rng);
    }

    /** N(0, 1), PyTorch's nn.Embedding default. */
    public static void normal(Tensor t, SplittableRandom rng) {
        double[] v = t.value;
        for (int i = 0; i < v.length; i++) v[i] = rng.nextGaussian();
    }
}
