package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;

import java.util.ArrayList;
import java.util.List;

/**
 * ammi.model.Posterior on the device: the sparse input layer, then {@code layers} ReLU + dense
 * layers, giving m x 2^o logits per document. Parameter names match the CPU model's, so a
 * checkpoint loads on either backend. Activations are kept for the backward pass; each hidden
 * activation is stored after its ReLU, which is also the mask of the ReLU's gradient.
 */
final class GpuPosterior {
    final int order;
    final int logits;
    private final Cuda cuda;
    private final CudaKernels k;
    private final GpuParameter inW, inB;
    private final GpuParameter[] w, b;
    private final int[] width;           // width[l]: columns of activation l (l = 0 .. layers)
    private final CUdeviceptr[] act, dact;
    private final List<GpuParameter> parameters = new ArrayList<>();

    GpuPosterior(Cuda cuda, CudaKernels k, String name, int vocab, int m, int order, int layers, int hidden, int maxBatch) {
        this.cuda = cuda;
        this.k = k;
        this.order = order;
        this.logits = m << order;
        width = new int[layers + 1];
        for (int l = 0; l < layers; l++) width[l] = hidden;
        width[layers] = logits;
        inW = new GpuParameter(cuda, name + ".in.weight", vocab, width[0]);
        inB = new GpuParameter(cuda, name + ".in.bias", 1, width[0]);
        parameters.add(inW);
        parameters.add(inB);
        w = new GpuParameter[layers];
        b = new GpuParameter[layers];
        for (int l = 0; l < layers; l++) {
            String layer = name + (l == layers - 1 ? ".out" : ".hidden" + (l + 1));
            w[l] = new GpuParameter(cuda, layer + ".weight", width[l], width[l + 1]);
            b[l] = new GpuParameter(cuda, layer + ".bias", 1, width[l + 1]);
            parameters.add(w[l]);
            parameters.add(b[l]);
        }
        act = new CUdeviceptr[layers + 1];
        dact = new CUdeviceptr[layers + 1];
        for (int l = 0; l <= layers; l++) {
            act[l] = cuda.alloc(4L * maxBatch * width[l]);
            dact[l] = cuda.alloc(4L * maxBatch * width[l]);
        }
    }

    /**
     * An encoder that runs {@code shared}'s parameters (--tie-encoders): the same device value and
     * gradient buffers, its own activation buffers, so both can run forward on one batch and back.
     * Every backward kernel adds into the gradients (dense and sparse weight gradients, the bias
     * column sums: {@code +=}, one writer per element), so a backward pass of this encoder after one
     * of {@code shared} leaves grad = grad_shared + grad_this there, in a fixed order: no float
     * atomics, no extra buffer. {@link #parameters()} returns {@code shared}'s list.
     */
    GpuPosterior(Cuda cuda, CudaKernels k, GpuPosterior shared, int maxBatch) {
        this.cuda = cuda;
        this.k = k;
        this.order = shared.order;
        this.logits = shared.logits;
        width = shared.width.clone();
        inW = shared.inW;
        inB = shared.inB;
        w = shared.w;
        b = shared.b;
        parameters.addAll(shared.parameters);
        int layers = w.length;
        act = new CUdeviceptr[layers + 1];
        dact = new CUdeviceptr[layers + 1];
        for (int l = 0; l <= layers; l++) {
            act[l] = cuda.alloc(4L * maxBatch * width[l]);
            dact[l] = cuda.alloc(4L * maxBatch * width[l]);
        }
    }

    List<GpuParameter> parameters() {
        return parameters;
    }

    /** Logits [count][m 2^o] of rows docs[0..count) of x (or rows row0.. when docs is null). */
    CUdeviceptr forward(DeviceCsr x, CUdeviceptr docs, int row0, int count) {
        return forward(x, docs, row0, count, null, 0);
    }

    /** As {@link #forward(DeviceCsr, CUdeviceptr, int, int)}, with word dropout when dropKey is non-null. */
    CUdeviceptr forward(DeviceCsr x, CUdeviceptr docs, int row0, int count, CUdeviceptr dropKey, double dropP) {
        int layers = w.length;
        k.sparse.forward(x, docs, row0, inW.value, inB.value, act[0], count, width[0], layers > 0, dropKey, dropP);
        for (int l = 0; l < layers; l++)
            k.dense.forward(act[l], w[l].value, b[l].value, act[l + 1], count, width[l], width[l + 1], l + 1 < layers);
        return act[layers];
    }

    /** The gradient buffer of the logits; zero it with {@link #zeroLogitGrad} before a step adds into it. */
    CUdeviceptr logitGrad() {
        return dact[w.length];
    }

    void zeroLogitGrad(int count) {
        cuda.zero(logitGrad(), (long) count * logits);
    }

    /**
     * Back-propagates {@link #logitGrad()} of the last forward batch into the parameter gradients;
     * dropKey and dropP must be those of that forward pass.
     */
    void backward(DeviceCsr x, CUdeviceptr docs, int row0, int count, CUdeviceptr dropKey, double dropP) {
        for (int l = w.length - 1; l >= 0; l--) {
            k.dense.backwardWeight(act[l], dact[l + 1], w[l].grad, count, width[l], width[l + 1]);
            k.util.sumRows(dact[l + 1], b[l].grad, count, width[l + 1]);
            cuda.zero(dact[l], (long) count * width[l]);
            k.dense.backwardInput(dact[l + 1], w[l].value, act[l], dact[l], count, width[l], width[l + 1]);
        }
        k.sparse.weightGrad(x, docs, row0, dact[0], inW.grad, count, width[0], dropKey, dropP);
        k.util.sumRows(dact[0], inB.grad, count, width[0]);
    }
}
