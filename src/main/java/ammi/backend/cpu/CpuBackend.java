package ammi.backend.cpu;

import ammi.autograd.Adam;
import ammi.autograd.BmmiOp;
import ammi.autograd.CrossEntropyOp;
import ammi.autograd.GradClip;
import ammi.autograd.LinearCombination;
import ammi.autograd.ParentCrossEntropyOp;
import ammi.autograd.PermuteColumns;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.backend.Backend;
import ammi.data.CsrMatrix;
import ammi.eval.CodeLikelihood;
import ammi.eval.PackedCodes;
import ammi.markov.ContextMarginals;
import ammi.markov.CrossEntropy;
import ammi.markov.ParentCrossEntropy;
import ammi.markov.Viterbi;
import ammi.model.AmmiConfig;
import ammi.model.BitMoments;
import ammi.model.BitOrder;
import ammi.model.Posterior;
import ammi.model.Prior;
import ammi.model.WordDropout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Plain-Java backend: the autograd tape over double-precision kernels on all cores. */
public final class CpuBackend implements Backend {
    /** Documents encoded per forward pass at evaluation time. */
    static final int ENCODE_CHUNK = 512;

    private final AmmiConfig config;
    private final CsrMatrix train;
    private final Posterior posterior;
    private final Prior prior;
    /** Predictive hashing: X articles (row i pairs with row i of {@code train}) and q(z|x); else null. */
    private final CsrMatrix trainX;
    private final Posterior posteriorX;
    private final CrossEntropyOp crossYX;
    private final Adam encoderXAdam;
    private Tensor logitsX;
    private final Tape tape = new Tape();
    private final Tape priorTape = new Tape();
    private final Tape scratch = new Tape();
    private final CrossEntropyOp conditional;
    private final CrossEntropyOp marginal;
    /**
     * The prior's loss reads the batch only through its aggregate context marginals, filled once
     * per batch (when stale) and shared by the G prior steps; null for BMMI.
     */
    private final ContextMarginals priorStatistics;
    private boolean priorStatisticsFresh;
    private final CrossEntropy chainStatistics;
    private final ParentCrossEntropy parentStatistics;
    private final BmmiOp bmmi;
    private final LinearCombination combine = new LinearCombination("loss");
    private final Adam encoderAdam;
    private final Adam priorAdam;
    private final int[] chunkRows = new int[ENCODE_CHUNK];
    private final int[] batchRows; // 0, 1, 2, ...: the rows of a word-dropout batch matrix
    private Tensor logits;
    /** --reorder-bits: the order of the prior's chain, the moments that choose the next one, the gather; else null. */
    private int[] bitOrder;
    private final BitMoments moments;
    private final PermuteColumns permute;
    /** --prior-parents: H+(Z) and the prior's loss against a prior whose bits have chosen parents; else null. */
    private final ParentCrossEntropyOp marginalParents;
    private int[] parents;

    public CpuBackend(AmmiConfig config, CsrMatrix train) {
        this(config, train, null);
    }

