package ammi.pairs;

import ammi.data.CsrMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PairSplitTest {

    @Test
    void swappedCopiesFollowThePairsUnderTheSameIds() {
        // x rows: {1 at col 0}, {2 at col 2}; y rows: {3 at col 1}, {4 at col 0, 5 at col 2}
        CsrMatrix x = new CsrMatrix(2, 3, new int[] {0, 1, 2}, new int[] {0, 2}, new double[] {1, 2});
        CsrMatrix y = new CsrMatrix(2, 3, new int[] {0, 1, 3}, new int[] {1, 0, 2}, new double[] {3, 4, 5});
        PairSplit both = new PairSplit("train", x, y, new String[] {"a", "b"}).withSwappedCopies();
        assertEquals(4, both.size());
        double[][] ex = {{1, 0, 0}, {0, 0, 2}, {0, 3, 0}, {4, 0, 5}};
        double[][] ey = {{0, 3, 0}, {4, 0, 5}, {1, 0, 0}, {0, 0, 2}};
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(ex[r], both.x().toDense()[r], 0.0, "x row " + r);
            assertArrayEquals(ey[r], both.y().toDense()[r], 0.0, "y row " + r);
        }
        assertArrayEquals(new String[] {"a", "b", "a", "b"}, both.ids());
        assertArrayEquals(new int[] {0, 1}, both.firstOfEachId(), "the training articles are still the pairs as given");
    }

    @Test
    void firstLinesFollowTheirArticles() {
        CsrMatrix x = new CsrMatrix(2, 3, new int[] {0, 1, 2}, new int[] {0, 2}, new double[] {1, 2});
        CsrMatrix y = new CsrMatrix(2, 3, new int[] {0, 1, 3}, new int[] {1, 0, 2}, new double[] {3, 4, 5});
        PairSplit s = new PairSplit("train", x, y, new String[] {"a", "b"}, new String[] {"xa", "xb"}, new String[] {"ya", "yb"});
        PairSplit both = s.withSwappedCopies();
        assertArrayEquals(new String[] {"xa", "xb", "ya", "yb"}, both.xFirstLines());
        assertArrayEquals(new String[] {"ya", "yb", "xa", "xb"}, both.yFirstLines());
        PairSplit picked = both.select(new int[] {3, 0});
        assertArrayEquals(new String[] {"b", "a"}, picked.ids());
        assertArrayEquals(new String[] {"yb", "xa"}, picked.xFirstLines());
        assertArrayEquals(new String[] {"xb", "ya"}, picked.yFirstLines());
    }
}
