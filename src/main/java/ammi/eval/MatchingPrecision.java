package ammi.eval;

import ammi.util.Parallel;

/**
 * Matching precision for predictive hashing: how often the code {@code y_i} paired with
 * {@code x_i} is among the top-K {@code y} codes nearest to {@code x_i}.
 */
public final class MatchingPrecision {

    private MatchingPrecision() {}

    /**
     * Percentage of {@code i} for which {@code y_i} ranks among the {@code K = min(k, n)} nearest
     * {@code y} codes to {@code x_i}, ties by index. Membership needs only the rank of {@code y_i}
     * (codes strictly closer, plus equally close ones with a smaller index), so no top-K list is built.
     */
    public static double matchingAtK(PackedCodes x, PackedCodes y, int k) {
        return matchingAtK(x, y, null, k);
    }

    /**
     * The same with {@code distractors} (may be null) added to the candidates before the y codes,
     * so a distractor as close as the partner ranks ahead of it. A larger pool makes the score
     * harder and closer to a larger test pool's; losing the ties keeps codes that collapse onto a
     * few values from scoring by the y codes' index order (all-equal codes would otherwise keep
     * 100/n of the plain score whatever the distractors).
     */
    public static double matchingAtK(PackedCodes x, PackedCodes y, PackedCodes distractors, int k) {
        int n = x.count(), m = x.bits();
        if (distractors != null && distractors.bits() != m)
            throw new IllegalArgumentException("code lengths differ: x " + m + " vs distractors " + distractors.bits());
        int extra = distractors == null ? 0 : distractors.count();
        if (y.bits() != m) throw new IllegalArgumentException("code lengths differ: x " + m + " vs y " + y.bits());
        if (y.count() != n) throw new IllegalArgumentException("x has " + n + " codes but y has " + y.count());
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (n == 0) throw new IllegalArgumentException("matching@K needs at least one pair");
        int kk = Math.min(k, n + extra);
        boolean[] hit = new boolean[n];
        Parallel.forRange(n, (long) (n + extra) * x.wordsPerCode(), (lo, hi, worker) -> {
            for (int i = lo; i < hi; i++) {
                int di = x.distance(i, y, i), rank = 0;
                for (int j = 0; j < n && rank < kk; j++) {
                    int d = x.distance(i, y, j);
                    if (d < di || (d == di && j < i)) rank++;
                }
                for (int j = 0; j < extra && rank < kk; j++)
                    if (x.distance(i, distractors, j) <= di) rank++;
                hit[i] = rank < kk;
            }
        });
        int c = 0;
        for (boolean h : hit) if (h) c++;
        return 100.0 * c / n;
    }

    /**
     * The same ranking by likelihood ({@link CodeLikelihood}): {@code y_i} ranks by the codes more
     * likely than it under q(z | x_i), plus equally likely ones with a smaller index; a distractor as
     * likely as the partner ranks ahead of it, as under Hamming distance.
     */
    public static double matchingAtK(CodeLikelihood x, PackedCodes y, PackedCodes distractors, int k) {
        int n = x.count();
        x.checkCodes(y);
        if (distractors != null) x.checkCodes(distractors);
        int extra = distractors == null ? 0 : distractors.count();
        if (y.count() != n) throw new IllegalArgumentException("x has " + n + " queries but y has " + y.count() + " codes");
        if (k < 1) throw new IllegalArgumentException("k must be at least 1, got " + k);
        if (n == 0) throw new IllegalArgumentException("matching@K needs at least one pair");
        int kk = Math.min(k, n + extra);
        boolean[] hit = new boolean[n];
        Parallel.forRange(n, (long) (n + extra) * ((x.bits() + 7) >>> 3), (lo, hi, worker) -> {
            CodeLikelihood.Scorer s = x.scorer();
            for (int i = lo; i < hi; i++) {
                s.reset(i);
                double si = s.score(y, i);
                if (Double.isNaN(si)) continue; // NaN logits: a miss, never a hit that no comparison refutes
                int rank = 0;
                for (int j = 0; j < n && rank < kk; j++) {
                    double v = s.score(y, j);
                    if (v > si || (v == si && j < i)) rank++;
                }
                for (int j = 0; j < extra && rank < kk; j++)
                    if (s.score(distractors, j) >= si) rank++;
                hit[i] = rank < kk;
            }
        });
        int c = 0;
        for (boolean h : hit) if (h) c++;
        return 100.0 * c / n;
    }
}
