package ammi.autograd;

/** out = wa * a + wb * b for scalar (1x1) tensors: how the AMMI loss joins its two entropies. */
public final class LinearCombination {
    private final Tensor out;

    public LinearCombination(String name) {
        out = new Tensor(name, 1, 1);
    }

    public Tensor forward(Tape tape, Tensor a, double wa, Tensor b, double wb) {
        out.value[0] = wa * a.value[0] + wb * b.value[0];
        out.grad[0] = 0.0;
        tape.record(() -> {
            a.grad[0] += wa * out.grad[0];
            b.grad[0] += wb * out.grad[0];
        });
        return out;
    }
}
