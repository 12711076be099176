package ammi.pairs;

import ammi.data.CsrMatrix;

/**
 * One split of a pairs dataset: row i of {@code x} and row i of {@code y} are a pair. The first
 * line of each article's text (null: not kept) is what encode writes beside its code.
 */
public record PairSplit(String name, CsrMatrix x, CsrMatrix y, String[] ids, String[] xFirstLines, String[] yFirstLines) {
    public PairSplit {
        if (x.rows != y.rows || ids.length != x.rows)
            throw new IllegalArgumentException("pair split " + name + ": " + x.rows + " x rows, " + y.rows + " y rows, " + ids.length + " ids");
        if (x.cols != y.cols)
            throw new IllegalArgumentException("pair split " + name + ": x has " + x.cols + " columns, y " + y.cols);
        if ((xFirstLines != null && xFirstLines.length != x.rows) || (yFirstLines != null && yFirstLines.length != x.rows))
            throw new IllegalArgumentException("pair split " + name + ": first lines do not match the " + x.rows + " rows");
    }

    public PairSplit(String name, CsrMatrix x, CsrMatrix y, String[] ids) {
        this(name, x, y, ids, null, null);
    }

    public int size() {
        return x.rows;
    }

    /**
     * The rows whose id has not occurred in an earlier row, ascending: one pair per document when
     * further cuts of a document share its id ({@code pairs build --cuts}); every row otherwise.
     */
    public int[] firstOfEachId() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        int[] rows = new int[ids.length];
        int n = 0;
        for (int i = 0; i < ids.length; i++) if (seen.add(ids[i])) rows[n++] = i;
        return java.util.Arrays.copyOf(rows, n);
    }

    /**
     * The pairs followed by the same pairs with x and y swapped, under the same ids (so that
     * {@link #firstOfEachId} still picks the pairs as given).
     */
    public PairSplit withSwappedCopies() {
        return new PairSplit(name, CsrMatrix.stack(x, y), CsrMatrix.stack(y, x), twice(ids, ids),
                twice(xFirstLines, yFirstLines), twice(yFirstLines, xFirstLines));
    }

    private static String[] twice(String[] first, String[] second) {
        if (first == null || second == null) return null;
        String[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** The split restricted to {@code rows}, in that order. */
    public PairSplit select(int[] rows) {
        return new PairSplit(name, x.selectRows(rows), y.selectRows(rows), pick(ids, rows), pick(xFirstLines, rows), pick(yFirstLines, rows));
    }

    private static String[] pick(String[] a, int[] rows) {
        if (a == null) return null;
        String[] sub = new String[rows.length];
        for (int i = 0; i < rows.length; i++) sub[i] = a[rows[i]];
        return sub;
    }
}
