package ammi.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CsrMatrixTest {

    @Test
    void transposeMatchesTheDenseTransposeAndKeepsRowOrder() {
        // 3 x 4, hand-written: row 1 is empty, column 2 is empty
        CsrMatrix x = new CsrMatrix(3, 4, new int[] {0, 2, 2, 5}, new int[] {0, 3, 0, 1, 3}, new double[] {1, 2, 3, 4, 5});
        CsrMatrix t = x.transpose();
        assertEquals(4, t.rows);
        assertEquals(3, t.cols);
        assertArrayEquals(new int[] {0, 2, 3, 3, 5}, t.rowPtr);
        assertArrayEquals(new int[] {0, 2, 2, 0, 2}, t.colIdx, "documents of each term, in increasing order");
        assertArrayEquals(new double[] {1, 3, 4, 2, 5}, t.values);

        SplittableRandom rng = new SplittableRandom(3);
        int rows = 40, cols = 25;
        int[] ptr = new int[rows + 1];
        java.util.List<Integer> col = new java.util.ArrayList<>();
        java.util.List<Double> val = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (rng.nextInt(4) == 0) {
                    col.add(c);
                    val.add(rng.nextDouble());
                }
            }
            ptr[r + 1] = col.size();
        }
        CsrMatrix y = new CsrMatrix(rows, cols, ptr, col.stream().mapToInt(Integer::intValue).toArray(),
                val.stream().mapToDouble(Double::doubleValue).toArray());
        double[][] d = y.toDense(), dt = y.transpose().toDense();
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) assertEquals(d[r][c], dt[c][r], 0.0);
    }
}
