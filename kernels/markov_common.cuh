// Shared helpers for the Markov-chain dynamic programs (see docs/markov.md and docs/cuda.md).
//
// Every function here is usable from CUDA device code and from plain C++ (the host test harness
// compiles these headers with g++, where __CUDACC__ is undefined). Functions are templated on the
// scalar type: kernels instantiate float, the harness runs both float and double.
#ifndef AMMI_MARKOV_COMMON_CUH
#define AMMI_MARKOV_COMMON_CUH

#if defined(__CUDACC__)
#define AMMI_HD __host__ __device__ __forceinline__
#else
#include <cmath>
#define AMMI_HD inline
#endif

namespace ammi {

// ---- scalar math, overloaded so templates pick the float or double routine -------------------
#if defined(__CUDACC__)
AMMI_HD float mexp(float x) { return expf(x); }
AMMI_HD double mexp(double x) { return exp(x); }
AMMI_HD float mlog1p(float x) { return log1pf(x); }
AMMI_HD double mlog1p(double x) { return log1p(x); }
AMMI_HD float mabs(float x) { return fabsf(x); }
AMMI_HD double mabs(double x) { return fabs(x); }
#else
inline float mexp(float x) { return std::exp(x); }
inline double mexp(double x) { return std::exp(x); }
inline float mlog1p(float x) { return std::log1p(x); }
inline double mlog1p(double x) { return std::log1p(x); }
inline float mabs(float x) { return std::fabs(x); }
inline double mabs(double x) { return std::fabs(x); }
#endif

template <typename T> AMMI_HD T neg_inf() { return -(T)INFINITY; }

// ---- sigmoids ---------------------------------------------------------------------------------
/** sigma(x) without overflow. */
template <typename T> AMMI_HD T sigmoid(T x) {
    if (x >= 0) return T(1) / (T(1) + mexp(-x));
    T e = mexp(x);
    return e / (T(1) + e);
}

/** log sigma(x) = -log1p(exp(-x)) for x >= 0, x - log1p(exp(x)) otherwise. */
template <typename T> AMMI_HD T log_sigmoid(T x) {
    return x >= 0 ? -mlog1p(mexp(-x)) : x - mlog1p(mexp(x));
}

/** p1 = sigma(x), p0 = sigma(-x) from one exp (p0 is not computed as 1 - p1). */
template <typename T> AMMI_HD void sigmoid_pair(T x, T& p0, T& p1) {
    T e = mexp(-mabs(x)), d = T(1) / (T(1) + e);
    p1 = x >= 0 ? d : e * d;
    p0 = x >= 0 ? e * d : d;
}

/** l0 = -log sigma(-x), l1 = -log sigma(x): one exp and one log1p. */
template <typename T> AMMI_HD void neg_log_sigmoid_pair(T x, T& l0, T& l1) {
    T t = mlog1p(mexp(-mabs(x)));
    l0 = x > 0 ? t + x : t;
    l1 = x < 0 ? t - x : t;
}

/** As neg_log_sigmoid_pair, plus s = sigma(x) from the same exp. */
template <typename T> AMMI_HD void neg_log_sigmoid_pair(T x, T& l0, T& l1, T& s) {
    T e = mexp(-mabs(x)), t = mlog1p(e);
    l0 = x > 0 ? t + x : t;
    l1 = x < 0 ? t - x : t;
    s = x >= 0 ? T(1) / (T(1) + e) : e / (T(1) + e);
}

// ---- state arithmetic (docs/markov.md, "Table layout") -----------------------------------------
// A state s at position i+1 of an order-o chain (o >= 1) is next(c, z) = (c + z 2^o) >> 1:
// z is its top bit and its two possible predecessors differ only in the dropped low bit.
AMMI_HD int state_bit(int s, int order) { return s >> (order - 1); }
AMMI_HD int predecessor(int s, int order, int dropped) { return ((s << 1) & ((1 << order) - 1)) | dropped; }
/** next(c, z) = (c >> 1) + z 2^(o-1); 0 for o = 0. */
AMMI_HD int next_state(int c, int z, int order) { return order == 0 ? 0 : (c >> 1) + (z << (order - 1)); }

/** *p += v, with atomicAdd in device code when Atomic (several documents share the target). */
template <bool Atomic, typename T> AMMI_HD void accumulate(T* p, T v) {
#if defined(__CUDA_ARCH__)
    if (Atomic) { atomicAdd(p, v); return; }
#endif
    *p += v;
}

}  // namespace ammi

#endif