    /**
     * With {@code trainX} non-null the backend trains predictive hashing: {@code train} holds the
     * Y articles, {@code trainX} the X articles of the same pairs, and a second encoder q(z|x) of
     * order {@code config.orderX} is built (initialised after the prior).
     */
    public CpuBackend(AmmiConfig config, CsrMatrix train, CsrMatrix trainX) {
        if (trainX != null && trainX.rows != train.rows)
            throw new IllegalArgumentException("X has " + trainX.rows + " rows but Y has " + train.rows);
        if (trainX != null && !config.predictive)
            throw new IllegalArgumentException("an X matrix needs config.predictive");
        this.config = config;
        this.trainX = trainX;
        this.train = train;
        int m = config.bits, o = config.orderPosterior, r = config.orderPrior;
        int maxBatch = Math.max(config.batchSize, ENCODE_CHUNK);
        posterior = new Posterior("posterior", train.cols, m, o, config.encoderLayers, config.effectiveEncoderHidden(), maxBatch);
        prior = config.brute ? null : new Prior(m, r, config.layers, config.hidden, config.rawPrior);
        SplittableRandom rng = new SplittableRandom(config.seed);
        posterior.initialise(config.init, rng);
        if (prior != null) prior.initialise(config.init, rng);
        if (trainX != null && config.tieEncoders) {
            if (trainX.cols != train.cols)
                throw new IllegalArgumentException("tied encoders need one vocabulary: X has " + trainX.cols + " columns, Y " + train.cols);
            posteriorX = new Posterior("encoderX", posterior, maxBatch);
            crossYX = new CrossEntropyOp(m, o, config.orderX, config.batchSize);
            encoderXAdam = null; // encoderAdam steps the shared weights once, with both gradients summed
        } else if (trainX != null) {
            posteriorX = new Posterior("encoderX", trainX.cols, m, config.orderX, config.encoderLayers,
                    config.effectiveEncoderHidden(), maxBatch);
            posteriorX.initialise(config.init, rng);
            crossYX = new CrossEntropyOp(m, o, config.orderX, config.batchSize);
            encoderXAdam = new Adam(posteriorX.parameters(), config.lr);
        } else {
            posteriorX = null;
            crossYX = null;
            encoderXAdam = null;
        }
        conditional = new CrossEntropyOp(m, o, o, config.batchSize);
        marginal = config.brute ? null : new CrossEntropyOp(m, o, r, config.batchSize);
        priorStatistics = config.brute ? null : new ContextMarginals(m, r);
        chainStatistics = config.brute || config.priorParents ? null : new CrossEntropy(m, o, r);
        parentStatistics = config.priorParents ? new ParentCrossEntropy(m, r) : null;
        bmmi = config.brute ? new BmmiOp(m, o, config.batchSize) : null;
        encoderAdam = new Adam(posterior.parameters(), config.lr);
        encoderAdam.setWeightDecay(config.weightDecay);
        if (encoderXAdam != null) encoderXAdam.setWeightDecay(config.weightDecay);
        if (config.reorderBits) {
            bitOrder = BitOrder.identity(m);
            moments = new BitMoments(m);
            permute = new PermuteColumns("chainOrder", config.batchSize, m);
        } else {
            moments = null;
            permute = null;
        }
        if (config.priorParents) {
            marginalParents = new ParentCrossEntropyOp(m, r, config.batchSize);
            setPriorParents(ammi.markov.ParentCrossEntropy.chainParents(m, r));
        } else {
            marginalParents = null;
        }
        batchRows = new int[config.batchSize];
        for (int k = 0; k < batchRows.length; k++) batchRows[k] = k;
        priorAdam = prior == null ? null : new Adam(prior.parameters(), config.effectiveLrPrior());
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public void beginBatch(int[] docs, int count) {
        tape.clear();
        if (config.wordDropout > 0) {
            long step = encoderAdam.steps(); // restored with the optimiser state, so a resumed run draws the same masks
            CsrMatrix y = WordDropout.batch(train, docs, count, config.wordDropout, config.seed, 0, step);
            logits = posterior.forward(tape, y, batchRows, count);
            if (posteriorX != null) {
                CsrMatrix x = WordDropout.batch(trainX, docs, count, config.wordDropout, config.seed, 1, step);
                logitsX = posteriorX.forward(tape, x, batchRows, count);
            }
        } else {
            logits = posterior.forward(tape, train, docs, count);
            if (posteriorX != null) logitsX = posteriorX.forward(tape, trainX, docs, count);
        }
        if (moments != null) moments.add(logits.value, count);
        priorStatisticsFresh = false;
        // The reference builds a fresh Adam for the prior at every batch; so do we.
        if (priorAdam != null) priorAdam.reset();
    }

    @Override
    public void priorStep() {
        if (prior == null) throw new IllegalStateException("BMMI has no prior");
        priorTape.clear();
        priorAdam.zeroGrad(); // the encoder step leaves gradients on a raw prior table
        if (!priorStatisticsFresh) {
            scratch.clear();
            Tensor p = inChainOrder(scratch);
            if (parentStatistics != null) parentStatistics.contextMarginals(p.value, p.rows(), priorStatistics);
            else chainStatistics.contextMarginals(p.value, p.rows(), priorStatistics);
            priorStatisticsFresh = true;
        }
        Tensor q = prior.forward(priorTape);
        // The step reads dH+/dq only: H+'s value, an exp and a log per table entry, is never needed here.
        priorStatistics.backward(q.value, 1.0, q.grad);
        priorTape.backwardSeeded();
        priorAdam.step(GradClip.coefficient(GradClip.norm(prior.parameters()), config.clip));
    }

    @Override
    public StepResult encoderStep() {
        // Unsupervised: H(Z|Y) = H(p, p). Predictive: H+(p(z|y), q(z|x)), gradients into both encoders.
        Tensor hzy = posteriorX == null
                ? conditional.forward(tape, logits, true, logits, false)
                : crossYX.forward(tape, logits, true, logitsX, false);
        Tensor hz;
        if (bmmi != null) {
            hz = bmmi.forward(tape, logits);
        } else {
            scratch.clear(); // the prior is fixed during the encoder step
            Tensor q = prior.forward(scratch);
            hz = marginalParents != null
                    ? marginalParents.forward(tape, inChainOrder(tape), true, q, false)
                    : marginal.forward(tape, inChainOrder(tape), true, q, false, true);
        }
        Tensor loss = combine.forward(tape, hzy, 1.0, hz, -config.entropyWeight);
        StepResult result = new StepResult(loss.value[0], hzy.value[0], hz.value[0]);
        if (!Double.isFinite(result.loss())) return result; // the trainer stops; parameters stay as they were
        tape.backward(loss);
        if (encoderXAdam == null) { // one encoder (tied or unsupervised)
            encoderAdam.step(GradClip.coefficient(GradClip.norm(posterior.parameters()), config.clip));
        } else { // one clipper per encoder, as in the reference; both coefficients before either step
            double cy = GradClip.coefficient(GradClip.norm(posterior.parameters()), config.clip);
            double cx = GradClip.coefficient(GradClip.norm(posteriorX.parameters()), config.clip);
            encoderAdam.step(cy);
            encoderXAdam.step(cx);
        }
        return result;
    }

    /** The batch's logits with the bits in the prior's chain order (the logits themselves without --reorder-bits). */
    private Tensor inChainOrder(Tape on) {
        return permute == null ? logits : permute.forward(on, logits, bitOrder);
    }

    @Override
    public BitMoments takeBitMoments() {
        if (moments == null) return Backend.super.takeBitMoments();
        BitMoments out = new BitMoments(config.bits);
        out.add(moments.sum, moments.cross, moments.documents());
        moments.clear();
        return out;
    }

    @Override
    public void setBitOrder(int[] order) {
        if (moments == null) Backend.super.setBitOrder(order);
        if (!BitOrder.isPermutation(order, config.bits)) throw new IllegalArgumentException("not a permutation of the " + config.bits + " bits");
        bitOrder = order.clone();
        priorStatisticsFresh = false;
    }

    @Override
    public void setPriorParents(int[] pa) {
        if (marginalParents == null) Backend.super.setPriorParents(pa);
        marginalParents.setParents(pa);
        parentStatistics.setParents(pa);
        priorStatisticsFresh = false;
        parents = pa.clone();
    }

    @Override
    public PackedCodes encode(CsrMatrix x) {
        return encodeWith(posterior, config.orderPosterior, x);
    }

    @Override
    public PackedCodes encodeX(CsrMatrix x) {
        if (posteriorX == null) return Backend.super.encodeX(x);
        return encodeWith(posteriorX, config.orderX, x);
    }

    @Override
    public CodeLikelihood likelihood(CsrMatrix x) {
        return likelihoodWith(posterior, config.orderPosterior, x);
    }

    @Override
    public CodeLikelihood likelihoodX(CsrMatrix x) {
        if (posteriorX == null) return Backend.super.likelihoodX(x);
        return likelihoodWith(posteriorX, config.orderX, x);
    }

    private CodeLikelihood likelihoodWith(Posterior encoder, int order, CsrMatrix x) {
        int n = x.rows, per = config.bits << order;
        double[] logits = new double[Math.multiplyExact(n, per)];
        forwardInChunks(encoder, x, (lo, count, l) -> System.arraycopy(l, 0, logits, lo * per, count * per));
        return new CodeLikelihood(logits, n, config.bits, order);
    }

    private PackedCodes encodeWith(Posterior encoder, int order, CsrMatrix x) {
        int n = x.rows, m = config.bits;
        byte[] bits = new byte[n * m];
        byte[] chunkBits = new byte[ENCODE_CHUNK * m];
        forwardInChunks(encoder, x, (lo, count, l) -> {
            Viterbi.decode(l, count, m, order, chunkBits, null);
            System.arraycopy(chunkBits, 0, bits, lo * m, count * m);
        });
        return PackedCodes.fromBits(bits, n, m);
    }

    private interface ChunkLogits {
        void accept(int lo, int count, double[] logits);
    }

    /** The encoder's logits of rows [lo, lo + count) of x, ENCODE_CHUNK rows at a time (the scratch tape is reused). */
    private void forwardInChunks(Posterior encoder, CsrMatrix x, ChunkLogits sink) {
        for (int lo = 0; lo < x.rows; lo += ENCODE_CHUNK) {
            int count = Math.min(ENCODE_CHUNK, x.rows - lo);
            for (int k = 0; k < count; k++) chunkRows[k] = lo + k;
            scratch.clear();
            sink.accept(lo, count, encoder.forward(scratch, x, chunkRows, count).value);
        }
        scratch.clear();
    }

    private List<Tensor> allParameters() {
        List<Tensor> all = new ArrayList<>(posterior.parameters());
        if (prior != null) all.addAll(prior.parameters());
        if (posteriorX != null && !config.tieEncoders) all.addAll(posteriorX.parameters());
        return all;
    }

    @Override
    public Map<String, double[]> parameters() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Tensor t : allParameters()) out.put(t.name, java.util.Arrays.copyOf(t.value, t.size()));
        return out;
    }

    @Override
    public void loadParameters(Map<String, double[]> values) {
        for (Tensor t : allParameters()) {
            double[] v = values.get(t.name);
            if (v == null) throw new IllegalArgumentException("missing parameter " + t.name);
            if (v.length != t.size()) throw new IllegalArgumentException("parameter " + t.name + " has " + v.length + " values, expected " + t.size());
            System.arraycopy(v, 0, t.value, 0, v.length);
        }
    }

    @Override
    public Map<String, double[]> optimizerState() {
        Map<String, double[]> out = new LinkedHashMap<>();
        encoderAdam.exportState("adam.encoder", out);
        if (priorAdam != null) priorAdam.exportState("adam.prior", out);
        if (encoderXAdam != null) encoderXAdam.exportState("adam.encoderX", out);
        if (bitOrder != null) out.put(BitOrder.STATE_KEY, BitOrder.toState(bitOrder));
        if (parents != null) out.put(BitOrder.PARENTS_KEY, BitOrder.toState(parents));
        return out;
    }

    @Override
    public void loadOptimizerState(Map<String, double[]> values) {
        encoderAdam.importState("adam.encoder", values);
        if (priorAdam != null) priorAdam.importState("adam.prior", values);
        if (encoderXAdam != null) encoderXAdam.importState("adam.encoderX", values);
        if (bitOrder != null) setBitOrder(BitOrder.fromState(values, config.bits));
        if (parents != null) setPriorParents(BitOrder.parentsFromState(values, config.bits, config.orderPrior));
    }

    @Override
    public void close() {}
}
