package ammi.search;

import ammi.util.AtomicFiles;
import ammi.util.UserError;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    /** Entries, or null when read from a file: then {@code lines} holds them, parsed on demand. */
    private final List<Entry> entries;
    private final List<String> lines;
    private final Path file;

    public DocIds(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        this.lines = null;
        this.file = null;
    }

    private DocIds(List<String> lines, Path file) {
        this.entries = null;
        this.lines = lines;
        this.file = file;
    }

    /** The ids file that belongs to a codes file. */
    public static Path pathFor(Path codes) {
        return codes.resolveSibling(codes.getFileName() + ".ids");
    }

    public int size() {
        return entries != null ? entries.size() : lines.size();
    }

    public Entry get(int code) {
        return entries != null ? entries.get(code) : parse(lines.get(code), code + 1);
    }

    private Entry parse(String line, int lineNo) {
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
        return new Entry(f[0], index, f[2], f[3]);
    }

    /** The positions an ambiguous id's error lists at most. */
    static final int MAX_LISTED = 10;

    /**
     * The code of a document named by its id or by SPLIT:INDEX (e.g. test:12). An id wins over a
     * position; an id shared by several documents is refused (the position is unambiguous).
     */
    public int find(String doc, String option, Path file) {
        // One linear pass (a command looks up one document): cheaper than indexing 10^6 ids.
        List<Integer> hits = new ArrayList<>(1);
        int atPosition = -1;
        for (int i = 0; i < size(); i++) {
            Entry e = get(i);
            if (e.id().equals(doc)) hits.add(i);
            else if (atPosition < 0 && doc.equals(e.position())) atPosition = i;
        }
        if (hits.size() == 1) return hits.get(0);
        if (hits.size() > 1) { // every position to choose from, as docs/codes-format.md promises; ten keep it one readable line
            StringBuilder positions = new StringBuilder();
            for (int k = 0; k < Math.min(hits.size(), MAX_LISTED); k++) positions.append(k == 0 ? "" : ", ").append(get(hits.get(k)).position());
            if (hits.size() > MAX_LISTED) positions.append(", ...");
            throw new UserError(option + " " + doc + ": " + hits.size() + " documents in " + file + " have this id; name one by its "
                    + "position (SPLIT:INDEX) instead: " + positions);
        }
        if (atPosition >= 0) return atPosition;
        throw new UserError(option + " " + doc + ": no document in " + file + " has this id or position "
                + "(ids are its third column; SPLIT:INDEX such as " + (size() == 0 ? "train:0" : get(0).position()) + " also works)");
    }

    public void write(Path file) {
        AtomicFiles.write(file, writer());
    }

    /** The file's text, for {@link AtomicFiles#writeAll} beside its codes. */
    public AtomicFiles.Writer writer() {
        return out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            for (int i = 0; i < size(); i++) {
                Entry e = get(i);
                w.write(clean(e.split()) + "\t" + e.index() + "\t" + clean(e.id()) + "\t" + clean(e.firstLine()) + "\n");
            }
            w.flush();
        };
    }

    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\t\\r\\n]", " ");
    }

    /**
     * Reads an ids file. Lines are parsed when asked for (a search shows ten of a million), so a
     * malformed line is reported when it is first used; the first line is checked at once.
     */
    public static DocIds read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such ids file (encode --out CODES writes CODES.ids next to CODES)");
        } catch (java.nio.charset.CharacterCodingException e) { // its message ("Input length = 1") means nothing to a user
            throw new UserError(file + ": not UTF-8 text (expected the ids file encode writes)");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read ids file (" + e.getMessage() + ")");
        }
        DocIds ids = new DocIds(lines, file);
        if (!lines.isEmpty()) ids.get(0);
        return ids;
    }
}
