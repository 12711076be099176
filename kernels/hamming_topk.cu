// Exact top-K under Hamming distance, ordered by (distance, base index), as ammi.eval.HammingTopK.
// Codes are packed as in PackedCodes: W = ceil(m/64) 64-bit words per code, bit i in word i/64.
// Block per query (grid = queries in this launch, blockDim a multiple of 32, m <= 256):
//   1. all threads: distances of the query to every base code, histogram over 0..m in shared memory
//      (integer atomics: the counts are exact);
//   2. thread 0: the cut-off distance D (smallest whose cumulative count reaches k) and per-distance
//      write offsets (exclusive prefix sums);
//   3. warp 0: one pass over the base in index order, 32 codes at a time, recomputing distances;
//      lanes with the same distance get consecutive slots in lane order (__match_any_sync ranks),
//      so the output is a stable counting sort; at distance D only the first k - (count below D)
//      are taken. No distance buffer. Checked against the CPU by the gpu suite (docs/gpu-results.md).

#define AMMI_MAX_BITS 256

__device__ __forceinline__ int hamming(const unsigned long long* a, const unsigned long long* b, int words) {
    int d = 0;
    for (int t = 0; t < words; t++) d += __popcll(a[t] ^ b[t]);
    return d;
}

/** out[(q - q0) * k + rank] = base index, for queries q0 .. q0 + gridDim.x - 1; k <= n. */
extern "C" __global__ void ammi_hamming_topk(const unsigned long long* base, int n,
                                             const unsigned long long* queries, int q0, int words, int m, int k,
                                             int* out) {
    __shared__ int hist[AMMI_MAX_BITS + 1];
    __shared__ int off[AMMI_MAX_BITS + 1];
    __shared__ int cut_s, cut_end_s;
    const int q = q0 + blockIdx.x;
    const unsigned long long* qc = queries + (long)q * words;
    for (int d = threadIdx.x; d <= m; d += blockDim.x) hist[d] = 0;
    __syncthreads();
    for (int j = threadIdx.x; j < n; j += blockDim.x) atomicAdd(&hist[hamming(qc, base + (long)j * words, words)], 1);
    __syncthreads();
    if (threadIdx.x == 0) {
        int below = 0, cut = 0;
        while (cut < m && below + hist[cut] < k) below += hist[cut++];
        int run = 0;
        for (int d = 0; d <= cut; d++) {
            off[d] = run;
            run += hist[d];
        }
        cut_s = cut;
        cut_end_s = k;  // slots [0, k): distance D fills from off[D] up to k
    }
    __syncthreads();
    if (threadIdx.x >= 32) return;
    const int lane = threadIdx.x, cut = cut_s, cut_end = cut_end_s;
    int* o = out + (long)blockIdx.x * k;
    const unsigned lt = (1u << lane) - 1u;
    for (int j0 = 0; j0 < n; j0 += 32) {
        const int j = j0 + lane;
        const int d = j < n ? hamming(qc, base + (long)j * words, words) : 0x7fffffff;
        const bool want = d <= cut;
        const unsigned active = __ballot_sync(0xffffffffu, want);
        if (!active) continue;
        const unsigned same = __match_any_sync(0xffffffffu, want ? d : -1) & active;
        int slot = 0;
        if (want) slot = off[d] + __popc(same & lt);
        __syncwarp();
        if (want) {
            if (slot < (d < cut ? 0x7fffffff : cut_end)) o[slot] = j;
            if ((same >> lane) == 1u) off[d] += __popc(same);  // highest lane of the group moves the offset
        }
        __syncwarp();
    }
}
