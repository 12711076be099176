package ammi.util;

/**
 * The stream of {@code new java.util.SplittableRandom(seed)} (nextInt(bound) included), with its
 * one-long state readable so that a checkpoint can store it: java.util's generator hides its
 * state. Same algorithm (SplitMix with the golden gamma), so runs shuffle exactly as before.
 */
public final class ShuffleRandom {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;

    public ShuffleRandom(long seed) {
        this.state = seed;
    }

    /** The generator's whole state; {@code restore(state())} continues the same stream. */
    public long state() {
        return state;
    }

    public static ShuffleRandom restore(long state) {
        return new ShuffleRandom(state);
    }

    public int nextInt() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
        return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
    }

    /** Uniform in [0, bound), rejecting over-represented values like java.util.random.RandomSupport. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("bound must be positive, got " + bound);
        int r = nextInt();
        int m = bound - 1;
        if ((bound & m) == 0) return r & m;
        for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
            // rejected: draw again
        }
        return r;
    }
}
