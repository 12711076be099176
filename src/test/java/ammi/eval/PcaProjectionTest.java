package ammi.eval;

import ammi.data.CsrMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PcaProjectionTest {

    /** n x d sparse rows spanning at most `rank` directions (so the randomized SVD captures them exactly), plus zeros. */
    private static CsrMatrix lowRank(Random rnd, int n, int d, int rank) {
        double[][] basis = new double[rank][d];
        for (double[] b : basis)
            for (int j = 0; j < d; j++) b[j] = rnd.nextInt(3) == 0 ? rnd.nextGaussian() : 0;
        int[] rowPtr = new int[n + 1];
        List<Integer> cols = new ArrayList<>();
        List<Double> vals = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[d];
            for (int t = 0; t < rank; t++) {
                double c = (rank - t) * rnd.nextGaussian(); // distinct variances along the basis
                for (int j = 0; j < d; j++) row[j] += c * basis[t][j];
            }
            for (int j = 0; j < d; j++)
                if (row[j] != 0) {
                    cols.add(j);
                    vals.add(row[j]);
                }
            rowPtr[i + 1] = cols.size();
        }
        return new CsrMatrix(n, d, rowPtr, cols.stream().mapToInt(Integer::intValue).toArray(),
                vals.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The oracle: EJML's dense SVD of the (centred) matrix. */
    private static SingularValueDecomposition_F64<DMatrixRMaj> denseSvd(CsrMatrix a, boolean centre) {
        double[][] x = a.toDense();
        int n = a.rows, d = a.cols;
        DMatrixRMaj m = new DMatrixRMaj(n, d);
        for (int j = 0; j < d; j++) {
            double mean = 0;
            if (centre) for (double[] row : x) mean += row[j] / n;
            for (int i = 0; i < n; i++) m.set(i, j, x[i][j] - mean);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, d, false, true, true);
        if (!svd.decompose(m)) throw new AssertionError("EJML SVD failed");
        return svd;
    }

    @Test
    void directionsAndVariancesMatchTheDenseSvd() {
        Random rnd = new Random(41);
        int n = 60, d = 25, rank = 6, k = 4;
        CsrMatrix a = lowRank(rnd, n, d, rank);
        for (boolean centre : new boolean[] {true, false}) {
            PcaProjection pca = PcaProjection.fit(a, k, 7, centre);
            SingularValueDecomposition_F64<DMatrixRMaj> svd = denseSvd(a, centre);
            double[] s = svd.getSingularValues();
            DMatrixRMaj vt = svd.getV(null, true);
            Integer[] order = java.util.stream.IntStream.range(0, s.length).boxed().toArray(Integer[]::new);
            java.util.Arrays.sort(order, (i, j) -> Double.compare(s[j], s[i]));
            // Directions through their projections of the unit vectors e_j (plus the offset): column i of W.
            double[] w = new double[d * k], zero = pca.project(new CsrMatrix(1, d, new int[] {0, 0}, new int[0], new double[0]));
            for (int j = 0; j < d; j++) {
                double[] pj = pca.project(new CsrMatrix(1, d, new int[] {0, 1}, new int[] {j}, new double[] {1.0}));
                for (int i = 0; i < k; i++) w[j * k + i] = pj[i] - zero[i];
            }
            for (int i = 0; i < k; i++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += w[j * k + i] * vt.get(order[i], j);
                assertEquals(1.0, Math.abs(dot), 1e-9, (centre ? "PCA" : "LSA") + " direction " + i);
                assertEquals(s[order[i]] * s[order[i]] / n, pca.variances()[i], 1e-9 * s[order[0]] * s[order[0]]);
            }
        }
    }

    @Test
    void centredProjectionsHaveZeroMeanAndCodesAreTheirSigns() {
        Random rnd = new Random(42);
        CsrMatrix a = lowRank(rnd, 40, 18, 5);
        PcaProjection pca = PcaProjection.fit(a, 3, 1, true);
        double[] proj = pca.project(a);
        for (int i = 0; i < 3; i++) {
            double mean = 0;
            for (int r = 0; r < a.rows; r++) mean += proj[r * 3 + i] / a.rows;
            assertEquals(0.0, mean, 1e-10);
        }
        PackedCodes codes = pca.encode(a);
        for (int r = 0; r < a.rows; r++)
            for (int i = 0; i < 3; i++) assertEquals(proj[r * 3 + i] > 0 ? 1 : 0, codes.bit(r, i), "row " + r + " bit " + i);
        CsrMatrix rows = pca.projectRows(a);
        assertArrayEquals(proj, rows.values, 0.0);
        // the same seed gives the same directions (signs fixed), so the same codes
        PackedCodes again = PcaProjection.fit(a, 3, 1, true).encode(a);
        for (int r = 0; r < a.rows; r++)
            for (int i = 0; i < 3; i++) assertEquals(codes.bit(r, i), again.bit(r, i));
    }

    @Test
    void stackKeepsTheRowsInOrder() {
        Random rnd = new Random(43);
        CsrMatrix a = lowRank(rnd, 5, 7, 2), b = lowRank(rnd, 3, 7, 2), s = CsrMatrix.stack(a, b);
        double[][] da = a.toDense(), db = b.toDense(), ds = s.toDense();
        for (int r = 0; r < 5; r++) assertArrayEquals(da[r], ds[r], 0.0);
        for (int r = 0; r < 3; r++) assertArrayEquals(db[r], ds[5 + r], 0.0);
    }

    @Test
    void rejectsMoreDirectionsThanTheDataSpan() {
        CsrMatrix a = lowRank(new Random(44), 10, 8, 2);
        assertThrows(IllegalArgumentException.class, () -> PcaProjection.fit(a, 9, 1, true));
        assertThrows(IllegalArgumentException.class, () -> PcaProjection.fit(a, 4, 1, true)); // rank 2 (centred: at most 2)
    }
}
