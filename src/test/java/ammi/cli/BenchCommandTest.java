package ammi.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchCommandTest extends CliTestBase {
    @Test
    void jsonHasEveryKeyAndPositiveRates() {
        int code = Main.run("bench", "--data", "bbc", "--vocab-size", "1000", "--settings", "reuters64,ng64",
                "--steps", "5", "--warmup", "1", "--json");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonObject root = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertTrue(root.get("cores").getAsInt() >= 1);
        JsonArray results = root.getAsJsonArray("results");
        assertEquals(2, results.size());
        String[] settings = {"reuters64", "ng64"};
        int[] batches = {16, 128};
        for (int i = 0; i < 2; i++) {
            JsonObject r = results.get(i).getAsJsonObject();
            assertEquals(settings[i], r.get("setting").getAsString());
            assertEquals("cpu", r.get("backend").getAsString());
            assertEquals("bbc", r.get("data").getAsString());
            assertEquals(5, r.get("steps").getAsInt());
            assertEquals(batches[i], r.get("batch_size").getAsInt());
            for (String key : new String[] {"train_seconds", "seconds_per_step", "train_docs_per_second",
                    "train_seconds_per_epoch", "eval_seconds", "eval_docs_per_second", "eval_seconds_per_epoch",
                    "seconds_per_epoch"}) {
                double v = r.get(key).getAsDouble();
                assertTrue(v > 0 && Double.isFinite(v), key + " = " + v);
            }
            // 5 full batches were trained; the epoch figures follow from the step time
            int trainDocs = r.get("train_docs").getAsInt();
            double perStep = r.get("seconds_per_step").getAsDouble();
            assertEquals(5.0 * batches[i] / r.get("train_seconds").getAsDouble(), r.get("train_docs_per_second").getAsDouble(), 1e-6);
            assertEquals(perStep * Math.ceil(trainDocs / (double) batches[i]), r.get("train_seconds_per_epoch").getAsDouble(), 1e-9);
            assertEquals(r.get("train_seconds_per_epoch").getAsDouble() + r.get("eval_seconds_per_epoch").getAsDouble(),
                    r.get("seconds_per_epoch").getAsDouble(), 1e-9);
            double p = r.get("val_precision").getAsDouble();
            assertTrue(p >= 0 && p <= 100, "precision " + p);
        }
    }

    @Test
    void tableAndBadSettings() {
        assertEquals(0, Main.run("bench", "--data", "bbc", "--vocab-size", "500", "--settings", "reuters128",
                "--steps", "2", "--warmup", "0"));
        String table = out.toString(StandardCharsets.UTF_8);
        assertTrue(table.contains("train doc/s") && table.contains("reuters128") && table.contains("cpu"), table);
        assertEquals(1, Main.run("bench", "--settings", "nope"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown setting 'nope'"));
        assertEquals(1, Main.run("bench", "--backends", "tpu", "--settings", "reuters64"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown backend 'tpu'"));
        if (ammi.backend.cuda.Cuda.unavailableReason() != null) { // one line, before any corpus is loaded
            assertEquals(1, Main.run("bench", "--backends", "cpu,cuda", "--settings", "reuters64"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--backends cuda: no CUDA driver"), err.toString(StandardCharsets.UTF_8));
            assertEquals(1, Main.run("bench", "--kernels"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("bench --kernels times the CUDA kernels"));
        }
    }

    @Test
    void negativeVocabSizeIsRejectedAsTrainRejectsIt() {
        assertEquals(1, Main.run("bench", "--settings", "reuters64", "--steps", "5", "--warmup", "0", "--data", "bbc",
                "--vocab-size", "-5", "--json"));
        assertEquals("", out.toString(StandardCharsets.UTF_8), "nothing benchmarked");
        assertEquals(java.util.List.of("error: --vocab-size must be >= 0 (0 = the corpus default), got -5"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void badStepCountsAreRejectedBeforeAnyCorpusIsLoaded() {
        // a corpus that does not exist: the count is checked first, so its error is the one printed
        String[][] cases = {{"--steps", "0", "--steps must be at least 1, got 0"}, {"--warmup", "-1", "--warmup must be >= 0, got -1"},
                {"--eval-rounds", "0", "--eval-rounds must be at least 1, got 0"}};
        for (String[] c : cases) {
            err.reset();
            assertEquals(1, Main.run("bench", "--settings", "reuters64", "--data", "no-such-corpus.jsonl", c[0], c[1]));
            assertEquals(java.util.List.of("error: " + c[2]), err.toString(StandardCharsets.UTF_8).lines().toList());
        }
    }

    @Test
    void predictiveSettingTrainsOnBothDirectionsOfTheHalves() {
        int code = Main.run("bench", "--data", "bbc", "--vocab-size", "1000", "--settings", "pred-ng64",
                "--steps", "3", "--warmup", "1", "--json");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonObject r = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject()
                .getAsJsonArray("results").get(0).getAsJsonObject();
        assertEquals("pred-ng64", r.get("setting").getAsString());
        assertEquals("bbc halves", r.get("data").getAsString());
        assertEquals(128, r.get("batch_size").getAsInt());
        // bbc's 1341 training pairs, each as (x, y) and as (y, x); evaluation codes 149 validation
        // pairs' two sides and the 1341 training articles' Y side (--val-distractors)
        assertEquals(2 * 1341, r.get("train_docs").getAsInt());
        assertEquals(2 * 149 + 1341, r.get("eval_docs").getAsInt());
        double p = r.get("val_precision").getAsDouble();
        assertTrue(p > 0 && p <= 100, "match@100 " + p);
    }
}
