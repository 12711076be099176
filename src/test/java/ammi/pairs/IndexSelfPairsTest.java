package ammi.pairs;

import ammi.data.DataOptions;
import ammi.data.Document;
import ammi.model.MatchingTask;
import ammi.util.UserError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --index-self-pairs: the test split's stored Y articles, cut again, as extra train pairs. */
class IndexSelfPairsTest {
    private static final List<Pair> TEST = List.of(
            new Pair("t1", "test", "alpha query one", "Alpha beta gamma delta epsilon. Zeta eta theta iota kappa."),
            new Pair("t2", "test", "alpha query two", "one long sentence without any end at all and no break"),
            new Pair("t3", "test", "alpha query three", "Lamp desk chair sofa. Table shelf carpet mirror window."), // 4 + 5 tokens
            new Pair("t4", "test", "alpha query four", "Red green blue cyan zebra. Lime navy teal plum gold."));

    @Test
    void cutsEachStoredArticleAtItsMiddleSentenceBoundary() {
        List<Pair> cut = PairBuilder.indexSelfPairs(TEST, PairBuilder.DEFAULT_MIN_TOKENS);
        assertEquals(List.of(
                new Pair("index/t1", "train", "Alpha beta gamma delta epsilon.", "Zeta eta theta iota kappa."),
                new Pair("index/t4", "train", "Red green blue cyan zebra.", "Lime navy teal plum gold.")), cut);
        // a lower minimum keeps t3's four-token half
        assertEquals(List.of("index/t1", "index/t3", "index/t4"), PairBuilder.indexSelfPairs(TEST, 4).stream().map(Pair::id).toList());
    }

    /** The twelfth round's construction: pairs build on a corpus of the Y texts gives the same halves, in the same order. */
    @Test
    void sameHalvesAsBuildingPairsFromACorpusOfTheStoredArticles() {
        List<Document> ys = new ArrayList<>();
        for (Pair p : TEST) ys.add(new Document(p.id(), "train", List.of("db"), p.y()));
        PairBuilder.Result built = PairBuilder.build(ys, 1, 0.0);
        List<Pair> cut = PairBuilder.indexSelfPairs(TEST, PairBuilder.DEFAULT_MIN_TOKENS);
        assertEquals(built.pairs().size(), cut.size());
        assertEquals(1, built.noBoundary());
        assertEquals(1, built.tooShort());
        for (int i = 0; i < cut.size(); i++) {
            assertEquals(PairBuilder.INDEX_ID_PREFIX + built.pairs().get(i).id(), cut.get(i).id());
            assertEquals(built.pairs().get(i).x(), cut.get(i).x());
            assertEquals(built.pairs().get(i).y(), cut.get(i).y());
        }
    }

    @Test
    void addsTrainPairsAndTheirWordsButLeavesValidationAndTestAlone() {
        List<Pair> pairs = new ArrayList<>(List.of(
                new Pair("a", "train", "alpha beta gamma", "beta gamma delta"),
                new Pair("b", "train", "gamma delta alpha", "delta alpha beta"),
                new Pair("v", "validation", "alpha beta", "gamma delta")));
        pairs.addAll(TEST);
        DataOptions opts = DataOptions.defaults().withMinDf(1);
        PairDataset plain = PairDataset.fromPairs("t", pairs, opts);
        PairDataset adapted = PairDataset.fromPairs("t", pairs, opts, null, true, List.of());

        assertEquals(0, plain.indexPairs());
        assertEquals(2, adapted.indexPairs());
        assertEquals(2, plain.train().size());
        assertEquals(4, adapted.train().size());
        assertArrayEquals(new String[] {"a", "b", "index/t1", "index/t4"}, adapted.train().ids());
        // each index pair is a training article pair of its own (distinct codes, --val-distractors)
        assertEquals(4, MatchingTask.trainArticlePairs(adapted).size());
        // the stored articles' words enter the vocabulary only with the option
        assertEquals(-1, plain.vocabulary().indexOf("zebra"));
        assertTrue(adapted.vocabulary().indexOf("zebra") >= 0);
        assertEquals(8, adapted.vocabulary().numDocs()); // X and Y of four train pairs
        // validation and test: the same pairs, vectorised with the larger vocabulary (t4's stored article had no known word)
        assertArrayEquals(plain.validation().ids(), adapted.validation().ids());
        assertArrayEquals(new String[] {"t1"}, plain.test().ids());
        assertArrayEquals(new String[] {"t1", "t4"}, adapted.test().ids());
        assertEquals(2, adapted.dropped()[2]);
        assertTrue(adapted.summary().contains("2 of the train pairs cut from the stored articles (index adaptation)"),
                adapted.summary());
        // with --both-directions the count stays that of the pairs as given
        assertEquals(2, adapted.withBothDirections().indexPairs());
    }

    @Test
    void noStoredArticleThatCanBeCutIsOneLine() {
        List<Pair> pairs = List.of(
                new Pair("a", "train", "alpha beta", "beta gamma"),
                new Pair("v", "validation", "alpha", "gamma"),
                new Pair("t", "test", "alpha", "one long sentence without any end at all and no break"));
        UserError e = assertThrows(UserError.class, () -> PairDataset.fromPairs("p.jsonl", pairs, DataOptions.defaults(), null, true, List.of()));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith("p.jsonl: --index-self-pairs: no stored (test Y) article"), e.getMessage());

        List<Pair> clash = new ArrayList<>(List.of(new Pair("index/t1", "train", "alpha beta", "beta gamma"),
                new Pair("v", "validation", "alpha", "gamma")));
        clash.addAll(TEST);
        e = assertThrows(UserError.class, () -> PairDataset.fromPairs("p.jsonl", clash, DataOptions.defaults(), null, true, List.of()));
        assertEquals("p.jsonl: index adaptation names a pair 'index/t1', an id already in use (by this file's pairs or another stored article)",
                e.getMessage());
    }

    /** --index-from: a corpus's documents cut the same way, after the self-pairs; with both, every stored article counts. */
    @Test
    void storedArticlesFromACorpusFollowTheSelfPairs() {
        List<Document> stored = List.of(
                new Document("s1", null, List.of(), "Violin cello flute oboe harp. Piano organ drum horn tuba."),
                new Document("s2", "test", List.of("x"), "too short to cut"));
        List<Pair> cut = PairBuilder.indexPairs(stored, PairBuilder.DEFAULT_MIN_TOKENS);
        assertEquals(List.of(new Pair("index/s1", "train", "Violin cello flute oboe harp.", "Piano organ drum horn tuba.")), cut);
        List<Pair> pairs = new ArrayList<>(List.of(new Pair("a", "train", "alpha beta", "beta violin"),
                new Pair("v", "validation", "alpha", "beta")));
        pairs.addAll(TEST);
        PairDataset d = PairDataset.fromPairs("t", pairs, DataOptions.defaults().withMinDf(1), null, true, cut);
        assertArrayEquals(new String[] {"a", "index/t1", "index/t4", "index/s1"}, d.train().ids());
        assertEquals(3, d.indexPairs());
        assertTrue(d.vocabulary().indexOf("tuba") >= 0);
        // a stored document that shares a test pair's id would give a second "index/<id>"
        List<Pair> twice = PairBuilder.indexPairs(List.of(new Document("t1", null, List.of(), TEST.get(0).y())), 5);
        UserError e = assertThrows(UserError.class, () -> PairDataset.fromPairs("t", pairs, DataOptions.defaults(), null, true, twice));
        assertTrue(e.getMessage().contains("'index/t1', an id already in use"), e.getMessage());
    }
}
