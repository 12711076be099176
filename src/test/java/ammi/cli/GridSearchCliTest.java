package ammi.cli;

import ammi.model.Checkpoint;
import ammi.model.RunsCsv;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train --runs as a user runs it: the CSV, the saved best model, fixed options, resume. */
class GridSearchCliTest extends CliTestBase {
    static final String[] SMALL = {"train", "--data", "bbc", "--vocab-size", "1000", "--bits", "8", "--epochs", "2", "--quiet"};

    static String[] args(String... more) {
        String[] all = java.util.Arrays.copyOf(SMALL, SMALL.length + more.length);
        System.arraycopy(more, 0, all, SMALL.length, more.length);
        return all;
    }

    static List<List<String>> rows(Path csv) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) rows.add(RunsCsv.parse(line));
        return rows;
    }

    /** Everything but the seconds column. */
    static List<String> withoutSeconds(Path csv) throws Exception {
        int seconds = RunsCsv.HEADER.indexOf("seconds");
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            List<String> cells = new ArrayList<>(RunsCsv.parse(line));
            cells.remove(seconds);
            out.add(String.join("|", cells));
        }
        return out;
    }

    @Test
    void searchKeepsFixedOptionsSavesTheBestAndRecordsEveryRun() throws Exception {
        Path model = dir.resolve("best.ammi");
        assertEquals(0, Main.run(args("--runs", "3", "--lr", "0.003", "--no-raw-prior", "--search-seed", "7", "--save", model.toString())), err());
        Path csv = dir.resolve("best.runs.csv");
        List<List<String>> rows = rows(csv);
        assertEquals(3, rows.size());
        int lr = RunsCsv.HEADER.indexOf("lr"), raw = RunsCsv.HEADER.indexOf("raw_prior"), val = RunsCsv.HEADER.indexOf("val_precision"),
                test = RunsCsv.HEADER.indexOf("test_precision"), flags = RunsCsv.HEADER.indexOf("flags");
        for (List<String> r : rows) {
            assertEquals("0.003", r.get(lr), "--lr was given: fixed");
            assertEquals("no", r.get(raw), "--no-raw-prior was given: fixed");
            assertTrue(r.get(flags).contains("--bits 8 ") && r.get(flags).contains("--epochs 2 "), r.get(flags));
        }
        assertTrue(rows.stream().map(r -> r.get(RunsCsv.HEADER.indexOf("seed"))).distinct().count() > 1, "seeds are drawn");
        List<String> best = rows.stream().max(Comparator.comparingDouble(r -> Double.parseDouble(r.get(val)))).orElseThrow();

        // the saved model is the best run's: its settings, and eval reproduces its test score
        Checkpoint ckpt = Checkpoint.read(model);
        assertEquals(best.get(flags), ckpt.config().toFlags());
        out.reset();
        assertEquals(0, Main.run("eval", "--model", model.toString()), err());
        String evalTest = out().lines().filter(l -> l.startsWith("test P@100")).findFirst().orElseThrow();
        assertEquals(String.format(java.util.Locale.ROOT, "test P@100 %.2f", Double.parseDouble(best.get(test))), evalTest);
    }

    @Test
    void resumedSearchSkipsFinishedRunsAndWritesTheSameCsv() throws Exception {
        Path full = dir.resolve("full.csv");
        assertEquals(0, Main.run(args("--runs", "4", "--runs-csv", full.toString(), "--parallel-runs", "2")), err());

        // killed after two runs: the CSV holds runs 1 and 2 only (as each rewrite leaves it)
        Path part = dir.resolve("part.csv");
        List<String> lines = Files.readAllLines(full);
        Files.write(part, lines.subList(0, 3));
        out.reset();
        assertEquals(0, Main.run(args("--runs", "4", "--resume", part.toString(), "--parallel-runs", "1")), err());
        String printed = out();
        assertTrue(printed.contains("2 of 4 runs done"), printed);
        assertFalse(printed.contains("run 1/4") || printed.contains("run 2/4"), "finished runs are not trained again:\n" + printed);
        assertTrue(printed.contains("run 3/4") && printed.contains("run 4/4"), printed);
        assertEquals(withoutSeconds(full), withoutSeconds(part));
        assertEquals(Files.readAllLines(full).subList(1, 3), Files.readAllLines(part).subList(1, 3), "finished rows are kept as they were");
    }

    @Test
    void resumeRetrainsTheBestRunWhenItsModelIsMissing() throws Exception {
        Path model = dir.resolve("m.ammi");
        assertEquals(0, Main.run(args("--runs", "3", "--save", model.toString())), err());
        byte[] saved = Files.readAllBytes(model);
        Files.delete(model);
        out.reset();
        Path png = dir.resolve("best.png");
        assertEquals(0, Main.run(args("--runs", "3", "--save", model.toString(), "--resume", "--plot", png.toString())), err());
        assertTrue(out().contains("3 of 3 runs done") && out().contains("again for its model"), out());
        assertTrue(err().isEmpty(), "the retrained run matches its CSV row: " + err());
        assertArrayEquals(saved, Files.readAllBytes(model), "the same model file as the first session saved");
        assertTrue(Files.size(png) > 1000);
    }

    @Test
    void anExistingCsvNeedsResumeAndAnotherSearchIsRefused() throws Exception {
        Path csv = dir.resolve("runs.csv");
        assertEquals(0, Main.run(args("--runs", "1", "--runs-csv", csv.toString())), err());
        err.reset();
        assertEquals(1, Main.run(args("--runs", "2", "--runs-csv", csv.toString())));
        assertOneErrorLine("runs.csv", "--resume");
        err.reset();
        assertEquals(1, Main.run(args("--runs", "2", "--runs-csv", csv.toString(), "--resume", "--search-seed", "2")));
        assertOneErrorLine("runs.csv:2", "--search-seed");
        err.reset();
        byte[] before = Files.readAllBytes(csv);
        assertEquals(1, Main.run(args("--runs", "2", "--runs-csv", csv.toString(), "--resume", "--sublinear-tf")));
        assertOneErrorLine("runs.csv:2", "other data", "--sublinear-tf");
        assertArrayEquals(before, Files.readAllBytes(csv), "the search's record is left as it was");
    }

    @Test
    void searchRefusesOptionsThatApplyToOneRun() {
        assertEquals(1, Main.run(args("--runs", "2", "--checkpoint-every", "1", "--save", dir.resolve("m").toString())));
        assertOneErrorLine("--checkpoint-every");
        err.reset();
        assertEquals(1, Main.run(args("--runs", "-1")));
        assertOneErrorLine("--runs");
        err.reset();
        assertEquals(1, Main.run(args("--runs", "2", "--parallel-runs", "-1", "--runs-csv", dir.resolve("x.csv").toString())));
        assertOneErrorLine("--parallel-runs");
        err.reset();
        assertEquals(1, Main.run(args("--search-seconds", "10")));
        assertOneErrorLine("--search-seconds");
        err.reset();
        assertEquals(1, Main.run(args("--runs", "2", "--search-seconds", "-1", "--runs-csv", dir.resolve("y.csv").toString())));
        assertOneErrorLine("--search-seconds");
    }

    @Test
    void aSearchOutOfTimeKeepsItsRunsAndResumeFinishesIt() throws Exception {
        Path csv = dir.resolve("timed.csv");
        // a budget far shorter than one run: one run starts, no second one does
        assertEquals(0, Main.run(args("--runs", "3", "--runs-csv", csv.toString(), "--parallel-runs", "1", "--search-seconds", "0.001")), err());
        assertTrue(out().contains("2 of 3 runs left"), out());
        assertTrue(out().contains("\nbest run 1 of the 1 trained (3 requested; --search-seconds ran out): validation P@100 "), out());
        assertEquals(2, Files.readAllLines(csv).size(), "header and run 1");
        out.reset();
        assertEquals(0, Main.run(args("--runs", "3", "--resume", csv.toString(), "--parallel-runs", "1")), err());
        assertEquals(4, Files.readAllLines(csv).size());
        assertTrue(out().lines().anyMatch(l -> l.matches("best run [123] of 3: validation P@100 .*")), out());
    }
}
