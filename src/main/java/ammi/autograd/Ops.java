package ammi.autograd;

/** Small scalar reductions; each call allocates its 1x1 output, so keep them off hot paths. */
public final class Ops {
    private Ops() {}

    /** {@code sum_i c[i] * x[i]} over the active elements of {@code x}. */
    public static Tensor weightedSum(Tape tape, Tensor x, double[] c) {
        int n = x.size();
        if (c.length < n) throw new IllegalArgumentException("weights shorter than " + x);
        Tensor out = new Tensor("weightedSum", 1, 1);
        double s = 0.0;
        for (int i = 0; i < n; i++) s += c[i] * x.value[i];
        out.value[0] = s;
        tape.record(() -> {
            double g = out.grad[0];
            for (int i = 0; i < n; i++) x.grad[i] += c[i] * g;
        });
        return out;
    }

    /** {@code sum_i x[i]^2} over the active elements of {@code x}. */
    public static Tensor sumSquares(Tape tape, Tensor x) {
        int n = x.size();
        Tensor out = new Tensor("sumSquares", 1, 1);
        double s = 0.0;
        for (int i = 0; i < n; i++) s += x.value[i] * x.value[i];
        out.value[0] = s;
        tape.record(() -> {
            double g = out.grad[0];
            for (int i = 0; i < n; i++) x.grad[i] += 2.0 * x.value[i] * g;
        });
        return out;
    }
}
