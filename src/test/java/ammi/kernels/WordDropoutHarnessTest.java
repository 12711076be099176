package ammi.kernels;

import ammi.model.WordDropout;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word-dropout mask of kernels/word_dropout.cuh (what the sparse-layer kernels draw) equals
 * ammi.model.WordDropout's, entry by entry, checked without a GPU: the header is compiled with
 * g++ into kernels/test/word_dropout_harness.cpp. Skipped when g++ is not installed.
 */
class WordDropoutHarnessTest {

    @Test
    void cudaMaskEqualsJavaMask() throws Exception {
        Path exe = HostHarness.compile("word_dropout_harness");
        SplittableRandom rng = new SplittableRandom(8);
        int n = 20000;
        int[] docs = new int[n], cols = new int[n];
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < n; i++) {
            docs[i] = i < 4 ? new int[] {0, 0, Integer.MAX_VALUE, 1 << 20}[i] : rng.nextInt(200000);
            cols[i] = i < 4 ? new int[] {0, Integer.MAX_VALUE, 7, 0}[i] : rng.nextInt(50000);
            in.append(docs[i]).append(' ').append(cols[i]).append('\n');
        }
        // keys with the top bit set too: C's unsigned long long and Java's signed long must agree
        long[][] cases = {{9061, 0, 0}, {9061, 1, 12345}, {-3, 0, 7}, {Long.MAX_VALUE, 1, 1L << 40}};
        for (long[] cs : cases) {
            long key = WordDropout.key(cs[0], (int) cs[1], cs[2]);
            for (double p : new double[] {0.1, 0.5, 0.9}) {
                Process proc = new ProcessBuilder(exe.toString(), Long.toUnsignedString(key), Double.toString(p))
                        .redirectErrorStream(true).start();
                proc.getOutputStream().write(in.toString().getBytes());
                proc.getOutputStream().close();
                String[] out = new String(proc.getInputStream().readAllBytes()).split("\n");
                assertTrue(proc.waitFor(60, TimeUnit.SECONDS) && proc.exitValue() == 0, "harness failed");
                assertEquals(n, out.length);
                int kept = 0;
                for (int i = 0; i < n; i++) {
                    boolean java = WordDropout.keeps(key, docs[i], cols[i], p);
                    assertEquals(java ? "1" : "0", out[i], "key " + key + " p " + p + " entry (" + docs[i] + ", " + cols[i] + ")");
                    if (java) kept++;
                }
                assertEquals(1 - p, kept / (double) n, 0.015, "fraction kept at p " + p);
            }
        }
    }
}
