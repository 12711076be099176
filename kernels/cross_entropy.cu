// Cross entropy H(p_b, q_b) and its gradients (cross_entropy.cuh) over a batch, float.
//
// Tables: p [batch][m][2^o]; q [batch][m][2^r], or [m][2^r] when q_shared. Workspaces (device,
// caller-owned, reused between calls): alpha_ws [batch][m+1][2^r] (written by forward, read by
// backward: the backward pass must follow a forward on the same p and q), beta_ws [batch][3][2^r].
//
// *_thread: one document per thread, grid = ceil(batch / blockDim) (small 2^r).
// *_block:  one document per block, states spread over threads, grid = batch, blockDim a multiple
//           of 32 (e.g. min(max(2^r, 32), 256)).
// *_warp:   one document per warp, state c in lane c (2^r <= 32), grid = ceil(batch / (blockDim/32)).
//           The recursion's values move between lanes by shuffles and stay in registers, so a
//           position costs a few shuffles and no dependent memory access: on small batches,
//           where the walk over m positions is the whole latency, this is the fast form.
// Versions (docs/cuda.md): v1 thread, v2 block, v3 warp, v4 packed warp, v5 ce0_ (order-0 p),
// v6 ce0q_ (order-0 p, shared q); each is checked against the CPU path by the gpu suite.
// CrossEntropyKernels.pick: v5/v6 for o = 0 (2^r <= 32, m <= 256), v4 for 2^r <= 32, v2 above.
//
// Backward adds g_b * dH_b into dp (may be null) and dq (may be null). dq_per_doc = 1: dq is
// [batch][m][2^r] and each document writes its own slice (required when q is per document; with a
// shared q this gives per-document gradients that ammi_sum_rows (util.cu) adds in document order, a
// deterministic result). dq_per_doc = 0 (shared q only): atomicAdd into dq [m][2^r], faster but
// the float sum order varies run to run.
#include "block_reduce.cuh"
#include "cross_entropy.cuh"

using namespace ammi;

extern "C" __global__ void ammi_ce_forward_thread(const float* p, const float* q, int q_shared, float* h,
                                                  float* alpha_ws, int batch, int m, int orderP, int orderQ) {
    const int b = blockIdx.x * blockDim.x + threadIdx.x;
    if (b >= batch) return;
    const long np = (long)m << orderP, nq = (long)m << orderQ;
    h[b] = ce_forward_doc(p + b * np, q + (q_shared ? 0 : b * nq), m, orderP, orderQ,
                          alpha_ws + b * (nq + (1L << orderQ)));
}

extern "C" __global__ void ammi_ce_forward_block(const float* p, const float* q, int q_shared, float* h,
                                                 float* alpha_ws, int batch, int m, int orderP, int orderQ) {
    __shared__ float red[33];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP;
    const long np = (long)m * SP, nq = (long)m * SQ;
    const float* pb = p + b * np;
    const float* qb = q + (q_shared ? 0 : b * nq);
    float* al = alpha_ws + b * (nq + SQ);
    for (int c = threadIdx.x; c < SQ; c += blockDim.x) al[c] = c == 0 ? 1.0f : 0.0f;
    __syncthreads();
    float part = 0;
    for (int i = 0; i < m; i++) {
        const float* cur = al + (long)i * SQ;
        float* nxt = al + (long)(i + 1) * SQ;
        const float* prow = pb + (long)i * SP;
        const float* qrow = qb + (long)i * SQ;
        for (int c = threadIdx.x; c < SQ; c += blockDim.x) {
            part += ce_state_cost(cur[c], prow[c >> shift], qrow[c]);
            nxt[c] = ce_alpha_gather(prow, cur, c, orderQ, shift);
        }
        __syncthreads();
    }
    const float total = block_sum(part, red);
    if (threadIdx.x == 0) h[b] = total;
}

