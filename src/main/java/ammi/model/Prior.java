package ammi.model;

import ammi.autograd.Init;
import ammi.autograd.Linear;
import ammi.autograd.Relu;
import ammi.autograd.Reshape;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The variational prior q(z), an order-r Markov chain shared by every document. Its m x 2^r
 * logits are either a raw table ("raw prior") or a feed-forward net applied to a learned m x H
 * embedding, which over-parameterises q as section 3.2 of the paper recommends.
 */
public final class Prior {
    private final int m;
    private final int order;
    private final boolean raw;
    private final Tensor table;     // raw: 1 x (m * 2^r) logits; otherwise the m x H embedding
    private final Relu[] relus;
    private final Linear[] dense;
    private final Reshape flatten;
    private final List<Tensor> parameters = new ArrayList<>();

    public Prior(int m, int order, int layers, int hidden, boolean raw) {
        this.m = m;
        this.order = order;
        this.raw = raw;
        int states = 1 << order;
        if (raw) {
            table = new Tensor("prior.table", 1, m * states);
            relus = new Relu[0];
            dense = new Linear[0];
            flatten = null;
        } else {
            table = new Tensor("prior.embedding", m, hidden);
            relus = new Relu[layers];
            dense = new Linear[layers + 1];
            for (int l = 0; l < layers; l++) {
                dense[l] = new Linear("prior.hidden" + (l + 1), hidden, hidden, m);
                relus[l] = new Relu("prior.relu" + l, m, hidden);
            }
            dense[layers] = new Linear("prior.out", hidden, states, m);
            flatten = new Reshape("prior.logits", 1, m * states);
        }
        parameters.add(table);
        for (Linear d : dense) parameters.addAll(d.parameters());
    }

    public int order() {
        return order;
    }

    public int bits() {
        return m;
    }

    /** The 1 x (m * 2^r) logit table; position i's 2^r conditionals are contiguous. */
    public Tensor forward(Tape tape) {
        if (raw) return table;
        Tensor h = table;
        int layers = relus.length;
        for (int l = 0; l < layers; l++) h = relus[l].forward(tape, dense[l].forward(tape, h));
        return flatten.forward(tape, dense[layers].forward(tape, h));
    }

    public List<Tensor> parameters() {
        return parameters;
    }

    /** U(-alpha, alpha) for weights and the table, zero biases; alpha = 0 keeps PyTorch's defaults. */
    public void initialise(double alpha, SplittableRandom rng) {
        if (alpha > 0) Init.uniform(table, alpha, rng);
        else Init.normal(table, rng); // nn.Embedding's default
        for (Linear d : dense) Posterior.initLinear(d.weight, d.bias, d.weight.rows(), alpha, rng);
    }
}
