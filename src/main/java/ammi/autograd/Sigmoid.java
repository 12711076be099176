package ammi.autograd;

import ammi.util.Parallel;

/** {@code y = 1 / (1 + exp(-x))}, evaluated so that no branch overflows. */
public final class Sigmoid {
    private final Tensor out;

    public Sigmoid(String name, int maxRows, int cols) {
        this.out = new Tensor(name + ".out", maxRows, cols);
    }

    static double sigmoid(double x) {
        if (x >= 0.0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    public Tensor forward(Tape tape, Tensor x) {
        if (x.cols != out.cols) throw new IllegalArgumentException(out.name + ": input " + x + " has wrong width");
        out.setRows(x.rows());
        final double[] xv = x.value, y = out.value;
        Parallel.forRange(x.size(), 20, (lo, hi, worker) -> {
            for (int i = lo; i < hi; i++) y[i] = sigmoid(xv[i]);
        });
        out.zeroGrad();
        final int size = x.size();
        tape.record(() -> {
            final double[] dx = x.grad, dy = out.grad;
            Parallel.forRange(size, 1, (lo, hi, worker) -> {
                for (int i = lo; i < hi; i++) dx[i] += dy[i] * y[i] * (1.0 - y[i]);
            });
        });
        return out;
    }
}
