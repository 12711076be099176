// --prior-parents on the device: H(p_b, q) between an order-0 posterior p [batch][m] and a shared
// prior q [m][2^r] whose bits have r parents each (parent_cross_entropy.cuh), and its gradients.
// parents [m][r] (int, -1 = absent) is read from device memory at every launch, so a captured
// CUDA graph follows the parents the backend uploads between epochs.
//
// q's terms [3][m 2^r] (l0, l1, s) come from cross_entropy.cu's ammi_ce_qterms, the same table
// (QTermTable on the host), filled before each launch on the same q.
// ammi_pce_forward / ammi_pce_backward: a block per document, a thread per position (blockDim a
//                  multiple of 32; m <= 256, r <= 10). Forward sums the positions with block_sum
//                  (a fixed tree). Backward writes dq per document ([batch][m][2^r], each entry one
//                  writer; the caller sums the rows in document order with ammi_sum_rows) and adds
//                  into dp [batch][m] by pce_gather_dp after a barrier: no atomics anywhere, the
//                  same bits every run.
// ammi_pce_context_marginals / ammi_pce_prior_grad: the prior's steps (docs/cuda.md, "The prior's
//                  steps from the context marginals"): the batch's marginals mu [2][m 2^r] once per
//                  batch, a thread per entry walking the documents in order; then per step
//                  dq += (mu0 + mu1) sigma(u) - mu1, elementwise.
#include "block_reduce.cuh"
#include "parent_cross_entropy.cuh"

using namespace ammi;

/** The document's marginals and the parents into shared memory. */
__device__ __forceinline__ void pce_load(float* s_P0, float* s_P1, int* s_pa, const float* pb, const int* parents,
                                         int m, int r) {
    for (int i = threadIdx.x; i < m; i += blockDim.x) sigmoid_pair(pb[i], s_P0[i], s_P1[i]);
    for (int i = threadIdx.x; i < m * r; i += blockDim.x) s_pa[i] = parents[i];
    __syncthreads();
}

extern "C" __global__ void ammi_pce_forward(const float* __restrict__ p, const float* __restrict__ qterms,
                                            const int* __restrict__ parents, float* h, int batch, int m, int r) {
    __shared__ float P0[AMMI_PCE_MAX_M], P1[AMMI_PCE_MAX_M];
    __shared__ int pa[AMMI_PCE_MAX_M * AMMI_PCE_MAX_R];
    __shared__ float red[33];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const int SQ = 1 << r, n = m * SQ;
    pce_load(P0, P1, pa, p + (long)b * m, parents, m, r);
    float part = 0.0f;
    for (int k = threadIdx.x; k < m; k += blockDim.x)
        part += pce_position_forward(k, r, pa + k * r, P0, P1, qterms + k * SQ, qterms + n + k * SQ);
    const float total = block_sum(part, red);
    if (threadIdx.x == 0) h[b] = total;
}

extern "C" __global__ void ammi_pce_backward(const float* __restrict__ p, const float* __restrict__ qterms,
                                             const int* __restrict__ parents, const float* gout, float* dp, float* dq,
                                             int batch, int m, int r) {
    __shared__ float P0[AMMI_PCE_MAX_M], P1[AMMI_PCE_MAX_M], own[AMMI_PCE_MAX_M];
    __shared__ int pa[AMMI_PCE_MAX_M * AMMI_PCE_MAX_R];
    __shared__ float parent[AMMI_PCE_MAX_M * AMMI_PCE_MAX_R];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const float g = gout[b];
    if (g == 0.0f) return;  // uniform over the block
    const int SQ = 1 << r, n = m * SQ;
    float* dqb = dq ? dq + (long)b * n : nullptr;
    pce_load(P0, P1, pa, p + (long)b * m, parents, m, r);
    for (int k = threadIdx.x; k < m; k += blockDim.x)
        pce_position_backward(k, r, pa + k * r, P0, P1, qterms + k * SQ, qterms + n + k * SQ, qterms + 2 * n + k * SQ, g,
                              dqb ? dqb + (long)k * SQ : nullptr, own + k, parent + k * r);
    if (!dp) return;
    __syncthreads();  // every position's terms before any bit gathers them
    float* dpb = dp + (long)b * m;
    for (int j = threadIdx.x; j < m; j += blockDim.x) dpb[j] = pce_gather_dp(j, m, r, pa, own, parent, dpb[j]);
}

extern "C" __global__ void ammi_pce_context_marginals(const float* __restrict__ p, const float* __restrict__ g,
                                                     const int* __restrict__ parents, float* mu, int batch, int m, int r) {
    const int n = m << r, i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) pce_context_marginal(i, m, r, parents, p, g, batch, mu, mu + n);
}

extern "C" __global__ void ammi_pce_prior_grad(const float* __restrict__ mu, const float* __restrict__ q, float* dq, int n) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) dq[i] += pce_prior_logit_grad(mu[i], mu[n + i], q[i]);
}
