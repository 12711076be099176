package ammi.autograd;

import ammi.data.CsrMatrix;
import ammi.util.Parallel;

import java.util.List;

/**
 * {@code y = x W + b} where {@code x} is a batch of rows of a CSR matrix. The V-dimensional input
 * is never densified: forward gathers rows of {@code W} for each nonzero, backward scatters into
 * the same rows. There is no gradient with respect to {@code x}.
 *
 * <p>Weights start at zero; initialise them with {@link Init}.
 */
public final class SparseLinear {
    public final Tensor weight;
    public final Tensor bias;
    private final Tensor out;
    private final int inDim;
    private final int outDim;

    public SparseLinear(String name, int inDim, int outDim, int maxBatch) {
        this.inDim = inDim;
        this.outDim = outDim;
        this.weight = new Tensor(name + ".weight", inDim, outDim);
        this.bias = new Tensor(name + ".bias", 1, outDim);
        this.out = new Tensor(name + ".out", maxBatch, outDim);
        this.weight.trackGradRows();
    }

    /**
     * A second use of {@code shared}'s weight and bias with its own output buffer, so that both
     * can be on one tape: backward adds into the shared gradients.
     */
    public SparseLinear(SparseLinear shared, String name, int maxBatch) {
        this.inDim = shared.inDim;
        this.outDim = shared.outDim;
        this.weight = shared.weight;
        this.bias = shared.bias;
        this.out = new Tensor(name + ".out", maxBatch, outDim);
    }

    public List<Tensor> parameters() {
        return List.of(weight, bias);
    }

    /**
     * Computes the layer for the documents {@code rows[0..count)} of {@code x}. The rows are read
     * in place, so neither {@code x} nor {@code rows} may change before the backward pass.
     */
    public Tensor forward(Tape tape, CsrMatrix x, int[] rows, int count) {
        if (x.cols != inDim) throw new IllegalArgumentException(weight.name + ": input has " + x.cols + " columns, expected " + inDim);
        out.setRows(count);
        final int n = outDim;
        final double[] w = weight.value, b = bias.value, y = out.value;
        final int[] rowPtr = x.rowPtr, colIdx = x.colIdx;
        final double[] xv = x.values;
        long cost = ((long) x.nnz() / Math.max(1, x.rows) + 1) * n;
        Parallel.forRange(count, cost, (lo, hi, worker) -> {
            for (int d = lo; d < hi; d++) {
                int yOff = d * n;
                System.arraycopy(b, 0, y, yOff, n);
                int r = rows[d];
                for (int k = rowPtr[r], end = rowPtr[r + 1]; k < end; k++) {
                    double a = xv[k];
                    int wOff = colIdx[k] * n;
                    for (int j = 0; j < n; j++) y[yOff + j] += a * w[wOff + j];
                }
            }
        });
        out.zeroGrad();
        tape.record(() -> backward(x, rows, count));
        return out;
    }

    /**
     * dW[v,:] += x[d,v] dY[d,:] and db += sum_d dY[d,:]. Split by output columns: two documents
     * sharing a word write the same row of dW, but never the same column, so threads never
     * collide and each entry is summed in the same order whatever the thread count.
     */
    private void backward(CsrMatrix x, int[] rows, int count) {
        final int n = outDim;
        final double[] dw = weight.grad, db = bias.grad, dy = out.grad;
        final int[] rowPtr = x.rowPtr, colIdx = x.colIdx;
        final double[] xv = x.values;
        long nnz = count;
        for (int d = 0; d < count; d++) {
            int r = rows[d];
            nnz += x.rowNnz(r);
            for (int k = rowPtr[r], end = rowPtr[r + 1]; k < end; k++) weight.markGradRow(colIdx[k]);
        }
        Parallel.forRange(n, nnz, (lo, hi, worker) -> {
            for (int d = 0; d < count; d++) {
                int yOff = d * n;
                for (int j = lo; j < hi; j++) db[j] += dy[yOff + j];
                int r = rows[d];
                for (int k = rowPtr[r], end = rowPtr[r + 1]; k < end; k++) {
                    double a = xv[k];
                    int wOff = colIdx[k] * n;
                    for (int j = lo; j < hi; j++) dw[wOff + j] += a * dy[yOff + j];
                }
            }
        });
    }
}
