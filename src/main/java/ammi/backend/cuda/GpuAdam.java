package ammi.backend.cuda;

import jcuda.driver.CUdeviceptr;

import java.util.List;

/**
 * ammi.autograd.Adam with GradClip's global-norm clipping, on the device, for a fixed list of
 * tensors: their moments live in two contiguous buffers (a reset is two memsets), the clip
 * coefficient and the step count with its bias corrections are computed on the device, and a
 * step is three launches. Nothing leaves the device, so a step can be captured in a CUDA graph.
 */
final class GpuAdam {
    private final Cuda cuda;
    private final AdamKernels kernels;
    private final int tensors;
    private final long total, largest;
    private final double lr;
    private final float maxNorm;
    private final CUdeviceptr table, mAll, vAll, partial, coef, norm, hyper, skip;

    /** skip (may be null): a device flag that, when set, makes a step leave everything as it was. */
    GpuAdam(Cuda cuda, AdamKernels kernels, List<GpuParameter> params, double lr, double maxNorm, CUdeviceptr skip) {
        this.cuda = cuda;
        this.kernels = kernels;
        this.lr = lr;
        this.maxNorm = (float) maxNorm;
        this.skip = skip;
        tensors = params.size();
        long off = 0, big = 0;
        table = cuda.alloc((long) AdamKernels.ENTRY_BYTES * tensors);
        for (int i = 0; i < tensors; i++) {
            GpuParameter p = params.get(i);
            kernels.setEntry(table, i, p.value, p.grad, p.size(), off);
            off += p.size();
            big = Math.max(big, p.size());
        }
        total = off;
        largest = big;
        mAll = cuda.alloc(4 * total);
        vAll = cuda.alloc(4 * total);
        partial = cuda.alloc(4L * AdamKernels.NORM_BLOCKS * tensors);
        coef = cuda.alloc(4);
        norm = cuda.alloc(4);
        hyper = cuda.alloc(4 * 4);
    }

    /** Forgets the moments and the step count (the reference's fresh prior optimiser per batch). */
    void reset() {
        cuda.zero(mAll, total);
        cuda.zero(vAll, total);
        cuda.zero(hyper, 4);
    }

    /** Clips the gradients to the global norm maxNorm and takes one step; zeroes the gradients. */
    void step() {
        kernels.sumSquares(table, tensors, partial);
        kernels.clipAndTick(partial, AdamKernels.NORM_BLOCKS * tensors, maxNorm, coef, norm, hyper, lr, skip);
        kernels.step(table, tensors, largest, mAll, vAll, hyper, coef, skip);
    }

    /** The global gradient norm of the last step (a device read: for tests). */
    float lastNorm() {
        float[] n = new float[1];
        cuda.download(n, norm, 1);
        return n[0];
    }

    /** The first moments, all tensors in order (a device read: for tests). */
    float[] firstMoments() {
        float[] m = new float[(int) total];
        cuda.download(m, mAll, m.length);
        return m;
    }
}
