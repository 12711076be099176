package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/viterbi.cu: the most probable code of each document, in log space. */
final class ViterbiKernels {
    private final Cuda cuda;
    private final CUfunction thread, block;

    ViterbiKernels(Cuda cuda) {
        this.cuda = cuda;
        thread = cuda.function("viterbi", "ammi_viterbi_thread");
        block = cuda.function("viterbi", "ammi_viterbi_block");
    }

    static long deltaFloats(int batch, int order) {
        return 2L * batch << order;
    }

    static long backBytes(int batch, int m, int order) {
        return (long) batch * m << order;
    }

    /** bits [batch][m] (bytes), logProb [batch] (may be null). */
    void decode(CUdeviceptr logits, CUdeviceptr bits, CUdeviceptr logProb, CUdeviceptr deltaWs, CUdeviceptr backWs,
                int batch, int m, int order) {
        int states = 1 << order;
        if (states < CrossEntropyKernels.WARP_STATES) {
            cuda.launch(thread, Cuda.blocks(batch, 64), 64, logits, bits, logProb, deltaWs, backWs, batch, m, order);
        } else {
            cuda.launch(block, batch, CrossEntropyKernels.threads(states), logits, bits, logProb, deltaWs, backWs, batch,
                    m, order);
        }
    }
}
