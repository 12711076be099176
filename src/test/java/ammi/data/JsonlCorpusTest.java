package ammi.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ammi.util.UserError;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlCorpusTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void readsPlainAndGzipDetectedByMagic() throws IOException {
        String body = "{\"id\": 7, \"split\": \"train\", \"labels\": [\"earn\"], \"text\": \"Profit up\"}\n\n"
                + "{\"id\": \"x/1\", \"labels\": [], \"text\": \"second\"}\n";
        Path plain = file("c.jsonl", body);
        Path gz = dir.resolve("sniffed.jsonl"); // gzip content without a .gz name: detected by magic bytes
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(gz))) {
            o.write(body.getBytes(StandardCharsets.UTF_8));
        }
        for (Path p : new Path[] {plain, gz}) {
            List<Document> docs = JsonlCorpus.read(p);
            assertEquals(2, docs.size());
            assertEquals(new Document("7", "train", List.of("earn"), "Profit up"), docs.get(0));
            assertEquals(new Document("x/1", null, List.of(), "second"), docs.get(1));
        }
    }

    private void assertError(Path p, String... parts) {
        UserError e = assertThrows(UserError.class, () -> JsonlCorpus.read(p));
        for (String s : parts) assertTrue(e.getMessage().contains(s), "'" + e.getMessage() + "' lacks '" + s + "'");
        assertTrue(!e.getMessage().contains("\n"), "message must be one line: " + e.getMessage());
    }

    @Test
    void malformedJsonNamesFileAndLine() throws IOException {
        Path p = file("bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"unterminated}\n");
        assertError(p, p + ":2: malformed JSON (");
        assertError(file("bad2.jsonl", "{text: \"lenient syntax\"}\n"), "bad2.jsonl:1: malformed JSON");
        assertError(file("bad3.jsonl", "[1, 2]\n"), "bad3.jsonl:1: malformed JSON (expected an object");
    }

    @Test
    void aTruncatedGzipNamesTheLineItBreaksOffIn() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2000; i++) body.append("{\"id\": ").append(i).append(", \"text\": \"document number ").append(i).append("\"}\n");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bytes)) {
            o.write(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] whole = bytes.toByteArray();
        Path cut = dir.resolve("cut.jsonl.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        UserError e = assertThrows(UserError.class, () -> JsonlCorpus.read(cut));
        // the line is where reading stopped, after whatever the reader's buffer had already decoded
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(cut.toString()) + ":\\d+: the gzip data is cut short or corrupt "
                + "\\(Unexpected end of ZLIB input stream\\); expected a whole gzip file"), e.getMessage());
    }

    @Test
    void aCorpusWithSplitsButNoTestSaysHowToMarkOne() throws IOException {
        Path p = file("notest.jsonl", "{\"split\": \"train\", \"labels\": [\"a\"], \"text\": \"alpha beta\"}\n"
                + "{\"split\": \"validation\", \"labels\": [\"a\"], \"text\": \"alpha gamma\"}\n");
        UserError e = assertThrows(UserError.class, () -> Datasets.load(p.toString(), DataOptions.defaults().withMinDf(1)));
        assertEquals(p + ": the test split has no documents (none is marked test: give some a \"split\": \"test\" field, "
                + "or give none a split and a seeded 20% is drawn)", e.getMessage());
    }

    @Test
    void aRepeatedKeyIsAnErrorNotTheLastValue() throws IOException {
        // Gson's tree would keep "second" silently
        Path p = file("dup.jsonl", "{\"text\": \"ok\"}\n{\"id\": 1, \"text\": \"first\", \"text\": \"second\"}\n");
        assertError(p, p + ":2: malformed JSON (duplicate key \"text\" at $.text: a key may appear once per object)");
        assertError(file("dup2.jsonl", "{\"text\": \"a\", \"meta\": {\"k\": 1, \"k\": 2}}\n"), "dup2.jsonl:1: malformed JSON (duplicate key \"k\" at $.meta.k");
        // the same key in two objects, or on two lines, is fine
        List<Document> docs = JsonlCorpus.read(file("ok.jsonl", "{\"id\": \"a\", \"text\": \"t\", \"meta\": {\"id\": 3, \"text\": 4}}\n"
                + "{\"id\": \"a\", \"text\": \"u\", \"meta\": [{\"k\": 1}, {\"k\": 2}]}\n"));
        assertEquals(List.of(new Document("a", null, List.of(), "t"), new Document("a", null, List.of(), "u")), docs);
    }

    @Test
    void missingOrNonStringText() throws IOException {
        assertError(file("nt.jsonl", "{\"text\": \"a\"}\n{\"id\": 2}\n"), "nt.jsonl:2: document has no \"text\" field");
        assertError(file("nt2.jsonl", "{\"text\": 5}\n"), "nt2.jsonl:1: \"text\" must be a string, got a number");
        assertError(file("nt3.jsonl", "{\"text\": null}\n"), "nt3.jsonl:1: document has no \"text\" field");
        // a pairs file given as a corpus: the error says what it is
        assertError(file("px.jsonl", "{\"x\": \"a\", \"y\": \"b\"}\n"), "px.jsonl:1: document has no \"text\" field (expected a string); "
                + "it has \"x\" and \"y\", as a pairs file does: give it as --pairs FILE");
        assertError(file("pi.jsonl", "{\"x_id\": \"1\", \"y_id\": \"2\"}\n"), "as a pairs file does");
    }

    @Test
    void nonStringSplitListsEverySplitName() throws IOException {
        assertError(file("s1.jsonl", "{\"text\": \"a\", \"split\": 3}\n"),
                "s1.jsonl:1: \"split\" must be a string (train, test, or validation: also val, valid, dev, cv), got a number");
    }

    @Test
    void labelsMustBeArrayOfStrings() throws IOException {
        assertError(file("l1.jsonl", "{\"text\": \"a\", \"labels\": \"earn\"}\n"), "l1.jsonl:1: \"labels\" must be an array of strings");
        assertError(file("l2.jsonl", "{\"text\": \"a\"}\n{\"text\": \"a\", \"labels\": [\"x\", 3]}\n"),
                "l2.jsonl:2: \"labels\" must be an array of strings");
    }

    @Test
    void emptyCorpus() throws IOException {
        assertError(file("empty.jsonl", ""), "empty.jsonl: no documents");
        assertError(file("blank.jsonl", "\n  \n"), "blank.jsonl: no documents");
    }

    @Test
    void loadFromPathRunsThePipeline() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 30; i++)
            sb.append("{\"id\": ").append(i).append(", \"split\": \"").append(i < 24 ? "train" : "test")
                    .append("\", \"labels\": [\"l").append((char) ('a' + i % 3)).append("\"], \"text\": \"market shares ")
                    .append(i % 2 == 0 ? "rose" : "fell").append("\"}\n");
        Dataset ds = Datasets.load(file("tiny.jsonl", sb.toString()).toString(), DataOptions.defaults());
        assertEquals("tiny", ds.name());
        assertEquals(4, ds.vocabSize()); // fell, market, rose, shares
        assertEquals(24, ds.train().size() + ds.validation().size());
        assertEquals(6, ds.test().size());
        assertEquals(3, ds.numLabels());
    }
}
