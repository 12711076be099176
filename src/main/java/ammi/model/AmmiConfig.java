package ammi.model;

import ammi.util.UserError;

/**
 * Every hyperparameter of a run. Defaults follow the reference implementation
 * (karlstratos/ammi): o=0, r=3, 40 epochs, patience 6, lr 0.01, batch 16, init 0.1, clip 10,
 * entropy weight 2, 4 prior steps. {@code hidden} and {@code layers} shape the prior's net; the
 * encoder has its own depth ({@code encoderLayers}, 0 = one linear map).
 */
public final class AmmiConfig {
    public int bits = 16;
    public int orderPosterior = 0;
    public int orderPrior = 3;
    public int hidden = 24;
    public int layers = 0;
    public int encoderLayers = 0;
    public int encoderHidden = 0; // 0 = same as hidden
    public boolean rawPrior = false;
    public int batchSize = 16;
    public double lr = 0.01;
    public double lrPrior = -1; // < 0 = same as lr
    public int priorSteps = 4;
    public double entropyWeight = 2.0;
    public double clip = 10.0;
    public double init = 0.1; // 0 = the framework's default initialisation
    public int epochs = 40;
    public int patience = 6;
    public long seed = 9061;
    public boolean brute = false;
    public int topK = 100;
    /** Predictive hashing: a second encoder q(z|x) of Markov order {@code orderX} (h) over X articles. */
    public boolean predictive = false;
    public int orderX = 0;
    /** Predictive hashing: q(z|x) is p(z|y) itself (one encoder, its weights trained by both articles of a pair). */
    public boolean tieEncoders = false;
    /** Predictive hashing with tied encoders: every training pair is also trained as (y, x), a symmetric agreement loss. */
    public boolean bothDirections = false;
    /**
     * Predictive hashing: early stopping reads validation matching with the training articles' Y
     * side as extra candidates. Part of the configuration because it changes which epoch is kept,
     * and a grid search must not rank runs stopped on one score against runs stopped on the other.
     */
    public boolean valDistractors = false;
    /**
     * Early stopping reads the validation score under the likelihood ranking (--val-rank likelihood;
     * ammi.eval.CodeLikelihood) instead of Hamming distance. Part of the configuration for the same
     * reason as valDistractors. The final scores are printed under both rankings either way.
     */
    public boolean valByLikelihood = false;
    /** Decoupled weight decay (AdamW) on the encoders' parameters; 0 = plain Adam, as the paper. */
    public double weightDecay = 0;
    /** Probability of zeroing each non-zero of a training row in each batch (inverted dropout); 0 = off. */
    public double wordDropout = 0;
    /** After every epoch, re-order the bits of the prior's chain by pairwise mutual information (BitOrder); off = the paper's fixed order. */
    public boolean reorderBits = false;
    /**
     * With reorderBits: each bit of the prior is conditioned on the r earlier bits (in the chosen
     * order) it shares the most information with, not on the r bits just before it.
     */
    public boolean priorParents = false;

    /**
     * {@link ammi.data.DataFingerprint} of the data the run trained on, set by train (not a flag):
     * eval refuses a model whose corpus or pairs file has changed since. 0 = not recorded (models
     * saved before the field existed).
     */
    public int dataFingerprint = 0;

