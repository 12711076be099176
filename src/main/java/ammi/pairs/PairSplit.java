package ammi.pairs;

import ammi.data.CsrMatrix;

/** One split of a pairs dataset: row i of {@code x} and row i of {@code y} are a pair. */
public record PairSplit(String name, CsrMatrix x, CsrMatrix y, String[] ids) {
    public PairSplit {
        if (x.rows != y.rows || ids.length != x.rows)
            throw new IllegalArgumentException("pair split " + name + ": " + x.rows + " x rows, " + y.rows + " y rows, " + ids.length + " ids");
        if (x.cols != y.cols)
            throw new IllegalArgumentException("pair split " + name + ": x has " + x.cols + " columns, y " + y.cols);
    }

    public int size() {
        return x.rows;
    }
}
