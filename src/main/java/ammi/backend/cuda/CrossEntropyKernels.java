package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Host launcher of kernels/cross_entropy.cu: H(p_b, q_b) per document and its gradients. Chains
 * with fewer than 32 states run a document per thread; wider ones a document per block, states
 * over threads (a warp for 2^r = 32, up to 256 threads).
 */
final class CrossEntropyKernels {
    static final int BLOCK_STATES = 32;
    private final Cuda cuda;
    private final CUfunction fwdThread, fwdBlock, bwdThread, bwdBlock;

    CrossEntropyKernels(Cuda cuda) {
        this.cuda = cuda;
        fwdThread = cuda.function("cross_entropy", "ammi_ce_forward_thread");
        fwdBlock = cuda.function("cross_entropy", "ammi_ce_forward_block");
        bwdThread = cuda.function("cross_entropy", "ammi_ce_backward_thread");
        bwdBlock = cuda.function("cross_entropy", "ammi_ce_backward_block");
    }

    /** Floats of the alpha workspace for a batch (kept from forward to backward). */
    static long alphaFloats(int batch, int m, int orderQ) {
        return (long) batch * (m + 1) << orderQ;
    }

    static long betaFloats(int batch, int orderQ) {
        return 3L * batch << orderQ;
    }

    void forward(CUdeviceptr p, CUdeviceptr q, boolean qShared, CUdeviceptr h, CUdeviceptr alphaWs, int batch, int m,
                 int orderP, int orderQ) {
        int states = 1 << orderQ;
        if (states < BLOCK_STATES) {
            cuda.launch(fwdThread, Cuda.blocks(batch, 64), 64, p, q, qShared ? 1 : 0, h, alphaWs, batch, m, orderP, orderQ);
        } else {
            cuda.launch(fwdBlock, batch, threads(states), p, q, qShared ? 1 : 0, h, alphaWs, batch, m, orderP, orderQ);
        }
    }

    /**
     * Adds gOut[b] dH_b into dp and dq (either may be null); must follow {@link #forward} on the
     * same p, q and alpha workspace. dq is per document ([batch][m][2^r]), so a shared q's
     * gradient is summed afterwards in document order (deterministic).
     */
    void backward(CUdeviceptr p, CUdeviceptr q, boolean qShared, CUdeviceptr alphaWs, CUdeviceptr gOut, CUdeviceptr dp,
                  CUdeviceptr dq, CUdeviceptr betaWs, int batch, int m, int orderP, int orderQ) {
        int states = 1 << orderQ;
        if (states < BLOCK_STATES) {
            cuda.launch(bwdThread, Cuda.blocks(batch, 64), 64, p, q, qShared ? 1 : 0, alphaWs, gOut, dp, dq, 1, betaWs,
                    batch, m, orderP, orderQ);
        } else {
            cuda.launch(bwdBlock, batch, threads(states), p, q, qShared ? 1 : 0, alphaWs, gOut, dp, dq, 1, betaWs,
                    batch, m, orderP, orderQ);
        }
    }

    static int threads(int states) {
        return Math.min(256, Math.max(32, states));
    }
}
