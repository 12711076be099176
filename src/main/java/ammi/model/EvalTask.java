package ammi.model;

import ammi.backend.Backend;

/**
 * The validation task T of Algorithm 2: it scores the backend's current codes (higher is better)
 * after every epoch, and gives the final validation and test scores once the best epoch's
 * parameters are restored.
 */
public interface EvalTask {
    /** Number of training examples (documents, or pairs) the backend was built on. */
    int trainSize();

    /** Validation score of the current parameters. */
    double validate(Backend backend);

    /** {validation, test} scores of the current parameters. */
    double[] evaluate(Backend backend);

    /**
     * False when the scores cannot be measured (a corpus without labels): the scores are NaN, and
     * training keeps the last epoch, without early stopping.
     */
    default boolean scoresEpochs() {
        return true;
    }

    /**
     * {validation, test} scores of the current parameters under the likelihood ranking (queries keep
     * their encoder's conditionals; {@link ammi.eval.CodeLikelihood}), or null where the task has none.
     */
    default double[] evaluateLikelihood(Backend backend) {
        return null;
    }
}