extern "C" __global__ void ammi_ce_backward_thread(const float* p, const float* q, int q_shared,
                                                   const float* alpha_ws, const float* gout, float* dp, float* dq,
                                                   int dq_per_doc, float* beta_ws, int batch, int m, int orderP,
                                                   int orderQ) {
    const int b = blockIdx.x * blockDim.x + threadIdx.x;
    if (b >= batch) return;
    const float g = gout[b];
    if (g == 0) return;
    const int SQ = 1 << orderQ;
    const long np = (long)m << orderP, nq = (long)m * SQ;
    const float* pb = p + b * np;
    const float* qb = q + (q_shared ? 0 : b * nq);
    const float* al = alpha_ws + b * (nq + SQ);
    float* beta = beta_ws + b * 3L * SQ;
    float* dpb = dp ? dp + b * np : nullptr;
    if (dq_per_doc || !dq)
        ce_backward_doc<false>(pb, qb, m, orderP, orderQ, al, g, beta, dpb, dq ? dq + b * nq : nullptr);
    else
        ce_backward_doc<true>(pb, qb, m, orderP, orderQ, al, g, beta, dpb, dq);
}

extern "C" __global__ void ammi_ce_backward_block(const float* p, const float* q, int q_shared,
                                                  const float* alpha_ws, const float* gout, float* dp, float* dq,
                                                  int dq_per_doc, float* beta_ws, int batch, int m, int orderP,
                                                  int orderQ) {
    const int b = blockIdx.x;
    if (b >= batch) return;
    const float g = gout[b];
    if (g == 0) return;  // uniform over the block
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP, group = 1 << shift;
    const long np = (long)m * SP, nq = (long)m * SQ;
    const float* pb = p + b * np;
    const float* qb = q + (q_shared ? 0 : b * nq);
    const float* al = alpha_ws + b * (nq + SQ);
    float* cur = beta_ws + b * 3L * SQ;
    float* nxt = cur + SQ;
    float* scratch = cur + 2 * SQ;  // per-state dp contributions, summed per p-context in state order
    float* dpb = dp ? dp + b * np : nullptr;
    float* dqb = dq ? dq + (dq_per_doc ? b * nq : 0) : nullptr;
    for (int c = threadIdx.x; c < SQ; c += blockDim.x) nxt[c] = 0.0f;  // beta_m = 0
    __syncthreads();
    for (int i = m - 1; i >= 0; i--) {
        const float* prow = pb + (long)i * SP;
        const float* qrow = qb + (long)i * SQ;
        const float* a = al + (long)i * SQ;
        for (int c = threadIdx.x; c < SQ; c += blockDim.x) {
            float gq, gp;
            const float ac = a[c];
            cur[c] = ce_backward_state(ac, g, prow[c >> shift], qrow[c], nxt[next_state(c, 0, orderQ)],
                                       nxt[next_state(c, 1, orderQ)], &gq, &gp);
            if (dqb && ac != 0) {
                if (dq_per_doc) dqb[(long)i * SQ + c] += gq;
                else atomicAdd(dqb + (long)i * SQ + c, gq);
            }
            scratch[c] = gp;
        }
        __syncthreads();
        if (dpb) {
            for (int cp = threadIdx.x; cp < SP; cp += blockDim.x) {
                float sum = 0;
                for (int k = 0; k < group; k++) sum += scratch[(cp << shift) + k];
                dpb[(long)i * SP + cp] += sum;
            }
        }
        float* t = cur;
        cur = nxt;
        nxt = t;
        __syncthreads();  // beta_i complete and scratch consumed before the next position
    }
}

