package ammi.pairs;

import ammi.data.DataOptions;
import ammi.data.Datasets;
import ammi.data.Document;
import ammi.util.Permutation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The splits PairDataset draws itself (a file without splits, or without validation): per document, not per pair. */
class PairDrawTest {
    private static final String[] SPLITS = {"train", "validation", "test"};

    /**
     * PairDataset's draw before documents were grouped, copied as it was: one unit per pair. Files
     * without repeated ids (and the results recorded on them) must keep exactly this split.
     */
    private static int[] perPairSlots(List<Pair> pairs, long seed, double validationFraction) {
        int n = pairs.size();
        int[] slot = new int[n];
        boolean anySplit = pairs.stream().anyMatch(p -> p.split() != null);
        if (anySplit) {
            for (int i = 0; i < n; i++) slot[i] = PairDataset.slotOf(pairs.get(i).split());
        } else {
            int[] perm = Permutation.of(n, new SplittableRandom(seed ^ 0x5DEECE66DL));
            int nTest = (int) Math.round(0.2 * n);
            for (int i = 0; i < nTest; i++) slot[perm[i]] = 2;
        }
        boolean anyVal = false;
        for (int s : slot) anyVal |= s == 1;
        if (!anyVal) {
            List<Integer> tr = new ArrayList<>();
            for (int i = 0; i < n; i++) if (slot[i] == 0) tr.add(i);
            for (int v : Datasets.validationSplit(tr.size(), validationFraction, seed)[1]) slot[tr.get(v)] = 1;
        }
        return slot;
    }

