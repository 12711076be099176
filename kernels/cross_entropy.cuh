// Cross entropy H(p, q) between an order-o chain p and an order-r chain q, o <= r (Algorithm 1),
// and its gradients w.r.t. both tables (docs/markov.md "Cross entropy for o <= r").
//
// The recursion runs in q's order-r state space; p's context is c >> (r - o). Per document:
//   forward  alpha_0 = [c = 0], H += sum_c alpha_i(c) sum_z p_i(z|c_p) l_i(z, c),
//            alpha_{i+1}(s) = sum_{d} alpha_i(c_d) p_i(z_s | c_d >> shift)     (gather form)
//   backward beta_m = 0, beta_i(c) = sum_z p_i(z|c_p) [l_i(z,c) + beta_{i+1}(next(c,z))]
//            dH/du_i(c)  = alpha_i(c) (sigma(u) - p1)
//            dH/dx_i(cp) = sum_{c >> shift = cp} alpha_i(c) p1 p0 [(l1 + beta(next(c,1))) - (l0 + beta(next(c,0)))]
// with l(z) = -log q(z|c). alpha is kept for positions 0..m ((m+1) 2^r values) for the backward pass.
#ifndef AMMI_CROSS_ENTROPY_CUH
#define AMMI_CROSS_ENTROPY_CUH

#include "markov_common.cuh"

namespace ammi {

/** Unnormalised-free alpha_{i+1}(s) in q's state space (gather form; no renormalisation, as in Java). */
template <typename T>
AMMI_HD T ce_alpha_gather(const T* p_row, const T* alpha_cur, int s, int orderQ, int shift) {
    T p0, p1;
    if (orderQ == 0) {  // single state: both branches land on it
        T a = alpha_cur[0];
        sigmoid_pair(p_row[0], p0, p1);
        T v = 0;
        v += a * p0;
        v += a * p1;
        return v;
    }
    int z = state_bit(s, orderQ), c0 = predecessor(s, orderQ, 0), c1 = c0 | 1;
    T v = 0;
    sigmoid_pair(p_row[c0 >> shift], p0, p1);
    v += alpha_cur[c0] * (z ? p1 : p0);
    sigmoid_pair(p_row[c1 >> shift], p0, p1);
    v += alpha_cur[c1] * (z ? p1 : p0);
    return v;
}

/** The l-terms of state c at one position: alpha_i(c) sum_z p(z|c_p) l(z, c), skipping 0 * inf. */
template <typename T>
AMMI_HD T ce_state_cost(T a, T p_logit, T q_logit) {
    if (a == 0) return 0;  // unreachable context
    T p0, p1, l0, l1;
    sigmoid_pair(p_logit, p0, p1);
    neg_log_sigmoid_pair(q_logit, l0, l1);
    T mu0 = a * p0, mu1 = a * p1, h = 0;
    if (mu0 != 0) h += mu0 * l0;
    if (mu1 != 0) h += mu1 * l1;
    return h;
}

/**
 * One state of one backward step: returns beta_i(c) from beta_{i+1}(next(c,0)) = bn0 and
 * beta_{i+1}(next(c,1)) = bn1, and sets the state's gradient contributions (already scaled by the
 * document's output gradient g): *dq for q's logit u_i(c), *dp for p's logit x_i(c >> shift).
 */
template <typename T>
AMMI_HD T ce_backward_state(T a, T g, T p_logit, T q_logit, T bn0, T bn1, T* dq, T* dp) {
    T p0, p1, l0, l1, s;
    sigmoid_pair(p_logit, p0, p1);
    neg_log_sigmoid_pair(q_logit, l0, l1, s);
    T t0 = l0 + bn0, t1 = l1 + bn1;
    T beta = (p0 == 0 ? T(0) : p0 * t0) + (p1 == 0 ? T(0) : p1 * t1);
    if (a == 0) {
        *dq = 0;
        *dp = 0;
    } else {
        T ga = g * a;
        *dq = ga * (s - p1);
        *dp = ga * p1 * p0 * (t1 - t0);
    }
    return beta;
}

/**
 * Forward pass of one document, sequentially. p: m 2^o logits, q: m 2^r logits, alpha: (m+1) 2^r
 * workspace (filled for positions 0..m, read by ce_backward_doc). Returns H(p_b, q_b).
 */
template <typename T>
AMMI_HD T ce_forward_doc(const T* p, const T* q, int m, int orderP, int orderQ, T* alpha) {
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP;
    for (int c = 0; c < SQ; c++) alpha[c] = c == 0 ? T(1) : T(0);
    T h = 0;
    for (int i = 0; i < m; i++) {
        const T* cur = alpha + (long)i * SQ;
        T* nxt = alpha + (long)(i + 1) * SQ;
        const T* prow = p + (long)i * SP;
        const T* qrow = q + (long)i * SQ;
        // two-level sum (states, then positions): one float accumulator over m 2^r terms loses ~1e-4
        T hi = 0;
        for (int c = 0; c < SQ; c++) hi += ce_state_cost(cur[c], prow[c >> shift], qrow[c]);
        h += hi;
        for (int s = 0; s < SQ; s++) nxt[s] = ce_alpha_gather(prow, cur, s, orderQ, shift);
    }
    return h;
}

/**
 * Backward pass of one document, sequentially, after ce_forward_doc filled alpha. g: dLoss/dH_b.
 * Adds into dp (m 2^o, may be null) and dq (m 2^r, may be null; AtomicQ when documents share it on
 * the device). beta: 2 2^r workspace.
 */
template <bool AtomicQ, typename T>
AMMI_HD void ce_backward_doc(const T* p, const T* q, int m, int orderP, int orderQ, const T* alpha, T g,
                             T* beta, T* dp, T* dq) {
    const int SP = 1 << orderP, SQ = 1 << orderQ, shift = orderQ - orderP;
    T* cur = beta;
    T* nxt = beta + SQ;
    for (int c = 0; c < SQ; c++) nxt[c] = 0;  // beta_m = 0
    for (int i = m - 1; i >= 0; i--) {
        const T* prow = p + (long)i * SP;
        const T* qrow = q + (long)i * SQ;
        const T* a = alpha + (long)i * SQ;
        for (int c = 0; c < SQ; c++) {
            T gq, gp;
            T bn0 = nxt[next_state(c, 0, orderQ)], bn1 = nxt[next_state(c, 1, orderQ)];
            cur[c] = ce_backward_state(a[c], g, prow[c >> shift], qrow[c], bn0, bn1, &gq, &gp);
            if (a[c] == 0) continue;
            if (dq) accumulate<AtomicQ>(dq + (long)i * SQ + c, gq);
            if (dp) dp[(long)i * SP + (c >> shift)] += gp;
        }
        T* t = cur;
        cur = nxt;
        nxt = t;
    }
}

}  // namespace ammi

#endif
