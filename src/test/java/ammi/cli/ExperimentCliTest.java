package ammi.cli;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code experiment prior-order} end to end on a small corpus and short codes. */
class ExperimentCliTest extends CliTestBase {
    private static final String[] SMALL = {"experiment", "prior-order", "--data", "bbc", "--vocab-size", "500",
            "--max-docs", "300", "--bits", "6", "--epochs-bmmi", "1", "--epochs", "1", "--batch-size", "64",
            "--fit-steps", "2000", "--fit-tol", "1e-9"};

    private static String[] with(String... more) {
        String[] all = new String[SMALL.length + more.length];
        System.arraycopy(SMALL, 0, all, 0, SMALL.length);
        System.arraycopy(more, 0, all, SMALL.length, more.length);
        return all;
    }

    @Test
    void writesThePngAndCsvOfBothPanels() throws Exception {
        Path png = dir.resolve("fig1.png"), csv = dir.resolve("fig1.csv");
        assertEquals(0, Main.run(with("--max-order", "5", "--ammi-max-order", "2", "--batch", "64",
                "--plot", png.toString(), "--csv", csv.toString())), err());

        byte[] bytes = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}, java.util.Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(2 * PriorOrderPlot.PANEL_WIDTH, image.getWidth());
        assertEquals(PriorOrderPlot.HEIGHT, image.getHeight());