/** v3 forward: a warp per document; lane c holds alpha_i(c). */
extern "C" __global__ void ammi_ce_forward_warp(const float* __restrict__ p, const float* __restrict__ q, int q_shared,
                                                float* h, float* __restrict__ alpha_ws, int batch, int m, int orderP,
                                                int orderQ) {
    const int lane = threadIdx.x & 31;
    const int b = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    if (b >= batch) return;  // whole warps leave together
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP;
    const bool on = lane < SQ;
    const long np = (long)m * SP, nq = (long)m * SQ;
    const float* pb = p + b * np;
    const float* qb = q + (q_shared ? 0 : b * nq);
    float* al = alpha_ws + b * (nq + SQ);
    const int c0 = orderQ == 0 ? 0 : predecessor(lane & (SQ - 1), orderQ, 0), c1 = orderQ == 0 ? 0 : c0 | 1;
    const int z = orderQ == 0 ? 0 : state_bit(lane & (SQ - 1), orderQ);
    float a = lane == 0 ? 1.0f : 0.0f, part = 0.0f;
    for (int i = 0; i < m; i++) {
        const float pl = on ? pb[(long)i * SP + (lane >> shift)] : 0.0f;
        const float ql = on ? qb[(long)i * SQ + lane] : 0.0f;
        if (on) {
            al[(long)i * SQ + lane] = a;
            part += ce_state_cost(a, pl, ql);
        }
        const float a0 = __shfl_sync(0xffffffffu, a, c0), a1 = __shfl_sync(0xffffffffu, a, c1);
        const float p0l = __shfl_sync(0xffffffffu, pl, c0), p1l = __shfl_sync(0xffffffffu, pl, c1);
        float s0, s1, t0, t1;
        sigmoid_pair(p0l, s0, s1);
        sigmoid_pair(p1l, t0, t1);
        a = orderQ == 0 ? a0 * s0 + a0 * s1 : a0 * (z ? s1 : s0) + a1 * (z ? t1 : t0);
    }
    if (on) al[(long)m * SQ + lane] = a;
    for (int o = 16; o > 0; o >>= 1) part += __shfl_xor_sync(0xffffffffu, part, o);
    if (lane == 0) h[b] = part;
}

