package ammi.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Out-of-range option values are one error line in every command that takes them, before any file is read. */
class OptionChecksCliTest extends CliTestBase {

    @Test
    void evalTopKMustBePositive() {
        String model = dir.resolve("none.bin").toString();
        for (String k : new String[] {"0", "-3"}) {
            err.reset();
            assertEquals(1, Main.run("eval", "--model", model, "--top-k", k));
            assertOneErrorLine("--top-k must be positive, got " + k);
        }
    }

    @Test
    void negativeThreadsAreRejectedByEveryCommand() {
        String model = dir.resolve("none.bin").toString(), index = dir.resolve("none.codes").toString();
        String[][] commands = {
                {"train"},
                {"baseline", "bow"},
                {"eval", "--model", model},
                {"encode", "--model", model, "--out", dir.resolve("out.codes").toString()},
                {"search", "--model", model, "--index", index, "query"},
                {"neighbors", "--model", model, "--index", index, "--doc", "test:0"},
                {"bench"},
                {"experiment", "prior-order"},
        };
        for (String[] command : commands) {
            err.reset();
            List<String> args = new ArrayList<>(List.of(command));
            args.addAll(List.of("--threads", "-1"));
            assertEquals(1, Main.run(args.toArray(String[]::new)), String.join(" ", command));
            assertOneErrorLine("--threads must be >= 0, got -1");
        }
    }

    @Test
    void negativeEncoderHiddenIsRejected() {
        assertEquals(1, Main.run("train", "--encoder-hidden", "-3", "--encoder-layers", "1"));
        assertOneErrorLine("--encoder-hidden must be >= 0", "-3");
    }

    @Test
    void negativeTopLabelsIsRejected() {
        assertEquals(1, Main.run("dataset", "info", "bbc", "--top-labels", "-1"));
        assertOneErrorLine("--top-labels must be >= 0, got -1");
    }

    @Test
    void pairsCorpusWithoutPairsIsRejected() {
        String[][] commands = {
                {"train", "--pairs-corpus", "bbc"},
                {"baseline", "bow", "--pairs-corpus", "bbc"},
                {"baseline", "bow", "--pairs-from", "bbc", "--pairs-corpus", "bbc"},
        };
        for (String[] command : commands) {
            err.reset();
            assertEquals(1, Main.run(command), String.join(" ", command));
            assertOneErrorLine("--pairs-corpus needs --pairs");
        }
    }

    @Test
    void everySubcommandPrintsTheVersion() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new Main()), new ArrayList<>(), paths);
        assertTrue(paths.size() > 10, paths.toString());
        for (List<String> path : paths) {
            for (String flag : new String[] {"-V", "--version"}) {
                out.reset();
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                assertEquals(0, Main.run(args.toArray(String[]::new)), args.toString());
                assertEquals(Main.VERSION, out().strip(), args.toString());
            }
        }
    }

    /** Every command path that offers -V (help, picocli's own, does not). */
    private static void collect(CommandLine c, List<String> path, List<List<String>> paths) {
        if (c.getCommandSpec().findOption("--version") != null) paths.add(path);
        for (var e : c.getSubcommands().entrySet()) {
            List<String> sub = new ArrayList<>(path);
            sub.add(e.getKey());
            collect(e.getValue(), sub, paths);
        }
    }

    @Test
    void dataHelpListsWhatLoads() {
        assertEquals(0, Main.run("train", "--help"));
        String help = out().replaceAll("\\s+", " ").replace(". ", ".");
        for (String s : new String[] {".jsonl,", ".jsonl.gz,", ".json.gz)", ".svm,", ".libsvm", ".svmlight", ".mat", "folder",
                "reuters90 7164", "bbc 10000", "every term that passes --min-df"}) {
            assertTrue(help.contains(s), "'" + s + "' missing from --data/--vocab-size help");
        }
    }

    @Test
    void exportCreatesMissingDirectories() {
        for (String name : new String[] {"e.mat", "e.svm"}) {
            Path target = dir.resolve("new").resolve(name.replace('.', '_')).resolve(name);
            assertEquals(0, Main.run("export", "--data", "bbc", "--max-docs", "30", "--out", target.toString()), err());
            assertTrue(Files.isRegularFile(target), target.toString());
        }
    }
}
