package ammi.backend.cuda;

import ammi.backend.Backend;
import ammi.backend.cpu.CpuBackend;
import ammi.data.CsrMatrix;
import ammi.eval.CodeLikelihood;
import ammi.eval.NeighbourSearch;
import ammi.eval.PackedCodes;
import ammi.markov.ParentCrossEntropy;
import ammi.model.AmmiConfig;
import ammi.model.BitMoments;
import ammi.model.BitOrder;
import ammi.model.WordDropout;
import ammi.util.UserError;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUgraphExec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA backend: the same steps as {@link CpuBackend}, in float, on the device. The model, both
 * optimisers' state and the training documents stay on the device for the run; a step uploads
 * only the batch's document indices and reads back the batch's loss terms (the trainer stops on
 * a NaN). Every reduction has a fixed order, so a run is reproducible on a given card.
 *
 * <p>Per batch: the encoder's forward pass; G prior steps, each refitting q on H+(Z) (forward of
 * the prior net, cross entropy forward and backward, per-document gradients of the shared q summed
 * in document order, back-propagation, clipped Adam); then the encoder step, which computes H(Z|Y)
 * and H+(Z), back-propagates 1/B dH(Z|Y) - beta/B dH+(Z) and takes a clipped Adam step, skipped on
 * the device when the loss is not finite. {@link #beginBatch} and {@link #priorStep} only record
 * the work; {@link #encoderStep} launches the whole step, as one CUDA graph by default.
 *
 * <p>With --prior-parents, H+(Z) in both steps is the parent cross entropy
 * (kernels/parent_cross_entropy.cu) on the logits in chain order, against parents held in a device
 * buffer that {@link #setPriorParents} overwrites in place, so captured graphs stay valid. The
 * prior's steps then read the batch once, through its context marginals, and each step is
 * elementwise in m 2^r (the CPU's ContextMarginals; docs/cuda.md).
 *
 * <p>With --tie-encoders, q(z|x) runs p(z|y)'s parameters with its own activations; its backward
 * pass, after Y's, adds grad_X onto grad_Y in the shared gradient buffers (every backward kernel
 * accumulates, one writer per element, stream order), and the one encoder Adam clips and steps
 * the sum. There is no encoderX optimiser and no encoderX entry in the parameters or the state,
 * as on the CPU.
 */
public final class CudaBackend implements Backend {
    /** Documents encoded per launch sequence at evaluation time. */
    static final int ENCODE_CHUNK = 4096;

    private final Cuda cuda;
    private final CudaKernels k;
    private final AmmiConfig config;
    private final int m;
    private final DeviceCsr train, trainX;
    private final GpuPosterior posterior, posteriorX;
    private final GpuPrior prior;
    private final GpuAdam encoderAdam, encoderXAdam, priorAdam;
    private final int maxBatch;
    private final CUdeviceptr docs;
    private final CUdeviceptr alphaCond, alphaMarg, alphaPrior, betaWs;
    private final CUdeviceptr hCond, hMarg, hPrior;
    private final CUdeviceptr gCond, gMarg, gPrior;
    /** The prior step's per-document gradients of q (summed in document order); null with --prior-parents. */
    private final CUdeviceptr dqPerDoc;
    /** --prior-parents: the batch's context marginals [2][m 2^r], filled once per batch; else null. */
    private final CUdeviceptr priorMarginals;
    private final float[] hostH;
    private final Map<CsrMatrix, DeviceCsr> resident = new IdentityHashMap<>();
    private final CudaSearch search;
    private final boolean useGraphs;
    private final Map<Long, CUgraphExec> stepGraphs = new HashMap<>();
    private final CUdeviceptr skip;
    /** The step's WordDropout keys, Y's then X's, uploaded per batch (graphs read them there); null without dropout. */
    private final CUdeviceptr dropKeys;
    /** Encoder steps taken, as the CPU's encoderAdam.steps(): the step number of the dropout masks. */
    private long encoderSteps;
    /** --reorder-bits: the chain order (int[m]), the batch's logits in it and their gradient, the moments (double); else null. */
    private final CUdeviceptr chainOrder, chainLogits, chainGrad, momentSum, momentCross;
    private double momentDocs;
    private int[] hostOrder; // the chain order as uploaded, for the optimiser state
    /** --prior-parents: the prior's parents (int[m][r], -1 = none), read by every launch; else null. */
    private final CUdeviceptr priorParents;
    private int[] hostParents; // as uploaded, for the optimiser state
    private int count = -1, pendingPriorSteps;
    private boolean forwardDone;
    private CUdeviceptr posteriorLogits, xLogits; // of the current batch, set by beginBatch

    /** Unsupervised hashing on {@code train}. */
    public CudaBackend(AmmiConfig config, CsrMatrix train) {
        this(config, train, null);
    }

    /** As {@link CpuBackend#CpuBackend(AmmiConfig, CsrMatrix, CsrMatrix)}: with trainX, predictive hashing. */
    public CudaBackend(AmmiConfig config, CsrMatrix train, CsrMatrix trainX) {
        this(config, train, trainX, !"off".equalsIgnoreCase(System.getenv("AMMI_CUDA_GRAPHS")));
    }

    /**
     * With {@code graphs} (the default; AMMI_CUDA_GRAPHS=off turns it off) each training step is
     * captured once per (batch size, prior steps) as a CUDA graph and replayed: one launch per step
     * instead of a hundred. Without, the same kernels are launched one by one.
     */
    public CudaBackend(AmmiConfig config, CsrMatrix train, CsrMatrix trainX, boolean graphs) {
        this.useGraphs = graphs;
        if (config.brute) throw new UserError("--device cuda: BMMI (--brute) runs on the CPU backend only; use --device cpu");
        if (trainX != null && trainX.rows != train.rows)
            throw new IllegalArgumentException("X has " + trainX.rows + " rows but Y has " + train.rows);
        this.config = config;
        this.m = config.bits;
        // The CPU model draws the initial parameters, so both backends start from the same values.
        Map<String, double[]> init;
        try (CpuBackend cpu = new CpuBackend(config, train, trainX)) {
            init = cpu.parameters();
        }
        cuda = Cuda.open();
        try {
            k = new CudaKernels(cuda);
            int o = config.orderPosterior, r = config.orderPrior;
            maxBatch = config.batchSize;
            int rows = Math.max(maxBatch, ENCODE_CHUNK);
            this.train = new DeviceCsr(cuda, train);
            resident.put(train, this.train);
            posterior = new GpuPosterior(cuda, k, "posterior", train.cols, m, o, config.encoderLayers,
                    config.effectiveEncoderHidden(), rows);
            prior = new GpuPrior(cuda, k, m, r, config.layers, config.hidden, config.rawPrior);
            if (trainX != null) {
                this.trainX = new DeviceCsr(cuda, trainX);
                resident.put(trainX, this.trainX);
                posteriorX = config.tieEncoders // the CPU model above checked the one vocabulary
                        ? new GpuPosterior(cuda, k, posterior, rows)
                        : new GpuPosterior(cuda, k, "encoderX", trainX.cols, m, config.orderX, config.encoderLayers,
                                config.effectiveEncoderHidden(), rows);
            } else {
                this.trainX = null;
                posteriorX = null;
            }
            skip = cuda.alloc(4);
            encoderAdam = new GpuAdam(cuda, k.adam, posterior.parameters(), config.lr, config.clip, config.weightDecay, skip);
            encoderXAdam = posteriorX == null || config.tieEncoders ? null // tied: encoderAdam steps the shared weights
                    : new GpuAdam(cuda, k.adam, posteriorX.parameters(), config.lr, config.clip, config.weightDecay, skip);
            dropKeys = config.wordDropout > 0 ? cuda.alloc(16) : null;
            if (config.reorderBits) {
                chainOrder = cuda.alloc(4L * m);
                hostOrder = BitOrder.identity(m);
                cuda.upload(chainOrder, hostOrder, m);
                chainLogits = cuda.alloc(4L * maxBatch * m);
                chainGrad = cuda.alloc(4L * maxBatch * m);
                momentSum = cuda.alloc(8L * m);
                momentCross = cuda.alloc(8L * m * m);
                cuda.zero(momentSum, 2L * m); // zero() counts 4-byte words
                cuda.zero(momentCross, 2L * m * m);
            } else {
                chainOrder = chainLogits = chainGrad = momentSum = momentCross = null;
            }
            if (config.priorParents) {
                if (!ParentCrossEntropyKernels.supports(m, r))
                    throw new UserError("--prior-parents with --device cuda needs --bits <= " + ParentCrossEntropyKernels.MAX_M
                            + " and --order-prior <= " + ParentCrossEntropyKernels.MAX_ORDER + "; use --device cpu");
                priorParents = cuda.alloc(4L * Math.max(1, m * r));
                hostParents = ParentCrossEntropy.chainParents(m, r);
                cuda.upload(priorParents, hostParents, m * r);
                k.parentCrossEntropy.reserve(m, r);
            } else {
                priorParents = null;
            }
            priorAdam = new GpuAdam(cuda, k.adam, prior.parameters(), config.effectiveLrPrior(), config.clip, null);
            int widest = Math.max(r, Math.max(o, trainX == null ? 0 : config.orderX));
            docs = cuda.alloc(4L * maxBatch);
            // H+(Z|X) runs at q's order o (or h); only H+(Z) and the prior step run at r
            int condOrder = Math.max(o, trainX == null ? 0 : config.orderX);
            alphaCond = cuda.alloc(4 * CrossEntropyKernels.alphaFloats(maxBatch, m, condOrder));
            // the parents' kernels keep no alpha; the prior step and H+(Z) never overlap in the one stream
            alphaMarg = config.priorParents ? null : cuda.alloc(4 * CrossEntropyKernels.alphaFloats(maxBatch, m, r));
            alphaPrior = alphaMarg;
            betaWs = cuda.alloc(4 * CrossEntropyKernels.betaFloats(maxBatch, widest));
            hCond = cuda.alloc(4L * 2 * maxBatch);
            hMarg = hCond.withByteOffset(4L * maxBatch); // one read-back for both terms
            hPrior = cuda.alloc(4L * maxBatch);
            gCond = cuda.alloc(4L * maxBatch);
            gMarg = cuda.alloc(4L * maxBatch);
            gPrior = cuda.alloc(4L * maxBatch);
            dqPerDoc = config.priorParents ? null : cuda.alloc(4L * maxBatch * prior.logits);
            priorMarginals = config.priorParents ? cuda.alloc(4L * 2 * prior.logits) : null;
            hostH = new float[2 * maxBatch];
            int widest2 = Math.max(Math.max(prior.logits, m << widest), Math.max(config.hidden, config.effectiveEncoderHidden()));
            k.util.reserveSumRows(Math.max(maxBatch, m), widest2);
            k.crossEntropy.reserve(m, r);
            search = new CudaSearch(cuda, k.hamming);
            loadParameters(init);
        } catch (RuntimeException e) {
            cuda.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "cuda";
    }

    /** The device, as found at start-up. */
    public Cuda.Info device() {
        return cuda.info();
    }

    @Override
    public void beginBatch(int[] batch, int n) {
        if (n < 1 || n > maxBatch) throw new IllegalArgumentException("batch of " + n + " documents; 1.." + maxBatch + " allowed");
        cuda.bind();
        flush();
        cuda.upload(docs, batch, n);
        if (dropKeys != null)
            cuda.upload(dropKeys, new long[] {WordDropout.key(config.seed, 0, encoderSteps), WordDropout.key(config.seed, 1, encoderSteps)}, 2);
        count = n;
        if (chainOrder != null) momentDocs += n; // each batch's forward adds its moments once
        forwardDone = false;
        pendingPriorSteps = 0;
    }

    /** Deferred: the prior steps of a batch run with its encoder step (as one graph). */
    @Override
    public void priorStep() {
        requireBatch();
        pendingPriorSteps++;
    }

    @Override
    public StepResult encoderStep() {
        requireBatch();
        if (useGraphs && !forwardDone) {
            long key = ((long) count << 16) | pendingPriorSteps;
            CUgraphExec exec = stepGraphs.get(key);
            if (exec == null) {
                cuda.beginCapture();
                enqueueStep(pendingPriorSteps);
                exec = cuda.endCapture();
                stepGraphs.put(key, exec);
            }
            cuda.launchGraph(exec);
        } else {
            if (!forwardDone) enqueueForward();
            for (int g = 0; g < pendingPriorSteps; g++) enqueuePriorStep();
            enqueueEncoderStep();
        }
        forwardDone = true;
        pendingPriorSteps = 0;
        cuda.download(hostH, hCond, 2 * maxBatch);
        double hzy = mean(hostH, 0, count), hz = mean(hostH, maxBatch, count);
        // a non-finite loss skipped the Adam steps on the device: parameters stay as they were
        StepResult result = new StepResult(hzy - config.entropyWeight * hz, hzy, hz);
        if (Double.isFinite(result.loss())) encoderSteps++;
        return result;
    }

    /** Runs work deferred by {@link #priorStep} when no encoder step followed (e.g. before encode). */
    private void flush() {
        if (count < 0 || (forwardDone && pendingPriorSteps == 0)) return;
        if (!forwardDone) enqueueForward();
        for (int g = 0; g < pendingPriorSteps; g++) enqueuePriorStep();
        forwardDone = true;
        pendingPriorSteps = 0;
    }

    /** One training step: the batch's forward pass, G prior steps, the encoder step. */
    private void enqueueStep(int priorSteps) {
        enqueueForward();
        for (int g = 0; g < priorSteps; g++) enqueuePriorStep();
        enqueueEncoderStep();
    }

    private void enqueueForward() {
        k.util.fill(gCond, count, (float) (1.0 / count));
        k.util.fill(gMarg, count, (float) (-config.entropyWeight / count));
        k.util.fill(gPrior, count, (float) (1.0 / count));
        posteriorLogits = posterior.forward(train, docs, 0, count, dropKeyY(), config.wordDropout);
        if (posteriorX != null) xLogits = posteriorX.forward(trainX, docs, 0, count, dropKeyX(), config.wordDropout);
        if (chainOrder != null) {
            k.bitOrder.moments(posteriorLogits, count, m, momentSum, momentCross);
            k.bitOrder.permute(posteriorLogits, chainOrder, chainLogits, count, m);
        }
        if (priorMarginals != null) // the prior's steps read the batch only through these
            k.parentCrossEntropy.contextMarginals(chainOrder != null ? chainLogits : posteriorLogits, gPrior, priorParents,
                    priorMarginals, count, m, config.orderPrior);
        priorAdam.reset(); // the reference builds a fresh Adam for the prior at every batch
    }

    private void enqueuePriorStep() {
        int r = config.orderPrior, o = config.orderPosterior;
        CUdeviceptr q = prior.forward();
        if (priorMarginals != null) { // elementwise from the batch's marginals; the prior step's H is not read
            prior.zeroLogitGrad();
            k.parentCrossEntropy.priorGradient(priorMarginals, q, prior.logitGrad(), m, r);
        } else {
            CUdeviceptr p = chainOrder != null ? chainLogits : posteriorLogits; // the prior sees the bits in its chain order
            cuda.zero(dqPerDoc, (long) count * prior.logits);
            k.crossEntropy.forward(p, q, true, hPrior, alphaPrior, count, m, o, r);
            k.crossEntropy.backward(p, q, true, alphaPrior, gPrior, null, dqPerDoc, betaWs, count, m, o, r);
            prior.zeroLogitGrad();
            k.util.sumRows(dqPerDoc, prior.logitGrad(), count, prior.logits);
        }
        prior.backward();
        priorAdam.step();
    }

    private void enqueueEncoderStep() {
        int o = config.orderPosterior, r = config.orderPrior;
        CUdeviceptr p = posteriorLogits;
        CUdeviceptr q = prior.forward();
        if (posteriorX == null) k.crossEntropy.forward(p, p, false, hCond, alphaCond, count, m, o, o);
        else k.crossEntropy.forward(p, xLogits, false, hCond, alphaCond, count, m, o, config.orderX);
        CUdeviceptr pChain = chainOrder != null ? chainLogits : p;
        if (priorParents != null) k.parentCrossEntropy.forward(pChain, q, priorParents, hMarg, count, m, r);
        else k.crossEntropy.forward(pChain, q, true, hMarg, alphaMarg, count, m, o, r);
        k.adam.guard(hCond, hMarg, count, skip);

        posterior.zeroLogitGrad(count);
        CUdeviceptr dp = posterior.logitGrad();
        if (posteriorX == null) {
            k.crossEntropy.backward(p, p, false, alphaCond, gCond, dp, dp, betaWs, count, m, o, o);
        } else {
            posteriorX.zeroLogitGrad(count);
            k.crossEntropy.backward(p, xLogits, false, alphaCond, gCond, dp, posteriorX.logitGrad(), betaWs, count, m, o,
                    config.orderX);
        }
        if (chainOrder == null) {
            k.crossEntropy.backward(p, q, true, alphaMarg, gMarg, dp, null, betaWs, count, m, o, r);
        } else { // H+(Z) on the gathered logits, then its gradient scattered back to the bits' own places
            cuda.zero(chainGrad, (long) count * m);
            if (priorParents != null) k.parentCrossEntropy.backward(pChain, q, priorParents, gMarg, chainGrad, null, count, m, r);
            else k.crossEntropy.backward(pChain, q, true, alphaMarg, gMarg, chainGrad, null, betaWs, count, m, o, r);
            k.bitOrder.permuteBackward(chainGrad, chainOrder, dp, count, m);
        }
        posterior.backward(train, docs, 0, count, dropKeyY(), config.wordDropout);
        // tied: X's pass adds its gradient onto Y's in the shared buffers (GpuPosterior's sharing constructor)
        if (posteriorX != null) posteriorX.backward(trainX, docs, 0, count, dropKeyX(), config.wordDropout);
        encoderAdam.step(); // one clipper per encoder, as on the CPU (tied: one, over the summed gradients)
        if (encoderXAdam != null) encoderXAdam.step();
    }

    @Override
    public BitMoments takeBitMoments() {
        if (chainOrder == null) return Backend.super.takeBitMoments();
        cuda.bind();
        flush();
        double[] sum = new double[m], cross = new double[m * m];
        cuda.download(sum, momentSum, m);
        cuda.download(cross, momentCross, m * m);
        cuda.zero(momentSum, 2L * m);
        cuda.zero(momentCross, 2L * m * m);
        BitMoments out = new BitMoments(m);
        out.add(sum, cross, momentDocs);
        momentDocs = 0;
        return out;
    }

    @Override
    public void setBitOrder(int[] order) {
        if (chainOrder == null) Backend.super.setBitOrder(order);
        if (!BitOrder.isPermutation(order, m)) throw new IllegalArgumentException("not a permutation of the " + m + " bits");
        cuda.bind();
        flush();
        cuda.upload(chainOrder, order, m); // graphs read it from there at each replay
        hostOrder = order.clone();
    }

    @Override
    public void setPriorParents(int[] parents) {
        if (priorParents == null) Backend.super.setPriorParents(parents);
        int r = config.orderPrior;
        ParentCrossEntropy.checkParents(parents, m, r);
        cuda.bind();
        flush();
        cuda.upload(priorParents, parents, m * r); // graphs read them from there at each replay
        hostParents = parents.clone();
    }

    private CUdeviceptr dropKeyY() {
        return dropKeys;
    }

    private CUdeviceptr dropKeyX() {
        return dropKeys == null ? null : dropKeys.withByteOffset(8);
    }

    private void requireBatch() {
        if (count < 0) throw new IllegalStateException("beginBatch first");
        cuda.bind();
    }

    private static double mean(float[] h, int from, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += h[from + i];
        return s / n;
    }

    @Override
    public PackedCodes encode(CsrMatrix x) {
        return encodeWith(posterior, x);
    }

    @Override
    public PackedCodes encodeX(CsrMatrix x) {
        if (posteriorX == null) return Backend.super.encodeX(x);
        return encodeWith(posteriorX, x);
    }

    @Override
    public CodeLikelihood likelihood(CsrMatrix x) {
        return likelihoodWith(posterior, x);
    }

    @Override
    public CodeLikelihood likelihoodX(CsrMatrix x) {
        if (posteriorX == null) return Backend.super.likelihoodX(x);
        return likelihoodWith(posteriorX, x);
    }

    /** The encoder's float32 logits, widened on the host; the ranking itself runs there too. */
    private CodeLikelihood likelihoodWith(GpuPosterior encoder, CsrMatrix x) {
        cuda.bind();
        flush();
        DeviceCsr dx = resident.computeIfAbsent(x, key -> new DeviceCsr(cuda, key));
        int n = x.rows, order = encoder.order, per = m << order;
        int chunk = Math.min(ENCODE_CHUNK, Math.max(1, n));
        double[] logits = new double[Math.multiplyExact(n, per)];
        float[] part = new float[chunk * per];
        for (int lo = 0; lo < n; lo += chunk) {
            int c = Math.min(chunk, n - lo);
            cuda.download(part, encoder.forward(dx, null, lo, c), c * per);
            for (int i = 0; i < c * per; i++) logits[lo * per + i] = part[i];
        }
        return new CodeLikelihood(logits, n, m, order);
    }

    private PackedCodes encodeWith(GpuPosterior encoder, CsrMatrix x) {
        cuda.bind();
        flush();
        DeviceCsr dx = resident.computeIfAbsent(x, key -> new DeviceCsr(cuda, key));
        int n = x.rows, words = (m + 63) >>> 6, order = encoder.order;
        int chunk = Math.min(ENCODE_CHUNK, Math.max(1, n));
        CUdeviceptr bits = cuda.alloc((long) chunk * m);
        CUdeviceptr delta = cuda.alloc(4 * ViterbiKernels.deltaFloats(chunk, order));
        CUdeviceptr back = cuda.alloc(ViterbiKernels.backBytes(chunk, m, order));
        CUdeviceptr packed = cuda.alloc(8L * Math.max(1, (long) n * words));
        try {
            for (int lo = 0; lo < n; lo += chunk) {
                int c = Math.min(chunk, n - lo);
                CUdeviceptr logits = encoder.forward(dx, null, lo, c);
                k.viterbi.decode(logits, bits, null, delta, back, c, m, order);
                k.util.packBits(bits, packed.withByteOffset(8L * lo * words), c, m, words);
            }
            long[] host = new long[n * words];
            cuda.download(host, packed, host.length);
            return PackedCodes.fromWords(host, n, m);
        } finally {
            for (CUdeviceptr p : List.of(bits, delta, back, packed)) cuda.free(p);
        }
    }

    @Override
    public NeighbourSearch search() {
        return search;
    }

    private List<GpuParameter> allParameters() {
        List<GpuParameter> all = new ArrayList<>(posterior.parameters());
        all.addAll(prior.parameters());
        if (posteriorX != null && !config.tieEncoders) all.addAll(posteriorX.parameters()); // tied: posterior's own
        return all;
    }

    @Override
    public Map<String, double[]> parameters() {
        cuda.bind();
        flush();
        Map<String, double[]> out = new LinkedHashMap<>();
        for (GpuParameter p : allParameters()) {
            float[] f = new float[p.size()];
            cuda.download(f, p.value, f.length);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) d[i] = f[i];
            out.put(p.name, d);
        }
        return out;
    }

    @Override
    public void loadParameters(Map<String, double[]> values) {
        cuda.bind();
        flush();
        for (GpuParameter p : allParameters()) {
            double[] v = values.get(p.name);
            if (v == null) throw new IllegalArgumentException("missing parameter " + p.name);
            if (v.length != p.size())
                throw new IllegalArgumentException("parameter " + p.name + " has " + v.length + " values, expected " + p.size());
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
            cuda.upload(p.value, f, f.length);
        }
    }

    @Override
    public Map<String, double[]> optimizerState() {
        cuda.bind();
        flush();
        Map<String, double[]> out = new LinkedHashMap<>();
        encoderAdam.exportState("adam.encoder", out);
        priorAdam.exportState("adam.prior", out);
        if (encoderXAdam != null) encoderXAdam.exportState("adam.encoderX", out);
        if (chainOrder != null) out.put(BitOrder.STATE_KEY, BitOrder.toState(hostOrder));
        if (priorParents != null) out.put(BitOrder.PARENTS_KEY, BitOrder.toState(hostParents));
        return out;
    }

    @Override
    public void loadOptimizerState(Map<String, double[]> values) {
        cuda.bind();
        flush();
        encoderAdam.importState("adam.encoder", values);
        encoderSteps = (long) values.get("adam.encoder.t")[0]; // importState checked it is there
        priorAdam.importState("adam.prior", values);
        if (encoderXAdam != null) encoderXAdam.importState("adam.encoderX", values);
        if (chainOrder != null) setBitOrder(BitOrder.fromState(values, m));
        if (priorParents != null) setPriorParents(BitOrder.parentsFromState(values, m, config.orderPrior));
    }

    @Override
    public void close() {
        cuda.close();
    }
}
