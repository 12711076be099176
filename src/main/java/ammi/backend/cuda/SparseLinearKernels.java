package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/sparse_linear.cu: the encoder's CSR input layer over a batch. */
final class SparseLinearKernels {
    private final Cuda cuda;
    private final CUfunction forward, weightGrad;

    SparseLinearKernels(Cuda cuda) {
        this.cuda = cuda;
        forward = cuda.function("sparse_linear", "ammi_sparse_linear_forward");
        weightGrad = cuda.function("sparse_linear", "ammi_sparse_linear_weight_grad");
    }

    /**
     * y [rows][out] for the batch rows docs[0..rows) of x, or x's rows row0.. when docs is null.
     * With dropKey non-null (a device word holding the step's WordDropout key) each nonzero is
     * dropped with probability dropP and the rest scaled by 1 / (1 - dropP).
     */
    void forward(DeviceCsr x, CUdeviceptr docs, int row0, CUdeviceptr w, CUdeviceptr b, CUdeviceptr y, int rows,
                 int out, boolean reluOut, CUdeviceptr dropKey, double dropP) {
        cuda.launch(forward, rows, Math.min(256, roundUp32(out)), x.rowPtr, x.colIdx, x.values, docs, row0, w, b, y,
                rows, out, reluOut ? 1 : 0, dropKey, dropP);
    }

    /** dW += x_batch^T dy, deterministically (each warp owns a range of vocabulary rows of dW); the mask of forward. */
    void weightGrad(DeviceCsr x, CUdeviceptr docs, int row0, CUdeviceptr dy, CUdeviceptr dw, int rows, int out,
                    CUdeviceptr dropKey, double dropP) {
        int warps = Math.max(32, Math.min(1024, x.cols / 16));
        cuda.launch(weightGrad, warps / 4, 128, x.rowPtr, x.colIdx, x.values, docs, row0, dy, dw, rows, out, x.cols,
                dropKey, dropP);
    }

    static int roundUp32(int n) {
        return Math.max(32, (n + 31) & ~31);
    }
}
