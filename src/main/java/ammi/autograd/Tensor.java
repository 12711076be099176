package ammi.autograd;

import java.util.Arrays;

/**
 * A row-major matrix of doubles with a gradient buffer of the same size. Buffers are allocated
 * once for {@code capacityRows}; a batch with fewer rows uses a prefix ({@link #setRows}), so the
 * per-batch path never allocates.
 */
public final class Tensor {
    public final String name;
    public final int cols;
    private final int capacityRows;
    private int rows;
    public final double[] value;
    public final double[] grad;

    public Tensor(String name, int rows, int cols) {
        if (rows < 1 || cols < 1) throw new IllegalArgumentException(name + ": shape must be positive, got " + rows + "x" + cols);
        this.name = name;
        this.capacityRows = rows;
        this.rows = rows;
        this.cols = cols;
        this.value = new double[rows * cols];
        this.grad = new double[rows * cols];
    }

    public int rows() {
        return rows;
    }

    public int capacityRows() {
        return capacityRows;
    }

    /** Number of active elements, {@code rows() * cols}. */
    public int size() {
        return rows * cols;
    }

    public void setRows(int r) {
        if (r < 1 || r > capacityRows) throw new IllegalArgumentException(name + ": rows " + r + " outside [1, " + capacityRows + "]");
        rows = r;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0, size(), 0.0);
        clearGradRows();
    }

    // Sparse-gradient hint: when gradRowCount >= 0, rows not listed in gradRows have exactly zero
    // gradient. SparseLinear keeps it for its weight (a batch touches ~10% of the vocabulary), so
    // the clipping norm reads only those rows.
    private int[] gradRows;
    private int[] rowMark;
    private int gradRowCount = -1;
    private int generation = 1;

    /** Starts tracking which rows can have a nonzero gradient; all rows must be zero now. */
    public void trackGradRows() {
        if (gradRows == null) {
            gradRows = new int[capacityRows];
            rowMark = new int[capacityRows];
        }
        gradRowCount = 0;
        generation++;
    }

    /** Records that {@code row} may now have a nonzero gradient (no-op unless tracking). */
    public void markGradRow(int row) {
        if (gradRowCount < 0 || rowMark[row] == generation) return;
        rowMark[row] = generation;
        gradRows[gradRowCount++] = row;
    }

    /** Number of listed rows, or -1 when any row may be nonzero. */
    public int gradRowCount() {
        return gradRowCount;
    }

    public int gradRow(int k) {
        return gradRows[k];
    }

    /** Called once the gradient is all zero again (after an optimiser step). */
    public void clearGradRows() {
        if (gradRows != null) trackGradRows();
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + "]";
    }
}
