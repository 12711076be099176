package ammi.autograd;

/** Views a tensor's values under another shape (a copy, since tensors own their buffers). */
public final class Reshape {
    private final Tensor out;

    public Reshape(String name, int rows, int cols) {
        out = new Tensor(name, rows, cols);
    }

    public Tensor forward(Tape tape, Tensor x) {
        int n = out.size();
        if (x.size() != n) throw new IllegalArgumentException("cannot reshape " + x + " to " + out);
        System.arraycopy(x.value, 0, out.value, 0, n);
        out.zeroGrad();
        tape.record(() -> {
            for (int k = 0; k < n; k++) x.grad[k] += out.grad[k];
        });
        return out;
    }
}