    private static List<Pair> distinctIds(int n, boolean withSplits) {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) pairs.add(new Pair("p" + i, withSplits ? (i % 3 == 0 ? "test" : "train") : null, "x" + i, "y" + i));
        return pairs;
    }

    @Test
    void aFileWithoutRepeatedIdsSplitsExactlyAsThePerPairDraw() {
        for (int n : new int[] {1, 2, 7, 50, 333, 2000})
            for (long seed : new long[] {0, 1, 42, -9})
                for (double f : new double[] {0, 0.1, 0.25})
                    for (boolean withSplits : new boolean[] {false, true}) {
                        List<Pair> pairs = distinctIds(n, withSplits);
                        assertArrayEquals(perPairSlots(pairs, seed, f), PairDataset.slots("t", pairs, seed, f),
                                "n " + n + ", seed " + seed + ", fraction " + f + ", splits " + withSplits);
                    }
        // recorded counts: 2000 pairs without splits: round(0.2 * 2000) test, round(0.1 * 1600) validation
        int[] counts = new int[3];
        for (int s : PairDataset.slots("t", distinctIds(2000, false), 0, 0.1)) counts[s]++;
        assertArrayEquals(new int[] {1440, 160, 400}, counts);
        // pairs without an id get their line number: distinct, so also the per-pair split
        List<Pair> noIds = new ArrayList<>();
        for (int i = 0; i < 40; i++) noIds.add(new Pair(Integer.toString(i + 1), null, "x", "y"));
        assertArrayEquals(perPairSlots(noIds, 3, 0.1), PairDataset.slots("t", noIds, 3, 0.1));
    }

    /** bbc's documents, all marked train (so each gets its further cuts) or all without a split. */
    private static List<Document> bbc(String split) {
        return Datasets.documents("bbc").stream().map(d -> new Document(d.id(), split, d.labels(), d.text())).toList();
    }

    private static List<Pair> withSplits(List<Pair> pairs, int[] slot) {
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++)
            if (slot[i] >= 0) out.add(new Pair(pairs.get(i).id(), SPLITS[slot[i]], pairs.get(i).x(), pairs.get(i).y()));
        return out;
    }

    /** Ids by split; fails when an id is in two splits, or twice in validation or test. */
    private static List<Set<String>> assertNoLeak(List<Pair> pairs) {
        List<Set<String>> ids = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
        Map<String, String> splitOf = new HashMap<>();
        for (Pair p : pairs) {
            String before = splitOf.putIfAbsent(p.id(), p.split());
            assertTrue(before == null || before.equals(p.split()), p.id() + " in " + before + " and " + p.split());
            boolean fresh = ids.get(Arrays.asList(SPLITS).indexOf(p.split())).add(p.id());
            assertTrue(fresh || p.split().equals("train"), p.id() + " twice in " + p.split());
        }
        return ids;
    }

    @Test
    void drawnValidationTakesWholeDocumentsAndTheirMiddleCut() {
        // pairs build --data bbc --cuts 3 --validation-fraction 0: train documents with their cuts, no validation
        List<Document> docs = Datasets.documents("bbc");
        List<Pair> file = PairBuilder.build(docs, 0, 0, PairBuilder.DEFAULT_MIN_TOKENS, false, 3).pairs();
        long trainDocs = file.stream().filter(p -> p.split().equals("train")).map(Pair::id).distinct().count();
        assertTrue(file.stream().filter(p -> p.split().equals("train")).count() > trainDocs + 1000, "the file has further cuts");
        List<Pair> drawn = withSplits(file, PairDataset.slots("bbc", file, 0, 0.1));
        List<Set<String>> ids = assertNoLeak(drawn);
        assertEquals(Math.round(0.1 * trainDocs), ids.get(1).size());
        assertEquals(trainDocs - Math.round(0.1 * trainDocs), ids.get(0).size());
        // the split pairs build itself draws with --validation-fraction 0.1, pair for pair
        assertEquals(PairBuilder.build(docs, 0, 0.1, PairBuilder.DEFAULT_MIN_TOKENS, false, 3).pairs(), drawn);
    }

    @Test
    void aFileWithoutSplitsIsDrawnPerDocument() {
        // every document cut three ways, then the split fields dropped: train, validation and test all drawn here
        List<Pair> built = PairBuilder.build(bbc("train"), 0, 0, PairBuilder.DEFAULT_MIN_TOKENS, false, 3).pairs();
        List<Pair> file = built.stream().map(p -> new Pair(p.id(), null, p.x(), p.y())).toList();
        long docs = file.stream().map(Pair::id).distinct().count();
        for (long seed : new long[] {0, 5}) {
            int[] slot = PairDataset.slots("bbc", file, seed, 0.1);
            List<Pair> drawn = withSplits(file, slot);
            List<Set<String>> ids = assertNoLeak(drawn);
            long test = Math.round(0.2 * docs), validation = Math.round(0.1 * (docs - test));
            assertEquals(List.of(docs - test - validation, validation, test), ids.stream().map(s -> (long) s.size()).toList());
            assertEquals(validation + test, drawn.stream().filter(p -> !p.split().equals("train")).count()); // one pair each
            // as pairs build draws a corpus without splits: the same documents, middle cuts only outside train
            assertEquals(PairBuilder.build(bbc(null), seed, 0.1, PairBuilder.DEFAULT_MIN_TOKENS, false, 3).pairs(), drawn);
            assertArrayEquals(slot, PairDataset.slots("bbc", file, seed, 0.1)); // deterministic
        }
    }

    @Test
    void repeatedIdsAreOneDocumentAndItsFirstPairIsTheMiddleCut() {
        // a, b, c with 3, 2, 1 pairs; with half of the documents drawn, whichever lands in validation keeps only its first pair
        List<Pair> file = List.of(new Pair("a", "train", "a1", "a1"), new Pair("a", "train", "a2", "a2"), new Pair("b", "train", "b1", "b1"),
                new Pair("a", "train", "a3", "a3"), new Pair("c", "train", "c1", "c1"), new Pair("b", "train", "b2", "b2"),
                new Pair("t", "test", "t1", "t1"), new Pair("t", "test", "t2", "t2"));
        for (long seed = 0; seed < 20; seed++) {
            int[] slot = PairDataset.slots("t", file, seed, 0.5);
            // round(0.5 * 3) = 2 of the 3 train documents
            Set<String> val = new HashSet<>();
            for (int i = 0; i < file.size(); i++) if (slot[i] == 1) assertTrue(val.add(file.get(i).id()), "twice: " + file.get(i));
            assertEquals(2, val.size());
            for (int i = 0; i < file.size(); i++) {
                Pair p = file.get(i);
                boolean first = file.indexOf(p) == file.stream().map(Pair::id).toList().indexOf(p.id());
                int expected = p.id().equals("t") ? 2 : !val.contains(p.id()) ? 0 : first ? 1 : -1;
                assertEquals(expected, slot[i], "seed " + seed + ", pair " + p);
            }
        }
        // the given test split keeps both its pairs, and the left-out cuts are counted: the further cuts of the
        // two documents in validation (a has 2, b 1, c none)
        PairDataset d = PairDataset.fromPairs("t", file.stream().map(p -> new Pair(p.id(), p.split(), p.x() + " common", p.y() + " common")).toList(),
                DataOptions.defaults().withMinDf(1).withValidationFraction(0.5));
        assertEquals(2, d.test().size());
        assertEquals(2, d.validation().size());
        Map<String, Integer> further = Map.of("a", 2, "b", 1, "c", 0);
        int leftOut = Arrays.stream(d.validation().ids()).mapToInt(further::get).sum();
        assertTrue(leftOut > 0, "a or b is in validation");
        assertEquals(leftOut, d.cutsLeftOut());
        assertEquals(6 - 2 - leftOut, d.train().size());
        assertTrue(d.summary().endsWith("; " + d.cutsLeftOut() + " further cuts of documents drawn into validation or test left out"), d.summary());
    }
}
