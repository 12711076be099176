package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Host launcher of kernels/cross_entropy.cu: H(p_b, q_b) per document and its gradients, in three
 * versions (docs/cuda.md): v1 a document per thread, v2 a document per block with the states over
 * threads, v3 a document per warp with state c in lane c, v4 = v3 with 32 / 2^r documents per
 * warp and the logits of 8 positions loaded ahead, v5 (order-0 p only) every position at once
 * from the closed form of the context probabilities, v6 = v5 for a shared q with q's log-sigmoid
 * terms computed once per launch. {@link #pick} chooses v5 for an order-0 p (v6 when
 * {@link #SHARED_Q_TABLE} is on and q is shared), else v4 up to 32 states and v2 above; the gpu
 * suite checks every version against the CPU path.
 */
final class CrossEntropyKernels {
    enum Version { THREAD, BLOCK, WARP, PACKED_WARP, POSITIONS, POSITIONS_SHARED_Q }

    static final int WARP_STATES = 32;
    private static final int WARPS_PER_BLOCK = 4;
    private final Cuda cuda;
    private final CUfunction fwdThread, fwdBlock, fwdWarp, fwdPacked, fwdPositions, bwdThread, bwdBlock, bwdWarp, bwdPacked,
            bwdPositions, fwdSharedQ, bwdSharedQ;
    /** v6 as the choice for a shared q (checked on an H200: docs/gpu-results.md, run 6); -Dammi.cuda.v6=false picks v5. */
    static final boolean SHARED_Q_TABLE = Boolean.parseBoolean(System.getProperty("ammi.cuda.v6", "true"));
    private final QTermTable qTable;
    /** v5's limits: its states are looped per thread and its marginals held in shared memory. */
    static final int POSITIONS_MAX_M = 256;

    CrossEntropyKernels(Cuda cuda) {
        this.cuda = cuda;
        fwdThread = cuda.function("cross_entropy", "ammi_ce_forward_thread");
        fwdBlock = cuda.function("cross_entropy", "ammi_ce_forward_block");
        fwdWarp = cuda.function("cross_entropy", "ammi_ce_forward_warp");
        bwdThread = cuda.function("cross_entropy", "ammi_ce_backward_thread");
        bwdBlock = cuda.function("cross_entropy", "ammi_ce_backward_block");
        bwdWarp = cuda.function("cross_entropy", "ammi_ce_backward_warp");
        fwdPacked = cuda.function("cross_entropy", "ammi_ce_forward_warp4");
        bwdPacked = cuda.function("cross_entropy", "ammi_ce_backward_warp4");
        fwdPositions = cuda.function("cross_entropy", "ammi_ce0_forward");
        bwdPositions = cuda.function("cross_entropy", "ammi_ce0_backward");
        qTable = new QTermTable(cuda);
        fwdSharedQ = cuda.function("cross_entropy", "ammi_ce0q_forward");
        bwdSharedQ = cuda.function("cross_entropy", "ammi_ce0q_backward");
    }

    static Version pick(int m, int orderP, int orderQ, boolean qShared) {
        if ((1 << orderQ) > WARP_STATES) return Version.BLOCK;
        if (orderP != 0 || m > POSITIONS_MAX_M) return Version.PACKED_WARP;
        return qShared && SHARED_Q_TABLE ? Version.POSITIONS_SHARED_Q : Version.POSITIONS;
    }

    /** Sizes v6's table of q's terms for m x 2^r, so that no allocation happens inside a graph capture. */
    void reserve(int m, int orderQ) {
        qTable.reserve(m, orderQ);
    }

    /** Whether version v can run this shape. */
    static boolean supports(Version v, int m, int orderP, int orderQ, boolean qShared) {
        int states = 1 << orderQ;
        return switch (v) {
            case THREAD, BLOCK -> true;
            case WARP, PACKED_WARP -> states <= WARP_STATES;
            case POSITIONS -> orderP == 0 && states <= WARP_STATES && m <= POSITIONS_MAX_M;
            case POSITIONS_SHARED_Q -> qShared && orderP == 0 && states <= WARP_STATES && m <= POSITIONS_MAX_M;
        };
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
        forward(pick(m, orderP, orderQ, qShared), p, q, qShared, h, alphaWs, batch, m, orderP, orderQ);
    }

    void forward(Version v, CUdeviceptr p, CUdeviceptr q, boolean qShared, CUdeviceptr h, CUdeviceptr alphaWs, int batch,
                 int m, int orderP, int orderQ) {
        int shared = qShared ? 1 : 0;
        switch (v) {
            case THREAD -> cuda.launch(fwdThread, Cuda.blocks(batch, 64), 64, p, q, shared, h, alphaWs, batch, m, orderP, orderQ);
            case BLOCK -> cuda.launch(fwdBlock, batch, threads(1 << orderQ), p, q, shared, h, alphaWs, batch, m, orderP, orderQ);
            case WARP -> cuda.launch(fwdWarp, Cuda.blocks(batch, WARPS_PER_BLOCK), 32 * WARPS_PER_BLOCK, p, q, shared, h, alphaWs,
                    batch, m, orderP, orderQ);
            case PACKED_WARP -> cuda.launch(fwdPacked, packedBlocks(batch, orderQ), 32 * WARPS_PER_BLOCK, p, q, shared, h, alphaWs,
                    batch, m, orderP, orderQ);
            case POSITIONS -> cuda.launch(fwdPositions, batch, positionThreads(m), p, q, shared, h, batch, m, orderQ);
            case POSITIONS_SHARED_Q -> cuda.launch(fwdSharedQ, batch, positionThreads(m), p, qTable.fill(q, m, orderQ), h, batch, m,
                    orderQ);
        }
    }

    /**
     * Adds gOut[b] dH_b into dp and dq (either may be null); must follow {@link #forward} of the
     * same version on the same p, q and alpha workspace. dq is per document ([batch][m][2^r]), so
     * a shared q's gradient is summed afterwards in document order (deterministic).
     */
    void backward(CUdeviceptr p, CUdeviceptr q, boolean qShared, CUdeviceptr alphaWs, CUdeviceptr gOut, CUdeviceptr dp,
                  CUdeviceptr dq, CUdeviceptr betaWs, int batch, int m, int orderP, int orderQ) {
        backward(pick(m, orderP, orderQ, qShared), p, q, qShared, alphaWs, gOut, dp, dq, betaWs, batch, m, orderP, orderQ);
    }

    void backward(Version v, CUdeviceptr p, CUdeviceptr q, boolean qShared, CUdeviceptr alphaWs, CUdeviceptr gOut,
                  CUdeviceptr dp, CUdeviceptr dq, CUdeviceptr betaWs, int batch, int m, int orderP, int orderQ) {
        int shared = qShared ? 1 : 0;
        switch (v) {
            case THREAD -> cuda.launch(bwdThread, Cuda.blocks(batch, 64), 64, p, q, shared, alphaWs, gOut, dp, dq, 1, betaWs,
                    batch, m, orderP, orderQ);
            case BLOCK -> cuda.launch(bwdBlock, batch, threads(1 << orderQ), p, q, shared, alphaWs, gOut, dp, dq, 1, betaWs,
                    batch, m, orderP, orderQ);
            case WARP -> cuda.launch(bwdWarp, Cuda.blocks(batch, WARPS_PER_BLOCK), 32 * WARPS_PER_BLOCK, p, q, shared, alphaWs,
                    gOut, dp, dq, batch, m, orderP, orderQ);
            case PACKED_WARP -> cuda.launch(bwdPacked, packedBlocks(batch, orderQ), 32 * WARPS_PER_BLOCK, p, q, shared, alphaWs,
                    gOut, dp, dq, batch, m, orderP, orderQ);
            case POSITIONS -> cuda.launch(bwdPositions, batch, positionThreads(m), p, q, shared, gOut, dp, dq, batch, m, orderQ);
            // q's terms are in the table from the forward pass on the same q
            case POSITIONS_SHARED_Q -> cuda.launch(bwdSharedQ, batch, positionThreads(m), p, qTable.table(), gOut, dp, dq, batch, m, orderQ);
        }
    }

    /** Blocks for v4: 32 / 2^r documents per warp, WARPS_PER_BLOCK warps per block. */
    static int packedBlocks(int batch, int orderQ) {
        int perWarp = WARP_STATES >> orderQ;
        return Cuda.blocks(Cuda.blocks(batch, perWarp), WARPS_PER_BLOCK);
    }

    static int positionThreads(int m) {
        return Math.min(128, Math.max(32, (m + 31) & ~31));
    }

    static int threads(int states) {
        return Math.min(256, Math.max(32, states));
    }
}