        List<String> lines = Files.readAllLines(csv);
        assertEquals("panel,r,cross_entropy,entropy,gap,optimum,steps,converged,seconds,val_precision,order_posterior", lines.get(0));
        List<String[]> a = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[0].equals("a")).toList();
        List<String[]> b = lines.stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[0].equals("b")).toList();
        assertEquals(6, a.size(), "r = 0..5");
        assertEquals(3, b.size(), "r = 0..2");
        assertEquals(1 + 6 + 3 + 1, lines.size(), "header, fits, runs, the bmmi row");
        double previous = Double.POSITIVE_INFINITY;
        for (int r = 0; r < a.size(); r++) {
            String[] c = a.get(r);
            assertEquals(r, Integer.parseInt(c[1]));
            double ce = Double.parseDouble(c[2]), h = Double.parseDouble(c[3]), gap = Double.parseDouble(c[4]), best = Double.parseDouble(c[5]);
            assertTrue(h > 0 && h <= Math.log(64) + 6 * Math.log(2), "H(Z) of a mixture of 64 documents: " + h);
            assertEquals(ce - h, gap, 1e-9);
            assertTrue(ce >= h - 1e-9, "H+ >= H(Z) at r=" + r);
            assertTrue(ce >= best - 1e-9 && ce - best < 1e-3, "fit at r=" + r + " reaches the order's minimum " + best + ", got " + ce);
            assertTrue(ce <= previous + 1e-9, "non-increasing at r=" + r);
            previous = ce;
        }
        String[] full = a.get(5); // r = m - 1
        assertEquals(Double.parseDouble(full[3]), Double.parseDouble(full[5]), 1e-9, "the full-context minimum is H(Z)");
        assertTrue(Double.parseDouble(full[4]) < 1e-3, "gap at r = m - 1: " + full[4]);
        for (String[] c : b) {
            double p = Double.parseDouble(c[9]);
            assertTrue(p >= 0 && p <= 100, "val P@100 " + p);
            assertEquals("0", c[10], "one encoder order");
        }

        String o = out();
        assertTrue(o.contains("H(Z) = ") && o.contains("H(Z|Y) = "), o);
        assertTrue(o.contains("gap to H(Z)"), o);
        assertTrue(o.contains("val P@100"), o);
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp files left");
        }
    }

    @Test
    void aSecondEncoderOrderAddsItsLineFromREqualsO() throws Exception {
        Path png = dir.resolve("fig1-o1.png"), csv = dir.resolve("fig1-o1.csv"), csv0 = dir.resolve("fig1-o0.csv");
        assertEquals(0, Main.run(with("--max-order", "1", "--ammi-max-order", "2", "--batch", "64", "--also-order-posterior", "1",
                "--plot", png.toString(), "--csv", csv.toString())), err());
        List<String[]> b = Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",", -1)).filter(c -> c[0].equals("b")).toList();
        assertEquals(List.of("0:0", "0:1", "0:2", "1:1", "1:2"), b.stream().map(c -> c[10] + ":" + c[1]).toList(),
                "o = 0 with r = 0..2, then o = 1 with r = 1..2");
        assertTrue(out().contains("  1    2  "), "the console rows name o: " + out());
        assertNotNull(ImageIO.read(png.toFile()));

        // the o = 0 line is the same runs as without the second line (each run is seeded alone)
        assertEquals(0, Main.run(with("--max-order", "1", "--ammi-max-order", "2", "--batch", "64",
                "--plot", dir.resolve("fig1-o0.png").toString(), "--csv", csv0.toString())), err());
        List<String> b0 = Files.readAllLines(csv0).stream().filter(l -> l.startsWith("b,")).map(l -> l.split(",", -1)[9]).toList();
        assertEquals(b0, b.subList(0, 3).stream().map(c -> c[9]).toList());
    }

    @Test
    void badOrdersAreOneLine() {
        assertEquals(1, Main.run(with("--max-order", "5", "--ammi-max-order", "2", "--also-order-posterior", "0")));
        assertOneErrorLine("--also-order-posterior");
        err.reset();
        assertEquals(1, Main.run(with("--max-order", "5", "--ammi-max-order", "2", "--also-order-posterior", "3")));
        assertOneErrorLine("--also-order-posterior", "[0, 2]");
        err.reset();
        assertEquals(1, Main.run(with("--max-order", "6", "--ammi-max-order", "2")));
        assertOneErrorLine("--max-order", "[0, 5]", "6");
        err.reset();
        assertEquals(1, Main.run(with("--max-order", "5", "--ammi-max-order", "-1")));
        assertOneErrorLine("--ammi-max-order");
        err.reset();
        assertEquals(1, Main.run(with("--order-posterior", "3", "--max-order", "2", "--ammi-max-order", "3")));
        assertOneErrorLine("--max-order", "[3, 5]");
        err.reset();
        assertEquals(1, Main.run("experiment", "prior-order", "--bits", "20"));
        assertOneErrorLine("--bits", "16");
    }

    @Test
    void batchLargerThanTheTrainingDocumentsIsOneLine() {
        assertEquals(1, Main.run(with("--batch", "100000", "--max-order", "1", "--ammi-max-order", "0")));
        assertOneErrorLine("--batch 100000", "training documents");
    }

    @Test
    void unwritablePlotIsOneLineBeforeTheRun() throws Exception {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "x");
        assertEquals(1, Main.run(with("--max-order", "1", "--ammi-max-order", "0", "--plot", blocker.resolve("fig.png").toString())));
        assertOneErrorLine("--plot", "fig.png", "is a file, not a folder");
        assertFalse(out().contains("BMMI"), "nothing was trained");
    }

    /** A folder, or one file named twice, is refused before the run, and an existing plot survives. */
    @Test
    void csvAtAFolderOrAtThePlotIsOneLineBeforeTheRun() throws Exception {
        Path plot = dir.resolve("keep.png"), folder = dir.resolve("adir");
        Files.writeString(plot, "OLDPLOT");
        Files.createDirectories(folder);
        assertEquals(1, Main.run(with("--max-order", "1", "--ammi-max-order", "0", "--plot", plot.toString(), "--csv", folder.toString())));
        assertOneErrorLine("--csv " + folder, "is a folder");
        err.reset();
        assertEquals(1, Main.run(with("--max-order", "1", "--ammi-max-order", "0", "--plot", plot.toString(), "--csv", plot.toString())));
        assertOneErrorLine("--plot and --csv both name");
        assertFalse(out().contains("BMMI"), "nothing was trained");
        assertEquals("OLDPLOT", Files.readString(plot));
    }
}
