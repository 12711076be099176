package ammi.eval;

import ammi.data.CsrMatrix;
import ammi.util.Parallel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The top-k right singular directions v_i of a set of (TF-IDF) documents, for two baselines:
 * centred (PCA), PCA hashing (PCAH, bit i = [(x - mean) . v_i > 0]); uncentred (LSA, Deerwester
 * et al. 1990), cosine over the k real-valued projections x . v_i, what a k-dimensional linear map
 * of the input gives without training. The centred matrix is never formed: its products go
 * through the sparse rows and a rank-one correction. Directions come from a randomized SVD
 * (Halko, Martinsson and Tropp 2011, section 4) with power iterations; a seed fixes them.
 */
public final class PcaProjection {
    /** Extra sampled directions and power iterations of the randomized range finder. */
    static final int OVERSAMPLE = 10, POWER_ITERATIONS = 3;

    private final int cols, dims;
    /** Row-major [cols][dims]: a sparse row touches only the rows of its terms. */
    private final double[] w;
    /** mean . v_i, subtracted from every projection. */
    private final double[] offset;
    private final double[] variances;

    private PcaProjection(int cols, int dims, double[] w, double[] offset, double[] variances) {
        this.cols = cols;
        this.dims = dims;
        this.w = w;
        this.offset = offset;
        this.variances = variances;
    }

    public int dims() {
        return dims;
    }

    /** The mean squared projection along each direction (the variance when centred), largest first. */
    public double[] variances() {
        return variances.clone();
    }

