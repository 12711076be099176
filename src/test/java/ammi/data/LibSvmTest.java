package ammi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class LibSvmTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private static String lines(int n, String label, int offset) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(label).append(' ').append(1 + (i + offset) % 5).append(":0.5 7:1\n");
        return sb.toString();
    }

    @Test
    void parsesLabelsCommentsAndUnsortedIndices() throws IOException {
        Path p = write("a.svm", "# a header\n# features: 9\n"
                + "sport,tech 3:0.5 1:2.0   # trailing comment\n"
                + "\n"
                + "1:1e-1 9:3\n"
                + "tech 4:0 5:1\n");
        LibSvm.Parsed parsed = LibSvm.parse(p);
        assertEquals(9, parsed.declaredCols());
        assertEquals(3, parsed.rows().size());
        assertArrayEquals(new int[] {0, 2}, parsed.rows().get(0).indices());
        assertArrayEquals(new double[] {2.0, 0.5}, parsed.rows().get(0).values());
        assertEquals(List.of("sport", "tech"), parsed.labels().get(0));
        assertEquals(List.of(), parsed.labels().get(1)); // no label
        assertArrayEquals(new int[] {4}, parsed.rows().get(2).indices()); // explicit zero dropped
        assertEquals("a.svm:3", parsed.ids().get(0));
    }

    @Test
    void siblingsAreTheSplitsElseASeededSplit() throws IOException {
        Path train = write("c.svm", lines(40, "a", 0) + lines(40, "b", 2));
        write("c.test.svm", lines(10, "a", 1));
        Dataset ds = Datasets.load(train.toString(), DataOptions.defaults());
        assertEquals("c", ds.name());
        assertEquals(10, ds.test().size());
        assertEquals(8, ds.validation().size());
        assertEquals(72, ds.train().size());
        assertEquals(7, ds.vocabSize());
        assertNull(ds.vocabulary());

        write("c.val.svm", lines(5, "b", 0));
        Dataset withVal = Datasets.load(train.toString(), DataOptions.defaults());
        assertEquals(5, withVal.validation().size());
        assertEquals(80, withVal.train().size());

        Path alone = write("d.libsvm", lines(50, "a", 0) + lines(50, "b", 3));
        Dataset seeded = Datasets.load(alone.toString(), DataOptions.defaults());
        assertEquals(20, seeded.test().size());
        assertEquals(80, seeded.train().size() + seeded.validation().size());
        Dataset again = Datasets.load(alone.toString(), DataOptions.defaults());
        assertArrayEquals(seeded.test().ids(), again.test().ids());
        Dataset other = Datasets.load(alone.toString(), DataOptions.defaults().withSeed(5));
        assertFalse(java.util.Arrays.equals(seeded.test().ids(), other.test().ids()));
    }

    @Test
    void writeThenReadIsExact() throws IOException {
        Dataset ds = Datasets.fromDocuments("toy", Fixtures.corpus(30, 8), 0, DataOptions.defaults().withMinDf(1));
        Path out = dir.resolve("toy.svm");
        LibSvm.write(ds, out);
        assertTrue(Files.exists(dir.resolve("toy.val.svm")));
        assertTrue(Files.exists(dir.resolve("toy.test.svm")));
        Dataset back = Datasets.load(out.toString(), DataOptions.defaults());
        MatFilesTest.assertSameSplit(ds.train(), back.train());
        MatFilesTest.assertSameSplit(ds.validation(), back.validation());
        MatFilesTest.assertSameSplit(ds.test(), back.test());
        assertArrayEquals(ds.labelNames(), back.labelNames());
        assertEquals(ds.vocabSize(), back.vocabSize());
    }

    @Test
    void failureWhileWritingTheLastFileRenamesNothing() throws IOException {
        Dataset ds = Datasets.fromDocuments("toy", Fixtures.corpus(30, 8), 0, DataOptions.defaults().withMinDf(1));
        Path out = write("toy.svm", "old train\n");
        write("toy.val.svm", "old validation\n");
        // the train and validation temporaries are complete when the test one fails
        int[] opened = {0};
        UserError e = assertThrows(UserError.class, () -> LibSvm.write(ds, out, p -> {
            if (++opened[0] == 3) throw new IOException("disk full");
            return Files.newOutputStream(p);
        }));
        assertTrue(e.getMessage().contains("disk full"), e.getMessage());
        assertEquals(3, opened[0]);
        assertEquals("old train\n", Files.readString(out));
        assertEquals("old validation\n", Files.readString(dir.resolve("toy.val.svm")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("toy.svm", "toy.val.svm"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no test file and no temporary");
        }
    }

    @Test
    void unwritableLabelLeavesNothing() throws IOException {
        List<Document> docs = List.of(new Document("1", "train", List.of("two words"), "alpha beta"),
                new Document("2", "train", List.of("x"), "alpha gamma"), new Document("3", "test", List.of("x"), "alpha"));
        Dataset ds = Datasets.fromDocuments("bad", docs, 0, DataOptions.defaults().withMinDf(1));
        Path out = dir.resolve("bad.svm");
        UserError e = assertThrows(UserError.class, () -> LibSvm.write(ds, out));
        assertTrue(e.getMessage().contains("'two words'"), e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written");
        }
    }

    private void assertError(String content, String... parts) throws IOException {
        Path p = write("bad.svm", content);
        write("bad.test.svm", "a 1:1\n");
        UserError e = assertThrows(UserError.class, () -> Datasets.load(p.toString(), DataOptions.defaults()));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        for (String s : parts) assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' lacks '" + s + "'");
    }

    @Test
    void malformedLines() throws IOException {
        assertError("a 1:1\nb 2\n", ":2: malformed item '2' (expected index:value");
        assertError("a 1:1\nb 2:\n", ":2: malformed item '2:'");
        assertError("a 1:1:1\n", ":1: malformed item");
        assertError("a, 1:1\n", ":1: malformed label list 'a,'");
        assertError("a x:1\n", ":1: index 'x' in 'x:1' is not an integer");
        assertError("a 1:one\n", ":1: value 'one' of index 1 is not a finite number");
        assertError("a 1:NaN\n", ":1: value 'NaN'");
        assertError("a 1:1 1:2\n", ":1: index 1 appears twice");
    }

    @Test
    void indexOutOfRange() throws IOException {
        assertError("a 0:1\n", ":1: index 0 out of range (expected 1-based indices");
        assertError("a -3:1\n", ":1: index -3 out of range");
        assertError("# features: 4\na 5:1\n", ":2: index 5 out of range (expected 1..4, as declared by '# features: 4' on line 1)");
        assertError("a 99999999999:1\n", ":1: index 99999999999 out of range");
    }

    @Test
    void malformedFeaturesHeader() throws IOException {
        String expected = "' must be followed by a positive column count, got ";
        assertError("# features: abc\na 1:1\n", ":1: '# features:" + expected + "'abc'");
        assertError("a 1:1\n#features:-5\n", ":2: '# features:" + expected + "'-5'");
        assertError("a 1:1\n# features: \n", ":2: '# features:" + expected + "''");
        assertError("  #  Features :10 extra\na 1:1\n", ":1: '# features:" + expected + "'10 extra'");
        assertError("# features: 0\na 1:1\n", ":1: '# features:" + expected + "'0'");
        assertError("# features: 2147483648\na 1:1\n", ":1: '# features:' must be followed by a column count below 2^31, got 2147483648");
    }

    @Test
    void featuresHeaderSpellingsAndRepeats() throws IOException {
        // any case and spacing declares, so the index check applies
        assertError("#FEATURES :3\na 4:1\n", ":2: index 4 out of range (expected 1..3, as declared by '# features: 3' on line 1)");
        assertError("# features: 5\na 1:1\n# features: 6\n",
                ":3: '# features: 6' differs from '# features: 5' on line 1 (expected one column count per file)");
        assertError("a 2:1\nb 7:0\n# features: 4\n",
                ":3: '# features: 4' comes after a document with index 7 on line 2 (expected every index in 1..4)");

        Path same = write("same.svm", "# features: 5\na 1:1\n# features: 5\n");
        assertEquals(5, LibSvm.parse(same).declaredCols());
        assertEquals(1, LibSvm.parse(same).declaredLine());
        Path other = write("other.svm", "# features of the data: tf-idf\n# featureset: 3\na 4:1\n");
        assertEquals(-1, LibSvm.parse(other).declaredCols());
        assertEquals(4, LibSvm.parse(other).maxIndex());
    }

    @Test
    void splitFilesMustDeclareTheSameFeatures() throws IOException {
        Path s = write("s.svm", "# features: 1820\n" + lines(20, "a", 0));
        Path st = write("s.test.svm", "# features: 5000\n" + lines(5, "a", 0));
        UserError e = assertThrows(UserError.class, () -> Datasets.load(s.toString(), DataOptions.defaults()));
        assertEquals(st + ":1: '# features: 5000' differs from '# features: 1820' on line 1 of s.svm"
                + " (expected the same column count in every split's file)", e.getMessage());

        // train declares nothing: validation's count is the reference, test is compared to it
        Path t = write("t.svm", lines(20, "a", 0));
        write("t.val.svm", "# comment\n# features: 10\n" + lines(5, "a", 0));
        Path tt = write("t.test.svm", "# features: 12\n" + lines(5, "a", 0));
        UserError e2 = assertThrows(UserError.class, () -> Datasets.load(t.toString(), DataOptions.defaults()));
        assertTrue(e2.getMessage().startsWith(tt + ":1: '# features: 12' differs from '# features: 10' on line 2 of t.val.svm"), e2.getMessage());
    }

    @Test
    void anUndeclaredSplitFileMustFitItsSiblingsDeclaration() throws IOException {
        Path u = write("u.svm", "# features: 20\n" + lines(20, "a", 0));
        write("u.test.svm", lines(5, "a", 0));
        Dataset ds = Datasets.load(u.toString(), DataOptions.defaults());
        assertEquals(20, ds.vocabSize());
        assertEquals(5, ds.test().size());

        Path ut = write("u.test.svm", "a 1:1\nb 3:1 25:0.5\na 21:1\n");
        UserError e = assertThrows(UserError.class, () -> Datasets.load(u.toString(), DataOptions.defaults()));
        assertEquals(ut + ":2: index 25 out of range (expected 1..20, as declared by '# features: 20' on line 1 of u.svm)", e.getMessage());

        // the other way round: the train file is undeclared and exceeds the test file's count
        Path v = write("v.svm", lines(20, "a", 0)); // indices up to 7
        write("v.test.svm", "# features: 6\n" + "a 1:1\n");
        UserError e2 = assertThrows(UserError.class, () -> Datasets.load(v.toString(), DataOptions.defaults()));
        assertEquals(v + ":1: index 7 out of range (expected 1..6, as declared by '# features: 6' on line 1 of v.test.svm)", e2.getMessage());
    }

    @Test
    void emptySplits() throws IOException {
        Path p = write("e.svm", "# only comments\n\n");
        UserError e = assertThrows(UserError.class, () -> Datasets.load(p.toString(), DataOptions.defaults()));
        assertTrue(e.getMessage().startsWith(p + ": the train split has no documents"), e.getMessage());

        Path q = write("f.svm", lines(10, "a", 0));
        write("f.test.svm", "# nothing\n");
        UserError e2 = assertThrows(UserError.class, () -> Datasets.load(q.toString(), DataOptions.defaults()));
        assertTrue(e2.getMessage().startsWith(dir.resolve("f.test.svm") + ": the test split has no documents"), e2.getMessage());

        Path r = write("g.svm", lines(10, "a", 0));
        write("g.test.svm", "a\nb\n");
        UserError e3 = assertThrows(UserError.class, () -> Datasets.load(r.toString(), DataOptions.defaults()));
        assertTrue(e3.getMessage().contains("g.test.svm: the test split is empty (all 2 documents have no non-zero value)"), e3.getMessage());
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("none.svm");
        UserError e = assertThrows(UserError.class, () -> Datasets.load(p.toString(), DataOptions.defaults()));
        assertTrue(e.getMessage().startsWith(p + ": no such file (expected a LibSVM file"), e.getMessage());
    }
}
