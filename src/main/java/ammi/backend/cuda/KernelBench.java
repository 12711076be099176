package ammi.backend.cuda;

import ammi.data.CsrMatrix;
import ammi.eval.PackedCodes;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

import static jcuda.driver.JCudaDriver.*;

/**
 * The GPU half of the kernel benchmarks (benchmarks/ holds the CPU half, in JMH): each kernel of
 * the training step over issue 5's grid, timed with CUDA events around a CUDA graph of repeated
 * calls, so the figures are device time (kernels and the gaps between them), not launch overhead. Each row gives microseconds
 * per call, positions per second (B x m / time) and the effective bandwidth of the bytes the
 * kernel must move (its inputs read once, its outputs written once), next to the card's own
 * device-to-device copy rate measured at start.
 */
public final class KernelBench {
    public record Row(String kernel, int batch, int m, int o, int r, double micros, double positionsPerSecond,
                      double gigabytesPerSecond, double fractionOfCopy) {}

    private static final int[] BATCHES = {16, 128, 1024, 4096};
    private static final int[] BITS = {16, 64, 128};
    private static final int[][] ORDERS = {{0, 3}, {1, 3}, {2, 6}, {0, 10}};

    private final Cuda cuda;
    private final CudaKernels k;
    private final CUevent start = new CUevent(), stop = new CUevent();
    private final List<CUdeviceptr> scratch = new ArrayList<>();
    private double copyGBs;

    public KernelBench() {
        cuda = Cuda.open();
        k = new CudaKernels(cuda);
        cuEventCreate(start, 0);
        cuEventCreate(stop, 0);
    }

    public String device() {
        return cuda.info().describe();
    }

    /** Device-to-device copy of 1 GiB, bytes read plus written per second: the practical ceiling. */
    public double copyBandwidth() {
        long bytes = 1L << 30;
        CUdeviceptr a = cuda.alloc(bytes), b = cuda.alloc(bytes);
        double us = time(20, () -> cuMemcpyDtoDAsync(b, a, bytes, cuda.stream()));
        cuda.free(a);
        cuda.free(b);
        copyGBs = 2.0 * bytes / (us * 1e-6) / 1e9;
        return copyGBs;
    }

    /**
     * Mean device microseconds of one call: reps calls are captured into one CUDA graph, which is
     * replayed once to warm up and once between two events. Launching call by call from Java would
     * time the host's launch rate (several microseconds a launch), not the kernels.
     */
    double time(int reps, Runnable call) {
        call.run(); // first-use work (lazy sizing) happens outside the capture
        cuda.sync();
        cuda.beginCapture();
        for (int i = 0; i < reps; i++) call.run();
        jcuda.driver.CUgraphExec graph = cuda.endCapture();
        cuda.launchGraph(graph);
        cuEventRecord(start, cuda.stream());
        cuda.launchGraph(graph);
        cuEventRecord(stop, cuda.stream());
        cuEventSynchronize(stop);
        float[] ms = new float[1];
        cuEventElapsedTime(ms, start, stop);
        cuda.releaseGraph(graph);
        return ms[0] * 1000.0 / reps;
    }

