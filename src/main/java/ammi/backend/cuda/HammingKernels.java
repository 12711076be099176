package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/hamming_topk.cu: exact top-K by (Hamming distance, base index). */
final class HammingKernels {
    /** Largest code the kernel's shared histogram holds. */
    static final int MAX_BITS = 256;
    private static final int MAX_GRID = 65535;
    private final Cuda cuda;
    private final CUfunction topK;

    HammingKernels(Cuda cuda) {
        this.cuda = cuda;
        topK = cuda.function("hamming_topk", "ammi_hamming_topk");
    }

    /** out [queries][k]: base indices, nearest first; k <= n. */
    void topK(CUdeviceptr base, int n, CUdeviceptr queries, int count, int words, int m, int k, CUdeviceptr out) {
        for (int q0 = 0; q0 < count; q0 += MAX_GRID) {
            int c = Math.min(MAX_GRID, count - q0);
            CUdeviceptr o = out.withByteOffset(4L * q0 * k);
            cuda.launch(topK, c, 256, base, n, queries, q0, words, m, k, o);
        }
    }
}
