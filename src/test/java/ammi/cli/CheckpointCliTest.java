package ammi.cli;

import ammi.model.Checkpoint;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --checkpoint-every, --resume and --plot as a user runs them. */
class CheckpointCliTest extends CliTestBase {
    static final String[] SMALL = {"train", "--data", "bbc", "--vocab-size", "1000", "--bits", "8", "--batch-size", "64",
            "--prior-steps", "1", "--quiet"};

    static String[] args(String... more) {
        String[] all = Arrays.copyOf(SMALL, SMALL.length + more.length);
        System.arraycopy(more, 0, all, SMALL.length, more.length);
        return all;
    }

    String line(String prefix) {
        return out().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " missing:\n" + out()));
    }

    @Test
    void resumedRunEndsWhereTheUninterruptedRunEnds() throws Exception {
        Path ckpt = dir.resolve("run.ckpt"), full = dir.resolve("full.ammi"), resumed = dir.resolve("resumed.ammi");
        assertEquals(0, Main.run(args("--epochs", "4", "--checkpoint-every", "3", "--checkpoint", ckpt.toString(), "--save", full.toString())), err());
        String val = line("validation P@100"), test = line("test P@100");
        assertEquals(3, Checkpoint.read(ckpt).training().epochsDone(), "the epoch-3 checkpoint");

        out.reset();
        assertEquals(0, Main.run("train", "--resume", ckpt.toString(), "--save", resumed.toString(), "--checkpoint-every", "1", "--quiet"), err());
        assertTrue(out().contains("resuming " + ckpt + " after epoch 3"), out());
        assertEquals(4, Checkpoint.read(ckpt).training().epochsDone(), "a resumed run checkpoints into the file it resumed from");
        assertEquals(val, line("validation P@100"));
        assertEquals(test, line("test P@100"));
        Map<String, double[]> a = Checkpoint.read(full).parameters(), b = Checkpoint.read(resumed).parameters();
        assertEquals(a.keySet(), b.keySet());
        for (String name : a.keySet()) assertArrayEquals(a.get(name), b.get(name), 0.0, name);
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(resumed), "the same model file, byte for byte");
    }

    @Test
    void resumeWithoutSaveOrCheckpointEveryKeepsCheckpointingAndWritesTheFinishedModelIntoItsFile() throws Exception {
        Path ckpt = dir.resolve("run.ckpt"), full = dir.resolve("full.ammi"), other = dir.resolve("other.ckpt");
        assertEquals(0, Main.run(args("--epochs", "4", "--checkpoint-every", "3", "--checkpoint", ckpt.toString(), "--save", full.toString())), err());
        assertEquals(3, Checkpoint.read(ckpt).training().epochsDone(), "the epoch-3 checkpoint");
        Files.copy(ckpt, other);

        // no --checkpoint-every: still checkpoints (every epoch) into the file resumed from
        out.reset();
        Path saved = dir.resolve("saved.ammi");
        assertEquals(0, Main.run("train", "--resume", ckpt.toString(), "--save", saved.toString(), "--threads", "1", "--quiet"), err());
        assertEquals(4, Checkpoint.read(ckpt).training().epochsDone(), "the resumed run checkpointed epoch 4 into " + ckpt);
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(saved));

        // no --save: the finished model goes into the file resumed from, the uninterrupted run's model byte for byte
        out.reset();
        assertEquals(0, Main.run("train", "--resume", other.toString(), "--threads", "1", "--quiet"), err());
        assertTrue(out().contains("saved " + other), out());
        assertEquals(null, Checkpoint.read(other).training(), "the finished model, no training state");
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(other), "the uninterrupted run's model file");

        out.reset();
        assertEquals(0, Main.run("eval", "--model", full.toString()), err());
        String val = line("validation P@100"), test = line("test P@100");
        out.reset();
        assertEquals(0, Main.run("eval", "--model", other.toString()), err());
        assertEquals(val, line("validation P@100"));
        assertEquals(test, line("test P@100"));
    }

    @Test
    void checkpointDefaultsToTheSaveFileWhichEndsAsAPlainModel() throws Exception {
        Path model = dir.resolve("m.ammi");
        assertEquals(0, Main.run(args("--epochs", "2", "--checkpoint-every", "1", "--save", model.toString())), err());
        Checkpoint c = Checkpoint.read(model);
        assertEquals(null, c.training(), "the finished run overwrote its checkpoint with the model");
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
        err.reset();
        assertEquals(1, Main.run("train", "--resume", model.toString()));
        assertOneErrorLine("m.ammi", "training state");
    }

    @Test
    void resumeRefusesSettingsThatWouldChangeTheRun() throws Exception {
        Path ckpt = dir.resolve("run.ckpt");
        assertEquals(0, Main.run(args("--epochs", "1", "--checkpoint-every", "1", "--checkpoint", ckpt.toString())), err());
        err.reset();
        assertEquals(1, Main.run("train", "--resume", ckpt.toString(), "--lr", "0.1"));
        assertOneErrorLine("--lr", "--resume");
        err.reset();
        assertEquals(1, Main.run("train", "--checkpoint-every", "1"));
        assertOneErrorLine("--checkpoint-every", "--save");
        err.reset();
        assertEquals(1, Main.run("train", "--resume", dir.resolve("missing.ckpt").toString()));
        assertOneErrorLine("missing.ckpt");
    }

    @Test
    void plotIsAPngOfTheExpectedSize() throws Exception {
        Path png = dir.resolve("curves.png");
        assertEquals(0, Main.run(args("--epochs", "3", "--plot", png.toString())), err());
        assertTrue(out().contains("plot " + png), out());
        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, Arrays.copyOf(bytes, 8), "PNG signature");
        assertEquals("IHDR", new String(bytes, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(TrainingCurves.WIDTH, ByteBuffer.wrap(bytes, 16, 4).getInt());
        assertEquals(2 * TrainingCurves.PANEL_HEIGHT, ByteBuffer.wrap(bytes, 20, 4).getInt());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "decodes");
        // drawn, not blank: the series colours of XChart's default theme leave many distinct colours
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y));
        assertTrue(colours.size() > 20, colours.size() + " colours");
    }

    @Test
    void plotOfTheBestSearchRun() throws Exception {
        Path png = dir.resolve("best.png");
        assertEquals(0, Main.run(args("--epochs", "2", "--runs", "2", "--runs-csv", dir.resolve("r.csv").toString(), "--plot", png.toString())), err());
        assertEquals(List.of(TrainingCurves.WIDTH, 2 * TrainingCurves.PANEL_HEIGHT),
                List.of(ImageIO.read(png.toFile()).getWidth(), ImageIO.read(png.toFile()).getHeight()));
    }
}
