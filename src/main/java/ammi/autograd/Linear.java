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
        final double[] xv = x.value, b = bias.value, y = out.value;
        final double[][] w = rowsOf(weight.value, m, n, wRows);
        wRows = w;
        Parallel.forRange(rows, (long) m * n, (lo, hi, worker) -> {
            double[] acc = new double[n];
            for (int r = lo; r < hi; r++) {
                int xOff = r * m;
                System.arraycopy(b, 0, acc, 0, n);
                for (int i = 0; i < m; i++) {
                    double a = xv[xOff + i];
                    if (a == 0.0) continue; // post-ReLU inputs are often exactly zero
                    axpy(a, w[i], acc, n);
                }
                System.arraycopy(acc, 0, y, r * n, n);
            }
        });
        out.zeroGrad();
        tape.record(() -> backward(x, rows));
        return out;
    }

    /*
     * Every inner loop is acc[j] += a * v[j] over two arrays that both start at 0: the form that
     * HotSpot's C2 (JDK 17) turns into SIMD; with row offsets into one flat array it stays scalar,
     * about 3x slower. Each entry still sums its terms in the order of the plain loops (over i, or
     * over j, or over r), so the results are the same to the bit; only rows are copied around.
     */
    private double[][] wRows, wCols, dyRows;

    /** The rows of a rows x cols row-major matrix as separate arrays, reusing {@code into} when it fits. */
    private static double[][] rowsOf(double[] flat, int rows, int cols, double[][] into) {
        double[][] out = into != null && into.length >= rows ? into : new double[rows][cols];
        for (int r = 0; r < rows; r++) System.arraycopy(flat, r * cols, out[r], 0, cols);
        return out;
    }

    private static void axpy(double a, double[] v, double[] acc, int n) {
        for (int j = 0; j < n; j++) acc[j] += a * v[j];
    }

    private void backward(Tensor x, int rows) {
        final int m = inDim, n = outDim;
        final double[] xv = x.value, dx = x.grad, w = weight.value, dw = weight.grad, db = bias.grad, dy = out.grad;
        // dx = dY W^T, one row per task: s_i = sum_j dy_j w_ij in order of j, accumulated for all i at once from W's columns.
        if (wCols == null || wCols.length < n) wCols = new double[n][m];
        final double[][] wt = wCols;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) wt[j][i] = w[i * n + j];
        Parallel.forRange(rows, (long) m * n, (lo, hi, worker) -> {
            double[] s = new double[m];
            for (int r = lo; r < hi; r++) {
                int yOff = r * n, xOff = r * m;
                java.util.Arrays.fill(s, 0.0);
                for (int j = 0; j < n; j++) axpy(dy[yOff + j], wt[j], s, m);
                for (int i = 0; i < m; i++) dx[xOff + i] += s[i];
            }
        });
        // dW = X^T dY, split by rows of W so each entry has one writer and a fixed order (r ascending).
        final double[][] g = rowsOf(dy, rows, n, dyRows);
        dyRows = g;
        Parallel.forRange(m, (long) rows * n, (lo, hi, worker) -> {
            double[] acc = new double[n];
            for (int i = lo; i < hi; i++) {
                int wOff = i * n;
                System.arraycopy(dw, wOff, acc, 0, n);
                for (int r = 0; r < rows; r++) {
                    double a = xv[r * m + i];
                    if (a == 0.0) continue;
                    axpy(a, g[r], acc, n);
                }
                System.arraycopy(acc, 0, dw, wOff, n);
            }
        });
        for (int r = 0; r < rows; r++) {
            double[] gr = g[r];
            for (int j = 0; j < n; j++) db[j] += gr[j];
        }
    }
}
