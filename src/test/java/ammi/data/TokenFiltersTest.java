package ammi.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ammi.util.UserError;
import com.google.gson.Gson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --stem, --stopwords, --min-token-length, and that a saved vocabulary encodes new text with them. */
class TokenFiltersTest {
    private static final String TEXT = "The runners were running to the ox and a cat of cats";

    @Test
    void defaultsAreTheStandardChain() {
        assertSame(Tokenizer.standard(), DataOptions.defaults().tokenizer());
        assertEquals(List.of("runners", "were", "running", "ox", "cat", "cats"), Tokenizer.standard().tokenize(TEXT));
    }

    @Test
    void filtersAreLuceneOnes() {
        assertEquals(List.of("runner", "were", "run", "ox", "cat", "cat"), Tokenizer.of("english", true, 0).tokenize(TEXT));
        assertEquals(List.of("the", "runners", "were", "running", "to", "the", "ox", "and", "cat", "of", "cats"),
                Tokenizer.of("none", false, 2).tokenize(TEXT));
        assertEquals(List.of("runners", "were", "running", "cat", "cats"), Tokenizer.of("english", false, 3).tokenize(TEXT));
        assertEquals(List.of("the", "runners", "were", "running", "to", "the", "ox", "and", "a", "cat", "of", "cats"),
                Tokenizer.of("NONE", false, 1).tokenize(TEXT));
    }

    @Test
    void badValuesAreUserErrors() {
        UserError e = assertThrows(UserError.class, () -> DataOptions.defaults().withStopwords("french"));
        assertTrue(e.getMessage().contains("'french' unknown (expected english or none)"), e.getMessage());
        assertThrows(UserError.class, () -> DataOptions.defaults().withMinTokenLength(-1));
    }

    @Test
    void pipelineUsesTheOptionsAndTheVocabularyKeepsThem() throws IOException {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 20; i++)
            docs.add(new Document("d" + i, i < 16 ? "train" : "test", List.of(i % 2 == 0 ? "a" : "b"),
                    i % 2 == 0 ? "running runners run of the ox" : "connected connection connecting to an ox"));
        DataOptions opts = DataOptions.defaults().withStem(true).withStopwords("none").withMinTokenLength(2).withMinDf(1);
        Dataset ds = Datasets.fromDocuments("t", docs, 0, opts);
        Vocabulary v = ds.vocabulary();
        assertTrue(v.indexOf("run") >= 0 && v.indexOf("connect") >= 0 && v.indexOf("of") >= 0, List.of(v.terms()).toString());
        assertEquals(-1, v.indexOf("running"));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        v.write(new DataOutputStream(bytes));
        Vocabulary back = Vocabulary.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(v.tokenizer().toString(), back.tokenizer().toString());
        SparseRow a = v.vectorize("the runner runs to connections"), b = back.vectorize("the runner runs to connections");
        assertArrayEquals(a.indices(), b.indices());
        assertArrayEquals(a.values(), b.values(), 0.0);
        assertEquals(5, a.nnz()); // the, runner, run, to, connect
    }

    @Test
    void versionOneVocabularyReadsAsTheStandardTokenizer() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x414D564F);
        out.writeInt(1);
        out.writeBoolean(true);
        out.writeInt(3);
        out.writeInt(1);
        out.writeUTF("apple");
        out.writeInt(2);
        Vocabulary v = Vocabulary.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertSame(Tokenizer.standard(), v.tokenizer());
        assertEquals(0, v.indexOf("apple"));
    }

    @Test
    void dataOptionsJsonRoundTripsAndOldJsonGetsDefaults() {
        Gson gson = new Gson();
        DataOptions o = DataOptions.defaults().withStem(true).withStopwords("none").withMinTokenLength(3).withMaxDocs(7);
        assertEquals(o, gson.fromJson(gson.toJson(o), DataOptions.class));
        // as written by checkpoints before the token filters existed
        DataOptions old = gson.fromJson("{\"vocabSize\":0,\"minDf\":2,\"tfidf\":true,\"validationFraction\":0.1,\"seed\":0,\"maxDocs\":0}",
                DataOptions.class);
        assertSame(Tokenizer.standard(), old.tokenizer());
        assertEquals("english", old.stopwords());
    }
}
