package ammi.backend.cuda;

import ammi.autograd.Adam;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/**
 * Host launcher of kernels/adam.cu: an optimiser's tensors are listed once in a device table, and
 * each step is three launches whatever their number (sums of squares; clip coefficient and step
 * count; update), plus the loss guard that can cancel an encoder step.
 */
final class AdamKernels {
    /** Blocks per tensor of the sums of squares; partials are [tensor][NORM_BLOCKS]. */
    static final int NORM_BLOCKS = 32;
    private static final int BLOCK = 256;
    private final Cuda cuda;
    private final CUfunction tableSet, sumSquares, clipAndTick, step, guard;

    AdamKernels(Cuda cuda) {
        this.cuda = cuda;
        tableSet = cuda.function("adam", "ammi_adam_table_set");
        sumSquares = cuda.function("adam", "ammi_sum_squares_multi");
        clipAndTick = cuda.function("adam", "ammi_clip_and_tick");
        step = cuda.function("adam", "ammi_adam_step_multi");
        guard = cuda.function("adam", "ammi_loss_guard");
    }

    /** Bytes of one table entry (two pointers, two 64-bit integers). */
    static final int ENTRY_BYTES = 32;

    void setEntry(CUdeviceptr table, int slot, CUdeviceptr value, CUdeviceptr grad, long n, long offset) {
        cuda.launch(tableSet, 1, 32, table, slot, value, grad, n, offset);
    }

    void sumSquares(CUdeviceptr table, int tensors, CUdeviceptr partial) {
        cuda.launch2d(sumSquares, NORM_BLOCKS, tensors, BLOCK, table, partial);
    }

    void clipAndTick(CUdeviceptr partial, int count, float maxNorm, CUdeviceptr coef, CUdeviceptr norm, CUdeviceptr hyper,
                     double lr, CUdeviceptr skip) {
        cuda.launch(clipAndTick, 1, BLOCK, partial, count, maxNorm, coef, norm, hyper, (float) lr, (float) Adam.BETA1,
                (float) Adam.BETA2, skip);
    }

    /** keep = 1 - lr * weight decay multiplies every parameter before its Adam update (AdamW). */
    void step(CUdeviceptr table, int tensors, long largest, CUdeviceptr mAll, CUdeviceptr vAll, CUdeviceptr hyper,
              float keep, CUdeviceptr coef, CUdeviceptr skip) {
        int grid = (int) Math.min(1024, Math.max(1, (largest + BLOCK - 1) / BLOCK));
        cuda.launch2d(step, grid, tensors, BLOCK, table, mAll, vAll, hyper, (float) Adam.BETA1, (float) Adam.BETA2,
                (float) Adam.EPS, keep, coef, skip);
    }

    /** skip = 1 unless every a[i] + b[i], i < n, sums to a finite loss. */
    void guard(CUdeviceptr a, CUdeviceptr b, int n, CUdeviceptr skip) {
        cuda.launch(guard, 1, 256, a, b, n, skip);
    }
}
