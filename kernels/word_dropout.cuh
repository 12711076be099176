// The word-dropout mask of ammi.model.WordDropout, entry by entry: a nonzero (doc, col) of a
// training row survives a step when a SplitMix64 hash of (step key, doc, col) maps to a uniform
// u in [0, 1) with u >= p. The step key (seed, stream, step) is computed on the host, exactly as
// WordDropout.key does. Plain C++ as well as CUDA: kernels/test/word_dropout_harness.cpp checks
// it against the Java mask without a GPU.
#ifndef AMMI_WORD_DROPOUT_CUH
#define AMMI_WORD_DROPOUT_CUH

#if defined(__CUDACC__)
#define AMMI_WD_HD __host__ __device__ __forceinline__
#else
#define AMMI_WD_HD inline
#endif

namespace ammi {

/** SplitMix64's finaliser, as WordDropout.mix (unsigned: Java's >>> is C's >> on unsigned). */
AMMI_WD_HD unsigned long long splitmix_mix(unsigned long long z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/** Whether nonzero (doc, col) survives the step with this key; as WordDropout.keeps. */
AMMI_WD_HD bool word_kept(unsigned long long key, int doc, int col, double p) {
    const unsigned long long h = splitmix_mix(key + (((unsigned long long)(unsigned)doc << 32) | (unsigned)col));
    return (double)(h >> 11) * 0x1.0p-53 >= p;
}

}  // namespace ammi

#endif
