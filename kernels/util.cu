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

/** Stage 1 of a column sum over many rows: partial[chunk][c] = sum of in[r][c] over the rows of
 *  chunk (blockIdx.y), in order. ammi_sum_rows over partial (chunks in order) finishes it: a fixed
 *  order, so as deterministic as the one-pass form, with rows/chunk times more threads. */
extern "C" __global__ void ammi_sum_rows_partial(const float* in, float* partial, int rows, int cols, int chunk) {
    const int c = blockIdx.x * blockDim.x + threadIdx.x;
    if (c >= cols) return;
    const int r0 = blockIdx.y * chunk, r1 = min(rows, r0 + chunk);
    float s = 0;
    for (int r = r0; r < r1; r++) s += in[(long)r * cols + c];
    partial[(long)blockIdx.y * cols + c] = s;
}

/** x[i] = value for i < n (grid-stride); the per-document loss weights of a batch. */
extern "C" __global__ void ammi_fill(float* x, long n, float value) {
    for (long i = blockIdx.x * (long)blockDim.x + threadIdx.x; i < n; i += (long)gridDim.x * blockDim.x) x[i] = value;
}

/** Packs Viterbi's bytes bits [count][m] into 64-bit words [count][words] as ammi.eval.PackedCodes
 *  (bit i of a code in word i / 64 at position i % 64); thread per word. */
extern "C" __global__ void ammi_pack_bits(const unsigned char* bits, unsigned long long* packed, int count, int m,
                                          int words) {
    const long t = blockIdx.x * (long)blockDim.x + threadIdx.x;
    if (t >= (long)count * words) return;
    const int d = (int)(t / words), w = (int)(t % words);
    const unsigned char* zb = bits + (long)d * m;
    unsigned long long v = 0;
    for (int i = w * 64, end = min(m, w * 64 + 64); i < end; i++)
        if (zb[i]) v |= 1ull << (i - w * 64);
    packed[t] = v;
}
