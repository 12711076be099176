package ammi.pairs;

import ammi.data.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairBuilderTest {
    @TempDir
    Path dir;

    @Test
    void cutsAtTheSentenceBoundaryNearestTheMiddle() {
        String text = "The cat sat on the mat. The dog ran far away! Birds fly over the hills. Fish swim in the deep sea.";
        // boundaries after "mat." (23), "away!" (45), "hills." (71); the middle is 49
        assertArrayEquals(new String[] {"The cat sat on the mat. The dog ran far away!", "Birds fly over the hills. Fish swim in the deep sea."},
                PairBuilder.splitHalves(text));
    }

    @Test
    void closingQuotesStayWithTheirSentenceAndBlankLinesAreBoundaries() {
        assertArrayEquals(new String[] {"He said \"we won.\"", "Then they all went home."},
                PairBuilder.splitHalves("  He said \"we won.\" Then they all went home.  "));
        assertArrayEquals(new String[] {"Subject: hello there\nfrom me", "Body text line one\nline two"},
                PairBuilder.splitHalves("Subject: hello there\nfrom me\n\nBody text line one\nline two"));
    }

    @Test
    void noBoundaryInTheMiddleHalfGivesNull() {
        assertNull(PairBuilder.splitHalves("one long sentence without any end at all and no break"));
        assertNull(PairBuilder.splitHalves("Hi. This is a much longer sentence that goes on and on and on without stopping"));
        assertNull(PairBuilder.splitHalves("a."));
    }

    @Test
    void buildDropsAndCountsAndSplitsDeterministically() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            docs.add(new Document("d" + i, i % 4 == 0 ? "test" : "train", List.of(),
                    "Alpha beta gamma delta epsilon " + i + ". Zeta theta iota kappa lambda words."));
        }
        docs.add(new Document("nob", "train", List.of(), "no boundary here at all in this text whatsoever"));
        docs.add(new Document("short", "train", List.of(), "Tiny bit here. Alpha beta gamma delta epsilon zeta."));
        PairBuilder.Result r = PairBuilder.build(docs, 7, 0.1);
        assertEquals(1, r.noBoundary());
        assertEquals(1, r.tooShort());
        assertEquals(40, r.pairs().size());
        assertEquals(10, r.count("test"));
        assertEquals(3, r.count("validation")); // round(0.1 * 30)
        assertEquals(27, r.count("train"));
        Pair p = r.pairs().get(0);
        assertEquals("d0", p.id());
        assertEquals("test", p.split());
        assertEquals("Alpha beta gamma delta epsilon 0.", p.x());
        assertEquals("Zeta theta iota kappa lambda words.", p.y());
        assertEquals(r.pairs(), PairBuilder.build(docs, 7, 0.1).pairs());
    }

    @Test
    void cleanStripsBoilerplateBeforeSplittingAndDropsPostsLeftEmpty() {
        List<Document> docs = List.of(
                new Document("a", "test", List.of(), "From: jo@foo.edu\nSubject: Re: moon\n\n> The moon is cheese.\n"
                        + "Alpha beta gamma delta epsilon. Zeta theta iota kappa lambda.\n-- \nJo Smith, jo@foo.edu"),
                new Document("b", "test", List.of(), "From: al@x.org\nSubject: Re: moon\n\nIn article <1@x.org> al@x.org writes:\n"
                        + "> Only quoted text. Nothing of my own here at all.\n-- \nAl"));
        PairBuilder.Result r = PairBuilder.build(docs, 7, 0.1, PairBuilder.DEFAULT_MIN_TOKENS, true);
        assertEquals(1, r.emptied());
        assertEquals(1, r.dropped());
        assertEquals(List.of(new Pair("a", "test", "Alpha beta gamma delta epsilon.", "Zeta theta iota kappa lambda.")), r.pairs());
        PairBuilder.Result raw = PairBuilder.build(docs, 7, 0.1);
        assertEquals(0, raw.emptied());
        assertEquals(2, raw.pairs().size());
        assertEquals("From: jo@foo.edu\nSubject: Re: moon\n\n> The moon is cheese.", raw.pairs().get(0).x());
    }

    @Test
    void writtenPairsReadBackIdentically() throws Exception {
        List<Pair> pairs = List.of(new Pair("a", "train", "It's \"quoted\" <b>.", "second half"),
                new Pair("b", "test", "x text", "y text \u00e9"));
        for (String name : new String[] {"p.jsonl", "p.jsonl.gz"}) {
            Path f = dir.resolve(name);
            PairsFile.write(f, pairs);
            assertEquals(pairs, PairsFile.read(f, null));
        }
        assertTrue(java.nio.file.Files.readString(dir.resolve("p.jsonl")).contains("It's"));
    }

    // boundaries (the space after each ".") at 6, 13, 20, 27 and 34; length 41, middle 20.5
    private static final String SIX = "aa bb. cc dd. ee ff. gg hh. ii jj. kk ll.";

    @Test
    void furtherCutsSpreadOverTheMiddleThirdMiddleFirst() {
        assertEquals(java.util.Arrays.asList(6, 13, 20, 27, 34), PairBuilder.boundaries(SIX));
        // k = 3: targets 1/2, 1/3, 2/3 of 41 = 20.5, 13.67, 27.33 -> boundaries 20, 13, 27
        List<String[]> three = PairBuilder.cuts(SIX, 3);
        assertEquals(3, three.size());
        assertArrayEquals(new String[] {"aa bb. cc dd. ee ff.", "gg hh. ii jj. kk ll."}, three.get(0));
        assertArrayEquals(new String[] {"aa bb. cc dd.", "ee ff. gg hh. ii jj. kk ll."}, three.get(1));
        assertArrayEquals(new String[] {"aa bb. cc dd. ee ff. gg hh.", "ii jj. kk ll."}, three.get(2));
        // k = 5: d = 1/12, targets 20.5, 17.08, 23.92, 13.67, 27.33 -> 20, 20 (used), 27, 13, 27 (used)
        List<String[]> five = PairBuilder.cuts(SIX, 5);
        assertEquals(3, five.size());
        assertArrayEquals(three.get(0), five.get(0));
        assertArrayEquals(three.get(2), five.get(1));
        assertArrayEquals(three.get(1), five.get(2));
        // k = 1 is the middle cut alone
        assertEquals(1, PairBuilder.cuts(SIX, 1).size());
        assertArrayEquals(three.get(0), PairBuilder.splitHalves(SIX));
        // no middle cut, no cuts at all
        assertTrue(PairBuilder.cuts("Hi. This is a much longer sentence that goes on and on and on without stopping", 3).isEmpty());
    }

    @Test
    void furtherCutsNeedAQuarterOnEachSide() {
        // boundaries at 6 and 19 of a 34-character text: the 1/3 target (11.3) takes 6 < 34/4 and is skipped,
        // the 2/3 target (22.7) takes 19, the middle cut's boundary again
        String t = "aa bb. cc dd ee ff. gg hh ii jj kk";
        assertEquals(java.util.Arrays.asList(6, 19), PairBuilder.boundaries(t));
        List<String[]> c = PairBuilder.cuts(t, 3);
        assertEquals(1, c.size());
        assertArrayEquals(new String[] {"aa bb. cc dd ee ff.", "gg hh ii jj kk"}, c.get(0));
    }

    @Test
    void buildAddsFurtherCutsToTrainDocumentsOnly() {
        List<Document> docs = List.of(new Document("tr", "train", List.of(), SIX), new Document("te", "test", List.of(), SIX),
                new Document("va", "validation", List.of(), SIX));
        // min 2 tokens: every cut qualifies; the train document gives 3 pairs, the others 1
        PairBuilder.Result r = PairBuilder.build(docs, 1, 0.1, 2, false, 3);
        assertEquals(2, r.extraCuts());
        assertEquals(List.of("tr", "tr", "tr", "te", "va"), r.pairs().stream().map(Pair::id).toList());
        assertEquals(List.of("train", "train", "train", "test", "validation"), r.pairs().stream().map(Pair::split).toList());
        assertEquals("aa bb. cc dd.", r.pairs().get(1).x());
        assertEquals("ii jj. kk ll.", r.pairs().get(2).y());
        assertEquals("aa bb. cc dd. ee ff.", r.pairs().get(3).x());
        // min 5 tokens: the cuts at 13 (4 tokens before) and 27 (4 after) are skipped, the middle cut (6 / 6) is kept
        PairBuilder.Result five = PairBuilder.build(docs, 1, 0.1, 5, false, 3);
        assertEquals(0, five.extraCuts());
        assertEquals(3, five.pairs().size());
        // one cut is the plain build
        assertEquals(PairBuilder.build(docs, 1, 0.1, 2).pairs(), PairBuilder.build(docs, 1, 0.1, 2, false, 1).pairs());
    }

    @Test
    void documentsMarkedValidationGiveTheValidationPairs() {
        List<Document> docs = new ArrayList<>();
        String[] splits = {"train", "train", "train", "train", "validation", "dev", "test", "test"};
        for (int i = 0; i < splits.length; i++) docs.add(new Document("d" + i, splits[i], List.of(), SIX));
        PairBuilder.Result r = PairBuilder.build(docs, 3, 0.5);
        assertEquals(List.of("train", "train", "train", "train", "validation", "validation", "test", "test"),
                r.pairs().stream().map(Pair::split).toList());
        // without marked validation documents, half of the 6 train documents are drawn
        List<Document> plain = new ArrayList<>();
        for (int i = 0; i < splits.length; i++) plain.add(new Document("d" + i, i < 6 ? "train" : "test", List.of(), SIX));
        PairBuilder.Result drawn = PairBuilder.build(plain, 3, 0.5);
        assertEquals(3, drawn.count("validation"));
        assertEquals(3, drawn.count("train"));
    }
}
