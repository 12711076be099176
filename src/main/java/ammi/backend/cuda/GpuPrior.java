package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;

import java.util.ArrayList;
import java.util.List;

/**
 * ammi.model.Prior on the device: the m x 2^r logits of q(z), either a raw table or a net over
 * a learned m x H embedding ({@code layers} ReLU layers, then the output layer). Names match the
 * CPU model's parameters.
 */
final class GpuPrior {
    final int order;
    final int logits;
    private final Cuda cuda;
    private final CudaKernels k;
    private final int m;
    private final GpuParameter table;      // raw: 1 x m 2^r logits; net: the m x H embedding
    private final GpuParameter[] w, b;     // net only: hidden layers, then the output layer
    private final int[] width;             // width[l]: columns of the input of layer l; width[L+1] = 2^r
    private final CUdeviceptr[] out, dout; // out[l]: output of layer l, [m][width[l+1]]
    private final List<GpuParameter> parameters = new ArrayList<>();

    GpuPrior(Cuda cuda, CudaKernels k, int m, int order, int layers, int hidden, boolean raw) {
        this.cuda = cuda;
        this.k = k;
        this.m = m;
        this.order = order;
        this.logits = m << order;
        if (raw) {
            table = new GpuParameter(cuda, "prior.table", 1, logits);
            parameters.add(table);
            w = b = new GpuParameter[0];
            width = new int[0];
            out = dout = new CUdeviceptr[0];
            return;
        }
        table = new GpuParameter(cuda, "prior.embedding", m, hidden);
        parameters.add(table);
        w = new GpuParameter[layers + 1];
        b = new GpuParameter[layers + 1];
        width = new int[layers + 2];
        for (int l = 0; l <= layers; l++) width[l] = hidden;
        width[layers + 1] = 1 << order;
        out = new CUdeviceptr[layers + 1];
        dout = new CUdeviceptr[layers + 1];
        for (int l = 0; l <= layers; l++) {
            String layer = l == layers ? "prior.out" : "prior.hidden" + (l + 1);
            w[l] = new GpuParameter(cuda, layer + ".weight", width[l], width[l + 1]);
            b[l] = new GpuParameter(cuda, layer + ".bias", 1, width[l + 1]);
            parameters.add(w[l]);
            parameters.add(b[l]);
            out[l] = cuda.alloc(4L * m * width[l + 1]);
            dout[l] = cuda.alloc(4L * m * width[l + 1]);
        }
    }

    List<GpuParameter> parameters() {
        return parameters;
    }

    /** The m 2^r logit table, position i's 2^r conditionals contiguous. */
    CUdeviceptr forward() {
        if (w.length == 0) return table.value;
        CUdeviceptr x = table.value;
        for (int l = 0; l < w.length; l++) {
            k.dense.forward(x, w[l].value, b[l].value, out[l], m, width[l], width[l + 1], l + 1 < w.length);
            x = out[l];
        }
        return x;
    }

    /** Where the logits' gradient goes; zeroed by {@link #zeroLogitGrad}, read by {@link #backward}. */
    CUdeviceptr logitGrad() {
        return w.length == 0 ? table.grad : dout[w.length - 1];
    }

    void zeroLogitGrad() {
        if (w.length > 0) cuda.zero(logitGrad(), logits); // a raw table's gradient is zeroed by Adam
    }

    /** Back-propagates {@link #logitGrad()} into the parameter gradients (after {@link #forward}). */
    void backward() {
        for (int l = w.length - 1; l >= 0; l--) {
            CUdeviceptr x = l == 0 ? table.value : out[l - 1];
            k.dense.backwardWeight(x, dout[l], w[l].grad, m, width[l], width[l + 1]);
            k.util.sumRows(dout[l], b[l].grad, m, width[l + 1]);
            if (l == 0) {
                k.dense.backwardInput(dout[0], w[0].value, null, table.grad, m, width[0], width[1]);
            } else {
                cuda.zero(dout[l - 1], (long) m * width[l]);
                k.dense.backwardInput(dout[l], w[l].value, out[l - 1], dout[l - 1], m, width[l], width[l + 1]);
            }
        }
    }
}
