// Host test harness: runs the per-document dynamic programs of kernels/*.cuh on the CPU, in float
// (what the GPU kernels run) or double, on tables written by ammi.kernels.KernelHarnessTest.
//
//   harness IN OUT
//
// IN, little-endian: int32 magic 0x414d4d49, int32 count, then per case
//   int32 kind (1 forward marginals, 2 cross entropy, 3 Viterbi, 4 parent cross entropy,
//         5 the prior step from the parents' context marginals),
//         precision (0 double, 1 float), batch, m, orderP, orderQ, qShared
//   float64 p logits [batch][m][2^orderP]
//   kind 2 only: float64 q logits [qShared ? 1 : batch][m][2^orderQ], float64 gOut [batch]
//   kinds 4 and 5 (orderP 0, orderQ = r, qShared 1): float64 q logits [m][2^r], float64 gOut [batch],
//         float64 parents [m][r] (integers, -1 = absent)
// OUT, little-endian float64 per case:
//   kind 1: alpha [batch][m][2^orderP]
//   kind 2: H [batch], dP [batch][m][2^orderP], dQ [qShared ? 1 : batch][m][2^orderQ]
//   kind 3: logProb [batch], bits [batch][m] (0 or 1)
//   kind 4: H [batch], dP [batch][m], dQ [m][2^r] (per-document tables summed in document order,
//           as the device path does)
//   kind 5: mu0 [m][2^r], mu1 [m][2^r] (weights gOut), dQ [m][2^r] (the prior's logit gradient from them)
// Inputs are rounded to float in float mode; outputs are widened back to double.
#include "../cross_entropy.cuh"
#include "../forward_marginals.cuh"
#include "../parent_cross_entropy.cuh"
#include "../viterbi.cuh"

#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <vector>

