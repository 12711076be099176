package ammi.data;

import ammi.util.UserError;
import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** JSON-lines corpora, plain or gzip (detected by magic bytes, not by name). Blank lines are skipped. */
public final class JsonlCorpus {
    private static final TypeAdapter<JsonElement> JSON = new Gson().getAdapter(JsonElement.class);

    private JsonlCorpus() {
    }

    public static List<Document> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file (expected a JSON-lines corpus)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** A classpath resource, e.g. {@code /ammi/datasets/bbc.jsonl.gz}; null if it does not exist. */
    public static List<Document> readResource(String resource) {
        InputStream in = JsonlCorpus.class.getResourceAsStream(resource);
        if (in == null) return null;
        try (in) {
            return read(in, "classpath:" + resource);
        } catch (IOException e) {
            throw new UserError("classpath:" + resource + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** UTF-8 lines of a plain or gzip stream; gzip is recognised by its magic bytes, not the name. */
    public static BufferedReader openText(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read(), b1 = in.read();
        in.reset();
        InputStream body = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(in, 1 << 16) : in;
        return new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
    }

    /**
     * The next line; a gzip stream cut short or damaged is a user error naming the line it broke
     * off in, not a bare "Unexpected end of ZLIB input stream".
     */
    public static String nextLine(BufferedReader reader, String source, int linesRead) throws IOException {
        try {
            return reader.readLine();
        } catch (EOFException | ZipException e) {
            throw new UserError(source + ":" + (linesRead + 1) + ": the gzip data is cut short or corrupt (" + e.getMessage()
                    + "); expected a whole gzip file", e);
        }
    }

    /** {@code source} names the input in error messages. Does not close {@code raw}. */
    public static List<Document> read(InputStream raw, String source) throws IOException {
        BufferedReader reader = openText(raw);
        List<Document> docs = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = nextLine(reader, source, lineNo)) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            docs.add(parse(line, source, lineNo));
        }
        if (docs.isEmpty()) throw new UserError(source + ": no documents (expected one JSON object per line)");
        return docs;
    }

    static Document parse(String line, String source, int lineNo) {
        String where = source + ":" + lineNo;
        JsonElement el = parseLine(line, where);
        if (!el.isJsonObject()) throw new UserError(where + ": malformed JSON (expected an object, got " + kind(el) + ")");
        JsonObject o = el.getAsJsonObject();

        JsonElement text = o.get("text");
        if (text == null || text.isJsonNull()) {
            boolean pairs = (o.has("x") && o.has("y")) || (o.has("x_id") && o.has("y_id"));
            throw new UserError(where + ": document has no \"text\" field (expected a string)"
                    + (pairs ? "; it has \"x\" and \"y\", as a pairs file does: give it as --pairs FILE" : ""));
        }
        if (!isString(text)) throw new UserError(where + ": \"text\" must be a string, got " + kind(text));

        JsonElement idEl = o.get("id");
        String id;
        if (idEl == null || idEl.isJsonNull()) id = Integer.toString(lineNo);
        else if (idEl.isJsonPrimitive() && !idEl.getAsJsonPrimitive().isBoolean()) id = idEl.getAsString();
        else throw new UserError(where + ": \"id\" must be a number or a string, got " + kind(idEl));

        JsonElement splitEl = o.get("split");
        String split = null;
        if (splitEl != null && !splitEl.isJsonNull()) {
            if (!isString(splitEl)) throw new UserError(where + ": \"split\" must be a string (train, test, or validation: also val, valid, dev, cv), got " + kind(splitEl));
            split = splitEl.getAsString();
        }

        JsonElement labelsEl = o.get("labels");
        List<String> labels = new ArrayList<>();
        if (labelsEl != null && !labelsEl.isJsonNull()) {
            if (!labelsEl.isJsonArray()) throw new UserError(where + ": \"labels\" must be an array of strings, got " + kind(labelsEl));
            JsonArray arr = labelsEl.getAsJsonArray();
            for (JsonElement l : arr) {
                if (!isString(l)) throw new UserError(where + ": \"labels\" must be an array of strings, found " + kind(l));
                labels.add(l.getAsString());
            }
        }
        return new Document(id, split, List.copyOf(labels), text.getAsString());
    }

    /**
     * One line of JSON, strictly parsed: anything but a single value, and a key repeated within
     * one object (at any depth), is a one-line {@link UserError} "WHERE: malformed JSON (...)".
     */
    public static JsonElement parseLine(String line, String where) {
        try {
            JsonReader r = new UniqueKeysReader(new StringReader(line));
            r.setStrictness(Strictness.STRICT);
            JsonElement el = JSON.read(r);
            if (r.peek() != JsonToken.END_DOCUMENT) throw new IOException("trailing characters after the object");
            return el;
        } catch (IOException | RuntimeException e) {
            throw new UserError(where + ": malformed JSON (" + jsonError(e.getMessage()) + ")", e);
        }
    }

    /**
     * Gson's tree adapter keeps the last of repeated keys without a word; a repeated "text" or
     * "x" is almost always a broken export, so this reader refuses it instead.
     */
    private static final class UniqueKeysReader extends JsonReader {
        private final ArrayDeque<Set<String>> keys = new ArrayDeque<>();

        UniqueKeysReader(StringReader in) {
            super(in);
        }

        @Override
        public void beginObject() throws IOException {
            super.beginObject();
            keys.push(new HashSet<>());
        }

        @Override
        public void endObject() throws IOException {
            super.endObject();
            keys.pop();
        }

        @Override
        public String nextName() throws IOException {
            String name = super.nextName();
            if (!keys.peek().add(name))
                throw new MalformedJsonException("duplicate key \"" + name + "\" at " + getPath() + ": a key may appear once per object");
            return name;
        }
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString();
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) return "null";
        if (e.isJsonArray()) return "an array";
        if (e.isJsonObject()) return "an object";
        JsonPrimitive p = e.getAsJsonPrimitive();
        return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
    }

    /** Gson's parse message as one line, without its troubleshooting link and API advice. */
    public static String jsonError(String s) {
        if (s == null) return "unparseable";
        int see = s.indexOf("\nSee ");
        String m = see >= 0 ? s.substring(0, see) : s;
        m = m.replaceFirst("^Use JsonReader\\.setStrictness\\([^)]*\\) to accept malformed JSON ", "");
        return m.replaceAll("\\s+", " ").trim();
    }
}
