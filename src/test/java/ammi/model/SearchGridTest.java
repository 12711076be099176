package ammi.model;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SearchGridTest {
    /** The paper's grid, written out again here rather than read from SearchGrid. */
    static final Map<String, Set<Double>> PAPER = Map.of(
            "--lr", Set.of(0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001),
            "--clip", Set.of(1.0, 5.0, 10.0),
            "--batch-size", Set.of(16.0, 32.0, 64.0, 128.0, 256.0),
            "--init", Set.of(0.0, 0.5, 0.1, 0.05, 0.01),
            "--lr-prior", Set.of(0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001),
            "--entropy-weight", Set.of(1.0, 1.5, 2.0, 2.5, 3.0, 3.5),
            "--prior-steps", Set.of(1.0, 2.0, 4.0),
            "--hidden", Set.of(8.0, 12.0, 16.0, 20.0, 24.0, 28.0),
            "--layers", Set.of(0.0, 1.0, 2.0),
            "--raw-prior", Set.of(0.0, 1.0));

    static Map<String, Double> values(AmmiConfig c) {
        Map<String, Double> v = new HashMap<>();
        v.put("--lr", c.lr);
        v.put("--clip", c.clip);
        v.put("--batch-size", (double) c.batchSize);
        v.put("--init", c.init);
        v.put("--lr-prior", c.lrPrior);
        v.put("--entropy-weight", c.entropyWeight);
        v.put("--prior-steps", (double) c.priorSteps);
        v.put("--hidden", (double) c.hidden);
        v.put("--layers", (double) c.layers);
        v.put("--raw-prior", c.rawPrior ? 1.0 : 0.0);
        v.put("--seed", (double) c.seed);
        return v;
    }

    static AmmiConfig base() {
        AmmiConfig c = new AmmiConfig();
        c.bits = 32;
        c.epochs = 7;
        c.patience = 3;
        c.orderPrior = 2;
        return c;
    }

    @Test
    void drawsOnlyGridValuesAndReachesEveryOne() {
        Map<String, Set<Double>> seen = new HashMap<>();
        int raw = 0, n = 2000;
        for (int i = 1; i <= n; i++) {
            AmmiConfig c = SearchGrid.sample(base(), 11, i, Set.of());
            Map<String, Double> v = values(c);
            for (Map.Entry<String, Set<Double>> e : PAPER.entrySet()) {
                double x = v.get(e.getKey());
                assertTrue(e.getValue().contains(x), e.getKey() + " = " + x + " is not in the paper's grid");
                seen.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(x);
            }
            assertTrue(c.seed >= 1 && c.seed < SearchGrid.MAX_SEED, "seed " + c.seed);
            if (c.rawPrior) raw++;
            // what the grid does not search stays as given
            assertEquals(32, c.bits);
            assertEquals(7, c.epochs);
            assertEquals(3, c.patience);
            assertEquals(2, c.orderPrior);
        }
        for (Map.Entry<String, Set<Double>> e : PAPER.entrySet()) assertEquals(e.getValue(), seen.get(e.getKey()), e.getKey());
        // raw prior: "no, no, no, yes", so a quarter of the runs; 2000 draws put it within +-4 sigma of 500
        assertTrue(raw > 500 - 4 * 19.4 && raw < 500 + 4 * 19.4, "raw prior in " + raw + " of " + n + " runs");
    }

    @Test
    void fixedOptionsKeepTheirValueAndShiftNoOtherDraw() {
        AmmiConfig base = base();
        base.lr = 0.5; // not a grid value: it can only come from the base
        base.hidden = 99;
        base.rawPrior = true;
        for (int i = 1; i <= 200; i++) {
            AmmiConfig free = SearchGrid.sample(base, 3, i, Set.of());
            AmmiConfig fixed = SearchGrid.sample(base, 3, i, Set.of("--lr", "--hidden", "--raw-prior"));
            assertEquals(0.5, fixed.lr);
            assertEquals(99, fixed.hidden);
            assertTrue(fixed.rawPrior);
            Map<String, Double> a = values(free), b = values(fixed);
            for (String o : List.of("--seed", "--clip", "--batch-size", "--init", "--lr-prior", "--entropy-weight", "--prior-steps", "--layers")) {
                assertEquals(a.get(o), b.get(o), o + " of run " + i);
            }
        }
    }

    @Test
    void runSettingsDependOnSearchSeedAndRunOnly() {
        for (int i = 1; i <= 50; i++) {
            assertEquals(SearchGrid.sample(base(), 5, i, Set.of()).toFlags(), SearchGrid.sample(base(), 5, i, Set.of()).toFlags());
        }
        assertNotEquals(SearchGrid.sample(base(), 5, 1, Set.of()).toFlags(), SearchGrid.sample(base(), 6, 1, Set.of()).toFlags());
        assertNotEquals(SearchGrid.sample(base(), 5, 1, Set.of()).toFlags(), SearchGrid.sample(base(), 5, 2, Set.of()).toFlags());
    }

    @Test
    void everyGridOptionIsAnOptionOfTrain() {
        assertEquals(List.of("--seed", "--lr", "--clip", "--batch-size", "--init", "--lr-prior", "--entropy-weight", "--prior-steps",
                "--hidden", "--layers", "--raw-prior"), SearchGrid.options());
    }
}
