package ammi.util;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link in README.md and docs/ names a file that exists and, with a #fragment into
 * a Markdown file, a heading there (GitHub's anchor rule: lower case, punctuation other than '-'
 * and '_' dropped, spaces to '-', a repeated heading gets -1, -2, ...). The results pages link
 * into each other by section, and a renamed heading breaks them silently otherwise.
 */
class DocsLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*)$");
    private static final Pattern FENCE = Pattern.compile("(?s)```.*?```");

    static String slug(String heading) {
        String h = heading.replace("`", "").replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").strip().toLowerCase(Locale.ROOT);
        return h.replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
    }

    static Set<String> anchors(String markdown) {
        Set<String> out = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (m.find()) {
            String s = slug(m.group(1));
            Integer n = seen.merge(s, 1, Integer::sum) - 1;
            out.add(n == 0 ? s : s + "-" + n);
        }
        return out;
    }

    @Test
    void slugsFollowGithub() {
        assertEquals("the-likelihood-ranking-2026-12-01-ninth-round", slug("The likelihood ranking (2026-12-01, ninth round)"));
        assertEquals("both-directions---both-directions", slug("Both directions (`--both-directions`)"));
        assertEquals("regularisation-and-the-priors-bit-order", slug("Regularisation and the prior's bit order"));
        assertEquals(Set.of("a", "a-1", "b"), anchors("# A\n```\n# not a heading\n```\n## A\n### B\n"));
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        Path root = Path.of("").toAbsolutePath();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> s = Files.walk(root.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        assertTrue(pages.size() > 5, "README and docs/*.md not found under " + root);
        Map<Path, Set<String>> anchorsOf = new HashMap<>();
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher m = LINK.matcher(FENCE.matcher(Files.readString(page)).replaceAll(""));
            while (m.find()) {
                String link = m.group(1);
                if (link.matches("^[a-z]+:.*")) continue; // http:, https:, mailto:
                links++;
                int hash = link.indexOf('#');
                String file = hash < 0 ? link : link.substring(0, hash), fragment = hash < 0 ? "" : link.substring(hash + 1);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(target)) {
                    broken.add(root.relativize(page) + ": no file " + link);
                } else if (!fragment.isEmpty() && target.toString().endsWith(".md")) {
                    Set<String> a = anchorsOf.computeIfAbsent(target, t -> {
                        try {
                            return anchors(Files.readString(t));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    if (!a.contains(fragment)) broken.add(root.relativize(page) + ": no heading #" + fragment + " in " + file);
                }
            }
        }
        assertTrue(links > 100, "only " + links + " relative links found");
        assertEquals(List.of(), broken);
    }
}
