package ammi.model;

/**
 * The order of the m bits along the prior's order-r chain (--reorder-bits). The chain only sees
 * dependencies between bits at most r apart, and an order-0 encoder can hide redundancy from it
 * by repeating a bit far away: the codes then carry fewer effective bits than m while H+(Z)
 * stays near m log 2. Re-ordering so that the most dependent bits sit next to each other lets
 * the adversary see (and so penalise) that redundancy. Any order gives a valid upper bound
 * H+(p_Z, q) >= H(Z); this picks one that makes the bound tighter.
 *
 * <p>Greedy chain: start at the bit with the largest mutual information to any other bit, then
 * repeatedly append the unplaced bit with the largest mutual information to one of the last r
 * placed bits. Ties go to the smaller bit index, so the order is a function of the moments.
 */
public final class BitOrder {
    private BitOrder() {}

    public static int[] identity(int m) {
        int[] order = new int[m];
        for (int i = 0; i < m; i++) order[i] = i;
        return order;
    }

    /** The greedy order for an order-r chain; the identity before any document was seen. */
    public static int[] greedy(BitMoments moments, int r) {
        int m = moments.m;
        if (moments.documents() == 0) return identity(m);
        double[][] mi = table(moments);
        int[] order = new int[m];
        boolean[] placed = new boolean[m];
        order[0] = start(mi);
        placed[order[0]] = true;
        int window = Math.max(1, r);
        for (int k = 1; k < m; k++) {
            int pick = -1;
            double pickScore = -1;
            for (int j = 0; j < m; j++) {
                if (placed[j]) continue;
                double s = 0;
                for (int t = Math.max(0, k - window); t < k; t++) s = Math.max(s, mi[order[t]][j]);
                if (s > pickScore) {
                    pickScore = s;
                    pick = j;
                }
            }
            order[k] = pick;
            placed[pick] = true;
        }
        return order;
    }

    /**
     * The order for a prior whose bits have r parents anywhere earlier (--prior-parents): start as
     * {@link #greedy}, then repeatedly append the unplaced bit whose r largest mutual informations
     * with the placed bits sum highest (what it will see through its parents). Ties go to the
     * smaller bit index.
     */
    public static int[] greedyForParents(BitMoments moments, int r) {
        if (r < 1) throw new IllegalArgumentException("parents need r >= 1, got " + r);
        int m = moments.m;
        if (moments.documents() == 0) return identity(m);
        double[][] mi = table(moments);
        int[] order = new int[m];
        boolean[] placed = new boolean[m];
        order[0] = start(mi);
        placed[order[0]] = true;
        // top[j]: the r largest MI of bit j with a placed bit, descending
        int width = Math.max(1, r);
        double[][] top = new double[m][width];
        for (int k = 1; k < m; k++) {
            int last = order[k - 1];
            int pick = -1;
            double pickScore = -1;
            for (int j = 0; j < m; j++) {
                if (placed[j]) continue;
                insert(top[j], mi[last][j]);
                double s = 0;
                for (double v : top[j]) s += v;
                if (s > pickScore) {
                    pickScore = s;
                    pick = j;
                }
            }
            order[k] = pick;
            placed[pick] = true;
        }
        return order;
    }

    /** The bit with the largest mutual information with any other (the smallest index on ties): where a greedy order starts. */
    private static int start(double[][] mi) {
        int start = 0;
        double startScore = -1;
        for (int i = 0; i < mi.length; i++) {
            double best = 0;
            for (int j = 0; j < mi.length; j++) best = Math.max(best, mi[i][j]);
            if (best > startScore) {
                startScore = best;
                start = i;
            }
        }
        return start;
    }

    private static void insert(double[] desc, double v) {
        int i = desc.length - 1;
        if (v <= desc[i]) return;
        while (i > 0 && desc[i - 1] < v) {
            desc[i] = desc[i - 1];
            i--;
        }
        desc[i] = v;
    }

