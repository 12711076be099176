package ammi.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
