package ammi.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The pairs source a checkpoint stores reads back as the options train was given. */
class PairsSourceTest {
    @Test
    void describeRoundTrips() {
        for (PairsSource s : new PairsSource[] {
                new PairsSource(Path.of("out/f.jsonl.gz"), null, null, false, 1),
                new PairsSource(Path.of("p.jsonl"), "corpus.jsonl", null, false, 1),
                new PairsSource(null, null, "bbc", false, 1),
                new PairsSource(null, null, "20news", true, 1),
                new PairsSource(null, null, "my posts.jsonl", true, 4),
                new PairsSource(null, null, "bbc", false, 3),
                new PairsSource(Path.of("p.jsonl"), null, null, false, 1, true, null),
                new PairsSource(Path.of("p.jsonl"), "corpus.jsonl", null, false, 1, true, "my stored.jsonl"),
                new PairsSource(null, null, "20news", true, 2, true, null),
                new PairsSource(null, null, "bbc", false, 3, false, "bbc"),
                new PairsSource(Path.of("p.jsonl"), null, null, false, 1, false, "docs/")}) {
            assertEquals(s, PairsSource.parse(s.describe()), s.describe());
        }
        assertEquals("pairs-from:20news --clean --cuts 2", new PairsSource(null, null, "20news", true, 2).describe());
        assertEquals("pairs:p.jsonl", new PairsSource(Path.of("p.jsonl"), null, null, false, 1).describe()); // as train wrote before
        assertEquals("pairs-from:20news --clean --cuts 2 --index-self-pairs --index-from s.jsonl",
                new PairsSource(null, null, "20news", true, 2, true, "s.jsonl").describe());
        assertEquals(new PairsSource(Path.of("p.jsonl"), null, null, false, 1, true, null), PairsSource.parse("pairs:p.jsonl --index-self-pairs"));
        assertNull(PairsSource.parse("bbc"));
        assertNull(PairsSource.parse("bbc --index-self-pairs"));
    }
}
