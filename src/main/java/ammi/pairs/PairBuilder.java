package ammi.pairs;

import ammi.data.Datasets;
import ammi.data.Document;
import ammi.data.Tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes (X, Y) pairs out of any corpus: each document is cut at the sentence boundary nearest to
 * its middle; X is the first half, Y the second. A sentence boundary is the whitespace after
 * {@code .}, {@code !} or {@code ?} (optionally followed by closing quotes or brackets), or a
 * blank line. The cut must leave at least a quarter of the (trimmed) text on each side, and each
 * half at least {@code minTokens} tokens of {@link Tokenizer#standard()}; other documents are
 * dropped and counted. With {@code clean}, each text first goes through {@link PostCleaner} (Usenet
 * headers, quotes and signatures removed); a document left empty is dropped and counted apart.
 *
 * <p>Splits: a document marked {@code "split": "test"} gives a test pair, one marked
 * {@code "validation"} (or valid, val, dev, cv) a validation pair, every other one a train pair;
 * if no document has a split, a seeded 20% of the documents become test. When no document is marked
 * validation, a seeded {@code validationFraction} of the train documents become validation (the same
 * rule as {@link Datasets#validationSplit}). Both draws are per document, before any further cut, and
 * are the ones {@link PairDataset} makes when a pairs file lacks the splits.
 *
 * <p>Augmentation: with {@code trainCuts} K > 1, each train document is also cut at up to K - 1
 * further boundaries spread over the middle third ({@link #cuts}), one more train pair each.
 */
public final class PairBuilder {
    public static final int DEFAULT_MIN_TOKENS = 5;

    /**
     * The pairs in corpus order (a train document's extra cuts right after its middle cut), the
     * documents dropped by reason, and the number of extra train pairs from further cuts.
     */
    public record Result(List<Pair> pairs, int noBoundary, int tooShort, int emptied, int extraCuts) {
        public int dropped() {
            return noBoundary + tooShort + emptied;
        }

        public long count(String split) {
            return pairs.stream().filter(p -> split.equals(p.split())).count();
        }
    }

    private PairBuilder() {}

    /** The two halves of {@code text}, or null when no boundary lies in its middle half. */
    public static String[] splitHalves(String text) {
        List<String[]> c = cuts(text, 1);
        return c.isEmpty() ? null : c.get(0);
    }

    /**
     * Up to {@code k} ways to cut {@code text} in two, the middle cut ({@link #splitHalves}) first;
     * empty when there is no middle cut. Cut j aims at the fraction 1/2, 1/2 - d, 1/2 + d,
     * 1/2 - 2d, 1/2 + 2d, ... of the (trimmed) text, d = (1/6) / ceil((k - 1) / 2), so the targets
     * spread evenly over [1/3, 2/3]; each takes the boundary nearest its target (ties to the earlier
     * one) and is skipped when that boundary is already used or leaves less than a quarter of the
     * text on one side.
     */
    public static List<String[]> cuts(String text, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        List<String[]> out = new ArrayList<>();
        String t = text.strip();
        int len = t.length();
        if (len < 4) return out;
        List<Integer> bounds = boundaries(t);
        double d = k > 1 ? (1.0 / 6) / Math.ceil((k - 1) / 2.0) : 0;
        List<Integer> used = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int step = (j + 1) / 2;
            double target = len * (0.5 + (j % 2 == 1 ? -step * d : step * d));
            int best = nearest(bounds, target);
            boolean ok = best >= 0 && best >= len / 4.0 && len - best >= len / 4.0 && !used.contains(best);
            String x = ok ? t.substring(0, best).strip() : "", y = ok ? t.substring(best).strip() : "";
            if (x.isEmpty() || y.isEmpty()) {
                if (j == 0) return out;
                continue;
            }
            used.add(best);
            out.add(new String[] {x, y});
        }
        return out;
    }

    /**
     * The sentence boundaries of the trimmed text {@code t}, ascending: the whitespace after
     * {@code .}, {@code !} or {@code ?} (and any closing quotes or brackets), or the first newline
     * of a blank line.
     */
    static List<Integer> boundaries(String t) {
        int len = t.length();
        List<Integer> bounds = new ArrayList<>();
        for (int i = 0; i < len; i++) {
            char c = t.charAt(i);
            int cut = -1;
            if (c == '.' || c == '!' || c == '?') {
                int j = i + 1;
                while (j < len && isCloser(t.charAt(j))) j++;
                if (j < len && Character.isWhitespace(t.charAt(j))) cut = j;
            } else if (c == '\n') {
                int j = i + 1;
                while (j < len && (t.charAt(j) == ' ' || t.charAt(j) == '\t' || t.charAt(j) == '\r')) j++;
                if (j < len && t.charAt(j) == '\n') cut = i;
            }
            if (cut >= 0 && (bounds.isEmpty() || bounds.get(bounds.size() - 1) != cut)) bounds.add(cut);
        }
        return bounds;
    }

    /** The boundary nearest {@code target}, ties to the earlier one; -1 when there is none. */
    private static int nearest(List<Integer> bounds, double target) {
        int best = -1;
        double bestDist = Double.MAX_VALUE;
        for (int b : bounds) {
            double dist = Math.abs(b - target);
            if (dist < bestDist) { // strict: ties keep the earlier boundary
                bestDist = dist;
                best = b;
            }
        }
        return best;
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u2019' || c == '\u201D';
    }

    public static Result build(List<Document> docs, long seed, double validationFraction) {
        return build(docs, seed, validationFraction, DEFAULT_MIN_TOKENS);
    }

    public static Result build(List<Document> docs, long seed, double validationFraction, int minTokens) {
        return build(docs, seed, validationFraction, minTokens, false);
    }

    public static Result build(List<Document> docs, long seed, double validationFraction, int minTokens, boolean clean) {
        return build(docs, seed, validationFraction, minTokens, clean, 1);
    }

    /**
     * As above; each train document gives up to {@code trainCuts} pairs ({@link #cuts}, the middle
     * cut first, all with the document's id; a later cut with a half under {@code minTokens} tokens
     * is skipped), validation and test documents the middle cut only. Which documents are dropped,
     * and the splits, do not depend on {@code trainCuts}.
     */
    public static Result build(List<Document> docs, long seed, double validationFraction, int minTokens, boolean clean,
                               int trainCuts) {
        if (trainCuts < 1) throw new IllegalArgumentException("trainCuts must be at least 1, got " + trainCuts);
        Tokenizer tok = Tokenizer.standard();
        List<Document> kept = new ArrayList<>();
        List<List<String[]>> halves = new ArrayList<>();
        int noBoundary = 0, tooShort = 0, emptied = 0;
        for (Document d : docs) {
            String text = clean ? PostCleaner.clean(d.text()) : d.text();
            if (clean && text.isEmpty()) {
                emptied++;
                continue;
            }
            List<String[]> c = cuts(text, trainCuts);
            if (c.isEmpty()) {
                noBoundary++;
                continue;
            }
            if (!longEnough(tok, c.get(0), minTokens)) {
                tooShort++;
                continue;
            }
            kept.add(d);
            halves.add(c);
        }
        int n = kept.size();
        boolean[] test = new boolean[n];
        boolean[] validation = new boolean[n];
        boolean anySplit = kept.stream().anyMatch(d -> d.split() != null);
        boolean givenValidation = kept.stream().anyMatch(d -> isValidation(d.split()));
        if (anySplit) {
            for (int i = 0; i < n; i++) {
                test[i] = "test".equalsIgnoreCase(kept.get(i).split());
                validation[i] = isValidation(kept.get(i).split());
            }
        } else {
            test = Datasets.seededTestSplit(n, seed); // the draw PairDataset makes, per document, for a file without splits
        }
        if (!givenValidation) {
            List<Integer> trainIdx = new ArrayList<>();
            for (int i = 0; i < n; i++) if (!test[i]) trainIdx.add(i);
            for (int v : Datasets.validationSplit(trainIdx.size(), validationFraction, seed)[1]) validation[trainIdx.get(v)] = true;
        }
        List<Pair> pairs = new ArrayList<>(n);
        int extra = 0;
        for (int i = 0; i < n; i++) {
            String split = test[i] ? "test" : validation[i] ? "validation" : "train";
            List<String[]> c = halves.get(i);
            pairs.add(new Pair(kept.get(i).id(), split, c.get(0)[0], c.get(0)[1]));
            if (!split.equals("train")) continue;
            for (int j = 1; j < c.size(); j++) {
                if (!longEnough(tok, c.get(j), minTokens)) continue;
                pairs.add(new Pair(kept.get(i).id(), split, c.get(j)[0], c.get(j)[1]));
                extra++;
            }
        }
        return new Result(pairs, noBoundary, tooShort, emptied, extra);
    }

    /** Id prefix of the index adaptation's pairs: a stored article's pair keeps the article's id behind it. */
    public static final String INDEX_ID_PREFIX = "index/";

    /**
     * Index adaptation ({@code train --index-self-pairs}): the stored side of the test pairs, each Y
     * article cut again at the sentence boundary nearest its middle, as train pairs, in test order.
     * A Y article without such a boundary, or with a half under {@code minTokens} tokens, gives none:
     * the rules by which {@link #build} drops a document. Only Y text is read; no query (X) text and
     * no pairing, so the encoder learns the stored articles' words, not which query belongs to which.
     */
    public static List<Pair> indexSelfPairs(List<Pair> testPairs, int minTokens) {
        List<Pair> out = new ArrayList<>();
        for (Pair p : testPairs) addIndexPair(out, p.id(), p.y(), minTokens);
        return out;
    }

    /** As {@link #indexSelfPairs} for the documents of a corpus to be stored ({@code train --index-from}), in corpus order. */
    public static List<Pair> indexPairs(List<Document> stored, int minTokens) {
        List<Pair> out = new ArrayList<>();
        for (Document d : stored) addIndexPair(out, d.id(), d.text(), minTokens);
        return out;
    }

    private static void addIndexPair(List<Pair> out, String id, String text, int minTokens) {
        String[] h = splitHalves(text);
        if (h != null && longEnough(Tokenizer.standard(), h, minTokens)) out.add(new Pair(INDEX_ID_PREFIX + id, "train", h[0], h[1]));
    }

    private static boolean longEnough(Tokenizer tok, String[] h, int minTokens) {
        return tok.tokenize(h[0]).size() >= minTokens && tok.tokenize(h[1]).size() >= minTokens;
    }

    /** "validation", "valid", "val", "dev" or "cv", any case (the names {@link PairDataset} reads). */
    private static boolean isValidation(String split) {
        if (split == null) return false;
        return switch (split.toLowerCase(java.util.Locale.ROOT)) {
            case "validation", "valid", "val", "dev", "cv" -> true;
            default -> false;
        };
    }
}
