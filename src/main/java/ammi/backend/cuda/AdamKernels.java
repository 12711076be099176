package ammi.backend.cuda;

import ammi.autograd.Adam;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;

/** Host launcher of kernels/adam.cu: global gradient norm, clip coefficient, step count, Adam update. */
final class AdamKernels {
    /** Blocks of one sum-of-squares launch; partials are [tensor][NORM_BLOCKS]. */
    static final int NORM_BLOCKS = 32;
    private static final int BLOCK = 256;
    private final Cuda cuda;
    private final CUfunction sumSquares, clipCoefficient, tick, step, guard;

    AdamKernels(Cuda cuda) {
        this.cuda = cuda;
        sumSquares = cuda.function("adam", "ammi_sum_squares");
        clipCoefficient = cuda.function("adam", "ammi_clip_coefficient");
        tick = cuda.function("adam", "ammi_adam_tick");
        step = cuda.function("adam", "ammi_adam_step");
        guard = cuda.function("adam", "ammi_loss_guard");
    }

    void sumSquares(CUdeviceptr g, long n, CUdeviceptr partial, int slot) {
        cuda.launch(sumSquares, NORM_BLOCKS, BLOCK, g, n, partial, slot);
    }

    void clipCoefficient(CUdeviceptr partial, int count, float maxNorm, CUdeviceptr coef, CUdeviceptr norm) {
        cuda.launch(clipCoefficient, 1, BLOCK, partial, count, maxNorm, coef, norm);
    }

    /** hyper = {t, step size, 1 / sqrt(1 - b2^t)} advanced by one step on the device. */
    void tick(CUdeviceptr hyper, double lr, CUdeviceptr skip) {
        cuda.launch(tick, 1, 32, hyper, (float) lr, (float) Adam.BETA1, (float) Adam.BETA2, skip);
    }

    void step(CUdeviceptr p, CUdeviceptr g, CUdeviceptr m, CUdeviceptr v, long n, CUdeviceptr hyper, CUdeviceptr coef,
              CUdeviceptr skip) {
        int grid = (int) Math.min(1024, Math.max(1, (n + BLOCK - 1) / BLOCK));
        cuda.launch(step, grid, BLOCK, p, g, m, v, n, hyper, (float) Adam.BETA1, (float) Adam.BETA2, (float) Adam.EPS, coef,
                skip);
    }

    /** skip = 1 unless every a[i] + b[i], i < n, sums to a finite loss. */
    void guard(CUdeviceptr a, CUdeviceptr b, int n, CUdeviceptr skip) {
        cuda.launch(guard, 1, 256, a, b, n, skip);
    }
}
