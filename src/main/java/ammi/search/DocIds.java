package ammi.search;

import ammi.util.AtomicFiles;
import ammi.util.UserError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who each code is: the {@code CODES.ids} file next to a codes file, UTF-8, one line per code in
 * code order, four tab-separated fields: split, index within the split, document id, first line
 * of the text. Tabs and line breaks inside a field are written as spaces.
 */
public final class DocIds {
    /** One indexed document. */
    public record Entry(String split, int index, String id, String firstLine) {
        /** The split:index name, which {@code --doc} accepts whatever the corpus's ids are. */
        public String position() {
            return split + ":" + index;
        }
    }

    private final List<Entry> entries;
    private final Map<String, List<Integer>> byId = new HashMap<>();
    private final Map<String, Integer> byPosition = new HashMap<>();

    public DocIds(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        for (int i = 0; i < this.entries.size(); i++) {
            Entry e = this.entries.get(i);
            byId.computeIfAbsent(e.id(), k -> new ArrayList<>()).add(i);
            byPosition.putIfAbsent(e.position(), i);
        }
    }

    /** The ids file that belongs to a codes file. */
    public static Path pathFor(Path codes) {
        return codes.resolveSibling(codes.getFileName() + ".ids");
    }

    public int size() {
        return entries.size();
    }

    public Entry get(int code) {
        return entries.get(code);
    }

    /**
     * The code of a document named by its id or by SPLIT:INDEX (e.g. test:12). An id wins over a
     * position; an id shared by several documents is refused (the position is unambiguous).
     */
    public int find(String doc, String option, Path file) {
        List<Integer> hits = byId.get(doc);
        if (hits != null && hits.size() == 1) return hits.get(0);
        if (hits != null) {
            throw new UserError(option + " " + doc + ": " + hits.size() + " documents in " + file + " have this id; name one as "
                    + get(hits.get(0)).position() + " (SPLIT:INDEX) instead");
        }
        Integer at = byPosition.get(doc);
        if (at != null) return at;
        throw new UserError(option + " " + doc + ": no document in " + file + " has this id or position "
                + "(ids are its third column; SPLIT:INDEX such as " + (entries.isEmpty() ? "train:0" : get(0).position()) + " also works)");
    }

    public void write(Path file) {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (Entry e : entries) {
                w.write(clean(e.split()) + "\t" + e.index() + "\t" + clean(e.id()) + "\t" + clean(e.firstLine()) + "\n");
            }
            w.flush();
        });
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\r\\n]", " ");
    }

    public static DocIds read(Path file) {
        List<Entry> entries = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                String[] f = line.split("\t", 4);
                int index;
                try {
                    index = f.length == 4 ? Integer.parseInt(f[1]) : -1;
                } catch (NumberFormatException e) {
                    index = -1;
                }
                if (index < 0) {
                    throw new UserError(file + ":" + lineNo + ": expected SPLIT<TAB>INDEX<TAB>ID<TAB>FIRST LINE, got '"
                            + (line.length() > 60 ? line.substring(0, 60) + "..." : line) + "'");
                }
                entries.add(new Entry(f[0], index, f[2], f[3]));
            }
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such ids file (encode --out CODES writes CODES.ids next to CODES)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read ids file (" + e.getMessage() + ")");
        }
        return new DocIds(entries);
    }
}
