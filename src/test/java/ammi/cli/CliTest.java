package ammi.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user meets it: exit codes, one-line errors, files written whole. */
class CliTest extends CliTestBase {

    @Test
    void unknownOptionValueIsOneLine() {
        assertEquals(2, Main.run("train", "--bits", "sixteen"));
        assertOneErrorLine("--bits", "sixteen");
    }

    @Test
    void impossibleSettingsAreOneLine() {
        assertEquals(1, Main.run("train", "--bits", "20", "--brute"));
        assertOneErrorLine("--brute", "16");
        err.reset();
        assertEquals(1, Main.run("train", "--order-posterior", "4", "--order-prior", "2"));
        assertOneErrorLine("--order-prior");
        err.reset();
        assertEquals(1, Main.run("train", "--word-dropout", "1"));
        assertOneErrorLine("--word-dropout", "[0, 1)");
        err.reset();
        assertEquals(1, Main.run("train", "--weight-decay", "-0.5"));
        assertOneErrorLine("--weight-decay", ">= 0");
        err.reset();
        assertEquals(1, Main.run("train", "--weight-decay", "200", "--lr", "0.01"));
        assertOneErrorLine("--weight-decay", "below 1");
        err.reset();
        assertEquals(1, Main.run("train", "--reorder-bits", "--order-posterior", "1"));
        assertOneErrorLine("--reorder-bits", "--order-posterior 0");
        err.reset();
        assertEquals(1, Main.run("train", "--prior-parents", "--order-posterior", "1"));
        assertOneErrorLine("--prior-parents", "--order-posterior 0");
    }

