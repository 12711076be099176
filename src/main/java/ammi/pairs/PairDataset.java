package ammi.pairs;

import ammi.data.CsrMatrix;
import ammi.data.DataOptions;
import ammi.data.Datasets;
import ammi.data.SparseRow;
import ammi.data.Tokenizer;
import ammi.data.Vocabulary;
import ammi.util.UserError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A vectorised pairs dataset, tokenized as {@code opts} says ({@link DataOptions#tokenizer}). The
 * vocabulary (and IDF) is fitted on the training articles: the X
 * and Y halves of every train pair, each counted as one document; of train pairs that share an id
 * (further cuts of one document, {@code pairs build --cuts}) only the first counts. Pairs with an empty X or Y
 * vector are dropped and counted per split ({@code dropped[0..2]}: train, validation, test);
 * {@code cutsLeftOut} counts the further cuts of documents that a drawn split put in validation or
 * test, which keep their middle cut alone; {@code indexPairs} counts the train pairs that
 * index adaptation cut from the stored articles ({@code --index-self-pairs}, {@code --index-from}).
 */
public record PairDataset(String name, PairSplit train, PairSplit validation, PairSplit test, Vocabulary vocabulary,
                          int[] dropped, int cutsLeftOut, int indexPairs) {
    /** Default vocabulary size when DataOptions.vocabSize() is 0. */
    public static final int DEFAULT_VOCAB = 10000;

    public int vocabSize() {
        return train.x().cols;
    }

    /** --both-directions: the training pairs in both directions, (x, y) then (y, x); validation and test unchanged. */
    public PairDataset withBothDirections() {
        return new PairDataset(name, train.withSwappedCopies(), validation, test, vocabulary, dropped, cutsLeftOut, indexPairs);
    }

    public String summary() {
        return String.format(Locale.ROOT, "pairs %s: %d train, %d validation, %d test pairs, V = %d (dropped empty %d/%d/%d)",
                name, train.size(), validation.size(), test.size(), vocabSize(), dropped[0], dropped[1], dropped[2])
                + (cutsLeftOut > 0 ? "; " + cutsLeftOut + " further cuts of documents drawn into validation or test left out" : "")
                + (indexPairs > 0 ? "; " + indexPairs + " of the train pairs cut from the stored articles (index adaptation)" : "");
    }

    /**
     * Splits: a pair's {@code split} ("train"; "validation", "valid", "val", "dev" or "cv"; "test").
     * Pairs without one are train pairs when others have splits; when none has, a seeded 20% of the
     * documents become test. If no pair is a validation pair, a seeded {@code opts.validationFraction()}
     * of the train documents become validation. Pairs that share an id are cuts of one document
     * ({@code pairs build --cuts}, the middle cut first): a drawn split takes or leaves all of them,
     * and a drawn validation or test document keeps its first pair (its middle cut) alone. Without
     * repeated ids every pair is its own document, so such a file splits exactly as a per-pair draw would.
     */
    public static PairDataset fromPairs(String name, List<Pair> pairs, DataOptions opts) {
        return fromPairs(name, pairs, opts, null);
    }

    /**
     * As above, vectorising with {@code fixed} (and its tokenizer) instead of fitting a vocabulary
     * when it is non-null: a saved model's vocabulary gives exactly the vectors it was trained on.
     */
    public static PairDataset fromPairs(String name, List<Pair> pairs, DataOptions opts, Vocabulary fixed) {
        return fromPairs(name, pairs, opts, fixed, false, List.of());
    }

    /**
     * As above, with index adaptation: the train pairs are followed by {@link PairBuilder#indexSelfPairs}
     * of the test pairs when {@code indexSelfPairs}, then by {@code indexPairs}, pairs already cut from
     * a corpus of stored articles ({@link PairBuilder#indexPairs}). The vocabulary is fitted on them
     * too; validation and test are unchanged.
     */
    public static PairDataset fromPairs(String name, List<Pair> pairs, DataOptions opts, Vocabulary fixed, boolean indexSelfPairs,
                                        List<Pair> indexPairs) {
        int[] slot = slots(name, pairs, opts.seed(), opts.validationFraction());
        int n = pairs.size();
        List<List<Pair>> bySlot = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n; i++) if (slot[i] >= 0) bySlot.get(slot[i]).add(pairs.get(i));
        String[] names = {"train", "validation", "test"};
        for (int s = 0; s < 3; s++) {
            if (bySlot.get(s).isEmpty()) throw new UserError(name + ": the " + names[s] + " split has no pairs ("
                    + whyEmpty(s, pairs, opts.validationFraction()) + ")");
        }
        List<Pair> stored = new ArrayList<>();
        if (indexSelfPairs) {
            stored.addAll(PairBuilder.indexSelfPairs(bySlot.get(2), PairBuilder.DEFAULT_MIN_TOKENS));
            if (stored.isEmpty())
                throw new UserError(name + ": --index-self-pairs: no stored (test Y) article could be cut into two halves "
                        + "(each needs a sentence boundary near its middle and " + PairBuilder.DEFAULT_MIN_TOKENS + " tokens on either side)");
        }
        stored.addAll(indexPairs);
        if (!stored.isEmpty()) {
            java.util.Set<String> used = new java.util.HashSet<>();
            for (Pair p : pairs) used.add(p.id());
            for (Pair p : stored)
                if (!used.add(p.id())) // one id would make two articles count as cuts of one document
                    throw new UserError(name + ": index adaptation names a pair '" + p.id() + "', an id already in use "
                            + "(by this file's pairs or another stored article)");
            bySlot.get(0).addAll(stored);
        }

        Tokenizer tok = fixed != null ? fixed.tokenizer() : opts.tokenizer(); // --stem, --stopwords, --min-token-length
        List<Pair> trainPairs = bySlot.get(0);
        List<List<String>> xTok = new ArrayList<>(), yTok = new ArrayList<>(), fit = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<List<String>> fitY = new ArrayList<>();
        for (Pair p : trainPairs) {
            xTok.add(tok.tokenize(p.x()));
            yTok.add(tok.tokenize(p.y()));
            // further cuts of one document (pairs build --cuts) share its id: count its text once
            if (seen.add(p.id())) {
                fit.add(xTok.get(xTok.size() - 1));
                fitY.add(yTok.get(yTok.size() - 1));
            }
        }
        fit.addAll(fitY);
        int v = opts.vocabSize() > 0 ? opts.vocabSize() : DEFAULT_VOCAB;
        Vocabulary vocab = fixed != null ? fixed : Vocabulary.fit(fit, v, opts.minDf(), opts.tfidf(), tok).withSublinearTf(opts.sublinearTf());
        if (vocab.size() == 0)
            throw new UserError(name + ": the vocabulary is empty (no term occurs in >= " + opts.minDf() + " training articles)");
        int[] dropped = new int[3];
        PairSplit[] splits = new PairSplit[3];
        for (int s = 0; s < 3; s++) {
            List<Pair> ps = bySlot.get(s);
            List<SparseRow> xs = new ArrayList<>(), ys = new ArrayList<>();
            List<String> ids = new ArrayList<>(), xFirst = new ArrayList<>(), yFirst = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                SparseRow rx = vocab.vectorizeTokens(s == 0 ? xTok.get(i) : tok.tokenize(ps.get(i).x()));
                SparseRow ry = vocab.vectorizeTokens(s == 0 ? yTok.get(i) : tok.tokenize(ps.get(i).y()));
                if (rx.isEmpty() || ry.isEmpty()) {
                    dropped[s]++;
                    continue;
                }
                xs.add(rx);
                ys.add(ry);
                ids.add(ps.get(i).id());
                xFirst.add(ammi.data.Document.firstLine(ps.get(i).x()));
                yFirst.add(ammi.data.Document.firstLine(ps.get(i).y()));
            }
            if (ids.isEmpty())
                throw new UserError(name + ": the " + names[s] + " split is empty after preprocessing (every pair has an article with no vocabulary term)");
            splits[s] = new PairSplit(names[s], toCsr(xs, vocab.size()), toCsr(ys, vocab.size()), ids.toArray(new String[0]),
                    xFirst.toArray(new String[0]), yFirst.toArray(new String[0]));
        }
        int leftOut = 0;
        for (int sl : slot) if (sl < 0) leftOut++;
        return new PairDataset(name, splits[0], splits[1], splits[2], vocab, dropped, leftOut, stored.size());
    }

    /** What a pair's split may be, for error messages. */
    static final String SPLIT_NAMES = "expected train, validation or test; validation also valid, val, dev or cv";

    /**
     * Each pair's split: 0 train, 1 validation, 2 test, -1 left out (a further cut of a document
     * drawn into validation or test). See {@link #fromPairs(String, List, DataOptions)}.
     */
    /**
     * The ids of the pairs that {@link #fromPairs} puts in validation or test under {@code opts}:
     * a stored article with one of them is a held-out article, whose query half must not be trained on.
     */
    public static java.util.Set<String> heldOutIds(String name, List<Pair> pairs, DataOptions opts) {
        int[] slot = slots(name, pairs, opts.seed(), opts.validationFraction());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < slot.length; i++) if (slot[i] > 0) ids.add(pairs.get(i).id());
        return ids;
    }

    /** Only on the error path: how the split came to be empty, and how to fill it. */
    private static String whyEmpty(int slot, List<Pair> all, double validationFraction) {
        boolean anySplit = all.stream().anyMatch(p -> p.split() != null);
        int pairs = all.size();
        if (anySplit && slot == 2) return "pairs have a \"split\" field but none is \"test\": mark some test, or give none a split and a seeded 20% is drawn";
        if (anySplit && slot == 0) return "pairs have a \"split\" field but none is \"train\"";
        if (slot == 1 && validationFraction == 0) return "--validation-fraction is 0 and no pair is marked \"validation\"";
        return "the seeded share of " + pairs + " pairs is empty; give more pairs or mark the splits with a \"split\" field";
    }

    static int[] slots(String name, List<Pair> pairs, long seed, double validationFraction) {
        int n = pairs.size();
        int[] slot = new int[n];
        boolean anySplit = pairs.stream().anyMatch(p -> p.split() != null);
        if (anySplit) {
            for (int i = 0; i < n; i++) {
                slot[i] = slotOf(pairs.get(i).split());
                if (slot[i] < 0)
                    throw new UserError(name + ": pair " + pairs.get(i).id() + " has split '" + pairs.get(i).split() + "' (" + SPLIT_NAMES + ")");
            }
        } else {
            // drawn per document, as PairBuilder draws it, so no document has cuts on both sides
            List<int[]> docs = documents(pairs, all(n));
            boolean[] test = Datasets.seededTestSplit(docs.size(), seed);
            for (int d = 0; d < docs.size(); d++) if (test[d]) drawn(slot, docs.get(d), 2);
        }
        boolean anyVal = false;
        for (int s : slot) anyVal |= s == 1;
        if (!anyVal) {
            int[] train = java.util.stream.IntStream.range(0, n).filter(i -> slot[i] == 0).toArray();
            List<int[]> docs = documents(pairs, train);
            for (int d : Datasets.validationSplit(docs.size(), validationFraction, seed)[1]) drawn(slot, docs.get(d), 1);
        }
        return slot;
    }

    /**
     * The pairs {@code rows} grouped by id, each group in file order, the groups in the order of
     * their first pair: one group per document ({@code pairs build --cuts} gives every cut the
     * document's id), one per pair when no id repeats.
     */
    private static List<int[]> documents(List<Pair> pairs, int[] rows) {
        Map<String, List<Integer>> byId = new LinkedHashMap<>();
        for (int i : rows) byId.computeIfAbsent(pairs.get(i).id(), k -> new ArrayList<>()).add(i);
        List<int[]> docs = new ArrayList<>(byId.size());
        for (List<Integer> g : byId.values()) docs.add(g.stream().mapToInt(Integer::intValue).toArray());
        return docs;
    }

    /** A document drawn into {@code s}: its first pair (the middle cut) goes there, its further cuts are left out. */
    private static void drawn(int[] slot, int[] doc, int s) {
        slot[doc[0]] = s;
        for (int j = 1; j < doc.length; j++) slot[doc[j]] = -1;
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    /** 0 train (also no split), 1 validation, 2 test, -1 not a split name. */
    static int slotOf(String split) {
        if (split == null) return 0;
        return switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> 0;
            case "validation", "valid", "val", "dev", "cv" -> 1;
            case "test" -> 2;
            default -> -1;
        };
    }

    static CsrMatrix toCsr(List<SparseRow> rows, int cols) {
        int[] ptr = new int[rows.size() + 1];
        for (int r = 0; r < rows.size(); r++) ptr[r + 1] = ptr[r] + rows.get(r).nnz();
        int[] ci = new int[ptr[rows.size()]];
        double[] val = new double[ci.length];
        for (int r = 0; r < rows.size(); r++) {
            SparseRow row = rows.get(r);
            System.arraycopy(row.indices(), 0, ci, ptr[r], row.nnz());
            System.arraycopy(row.values(), 0, val, ptr[r], row.nnz());
        }
        return new CsrMatrix(rows.size(), cols, ptr, ci, val);
    }
}
