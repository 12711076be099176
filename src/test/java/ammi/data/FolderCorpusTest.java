package ammi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ammi.util.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderCorpusTest {
    @TempDir
    Path dir;

    private void file(Path p, String text) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void labelFoldersWithoutSplitGiveTheSeededEightyTwenty() throws IOException {
        Path root = dir.resolve("corpus");
        for (int i = 0; i < 10; i++) {
            file(root.resolve("sport").resolve(String.format("%03d.txt", i)), "match goal team " + Fixtures.word("s", i));
            file(root.resolve("tech").resolve(String.format("%03d.txt", i)), "chip software team " + Fixtures.word("t", i));
        }
        file(root.resolve("sport/.hidden"), "not a document");
        file(root.resolve(".git/config"), "not a label");
        List<Document> docs = FolderCorpus.read(root);
        assertEquals(20, docs.size());
        assertEquals("sport/000.txt", docs.get(0).id());
        assertEquals(List.of("sport"), docs.get(0).labels());
        assertNull(docs.get(0).split());
        assertEquals(List.of("tech"), docs.get(19).labels());

        Dataset ds = Datasets.load(root.toString(), DataOptions.defaults().withMinDf(1));
        assertEquals("corpus", ds.name());
        assertEquals(4, ds.test().size());
        assertEquals(16, ds.train().size() + ds.validation().size());
        assertArrayEquals(new String[] {"sport", "tech"}, ds.labelNames());
    }

    /** A label folder that is a symbolic link is read like any other (ids keep the link's name). */
    @Test
    void aLinkedLabelFolderIsRead() throws IOException {
        Path elsewhere = dir.resolve("elsewhere/tech-posts");
        for (int i = 0; i < 3; i++) file(elsewhere.resolve(i + ".txt"), "chip software " + Fixtures.word("t", i));
        Path root = dir.resolve("corpus");
        file(root.resolve("sport/0.txt"), "match goal team");
        Files.createSymbolicLink(root.resolve("tech"), elsewhere);
        List<Document> docs = FolderCorpus.read(root);
        assertEquals(4, docs.size());
        assertEquals("tech/0.txt", docs.get(1).id());
        assertEquals(List.of("tech"), docs.get(1).labels());
    }

    @Test
    void trainAndTestFoldersAreTheSplits() throws IOException {
        Path root = dir.resolve("20news-bydate");
        for (int i = 0; i < 6; i++) {
            file(root.resolve("20news-bydate-train/alt.atheism/" + (100 + i)), "god belief " + Fixtures.word("a", i));
            file(root.resolve("20news-bydate-train/sci.space/" + (200 + i)), "orbit launch " + Fixtures.word("b", i));
        }
        file(root.resolve("20news-bydate-test/alt.atheism/300"), "god belief");
        file(root.resolve("20news-bydate-test/sci.space/301"), "orbit launch");
        file(root.resolve("20news-bydate-test/sci.space/302"), "Caf\u00e9 orbit".getBytes(StandardCharsets.ISO_8859_1));
        List<Document> docs = FolderCorpus.read(root);
        assertEquals(15, docs.size());
        assertEquals(12, docs.stream().filter(d -> "train".equals(d.split())).count());
        assertEquals(3, docs.stream().filter(d -> "test".equals(d.split())).count());
        assertEquals("20news-bydate-test/sci.space/302", docs.get(14).id());
        assertEquals("Caf\u00e9 orbit", docs.get(14).text()); // not UTF-8: read as Latin-1

        Dataset ds = Datasets.load(root.toString(), DataOptions.defaults().withMinDf(1));
        assertEquals(3, ds.test().size());
        assertArrayEquals(new String[] {"alt.atheism", "sci.space"}, ds.labelNames());
    }

    private static long count(List<Document> docs, String label) {
        return docs.stream().filter(d -> d.labels().equals(List.of(label))).count();
    }

    /** Names containing "train" or "test" do not make a split when those folders hold only files. */
    @Test
    void labelFoldersNamedLikeSplitsAreLabels() throws IOException {
        Path root = dir.resolve("lbl");
        for (int i = 0; i < 3; i++) file(root.resolve("trains/" + i + ".txt"), "rail engine " + Fixtures.word("r", i));
        for (int i = 0; i < 4; i++) file(root.resolve("latest/" + i + ".txt"), "news today " + Fixtures.word("n", i));
        for (int i = 0; i < 5; i++) file(root.resolve("sport/" + i + ".txt"), "match goal " + Fixtures.word("s", i));
        List<Document> docs = FolderCorpus.read(root);
        assertEquals(12, docs.size());
        assertEquals(3, count(docs, "trains"));
        assertEquals(4, count(docs, "latest"));
        assertEquals(5, count(docs, "sport"));
        assertTrue(docs.stream().allMatch(d -> d.split() == null), "no split set");
        assertEquals("latest/0.txt", docs.get(0).id());

        Dataset ds = Datasets.load(root.toString(), DataOptions.defaults().withMinDf(1));
        assertArrayEquals(new String[] {"latest", "sport", "trains"}, ds.labelNames());
        assertEquals(12, ds.train().size() + ds.validation().size() + ds.test().size());

        // two names with "train", two with "val"/"dev": labels, not two candidates for one split
        Path more = dir.resolve("more");
        for (String l : List.of("trains", "constraints", "devices", "intervals", "contest"))
            file(more.resolve(l + "/a.txt"), "text of " + l);
        List<Document> moreDocs = FolderCorpus.read(more);
        assertEquals(List.of("constraints", "contest", "devices", "intervals", "trains"),
                moreDocs.stream().map(d -> d.labels().get(0)).toList());
    }

    /** One split folder holding label folders makes the layout a split one, so its partner's files are an error. */
    @Test
    void aSplitFolderHoldingFilesNextToOneHoldingLabelsIsNamed() throws IOException {
        Path root = dir.resolve("half");
        file(root.resolve("x-train/sport/1.txt"), "match goal");
        file(root.resolve("x-test/2.txt"), "match team");
        UserError e = assertThrows(UserError.class, () -> FolderCorpus.read(root));
        assertEquals(root.resolve("x-test") + ": no label folders (expected x-test/<label>/<file>, one folder per label, or "
                + "ROOT/train/<label>/<file> and ROOT/test/<label>/<file>; ROOT is read as splits since 'x-train' holds folders, "
                + "so the folders whose names contain \"train\" or \"test\" are splits)", e.getMessage());

        Path amb = dir.resolve("amb");
        file(amb.resolve("a-train/sport/1.txt"), "match goal");
        file(amb.resolve("a-test/sport/2.txt"), "match team");
        file(amb.resolve("latest/3.txt"), "news");
        UserError e2 = assertThrows(UserError.class, () -> FolderCorpus.read(amb));
        assertTrue(e2.getMessage().startsWith(amb + ": folders 'a-test' and 'latest' both look like the same split"), e2.getMessage());
    }

    private void file(Path p, byte[] bytes) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    @Test
    void folderWithoutLabelFoldersIsOneLineError() throws IOException {
        Path root = dir.resolve("flat");
        file(root.resolve("a.txt"), "some text");
        UserError e = assertThrows(UserError.class, () -> Datasets.load(root.toString(), DataOptions.defaults()));
        assertTrue(e.getMessage().startsWith(root.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("no label folders (expected"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());

        Path emptyLabels = dir.resolve("empty");
        Files.createDirectories(emptyLabels.resolve("sport"));
        UserError e2 = assertThrows(UserError.class, () -> FolderCorpus.read(emptyLabels));
        assertTrue(e2.getMessage().contains(emptyLabels + ": no documents"), e2.getMessage());

        Path splitNoLabels = dir.resolve("split");
        file(splitNoLabels.resolve("train/a.txt"), "x");
        file(splitNoLabels.resolve("test/b.txt"), "y");
        UserError e3 = assertThrows(UserError.class, () -> FolderCorpus.read(splitNoLabels));
        assertTrue(e3.getMessage().contains(splitNoLabels.resolve("train") + ": no label folders"), e3.getMessage());
        assertTrue(e3.getMessage().contains("since a folder named 'train' always holds a split"), e3.getMessage());
    }

    @Test
    void emptyTestSplitIsNamed() throws IOException {
        Path root = dir.resolve("c");
        file(root.resolve("train/sport/1"), "match goal");
        file(root.resolve("train/sport/2"), "match team");
        Files.createDirectories(root.resolve("test/sport"));
        UserError e = assertThrows(UserError.class, () -> Datasets.load(root.toString(), DataOptions.defaults().withMinDf(1)));
        assertTrue(e.getMessage().contains("the test split has no documents") && e.getMessage().contains("ROOT/test/"), e.getMessage());

        Path few = dir.resolve("few"); // no split at all: the seeded 20% of two documents is empty
        file(few.resolve("sport/1"), "match goal");
        file(few.resolve("sport/2"), "match team");
        UserError e2 = assertThrows(UserError.class, () -> Datasets.load(few.toString(), DataOptions.defaults().withMinDf(1)));
        assertTrue(e2.getMessage().contains("seeded 20% test share of 2 documents"), e2.getMessage());
    }
}
