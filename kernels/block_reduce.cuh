// Deterministic block-wide reductions (device only). blockDim.x must be a multiple of 32 and at
// most 1024; every thread of the block must call them (they contain __syncthreads). The reduction
// tree depends only on blockDim, so results are reproducible run to run.
#ifndef AMMI_BLOCK_REDUCE_CUH
#define AMMI_BLOCK_REDUCE_CUH

#include "viterbi.cuh"

namespace ammi {

/** Sum of v over the block, returned to every thread. red: >= 33 shared slots. */
template <typename T>
__device__ T block_sum(T v, T* red) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nw = blockDim.x >> 5;
    for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
    if (lane == 0) red[warp] = v;
    __syncthreads();
    if (warp == 0) {
        v = lane < nw ? red[lane] : T(0);
        for (int o = 16; o > 0; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
        if (lane == 0) red[32] = v;
    }
    __syncthreads();
    T r = red[32];
    __syncthreads();  // red may be reused right after
    return r;
}

/** (value, state) with the largest value, smallest state on ties (Viterbi's final tie rule). */
template <typename T>
__device__ void block_argmax(T& v, int& s, T* redv, int* reds) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nw = blockDim.x >> 5;
    for (int o = 16; o > 0; o >>= 1) {
        T ov = __shfl_down_sync(0xffffffffu, v, o);
        int os = __shfl_down_sync(0xffffffffu, s, o);
        if (vit_better(ov, os, v, s)) { v = ov; s = os; }
    }
    if (lane == 0) { redv[warp] = v; reds[warp] = s; }
    __syncthreads();
    if (warp == 0) {
        v = lane < nw ? redv[lane] : neg_inf<T>();
        s = lane < nw ? reds[lane] : 0x7fffffff;
        for (int o = 16; o > 0; o >>= 1) {
            T ov = __shfl_down_sync(0xffffffffu, v, o);
            int os = __shfl_down_sync(0xffffffffu, s, o);
            if (vit_better(ov, os, v, s)) { v = ov; s = os; }
        }
        if (lane == 0) { redv[32] = v; reds[32] = s; }
    }
    __syncthreads();
    v = redv[32];
    s = reds[32];
    __syncthreads();
}

}  // namespace ammi

#endif
