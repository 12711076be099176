package ammi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ammi.util.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5Type;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sparse;

class MatFilesTest {
    @TempDir
    Path dir;

    static Dataset toy(double validationFraction) {
        return Datasets.fromDocuments("toy", Fixtures.corpus(30, 8), 0,
                DataOptions.defaults().withMinDf(1).withValidationFraction(validationFraction));
    }

    static void assertSameSplit(Split a, Split b) {
        assertEquals(a.x().rows, b.x().rows);
        assertEquals(a.x().cols, b.x().cols);
        assertArrayEquals(a.x().rowPtr, b.x().rowPtr);
        assertArrayEquals(a.x().colIdx, b.x().colIdx);
        assertArrayEquals(a.x().values, b.x().values, 0.0);
        assertEquals(a.labels().length, b.labels().length);
        for (int i = 0; i < a.labels().length; i++) assertArrayEquals(a.labels()[i], b.labels()[i], "labels of row " + i);
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void roundTripIsExact() throws IOException {
        for (double vf : new double[] {0.1, 0.0}) {
            Dataset ds = toy(vf);
            Path p = dir.resolve("toy" + (vf > 0 ? "" : "-noval") + ".mat");
            MatFiles.write(ds, p);
            Dataset back = MatFiles.read(p);
            assertSameSplit(ds.train(), back.train());
            assertSameSplit(ds.validation(), back.validation());
            assertSameSplit(ds.test(), back.test());
            assertArrayEquals(new String[] {"0", "1"}, back.labelNames());
            assertNull(back.vocabulary());
            assertEquals(ds.vocabSize(), back.vocabSize());
        }
        assertEquals(2, listDir().size(), "no temporary files left: " + listDir());
    }

    /** The same corpus gives the same bytes (the header has no date), and scipy-style readers see a MATLAB 5 header. */
    @Test
    void writingIsDeterministic() throws IOException {
        Path a = dir.resolve("a.mat"), b = dir.resolve("b.mat");
        MatFiles.write(toy(0.1), a);
        MatFiles.write(toy(0.1), b);
        byte[] bytes = Files.readAllBytes(a);
        assertArrayEquals(bytes, Files.readAllBytes(b));
        String header = new String(bytes, 0, 116, java.nio.charset.StandardCharsets.US_ASCII).trim();
        assertEquals("MATLAB 5.0 MAT-file" + MatFiles.DESCRIPTION, header);
    }

    @Test
    void writtenFileHasVdshLayout() throws IOException {
        Dataset ds = toy(0.1);
        Path p = dir.resolve("layout.mat");
        MatFiles.write(ds, p);
        try (MatFile m = Mat5.readFromFile(p.toFile())) {
            Sparse train = m.getSparse("train");
            assertEquals(ds.train().size(), train.getNumRows());
            assertEquals(ds.vocabSize(), train.getNumCols());
            assertEquals(ds.train().x().nnz(), train.getNumNonZero());
            int c = ds.train().x().colIdx[0];
            assertEquals(ds.train().x().values[0], train.getDouble(0, c), 0.0);
            Matrix g = m.getMatrix("gnd_test");
            assertEquals(ds.test().size(), g.getNumRows());
            assertEquals(2, g.getNumCols());
            assertEquals(1.0, g.getDouble(0, ds.test().labels()[0][0]), 0.0);
        }
    }

    @Test
    void writeReplacesExistingTargetAtomically() throws IOException {
        Path p = dir.resolve("out.mat");
        Files.writeString(p, "old contents");
        MatFiles.write(toy(0.1), p);
        assertEquals(30 - 3, MatFiles.read(p).train().size());
        assertEquals(List.of(p), listDir());
        if (Files.getFileStore(p).supportsFileAttributeView("posix")) { // an ordinary file, not the owner-only temporary's mode
            assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(p));
        }
    }

