package ammi.model;

import ammi.autograd.Init;
import ammi.autograd.Linear;
import ammi.autograd.Relu;
import ammi.autograd.SparseLinear;
import ammi.autograd.Tape;
import ammi.autograd.Tensor;
import ammi.data.CsrMatrix;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The encoder p(z|y): an order-o Markov chain over the m bits whose m x 2^o logits come from a
 * feed-forward net over the document's sparse TF-IDF vector. With {@code layers = 0} the net is
 * one linear map, as in every run of the paper.
 */
public final class Posterior {
    private final String name;
    private final int m;
    private final int order;
    private final SparseLinear input;
    private final Relu[] relus;
    private final Linear[] dense; // hidden-to-hidden layers, then the output layer
    private final List<Tensor> parameters = new ArrayList<>();

    public Posterior(String name, int vocabSize, int m, int order, int layers, int hidden, int maxBatch) {
        this.name = name;
        this.m = m;
        this.order = order;
        int logits = m << order;
        if (layers == 0) {
            input = new SparseLinear(name + ".in", vocabSize, logits, maxBatch);
            relus = new Relu[0];
            dense = new Linear[0];
        } else {
            input = new SparseLinear(name + ".in", vocabSize, hidden, maxBatch);
            relus = new Relu[layers];
            dense = new Linear[layers];
            for (int l = 0; l < layers; l++) {
                relus[l] = new Relu(name + ".relu" + l, maxBatch, hidden);
                dense[l] = new Linear(name + (l == layers - 1 ? ".out" : ".hidden" + (l + 1)), hidden,
                        l == layers - 1 ? logits : hidden, maxBatch);
            }
        }
        parameters.addAll(input.parameters());
        for (Linear d : dense) parameters.addAll(d.parameters());
    }

    /**
     * An encoder that shares every weight of {@code shared} (--tie-encoders): its own activation
     * buffers, so both can run on one tape, and the same parameter tensors, whose gradients sum
     * both uses. {@link #parameters()} returns {@code shared}'s tensors.
     */
    public Posterior(String name, Posterior shared, int maxBatch) {
        this.name = name;
        this.m = shared.m;
        this.order = shared.order;
        input = new SparseLinear(shared.input, name + ".in", maxBatch);
        relus = new Relu[shared.relus.length];
        dense = new Linear[shared.dense.length];
        for (int l = 0; l < dense.length; l++) {
            relus[l] = new Relu(name + ".relu" + l, maxBatch, shared.dense[l].weight.rows());
            dense[l] = new Linear(shared.dense[l], name + ".dense" + l, maxBatch);
        }
        parameters.addAll(shared.parameters);
    }

    public String name() {
        return name;
    }

    public int bits() {
        return m;
    }

    public int order() {
        return order;
    }

    /** Logits of the batch rows[0..count) of x: count x (m * 2^o). */
    public Tensor forward(Tape tape, CsrMatrix x, int[] rows, int count) {
        Tensor h = input.forward(tape, x, rows, count);
        for (int l = 0; l < dense.length; l++) h = dense[l].forward(tape, relus[l].forward(tape, h));
        return h;
    }

    public List<Tensor> parameters() {
        return parameters;
    }

    /** U(-alpha, alpha) weights and zero biases; alpha = 0 keeps PyTorch's nn.Linear default. */
    public void initialise(double alpha, SplittableRandom rng) {
        initLinear(input.weight, input.bias, input.weight.rows(), alpha, rng);
        for (Linear d : dense) initLinear(d.weight, d.bias, d.weight.rows(), alpha, rng);
    }

    static void initLinear(Tensor weight, Tensor bias, int fanIn, double alpha, SplittableRandom rng) {
        if (alpha > 0) {
            Init.uniform(weight, alpha, rng);
            Init.zeros(bias);
        } else {
            Init.torchLinearDefault(weight, bias, fanIn, rng);
        }
    }
}
