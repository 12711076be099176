package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;

import java.util.List;

/**
 * ammi.autograd.Adam with GradClip's global-norm clipping, on the device: per-tensor sums of
 * squares into fixed slots, one block reduces them to the clip coefficient, the step count and
 * bias corrections advance on the device, then every tensor takes its update and has its
 * gradient zeroed. Nothing leaves the device, so a step can be captured in a CUDA graph.
 */
final class GpuAdam {
    private final Cuda cuda;
    private final AdamKernels kernels;
    private final List<GpuParameter> params;
    private final double lr;
    private final float maxNorm;
    private final CUdeviceptr partial, coef, norm, hyper, skip;

    /** skip (may be null): a device flag that, when set, makes a step leave everything as it was. */
    GpuAdam(Cuda cuda, AdamKernels kernels, List<GpuParameter> params, double lr, double maxNorm, CUdeviceptr skip) {
        this.cuda = cuda;
        this.kernels = kernels;
        this.params = params;
        this.lr = lr;
        this.maxNorm = (float) maxNorm;
        this.skip = skip;
        partial = cuda.alloc(4L * AdamKernels.NORM_BLOCKS * params.size());
        coef = cuda.alloc(4);
        norm = cuda.alloc(4);
        hyper = cuda.alloc(4 * 4);
    }

    /** Forgets the moments and the step count (the reference's fresh prior optimiser per batch). */
    void reset() {
        for (GpuParameter p : params) {
            cuda.zero(p.m, p.size());
            cuda.zero(p.v, p.size());
        }
        cuda.zero(hyper, 4);
    }

    /** Clips the gradients to the global norm maxNorm and takes one step; zeroes the gradients. */
    void step() {
        for (int i = 0; i < params.size(); i++) kernels.sumSquares(params.get(i).grad, params.get(i).size(), partial, i);
        kernels.clipCoefficient(partial, AdamKernels.NORM_BLOCKS * params.size(), maxNorm, coef, norm);
        kernels.tick(hyper, lr, skip);
        for (GpuParameter p : params) kernels.step(p.value, p.grad, p.m, p.v, p.size(), hyper, coef, skip);
    }

    /** The global gradient norm of the last step (a device read: for tests). */
    float lastNorm() {
        float[] n = new float[1];
        cuda.download(n, norm, 1);
        return n[0];
    }
}