    /**
     * Each position's r parents for the prior, as positions in {@code order}: the r earlier bits
     * with the largest mutual information to it, the largest first (ties to the earlier position),
     * -1 where fewer than r bits come earlier. The layout of {@link ammi.markov.ParentCrossEntropy}.
     */
    public static int[] parents(BitMoments moments, int[] order, int r) {
        int m = order.length;
        int[] pa = new int[m * r];
        java.util.Arrays.fill(pa, -1);
        if (moments.documents() == 0) return ammi.markov.ParentCrossEntropy.chainParents(m, r);
        double[][] mi = table(moments);
        for (int k = 0; k < m; k++) {
            boolean[] used = new boolean[k];
            for (int j = 0; j < Math.min(r, k); j++) {
                int best = -1;
                for (int t = 0; t < k; t++)
                    if (!used[t] && (best < 0 || mi[order[t]][order[k]] > mi[order[best]][order[k]])) best = t;
                used[best] = true;
                pa[k * r + j] = best;
            }
        }
        return pa;
    }

    private static double[][] table(BitMoments moments) {
        int m = moments.m;
        double[][] mi = new double[m][m];
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m; j++) mi[i][j] = mi[j][i] = moments.mutualInformation(i, j);
        return mi;
    }

    /** Sum over positions of the mutual information with each parent: what a prior with these parents can see. */
    public static double visible(BitMoments moments, int[] order, int[] parents, int r) {
        double s = 0;
        for (int k = 0; k < order.length; k++)
            for (int j = 0; j < r; j++) {
                int t = parents[k * r + j];
                if (t >= 0) s += moments.mutualInformation(order[t], order[k]);
            }
        return s;
    }

    /** Key of the parents (--prior-parents) in a backend's optimiser state. */
    public static final String PARENTS_KEY = "reorder.parents";

    /** The parents saved under {@link #PARENTS_KEY}; the chain's when absent. */
    public static int[] parentsFromState(java.util.Map<String, double[]> state, int m, int r) {
        double[] d = state.get(PARENTS_KEY);
        if (d == null) return ammi.markov.ParentCrossEntropy.chainParents(m, r);
        int[] pa = new int[d.length];
        for (int i = 0; i < d.length; i++) pa[i] = (int) d[i];
        try {
            ammi.markov.ParentCrossEntropy.checkParents(pa, m, r);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("optimiser state " + PARENTS_KEY + ": " + e.getMessage());
        }
        return pa;
    }

    /** Sum of the mutual information of pairs at most r apart in this order: what an order-r chain can see. */
    public static double visible(BitMoments moments, int[] order, int r) {
        double s = 0;
        for (int k = 1; k < order.length; k++)
            for (int t = Math.max(0, k - r); t < k; t++) s += moments.mutualInformation(order[t], order[k]);
        return s;
    }

    /** Whether order is a permutation of 0..m-1. */
    public static boolean isPermutation(int[] order, int m) {
        if (order == null || order.length != m) return false;
        boolean[] seen = new boolean[m];
        for (int v : order) {
            if (v < 0 || v >= m || seen[v]) return false;
            seen[v] = true;
        }
        return true;
    }

    /** Key of the chain order in a backend's optimiser state (training state, saved in resumable checkpoints). */
    public static final String STATE_KEY = "reorder.bitOrder";

    public static double[] toState(int[] order) {
        double[] d = new double[order.length];
        for (int i = 0; i < order.length; i++) d[i] = order[i];
        return d;
    }

    /** The order saved under {@link #STATE_KEY}; the identity when absent (saved before the first reorder). */
    public static int[] fromState(java.util.Map<String, double[]> state, int m) {
        double[] d = state.get(STATE_KEY);
        if (d == null) return identity(m);
        int[] order = new int[d.length];
        for (int i = 0; i < d.length; i++) order[i] = (int) d[i];
        if (!isPermutation(order, m)) throw new IllegalArgumentException("optimiser state " + STATE_KEY + " is not a permutation of " + m + " bits");
        return order;
    }
}