    private CUdeviceptr random(long floats, double scale, SplittableRandom rng) {
        float[] v = new float[(int) floats];
        for (int i = 0; i < v.length; i++) v[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        CUdeviceptr p = buffer(4 * floats);
        cuda.upload(p, v, v.length);
        return p;
    }

    private CUdeviceptr buffer(long bytes) {
        CUdeviceptr p = cuda.alloc(bytes);
        scratch.add(p);
        return p;
    }

    private void release() {
        for (CUdeviceptr p : scratch) cuda.free(p);
        scratch.clear();
    }

    private Row row(String kernel, int b, int m, int o, int r, double us, double bytes) {
        double gbs = bytes / (us * 1e-6) / 1e9;
        return new Row(kernel, b, m, o, r, us, (double) b * m / (us * 1e-6), gbs, copyGBs > 0 ? gbs / copyGBs : Double.NaN);
    }

    /** Every kernel whose name contains {@code filter} (null: all) over the grid. */
    public List<Row> run(String filter, PrintStream progress) {
        if (copyGBs == 0) copyBandwidth();
        List<Row> rows = new ArrayList<>();
        SplittableRandom rng = new SplittableRandom(1);
        for (int[] or : ORDERS) {
            int o = or[0], r = or[1];
            for (int m : BITS) {
                for (int b : BATCHES) {
                    int reps = b >= 1024 ? 50 : 200;
                    long np = (long) b * m << o, nq = (long) m << r;
                    if (want(filter, "forward_marginals")) {
                        CUdeviceptr lg = random(np, 3, rng), al = buffer(4 * np);
                        rows.add(row("forward_marginals", b, m, o, r, time(reps, () -> k.marginals.marginals(lg, al, b, m, o)), 8.0 * np));
                        release();
                    }
                    if (want(filter, "cross_entropy")) {
                        CUdeviceptr p = random(np, 3, rng), q = random(nq, 3, rng), h = buffer(4L * b), g = random(b, 1, rng);
                        CUdeviceptr al = buffer(4 * CrossEntropyKernels.alphaFloats(b, m, r));
                        CUdeviceptr be = buffer(4 * CrossEntropyKernels.betaFloats(b, r));
                        CUdeviceptr dp = buffer(4 * np), dqDoc = buffer(4L * b * nq), dq = buffer(4 * nq);
                        k.util.reserveSumRows(b, (int) nq);
                        k.crossEntropy.reserve(m, r);
                        for (CrossEntropyKernels.Version v : CrossEntropyKernels.Version.values()) {
                            if (!CrossEntropyKernels.supports(v, m, o, r, true)) continue;
                            if (v == CrossEntropyKernels.Version.THREAD && r > 6) continue; // minutes, and never picked
                            double us = time(reps, () -> {
                                k.crossEntropy.forward(v, p, q, true, h, al, b, m, o, r);
                                k.crossEntropy.backward(v, p, q, true, al, g, dp, dqDoc, be, b, m, o, r);
                                k.util.sumRows(dqDoc, dq, b, (int) nq);
                            });
                            // must move: p read, q read, dp written, dq written, H written
                            String name = "cross_entropy_v" + (v.ordinal() + 1) + (v == CrossEntropyKernels.pick(m, o, r, true) ? "*" : "");
                            rows.add(row(name, b, m, o, r, us, 4.0 * (2 * np + 2 * nq + b)));
                        }
                        release();
                    }
                    if (o == 0 && want(filter, "parent_cross_entropy")) { // --prior-parents: an order-0 posterior only
                        CUdeviceptr p = random(np, 3, rng), q = random(nq, 3, rng), h = buffer(4L * b), g = random(b, 1, rng);
                        CUdeviceptr dp = buffer(4 * np), dqDoc = buffer(4L * b * nq), dq = buffer(4 * nq), pa = buffer(4L * m * r);
                        int[] parents = ammi.markov.ParentCrossEntropy.chainParents(m, r); // the cost does not depend on which
                        cuda.upload(pa, parents, parents.length);
                        k.util.reserveSumRows(b, (int) nq);
                        k.parentCrossEntropy.reserve(m, r);
                        double us = time(reps, () -> {
                            k.parentCrossEntropy.forward(p, q, pa, h, b, m, r);
                            k.parentCrossEntropy.backward(p, q, pa, g, dp, dqDoc, b, m, r);
                            k.util.sumRows(dqDoc, dq, b, (int) nq);
                        });
                        rows.add(row("parent_cross_entropy", b, m, o, r, us, 4.0 * (2 * np + 2 * nq + b)));
                        release();
                    }
                    if (o == 0 && want(filter, "parent_prior")) { // --prior-parents' prior step: marginals once per batch, then elementwise
                        CUdeviceptr p = random(np, 3, rng), q = random(nq, 3, rng), g = random(b, 1, rng);
                        CUdeviceptr mu = buffer(8 * nq), dq = buffer(4 * nq), pa = buffer(4L * m * r);
                        int[] parents = ammi.markov.ParentCrossEntropy.chainParents(m, r);
                        cuda.upload(pa, parents, parents.length);
                        double marg = time(reps, () -> k.parentCrossEntropy.contextMarginals(p, g, pa, mu, b, m, r));
                        rows.add(row("parent_prior_marginals", b, m, o, r, marg, 4.0 * (np + b + 2 * nq)));
                        double step = time(reps, () -> k.parentCrossEntropy.priorGradient(mu, q, dq, m, r));
                        rows.add(row("parent_prior_grad", b, m, o, r, step, 4.0 * 5 * nq)); // mu (2), q read; dq read and written
                        release();
                    }
                    if (want(filter, "viterbi")) {
                        CUdeviceptr lg = random(np, 3, rng), z = buffer((long) b * m);
                        CUdeviceptr de = buffer(4 * ViterbiKernels.deltaFloats(b, o)), bk = buffer(ViterbiKernels.backBytes(b, m, o));
                        rows.add(row("viterbi", b, m, o, r, time(reps, () -> k.viterbi.decode(lg, z, null, de, bk, b, m, o)),
                                4.0 * np + (double) b * m));
                        release();
                    }
                }
            }
        }
        // Layers, Adam and search depend on m 2^o (the encoder's width), not on r.
        for (int m : BITS) {
            for (int b : BATCHES) {
                int reps = b >= 1024 ? 50 : 200, out = m, vocab = 10000, perDoc = 64;
                if (want(filter, "sparse_linear")) {
                    DeviceCsr x = new DeviceCsr(cuda, randomCsr(rng, Math.max(b, 2048), vocab, perDoc));
                    int[] d = new int[b];
                    for (int i = 0; i < b; i++) d[i] = rng.nextInt(x.rows);
                    CUdeviceptr docs = buffer(4L * b);
                    cuda.upload(docs, d, b);
                    CUdeviceptr w = random((long) vocab * out, 0.1, rng), bias = random(out, 0.1, rng);
                    CUdeviceptr y = buffer(4L * b * out), dw = buffer(4L * vocab * out), db = buffer(4L * out);
                    k.util.reserveSumRows(b, out);
                    double us = time(reps, () -> {
                        k.sparse.forward(x, docs, 0, w, bias, y, b, out, false, null, 0);
                        k.sparse.weightGrad(x, docs, 0, y, dw, b, out, null, 0);
                        k.util.sumRows(y, db, b, out);
                    });
                    long nnz = (long) b * perDoc;
                    // nonzeros (index + value) read twice, touched W rows read and dW rows written, y written and read
                    rows.add(row("sparse_linear_fwd_bwd", b, m, 0, 0, us, 2.0 * 8 * nnz + 2.0 * 4 * nnz * out + 2.0 * 4 * b * out));
                    for (CUdeviceptr p : List.of(x.rowPtr, x.colIdx, x.values)) cuda.free(p);
                    release();
                }
                if (want(filter, "hamming_topk")) {
                    int n = 100_000, words = (m + 63) / 64;
                    long[] base = new long[n * words], qs = new long[b * words];
                    IntFunction<Long> bits = i -> (m & 63) == 0 || (i % words) < words - 1 ? rng.nextLong() : rng.nextLong() & ((1L << (m & 63)) - 1);
                    for (int i = 0; i < base.length; i++) base[i] = bits.apply(i);
                    for (int i = 0; i < qs.length; i++) qs[i] = bits.apply(i);
                    CUdeviceptr db = buffer(8L * base.length), dq = buffer(8L * qs.length), outIdx = buffer(4L * b * 100);
                    cuda.upload(db, base, base.length);
                    cuda.upload(dq, qs, qs.length);
                    double us = time(Math.max(5, reps / 10), () -> k.hamming.topK(db, n, dq, b, words, m, 100, outIdx));
                    rows.add(row("hamming_top100_n100k", b, m, 0, 0, us, 8.0 * words * ((double) n + b) + 400.0 * b));
                    release();
                }
            }
            if (want(filter, "adam")) {
                int vocab = 10000, out = m;
                List<GpuParameter> ps = List.of(new GpuParameter(cuda, "w", vocab, out), new GpuParameter(cuda, "b", 1, out));
                GpuAdam adam = new GpuAdam(cuda, k.adam, ps, 0.01, 1.0, null);
                long n = (long) vocab * out + out;
                // per step: g read twice (norm, update), p, m, v read and written, g zeroed
                rows.add(row("adam_clip_V10000", 1, m, 0, 0, time(200, adam::step), 4.0 * n * 9));
                for (GpuParameter p : ps) for (CUdeviceptr d : List.of(p.value, p.grad)) cuda.free(d);
            }
        }
        return rows;
    }

    private static boolean want(String filter, String name) {
        return filter == null || filter.isBlank() || name.contains(filter);
    }

    static CsrMatrix randomCsr(SplittableRandom rng, int rows, int cols, int perRow) {
        int[] ptr = new int[rows + 1];
        int[] col = new int[rows * perRow];
        double[] val = new double[rows * perRow];
        for (int r = 0; r < rows; r++) {
            int c = 0;
            for (int t = 0; t < perRow; t++) {
                c += 1 + rng.nextInt(Math.max(1, 2 * cols / perRow - 1));
                col[r * perRow + t] = Math.min(cols - 1, c);
                val[r * perRow + t] = rng.nextDouble();
            }
            java.util.Arrays.sort(col, r * perRow, (r + 1) * perRow);
            ptr[r + 1] = (r + 1) * perRow;
        }
        return new CsrMatrix(rows, cols, ptr, col, val);
    }

    public static String table(List<Row> rows, double copyGBs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "device-to-device copy: %.0f GB/s (read + write)%n", copyGBs));
        sb.append(String.format(Locale.ROOT, "%-22s %5s %4s %3s %3s | %10s %14s %9s %7s%n", "kernel", "B", "m", "o", "r", "us/call",
                "positions/s", "GB/s", "of copy"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-22s %5d %4d %3d %3d | %10.2f %14.3e %9.1f %6.1f%%%n", r.kernel(), r.batch(), r.m(),
                    r.o(), r.r(), r.micros(), r.positionsPerSecond(), r.gigabytesPerSecond(), 100 * r.fractionOfCopy()));
        }
        return sb.toString();
    }

    public void close() {
        release();
        cuEventDestroy(start);
        cuEventDestroy(stop);
        cuda.close();
    }
}
