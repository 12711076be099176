package ammi.autograd;

import ammi.util.Parallel;

/**
 * {@code y = log sigmoid(x) = min(x, 0) - log1p(exp(-|x|))}: exp never sees a positive
 * argument, so large |x| neither overflows nor loses the tail. {@code dy/dx = sigmoid(-x)}.
 */
public final class LogSigmoid {
    private final Tensor out;

    public LogSigmoid(String name, int maxRows, int cols) {
        this.out = new Tensor(name + ".out", maxRows, cols);
    }

    static double logSigmoid(double x) {
        return Math.min(x, 0.0) - Math.log1p(Math.exp(-Math.abs(x)));
    }

    public Tensor forward(Tape tape, Tensor x) {
        if (x.cols != out.cols) throw new IllegalArgumentException(out.name + ": input " + x + " has wrong width");
        out.setRows(x.rows());
        final double[] xv = x.value, y = out.value;
        Parallel.forRange(x.size(), 40, (lo, hi, worker) -> {
            for (int i = lo; i < hi; i++) y[i] = logSigmoid(xv[i]);
        });
        out.zeroGrad();
        final int size = x.size();
        tape.record(() -> {
            final double[] dx = x.grad, dy = out.grad;
            Parallel.forRange(size, 20, (lo, hi, worker) -> {
                for (int i = lo; i < hi; i++) dx[i] += dy[i] * Sigmoid.sigmoid(-xv[i]);
            });
        });
        return out;
    }
}
