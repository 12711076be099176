// Adam with fused global-norm gradient clipping, as ammi.autograd.Adam / GradClip:
//   total = sqrt(sum over all gradients of g^2), coef = min(1, max_norm / (total + 1e-6))
//   m = b1 m + (1-b1) g', v = b2 v + (1-b2) g'^2 with g' = coef g,
//   p = p * keep - step_size * m / (sqrt(v) * inv_bc2_sqrt + eps), g = 0
// where keep = 1 - lr * weight_decay (AdamW's decoupled decay; exactly 1 without decay)
// with step_size = lr / (1 - b1^t) and inv_bc2_sqrt = 1 / sqrt(1 - b2^t) computed on the device,
// like the clip coefficient, so a whole training step runs with no host round trip (and can be
// captured in a CUDA graph). Three launches per optimiser step whatever the number of tensors:
// sums of squares, coefficient and step count, update.
#include "block_reduce.cuh"

using namespace ammi;

// ---- multi-tensor forms: one launch for all of an optimiser's tensors --------------------------
// A tensor table holds, per tensor t, {value pointer, gradient pointer, element count, offset of
// its moments in the optimiser's contiguous m and v}, as 4 64-bit words.

struct AdamTensor {
    float* p;
    float* g;
    long long n;
    long long off;
};

/** partial[t * gridDim.x + blockIdx.x] = this block's share of sum g_t^2; tensor t = blockIdx.y. */
extern "C" __global__ void ammi_sum_squares_multi(const AdamTensor* table, float* partial) {
    __shared__ float red[33];
    const AdamTensor t = table[blockIdx.y];
    float s = 0;
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < t.n; i += (long long)gridDim.x * blockDim.x)
        s += t.g[i] * t.g[i];
    s = block_sum(s, red);
    if (threadIdx.x == 0) partial[(long)blockIdx.y * gridDim.x + blockIdx.x] = s;
}

/** One block: coef = min(1, max_norm / (||g|| + 1e-6)) (1 when max_norm <= 0), norm = ||g|| (NaN and
 *  inf pass through), and, unless *skip, the step count t and its bias corrections advance in
 *  double as on the CPU. skip (may be null) is set by ammi_loss_guard on a non-finite loss. */
extern "C" __global__ void ammi_clip_and_tick(const float* partial, int count, float max_norm, float* coef, float* norm,
                                              float* hyper, float lr, float beta1, float beta2, const int* skip) {
    __shared__ float red[33];
    float s = 0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) s += partial[i];
    s = block_sum(s, red);
    if (threadIdx.x == 0) {
        const float total = sqrtf(s);
        norm[0] = total;
        float c = max_norm > 0 ? max_norm / (total + 1e-6f) : 1.0f;
        // a NaN or infinite norm would give 1 (NaN < 1 is false) or 0 and let the gradients in;
        // 0 keeps them out of the weights (the CPU stops the run there: GradClip throws)
        coef[0] = !isfinite(total) ? 0.0f : (c < 1.0f ? c : 1.0f);
        if (!(skip && *skip)) {
            const double t = (double)hyper[0] + 1.0;
            hyper[0] = (float)t;
            hyper[1] = (float)(lr / (1.0 - pow((double)beta1, t)));
            hyper[2] = (float)(1.0 / sqrt(1.0 - pow((double)beta2, t)));
        }
    }
}

/** The update of every tensor of the table (tensor = blockIdx.y), gradients zeroed; m and v are the
 *  optimiser's contiguous moments. When *skip, only zeroes the gradients. */
extern "C" __global__ void ammi_adam_step_multi(const AdamTensor* table, float* m_all, float* v_all, const float* hyper,
                                                float beta1, float beta2, float eps, float keep, const float* coef,
                                                const int* skip) {
    const AdamTensor t = table[blockIdx.y];
    if (skip && *skip) { // no step, but the gradients backward added must not reach the next one
        for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < t.n; i += (long long)gridDim.x * blockDim.x)
            t.g[i] = 0.0f;
        return;
    }
    float* m = m_all + t.off;
    float* v = v_all + t.off;
    const float scale = coef[0], c1 = 1.0f - beta1, c2 = 1.0f - beta2;
    const float step_size = hyper[1], inv_bc2_sqrt = hyper[2];
    for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < t.n; i += (long long)gridDim.x * blockDim.x) {
        const float gi = t.g[i] * scale;
        const float mi = beta1 * m[i] + c1 * gi;
        const float vi = beta2 * v[i] + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        t.p[i] = t.p[i] * keep - step_size * (mi / (sqrtf(vi) * inv_bc2_sqrt + eps));
        t.g[i] = 0.0f;
    }
}

/** table[slot] = {p, g, n, off}: device pointers are only known on the device side of JCuda. */
extern "C" __global__ void ammi_adam_table_set(AdamTensor* table, int slot, float* p, float* g, long long n,
                                               long long off) {
    if (threadIdx.x == 0 && blockIdx.x == 0) table[slot] = AdamTensor{p, g, n, off};
}

/** *skip = 1 when the loss terms a[0..n) and b[0..n) do not all sum finite (the encoder step's NaN
 *  check), else 0. One block. */
extern "C" __global__ void ammi_loss_guard(const float* a, const float* b, int n, int* skip) {
    __shared__ float red[33];
    float s = 0;
    for (int i = threadIdx.x; i < n; i += blockDim.x) s += a[i] + b[i];
    s = block_sum(s, red);
    if (threadIdx.x == 0) *skip = isfinite(s) ? 0 : 1;
}
