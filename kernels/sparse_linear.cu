// The sparse (CSR) input layer y = x W + b of the encoder, over a batch of training documents.
// x is the whole training (or evaluation) matrix, resident on the device; a batch is a list of
// row indices, so a step uploads only those indices. W is [V][out], row-major.
//
// Batch position r reads row docs[r], or row0 + r when docs is null (evaluation chunks).
//
// Word dropout (training only): with drop_key non-null, nonzero (doc, col) takes part when
// word_kept(*drop_key, doc, col, drop_p), scaled by 1 / (1 - drop_p); the forward pass and the
// weight gradient draw the same mask from the same key. A null drop_key reads x as it is.
#include "word_dropout.cuh"

__device__ __forceinline__ int batch_row(const int* docs, int row0, int r) { return docs ? docs[r] : row0 + r; }

/** y[r][j] = b[j] + sum_k val[k] W[col[k]][j], then max(y, 0) with relu_out (an encoder with hidden
 *  layers): block per row, threads over j (coalesced W reads). */
extern "C" __global__ void ammi_sparse_linear_forward(const int* row_ptr, const int* col_idx, const float* val,
                                                      const int* docs, int row0, const float* w, const float* b,
                                                      float* y, int rows, int out, int relu_out,
                                                      const unsigned long long* drop_key, double drop_p) {
    const int r = blockIdx.x;
    if (r >= rows) return;
    const int d = batch_row(docs, row0, r);
    const int k0 = row_ptr[d], k1 = row_ptr[d + 1];
    const unsigned long long key = drop_key ? *drop_key : 0ull;
    const float scale = drop_key ? (float)(1.0 / (1.0 - drop_p)) : 1.0f;
    for (int j = threadIdx.x; j < out; j += blockDim.x) {
        float acc = b ? b[j] : 0.0f;
        for (int k = k0; k < k1; k++) {
            if (drop_key && !ammi::word_kept(key, d, col_idx[k], drop_p)) continue;
            acc += val[k] * scale * w[(long)col_idx[k] * out + j];
        }
        y[(long)r * out + j] = relu_out && acc < 0.0f ? 0.0f : acc;
    }
}

/**
 * dW[c][j] += sum over the batch's nonzeros (r, c) of val * dy[r][j], deterministically.
 * Rows of the batch share vocabulary columns, so a plain scatter would need float atomics, whose
 * sum order (and so the result) changes run to run. Instead each warp owns a contiguous range of
 * vocabulary columns: it scans every nonzero of the batch in order (32 at a time), and applies the
 * ones it owns one after another (ballot order = nonzero order), its lanes spread over j. Each dW
 * entry has one writer and a fixed sum order. Grid: any number of warps (blockDim a multiple of 32).
 */
extern "C" __global__ void ammi_sparse_linear_weight_grad(const int* row_ptr, const int* col_idx, const float* val,
                                                          const int* docs, int row0, const float* dy, float* dw,
                                                          int rows, int out, int vocab,
                                                          const unsigned long long* drop_key, double drop_p) {
    const int lane = threadIdx.x & 31;
    const int warp = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    const int warps = (gridDim.x * blockDim.x) >> 5;
    const int per = (vocab + warps - 1) / warps;
    const int c0 = warp * per, c1 = min(vocab, c0 + per);
    if (c0 >= c1) return;  // whole warp leaves together
    const unsigned long long key = drop_key ? *drop_key : 0ull;
    const float scale = drop_key ? (float)(1.0 / (1.0 - drop_p)) : 1.0f;
    for (int r = 0; r < rows; r++) {
        const int d = batch_row(docs, row0, r);
        const int k0 = row_ptr[d], k1 = row_ptr[d + 1];
        const float* dyr = dy + (long)r * out;
        for (int base = k0; base < k1; base += 32) {
            const int k = base + lane;
            const int c = k < k1 ? col_idx[k] : -1;
            const bool kept = c >= 0 && (!drop_key || ammi::word_kept(key, d, c, drop_p));
            unsigned mine = __ballot_sync(0xffffffffu, kept && c >= c0 && c < c1);
            while (mine) {
                const int src = __ffs(mine) - 1;
                mine &= mine - 1;
                const int cc = __shfl_sync(0xffffffffu, c, src);
                const float v = val[base + src] * scale;
                float* row = dw + (long)cc * out;
                for (int j = lane; j < out; j += 32) row[j] += v * dyr[j];
            }
        }
    }
}
