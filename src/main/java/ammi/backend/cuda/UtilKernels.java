package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/util.cu: column sums, fills and bit packing. */
final class UtilKernels {
    private final Cuda cuda;
    /** Rows per chunk of the two-stage column sum, and the most rows summed in one stage. */
    static final int SUM_CHUNK = 64;
    private final CUfunction sumRows, sumRowsPartial, fill, packBits;
    private jcuda.driver.CUdeviceptr partial;
    private long partialFloats;

    UtilKernels(Cuda cuda) {
        this.cuda = cuda;
        sumRows = cuda.function("util", "ammi_sum_rows");
        sumRowsPartial = cuda.function("util", "ammi_sum_rows_partial");
        fill = cuda.function("util", "ammi_fill");
        packBits = cuda.function("util", "ammi_pack_bits");
    }

    /** Sizes the two-stage sum's scratch for up to rows x cols, so no allocation happens mid-capture. */
    void reserveSumRows(int rows, int cols) {
        long need = (long) ((rows + SUM_CHUNK - 1) / SUM_CHUNK) * cols;
        if (partial == null || partialFloats < need) {
            cuda.free(partial);
            partial = cuda.alloc(4 * need);
            partialFloats = need;
        }
    }

    /** out[c] += sum over rows r of in[r][c], in a fixed order (two stages above SUM_CHUNK rows). */
    void sumRows(CUdeviceptr in, CUdeviceptr out, int rows, int cols) {
        if (rows <= 2 * SUM_CHUNK) {
            cuda.launch(sumRows, Cuda.blocks(cols, 128), 128, in, out, rows, cols);
            return;
        }
        int chunks = (rows + SUM_CHUNK - 1) / SUM_CHUNK;
        long need = (long) chunks * cols;
        if (partial == null || partialFloats < need) reserveSumRows(rows, cols); // never inside a capture: see CudaBackend
        cuda.launch2d(sumRowsPartial, Cuda.blocks(cols, 128), chunks, 128, in, partial, rows, cols, SUM_CHUNK);
        cuda.launch(sumRows, Cuda.blocks(cols, 128), 128, partial, out, chunks, cols);
    }

    void fill(CUdeviceptr x, long n, float value) {
        cuda.launch(fill, (int) Math.min(256, Math.max(1, (n + 255) / 256)), 256, x, n, value);
    }

    void packBits(CUdeviceptr bits, CUdeviceptr packed, int count, int m, int words) {
        cuda.launch(packBits, Cuda.blocks((long) count * words, 128), 128, bits, packed, count, m, words);
    }
}
