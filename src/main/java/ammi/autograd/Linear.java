package ammi.autograd;

import ammi.util.Parallel;

import java.util.List;

/**
 * {@code y = x W + b} with {@code W} stored {@code inDim x outDim} (the transpose of PyTorch's
 * layout) so that a row of {@code W} is contiguous. Weights start at zero; initialise them with
 * {@link Init}.
 */
public final class Linear {
    public final Tensor weight;
    public final Tensor bias;
    private final Tensor out;
    private final int inDim;
    private final int outDim;

    public Linear(String name, int inDim, int outDim, int maxBatch) {
        this.inDim = inDim;
        this.outDim = outDim;
        this.weight = new Tensor(name + ".weight", inDim, outDim);
        this.bias = new Tensor(name + ".bias", 1, outDim);
        this.out = new Tensor(name + ".out", maxBatch, outDim);
    }

    /** A second use of {@code shared}'s weight and bias with its own output buffer (see SparseLinear). */
    public Linear(Linear shared, String name, int maxBatch) {
        this.inDim = shared.inDim;
        this.outDim = shared.outDim;
        this.weight = shared.weight;
        this.bias = shared.bias;
        this.out = new Tensor(name + ".out", maxBatch, outDim);
    }

    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    public Tensor forward(Tape tape, Tensor x) {
        if (x.cols != inDim) throw new IllegalArgumentException(weight.name + ": input " + x + " has " + x.cols + " columns, expected " + inDim);
        final int rows = x.rows(), m = inDim, n = outDim;
        out.setRows(rows);
        final double[] xv = x.value, w = weight.value, b = bias.value, y = out.value;
        Parallel.forRange(rows, (long) m * n, (lo, hi, worker) -> {
            for (int r = lo; r < hi; r++) {
                int yOff = r * n, xOff = r * m;
                System.arraycopy(b, 0, y, yOff, n);
                for (int i = 0; i < m; i++) {
                    double a = xv[xOff + i];
                    if (a == 0.0) continue; // post-ReLU inputs are often exactly zero
                    int wOff = i * n;
                    for (int j = 0; j < n; j++) y[yOff + j] += a * w[wOff + j];
                }
            }
        });
        out.zeroGrad();
        tape.record(() -> backward(x, rows));
        return out;
    }

    private void backward(Tensor x, int rows) {
        final int m = inDim, n = outDim;
        final double[] xv = x.value, dx = x.grad, w = weight.value, dw = weight.grad, db = bias.grad, dy = out.grad;
        // dx = dY W^T, one row per task.
        Parallel.forRange(rows, (long) m * n, (lo, hi, worker) -> {
            for (int r = lo; r < hi; r++) {
                int yOff = r * n, xOff = r * m;
                for (int i = 0; i < m; i++) {
                    int wOff = i * n;
                    double s = 0.0;
                    for (int j = 0; j < n; j++) s += dy[yOff + j] * w[wOff + j];
                    dx[xOff + i] += s;
                }
            }
        });
        // dW = X^T dY, split by rows of W so each entry has one writer and a fixed order.
        Parallel.forRange(m, (long) rows * n, (lo, hi, worker) -> {
            for (int i = lo; i < hi; i++) {
                int wOff = i * n;
                for (int r = 0; r < rows; r++) {
                    double a = xv[r * m + i];
                    if (a == 0.0) continue;
                    int yOff = r * n;
                    for (int j = 0; j < n; j++) dw[wOff + j] += a * dy[yOff + j];
                }
            }
        });
        for (int r = 0; r < rows; r++) {
            int yOff = r * n;
            for (int j = 0; j < n; j++) db[j] += dy[yOff + j];
        }
    }
}
