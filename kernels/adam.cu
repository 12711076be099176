// Adam with fused global-norm gradient clipping, as ammi.autograd.Adam / GradClip:
//   total = sqrt(sum over all gradients of g^2), coef = min(1, max_norm / (total + 1e-6))
//   m = b1 m + (1-b1) g', v = b2 v + (1-b2) g'^2 with g' = coef g,
//   p -= step_size * m / (sqrt(v) * inv_bc2_sqrt + eps), g = 0
// step_size = lr / (1 - b1^t) and inv_bc2_sqrt = 1 / sqrt(1 - b2^t) come from ammi_adam_tick, on the
// device like the clip coefficient: a whole training step runs with no host round trip.
#include "block_reduce.cuh"

using namespace ammi;

/** partial[slot * gridDim.x + blockIdx.x] = sum of g^2 over this block's grid-stride share.
 *  One launch per tensor (its own slot); the partials are then reduced in a fixed order. */
extern "C" __global__ void ammi_sum_squares(const float* g, long n, float* partial, int slot) {
    __shared__ float red[33];
    float s = 0;
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) s += g[i] * g[i];
    s = block_sum(s, red);
    if (threadIdx.x == 0) partial[(long)slot * gridDim.x + blockIdx.x] = s;
}

/** One block: coef[0] = min(1, max_norm / (sqrt(sum partial) + 1e-6)), norm[0] = the total norm
 *  (NaN/inf are passed through: the host checks norm and stops, as GradClip throws). max_norm <= 0
 *  disables clipping (coef = 1). */
extern "C" __global__ void ammi_clip_coefficient(const float* partial, int count, float max_norm, float* coef,
                                                 float* norm) {
    __shared__ float red[33];
    float s = 0;
    for (int i = threadIdx.x; i < count; i += blockDim.x) s += partial[i];
    s = block_sum(s, red);
    if (threadIdx.x == 0) {
        const float total = sqrtf(s);
        if (norm) norm[0] = total;
        float c = max_norm > 0 ? max_norm / (total + 1e-6f) : 1.0f;
        coef[0] = c < 1.0f ? c : 1.0f;
    }
}

/** Advances the step count t (hyper[0]) and sets hyper[1] = lr / (1 - b1^t) and hyper[2] =
 *  1 / sqrt(1 - b2^t), in double as the CPU does, so that a step captured in a CUDA graph needs no
 *  value from the host. skip (may be null): when *skip != 0 the step is skipped (a NaN loss). */
extern "C" __global__ void ammi_adam_tick(float* hyper, float lr, float beta1, float beta2, const int* skip) {
    if (threadIdx.x != 0 || blockIdx.x != 0 || (skip && *skip)) return;
    const double t = (double)hyper[0] + 1.0;
    hyper[0] = (float)t;
    hyper[1] = (float)(lr / (1.0 - pow((double)beta1, t)));
    hyper[2] = (float)(1.0 / sqrt(1.0 - pow((double)beta2, t)));
}

/** One Adam update of n parameters (grid-stride) with the step sizes of ammi_adam_tick; coef may be
 *  null (no clipping); skip as in ammi_adam_tick. Zeroes g. */
extern "C" __global__ void ammi_adam_step(float* p, float* g, float* m, float* v, long n, const float* hyper,
                                          float beta1, float beta2, float eps, const float* coef, const int* skip) {
    if (skip && *skip) return;
    const float scale = coef ? coef[0] : 1.0f, c1 = 1.0f - beta1, c2 = 1.0f - beta2;
    const float step_size = hyper[1], inv_bc2_sqrt = hyper[2];
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) {
        const float gi = g[i] * scale;
        const float mi = beta1 * m[i] + c1 * gi;
        const float vi = beta2 * v[i] + c2 * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= step_size * (mi / (sqrtf(vi) * inv_bc2_sqrt + eps));
        g[i] = 0.0f;
    }
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