    /** Fits k directions to the rows of {@code a}, centred on their mean (PCA) or not (LSA). */
    public static PcaProjection fit(CsrMatrix a, int k, long seed, boolean centre) {
        if (k < 1) throw new IllegalArgumentException("need at least one direction, got " + k);
        int n = a.rows, d = a.cols;
        if (k > Math.min(n, d)) throw new IllegalArgumentException(k + " directions need at least as many documents and columns, have " + n + " x " + d);
        int l = Math.min(k + OVERSAMPLE, Math.min(n, d));
        double[] mean = new double[d];
        if (centre) {
            for (int p = 0; p < a.nnz(); p++) mean[a.colIdx[p]] += a.values[p];
            for (int j = 0; j < d; j++) mean[j] /= n;
        }
        CsrMatrix at = a.transpose();
        Random rng = new Random(seed);
        DMatrixRMaj omega = new DMatrixRMaj(d, l);
        for (int i = 0; i < omega.data.length; i++) omega.data[i] = rng.nextGaussian();
        // Range of C = A - 1 mean^T: Q = orth(C (C^T C)^q Omega), re-orthonormalised at every pass.
        DMatrixRMaj q = orthonormal(times(a, mean, omega, false));
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            DMatrixRMaj z = orthonormal(times(at, mean, q, true));
            q = orthonormal(times(a, mean, z, false));
        }
        DMatrixRMaj bt = times(at, mean, q, true); // (Q^T C)^T, d x l
        // B B^T = U S^2 U^T (l x l); the right singular vectors are V = B^T U / s.
        DMatrixRMaj gram = new DMatrixRMaj(l, l);
        CommonOps_DDRM.multTransA(bt, bt, gram);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(l, true, true);
        if (!eig.decompose(gram)) throw new IllegalStateException("eigendecomposition failed");
        Integer[] order = IntStream.range(0, l).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -eig.getEigenvalue(i).real).thenComparingInt(i -> i));
        double[] w = new double[Math.multiplyExact(d, k)], offset = new double[k], variances = new double[k];
        for (int i = 0; i < k; i++) {
            double s2 = eig.getEigenvalue(order[i]).real;
            // below this the direction is round-off, not data
            if (!(s2 > 1e-12 * eig.getEigenvalue(order[0]).real)) throw new IllegalArgumentException("the documents span fewer than " + k + " directions");
            DMatrixRMaj u = eig.getEigenVector(order[i]);
            double s = Math.sqrt(s2), sign = 0;
            for (int j = 0; j < d; j++) {
                double v = 0;
                for (int t = 0; t < l; t++) v += bt.unsafe_get(j, t) * u.data[t];
                v /= s;
                // the sign of a direction is arbitrary: make its largest entry positive, so a seed fixes the codes
                if (sign == 0 || Math.abs(v) > Math.abs(sign)) sign = v;
                w[j * k + i] = v;
            }
            if (sign < 0) for (int j = 0; j < d; j++) w[j * k + i] = -w[j * k + i];
            for (int j = 0; j < d; j++) offset[i] += mean[j] * w[j * k + i];
            variances[i] = s2 / n;
        }
        return new PcaProjection(d, k, w, offset, variances);
    }

    /** C M (transposed = false: m's rows are C's columns) or C^T M (m's rows are C's rows), with C = A - 1 mean^T. */
    private static DMatrixRMaj times(CsrMatrix sparse, double[] mean, DMatrixRMaj m, boolean transposed) {
        int rows = sparse.rows, l = m.numCols;
        DMatrixRMaj out = new DMatrixRMaj(rows, l);
        double[] o = out.data, md = m.data;
        Parallel.forRange(rows, 2L * l * Math.max(1, sparse.nnz() / Math.max(1, rows)), (lo, hi, worker) -> {
            for (int r = lo; r < hi; r++)
                for (int p = sparse.rowPtr[r]; p < sparse.rowPtr[r + 1]; p++) {
                    double v = sparse.values[p];
                    int at = sparse.colIdx[p] * l;
                    for (int t = 0; t < l; t++) o[r * l + t] += v * md[at + t];
                }
        });
        if (!transposed) {
            // C M = A M - 1 (mean^T M)
            double[] corr = new double[l];
            for (int j = 0; j < mean.length; j++)
                for (int t = 0; t < l; t++) corr[t] += mean[j] * md[j * l + t];
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < l; t++) o[r * l + t] -= corr[t];
        } else {
            // C^T M = A^T M - mean (1^T M)
            double[] colSum = new double[l];
            for (int r = 0; r < m.numRows; r++)
                for (int t = 0; t < l; t++) colSum[t] += md[r * l + t];
            for (int r = 0; r < rows; r++)
                for (int t = 0; t < l; t++) o[r * l + t] -= mean[r] * colSum[t];
        }
        return out;
    }

    /**
     * An orthonormal basis of y's columns by Gram-Schmidt, each column orthogonalised twice
     * (Giraud et al. 2005: twice is enough for a basis orthogonal to round-off). A column with
     * nothing left (the data span fewer directions) becomes zero, and so adds a zero eigenvalue
     * that {@link #fit} refuses if it is needed, rather than failing the factorisation.
     */
    private static DMatrixRMaj orthonormal(DMatrixRMaj y) {
        int n = y.numRows, l = y.numCols;
        double[][] q = new double[l][n];
        for (int t = 0; t < l; t++) {
            double[] v = q[t];
            for (int i = 0; i < n; i++) v[i] = y.data[i * l + t];
            double before = norm(v);
            for (int pass = 0; pass < 2; pass++)
                for (int u = 0; u < t; u++) {
                    double dot = 0;
                    for (int i = 0; i < n; i++) dot += q[u][i] * v[i];
                    for (int i = 0; i < n; i++) v[i] -= dot * q[u][i];
                }
            double after = norm(v);
            double scale = after > 1e-10 * before ? 1 / after : 0;
            for (int i = 0; i < n; i++) v[i] *= scale;
        }
        DMatrixRMaj out = new DMatrixRMaj(n, l);
        for (int t = 0; t < l; t++)
            for (int i = 0; i < n; i++) out.data[i * l + t] = q[t][i];
        return out;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) s += x * x;
        return Math.sqrt(s);
    }

    /** Row r's coordinates (x_r - mean) . v_i, row-major rows x dims. */
    public double[] project(CsrMatrix x) {
        if (x.cols != cols) throw new IllegalArgumentException("matrix has " + x.cols + " columns, the directions " + cols);
        double[] out = new double[Math.multiplyExact(x.rows, dims)];
        for (int r = 0; r < x.rows; r++) {
            int o = r * dims;
            for (int i = 0; i < dims; i++) out[o + i] = -offset[i];
            for (int p = x.rowPtr[r]; p < x.rowPtr[r + 1]; p++) {
                double v = x.values[p];
                int at = x.colIdx[p] * dims;
                for (int i = 0; i < dims; i++) out[o + i] += v * w[at + i];
            }
        }
        return out;
    }

    /** The projections as dense rows of a CSR matrix, for the cosine baselines. */
    public CsrMatrix projectRows(CsrMatrix x) {
        double[] proj = project(x);
        int[] rowPtr = new int[x.rows + 1], colIdx = new int[proj.length];
        for (int r = 0; r <= x.rows; r++) rowPtr[r] = r * dims;
        for (int p = 0; p < proj.length; p++) colIdx[p] = p % dims;
        return new CsrMatrix(x.rows, dims, rowPtr, colIdx, proj);
    }

    /** PCA hashing: bit i = [(x - mean) . v_i > 0]. */
    public PackedCodes encode(CsrMatrix x) {
        double[] proj = project(x);
        byte[] bits = new byte[proj.length];
        for (int p = 0; p < proj.length; p++) bits[p] = (byte) (proj[p] > 0 ? 1 : 0);
        return PackedCodes.fromBits(bits, x.rows, dims);
    }
}
