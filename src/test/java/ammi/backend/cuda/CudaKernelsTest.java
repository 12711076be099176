package ammi.backend.cuda;

import ammi.autograd.Adam;
import ammi.autograd.GradClip;
import ammi.autograd.Tensor;
import ammi.data.CsrMatrix;
import ammi.eval.NeighbourSearch;
import ammi.eval.PackedCodes;
import ammi.markov.CrossEntropy;
import ammi.markov.ForwardMarginals;
import ammi.markov.ParentCrossEntropy;
import ammi.markov.Viterbi;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every CUDA kernel against the CPU path (double precision) on random inputs: values and
 * gradients to float32 tolerance. Runs only where a GPU is present; elsewhere it is skipped.
 */
@Tag("gpu")
class CudaKernelsTest {
    static Cuda cuda;
    static CudaKernels k;

    @BeforeAll
    static void open() {
        if (Cuda.unavailableReason() != null) return; // each test then reports itself skipped
        cuda = Cuda.open();
        k = new CudaKernels(cuda);
        System.out.println("[gpu] " + cuda.info().describe());
    }

    @BeforeEach
    void requireGpu() {
        String why = Cuda.unavailableReason();
        assumeTrue(why == null, "no GPU: " + why);
    }

    @AfterAll
    static void close() {
        if (cuda != null) cuda.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    static CUdeviceptr put(double[] v) {
        CUdeviceptr p = cuda.alloc(4L * v.length);
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        cuda.upload(p, f, f.length);
        return p;
    }

    static double[] get(CUdeviceptr p, int n) {
        float[] f = new float[n];
        cuda.download(f, p, n);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = f[i];
        return d;
    }

    /** Values rounded to float, as the device sees them: the CPU oracle then runs in double on them. */
    static double[] random(SplittableRandom rng, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        return v;
    }

    /** |a - b| <= tol * (max |b| + 1e-3) element-wise: float error relative to the table's scale. */
    static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1e-3;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]);
            if (!(err <= tol * scale))
                throw new AssertionError(String.format("%s[%d]: expected %.8g, got %.8g (error %.3g, allowed %.3g)", what, i,
                        expected[i], actual[i], err, tol * scale));
        }
    }

    // ---- dynamic programs -----------------------------------------------------------------------

    @Test
    void crossEntropyForwardAndBackwardMatchCpu() {
        // m = 13 and 37: not multiples of the 8 positions v4 loads ahead; {.., 0, 5}: 32 states, one document a warp
        int[][] shapes = {{16, 0, 3}, {64, 0, 3}, {128, 0, 3}, {64, 1, 3}, {32, 2, 6}, {16, 0, 8}, {64, 3, 3}, {24, 0, 0},
            {13, 0, 3}, {37, 1, 2}, {40, 0, 5}, {9, 0, 0}};
        SplittableRandom rng = new SplittableRandom(1);
        for (int[] s : shapes) {
            for (boolean shared : new boolean[] {true, false}) {
                int m = s[0], o = s[1], r = s[2], batch = 37, sp = 1 << o, sq = 1 << r;
                String what = String.format("CE m=%d o=%d r=%d shared=%b", m, o, r, shared);
                double[] p = random(rng, batch * m * sp, 3), q = random(rng, (shared ? 1 : batch) * m * sq, 3);
                double[] g = random(rng, batch, 1);
                CrossEntropy ce = new CrossEntropy(m, o, r);
                double[] h = new double[batch], dp = new double[batch * m * sp], dq = new double[q.length];
                ce.forward(p, q, shared, batch, h);
                ce.backward(p, q, shared, batch, g, dp, dq);

                CUdeviceptr dP = put(p), dQ = put(q), dG = put(g), dH = cuda.alloc(4L * batch);
                CUdeviceptr alpha = cuda.alloc(4 * CrossEntropyKernels.alphaFloats(batch, m, r));
                CUdeviceptr beta = cuda.alloc(4 * CrossEntropyKernels.betaFloats(batch, r));
                CUdeviceptr gp = cuda.alloc(4L * dp.length), gqDoc = cuda.alloc(4L * batch * m * sq);
                CUdeviceptr sum = cuda.alloc(4L * m * sq);
                for (CrossEntropyKernels.Version v : CrossEntropyKernels.Version.values()) {
                    if (!CrossEntropyKernels.supports(v, m, o, r, shared)) continue;
                    String vw = what + " " + v;
                    cuda.zero(gp, dp.length);
                    cuda.zero(gqDoc, (long) batch * m * sq);
                    cuda.zero(sum, (long) m * sq);
                    k.crossEntropy.forward(v, dP, dQ, shared, dH, alpha, batch, m, o, r);
                    k.crossEntropy.backward(v, dP, dQ, shared, alpha, dG, gp, gqDoc, beta, batch, m, o, r);
                    double[] gq;
                    if (shared) {
                        k.util.sumRows(gqDoc, sum, batch, m * sq);
                        gq = get(sum, m * sq);
                    } else {
                        gq = get(gqDoc, dq.length);
                    }
                    assertClose(h, get(dH, batch), 2e-5, vw + " H");
                    assertClose(dp, get(gp, dp.length), 1e-4, vw + " dH/dp");
                    assertClose(dq, gq, 1e-4, vw + " dH/dq");
                }
            }
        }
    }

    /** --prior-parents' kernels against ParentCrossEntropy, chain and random parents; dp and dq bit-identical on a rerun. */
    @Test
    void parentCrossEntropyMatchesCpu() {
        int[][] shapes = {{16, 3}, {64, 3}, {128, 5}, {37, 1}, {64, 8}, {128, 10}, {256, 2}};
        SplittableRandom rng = new SplittableRandom(11);
        for (int[] s : shapes) {
            int m = s[0], r = s[1], batch = 23, sq = 1 << r;
            for (boolean chain : new boolean[] {true, false}) {
                String what = String.format("PCE m=%d r=%d %s parents", m, r, chain ? "chain" : "random");
                int[] pa = chain ? ParentCrossEntropy.chainParents(m, r) : CudaBackendTest.randomParents(rng, m, r);
                double[] p = random(rng, batch * m, 3), q = random(rng, m * sq, 3), g = random(rng, batch, 1);
                ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
                ce.setParents(pa);
                double[] h = new double[batch], dp = new double[batch * m], dq = new double[m * sq];
                ce.forward(p, q, batch, h);
                ce.backward(p, q, batch, g, dp, dq);

                CUdeviceptr dP = put(p), dQ = put(q), dG = put(g), dH = cuda.alloc(4L * batch), dPa = cuda.alloc(4L * m * r);
                cuda.upload(dPa, pa, m * r);
                CUdeviceptr gp = cuda.alloc(4L * dp.length), gqDoc = cuda.alloc(4L * batch * m * sq), sum = cuda.alloc(4L * m * sq);
                double[][] first = null;
                for (int run = 0; run < 2; run++) {
                    cuda.zero(gp, dp.length);
                    cuda.zero(gqDoc, (long) batch * m * sq);
                    cuda.zero(sum, (long) m * sq);
                    k.parentCrossEntropy.forward(dP, dQ, dPa, dH, batch, m, r);
                    k.parentCrossEntropy.backward(dP, dQ, dPa, dG, gp, gqDoc, batch, m, r);
                    k.util.sumRows(gqDoc, sum, batch, m * sq);
                    double[][] got = {get(dH, batch), get(gp, dp.length), get(sum, m * sq)};
                    assertClose(h, got[0], 2e-5, what + " H");
                    assertClose(dp, got[1], 1e-4, what + " dH/dp");
                    assertClose(dq, got[2], 1e-4, what + " dH/dq");
                    if (first == null) first = got;
                    else for (int t = 0; t < 3; t++) assertArrayEquals(first[t], got[t], 0.0, what + " rerun, output " + t);
                }
                for (CUdeviceptr d : List.of(dP, dQ, dG, dH, dPa, gp, gqDoc, sum)) cuda.free(d);
            }
        }
    }

    /**
     * The prior step with --prior-parents: the batch's context marginals and the prior's logit
     * gradient from them against ContextMarginals (the CPU's prior step); bit-identical on a rerun.
     */
    @Test
    void parentContextMarginalsAndPriorGradientMatchCpu() {
        int[][] shapes = {{16, 3}, {64, 8}, {128, 8}, {37, 1}, {128, 10}, {256, 2}};
        SplittableRandom rng = new SplittableRandom(12);
        for (int[] s : shapes) {
            int m = s[0], r = s[1], batch = 45, n = m << r;
            for (boolean chain : new boolean[] {true, false}) {
                String what = String.format("context marginals m=%d r=%d %s parents", m, r, chain ? "chain" : "random");
                int[] pa = chain ? ParentCrossEntropy.chainParents(m, r) : CudaBackendTest.randomParents(rng, m, r);
                double[] p = random(rng, batch * m, 3), q = random(rng, n, 3), g = new double[batch];
                java.util.Arrays.fill(g, 1.0 / batch); // the backend's weights: the batch mean
                ParentCrossEntropy ce = new ParentCrossEntropy(m, r);
                ce.setParents(pa);
                ammi.markov.ContextMarginals cm = new ammi.markov.ContextMarginals(m, r);
                ce.contextMarginals(p, batch, cm);
                double[] mu = new double[2 * n], dq = new double[n];
                for (int i = 0; i < n; i++) {
                    mu[i] = cm.get(i >> r, i & ((1 << r) - 1), 0);
                    mu[n + i] = cm.get(i >> r, i & ((1 << r) - 1), 1);
                }
                cm.backward(q, 1.0, dq);

                CUdeviceptr dP = put(p), dQ = put(q), dG = put(g), dPa = cuda.alloc(4L * m * r), dMu = cuda.alloc(8L * n),
                        grad = cuda.alloc(4L * n);
                cuda.upload(dPa, pa, m * r);
                double[][] first = null;
                for (int run = 0; run < 2; run++) {
                    cuda.zero(grad, n);
                    k.parentCrossEntropy.contextMarginals(dP, dG, dPa, dMu, batch, m, r);
                    k.parentCrossEntropy.priorGradient(dMu, dQ, grad, m, r);
                    double[][] got = {get(dMu, 2 * n), get(grad, n)};
                    assertClose(mu, got[0], 1e-4, what + " mu");
                    assertClose(dq, got[1], 1e-4, what + " dH/dq");
                    if (first == null) first = got;
                    else for (int t = 0; t < 2; t++) assertArrayEquals(first[t], got[t], 0.0, what + " rerun, output " + t);
                }
                for (CUdeviceptr d : List.of(dP, dQ, dG, dPa, dMu, grad)) cuda.free(d);
            }
        }
    }

    @Test
    void conditionalEntropyGradientIntoOneBufferMatchesCpu() {
        // H(p, p): the encoder step passes the same logits as p and q and one gradient buffer for both
        SplittableRandom rng = new SplittableRandom(2);
        for (int o : new int[] {0, 1, 5}) {
            int m = 32, batch = 20, n = batch * (m << o);
            double[] p = random(rng, n, 2), g = random(rng, batch, 1);
            CrossEntropy ce = new CrossEntropy(m, o, o);
            double[] h = new double[batch], dp = new double[n], dq = new double[n];
            ce.forward(p, p, false, batch, h);
            ce.backward(p, p, false, batch, g, dp, dq);
            for (int i = 0; i < n; i++) dp[i] += dq[i];
            CUdeviceptr dP = put(p), dG = put(g), dH = cuda.alloc(4L * batch), grad = cuda.alloc(4L * n);
            CUdeviceptr alpha = cuda.alloc(4 * CrossEntropyKernels.alphaFloats(batch, m, o));
            CUdeviceptr beta = cuda.alloc(4 * CrossEntropyKernels.betaFloats(batch, o));
            for (CrossEntropyKernels.Version v : CrossEntropyKernels.Version.values()) {
                if (!CrossEntropyKernels.supports(v, m, o, o, false)) continue;
                cuda.zero(grad, n);
                k.crossEntropy.forward(v, dP, dP, false, dH, alpha, batch, m, o, o);
                k.crossEntropy.backward(v, dP, dP, false, alpha, dG, grad, grad, beta, batch, m, o, o);
                assertClose(h, get(dH, batch), 2e-5, "H(p,p) o=" + o + " " + v);
                assertClose(dp, get(grad, n), 1e-4, "dH(p,p) o=" + o + " " + v);
            }
        }
    }

    @Test
    void forwardMarginalsMatchCpu() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int o : new int[] {0, 1, 3, 6}) {
            int m = 48, batch = 29, n = batch * (m << o);
            double[] lg = random(rng, n, 3), alpha = new double[n];
            ForwardMarginals.compute(lg, batch, m, o, alpha);
            CUdeviceptr d = put(lg), a = cuda.alloc(4L * n);
            k.marginals.marginals(d, a, batch, m, o);
            assertClose(alpha, get(a, n), 1e-5, "marginals o=" + o);
        }
    }

    @Test
    void viterbiMatchesCpu() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int o : new int[] {0, 1, 3, 6}) {
            for (int m : new int[] {16, 128}) {
                int batch = 53, n = batch * (m << o);
                double[] lg = random(rng, n, 4);
                byte[] bits = new byte[batch * m];
                double[] lp = new double[batch];
                Viterbi.decode(lg, batch, m, o, bits, lp);
                CUdeviceptr d = put(lg), z = cuda.alloc((long) batch * m), l = cuda.alloc(4L * batch);
                CUdeviceptr delta = cuda.alloc(4 * ViterbiKernels.deltaFloats(batch, o));
                CUdeviceptr back = cuda.alloc(ViterbiKernels.backBytes(batch, m, o));
                k.viterbi.decode(d, z, l, delta, back, batch, m, o);
                byte[] gz = new byte[batch * m];
                downloadBytes(gz, z);
                assertClose(lp, get(l, batch), 1e-5, "Viterbi log-probability o=" + o + " m=" + m);
                int differ = 0;
                for (int b = 0; b < batch; b++) {
                    for (int i = 0; i < m; i++) {
                        if (bits[b * m + i] != gz[b * m + i]) {
                            differ++;
                            break;
                        }
                    }
                }
                assertTrue(differ <= 1, "Viterbi o=" + o + " m=" + m + ": " + differ + " of " + batch + " codes differ");
            }
        }
    }

    static void downloadBytes(byte[] dst, CUdeviceptr src) {
        int[] words = new int[(dst.length + 3) / 4];
        cuda.download(words, src, words.length);
        for (int i = 0; i < dst.length; i++) dst[i] = (byte) (words[i >> 2] >>> (8 * (i & 3)));
    }

    // ---- layers ---------------------------------------------------------------------------------

    static CsrMatrix randomCsr(SplittableRandom rng, int rows, int cols, int perRow) {
        int[] ptr = new int[rows + 1];
        int[] col = new int[rows * perRow];
        double[] val = new double[rows * perRow];
        int nnz = 0;
        for (int r = 0; r < rows; r++) {
            int c = rng.nextInt(Math.max(1, cols / perRow));
            int len = rng.nextInt(perRow + 1); // some documents are short, a few empty
            for (int t = 0; t < len && c < cols; t++) {
                col[nnz] = c;
                val[nnz++] = (float) rng.nextDouble();
                c += 1 + rng.nextInt(Math.max(1, cols / perRow));
            }
            ptr[r + 1] = nnz;
        }
        return new CsrMatrix(rows, cols, ptr, java.util.Arrays.copyOf(col, nnz), java.util.Arrays.copyOf(val, nnz));
    }

    @Test
    void sparseLinearForwardAndGradientsMatchLoops() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 300, vocab = 2000, out = 48, batch = 64;
        CsrMatrix x = randomCsr(rng, rows, vocab, 40);
        int[] docs = new int[batch];
        for (int i = 0; i < batch; i++) docs[i] = rng.nextInt(rows); // repeats share columns on purpose
        double[] w = random(rng, vocab * out, 0.5), b = random(rng, out, 0.5), dy = random(rng, batch * out, 1);
        double[] y = new double[batch * out], dw = new double[vocab * out], db = new double[out];
        for (int r = 0; r < batch; r++) {
            int d = docs[r];
            for (int j = 0; j < out; j++) {
                double acc = b[j];
                for (int t = x.rowPtr[d]; t < x.rowPtr[d + 1]; t++) acc += x.values[t] * w[x.colIdx[t] * out + j];
                y[r * out + j] = acc;
                db[j] += dy[r * out + j];
                for (int t = x.rowPtr[d]; t < x.rowPtr[d + 1]; t++) dw[x.colIdx[t] * out + j] += x.values[t] * dy[r * out + j];
            }
        }
        DeviceCsr dx = new DeviceCsr(cuda, x);
        CUdeviceptr dDocs = cuda.alloc(4L * batch);
        cuda.upload(dDocs, docs, batch);
        CUdeviceptr dW = put(w), dB = put(b), dY = cuda.alloc(4L * batch * out), dDy = put(dy);
        CUdeviceptr gW = cuda.alloc(4L * vocab * out), gB = cuda.alloc(4L * out);
        k.sparse.forward(dx, dDocs, 0, dW, dB, dY, batch, out, false, null, 0);
        k.sparse.weightGrad(dx, dDocs, 0, dDy, gW, batch, out, null, 0);
        k.util.sumRows(dDy, gB, batch, out);
        assertClose(y, get(dY, y.length), 1e-5, "sparse forward");
        assertClose(dw, get(gW, dw.length), 1e-5, "sparse dW");
        assertClose(db, get(gB, out), 1e-5, "sparse db");
        // the same gradient again: bitwise identical (a fixed sum order, no atomics)
        CUdeviceptr gW2 = cuda.alloc(4L * vocab * out);
        k.sparse.weightGrad(dx, dDocs, 0, dDy, gW2, batch, out, null, 0);
        assertArrayEquals(get(gW, dw.length), get(gW2, dw.length), "sparse dW is deterministic");
        // evaluation form: consecutive rows from row0, with the fused ReLU
        k.sparse.forward(dx, null, 10, dW, dB, dY, 20, out, true, null, 0);
        double[] got = get(dY, 20 * out);
        for (int r = 0; r < 20; r++) {
            for (int j = 0; j < out; j++) {
                double acc = b[j];
                for (int t = x.rowPtr[10 + r]; t < x.rowPtr[11 + r]; t++) acc += x.values[t] * w[x.colIdx[t] * out + j];
                assertEquals(Math.max(0, acc), got[r * out + j], 1e-5 * (1 + Math.abs(acc)), "sparse row0/relu");
            }
        }
    }

    @Test
    void denseLinearForwardAndBackwardMatchLoops() {
        SplittableRandom rng = new SplittableRandom(6);
        int rows = 70, in = 28, out = 40;
        double[] x = random(rng, rows * in, 1), w = random(rng, in * out, 0.5), b = random(rng, out, 0.5);
        double[] dy = random(rng, rows * out, 1), mask = random(rng, rows * in, 1);
        double[] y = new double[rows * out], yRelu = new double[rows * out], dx = new double[rows * in], dw = new double[in * out];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                double acc = b[j];
                for (int c = 0; c < in; c++) acc += x[r * in + c] * w[c * out + j];
                y[r * out + j] = acc;
                yRelu[r * out + j] = Math.max(0, acc);
            }
            for (int c = 0; c < in; c++) {
                double acc = 0;
                for (int j = 0; j < out; j++) acc += dy[r * out + j] * w[c * out + j];
                dx[r * in + c] = mask[r * in + c] > 0 ? acc : 0;
            }
        }
        for (int c = 0; c < in; c++)
            for (int j = 0; j < out; j++)
                for (int r = 0; r < rows; r++) dw[c * out + j] += x[r * in + c] * dy[r * out + j];
        CUdeviceptr dX = put(x), dW = put(w), dB = put(b), dY = cuda.alloc(4L * rows * out), dDy = put(dy), dM = put(mask);
        CUdeviceptr gX = cuda.alloc(4L * rows * in), gW = cuda.alloc(4L * in * out);
        k.dense.forward(dX, dW, dB, dY, rows, in, out, false);
        assertClose(y, get(dY, y.length), 1e-5, "dense forward");
        k.dense.forward(dX, dW, dB, dY, rows, in, out, true);
        assertClose(yRelu, get(dY, y.length), 1e-5, "dense forward + ReLU");
        k.dense.backwardInput(dDy, dW, dM, gX, rows, in, out);
        k.dense.backwardWeight(dX, dDy, gW, rows, in, out);
        assertClose(dx, get(gX, dx.length), 1e-5, "dense dx (ReLU-masked)");
        assertClose(dw, get(gW, dw.length), 1e-5, "dense dW");
    }

    @Test
    void adamWithClippingMatchesCpu() {
        SplittableRandom rng = new SplittableRandom(7);
        Tensor a = new Tensor("a", 50, 30), b = new Tensor("b", 1, 30);
        for (Tensor t : List.of(a, b)) System.arraycopy(random(rng, t.size(), 1), 0, t.value, 0, t.size());
        GpuParameter ga = new GpuParameter(cuda, "a", 50, 30), gb = new GpuParameter(cuda, "b", 1, 30);
        cuda.upload(ga.value, toFloat(a.value), a.size());
        cuda.upload(gb.value, toFloat(b.value), b.size());
        Adam adam = new Adam(List.of(a, b), 0.01);
        GpuAdam gpu = new GpuAdam(cuda, k.adam, List.of(ga, gb), 0.01, 1.0, null);
        for (int step = 0; step < 4; step++) {
            double gScale = step == 2 ? 0.001 : 3; // clipped, then not, then clipped again
            for (int pi = 0; pi < 2; pi++) {
                Tensor t = pi == 0 ? a : b;
                GpuParameter g = pi == 0 ? ga : gb;
                double[] grad = random(rng, t.size(), gScale);
                System.arraycopy(grad, 0, t.grad, 0, grad.length);
                cuda.upload(g.grad, toFloat(grad), grad.length);
            }
            double norm = GradClip.norm(List.of(a, b));
            adam.step(GradClip.coefficient(norm, 1.0));
            gpu.step();
            assertEquals(norm, gpu.lastNorm(), 1e-5 * norm, "gradient norm, step " + step);
            assertClose(a.value, get(ga.value, a.size()), 1e-5, "Adam a, step " + step);
            assertClose(b.value, get(gb.value, b.size()), 1e-5, "Adam b, step " + step);
            assertClose(new double[a.size()], get(ga.grad, a.size()), 0, "gradient zeroed");
        }
        assertTrue(java.util.stream.IntStream.range(0, a.size()).anyMatch(i -> gpu.firstMoments()[i] != 0), "moments before reset");
        gpu.reset();
        float[] m0 = gpu.firstMoments();
        for (float v : m0) assertEquals(0f, v, "reset clears m");
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    // ---- retrieval --------------------------------------------------------------------------------

    @Test
    void hammingTopKMatchesCpuIncludingTies() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int m : new int[] {16, 64, 128, 200}) {
            int nb = 5000, nq = 300;
            byte[] base = new byte[nb * m], qs = new byte[nq * m];
            // few distinct codes at m = 16: heavy ties, broken by index
            for (int i = 0; i < base.length; i++) base[i] = (byte) (rng.nextInt(m == 16 ? 8 : 2) == 0 ? 1 : 0);
            for (int i = 0; i < qs.length; i++) qs[i] = (byte) (rng.nextInt(m == 16 ? 8 : 2) == 0 ? 1 : 0);
            PackedCodes b = PackedCodes.fromBits(base, nb, m), q = PackedCodes.fromBits(qs, nq, m);
            for (int kk : new int[] {1, 100, nb}) {
                int[] cpu = NeighbourSearch.CPU.nearest(q, b, kk);
                int[] gpu = new CudaSearch(cuda, k.hamming).nearest(q, b, kk);
                assertArrayEquals(cpu, gpu, "top-" + kk + " at m=" + m);
            }
        }
    }

    @Test
    void columnSumsMatchLoopsInOneAndTwoStages() {
        SplittableRandom rng = new SplittableRandom(10);
        for (int rows : new int[] {5, 128, 129, 1000, 5000}) {
            int cols = 300;
            double[] in = random(rng, rows * cols, 1), expected = random(rng, cols, 1);
            CUdeviceptr dIn = put(in), dOut = put(expected); // sums are added to what is there
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) expected[c] += in[r * cols + c];
            k.util.sumRows(dIn, dOut, rows, cols);
            assertClose(expected, get(dOut, cols), 1e-5, "column sums, " + rows + " rows");
        }
    }

    @Test
    void packBitsMatchesPackedCodes() {
        SplittableRandom rng = new SplittableRandom(9);
        for (int m : new int[] {16, 64, 100, 128}) {
            int n = 77;
            byte[] bits = new byte[n * m];
            for (int i = 0; i < bits.length; i++) bits[i] = (byte) rng.nextInt(2);
            int[] asInts = new int[(bits.length + 3) / 4];
            for (int i = 0; i < bits.length; i++) asInts[i >> 2] |= bits[i] << (8 * (i & 3));
            CUdeviceptr z = cuda.alloc(4L * asInts.length);
            cuda.upload(z, asInts, asInts.length);
            int words = (m + 63) / 64;
            CUdeviceptr packed = cuda.alloc(8L * n * words);
            k.util.packBits(z, packed, n, m, words);
            long[] got = new long[n * words];
            cuda.download(got, packed, got.length);
            assertArrayEquals(PackedCodes.fromBits(bits, n, m).words(), got, "packed m=" + m);
        }
    }
}
