// Most probable code of an order-o chain in log space (docs/markov.md "Viterbi in log space").
// Tie rule, identical to ammi.markov.Viterbi: the predecessor whose dropped bit is 0 wins a tie,
// the smallest final state wins a tie, and for o = 0 z_i = 0 when logit_i = 0 (z_i = [logit_i > 0]).
#ifndef AMMI_VITERBI_CUH
#define AMMI_VITERBI_CUH

#include "markov_common.cuh"

namespace ammi {

/**
 * One state of one step, o >= 1: delta_{i+1}(s) = max_d delta_i(c_d) + log p_i(z_s | c_d), with the
 * winning dropped bit written to *back (0 on a tie).
 */
template <typename T>
AMMI_HD T vit_gather(const T* logit_row, const T* delta_cur, int s, int order, unsigned char* back) {
    int z = state_bit(s, order), c0 = predecessor(s, order, 0), c1 = c0 | 1;
    T x0 = logit_row[c0], x1 = logit_row[c1];
    T v0 = delta_cur[c0] + log_sigmoid(z ? x0 : -x0);
    T v1 = delta_cur[c1] + log_sigmoid(z ? x1 : -x1);
    if (v1 > v0) {
        *back = 1;
        return v1;
    }
    *back = 0;
    return v0;
}

/** Is (v, s) a better final state than (best_v, best_s)? Larger value, then smaller index. */
template <typename T>
AMMI_HD bool vit_better(T v, int s, T best_v, int best_s) {
    return v > best_v || (v == best_v && s < best_s);
}

/** Walks the back pointers from final state `best`; bits gets z_0..z_{m-1}. */
AMMI_HD void vit_backtrack(const unsigned char* back, int m, int order, int best, unsigned char* bits) {
    const int S = 1 << order, mask = S - 1;
    int s = best;
    for (int i = m - 1; i >= 0; i--) {
        bits[i] = (unsigned char)(s >> (order - 1));
        s = ((s << 1) & mask) | back[(long)i * S + s];
    }
}

/** o = 0: positions are independent; returns the code's log probability. */
template <typename T>
AMMI_HD T vit_independent_doc(const T* logits, int m, unsigned char* bits) {
    T lp = 0;
    for (int i = 0; i < m; i++) {
        T x = logits[i];
        int z = x > 0 ? 1 : 0;
        bits[i] = (unsigned char)z;
        lp += log_sigmoid(z ? x : -x);
    }
    return lp;
}

/**
 * One document, sequentially. logits: m 2^o; delta: 2 2^o workspace; back: m 2^o bytes workspace;
 * bits: m outputs. Returns log p(z*).
 */
template <typename T>
AMMI_HD T viterbi_doc(const T* logits, int m, int order, T* delta, unsigned char* back, unsigned char* bits) {
    if (order == 0) return vit_independent_doc(logits, m, bits);
    const int S = 1 << order;
    T* cur = delta;
    T* nxt = delta + S;
    for (int c = 0; c < S; c++) cur[c] = c == 0 ? T(0) : neg_inf<T>();  // padding z_j = 0, j < 0
    for (int i = 0; i < m; i++) {
        const T* row = logits + (long)i * S;
        for (int s = 0; s < S; s++) nxt[s] = vit_gather(row, cur, s, order, back + (long)i * S + s);
        T* t = cur;
        cur = nxt;
        nxt = t;
    }
    int best = 0;
    for (int s = 1; s < S; s++)
        if (vit_better(cur[s], s, cur[best], best)) best = s;
    vit_backtrack(back, m, order, best, bits);
    return cur[best];
}

}  // namespace ammi

#endif
