package ammi.backend.cuda;

/** Every kernel launcher of one device, built once per backend. */
final class CudaKernels {
    final SparseLinearKernels sparse;
    final DenseLinearKernels dense;
    final CrossEntropyKernels crossEntropy;
    final ViterbiKernels viterbi;
    final ForwardMarginalsKernels marginals;
    final AdamKernels adam;
    final HammingKernels hamming;
    final UtilKernels util;
    final BitOrderKernels bitOrder;
    final ParentCrossEntropyKernels parentCrossEntropy;

    CudaKernels(Cuda cuda) {
        sparse = new SparseLinearKernels(cuda);
        dense = new DenseLinearKernels(cuda);
        crossEntropy = new CrossEntropyKernels(cuda);
        viterbi = new ViterbiKernels(cuda);
        marginals = new ForwardMarginalsKernels(cuda);
        adam = new AdamKernels(cuda);
        hamming = new HammingKernels(cuda);
        util = new UtilKernels(cuda);
        bitOrder = new BitOrderKernels(cuda);
        parentCrossEntropy = new ParentCrossEntropyKernels(cuda);
    }
}