    @Test
    void targetUntouchedUntilTheCompleteFileIsMoved() throws IOException {
        Path p = dir.resolve("out.mat");
        Files.writeString(p, "old contents");
        Dataset ds = toy(0.1);
        Path[] seen = new Path[1];
        MatFiles.write(ds, p, tmp -> {
            seen[0] = tmp;
            assertEquals(p.toAbsolutePath().getParent(), tmp.getParent(), "temp file must be beside the target");
            try {
                assertEquals("old contents", Files.readString(p));
                assertEquals(ds.train().size(), MatFiles.read(tmp).train().size());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(seen[0] != null && !Files.exists(seen[0]));

        RuntimeException crash = new IllegalStateException("simulated crash");
        assertThrows(IllegalStateException.class, () -> MatFiles.write(toy(0.0), p, tmp -> {
            throw crash;
        }));
        assertEquals(27, MatFiles.read(p).train().size(), "target replaced by a failed write");
        assertEquals(List.of(p), listDir(), "temporary file left behind");
    }

    @Test
    void failedWriteLeavesTargetAndNoTemporary() throws IOException {
        Path target = dir.resolve("busy.mat"); // a non-empty directory cannot be replaced by a file
        Files.createDirectory(target);
        Files.writeString(target.resolve("keep.txt"), "x");
        UserError e = assertThrows(UserError.class, () -> MatFiles.write(toy(0.1), target));
        assertTrue(e.getMessage().contains("busy.mat"), e.getMessage());
        assertEquals(List.of(target), listDir());
        assertEquals("x", Files.readString(target.resolve("keep.txt")));
    }

    // --- bad files built with mfl-core ---

    private static CsrMatrix csr(int rows, int cols) {
        int[] ptr = new int[rows + 1];
        for (int r = 0; r < rows; r++) ptr[r + 1] = r + 1;
        int[] ci = new int[rows];
        double[] v = new double[rows];
        for (int r = 0; r < rows; r++) {
            ci[r] = r % cols;
            v[r] = 0.5;
        }
        return new CsrMatrix(rows, cols, ptr, ci, v);
    }

    private static Matrix gnd(int rows, int labels) {
        Matrix g = Mat5.newMatrix(rows, labels);
        for (int r = 0; r < rows; r++) g.setDouble(r, r % labels, 1);
        return g;
    }

    private Path mat(String name, MatFile m) throws IOException {
        Path p = dir.resolve(name);
        Mat5.writeToFile(m, p.toFile());
        return p;
    }

    private static MatFile valid() {
        MatFile m = Mat5.newMatFile();
        m.addArray("train", new MatFiles.CscSparse(csr(6, 4)));
        m.addArray("cv", new MatFiles.CscSparse(csr(2, 4)));
        m.addArray("test", new MatFiles.CscSparse(csr(3, 4)));
        m.addArray("gnd_train", gnd(6, 3));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", gnd(3, 3));
        return m;
    }

    private static void assertError(Path p, String... parts) {
        UserError e = assertThrows(UserError.class, () -> MatFiles.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String s : parts) assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' lacks '" + s + "'");
    }

    @Test
    void handBuiltValidFileReads() throws IOException {
        Dataset ds = MatFiles.read(mat("ok.mat", valid()));
        assertEquals(6, ds.train().size());
        assertEquals(4, ds.vocabSize());
        assertArrayEquals(new int[] {2}, ds.train().labels()[5]);
        assertEquals("ok", ds.name());
    }

    @Test
    void missingVariable() throws IOException {
        MatFile m = Mat5.newMatFile();
        m.addArray("train", new MatFiles.CscSparse(csr(6, 4)));
        m.addArray("test", new MatFiles.CscSparse(csr(3, 4)));
        m.addArray("gnd_train", gnd(6, 3));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", gnd(3, 3));
        assertError(mat("nocv.mat", m), ": missing variable 'cv' (expected train, cv, test, gnd_train, gnd_cv, gnd_test)");
    }

    @Test
    void mismatchedShapes() throws IOException {
        MatFile m = valid();
        m = Mat5.newMatFile();
        m.addArray("train", new MatFiles.CscSparse(csr(6, 4)));
        m.addArray("cv", new MatFiles.CscSparse(csr(2, 5)));
        m.addArray("test", new MatFiles.CscSparse(csr(3, 4)));
        m.addArray("gnd_train", gnd(6, 3));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", gnd(3, 3));
        assertError(mat("cols.mat", m), "6x4", "2x5", "'cv'");

        MatFile g = Mat5.newMatFile();
        g.addArray("train", new MatFiles.CscSparse(csr(6, 4)));
        g.addArray("cv", new MatFiles.CscSparse(csr(2, 4)));
        g.addArray("test", new MatFiles.CscSparse(csr(3, 4)));
        g.addArray("gnd_train", gnd(6, 3));
        g.addArray("gnd_cv", gnd(2, 3));
        g.addArray("gnd_test", gnd(4, 3));
        assertError(mat("rows.mat", g), "'gnd_test' is 4x3", "'test' is 3x4");
    }

    @Test
    void denseTfidfRejected() throws IOException {
        MatFile m = Mat5.newMatFile();
        m.addArray("train", Mat5.newMatrix(6, 4));
        m.addArray("cv", new MatFiles.CscSparse(csr(2, 4)));
        m.addArray("test", new MatFiles.CscSparse(csr(3, 4)));
        m.addArray("gnd_train", gnd(6, 3));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", gnd(3, 3));
        assertError(mat("dense.mat", m), ": 'train' must be a sparse matrix");
    }

    @Test
    void notAMatFile() throws IOException {
        Path p = dir.resolve("text.mat");
        Files.writeString(p, "this is not a MAT-file, just some text that is long enough to fill a header..."
                .repeat(3));
        assertError(p, ": not a MAT-file (");
        Path empty = dir.resolve("empty.mat");
        Files.write(empty, new byte[0]);
        assertError(empty, "empty.mat: truncated or corrupt MAT-file");
    }

    @Test
    void truncatedMatFileSaysSo() throws IOException {
        Path whole = dir.resolve("whole.mat");
        MatFiles.write(toy(0.1), whole);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.mat");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertError(cut, "cut.mat: truncated or corrupt MAT-file");
    }

    @Test
    void writeCreatesMissingDirectories() {
        Path p = dir.resolve("no/such/dir/toy.mat");
        MatFiles.write(toy(0.1), p);
        assertTrue(Files.isRegularFile(p));
    }

    @Test
    void labelMatrixOfTheWrongType() throws IOException {
        MatFile m = Mat5.newMatFile();
        m.addArray("train", new MatFiles.CscSparse(csr(6, 4)));
        m.addArray("cv", new MatFiles.CscSparse(csr(2, 4)));
        m.addArray("test", new MatFiles.CscSparse(csr(3, 4)));
        m.addArray("gnd_train", Mat5.newString("sport"));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", gnd(3, 3));
        assertError(mat("chars.mat", m), ": 'gnd_train' must be a numeric docs x labels matrix, got ");
    }

    @Test
    void emptyTrainOrTestSplit() throws IOException {
        MatFile m = Mat5.newMatFile();
        m.addArray("train", new MatFiles.CscSparse(csr(6, 4)));
        m.addArray("cv", new MatFiles.CscSparse(csr(2, 4)));
        m.addArray("test", new MatFiles.CscSparse(csr(0, 4)));
        m.addArray("gnd_train", gnd(6, 3));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", Mat5.newMatrix(0, 3));
        assertError(mat("notest.mat", m), ": 'test' has no rows (expected at least one document in the test split)");
    }

    // --- values: non-finite, complex, empty rows ---

    /** Rows given densely; every entry that is not 0.0 is stored, so NaN and infinities are kept. */
    private static CsrMatrix rows(int cols, double[]... dense) {
        int[] ptr = new int[dense.length + 1];
        java.util.List<Integer> ci = new java.util.ArrayList<>();
        java.util.List<Double> v = new java.util.ArrayList<>();
        for (int r = 0; r < dense.length; r++) {
            for (int c = 0; c < cols; c++) {
                if (Double.compare(dense[r][c], 0.0) != 0) {
                    ci.add(c);
                    v.add(dense[r][c]);
                }
            }
            ptr[r + 1] = ci.size();
        }
        return new CsrMatrix(dense.length, cols, ptr, ci.stream().mapToInt(Integer::intValue).toArray(),
                v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** {@link #valid()} with one variable replaced. */
    private static MatFile validWith(String key, Array replacement) {
        MatFile m = Mat5.newMatFile();
        for (String k : new String[] {"train", "cv", "test", "gnd_train", "gnd_cv", "gnd_test"}) {
            Array a = k.equals(key) ? replacement : switch (k) {
                case "train" -> new MatFiles.CscSparse(csr(6, 4));
                case "cv" -> new MatFiles.CscSparse(csr(2, 4));
                case "test" -> new MatFiles.CscSparse(csr(3, 4));
                case "gnd_train" -> gnd(6, 3);
                case "gnd_cv" -> gnd(2, 3);
                default -> gnd(3, 3);
            };
            m.addArray(k, a);
        }
        return m;
    }

    @Test
    void nanInATfidfMatrix() throws IOException {
        CsrMatrix x = rows(4, new double[] {0.5, 0, 0, 0}, new double[] {0, 0.25, 0, Double.NaN}, new double[] {0, 0, 1, 0});
        assertError(mat("nan.mat", validWith("test", new MatFiles.CscSparse(x))),
                "nan.mat: 'test' holds a non-finite value (NaN) at row 2, column 4 (1-based; expected finite TF-IDF values)");
    }

    @Test
    void infinityInATfidfMatrix() throws IOException {
        double[][] d = new double[6][4];
        for (int r = 0; r < 6; r++) d[r][r % 4] = 0.5;
        d[4][1] = Double.POSITIVE_INFINITY;
        assertError(mat("inf.mat", validWith("train", new MatFiles.CscSparse(rows(4, d)))),
                "inf.mat: 'train' holds a non-finite value (Infinity) at row 5, column 2 (1-based;");
        d[4][1] = Double.NEGATIVE_INFINITY;
        assertError(mat("neginf.mat", validWith("cv", new MatFiles.CscSparse(rows(4, d[0], d[4])))),
                "neginf.mat: 'cv' holds a non-finite value (-Infinity) at row 2, column 2 (1-based;");
    }

    @Test
    void nanOrInfinityInALabelMatrix() throws IOException {
        Matrix g = gnd(2, 3);
        g.setDouble(1, 2, Double.NaN);
        assertError(mat("nanlabel.mat", validWith("gnd_cv", g)),
                "nanlabel.mat: 'gnd_cv' holds a non-finite value (NaN) at row 2, column 3 (1-based; expected multi-hot 0/1 labels)");
        Matrix h = gnd(3, 3);
        h.setDouble(0, 1, Double.POSITIVE_INFINITY);
        assertError(mat("inflabel.mat", validWith("gnd_test", h)), "inflabel.mat: 'gnd_test' holds a non-finite value (Infinity) at row 1, column 2");
    }

    /** CscSparse with an imaginary part: mfl-core reads such matrices but cannot create them. */
    private static final class ComplexSparse extends MatFiles.CscSparse {
        ComplexSparse(CsrMatrix x) {
            super(x);
        }

        @Override
        public boolean isComplex() {
            return true;
        }

        @Override
        public int getMat5Size(String name) {
            return super.getMat5Size(name) + Mat5Type.Double.computeSerializedSize(getNzMax());
        }

        @Override
        public void writeMat5(String name, boolean isGlobal, Sink sink) throws IOException {
            super.writeMat5(name, isGlobal, sink); // the tag and header already use the size and flag above
            double[] im = new double[getNzMax()];
            java.util.Arrays.fill(im, 0.125);
            Mat5Type.Double.writeTag(im.length, sink);
            sink.writeDoubles(im, 0, im.length);
            Mat5Type.Double.writePadding(im.length, sink);
        }
    }

    @Test
    void complexTfidfMatrixRejected() throws IOException {
        Path p = mat("complex.mat", validWith("cv", new ComplexSparse(csr(2, 4))));
        try (MatFile m = Mat5.readFromFile(p.toFile())) { // the file really holds a complex matrix
            assertTrue(m.getSparse("cv").isComplex());
            assertEquals(0.125, m.getSparse("cv").getImaginaryDouble(1, 1), 0.0);
        }
        assertError(p, "complex.mat: 'cv' must be real, got a complex sparse matrix 2x4");
        Matrix g = Mat5.newComplex(3, 3);
        for (int r = 0; r < 3; r++) g.setDouble(r, r, 1);
        assertError(mat("complexlabels.mat", validWith("gnd_test", g)), "complexlabels.mat: 'gnd_test' must be real, got a complex matrix 3x3");
    }

    @Test
    void emptyRowsDroppedAndCounted() throws IOException {
        CsrMatrix train = rows(4,
                new double[] {0.5, 0, 0, 0},
                new double[] {0, 0, 0, 0},
                new double[] {0, 0.25, 0, 0.75},
                new double[] {0, 0, 0, 0},
                new double[] {0, 0, 0, 0},
                new double[] {0, 0, 2, 0});
        CsrMatrix cv = rows(4, new double[] {0, 0, 0, 0}, new double[] {0, 0, 0, 1.5});
        // a stored zero is no value: this row is empty too
        CsrMatrix test = new CsrMatrix(3, 4, new int[] {0, 1, 2, 3}, new int[] {1, 2, 3}, new double[] {0.5, 0.0, 0.25});
        MatFile m = Mat5.newMatFile();
        m.addArray("train", new MatFiles.CscSparse(train));
        m.addArray("cv", new MatFiles.CscSparse(cv));
        m.addArray("test", new MatFiles.CscSparse(test));
        m.addArray("gnd_train", gnd(6, 3));
        m.addArray("gnd_cv", gnd(2, 3));
        m.addArray("gnd_test", gnd(3, 3));
        Dataset ds = MatFiles.read(mat("empties.mat", m));

        assertEquals(new DroppedDocs(3, 1, 1), ds.dropped());
        assertEquals(3, ds.train().size());
        assertEquals(1, ds.validation().size());
        assertEquals(2, ds.test().size());
        assertEquals(4, ds.vocabSize());
        // ids keep the file's row numbers, labels stay with their rows (gnd row r has label r % 3)
        assertArrayEquals(new String[] {"train/0", "train/2", "train/5"}, ds.train().ids());
        assertArrayEquals(new int[][] {{0}, {2}, {2}}, ds.train().labels());
        assertArrayEquals(new double[][] {{0.5, 0, 0, 0}, {0, 0.25, 0, 0.75}, {0, 0, 2, 0}}, ds.train().x().toDense());
        assertArrayEquals(new String[] {"cv/1"}, ds.validation().ids());
        assertArrayEquals(new int[][] {{1}}, ds.validation().labels());
        assertArrayEquals(new double[][] {{0, 0, 0, 1.5}}, ds.validation().x().toDense());
        assertArrayEquals(new String[] {"test/0", "test/2"}, ds.test().ids());
        assertArrayEquals(new int[][] {{0}, {2}}, ds.test().labels());
        assertArrayEquals(new double[][] {{0, 0.5, 0, 0}, {0, 0, 0, 0.25}}, ds.test().x().toDense());
    }

    @Test
    void fileWithoutEmptyRowsDropsNothing() throws IOException {
        Dataset ds = MatFiles.read(mat("ok.mat", valid()));
        assertEquals(DroppedDocs.NONE, ds.dropped());
        assertArrayEquals(new String[] {"test/0", "test/1", "test/2"}, ds.test().ids());
    }

    @Test
    void splitOfOnlyEmptyRows() throws IOException {
        assertError(mat("allempty.mat", validWith("test", new MatFiles.CscSparse(new CsrMatrix(3, 4, new int[4], new int[0], new double[0])))),
                "allempty.mat: the 'test' split is empty (all 3 documents have no non-zero value)");
        assertError(mat("allemptycv.mat", validWith("cv", new MatFiles.CscSparse(new CsrMatrix(2, 4, new int[3], new int[0], new double[0])))),
                "allemptycv.mat: the 'cv' split is empty (all 2 documents have no non-zero value)");
    }
}
