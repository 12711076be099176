package ammi.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BaselineCliTest extends CliTestBase {

    @Test
    void bowAndLshPrintValidationAndTestPrecision() {
        assertEquals(0, Main.run("baseline", "bow", "--data", "bbc", "--vocab-size", "2000"));
        assertTrue(out().contains("validation P@100 ") && out().contains("test P@100 "), out());
        out.reset();
        assertEquals(0, Main.run("baseline", "lsh", "--data", "bbc", "--vocab-size", "2000", "--bits", "16", "--seed", "3"));
        assertTrue(out().contains("LSH 16 bits, seed 3") && out().contains("test P@100 "), out());
    }

    /**
     * With pairs the baselines print matching precision: LSH against a naive count of the Y codes
     * nearer to x_i than y_i (ties to the smaller index), BOW against BowMatching.
     */
    @Test
    void pairsGiveMatchingPrecision() {
        assertEquals(0, Main.run("baseline", "lsh", "--pairs-from", "bbc", "--vocab-size", "2000", "--bits", "16", "--seed", "3", "--top-k", "10"));
        String lshOut = out();
        out.reset();
        assertEquals(0, Main.run("baseline", "bow", "--pairs-from", "bbc", "--vocab-size", "2000", "--top-k", "10"));
        String bowOut = out();
        ammi.pairs.PairDataset ds = new PairsSource(null, null, "bbc", false, 1)
                .load(ammi.data.DataOptions.defaults().withVocabSize(2000), null, line -> {});
        ammi.eval.LshCodes lsh = ammi.eval.LshCodes.random(ds.vocabSize(), 16, 3);
        for (ammi.pairs.PairSplit split : new ammi.pairs.PairSplit[] {ds.validation(), ds.test()}) {
            ammi.eval.PackedCodes x = lsh.encode(split.x()), y = lsh.encode(split.y());
            int hits = 0, n = split.size();
            for (int i = 0; i < n; i++) {
                int own = x.distance(i, y, i), rank = 0;
                for (int j = 0; j < n; j++) {
                    int d = x.distance(i, y, j);
                    if (d < own || (d == own && j < i)) rank++;
                }
                if (rank < 10) hits++;
            }
            String name = split == ds.test() ? "test" : "validation";
            String want = String.format(java.util.Locale.ROOT, "%s match@10 %.2f (%d pairs)", name, 100.0 * hits / n, n);
            assertTrue(lshOut.contains(want), want + " in\n" + lshOut);
            String bow = String.format(java.util.Locale.ROOT, "%s match@10 %.2f (%d pairs)", name,
                    ammi.eval.BowMatching.matchingAtK(split.x(), split.y(), 10), n);
            assertTrue(bowOut.contains(bow), bow + " in\n" + bowOut);
        }
        assertTrue(lshOut.contains("LSH 16 bits, seed 3") && lshOut.contains("distinct codes on the"), lshOut);
        assertTrue(bowOut.contains("BOW (TF-IDF cosine, 2000 dimensions)"), bowOut);
        err.reset();
        assertEquals(1, Main.run("baseline", "bow", "--pairs-from", "bbc", "--data", "bbc"));
        assertOneErrorLine("--data", "--pairs-from");
    }

    @Test
    void unknownKindIsOneLine() {
        assertEquals(1, Main.run("baseline", "pca", "--data", "bbc"));
        assertOneErrorLine("pca", "bow, lsh");
    }

    @Test
    void bitsBelowOneIsOneLine() {
        assertEquals(1, Main.run("baseline", "lsh", "--data", "bbc", "--bits", "0"));
        assertOneErrorLine("--bits", "0");
    }
}
