package ammi.cli;

import ammi.backend.cuda.Cuda;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The commands a user runs with --device cuda, end to end. Runs only where a GPU is present. */
@Tag("gpu")
class CudaCliTest extends CliTestBase {

    @BeforeEach
    void requireGpu() {
        String why = Cuda.unavailableReason();
        assumeTrue(why == null, "no GPU: " + why);
    }

    @Test
    void trainSaveAndEvalOnTheGpu() {
        Path model = dir.resolve("m.ammi");
        assertEquals(0, Main.run("train", "--device", "cuda", "--data", "bbc", "--vocab-size", "2000", "--bits", "32",
                "--epochs", "2", "--quiet", "--save", model.toString()), err());
        assertTrue(out().contains("backend: cuda, "), out());
        String val = line("validation P@100");
        assertEquals(0, Main.run("eval", "--device", "cuda", "--model", model.toString()), err());
        assertEquals(val, line("validation P@100"), "eval on the GPU reproduces the trained model's validation P@100");
    }

    @Test
    void resumedGpuRunEndsWhereTheUninterruptedRunEnds() throws Exception {
        Path full = dir.resolve("full.ammi"), resumed = dir.resolve("resumed.ammi"), ckpt = dir.resolve("run.ckpt");
        String[] common = {"train", "--device", "cuda", "--data", "bbc", "--vocab-size", "2000", "--bits", "32", "--quiet",
                "--patience", "10"};
        assertEquals(0, Main.run(concat(common, "--epochs", "3", "--checkpoint-every", "2", "--checkpoint", ckpt.toString(),
                "--save", full.toString())), err());
        assertEquals(0, Main.run("train", "--device", "cuda", "--resume", ckpt.toString(), "--save", resumed.toString(),
                "--quiet"), err());
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(resumed), "the same model file, byte for byte");
    }

    private String line(String prefix) {
        return out().lines().filter(l -> l.startsWith(prefix)).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(out()));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
