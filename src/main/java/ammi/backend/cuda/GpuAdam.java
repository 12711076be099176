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
    private final List<GpuParameter> params;
    private final int tensors;
    private final long total, largest;
    private final double lr;
    private final float maxNorm;
    private final float keep; // 1 - lr * weight decay
    private final CUdeviceptr table, mAll, vAll, partial, coef, norm, hyper, skip;

    /** skip (may be null): a device flag that, when set, makes a step leave everything as it was. */
    GpuAdam(Cuda cuda, AdamKernels kernels, List<GpuParameter> params, double lr, double maxNorm, CUdeviceptr skip) {
        this(cuda, kernels, params, lr, maxNorm, 0, skip);
    }

    /** With decoupled weight decay (AdamW), as ammi.autograd.Adam#setWeightDecay. */
    GpuAdam(Cuda cuda, AdamKernels kernels, List<GpuParameter> params, double lr, double maxNorm, double weightDecay,
            CUdeviceptr skip) {
        if (!(weightDecay >= 0) || lr * weightDecay >= 1) throw new IllegalArgumentException("weight decay " + weightDecay);
        this.keep = (float) (1.0 - lr * weightDecay);
        this.cuda = cuda;
        this.kernels = kernels;
        this.lr = lr;
        this.maxNorm = (float) maxNorm;
        this.skip = skip;
        this.params = params;
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
        kernels.step(table, tensors, largest, mAll, vAll, hyper, keep, coef, skip);
    }

    /** As ammi.autograd.Adam#exportState: prefix.m.NAME, prefix.v.NAME per tensor and prefix.t. */
    void exportState(String prefix, java.util.Map<String, double[]> out) {
        float[] m = new float[(int) total], v = new float[(int) total], h = new float[4];
        cuda.download(m, mAll, m.length);
        cuda.download(v, vAll, v.length);
        cuda.download(h, hyper, 4);
        int off = 0;
        for (GpuParameter p : params) {
            double[] dm = new double[p.size()], dv = new double[p.size()];
            for (int i = 0; i < dm.length; i++) {
                dm[i] = m[off + i];
                dv[i] = v[off + i];
            }
            out.put(prefix + ".m." + p.name, dm);
            out.put(prefix + ".v." + p.name, dv);
            off += p.size();
        }
        out.put(prefix + ".t", new double[] {h[0]});
    }

    /** Restores what {@link #exportState} (or the CPU's Adam) wrote under prefix. */
    void importState(String prefix, java.util.Map<String, double[]> in) {
        float[] m = new float[(int) total], v = new float[(int) total];
        int off = 0;
        for (GpuParameter p : params) {
            copy(in, prefix + ".m." + p.name, m, off, p.size());
            copy(in, prefix + ".v." + p.name, v, off, p.size());
            off += p.size();
        }
        double[] t = in.get(prefix + ".t");
        if (t == null || t.length != 1) throw new IllegalArgumentException("missing optimiser state " + prefix + ".t");
        cuda.upload(mAll, m, m.length);
        cuda.upload(vAll, v, v.length);
        cuda.upload(hyper, new float[] {(float) t[0], 0, 0, 0}, 4); // the next step recomputes the corrections from t
    }

    private static void copy(java.util.Map<String, double[]> in, String key, float[] dst, int off, int n) {
        double[] src = in.get(key);
        if (src == null) throw new IllegalArgumentException("missing optimiser state " + key);
        if (src.length != n) throw new IllegalArgumentException("optimiser state " + key + " has " + src.length + " values, expected " + n);
        for (int i = 0; i < n; i++) dst[off + i] = (float) src[i];
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
