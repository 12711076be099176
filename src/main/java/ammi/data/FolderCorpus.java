package ammi.data;

import ammi.util.UserError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A folder tree in the 20news-bydate layout: ROOT/LABEL/FILE, one document per file, labelled by
 * its folder. ROOT holds the splits when it has a folder whose name contains "train" and one whose
 * name contains "test" (any case; a name containing both counts as train), and at least one of
 * them holds a subfolder or is named exactly {@code train} or {@code test} (e.g.
 * {@code 20news-bydate-train/alt.atheism/}, {@code 20news-bydate-test/alt.atheism/}): each split
 * folder then holds the label folders, a third folder whose name contains "val" or "dev" is
 * validation, and two folders for the same split are an error. Otherwise ROOT's folders are the
 * labels and no split is set (the pipeline then draws a seeded 80/20 split), so label folders such
 * as {@code trains/} and {@code latest/} that hold files are labels. A train or test folder that
 * holds files while its partner holds folders is reported as a split without label folders. Files
 * are read as UTF-8, or as Latin-1 when they are not valid UTF-8; files and folders whose names
 * start with '.' are skipped; files are taken in name order, recursively inside a label folder.
 */
public final class FolderCorpus {
    private FolderCorpus() {
    }

    public static List<Document> read(Path root) {
        if (!Files.isDirectory(root)) throw new UserError(root + ": no such folder (expected ROOT/<label>/<file>)");
        List<Path> top = subfolders(root);
        List<Path> trains = new ArrayList<>(), tests = new ArrayList<>(), vals = new ArrayList<>();
        for (Path d : top) {
            String n = d.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.contains("train")) trains.add(d);
            else if (n.contains("test")) tests.add(d);
            else if (n.contains("val") || n.contains("dev")) vals.add(d);
        }
        String why = trains.isEmpty() || tests.isEmpty() ? null : splitReason(trains, tests);
        List<Document> docs = new ArrayList<>();
        if (why != null) {
            for (List<Path> same : List.of(trains, tests, vals)) if (same.size() > 1) ambiguous(root, same.get(0), same.get(1));
            readLabels(root, trains.get(0), "train", why, docs);
            if (!vals.isEmpty()) readLabels(root, vals.get(0), "validation", why, docs);
            readLabels(root, tests.get(0), "test", why, docs);
        } else {
            readLabels(root, root, null, null, docs);
        }
        if (docs.isEmpty())
            throw new UserError(root + ": no documents (expected files in ROOT/<label>/, e.g. " + root.resolve("sport").resolve("001.txt") + ")");
        return docs;
    }

    /**
     * Why ROOT is read as split folders, or null when it is not: names alone cannot tell, since
     * labels such as "trains" or "latest" contain them, but label folders that hold files do not
     * hold folders, and a folder named exactly "train" or "test" is a split even without labels
     * (reported then, rather than read as a label).
     */
    private static String splitReason(List<Path> trains, List<Path> tests) {
        List<Path> named = new ArrayList<>(trains);
        named.addAll(tests);
        for (Path d : named) {
            String n = d.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.equals("train") || n.equals("test")) return "a folder named '" + d.getFileName() + "' always holds a split";
        }
        for (Path d : named)
            if (!subfolders(d).isEmpty())
                return "'" + d.getFileName() + "' holds folders, so the folders whose names contain \"train\" or \"test\" are splits";
        return null;
    }

    private static void ambiguous(Path root, Path a, Path b) {
        throw new UserError(root + ": folders '" + a.getFileName() + "' and '" + b.getFileName()
                + "' both look like the same split (expected one folder containing \"train\" and one containing \"test\")");
    }

    private static void readLabels(Path root, Path dir, String split, String why, List<Document> docs) {
        List<Path> labels = subfolders(dir);
        if (labels.isEmpty())
            throw new UserError(dir + ": no label folders (expected " + (split == null ? "ROOT" : dir.getFileName()) + "/<label>/<file>, "
                    + "one folder per label, or ROOT/train/<label>/<file> and ROOT/test/<label>/<file>"
                    + (why == null ? "" : "; ROOT is read as splits since " + why) + ")");
        for (Path labelDir : labels) {
            String label = labelDir.getFileName().toString();
            List<Path> files;
            try (Stream<Path> s = Files.walk(labelDir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) { // a label folder may be a link
                files = s.filter(Files::isRegularFile).filter(f -> !hidden(labelDir.relativize(f))).sorted().toList();
            } catch (IOException e) {
                throw new UserError(labelDir + ": cannot list (" + e.getMessage() + ")", e);
            }
            for (Path f : files) {
                String id = root.relativize(f).toString().replace('\\', '/');
                docs.add(new Document(id, split, List.of(label), text(f)));
            }
        }
    }

    private static boolean hidden(Path rel) {
        for (Path part : rel) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private static List<Path> subfolders(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list (" + e.getMessage() + ")", e);
        }
    }

    static String text(Path f) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (IOException e) {
            throw new UserError(f + ": cannot read (" + e.getMessage() + ")", e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
