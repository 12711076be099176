package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/bit_order.cu: --reorder-bits' moments and the chain-order gather. */
final class BitOrderKernels {
    private final Cuda cuda;
    private final CUfunction moments, permute, permuteBackward;

    BitOrderKernels(Cuda cuda) {
        this.cuda = cuda;
        moments = cuda.function("bit_order", "ammi_bit_moments");
        permute = cuda.function("bit_order", "ammi_permute_columns");
        permuteBackward = cuda.function("bit_order", "ammi_permute_columns_backward");
    }

    /** sum (double[m]) and cross (double[m][m], upper triangle) += the batch's moments. */
    void moments(CUdeviceptr logits, int count, int m, CUdeviceptr sum, CUdeviceptr cross) {
        cuda.launch(moments, Cuda.blocks((long) m * m, 128), 128, logits, count, m, sum, cross);
    }

    /** out[b][k] = in[b][perm[k]]. */
    void permute(CUdeviceptr in, CUdeviceptr perm, CUdeviceptr out, int rows, int cols) {
        cuda.launch(permute, Cuda.blocks((long) rows * cols, 128), 128, in, perm, out, rows, cols);
    }

    /** gin[b][perm[k]] += gout[b][k]. */
    void permuteBackward(CUdeviceptr gout, CUdeviceptr perm, CUdeviceptr gin, int rows, int cols) {
        cuda.launch(permuteBackward, Cuda.blocks((long) rows * cols, 128), 128, gout, perm, gin, rows, cols);
    }
}
