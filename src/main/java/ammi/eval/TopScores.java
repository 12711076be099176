package ammi.eval;

/** The K best indices of a score array, best first, ties by lower index: every ranking by real-valued scores. */
public final class TopScores {
    private TopScores() {}

    /** Fills {@code out} with the {@code out.length} best indices of {@code score}, best first. */
    public static void topOf(double[] score, int kk, int[] out) {
        // Min-heap on "goodness": the root is the worst of the kept, replaced when a better one comes.
        int size = 0;
        for (int j = 0; j < score.length; j++) {
            if (size < kk) {
                out[size] = j;
                siftUp(out, size++, score);
            } else if (better(j, out[0], score)) {
                out[0] = j;
                siftDown(out, 0, kk, score);
            }
        }
        // Heap-sort in place: pop the worst to the end, leaving the best first.
        for (int end = kk - 1; end > 0; end--) {
            int t = out[0];
            out[0] = out[end];
            out[end] = t;
            siftDown(out, 0, end, score);
        }
    }

    /** Higher score first; equal scores by lower index. */
    private static boolean better(int a, int b, double[] s) {
        return s[a] > s[b] || (s[a] == s[b] && a < b);
    }

    private static void siftUp(int[] h, int i, double[] s) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(h[parent], h[i], s)) break;
            int t = h[parent];
            h[parent] = h[i];
            h[i] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] h, int i, int size, double[] s) {
        while (true) {
            int l = 2 * i + 1, r = l + 1, worst = i;
            if (l < size && better(h[worst], h[l], s)) worst = l;
            if (r < size && better(h[worst], h[r], s)) worst = r;
            if (worst == i) return;
            int t = h[worst];
            h[worst] = h[i];
            h[i] = t;
            i = worst;
        }
    }
}
