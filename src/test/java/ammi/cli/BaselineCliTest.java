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

    /**
     * The pair options of train (here --cuts and --index-self-pairs) shape the baseline's pairs the
     * same way: its BOW scores are BowMatching's on those pairs, the ones train prints beside its codes.
     */
    @Test
    void pairOptionsOfTrainApplyToTheBaseline() {
        assertEquals(0, Main.run("baseline", "bow", "--pairs-from", "bbc", "--cuts", "2", "--index-self-pairs", "--vocab-size", "2000", "--top-k", "10"));
        String bowOut = out();
        assertTrue(bowOut.contains("--index-self-pairs: ") && bowOut.contains("train pairs from further cuts (--cuts 2)"), bowOut);
        ammi.pairs.PairDataset ds = new PairsSource(null, null, "bbc", false, 2, true, null)
                .load(ammi.data.DataOptions.defaults().withVocabSize(2000), null, line -> {});
        assertTrue(ds.indexPairs() > 0, ds.summary());
        double val = ammi.eval.BowMatching.matchingAtK(ds.validation().x(), ds.validation().y(), 10);
        double test = ammi.eval.BowMatching.matchingAtK(ds.test().x(), ds.test().y(), 10);
        for (String want : new String[] {String.format(java.util.Locale.ROOT, "validation match@10 %.2f (%d pairs)", val, ds.validation().size()),
                String.format(java.util.Locale.ROOT, "test match@10 %.2f (%d pairs)", test, ds.test().size())})
            assertTrue(bowOut.contains(want), want + " in\n" + bowOut);
        out.reset();
        assertEquals(0, Main.run("train", "--pairs-from", "bbc", "--cuts", "2", "--index-self-pairs", "--vocab-size", "2000", "--top-k", "10",
                "--bits", "8", "--epochs", "1", "--prior-steps", "1", "--quiet", "--device", "cpu"));
        String bowLine = String.format(java.util.Locale.ROOT, "validation match@10 %.2f, test match@10 %.2f", val, test);
        assertTrue(out().contains("BOW (TF-IDF cosine, V = 2000): " + bowLine), bowLine + " in\n" + out());
        err.reset();
        assertEquals(1, Main.run("baseline", "bow", "--data", "bbc", "--index-self-pairs"));
        assertOneErrorLine("--index-self-pairs", "--pairs");
    }

    @Test
    void lshBitsPastAJavaArrayIsOneLine() {
        // 2000 terms x 2^21 bits is past 2^31 weights: an integer overflow deep inside before
        assertEquals(1, Main.run("baseline", "lsh", "--data", "bbc", "--vocab-size", "2000", "--bits", "2097152"));
        assertOneErrorLine("--bits 2097152", "V = 2000 terms", "more than a Java array holds");
        err.reset();
        assertEquals(1, Main.run("baseline", "lsh", "--pairs-from", "bbc", "--vocab-size", "2000", "--bits", "2097152"));
        assertOneErrorLine("--bits 2097152", "more than a Java array holds");
    }

    /** A --bits past the training documents' span is the only line, not after the small-base note. */
    @Test
    void pcaBitsPastTheSpanIsOneLine() {
        assertEquals(1, Main.run("baseline", "pca", "--data", "bbc", "--max-docs", "20", "--bits", "64"));
        assertOneErrorLine("--bits 64 exceeds what the");
        assertEquals("", out().replaceAll("(?m)^device: .*\\R", ""), "nothing printed before the error");
    }

    /** Pairs are used whole: --max-docs would otherwise be ignored without a word. */
    @Test
    void maxDocsWithPairsIsOneLine() {
        assertEquals(1, Main.run("baseline", "bow", "--pairs-from", "bbc", "--max-docs", "200"));
        assertOneErrorLine("--max-docs applies to a corpus (--data); pairs are used whole");
        err.reset();
        assertEquals(1, Main.run("train", "--pairs-from", "bbc", "--max-docs", "200", "--epochs", "1"));
        assertOneErrorLine("--max-docs applies to a corpus (--data); pairs are used whole");
    }

    @Test
    void unknownKindIsOneLine() {
        assertEquals(1, Main.run("baseline", "itq", "--data", "bbc"));
        assertOneErrorLine("itq", "bow, lsh, pca");
    }

    /** pca prints LSA cosine and PCA hashing, each equal to the metric applied to PcaProjection's output. */
    @Test
    void pcaPrintsLsaCosineAndPcaHashing() {
        assertEquals(0, Main.run("baseline", "pca", "--pairs-from", "bbc", "--vocab-size", "2000", "--bits", "16", "--seed", "5", "--top-k", "10"));
        String pairsOut = out();
        ammi.pairs.PairDataset ds = new PairsSource(null, null, "bbc", false, 1)
                .load(ammi.data.DataOptions.defaults().withVocabSize(2000), null, line -> {});
        ammi.pairs.PairSplit train = ammi.model.MatchingTask.trainArticlePairs(ds);
        ammi.data.CsrMatrix articles = ammi.data.CsrMatrix.stack(train.x(), train.y());
        ammi.eval.PcaProjection lsa = ammi.eval.PcaProjection.fit(articles, 16, 5, false), pca = ammi.eval.PcaProjection.fit(articles, 16, 5, true);
        ammi.pairs.PairSplit test = ds.test();
        String want = String.format(java.util.Locale.ROOT, "test match@10 %.2f%n",
                ammi.eval.BowMatching.matchingAtK(lsa.projectRows(test.x()), lsa.projectRows(test.y()), 10));
        assertTrue(pairsOut.contains("LSA, cosine over 16 real-valued dimensions") && pairsOut.contains(want), want + " in\n" + pairsOut);
        want = String.format(java.util.Locale.ROOT, "test match@10 %.2f%n",
                ammi.eval.MatchingPrecision.matchingAtK(pca.encode(test.x()), pca.encode(test.y()), 10));
        assertTrue(pairsOut.contains("PCA hashing, 16 bits") && pairsOut.contains(want) && pairsOut.contains("distinct codes on the"), want + " in\n" + pairsOut);
        out.reset();
        assertEquals(0, Main.run("baseline", "pca", "--data", "bbc", "--vocab-size", "2000", "--bits", "16"));
        assertTrue(out().contains("LSA, cosine over 16 real-valued dimensions: validation P@100 ")
                && out().contains("PCA hashing, 16 bits: validation P@100 "), out());
        err.reset();
        assertEquals(1, Main.run("baseline", "pca", "--data", "bbc", "--vocab-size", "20", "--bits", "64"));
        assertOneErrorLine("--bits 64", "span");
    }

    @Test
    void bitsBelowOneIsOneLine() {
        assertEquals(1, Main.run("baseline", "lsh", "--data", "bbc", "--bits", "0"));
        assertOneErrorLine("--bits", "0");
    }
}
