package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Host launcher of kernels/parent_cross_entropy.cu (--prior-parents): H(p_b, q) between an
 * order-0 posterior and a shared prior whose bits have r parents each (ammi.markov.ParentCrossEntropy),
 * and its gradients. A block per document, a thread per position; q's log-sigmoid terms are
 * computed once per call into a table reserved up front (no allocation inside a graph capture).
 * The parents are an int[m][r] device buffer read at every launch.
 */
final class ParentCrossEntropyKernels {
    /** The kernels' limits: marginals and parents are held in shared memory. */
    static final int MAX_M = 256, MAX_ORDER = 10;
    private final Cuda cuda;
    private final CUfunction qTerms, forward, backward;
    private CUdeviceptr qTable;
    private long qTableFloats;

    ParentCrossEntropyKernels(Cuda cuda) {
        this.cuda = cuda;
        qTerms = cuda.function("parent_cross_entropy", "ammi_pce_qterms");
        forward = cuda.function("parent_cross_entropy", "ammi_pce_forward");
        backward = cuda.function("parent_cross_entropy", "ammi_pce_backward");
    }

    static boolean supports(int m, int orderQ) {
        return m >= 1 && m <= MAX_M && orderQ >= 0 && orderQ <= MAX_ORDER;
    }

    /** Sizes the table of q's terms for m x 2^r, so that no allocation happens inside a graph capture. */
    void reserve(int m, int orderQ) {
        long need = 3L * m << orderQ;
        if (qTable != null && qTableFloats >= need) return;
        cuda.free(qTable);
        qTable = cuda.alloc(4 * need);
        qTableFloats = need;
    }

    private void terms(CUdeviceptr q, int m, int orderQ) {
        check(m, orderQ);
        reserve(m, orderQ);
        int n = m << orderQ;
        cuda.launch(qTerms, Cuda.blocks(n, 128), 128, q, qTable, n);
    }

    /** h[b] = H(p_b, q) for b < batch; p [batch][m], q [m][2^r], parents int [m][r]. */
    void forward(CUdeviceptr p, CUdeviceptr q, CUdeviceptr parents, CUdeviceptr h, int batch, int m, int orderQ) {
        terms(q, m, orderQ);
        cuda.launch(forward, batch, threads(m), p, qTable, parents, h, batch, m, orderQ);
    }

    /**
     * Adds gOut[b] dH_b into dp ([batch][m], may be null) and dq (may be null; per document,
     * [batch][m][2^r], to be summed in document order by UtilKernels.sumRows: deterministic).
     * Needs no forward pass first.
     */
    void backward(CUdeviceptr p, CUdeviceptr q, CUdeviceptr parents, CUdeviceptr gOut, CUdeviceptr dp, CUdeviceptr dq,
                  int batch, int m, int orderQ) {
        terms(q, m, orderQ);
        cuda.launch(backward, batch, threads(m), p, qTable, parents, gOut, dp, dq, batch, m, orderQ);
    }

    private static void check(int m, int orderQ) {
        if (!supports(m, orderQ))
            throw new IllegalArgumentException("parent cross entropy on the device needs m <= " + MAX_M + " and r <= " + MAX_ORDER
                    + ", got m = " + m + ", r = " + orderQ);
    }

    static int threads(int m) {
        return Math.min(256, Math.max(32, (m + 31) & ~31));
    }
}
