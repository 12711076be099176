package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * The table of a shared prior's terms l0, l1, s ([3][m 2^r] floats, kernels/cross_entropy.cu's
 * ammi_ce_qterms), filled once per launch of the kernels that read it: v6 of the cross entropy and
 * the parents' cross entropy. Reserved up front, because nothing may be allocated inside a CUDA
 * graph capture.
 */
final class QTermTable {
    private final Cuda cuda;
    private final CUfunction fill;
    private CUdeviceptr table;
    private long floats;

    QTermTable(Cuda cuda) {
        this.cuda = cuda;
        fill = cuda.function("cross_entropy", "ammi_ce_qterms");
    }

    /** Makes room for m x 2^r; a no-op when there is room already. */
    void reserve(int m, int orderQ) {
        long need = 3L * m << orderQ;
        if (table != null && floats >= need) return;
        cuda.free(table);
        table = cuda.alloc(4 * need);
        floats = need;
    }

    /** Enqueues the fill from q ([m][2^r] logits) and returns the table. */
    CUdeviceptr fill(CUdeviceptr q, int m, int orderQ) {
        reserve(m, orderQ);
        int n = m << orderQ;
        cuda.launch(fill, Cuda.blocks(n, 128), 128, q, table, n);
        return table;
    }

    /** The table as the last {@link #fill} left it (v6's backward reads its forward's table). */
    CUdeviceptr table() {
        return table;
    }
}
