package ammi.data;

import java.util.List;

/** One corpus line: id (as text), split ("train"/"test"/other, or null), labels, raw text. */
public record Document(String id, String split, List<String> labels, String text) {

    /** Longest first line kept, in characters: enough to recognise a document in a terminal. */
    public static final int FIRST_LINE_MAX = 100;

    /**
     * The first non-blank line of {@code text}, whitespace runs (tabs included) collapsed to one
     * space and cut to {@link #FIRST_LINE_MAX} characters ("..." marks a cut), so that it fits
     * one line of a terminal and one field of a tab-separated file.
     */
    public static String firstLine(String text) {
        if (text == null) return "";
        for (String line : text.split("\\R", -1)) {
            String s = line.strip().replaceAll("\\s+", " ");
            if (s.isEmpty()) continue;
            if (s.length() <= FIRST_LINE_MAX) return s;
            int cut = FIRST_LINE_MAX - 3;
            if (Character.isHighSurrogate(s.charAt(cut - 1))) cut--; // never split a surrogate pair
            return s.substring(0, cut) + "...";
        }
        return "";
    }
}
