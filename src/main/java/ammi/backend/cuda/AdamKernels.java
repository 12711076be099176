package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/adam.cu: global gradient norm, clip coefficient, Adam update. */
final class AdamKernels {
    /** Blocks of one sum-of-squares launch; partials are [tensor][NORM_BLOCKS]. */
    static final int NORM_BLOCKS = 32;
    private static final int BLOCK = 256;
    private final Cuda cuda;
    private final CUfunction sumSquares, clipCoefficient, step;

    AdamKernels(Cuda cuda) {
        this.cuda = cuda;
        sumSquares = cuda.function("adam", "ammi_sum_squares");
        clipCoefficient = cuda.function("adam", "ammi_clip_coefficient");
        step = cuda.function("adam", "ammi_adam_step");
    }

    void sumSquares(CUdeviceptr g, long n, CUdeviceptr partial, int slot) {
        cuda.launch(sumSquares, NORM_BLOCKS, BLOCK, g, n, partial, slot);
    }

    void clipCoefficient(CUdeviceptr partial, int count, float maxNorm, CUdeviceptr coef, CUdeviceptr norm) {
        cuda.launch(clipCoefficient, 1, BLOCK, partial, count, maxNorm, coef, norm);
    }

    void step(CUdeviceptr p, CUdeviceptr g, CUdeviceptr m, CUdeviceptr v, long n, float stepSize, float invBc2Sqrt,
              CUdeviceptr coef) {
        int grid = (int) Math.min(1024, Math.max(1, (n + BLOCK - 1) / BLOCK));
        cuda.launch(step, grid, BLOCK, p, g, m, v, n, stepSize, invBc2Sqrt, (float) ammi.autograd.Adam.BETA1,
                (float) ammi.autograd.Adam.BETA2, (float) ammi.autograd.Adam.EPS, coef);
    }
}
