package ammi.cli;

import ammi.data.Dataset;
import ammi.data.MatFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a corpus, as this engine builds it, in the VDSH .mat layout.",
                "Keys train/cv/test hold sparse TF-IDF, gnd_train/gnd_cv/gnd_test multi-hot labels, "
                        + "so that other implementations can be run on exactly the same documents."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Option(names = "--out", paramLabel = "FILE.mat", required = true, description = "Output file (written atomically).")
    Path out;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().endsWith(".mat")) {
            throw new ammi.util.UserError("--out " + out + ": the file name must end in .mat");
        }
        Dataset data = dataArgs.load();
        MatFiles.write(data, out);
        System.out.printf("wrote %s: %d train, %d cv, %d test documents, V = %d, %d labels%n", out,
                data.train().x().rows, data.validation().x().rows, data.test().x().rows,
                data.vocabSize(), data.labelNames().length);
        return 0;
    }
}
