package ammi.cli;

import ammi.data.Dataset;
import ammi.data.LibSvm;
import ammi.data.MatFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a corpus, as this engine builds it, in the VDSH .mat layout",
                "(train/cv/test sparse TF-IDF, gnd_train/gnd_cv/gnd_test multi-hot labels)",
                "or as LibSVM files (FILE.svm train, FILE.val.svm validation, FILE.test.svm test),",
                "so that other implementations can be run on exactly the same documents."})
final class ExportCommand implements Callable<Integer> {
    @Mixin
    DataArgs dataArgs = new DataArgs();

    @Option(names = "--out", paramLabel = "FILE.mat|FILE.svm", required = true,
            description = "Output file, .mat or .svm (written atomically; .svm also writes FILE.val.svm and FILE.test.svm).")
    Path out;

    @Override
    public Integer call() {
        String lower = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean svm = lower.endsWith(".svm") || lower.endsWith(".libsvm") || lower.endsWith(".svmlight");
        if (!svm && !lower.endsWith(".mat")) {
            throw new ammi.util.UserError("--out " + out + ": the file name must end in .mat or .svm");
        }
        if (dataArgs.data != null) OutputChecks.notAnInput(out, "--out", Path.of(dataArgs.data), "--data");
        Dataset data = dataArgs.load();
        if (svm) LibSvm.write(data, out);
        else MatFiles.write(data, out);
        System.out.printf("wrote %s: %d train, %d cv, %d test documents, V = %d, %d labels%n", out,
                data.train().x().rows, data.validation().x().rows, data.test().x().rows,
                data.vocabSize(), data.labelNames().length);
        return 0;
    }
}
