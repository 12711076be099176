// H(p, q) between an order-0 posterior p (independent bits) and a prior q that is a Bayesian
// network over the bits (--prior-parents; ammi.markov.ParentCrossEntropy, docs/training.md):
// position k has r parents pa_j(k) < k (or -1: a bit that is always 0), and context bit r-1-j of
// q's table holds parent j, as context bit r-1 holds z_{k-1} in the chain.
//
// Under p the bits are independent, so the probability of context c at position k is a product
// over the parents, P_k(c) = prod_j g_j(bit_{r-1-j}(c)) with g_j(1) = p1[pa_j], g_j(0) = p0[pa_j]
// (1 and 0 for an absent parent), and
//   H         = sum_k sum_c P_k(c) E_k(c),            E_k(c) = p0_k l0_k(c) + p1_k l1_k(c)
//   dH/du_k(c) = P_k(c) (s_k(c) - p1_k)                (u: q's logit, s = sigma(u))
//   dH/dx_k   = p1_k p0_k sum_c P_k(c) (l1_k(c) - l0_k(c))                       (own bit)
//             + sum_{k' : pa_j(k') = k} p1_k p0_k D_j(k'),                       (as a parent)
//   D_j(k')   = sum_c (bit_{r-1-j}(c) ? 1 : -1) prod_{i != j} g_i(bit_{r-1-i}(c)) E_k'(c),
// with l0 = -log sigma(-u), l1 = -log sigma(u). Every position is computed on its own in
// O(r 2^r) time and O(r) memory (products by prefix and suffix, no division, so saturated
// marginals of exactly 0 are fine); the Java CPU path contracts the same multilinear form one
// context bit at a time, so the two agree to rounding.
//
// The backward pass is split in two so that no two writers share an output: pce_position_backward
// gives each position's own term and its r parent terms (a thread per position on the device);
// pce_gather_dp then sums, for each bit, its own term and the terms of the positions that have it
// as a parent, in the order of the Java path (own term, then later positions in order, parents in
// order), so dP is deterministic without atomics. q's terms l0, l1, s are a table [3][m 2^r]
// computed once per launch (pce_qterms).
#ifndef AMMI_PARENT_CROSS_ENTROPY_CUH
#define AMMI_PARENT_CROSS_ENTROPY_CUH

#include "markov_common.cuh"

#define AMMI_PCE_MAX_R 10
#define AMMI_PCE_MAX_M 256

