package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Host launcher of kernels/parent_cross_entropy.cu (--prior-parents): H(p_b, q) between an
 * order-0 posterior and a shared prior whose bits have r parents each (ammi.markov.ParentCrossEntropy),
 * and its gradients. A block per document, a thread per position; q's log-sigmoid terms are
 * computed once per call into a table reserved up front (no allocation inside a graph capture).
 * The parents are an int[m][r] device buffer read at every launch.
 *
 * <p>The prior's steps read the batch instead through its context marginals ({@link #contextMarginals},
 * once per batch) and then take each step elementwise ({@link #priorGradient}), as the CPU's
 * ammi.markov.ContextMarginals does: no pass over the documents per step.
 */
final class ParentCrossEntropyKernels {
    /** The kernels' limits: marginals and parents are held in shared memory. */
    static final int MAX_M = 256, MAX_ORDER = 10;
    private final Cuda cuda;
    private final CUfunction forward, backward, marginals, priorGrad;
    private final QTermTable qTable;

    ParentCrossEntropyKernels(Cuda cuda) {
        this.cuda = cuda;
        qTable = new QTermTable(cuda);
        forward = cuda.function("parent_cross_entropy", "ammi_pce_forward");
        backward = cuda.function("parent_cross_entropy", "ammi_pce_backward");
        marginals = cuda.function("parent_cross_entropy", "ammi_pce_context_marginals");
        priorGrad = cuda.function("parent_cross_entropy", "ammi_pce_prior_grad");
    }

    static boolean supports(int m, int orderQ) {
        return m >= 1 && m <= MAX_M && orderQ >= 0 && orderQ <= MAX_ORDER;
    }

    /** Sizes the table of q's terms for m x 2^r, so that no allocation happens inside a graph capture. */
    void reserve(int m, int orderQ) {
        qTable.reserve(m, orderQ);
    }

    private CUdeviceptr terms(CUdeviceptr q, int m, int orderQ) {
        check(m, orderQ);
        return qTable.fill(q, m, orderQ);
    }

    /** h[b] = H(p_b, q) for b < batch; p [batch][m], q [m][2^r], parents int [m][r]. */
    void forward(CUdeviceptr p, CUdeviceptr q, CUdeviceptr parents, CUdeviceptr h, int batch, int m, int orderQ) {
        cuda.launch(forward, batch, threads(m), p, terms(q, m, orderQ), parents, h, batch, m, orderQ);
    }

    /**
     * Adds gOut[b] dH_b into dp ([batch][m], may be null) and dq (may be null; per document,
     * [batch][m][2^r], to be summed in document order by UtilKernels.sumRows: deterministic).
     * Needs no forward pass first.
     */
    void backward(CUdeviceptr p, CUdeviceptr q, CUdeviceptr parents, CUdeviceptr gOut, CUdeviceptr dp, CUdeviceptr dq,
                  int batch, int m, int orderQ) {
        cuda.launch(backward, batch, threads(m), p, terms(q, m, orderQ), parents, gOut, dp, dq, batch, m, orderQ);
    }

    /**
     * mu [2][m 2^r]: mu[v m 2^r + k 2^r + c] = sum_b g[b] P_bk(c) p_b(z_k = v), the documents added
     * in order (a thread per entry; no atomics). p [batch][m] logits, g [batch], parents int [m][r].
     */
    void contextMarginals(CUdeviceptr p, CUdeviceptr g, CUdeviceptr parents, CUdeviceptr mu, int batch, int m, int orderQ) {
        check(m, orderQ);
        int n = m << orderQ;
        cuda.launch(marginals, Cuda.blocks(n, 128), 128, p, g, parents, mu, batch, m, orderQ);
    }

    /** Adds the gradient of sum_{k,c} mu0 (-log sigma(-u)) + mu1 (-log sigma(u)) in q's logits u into dq [m 2^r]. */
    void priorGradient(CUdeviceptr mu, CUdeviceptr q, CUdeviceptr dq, int m, int orderQ) {
        check(m, orderQ);
        int n = m << orderQ;
        cuda.launch(priorGrad, Cuda.blocks(n, 256), 256, mu, q, dq, n);
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
