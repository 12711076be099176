package ammi.data;

/** One sparse vector: strictly increasing column indices with their values. */
public record SparseRow(int[] indices, double[] values) {
    public SparseRow {
        if (indices.length != values.length) throw new IllegalArgumentException("indices/values length " + indices.length + "/" + values.length);
    }

    public int nnz() {
        return indices.length;
    }

    public boolean isEmpty() {
        return indices.length == 0;
    }
}
