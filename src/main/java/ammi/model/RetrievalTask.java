package ammi.model;

import ammi.backend.Backend;
import ammi.data.Dataset;
import ammi.data.Split;
import ammi.eval.PackedCodes;
import ammi.eval.RetrievalPrecision;

/** Unsupervised document hashing: top-K precision of queries against the training codes. */
public final class RetrievalTask implements EvalTask {
    private final Dataset data;
    private final int topK;

    /** --val-rank likelihood: the per-epoch score ranks by log p(code | y) instead of Hamming distance. */
    private final boolean validateByLikelihood;

    public RetrievalTask(Dataset data, int topK) {
        this(data, topK, false);
    }

    public RetrievalTask(Dataset data, int topK, boolean validateByLikelihood) {
        this.data = data;
        this.topK = topK;
        this.validateByLikelihood = validateByLikelihood;
    }

    @Override
    public int trainSize() {
        return data.train().x().rows;
    }

    /** P@K counts neighbours that share a label: without labels there is nothing to count. */
    @Override
    public boolean scoresEpochs() {
        return data.labelled();
    }

    @Override
    public double validate(Backend backend) {
        if (!scoresEpochs()) return Double.NaN;
        PackedCodes base = backend.encode(data.train().x());
        return validateByLikelihood ? likelihoodPrecision(backend, base, data.validation()) : precision(backend, base, data.validation());
    }

    @Override
    public double[] evaluate(Backend backend) {
        if (!scoresEpochs()) return new double[] {Double.NaN, Double.NaN};
        PackedCodes base = backend.encode(data.train().x());
        return new double[] {precision(backend, base, data.validation()), precision(backend, base, data.test())};
    }

    @Override
    public double[] evaluateLikelihood(Backend backend) {
        if (!scoresEpochs()) return new double[] {Double.NaN, Double.NaN};
        PackedCodes base = backend.encode(data.train().x());
        return new double[] {likelihoodPrecision(backend, base, data.validation()), likelihoodPrecision(backend, base, data.test())};
    }

    private double likelihoodPrecision(Backend backend, PackedCodes base, Split queries) {
        int kk = Math.min(topK, base.count());
        return RetrievalPrecision.precisionOfLists(backend.likelihood(queries.x()).nearest(base, kk), kk, queries.labels(), data.train().labels());
    }

    private double precision(Backend backend, PackedCodes base, Split queries) {
        PackedCodes q = backend.encode(queries.x());
        return RetrievalPrecision.precisionAtK(q, queries.labels(), base, data.train().labels(), topK, backend.search());
    }
}
