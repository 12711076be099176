package ammi.data;

/**
 * Compressed sparse rows: row {@code r} holds columns {@code colIdx[rowPtr[r] .. rowPtr[r+1])}
 * with {@code values} alongside. Documents stay in this form end to end; the V-dimensional
 * input is never made dense.
 */
public final class CsrMatrix {
    public final int rows;
    public final int cols;
    public final int[] rowPtr;
    public final int[] colIdx;
    public final double[] values;

    public CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, double[] values) {
        if (rowPtr.length != rows + 1) throw new IllegalArgumentException("rowPtr has " + rowPtr.length + " entries, expected " + (rows + 1));
        if (colIdx.length != values.length || rowPtr[rows] != colIdx.length)
            throw new IllegalArgumentException("colIdx/values length " + colIdx.length + "/" + values.length + " != nnz " + rowPtr[rows]);
        for (int r = 0; r < rows; r++) {
            if (rowPtr[r] > rowPtr[r + 1]) throw new IllegalArgumentException("rowPtr decreases at row " + r);
        }
        for (int c : colIdx) {
            if (c < 0 || c >= cols) throw new IllegalArgumentException("column index " + c + " outside [0, " + cols + ")");
        }
        this.rows = rows;
        this.cols = cols;
        this.rowPtr = rowPtr;
        this.colIdx = colIdx;
        this.values = values;
    }

    public int nnz() {
        return rowPtr[rows];
    }

    public int rowNnz(int r) {
        return rowPtr[r + 1] - rowPtr[r];
    }

    /**
     * The transpose (equivalently, this matrix in CSC form): row c of the result lists the rows of
     * this matrix holding column c, in increasing order, with their values. An inverted index of
     * terms to documents, for sparse dot products against many documents.
     */
    public CsrMatrix transpose() {
        int nnz = nnz();
        int[] colPtr = new int[cols + 1];
        for (int p = 0; p < nnz; p++) colPtr[colIdx[p] + 1]++;
        for (int c = 0; c < cols; c++) colPtr[c + 1] += colPtr[c];
        int[] fill = colPtr.clone();
        int[] rowIdx = new int[nnz];
        double[] vals = new double[nnz];
        for (int r = 0; r < rows; r++) {
            for (int p = rowPtr[r]; p < rowPtr[r + 1]; p++) {
                int at = fill[colIdx[p]]++;
                rowIdx[at] = r;
                vals[at] = values[p];
            }
        }
        return new CsrMatrix(cols, rows, colPtr, rowIdx, vals);
    }

    /** The rows of {@code a}, then those of {@code b}. */
    public static CsrMatrix stack(CsrMatrix a, CsrMatrix b) {
        if (a.cols != b.cols) throw new IllegalArgumentException("cannot stack " + a.cols + " and " + b.cols + " columns");
        int rows = a.rows + b.rows, nnz = Math.addExact(a.nnz(), b.nnz());
        int[] rowPtr = new int[rows + 1], colIdx = new int[nnz];
        double[] values = new double[nnz];
        System.arraycopy(a.rowPtr, 0, rowPtr, 0, a.rows + 1);
        for (int r = 1; r <= b.rows; r++) rowPtr[a.rows + r] = a.nnz() + b.rowPtr[r];
        System.arraycopy(a.colIdx, 0, colIdx, 0, a.nnz());
        System.arraycopy(b.colIdx, 0, colIdx, a.nnz(), b.nnz());
        System.arraycopy(a.values, 0, values, 0, a.nnz());
        System.arraycopy(b.values, 0, values, a.nnz(), b.nnz());
        return new CsrMatrix(rows, a.cols, rowPtr, colIdx, values);
    }

    /** A new matrix holding the given rows, in the given order. */
    public CsrMatrix selectRows(int[] rowIndices) {
        int nnz = 0;
        for (int r : rowIndices) nnz += rowNnz(r);
        int[] ptr = new int[rowIndices.length + 1];
        int[] ci = new int[nnz];
        double[] v = new double[nnz];
        int k = 0;
        for (int i = 0; i < rowIndices.length; i++) {
            int r = rowIndices[i];
            int len = rowNnz(r);
            System.arraycopy(colIdx, rowPtr[r], ci, k, len);
            System.arraycopy(values, rowPtr[r], v, k, len);
            k += len;
            ptr[i + 1] = k;
        }
        return new CsrMatrix(rowIndices.length, cols, ptr, ci, v);
    }

    /** Dense copy, for tests and small oracles only. */
    public double[][] toDense() {
        double[][] d = new double[rows][cols];
        for (int r = 0; r < rows; r++)
            for (int k = rowPtr[r]; k < rowPtr[r + 1]; k++) d[r][colIdx[k]] += values[k];
        return d;
    }
}
