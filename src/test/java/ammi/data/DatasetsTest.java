package ammi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ammi.util.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    /** --max-docs keeps documents spread over the file: hand case, and a label-sorted corpus keeps its labels. */
    @Test
    void maxDocsSpreadsOverTheFile() {
        assertArrayEquals(new int[] {0, 2, 5, 7}, Datasets.spreadIndices(10, 4));
        assertArrayEquals(new int[] {0, 1, 2}, Datasets.spreadIndices(3, 5));
        Dataset ds = Datasets.load("20news", DataOptions.defaults().withMaxDocs(300));
        Set<Integer> labels = new HashSet<>();
        for (int[] l : ds.train().labels()) for (int x : l) labels.add(x);
        assertEquals(20, labels.size(), "the bydate files are sorted by newsgroup: the first 300 would hold one");
        assertEquals(300, ds.train().size() + ds.validation().size());
    }

    @Test
    void validationSplitIsSeededDisjointAndTenPercent() {
        int[][] a = Datasets.validationSplit(1000, 0.1, 7);
        int[][] b = Datasets.validationSplit(1000, 0.1, 7);
        int[][] c = Datasets.validationSplit(1000, 0.1, 8);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertNotEquals(Arrays.toString(a[1]), Arrays.toString(c[1]));
        assertEquals(100, a[1].length);
        assertEquals(900, a[0].length);
        Set<Integer> all = new HashSet<>();
        for (int[] part : a) for (int i : part) assertTrue(all.add(i), "index " + i + " in both parts");
        assertEquals(1000, all.size());
        assertEquals(0, Datasets.validationSplit(50, 0.0, 1)[1].length);
    }

    @Test
    void vocabularyFittedOnTrainMinusValidationOnly() {
        List<Document> docs = Fixtures.corpus(40, 10);
        DataOptions opts = DataOptions.defaults().withMinDf(1).withSeed(3);
        Dataset ds = Datasets.fromDocuments("toy", docs, 0, opts);
        int[] val = Datasets.validationSplit(40, 0.1, 3)[1];
        assertEquals(4, val.length);
        Set<Integer> valSet = new HashSet<>();
        for (int i : val) valSet.add(i);
        Vocabulary v = ds.vocabulary();
        for (int i = 0; i < 40; i++) {
            boolean inVocab = v.indexOf(Fixtures.word("uniq", i)) >= 0;
            assertEquals(!valSet.contains(i), inVocab, "doc " + i + " (validation: " + valSet.contains(i) + ")");
        }
        for (int i = 0; i < 10; i++) assertEquals(-1, v.indexOf(Fixtures.word("test", i)));
        assertEquals(36, v.numDocs());
        assertEquals(36, ds.train().size());
        assertEquals(4, ds.validation().size());
        assertEquals(10, ds.test().size());
        String[] valIds = Arrays.stream(val).mapToObj(i -> "tr" + i).toArray(String[]::new);
        assertArrayEquals(valIds, ds.validation().ids());
        assertArrayEquals(new String[] {"sport", "tech"}, ds.labelNames());
        assertArrayEquals(new int[] {0}, ds.train().labels()[0]);
        // every validation row keeps "common" and its label word, but not its unique word
        for (int r = 0; r < ds.validation().size(); r++) assertEquals(2, ds.validation().x().rowNnz(r));
    }

    @Test
    void emptyDocumentsDroppedAndCounted() {
        List<Document> docs = new ArrayList<>(Fixtures.corpus(20, 5));
        docs.add(new Document("e1", "train", List.of("tech"), "The and of 1987 -- 42"));
        docs.add(new Document("e2", "test", List.of("tech"), "zzzunseen qqqunseen"));
        Dataset ds = Datasets.fromDocuments("toy", docs, 0, DataOptions.defaults().withMinDf(1).withValidationFraction(0));
        assertEquals(new DroppedDocs(1, 0, 1), ds.dropped());
        assertEquals(20, ds.train().size());
        assertEquals(5, ds.test().size());
        assertEquals(0, ds.validation().size());
        assertTrue(Arrays.stream(ds.test().ids()).noneMatch("e2"::equals));
        System.out.println(ds.summary());
    }

    @Test
    void splitEmptyAfterFilteringIsUserError() {
        List<Document> docs = new ArrayList<>(Fixtures.corpus(20, 0));
        docs.add(new Document("x", "test", List.of(), "nothing known here"));
        UserError e = assertThrows(UserError.class,
                () -> Datasets.fromDocuments("toy", docs, 0, DataOptions.defaults().withMinDf(1)));
        assertTrue(e.getMessage().contains("test split"), e.getMessage());
    }

    @Test
    void noSplitGivesSeededEightyTwenty() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 50; i++) docs.add(new Document("d" + i, null, List.of("a"), "common " + Fixtures.word("w", i)));
        DataOptions o = DataOptions.defaults().withMinDf(1).withSeed(5);
        Dataset a = Datasets.fromDocuments("toy", docs, 0, o), b = Datasets.fromDocuments("toy", docs, 0, o);
        assertEquals(10, a.test().size());
        assertEquals(40, a.train().size() + a.validation().size());
        assertArrayEquals(a.test().ids(), b.test().ids());
    }

    @Test
    void topLabelRestrictionKeepsOnlyTopKAndDropsUnlabelled() {
        List<Document> docs = List.of(
                new Document("1", "train", List.of("earn", "gold"), "a"),
                new Document("2", "train", List.of("earn"), "b"),
                new Document("3", "train", List.of("acq", "gold"), "c"),
                new Document("4", "train", List.of("wool"), "d"),
                new Document("5", "test", List.of("wool", "wool", "wool"), "e"),
                new Document("6", "test", List.of("acq", "wool"), "f"));
        // train counts: earn 2, gold 2, acq 1, wool 1 -> top 3 = earn, gold, acq (acq < wool)
        List<Document> out = Datasets.restrictToTopLabels(docs, 3);
        assertEquals(List.of("1", "2", "3", "6"), out.stream().map(Document::id).toList());
        assertEquals(List.of("acq"), out.get(3).labels());
    }

    @Test
    void unknownNameListsAvailableNames() {
        UserError e = assertThrows(UserError.class, () -> Datasets.load("reuterz", DataOptions.defaults()));
        assertTrue(e.getMessage().contains("reuters, reuters90, 20news, 20news-random, bbc"), e.getMessage());
        UserError f = assertThrows(UserError.class, () -> Datasets.load("/nonexistent/x.jsonl", DataOptions.defaults()));
        assertTrue(f.getMessage().contains("/nonexistent/x.jsonl"), f.getMessage());
    }

    @Test
    void badOptionsAreUserErrors() {
        assertThrows(UserError.class, () -> DataOptions.defaults().withValidationFraction(1.0));
        assertThrows(UserError.class, () -> DataOptions.defaults().withMinDf(0));
        assertNull(JsonlCorpus.readResource("/ammi/datasets/none.jsonl.gz"));
    }

    @Test
    void namedValidationSplitIsUsedAsIs() {
        java.util.List<Document> docs = new java.util.ArrayList<>(Fixtures.corpus(20, 5));
        docs.add(new Document("v1", "validation", java.util.List.of("sport"), "common sport extra"));
        docs.add(new Document("v2", "dev", java.util.List.of("tech"), "common tech extra"));
        Dataset ds = Datasets.fromDocuments("t", docs, 0, DataOptions.defaults().withMinDf(1));
        assertEquals(20, ds.train().size());
        assertArrayEquals(new String[] {"v1", "v2"}, ds.validation().ids());
        assertEquals(20, ds.vocabulary().numDocs());
        assertEquals(-1, ds.vocabulary().indexOf("extra")); // only in validation
    }
}
