package ammi.autograd;

import java.util.ArrayList;

/**
 * Reverse-mode autograd in its smallest form: every operation records a closure that pushes its
 * output gradient into its inputs' gradients ({@code +=}); {@link #backward} replays them in
 * reverse order. Operations zero their own output gradient in the forward pass, and parameters
 * are zeroed by the optimiser, so a replay needs no other bookkeeping.
 */
public final class Tape {

    @FunctionalInterface
    public interface Backward {
        void run();
    }

    private final ArrayList<Backward> ops = new ArrayList<>();

    public void record(Backward backward) {
        ops.add(backward);
    }

    /** Seeds {@code d loss / d loss = 1} for a 1x1 tensor and runs every recorded closure backwards. */
    public void backward(Tensor loss) {
        if (loss.size() != 1) throw new IllegalArgumentException("backward needs a scalar loss, got " + loss);
        loss.grad[0] = 1.0;
        backwardSeeded();
    }

    /**
     * Runs every recorded closure backwards after the caller has put the loss's gradient into the
     * outputs itself: for a step that needs a loss's gradient but never reads its value.
     */
    public void backwardSeeded() {
        for (int i = ops.size() - 1; i >= 0; i--) ops.get(i).run();
    }

    public void clear() {
        ops.clear();
    }

    public int size() {
        return ops.size();
    }
}
