// Sparse linear layer y = x W + b with x a CSR batch (row_ptr [rows+1], col_idx, val), W [in][out]
// and b [out] row-major, as ammi.autograd.SparseLinear. Untested on a device so far (docs/cuda.md).

/** Forward: block per row (grid = rows), threads over output columns (coalesced reads of W rows). */
extern "C" __global__ void ammi_sparse_linear_forward(const int* row_ptr, const int* col_idx, const float* val,
                                                      const float* w, const float* b, float* y, int rows, int out) {
    const int r = blockIdx.x;
    if (r >= rows) return;
    const int k0 = row_ptr[r], k1 = row_ptr[r + 1];
    for (int j = threadIdx.x; j < out; j += blockDim.x) {
        float acc = b ? b[j] : 0.0f;
        for (int k = k0; k < k1; k++) acc += val[k] * w[(long)col_idx[k] * out + j];
        y[(long)r * out + j] = acc;
    }
}

/** dW[col][j] += val * dy[r][j]: block per row, threads over j, atomicAdd (rows share columns;
 *  the float sum order varies run to run). The bias gradient is ammi_sum_rows(dy) in util.cu. */
extern "C" __global__ void ammi_sparse_linear_weight_grad_atomic(const int* row_ptr, const int* col_idx,
                                                                 const float* val, const float* dy, float* dw,
                                                                 int rows, int out) {
    const int r = blockIdx.x;
    if (r >= rows) return;
    const int k0 = row_ptr[r], k1 = row_ptr[r + 1];
    for (int j = threadIdx.x; j < out; j += blockDim.x) {
        const float g = dy[(long)r * out + j];
        if (g == 0.0f) continue;
        for (int k = k0; k < k1; k++) atomicAdd(dw + (long)col_idx[k] * out + j, val[k] * g);
    }
}

/** Deterministic weight gradient by column split: thread per output column j walks every row and
 *  nonzero in order, so each dW entry has one writer and a fixed sum order. Less parallel
 *  (out threads): for small batches or when reproducibility matters. */
extern "C" __global__ void ammi_sparse_linear_weight_grad_columns(const int* row_ptr, const int* col_idx,
                                                                  const float* val, const float* dy, float* dw,
                                                                  int rows, int out) {
    const int j = blockIdx.x * blockDim.x + threadIdx.x;
    if (j >= out) return;
    for (int r = 0; r < rows; r++) {
        const float g = dy[(long)r * out + j];
        if (g == 0.0f) continue;
        for (int k = row_ptr[r], k1 = row_ptr[r + 1]; k < k1; k++) dw[(long)col_idx[k] * out + j] += val[k] * g;
    }
}
