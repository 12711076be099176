package ammi.backend;

import ammi.data.CsrMatrix;
import ammi.eval.CodeLikelihood;
import ammi.eval.NeighbourSearch;
import ammi.eval.PackedCodes;
import ammi.util.UserError;

import java.util.Map;

/**
 * The seam between Algorithm 2 and the hardware. {@link ammi.model.Trainer} owns the loop
 * (batches, prior steps, encoder steps, evaluation, early stopping); a backend owns the
 * parameters, optimiser state and training documents and performs each step. The steps are
 * coarse on purpose, so that a GPU backend keeps everything on the device between them.
 */
public interface Backend extends AutoCloseable {

    /** Loss terms of one encoder step, each averaged over the batch, in nats. */
    record StepResult(double loss, double conditionalEntropy, double crossEntropy) {}

    String name();

    /** Starts a step on training documents docs[0..count): computes the posterior on them. */
    void beginBatch(int[] docs, int count);

    /**
     * One Adam step (rate eta', clipped) on the prior, minimising H+(Z) on the current batch. Not
     * called in BMMI mode, which has no prior. A backend may defer the work to {@link #encoderStep}
     * (the CUDA backend runs a whole training step as one CUDA graph), so nothing is returned.
     */
    void priorStep();

    /**
     * One Adam step (rate eta, clipped) on the encoder, minimising H(Z|Y) - beta * H+(Z). In
     * predictive hashing (the backend holds X articles) both encoders take the step, minimising
     * H+(p(z|y), q(z|x)) - beta * H+(Z), each clipped on its own; the first term is then reported
     * as {@code conditionalEntropy}.
     */
    StepResult encoderStep();

    /**
     * --reorder-bits: the pairwise moments of the encoder's bits over the training batches since
     * the last call (each batch as it entered its step), then cleared.
     */
    default ammi.model.BitMoments takeBitMoments() {
        throw new UnsupportedOperationException(name() + " backend does not reorder bits");
    }

    /** --reorder-bits: from the next step on, the prior's chain runs over the bits in this order. */
    default void setBitOrder(int[] order) {
        throw new UnsupportedOperationException(name() + " backend does not reorder bits");
    }

    /**
     * --prior-parents: from the next step on, the prior's bit at chain position k is conditioned
     * on the positions parents[k * r + j] (j < r; -1 = none) instead of k - 1 - j. Layout and
     * rules of {@link ammi.markov.ParentCrossEntropy}.
     */
    default void setPriorParents(int[] parents) {
        throw new UnsupportedOperationException(name() + " backend does not support --prior-parents");
    }

    /** Viterbi codes of every row of x. */
    PackedCodes encode(CsrMatrix x);

    /**
     * Predictive hashing only: Viterbi codes of every row of x under the second encoder q(z|x).
     * A backend built without an X matrix does not have that encoder.
     */
    default PackedCodes encodeX(CsrMatrix x) {
        throw new UnsupportedOperationException(name() + " backend has no X encoder (not a predictive-hashing run)");
    }

    /** The encoder's conditionals for every row of x, kept as queries of the likelihood ranking. */
    default CodeLikelihood likelihood(CsrMatrix x) {
        throw new UnsupportedOperationException(name() + " backend cannot rank by likelihood");
    }

    /** Predictive hashing only: q(z|x)'s conditionals for every row of x (see {@link #likelihood}). */
    default CodeLikelihood likelihoodX(CsrMatrix x) {
        throw new UnsupportedOperationException(name() + " backend has no X encoder (not a predictive-hashing run)");
    }

    /** Top-K Hamming search over codes, as this backend runs it (the same lists on every backend). */
    default NeighbourSearch search() {
        return NeighbourSearch.CPU;
    }

    /** A copy of every parameter, by name, in a stable order. */
    Map<String, double[]> parameters();

    /** Overwrites parameters from {@link #parameters()}-shaped values. */
    void loadParameters(Map<String, double[]> values);

    /**
     * A copy of the optimiser state (every Adam's moments and step count), by name, for a
     * resumable checkpoint. A backend that cannot export it keeps this default, which fails with
     * one line for the user (a UserError) rather than an internal error.
     */
    default Map<String, double[]> optimizerState() {
        throw new UserError(name() + " backend cannot save its optimiser state: --checkpoint-every needs the cpu or cuda backend");
    }

    /** Overwrites the optimiser state from {@link #optimizerState()}-shaped values. */
    default void loadOptimizerState(Map<String, double[]> values) {
        throw new UserError(name() + " backend cannot restore an optimiser state: --resume needs the cpu or cuda backend");
    }

    @Override
    void close();
}
