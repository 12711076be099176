package ammi.pairs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Strips the Usenet boilerplate from a post, as scikit-learn's
 * {@code fetch_20newsgroups(remove=('headers', 'footers', 'quotes'))} does: the header block,
 * the signature, and quoted and attribution lines.
 *
 * <p>Why: the two halves of one 20news post share exact names, addresses and quoted text
 * (From:/Organization: in X, the same name in the signature of Y), so matching them rewards
 * exact word overlap (the bag-of-words baseline) rather than topical codes. Cleaning leaves the
 * text the author wrote.
 *
 * <p>Steps, in sklearn's order:
 * <ol>
 * <li>header: the leading lines up to the first blank line, when the first of them is a
 * {@code Key: value} line and every one is such a line or a folded continuation (starts with
 * a space or tab), and so on while the next paragraph is such a block too; sklearn drops the
 * first paragraph unconditionally, which would cut the body of a post without headers;</li>
 * <li>signature: everything from the last line of only dashes ({@code --}, {@code -- },
 * {@code -----}), when at most {@link #MAX_SIGNATURE_LINES} lines follow it and it is not the
 * first line; sklearn also cuts at blank lines, which removes the last paragraph of most
 * posts;</li>
 * <li>quotes: every line that starts with {@code >} or {@code |}, or is an attribution
 * (sklearn's pattern: starts with {@code In article} or {@code Quoted from}, or contains
 * {@code writes:}, {@code writes in}, {@code wrote:}, {@code says:} or {@code said:}).</li>
 * </ol>
 * Line ends are normalised to {@code \n}; the result is stripped of surrounding whitespace.
 */
public final class PostCleaner {
    /** A dash line further up than this is more likely a section rule than a signature. */
    public static final int MAX_SIGNATURE_LINES = 15;

    private static final Pattern HEADER = Pattern.compile("[A-Za-z][^\\s:]*:(\\s.*)?");
    private static final Pattern DASHES = Pattern.compile("-{2,}\\s*");
    // scikit-learn's _QUOTE_RE, applied to each line
    private static final Pattern QUOTE = Pattern.compile("(writes in|writes:|wrote:|says:|said:|^In article|^Quoted from|^\\||^>)");

    private PostCleaner() {}

    /** The post without header, signature and quoted lines; may be empty. */
    public static String clean(String text) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)));
        stripHeader(lines);
        stripSignature(lines);
        lines.removeIf(l -> QUOTE.matcher(l).find());
        return String.join("\n", lines).strip();
    }

    static void stripHeader(List<String> lines) {
        // some 20news posts carry a second header block (a forwarded or re-posted article's)
        while (stripHeaderBlock(lines)) {
            while (!lines.isEmpty() && lines.get(0).isBlank()) lines.remove(0);
        }
    }

    private static boolean stripHeaderBlock(List<String> lines) {
        int end = 0;
        while (end < lines.size() && !lines.get(end).isBlank()) end++;
        if (end == 0 || !HEADER.matcher(lines.get(0)).matches()) return false;
        for (int i = 1; i < end; i++) {
            String l = lines.get(i);
            boolean folded = l.startsWith(" ") || l.startsWith("\t");
            if (!folded && !HEADER.matcher(l).matches()) return false;
        }
        lines.subList(0, end).clear();
        return true;
    }

    static void stripSignature(List<String> lines) {
        int last = lines.size() - 1;
        while (last >= 0 && lines.get(last).isBlank()) last--; // trailing blank lines are not signature lines
        for (int i = last; i >= Math.max(1, last - MAX_SIGNATURE_LINES); i--) {
            if (DASHES.matcher(lines.get(i)).matches()) {
                lines.subList(i, lines.size()).clear();
                return;
            }
        }
    }
}
