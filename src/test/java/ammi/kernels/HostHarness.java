package ammi.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Compiles a kernels/test/*.cpp host harness with g++ into target/kernel-harness; skips the test without g++. */
final class HostHarness {
    private HostHarness() {}

    /** kernels/test/NAME.cpp compiled (warnings are errors) to target/kernel-harness/NAME. */
    static Path compile(String name) throws Exception {
        boolean gpp;
        try {
            Process v = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
            v.getInputStream().readAllBytes();
            gpp = v.waitFor(30, TimeUnit.SECONDS) && v.exitValue() == 0;
        } catch (IOException e) {
            gpp = false;
        }
        String source = "kernels/test/" + name + ".cpp";
        assumeTrue(gpp, "g++ not found on the PATH: skipping the CUDA kernel host harness " + source);
        Path dir = Path.of("target", "kernel-harness");
        Files.createDirectories(dir);
        Path exe = dir.resolve(name);
        Process c = new ProcessBuilder("g++", "-O2", "-std=c++17", "-Wall", "-Wextra", "-Werror", "-Ikernels",
                "-o", exe.toString(), source).redirectErrorStream(true).start();
        String log = new String(c.getInputStream().readAllBytes());
        assertTrue(c.waitFor(120, TimeUnit.SECONDS), "g++ timed out");
        assertEquals(0, c.exitValue(), "g++ failed on " + source + ":\n" + log);
        return exe;
    }
}
