package ammi.model;

import ammi.util.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunsCsvTest {
    @TempDir
    Path dir;

    /** What the runs of these searches trained on, as SearchRuns writes it. */
    static final String DATA = "bbc " + ammi.data.DataOptions.defaults().toFlags();

    static GridSearch search(long seed) {
        return new GridSearch(SearchGridTest.base(), Set.of("--batch-size"), seed, 5);
    }

    @Test
    void writtenRunsReadBackExactly() throws Exception {
        GridSearch s = search(9);
        List<GridSearch.Run> runs = List.of(
                new GridSearch.Run(3, s.config(3), 61.234567890123456, 48.5, 59.1, 7, 4, 12.5, "no improvement for 4 epochs, more than --patience 3 tolerates"),
                new GridSearch.Run(1, s.config(1), Double.NaN, Double.NaN, Double.NaN, 1, 0, 0.25, "loss became NaN, at \"epoch\" 1"));
        Path file = dir.resolve("runs.csv");
        RunsCsv.write(file, runs, DATA);
        List<String> lines = Files.readAllLines(file);
        assertEquals(String.join(",", RunsCsv.HEADER), lines.get(0));
        assertTrue(lines.get(1).startsWith("1,"), "sorted by run: " + lines.get(1));
        assertTrue(lines.get(1).contains("\"loss became NaN, at \"\"epoch\"\" 1\""), "RFC 4180 quoting: " + lines.get(1));
        for (String line : lines.subList(1, 3)) { // settings as the paper writes them: 0.0001, not 1.0E-4
            for (String cell : RunsCsv.parse(line).subList(0, 12)) assertTrue(cell.matches("[0-9.]+|yes|no"), cell + " in " + line);
        }

        List<GridSearch.Run> back = RunsCsv.read(file, s::config, DATA);
        assertEquals(2, back.size());
        GridSearch.Run r3 = back.get(1);
        assertEquals(3, r3.index());
        assertEquals(61.234567890123456, r3.valPrecision(), 0.0);
        assertEquals(48.5, r3.stoppingScore(), 0.0);
        assertEquals(59.1, r3.testPrecision(), 0.0);
        assertEquals(7, r3.epochs());
        assertEquals(4, r3.bestEpoch());
        assertEquals("no improvement for 4 epochs, more than --patience 3 tolerates", r3.stopReason());
        assertEquals(s.config(3).toFlags(), r3.config().toFlags());
        assertTrue(back.get(0).diverged());
        assertEquals(RunsCsv.format(runs, DATA), RunsCsv.format(back, DATA), "a read file writes back the same");
    }

    @Test
    void rowsOfAnotherSearchAreRefused() {
        Path file = dir.resolve("runs.csv");
        RunsCsv.write(file, List.of(new GridSearch.Run(2, search(9).config(2), 50, 50, 50, 1, 1, 1, "reached --epochs 1")), DATA);
        UserError e = assertThrows(UserError.class, () -> RunsCsv.read(file, search(10)::config, DATA));
        assertTrue(e.getMessage().contains("runs.csv:2") && e.getMessage().contains("--search-seed"), e.getMessage());
    }

    /**
     * Runs stopped on the plain validation score cannot be ranked against runs stopped with
     * --val-distractors (a lower score by construction): resuming one with the other is refused.
     */
    @Test
    void rowsStoppedOnAnotherScoreAreRefused() {
        Path file = dir.resolve("runs.csv");
        RunsCsv.write(file, List.of(new GridSearch.Run(2, predictiveSearch(false).config(2), 95, 95, 70, 1, 1, 1, "reached --epochs 1")), DATA);
        assertEquals(1, RunsCsv.read(file, predictiveSearch(false)::config, DATA).size());
        UserError e = assertThrows(UserError.class, () -> RunsCsv.read(file, predictiveSearch(true)::config, DATA));
        assertTrue(e.getMessage().contains("runs.csv:2") && e.getMessage().contains("--val-distractors"), e.getMessage());
    }

    private static GridSearch predictiveSearch(boolean valDistractors) {
        AmmiConfig base = SearchGridTest.base();
        base.predictive = true;
        base.valDistractors = valDistractors;
        return new GridSearch(base, Set.of("--batch-size"), 9, 5);
    }

    @Test
    void aFileThatIsNotARunsCsvIsRefused() throws Exception {
        Path file = dir.resolve("other.csv");
        Files.writeString(file, "a,b,c\n1,2,3\n");
        UserError e = assertThrows(UserError.class, () -> RunsCsv.read(file, search(9)::config, DATA));
        assertTrue(e.getMessage().contains("not a runs file"), e.getMessage());
    }

    /** A binary file (a checkpoint given to --resume by mistake) is named as such, not by the decoder's "Input length = 1". */
    @Test
    void aBinaryFileIsRefusedAsNotText() throws Exception {
        Path file = dir.resolve("loop.ckpt");
        Files.write(file, new byte[] {'A', 'M', 'M', 'I', (byte) 0xFF, (byte) 0xFE, 0, 1, '\n'});
        UserError e = assertThrows(UserError.class, () -> RunsCsv.read(file, search(9)::config, DATA));
        assertEquals(file + ": not UTF-8 text (expected the CSV that train --runs writes)", e.getMessage());
    }

    /** Runs on another corpus or with other data options (here another vocabulary size) are not ranked with these. */
    @Test
    void rowsTrainedOnOtherDataAreRefused() {
        Path file = dir.resolve("runs.csv");
        RunsCsv.write(file, List.of(new GridSearch.Run(2, search(9).config(2), 50, 50, 50, 1, 1, 1, "reached --epochs 1")), DATA);
        String other = "bbc " + ammi.data.DataOptions.defaults().withVocabSize(5000).toFlags();
        UserError e = assertThrows(UserError.class, () -> RunsCsv.read(file, search(9)::config, other));
        assertTrue(e.getMessage().contains("runs.csv:2") && e.getMessage().contains("other data") && e.getMessage().contains("--vocab-size 5000"),
                e.getMessage());
        assertThrows(UserError.class, () -> RunsCsv.read(file, search(9)::config, "reuters " + ammi.data.DataOptions.defaults().toFlags()));
    }

    /** A file written before the data column resumes without that check and is written back with it. */
    @Test
    void aFileWithoutTheDataColumnResumes() throws Exception {
        GridSearch s = search(9);
        GridSearch.Run run = new GridSearch.Run(2, s.config(2), 71.5, 70.0, 70.25, 9, 6, 3.5, "reached --epochs 9");
        String[] rows = RunsCsv.format(List.of(run), DATA).split("\n");
        List<String> cells = RunsCsv.parse(rows[1]);
        Path file = dir.resolve("before-data.csv");
        Files.writeString(file, String.join(",", RunsCsv.HEADER_WITHOUT_DATA) + "\n"
                + rows[1].substring(0, rows[1].length() - cells.get(cells.size() - 1).length() - 1) + "\n");
        List<GridSearch.Run> back = RunsCsv.read(file, s::config, "any data: not checked");
        assertEquals(1, back.size());
        assertEquals(70.0, back.get(0).stoppingScore(), 0.0);
        assertEquals(RunsCsv.format(List.of(run), DATA), RunsCsv.format(back, DATA));
    }

    @Test
    void quotedCellsParse() {
        assertEquals(List.of("a", "b,c", "d\"e", ""), RunsCsv.parse("a,\"b,c\",\"d\"\"e\","));
    }

    /** A file written before the val_stopping column reads with the stopping score equal to validation, and writes back with the column. */
    @Test
    void aFileWithoutTheStoppingColumnReadsWithTheValidationScore() throws Exception {
        GridSearch s = search(9);
        GridSearch.Run run = new GridSearch.Run(2, s.config(2), 71.5, 71.5, 70.25, 9, 6, 3.5, "reached --epochs 9");
        List<String> cells = new java.util.ArrayList<>(RunsCsv.parse(RunsCsv.format(List.of(run), DATA).split("\n")[1]));
        cells.remove(cells.size() - 1); // no data column either: it came later
        int stopping = RunsCsv.HEADER.indexOf("val_stopping");
        cells.remove(stopping);
        Path file = dir.resolve("old.csv");
        Files.writeString(file, String.join(",", RunsCsv.HEADER_WITHOUT_STOPPING) + "\n" + String.join(",", cells.subList(0, cells.size() - 1))
                + ",\"" + cells.get(cells.size() - 1) + "\"\n");
        List<GridSearch.Run> back = RunsCsv.read(file, s::config, DATA);
        assertEquals(1, back.size());
        assertEquals(71.5, back.get(0).stoppingScore(), 0.0);
        assertEquals(70.25, back.get(0).testPrecision(), 0.0);
        assertEquals(6, back.get(0).bestEpoch());
        assertEquals("reached --epochs 9", back.get(0).stopReason());
        assertEquals(RunsCsv.format(List.of(run), DATA), RunsCsv.format(back, DATA));
    }

    /** With --val-distractors a run's stopping score is not its plain validation score: the search ranks by the former. */
    @Test
    void runsRankByTheirStoppingScore() {
        GridSearch s = search(9);
        GridSearch.Run highPlain = new GridSearch.Run(1, s.config(1), 97.0, 80.0, 70.0, 9, 6, 1, "reached --epochs 9");
        GridSearch.Run highStopping = new GridSearch.Run(2, s.config(2), 95.0, 84.0, 71.0, 9, 6, 1, "reached --epochs 9");
        assertEquals(2, java.util.stream.Stream.of(highPlain, highStopping).min(GridSearch.BETTER_FIRST).orElseThrow().index());
    }
}