    /** An output that cannot be written is found before training, not after it. */
    @Test
    void unwritableOutputsAreRefusedBeforeTraining() throws Exception {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "not a folder");
        for (String option : new String[] {"--save", "--metrics-out", "--plot", "--runs-csv", "--checkpoint"}) {
            out.reset();
            err.reset();
            assertEquals(1, Main.run("train", "--data", "bbc", "--epochs", "1", option, file.resolve("out").toString()));
            assertOneErrorLine(option, "a-file is a file, not a folder");
            assertFalse(out().contains("epoch"), "nothing trained: " + out());
        }
        err.reset();
        assertEquals(1, Main.run("train", "--data", "bbc", "--save", dir.toString()));
        assertOneErrorLine("--save", "is a folder");
        assertEquals("not a folder", Files.readString(file));
    }

    @Test
    void missingAndMalformedCorporaAreOneLine() throws Exception {
        Path missing = dir.resolve("nope.jsonl");
        assertEquals(1, Main.run("train", "--data", missing.toString()));
        assertOneErrorLine("nope.jsonl");

        err.reset();
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"id\": 1, \"labels\": [\"a\"], \"text\": \"fine words here\"}\n{\"id\": 2, \"labels\": [\"b\"], \"text\": \n");
        assertEquals(1, Main.run("train", "--data", bad.toString()));
        assertOneErrorLine("bad.jsonl", ":2");

        err.reset();
        Path empty = dir.resolve("empty.jsonl");
        Files.writeString(empty, "");
        assertEquals(1, Main.run("train", "--data", empty.toString()));
        assertOneErrorLine("empty.jsonl");
    }

    @Test
    void trainSaveMetricsThenEvalGivesTheSamePrecision() throws Exception {
        Path model = dir.resolve("m.ammi");
        Path metrics = dir.resolve("metrics.json");
        int code = Main.run("train", "--data", "bbc", "--vocab-size", "2000", "--bits", "8", "--epochs", "1",
                "--batch-size", "64", "--prior-steps", "1", "--quiet", "--save", model.toString(),
                "--metrics-out", metrics.toString());
        assertEquals(0, code, err());
        String trainOut = out();
        String testLine = trainOut.lines().filter(l -> l.startsWith("test P@100")).findFirst().orElseThrow();
        String json = Files.readString(metrics);
        for (String key : new String[]{"\"val_precision\"", "\"test_precision\"", "\"epochs\"", "\"best_epoch\"",
                "\"train_seconds\"", "\"total_seconds\""}) {
            assertTrue(json.contains(key), key + " missing from metrics");
        }
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }

        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        String evalTest = out().lines().filter(l -> l.startsWith("test P@100")).findFirst().orElseThrow();
        assertEquals(testLine, evalTest);
        String byLikelihood = trainOut.lines().filter(l -> l.startsWith("ranked by likelihood")).findFirst().orElseThrow();
        assertEquals(byLikelihood, out().lines().filter(l -> l.startsWith("ranked by likelihood")).findFirst().orElseThrow());
        assertTrue(json.contains("\"test_precision_by_likelihood\""), "test_precision_by_likelihood missing from metrics");
    }

    /** With k above the N training documents the score is P@N: the lines say so, and it equals what --top-k N prints. */
    @Test
    void topKAboveTheTrainingDocumentsPrintsTheEffectiveK() throws Exception {
        Path model = dir.resolve("k.ammi");
        assertEquals(0, Main.run("train", "--data", "bbc", "--vocab-size", "1000", "--bits", "8", "--epochs", "1", "--batch-size", "64",
                "--prior-steps", "1", "--quiet", "--top-k", "100000", "--save", model.toString()), err());
        String train = out();
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--top-k", "1341"), err());
        assertTrue(out().contains(" on bbc (1341 train codes"), out());
        String val = line("validation P@1341 "), test = line("test P@1341 "), likelihood = line("ranked by likelihood");
        assertFalse(val.contains("K = min"), val); // k <= N: the usual line
        String effective = " (K = min(k, N) = 1341)";
        String val100k = val.replace("P@1341", "P@100000") + effective, test100k = test.replace("P@1341", "P@100000") + effective;
        String likelihood100k = likelihood.replace("P@1341", "P@100000") + effective;
        assertEquals(val100k, line(train, "validation P@"));
        assertEquals(test100k, line(train, "test P@"));
        assertEquals(likelihood100k, line(train, "ranked by likelihood"));
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--top-k", "100000"), err());
        assertEquals(val100k, line("validation P@"));
        assertEquals(test100k, line("test P@"));
        assertEquals(likelihood100k, line("ranked by likelihood"));
    }

    private String line(String prefix) {
        return line(out(), prefix);
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " missing:\n" + text));
    }

    /**
     * --val-rank likelihood: early stopping reads the likelihood ranking's validation score, so the
     * kept epoch's per-epoch score is the final likelihood validation score (and not, in general,
     * the Hamming one), and the flag is part of the saved configuration.
     */
    @Test
    void valRankLikelihoodStopsOnTheLikelihoodScore() throws Exception {
        Path metrics = dir.resolve("vr.json"), model = dir.resolve("vr.ammi");
        assertEquals(0, Main.run("train", "--data", "bbc", "--vocab-size", "2000", "--bits", "16", "--epochs", "3",
                "--val-rank", "likelihood", "--quiet", "--metrics-out", metrics.toString(), "--save", model.toString()), err());
        com.google.gson.JsonObject m = com.google.gson.JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
        int best = m.get("best_epoch").getAsInt();
        double perEpoch = m.getAsJsonArray("history").get(best - 1).getAsJsonObject().get("val_precision").getAsDouble();
        assertEquals(m.get("val_precision_by_likelihood").getAsDouble(), perEpoch, 1e-12, m.toString());
        assertTrue(m.get("flags").getAsString().endsWith("--val-rank likelihood"), m.get("flags").getAsString());
        assertTrue(out().contains("val P@100 per epoch: ranked by likelihood"), out());
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        out.reset();
        err.reset();
        assertEquals(2, Main.run("train", "--data", "bbc", "--val-rank", "cosine"));
        assertOneErrorLine("--val-rank", "cosine");
    }

    @Test
    void corruptCheckpointIsOneLineAndNothingIsOverwritten() throws Exception {
        Path model = dir.resolve("m.ammi");
        assertEquals(0, Main.run("train", "--data", "bbc", "--vocab-size", "500", "--bits", "4", "--epochs", "1",
                "--batch-size", "128", "--prior-steps", "1", "--quiet", "--save", model.toString()), err());
        byte[] bytes = Files.readAllBytes(model);
        bytes[bytes.length / 2] ^= 0x5A;
        Files.write(model, bytes);
        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("m.ammi", "checksum");

        Files.write(model, new byte[]{1, 2, 3});
        err.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("m.ammi", "not an ammi-engine checkpoint");
    }
}
