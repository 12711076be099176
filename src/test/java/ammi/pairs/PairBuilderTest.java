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
}
