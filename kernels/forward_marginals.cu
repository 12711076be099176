// Forward marginals (forward_marginals.cuh) over a batch. Float tables [batch][m][2^o].
//
// ammi_forward_marginals_thread: one document per thread (small 2^o, many documents);
//   grid = ceil(batch / blockDim).
// ammi_forward_marginals_block: one document per block, the 2^o states of a step spread over the
//   block's threads (gather form: no atomics), one __syncthreads-separated step per position;
//   grid = batch, blockDim = a multiple of 32 (e.g. min(max(2^o, 32), 256)).
// The positions are walked in order: a step needs the whole previous step (see docs/cuda.md).
#include "block_reduce.cuh"
#include "forward_marginals.cuh"

using namespace ammi;

extern "C" __global__ void ammi_forward_marginals_thread(const float* logits, float* alpha, int batch, int m,
                                                         int order) {
    const int b = blockIdx.x * blockDim.x + threadIdx.x;
    if (b >= batch) return;
    const long n = (long)m << order;
    forward_marginals_doc(logits + b * n, m, order, alpha + b * n);
}

extern "C" __global__ void ammi_forward_marginals_block(const float* logits, float* alpha, int batch, int m,
                                                        int order) {
    __shared__ float red[33];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const int S = 1 << order;
    const long n = (long)m * S;
    const float* lg = logits + b * n;
    float* al = alpha + b * n;
    if (order == 0) {
        for (int i = threadIdx.x; i < m; i += blockDim.x) al[i] = 1.0f;
        return;
    }
    for (int c = threadIdx.x; c < S; c += blockDim.x) al[c] = c == 0 ? 1.0f : 0.0f;
    __syncthreads();
    for (int i = 0; i + 1 < m; i++) {
        const float* cur = al + (long)i * S;
        float* nxt = al + (long)(i + 1) * S;
        const float* row = lg + (long)i * S;
        float part = 0;
        for (int s = threadIdx.x; s < S; s += blockDim.x) {
            float v = fm_gather(row, cur, s, order);
            nxt[s] = v;
            part += v;
        }
        const float inv = 1.0f / block_sum(part, red);
        for (int s = threadIdx.x; s < S; s += blockDim.x) nxt[s] *= inv;  // each thread rescales its own states
        __syncthreads();
    }
}
