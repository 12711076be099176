// --reorder-bits on the device (ammi.model.BitMoments, ammi.autograd.PermuteColumns):
// the pairwise moments of an order-0 encoder's bits over a batch, and the gather of the batch's
// logits into the prior chain's bit order with its scatter-add backward.

/** sigmoid in double, in the stable form of BitMoments.add. */
__device__ __forceinline__ double ammi_sigmoid_d(float xf) {
    const double x = xf;
    return x >= 0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x));
}

/** sum[i] += sum_b p_bi and cross[i m + j] += sum_b p_bi p_bj for i <= j, p = sigmoid(logits [count][m]).
 *  A thread per (i, j) sums over the batch in order: no atomics, the same result every run. */
extern "C" __global__ void ammi_bit_moments(const float* logits, int count, int m, double* sum, double* cross) {
    const int idx = blockIdx.x * blockDim.x + threadIdx.x;
    if (idx >= m * m) return;
    const int i = idx / m, j = idx - i * m;
    if (j < i) return;
    double s = 0, si = 0;
    for (int b = 0; b < count; b++) {
        const double pi = ammi_sigmoid_d(logits[(long)b * m + i]);
        s += pi * (i == j ? pi : ammi_sigmoid_d(logits[(long)b * m + j]));
        si += pi;
    }
    cross[idx] += s;
    if (i == j) sum[i] += si;
}

/** out[b][k] = in[b][perm[k]] for b < rows, k < cols. */
extern "C" __global__ void ammi_permute_columns(const float* in, const int* perm, float* out, int rows, int cols) {
    const long idx = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (idx >= (long)rows * cols) return;
    const int b = (int)(idx / cols), k = (int)(idx - (long)b * cols);
    out[idx] = in[(long)b * cols + perm[k]];
}

/** gin[b][perm[k]] += gout[b][k]: perm is a bijection, so each gin entry has one writer. */
extern "C" __global__ void ammi_permute_columns_backward(const float* gout, const int* perm, float* gin, int rows, int cols) {
    const long idx = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (idx >= (long)rows * cols) return;
    const int b = (int)(idx / cols), k = (int)(idx - (long)b * cols);
    gin[(long)b * cols + perm[k]] += gout[idx];
}
