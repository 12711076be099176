package ammi.model;

import ammi.backend.Backend;
import ammi.data.CsrMatrix;
import ammi.eval.MatchingPrecision;
import ammi.eval.PackedCodes;
import ammi.pairs.PairDataset;
import ammi.pairs.PairSplit;

/**
 * Predictive document hashing: top-K matching precision. Each X article, coded by q(z|x),
 * queries the Y articles of its split, coded by p(z|y); a hit when its partner is among the K
 * nearest codes (Hamming distance, ties by index). {@link #evaluateLikelihood} scores the same
 * pairs with the likelihood ranking.
 */
public final class MatchingTask implements EvalTask {
    private final PairDataset data;
    private final int topK;
    /** --val-distractors: the training articles' Y side, ranked as extra candidates; else null. */
    private final CsrMatrix distractors;
    /** --val-rank likelihood: the per-epoch score ranks by log q(code | x) instead of Hamming distance. */
    private final boolean validateByLikelihood;

    public MatchingTask(PairDataset data, int topK) {
        this(data, topK, false, false);
    }

    /** The early-stopping signal that {@code config} asks for (--val-distractors, --val-rank). */
    public MatchingTask(PairDataset data, AmmiConfig config) {
        this(data, config.topK, config.valDistractors, config.valByLikelihood);
    }

    /**
     * With {@code trainDistractors} the per-epoch validation score (the early-stopping signal) also
     * ranks the training articles' Y codes as candidates (--val-distractors): a small validation
     * pool saturates near 100% and stops runs early, while the test pool may be many times larger.
     * The final validation and test scores are the plain ones.
     */
    public MatchingTask(PairDataset data, int topK, boolean trainDistractors, boolean validateByLikelihood) {
        this.data = data;
        this.topK = topK;
        this.distractors = trainDistractors ? trainArticlePairs(data).y() : null;
        this.validateByLikelihood = validateByLikelihood;
    }

    @Override
    public int trainSize() {
        return data.train().size();
    }

    @Override
    public double validate(Backend backend) {
        PairSplit v = data.validation();
        PackedCodes extra = distractors == null ? null : backend.encode(distractors);
        if (validateByLikelihood) return MatchingPrecision.matchingAtK(backend.likelihoodX(v.x()), backend.encode(v.y()), extra, topK);
        return MatchingPrecision.matchingAtK(backend.encodeX(v.x()), backend.encode(v.y()), extra, topK);
    }

    @Override
    public double[] evaluate(Backend backend) {
        return new double[] {matching(backend, data.validation()), matching(backend, data.test())};
    }

    @Override
    public double[] evaluateLikelihood(Backend backend) {
        return new double[] {likelihoodMatching(backend, data.validation()), likelihoodMatching(backend, data.test())};
    }

    private double likelihoodMatching(Backend backend, PairSplit split) {
        return MatchingPrecision.matchingAtK(backend.likelihoodX(split.x()), backend.encode(split.y()), null, topK);
    }

    private double matching(Backend backend, PairSplit split) {
        return MatchingPrecision.matchingAtK(backend.encodeX(split.x()), backend.encode(split.y()), topK);
    }

    /**
     * Distinct codes over the training articles, X coded by q(z|x) and Y by p(z|y) (Table 3): the
     * two halves of the first train pair of each id (further cuts of one document count once).
     */
    public static int distinctTrainCodes(Backend backend, PairDataset data) {
        PairSplit train = trainArticlePairs(data);
        PackedCodes x = backend.encodeX(train.x()), y = backend.encode(train.y());
        return PackedCodes.concat(x, y).distinctCodes();
    }

    /** The train pairs whose halves are the training articles: the first pair of each id. */
    public static PairSplit trainArticlePairs(PairDataset data) {
        int[] rows = data.train().firstOfEachId();
        return rows.length == data.train().size() ? data.train() : data.train().select(rows);
    }
}
