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
 * its folder. If ROOT holds one folder whose name contains "train" and one whose name contains
 * "test" (e.g. {@code 20news-bydate-train}, {@code 20news-bydate-test}), they are the splits, each
 * holding the label folders (a third one containing "val" or "dev" becomes validation); otherwise
 * ROOT's folders are the labels and no split is set (the pipeline then draws a seeded 80/20
 * split). Files are read as UTF-8, or as Latin-1 when they are not valid UTF-8; files and folders
 * whose names start with '.' are skipped; files are taken in name order, recursively inside a
 * label folder.
 */
public final class FolderCorpus {
    private FolderCorpus() {
    }

    public static List<Document> read(Path root) {
        if (!Files.isDirectory(root)) throw new UserError(root + ": no such folder (expected ROOT/<label>/<file>)");
        List<Path> top = subfolders(root);
        Path train = null, test = null, val = null;
        for (Path d : top) {
            String n = d.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.contains("train")) train = train == null ? d : ambiguous(root, train, d);
            else if (n.contains("test")) test = test == null ? d : ambiguous(root, test, d);
            else if (n.contains("val") || n.contains("dev")) val = val == null ? d : ambiguous(root, val, d);
        }
        List<Document> docs = new ArrayList<>();
        if (train != null && test != null) {
            readLabels(root, train, "train", docs);
            if (val != null) readLabels(root, val, "validation", docs);
            readLabels(root, test, "test", docs);
        } else {
            readLabels(root, root, null, docs);
        }
        if (docs.isEmpty())
            throw new UserError(root + ": no documents (expected files in ROOT/<label>/, e.g. " + root.resolve("sport").resolve("001.txt") + ")");
        return docs;
    }

    private static Path ambiguous(Path root, Path a, Path b) {
        throw new UserError(root + ": folders '" + a.getFileName() + "' and '" + b.getFileName()
                + "' both look like the same split (expected one folder containing \"train\" and one containing \"test\")");
    }

    private static void readLabels(Path root, Path dir, String split, List<Document> docs) {
        List<Path> labels = subfolders(dir);
        if (labels.isEmpty())
            throw new UserError(dir + ": no label folders (expected " + (split == null ? "ROOT" : dir.getFileName()) + "/<label>/<file>, "
                    + "one folder per label, or ROOT/train/<label>/<file> and ROOT/test/<label>/<file>)");
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
