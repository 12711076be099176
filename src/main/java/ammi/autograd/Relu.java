package ammi.autograd;

import ammi.util.Parallel;

/** {@code y = max(x, 0)}; the derivative at exactly 0 is taken as 0, as in PyTorch. */
public final class Relu {
    private final Tensor out;

    public Relu(String name, int maxRows, int cols) {
        this.out = new Tensor(name + ".out", maxRows, cols);
    }

    public Tensor forward(Tape tape, Tensor x) {
        if (x.cols != out.cols) throw new IllegalArgumentException(out.name + ": input " + x + " has wrong width");
        out.setRows(x.rows());
        final double[] xv = x.value, y = out.value;
        Parallel.forRange(x.size(), 1, (lo, hi, worker) -> {
            for (int i = lo; i < hi; i++) y[i] = xv[i] > 0.0 ? xv[i] : 0.0;
        });
        out.zeroGrad();
        final int size = x.size();
        tape.record(() -> {
            final double[] dx = x.grad, dy = out.grad;
            Parallel.forRange(size, 1, (lo, hi, worker) -> {
                for (int i = lo; i < hi; i++) if (xv[i] > 0.0) dx[i] += dy[i];
            });
        });
        return out;
    }
}
