package ammi.model;

import ammi.autograd.Adam;
import ammi.autograd.CrossEntropyOp;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;

/**
 * Fits the variational prior q of one Markov order r to a fixed batch of posteriors, the inner
 * minimisation of eq. (3) solved to convergence: min_theta H+(p_Z, q_theta), where p_Z is the
 * batch mixture (1/B) sum_b p(z|y_b), so H+(p_Z, q) = (1/B) sum_b H(p_b, q) (Algorithm 1 per
 * document). By Gibbs' inequality every q gives H+ >= H(p_Z).
 *
 * <p>q is a raw m x 2^r logit table ({@link Prior} with {@code raw}), not the net: a table is
 * exactly the family of order-r chains (every conditional q(z_i | context) is free), so its fit
 * measures what the order can represent, not how well a net was tuned; the loss is convex in
 * the table (a sum of logistic losses), so Adam reaches the family's minimum without a
 * hyperparameter search. {@link #optimum} gives that minimum in closed form as a check.
 */
public final class PriorFit {
    /** Steps between convergence checks. */
    static final int CHECK_EVERY = 20;

    /** {@code crossEntropy}: the lowest H+ seen (each one is H+ of an actual q, so an upper bound). */
    public record Result(int order, double crossEntropy, int steps, boolean converged, double[] logits) {}

    private final Tensor posterior;
    private final int m, orderPosterior, batch;

    /** {@code logits}: the batch's posterior logits, B x (m 2^o), as the encoder gives them. */
    public PriorFit(double[] logits, int batch, int m, int orderPosterior) {
        if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        if ((long) logits.length < (long) batch * (m << orderPosterior))
            throw new IllegalArgumentException("logits hold " + logits.length + " values, need " + batch + " x " + (m << orderPosterior));
        this.m = m;
        this.orderPosterior = orderPosterior;
        this.batch = batch;
        posterior = new Tensor("posterior.logits", batch, m << orderPosterior);
        System.arraycopy(logits, 0, posterior.value, 0, batch * (m << orderPosterior));
    }

    /**
     * Adam on the table from {@code init} (m 2^r logits; null = all zero, the uniform prior) until
     * the lowest loss improves by less than {@code tol} nats over {@link #CHECK_EVERY} steps, or
     * after {@code maxSteps} steps.
     */
    public Result fit(int order, double[] init, int maxSteps, double lr, double tol) {
        if (order < orderPosterior)
            throw new IllegalArgumentException("prior order " + order + " is below the posterior's order " + orderPosterior);
        Prior prior = new Prior(m, order, 0, 1, true);
        Tensor table = prior.parameters().get(0);
        if (init != null) {
            if (init.length != table.size())
                throw new IllegalArgumentException("init has " + init.length + " logits, the order-" + order + " table " + table.size());
            System.arraycopy(init, 0, table.value, 0, init.length);
        }
        CrossEntropyOp op = new CrossEntropyOp(m, orderPosterior, order, batch);
        Adam adam = new Adam(prior.parameters(), lr);
        Tape tape = new Tape();
        double best = Double.POSITIVE_INFINITY, atLastCheck = Double.POSITIVE_INFINITY;
        double[] bestLogits = table.value.clone();
        int steps = 0;
        boolean converged = false;
        while (true) {
            tape.clear();
            Tensor h = op.forward(tape, posterior, false, prior.forward(tape), true);
            double loss = h.value[0];
            if (loss < best) {
                best = loss;
                System.arraycopy(table.value, 0, bestLogits, 0, bestLogits.length);
            }
            if (steps % CHECK_EVERY == 0) {
                if (atLastCheck - best < tol) {
                    converged = true;
                    break;
                }
                atLastCheck = best;
            }
            if (steps == maxSteps) break; // the last step's table was evaluated above
            tape.backward(h);
            adam.step();
            steps++;
        }
        return new Result(order, best, steps, converged, bestLogits);
    }

    /**
     * The order-(r+1) table that is the same chain as an order-r one: position i's context c at
     * order r+1 holds z_{i-1..i-r-1} with z_{i-r-1} as its lowest bit, so c >> 1 is its order-r
     * context. Starting there makes the fitted H+ non-increasing in r (the orders are nested).
     */
    public static double[] extend(double[] logits, int m, int order) {
        int s = 1 << order;
        if (logits.length != m * s) throw new IllegalArgumentException("expected " + (m * s) + " logits, got " + logits.length);
        double[] out = new double[2 * m * s];
        for (int i = 0; i < m; i++)
            for (int c = 0; c < 2 * s; c++) out[i * 2 * s + c] = logits[i * s + (c >> 1)];
        return out;
    }

    /**
     * The minimum of H+(pbar, q) over every order-r chain q, in closed form: the best q(z_i = 1 | c)
     * is pbar's own conditional, so the minimum is sum_i H(Z_i | context_i) under pbar. At
     * r = m - 1 the context is the whole prefix and this is H(pbar) by the chain rule.
     * {@code pbar}: a distribution over all 2^m codes, bit i of the index being z_i.
     */
    public static double optimum(double[] pbar, int m, int order) {
        if (pbar.length != 1 << m) throw new IllegalArgumentException("pbar must hold 2^" + m + " probabilities, got " + pbar.length);
        int s = 1 << order, half = s >> 1;
        double[] mass = new double[m * s], ones = new double[m * s];
        for (int z = 0; z < pbar.length; z++) {
            double p = pbar[z];
            if (p == 0) continue;
            int c = 0;
            for (int i = 0; i < m; i++) {
                mass[i * s + c] += p;
                if (((z >> i) & 1) == 1) {
                    ones[i * s + c] += p;
                    c = (c >> 1) + half;
                } else {
                    c >>= 1;
                }
            }
        }
        double h = 0;
        for (int k = 0; k < mass.length; k++) {
            double a = mass[k];
            if (a == 0) continue;
            double p1 = Math.min(1.0, ones[k] / a), p0 = 1.0 - p1;
            if (p1 > 0) h -= a * p1 * Math.log(p1);
            if (p0 > 0) h -= a * p0 * Math.log(p0);
        }
        return h;
    }

    /** H(pbar) = -sum_z pbar(z) log pbar(z). */
    public static double entropy(double[] pbar) {
        double h = 0;
        for (double p : pbar) if (p > 0) h -= p * Math.log(p);
        return h;
    }
}
