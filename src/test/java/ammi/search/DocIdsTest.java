package ammi.search;

import ammi.util.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocIdsTest {
    @TempDir
    Path dir;

    private final DocIds ids = new DocIds(List.of(
            new DocIds.Entry("train", 0, "a/1", "First\tline"),
            new DocIds.Entry("train", 1, "dup", "two"),
            new DocIds.Entry("test", 0, "dup", "three"),
            new DocIds.Entry("test", 1, "train:0", "an id that looks like a position")));

    @Test
    void writesOneTabSeparatedLinePerCodeAndReadsItBack() throws Exception {
        Path f = dir.resolve("c.bin.ids");
        ids.write(f);
        assertEquals(List.of("train\t0\ta/1\tFirst line", "train\t1\tdup\ttwo", "test\t0\tdup\tthree",
                "test\t1\ttrain:0\tan id that looks like a position"), Files.readAllLines(f));
        DocIds back = DocIds.read(f);
        assertEquals(4, back.size());
        assertEquals(new DocIds.Entry("test", 0, "dup", "three"), back.get(2));
        assertEquals(dir.resolve("c.bin.ids"), DocIds.pathFor(dir.resolve("c.bin")));
    }

    @Test
    void findsByIdThenByPosition() {
        Path f = Path.of("x.ids");
        assertEquals(0, ids.find("a/1", "--doc", f));
        assertEquals(3, ids.find("train:0", "--doc", f)); // an exact id wins over a position
        assertEquals(1, ids.find("train:1", "--doc", f));
        assertEquals(2, ids.find("test:0", "--doc", f));
        String ambiguous = assertThrows(UserError.class, () -> ids.find("dup", "--doc", f)).getMessage();
        assertEquals("--doc dup: 2 documents in x.ids have this id; name one by its position (SPLIT:INDEX) instead: train:1, test:0",
                ambiguous);
        String unknown = assertThrows(UserError.class, () -> ids.find("nope", "--doc", f)).getMessage();
        assertTrue(unknown.startsWith("--doc nope: no document in x.ids"), unknown);
    }

    /** An id shared by many documents lists the first ten positions, then "...". */
    @Test
    void anIdSharedByManyDocumentsListsTenPositions() {
        List<DocIds.Entry> same = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) same.add(new DocIds.Entry(i < 6 ? "train" : "validation", i % 6, "same", ""));
        String e = assertThrows(UserError.class, () -> new DocIds(same).find("same", "--doc", Path.of("dup.codes.ids"))).getMessage();
        assertEquals("--doc same: 12 documents in dup.codes.ids have this id; name one by its position (SPLIT:INDEX) instead: "
                + "train:0, train:1, train:2, train:3, train:4, train:5, validation:0, validation:1, validation:2, validation:3, ...", e);
    }

    @Test
    void malformedAndMissingFilesAreUserErrors() throws Exception {
        Path f = dir.resolve("bad.ids");
        String missing = assertThrows(UserError.class, () -> DocIds.read(f)).getMessage();
        assertTrue(missing.contains("bad.ids: no such ids file"), missing);
        Files.writeString(f, "train\t0\ta\tok\ntrain\tx\tb\tnot a number\n");
        DocIds ids = DocIds.read(f); // lines are parsed when used
        assertEquals("ok", ids.get(0).firstLine());
        String bad = assertThrows(UserError.class, () -> ids.get(1)).getMessage();
        assertTrue(bad.contains("bad.ids:2: expected SPLIT<TAB>INDEX<TAB>ID<TAB>FIRST LINE"), bad);
        assertThrows(UserError.class, () -> ids.find("a", "--doc", f));
        Files.write(f, new byte[] {'t', 'r', 'a', 'i', 'n', '\t', '0', '\t', (byte) 0xE9, '\t', 'x', '\n'}); // Latin-1, not UTF-8
        assertEquals(f + ": not UTF-8 text (expected the ids file encode writes)",
                assertThrows(UserError.class, () -> DocIds.read(f)).getMessage());
        Files.writeString(f, "just one field\n");
        String first = assertThrows(UserError.class, () -> DocIds.read(f)).getMessage();
        assertTrue(first.contains("bad.ids:1: expected"), first);
    }
}
