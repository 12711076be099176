package ammi.data;

/**
 * One split of a dataset: TF-IDF rows, per-document sorted label indices, document ids, and the
 * first line of each document's text (what search shows), or null for pre-vectorised corpora.
 */
public record Split(String name, CsrMatrix x, int[][] labels, String[] ids, String[] firstLines) {
    public Split {
        if (labels.length != x.rows || ids.length != x.rows)
            throw new IllegalArgumentException("split " + name + ": " + x.rows + " rows, " + labels.length + " label rows, " + ids.length + " ids");
        if (firstLines != null && firstLines.length != x.rows)
            throw new IllegalArgumentException("split " + name + ": " + x.rows + " rows, " + firstLines.length + " first lines");
    }

    /** A split without text (LibSVM and .mat input). */
    public Split(String name, CsrMatrix x, int[][] labels, String[] ids) {
        this(name, x, labels, ids, null);
    }

    public int size() {
        return x.rows;
    }

    public double avgNnz() {
        return x.rows == 0 ? 0 : (double) x.nnz() / x.rows;
    }

    /** The first line of document {@code r}, or "" when the corpus has no text. */
    public String firstLine(int r) {
        return firstLines == null ? "" : firstLines[r];
    }
}
