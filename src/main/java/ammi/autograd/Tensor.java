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
    }

    @Override
    public String toString() {
        return name + "[" + rows + "x" + cols + "]";
    }
}
