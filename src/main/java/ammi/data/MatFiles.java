package ammi.data;

import ammi.util.AtomicFiles;
import ammi.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.format.Mat5Serializable;
import us.hebi.matlab.mat.format.Mat5Type;
import us.hebi.matlab.mat.format.Mat5WriteUtil;
import us.hebi.matlab.mat.types.AbstractSparse;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Sparse;

/**
 * VDSH-style MAT-files (level 5): sparse docs x V TF-IDF matrices {@code train, cv, test} and
 * dense multi-hot docs x L label matrices {@code gnd_train, gnd_cv, gnd_test}.
 */
public final class MatFiles {
    static final String[] X_KEYS = {"train", "cv", "test"};
    static final String[] Y_KEYS = {"gnd_train", "gnd_cv", "gnd_test"};
    private static final String EXPECTED = "expected train, cv, test, gnd_train, gnd_cv, gnd_test";

    private MatFiles() {
    }

    public static Dataset read(Path file) {
        if (!Files.isRegularFile(file)) throw new UserError(file + ": no such file (expected a MAT-file with " + EXPECTED.substring(9) + ")");
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new UserError(file + ": " + unreadable(e), e);
        }
        try (mat) {
            Set<String> names = new HashSet<>();
            for (MatFile.Entry e : mat.getEntries()) names.add(e.getName());
            for (String[] keys : new String[][] {X_KEYS, Y_KEYS}) {
                for (String k : keys) {
                    if (!names.contains(k)) throw new UserError(file + ": missing variable '" + k + "' (" + EXPECTED + ")");
                }
            }
            CsrMatrix[] xs = new CsrMatrix[3];
            for (int s = 0; s < 3; s++) {
                Array a = mat.getArray(X_KEYS[s]);
                if (!(a instanceof Sparse sp)) throw new UserError(file + ": '" + X_KEYS[s] + "' must be a sparse matrix (docs x vocabulary), got " + a.getType() + " " + shape(a));
                if (a.getNumDimensions() != 2) throw new UserError(file + ": '" + X_KEYS[s] + "' must be 2-dimensional, got " + shape(a));
                // the imaginary parts would be dropped without a word
                if (sp.isComplex()) throw new UserError(file + ": '" + X_KEYS[s] + "' must be real, got a complex sparse matrix " + shape(a) + " (expected TF-IDF values)");
                xs[s] = toCsr(sp, file, X_KEYS[s]);
                if (s > 0 && xs[s].cols != xs[0].cols)
                    throw new UserError(file + ": 'train' is " + shape(mat.getArray("train")) + " but '" + X_KEYS[s] + "' is " + shape(a)
                            + " (expected the same number of columns, the vocabulary size)");
            }
            for (int s : new int[] {0, 2}) {
                if (xs[s].rows == 0)
                    throw new UserError(file + ": '" + X_KEYS[s] + "' has no rows (expected at least one document in the " + X_KEYS[s] + " split)");
            }
            int[][][] ys = new int[3][][];
            int numLabels = -1;
            for (int s = 0; s < 3; s++) {
                Array g = mat.getArray(Y_KEYS[s]);
                if (!(g instanceof Matrix m) || g.getNumDimensions() != 2)
                    throw new UserError(file + ": '" + Y_KEYS[s] + "' must be a numeric docs x labels matrix, got " + g.getType() + " " + shape(g));
                if (g.getNumRows() != xs[s].rows)
                    throw new UserError(file + ": '" + Y_KEYS[s] + "' is " + shape(g) + " but '" + X_KEYS[s] + "' is " + shape(mat.getArray(X_KEYS[s]))
                            + " (expected one label row per document)");
                if (numLabels >= 0 && g.getNumCols() != numLabels)
                    throw new UserError(file + ": 'gnd_train' is " + shape(mat.getArray("gnd_train")) + " but '" + Y_KEYS[s] + "' is " + shape(g)
                            + " (expected the same number of label columns)");
                numLabels = g.getNumCols();
                if (m.isComplex()) throw new UserError(file + ": '" + Y_KEYS[s] + "' must be real, got a complex matrix " + shape(g) + " (expected multi-hot 0/1 labels)");
                ys[s] = labelsOf(m, file, Y_KEYS[s]);
            }
            String[] labelNames = new String[numLabels];
            for (int i = 0; i < numLabels; i++) labelNames[i] = Integer.toString(i);
            String base = file.getFileName().toString();
            String name = base.toLowerCase().endsWith(".mat") ? base.substring(0, base.length() - 4) : base;
            String[] splitNames = {"train", "validation", "test"};
            Split[] splits = new Split[3];
            int[] dropped = new int[3];
            for (int s = 0; s < 3; s++) {
                // empty documents are dropped as for every other input format; an empty row has no code to rank by
                int[] keep = new int[xs[s].rows];
                int n = 0;
                for (int r = 0; r < xs[s].rows; r++) if (xs[s].rowNnz(r) > 0) keep[n++] = r;
                if (n == 0 && xs[s].rows > 0)
                    throw new UserError(file + ": the '" + X_KEYS[s] + "' split is empty (all " + xs[s].rows + " documents have no non-zero value)");
                dropped[s] = xs[s].rows - n;
                keep = java.util.Arrays.copyOf(keep, n);
                String[] ids = new String[n];
                int[][] labels = new int[n][];
                for (int i = 0; i < n; i++) {
                    // the original row number, so that a dropped row does not shift the ids of the rest
                    ids[i] = X_KEYS[s] + "/" + keep[i];
                    labels[i] = ys[s][keep[i]];
                }
                splits[s] = new Split(splitNames[s], dropped[s] == 0 ? xs[s] : xs[s].selectRows(keep), labels, ids);
            }
            return new Dataset(name, splits[0], splits[1], splits[2], labelNames, null, new DroppedDocs(dropped[0], dropped[1], dropped[2]));
        } catch (IOException e) {
            throw new UserError(file + ": cannot close MAT-file (" + e.getMessage() + ")", e);
        }
    }

    private static String shape(Array a) {
        int[] d = a.getDimensions();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length; i++) sb.append(i == 0 ? "" : "x").append(d[i]);
        return sb.toString();
    }

    private static CsrMatrix toCsr(Sparse sp, Path file, String key) {
        int rows = sp.getNumRows(), cols = sp.getNumCols();
        int nnz = sp.getNumNonZero();
        int[] r = new int[nnz], c = new int[nnz];
        double[] v = new double[nnz];
        int[] k = {0};
        // forEach walks column-major, so a stable bucket by row leaves each row's columns sorted.
        sp.forEach((row, col, re, im) -> {
            // a NaN or infinity makes training diverge, which then looks like a bad learning rate
            if (!Double.isFinite(re)) throw nonFinite(file, key, re, row, col, "finite TF-IDF values");
            // a stored zero is no value: skipped, as the LibSVM reader does, so that such a row counts as empty
            if (re == 0) return;
            r[k[0]] = row;
            c[k[0]] = col;
            v[k[0]] = re;
            k[0]++;
        });
        int[] ptr = new int[rows + 1];
        for (int i = 0; i < k[0]; i++) ptr[r[i] + 1]++;
        for (int i = 0; i < rows; i++) ptr[i + 1] += ptr[i];
        int[] next = ptr.clone();
        int[] ci = new int[k[0]];
        double[] vals = new double[k[0]];
        for (int i = 0; i < k[0]; i++) {
            int at = next[r[i]]++;
            ci[at] = c[i];
            vals[at] = v[i];
        }
        return new CsrMatrix(rows, cols, ptr, ci, vals);
    }

    private static int[][] labelsOf(Matrix m, Path file, String key) {
        int rows = m.getNumRows(), cols = m.getNumCols();
        int[][] out = new int[rows][];
        int[] buf = new int[cols];
        for (int i = 0; i < rows; i++) {
            int n = 0;
            for (int j = 0; j < cols; j++) {
                double d = m.getDouble(i, j);
                // NaN != 0 would silently count as a label
                if (!Double.isFinite(d)) throw nonFinite(file, key, d, i, j, "multi-hot 0/1 labels");
                if (d != 0) buf[n++] = j;
            }
            out[i] = java.util.Arrays.copyOf(buf, n);
        }
        return out;
    }

    /** Row and column are given 1-based, as MATLAB shows them. */
    private static UserError nonFinite(Path file, String key, double value, int row, int col, String expected) {
        return new UserError(file + ": '" + key + "' holds a non-finite value (" + value + ") at row " + (row + 1) + ", column " + (col + 1)
                + " (1-based; expected " + expected + ")");
    }

    /** Why the MAT-file reader failed: it wraps the real cause, so "IOException: java.io.EOFException" said nothing useful. */
    private static String unreadable(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        if (root instanceof java.io.EOFException) return "truncated or corrupt MAT-file (it ends in the middle of its data)";
        return "not a MAT-file (" + (root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName()) + ")";
    }

    /**
     * The header text after the "MATLAB 5.0 MAT-file" that the library writes first: MATLAB's
     * layout, without the creation date that would make every export differ.
     */
    static final String DESCRIPTION = ", Platform: Java, Created by: ammi-engine export";

    /**
     * Writes the dataset in the layout {@link #read} expects. The file appears atomically: it is
     * written to a temporary file beside the target and moved over it only once complete.
     */
    public static void write(Dataset ds, Path file) {
        write(ds, file, tmp -> { });
    }

    /** {@code beforeMove} sees the complete temporary file; tests use it to check atomicity. */
    static void write(Dataset ds, Path file, java.util.function.Consumer<Path> beforeMove) {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        // not Mat5.newMatFile(): its header carries the date, and the same corpus should give the same bytes
        MatFile mat = new us.hebi.matlab.mat.format.Mat5File(DESCRIPTION) { };
        Split[] splits = {ds.train(), ds.validation(), ds.test()};
        for (int s = 0; s < 3; s++) {
            mat.addArray(X_KEYS[s], new CscSparse(splits[s].x()));
            int[][] labels = splits[s].labels();
            Matrix g = Mat5.newMatrix(labels.length, ds.labelNames().length);
            for (int i = 0; i < labels.length; i++) for (int l : labels[i]) g.setDouble(i, l, 1.0);
            mat.addArray(Y_KEYS[s], g);
        }
        Path tmp = null;
        try {
            Files.createDirectories(dir); // as AtomicFiles.write does for train --save and the other outputs
            tmp = AtomicFiles.tempBeside(abs);
            try (Sink sink = Sinks.newStreamingFile(tmp.toFile())) {
                mat.writeTo(sink);
            }
            beforeMove.accept(tmp);
            AtomicFiles.moveOver(tmp, abs);
            tmp = null;
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": cannot write MAT-file (no such directory " + dir + ")", e);
        } catch (IOException e) {
            throw new UserError(file + ": cannot write MAT-file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    /**
     * mfl-core 0.5.15 reads sparse matrices but has no public factory for them, so we serialise our
     * own. Not final: the tests extend it to write a complex matrix, which mfl-core cannot create either.
     */
    static class CscSparse extends AbstractSparse implements Mat5Serializable, Mat5Serializable.Mat5Attributes {
        private final int[] colPtr;
        private final int[] rowIdx;
        private final double[] vals;

        CscSparse(CsrMatrix x) {
            super(new int[] {x.rows, x.cols});
            int nnz = x.nnz();
            colPtr = new int[x.cols + 1];
            for (int k = 0; k < nnz; k++) colPtr[x.colIdx[k] + 1]++;
            for (int c = 0; c < x.cols; c++) colPtr[c + 1] += colPtr[c];
            int[] next = colPtr.clone();
            // MATLAB requires nzmax >= 1, so an all-zero matrix carries one unused slot.
            rowIdx = new int[Math.max(1, nnz)];
            vals = new double[Math.max(1, nnz)];
            for (int r = 0; r < x.rows; r++) {
                for (int k = x.rowPtr[r]; k < x.rowPtr[r + 1]; k++) {
                    int at = next[x.colIdx[k]]++;
                    rowIdx[at] = r;
                    vals[at] = x.values[k];
                }
            }
        }

        @Override
        public int getNzMax() {
            return rowIdx.length;
        }

        @Override
        public int getNumNonZero() {
            return colPtr[colPtr.length - 1];
        }

        @Override
        public boolean isLogical() {
            return false;
        }

        @Override
        public boolean isComplex() {
            return false;
        }

        @Override
        public double getDouble(int index) {
            int rows = getNumRows();
            int r = index % rows, c = index / rows;
            for (int k = colPtr[c]; k < colPtr[c + 1]; k++) if (rowIdx[k] == r) return vals[k];
            return defaultValue;
        }

        @Override
        public void setDouble(int index, double value) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public double getImaginaryDouble(int index) {
            return 0;
        }

        @Override
        public void setImaginaryDouble(int index, double value) {
            throw new UnsupportedOperationException("read-only");
        }

        @Override
        public void forEach(SparseConsumer action) {
            for (int c = 0; c + 1 < colPtr.length; c++)
                for (int k = colPtr[c]; k < colPtr[c + 1]; k++) action.accept(rowIdx[k], c, vals[k], 0);
        }

        @Override
        public int getMat5Size(String name) {
            return 8 + Mat5WriteUtil.computeArrayHeaderSize(name, this)
                    + Mat5Type.Int32.computeSerializedSize(rowIdx.length)
                    + Mat5Type.Int32.computeSerializedSize(colPtr.length)
                    + Mat5Type.Double.computeSerializedSize(vals.length);
        }

        @Override
        public void writeMat5(String name, boolean isGlobal, Sink sink) throws IOException {
            Mat5WriteUtil.writeMatrixTag(name, this, sink);
            Mat5WriteUtil.writeArrayHeader(name, isGlobal, this, sink);
            Mat5Type.Int32.writeTag(rowIdx.length, sink);
            sink.writeInts(rowIdx, 0, rowIdx.length);
            Mat5Type.Int32.writePadding(rowIdx.length, sink);
            Mat5Type.Int32.writeTag(colPtr.length, sink);
            sink.writeInts(colPtr, 0, colPtr.length);
            Mat5Type.Int32.writePadding(colPtr.length, sink);
            Mat5Type.Double.writeTag(vals.length, sink);
            sink.writeDoubles(vals, 0, vals.length);
            Mat5Type.Double.writePadding(vals.length, sink);
        }

        @Override
        public void close() {
        }

        @Override
        protected int subHashCode() {
            return System.identityHashCode(this);
        }

        @Override
        protected boolean subEqualsGuaranteedSameClass(Object other) {
            return this == other;
        }
    }
}
