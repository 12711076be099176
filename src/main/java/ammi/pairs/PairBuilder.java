package ammi.pairs;

import ammi.data.Datasets;
import ammi.data.Document;
import ammi.data.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes (X, Y) pairs out of any corpus: each document is cut at the sentence boundary nearest to
 * its middle; X is the first half, Y the second. A sentence boundary is the whitespace after
 * {@code .}, {@code !} or {@code ?} (optionally followed by closing quotes or brackets), or a
 * blank line. The cut must leave at least a quarter of the (trimmed) text on each side, and each
 * half at least {@code minTokens} tokens of {@link Tokenizer#standard()}; other documents are
 * dropped and counted. With {@code clean}, each text first goes through {@link PostCleaner} (Usenet
 * headers, quotes and signatures removed); a document left empty is dropped and counted apart.
 *
 * <p>Splits: a document marked {@code "split": "test"} gives a test pair, every other one a
 * train pair; if no document has a split, a seeded 20% of the pairs become test. Then a seeded
 * {@code validationFraction} of the train pairs become validation (the same rule as
 * {@link Datasets#validationSplit}).
 */
public final class PairBuilder {
    public static final int DEFAULT_MIN_TOKENS = 5;

    /** The pairs in corpus order, and the documents dropped by reason. */
    public record Result(List<Pair> pairs, int noBoundary, int tooShort, int emptied) {
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
        String t = text.strip();
        int len = t.length();
        if (len < 4) return null;
        double mid = len / 2.0;
        int best = -1;
        double bestDist = Double.MAX_VALUE;
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
            if (cut < 0) continue;
            double d = Math.abs(cut - mid);
            if (d < bestDist) { // strict: ties keep the earlier boundary
                bestDist = d;
                best = cut;
            }
        }
        if (best < 0 || best < len / 4.0 || len - best < len / 4.0) return null;
        String x = t.substring(0, best).strip(), y = t.substring(best).strip();
        if (x.isEmpty() || y.isEmpty()) return null;
        return new String[] {x, y};
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
        Tokenizer tok = Tokenizer.standard();
        List<Document> kept = new ArrayList<>();
        List<String[]> halves = new ArrayList<>();
        int noBoundary = 0, tooShort = 0, emptied = 0;
        for (Document d : docs) {
            String text = clean ? PostCleaner.clean(d.text()) : d.text();
            if (clean && text.isEmpty()) {
                emptied++;
                continue;
            }
            String[] h = splitHalves(text);
            if (h == null) {
                noBoundary++;
                continue;
            }
            if (tok.tokenize(h[0]).size() < minTokens || tok.tokenize(h[1]).size() < minTokens) {
                tooShort++;
                continue;
            }
            kept.add(d);
            halves.add(h);
        }
        int n = kept.size();
        boolean[] test = new boolean[n];
        boolean anySplit = kept.stream().anyMatch(d -> d.split() != null);
        if (anySplit) {
            for (int i = 0; i < n; i++) test[i] = "test".equalsIgnoreCase(kept.get(i).split());
        } else {
            int[] perm = permutation(n, new SplittableRandom(seed ^ 0x5DEECE66DL));
            int nTest = (int) Math.round(0.2 * n);
            for (int i = 0; i < nTest; i++) test[perm[i]] = true;
        }
        List<Integer> trainIdx = new ArrayList<>();
        for (int i = 0; i < n; i++) if (!test[i]) trainIdx.add(i);
        boolean[] validation = new boolean[n];
        for (int v : Datasets.validationSplit(trainIdx.size(), validationFraction, seed)[1]) validation[trainIdx.get(v)] = true;
        List<Pair> pairs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String split = test[i] ? "test" : validation[i] ? "validation" : "train";
            pairs.add(new Pair(kept.get(i).id(), split, halves.get(i)[0], halves.get(i)[1]));
        }
        return new Result(pairs, noBoundary, tooShort, emptied);
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