namespace {

FILE* in;
FILE* out;

void fail(const char* what) {
    std::fprintf(stderr, "harness: %s\n", what);
    std::exit(2);
}

int32_t read_int() {
    int32_t v;
    if (std::fread(&v, sizeof v, 1, in) != 1) fail("truncated input (int)");
    return v;
}

template <typename T> std::vector<T> read_table(size_t n) {
    std::vector<double> d(n);
    if (n && std::fread(d.data(), sizeof(double), n, in) != n) fail("truncated input (table)");
    return std::vector<T>(d.begin(), d.end());
}

template <typename T> void write_table(const std::vector<T>& v) {
    std::vector<double> d(v.begin(), v.end());
    if (!d.empty() && std::fwrite(d.data(), sizeof(double), d.size(), out) != d.size()) fail("write failed");
}

/** Kinds 4 and 5: q [m 2^r], gOut [batch] and the parents [m][r], after the shape checks they share. */
template <typename T> struct ParentsCase {
    std::vector<T> q, g;
    std::vector<int> parents;
};

template <typename T> ParentsCase<T> read_parents_case(int batch, int m, int oP, int r, bool qShared) {
    if (oP != 0 || !qShared || r > AMMI_PCE_MAX_R || m > AMMI_PCE_MAX_M) fail("a parents case needs orderP 0, a shared q, r <= 10, m <= 256");
    ParentsCase<T> in;
    in.q = read_table<T>(size_t(m) << r);
    in.g = read_table<T>(batch);
    std::vector<double> pad = read_table<double>(size_t(m) * r);
    in.parents.assign(pad.begin(), pad.end());
    return in;
}

template <typename T> void run_case(int kind, int batch, int m, int oP, int oQ, bool qShared) {
    const size_t SP = size_t(1) << oP, SQ = size_t(1) << oQ;
    std::vector<T> p = read_table<T>(batch * m * SP);
    if (kind == 1) {
        std::vector<T> alpha(batch * m * SP);
        for (int b = 0; b < batch; b++) ammi::forward_marginals_doc(&p[b * m * SP], m, oP, &alpha[b * m * SP]);
        write_table(alpha);
    } else if (kind == 2) {
        if (oP > oQ) fail("cross entropy needs orderP <= orderQ");
        std::vector<T> q = read_table<T>((qShared ? 1 : batch) * m * SQ);
        std::vector<T> g = read_table<T>(batch);
        std::vector<T> h(batch), dp(batch * m * SP), dq((qShared ? 1 : batch) * m * SQ);
        std::vector<T> alpha((m + 1) * SQ), beta(2 * SQ);
        for (int b = 0; b < batch; b++) {
            const T* qb = &q[qShared ? 0 : b * m * SQ];
            h[b] = ammi::ce_forward_doc(&p[b * m * SP], qb, m, oP, oQ, alpha.data());
            if (g[b] == 0) continue;
            ammi::ce_backward_doc<false>(&p[b * m * SP], qb, m, oP, oQ, alpha.data(), g[b], beta.data(),
                                         &dp[b * m * SP], &dq[qShared ? 0 : b * m * SQ]);
        }
        write_table(h);
        write_table(dp);
        write_table(dq);
    } else if (kind == 3) {
        std::vector<T> lp(batch), delta(2 * SP);
        std::vector<unsigned char> back(m * SP), bits(batch * m);
        for (int b = 0; b < batch; b++)
            lp[b] = ammi::viterbi_doc(&p[b * m * SP], m, oP, delta.data(), back.data(), &bits[b * m]);
        write_table(lp);
        write_table(std::vector<double>(bits.begin(), bits.end()));
    } else if (kind == 4) {
        const int r = oQ, n = m * int(SQ);
        ParentsCase<T> in = read_parents_case<T>(batch, m, oP, r, qShared);
        std::vector<T>& q = in.q;
        std::vector<T>& g = in.g;
        std::vector<int>& parents = in.parents;
        std::vector<T> qterms(3 * size_t(n)), P0(m), P1(m), own(m), parent(size_t(m) * r + 1);
        for (int k = 0; k < n; k++) ammi::pce_qterms(q.data(), qterms.data(), n, k);
        std::vector<T> h(batch), dp(batch * m), dqDoc(n), dq(n);
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < m; k++) ammi::sigmoid_pair(p[b * m + k], P0[k], P1[k]);
            h[b] = ammi::pce_forward_doc(m, r, parents.data(), P0.data(), P1.data(), qterms.data());
            if (g[b] == 0) continue;
            std::fill(dqDoc.begin(), dqDoc.end(), T(0));
            ammi::pce_backward_doc(m, r, parents.data(), P0.data(), P1.data(), qterms.data(), g[b], own.data(),
                                   parent.data(), &dp[b * m], dqDoc.data());
            for (int k = 0; k < n; k++) dq[k] += dqDoc[k];
        }
        write_table(h);
        write_table(dp);
        write_table(dq);
    } else if (kind == 5) {
        const int r = oQ, n = m * int(SQ);
        ParentsCase<T> in = read_parents_case<T>(batch, m, oP, r, qShared);
        std::vector<T> mu(2 * size_t(n)), dq(n);
        // entry by entry, as the device's threads do
        for (int i = 0; i < n; i++)
            ammi::pce_context_marginal(i, m, r, in.parents.data(), p.data(), in.g.data(), batch, &mu[0], &mu[n]);
        for (int i = 0; i < n; i++) dq[i] += ammi::pce_prior_logit_grad(mu[i], mu[n + i], in.q[i]);
        write_table(mu);
        write_table(dq);
    } else {
        fail("unknown case kind");
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) fail("usage: harness IN OUT");
    in = std::fopen(argv[1], "rb");
    if (!in) fail("cannot open input");
    out = std::fopen(argv[2], "wb");
    if (!out) fail("cannot open output");
    if (read_int() != 0x414d4d49) fail("bad magic");
    int count = read_int();
    for (int k = 0; k < count; k++) {
        int kind = read_int(), prec = read_int(), batch = read_int(), m = read_int();
        int oP = read_int(), oQ = read_int(), qShared = read_int();
        if (batch < 1 || m < 1 || oP < 0 || oP > 20 || oQ < 0 || oQ > 20) fail("bad case header");
        if (prec == 0) run_case<double>(kind, batch, m, oP, oQ, qShared != 0);
        else run_case<float>(kind, batch, m, oP, oQ, qShared != 0);
    }
    if (std::fclose(out) != 0) fail("close failed");
    std::fclose(in);
    return 0;
}
