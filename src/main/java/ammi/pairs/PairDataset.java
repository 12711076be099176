package ammi.pairs;

import ammi.data.CsrMatrix;
import ammi.data.DataOptions;
import ammi.data.Datasets;
import ammi.data.SparseRow;
import ammi.data.Tokenizer;
import ammi.data.Vocabulary;
import ammi.util.UserError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A vectorised pairs dataset, tokenized as {@code opts} says ({@link DataOptions#tokenizer}). The
 * vocabulary (and IDF) is fitted on the training articles: the X
 * and Y halves of every train pair, each counted as one document; of train pairs that share an id
 * (further cuts of one document, {@code pairs build --cuts}) only the first counts. Pairs with an empty X or Y
 * vector are dropped and counted per split ({@code dropped[0..2]}: train, validation, test).
 */
public record PairDataset(String name, PairSplit train, PairSplit validation, PairSplit test, Vocabulary vocabulary,
                          int[] dropped) {
    /** Default vocabulary size when DataOptions.vocabSize() is 0. */
    public static final int DEFAULT_VOCAB = 10000;

    public int vocabSize() {
        return train.x().cols;
    }

    /** --both-directions: the training pairs in both directions, (x, y) then (y, x); validation and test unchanged. */
    public PairDataset withBothDirections() {
        return new PairDataset(name, train.withSwappedCopies(), validation, test, vocabulary, dropped);
    }

    public String summary() {
        return String.format(Locale.ROOT, "pairs %s: %d train, %d validation, %d test pairs, V = %d (dropped empty %d/%d/%d)",
                name, train.size(), validation.size(), test.size(), vocabSize(), dropped[0], dropped[1], dropped[2]);
    }

    /**
     * Splits: a pair's {@code split} ("train"; "validation", "valid", "val", "dev" or "cv"; "test").
     * Pairs without one are train pairs when others have splits; when none has, a seeded 20% become
     * test. If no pair is a validation pair, a seeded {@code opts.validationFraction()} of the train
     * pairs become validation.
     */
    public static PairDataset fromPairs(String name, List<Pair> pairs, DataOptions opts) {
        return fromPairs(name, pairs, opts, null);
    }

    /**
     * As above, vectorising with {@code fixed} (and its tokenizer) instead of fitting a vocabulary
     * when it is non-null: a saved model's vocabulary gives exactly the vectors it was trained on.
     */
    public static PairDataset fromPairs(String name, List<Pair> pairs, DataOptions opts, Vocabulary fixed) {
        int n = pairs.size();
        int[] slot = new int[n]; // 0 train, 1 validation, 2 test
        boolean anySplit = pairs.stream().anyMatch(p -> p.split() != null);
        if (anySplit) {
            for (int i = 0; i < n; i++) slot[i] = slotOf(pairs.get(i).split(), name, pairs.get(i).id());
        } else {
            int[] perm = ammi.util.Permutation.of(n, new SplittableRandom(opts.seed() ^ 0x5DEECE66DL));
            int nTest = (int) Math.round(0.2 * n);
            for (int i = 0; i < nTest; i++) slot[perm[i]] = 2;
        }
        boolean anyVal = false;
        for (int s : slot) anyVal |= s == 1;
        if (!anyVal) {
            List<Integer> tr = new ArrayList<>();
            for (int i = 0; i < n; i++) if (slot[i] == 0) tr.add(i);
            for (int v : Datasets.validationSplit(tr.size(), opts.validationFraction(), opts.seed())[1]) slot[tr.get(v)] = 1;
        }
        List<List<Pair>> bySlot = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n; i++) bySlot.get(slot[i]).add(pairs.get(i));
        String[] names = {"train", "validation", "test"};
        for (int s = 0; s < 3; s++) {
            if (bySlot.get(s).isEmpty()) throw new UserError(name + ": the " + names[s] + " split has no pairs");
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
        return new PairDataset(name, splits[0], splits[1], splits[2], vocab, dropped);
    }

    private static int slotOf(String split, String name, String id) {
        if (split == null) return 0;
        switch (split.toLowerCase(Locale.ROOT)) {
            case "train":
                return 0;
            case "validation": case "valid": case "val": case "dev": case "cv":
                return 1;
            case "test":
                return 2;
            default:
                throw new UserError(name + ": pair " + id + " has split '" + split + "' (expected train, validation or test)");
        }
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
