package ammi.eval;

import java.util.Arrays;

/**
 * {@code n} binary codes of {@code m} bits, packed row-major into {@code W = ceil(m/64)} longs
 * per code: bit {@code i} of code {@code d} is bit {@code i % 64} of word {@code d*W + i/64}.
 * Unused high bits of the last word are always zero, so XOR + popcount needs no mask.
 */
public final class PackedCodes {

    private final int n;
    private final int m;
    private final int w;
    private final long[] words;

    private PackedCodes(int n, int m, long[] words) {
        this.n = n;
        this.m = m;
        this.w = wordsPerCode(m);
        this.words = words;
    }

    static int wordsPerCode(int m) {
        return (m + 63) >>> 6;
    }

    /** Packs {@code bits[d*m + i]} (each 0 or 1) for {@code n} codes of {@code m} bits. */
    public static PackedCodes fromBits(byte[] bits, int n, int m) {
        if (m < 1) throw new IllegalArgumentException("code length must be at least 1 bit, got " + m);
        if (n < 0) throw new IllegalArgumentException("number of codes must be >= 0, got " + n);
        if (bits.length != (long) n * m) {
            throw new IllegalArgumentException("expected " + ((long) n * m) + " bits for " + n + " codes of "
                    + m + " bits, got " + bits.length);
        }
        int w = wordsPerCode(m);
        long[] words = new long[Math.multiplyExact(n, w)];
        for (int d = 0; d < n; d++) {
            int src = d * m, dst = d * w;
            for (int i = 0; i < m; i++) {
                byte b = bits[src + i];
                if (b == 1) {
                    words[dst + (i >>> 6)] |= 1L << (i & 63);
                } else if (b != 0) {
                    throw new IllegalArgumentException("bit " + i + " of code " + d + " is " + b + ", expected 0 or 1");
                }
            }
        }
        return new PackedCodes(n, m, words);
    }

    /**
     * Wraps {@code n*W} already packed words (not copied), as {@link #words()} returns them.
     * Padding bits above {@code m} must be zero: distances rely on it.
     */
    public static PackedCodes fromWords(long[] words, int n, int m) {
        if (m < 1) throw new IllegalArgumentException("code length must be at least 1 bit, got " + m);
        if (n < 0) throw new IllegalArgumentException("number of codes must be >= 0, got " + n);
        int w = wordsPerCode(m);
        if (words.length != (long) n * w) {
            throw new IllegalArgumentException("expected " + ((long) n * w) + " words for " + n + " codes of " + m
                    + " bits, got " + words.length);
        }
        if ((m & 63) != 0) {
            long padding = -1L << (m & 63);
            for (int d = 0; d < n; d++) {
                if ((words[d * w + w - 1] & padding) != 0) {
                    throw new IllegalArgumentException("code " + d + " has bits set above bit " + (m - 1));
                }
            }
        }
        return new PackedCodes(n, m, words);
    }

    public int count() {
        return n;
    }

    public int bits() {
        return m;
    }

    /** Words per code. */
    public int wordsPerCode() {
        return w;
    }

    /** The backing array (not a copy): code {@code d} occupies {@code [d*W, (d+1)*W)}. */
    public long[] words() {
        return words;
    }

    public int bit(int d, int i) {
        if (i < 0 || i >= m) throw new IndexOutOfBoundsException("bit " + i + " of a " + m + "-bit code");
        return (int) (words[d * w + (i >>> 6)] >>> (i & 63)) & 1;
    }

    /** Hamming distance between code {@code i} of this set and code {@code j} of {@code other}. */
    public int distance(int i, PackedCodes other, int j) {
        if (other.m != m) throw new IllegalArgumentException("code lengths differ: " + m + " vs " + other.m);
        long[] a = words, b = other.words;
        int ai = i * w, bj = j * w, d = 0;
        for (int t = 0; t < w; t++) d += Long.bitCount(a[ai + t] ^ b[bj + t]);
        return d;
    }

    /** The codes of {@code a} followed by those of {@code b}. */
    public static PackedCodes concat(PackedCodes a, PackedCodes b) {
        if (a.m != b.m) throw new IllegalArgumentException("code lengths differ: " + a.m + " vs " + b.m);
        long[] w = Arrays.copyOf(a.words, a.words.length + b.words.length);
        System.arraycopy(b.words, 0, w, a.words.length, b.words.length);
        return new PackedCodes(a.n + b.n, a.m, w);
    }

    /** Number of distinct codes (the paper's Table 3 counts how many of the 2^m codes are used). */
    public int distinctCodes() {
        if (n == 0) return 0;
        if (w == 1) {
            long[] s = words.clone();
            Arrays.sort(s);
            int c = 1;
            for (int t = 1; t < n; t++) if (s[t] != s[t - 1]) c++;
            return c;
        }
        Integer[] idx = new Integer[n];
        for (int d = 0; d < n; d++) idx[d] = d;
        Arrays.sort(idx, this::compareCodes);
        int c = 1;
        for (int t = 1; t < n; t++) if (compareCodes(idx[t], idx[t - 1]) != 0) c++;
        return c;
    }

    private int compareCodes(int a, int b) {
        int oa = a * w, ob = b * w;
        for (int t = 0; t < w; t++) {
            int c = Long.compare(words[oa + t], words[ob + t]);
            if (c != 0) return c;
        }
        return 0;
    }
}
