package ammi.pairs;

import ammi.data.DataOptions;
import ammi.util.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairsFileTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static void assertMessage(UserError e, String... fragments) {
        String m = e.getMessage();
        assertEquals(1, m.lines().count(), m);
        for (String f : fragments) assertTrue(m.contains(f), "'" + f + "' missing from: " + m);
    }

    @Test
    void idsResolveThroughTheCorpus() throws Exception {
        Path corpus = write("c.jsonl", "{\"id\": \"a\", \"text\": \"first article\"}\n{\"id\": 7, \"text\": \"second article\"}\n");
        Path pairs = write("p.jsonl", "{\"x_id\": \"a\", \"y_id\": 7, \"split\": \"test\"}\n\n{\"id\": \"q\", \"x\": \"inline x\", \"y_id\": \"a\"}\n");
        List<Pair> ps = PairsFile.read(pairs, corpus.toString());
        assertEquals(List.of(new Pair("1", "test", "first article", "second article"), new Pair("q", null, "inline x", "first article")), ps);
    }

    @Test
    void unknownIdNamesFileLineAndId() throws Exception {
        Path corpus = write("c.jsonl", "{\"id\": \"a\", \"text\": \"first article\"}\n");
        Path pairs = write("p.jsonl", "{\"x_id\": \"a\", \"y_id\": \"a\"}\n{\"x_id\": \"a\", \"y_id\": \"zz9\"}\n");
        UserError e = assertThrows(UserError.class, () -> PairsFile.read(pairs, corpus.toString()));
        assertMessage(e, "p.jsonl:2", "y_id", "zz9");
    }

    @Test
    void idsWithoutACorpusAreRejected() throws Exception {
        Path pairs = write("p.jsonl", "{\"x_id\": \"a\", \"y_id\": \"b\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(pairs, null)), "p.jsonl:1", "--pairs-corpus");
    }

    @Test
    void malformedLineIsNamed() throws Exception {
        Path pairs = write("p.jsonl", "{\"x\": \"a\", \"y\": \"b\"}\n{\"x\": \"a\", \"y\": \n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(pairs, null)), "p.jsonl:2", "malformed JSON");
        Path notObject = write("q.jsonl", "[1, 2]\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(notObject, null)), "q.jsonl:1", "malformed JSON");
    }

    @Test
    void anUnknownSplitNamesFileLineAndPair() throws Exception {
        Path bad = write("badsplit.jsonl", "{\"id\": \"p1\", \"split\": \"train\", \"x\": \"a\", \"y\": \"b\"}\n\n"
                + "{\"id\": \"p9\", \"split\": \"tset\", \"x\": \"a\", \"y\": \"b\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(bad, null)),
                bad + ":3: pair p9 has split 'tset' (expected train, validation or test; validation also valid, val, dev or cv)");
        Path noId = write("noid.jsonl", "{\"split\": \"Validate\", \"x\": \"a\", \"y\": \"b\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(noId, null)), "noid.jsonl:1: pair 1 has split 'Validate'");
        // every name PairDataset takes, in any case, reads
        Path ok = write("ok.jsonl", "{\"split\": \"TEST\", \"x\": \"a\", \"y\": \"b\"}\n{\"split\": \"Dev\", \"x\": \"a\", \"y\": \"b\"}\n"
                + "{\"split\": \"cv\", \"x\": \"a\", \"y\": \"b\"}\n{\"x\": \"a\", \"y\": \"b\"}\n");
        assertEquals(java.util.Arrays.asList("TEST", "Dev", "cv", null), PairsFile.read(ok, null).stream().map(Pair::split).toList());
    }

    @Test
    void aRepeatedKeyNamesFileLineAndKey() throws Exception {
        Path dup = write("dup.jsonl", "{\"x\": \"a\", \"y\": \"b\"}\n{\"x\": \"first\", \"y\": \"b\", \"x\": \"second\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(dup, null)),
                dup + ":2: malformed JSON (duplicate key \"x\" at $.x: a key may appear once per object)");
        Path dupId = write("dupid.jsonl", "{\"id\": 1, \"id\": 2, \"x\": \"a\", \"y\": \"b\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(dupId, null)), "dupid.jsonl:1:", "duplicate key \"id\"");
    }

    @Test
    void missingSidesAreNamed() throws Exception {
        Path noY = write("p.jsonl", "{\"x\": \"a\", \"y\": \"b\"}\n{\"x\": \"only x\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(noY, null)), "p.jsonl:2", "no \"y\"");
        Path noX = write("q.jsonl", "{\"y\": \"only y\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(noX, null)), "q.jsonl:1", "no \"x\"");
        Path notText = write("r.jsonl", "{\"x\": 3, \"y\": \"b\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(notText, null)), "r.jsonl:1", "\"x\" must be a string");
        Path both = write("s.jsonl", "{\"x\": \"t\", \"x_id\": \"a\", \"y\": \"b\"}\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(both, null)), "s.jsonl:1", "both");
        Path empty = write("t.jsonl", "\n\n");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(empty, null)), "t.jsonl", "no pairs");
        assertMessage(assertThrows(UserError.class, () -> PairsFile.read(dir.resolve("none.jsonl"), null)), "none.jsonl", "no such file");
    }

    @Test
    void vocabularyIsFittedOnTrainArticlesOnly() {
        List<Pair> pairs = List.of(
                new Pair("1", "train", "apple banana cherry", "apple banana date"),
                new Pair("2", "train", "banana cherry elder", "cherry date elder"),
                new Pair("3", "validation", "apple zebra", "banana zebra"),
                new Pair("4", "test", "zebra apple", "zebra cherry"),
                new Pair("5", "test", "zebra yak", "yak zebra"));
        PairDataset d = PairDataset.fromPairs("t", pairs, DataOptions.defaults());
        assertEquals(-1, d.vocabulary().indexOf("zebra"));
        assertTrue(d.vocabulary().indexOf("banana") >= 0);
        assertEquals(4, d.vocabulary().numDocs()); // X and Y of the two train pairs
        assertEquals(2, d.train().size());
        assertEquals(1, d.validation().size());
        assertEquals(1, d.test().size()); // pair 5 has no vocabulary term
        assertEquals(1, d.dropped()[2]);
        assertMessage(assertThrows(UserError.class, () -> PairDataset.fromPairs("t", List.of(new Pair("1", "bogus", "a", "b")),
                DataOptions.defaults())), "bogus");
    }

    @Test
    void anEmptySplitSaysHowToFillIt() {
        List<Pair> noTest = List.of(new Pair("1", "train", "apple banana", "banana cherry"),
                new Pair("2", "validation", "apple cherry", "cherry banana"));
        UserError e = assertThrows(UserError.class, () -> PairDataset.fromPairs("p.jsonl", noTest, DataOptions.defaults()));
        assertEquals("p.jsonl: the test split has no pairs (pairs have a \"split\" field but none is \"test\": mark some test, "
                + "or give none a split and a seeded 20% is drawn)", e.getMessage());
        List<Pair> two = List.of(new Pair("1", null, "apple banana", "banana cherry"), new Pair("2", null, "apple cherry", "cherry banana"));
        UserError e2 = assertThrows(UserError.class, () -> PairDataset.fromPairs("q.jsonl", two, DataOptions.defaults()));
        assertTrue(e2.getMessage().startsWith("q.jsonl: the ") && e2.getMessage().contains("split has no pairs (the seeded share of 2 pairs is empty"),
                e2.getMessage());
    }

    @Test
    void furtherCutsOfOneDocumentCountOnceInTheVocabulary() {
        // pair "a" twice (two cuts of one document): only its first cut's halves are fitted on, so
        // with min-df 2 "beta", "gamma" and "delta" (each in one half of the first cut and one of the
        // second) stay out; counted twice they would have df 2
        List<Pair> pairs = List.of(
                new Pair("a", "train", "alpha beta omega", "gamma delta omega"),
                new Pair("a", "train", "alpha omega", "beta gamma delta omega"),
                new Pair("b", "train", "alpha zeta omega", "eta theta omega"),
                new Pair("v", "validation", "omega alpha", "omega"),
                new Pair("t", "test", "omega", "alpha omega"));
        PairDataset d = PairDataset.fromPairs("t", pairs, DataOptions.defaults());
        assertEquals(4, d.vocabulary().numDocs()); // a's and b's halves
        assertEquals(2, d.vocabulary().size());
        assertEquals(4, d.vocabulary().df(d.vocabulary().indexOf("omega")));
        assertEquals(2, d.vocabulary().df(d.vocabulary().indexOf("alpha")));
        assertEquals(-1, d.vocabulary().indexOf("beta"));
        assertEquals(3, d.train().size()); // every cut is still a train pair
        assertArrayEquals(new int[] {0, 2}, d.train().firstOfEachId());
        assertArrayEquals(new String[] {"a", "b"}, ammi.model.MatchingTask.trainArticlePairs(d).ids());
        assertArrayEquals(new int[] {0}, d.test().firstOfEachId());
    }

    @Test
    void tokenFiltersApplyToPairs() {
        List<Pair> pairs = List.of(
                new Pair("1", "train", "apple running", "apple runs"),
                new Pair("2", "train", "pear runs", "pear"),
                new Pair("3", "validation", "apple", "pear"),
                new Pair("4", "test", "apple", "pear"));
        // Porter: running, runs -> run (df 3); unstemmed, "running" has df 1 and misses min-df 2
        PairDataset stemmed = PairDataset.fromPairs("t", pairs, DataOptions.defaults().withStem(true));
        assertEquals(3, stemmed.vocabulary().df(stemmed.vocabulary().indexOf("run")));
        assertEquals(-1, stemmed.vocabulary().indexOf("runs"));
        PairDataset plain = PairDataset.fromPairs("t", pairs, DataOptions.defaults());
        assertEquals(-1, plain.vocabulary().indexOf("running"));
        assertEquals(2, plain.vocabulary().df(plain.vocabulary().indexOf("runs")));
        assertEquals(3, plain.vocabulary().size()); // apple, pear, runs
        assertTrue(stemmed.vocabulary().tokenizer().stem());
    }

    @Test
    void aFixedVocabularyIsUsedAsIsNotRefitted() {
        List<Pair> pairs = List.of(
                new Pair("1", "train", "apple running", "apple runs"),
                new Pair("2", "train", "pear runs", "pear"),
                new Pair("3", "validation", "apple", "pear"),
                new Pair("4", "test", "apple", "pear"));
        // saved (stemmed, min-df 2) vocabulary and its tokenizer win over the plain options given
        ammi.data.Vocabulary saved = PairDataset.fromPairs("t", pairs, DataOptions.defaults().withStem(true)).vocabulary();
        PairDataset d = PairDataset.fromPairs("t", pairs, DataOptions.defaults().withMinDf(1), saved);
        assertSame(saved, d.vocabulary());
        assertEquals(saved.size(), d.vocabSize());
        ammi.data.SparseRow first = saved.vectorize("apple running"); // apple, run (stemmed): the saved IDF
        ammi.data.CsrMatrix x = d.train().x();
        assertEquals(2, first.nnz());
        assertArrayEquals(first.indices(), java.util.Arrays.copyOfRange(x.colIdx, x.rowPtr[0], x.rowPtr[1]));
        assertArrayEquals(first.values(), java.util.Arrays.copyOfRange(x.values, x.rowPtr[0], x.rowPtr[1]));
    }
}
