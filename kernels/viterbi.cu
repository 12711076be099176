// Viterbi decoding (viterbi.cuh) over a batch, float logits [batch][m][2^o].
// Outputs: bits [batch][m] (bytes 0/1), log_prob [batch] (may be null).
// Workspaces: delta_ws [batch][2][2^o] floats, back_ws [batch][m][2^o] bytes.
//
// ammi_viterbi_thread: one document per thread, grid = ceil(batch / blockDim).
// ammi_viterbi_block: one document per block, states over threads, grid = batch, blockDim a
//   multiple of 32; the final argmax is a block reduction with the same tie rule (larger value,
//   then smaller state) and thread 0 walks the back pointers.
#include "block_reduce.cuh"
#include "viterbi.cuh"

using namespace ammi;

extern "C" __global__ void ammi_viterbi_thread(const float* logits, unsigned char* bits, float* log_prob,
                                               float* delta_ws, unsigned char* back_ws, int batch, int m,
                                               int order) {
    const int b = blockIdx.x * blockDim.x + threadIdx.x;
    if (b >= batch) return;
    const long n = (long)m << order;
    const float lp = viterbi_doc(logits + b * n, m, order, delta_ws + b * (2L << order), back_ws + b * n,
                                 bits + (long)b * m);
    if (log_prob) log_prob[b] = lp;
}

extern "C" __global__ void ammi_viterbi_block(const float* logits, unsigned char* bits, float* log_prob,
                                              float* delta_ws, unsigned char* back_ws, int batch, int m,
                                              int order) {
    __shared__ float redv[33];
    __shared__ int reds[33];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const int S = 1 << order;
    const long n = (long)m * S;
    const float* lg = logits + b * n;
    unsigned char* zb = bits + (long)b * m;
    if (order == 0) {  // independent positions
        float part = 0;
        for (int i = threadIdx.x; i < m; i += blockDim.x) {
            const float x = lg[i];
            const int z = x > 0 ? 1 : 0;
            zb[i] = (unsigned char)z;
            part += log_sigmoid(z ? x : -x);
        }
        const float lp = block_sum(part, redv);
        if (log_prob && threadIdx.x == 0) log_prob[b] = lp;
        return;
    }
    float* cur = delta_ws + b * 2L * S;
    float* nxt = cur + S;
    unsigned char* back = back_ws + b * n;
    for (int c = threadIdx.x; c < S; c += blockDim.x) cur[c] = c == 0 ? 0.0f : neg_inf<float>();
    __syncthreads();
    for (int i = 0; i < m; i++) {
        const float* row = lg + (long)i * S;
        for (int s = threadIdx.x; s < S; s += blockDim.x) nxt[s] = vit_gather(row, cur, s, order, back + (long)i * S + s);
        float* t = cur;
        cur = nxt;
        nxt = t;
        __syncthreads();
    }
    float v = neg_inf<float>();
    int best = 0x7fffffff;
    for (int s = threadIdx.x; s < S; s += blockDim.x)
        if (vit_better(cur[s], s, v, best)) { v = cur[s]; best = s; }
    block_argmax(v, best, redv, reds);
    if (threadIdx.x == 0) {
        if (best >= S) best = 0; // every final score NaN: no state won; state 0, as the CPU and the thread version answer
        vit_backtrack(back, m, order, best, zb);
        if (log_prob) log_prob[b] = v;
    }
}
