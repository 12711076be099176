package ammi.model;

import ammi.util.ShuffleRandom;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The random grid of the search (issue 6). It contains the "effective range" the paper reports
 * for its random grid search (Stratos and Wiseman 2020, section 5: N in {16..128}, G in {1, 2, 4},
 * eta' in {0.03..0.001}, eta in {0.03..0.0001}, beta in {1..3.5}) and widens it to every value
 * of the published per-cell settings. Run i of a search with seed S draws every hyperparameter from its own
 * generator seeded by (S, i), always all of them in the same order, so that a run's settings
 * depend on S and i only: not on which options are fixed, nor on the runs done before it.
 */
public final class SearchGrid {

    /** One searched hyperparameter: its option (as the user would fix it) and its grid. */
    public enum Param {
        SEED("--seed"),
        LR("--lr", 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001),
        CLIP("--clip", 1, 5, 10),
        BATCH_SIZE("--batch-size", 16, 32, 64, 128, 256),
        INIT("--init", 0, 0.5, 0.1, 0.05, 0.01),
        LR_PRIOR("--lr-prior", 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001),
        ENTROPY_WEIGHT("--entropy-weight", 1, 1.5, 2, 2.5, 3, 3.5),
        PRIOR_STEPS("--prior-steps", 1, 2, 4),
        HIDDEN("--hidden", 8, 12, 16, 20, 24, 28),
        LAYERS("--layers", 0, 1, 2),
        RAW_PRIOR("--raw-prior", 0, 0, 0, 1); // "no" three times in four, as in the reference

        public final String option;
        private final double[] grid;

        Param(String option, double... grid) {
            this.option = option;
            this.grid = grid;
        }

        /** The grid's values (empty for the seed, which is any integer in [1, MAX_SEED)). */
        public double[] grid() {
            return grid.clone();
        }
    }

    /** Seeds are drawn below this, like the five-digit seeds of the published settings. */
    public static final int MAX_SEED = 100_000;

    private SearchGrid() {}

    /**
     * The configuration of run {@code run}: {@code base} with every parameter whose option is not
     * in {@code fixedOptions} replaced by a draw from the grid.
     */
    public static AmmiConfig sample(AmmiConfig base, long searchSeed, int run, Set<String> fixedOptions) {
        ShuffleRandom rng = new ShuffleRandom(searchSeed * 0x9E3779B97F4A7C15L + run);
        AmmiConfig c = base.copy();
        for (Param p : Param.values()) {
            double v = p == Param.SEED ? 1 + rng.nextInt(MAX_SEED - 1) : p.grid[rng.nextInt(p.grid.length)];
            if (!fixedOptions.contains(p.option)) set(c, p, v); // drawn either way, so fixing one shifts no other
        }
        c.validate();
        return c;
    }

    private static void set(AmmiConfig c, Param p, double v) {
        switch (p) {
            case SEED -> c.seed = (long) v;
            case LR -> c.lr = v;
            case CLIP -> c.clip = v;
            case BATCH_SIZE -> c.batchSize = (int) v;
            case INIT -> c.init = v;
            case LR_PRIOR -> c.lrPrior = v;
            case ENTROPY_WEIGHT -> c.entropyWeight = v;
            case PRIOR_STEPS -> c.priorSteps = (int) v;
            case HIDDEN -> c.hidden = (int) v;
            case LAYERS -> c.layers = (int) v;
            case RAW_PRIOR -> c.rawPrior = v != 0;
        }
    }

    /** The options that the grid samples, in grid order. */
    public static List<String> options() {
        return Arrays.stream(Param.values()).map(p -> p.option).toList();
    }
}
