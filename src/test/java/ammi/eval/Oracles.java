package ammi.eval;

import java.util.Arrays;
import java.util.Random;

/** Naive reference computations on unpacked bits, shared by the eval tests. */
final class Oracles {

    private Oracles() {}

    static byte[] randomBits(Random rnd, int n, int m) {
        byte[] b = new byte[n * m];
        for (int t = 0; t < b.length; t++) b[t] = (byte) rnd.nextInt(2);
        return b;
    }

    static int naiveDistance(byte[] a, int i, byte[] b, int j, int m) {
        int d = 0;
        for (int t = 0; t < m; t++) if (a[i * m + t] != b[j * m + t]) d++;
        return d;
    }

    /** All base indices sorted by (distance, index), first min(k, n) of them. */
    static int[] naiveTopK(byte[] base, int nb, byte[] queries, int q, int m, int k) {
        Integer[] idx = new Integer[nb];
        int[] d = new int[nb];
        for (int j = 0; j < nb; j++) {
            idx[j] = j;
            d[j] = naiveDistance(queries, q, base, j, m);
        }
        Arrays.sort(idx, (x, y) -> d[x] != d[y] ? Integer.compare(d[x], d[y]) : Integer.compare(x, y));
        int kk = Math.min(k, nb);
        int[] out = new int[kk];
        for (int r = 0; r < kk; r++) out[r] = idx[r];
        return out;
    }

    static boolean naiveShare(int[] a, int[] b) {
        for (int x : a) for (int y : b) if (x == y) return true;
        return false;
    }

    static double naivePrecision(byte[] qBits, int[][] qLab, byte[] bBits, int[][] bLab, int m, int k) {
        int nq = qLab.length, nb = bLab.length, kk = Math.min(k, nb);
        double sum = 0;
        for (int q = 0; q < nq; q++) {
            int[] top = naiveTopK(bBits, nb, qBits, q, m, k);
            int h = 0;
            for (int j : top) if (naiveShare(qLab[q], bLab[j])) h++;
            sum += (double) h / kk;
        }
        return 100.0 * sum / nq;
    }

    static double naiveMatching(byte[] x, byte[] y, int n, int m, int k) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            for (int j : naiveTopK(y, n, x, i, m, k)) {
                if (j == i) {
                    c++;
                    break;
                }
            }
        }
        return 100.0 * c / n;
    }

    /** Sorted, duplicate-free label lists of size 0..maxPerDoc drawn from [0, numLabels). */
    static int[][] randomLabels(Random rnd, int n, int numLabels, int maxPerDoc) {
        int[][] out = new int[n][];
        for (int d = 0; d < n; d++) {
            out[d] = rnd.ints(rnd.nextInt(maxPerDoc + 1), 0, numLabels).distinct().sorted().toArray();
        }
        return out;
    }
}
