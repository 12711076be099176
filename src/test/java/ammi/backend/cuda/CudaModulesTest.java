package ammi.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs without a GPU: every kernels/*.cu must be a module the CUDA backend loads, and every kernel
 * the Java side looks up must be defined in its module. Once a new file (bit_order.cu) was left out
 * of the list, and every {@code --device cuda} run failed on the GPU machine with "no kernel
 * module", which no test on a machine without a GPU could see.
 */
class CudaModulesTest {
    @Test
    void everyKernelSourceIsALoadedModule() throws IOException {
        List<String> sources;
        try (Stream<Path> files = Files.list(Path.of("kernels"))) {
            sources = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
        List<String> modules = Arrays.stream(Cuda.MODULES).sorted().toList();
        assertEquals(sources, modules, "Cuda.MODULES against kernels/*.cu");
    }

    @Test
    void everyKernelLookedUpIsDefinedInItsModule() throws IOException {
        Pattern lookup = Pattern.compile("function\\(\"([a-z_0-9]+)\",\\s*\"([A-Za-z_0-9]+)\"\\)");
        List<String> missing = new ArrayList<>();
        int lookups = 0;
        try (Stream<Path> files = Files.list(Path.of("src/main/java/ammi/backend/cuda"))) {
            for (Path java : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                Matcher m = lookup.matcher(Files.readString(java));
                while (m.find()) {
                    lookups++;
                    String module = m.group(1), kernel = m.group(2);
                    Path cu = Path.of("kernels", module + ".cu");
                    boolean defined = Files.exists(cu) && Pattern.compile("extern \"C\" __global__ void " + kernel + "\\(")
                            .matcher(Files.readString(cu)).find();
                    if (!defined || !Arrays.asList(Cuda.MODULES).contains(module))
                        missing.add(java.getFileName() + ": " + module + "/" + kernel);
                }
            }
        }
        assertTrue(lookups >= 30, "found only " + lookups + " kernel lookups: has the lookup call changed?");
        assertEquals(List.of(), missing, "kernels looked up but not defined in a loaded module");
    }
}
