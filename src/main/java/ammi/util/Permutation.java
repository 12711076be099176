package ammi.util;

import java.util.SplittableRandom;

/** Seeded random permutations, the one draw behind every deterministic split (corpora and pairs). */
public final class Permutation {
    private Permutation() {}

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates from the top), fixed by the generator's seed. */
    public static int[] of(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
