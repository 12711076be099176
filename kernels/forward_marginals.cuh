// Forward marginals of an order-o chain (Algorithm 3; docs/markov.md "Forward marginals").
// alpha_i(c) = P(z_{i-o..i-1} = c), written for positions 0..m-1 (m * 2^o values per document).
#ifndef AMMI_FORWARD_MARGINALS_CUH
#define AMMI_FORWARD_MARGINALS_CUH

#include "markov_common.cuh"

namespace ammi {

/**
 * One state of one step in gather form, o >= 1: the unnormalised alpha_{i+1}(s) from alpha_i and
 * position i's logit row. Each state reads only its two predecessors, so the 2^o states of a step
 * can be computed by different threads without atomics.
 */
template <typename T>
AMMI_HD T fm_gather(const T* logit_row, const T* alpha_cur, int s, int order) {
    int z = state_bit(s, order), c0 = predecessor(s, order, 0), c1 = c0 | 1;
    T v = 0;
    T a0 = alpha_cur[c0], a1 = alpha_cur[c1];
    if (a0 != 0) v += a0 * sigmoid(z ? logit_row[c0] : -logit_row[c0]);
    if (a1 != 0) v += a1 * sigmoid(z ? logit_row[c1] : -logit_row[c1]);
    return v;
}

/** The whole forward pass of one document, sequentially; logits and alpha are the document's m * 2^o slices. */
template <typename T>
AMMI_HD void forward_marginals_doc(const T* logits, int m, int order, T* alpha) {
    const int S = 1 << order;
    if (order == 0) {  // one context: every marginal is 1
        for (int i = 0; i < m; i++) alpha[i] = 1;
        return;
    }
    for (int c = 0; c < S; c++) alpha[c] = c == 0 ? T(1) : T(0);
    for (int i = 0; i + 1 < m; i++) {
        const T* cur = alpha + (long)i * S;
        T* nxt = alpha + (long)(i + 1) * S;
        const T* row = logits + (long)i * S;
        T total = 0;
        for (int s = 0; s < S; s++) {
            nxt[s] = fm_gather(row, cur, s, order);
            total += nxt[s];
        }
        // renormalise so rounding drift does not accumulate over long codes
        T inv = T(1) / total;
        for (int s = 0; s < S; s++) nxt[s] *= inv;
    }
}

}  // namespace ammi

#endif
