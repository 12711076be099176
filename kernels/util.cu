// Small helpers shared by the backends' launch sequences.

/** out[c] += sum_r in[r][c], rows added in order (deterministic); one thread per column.
 *  Used for a shared prior's dQ (per-document gradients -> one table) and for bias gradients. */
extern "C" __global__ void ammi_sum_rows(const float* in, float* out, int rows, int cols) {
    const int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= cols) return;
    float s = 0;
    for (int r = 0; r < rows; r++) s += in[(long)r * cols + c];
    out[c] += s;
}

/** x[i] = 0 for i < n (grid-stride). */
extern "C" __global__ void ammi_zero(float* x, long n) {
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) x[i] = 0.0f;
}