    /** An independent copy (every field is a value). */
    public AmmiConfig copy() {
        AmmiConfig c = new AmmiConfig();
        for (java.lang.reflect.Field f : AmmiConfig.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            try {
                f.set(c, f.get(this));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e); // public fields of this class
            }
        }
        return c;
    }

    public double effectiveLrPrior() {
        return lrPrior < 0 ? lr : lrPrior;
    }

    public int effectiveEncoderHidden() {
        return encoderHidden > 0 ? encoderHidden : hidden;
    }

    /** Rejects impossible settings with a message naming the option. */
    public void validate() {
        check(bits >= 1 && bits <= 256, "--bits must be in [1, 256], got " + bits);
        check(orderPosterior >= 0 && orderPosterior <= 8, "--order-posterior must be in [0, 8], got " + orderPosterior);
        check(orderPrior >= orderPosterior, "--order-prior (" + orderPrior + ") must be >= --order-posterior (" + orderPosterior + ")");
        check(orderPrior <= 16, "--order-prior must be at most 16, got " + orderPrior);
        check(hidden >= 1, "--hidden must be positive, got " + hidden);
        check(layers >= 0, "--layers must be >= 0, got " + layers);
        check(encoderLayers >= 0, "--encoder-layers must be >= 0, got " + encoderLayers);
        check(encoderHidden >= 0, "--encoder-hidden must be >= 0 (0 = --hidden), got " + encoderHidden);
        check(batchSize >= 1, "--batch-size must be positive, got " + batchSize);
        // Adam moves each weight by about lr a step: above 1 the logits blow up to finite but
        // meaningless values (a collapsed code) rather than to NaN, which no later check would catch.
        check(lr > 0 && lr <= 1, "--lr must be in (0, 1] (Adam moves each weight by about lr a step), got " + lr);
        check(lrPrior < 0 || (lrPrior > 0 && lrPrior <= 1), "--lr-prior must be in (0, 1], got " + lrPrior);
        check(priorSteps >= 1, "--prior-steps must be at least 1, got " + priorSteps);
        check(entropyWeight >= 0 && Double.isFinite(entropyWeight), "--entropy-weight must be >= 0, got " + entropyWeight);
        check(clip > 0, "--clip must be positive, got " + clip);
        check(init >= 0 && Double.isFinite(init), "--init must be >= 0, got " + init);
        check(epochs >= 1, "--epochs must be at least 1, got " + epochs);
        check(patience >= 0, "--patience must be >= 0, got " + patience);
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be >= 0, got " + weightDecay);
        check(lr * weightDecay < 1, "--weight-decay times --lr must be below 1 (each step multiplies the weights by 1 - lr * decay), got " + lr * weightDecay);
        check(wordDropout >= 0 && wordDropout < 1, "--word-dropout must be in [0, 1), got " + wordDropout);
        check(topK >= 1, "--top-k must be positive, got " + topK);
        if (predictive) {
            check(orderX >= 0 && orderX <= 8, "--order-x must be in [0, 8], got " + orderX);
            check(orderX >= orderPosterior, "--order-x (" + orderX + ") must be >= --order-posterior (" + orderPosterior
                    + "): the cross entropy H+(p(z|y), q(z|x)) of Algorithm 1 needs the order of q(z|x) to be at least that of p(z|y)");
            check(!tieEncoders || orderX == orderPosterior, "--tie-encoders needs --order-x equal to --order-posterior (one encoder codes both articles), got "
                    + orderX + " and " + orderPosterior);
        }
        check(!tieEncoders || predictive, "--tie-encoders applies to predictive hashing (--pairs or --pairs-from)");
        check(!valDistractors || predictive, "--val-distractors applies to predictive hashing (--pairs/--pairs-from) only");
        check(!bothDirections || tieEncoders, "--both-directions needs --tie-encoders (one encoder, so that (y, x) is the same kind of pair as (x, y))");
        if (reorderBits) {
            String flag = priorParents ? "--prior-parents" : "--reorder-bits";
            check(!brute, flag + " orders the prior's chain, and BMMI (--brute) has no prior");
            check(orderPosterior == 0, flag + " needs --order-posterior 0 (the bits of an order-o encoder with o > 0 are a chain in their own order), got "
                    + orderPosterior);
            check(orderPrior >= 1, flag + " needs --order-prior >= 1 (an order-0 prior sees no dependency in any order)");
        }
        check(!priorParents || reorderBits, "--prior-parents needs --reorder-bits (the parents are chosen with the order)");
        check(!brute || bits <= 16, "--brute enumerates all 2^m codes and needs --bits <= 16, got " + bits);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new UserError(message);
    }

    /** The flags that reproduce this configuration. */
    public String toFlags() {
        StringBuilder sb = new StringBuilder();
        sb.append("--bits ").append(bits)
          .append(" --order-posterior ").append(orderPosterior)
          .append(" --order-prior ").append(orderPrior)
          .append(" --hidden ").append(hidden)
          .append(" --layers ").append(layers)
          .append(" --encoder-layers ").append(encoderLayers);
        if (encoderHidden > 0) sb.append(" --encoder-hidden ").append(encoderHidden);
        if (rawPrior) sb.append(" --raw-prior");
        sb.append(" --batch-size ").append(batchSize)
          .append(" --lr ").append(lr);
        if (lrPrior >= 0) sb.append(" --lr-prior ").append(lrPrior);
        sb.append(" --prior-steps ").append(priorSteps)
          .append(" --entropy-weight ").append(entropyWeight)
          .append(" --clip ").append(clip)
          .append(" --init ").append(init)
          .append(" --epochs ").append(epochs)
          .append(" --patience ").append(patience)
          .append(" --seed ").append(seed);
        if (weightDecay > 0) sb.append(" --weight-decay ").append(weightDecay);
        if (wordDropout > 0) sb.append(" --word-dropout ").append(wordDropout);
        if (reorderBits) sb.append(" --reorder-bits");
        if (priorParents) sb.append(" --prior-parents");
        if (brute) sb.append(" --brute");
        if (predictive) sb.append(" --order-x ").append(orderX);
        if (tieEncoders) sb.append(" --tie-encoders");
        if (bothDirections) sb.append(" --both-directions");
        if (valDistractors) sb.append(" --val-distractors");
        if (valByLikelihood) sb.append(" --val-rank likelihood");
        return sb.toString();
    }
}
