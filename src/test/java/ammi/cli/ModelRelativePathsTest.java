package ammi.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A checkpoint's relative corpus or pairs file is read from beside the model when the current directory lacks it. */
class ModelRelativePathsTest {
    @TempDir
    Path dir;

    @Test
    void relativeFileMissingHereIsFoundBesideTheModel() throws Exception {
        String name = "beside-" + System.nanoTime() + ".jsonl";
        assertFalse(Files.exists(Path.of(name)), "the test needs a name absent from the working directory");
        Files.writeString(dir.resolve(name), "{}\n");
        Path model = dir.resolve("m.ammi");
        assertEquals(dir.resolve(name).toAbsolutePath().toString(), SavedModel.besideModel(name, model));

        PairsSource moved = new PairsSource(Path.of(name), name, null, false, 1).besideModel(model);
        assertEquals(dir.resolve(name).toAbsolutePath(), moved.pairs());
        assertEquals(dir.resolve(name).toAbsolutePath().toString(), moved.pairsCorpus());
        // --index-from's corpus too, also for pairs built from a named corpus
        PairsSource indexed = new PairsSource(null, null, "bbc", false, 1, false, name).besideModel(model);
        assertEquals(dir.resolve(name).toAbsolutePath().toString(), indexed.indexFrom());
        assertEquals("bbc", indexed.pairsFrom());
        // and a --pairs-from corpus file
        PairsSource built = new PairsSource(null, null, name, true, 2).besideModel(model);
        assertEquals(dir.resolve(name).toAbsolutePath().toString(), built.pairsFrom());
        assertEquals(new PairsSource(null, null, dir.resolve(name).toAbsolutePath().toString(), true, 2), built);
    }

    @Test
    void namesAbsolutePathsAndFilesMissingEverywhereStayAsStored() throws Exception {
        Path model = dir.resolve("m.ammi");
        Files.createDirectory(dir.resolve("reuters")); // a folder corpus beside the model does not shadow the named corpus
        assertEquals("reuters", SavedModel.besideModel("reuters", model));
        String absent = "absent-" + System.nanoTime() + ".jsonl";
        assertEquals(absent, SavedModel.besideModel(absent, model));
        String absolute = dir.resolve("elsewhere.jsonl").toAbsolutePath().toString();
        assertEquals(absolute, SavedModel.besideModel(absolute, model));
        // In the working directory (the project root under Maven) and beside the model: the working directory's wins.
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        assertEquals("pom.xml", SavedModel.besideModel("pom.xml", model));
        PairsSource built = new PairsSource(null, null, "20news", false, 1);
        assertEquals(built, built.besideModel(model));
    }
}
