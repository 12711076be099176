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
        double[][] mi = new double[m][m];
        for (int i = 0; i < m; i++)
            for (int j = i + 1; j < m; j++) mi[i][j] = mi[j][i] = moments.mutualInformation(i, j);
        int start = 0;
        double startScore = -1;
        for (int i = 0; i < m; i++) {
            double best = 0;
            for (int j = 0; j < m; j++) best = Math.max(best, mi[i][j]);
            if (best > startScore) {
                startScore = best;
                start = i;
            }
        }
        int[] order = new int[m];
        boolean[] placed = new boolean[m];
        order[0] = start;
        placed[start] = true;
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
