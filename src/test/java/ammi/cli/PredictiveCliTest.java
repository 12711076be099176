package ammi.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pairs build} and {@code train --pairs}: files written whole, metrics keys, one-line errors. */
class PredictiveCliTest extends CliTestBase {

    private Path corpus() throws Exception {
        String[] topics = {"apple banana cherry grape melon", "engine wheel brake gear clutch", "river mountain forest valley lake"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String t = topics[i % 3];
            sb.append(String.format("{\"id\": \"d%d\", \"split\": \"%s\", \"text\": \"The %s story %s. More about %s here. "
                    + "Later the %s came back. It was about %s again.\"}%n", i, i % 5 == 0 ? "test" : "train", t, t, t, t, t));
        }
        Path c = dir.resolve("corpus.jsonl");
        Files.writeString(c, sb.toString());
        return c;
    }

    @Test
    void buildThenTrainWritesMetrics() throws Exception {
        Path pairs = dir.resolve("out/pairs.jsonl.gz");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString()));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("60 pairs (43 train, 5 validation, 12 test)"), out.toString(StandardCharsets.UTF_8));
        Path metrics = dir.resolve("m.json"), model = dir.resolve("m.ammi");
        assertEquals(0, Main.run("train", "--pairs", pairs.toString(), "--bits", "8", "--epochs", "2", "--top-k", "3",
                "--min-df", "1", "--quiet", "--metrics-out", metrics.toString(), "--save", model.toString()), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("val match@3"), o);
        assertTrue(o.contains("test match@3"), o);
        assertTrue(o.contains("distinct codes on the 86 training articles"), o);
        assertTrue(o.contains("BOW (TF-IDF cosine"), o);
        JsonObject m = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
        for (String k : new String[] {"test_matching_precision", "val_matching_precision", "distinct_codes", "bow_matching_precision"})
            assertTrue(m.has(k), k + " missing from " + m.keySet());
        assertTrue(Files.exists(model));
        assertEquals(1, Main.run("eval", "--model", model.toString()));
    }

    @Test
    void pairsErrorsAreOneLine() throws Exception {
        Path c = corpus();
        Path pairs = dir.resolve("p.jsonl");
        Files.writeString(pairs, "{\"x_id\": \"d1\", \"y_id\": \"d2\"}\n{\"x_id\": \"d3\", \"y_id\": \"nope\"}\n");
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--pairs-corpus", c.toString()));
        assertOneErrorLine("p.jsonl:2", "nope");

        err.reset();
        assertEquals(1, Main.run("train", "--pairs-from", c.toString(), "--order-posterior", "1", "--order-x", "0"));
        assertOneErrorLine("--order-x");

        err.reset();
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--data", "bbc"));
        assertOneErrorLine("--data");

        err.reset();
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--pairs-corpus", c.toString(), "--clean"));
        assertOneErrorLine("--clean");
    }

    @Test
    void buildCleanCountsPostsLeftEmpty() throws Exception {
        Path c = dir.resolve("posts.jsonl");
        Files.writeString(c, "{\"id\": \"a\", \"text\": \"From: jo@foo.edu\\n\\nAlpha beta gamma delta epsilon. Zeta theta iota kappa lambda.\"}\n"
                + "{\"id\": \"b\", \"text\": \"From: al@x.org\\n\\n> Only quoted text. Nothing of my own here at all.\"}\n");
        Path pairs = dir.resolve("clean.jsonl");
        assertEquals(0, Main.run("pairs", "build", "--data", c.toString(), "--out", pairs.toString(), "--clean"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("1 pairs") && o.contains("dropped 1 documents") && o.contains("1 empty after cleaning"), o);
        assertTrue(Files.readString(pairs).contains("\"x\":\"Alpha beta gamma delta epsilon.\""), Files.readString(pairs));
    }

    @Test
    void cutsAddTrainPairsButNotTrainingArticles() throws Exception {
        // each post: boundaries after sentences 1, 2, 3 at 2L+12, 3L+30, 4L+52 of 5L+73 characters (L = the topic's
        // length, 30-33): the middle cut takes the second, the 1/3 target the first, the 2/3 target the third, which
        // leaves under a quarter after it; so one further cut per train post
        Path pairs = dir.resolve("cut.jsonl");
        assertEquals(0, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString(), "--cuts", "3"));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("103 pairs (86 train, 5 validation, 12 test)") && o.contains("43 of the train pairs come from further cuts"), o);
        out.reset();
        assertEquals(0, Main.run("train", "--pairs-from", corpus().toString(), "--cuts", "3", "--bits", "8", "--epochs", "1",
                "--top-k", "3", "--min-df", "1", "--quiet"), err.toString(StandardCharsets.UTF_8));
        o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("86 train, 5 validation, 12 test pairs"), o);
        assertTrue(o.contains("distinct codes on the 86 training articles"), o); // 43 posts, counted once each
        err.reset();
        assertEquals(1, Main.run("train", "--pairs", pairs.toString(), "--cuts", "2"));
        assertOneErrorLine("--cuts");
        err.reset();
        assertEquals(1, Main.run("pairs", "build", "--data", corpus().toString(), "--out", pairs.toString(), "--cuts", "0"));
        assertOneErrorLine("--cuts");
    }

    @Test
    void bagOfWordsLineNamesBinaryVectorsUnderNoTfidf() throws Exception {
        assertEquals(0, Main.run("train", "--pairs-from", corpus().toString(), "--no-tfidf", "--bits", "8", "--epochs", "1",
                "--top-k", "3", "--min-df", "1", "--quiet"), err.toString(StandardCharsets.UTF_8));
        String o = out.toString(StandardCharsets.UTF_8);
        assertTrue(o.contains("BOW (binary cosine, V = "), o);
        assertTrue(!o.contains("TF-IDF cosine"), o);
    }
}