namespace ammi {

/** q's terms of entry k of an n-entry table: l0 at [k], l1 at [n + k], s at [2n + k]. */
template <typename T>
AMMI_HD void pce_qterms(const T* q, T* qterms, int n, int k) {
    T l0, l1, s;
    neg_log_sigmoid_pair(q[k], l0, l1, s);
    qterms[k] = l0;
    qterms[n + k] = l1;
    qterms[2 * n + k] = s;
}

/** g0[j], g1[j]: the distribution of position k's parent j (an absent parent is always 0). */
template <typename T>
AMMI_HD void pce_parent_marginals(const int* pa, int r, const T* P0, const T* P1, T* g0, T* g1) {
    for (int j = 0; j < r; j++) {
        const int t = pa[j];
        g0[j] = t < 0 ? T(1) : P0[t];
        g1[j] = t < 0 ? T(0) : P1[t];
    }
}

/** H_k = sum_c P_k(c) E_k(c) for position k; pa: its r parents, L0/L1: its 2^r q terms. */
template <typename T>
AMMI_HD T pce_position_forward(int k, int r, const int* pa, const T* P0, const T* P1, const T* L0, const T* L1) {
    T g0[AMMI_PCE_MAX_R], g1[AMMI_PCE_MAX_R];
    pce_parent_marginals(pa, r, P0, P1, g0, g1);
    const int SQ = 1 << r;
    const T p0 = P0[k], p1 = P1[k];
    T h = 0;
    for (int c = 0; c < SQ; c++) {
        T a = 1;
        for (int j = 0; j < r; j++) a *= (c >> (r - 1 - j)) & 1 ? g1[j] : g0[j];
        h += a * (p0 * L0[c] + p1 * L1[c]);
    }
    return h;
}

/**
 * Position k's part of g dH: adds g P_k(c) (s_k(c) - p1_k) into dq[c] (position k's 2^r row; may
 * be null), sets *own = g p1_k p0_k sum_c P_k(c) (l1 - l0) and parent[j] = g p1 p0 D_j(k) of
 * parent j (0 for an absent parent). L0, L1, S: position k's 2^r q terms.
 */
template <typename T>
AMMI_HD void pce_position_backward(int k, int r, const int* pa, const T* P0, const T* P1, const T* L0, const T* L1,
                                   const T* S, T g, T* dq, T* own, T* parent) {
    T g0[AMMI_PCE_MAX_R], g1[AMMI_PCE_MAX_R];
    T pre[AMMI_PCE_MAX_R + 1], d[AMMI_PCE_MAX_R];
    pce_parent_marginals(pa, r, P0, P1, g0, g1);
    for (int j = 0; j < r; j++) d[j] = 0;
    const int SQ = 1 << r;
    const T p0 = P0[k], p1 = P1[k];
    T dE = 0;
    for (int c = 0; c < SQ; c++) {
        pre[0] = 1;
        for (int j = 0; j < r; j++) pre[j + 1] = pre[j] * ((c >> (r - 1 - j)) & 1 ? g1[j] : g0[j]);
        const T a = pre[r], e = p0 * L0[c] + p1 * L1[c];
        if (dq) dq[c] += g * (a * (S[c] - p1));
        dE += a * (L1[c] - L0[c]);
        T suf = 1;  // product of the factors after j: prod_{i != j} = pre[j] suf
        for (int j = r - 1; j >= 0; j--) {
            const int bit = (c >> (r - 1 - j)) & 1;
            const T w = pre[j] * suf * e;
            d[j] += bit ? w : -w;
            suf *= bit ? g1[j] : g0[j];
        }
    }
    *own = g * (p1 * p0 * dE);
    for (int j = 0; j < r; j++) {
        const int t = pa[j];
        parent[j] = t < 0 ? T(0) : g * (P1[t] * P0[t] * d[j]);
    }
}

/**
 * dp_j + the terms of bit j from pce_position_backward (own[k], parent[k r + j'] for every k):
 * its own term, then those of the later positions that have it as a parent, in position order
 * and parent order, each added in turn (the Java path's order).
 */
template <typename T>
AMMI_HD T pce_gather_dp(int j, int m, int r, const int* parents, const T* own, const T* parent, T dp) {
    dp += own[j];
    for (int k = j + 1; k < m; k++)
        for (int i = 0; i < r; i++)
            if (parents[k * r + i] == j) dp += parent[k * r + i];
    return dp;
}

// ---- the prior's steps from the batch's context marginals (ammi.markov.ContextMarginals) ----------
// The prior's loss sum_b g_b H(p_b, q) is linear in the documents, and -log q(z) reads only
// (context, bit) at each position, so with the batch's marginals
//   mu_v(k, c) = sum_b g_b P_bk(c) p_v(b, k)
// it is sum_{k,c} mu_0 l0 + mu_1 l1, and its gradient in q's logit u at (k, c) is
// (mu_0 + mu_1) sigma(u) - mu_1. The marginals do not depend on q: filled once per batch, they make
// each of the G prior steps elementwise in m 2^r instead of a pass over every document.

/**
 * Entry i = k 2^r + c of the batch's marginals: mu0[i] = sum_b g_b P_bk(c) p0_bk and mu1[i] the same
 * with p1, the documents added in order (one owner per entry, no atomics). logits [batch][m].
 */
template <typename T>
AMMI_HD void pce_context_marginal(int i, int m, int r, const int* parents, const T* logits, const T* g, int batch,
                                  T* mu0, T* mu1) {
    const int k = i >> r, c = i & ((1 << r) - 1);
    const int* pa = parents + k * r;
    T s0 = 0, s1 = 0;
    for (int b = 0; b < batch; b++) {
        const T* x = logits + (long)b * m;
        T a = g[b];
        for (int j = 0; j < r && a != T(0); j++) {
            const int t = pa[j], bit = (c >> (r - 1 - j)) & 1;
            if (t < 0) {  // an absent parent is always 0
                if (bit) a = 0;
                continue;
            }
            T q0, q1;
            sigmoid_pair(x[t], q0, q1);
            a *= bit ? q1 : q0;
        }
        T p0, p1;
        sigmoid_pair(x[k], p0, p1);
        s0 += a * p0;
        s1 += a * p1;
    }
    mu0[i] = s0;
    mu1[i] = s1;
}

/** d/du of mu0 (-log sigma(-u)) + mu1 (-log sigma(u)): 0 where the batch never reaches the context. */
template <typename T>
AMMI_HD T pce_prior_logit_grad(T mu0, T mu1, T u) {
    const T w = mu0 + mu1;
    return w == T(0) ? T(0) : w * sigmoid(u) - mu1;
}

/** Sequential forward pass of one document (the host harness). P0, P1: its m marginals; qterms [3][m 2^r]. */
template <typename T>
AMMI_HD T pce_forward_doc(int m, int r, const int* parents, const T* P0, const T* P1, const T* qterms) {
    const int SQ = 1 << r, n = m * SQ;
    T h = 0;
    for (int k = 0; k < m; k++)
        h += pce_position_forward(k, r, parents + k * r, P0, P1, qterms + k * SQ, qterms + n + k * SQ);
    return h;
}

/**
 * Sequential backward pass of one document as the device runs it (phase 1 per position, then the
 * gather): adds g dH into dp (m, may be null) and dq (m 2^r, may be null). own: m, parent: m r workspace.
 */
template <typename T>
AMMI_HD void pce_backward_doc(int m, int r, const int* parents, const T* P0, const T* P1, const T* qterms, T g,
                              T* own, T* parent, T* dp, T* dq) {
    const int SQ = 1 << r, n = m * SQ;
    for (int k = 0; k < m; k++)
        pce_position_backward(k, r, parents + k * r, P0, P1, qterms + k * SQ, qterms + n + k * SQ,
                              qterms + 2 * n + k * SQ, g, dq ? dq + k * SQ : (T*)nullptr, own + k, parent + k * r);
    if (dp)
        for (int j = 0; j < m; j++) dp[j] = pce_gather_dp(j, m, r, parents, own, parent, dp[j]);
}

}  // namespace ammi

#endif
