package ammi.cli;

import ammi.backend.cuda.Cuda;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** --device on a machine without a GPU: auto says so in one line and trains on the CPU; cuda is a one-line error. */
class DeviceCliTest extends CliTestBase {

    @Test
    void cudaWithoutGpuIsOneClearLineBeforeAnyWork() {
        String why = Cuda.unavailableReason();
        assumeTrue(why != null, "this machine has a GPU");
        assertEquals(1, Main.run("train", "--device", "cuda"));
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: --device cuda: "), e);
        assertFalse(out().contains("data "), "no corpus is loaded first: " + out());
        assertFalse(e.contains("Exception"), e);
    }

    @Test
    void autoFallsBackToTheCpuAndSaysWhy() {
        String why = Cuda.unavailableReason();
        assumeTrue(why != null, "this machine has a GPU");
        assertEquals(0, Main.run("train", "--data", "bbc", "--vocab-size", "500", "--epochs", "1", "--quiet"));
        assertTrue(out().contains("device: cpu (" + why + ")"), out());
        assertTrue(out().contains("backend: cpu"), out());
    }

    @Test
    void unknownDeviceNamesTheOption() {
        assertEquals(1, Main.run("train", "--device", "tpu"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--device must be one of auto, cpu, cuda, got 'tpu'"));
        assertEquals(1, Main.run("eval", "--model", "x.ammi", "--device", "tpu"));
    }
}
