// Host harness for kernels/word_dropout.cuh: prints the mask the CUDA kernels draw, for
// ammi.kernels.WordDropoutHarnessTest to compare with ammi.model.WordDropout.
//
//   word_dropout_harness KEY P < "doc col" lines  ->  one 0/1 per line
#include "../word_dropout.cuh"

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: word_dropout_harness KEY P < pairs\n");
        return 2;
    }
    const unsigned long long key = std::strtoull(argv[1], nullptr, 10);
    const double p = std::strtod(argv[2], nullptr);
    int doc, col;
    while (std::scanf("%d %d", &doc, &col) == 2) std::printf("%d\n", ammi::word_kept(key, doc, col, p) ? 1 : 0);
    return 0;
}
