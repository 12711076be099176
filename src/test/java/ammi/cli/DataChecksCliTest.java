package ammi.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a saved model or a run checks about its data: a changed corpus or pairs file, a text model
 * given vectors, a corpus too wide for the encoder, and the options and paths its errors name.
 */
class DataChecksCliTest extends CliTestBase {

    /** 60 short documents of three labelled topics, every fifth one test. */
    private Path corpus(String name) throws Exception {
        String[] topics = {"apple banana cherry grape melon", "engine wheel brake gear clutch", "river mountain forest valley lake"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String t = topics[i % 3];
            sb.append(String.format("{\"id\": \"d%d\", \"labels\": [\"t%d\"], \"split\": \"%s\", \"text\": \"The %s story %s. More "
                    + "about %s here. Later the %s came back. It was about %s again w%d.\"}%n", i, i % 3, i % 5 == 0 ? "test" : "train",
                    t, t, t, t, t, i % 7));
        }
        Path c = dir.resolve(name);
        Files.writeString(c, sb.toString());
        return c;
    }

    private static final String[] QUICK = {"--bits", "8", "--epochs", "1", "--min-df", "1", "--quiet", "--threads", "1"};

    private static String[] with(String[] head, String... tail) {
        String[] all = new String[head.length + QUICK.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(QUICK, 0, all, head.length, QUICK.length);
        System.arraycopy(tail, 0, all, head.length + QUICK.length, tail.length);
        return all;
    }

    @Test
    void evalRefusesACorpusThatChangedSinceTraining() throws Exception {
        Path c = corpus("c.jsonl"), model = dir.resolve("c.ammi");
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", model.toString())), err());
        assertEquals(0, Main.run("eval", "--model", model.toString()), err()); // unchanged: scored
        // One document fewer: the model would be scored on other documents than train scored it on.
        String text = Files.readString(c);
        Files.writeString(c, text.substring(text.indexOf('\n') + 1));
        out.reset();
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("c.ammi", "its corpus", "has changed since the model was trained", "--data");
        assertFalse(out().contains("test P@"), out());
        // Named explicitly, the changed file is another corpus, and is scored.
        err.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString(), "--data", c.toString()), err());
    }

    @Test
    void aModelFromBeforeFingerprintsIsScoredWithANote() throws Exception {
        Path c = corpus("c.jsonl"), model = dir.resolve("c.ammi"), old = dir.resolve("old.ammi");
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", model.toString())), err());
        ammi.model.Checkpoint ck = ammi.model.Checkpoint.read(model);
        assertTrue(ck.config().dataFingerprint != 0);
        ammi.model.AmmiConfig before = ck.config().copy();
        before.dataFingerprint = 0; // as every model saved before the field existed
        new ammi.model.Checkpoint(before, ck.dataset(), ck.dataOptions(), ck.vocabulary(), ck.parameters()).write(old);
        out.reset();
        assertEquals(0, Main.run("eval", "--model", old.toString()), err());
        assertTrue(out().contains("note: " + old + " was saved before models recorded a fingerprint of their data"), out());
        assertTrue(out().contains("test P@100"), out());
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        assertFalse(out().contains("fingerprint"), out());
    }

    @Test
    void resumeFindsARelativeCorpusBesideTheCheckpoint() throws Exception {
        Path c = corpus("beside.jsonl"), ckpt = dir.resolve("run.ckpt");
        assertEquals(0, Main.run("train", "--data", c.toString(), "--bits", "8", "--epochs", "2", "--min-df", "1", "--quiet", "--threads", "1",
                "--checkpoint-every", "1", "--checkpoint", ckpt.toString()), err());
        // As if the first run had started in dir with --data beside.jsonl: the name is relative, and
        // this JVM's working directory (the project) has no such file.
        assertFalse(Files.exists(Path.of("beside.jsonl")));
        ammi.model.Checkpoint ck = ammi.model.Checkpoint.read(ckpt);
        ammi.model.Checkpoint.resumable(ck.config(), "beside.jsonl", ck.dataOptions(), ck.vocabulary(), ck.training()).write(ckpt);
        out.reset();
        assertEquals(0, Main.run("train", "--resume", ckpt.toString(), "--epochs", "3", "--quiet"), err());
        assertTrue(out().contains("data beside.jsonl:"), out());
        assertTrue(out().contains("resuming " + ckpt + " after epoch 2"), out());
        // still recorded as given: the checkpoint and its corpus can move together
        assertEquals("beside.jsonl", ammi.model.Checkpoint.read(ckpt).dataset());
    }

    @Test
    void evalRefusesPairsThatChangedSinceTraining() throws Exception {
        Path pairs = dir.resolve("p.jsonl"), model = dir.resolve("p.ammi");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus("c.jsonl").toString(), "--out", pairs.toString()), err());
        assertEquals(0, Main.run(with(new String[] {"train", "--pairs", pairs.toString()}, "--top-k", "3", "--save", model.toString())), err());
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        // The same pairs, one text edited: same counts, other vectors.
        Files.writeString(pairs, Files.readString(pairs).replaceFirst("apple", "pear"));
        assertEquals(1, Main.run("eval", "--model", model.toString()));
        assertOneErrorLine("p.ammi", "its pairs", "has changed since the model was trained");
    }

    @Test
    void aTextModelRefusesVectorisedData() throws Exception {
        Path c = corpus("c.jsonl"), model = dir.resolve("c.ammi"), svm = dir.resolve("c.svm");
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", model.toString())), err());
        // The exported vectors have the model's width, but nothing in them names the terms of their columns.
        assertEquals(0, Main.run("export", "--data", c.toString(), "--min-df", "1", "--out", svm.toString()), err());
        Path codes = dir.resolve("x.codes");
        assertEquals(1, Main.run("encode", "--model", model.toString(), "--data", svm.toString(), "--out", codes.toString()));
        assertOneErrorLine("c.ammi", "--data " + svm, "cannot be matched");
        assertFalse(Files.exists(codes));
    }

    @Test
    void aCorpusTooWideForTheEncoderIsOneLine() throws Exception {
        // 2^27 columns x 64 bits is past the largest Java array; the second V just past this JVM's heap
        // (4 doubles a weight: value, gradient, two Adam moments), under the array limit for heaps below 64 GiB.
        String pastHeap = Long.toString(Runtime.getRuntime().maxMemory() / (32 * 64) + 1);
        for (String[] c : new String[][] {{"134217728", "a Java array holds"}, {pastHeap, "the Java heap holds"}}) {
            Path svm = dir.resolve("wide" + c[0] + ".svm");
            Files.writeString(svm, "# features: " + c[0] + "\na 1:1 2:1\nb 3:1\na 1:1 3:1\nb 2:1 3:1\na 1:2\n");
            Files.writeString(dir.resolve("wide" + c[0] + ".test.svm"), "a 1:1\nb 3:1\n");
            err.reset();
            assertEquals(1, Main.run("train", "--data", svm.toString(), "--bits", "64", "--epochs", "1", "--quiet"));
            assertOneErrorLine("V = " + c[0] + " columns", c[1], "'# features:'");
        }
    }

    @Test
    void metricsWriteNullForScoresThatDoNotExist() throws Exception {
        Path c = dir.resolve("unlabelled.jsonl"), metrics = dir.resolve("m.json");
        Files.writeString(c, Files.readString(corpus("l.jsonl")).replaceAll("\"labels\": \\[\"t\\d\"\\], ", ""));
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--metrics-out", metrics.toString())), err());
        String json = Files.readString(metrics);
        // A strict reader: JSON has no NaN token.
        JsonReader strict = new JsonReader(new StringReader(json));
        JsonObject m = com.google.gson.internal.Streams.parse(strict).getAsJsonObject();
        assertTrue(m.get("val_precision").isJsonNull(), json);
        assertTrue(m.get("test_precision").isJsonNull(), json);
        JsonElement epoch = m.getAsJsonArray("history").get(0);
        assertTrue(epoch.getAsJsonObject().get("val_precision").isJsonNull(), json);
        assertTrue(Double.isFinite(epoch.getAsJsonObject().get("loss").getAsDouble()), json);
        assertFalse(json.contains("NaN"), json);
    }

    @Test
    void errorsNameTheOptionOrThePathAsGiven() throws Exception {
        String[][] cases = {
                {"--vocab-size", "-1", "--vocab-size must be >= 0"},
                {"--min-df", "0", "--min-df must be >= 1"},
                {"--max-docs", "-1", "--max-docs must be >= 0"},
                {"--min-token-length", "-1", "--min-token-length must be >= 1"},
                {"--stopwords", "french", "--stopwords 'french' unknown"},
                {"--lr", "2", "--lr must be in (0, 1]"},
                {"--lr-prior", "1e30", "--lr-prior must be in (0, 1]"},
        };
        for (String[] c : cases) {
            err.reset();
            assertEquals(1, Main.run("train", "--data", "bbc", c[0], c[1], "--epochs", "1"), c[0]);
            assertOneErrorLine(c[2]);
        }
        err.reset();
        assertEquals(1, Main.run("train", "--data", ""));
        assertOneErrorLine("--data is empty");
        // A corpus file with no train documents: the error names the file as given, not its stem.
        Path deep = dir.resolve("deep/alltest.jsonl");
        Files.createDirectories(deep.getParent());
        Files.writeString(deep, "{\"id\": \"a\", \"labels\": [\"x\"], \"split\": \"test\", \"text\": \"one two\"}\n");
        err.reset();
        assertEquals(1, Main.run("train", "--data", deep.toString()));
        assertOneErrorLine(deep + ": the train split has no documents");
    }

    @Test
    void encodeSaysHowManyDocumentsHadNoTermOfTheVocabulary() throws Exception {
        Path c = corpus("c.jsonl"), model = dir.resolve("c.ammi");
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", model.toString())), err());
        Path other = dir.resolve("other.jsonl"), codes = dir.resolve("o.codes");
        Files.writeString(other, "{\"id\": \"a\", \"split\": \"test\", \"text\": \"apple river\"}\n"
                + "{\"id\": \"b\", \"split\": \"test\", \"text\": \"zebra quokka\"}\n"
                + "{\"id\": \"c\", \"split\": \"test\", \"text\": \"xylophone\"}\n");
        out.reset();
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--data", other.toString(), "--out", codes.toString()), err());
        assertTrue(out().contains("wrote 1 codes"), out());
        assertTrue(out().contains("left out 2 documents with no term of the model's vocabulary"), out());
    }

    @Test
    void textOptionsOnVectorisedInputAreNoted() throws Exception {
        Path svm = dir.resolve("v.svm");
        assertEquals(0, Main.run("export", "--data", corpus("c.jsonl").toString(), "--min-df", "1", "--out", svm.toString()), err());
        out.reset();
        assertEquals(0, Main.run("dataset", "info", svm.toString(), "--stem", "--no-tfidf"), err());
        assertTrue(out().contains("note: --no-tfidf, --stem apply to text corpora; " + svm + " is already vectorised"), out());
        out.reset();
        assertEquals(0, Main.run("dataset", "info", svm.toString()), err());
        assertFalse(out().contains("note:"), out());
    }

    @Test
    void aModelWhoseConfigurationDoesNotFitItsParametersIsCorrupt() throws Exception {
        Path c = corpus("c.jsonl"), model = dir.resolve("c.ammi"), edited = dir.resolve("edited.ammi");
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", model.toString())), err());
        // Rewritten with a valid checksum but 16 bits for the 8-bit model's parameters (a hand edit).
        ammi.model.Checkpoint ck = ammi.model.Checkpoint.read(model);
        ammi.model.AmmiConfig wrong = ck.config().copy();
        wrong.bits = 16;
        new ammi.model.Checkpoint(wrong, ck.dataset(), ck.dataOptions(), ck.vocabulary(), ck.parameters()).write(edited);
        assertEquals(1, Main.run("eval", "--model", edited.toString()));
        assertOneErrorLine(edited + ": corrupt checkpoint", "expected");
    }

    @Test
    void twoOutputsOfOneRunMustBeTwoFiles() throws Exception {
        Path c = corpus("c.jsonl"), same = dir.resolve("same.x");
        Files.writeString(same, "kept");
        assertEquals(1, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", same.toString(), "--metrics-out",
                dir.resolve("./same.x").toString())));
        assertOneErrorLine("--save and --metrics-out both name", "same.x");
        assertEquals("kept", Files.readString(same));
        // A checkpoint written into the --save file is allowed: the finished model replaces it.
        err.reset();
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", same.toString(), "--checkpoint",
                same.toString(), "--checkpoint-every", "1")), err());
    }

    @Test
    void searchKFarAboveTheIndexSizeCostsNoMore() throws Exception {
        Path c = corpus("c.jsonl"), model = dir.resolve("c.ammi"), codes = dir.resolve("c.codes");
        assertEquals(0, Main.run(with(new String[] {"train", "--data", c.toString()}, "--save", model.toString())), err());
        assertEquals(0, Main.run("encode", "--model", model.toString(), "--out", codes.toString()), err());
        out.reset();
        // Before, an int[k] was allocated: 2^31 - 1 ints ran out of heap.
        assertEquals(0, Main.run("search", "--model", model.toString(), "--index", codes.toString(), "--k", "2147483647", "apple"), err());
        assertTrue(out().contains("# 60 nearest of 60 codes"), out());
    }

    @Test
    void maxDocsCountsTheLabelsOfTheDocumentsItKeeps() throws Exception {
        // 60 documents, label i of document i: --max-docs 4 keeps 4 train and 4 test documents, so 8 labels.
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++)
            sb.append(String.format("{\"id\": \"d%d\", \"labels\": [\"l%d\"], \"split\": \"%s\", \"text\": \"alpha beta gamma w%d\"}%n",
                    i, i, i % 5 == 0 ? "test" : "train", i % 3));
        Path c = dir.resolve("many.jsonl");
        Files.writeString(c, sb.toString());
        assertEquals(0, Main.run("dataset", "info", c.toString(), "--max-docs", "4", "--min-df", "1"), err());
        assertTrue(out().contains("labels: 8"), out());
    }
}
