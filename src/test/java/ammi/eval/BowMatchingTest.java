package ammi.eval;

import ammi.data.CsrMatrix;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BowMatchingTest {

    static CsrMatrix fromDense(double[][] d) {
        List<Integer> ci = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        int[] ptr = new int[d.length + 1];
        for (int r = 0; r < d.length; r++) {
            for (int c = 0; c < d[r].length; c++) {
                if (d[r][c] != 0) {
                    ci.add(c);
                    v.add(d[r][c]);
                }
            }
            ptr[r + 1] = ci.size();
        }
        return new CsrMatrix(d.length, d[0].length, ptr, ci.stream().mapToInt(Integer::intValue).toArray(),
                v.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Dense cosine, full sort of all candidates by (score desc, index asc), then membership. */
    static double bruteForce(double[][] x, double[][] y, int k) {
        int n = x.length, hits = 0;
        for (int i = 0; i < n; i++) {
            double[] s = new double[n];
            for (int j = 0; j < n; j++) {
                double dot = 0, nx = 0, ny = 0;
                for (int c = 0; c < x[i].length; c++) {
                    dot += x[i][c] * y[j][c];
                    nx += x[i][c] * x[i][c];
                    ny += y[j][c] * y[j][c];
                }
                s[j] = nx == 0 || ny == 0 ? 0 : dot / (Math.sqrt(nx) * Math.sqrt(ny));
            }
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
            for (int t = 0; t < Math.min(k, n); t++) if (order[t] == i) hits++;
        }
        return 100.0 * hits / n;
    }

    @Test
    void matchesDenseBruteForceWithTies() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 8; trial++) {
            int n = 30 + trial * 5, v = 12;
            double[][] x = new double[n][v], y = new double[n][v];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < v; c++) {
                    if (rng.nextDouble() < 0.25) x[i][c] = rng.nextInt(1, 4);
                    if (rng.nextDouble() < 0.25) y[i][c] = rng.nextInt(1, 4);
                }
                if (i % 7 == 3) y[i] = y[i - 1].clone(); // exact ties
                if (i % 11 == 5) x[i] = new double[v]; // a query with no term: every score 0
            }
            for (int k : new int[] {1, 3, 10, n + 5}) {
                assertEquals(bruteForce(x, y, k), BowMatching.matchingAtK(fromDense(x), fromDense(y), k), 1e-12,
                        "trial " + trial + ", k " + k);
            }
        }
    }

    @Test
    void identicalHalvesMatchPerfectly() {
        double[][] a = {{1, 0, 2}, {0, 1, 0}, {3, 1, 0}, {0, 0, 1}};
        assertEquals(100.0, BowMatching.matchingAtK(fromDense(a), fromDense(a), 1));
    }
}
