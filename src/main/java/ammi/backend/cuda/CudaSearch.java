package ammi.backend.cuda;

import ammi.eval.NeighbourSearch;
import ammi.eval.PackedCodes;
import jcuda.driver.CUdeviceptr;

/**
 * Top-K Hamming search on the device (kernels/hamming_topk.cu): a per-query histogram of the
 * distances 0..m finds the K-th distance, then one pass in base order writes the winners, so
 * ties go to the smaller base index exactly as {@link ammi.eval.HammingTopK} does. Buffers grow
 * to the largest search seen and are reused.
 */
final class CudaSearch implements NeighbourSearch {
    private final Cuda cuda;
    private final HammingKernels kernels;
    private CUdeviceptr base, queries, out;
    private long baseWords, queryWords, outInts;

    CudaSearch(Cuda cuda, HammingKernels kernels) {
        this.cuda = cuda;
        this.kernels = kernels;
    }

    @Override
    public int[] nearest(PackedCodes q, PackedCodes b, int k) {
        int m = b.bits();
        if (m > HammingKernels.MAX_BITS) return NeighbourSearch.CPU.nearest(q, b, k);
        if (k > b.count()) throw new IllegalArgumentException("k = " + k + " exceeds the " + b.count() + " base codes");
        int nq = q.count();
        int[] top = new int[nq * k];
        if (nq == 0 || k == 0) return top;
        cuda.bind();
        base = ensure(base, baseWords, b.words().length, 8);
        baseWords = Math.max(baseWords, b.words().length);
        queries = ensure(queries, queryWords, q.words().length, 8);
        queryWords = Math.max(queryWords, q.words().length);
        out = ensure(out, outInts, top.length, 4);
        outInts = Math.max(outInts, top.length);
        cuda.upload(base, b.words(), b.words().length);
        cuda.upload(queries, q.words(), q.words().length);
        kernels.topK(base, b.count(), queries, nq, b.wordsPerCode(), m, k, out);
        cuda.download(top, out, top.length);
        return top;
    }

    private CUdeviceptr ensure(CUdeviceptr p, long have, long need, int width) {
        if (p != null && have >= need) return p;
        cuda.free(p);
        return cuda.alloc(width * Math.max(1, need));
    }
}
