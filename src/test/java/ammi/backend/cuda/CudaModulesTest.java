package ammi.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Runs without a GPU: every kernels/*.cu must be a module the CUDA backend loads. Once a new file
 * (bit_order.cu) was left out, and every {@code --device cuda} run failed on the GPU machine with
 * "no kernel module", which no test on a machine without a GPU could see.
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
}
