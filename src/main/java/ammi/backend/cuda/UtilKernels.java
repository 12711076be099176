package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/util.cu: column sums, fills and bit packing. */
final class UtilKernels {
    private final Cuda cuda;
    private final CUfunction sumRows, fill, packBits;

    UtilKernels(Cuda cuda) {
        this.cuda = cuda;
        sumRows = cuda.function("util", "ammi_sum_rows");
        fill = cuda.function("util", "ammi_fill");
        packBits = cuda.function("util", "ammi_pack_bits");
    }

    /** out[c] += sum over rows r (in order) of in[r][c]. */
    void sumRows(CUdeviceptr in, CUdeviceptr out, int rows, int cols) {
        cuda.launch(sumRows, Cuda.blocks(cols, 128), 128, in, out, rows, cols);
    }

    void fill(CUdeviceptr x, long n, float value) {
        cuda.launch(fill, (int) Math.min(256, Math.max(1, (n + 255) / 256)), 256, x, n, value);
    }

    void packBits(CUdeviceptr bits, CUdeviceptr packed, int count, int m, int words) {
        cuda.launch(packBits, Cuda.blocks((long) count * words, 128), 128, bits, packed, count, m, words);
    }
}
