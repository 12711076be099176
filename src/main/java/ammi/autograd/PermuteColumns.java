package ammi.autograd;

/** out[b][k] = x[b][perm[k]]: reorders the columns of a batch (the bits of an order-0 posterior). */
public final class PermuteColumns {
    private final Tensor out;

    public PermuteColumns(String name, int maxRows, int cols) {
        out = new Tensor(name, maxRows, cols);
    }

    public Tensor forward(Tape tape, Tensor x, int[] perm) {
        final int rows = x.rows(), cols = x.cols;
        if (cols != out.cols || perm.length != cols) throw new IllegalArgumentException("permutation of " + perm.length + " for " + x);
        out.setRows(rows);
        for (int b = 0; b < rows; b++)
            for (int k = 0; k < cols; k++) out.value[b * cols + k] = x.value[b * cols + perm[k]];
        out.zeroGrad();
        tape.record(() -> {
            for (int b = 0; b < rows; b++)
                for (int k = 0; k < cols; k++) x.grad[b * cols + perm[k]] += out.grad[b * cols + k];
        });
        return out;
    }
}
