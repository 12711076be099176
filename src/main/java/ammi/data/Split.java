package ammi.data;

/** One split of a dataset: TF-IDF rows, per-document sorted label indices, document ids. */
public record Split(String name, CsrMatrix x, int[][] labels, String[] ids) {
    public Split {
        if (labels.length != x.rows || ids.length != x.rows)
            throw new IllegalArgumentException("split " + name + ": " + x.rows + " rows, " + labels.length + " label rows, " + ids.length + " ids");
    }

    public int size() {
        return x.rows;
    }

    public double avgNnz() {
        return x.rows == 0 ? 0 : (double) x.nnz() / x.rows;
    }
}
