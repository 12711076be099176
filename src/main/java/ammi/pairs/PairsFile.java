package ammi.pairs;

import ammi.data.Datasets;
import ammi.data.Document;
import ammi.util.AtomicFiles;
import ammi.util.UserError;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Pairs files: JSON lines, plain or gzip (detected by magic bytes). Each line is either
 * {@code {"id": ..., "split": ..., "x": TEXT, "y": TEXT}} or
 * {@code {"id": ..., "split": ..., "x_id": ID, "y_id": ID}} with ids into a JSON-lines corpus
 * given alongside. {@code id} and {@code split} are optional; blank lines are skipped.
 */
public final class PairsFile {
    private PairsFile() {}

    /** Reads a pairs file; {@code corpus} (a corpus name or JSON-lines file, may be null) resolves x_id/y_id. */
    public static List<Pair> read(Path file, String corpus) {
        Function<String, String> lookup = null;
        String corpusName = corpus;
        if (corpus != null) {
            Map<String, String> texts = new HashMap<>();
            for (Document d : Datasets.documents(corpus)) texts.putIfAbsent(d.id(), d.text());
            lookup = texts::get;
        }
        try (InputStream raw = Files.newInputStream(file)) {
            return read(raw, file.toString(), lookup, corpusName);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file (expected a pairs file, JSON lines with \"x\" and \"y\")");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** {@code lookup} maps a corpus id to its text (null when there is no corpus). */
    public static List<Pair> read(InputStream raw, String source, Function<String, String> lookup, String corpusName) throws IOException {
        BufferedReader reader = ammi.data.JsonlCorpus.openText(raw);
        List<Pair> pairs = new ArrayList<>();
        String line;
        int lineNo = 0;
        while ((line = ammi.data.JsonlCorpus.nextLine(reader, source, lineNo)) != null) {
            lineNo++;
            if (line.isBlank()) continue;
            pairs.add(parse(line, source + ":" + lineNo, lineNo, lookup, corpusName));
        }
        if (pairs.isEmpty()) throw new UserError(source + ": no pairs (expected one JSON object per line with \"x\" and \"y\")");
        return pairs;
    }

    static Pair parse(String line, String where, int lineNo, Function<String, String> lookup, String corpusName) {
        JsonElement el = ammi.data.JsonlCorpus.parseLine(line, where);
        if (!el.isJsonObject()) throw new UserError(where + ": malformed JSON (expected an object)");
        JsonObject o = el.getAsJsonObject();
        String id = scalar(o, "id", where);
        if (id == null) id = Integer.toString(lineNo);
        JsonElement splitEl = o.get("split");
        String split = null;
        if (splitEl != null && !splitEl.isJsonNull()) {
            if (!isString(splitEl)) throw new UserError(where + ": \"split\" must be a string (train, validation or test)");
            split = splitEl.getAsString();
            // checked here, where the line is known, rather than when the splits are formed
            if (PairDataset.slotOf(split) < 0)
                throw new UserError(where + ": pair " + id + " has split '" + split + "' (" + PairDataset.SPLIT_NAMES + ")");
        }
        String x = side(o, "x", where, lookup, corpusName);
        String y = side(o, "y", where, lookup, corpusName);
        return new Pair(id, split, x, y);
    }

    private static String side(JsonObject o, String key, String where, Function<String, String> lookup, String corpusName) {
        JsonElement text = o.get(key);
        String refKey = key + "_id";
        String ref = scalar(o, refKey, where);
        if (text != null && !text.isJsonNull()) {
            if (ref != null) throw new UserError(where + ": pair has both \"" + key + "\" and \"" + refKey + "\" (give one)");
            if (!isString(text)) throw new UserError(where + ": \"" + key + "\" must be a string (the article's text)");
            return text.getAsString();
        }
        if (ref == null)
            throw new UserError(where + ": pair has no \"" + key + "\" (expected \"x\" and \"y\" texts, or \"x_id\" and \"y_id\" with a corpus)");
        if (lookup == null)
            throw new UserError(where + ": \"" + refKey + "\" needs a corpus to look ids up in (--pairs-corpus NAME|FILE)");
        String t = lookup.apply(ref);
        if (t == null) throw new UserError(where + ": unknown " + refKey + " '" + ref + "' (no such document id in " + corpusName + ")");
        return t;
    }

    private static String scalar(JsonObject o, String key, String where) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) return null;
        if (e.isJsonPrimitive() && !e.getAsJsonPrimitive().isBoolean()) return e.getAsString();
        throw new UserError(where + ": \"" + key + "\" must be a number or a string");
    }

    private static boolean isString(JsonElement e) {
        return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString();
    }


    /** Writes pairs as JSON lines (gzip when the name ends in .gz), atomically. */
    public static void write(Path file, List<Pair> pairs) {
        boolean gz = file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
        Gson gson = new com.google.gson.GsonBuilder().disableHtmlEscaping().create();
        AtomicFiles.write(file, out -> {
            GZIPOutputStream z = gz ? new GZIPOutputStream(out, 1 << 16) : null;
            Writer w = new OutputStreamWriter(z != null ? z : out, StandardCharsets.UTF_8);
            for (Pair p : pairs) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("id", p.id());
                if (p.split() != null) m.put("split", p.split());
                m.put("x", p.x());
                m.put("y", p.y());
                w.write(gson.toJson(m));
                w.write('\n');
            }
            w.flush();
            if (z != null) z.finish();
        });
    }
}
