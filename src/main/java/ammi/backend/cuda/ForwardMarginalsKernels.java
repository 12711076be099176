package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/forward_marginals.cu: p(context at position i) for every document. */
final class ForwardMarginalsKernels {
    private final Cuda cuda;
    private final CUfunction thread, block;

    ForwardMarginalsKernels(Cuda cuda) {
        this.cuda = cuda;
        thread = cuda.function("forward_marginals", "ammi_forward_marginals_thread");
        block = cuda.function("forward_marginals", "ammi_forward_marginals_block");
    }

    /** alpha [batch][m][2^o] from logits [batch][m][2^o]. */
    void marginals(CUdeviceptr logits, CUdeviceptr alpha, int batch, int m, int order) {
        int states = 1 << order;
        if (states < CrossEntropyKernels.WARP_STATES) {
            cuda.launch(thread, Cuda.blocks(batch, 64), 64, logits, alpha, batch, m, order);
        } else {
            cuda.launch(block, batch, CrossEntropyKernels.threads(states), logits, alpha, batch, m, order);
        }
    }
}