/** v3 backward: a warp per document; lane c holds beta_{i+1}(c). dq per document (or null). */
extern "C" __global__ void ammi_ce_backward_warp(const float* __restrict__ p, const float* __restrict__ q, int q_shared,
                                                 const float* __restrict__ alpha_ws, const float* gout, float* dp,
                                                 float* dq, int batch, int m, int orderP, int orderQ) {
    const int lane = threadIdx.x & 31;
    const int b = (blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    if (b >= batch) return;
    const float g = gout[b];
    if (g == 0) return;  // uniform over the warp
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP, group = 1 << shift;
    const bool on = lane < SQ;
    const long np = (long)m * SP, nq = (long)m * SQ;
    const float* pb = p + b * np;
    const float* qb = q + (q_shared ? 0 : b * nq);
    const float* al = alpha_ws + b * (nq + SQ);
    float* dpb = dp ? dp + b * np : nullptr;
    float* dqb = dq ? dq + b * nq : nullptr;
    const int c = lane & (SQ - 1);
    const int n0 = next_state(c, 0, orderQ), n1 = next_state(c, 1, orderQ);
    float bn = 0.0f;  // beta_m = 0
    for (int i = m - 1; i >= 0; i--) {
        const float a = on ? al[(long)i * SQ + lane] : 0.0f;
        const float pl = on ? pb[(long)i * SP + (lane >> shift)] : 0.0f;
        const float ql = on ? qb[(long)i * SQ + lane] : 0.0f;
        const float bn0 = __shfl_sync(0xffffffffu, bn, n0), bn1 = __shfl_sync(0xffffffffu, bn, n1);
        float gq, gp;
        const float beta = ce_backward_state(a, g, pl, ql, bn0, bn1, &gq, &gp);
        if (!on) gp = 0.0f;
        if (dqb && on && a != 0.0f) dqb[(long)i * SQ + lane] += gq;
        // states sharing p's context c >> shift are 2^shift consecutive lanes: a butterfly sums them
        for (int o = group >> 1; o > 0; o >>= 1) gp += __shfl_xor_sync(0xffffffffu, gp, o);
        if (dpb && on && (lane & (group - 1)) == 0) dpb[(long)i * SP + (lane >> shift)] += gp;
        bn = on ? beta : 0.0f;
    }
}

// v4: v3 with two changes that matter on small and mid batches, where v3 waits one memory latency
// per position. (1) Several documents share a warp: 32 / 2^r documents of 2^r lanes each, so at
// r = 0 (H(Z|Y) for o = 0) a warp carries 32 documents, not one. (2) The logits of PF positions
// are loaded together ahead of the recursion, so a document pays one memory latency per PF
// positions instead of one per position.
#define AMMI_CE_PF 8

extern "C" __global__ void ammi_ce_forward_warp4(const float* __restrict__ p, const float* __restrict__ q, int q_shared,
                                                 float* h, float* __restrict__ alpha_ws, int batch, int m, int orderP,
                                                 int orderQ) {
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP;
    const int lane = threadIdx.x & 31, c = lane & (SQ - 1), base = lane - c;
    const int b = ((blockIdx.x * blockDim.x + threadIdx.x) >> 5) * (32 / SQ) + lane / SQ;
    const int warp_first = b - lane / SQ;
    if (warp_first >= batch) return;  // whole warps leave together
    const bool on = b < batch;
    const long np = (long)m * SP, nq = (long)m * SQ;
    const float* pb = p + (on ? b : 0) * np;
    const float* qb = q + (q_shared || !on ? 0 : b * nq);
    float* al = alpha_ws + (on ? b : 0) * (nq + SQ);
    const int c0 = orderQ == 0 ? 0 : predecessor(c, orderQ, 0), c1 = orderQ == 0 ? 0 : c0 | 1;
    const int z = orderQ == 0 ? 0 : state_bit(c, orderQ);
    float a = c == 0 ? 1.0f : 0.0f, part = 0.0f;
    for (int i0 = 0; i0 < m; i0 += AMMI_CE_PF) {
        float pls[AMMI_CE_PF], qls[AMMI_CE_PF];
#pragma unroll
        for (int u = 0; u < AMMI_CE_PF; u++) {
            const int i = i0 + u;
            pls[u] = on && i < m ? pb[(long)i * SP + (c >> shift)] : 0.0f;
            qls[u] = on && i < m ? qb[(long)i * SQ + c] : 0.0f;
        }
#pragma unroll
        for (int u = 0; u < AMMI_CE_PF; u++) {
            const int i = i0 + u;
            if (i >= m) break;  // uniform
            const float pl = pls[u];
            if (on) {
                al[(long)i * SQ + c] = a;
                part += ce_state_cost(a, pl, qls[u]);
            }
            const float a0 = __shfl_sync(0xffffffffu, a, base + c0), a1 = __shfl_sync(0xffffffffu, a, base + c1);
            const float p0l = __shfl_sync(0xffffffffu, pl, base + c0), p1l = __shfl_sync(0xffffffffu, pl, base + c1);
            float s0, s1, t0, t1;
            sigmoid_pair(p0l, s0, s1);
            sigmoid_pair(p1l, t0, t1);
            a = orderQ == 0 ? a0 * s0 + a0 * s1 : a0 * (z ? s1 : s0) + a1 * (z ? t1 : t0);
        }
    }
    if (on) al[(long)m * SQ + c] = a;
    for (int o = SQ >> 1; o > 0; o >>= 1) part += __shfl_xor_sync(0xffffffffu, part, o);
    if (on && c == 0) h[b] = part;
}

extern "C" __global__ void ammi_ce_backward_warp4(const float* __restrict__ p, const float* __restrict__ q, int q_shared,
                                                  const float* __restrict__ alpha_ws, const float* gout, float* dp,
                                                  float* dq, int batch, int m, int orderP, int orderQ) {
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP, group = 1 << shift;
    const int lane = threadIdx.x & 31, c = lane & (SQ - 1), base = lane - c;
    const int b = ((blockIdx.x * blockDim.x + threadIdx.x) >> 5) * (32 / SQ) + lane / SQ;
    const int warp_first = b - lane / SQ;
    if (warp_first >= batch) return;
    const float g = b < batch ? gout[b] : 0.0f;
    const bool on = b < batch && g != 0.0f;  // a zero weight adds nothing
    const long np = (long)m * SP, nq = (long)m * SQ;
    const float* pb = p + (on ? b : 0) * np;
    const float* qb = q + (q_shared || !on ? 0 : b * nq);
    const float* al = alpha_ws + (on ? b : 0) * (nq + SQ);
    float* dpb = dp && on ? dp + b * np : nullptr;
    float* dqb = dq && on ? dq + b * nq : nullptr;
    const int n0 = base + next_state(c, 0, orderQ), n1 = base + next_state(c, 1, orderQ);
    float bn = 0.0f;  // beta_m = 0
    for (int i0 = m - 1; i0 >= 0; i0 -= AMMI_CE_PF) {
        float as[AMMI_CE_PF], pls[AMMI_CE_PF], qls[AMMI_CE_PF];
#pragma unroll
        for (int u = 0; u < AMMI_CE_PF; u++) {
            const int i = i0 - u;
            as[u] = on && i >= 0 ? al[(long)i * SQ + c] : 0.0f;
            pls[u] = on && i >= 0 ? pb[(long)i * SP + (c >> shift)] : 0.0f;
            qls[u] = on && i >= 0 ? qb[(long)i * SQ + c] : 0.0f;
        }
#pragma unroll
        for (int u = 0; u < AMMI_CE_PF; u++) {
            const int i = i0 - u;
            if (i < 0) break;  // uniform
            const float bn0 = __shfl_sync(0xffffffffu, bn, n0), bn1 = __shfl_sync(0xffffffffu, bn, n1);
            float gq, gp;
            const float beta = ce_backward_state(as[u], g, pls[u], qls[u], bn0, bn1, &gq, &gp);
            if (!on) gp = 0.0f;
            if (dqb && as[u] != 0.0f) dqb[(long)i * SQ + c] += gq;
            for (int o = group >> 1; o > 0; o >>= 1) gp += __shfl_xor_sync(0xffffffffu, gp, o);
            if (dpb && (c & (group - 1)) == 0) dpb[(long)i * SP + (c >> shift)] += gp;
            bn = on ? beta : 0.0f;
        }
    }
}

// v5, for an order-0 p (the paper's encoder): no recursion at all. Under p the bits are
// independent, so the probability of q's context c at position i is a product of r marginals,
//   alpha_i(c) = prod_{k=1..r} P(z_{i-k} = bit_{r-k}(c))   (positions before 0 hold z = 0),
// and every position is computed at once: a block per document, threads over positions. The
// backward pass differentiates the same closed form (docs/cuda.md, "v5"):
//   dH/du_i(c) = alpha_i(c) (sigma(u_i(c)) - p1_i)
//   dH/dx_j    = sum_c alpha_j(c) p1_j p0_j (l1_j(c) - l0_j(c))
//              + sum_{k=1..r} sum_c alpha_{j+k}(c) (bit_{r-k}(c) - p1_j) cost_{j+k}(c),
// with cost_i(c) = p0_i l0_i(c) + p1_i l1_i(c). O(m r 2^r) work with no sequential walk, so a batch
// of 16 documents costs one pass of the block instead of m dependent steps. 2^r <= 32, m <= 256.
#define AMMI_CE0_MAX_M 256

__device__ __forceinline__ float ce0_alpha(const float* P1, const float* P0, int i, int c, int orderQ) {
    float a = 1.0f;
    for (int k = 1; k <= orderQ; k++) {
        const int j = i - k, bit = (c >> (orderQ - k)) & 1;
        a *= j < 0 ? (bit ? 0.0f : 1.0f) : (bit ? P1[j] : P0[j]);
    }
    return a;
}

/** The document's marginals p1 = sigma(x_i), p0 = sigma(-x_i) into shared memory. */
__device__ __forceinline__ void ce0_load(float* s_P1, float* s_P0, const float* pb, int m) {
    for (int i = threadIdx.x; i < m; i += blockDim.x) {
        float p0, p1;
        sigmoid_pair(pb[i], p0, p1);
        s_P1[i] = p1;
        s_P0[i] = p0;
    }
    __syncthreads();
}

extern "C" __global__ void ammi_ce0_forward(const float* __restrict__ p, const float* __restrict__ q, int q_shared,
                                            float* h, int batch, int m, int orderQ) {
    __shared__ float P1[AMMI_CE0_MAX_M], P0[AMMI_CE0_MAX_M];
    __shared__ float red[33];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const int SQ = 1 << orderQ;
    const float* pb = p + (long)b * m;
    const float* qb = q + (q_shared ? 0 : (long)b * m * SQ);
    ce0_load(P1, P0, pb, m);
    float part = 0.0f;
    for (int i = threadIdx.x; i < m; i += blockDim.x) {
        float hi = 0.0f;
        for (int c = 0; c < SQ; c++) {
            const float a = ce0_alpha(P1, P0, i, c, orderQ);
            if (a == 0.0f) continue;
            float l0, l1;
            neg_log_sigmoid_pair(qb[(long)i * SQ + c], l0, l1);
            const float mu0 = a * P0[i], mu1 = a * P1[i];
            if (mu0 != 0.0f) hi += mu0 * l0;
            if (mu1 != 0.0f) hi += mu1 * l1;
        }
        part += hi;
    }
    const float total = block_sum(part, red);
    if (threadIdx.x == 0) h[b] = total;
}

extern "C" __global__ void ammi_ce0_backward(const float* __restrict__ p, const float* __restrict__ q, int q_shared,
                                             const float* gout, float* dp, float* dq, int batch, int m, int orderQ) {
    __shared__ float P1[AMMI_CE0_MAX_M], P0[AMMI_CE0_MAX_M];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const float g = gout[b];
    if (g == 0.0f) return;  // uniform over the block
    const int SQ = 1 << orderQ;
    const float* pb = p + (long)b * m;
    const float* qb = q + (q_shared ? 0 : (long)b * m * SQ);
    float* dpb = dp ? dp + (long)b * m : nullptr;
    float* dqb = dq ? dq + (long)b * m * SQ : nullptr;
    ce0_load(P1, P0, pb, m);
    for (int j = threadIdx.x; j < m; j += blockDim.x) {
        const float p1 = P1[j], p0 = P0[j];
        float dx = 0.0f;
        for (int c = 0; c < SQ; c++) {  // position j's own cost, and dH/du_j(c)
            const float a = ce0_alpha(P1, P0, j, c, orderQ);
            if (a == 0.0f) continue;
            float l0, l1, s;
            neg_log_sigmoid_pair(qb[(long)j * SQ + c], l0, l1, s);
            dx += a * p1 * p0 * (l1 - l0);
            if (dqb) dqb[(long)j * SQ + c] += g * (a * (s - p1));
        }
        for (int k = 1; k <= orderQ && j + k < m; k++) {  // positions whose context holds z_j
            const int i = j + k;
            for (int c = 0; c < SQ; c++) {
                const float a = ce0_alpha(P1, P0, i, c, orderQ);
                if (a == 0.0f) continue;
                float l0, l1;
                neg_log_sigmoid_pair(qb[(long)i * SQ + c], l0, l1);
                const float cost = (P0[i] != 0.0f ? P0[i] * l0 : 0.0f) + (P1[i] != 0.0f ? P1[i] * l1 : 0.0f);
                dx += a * (((c >> (orderQ - k)) & 1) ? p0 : -p1) * cost; // b - p1, with p0 = sigma(-x) for b = 1: 1 - p1 loses it in float
            }
        }
        if (dpb) dpb[j] += g * dx;
    }
}

// v6: v5 for a shared q (H+(Z): the prior), with q's terms l0 = -log sigma(-u), l1 = -log sigma(u)
// and s = sigma(u) computed once per launch (ammi_ce_qterms, m 2^r values) instead of once per
// document, position and state: v5's cost at large batches is exactly those exp/log1p chains.
// qterms: [3][m 2^r] = l0, l1, s.

extern "C" __global__ void ammi_ce_qterms(const float* __restrict__ q, float* qterms, int n) {
    const int k = blockIdx.x * blockDim.x + threadIdx.x;
    if (k >= n) return;
    float l0, l1, s;
    neg_log_sigmoid_pair(q[k], l0, l1, s);
    qterms[k] = l0;
    qterms[n + k] = l1;
    qterms[2 * n + k] = s;
}

extern "C" __global__ void ammi_ce0q_forward(const float* __restrict__ p, const float* __restrict__ qterms, float* h,
                                             int batch, int m, int orderQ) {
    __shared__ float P1[AMMI_CE0_MAX_M], P0[AMMI_CE0_MAX_M];
    __shared__ float red[33];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const int SQ = 1 << orderQ, n = m * SQ;
    const float* L0 = qterms;
    const float* L1 = qterms + n;
    ce0_load(P1, P0, p + (long)b * m, m);
    float part = 0.0f;
    for (int i = threadIdx.x; i < m; i += blockDim.x) {
        float hi = 0.0f;
        for (int c = 0; c < SQ; c++) {
            const float a = ce0_alpha(P1, P0, i, c, orderQ);
            if (a == 0.0f) continue;
            const float mu0 = a * P0[i], mu1 = a * P1[i];
            if (mu0 != 0.0f) hi += mu0 * L0[i * SQ + c];
            if (mu1 != 0.0f) hi += mu1 * L1[i * SQ + c];
        }
        part += hi;
    }
    const float total = block_sum(part, red);
    if (threadIdx.x == 0) h[b] = total;
}

extern "C" __global__ void ammi_ce0q_backward(const float* __restrict__ p, const float* __restrict__ qterms,
                                              const float* gout, float* dp, float* dq, int batch, int m, int orderQ) {
    __shared__ float P1[AMMI_CE0_MAX_M], P0[AMMI_CE0_MAX_M];
    const int b = blockIdx.x;
    if (b >= batch) return;
    const float g = gout[b];
    if (g == 0.0f) return;  // uniform over the block
    const int SQ = 1 << orderQ, n = m * SQ;
    const float* L0 = qterms;
    const float* L1 = qterms + n;
    const float* S = qterms + 2 * n;
    float* dpb = dp ? dp + (long)b * m : nullptr;
    float* dqb = dq ? dq + (long)b * n : nullptr;
    ce0_load(P1, P0, p + (long)b * m, m);
    for (int j = threadIdx.x; j < m; j += blockDim.x) {
        const float p1 = P1[j], p0 = P0[j];
        float dx = 0.0f;
        for (int c = 0; c < SQ; c++) {
            const float a = ce0_alpha(P1, P0, j, c, orderQ);
            if (a == 0.0f) continue;
            dx += a * p1 * p0 * (L1[j * SQ + c] - L0[j * SQ + c]);
            if (dqb) dqb[(long)j * SQ + c] += g * (a * (S[j * SQ + c] - p1));
        }
        for (int k = 1; k <= orderQ && j + k < m; k++) {
            const int i = j + k;
            for (int c = 0; c < SQ; c++) {
                const float a = ce0_alpha(P1, P0, i, c, orderQ);
                if (a == 0.0f) continue;
                const float cost = (P0[i] != 0.0f ? P0[i] * L0[i * SQ + c] : 0.0f) + (P1[i] != 0.0f ? P1[i] * L1[i * SQ + c] : 0.0f);
                dx += a * (((c >> (orderQ - k)) & 1) ? p0 : -p1) * cost; // b - p1, with p0 = sigma(-x) for b = 1: 1 - p1 loses it in float
            }
        }
        if (dpb) dpb[j] += g * dx;
    }
}
